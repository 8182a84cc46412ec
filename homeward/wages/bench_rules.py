"""`homeward bench wages`, the database-free parts. Pure: no Django.

1. The nine rules over city-size books — by default 2,000 projects × 100,000 workers × 12
   months (about 1.1 million attendance rows and a million payments; generated, seeded: most
   months paid on time and in full, and a few per cent of each fault the rules look for: late,
   missing, partial, over the cap, outside the special account, leavers and ended projects left
   unpaid) — by `rules.evaluate`, beside the same nine rules written directly in pandas
   over the same rows in the same run. Both must find the same warnings (checked, by
   rule). The minimum wage is one figure for both (the table lookup is not what is timed).
2. The risk score's AUC on the held-out seeds of `risk_synth`, beside the project's past
   warnings count alone (the baseline).

Figures are medians of `repeat` runs.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import numpy as np

from . import risk, risk_synth, rules

Write = Callable[[str], None]
AS_OF = date(2027, 2, 15)
MINIMUM = Decimal(2000)


def city_books(projects: int = 2000, workers: int = 100_000, months: int = 12, seed: int = 14):
    """(Books, columns): the generated books, and the same rows as numpy columns for the
    dataframe baseline. Rows go straight into the Books' lists (they hold whole numbers)."""
    rng = np.random.default_rng(seed)
    first = rules.month_index(2026, 1)
    worker_project = rng.integers(0, projects, workers)
    books = rules.Books()
    as_of = rules._day(AS_OF)
    ended = rng.random(projects) < 0.08
    end_day = np.where(ended, as_of - rng.integers(1, 60, projects), -1)
    for p in range(projects):
        books.add_project(
            p, region="321302", ended_on=rules._from_day(end_day[p]) if ended[p] else None
        )
    for w in range(workers):
        books._worker(w)
    day_based = rng.random(workers) < 0.6
    wage_fen = np.where(
        day_based, rng.integers(200, 400, workers) * 100, rng.integers(4000, 9000, workers) * 100
    )
    left = np.where(rng.random(workers) < 0.05, as_of - rng.integers(1, 40, workers), -1)
    for w in range(workers):
        books.roster[(int(worker_project[w]), w)] = (
            rules.DAY if day_based[w] else rules.MONTH,
            int(wage_fen[w]),
            int(left[w]),
        )
    # attendance: each worker attends each month with 85 %
    ww = np.repeat(np.arange(workers), months)
    mm = np.tile(np.arange(first, first + months), workers)
    keep = rng.random(len(ww)) < 0.85
    ww, mm = ww[keep], mm[keep]
    pp = worker_project[ww]
    days = rng.integers(10, 27, len(ww)) * 100
    att = np.stack([pp, ww, mm, days], axis=1).astype(np.int64)
    books.att = list(map(tuple, att.tolist()))
    # payments: 94 % paid; of those, amounts by the roster with faults
    deadline = rules._deadlines(mm)
    paid = rng.random(len(ww)) < 0.985
    due = np.where(
        day_based[ww], wage_fen[ww] * days // 100, wage_fen[ww] * np.minimum(days, 2175) // 2175
    )
    factor = np.where(rng.random(len(ww)) < 0.01, 0.8, 1.0)
    factor = np.where(rng.random(len(ww)) < 0.002, 2.5, factor)
    amount = (due * factor).astype(np.int64)
    late = rng.random(len(ww)) < 0.02
    paid_day = np.where(
        late, deadline + rng.integers(1, 30, len(ww)), deadline - rng.integers(0, 20, len(ww))
    )
    special = (rng.random(len(ww)) >= 0.01).astype(np.int64)
    pay = np.stack([pp, ww, mm, amount, paid_day, special], axis=1)[paid]
    books.pay = [(p, w, m, f, d, bool(s)) for p, w, m, f, d, s in pay.tolist()]
    columns = {
        "att": att,
        "pay": pay,
        "roster": np.stack(
            [worker_project, np.arange(workers), day_based.astype(np.int64), wage_fen, left], axis=1
        ),
        "end": end_day,
    }
    return books, columns


def engine(books) -> dict[str, int]:
    found = rules.evaluate(books, AS_OF, minimum=MINIMUM)
    counts: dict[str, int] = {}
    for w in found:
        counts[w.rule] = counts.get(w.rule, 0) + 1
    return counts


def pandas_rules(columns) -> dict[str, int]:
    """The nine rules written directly in pandas over the same columns (the baseline)."""
    import pandas as pd

    today = rules._day(AS_OF)
    att = pd.DataFrame(columns["att"], columns=["p", "w", "m", "days"])
    pay = pd.DataFrame(columns["pay"], columns=["p", "w", "m", "fen", "day", "special"])
    roster = pd.DataFrame(columns["roster"], columns=["p", "w", "by_day", "wage", "left"])
    pay = pay[pay["day"] <= today]
    att = att.drop_duplicates(["p", "w", "m"], keep="last")
    att = att[att["days"] > 0]
    months = np.unique(np.concatenate([att["m"].to_numpy(), pay["m"].to_numpy()]))
    deadline = pd.Series(rules._deadlines(months), index=months)
    att = att.assign(deadline=att["m"].map(deadline))
    agg = pay.groupby(["p", "w", "m"], as_index=False).agg(
        total=("fen", "sum"), first=("day", "min"), special=("special", "min")
    )
    a = att.merge(agg, on=["p", "w", "m"], how="left")
    a["paid"] = a["total"].notna()
    past = a["deadline"] < today
    counts = {}
    counts["no_pay"] = int((past & ~a["paid"]).sum())
    counts["paid_late"] = int((agg["first"] > agg["m"].map(deadline)).sum())
    gap = a[past].groupby(["p", "m"]).agg(attended=("paid", "size"), paid=("paid", "sum"))
    counts["headcount_gap"] = int((gap["attended"] > gap["paid"]).sum())
    paid_rows = a[a["paid"]].merge(roster[["p", "w", "by_day", "wage"]], on=["p", "w"], how="left")
    counts["below_minimum"] = int(
        (paid_rows["total"] * 2175 < rules._fen(MINIMUM) * paid_rows["days"]).sum()
    )
    has = paid_rows["wage"] > 0
    by_day = paid_rows["by_day"] == 1
    num = np.where(
        by_day,
        paid_rows["wage"] * paid_rows["days"],
        paid_rows["wage"] * np.minimum(paid_rows["days"], 2175),
    )
    den = np.where(by_day, 100, 2175)
    under = has & (paid_rows["total"] * den * 100 < 95 * num)
    counts["underpaid"] = int(under.sum())
    over = (has & (paid_rows["total"] * den > 2 * num)) | (paid_rows["total"] > 5_000_000)
    counts["outlier_sum"] = int(over.sum())
    counts["outside_account"] = int((agg["special"] == 0).sum())
    unpaid = a[~a["paid"]]
    leavers = roster[(roster["left"] >= 0) & (roster["left"] + 5 < today)]
    counts["leaver_unsettled"] = int(
        unpaid.merge(leavers[["p", "w"]], on=["p", "w"])[["p", "w"]].drop_duplicates().shape[0]
    )
    end = pd.Series(columns["end"])
    ended = end[(end >= 0) & (end + 15 < today)].index
    counts["ended_unsettled"] = int(unpaid.loc[unpaid["p"].isin(ended), "p"].nunique())
    return {k: v for k, v in counts.items() if v}


def _median(run, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def bench_rules(write: Write, *, projects: int, workers: int, months: int, repeat: int) -> None:
    write(
        f"wage rules: {projects:,} projects × {workers:,} workers × {months} months, as of {AS_OF}"
    )
    started = time.perf_counter()
    books, columns = city_books(projects, workers, months)
    write(
        f"  generated in {time.perf_counter() - started:.1f} s: {len(books.att):,} attendance rows, "
        f"{len(books.pay):,} payments"
    )
    # Millions of row tuples would be walked by every full collection of the cyclic GC while
    # either engine allocates: frozen out of it for both, as a long-lived worker would.
    gc.collect()
    gc.freeze()
    ours, found = _median(lambda: engine(books), repeat)
    write(f"  rules.evaluate (numpy):     median {ours:.2f} s")
    try:
        import pandas  # noqa: F401
    except ImportError:
        write("  pandas baseline: not run — pandas is not installed (not in the lock);")
        write("    `uv pip install pandas` into the environment to measure it")
        baseline = None
    else:
        baseline, theirs = _median(lambda: pandas_rules(columns), repeat)
        write(f"  the same rules in pandas:   median {baseline:.2f} s")
        write(f"  ratio engine / pandas:      {ours / baseline:.2f}× (aim ≤ 2×)")
        same = theirs == found
        write(f"  same warnings by rule:      {'yes' if same else 'NO'}")
        if not same:
            for rule in rules.RULES:
                if found.get(rule, 0) != theirs.get(rule, 0):
                    write(f"    {rule}: engine {found.get(rule, 0)}, pandas {theirs.get(rule, 0)}")
    for rule in rules.RULES:
        write(f"    {rule:<17} {found.get(rule, 0):>9,}")
    gc.unfreeze()


def bench_risk(write: Write, *, projects: int = 2000) -> None:
    write(
        f"risk score: AUC on the synthetic history (risk_synth; {projects:,} projects a seed, "
        f"weights set on seed {risk_synth.TUNING_SEED} only)"
    )
    write(f"  {'seed':<10}{'defaults':>9}{'score AUC':>11}{'warnings AUC':>14}")
    ours, base = [], []
    for seed in (risk_synth.TUNING_SEED, *risk_synth.HELD_OUT_SEEDS):
        history = risk_synth.history(projects, seed)
        labels = [d for _s, d in history]
        a = risk.auc([risk.score(s).value for s, _d in history], labels)
        b = risk.auc([s.warnings for s, _d in history], labels)
        tag = f"{seed} (tuning)" if seed == risk_synth.TUNING_SEED else f"{seed}"
        write(f"  {tag:<10}{sum(labels):>9}{a:>11.3f}{b:>14.3f}")
        if seed != risk_synth.TUNING_SEED:
            ours.append(a)
            base.append(b)
    write(
        f"  held-out median: score {statistics.median(ours):.3f}, "
        f"warnings count alone {statistics.median(base):.3f}"
    )
