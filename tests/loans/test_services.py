"""The loan's way (application → review → guarantee → bank → disbursement), its refusals, the
bank's repayment file, overdue periods and the interest subsidy claimed through subsidies."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied

from homeward.audit.models import AuditEvent
from homeward.loans import services
from homeward.loans.models import AreaCaps, Instalment, Loan, Repayment
from homeward.loans.services import LoanError
from tests.factories import make_employer, make_worker
from tests.loans.helpers import apply, disbursed, make_fund, make_lender

HEADER = "贷款合同编号,期次,还款日期,还款本金,还款利息,逾期罚息,银行流水号\n"


def refused(action):
    return AuditEvent.objects.filter(action=action, result="refused").count()


@pytest.fixture
def founder(db):
    return make_worker("321302001001", sequence=7, name="李创业")


class TestApplication:
    def test_a_returnee_may_borrow_up_to_the_cap(self, founder, village_staff):
        loan = apply(founder, village_staff)
        assert loan.status == Loan.Status.APPLIED and loan.region_id == founder.region_id
        assert loan.steps.count() == 1
        assert AuditEvent.objects.filter(action="loans.loan.applied").count() == 1

    def test_a_loan_over_the_cap_is_refused_and_audited(self, founder, village_staff):
        with pytest.raises(LoanError) as error:
            apply(founder, village_staff, amount=D("200000.01"))
        assert error.value.field == "amount" and "超过本地上限 200000.00 元" in str(error.value)
        assert not Loan.objects.exists() and refused("loans.loan.refused") == 1

    def test_an_area_raise_is_configuration(self, founder, village_staff):
        AreaCaps(
            region_id="3213", individual_amount=D(300_000), individual_months=36,
            business_amount=D(3_000_000), business_months=24, source="宿迁市文件",
        ).save()  # fmt: skip
        assert apply(founder, village_staff, amount=D(300_000)).amount == D("300000.00")
        assert services.caps_at("511002").individual_amount == D(200_000)

    def test_a_term_over_three_years_is_refused(self, founder, village_staff):
        with pytest.raises(LoanError) as error:
            apply(founder, village_staff, months=37)
        assert error.value.field == "months"

    def test_a_person_of_no_eligible_group_is_refused(self, founder, village_staff):
        with pytest.raises(LoanError) as error:
            apply(founder, village_staff, groups=[])
        assert error.value.field == "groups"

    def test_a_small_business_needs_the_hiring_share(self, village_staff, town_staff):
        business = make_employer("321302001", name="幸福小电商")
        with pytest.raises(LoanError) as error:
            services.apply_for_loan(
                kind=Loan.Kind.SMALL_BUSINESS, employer=business, amount=D(1_000_000), months=24,
                staff=20, new_eligible_hires=2, fund=make_fund(), lender=make_lender(), by=town_staff,
            )  # fmt: skip
        assert error.value.field == "new_eligible_hires" and "15" in str(error.value)
        loan = services.apply_for_loan(
            kind=Loan.Kind.SMALL_BUSINESS, employer=business, amount=D(3_000_000), months=24,
            staff=20, new_eligible_hires=3, fund=make_fund(), lender=make_lender(), by=town_staff,
        )  # fmt: skip
        assert loan.employer == business and loan.worker is None

    def test_an_applicant_outside_the_area_is_refused(self, founder, outsider):
        with pytest.raises(LoanError, match="不在你的辖区"):
            apply(founder, outsider)

    def test_a_bad_account_is_refused(self, founder, village_staff):
        with pytest.raises(LoanError) as error:
            apply(founder, village_staff, repayment_account="6222021234567890127")
        assert error.value.field == "repayment_account"

    def test_a_leader_cannot_apply(self, founder, leader):
        with pytest.raises(PermissionDenied):
            apply(founder, leader)


class TestSteps:
    def test_steps_in_order_to_disbursement(self, founder, village_staff, town_staff):
        loan = disbursed(founder, village_staff, town_staff)
        assert loan.status == Loan.Status.DISBURSED and loan.contract_no == "SQ-2025-001"
        assert [s.status for s in loan.steps.all()] == [
            "applied", "reviewed", "guaranteed", "approved", "disbursed",
        ]  # fmt: skip
        instalments = list(loan.instalments.all())
        assert [i.due_on for i in instalments] == [
            date(2025, 4, 10), date(2025, 7, 10), date(2025, 10, 10), date(2026, 1, 10),
        ]  # fmt: skip
        assert instalments[-1].principal_due == D("200000.00")
        assert instalments[1].interest == D("1538.89") and instalments[1].subsidy == D("758.33")
        assert len(instalments[1].segments) == 2  # split at the LPR change of 2025-05-20
        assert all(i.status == Instalment.Status.OVERDUE for i in instalments)  # unpaid so far

    def test_a_step_out_of_order_is_refused(self, founder, village_staff, town_staff):
        loan = apply(founder, village_staff)
        with pytest.raises(LoanError, match="不能进行这一步"):
            services.record_guarantee(loan, passed=True, guarantee_no="DB-1", by=town_staff)
        loan.refresh_from_db()
        assert loan.status == Loan.Status.APPLIED and refused("loans.step.refused") == 1

    def test_the_one_who_entered_it_cannot_review_it(self, founder, village_staff):
        loan = apply(founder, village_staff)
        with pytest.raises(LoanError, match="录入申请的人不能审核"):
            services.review_loan(loan, passed=True, by=village_staff)
        assert refused("loans.step.refused") == 1

    def test_a_refusal_at_a_step_ends_the_way(self, founder, village_staff, town_staff):
        loan = services.review_loan(
            apply(founder, village_staff), passed=False, note="材料不全", by=town_staff
        )
        assert loan.status == Loan.Status.REFUSED and loan.reason == "材料不全"
        with pytest.raises(LoanError):
            services.record_guarantee(loan, passed=True, guarantee_no="X", by=town_staff)

    def test_the_review_checks_the_caps_again(self, founder, village_staff, town_staff):
        AreaCaps(
            region_id="3213", individual_amount=D(300_000), individual_months=36,
            business_amount=D(3_000_000), business_months=24, source="宿迁市文件",
        ).save()  # fmt: skip
        loan = apply(founder, village_staff, amount=D(250_000))
        AreaCaps.objects.filter(region_id="3213").update(individual_amount=D(200_000))
        with pytest.raises(LoanError, match="超过本地上限"):
            services.review_loan(loan, passed=True, by=town_staff)

    def test_a_contract_number_is_one_per_bank(self, founder, village_staff, town_staff):
        lender = make_lender()
        disbursed(founder, village_staff, town_staff, lender=lender)
        other = make_worker("321302001001", sequence=9)
        loan = apply(other, village_staff, lender=lender)
        loan = services.review_loan(loan, passed=True, by=town_staff)
        loan = services.record_guarantee(loan, passed=True, guarantee_no="DB-2", by=town_staff)
        with pytest.raises(LoanError, match="已有这个合同编号"):
            services.record_bank_approval(
                loan, passed=True, contract_no="SQ-2025-001", by=town_staff
            )


class TestRepayments:
    @pytest.fixture
    def loan(self, founder, village_staff, town_staff):
        return disbursed(founder, village_staff, town_staff)

    def file(self, *rows):
        return (HEADER + "".join(r + "\n" for r in rows)).encode()

    def test_repayments_settle_periods_and_twice_changes_nothing(self, loan, town_staff):
        content = self.file(
            "SQ-2025-001,1,2025-04-10,0,1550.00,,B001",
            "SQ-2025-001,2,2025-07-20,0,1538.89,5.00,B002",
        )
        report = services.import_repayments(loan.lender, content, "还款.csv", by=town_staff)
        assert report.ok and report.new == 2
        first, second = loan.instalments.all()[:2]
        assert first.status == "paid" and first.repaid_on == date(2025, 4, 10)
        assert first.claim == Instalment.Claim.WAITING and first.subsidy == D("750.00")
        assert second.status == "late" and second.overdue_days == 10
        assert second.claim == Instalment.Claim.WITHHELD  # repaid late: no subsidy
        again = services.import_repayments(loan.lender, content, "还款.csv", by=town_staff)
        assert again.ok and again.new == 0 and again.unchanged == 2 and again.already
        assert Repayment.objects.count() == 2

    def test_overdue_principal_accrues_interest_and_penalty_without_subsidy(self, loan, town_staff):
        last = loan.instalments.get(number=4)  # 2025-10-10 → 2026-01-10, 92 days at 3.00 %
        content = self.file(f"SQ-2025-001,4,2026-01-20,200000,{last.interest},250.00,B004")
        assert services.import_repayments(loan.lender, content, "a.csv", by=town_staff).ok
        last.refresh_from_db()
        # 200000 × 3.00 % × 10/360 = 166.666… → 166.67; the penalty, half of it: 83.33
        assert (last.overdue_interest, last.penalty_interest) == (D("166.67"), D("83.33"))
        assert last.status == "late" and last.claim == Instalment.Claim.WITHHELD

    def test_one_bad_row_writes_nothing_and_names_its_row(self, loan, town_staff):
        content = self.file(
            "SQ-2025-001,1,2025-04-10,0,1550.00,,B001",
            "SQ-2025-001,9,2025-07-20,0,1538.89,,B002",
            "NOPE,1,2025-07-20,0,abc,,B003",
        )
        report = services.import_repayments(loan.lender, content, "还款.csv", by=town_staff)
        assert not report.ok and not Repayment.objects.exists()
        assert any(e.startswith("第 4 行：还款利息") for e in report.errors)
        report = services.import_repayments(
            loan.lender, self.file(*["SQ-2025-001,1,2025-04-10,0,1550.00,,B001", "SQ-2025-001,9,2025-07-20,0,1,,B002"]),
            "b.csv", by=town_staff,
        )  # fmt: skip
        assert report.errors == ["第 3 行：该贷款没有第 9 期。"] and not Repayment.objects.exists()

    def test_a_reference_reused_with_other_content_is_refused(self, loan, town_staff):
        services.import_repayments(
            loan.lender,
            self.file("SQ-2025-001,1,2025-04-10,0,1550.00,,B001"),
            "a.csv",
            by=town_staff,
        )
        report = services.import_repayments(
            loan.lender,
            self.file("SQ-2025-001,1,2025-04-10,0,1551.00,,B001"),
            "b.csv",
            by=town_staff,
        )
        assert "内容与本文件不同" in report.errors[0]

    def test_another_areas_loan_is_not_found(self, loan, outsider):
        from homeward.scoping import area_scope

        with area_scope("321311"):
            report = services.import_repayments(
                loan.lender, self.file("SQ-2025-001,1,2025-04-10,0,1550.00,,B001"), "a.csv",
                by=outsider,
            )  # fmt: skip
        assert "找不到" in report.errors[0] and not Repayment.objects.exists()

    def test_overdue_tracking(self, loan):
        assert services.track_overdue(as_of=date(2025, 5, 1)) == 1
        assert loan.instalments.get(number=1).overdue_days == 21


class TestInterestSubsidyClaims:
    @pytest.fixture
    def policy(self, db):
        from homeward.subsidies.models import Policy
        from homeward.subsidies.seeds import install_seed_policies

        install_seed_policies()
        return Policy.objects.get(code="SQ-LOAN-INTEREST")

    def test_a_period_repaid_on_time_is_claimed_in_the_subsidies_workflow(
        self, founder, village_staff, town_staff, policy
    ):
        from homeward.workers.services import record_status

        record_status(
            founder, status="returned_entrepreneur", occurred_on=date(2024, 12, 1), source="staff"
        )
        loan = disbursed(founder, village_staff, town_staff, fund=make_fund(policy=policy))
        services.import_repayments(
            loan.lender, (HEADER + "SQ-2025-001,1,2025-04-10,0,1550.00,,B001\n").encode(), "a.csv",
            by=town_staff,
        )  # fmt: skip
        first = services.claimable(loan).get()
        first = services.claim_interest_subsidy(first, by=town_staff)
        assert first.claim == Instalment.Claim.CLAIMED
        assert first.entitlement.amount == D("750.00") and first.entitlement.status == "submitted"
        assert first.entitlement.period == f"L{loan.pk}-1"
        with pytest.raises(LoanError):
            services.claim_interest_subsidy(first, by=town_staff)

    def test_a_claim_the_policy_refuses_is_kept_with_its_reason(
        self, founder, village_staff, town_staff, policy
    ):
        loan = disbursed(founder, village_staff, town_staff, fund=make_fund(policy=policy))
        services.import_repayments(
            loan.lender, (HEADER + "SQ-2025-001,1,2025-04-10,0,1550.00,,B001\n").encode(), "a.csv",
            by=town_staff,
        )  # fmt: skip
        first = services.claim_interest_subsidy(services.claimable(loan).get(), by=town_staff)
        assert first.claim == Instalment.Claim.REFUSED and "不符合条件" in first.claim_note

    def test_without_a_policy_the_claim_stays_in_loans(self, founder, village_staff, town_staff):
        loan = disbursed(founder, village_staff, town_staff)
        services.import_repayments(
            loan.lender, (HEADER + "SQ-2025-001,1,2025-04-10,0,1550.00,,B001\n").encode(), "a.csv",
            by=town_staff,
        )  # fmt: skip
        first = services.claim_interest_subsidy(services.claimable(loan).get(), by=town_staff)
        assert first.claim == Instalment.Claim.NO_POLICY and first.entitlement is None
