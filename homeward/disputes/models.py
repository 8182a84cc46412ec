"""Labour disputes (劳动争议, issue 15): commissions, cases, parties, claims, mediation,
arbitration steps, documents and their service, legal aid, and the holiday years an
administrator adds to the deadlines calendar.

Every write goes through `services.py`; the deadlines are computed by the pure
`deadlines.py` from the dates recorded here.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from homeward.codes import bounds
from homeward.core.bounds import Between, between, stored_date, stored_dates
from homeward.crypto import PHONE, EncryptedField, LookupHashField, mask_phone
from homeward.regions.codes import province_of
from homeward.scoping import (
    NOWHERE,
    WHOLE_COUNTRY,
    PlacedArea,
    ScopedManager,
    ScopedModel,
    ScopedQuerySet,
)

from .assignments import RULE as ASSIGNED

# arbitrators and mediators see only their cases (assignments.py, through the scoped managers)
CASE_ASSIGNMENT = ("dispute_id", ASSIGNED)

MONEY = (bounds.MONTHLY_WAGE[0], 100_000_000)  # one claim: 0 … 1亿 yuan
AVERAGE_WAGE = (1_000, 10_000_000)  # a province's average annual wage, yuan


def _date(label, **kwargs):
    return models.DateField(
        label, null=True, blank=True, validators=[stored_dates(label)], **kwargs
    )


def _date_checks(prefix: str, fields: dict) -> list:
    return [
        stored_date(name, field=label, constraint=f"disputes_{prefix}_{name}_range")
        for name, label in fields.items()
    ]


# ---- the calendar an administrator extends ----


class HolidayYear(models.Model):
    """One year's State Council holiday arrangement, entered by a city administrator when it is
    published, for a year the calendar package does not hold yet (or to correct one)."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[Between(2004, 2100, field=_("year"))]
    )
    source = models.CharField(
        _("source"), max_length=200, help_text=_("e.g. 国办发明电〔2026〕X号")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("holiday year")
        verbose_name_plural = _("holiday years")
        ordering = ["year"]
        constraints = [
            between(
                "year", 2004, 2100, field=_("year"), constraint="disputes_holidayyear_year_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}"


class DayKind(models.TextChoices):
    OFF = "off", _("day off")
    WORKING = "working", _("make-up working day")


class HolidayDay(models.Model):
    year = models.ForeignKey(HolidayYear, on_delete=models.CASCADE, related_name="days")

    day = models.DateField(_("day"), unique=True, validators=[stored_dates(_("day"))])
    kind = models.CharField(_("kind"), max_length=8, choices=DayKind.choices)

    class Meta:
        verbose_name = _("holiday day")
        verbose_name_plural = _("holiday days")
        ordering = ["day"]
        constraints = [
            stored_date(
                "day", field=_("day"), constraint="disputes_holidayday_day_range", nullable=False
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()}"


# ---- the provinces' average wages the simple procedure is measured against ----


class AverageWageQuerySet(ScopedQuerySet):
    def of_area(self, area: str | None):
        """The figures an area works with: its own province's (a county commission's cases are
        measured by them), or every province's inside a wider area. Read from the base manager
        on purpose: reference data of the province above the area (docs/architecture.md)."""
        rows = self.model._base_manager.all()
        if area is NOWHERE or isinstance(area, PlacedArea):
            return rows.none()
        if area == WHOLE_COUNTRY:
            return rows
        return rows.filter(region_code=province_of(area))


class AverageWage(ScopedModel):
    """A province's average annual wage of a year (上年度职工年平均工资, yuan), the limit of the
    simple procedure (规则 art. 56 (二)) for cases received the year after. Entered and checked by
    a city or provincial administrator (`services.save_average_wage`) against the provincial
    bulletin named in `source`; `verified` says whether that was done. Reference data read for a
    case's province from every area below it (`services.average_wage_for`)."""

    region_code = models.CharField(_("province"), max_length=2)  # a province's region code
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[Between(2000, 2100, field=_("year"))]
    )
    amount = models.DecimalField(
        _("average annual wage (yuan)"),
        max_digits=10,
        decimal_places=2,
        validators=[Between(*AVERAGE_WAGE, field=_("average annual wage (yuan)"))],
    )
    source = models.CharField(_("source"), max_length=200)
    verified = models.BooleanField(_("checked against the bulletin"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    region_field = "region_code"

    objects = ScopedManager.from_queryset(AverageWageQuerySet)()

    class Meta:
        verbose_name = _("average wage")
        verbose_name_plural = _("average wages")
        ordering = ["region_code", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "year"], name="disputes_averagewage_once_a_year"
            ),
            between(
                "year", 2000, 2100, field=_("year"), constraint="disputes_averagewage_year_range"
            ),
            between(
                "amount",
                *AVERAGE_WAGE,
                field=_("average annual wage (yuan)"),
                constraint="disputes_averagewage_amount_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_code} {self.year}"


# ---- commissions and arbitrators ----


class Commission(ScopedModel):
    """A labour-dispute arbitration commission (劳动人事争议仲裁委员会) of a city or county."""

    title = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    prefix = models.CharField(_("document prefix"), max_length=20, help_text=_("e.g. 宿劳人仲案字"))
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    region_field = "region_id"

    class Meta:
        verbose_name = _("arbitration commission")
        verbose_name_plural = _("arbitration commissions")
        ordering = ["region_id", "title"]

    def __str__(self) -> str:
        return self.title


class Arbitrator(ScopedModel):
    """An arbitrator (or mediator) of a commission, with the parties they are linked to."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="arbitrators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=50)
    linked_employers = models.ManyToManyField(
        "employers.Employer", blank=True, related_name="+", verbose_name=_("linked employers")
    )
    linked_workers = models.ManyToManyField(
        "workers.Worker", blank=True, related_name="+", verbose_name=_("linked workers")
    )

    region_field = "commission__region_id"

    class Meta:
        verbose_name = _("arbitrator")
        verbose_name_plural = _("arbitrators")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


# ---- the case ----


class Source(models.TextChoices):
    PORTAL = "portal", _("filed by the worker online")
    WINDOW = "window", _("filed at the window")
    WAGE_CASE = "wage_case", _("transferred from a wage-arrears case")


class Stage(models.TextChoices):
    FILED = "filed", _("filed")
    MEDIATING = "mediating", _("in mediation")
    MEDIATED = "mediated", _("settled by mediation")
    INCOMPLETE = "incomplete", _("application incomplete")
    APPLIED = "applied", _("arbitration applied for")
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", _("not accepted")
    HEARING = "hearing", _("hearing scheduled")
    SUSPENDED = "suspended", _("suspended")
    AWARDED = "awarded", _("awarded")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_ARBITRATION = (Stage.ACCEPTED, Stage.HEARING, Stage.SUSPENDED)


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", _("ordinary procedure")
    SIMPLE = "simple", _("simple procedure")


class HearingMode(models.TextChoices):
    ROOM = "room", _("in a hearing room")
    VIDEO = "video", _("by video link")


DISPUTE_DATES = {
    "filed_on": _("filed on"),
    "known_on": _("worker knew of the infringement on"),
    "interrupted_on": _("limitation interrupted on"),
    "received_on": _("arbitration application received on"),
    "complete_on": _("application complete on"),
    "accepted_on": _("accepted on"),
    "refused_on": _("refused on"),
    "clock_started_on": _("award clock started on"),
    "copy_served_on": _("copy served to the respondent on"),
    "defence_on": _("defence received on"),
    "tribunal_on": _("tribunal formed on"),
    "hearing_on": _("hearing on"),
    "hearing_notice_on": _("hearing notice sent on"),
    "awarded_on": _("awarded on"),
    "withdrawn_on": _("application withdrawn on"),
    "closed_on": _("closed on"),
}


class Dispute(ScopedModel):
    commission = models.ForeignKey(
        Commission, verbose_name=_("commission"), on_delete=models.PROTECT, related_name="disputes"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[Between(2000, 2100, field=_("year"))]
    )
    number = models.PositiveIntegerField(
        _("case number"), validators=[Between(1, 999_999, field=_("case number"))]
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.FILED)
    worker = models.ForeignKey(
        "workers.Worker",
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="disputes",
        help_text=_("the worker who filed, or the first representative"),
    )
    employer = models.ForeignKey(
        "employers.Employer",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disputes",
    )
    employer_name = models.CharField(_("employer name"), max_length=200)
    employer_uscc = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    facts = models.TextField(_("facts and reasons"), max_length=5000)
    transferred_from = models.CharField(_("wage case"), max_length=50, blank=True)
    is_collective = models.BooleanField(_("collective case"), default=False)
    procedure = models.CharField(
        _("procedure"), max_length=10, choices=Procedure.choices, default=Procedure.ORDINARY
    )
    # the average wage the simple procedure was measured against at acceptance, and its amount
    # then (the row may be corrected later; the decision stays with the figure it used)
    average_wage = models.ForeignKey(
        AverageWage,
        verbose_name=_("average wage used"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    average_wage_amount = models.DecimalField(
        _("average wage used (yuan)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[Between(*AVERAGE_WAGE, field=_("average wage used (yuan)"))],
    )
    filed_on = models.DateField(_("filed on"), validators=[stored_dates(_("filed on"))])
    known_on = _date(_("worker knew of the infringement on"))
    # 法 art. 27: a claim made to the employer, a complaint, or the employer agreeing to pay
    interrupted_on = _date(_("limitation interrupted on"))
    interruption = models.CharField(
        _("what interrupted the limitation"), max_length=200, blank=True
    )
    limitation_warning = models.BooleanField(_("limitation may have run"), default=False)
    received_on = _date(_("arbitration application received on"))
    missing = models.TextField(_("materials missing"), blank=True)
    complete_on = _date(_("application complete on"))
    accepted_on = _date(_("accepted on"))
    refused_on = _date(_("refused on"))
    refusal_reason = models.TextField(_("reason for not accepting"), blank=True)
    clock_started_on = _date(_("award clock started on"))
    copy_served_on = _date(_("copy served to the respondent on"))
    defence_on = _date(_("defence received on"))
    defence = models.TextField(_("defence"), max_length=5000, blank=True)
    tribunal_on = _date(_("tribunal formed on"))
    is_sole_arbitrator = models.BooleanField(_("sole arbitrator"), default=True)
    hearing_on = _date(_("hearing on"))
    hearing_notice_on = _date(_("hearing notice sent on"))
    hearing_mode = models.CharField(
        _("hearing mode"), max_length=8, choices=HearingMode.choices, blank=True
    )
    hearing_place = models.CharField(_("room or video link"), max_length=200, blank=True)
    extended = models.BooleanField(_("award limit extended"), default=False)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    awarded_on = _date(_("awarded on"))
    withdrawn_on = _date(_("application withdrawn on"))
    withdrawal_reason = models.TextField(
        _("reason for withdrawing the application"), max_length=500, blank=True
    )
    closed_on = _date(_("closed on"))
    amount_recovered = models.DecimalField(
        _("amount recovered"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[Between(*MONEY, field=_("amount recovered"))],
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    region_field = "commission__region_id"
    assignment = ("id", ASSIGNED)

    class Meta:
        verbose_name = _("labour dispute")
        verbose_name_plural = _("labour disputes")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "year", "number"], name="disputes_dispute_number_once"
            ),
            between("year", 2000, 2100, field=_("year"), constraint="disputes_dispute_year_range"),
            between(
                "average_wage_amount",
                *AVERAGE_WAGE,
                field=_("average wage used (yuan)"),
                constraint="disputes_dispute_average_wage_amount_range",
            ),
            between(
                "number",
                1,
                999_999,
                field=_("case number"),
                constraint="disputes_dispute_number_range",
            ),
            between(
                "amount_recovered",
                *MONEY,
                field=_("amount recovered"),
                constraint="disputes_dispute_recovered_range",
            ),
            *_date_checks("dispute", DISPUTE_DATES),
        ]

    def __str__(self) -> str:
        return self.case_number

    @property
    def case_number(self) -> str:
        return f"{self.commission.prefix}〔{self.year}〕第 {self.number} 号"

    @property
    def total_claimed(self):
        return sum((c.amount for c in self.claims.all()), start=0)

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    @property
    def is_priority(self) -> bool:
        """Collective cases are accepted and heard first (规则 art. 62)."""
        return self.is_collective


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", _("applicant")
    RESPONDENT = "respondent", _("respondent")
    AGENT = "agent", _("agent")


class AgentKind(models.TextChoices):
    """Who may act for a party (法 art. 24, 规则 art. 18): with a signed authorisation."""

    LAWYER = "lawyer", pgettext_lazy("agent", "lawyer")
    LEGAL_AID = "legal_aid", pgettext_lazy("agent", "legal-aid lawyer")
    RELATIVE = "relative", pgettext_lazy("agent", "close relative")
    UNION = "union", pgettext_lazy("agent", "trade union")
    EMPLOYEE = "employee", pgettext_lazy("agent", "staff of the employer")


AGENTS_PER_PARTY = 2  # 规则 art. 18: one or two agents
# whom the respondent employer may appoint itself on the employer portal (法 art. 24 / 民诉法
# art. 61: a lawyer or its own staff); the other kinds are entered by the commission's staff
EMPLOYER_AGENT_KINDS = (AgentKind.LAWYER, AgentKind.EMPLOYEE)


class Party(ScopedModel):
    """A person or unit in a case: each worker of a collective case, the employer, an agent.

    An agent names the party it acts for (`principal`), its kind and the authorisation document
    (授权委托书; for a legal-aid lawyer the centre's letter) as its bytes. An applicant who joined
    after the filing carries the day (`joined_on`)."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("role"), max_length=10, choices=PartyRole.choices)
    worker = models.ForeignKey(
        "workers.Worker", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    phone = EncryptedField(_("mobile phone"), kind=PHONE, blank=True)
    phone_hash = LookupHashField(source="phone")
    is_representative = models.BooleanField(_("representative"), default=False)
    joined_on = _date(_("joined the case on"))
    principal = models.ForeignKey(
        "self",
        verbose_name=_("acts for"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agents",
    )
    agent_kind = models.CharField(
        _("kind of agent"), max_length=10, choices=AgentKind.choices, blank=True
    )
    authorisation = models.BinaryField(_("authorisation document"), null=True, blank=True)
    authorisation_type = models.CharField(_("type"), max_length=40, blank=True)
    authorisation_name = models.CharField(_("file"), max_length=120, blank=True)
    # an agent removed from the case (解除委托) stays on record with when and why
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=200, blank=True)

    region_field = "dispute__commission__region_id"
    assignment = CASE_ASSIGNMENT

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["dispute", "role", "pk"]
        constraints = [
            stored_date(
                "joined_on",
                field=_("joined the case on"),
                constraint="disputes_party_joined_on_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def is_acting(self) -> bool:
        """An agent not withdrawn (every other party is always in the case)."""
        return self.withdrawn_at is None


class ClaimKind(models.TextChoices):
    WAGES = "wages", _("unpaid wages")
    OVERTIME = "overtime", _("overtime pay")
    COMPENSATION = "compensation", _("economic compensation")
    INJURY = "injury", _("work injury")
    CONTRACT = "contract", _("labour contract")
    SOCIAL_INSURANCE = "social_insurance", _("social insurance")


# 法 art. 47 (1): the money claims an award may decide finally when within the limit.
FINAL_WHEN_SMALL = (ClaimKind.WAGES, ClaimKind.OVERTIME, ClaimKind.COMPENSATION, ClaimKind.INJURY)


class Claim(ScopedModel):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField(_("claim"), max_length=20, choices=ClaimKind.choices)
    amount = models.DecimalField(
        _("amount claimed"),
        max_digits=12,
        decimal_places=2,
        validators=[Between(*MONEY, field=_("amount claimed"))],
    )
    awarded = models.DecimalField(
        _("amount awarded"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[Between(*MONEY, field=_("amount awarded"))],
    )
    is_final = models.BooleanField(_("final award (一裁终局)"), null=True, blank=True)

    region_field = "dispute__commission__region_id"
    assignment = CASE_ASSIGNMENT

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["dispute", "pk"]
        constraints = [
            between(
                "amount",
                *MONEY,
                field=_("amount claimed"),
                constraint="disputes_claim_amount_range",
            ),
            between(
                "awarded",
                *MONEY,
                field=_("amount awarded"),
                constraint="disputes_claim_awarded_range",
            ),
        ]


class MediatorKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("enterprise mediation committee")
    TOWN = "town", _("town mediation organisation")
    COMMISSION = "commission", _("arbitration commission mediator")


class MediationMode(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("by phone")
    VIDEO = "video", _("by video")


class MediationOutcome(models.TextChoices):
    OPEN = "open", _("under way")
    AGREED = "agreed", _("agreement reached")
    FAILED = "failed", _("failed")


class Mediation(ScopedModel):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="mediations")
    mediator_kind = models.CharField(_("mediator"), max_length=12, choices=MediatorKind.choices)
    mode = models.CharField(_("mode"), max_length=10, choices=MediationMode.choices)
    mediator_name = models.CharField(_("mediator's name"), max_length=50)
    mediator = models.ForeignKey(
        "Arbitrator",
        verbose_name=_("commission mediator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mediations",
    )
    started_on = models.DateField(
        _("mediation applied on"), validators=[stored_dates(_("mediation applied on"))]
    )
    outcome = models.CharField(
        _("outcome"), max_length=8, choices=MediationOutcome.choices, default=MediationOutcome.OPEN
    )
    closed_on = _date(_("mediation closed on"))
    agreed_amount = models.DecimalField(
        _("amount agreed"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[Between(*MONEY, field=_("amount agreed"))],
    )
    terms = models.TextField(_("terms agreed"), blank=True, max_length=3000)

    region_field = "dispute__commission__region_id"
    assignment = CASE_ASSIGNMENT

    class Meta:
        verbose_name = _("mediation")
        verbose_name_plural = _("mediations")
        ordering = ["dispute", "started_on", "pk"]
        constraints = [
            stored_date(
                "started_on",
                field=_("mediation applied on"),
                constraint="disputes_mediation_started_on_range",
                nullable=False,
            ),
            stored_date(
                "closed_on",
                field=_("mediation closed on"),
                constraint="disputes_mediation_closed_on_range",
            ),
            between(
                "agreed_amount",
                *MONEY,
                field=_("amount agreed"),
                constraint="disputes_mediation_agreed_range",
            ),
        ]


class Suspension(ScopedModel):
    """A suspension of the award clock (规则 art. 46): its days are not counted."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="suspensions")
    reason = models.CharField(_("reason"), max_length=200)
    started_on = models.DateField(_("suspended on"), validators=[stored_dates(_("suspended on"))])
    ended_on = _date(_("resumed on"))

    region_field = "dispute__commission__region_id"
    assignment = CASE_ASSIGNMENT

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        ordering = ["dispute", "started_on"]
        constraints = [
            stored_date(
                "started_on",
                field=_("suspended on"),
                constraint="disputes_suspension_started_on_range",
                nullable=False,
            ),
            stored_date(
                "ended_on", field=_("resumed on"), constraint="disputes_suspension_ended_on_range"
            ),
        ]


class TribunalSeat(ScopedModel):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="tribunal")
    arbitrator = models.ForeignKey(Arbitrator, on_delete=models.PROTECT, related_name="seats")
    is_presiding = models.BooleanField(_("presiding arbitrator"), default=False)

    region_field = "dispute__commission__region_id"
    assignment = CASE_ASSIGNMENT

    class Meta:
        verbose_name = _("tribunal seat")
        verbose_name_plural = _("tribunal seats")
        constraints = [
            models.UniqueConstraint(fields=["dispute", "arbitrator"], name="disputes_seat_once")
        ]


class DocumentKind(models.TextChoices):
    APPLICATION = "application", _("arbitration application")
    ACCEPTANCE = "acceptance", _("notice of acceptance")
    REFUSAL = "refusal", _("notice of non-acceptance")
    EVIDENCE = "evidence", _("notice to produce evidence")
    HEARING = "hearing", _("notice of hearing")
    MEDIATION = "mediation", _("mediation agreement")
    AWARD_FINAL = "award_final", _("award (final items)")
    AWARD = "award", _("award")
    REVIEW = "review", _("mediation statement after review")
    REVIEW_REFUSAL = "review_refusal", _("decision not to confirm a mediation agreement")


class Document(ScopedModel):
    """A generated Word document of a case (docxtpl), kept as its bytes."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=16, choices=DocumentKind.choices)
    content = models.BinaryField(_("content"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    region_field = "dispute__commission__region_id"
    assignment = CASE_ASSIGNMENT

    class Meta:
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        ordering = ["dispute", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}"

    @property
    def filename(self) -> str:
        return f"{self.dispute.year}-{self.dispute.number}-{self.kind}.docx"

    @property
    def pdf_filename(self) -> str:
        return self.filename.removesuffix(".docx") + ".pdf"


class ServiceMethod(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    POST = "post", _("by post")
    ELECTRONIC = "electronic", _("electronically (portal)")


class Service(ScopedModel):
    """A document served on a party (送达). Electronic service is done when the party confirms
    receipt in the portal; the time and device are recorded and the date is `served_on`."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="services")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="services")
    method = models.CharField(_("method"), max_length=10, choices=ServiceMethod.choices)
    sent_on = models.DateField(_("sent on"), validators=[stored_dates(_("sent on"))])
    served_on = _date(_("served on"))
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("receipt confirmed at"), null=True, blank=True)
    device = models.CharField(_("device"), max_length=300, blank=True)
    confirmed_by_employer_user = models.ForeignKey(
        "employers.EmployerUser",
        verbose_name=_("confirmed by the employer's user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    region_field = "document__dispute__commission__region_id"
    assignment = ("document__dispute_id", ASSIGNED)

    class Meta:
        verbose_name = _("service of a document")
        verbose_name_plural = _("services of documents")
        ordering = ["document", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["document", "party"], name="disputes_served_once"),
            stored_date(
                "sent_on",
                field=_("sent on"),
                constraint="disputes_service_sent_on_range",
                nullable=False,
            ),
            stored_date(
                "served_on", field=_("served on"), constraint="disputes_service_served_on_range"
            ),
        ]


class AidCentre(models.TextChoices):
    CENTRE = "centre", _("legal-aid centre")
    LAWYERS = "lawyers", _("migrant workers' lawyers group")
    DESTINATION = "destination", _("legal aid of the destination city")
    STATION = "station", _("out-of-city service station")


class AidDecision(models.TextChoices):
    PENDING = "pending", _("awaiting decision")
    GRANTED = "granted", _("granted")
    REFUSED = "refused", _("refused")


class LegalAid(ScopedModel):
    """A referral to legal aid (法律援助法 arts. 42–44): decided in 7 days, a lawyer in 3 more."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="legal_aid")
    centre = models.CharField(_("referred to"), max_length=12, choices=AidCentre.choices)
    destination = models.ForeignKey(
        "regions.Region",
        verbose_name=_("destination area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    referred_on = models.DateField(_("referred on"), validators=[stored_dates(_("referred on"))])
    means_test_exempt = models.BooleanField(_("exempt from the means test"), default=False)
    decision = models.CharField(
        _("decision"), max_length=8, choices=AidDecision.choices, default=AidDecision.PENDING
    )
    decided_on = _date(_("decided on"))
    assigned_on = _date(_("lawyer assigned on"))
    lawyer = models.CharField(_("lawyer"), max_length=50, blank=True)

    region_field = "dispute__commission__region_id"
    assignment = CASE_ASSIGNMENT

    class Meta:
        verbose_name = _("legal-aid referral")
        verbose_name_plural = _("legal-aid referrals")
        ordering = ["dispute", "referred_on"]
        constraints = [
            stored_date(
                "referred_on",
                field=_("referred on"),
                constraint="disputes_legalaid_referred_on_range",
                nullable=False,
            ),
            stored_date(
                "decided_on", field=_("decided on"), constraint="disputes_legalaid_decided_on_range"
            ),
            stored_date(
                "assigned_on",
                field=_("lawyer assigned on"),
                constraint="disputes_legalaid_assigned_on_range",
            ),
        ]


def has_final_limit(claim_kind: str) -> bool:
    return claim_kind in FINAL_WHEN_SMALL


EVIDENCE_BYTES = 5 * 1024 * 1024  # one file: 5 MB
EVIDENCE_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}


class Evidence(ScopedModel):
    """A piece of evidence (a photo or a PDF) handed in by a party in the portal or by staff,
    kept as its bytes with who submitted it and when."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="evidence")
    filename = models.CharField(_("file"), max_length=120)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(
        pgettext_lazy("file", "size"),
        validators=[Between(1, EVIDENCE_BYTES, field=pgettext_lazy("file", "size"))],
    )
    content = models.BinaryField(_("content"))
    description = models.CharField(_("what it proves"), max_length=200, blank=True)
    party = models.ForeignKey(
        Party,
        verbose_name=_("submitted by the party"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    region_field = "dispute__commission__region_id"
    assignment = CASE_ASSIGNMENT

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["dispute", "submitted_at", "pk"]
        constraints = [
            between(
                "size",
                1,
                EVIDENCE_BYTES,
                field=_("size"),
                constraint="disputes_evidence_size_range",
            )
        ]

    def __str__(self) -> str:
        return self.filename


class ReviewOutcome(models.TextChoices):
    PENDING = "pending", _("under review")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("not confirmed")


class MediationReview(ScopedModel):
    """The commission's review of an agreement reached before a mediation organisation (调解协议的
    仲裁审查, 规则 arts. 74–76): applied for jointly within 15 days of the agreement, reviewed in
    5 working days of acceptance (5 more with the chair's approval); a confirmed agreement
    becomes the commission's 调解书."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="reviews")
    mediation = models.ForeignKey(Mediation, on_delete=models.PROTECT, related_name="reviews")
    applied_on = models.DateField(
        _("review applied for on"), validators=[stored_dates(_("review applied for on"))]
    )
    accepted_on = _date(_("review accepted on"))
    extended = models.BooleanField(_("review period extended"), default=False)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=ReviewOutcome.choices, default=ReviewOutcome.PENDING
    )
    decided_on = _date(_("review decided on"))
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    reviewer = models.ForeignKey(
        Arbitrator,
        verbose_name=_("reviewing arbitrator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    region_field = "dispute__commission__region_id"
    assignment = CASE_ASSIGNMENT

    class Meta:
        verbose_name = _("review of a mediation agreement")
        verbose_name_plural = _("reviews of mediation agreements")
        ordering = ["dispute", "applied_on", "pk"]
        constraints = [
            stored_date(
                "applied_on",
                field=_("review applied for on"),
                constraint="disputes_review_applied_on_range",
                nullable=False,
            ),
            stored_date(
                "accepted_on",
                field=_("review accepted on"),
                constraint="disputes_review_accepted_on_range",
            ),
            stored_date(
                "decided_on",
                field=_("review decided on"),
                constraint="disputes_review_decided_on_range",
            ),
        ]
