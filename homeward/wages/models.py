"""Wage protection (根治欠薪, issue 14): construction projects and what the 条例 requires before
work starts, the real-name roster, attendance, the append-only payroll ledger, the warnings the
rules raise, the cases they open, arrears clues from workers, and the arrears blacklist.

Every model is scoped by the project's (or the case's) place. The payroll ledger is append-only:
database triggers refuse UPDATE and DELETE (`wages/triggers.py`, installed by migration 0002) and
each row carries a keyed hash chaining it to the row before (`wages/chain.py`).
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from homeward.codes import bounds
from homeward.core.bounds import Between, between, stored_date, stored_dates
from homeward.crypto import (
    BANK_ACCOUNT,
    ID_NUMBER,
    PHONE,
    EncryptedField,
    LookupHashField,
    mask_bank_account,
    mask_id_number,
)
from homeward.regions.codes import county_of, province_of
from homeward.scoping import ScopedManager, ScopedModel

MONEY = (Decimal(0), Decimal("9999999999.99"))  # DecimalField(12, 2)
PAYMENT = (Decimal(0), Decimal(10_000_000))  # one payroll row (a team's wages to its leader)
DAYS = (Decimal(0), Decimal(31))
CYCLE_DAYS = (1, 366)
PEOPLE = (1, 100_000)
RATE = (Decimal(0), Decimal("0.10"))
LATITUDE = (Decimal("3.5"), Decimal("53.6"))  # China's extent, for a project's site on the map
LONGITUDE = (Decimal("73.5"), Decimal("135.1"))


def _money_field(label, *, null=False, high=MONEY, **kwargs):
    return models.DecimalField(
        label,
        max_digits=12,
        decimal_places=2,
        null=null,
        blank=null,
        validators=[Between(*high, field=label)],
        **kwargs,
    )


def _date_field(label, *, null=False, **kwargs):
    return models.DateField(
        label, null=null, blank=null, validators=[stored_dates(label)], **kwargs
    )


class ProjectStatus(models.TextChoices):
    BUILDING = "building", _("under construction")
    COMPLETED = "completed", pgettext_lazy("wages", "completed")
    STOPPED = "stopped", _("stopped")


class DepositForm(models.TextChoices):
    CASH = "cash", _("cash deposit")
    GUARANTEE = "guarantee", _("bank guarantee")
    EXEMPT = "exempt", _("exempt")


class Project(ScopedModel):
    """A construction project (在建工程项目) of the area, with the 条例's prerequisites."""

    code = models.CharField(_("project code"), max_length=40, unique=True)
    name = models.CharField(_("project name"), max_length=200)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=pgettext_lazy("wages", "place"),
        on_delete=models.PROTECT,
        related_name="wage_projects",
    )
    owner = models.CharField(_("owner (construction unit)"), max_length=200)
    contractor = models.ForeignKey(
        "employers.Employer",
        verbose_name=_("general contractor"),
        on_delete=models.PROTECT,
        related_name="wage_projects",
    )
    contract_value = _money_field(_("contract value"))
    start_on = _date_field(_("start date"))
    planned_end_on = _date_field(_("planned completion"), null=True)
    ended_on = _date_field(pgettext_lazy("wages", "completed on"), null=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.BUILDING
    )
    # What the 条例 requires (arts. 24, 26, 28, 32, 34; 建筑业按项目参加工伤保险)
    labour_officer = models.CharField(_("labour officer (劳资专管员)"), max_length=50, blank=True)
    account_bank = models.CharField(_("wage special account bank"), max_length=100, blank=True)
    account_number = EncryptedField(_("wage special account number"), kind=BANK_ACCOUNT)
    account_number_hash = LookupHashField(source="account_number")
    labour_cost_cycle_days = models.PositiveSmallIntegerField(
        _("labour-cost payment cycle (days)"),
        null=True,
        blank=True,
        validators=[Between(*CYCLE_DAYS, field=_("labour-cost payment cycle (days)"))],
    )
    deposit_amount = _money_field(_("wage deposit"), null=True)
    deposit_form = models.CharField(
        _("wage deposit form"), max_length=10, choices=DepositForm.choices, blank=True
    )
    notice_board_photo = models.FileField(
        _("rights notice board photo"), upload_to="wages/boards/", blank=True
    )
    injury_insurance_policy = models.CharField(
        _("project work-injury insurance policy"), max_length=60, blank=True
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[Between(*LATITUDE, field=_("latitude"))],
        help_text=_("Where the site is, for the map (both or neither)."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[Between(*LONGITUDE, field=_("longitude"))],
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    region_field = "region_id"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("construction project")
        verbose_name_plural = _("construction projects")
        ordering = ["code"]
        constraints = [
            between(
                "contract_value",
                *MONEY,
                field=_("contract value"),
                constraint="wages_project_value_range",
                nullable=False,
            ),
            between(
                "deposit_amount",
                *MONEY,
                field=_("wage deposit"),
                constraint="wages_project_deposit_range",
            ),
            between(
                "labour_cost_cycle_days",
                *CYCLE_DAYS,
                field=_("labour-cost payment cycle (days)"),
                constraint="wages_project_cycle_range",
            ),
            stored_date("start_on", field=_("start date"), constraint="wages_project_start_range"),
            stored_date(
                "planned_end_on",
                field=_("planned completion"),
                constraint="wages_project_planned_range",
            ),
            stored_date(
                "ended_on",
                field=pgettext_lazy("wages", "completed on"),
                constraint="wages_project_ended_range",
            ),
            between(
                "latitude", *LATITUDE, field=_("latitude"), constraint="wages_project_lat_range"
            ),
            between(
                "longitude",
                *LONGITUDE,
                field=_("longitude"),
                constraint="wages_project_lon_range",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="wages_project_position_whole",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def county_code(self) -> str:
        return county_of(self.region_id)

    @property
    def masked_account_number(self) -> str:
        return mask_bank_account(self.account_number)

    def deposit_rate(self) -> Decimal:
        rates = getattr(settings, "HOMEWARD_WAGES_DEPOSIT_RATES", {})
        return Decimal(str(rates.get(province_of(self.region_id), rates.get("", "0.02"))))

    def deposit_required(self) -> Decimal:
        return (self.contract_value * self.deposit_rate()).quantize(Decimal("0.01"))

    def prerequisites(self) -> list[tuple[str, bool, str]]:
        """(what, present, shown) for each item the 条例 requires, in the page's order."""
        cycle = self.labour_cost_cycle_days
        deposit_ok = self.deposit_form == DepositForm.EXEMPT or (
            bool(self.deposit_form)
            and self.deposit_amount is not None
            and self.deposit_amount >= self.deposit_required()
        )
        return [
            (_("labour officer (劳资专管员)"), bool(self.labour_officer), self.labour_officer),
            (
                _("wage special account"),
                bool(self.account_bank and self.account_number),
                f"{self.account_bank} {self.masked_account_number}".strip(),
            ),
            (
                _("labour-cost payment cycle of at most one month"),
                cycle is not None and cycle <= 31,
                f"{cycle}" if cycle is not None else "",
            ),
            (
                _("wage deposit"),
                deposit_ok,
                f"{self.deposit_amount or ''} {self.get_deposit_form_display()}".strip(),
            ),
            (_("rights notice board photo"), bool(self.notice_board_photo), ""),
            (
                _("project work-injury insurance"),
                bool(self.injury_insurance_policy),
                self.injury_insurance_policy,
            ),
        ]

    @property
    def missing(self) -> list[str]:
        return [str(what) for what, present, _shown in self.prerequisites() if not present]

    @property
    def is_ready(self) -> bool:
        return not self.missing


class Subcontractor(ScopedModel):
    """A subcontractor or labour team (班组) on a project."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="subcontractors"
    )
    name = models.CharField(_("subcontractor or team"), max_length=200)
    uscc = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    leader = models.CharField(_("team leader"), max_length=50, blank=True)

    region_field = "project__region_id"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("subcontractor or team")
        verbose_name_plural = _("subcontractors and teams")
        ordering = ["project", "name"]

    def __str__(self) -> str:
        return self.name


class WageBasis(models.TextChoices):
    MONTH = "month", _("per month")
    DAY = "day", _("per day")


class RosterEntry(ScopedModel):
    """One person on a project's real-name roster (实名制花名册)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="roster"
    )
    worker = models.ForeignKey(
        "workers.Worker",
        verbose_name=_("registry record"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wage_roster",
    )
    name = models.CharField(_("name"), max_length=50)
    id_number = EncryptedField(_("ID number"), kind=ID_NUMBER)
    id_number_hash = LookupHashField(source="id_number")
    phone = EncryptedField(_("mobile phone"), kind=PHONE)
    phone_hash = LookupHashField(source="phone")
    team = models.CharField(_("team"), max_length=100, blank=True)
    contract_signed = models.BooleanField(_("labour contract signed"), default=False)
    contract_signed_on = _date_field(_("contract signed on"), null=True)
    wage_basis = models.CharField(_("wage basis"), max_length=5, choices=WageBasis.choices)
    agreed_wage = _money_field(_("agreed wage"))
    joined_on = _date_field(_("joined on"))
    left_on = _date_field(pgettext_lazy("wages", "left on"), null=True)

    region_field = "project__region_id"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("roster entry")
        verbose_name_plural = _("roster entries")
        ordering = ["project", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "id_number_hash"], name="wages_roster_once_per_project"
            ),
            models.CheckConstraint(
                condition=Q(agreed_wage__gte=0)
                & (
                    Q(wage_basis="month", agreed_wage__lte=bounds.MONTHLY_WAGE[1])
                    | Q(wage_basis="day", agreed_wage__lte=bounds.DAY_RATE[1])
                ),
                name="wages_roster_agreed_wage_range",
                violation_error_message=_("The agreed wage is out of range."),
            ),
            stored_date(
                "contract_signed_on",
                field=_("contract signed on"),
                constraint="wages_roster_signed_range",
            ),
            stored_date("joined_on", field=_("joined on"), constraint="wages_roster_joined_range"),
            stored_date(
                "left_on",
                field=pgettext_lazy("wages", "left on"),
                constraint="wages_roster_left_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {mask_id_number(self.id_number)}"


class Attendance(ScopedModel):
    """Days worked by one person in one month on a project; a correction is a new row (the
    newest row of a person and month counts)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="attendance"
    )
    entry = models.ForeignKey(
        RosterEntry, verbose_name=_("person"), on_delete=models.PROTECT, related_name="attendance"
    )
    month = _date_field(_("month"))  # its first day
    days = models.DecimalField(
        _("days worked"),
        max_digits=5,
        decimal_places=2,
        validators=[Between(*DAYS, field=_("days worked"))],
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    region_field = "project__region_id"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["project", "entry", "month", "pk"]
        constraints = [
            between(
                "days",
                *DAYS,
                field=_("days worked"),
                constraint="wages_attendance_days_range",
                nullable=False,
            ),
            stored_date("month", field=_("month"), constraint="wages_attendance_month_range"),
        ]


class PayrollEntry(ScopedModel):
    """One line of the payroll ledger (工资支付台账, 条例 art. 15). Append-only: the database
    refuses UPDATE and DELETE; `row_hash` chains each row to the one before under the keyed hash.
    """

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="payroll"
    )
    entry = models.ForeignKey(
        RosterEntry, verbose_name=_("person"), on_delete=models.PROTECT, related_name="payroll"
    )
    employer_name = models.CharField(_("paying employer"), max_length=200)
    month = _date_field(_("pay period"))  # its first day
    paid_on = _date_field(_("pay date"))
    name = models.CharField(_("name"), max_length=50)
    id_number = EncryptedField(_("ID number"), kind=ID_NUMBER)
    id_number_hash = LookupHashField(source="id_number")
    phone = EncryptedField(_("mobile phone"), kind=PHONE)
    phone_hash = LookupHashField(source="phone")
    days_worked = models.DecimalField(
        _("working time (days)"),
        max_digits=5,
        decimal_places=2,
        validators=[Between(*DAYS, field=_("working time (days)"))],
    )
    amounts_due = models.JSONField(_("amounts due by item"), default=dict, blank=True)
    deductions = models.JSONField(_("deductions by item"), default=dict, blank=True)
    net_paid = _money_field(_("net paid"), high=PAYMENT)
    bank_voucher = models.CharField(_("bank voucher"), max_length=80, blank=True)
    from_special_account = models.BooleanField(_("paid from the special account"), default=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.CharField(
        pgettext_lazy("wages", "recorded by"), max_length=150, blank=True
    )
    previous_hash = models.CharField(max_length=64, editable=False)
    row_hash = models.CharField(max_length=64, editable=False, unique=True)

    region_field = "project__region_id"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("payroll entry")
        verbose_name_plural = _("payroll ledger")
        ordering = ["pk"]
        constraints = [
            between(
                "net_paid",
                *PAYMENT,
                field=_("net paid"),
                constraint="wages_payroll_net_range",
                nullable=False,
            ),
            between(
                "days_worked",
                *DAYS,
                field=_("working time (days)"),
                constraint="wages_payroll_days_range",
                nullable=False,
            ),
            stored_date("month", field=_("pay period"), constraint="wages_payroll_month_range"),
            stored_date("paid_on", field=_("pay date"), constraint="wages_payroll_paid_range"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.month:%Y-%m} {self.net_paid}"


class Level(models.TextChoices):
    RED = "red", _("red")
    ORANGE = "orange", _("orange")
    YELLOW = "yellow", _("yellow")


class WarningState(models.TextChoices):
    OPEN = "open", pgettext_lazy("wages", "open")
    CLEARED = "cleared", _("cleared by the data")
    CLOSED = "closed", _("closed by an action")


class WageWarning(ScopedModel):
    """A warning the rules raised; it stays until an action closes it or the data clears it."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="warnings"
    )
    rule = models.CharField(_("rule"), max_length=20)
    month = _date_field(_("month"), null=True)
    entry = models.ForeignKey(
        RosterEntry,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="warnings",
    )
    key = models.CharField(max_length=120, editable=False)
    level = models.CharField(_("level"), max_length=6, choices=Level.choices)
    message = models.TextField(_("warning"))
    raised_on = _date_field(_("raised on"))
    state = models.CharField(
        _("state"), max_length=8, choices=WarningState.choices, default=WarningState.OPEN
    )
    cleared_on = _date_field(_("cleared on"), null=True)
    cleared_by_payment = models.ForeignKey(
        PayrollEntry,
        verbose_name=_("cleared by payment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cleared_note = models.CharField(_("how it cleared"), max_length=200, blank=True)

    region_field = "project__region_id"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("wage warning")
        verbose_name_plural = _("wage warnings")
        ordering = ["state", "level", "-raised_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=Q(state="open"), name="wages_warning_open_once"
            ),
            stored_date("month", field=_("month"), constraint="wages_warning_month_range"),
            stored_date("raised_on", field=_("raised on"), constraint="wages_warning_raised_range"),
            stored_date(
                "cleared_on", field=_("cleared on"), constraint="wages_warning_cleared_range"
            ),
        ]

    def __str__(self) -> str:
        return self.message


class CaseState(models.TextChoices):
    OPEN = "open", _("being handled")
    CLOSED = "closed", _("closed")


class WageCase(ScopedModel):
    """A warning's case for the labour inspection (劳动保障监察) of the project's county."""

    warning = models.OneToOneField(
        WageWarning, verbose_name=_("warning"), on_delete=models.PROTECT, related_name="case"
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("labour inspection of"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = _date_field(_("handle by"))
    state = models.CharField(
        _("state"), max_length=8, choices=CaseState.choices, default=CaseState.OPEN
    )
    opened_on = _date_field(_("opened on"))
    closed_on = _date_field(_("closed on"), null=True)
    amount_recovered = _money_field(pgettext_lazy("wages", "amount recovered"), null=True)

    region_field = "region_id"
    objects = ScopedManager()

    class Meta:
        verbose_name = pgettext_lazy("wages", "wage case")
        verbose_name_plural = _("wage cases")
        ordering = ["state", "due_on", "pk"]
        constraints = [
            stored_date("due_on", field=_("handle by"), constraint="wages_case_due_range"),
            stored_date("opened_on", field=_("opened on"), constraint="wages_case_opened_range"),
            stored_date("closed_on", field=_("closed on"), constraint="wages_case_closed_range"),
            between(
                "amount_recovered",
                *MONEY,
                field=pgettext_lazy("wages", "amount recovered"),
                constraint="wages_case_recovered_range",
            ),
        ]

    @property
    def overdue(self) -> bool:
        return self.state == CaseState.OPEN and self.due_on < timezone.localdate()


class ActionKind(models.TextChoices):
    CONTACT = "contact", _("contacted the employer")
    ORDER = "order", _("ordered to pay by a date")
    DEPOSIT = "deposit", _("drew on the wage deposit")
    ENFORCEMENT = "enforcement", _("referred to enforcement")
    POLICE = "police", _("referred to the police (拒不支付劳动报酬)")
    CLOSE = "close", _("closed")


class CaseAction(ScopedModel):
    case = models.ForeignKey(
        WageCase, verbose_name=_("case"), on_delete=models.PROTECT, related_name="actions"
    )
    kind = models.CharField(_("action"), max_length=12, choices=ActionKind.choices)
    note = models.TextField(_("what was done"), blank=True)
    pay_by = _date_field(_("pay by"), null=True)
    amount = _money_field(_("amount"), null=True)
    done_on = _date_field(_("done on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "case__region_id"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("case action")
        verbose_name_plural = _("case actions")
        ordering = ["case", "done_on", "pk"]
        constraints = [
            stored_date("pay_by", field=_("pay by"), constraint="wages_action_pay_by_range"),
            stored_date("done_on", field=_("done on"), constraint="wages_action_done_range"),
            between("amount", *MONEY, field=_("amount"), constraint="wages_action_amount_range"),
        ]


class ClueState(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("wages", "received")
    ACCEPTED = "accepted", _("accepted")
    INVESTIGATING = "investigating", _("investigating")
    ORDERED = "ordered", _("ordered to pay")
    PAID = "paid", _("paid")
    PARTLY_PAID = "partly_paid", _("partly paid")
    CLOSED = "closed", _("closed")
    ARBITRATION = "arbitration", _("transferred to arbitration")
    POLICE = "police", _("transferred to the police")


CLUE_MOVES = {
    ClueState.RECEIVED: {ClueState.ACCEPTED, ClueState.CLOSED},
    ClueState.ACCEPTED: {ClueState.INVESTIGATING, ClueState.ARBITRATION, ClueState.CLOSED},
    ClueState.INVESTIGATING: {
        ClueState.ORDERED,
        ClueState.PAID,
        ClueState.PARTLY_PAID,
        ClueState.ARBITRATION,
        ClueState.POLICE,
        ClueState.CLOSED,
    },
    ClueState.ORDERED: {ClueState.PAID, ClueState.PARTLY_PAID, ClueState.POLICE},
    ClueState.PAID: {ClueState.CLOSED},
    ClueState.PARTLY_PAID: {ClueState.PAID, ClueState.POLICE, ClueState.CLOSED},
    ClueState.CLOSED: set(),
    ClueState.ARBITRATION: set(),
    ClueState.POLICE: set(),
}


class ArrearsClue(ScopedModel):
    """A worker's report of unpaid wages (欠薪线索), routed to a county office, with its number."""

    number = models.CharField(pgettext_lazy("wages", "case number"), max_length=24, unique=True)
    worker = models.ForeignKey(
        "workers.Worker",
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="arrears_clues",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, null=True, blank=True
    )
    employer = models.ForeignKey(
        "employers.Employer",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    construction = models.BooleanField(_("construction work"), default=True)
    period_from = _date_field(_("unpaid from"), null=True)
    period_to = _date_field(_("unpaid until"), null=True)
    amount_claimed = _money_field(pgettext_lazy("wages", "amount claimed"))
    amount_recovered = _money_field(pgettext_lazy("wages", "amount recovered"), null=True)
    people = models.PositiveIntegerField(
        _("people affected"), default=1, validators=[Between(*PEOPLE, field=_("people affected"))]
    )
    description = models.TextField(_("work done and what happened"), blank=True)
    state = models.CharField(
        _("state"), max_length=14, choices=ClueState.choices, default=ClueState.RECEIVED
    )
    pay_by = _date_field(_("pay by"), null=True)
    received_on = _date_field(_("received on"))
    closed_on = _date_field(_("closed on"), null=True)
    bank_card = EncryptedField(_("bank card for the wages"), kind=BANK_ACCOUNT)

    region_field = "region_id"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("arrears clue")
        verbose_name_plural = _("arrears clues")
        ordering = ["-received_on", "-pk"]
        constraints = [
            between(
                "amount_claimed",
                *MONEY,
                field=pgettext_lazy("wages", "amount claimed"),
                constraint="wages_clue_claimed_range",
                nullable=False,
            ),
            between(
                "amount_recovered",
                *MONEY,
                field=pgettext_lazy("wages", "amount recovered"),
                constraint="wages_clue_recovered_range",
            ),
            between(
                "people",
                *PEOPLE,
                field=_("people affected"),
                constraint="wages_clue_people_range",
                nullable=False,
            ),
            stored_date("period_from", field=_("unpaid from"), constraint="wages_clue_from_range"),
            stored_date("period_to", field=_("unpaid until"), constraint="wages_clue_to_range"),
            stored_date("pay_by", field=_("pay by"), constraint="wages_clue_pay_by_range"),
            stored_date(
                "received_on", field=_("received on"), constraint="wages_clue_received_range"
            ),
            stored_date("closed_on", field=_("closed on"), constraint="wages_clue_closed_range"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def masked_bank_card(self) -> str:
        return mask_bank_account(self.bank_card)

    @property
    def is_large(self) -> bool:
        """Large cases (≥ 10 people or ≥ 100,000 yuan, settings) are supervised by the city."""
        people, amount = large_case_limits()
        return self.people >= people or self.amount_claimed >= amount


def large_case_limits() -> tuple[int, Decimal]:
    found = getattr(settings, "HOMEWARD_WAGES_LARGE_CASE", {})
    return int(found.get("people", 10)), Decimal(str(found.get("amount", "100000")))


EVIDENCE_BYTES = 5 * 1024 * 1024  # one file: 5 MB
EVIDENCE_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}


class ClueEvidence(ScopedModel):
    """A photo, payslip, chat screenshot or PDF handed in with an arrears clue, kept as bytes
    (the type read from its first bytes); every opening by staff is audited."""

    clue = models.ForeignKey(
        ArrearsClue,
        verbose_name=_("arrears clue"),
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    filename = models.CharField(_("file"), max_length=120)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(
        pgettext_lazy("file", "size"),
        validators=[Between(1, EVIDENCE_BYTES, field=pgettext_lazy("file", "size"))],
    )
    content = models.BinaryField(_("content"))
    description = models.CharField(_("what it shows"), max_length=200, blank=True)
    by_worker = models.BooleanField(_("handed in by the worker"), default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    region_field = "clue__region_id"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("clue evidence")
        verbose_name_plural = _("clue evidence")
        ordering = ["clue", "submitted_at", "pk"]
        constraints = [
            between(
                "size",
                1,
                EVIDENCE_BYTES,
                field=pgettext_lazy("file", "size"),
                constraint="wages_clueevidence_size_range",
                nullable=False,
            )
        ]

    def __str__(self) -> str:
        return self.filename


class InspectionKind(models.TextChoices):
    PLANNED = "planned", _("planned inspection")
    COMPLAINT = "complaint", _("complaint-driven inspection")


class InspectionState(models.TextChoices):
    OPEN = "open", pgettext_lazy("wages", "open")
    ORDERED = "ordered", _("rectification ordered")
    RECTIFIED = "rectified", _("rectified")
    CLOSED = "closed", _("closed")


class Inspection(ScopedModel):
    """A labour inspection (劳动保障监察) of an employer or a site, by the county's office, with
    its findings; linked to the warning case or the clue that prompted it."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("labour inspection of"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=InspectionKind.choices)
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
    )
    employer = models.ForeignKey(
        "employers.Employer",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="wage_inspections",
    )
    case = models.ForeignKey(
        WageCase,
        verbose_name=_("wage case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
    )
    clue = models.ForeignKey(
        ArrearsClue,
        verbose_name=_("arrears clue"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
    )
    inspected_on = _date_field(_("inspected on"))
    findings = models.TextField(_("findings"))
    violations = models.BooleanField(_("violations found"), default=False)
    state = models.CharField(
        _("state"), max_length=10, choices=InspectionState.choices, default=InspectionState.OPEN
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    region_field = "region_id"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("labour inspection")
        verbose_name_plural = _("labour inspections")
        ordering = ["-inspected_on", "-pk"]
        constraints = [
            stored_date(
                "inspected_on", field=_("inspected on"), constraint="wages_inspection_on_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.inspected_on:%Y-%m-%d}"


class RectificationOrder(ScopedModel):
    """An order to rectify (责令改正) after an inspection, with its deadline and compliance."""

    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("labour inspection"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    requirements = models.TextField(_("what must be rectified"))
    ordered_on = _date_field(_("ordered on"))
    due_on = _date_field(_("rectify by"))
    complied_on = _date_field(_("rectified on"), null=True)
    result = models.TextField(_("follow-up"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "inspection__region_id"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("rectification order")
        verbose_name_plural = _("rectification orders")
        ordering = ["due_on", "pk"]
        constraints = [
            stored_date("ordered_on", field=_("ordered on"), constraint="wages_order_on_range"),
            stored_date("due_on", field=_("rectify by"), constraint="wages_order_due_range"),
            stored_date(
                "complied_on", field=_("rectified on"), constraint="wages_order_complied_range"
            ),
        ]

    @property
    def overdue(self) -> bool:
        return self.complied_on is None and self.due_on < timezone.localdate()


class Supervision(ScopedModel):
    """The higher office's supervision notice (督办) on an arrears case, with a reply deadline,
    and the handling office's reply."""

    clue = models.ForeignKey(
        ArrearsClue,
        verbose_name=_("arrears clue"),
        on_delete=models.PROTECT,
        related_name="supervisions",
    )
    office = models.ForeignKey(
        "regions.Region",
        verbose_name=_("supervised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    instructions = models.TextField(_("instructions"))
    issued_on = _date_field(_("issued on"))
    reply_by = _date_field(_("reply by"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reply = models.TextField(_("reply"), blank=True)
    replied_on = _date_field(_("replied on"), null=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "clue__region_id"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("supervision notice (督办)")
        verbose_name_plural = _("supervision notices (督办)")
        ordering = ["replied_on", "reply_by", "pk"]
        constraints = [
            stored_date("issued_on", field=_("issued on"), constraint="wages_sup_issued_range"),
            stored_date("reply_by", field=_("reply by"), constraint="wages_sup_reply_by_range"),
            stored_date("replied_on", field=_("replied on"), constraint="wages_sup_replied_range"),
        ]

    @property
    def overdue(self) -> bool:
        return self.replied_on is None and self.reply_by < timezone.localdate()


class ListingState(models.TextChoices):
    NOTIFIED = "notified", _("notified, may object")
    DECIDING = "deciding", _("awaiting the decision")
    LISTED = "listed", _("listed")
    NOT_LISTED = "not_listed", _("not listed")
    REMOVED = "removed", _("removed from the list")


class BlacklistEntry(ScopedModel):
    """An employer's way onto and off the arrears blacklist (人社部令第45号)."""

    employer = models.ForeignKey(
        "employers.Employer",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="blacklist_entries",
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    clue = models.ForeignKey(
        ArrearsClue, verbose_name=_("arrears clue"), on_delete=models.PROTECT, null=True, blank=True
    )
    grounds = models.TextField(_("grounds"))
    amount_unpaid = _money_field(_("amount unpaid"))
    people = models.PositiveIntegerField(
        _("people affected"), default=1, validators=[Between(*PEOPLE, field=_("people affected"))]
    )
    serious_incident = models.BooleanField(_("caused a serious incident"), default=False)
    order_expired_on = _date_field(_("order to pay expired on"))
    notified_on = _date_field(_("notified on"))
    objection_by = _date_field(_("objections until"))
    decide_by = _date_field(_("decide by"))
    extended = models.BooleanField(_("decision period extended"), default=False)
    state = models.CharField(
        _("state"), max_length=10, choices=ListingState.choices, default=ListingState.NOTIFIED
    )
    objection = models.TextField(_("objection"), blank=True)
    decided_on = _date_field(_("decided on"), null=True)
    listed_until = _date_field(_("listed until"), null=True)
    corrected_on = _date_field(_("arrears corrected on"), null=True)
    removed_on = _date_field(_("removed on"), null=True)
    removal_reason = models.CharField(_("why removed"), max_length=200, blank=True)

    region_field = "region_id"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("arrears blacklist entry")
        verbose_name_plural = _("arrears blacklist")
        ordering = ["-notified_on", "-pk"]
        constraints = [
            between(
                "amount_unpaid",
                *MONEY,
                field=_("amount unpaid"),
                constraint="wages_blacklist_amount_range",
                nullable=False,
            ),
            between(
                "people",
                *PEOPLE,
                field=_("people affected"),
                constraint="wages_blacklist_people_range",
                nullable=False,
            ),
            *(
                stored_date(name, field=name, constraint=f"wages_blacklist_{name}_range")
                for name in (
                    "order_expired_on",
                    "notified_on",
                    "objection_by",
                    "decide_by",
                    "decided_on",
                    "listed_until",
                    "corrected_on",
                    "removed_on",
                )
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.get_state_display()}"


def first_of_month(day):
    return day.replace(day=1)


def handling_days(level: str) -> timedelta:
    days = getattr(settings, "HOMEWARD_WAGES_CASE_DAYS", {"red": 3, "orange": 7, "yellow": 15})
    return timedelta(days=int(days[level]))
