"""`homeward bench wages`, the database part: a payroll import of `rows` rows (default 100,000)
through `services.import_sheet` — the sheet read and checked, each person found on the roster,
idempotence checked, every row appended to the hash-chained ledger with its ID and phone
encrypted — beside the raw read of the same .xlsx by python-calamine, in the same run.

Everything happens inside one transaction that is rolled back at the end: the ledger is
append-only (its triggers refuse DELETE), so a benchmark must never commit its rows. The scratch
town and village (`campaigns.bench._scratch_area`), its employer, project and roster go with it.
"""

from __future__ import annotations

import io
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from homeward.codes import idnumber
from homeward.scoping import area_scope

from .bench_rules import Write


class _Rollback(Exception):
    pass


def _ids(county: str, rows: int) -> list[str]:
    out, day = [], date(1970, 1, 1)
    while len(out) < rows:
        for sequence in range(500):
            out.append(idnumber.make(county, day, sequence, sequence % 2 == 0))
            if len(out) == rows:
                break
        day += timedelta(days=1)
    return out


def _sheet(ids: list[str]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(
        [
            "身份证号",
            "姓名",
            "工资月份",
            "发放日期",
            "出勤天数",
            "实发金额",
            "银行凭证号",
            "是否专户发放",
        ]
    )
    for n, number in enumerate(ids):
        sheet.append([number, f"工人{n}", "2026-03", "2026-04-10", 22, 6600, f"YH{n:08d}", "是"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bench_payroll(write: Write, *, rows: int, repeat: int) -> None:
    from python_calamine import CalamineWorkbook

    from homeward.campaigns.bench import _database, _scratch_area
    from homeward.employers.models import Employer
    from homeward.regions.models import Region

    from . import services
    from .models import PayrollEntry, Project, RosterEntry

    county = Region.tree.filter(code="321302").first() or Region.tree.filter(level="county").first()
    if county is None:
        raise ValueError("no county in this database: load the regions first")
    write(f"payroll import: {rows:,} rows on {_database()} (rolled back at the end)")
    started = time.perf_counter()
    ids = _ids(county.code, rows)
    data = _sheet(ids)
    write(f"  the .xlsx: {len(data) / 2**20:.1f} MB, made in {time.perf_counter() - started:.1f} s")
    raw_s, import_s, raw_cpu, import_cpu = [], [], [], []
    try:
        with transaction.atomic():
            village = _scratch_area(county)
            with area_scope(village.code):
                employer = Employer(
                    name="基准测试建筑公司",
                    uscc="91321302MA1BENCH0X",
                    region_id=village.code,
                )
                Employer.objects.bulk_create([employer])
                employer = Employer._base_manager.get(uscc="91321302MA1BENCH0X")
                project = Project(
                    code="BENCH-PAYROLL",
                    name="基准测试项目",
                    region_id=village.code,
                    owner="基准",
                    contractor=employer,
                    contract_value=Decimal(1),
                    start_on=date(2026, 1, 1),
                )
                project.save()
                started = time.perf_counter()
                RosterEntry.objects.bulk_create(
                    [
                        RosterEntry(
                            project=project,
                            name=f"工人{n}",
                            id_number=number,
                            wage_basis="month",
                            agreed_wage=Decimal(6600),
                            joined_on=date(2026, 1, 1),
                        )
                        for n, number in enumerate(ids)
                    ],
                    batch_size=2000,
                )
                write(f"  roster of {rows:,} in {time.perf_counter() - started:.1f} s")
                for run in range(1, repeat + 1):
                    started, cpu = time.perf_counter(), time.process_time()
                    book = CalamineWorkbook.from_object(io.BytesIO(data))
                    table = book.get_sheet_by_index(0).to_python()
                    raw_s.append(time.perf_counter() - started)
                    raw_cpu.append(time.process_time() - cpu)
                    try:
                        with transaction.atomic():
                            started, cpu = time.perf_counter(), time.process_time()
                            report = services.import_sheet(
                                project, "payroll", data, "payroll.xlsx", by=None
                            )
                            import_s.append(time.perf_counter() - started)
                            import_cpu.append(time.process_time() - cpu)
                            written = PayrollEntry._base_manager.filter(project=project).count()
                            raise _Rollback
                    except _Rollback:
                        pass
                    write(
                        f"  run {run}: raw read {len(table) - 1:,} rows in {raw_s[-1]:.2f} s; "
                        f"import {report.created:,} new ({written:,} in the ledger, "
                        f"{len(report.errors)} errors) in {import_s[-1]:.2f} s"
                    )
            raise _Rollback
    except _Rollback:
        pass
    raw, imported = statistics.median(raw_s), statistics.median(import_s)
    write(f"  raw calamine read   {raw:8.2f} s   {rows / raw:>10,.0f} rows/s")
    write(f"  import_sheet        {imported:8.2f} s   {rows / imported:>10,.0f} rows/s")
    write(f"  import / raw = {imported / raw:.1f}×   (aim ≤ 4×)")
    # On a shared machine the wall clock waits for a core; this process's own CPU time does
    # not (the database server's work on PostgreSQL is not in it: the wall figure is the aim's).
    raw_c, import_c = statistics.median(raw_cpu), statistics.median(import_cpu)
    write(
        f"  CPU of this process: raw {raw_c:.2f} s, import {import_c:.2f} s, "
        f"import / raw = {import_c / max(raw_c, 1e-9):.1f}×"
    )
