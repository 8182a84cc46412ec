"""The ledger parser takes what the registry keeps: no control characters in any text, money
within the monthly bound (homeward.codes.bounds), dates within the stored years."""

from datetime import date

from homeward.workers.ledger import clean_row, read_ledger

ZHANG = "430381199001011234"
TODAY = date(2026, 3, 1)


def _record(cells: str):
    text = f"序号,姓名,身份证号,月收入,返乡日期,备注\n1,{cells}\n"
    (row,) = read_ledger(text.encode("utf-8"), "台账.csv").rows()
    return clean_row(row, today=TODAY)


def test_control_characters_leave_names_and_notes():
    result = _record(f"张\x00三\u202e,{ZHANG},3000,2026-01-05,腰\x07不好\x1b")
    assert result.ok
    assert result.record["name"] == "张三" and result.record["note"] == "腰不好"


def test_money_over_the_monthly_bound_is_left_empty_with_a_warning():
    result = _record(f"张三,{ZHANG},200000.01,2026-01-05,")
    assert result.record["monthly_income"] is None
    assert any("不合理" in w.message and "月收入" in w.message for w in result.warnings)
    assert _record(f"张三,{ZHANG},200000,,").record["monthly_income"] == 200000


def test_dates_outside_the_stored_years_are_left_empty():
    result = _record(f"张三,{ZHANG},,9999-12-31,")
    assert result.record["returned_on"] is None
    assert any(w.code == "date_invalid" for w in result.warnings)
