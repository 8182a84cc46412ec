"""Demo loans: the LPR table, a bank and a guarantee fund in 宿迁 and in 内江, and returnee
founders' loans disbursed 2025-01-10, repaid through a bank file (one period across the LPR
change of 2025-05-20, one repaid late), their on-time periods claimed as interest subsidies."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from homeward.scoping import unscoped
from homeward.subsidies.models import Policy
from homeward.workers.models import Worker
from homeward.workers.services import record_status

from . import rules, services
from .models import GuaranteeFund, Lender, Loan, LprRate

LPR = [(date(2024, 7, 22), "3.35"), (date(2024, 10, 21), "3.10"), (date(2025, 5, 20), "3.00")]
CARD = "6222021234567890128"
CITIES = {
    "3213": ("宿迁农商银行", "宿迁市创业担保基金"),
    "5110": ("内江农商银行", "内江市创业担保基金"),
}
HEADER = "贷款合同编号,期次,还款日期,还款本金,还款利息,逾期罚息,银行流水号\n"


def fill_loans(areas) -> int:
    """Returns the loans made (0 when the demo already has them)."""
    with unscoped(), transaction.atomic():
        for day, rate in LPR:
            LprRate.objects.get_or_create(effective_from=day, defaults={"rate": Decimal(rate)})
        if Loan.objects.exists():
            return 0
        made = 0
        policy = Policy.objects.filter(code="SQ-LOAN-INTEREST").first()
        for city, (bank, fund_name) in CITIES.items():
            if city not in areas:
                continue
            lender = Lender(name=bank, region_id=city)
            lender.save()
            fund = GuaranteeFund(
                name=fund_name, institution=fund_name.replace("创业担保基金", "信用担保公司"),
                region_id=city, interest_policy=policy if city == "3213" else None,
            )  # fmt: skip
            fund.save()
            # founders whose record says nothing later (other demo fills move people into work:
            # the interest-subsidy policy reads the borrower's status today, 返乡创业)
            people = (
                Worker.objects.filter(region__code__startswith=city)
                .exclude(status_events__occurred_on__gt=date(2024, 12, 1))
                .order_by("pk")[:2]
            )
            for n, person in enumerate(people, 1):
                record_status(
                    person, status="returned_entrepreneur", occurred_on=date(2024, 12, 1),
                    source="staff",
                )  # fmt: skip
                loan = services.apply_for_loan(
                    kind=Loan.Kind.INDIVIDUAL, worker=person, amount=Decimal(200_000 // n),
                    months=12, groups=["returnee"], fund=fund, lender=lender,
                    repayment_account=CARD, applied_on=date(2025, 1, 2), by=None,
                    purpose="返乡创业：小电商",
                )  # fmt: skip
                services.review_loan(loan, passed=True, by=None)
                services.record_guarantee(loan, passed=True, guarantee_no=f"DB{city}{n}", by=None)
                contract = f"CY{city}-2025-{n:03d}"
                services.record_bank_approval(loan, passed=True, contract_no=contract, by=None)
                loan = services.disburse(loan, disbursed_on=date(2025, 1, 10), by=None)
                rows = []
                for i in loan.instalments.order_by("number")[:3]:
                    paid_on = i.due_on if i.number != 3 else date(2025, 10, 20)  # the 3rd late
                    rows.append(
                        f"{contract},{i.number},{paid_on},0,{i.interest},,{contract}-{i.number}"
                    )
                services.import_repayments(
                    lender, (HEADER + "\n".join(rows) + "\n").encode(), "还款明细.csv", by=None
                )
                for instalment in services.claimable(loan):
                    services.claim_interest_subsidy(instalment, by=None)
                made += 1
        return made


__all__ = ["fill_loans", "rules"]
