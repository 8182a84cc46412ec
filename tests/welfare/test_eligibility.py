"""The pure rules: who is in the target group, the age limit, one post at a time, the term
limit, every reason in Chinese; the notice's working days, the contract's end, the stipend pro
rata."""

from datetime import date
from decimal import Decimal

from homeward.welfare import rules
from homeward.welfare.eligibility import Person, Terms, judge

TODAY = date(2026, 6, 1)


def test_men_of_50_and_women_of_45_are_in_the_group():
    assert judge(Person("male", date(1976, 5, 31)), TODAY).eligible  # 50 yesterday
    assert not judge(Person("male", date(1976, 6, 2)), TODAY).eligible  # 49
    woman = judge(Person("female", date(1981, 6, 1)), TODAY)
    assert woman.eligible and woman.groups == ["45周岁以上女性"]
    assert not judge(Person("female", date(1982, 1, 1)), TODAY).eligible


def test_low_income_and_disabled_people_of_any_working_age_are_in_the_group():
    assert judge(Person("male", date(1995, 1, 1), low_income="monitored"), TODAY).groups == [
        "监测户"
    ]
    assert judge(Person("female", date(1995, 1, 1), disabled=True), TODAY).eligible
    young = judge(Person("male", date(1995, 1, 1)), TODAY)
    assert not young.eligible and "不属于安置对象" in young.text


def test_the_retirement_age_is_the_upper_limit():
    man = judge(Person("male", date(1966, 5, 1)), TODAY)
    assert not man.eligible and "已满60周岁" in man.text
    woman = judge(Person("female", date(1971, 5, 1), low_income="low_income"), TODAY)
    assert not woman.eligible and "已满55周岁" in woman.text
    assert judge(Person("female", date(1971, 5, 1)), TODAY, Terms(women_until=58)).eligible


def test_one_post_at_a_time_and_the_term_limit_with_every_reason():
    verdict = judge(Person("male", date(1970, 1, 1), holds_post=True, months_served=36), TODAY)
    assert not verdict.eligible
    assert len(verdict.reasons) == 2
    assert "不能同时担任两个岗位" in verdict.text and "累计在岗已满36个月" in verdict.text
    assert judge(Person("male", date(1970, 1, 1), months_served=35), TODAY).eligible


def test_the_notice_counts_working_days():
    thursday = date(2026, 3, 5)
    assert rules.add_working_days(thursday, 5) == date(2026, 3, 11)  # Thu Fri Mon Tue Wed
    assert rules.add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)  # Saturday → Monday


def test_contract_end_and_months_served():
    assert rules.contract_end(date(2026, 3, 12), 12) == date(2027, 3, 11)
    assert rules.contract_end(date(2026, 1, 31), 1) == date(2026, 2, 27)
    assert rules.months_between(date(2026, 1, 15), date(2026, 3, 1)) == 2
    assert rules.months_between(date(2026, 3, 13), date(2027, 3, 12)) == 12


def test_the_stipend_is_pro_rata_to_the_fen_and_never_more_than_the_month():
    assert rules.stipend(Decimal("1500"), 22, 22) == Decimal("1500.00")
    assert rules.stipend(Decimal("1500"), 11, 22) == Decimal("750.00")
    assert rules.stipend(Decimal("1000"), 1, 3) == Decimal("333.33")
    assert rules.stipend(Decimal("1500"), 0, 22) == Decimal("0.00")


def test_the_notice_skips_holidays_and_counts_make_up_working_days():
    """The platform's calendar (disputes.deadlines): 2026's National Day holiday runs 1–7
    October, and Saturday 10 October is a make-up working day."""
    from homeward.disputes.deadlines import packaged_calendar

    working = packaged_calendar().is_working_day
    assert rules.add_working_days(date(2026, 9, 30), 3, working) == date(2026, 10, 9)
    assert rules.add_working_days(date(2026, 9, 30), 4, working) == date(2026, 10, 10)  # Sat
    assert rules.add_working_days(date(2026, 10, 1), 1, working) == date(2026, 10, 8)
    assert rules.add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 2)  # weekdays only
