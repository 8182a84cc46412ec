"""Small makers for the loan tests: the LPR table, a bank and a fund, a loan moved along."""

from datetime import date
from decimal import Decimal as D

from homeward.loans import services
from homeward.loans.models import GuaranteeFund, Lender, Loan, LprRate
from tests.factories import CITY

CARD = "6222021234567890128"  # a Luhn-valid card number
LPR = [
    (date(2024, 7, 22), D("3.35")),
    (date(2024, 10, 21), D("3.10")),
    (date(2025, 5, 20), D("3.00")),
]


def make_lpr():
    for day, rate in LPR:
        LprRate.objects.get_or_create(effective_from=day, defaults={"rate": rate})


def make_lender(region: str = CITY, name: str = "宿迁农商银行") -> Lender:
    lender = Lender(name=name, region_id=region)
    lender.save()
    return lender


def make_fund(region: str = CITY, policy=None) -> GuaranteeFund:
    fund = GuaranteeFund(
        name="宿迁市创业担保基金", institution="宿迁市信用担保公司", region_id=region,
        interest_policy=policy,
    )  # fmt: skip
    fund.save()
    return fund


def apply(worker, by, *, fund=None, lender=None, **kw) -> Loan:
    kw.setdefault("kind", Loan.Kind.INDIVIDUAL)
    kw.setdefault("amount", D("200000"))
    kw.setdefault("months", 12)
    kw.setdefault("groups", ["returnee"])
    kw.setdefault("repayment_account", CARD)
    kw.setdefault("applied_on", date(2025, 1, 2))
    return services.apply_for_loan(
        worker=worker if kw["kind"] == Loan.Kind.INDIVIDUAL else None,
        fund=fund or make_fund(),
        lender=lender or make_lender(),
        by=by,
        **kw,
    )


def disbursed(worker, entered_by, checker, *, on=date(2025, 1, 10), contract="SQ-2025-001", **kw):
    make_lpr()
    loan = apply(worker, entered_by, **kw)
    loan = services.review_loan(loan, passed=True, by=checker)
    loan = services.record_guarantee(loan, passed=True, guarantee_no="DB-001", by=checker)
    loan = services.record_bank_approval(loan, passed=True, contract_no=contract, by=checker)
    return services.disburse(loan, disbursed_on=on, by=checker)
