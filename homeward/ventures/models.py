"""Returnee ventures (返乡创业, issue 13): the returnee founder (a registry person) and their
venture — its registered business (an `employers.Employer`, USCC-checked, individual businesses
included), kind (五小创业, 三来一加, 家门口, e站), industry, place, the day it started —; the
people it employs (`Employee`, beside the hires `placements` records for the business's postings:
together they are the jobs it created, never a typed number); the support it received as events
(`Support`; its loans, subsidies and training are read from those apps); the startup parks and
incubators (创业园区、孵化基地、返乡创业专区) with their capacity and tenants (`Tenancy`); the liaison
officers (联络员: 内江's 一站一企一专班 — finance, legal, government) assigned to ventures with their
contacts and the problems solved; the showcases (创业明星评选) with their entries and a public
vote on the portal (one per verified phone per day), flagged when it looks like a burst or a new
number.

A venture and everything hanging from it belong to the venture's place; a park, its tenancies,
a liaison officer and a showcase (its entries and votes) to the area that set them up.
Every write is a function of `services.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from homeward.core.bounds import Between, between, stored_date, stored_dates
from homeward.crypto import PHONE, EncryptedField, LookupHashField, mask_phone
from homeward.employers.models import Industry
from homeward.scoping import ScopedModel

CAPACITY = (1, 10_000)  # units (工位、厂房) of a park


class Kind(models.TextChoices):
    FACTORY = "factory", _("small factory")
    FARM = "farm", _("small farm")
    LOGISTICS = "logistics", _("small logistics")
    ECOMMERCE = "ecommerce", _("small e-commerce")
    SERVICE = "service", _("small service")
    PROCESSING = "processing", _("processing for others (三来一加)")
    DOORSTEP = "doorstep", _("doorstep job project (家门口)")
    ESTATION_VILLAGE = "estation_village", _("village e-station")
    ESTATION_ENTERPRISE = "estation_enterprise", _("enterprise e-station")
    ESTATION_BASE = "estation_base", _("base e-station")


class Venture(ScopedModel):
    name = models.CharField(_("venture"), max_length=100)
    kind = models.CharField(_("kind of venture"), max_length=20, choices=Kind.choices)
    founder = models.ForeignKey(
        "workers.Worker", verbose_name=_("founder"), on_delete=models.PROTECT, related_name="+"
    )
    employer = models.OneToOneField(
        "employers.Employer",
        verbose_name=_("registered business"),
        on_delete=models.PROTECT,
        related_name="venture",
    )
    industry = models.CharField(_("industry"), max_length=1, choices=Industry.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("town or village"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_on = models.DateField(_("started on"), validators=[stored_dates(_("started on"))])
    description = models.CharField(_("what it does"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("returnee venture")
        verbose_name_plural = _("returnee ventures")
        ordering = ["-started_on", "-pk"]
        constraints = [
            stored_date(
                "started_on", field=_("started on"), constraint="venture_started_range",
                nullable=False,
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.name


class Employee(ScopedModel):
    """A person the venture employs, recorded by staff (a family workshop hires without a
    posting); hires through the business's postings are `placements`' and counted beside."""

    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="employees")
    worker = models.ForeignKey(
        "workers.Worker", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("employed from"), validators=[stored_dates(_("employed from"))])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    region_field = "venture__region_id"

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["venture", "worker"], name="one_employee_record"),
            stored_date(
                "started_on", field=_("employed from"), constraint="employee_started_range",
                nullable=False,
            ),
        ]  # fmt: skip


class Support(ScopedModel):
    """Support the venture received that no other app records: guidance, a mentor's visit, a
    rent reduction in a park … (loans, subsidies and training are read from their apps)."""

    class Kind(models.TextChoices):
        GUIDANCE = "guidance", _("startup guidance")
        MENTORING = "mentoring", _("mentor's visit")
        TRAINING = "training", _("startup training")
        SUBSIDY = "subsidy", _("subsidy outside Homeward")
        RENT = "rent", _("rent or space reduction")
        OTHER = "other", _("other support")

    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="support")
    kind = models.CharField(_("kind of support"), max_length=10, choices=Kind.choices)
    on = models.DateField(_("date"), validators=[stored_dates(_("date"))])
    note = models.CharField(_("notes"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "venture__region_id"

    class Meta:
        ordering = ["-on", "-pk"]
        constraints = [
            stored_date("on", field=_("date"), constraint="support_on_range", nullable=False)
        ]


class Park(ScopedModel):
    class Kind(models.TextChoices):
        PARK = "park", _("startup park")
        INCUBATOR = "incubator", _("incubation base")
        ZONE = "zone", _("returnee zone in an industrial park")
        ECOMMERCE = "ecommerce", _("e-commerce park")

    class Service(models.TextChoices):
        POLICY = "policy", _("policy advice")
        TRAINING = "training", _("training")
        SERVICE = "service", _("business services")
        SPACE = "space", _("premises")
        PUBLICITY = "publicity", _("publicity")
        FINANCE = "finance", _("finance")
        LEGAL = "legal", _("legal advice")

    name = models.CharField(_("park"), max_length=100)
    kind = models.CharField(_("kind of park"), max_length=10, choices=Kind.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        _("places for ventures"), validators=[Between(*CAPACITY, field=_("places for ventures"))]
    )
    services = models.JSONField(_("services"), default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("startup park")
        verbose_name_plural = _("startup parks")
        ordering = ["name", "pk"]
        constraints = [
            between(
                "capacity", *CAPACITY, field=_("places for ventures"),
                constraint="park_capacity_range", nullable=False,
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.name

    @property
    def service_names(self) -> str:
        return "、".join(str(self.Service(s).label) for s in self.services if s in self.Service)


class Tenancy(ScopedModel):
    """A venture in a park from a day (until a day): the park's tenants are the open ones."""

    park = models.ForeignKey(Park, on_delete=models.PROTECT, related_name="tenancies")
    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="tenancies")
    moved_in_on = models.DateField(_("moved in on"), validators=[stored_dates(_("moved in on"))])
    moved_out_on = models.DateField(
        _("moved out on"), null=True, blank=True, validators=[stored_dates(_("moved out on"))]
    )

    region_field = "park__region_id"

    class Meta:
        ordering = ["-moved_in_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["venture"], condition=Q(moved_out_on__isnull=True), name="one_open_tenancy"
            ),
            stored_date(
                "moved_in_on", field=_("moved in on"), constraint="tenancy_in_range",
                nullable=False,
            ),
            stored_date("moved_out_on", field=_("moved out on"), constraint="tenancy_out_range"),
        ]  # fmt: skip


class Liaison(ScopedModel):
    """A liaison officer (联络员) of an area: finance, legal or government (一站一企一专班)."""

    class Kind(models.TextChoices):
        FINANCE = "finance", _("finance liaison")
        LEGAL = "legal", _("legal liaison")
        GOVERNMENT = "government", _("government liaison")

    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind of liaison"), max_length=10, choices=Kind.choices)
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    phone = EncryptedField(_("mobile phone"), kind=PHONE)
    phone_hash = LookupHashField(source="phone")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("liaison officer")
        verbose_name_plural = _("liaison officers")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class Assignment(ScopedModel):
    liaison = models.ForeignKey(Liaison, on_delete=models.PROTECT, related_name="assignments")
    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="assignments")
    assigned_on = models.DateField(_("assigned on"), validators=[stored_dates(_("assigned on"))])
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "venture__region_id"

    class Meta:
        ordering = ["liaison__kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["liaison", "venture"], name="one_assignment"),
            stored_date(
                "assigned_on", field=_("assigned on"), constraint="assignment_on_range",
                nullable=False,
            ),
        ]  # fmt: skip


class Contact(ScopedModel):
    """A liaison officer's contact with the venture: a visit, a call; the problem raised and
    whether it was solved."""

    class Way(models.TextChoices):
        VISIT = "visit", _("visit")
        PHONE = "phone", _("phone call")
        WECHAT = "wechat", _("WeChat")
        MEETING = "meeting", _("meeting")

    assigned = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="contacts")
    on = models.DateField(_("date"), validators=[stored_dates(_("date"))])
    way = models.CharField(_("how"), max_length=8, choices=Way.choices)
    note = models.CharField(_("notes"), max_length=500, blank=True)
    problem = models.CharField(_("problem raised"), max_length=300, blank=True)
    solved_on = models.DateField(
        _("solved on"), null=True, blank=True, validators=[stored_dates(_("solved on"))]
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "assigned__venture__region_id"

    class Meta:
        ordering = ["-on", "-pk"]
        constraints = [
            stored_date("on", field=_("date"), constraint="contact_on_range", nullable=False),
            stored_date("solved_on", field=_("solved on"), constraint="contact_solved_range"),
        ]


class Showcase(ScopedModel):
    """A showcase of returnee founders (创业明星评选) with a public vote between two days."""

    title = models.CharField(_("showcase"), max_length=100)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    opens_on = models.DateField(
        _("voting opens on"), validators=[stored_dates(_("voting opens on"))]
    )
    closes_on = models.DateField(
        _("voting closes on"), validators=[stored_dates(_("voting closes on"))]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("founders' showcase")
        verbose_name_plural = _("founders' showcases")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            stored_date(
                "opens_on", field=_("voting opens on"), constraint="showcase_opens_range",
                nullable=False,
            ),
            stored_date(
                "closes_on", field=_("voting closes on"), constraint="showcase_closes_range",
                nullable=False,
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="showcase_closes_after"
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class Entry(ScopedModel):
    showcase = models.ForeignKey(Showcase, on_delete=models.CASCADE, related_name="entries")
    venture = models.ForeignKey(Venture, on_delete=models.PROTECT, related_name="entries")
    blurb = models.CharField(_("introduction"), max_length=300, blank=True)

    region_field = "showcase__region_id"

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["showcase", "venture"], name="one_entry_per_venture")
        ]


class Vote(ScopedModel):
    """A vote in a showcase by a signed-in portal person: one per verified phone per day (内江's
    创业明星评选 rule) — the phone is the one of the portal account they signed in with, kept as
    its keyed hash (`phone_hash`, the same hash as `WorkerAccount.phone_hash`) and masked for the
    audit list; `day` is the vote's local date (Asia/Shanghai). Flagged, never refused, when it
    came in a burst from one address or from a number new to the portal (`tally.flags`). The
    address is kept only as its keyed hash."""

    showcase = models.ForeignKey(Showcase, on_delete=models.CASCADE, related_name="votes")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="votes")
    worker = models.ForeignKey("workers.Worker", on_delete=models.CASCADE, related_name="+")
    phone_hash = models.CharField(max_length=64)
    phone_masked = models.CharField(_("mobile phone"), max_length=20, blank=True)
    day = models.DateField(_("day of the vote"))
    address_hash = models.CharField(max_length=64, blank=True)
    flags = models.JSONField(default=list, blank=True)
    cast_at = models.DateTimeField(default=timezone.now, editable=False)

    region_field = "showcase__region_id"

    class Meta:
        ordering = ["cast_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["showcase", "phone_hash", "day"], name="one_vote_per_phone_per_day"
            )
        ]


class Alliance(ScopedModel):
    """A founders' alliance or association (返乡创业联盟、商会) of an area: its members (founders,
    with their venture when they join as one) joining and leaving, and its events."""

    class Kind(models.TextChoices):
        ALLIANCE = "alliance", _("returnee founders' alliance")
        ASSOCIATION = "association", _("founders' association")

    name = models.CharField(_("alliance"), max_length=100)
    kind = models.CharField(_("kind of group"), max_length=12, choices=Kind.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    founded_on = models.DateField(_("founded on"), validators=[stored_dates(_("founded on"))])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("founders' alliance")
        verbose_name_plural = _("founders' alliances")
        ordering = ["name", "pk"]
        constraints = [
            stored_date(
                "founded_on", field=_("founded on"), constraint="alliance_founded_range",
                nullable=False,
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.name


class Membership(ScopedModel):
    """A founder in an alliance from a day (until a day), with their venture if they joined as
    one; the members are the open memberships."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="memberships")
    founder = models.ForeignKey(
        "workers.Worker", verbose_name=_("founder"), on_delete=models.PROTECT, related_name="+"
    )
    venture = models.ForeignKey(
        Venture, verbose_name=_("venture"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="memberships",
    )  # fmt: skip
    joined_on = models.DateField(
        _("joined the alliance on"), validators=[stored_dates(_("joined the alliance on"))]
    )
    left_on = models.DateField(
        _("left the alliance on"),
        null=True,
        blank=True,
        validators=[stored_dates(_("left the alliance on"))],
    )

    region_field = "alliance__region_id"

    class Meta:
        ordering = ["joined_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "founder"], condition=Q(left_on__isnull=True),
                name="one_open_membership",
            ),
            stored_date(
                "joined_on", field=_("joined the alliance on"), constraint="membership_joined_range",
                nullable=False,
            ),
            stored_date("left_on", field=_("left the alliance on"), constraint="membership_left_range"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after",
            ),
        ]  # fmt: skip


class AllianceEvent(ScopedModel):
    """A meeting, training or exchange of an alliance: its day, place and the members who came."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("meeting")
        TRAINING = "training", _("training")
        EXCHANGE = "exchange", _("exchange visit")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind of event"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("event"), max_length=100)
    on = models.DateField(_("date"), validators=[stored_dates(_("date"))])
    place = models.CharField(_("place"), max_length=100)
    attendees = models.ManyToManyField(
        Membership, verbose_name=_("members who came"), related_name="events", blank=True
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "alliance__region_id"

    class Meta:
        ordering = ["-on", "-pk"]
        constraints = [
            stored_date("on", field=_("date"), constraint="alliance_event_on_range", nullable=False)
        ]

    def __str__(self) -> str:
        return self.title


# Startup competitions (创业大赛) ----------------------------------------------------------------

SCORE_RANGE = (1, 1000)  # a criterion's highest score
WEIGHT_RANGE = (1, 100)
RANK_MAX = 10_000  # a place in a round's ranking


class Competition(ScopedModel):
    """A startup competition of an area and year (创业大赛): its criteria with their weights, its
    rounds (初赛、复赛、决赛), entries, judges, scores, the decisions who advanced and the awards.
    Every row of it belongs to the area that runs it."""

    name = models.CharField(_("competition"), max_length=100)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[Between(2000, 2100, field=_("year"))]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("startup competition")
        verbose_name_plural = _("startup competitions")
        ordering = ["-year", "-pk"]
        constraints = [
            between("year", 2000, 2100, field=_("year"), constraint="competition_year_range",
                    nullable=False),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.name


class Criterion(ScopedModel):
    """A scoring criterion and its weight (data, not code: 商业模式 30, 带动就业 25 …)."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=50)
    weight = models.PositiveSmallIntegerField(
        _("weight"), validators=[Between(*WEIGHT_RANGE, field=_("weight"))]
    )
    max_score = models.PositiveSmallIntegerField(
        _("highest score"),
        default=100,
        validators=[Between(*SCORE_RANGE, field=_("highest score"))],
    )

    region_field = "competition__region_id"

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "name"], name="one_criterion_name"),
            between("weight", *WEIGHT_RANGE, field=_("weight"), constraint="criterion_weight_range",
                    nullable=False),
            between("max_score", *SCORE_RANGE, field=_("highest score"),
                    constraint="criterion_max_range", nullable=False),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.name}（{self.weight}）"


class Round(ScopedModel):
    """A round of a competition on a day: open for scores until it is closed (then its scores
    are locked); the decision who advances is recorded as `Advancement` rows."""

    class Stage(models.TextChoices):
        PRELIMINARY = "preliminary", _("preliminary round")
        SEMIFINAL = "semifinal", _("semi-final")
        FINAL = "final", _("final round")

    ORDER = {Stage.PRELIMINARY: 1, Stage.SEMIFINAL: 2, Stage.FINAL: 3}

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="rounds")
    stage = models.CharField(_("round"), max_length=12, choices=Stage.choices)
    number = models.PositiveSmallIntegerField(
        editable=False, validators=[Between(1, 3, field=_("round"))]
    )  # 1 preliminary, 2 semi-final, 3 final (ORDER)
    held_on = models.DateField(_("held on"), validators=[stored_dates(_("held on"))])
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "competition__region_id"

    class Meta:
        ordering = ["number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "stage"], name="one_round_per_stage"),
            stored_date("held_on", field=_("held on"), constraint="round_held_range",
                        nullable=False),
            between("number", 1, 3, field=_("round"), constraint="round_number_range",
                    nullable=False),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.competition.name} · {self.get_stage_display()}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Contestant(ScopedModel):
    """An entry of a competition: a founder of the registry, with their venture when it is
    registered (one entry per venture, and per founder without one, per competition)."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="contestants"
    )
    founder = models.ForeignKey(
        "workers.Worker", verbose_name=_("founder"), on_delete=models.PROTECT, related_name="+"
    )
    venture = models.ForeignKey(
        Venture, verbose_name=_("venture"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="contestants",
    )  # fmt: skip
    project = models.CharField(_("project"), max_length=100)
    entered_at = models.DateTimeField(default=timezone.now, editable=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "competition__region_id"

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "venture"], condition=Q(venture__isnull=False),
                name="one_contestant_per_venture",
            ),
            models.UniqueConstraint(
                fields=["competition", "founder"], condition=Q(venture__isnull=True),
                name="one_contestant_per_founder",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.project


class Judge(ScopedModel):
    """A judge of a round: a staff user or a named expert; `worker` when the judge is also a
    person of the registry (a founder judging cannot score their own entry). Conflicts declared
    with entries (a relative, a business partner) are `conflicts`."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="judges")
    name = models.CharField(_("judge"), max_length=50)
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff account"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    worker = models.ForeignKey(
        "workers.Worker", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    conflicts = models.ManyToManyField(
        Contestant, verbose_name=_("declared conflicts"), related_name="conflicted", blank=True
    )

    region_field = "round__competition__region_id"

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="one_judge_name_per_round")
        ]

    def __str__(self) -> str:
        return self.name


class Score(ScopedModel):
    """One judge's score of one entry on one criterion in a round; changed only while the round
    is open (`services.record_scores`)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="scores")
    judge = models.ForeignKey(Judge, on_delete=models.PROTECT, related_name="scores")
    contestant = models.ForeignKey(Contestant, on_delete=models.PROTECT, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(
        _("score"), max_digits=6, decimal_places=2,
        validators=[Between(0, SCORE_RANGE[1], field=_("score"))],
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    region_field = "round__competition__region_id"

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["judge", "contestant", "criterion"], name="one_score_per_criterion"
            ),
            between(
                "value",
                0,
                SCORE_RANGE[1],
                field=_("score"),
                constraint="score_value_range",
                nullable=False,
            ),  # at most the criterion's highest score: services
        ]


class Advancement(ScopedModel):
    """The recorded decision that an entry advances from a round (its rank and score then)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="advanced")
    contestant = models.ForeignKey(
        Contestant, on_delete=models.PROTECT, related_name="advancements"
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"), validators=[Between(1, RANK_MAX, field=_("rank"))]
    )
    score = models.DecimalField(
        _("score"), max_digits=6, decimal_places=2,
        validators=[Between(0, SCORE_RANGE[1], field=_("score"))],
    )  # fmt: skip
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now, editable=False)

    region_field = "round__competition__region_id"

    class Meta:
        ordering = ["rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "contestant"], name="one_advancement"),
            between("rank", 1, RANK_MAX, field=_("rank"), constraint="advancement_rank_range",
                    nullable=False),
            between("score", 0, SCORE_RANGE[1], field=_("score"),
                    constraint="advancement_score_range", nullable=False),
        ]  # fmt: skip


class Award(ScopedModel):
    """An award of a competition (一等奖 …) to an entry of its last round, once that is closed."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="awards")
    contestant = models.ForeignKey(Contestant, on_delete=models.PROTECT, related_name="awards")
    title = models.CharField(pgettext_lazy("competition", "award"), max_length=50)
    awarded_on = models.DateField(
        pgettext_lazy("competition", "awarded on"),
        validators=[stored_dates(pgettext_lazy("competition", "awarded on"))],
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "competition__region_id"

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "contestant"], name="one_award_each"),
            stored_date("awarded_on", field=pgettext_lazy("competition", "awarded on"), constraint="award_on_range",
                        nullable=False),
        ]  # fmt: skip


# Expert teams' field visits (专家团基层行) --------------------------------------------------------


class ExpertTeam(ScopedModel):
    """An expert team of an area (创业专家服务团) that visits towns and villages."""

    name = models.CharField(_("expert team"), max_length=100)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("expert team")
        verbose_name_plural = _("expert teams")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Field(models.TextChoices):
    FINANCE = "finance", pgettext_lazy("expertise", "finance")
    LEGAL = "legal", pgettext_lazy("expertise", "legal")
    MARKET = "market", pgettext_lazy("expertise", "market")
    TECHNOLOGY = "technology", pgettext_lazy("expertise", "technology")
    ECOMMERCE = "ecommerce", pgettext_lazy("expertise", "e-commerce")
    POLICY = "policy", pgettext_lazy("expertise", "policy")


class Expert(ScopedModel):
    team = models.ForeignKey(ExpertTeam, on_delete=models.CASCADE, related_name="experts")
    name = models.CharField(_("name"), max_length=50)
    field = models.CharField(
        pgettext_lazy("expertise", "field"), max_length=10, choices=Field.choices
    )
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)

    region_field = "team__region_id"

    class Meta:
        ordering = ["field", "pk"]
        constraints = [models.UniqueConstraint(fields=["team", "name"], name="one_expert_name")]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_field_display()}）"


class FieldVisit(ScopedModel):
    """A visit of an expert team to a town or village on a day; it belongs to the place."""

    team = models.ForeignKey(ExpertTeam, on_delete=models.PROTECT, related_name="visits")
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("town or village"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    on = models.DateField(_("date"), validators=[stored_dates(_("date"))])
    place = models.CharField(_("place"), max_length=100, blank=True)
    experts = models.ManyToManyField(Expert, verbose_name=_("experts who came"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "region_id"

    class Meta:
        ordering = ["-on", "-pk"]
        constraints = [
            stored_date("on", field=_("date"), constraint="field_visit_on_range", nullable=False)
        ]

    def __str__(self) -> str:
        return f"{self.team.name} · {self.on:%Y-%m-%d}"


class Served(ScopedModel):
    """A founder (with their venture when registered) served at a visit."""

    visit = models.ForeignKey(FieldVisit, on_delete=models.CASCADE, related_name="served")
    founder = models.ForeignKey(
        "workers.Worker", verbose_name=_("founder"), on_delete=models.PROTECT, related_name="+"
    )
    venture = models.ForeignKey(
        Venture, verbose_name=_("venture"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="visits_served",
    )  # fmt: skip

    region_field = "visit__region_id"

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "founder"], name="one_served_per_visit")
        ]


class Problem(ScopedModel):
    """A problem a founder raised at a visit, its field and where it stands."""

    class Status(models.TextChoices):
        RAISED = "raised", _("raised")
        IN_HAND = "in_hand", _("being handled")
        REFERRED = "referred", _("referred to a department")
        SOLVED = "solved", _("solved")

    served = models.ForeignKey(Served, on_delete=models.CASCADE, related_name="problems")
    field = models.CharField(
        pgettext_lazy("expertise", "field"), max_length=10, choices=Field.choices
    )
    text = models.CharField(_("problem raised"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RAISED, editable=False
    )
    note = models.CharField(_("notes"), max_length=300, blank=True)
    solved_on = models.DateField(
        _("solved on"), null=True, blank=True, editable=False,
        validators=[stored_dates(_("solved on"))],
    )  # fmt: skip
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    region_field = "served__visit__region_id"

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="solved", solved_on__isnull=False)
                | (~Q(status="solved") & Q(solved_on__isnull=True)),
                name="problem_solved_has_day",
            ),
            stored_date("solved_on", field=_("solved on"), constraint="problem_solved_range"),
        ]  # fmt: skip
