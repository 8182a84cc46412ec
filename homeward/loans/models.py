"""Guaranteed startup loans (创业担保贷款): the area's caps, the LPR table, the banks and guarantee
funds, the loans with their steps, their schedule (one `Instalment` a period), the repayments the
bank reports and the interest subsidy of each period.

The rules (eligibility, caps, schedule, the interest split) are the pure `rules.py`; every write is
a function of `services.py`. A loan lives in its borrower's area (the person's household village,
the business's place); its instalments and repayments follow it. Caps and the LPR are reference
data read by every area below the one that set them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.core.bounds import Between, between, stored_date, stored_dates
from homeward.crypto import BANK_ACCOUNT, EncryptedField, LookupHashField, mask
from homeward.scoping import ScopedModel

from . import rules

MONEY = (Decimal("0"), Decimal("100000000"))  # yuan: one loan, cap or repayment
RATE = (Decimal("0"), Decimal("20"))  # per cent a year: an LPR
BP = (-500, 500)  # basis points: a spread or a ceiling over the LPR
MONTHS = (1, 120)  # a loan's term
PEOPLE = (0, 100_000)  # staff and hires of a business
JOBS = (0, 10_000)
PERIODS = (1, 500)
DAYS = (0, 100_000)


def _money(label, **kw):
    return models.DecimalField(
        label, max_digits=12, decimal_places=2, validators=[Between(*MONEY, field=label)], **kw
    )


def _checks(prefix: str, spec: dict) -> list:
    """One range check constraint per bounded field: {name: (low, high, label, nullable)}."""
    out = []
    for name, (low, high, label, nullable) in spec.items():
        if isinstance(low, date):
            out.append(
                stored_date(name, field=label, constraint=f"{prefix}_{name}", nullable=nullable)
            )
        else:
            out.append(
                between(
                    name, low, high, field=label, constraint=f"{prefix}_{name}", nullable=nullable
                )
            )
    return out


D0, D1 = date(1900, 1, 1), date(2100, 12, 31)


class AreaCaps(ScopedModel):
    """An area's raise of the national caps (configuration, with its source)."""

    region = models.OneToOneField(
        "regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    individual_amount = _money(_("cap for a person (yuan)"))
    individual_months = models.PositiveSmallIntegerField(
        _("term for a person (months)"),
        validators=[Between(*MONTHS, field=_("term for a person (months)"))],
    )
    business_amount = _money(_("cap for a small business (yuan)"))
    business_months = models.PositiveSmallIntegerField(
        _("term for a small business (months)"),
        validators=[Between(*MONTHS, field=_("term for a small business (months)"))],
    )
    jobs_amount = _money(_("cap for a person creating jobs (yuan)"), null=True, blank=True)
    jobs_needed = models.PositiveSmallIntegerField(
        _("jobs needed for the higher cap"),
        default=0,
        validators=[Between(*JOBS, field=_("jobs needed for the higher cap"))],
    )
    source = models.CharField(_("source"), max_length=200)

    region_field = "region_id"

    class Meta:
        verbose_name = _("loan caps of an area")
        verbose_name_plural = _("loan caps of areas")
        constraints = _checks(
            "areacaps",
            {
                "individual_amount": (*MONEY, _("cap for a person (yuan)"), False),
                "individual_months": (*MONTHS, _("term for a person (months)"), False),
                "business_amount": (*MONEY, _("cap for a small business (yuan)"), False),
                "business_months": (*MONTHS, _("term for a small business (months)"), False),
                "jobs_amount": (*MONEY, _("cap for a person creating jobs (yuan)"), True),
                "jobs_needed": (*JOBS, _("jobs needed for the higher cap"), False),
            },
        )

    def as_caps(self) -> rules.Caps:
        return rules.Caps(
            self.individual_amount,
            self.individual_months,
            self.business_amount,
            self.business_months,
            jobs_amount=self.jobs_amount,
            jobs_needed=self.jobs_needed,
            source=self.source,
        )


class LprRate(models.Model):
    """The one-year loan prime rate (贷款市场报价利率), national, from the day it took effect."""

    effective_from = models.DateField(
        _("in force from"), unique=True, validators=[stored_dates(_("in force from"))]
    )
    rate = models.DecimalField(
        _("one-year LPR (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[Between(*RATE, field=_("one-year LPR (%)"))],
    )
    source = models.CharField(_("source"), max_length=200, default="全国银行间同业拆借中心")

    class Meta:
        verbose_name = _("loan prime rate")
        verbose_name_plural = _("loan prime rates")
        ordering = ["effective_from"]
        constraints = _checks(
            "lpr",
            {
                "effective_from": (D0, D1, _("in force from"), False),
                "rate": (*RATE, _("one-year LPR (%)"), False),
            },
        )

    def __str__(self) -> str:
        return f"{self.effective_from} {self.rate}%"

    @classmethod
    def table(cls) -> rules.LprTable:
        return rules.LprTable(tuple(cls.objects.values_list("effective_from", "rate")))


class Lender(ScopedModel):
    """A bank (branch) that lends startup loans (经办银行)."""

    name = models.CharField(_("bank"), max_length=100)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )

    region_field = "region_id"

    class Meta:
        verbose_name = _("lending bank")
        verbose_name_plural = _("lending banks")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class GuaranteeFund(ScopedModel):
    """A guarantee fund and the institution that runs it (担保基金 / 担保机构); its interest
    subsidy policy is the subsidies policy its periods are claimed under."""

    name = models.CharField(_("guarantee fund"), max_length=100)
    institution = models.CharField(_("guarantee institution"), max_length=100)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    interest_policy = models.ForeignKey(
        "subsidies.Policy",
        verbose_name=_("interest subsidy policy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    region_field = "region_id"

    class Meta:
        verbose_name = _("guarantee fund")
        verbose_name_plural = _("guarantee funds")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Loan(ScopedModel):
    class Kind(models.TextChoices):
        INDIVIDUAL = rules.INDIVIDUAL, _("a person")
        SMALL_BUSINESS = rules.SMALL_BUSINESS, _("a small business")

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        REVIEWED = "reviewed", _("passed the human-resources review")
        GUARANTEED = "guaranteed", _("guarantee granted")
        APPROVED = "approved", _("approved by the bank")
        DISBURSED = "disbursed", _("disbursed")
        SETTLED = "settled", _("repaid in full")
        REFUSED = "refused", _("refused")

    class Method(models.TextChoices):
        BULLET = rules.BULLET, _("interest each period, principal at the end")
        EQUAL_PRINCIPAL = rules.EQUAL_PRINCIPAL, _("equal principal each period")

    class Every(models.IntegerChoices):
        MONTH = 1, _("monthly")
        QUARTER = 3, _("quarterly")

    kind = models.CharField(_("borrower"), max_length=16, choices=Kind.choices)
    worker = models.ForeignKey(
        "workers.Worker",
        verbose_name=_("founder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    employer = models.ForeignKey(
        "employers.Employer",
        verbose_name=_("small business"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", editable=False
    )
    groups = models.JSONField(_("eligible groups"), default=list, blank=True)
    staff = models.PositiveIntegerField(
        _("current staff"),
        null=True,
        blank=True,
        validators=[Between(*PEOPLE, field=_("current staff"))],
    )
    new_eligible_hires = models.PositiveIntegerField(
        _("eligible people newly hired"),
        null=True,
        blank=True,
        validators=[Between(*PEOPLE, field=_("eligible people newly hired"))],
    )
    jobs_created = models.PositiveIntegerField(
        _("jobs created"), default=0, validators=[Between(*JOBS, field=_("jobs created"))]
    )
    amount = _money(_("amount (yuan)"))
    months = models.PositiveSmallIntegerField(
        _("term (months)"), validators=[Between(*MONTHS, field=_("term (months)"))]
    )
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    fund = models.ForeignKey(
        GuaranteeFund,
        verbose_name=_("guarantee fund"),
        on_delete=models.PROTECT,
        related_name="loans",
    )
    lender = models.ForeignKey(
        Lender, verbose_name=_("bank"), on_delete=models.PROTECT, related_name="loans"
    )
    every = models.PositiveSmallIntegerField(
        _("interest paid"), choices=Every.choices, default=Every.QUARTER,
        validators=[Between(1, 12, field=_("interest paid"))],
    )  # fmt: skip
    method = models.CharField(
        _("repayment"), max_length=16, choices=Method.choices, default=Method.BULLET
    )
    spread_bp = models.SmallIntegerField(
        _("rate over the LPR (BP)"),
        default=0,
        validators=[Between(*BP, field=_("rate over the LPR (BP)"))],
    )
    ceiling_bp = models.SmallIntegerField(
        _("subsidised up to LPR + (BP)"),
        null=True,
        blank=True,
        validators=[Between(*BP, field=_("subsidised up to LPR + (BP)"))],
    )
    repayment_account = EncryptedField(_("repayment account"), kind=BANK_ACCOUNT)
    repayment_account_hash = LookupHashField(source="repayment_account")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED, editable=False
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    guarantee_no = models.CharField(_("guarantee number"), max_length=40, blank=True)
    contract_no = models.CharField(_("loan contract number"), max_length=40, blank=True)
    applied_on = models.DateField(_("applied on"), validators=[stored_dates(_("applied on"))])
    disbursed_on = models.DateField(
        _("disbursed on"), null=True, blank=True, validators=[stored_dates(_("disbursed on"))]
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("startup loan")
        verbose_name_plural = _("startup loans")
        ordering = ["-applied_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="individual", worker__isnull=False, employer__isnull=True))
                | (Q(kind="small_business", employer__isnull=False, worker__isnull=True)),
                name="loan_one_borrower",
            ),
            models.UniqueConstraint(
                fields=["lender", "contract_no"],
                condition=~Q(contract_no=""),
                name="one_contract_number_per_bank",
            ),
            *_checks(
                "loan",
                {
                    "staff": (*PEOPLE, _("current staff"), True),
                    "new_eligible_hires": (*PEOPLE, _("eligible people newly hired"), True),
                    "jobs_created": (*JOBS, _("jobs created"), False),
                    "amount": (*MONEY, _("amount (yuan)"), False),
                    "months": (*MONTHS, _("term (months)"), False),
                    "every": (1, 12, _("interest paid"), False),
                    "spread_bp": (*BP, _("rate over the LPR (BP)"), False),
                    "ceiling_bp": (*BP, _("subsidised up to LPR + (BP)"), True),
                    "applied_on": (D0, D1, _("applied on"), False),
                    "disbursed_on": (D0, D1, _("disbursed on"), True),
                },
            ),
        ]

    def __str__(self) -> str:
        return f"{self.borrower_name} {self.amount} 元"

    @property
    def borrower(self):
        return self.worker if self.kind == self.Kind.INDIVIDUAL else self.employer

    @property
    def borrower_name(self) -> str:
        borrower = self.borrower
        return borrower.name if borrower is not None else ""

    @property
    def masked_account(self) -> str:
        return mask(BANK_ACCOUNT, self.repayment_account)

    @property
    def group_names(self) -> str:
        return "、".join(rules.GROUPS.get(g, g) for g in self.groups)


class LoanStep(ScopedModel):
    """One step of a loan's way (history): who recorded it, when, and what was decided."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(_("status"), max_length=10, choices=Loan.Status.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    region_field = "loan__region_id"

    class Meta:
        ordering = ["at", "pk"]


class Instalment(ScopedModel):
    """One period of a loan's schedule: its dues, what the bank reported paid, and its subsidy."""

    class Status(models.TextChoices):
        DUE = "due", _("not yet due")
        PAID = "paid", _("repaid on time")
        LATE = "late", _("repaid late")
        OVERDUE = "overdue", _("overdue")

    class Claim(models.TextChoices):
        WAITING = "waiting", _("waiting for repayment")
        CLAIMED = "claimed", _("claimed in the subsidies workflow")
        WITHHELD = "withheld", _("no subsidy: repaid late")
        NONE = "none", _("no subsidy due")
        REFUSED = "refused", _("claim refused")
        NO_POLICY = "no_policy", _("no interest subsidy policy for the fund")

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="instalments")
    number = models.PositiveSmallIntegerField(
        _("period"), validators=[Between(*PERIODS, field=_("period"))]
    )
    starts_on = models.DateField(_("from"), validators=[stored_dates(_("from"))])
    due_on = models.DateField(_("due on"), validators=[stored_dates(_("due on"))])
    balance = _money(_("balance (yuan)"))
    principal_due = _money(_("principal due (yuan)"))
    interest = _money(_("interest (yuan)"), null=True, blank=True)
    subsidy = _money(_("interest subsidy (yuan)"), null=True, blank=True)
    borrower_interest = _money(_("borrower's interest (yuan)"), null=True, blank=True)
    overdue_interest = _money(_("overdue interest (yuan)"), default=Decimal("0.00"))
    penalty_interest = _money(_("penalty interest (yuan)"), default=Decimal("0.00"))
    overdue_days = models.PositiveIntegerField(
        _("days overdue"), default=0, validators=[Between(*DAYS, field=_("days overdue"))]
    )
    segments = models.JSONField(_("rates by days"), default=list, blank=True)
    paid_principal = _money(_("principal repaid (yuan)"), default=Decimal("0.00"))
    paid_interest = _money(_("interest repaid (yuan)"), default=Decimal("0.00"))
    repaid_on = models.DateField(
        _("repaid in full on"),
        null=True,
        blank=True,
        validators=[stored_dates(_("repaid in full on"))],
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DUE)
    claim = models.CharField(
        _("subsidy claim"), max_length=10, choices=Claim.choices, default=Claim.WAITING
    )
    claim_note = models.CharField(_("claim note"), max_length=300, blank=True)
    entitlement = models.OneToOneField(
        "subsidies.Entitlement", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    region_field = "loan__region_id"

    class Meta:
        verbose_name = _("loan period")
        verbose_name_plural = _("loan periods")
        ordering = ["loan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "number"], name="one_instalment_per_period"),
            *_checks(
                "instalment",
                {
                    "number": (*PERIODS, _("period"), False),
                    "starts_on": (D0, D1, _("from"), False),
                    "due_on": (D0, D1, _("due on"), False),
                    "balance": (*MONEY, _("balance (yuan)"), False),
                    "principal_due": (*MONEY, _("principal due (yuan)"), False),
                    "interest": (*MONEY, _("interest (yuan)"), True),
                    "subsidy": (*MONEY, _("interest subsidy (yuan)"), True),
                    "borrower_interest": (*MONEY, _("borrower's interest (yuan)"), True),
                    "overdue_interest": (*MONEY, _("overdue interest (yuan)"), False),
                    "penalty_interest": (*MONEY, _("penalty interest (yuan)"), False),
                    "overdue_days": (*DAYS, _("days overdue"), False),
                    "paid_principal": (*MONEY, _("principal repaid (yuan)"), False),
                    "paid_interest": (*MONEY, _("interest repaid (yuan)"), False),
                    "repaid_on": (D0, D1, _("repaid in full on"), True),
                },
            ),
        ]

    def as_period(self) -> rules.Period:
        return rules.Period(
            self.number, self.starts_on, self.due_on, self.balance, self.principal_due
        )

    @property
    def settled(self) -> bool:
        return self.repaid_on is not None


class RepaymentUpload(ScopedModel):
    """A bank's repayment file as it was imported (its hash makes a second import a no-op)."""

    lender = models.ForeignKey(Lender, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(_("file"), max_length=120)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(
        _("rows"), default=0, validators=[Between(0, 1_000_000, field=_("rows"))]
    )
    new_rows = models.PositiveIntegerField(
        _("new rows"), default=0, validators=[Between(0, 1_000_000, field=_("new rows"))]
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("imported at"), default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = _checks(
            "repaymentupload",
            {
                "rows": (0, 1_000_000, _("rows"), False),
                "new_rows": (0, 1_000_000, _("new rows"), False),
            },
        )


class Repayment(ScopedModel):
    """One repayment the bank reported: unique by the bank's reference per loan."""

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="repayments")
    instalment = models.ForeignKey(Instalment, on_delete=models.PROTECT, related_name="repayments")
    bank_ref = models.CharField(_("bank reference"), max_length=40)
    paid_on = models.DateField(_("paid on"), validators=[stored_dates(_("paid on"))])
    principal = _money(_("principal (yuan)"))
    interest = _money(_("interest (yuan)"))
    penalty = _money(_("overdue and penalty interest (yuan)"), default=Decimal("0.00"))
    upload = models.ForeignKey(
        RepaymentUpload, on_delete=models.PROTECT, null=True, related_name="repayments"
    )
    row = models.PositiveIntegerField(
        _("row"), default=0, validators=[Between(0, 1_000_000, field=_("row"))]
    )

    region_field = "loan__region_id"

    class Meta:
        ordering = ["paid_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["loan", "bank_ref"], name="one_repayment_per_reference"
            ),
            *_checks(
                "repayment",
                {
                    "paid_on": (D0, D1, _("paid on"), False),
                    "principal": (*MONEY, _("principal (yuan)"), False),
                    "interest": (*MONEY, _("interest (yuan)"), False),
                    "penalty": (*MONEY, _("overdue and penalty interest (yuan)"), False),
                    "row": (0, 1_000_000, _("row"), False),
                },
            ),
        ]


class OverdueNotice(ScopedModel):
    """The in-app notice of an overdue period to the staff member who follows the loan: the
    venture's liaison officer with a staff account, else the clerk who entered the application.
    One per period (`homeward loans overdue` runs daily and tells each period once); shown in
    that person's queue on the staff home until the period is repaid."""

    instalment = models.OneToOneField(Instalment, on_delete=models.CASCADE, related_name="notice")
    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    region_field = "loan__region_id"

    class Meta:
        ordering = ["-created_at", "-pk"]
