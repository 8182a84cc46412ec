"""The payroll import in bulk (one COPY on PostgreSQL, one prepared INSERT elsewhere): a bad row
anywhere leaves nothing written and is named; a batched import chains onto the ledger and
`verify` recomputes every hash from the stored rows; the ID numbers and phones are stored sealed
under the current key (the roster's ciphertext copied, an older key's sealed again) with the
roster's keyed hashes; the rows stay append-only."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from cryptography.fernet import Fernet
from django.db import DatabaseError, connection, transaction

from homeward import crypto
from homeward.wages import chain, triggers
from homeward.wages.models import PayrollEntry
from homeward.wages.services import append_payments, import_sheet

from .helpers import csv_bytes, make_entry, make_project, person_id

pytestmark = pytest.mark.django_db

HEAD = "身份证号,姓名,手机号,工资月份,发放日期,出勤天数,基本工资,实发金额,银行凭证号,是否专户发放"


def _line(n, *, number=None, name=None, phone=""):
    return (
        f"{number or person_id(n)},{name or f'工人{n}'},{phone},2026-03,2026-04-10,"
        f"20,{6000 + n},{6000 + n},YH{n:05d},是"
    )


def _roster(project, count):
    return [make_entry(project, n, phone=f"1380000{n:04d}") for n in range(1, count + 1)]


def _stored(column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {triggers.TABLE} ORDER BY id")
        return [value for (value,) in cursor.fetchall()]


def test_a_bad_row_in_the_middle_of_100_leaves_nothing_written(county_staff):
    project = make_project()
    _roster(project, 100)
    lines = [_line(n) for n in range(1, 101)]
    good = person_id(50)
    lines[49] = _line(50, number=good[:-1] + ("1" if good[-1] != "1" else "2"))  # check digit
    lines[69] = _line(70, name="张三")  # not the roster's name
    report = import_sheet(
        project, "payroll", csv_bytes(HEAD, *lines), "工资表.csv", by=county_staff
    )
    assert [row for row, _m in report.errors] == [51, 71]  # the header is row 1
    assert "身份证号有误" in report.errors[0][1]
    assert "姓名与花名册不符" in report.errors[1][1] and "工人70" in report.errors[1][1]
    assert report.created == 0 and PayrollEntry.objects.count() == 0


def test_someone_not_on_the_roster_in_a_long_file_writes_nothing(county_staff):
    project = make_project()
    _roster(project, 30)
    lines = [_line(n) for n in range(1, 31)] + [_line(31)]  # person 31 is on no roster
    report = import_sheet(project, "payroll", csv_bytes(HEAD, *lines), "y.csv", by=county_staff)
    assert report.errors == [(32, "此人不在本项目的花名册中，请先导入花名册")]
    assert PayrollEntry.objects.count() == 0


def test_a_batched_import_chains_onto_the_ledger_and_verifies(county_staff):
    project = make_project()
    entries = _roster(project, 100)
    row = {"month": date(2026, 2, 1), "paid_on": date(2026, 3, 10), "name": entries[0].name}
    [first] = append_payments(project, [(entries[0], {**row, "days": 20, "net_paid": 1})])
    lines = [_line(n) for n in range(1, 101)]
    lines[9] = _line(10, phone="13912345678")  # a number of its own on the sheet
    data = csv_bytes(HEAD, *lines)
    report = import_sheet(project, "payroll", data, "工资表.csv", by=county_staff)
    assert (report.created, report.errors) == (100, [])
    rows = list(PayrollEntry.objects.order_by("pk"))
    assert len(rows) == 101 and rows[1].previous_hash == first.row_hash
    assert all(b.previous_hash == a.row_hash for a, b in zip(rows, rows[1:], strict=False))
    assert chain.verify() == chain.Report(101, None)
    by_entry = {e.pk: e for e in entries}
    for payment in rows[1:]:
        entry = by_entry[payment.entry_id]
        assert payment.id_number == entry.id_number
        assert payment.id_number_hash == entry.id_number_hash
        assert payment.recorded_by == county_staff.get_username()
    tenth = next(p for p in rows[1:] if p.entry_id == entries[9].pk)
    assert tenth.phone == "13912345678"
    assert tenth.phone_hash == crypto.lookup_hash(crypto.PHONE, "13912345678")
    imported = rows[1]  # person 1's line, after its earlier payment
    assert imported.entry_id == entries[0].pk and imported.phone == entries[0].phone
    assert imported.phone_hash == entries[0].phone_hash
    assert imported.net_paid == Decimal("6001.00")
    assert imported.amounts_due == {"基本工资": "6001.00"}
    # every value sealed (AES-GCM under the current key), none in clear
    assert all(crypto.is_current(v) for v in _stored("id_number") + _stored("phone"))
    again = import_sheet(project, "payroll", data, "工资表.csv", by=county_staff)
    assert (again.created, again.unchanged) == (0, 100)
    with pytest.raises(DatabaseError), transaction.atomic():
        PayrollEntry.objects.filter(pk=rows[5].pk).update(net_paid=Decimal(1))


def test_a_tampered_row_of_a_batched_import_is_named(county_staff):
    project = make_project()
    _roster(project, 20)
    data = csv_bytes(HEAD, *[_line(n) for n in range(1, 21)])
    import_sheet(project, "payroll", data, "y.csv", by=county_staff)
    target = PayrollEntry.objects.order_by("pk")[12]
    triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {triggers.TABLE} SET bank_voucher = 'X' WHERE id = %s", [target.pk]
            )
    finally:
        triggers.install(connection)
    assert chain.verify().broken == target.pk


def test_a_roster_sealed_under_an_older_key_is_sealed_again(county_staff, settings):
    old = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    project = make_project()
    _roster(project, 3)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old]
    data = csv_bytes(HEAD, *[_line(n) for n in range(1, 4)])
    report = import_sheet(project, "payroll", data, "y.csv", by=county_staff)
    assert (report.created, report.errors) == (3, [])
    assert all(crypto.is_current(v) for v in _stored("id_number") + _stored("phone"))
    assert [p.id_number for p in PayrollEntry.objects.order_by("pk")] == [
        person_id(n) for n in range(1, 4)
    ]
    assert chain.verify().broken is None


def test_the_columnwise_check_gives_what_the_row_check_gives():
    from homeward.wages import sheets

    today = date(2026, 12, 7)
    good = person_id(1)
    rows = [
        [good, "李四", "", "2026-03", "2026-04-10", 20, "6,000", 6000, "YH1", "是"],
        [good, "李四", "", "2026-03", "2026-04-10", 20.0, 6000.0, "6000.00", "", ""],
        [good[:-1] + "0", "李四", "", "2026-3", date(2026, 4, 10), 1, True, 1, "", "否"],
        [good, "", "138", "2026/03", "2026-04-10", 20, "", 6000, "", "是"],
        [good, "李四", "13800001111", "", "2030-01-01", 40, "x", -1, "", "也许"],
        [good, "李四", "", "2026年3月", datetime(2026, 4, 10), "20", "1e3", "6000", "\x01", 1],  # noqa: DTZ001
        ["", "", "", "", "", "", "", "", "", ""],  # blank: skipped
        [int(good[:-1] + "0") if good[-1] == "X" else int(good), "李四", "", "2026-03"],
    ]
    head = ["身份证号", "姓名", "手机号", "工资月份", "发放日期", "出勤天数", "基本工资"]
    head += ["实发金额", "银行凭证号", "是否专户发放"]
    table = [(1, head)] + [(n, cells) for n, cells in enumerate(rows, 2)]
    _at, at = sheets._header(table, sheets.PAYROLL, sheets.PAYROLL_REQUIRED, "y.xlsx")
    by_row = sheets.Sheet()
    for number, cells in table[1:]:
        values = {key: sheets._cell(cells, i) for key, i in at.items()}
        if not any(v not in ("", None) for v in values.values()):
            continue
        try:
            by_row.rows.append((number, sheets._payroll(values, today, False)))
        except ValueError as error:
            by_row.errors.append((number, str(error)))
    by_column = sheets.Sheet()
    sheets._payroll_columns(table[1:], at, today, by_column)
    assert by_column.rows == by_row.rows and by_column.errors == by_row.errors
    assert len(by_row.rows) == 2 and len(by_row.errors) == 5
