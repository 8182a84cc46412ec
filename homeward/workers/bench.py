"""The registry benchmark: ledger import throughput and list-page latency, measured on the
current database (`homeward bench registry`).

Every figure printed is measured in the run that prints it. Import is compared with a baseline
on the same file — python-calamine reading the raw sheet, the least any import must do — and the
list page is requested through Django's test client as a city's staff user, so the middleware,
area scoping, form, paginator, template and decryption are all in the time.
"""

from __future__ import annotations

import math
import random
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from homeward.accounts.models import Role, User
from homeward.core.excel import workbook_bytes
from homeward.regions.loader import SEED_AREAS
from homeward.regions.models import Level, Region
from homeward.scoping import limit_to_area, unscoped

from . import synthetic, vocab
from .importer import import_ledger
from .ledger import MAX_ROWS
from .models import Worker

CITY_SIZE = 100_000  # fewer workers than this, and the figures say little about a city
LEDGER_SEED = 2024  # not the demo data's seed: new people, as a new village ledger brings
BENCH_USER = "bench-city-staff"

# The export's layout without the village-code column, so that every row's village is found
# from its name by the resolver, as with a ledger typed by a village clerk.
LEDGER_HEADER = [
    "序号", "姓名", "身份证号", "性别", "出生日期", "联系电话", "所在村", "就业状态", "务工地域",
    "务工地点", "务工单位", "从事工种", "技能特长", "文化程度", "月收入", "期望月薪", "就业意向",
    "培训意愿", "服务需求", "低收入类别", "同意接收信息", "返乡时间", "备注",
]  # fmt: skip

Write = Callable[[str], None]


def _word(vocabulary: dict[str, list[str]], code: str) -> str:
    return vocabulary[code][0] if code else ""


def _ledger_row(n: int, person: dict, village_text: str) -> list:
    needs = [c for c in person["service_needs"].split(",") if c]
    return [
        n,
        person["name"],
        person["id_number"],
        "男" if person["gender"] == "male" else "女",
        person["birth_date"],
        person["phone"],
        village_text,
        _word(vocab.EMPLOYMENT_STATUS, person["status"]),
        _word(vocab.WORK_SCOPE, person["work_scope"]),
        person["work_place"],
        person["employer_name"],
        person["occupation_text"],
        person["skills"],
        _word(vocab.EDUCATION, person["education"]),
        int(person["monthly_income"]) if person["monthly_income"] is not None else None,
        int(person["expected_wage"]) if person["expected_wage"] is not None else None,
        _word(vocab.INTENTION, person["intention"]),
        person["training_wish"],
        "、".join(vocab.SERVICE_NEEDS[c][0] for c in needs),
        _word(vocab.LOW_INCOME, person["low_income"]),
        "是" if person["consents_to_contact"] else "否",
        person["returned_on"],
        "",
    ]


def write_ledger(path: Path, county: Region, rows: int, *, seed: int = LEDGER_SEED) -> int:
    """A ledger of `rows` synthetic people of `county`'s villages, villages written as text."""
    villages = list(
        Region.tree.filter(code__startswith=county.code, level=Level.VILLAGE)
        .select_related("parent")
        .order_by("code")
    )
    if not villages:
        raise ValueError(f"no villages loaded under {county.code}")
    names = {v.code: f"{v.parent.name if v.parent_id else ''}{v.name}" for v in villages}
    per_village = math.ceil(rows / len(villages))
    people = synthetic.people([v.code for v in villages], per_village, seed=seed)
    lines = (
        _ledger_row(n, person, names[person["region_id"]])
        for n, person in enumerate(islice(people, rows), 1)
    )
    content = workbook_bytes(
        lines,
        title=f"{county.full_name()}农民工就业情况台账",
        subtitle="填报单位：（基准测试）    填报日期：",
        header=LEDGER_HEADER,
        sheet_name="台账",
    )
    path.write_bytes(content)
    return rows


def _rate(rows: int, seconds: float) -> str:
    return f"{rows / seconds:>10,.0f} rows/s  ({seconds:.2f} s)"


def _seed_county() -> Region:
    """The county of the seed areas with the most villages loaded."""
    best, best_count = None, -1
    for area in SEED_AREAS:
        low_level = Region.tree.filter(code=area).values_list("level", flat=True).first()
        counties = (
            [area]
            if low_level == Level.COUNTY
            else list(
                Region.tree.filter(code__startswith=area, level=Level.COUNTY).values_list(
                    "code", flat=True
                )
            )
        )
        for code in counties:
            n = Region.tree.filter(code__startswith=code, level=Level.VILLAGE).count()
            if n > best_count:
                best, best_count = code, n
    if best is None or best_count <= 0:
        raise ValueError("no seed county with villages: run `homeward demo` first")
    return Region.tree.get(code=best)


def bench_import(write: Write, *, rows: int, repeat: int) -> None:
    if rows > MAX_ROWS:
        raise ValueError(f"--rows: the import takes at most {MAX_ROWS:,} rows a file")
    county = _seed_county()
    write(f"\n== ledger import: {rows:,} rows of {county.full_name()} ({county.code}) ==")
    with tempfile.TemporaryDirectory(prefix="homeward-bench-") as folder:
        path = Path(folder) / "bench-ledger.xlsx"
        # The same ledger every run (same county, rows and seed): kept between runs, since
        # writing it with openpyxl takes longer than everything measured.
        kept = (
            Path(tempfile.gettempdir()) / f"homeward-bench-{county.code}-{rows}-{LEDGER_SEED}.xlsx"
        )
        started = time.perf_counter()
        if kept.exists():
            path.write_bytes(kept.read_bytes())
            how = "the one kept from an earlier run"
        else:
            write_ledger(path, county, rows)
            kept.write_bytes(path.read_bytes())
            how = "written with openpyxl, not timed below"
        seconds = time.perf_counter() - started
        write(f"  ledger ({how}): {path.stat().st_size / 2**20:.1f} MiB in {seconds:.1f} s")

        from python_calamine import CalamineWorkbook

        reads = []
        for _ in range(max(1, repeat)):
            started = time.perf_counter()
            sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
            reads.append(time.perf_counter() - started)
        raw = statistics.median(reads)
        data_rows = len(sheet) - 3  # title, subtitle, header
        write(f"  baseline  calamine raw read    {_rate(data_rows, raw)}  median of {len(reads)}")

        with unscoped():
            before = Worker._base_manager.count()
            dries, reals = [], []
            for _ in range(max(1, repeat)):
                started = time.perf_counter()
                report = import_ledger(path, path.name, region=county.code, dry_run=True)
                dries.append(time.perf_counter() - started)
            dry = statistics.median(dries)
            write(
                f"  import    dry run              {_rate(rows, dry)}  ×{dry / raw:.1f} raw read"
                f"  median of {len(dries)}"
            )
            write(f"            outcomes: {_counts(report)}")

            for _ in range(max(1, repeat)):
                started = time.perf_counter()
                with transaction.atomic():
                    report = import_ledger(path, path.name, region=county.code)
                    reals.append(time.perf_counter() - started)
                    transaction.set_rollback(True)
            real = statistics.median(reals)
            write(
                f"  import    committed, rolled back {_rate(rows, real)}  ×{real / raw:.1f} raw read"
                f"  median of {len(reals)}"
            )
            write(f"            outcomes: {_counts(report)}")
            after = Worker._base_manager.count()
        write(
            f"  database unchanged after the rollback: {'yes' if after == before else 'NO'}"
            f" ({before:,} → {after:,} workers)"
        )


def _counts(report) -> str:
    counts = report.counts
    return ", ".join(f"{k} {v:,}" for k, v in counts.items() if v)


@dataclass
class Case:
    label: str
    query: str


def _bench_user(city: Region) -> User:
    user = User.objects.filter(username=BENCH_USER).first()
    if user is None:
        user = User(username=BENCH_USER, last_name="基准", first_name="测试")
        user.set_unusable_password()
    user.region, user.role, user.is_active = city, Role.STAFF, True
    user.save()
    return user


def _busiest(codes: list[str]) -> str:
    """The code among `codes` with the most workers below it."""
    return max(codes, key=lambda code: limit_to_area(Worker._base_manager.all(), code).count())


def _cases(city: Region, rnd: random.Random) -> list[Case]:
    counties = list(
        Region.tree.filter(parent=city, level=Level.COUNTY).values_list("code", flat=True)
    )
    county = _busiest(counties) if counties else city.code
    in_city = limit_to_area(Worker._base_manager.exclude(phone_hash=""), city.code)
    top = in_city.order_by("-id").values_list("id", flat=True).first()
    sample = None
    while sample is None and top:
        sample = in_city.filter(id__gte=rnd.randint(1, top)).order_by("id").first()
    if sample is None:
        raise ValueError(f"no workers with a phone number in {city.code}")
    return [
        Case("no filter", ""),
        Case("status = out_migrant", "status=out_migrant"),
        Case(f"area = county {county}", f"area={county}"),
        Case("page 50", "page=50"),
        Case(f"name prefix “{sample.name[:2]}”", f"q={sample.name[:2]}"),
        Case("exact ID number", f"q={sample.id_number}"),
        Case("exact phone", f"q={sample.phone}"),
    ]


_COUNT = re.compile(r'data-testid="count">([^<]*)<')


def _shown_count(html: str) -> str:
    match = _COUNT.search(html)
    if not match:
        return "?"
    digits = re.sub(r"\D", "", match.group(1))
    return f"{int(digits):,}" if digits else "?"


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]  # nearest rank


def bench_list(write: Write, *, repeat: int) -> None:
    with unscoped():
        cities = [a for a in SEED_AREAS if len(a) == 4] or list(SEED_AREAS)
        city = Region.tree.get(code=_busiest(cities))
        user = _bench_user(city)
        in_area = limit_to_area(Worker._base_manager.all(), city.code).count()
        cases = _cases(city, random.Random(7))
    write(
        f"\n== worker list /workers/ as city staff of {city.full_name()} ({city.code}):"
        f" {in_area:,} workers in the area, {repeat} timed requests each after one warm-up =="
    )
    write(
        f"  {'case':<30} {'rows':>9} {'median ms':>10} {'p95 ms':>8} {'queries':>8} "
        f"{'sql ms':>7}  slowest query"
    )
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        client = Client()
        client.force_login(user)
        for case in cases:
            url = "/workers/" + (f"?{case.query}" if case.query else "")
            response = client.get(url)  # warm-up
            if response.status_code != 200:
                write(f"  {case.label:<30} HTTP {response.status_code} at {url}")
                continue
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
            slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
            write(
                f"  {case.label:<30} {_shown_count(response.content.decode()):>9} "
                f"{statistics.median(times):>10.1f} {_p95(times):>8.1f} "
                f"{len(queries.captured_queries):>8} {sql_ms:>7.1f}  "
                f"{float(slowest['time']) * 1000:.1f} ms {_sql_head(slowest['sql'])}"
            )


def _sql_head(sql: str) -> str:
    text = re.sub(r"\s+", " ", sql)
    select = re.match(r"SELECT (.{0,30}?)(?: FROM|,)", text)
    head = select.group(1) if select else text[:30]
    where = text.find(" WHERE ")
    tail = text[where : where + 60] if where >= 0 else ""
    return f"SELECT {head} …{tail}…"


def registry(write: Write, *, rows: int = 100_000, repeat: int = 5) -> None:
    with unscoped():
        total = Worker._base_manager.count()
    write(f"registry benchmark on {_database()}: {total:,} workers in the registry")
    if total < CITY_SIZE:
        write(
            f"  note: fewer than {CITY_SIZE:,} workers — figures say little about a city; "
            "`homeward demo --no-serve --size city` makes about a million"
        )
    bench_import(write, rows=rows, repeat=repeat)
    bench_list(write, repeat=repeat)


def _database() -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (version,) = cursor.fetchone()
    return f"{connection.vendor} {version}"
