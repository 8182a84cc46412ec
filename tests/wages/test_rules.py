"""The nine warning rules of issue 14, each on both sides of its threshold (pure, no database)."""

from datetime import date
from decimal import Decimal

from homeward.codes import minimum_wage
from homeward.wages import rules

MIN = Decimal(2000)


def books(*, basis="month", wage=6000, left_on=None, ended_on=None):
    b = rules.Books()
    b.add_project("P", region="321302", ended_on=ended_on)
    b.add_roster("P", "w", basis=basis, wage=wage, left_on=left_on)
    return b


def fired(b, as_of, rule, **kw):
    return [w for w in rules.evaluate(b, as_of, minimum=kw.pop("minimum", MIN)) if w.rule == rule]


def test_no_pay_fires_the_day_after_the_deadline_not_on_it():
    b = books()
    b.add_attendance("P", "w", "2026-03", 20)
    assert fired(b, date(2026, 4, 30), "no_pay") == []
    [warning] = fired(b, date(2026, 5, 1), "no_pay")
    assert (warning.level, warning.month, warning.worker) == ("red", "2026-03", "w")
    assert "2026年4月30日" in warning.message


def test_a_payment_made_after_the_as_of_day_is_not_yet_made():
    b = books()
    b.add_attendance("P", "w", "2026-03", 20)
    b.add_payment("P", "w", "2026-03", 6000, date(2026, 5, 10), True)
    assert len(fired(b, date(2026, 5, 2), "no_pay")) == 1
    assert fired(b, date(2026, 5, 10), "no_pay") == []


def test_paid_on_the_deadline_is_on_time_the_next_day_is_late():
    on_time, late = books(), books()
    for b, day in ((on_time, date(2026, 4, 30)), (late, date(2026, 5, 1))):
        b.add_attendance("P", "w", "2026-03", 20)
        b.add_payment("P", "w", "2026-03", 6000, day, True)
    assert fired(on_time, date(2026, 6, 1), "paid_late") == []
    [warning] = fired(late, date(2026, 6, 1), "paid_late")
    assert warning.level == "yellow"


def test_paid_late_looks_at_the_first_payment():
    b = books()
    b.add_attendance("P", "w", "2026-03", 20)
    b.add_payment("P", "w", "2026-03", 3000, date(2026, 4, 20), True)
    b.add_payment("P", "w", "2026-03", 3000, date(2026, 5, 20), True)
    assert fired(b, date(2026, 6, 1), "paid_late") == []


def _crew(unpaid: int, size: int = 10) -> rules.Books:
    b = rules.Books()
    b.add_project("P", region="321302")
    for i in range(size):
        b.add_attendance("P", i, "2026-03", 20)
        if i >= unpaid:
            b.add_payment("P", i, "2026-03", 5000, date(2026, 4, 10), True)
    return b


def test_headcount_gap_is_yellow_at_ten_percent_and_red_above():
    [one] = fired(_crew(1), date(2026, 5, 1), "headcount_gap")
    assert (one.level, one.worker, one.month) == ("yellow", None, "2026-03")
    assert "出勤10人，已发放9人，1人未发放" in one.message
    [two] = fired(_crew(2), date(2026, 5, 1), "headcount_gap")
    assert two.level == "red"
    assert fired(_crew(0), date(2026, 5, 1), "headcount_gap") == []
    assert fired(_crew(2), date(2026, 4, 30), "headcount_gap") == []  # deadline not passed


def test_below_minimum_compares_the_monthly_equivalent():
    b = books(wage=1000)
    b.add_attendance("P", "w", "2026-03", Decimal("21.75"))
    b.add_payment("P", "w", "2026-03", 2000, date(2026, 4, 10), True)
    assert fired(b, date(2026, 5, 1), "below_minimum") == []  # exactly the minimum
    c = books(wage=1000)
    c.add_attendance("P", "w", "2026-03", 10)
    c.add_payment("P", "w", "2026-03", "919.53", date(2026, 4, 10), True)  # ×2.175 = 1999.98
    [warning] = fired(c, date(2026, 5, 1), "below_minimum")
    assert warning.level == "red" and "2000.00" in warning.message
    d = books(wage=1000)
    d.add_attendance("P", "w", "2026-03", 10)
    d.add_payment("P", "w", "2026-03", "919.55", date(2026, 4, 10), True)  # 2000.02
    assert fired(d, date(2026, 5, 1), "below_minimum") == []


def test_below_minimum_reads_the_table_by_place_and_month():
    b = books(wage=1000)
    b.add_attendance("P", "w", "2026-03", Decimal("21.75"))
    b.add_payment("P", "w", "2026-03", 2300, date(2026, 4, 10), True)
    [warning] = fired(b, date(2026, 5, 1), "below_minimum", minimum=minimum_wage.monthly)
    assert "2420.00" in warning.message  # 宿城区, 二类, 2026


def test_a_partial_month_paid_pro_rata_is_not_underpaid():
    b = books(wage=6000)
    b.add_attendance("P", "w", "2026-03", 10)
    b.add_payment("P", "w", "2026-03", "2758.62", date(2026, 4, 10), True)  # 6000 × 10/21.75
    assert fired(b, date(2026, 5, 1), "underpaid") == []


def test_underpaid_below_95_percent_exactly_95_is_not():
    exact, short = books(basis="day", wage=300), books(basis="day", wage=300)
    exact.add_attendance("P", "w", "2026-03", 20)
    exact.add_payment("P", "w", "2026-03", 5700, date(2026, 4, 10), True)
    short.add_attendance("P", "w", "2026-03", 20)
    short.add_payment("P", "w", "2026-03", "5699.99", date(2026, 4, 10), True)
    assert fired(exact, date(2026, 5, 1), "underpaid") == []
    [warning] = fired(short, date(2026, 5, 1), "underpaid")
    assert warning.level == "orange" and "应发6000.00元" in warning.message


def test_a_full_month_caps_the_monthly_wage():
    b = books(wage=6000)
    b.add_attendance("P", "w", "2026-03", 26)
    b.add_payment("P", "w", "2026-03", 6000, date(2026, 4, 10), True)
    assert fired(b, date(2026, 5, 1), "underpaid") == []
    assert fired(b, date(2026, 5, 1), "outlier_sum") == []


def test_outlier_over_twice_due_exactly_twice_is_not():
    twice, more = books(basis="day", wage=300), books(basis="day", wage=300)
    twice.add_attendance("P", "w", "2026-03", 20)
    twice.add_payment("P", "w", "2026-03", 12000, date(2026, 4, 10), True)
    more.add_attendance("P", "w", "2026-03", 20)
    more.add_payment("P", "w", "2026-03", "12000.01", date(2026, 4, 10), True)
    assert fired(twice, date(2026, 5, 1), "outlier_sum") == []
    [warning] = fired(more, date(2026, 5, 1), "outlier_sum")
    assert warning.level == "red"


def test_outlier_over_fifty_thousand_without_a_roster_entry():
    b = rules.Books()
    b.add_project("P", region="321302")
    b.add_attendance("P", "leader", "2026-03", 20)
    b.add_payment("P", "leader", "2026-03", 50000, date(2026, 4, 10), True)
    assert fired(b, date(2026, 5, 1), "outlier_sum") == []
    b.add_payment("P", "leader", "2026-03", "0.01", date(2026, 4, 11), True)
    [warning] = fired(b, date(2026, 5, 1), "outlier_sum")
    assert "50000.01" in warning.message and "代领" in warning.message


def test_outside_account_once_per_month_and_worker():
    b = books()
    b.add_attendance("P", "w", "2026-03", 20)
    b.add_payment("P", "w", "2026-03", 3000, date(2026, 4, 10), True)
    assert fired(b, date(2026, 5, 1), "outside_account") == []
    b.add_payment("P", "w", "2026-03", 3000, date(2026, 4, 11), False)
    b.add_payment("P", "w", "2026-03", 1, date(2026, 4, 12), False)
    [warning] = fired(b, date(2026, 5, 1), "outside_account")
    assert warning.level == "orange"


def test_leaver_still_inside_five_days_then_unsettled():
    b = books(left_on=date(2026, 3, 10))
    b.add_attendance("P", "w", "2026-03", 8)
    assert fired(b, date(2026, 3, 15), "leaver_unsettled") == []  # L + 5
    [warning] = fired(b, date(2026, 3, 16), "leaver_unsettled")
    assert (warning.level, warning.month, warning.worker) == ("red", None, "w")
    b.add_payment("P", "w", "2026-03", 2400, date(2026, 3, 16), True)
    assert fired(b, date(2026, 3, 16), "leaver_unsettled") == []


def test_project_14_and_16_days_after_its_end():
    b = books(ended_on=date(2026, 6, 1))
    b.add_attendance("P", "w", "2026-05", 20)
    assert fired(b, date(2026, 6, 15), "ended_unsettled") == []
    assert fired(b, date(2026, 6, 16), "ended_unsettled") == []  # E + 15: not yet passed
    [warning] = fired(b, date(2026, 6, 17), "ended_unsettled")
    assert (warning.worker, warning.month, warning.level) == (None, None, "red")
    assert "1人的2026年5月工资未发放" in warning.message


def test_a_correction_replaces_the_months_attendance():
    b = books()
    b.add_attendance("P", "w", "2026-03", 20)
    b.add_attendance("P", "w", "2026-03", 0)  # corrected: did not work
    assert rules.evaluate(b, date(2026, 6, 1), minimum=MIN) == []


def test_params_change_the_thresholds():
    b = books(left_on=date(2026, 3, 10))
    b.add_attendance("P", "w", "2026-03", 8)
    params = rules.Params.from_mapping({"leaver_days": 10})
    found = rules.evaluate(b, date(2026, 3, 16), params=params, minimum=MIN)
    assert [w for w in found if w.rule == "leaver_unsettled"] == []


def test_minimum_wage_table():
    assert minimum_wage.monthly("321302", date(2026, 3, 1)) == Decimal(2420)
    assert minimum_wage.monthly("321302001001", date(2025, 3, 1)) == Decimal(2260)
    assert minimum_wage.monthly("321324", date(2024, 3, 1)) == Decimal(1840)  # 泗洪 三类
    assert minimum_wage.monthly("430381", date(2026, 3, 1)) == Decimal(1900)  # 湘乡 第二档
    assert minimum_wage.monthly("511002", date(2026, 3, 1)) == Decimal(1970)  # 内江市中区
    assert minimum_wage.hourly("430302", date(2023, 1, 1)) == Decimal(19)
    assert minimum_wage.tier_of("3213") == 2
    assert minimum_wage.monthly("110101", date(2026, 3, 1)) is None  # not in the table
    assert minimum_wage.monthly("321302", date(2020, 1, 1)) is None  # before the table
    assert "苏人社规〔2025〕3号" in minimum_wage.source("321302", date(2026, 1, 1))
