"""`homeward bench subsidies`: the eligibility scan of many people and a large payment batch,
each beside its baseline, in the same run.

1. The scan: a facts table of `people` people (default 1,000,000; generated, seeded — the
   facts a scan reads: returned, hired locally, status, contract, certificate, age, …; a third
   in 湘乡, the rest in 宿迁) against every shipped person policy (`seeds.POLICIES`): the engine
   (`vector.decide`: the policies' expression text, parsed by rule-engine and walked into numpy,
   with rule-engine's null and error semantics, plus the area check) beside the same conditions
   written by hand as numpy boolean masks over the same columns. Both must give the same people
   (checked). For scale, the one-by-one path (`eligibility.evaluate`, which also writes each
   condition's explanation) is timed on a sample and extrapolated.
2. The batch: `payments` (default 50,000) ready entitlements of a scratch village paid by
   `services.build_batch` (the fund's lock, compliance re-checked for each in bulk, the earlier
   attempts read in one query, the instructions written in one COPY on PostgreSQL, the
   entitlements moved on in one UPDATE, the bank file written and encrypted) beside a plain
   `bulk_create` of the same payment rows. `--people 0` runs this part only. Everything the benchmark made is deleted at the
   end except the audit rows its batches wrote (the audit trail is append-only).

Figures are medians of `repeat` runs.
"""

from __future__ import annotations

import datetime
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

import numpy as np

from . import eligibility, vector

Write = Callable[[str], None]
WINDOW = {"window_start": datetime.date(2026, 1, 1), "window_end": datetime.date(2027, 12, 31)}
STATUSES = np.array(
    ["local_employed", "out_migrant", "returned_unemployed", "returned_entrepreneur", "unemployed"]
)
BOOLS = {"was_out_migrant", "hired_locally", "is_low_income", "on_public_post", "still_employed"}
DATES = {"returned_on"}
INTS = {"contract_months", "months_employed", "certificate_level", "claims_of_policy", "age"}
STRS = {"region", "status", "gender"}


def kinds_of(table: dict) -> dict:
    """The walker's kind of each generated column (rule-engine keeps booleans, numbers and
    dates apart)."""
    return {
        name: "bool"
        if name in BOOLS
        else "date"
        if name in DATES
        else "str"
        if name in STRS
        else "num"
        for name in table
    }


def person_policies() -> dict:
    from .seeds import POLICIES

    return {
        p["code"]: {"region": p["region"], "conditions": p["version"]["conditions"]}
        for p in POLICIES
        if p.get("beneficiary", "person") == "person"
    }


def facts_table(people: int, *, seed: int = 12, today: datetime.date):
    """(columns, rows): the generated facts as numpy columns, and `rows`, the same people as
    the dicts `eligibility.evaluate` reads (made on demand)."""
    rng = np.random.default_rng(seed)

    def maybe(values, share_null):
        values = values.astype(np.float64)
        values[rng.random(people) < share_null] = np.nan
        return values

    base = today.toordinal()
    table = {
        "region": np.where(rng.random(people) < 0.33, "430381001001", "321302001001"),
        "status": STATUSES[rng.integers(0, len(STATUSES), people)],
        "gender": np.where(rng.random(people) < 0.5, "male", "female"),
        "was_out_migrant": (rng.random(people) < 0.6).astype(np.float64),
        "returned_on": maybe(base - rng.integers(0, 1200, people), 0.4),
        "hired_locally": (rng.random(people) < 0.3).astype(np.float64),
        "is_low_income": (rng.random(people) < 0.1).astype(np.float64),
        "on_public_post": maybe((rng.random(people) < 0.05).astype(np.float64), 0.5),
        "still_employed": maybe((rng.random(people) < 0.8).astype(np.float64), 0.5),
        "contract_months": maybe(rng.choice([3, 6, 12, 24, 36], people), 0.5),
        "months_employed": maybe(rng.integers(0, 30, people), 0.5),
        "certificate_level": maybe(rng.integers(1, 6, people), 0.8),
        "claims_of_policy": rng.integers(0, 4, people).astype(np.float64),
        "age": rng.integers(16, 70, people).astype(np.float64),
        "base_amount": maybe(rng.random(people) * 5000, 0.9),
    }
    return table, _Rows(table, people)


class _Rows:
    def __init__(self, table, n):
        self.table, self.n = table, n

    def __len__(self):
        return self.n

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.n))]
        row = {}
        for name, values in self.table.items():
            value = values[index]
            if name in STRS:
                row[name] = None if value == vector.STR_NULL else str(value)
            elif np.isnan(value):
                row[name] = None
            elif name in BOOLS:
                row[name] = bool(value)
            elif name in DATES:
                row[name] = datetime.date.fromordinal(int(value))
            elif name in INTS:
                row[name] = int(value)
            else:
                row[name] = float(value)
        return row


def hand_masks(t: dict, s: dict) -> dict:
    """The shipped person policies' conditions written by hand in numpy (the baseline)."""
    ws, we = (float(s[k].toordinal()) for k in ("window_start", "window_end"))
    suqian = np.char.startswith(t["region"], "3213")
    xiangxiang = np.char.startswith(t["region"], "430381")
    returned = (
        (t["was_out_migrant"] == 1)
        & (t["returned_on"] >= ws)
        & (t["returned_on"] <= we)
        & ((t["hired_locally"] == 1) | (t["status"] == "local_employed"))
    )
    entrepreneur = t["status"] == "returned_entrepreneur"
    level = t["certificate_level"]
    age, female, male = t["age"], t["gender"] == "female", t["gender"] == "male"
    return {
        "SQ-RETURN-500": suqian & returned,
        "SQ-TRANSPORT-50": suqian & returned,
        "XX-AMBASSADOR-300": xiangxiang
        & (t["contract_months"] >= 12)
        & (t["months_employed"] >= 6),
        "SQ-STARTUP": suqian & (t["was_out_migrant"] == 1) & entrepreneur,
        "SQ-TRAINING-CERT": suqian & (level >= 3) & (level <= 5) & (t["claims_of_policy"] < 3),
        "SQ-PUBLIC-POST": suqian
        & ((t["is_low_income"] == 1) | (female & (age >= 45)) | (male & (age >= 50)))
        & (age <= 60)
        & (t["on_public_post"] == 1),
        "SQ-LOAN-INTEREST": suqian & entrepreneur & (t["base_amount"] > 0),
    }


def engine_masks(t: dict, s: dict, policies: dict) -> dict:
    """The scan's engine: each policy's conditions from their text, over the table, and the
    policy's area (one mask per distinct area)."""
    n = len(t["region"])
    out, areas, kinds = {}, {}, kinds_of(t)
    for code, spec in policies.items():
        if spec["region"] not in areas:
            areas[spec["region"]] = np.char.startswith(t["region"], spec["region"])
        eligible, _lines = vector.decide(spec["conditions"], t, s, n, kinds=kinds)
        out[code] = eligible & areas[spec["region"]]
    return out


def bench_scan(write: Write, *, people: int, repeat: int, sample: int = 20_000) -> dict:
    today = datetime.date(2026, 12, 2)
    policies = person_policies()
    started = time.perf_counter()
    table, rows = facts_table(people, today=today)
    write(
        f"  scan: {people:,} people × {len(policies)} shipped person policies "
        f"(facts table generated in {time.perf_counter() - started:.1f} s)"
    )
    engine_s, hand_s = [], []
    for _run in range(repeat):
        started = time.perf_counter()
        engine = engine_masks(table, WINDOW, policies)
        engine_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        hand = hand_masks(table, WINDOW)
        hand_s.append(time.perf_counter() - started)
    same = all(np.array_equal(engine[c], hand[c]) for c in policies)
    found = sum(int(m.sum()) for m in engine.values())
    sample = min(sample, people)
    started = time.perf_counter()
    one_by_one = 0
    for i in range(sample):
        row = {**rows[i], **WINDOW}
        for spec in policies.values():
            if row["region"].startswith(spec["region"]):
                one_by_one += eligibility.evaluate(spec["conditions"], row).eligible
    per_row_s = (time.perf_counter() - started) / sample
    agrees = one_by_one == sum(int(m[:sample].sum()) for m in engine.values())
    e, h = statistics.median(engine_s), statistics.median(hand_s)
    write(f"    engine (policies as data, vectorised) {e:8.3f} s   {found:,} eligible pairs")
    write(f"    hand-written numpy masks              {h:8.3f} s   same people: {same}")
    write(f"    engine / hand = {e / h:.2f}   (aim ≤ 3)")
    write(
        f"    one by one with explanations: {per_row_s * 1e6:.0f} µs a person on {sample:,} "
        f"(agrees: {agrees}) → {per_row_s * people:,.0f} s for {people:,}"
    )
    return {"engine_s": e, "hand_s": h, "ratio": e / h, "same": same and agrees}


def bench_batch(write: Write, *, payments: int, repeat: int) -> dict:
    from homeward.campaigns.bench import _database, _drop_scratch, _scratch_area, _scratch_workers
    from homeward.regions.models import Region
    from homeward.workers.models import Worker

    from .models import Entitlement, Payment, PaymentBatch

    county = Region.tree.filter(code="321302").first() or Region.tree.filter(level="county").first()
    if county is None:
        raise ValueError("no county in this database: load the regions first")
    write(f"  batch: {payments:,} payments on {_database()} in a scratch village of {county.code}")
    from .models import Policy

    for left in Policy._base_manager.filter(code="BENCH-POLICY"):  # left by a killed run
        _drop_policy(left)
    village = _scratch_area(county)
    policy = None
    build_s, plain_s = [], []
    try:
        started = time.perf_counter()
        _scratch_workers(village, payments)
        Worker._base_manager.filter(region=village).update(status="local_employed")
        policy = _scratch_policy(village)
        _scratch_entitlements(policy, village)
        _analyze()
        write(
            f"    setup: {payments:,} workers and ready entitlements in "
            f"{time.perf_counter() - started:.1f} s"
        )
        for run in range(1, repeat + 1):
            started = time.perf_counter()
            batch = _build(policy, village, run)
            build_s.append(time.perf_counter() - started)
            _analyze()  # (untimed) the fresh payments' statistics, for the reads below
            made = Payment._base_manager.filter(batch=batch).count()
            rows = list(
                Payment._base_manager.filter(batch=batch).values(
                    "entitlement_id", "region_id", "content_hash", "amount", "payee", "bank_name"
                )
            )
            accounts = dict(
                Entitlement._base_manager.filter(policy=policy).values_list("pk", "bank_account")
            )
            _reset(policy)
            plain = PaymentBatch(fund=policy.fund, region_id=village.code, period="2099-12")
            plain.save()
            objects = [
                Payment(
                    batch=plain,
                    attempt=1,
                    idempotency_key=f"plain-{run}-{r['entitlement_id']}",
                    reference=f"PL{run}{r['entitlement_id']:012d}",
                    bank_account=accounts[r["entitlement_id"]],
                    **r,
                )
                for r in rows
            ]
            started = time.perf_counter()
            Payment._base_manager.bulk_create(objects, batch_size=2000)
            plain_s.append(time.perf_counter() - started)
            _analyze()
            _reset(policy)
            write(
                f"    run {run}: build_batch {made:,} in {build_s[-1]:.2f} s; "
                f"bulk_create {len(objects):,} in {plain_s[-1]:.2f} s; "
                f"ratio {build_s[-1] / plain_s[-1]:.2f}"
            )
    finally:
        if policy is not None:
            _drop_policy(policy)
        _drop_scratch(village)
    b, p = statistics.median(build_s), statistics.median(plain_s)
    write(f"    build_batch        {b:8.2f} s   {payments / b:>10,.0f} payments/s")
    write(f"    plain bulk_create  {p:8.2f} s   {payments / p:>10,.0f} rows/s")
    # Each run's ratio: the two halves of a run share the machine's load at that moment.
    ratio = statistics.median(x / y for x, y in zip(build_s, plain_s, strict=True))
    write(f"    build / plain = {b / p:.2f}; median of the runs' ratios {ratio:.2f}   (aim ≤ 2)")
    return {"build_s": b, "plain_s": p, "ratio": b / p, "run_ratio": ratio}


def _analyze() -> None:
    """On PostgreSQL, VACUUM ANALYZE the tables a run fills and empties (untimed): with the
    statistics of an empty payments table, the reset's join planned a nested loop over 50,000 ×
    50,000 rows (20 minutes here); and each run should not walk the garbage of the one before."""
    from django.db import connection

    from .models import Entitlement, Payment

    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in (Entitlement, Payment):
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _scratch_policy(village):
    from .models import Fund, Policy, PolicyVersion
    from .seeds import STILL_LOCAL

    fund = Fund(
        code="BENCH-FUND",
        name="基准测试资金",
        region_id=village.code,
        budget_cap=Decimal("99999999"),
    )
    fund.save()
    policy = Policy(
        code="BENCH-POLICY",
        name="基准测试补贴",
        legal_basis="基准测试",
        region_id=village.code,
        fund=fund,
    )
    policy.save()
    PolicyVersion(
        policy=policy,
        number=1,
        status="published",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2030, 12, 31),
        amount=Decimal("500"),
        conditions=[],
        compliance=STILL_LOCAL,
        approval_levels=1,
        notice_days=0,
    ).save()
    return policy


def _scratch_entitlements(policy, village) -> None:
    from homeward.workers.models import Worker

    from .models import Entitlement

    version = policy.versions.get()
    ids = list(Worker._base_manager.filter(region=village).values_list("pk", flat=True))
    rows = [
        Entitlement(
            policy=policy,
            version=version,
            worker_id=pk,
            beneficiary_key=f"w{pk}",
            region_id=village.code,
            amount=Decimal("500"),
            status="ready",
            via="staff",
            bank_name="农业银行",
            bank_account=_card(pk),
            facts={"status": "local_employed"},
        )
        for pk in ids
    ]
    Entitlement._base_manager.bulk_create(rows, batch_size=2000)


def _card(pk: int) -> str:
    body = f"622848{pk % 10**12:012d}"
    total = 0
    for i, d in enumerate(reversed([int(c) for c in body])):
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


def _build(policy, village, run):
    from .services import build_batch

    return build_batch(policy.fund, village.code, f"2099-{run:02d}", by=None)


def _reset(policy) -> None:
    from .models import Decision, Entitlement, Payment, PaymentBatch

    Payment._base_manager.filter(entitlement__policy=policy).delete()
    PaymentBatch._base_manager.filter(fund=policy.fund).delete()
    Decision._base_manager.filter(entitlement__policy=policy).delete()
    Entitlement._base_manager.filter(policy=policy).update(status="ready")


def _drop_policy(policy) -> None:
    from .models import Entitlement, Fund, Policy, PolicyVersion

    _reset(policy)
    Entitlement._base_manager.filter(policy=policy).delete()
    PolicyVersion._base_manager.filter(policy=policy).delete()
    Policy._base_manager.filter(pk=policy.pk).delete()
    Fund._base_manager.filter(pk=policy.fund_id).delete()


def bench_subsidies(write: Write, *, people: int, payments: int, repeat: int) -> dict:
    from homeward.scoping import unscoped

    write(f"subsidies benchmark: median of {repeat}")
    scan = bench_scan(write, people=people, repeat=repeat) if people else None
    with unscoped():
        batch = bench_batch(write, payments=payments, repeat=repeat) if payments else None
    return {"scan": scan, "batch": batch}
