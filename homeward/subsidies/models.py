"""Subsidies (补贴, issue 12): registry → eligibility → entitlement → payment, as OpenSPP does.

- `Fund` (专项资金): a budget cap for an area; approvals past it are refused.
- `Policy` and its `PolicyVersion`s: a policy is its code, name, legal basis, area and fund; what
  it pays and to whom is a version (window, amount, conditions as expressions, approval levels,
  notice days). Every edit is a new version; a version once published is never changed, so the
  entitlements made under it still explain themselves by it.
- `Candidate`: a person the scan found who appears eligible (listed for staff).
- `Entitlement` (补贴申请/资格): one beneficiary (a person or an employer) × policy × period, with
  the facts that decided it frozen, its approval steps (`Decision`, append-only), the notice, the
  sample draw and the bank account it is paid to. The database holds "never twice": one
  entitlement per (policy, beneficiary, period), one live payment per entitlement.
- `PaymentBatch` and `Payment`: a payment is one attempt to pay an entitlement; a failed one is
  followed by a new attempt in a later batch once the account is corrected.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.core.bounds import Between, between, stored_date, stored_dates
from homeward.crypto import BANK_ACCOUNT, EncryptedField, LookupHashField
from homeward.scoping import ScopedModel

from . import eligibility

MONEY = (Decimal("0"), Decimal("100000000"))  # yuan: a budget cap or an amount, never negative
AMOUNT = (Decimal("0"), Decimal("1000000"))  # one entitlement's amount
LEVELS = (1, 3)  # approval levels: 1 county, 2 town → county, 3 village → town → county
NOTICE_DAYS = (0, 30)
MAX_CLAIMS = (1, 100)
ATTEMPTS = (1, 20)
EVIDENCE_BYTES = 5 * 1024 * 1024


class Fund(ScopedModel):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    budget_cap = models.DecimalField(
        _("budget cap (yuan)"),
        max_digits=12,
        decimal_places=2,
        validators=[Between(*MONEY, field=_("budget cap (yuan)"))],
    )

    region_field = "region_id"

    class Meta:
        verbose_name = _("subsidy fund")
        verbose_name_plural = _("subsidy funds")
        constraints = [
            between(
                "budget_cap",
                *MONEY,
                field=_("budget cap (yuan)"),
                constraint="fund_budget_cap_range",
                nullable=False,
            )
        ]

    def __str__(self) -> str:
        return self.name


class Beneficiary(models.TextChoices):
    PERSON = "person", _("a person")
    EMPLOYER = "employer", _("an employer")


class Policy(ScopedModel):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT)
    budget_cap = models.DecimalField(
        _("policy budget cap (yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[Between(*MONEY, field=_("policy budget cap (yuan)"))],
    )
    beneficiary = models.CharField(
        _("paid to"), max_length=10, choices=Beneficiary.choices, default=Beneficiary.PERSON
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("subsidy policy")
        verbose_name_plural = _("subsidy policies")
        ordering = ["region_id", "code"]
        constraints = [
            between(
                "budget_cap",
                *MONEY,
                field=_("policy budget cap (yuan)"),
                constraint="policy_budget_cap_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def published(self):
        # The base manager: the portal (no area) reads policies too.
        rows = PolicyVersion._base_manager.filter(
            policy=self, status=PolicyVersion.Status.PUBLISHED
        )
        return rows.order_by("-number").first()


class PolicyVersion(ScopedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        RETIRED = "retired", _("replaced")

    class AmountKind(models.TextChoices):
        FIXED = eligibility.FIXED, _("fixed amount")
        PER_MONTH = eligibility.PER_MONTH, _("per month")
        PER_LEVEL = eligibility.PER_LEVEL, _("by certificate level")
        SHARE = eligibility.SHARE, _("share of an amount")

    class Once(models.TextChoices):
        PERSON = "person", _("once per person")
        PERIOD = "period", _("once per period")

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(
        _("version"), validators=[Between(1, 1000, field=_("version"))]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    starts_on = models.DateField(_("window opens"), validators=[stored_dates(_("window opens"))])
    ends_on = models.DateField(_("window closes"), validators=[stored_dates(_("window closes"))])
    amount_kind = models.CharField(
        _("amount kind"), max_length=10, choices=AmountKind.choices, default=AmountKind.FIXED
    )
    amount = models.DecimalField(
        _("amount (yuan, or share)"),
        max_digits=12,
        decimal_places=2,
        validators=[Between(*AMOUNT, field=_("amount (yuan, or share)"))],
    )
    level_amounts = models.JSONField(_("amount by certificate level"), default=dict, blank=True)
    once = models.CharField(_("how often"), max_length=8, choices=Once.choices, default=Once.PERSON)
    max_claims = models.PositiveSmallIntegerField(
        _("claims per person at most"),
        default=1,
        validators=[Between(*MAX_CLAIMS, field=_("claims per person at most"))],
    )
    evidence = models.CharField(_("evidence required"), max_length=300, blank=True)
    approval_levels = models.PositiveSmallIntegerField(
        _("approval levels"), default=3, validators=[Between(*LEVELS, field=_("approval levels"))]
    )
    notice_days = models.PositiveSmallIntegerField(
        _("public notice (days)"),
        default=7,
        validators=[Between(*NOTICE_DAYS, field=_("public notice (days)"))],
    )
    conditions = models.JSONField(_("eligibility conditions"), default=list)
    compliance = models.JSONField(_("compliance conditions"), default=list, blank=True)
    assumption = models.TextField(_("written assumptions"), blank=True)
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    region_field = "policy__region_id"

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["policy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="one_version_number"),
            models.UniqueConstraint(
                fields=["policy"],
                condition=Q(status="published"),
                name="one_published_version",
            ),
            between("number", 1, 1000, field=_("version"), constraint="version_number_range"),
            between(
                "amount",
                *AMOUNT,
                field=_("amount (yuan, or share)"),
                constraint="version_amount_range",
                nullable=False,
            ),
            between(
                "max_claims",
                *MAX_CLAIMS,
                field=_("claims per person at most"),
                constraint="version_max_claims_range",
                nullable=False,
            ),
            between(
                "approval_levels",
                *LEVELS,
                field=_("approval levels"),
                constraint="version_levels_range",
                nullable=False,
            ),
            between(
                "notice_days",
                *NOTICE_DAYS,
                field=_("public notice (days)"),
                constraint="version_notice_range",
                nullable=False,
            ),
            stored_date(
                "starts_on",
                field=_("window opens"),
                constraint="version_starts_range",
                nullable=False,
            ),
            stored_date(
                "ends_on", field=_("window closes"), constraint="version_ends_range", nullable=False
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="version_window_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy} v{self.number}"

    @property
    def steps(self) -> list[str]:
        """The levels that decide, bottom first: village → town → county."""
        return ["village", "town", "county"][3 - self.approval_levels :]


class Candidate(ScopedModel):
    """A person the scan found eligible under a published version, not yet applied for."""

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="candidates")
    worker = models.ForeignKey("workers.Worker", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    explanation = models.JSONField(default=dict)
    found_at = models.DateTimeField(_("found at"), default=timezone.now)

    region_field = "region_id"

    class Meta:
        verbose_name = _("subsidy candidate")
        verbose_name_plural = _("subsidy candidates")
        constraints = [
            models.UniqueConstraint(fields=["version", "worker"], name="one_candidate_per_version")
        ]


class Invitation(ScopedModel):
    """A push campaign that invited a policy's candidates: the personal link of its message
    lands on the person's page of that policy (/m/subsidies/<policy>), not on the jobs."""

    campaign = models.OneToOneField(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="subsidy_invitation"
    )
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="invitations")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)

    region_field = "region_id"

    class Meta:
        verbose_name = _("subsidy invitation")
        verbose_name_plural = _("subsidy invitations")


class Entitlement(ScopedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("under review")
        RETURNED = "returned", _("returned for more information")
        REFUSED = "refused", _("refused")
        NOTICE = "notice", _("on public notice")
        OBJECTED = "objected", _("objection under review")
        READY = "ready", _("ready to pay")
        ON_HOLD = "on_hold", _("compliance lapsed")
        PAYING = "paying", _("in a payment batch")
        FAILED = "failed", _("payment failed: account to correct")
        PAID = "paid", _("paid")
        CANCELLED = "cancelled", _("cancelled")

    class Via(models.TextChoices):
        STAFF = "staff", _("staff on the person's behalf")
        PORTAL = "portal", _("worker portal")

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="entitlements")
    version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        "workers.Worker", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # "w<id>" or "e<id>": the one column the uniqueness of (policy, beneficiary, period) needs.
    beneficiary_key = models.CharField(max_length=20, editable=False)
    period = models.CharField(_("period"), max_length=20, default="once")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(
        _("amount (yuan)"),
        max_digits=12,
        decimal_places=2,
        validators=[Between(*AMOUNT, field=_("amount (yuan)"))],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    step = models.PositiveSmallIntegerField(
        _("approval step"), default=0, validators=[Between(0, 3, field=_("approval step"))]
    )
    facts = models.JSONField(_("facts at application"), default=dict)
    explanation = models.JSONField(_("why"), default=dict)
    via = models.CharField(_("applied through"), max_length=8, choices=Via.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    bank_account = EncryptedField(_("bank account"), kind=BANK_ACCOUNT)
    bank_account_hash = LookupHashField(source="bank_account")
    refusal_code = models.CharField(_("refusal code"), max_length=20, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    notice_ends_on = models.DateField(
        _("notice ends"), null=True, blank=True, validators=[stored_dates(_("notice ends"))]
    )
    sampled = models.BooleanField(_("drawn for a second check"), default=False)
    sample_checked = models.BooleanField(_("second check done"), default=False)
    created_at = models.DateTimeField(_("applied at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    region_field = "region_id"

    class Meta:
        verbose_name = _("subsidy entitlement")
        verbose_name_plural = _("subsidy entitlements")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "beneficiary_key", "period"], name="one_entitlement_per_period"
            ),
            models.CheckConstraint(
                condition=Q(worker__isnull=False, employer__isnull=True)
                | Q(worker__isnull=True, employer__isnull=False),
                name="entitlement_one_beneficiary",
            ),
            between(
                "amount",
                *AMOUNT,
                field=_("amount (yuan)"),
                constraint="entitlement_amount_range",
                nullable=False,
            ),
            between(
                "step",
                0,
                3,
                field=_("approval step"),
                constraint="entitlement_step_range",
                nullable=False,
            ),
            stored_date(
                "notice_ends_on", field=_("notice ends"), constraint="entitlement_notice_range"
            ),
        ]
        indexes = [models.Index(fields=["region", "status"])]

    def __str__(self) -> str:
        return f"{self.policy.name} · {self.beneficiary_name}"

    @property
    def beneficiary_name(self) -> str:
        return self.worker.name if self.worker_id else self.employer.name

    @property
    def bank_account_masked(self) -> str:
        return Entitlement._meta.get_field("bank_account").mask(self.bank_account)

    @property
    def step_level(self) -> str | None:
        steps = self.version.steps
        return steps[self.step] if self.step < len(steps) else None


class Decision(ScopedModel):
    """One step of an entitlement's history (append-only)."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned for more information")
        REFUSED = "refused", _("refused")
        OBJECTED = "objected", _("objection raised")
        UPHELD = "upheld", _("objection dismissed")
        NOTICE_PASSED = "notice_passed", _("public notice passed")
        SAMPLED = "sampled", _("drawn for a second check")
        CHECKED = "checked", _("second check passed")
        HELD = "held", _("compliance lapsed")
        ACCOUNT = "account", _("bank account corrected")
        CANCELLED = "cancelled", _("payment cancelled")

    entitlement = models.ForeignKey(Entitlement, on_delete=models.CASCADE, related_name="decisions")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=14, choices=Action.choices)
    level = models.CharField(_("level"), max_length=10, blank=True)
    code = models.CharField(_("reason code"), max_length=20, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    region_field = "region_id"

    class Meta:
        verbose_name = _("subsidy decision")
        verbose_name_plural = _("subsidy decisions")
        ordering = ["entitlement", "at", "pk"]


class Evidence(ScopedModel):
    entitlement = models.ForeignKey(Entitlement, on_delete=models.CASCADE, related_name="evidence")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(_("file"), max_length=120)
    content_type = models.CharField(max_length=40)
    content = models.BinaryField()
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    region_field = "region_id"

    class Meta:
        verbose_name = _("subsidy evidence")
        verbose_name_plural = _("subsidy evidence")


class SampleDraw(ScopedModel):
    """A recorded lottery (抽查): the seed and the share, so anyone can draw it again."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    seed = models.CharField(_("seed"), max_length=64)
    share_percent = models.PositiveSmallIntegerField(
        _("share (%)"), default=5, validators=[Between(1, 100, field=_("share (%)"))]
    )
    pool = models.JSONField(default=list)  # the entitlement ids drawn from, in order
    drawn = models.JSONField(default=list)
    drawn_at = models.DateTimeField(_("drawn at"), default=timezone.now)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "region_id"

    class Meta:
        verbose_name = _("sample draw")
        verbose_name_plural = _("sample draws")
        constraints = [
            between(
                "share_percent",
                1,
                100,
                field=_("share (%)"),
                constraint="draw_share_range",
                nullable=False,
            )
        ]


class PaymentBatch(ScopedModel):
    class Status(models.TextChoices):
        BUILT = "built", _("built")
        SENT = "sent", _("file taken for the bank")
        RETURNED = "returned", _("bank return imported")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="batches")
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("period"), max_length=7)  # YYYY-MM
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="built")
    bank_file = models.TextField(blank=True)  # Fernet token of the CSV: encrypted at rest
    downloaded_at = models.DateTimeField(_("file taken at"), null=True, blank=True)
    downloaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("built at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "region_id"

    class Meta:
        verbose_name = _("payment batch")
        verbose_name_plural = _("payment batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.fund} {self.region_id} {self.period} #{self.pk}"


class Payment(ScopedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("sent to the bank")
        PAID = "paid", _("paid")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    entitlement = models.ForeignKey(Entitlement, on_delete=models.PROTECT, related_name="payments")
    batch = models.ForeignKey(PaymentBatch, on_delete=models.PROTECT, related_name="payments")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    attempt = models.PositiveSmallIntegerField(
        _("attempt"), validators=[Between(*ATTEMPTS, field=_("attempt"))]
    )
    idempotency_key = models.CharField(max_length=80, unique=True)
    content_hash = models.CharField(max_length=64)
    reference = models.CharField(_("reference"), max_length=32, unique=True)
    amount = models.DecimalField(
        _("amount (yuan)"),
        max_digits=12,
        decimal_places=2,
        validators=[Between(*AMOUNT, field=_("amount (yuan)"))],
    )
    payee = models.CharField(_("payee"), max_length=200)
    bank_name = models.CharField(_("bank"), max_length=60)
    bank_account = EncryptedField(_("bank account"), kind=BANK_ACCOUNT)
    bank_account_hash = LookupHashField(source="bank_account")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="pending")
    failure_code = models.CharField(_("bank's reason code"), max_length=20, blank=True)
    cancel_reason = models.CharField(_("why cancelled"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)

    region_field = "region_id"

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["batch", "pk"]
        constraints = [
            # Never twice: at most one payment of an entitlement that is not failed or cancelled.
            models.UniqueConstraint(
                fields=["entitlement"],
                condition=Q(status__in=["pending", "paid"]),
                name="one_live_payment_per_entitlement",
            ),
            models.UniqueConstraint(
                fields=["entitlement", "attempt"], name="one_payment_per_attempt"
            ),
            between(
                "amount",
                *AMOUNT,
                field=_("amount (yuan)"),
                constraint="payment_amount_range",
                nullable=False,
            ),
            between(
                "attempt",
                *ATTEMPTS,
                field=_("attempt"),
                constraint="payment_attempt_range",
                nullable=False,
            ),
        ]
