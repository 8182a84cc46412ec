"""Roster, attendance and payroll imports: Chinese row errors, nothing half-written, a second
upload of the same file changes nothing, the registry linked and the ledger chained."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from homeward.wages import chain
from homeward.wages.models import Attendance, PayrollEntry, RosterEntry
from homeward.wages.services import WageError, import_sheet

from .helpers import PAYROLL_HEAD, ROSTER_HEAD, csv_bytes, make_entry, make_project, person_id

pytestmark = pytest.mark.django_db


def roster_file(*extra):
    return csv_bytes(
        "某某项目实名制花名册",
        ROSTER_HEAD,
        f"李四,{person_id(1)},13800001111,木工班,是,2025-10-01,按日,300,2025-10-01,",
        f"王五,{person_id(2)},,钢筋班,否,,按月,6000,2025-11-01,2026-03-10",
        *extra,
    )


def test_roster_import_then_the_same_file_again(county_staff):
    project = make_project()
    report = import_sheet(project, "roster", roster_file(), "花名册.csv", by=county_staff)
    assert (report.created, report.updated, report.errors) == (2, 0, [])
    again = import_sheet(project, "roster", roster_file(), "花名册.csv", by=county_staff)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    wang = RosterEntry.objects.get(name="王五")
    assert wang.wage_basis == "month" and wang.left_on == date(2026, 3, 10)
    assert wang.id_number == person_id(2) and len(wang.id_number_hash) == 64


def test_one_bad_row_writes_nothing_and_names_the_row(county_staff):
    project = make_project()
    bad = person_id(3)[:-1] + ("1" if person_id(3)[-1] != "1" else "2")
    report = import_sheet(
        project,
        "roster",
        roster_file(
            f"赵六,{bad},,木工班,是,,按日,300,2025-10-01,",
            f"钱七,{person_id(4)},,,是,,按周,1,2025-10-01,",
        ),
        "花名册.csv",
        by=county_staff,
    )
    assert [row for row, _m in report.errors] == [5, 6]
    assert "身份证号有误" in report.errors[0][1] and "按月" in report.errors[1][1]
    assert RosterEntry.objects.count() == 0


def test_the_same_person_twice_is_an_error(county_staff):
    project = make_project()
    report = import_sheet(
        project,
        "roster",
        roster_file(f"李四,{person_id(1)},,,是,,按日,300,2025-10-01,"),
        "r.csv",
        by=county_staff,
    )
    assert report.errors == [(5, "与第3行是同一个人（身份证号重复）")]


def test_a_registry_worker_is_linked_with_a_status_event(county_staff, worker):
    project = make_project()
    data = csv_bytes(ROSTER_HEAD, f"张三,{worker.id_number},,木工班,是,,按日,300,2025-10-01,")
    import_sheet(project, "roster", data, "r.csv", by=county_staff)
    entry = RosterEntry.objects.get()
    assert entry.worker == worker
    worker.refresh_from_db()
    assert worker.status == "local_employed" and project.name in worker.work_place


def test_attendance_by_month_and_a_correction_as_a_new_row(county_staff):
    project = make_project()
    entry = make_entry(project, 1)
    head = "身份证号,月份,出勤天数"
    import_sheet(
        project,
        "attendance",
        csv_bytes(head, f"{person_id(1)},2026-03,20"),
        "a.csv",
        by=county_staff,
    )
    same = import_sheet(
        project,
        "attendance",
        csv_bytes(head, f"{person_id(1)},2026-03,20"),
        "a.csv",
        by=county_staff,
    )
    assert same.unchanged == 1
    fixed = import_sheet(
        project,
        "attendance",
        csv_bytes(head, f"{person_id(1)},2026-03,18"),
        "a.csv",
        by=county_staff,
    )
    assert fixed.updated == 1
    assert list(Attendance.objects.filter(entry=entry).values_list("days", flat=True)) == [
        Decimal(20),
        Decimal(18),
    ]


def test_a_gate_export_counts_days_per_month(county_staff):
    project = make_project()
    make_entry(project, 1)
    rows = [f"{person_id(1)},2026-03-{d:02d},07:30,17:30" for d in (2, 3, 3, 4)]
    report = import_sheet(
        project,
        "attendance",
        csv_bytes("身份证号,日期,上班时间,下班时间", *rows),
        "gate.csv",
        by=county_staff,
    )
    assert report.created == 1
    assert Attendance.objects.get().days == Decimal(3)


def test_attendance_of_someone_not_on_the_roster(county_staff):
    project = make_project()
    report = import_sheet(
        project,
        "attendance",
        csv_bytes("身份证号,月份,出勤天数", f"{person_id(9)},2026-03,20"),
        "a.csv",
        by=county_staff,
    )
    assert report.errors == [(2, "此人不在本项目的花名册中，请先导入花名册")]


def test_payroll_import_chains_and_is_idempotent(county_staff):
    project = make_project()
    make_entry(project, 1, name="李四")
    data = csv_bytes(
        PAYROLL_HEAD, f"{person_id(1)},李四,2026-03,2026-04-10,20,6000,6000.00,NY001,是"
    )
    report = import_sheet(project, "payroll", data, "工资表.csv", by=county_staff)
    assert report.created == 1
    again = import_sheet(project, "payroll", data, "工资表.csv", by=county_staff)
    assert (again.created, again.unchanged) == (0, 1)
    row = PayrollEntry.objects.get()
    assert (
        row.amounts_due == {"基本工资": "6000.00"} and row.employer_name == project.contractor.name
    )
    assert chain.verify().broken is None


def test_payroll_name_must_match_the_roster(county_staff):
    project = make_project()
    make_entry(project, 1, name="李四")
    data = csv_bytes(PAYROLL_HEAD, f"{person_id(1)},李五,2026-03,2026-04-10,20,,6000,,是")
    report = import_sheet(project, "payroll", data, "y.csv", by=county_staff)
    assert "姓名与花名册不符" in report.errors[0][1] and PayrollEntry.objects.count() == 0


def test_a_file_without_the_header(county_staff):
    project = make_project()
    with pytest.raises(WageError, match="找不到表头"):
        import_sheet(project, "roster", csv_bytes("a,b", "1,2"), "x.csv", by=county_staff)


def test_a_leader_cannot_import(leader):
    project = make_project()
    with pytest.raises(PermissionDenied):
        import_sheet(project, "roster", roster_file(), "r.csv", by=leader)


def test_an_excel_roster(county_staff, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(ROSTER_HEAD.split(","))
    sheet.append(
        ["李四", person_id(1), "", "木工班", "是", "", "按日", 300, date(2025, 10, 1), None]
    )
    path = tmp_path / "r.xlsx"
    book.save(path)
    report = import_sheet(make_project(), "roster", path.read_bytes(), "r.xlsx", by=county_staff)
    assert report.created == 1, report.errors
