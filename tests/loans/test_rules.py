"""The pure loan rules: caps per area, term, hiring share, schedule, and the interest subsidy
across an LPR change and an overdue period (figures counted by hand in the comments)."""

from datetime import date
from decimal import Decimal as D

import pytest

from homeward.loans import rules
from homeward.loans.rules import INDIVIDUAL, SMALL_BUSINESS, Caps, LprTable

LPR = LprTable(
    (
        (date(2024, 7, 22), D("3.35")),
        (date(2024, 10, 21), D("3.10")),
        (date(2025, 5, 20), D("3.00")),
    )
)
SUQIAN = Caps(D(300_000), 36, D(3_000_000), 24, jobs_amount=D(600_000), jobs_needed=5)
RAISES = {"3213": SUQIAN}


def fields(refusals):
    return [r.field for r in refusals]


def check(**kw):
    kw.setdefault("kind", INDIVIDUAL)
    kw.setdefault("months", 36)
    kw.setdefault("groups", ["returnee"])
    return rules.check_application(**kw)


class TestCaps:
    def test_national_individual_cap_is_200000_yuan(self):
        assert check(amount=D("200000"), caps=rules.NATIONAL) == []
        refused = check(amount=D("200000.01"), caps=rules.NATIONAL)
        assert fields(refused) == ["amount"]
        assert "超过本地上限 200000.00 元" in refused[0].message

    def test_national_business_cap_is_3000000_yuan(self):
        ok = dict(kind=SMALL_BUSINESS, months=24, staff=20, new_eligible_hires=3, groups=())
        assert check(amount=D(3_000_000), caps=rules.NATIONAL, **ok) == []
        assert fields(check(amount=D("3000000.01"), caps=rules.NATIONAL, **ok)) == ["amount"]

    def test_an_area_raise_applies_below_it_only(self):
        assert rules.caps_for("321302001001", RAISES) is SUQIAN
        assert rules.caps_for("511002", RAISES) is rules.NATIONAL
        assert check(amount=D(300_000), caps=rules.caps_for("321302", RAISES)) == []
        assert fields(check(amount=D(300_000), caps=rules.caps_for("511002", RAISES))) == ["amount"]

    def test_the_nearest_area_wins(self):
        county = Caps(D(250_000), 36, D(3_000_000), 24)
        raises = {"32": SUQIAN, "321302": county}
        assert rules.caps_for("321302001", raises) is county
        assert rules.caps_for("321311", raises) is SUQIAN

    def test_job_creation_raises_the_individual_cap(self):
        assert fields(check(amount=D(600_000), caps=SUQIAN, jobs_created=4)) == ["amount"]
        assert check(amount=D(600_000), caps=SUQIAN, jobs_created=5) == []

    def test_zero_amount_refused(self):
        assert fields(check(amount=D(0), caps=rules.NATIONAL)) == ["amount"]


class TestTerm:
    def test_individual_term_is_three_years(self):
        assert check(amount=D(1000), caps=rules.NATIONAL, months=36) == []
        refused = check(amount=D(1000), caps=rules.NATIONAL, months=37)
        assert fields(refused) == ["months"] and "37 个月超过本地上限 36 个月" in refused[0].message

    def test_business_term_is_two_years(self):
        ok = dict(kind=SMALL_BUSINESS, staff=20, new_eligible_hires=3, groups=())
        assert check(amount=D(1000), caps=rules.NATIONAL, months=24, **ok) == []
        assert fields(check(amount=D(1000), caps=rules.NATIONAL, months=25, **ok)) == ["months"]


class TestEligibility:
    def test_a_person_of_no_group_is_refused(self):
        assert fields(check(amount=D(1000), caps=rules.NATIONAL, groups=[])) == ["groups"]

    def test_an_unknown_group_is_a_programming_error(self):
        with pytest.raises(ValueError):
            check(amount=D(1000), caps=rules.NATIONAL, groups=["friends"])

    @pytest.mark.parametrize(
        "staff,hires,ok",
        [
            (20, 3, True),
            (20, 2, False),
            (100, 15, True),
            (100, 14, False),
            (150, 12, True),
            (150, 11, False),
        ],
    )
    def test_small_business_hiring_share(self, staff, hires, ok):
        refused = check(
            kind=SMALL_BUSINESS,
            amount=D(1000),
            months=12,
            caps=rules.NATIONAL,
            staff=staff,
            new_eligible_hires=hires,
            groups=(),
        )
        assert (refused == []) is ok
        if not ok:
            assert fields(refused) == ["new_eligible_hires"] and "未达到" in refused[0].message

    def test_small_business_without_staff_figures_is_refused(self):
        refused = check(
            kind=SMALL_BUSINESS, amount=D(1000), months=12, caps=rules.NATIONAL, groups=()
        )
        assert fields(refused) == ["staff"]


class TestSchedule:
    def test_months_are_added_to_the_month_end(self):
        assert rules.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
        assert rules.add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)

    def test_quarterly_bullet_over_three_years(self):
        periods = rules.schedule(D(200_000), date(2025, 1, 10), 36)
        assert len(periods) == 12
        assert periods[0].starts == date(2025, 1, 10) and periods[0].ends == date(2025, 4, 10)
        assert periods[-1].ends == date(2028, 1, 10)
        assert [p.principal for p in periods[:-1]] == [D("0.00")] * 11
        assert periods[-1].principal == D("200000.00")
        assert all(p.balance == D("200000.00") for p in periods)

    def test_equal_principal_sums_exactly(self):
        periods = rules.schedule(
            D("100000"), date(2025, 1, 10), 12, every=1, method=rules.EQUAL_PRINCIPAL
        )
        assert len(periods) == 12
        assert periods[0].principal == D("8333.33")
        assert sum(p.principal for p in periods) == D("100000.00")
        assert periods[-1].principal == D("8333.37")
        assert periods[1].balance == D("91666.67")

    def test_a_term_not_a_multiple_of_the_interval_ends_short(self):
        periods = rules.schedule(D(1000), date(2025, 1, 10), 7)
        assert [p.ends for p in periods] == [
            date(2025, 4, 10),
            date(2025, 7, 10),
            date(2025, 8, 10),
        ]


class TestInterestSubsidy:
    def test_a_period_crossing_an_lpr_change_splits_by_days(self):
        period = rules.Period(2, date(2025, 4, 10), date(2025, 7, 10), D("200000.00"), D("0.00"))
        result = rules.period_interest(period, LPR)
        assert [(s.days, s.lpr) for s in result.segments] == [(40, D("3.10")), (51, D("3.00"))]
        # 200000 × 3.10 % × 40/360 = 688.888…, 200000 × 3.00 % × 51/360 = 850 → 1538.89
        assert result.interest == D("1538.89")
        # the borrower bears LPR − 150 BP (1.60 %, then 1.50 %); the subsidy 1.50 % × 91 days
        # 200000 × 1.50 % × 91/360 = 758.333… → 758.33
        assert result.subsidy == D("758.33")
        assert result.borrower == D("780.56")  # 355.555… + 425 = 780.555… → 780.56
        assert result.subsidy_payable == D("758.33")

    def test_within_one_lpr_the_period_is_one_segment(self):
        period = rules.Period(1, date(2025, 1, 10), date(2025, 4, 10), D("200000.00"), D("0.00"))
        result = rules.period_interest(period, LPR)
        assert len(result.segments) == 1
        assert (result.interest, result.subsidy, result.borrower) == (
            D("1550.00"),
            D("750.00"),
            D("800.00"),
        )

    def test_a_change_on_the_first_day_is_not_a_split(self):
        period = rules.Period(1, date(2025, 5, 20), date(2025, 6, 20), D("1000"), D("0"))
        assert [s.lpr for s in rules.period_interest(period, LPR).segments] == [D("3.00")]

    def test_overdue_and_penalty_interest_get_no_subsidy(self):
        period = rules.Period(
            1, date(2025, 1, 10), date(2025, 4, 10), D("200000.00"), D("50000.00")
        )
        result = rules.period_interest(period, LPR, repaid_on=date(2025, 4, 20))
        assert result.overdue_days == 10
        # 50000 × 3.10 % × 10/360 = 43.055… → 43.06; penalty 50 % of it: 21.527… → 21.53
        assert result.overdue_interest == D("43.06")
        assert result.penalty_interest == D("21.53")
        assert result.subsidy == D("750.00")  # what it would have been
        assert result.subsidy_withheld and result.subsidy_payable == D("0.00")
        assert any("不予贴息" in n for n in result.notes)

    def test_still_unpaid_counts_overdue_to_the_day_asked(self):
        period = rules.Period(
            1, date(2025, 1, 10), date(2025, 4, 10), D("200000.00"), D("50000.00")
        )
        result = rules.period_interest(period, LPR, as_of=date(2025, 4, 11))
        assert result.overdue_days == 1 and result.subsidy_payable == D("0.00")

    def test_on_time_repayment_keeps_the_subsidy(self):
        period = rules.Period(
            1, date(2025, 1, 10), date(2025, 4, 10), D("200000.00"), D("50000.00")
        )
        result = rules.period_interest(period, LPR, repaid_on=date(2025, 4, 10))
        assert result.overdue_days == 0 and result.subsidy_payable == D("750.00")

    def test_the_subsidised_rate_ceiling(self):
        loan, bearer, subsidy = rules.split_rates(D("3.00"), 100, 50)
        assert (loan, bearer, subsidy) == (D("4.00"), D("2.00"), D("2.00"))
        assert rules.split_rates(D("3.00"), 100, None) == (D("4.00"), D("1.50"), D("2.50"))

    def test_a_loan_rate_below_the_borrowers_share_gets_no_subsidy(self):
        assert rules.split_rates(D("3.00"), -200, None) == (D("1.00"), D("1.00"), D("0"))

    def test_rounding_is_half_up_to_the_fen(self):
        assert rules.yuan(D("0.005")) == D("0.01") and rules.yuan(D("2.675")) == D("2.68")

    def test_lpr_before_the_table_is_an_error(self):
        with pytest.raises(ValueError):
            LPR.on(date(2020, 1, 1))
