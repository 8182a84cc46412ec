"""Service teams (三送小分队, 联点包干; issue 11): a team of an area whose members (staff users)
each look after some of the area's returnees — contacting them and recording what was brought
(a policy, training, a job, a service).

`Team` belongs to its area (`region`). `Member` is a staff user on a team. `Assignment` puts one
returnee (a registry `Worker`) in one member's caseload: one assignment per person (a
reassignment moves it). `Contact` is one contact event with what it brought. Assignments and
contacts carry the person's household village as their region, so a village clerk sees the
caseloads of their village and the team's area sees them all; coverage is counted from these
rows (`coverage.py`).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.core.bounds import stored_date, stored_dates
from homeward.scoping import ScopedModel
from homeward.workers.models import EmploymentStatus

# Who counts as a returnee: the registry's status says they came back.
RETURNEE_STATUSES = (
    EmploymentStatus.RETURNED_UNEMPLOYED,
    EmploymentStatus.RETURNED_ENTREPRENEUR,
)


class Team(ScopedModel):
    name = models.CharField(_("name of the team"), max_length=100)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("service team")
        verbose_name_plural = _("service teams")
        ordering = ["region_id", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class Member(ScopedModel):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="team_memberships",
    )
    active = models.BooleanField(_("active"), default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now, editable=False)

    region_field = "team__region_id"

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["team", "pk"]
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="one_member_per_team")]

    def __str__(self) -> str:
        return f"{self.team_id}:{self.user_id}"

    @property
    def display_name(self) -> str:
        user = self.user
        return user.get_full_name() or user.username


class Assignment(ScopedModel):
    """One returnee in one member's caseload (联点包干: each person has one member)."""

    worker = models.OneToOneField(
        "workers.Worker",
        verbose_name=_("returnee"),
        on_delete=models.CASCADE,
        related_name="team_assignment",
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="assignments")
    # The person's household village when assigned (the assignment's area).
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", editable=False
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    region_field = "region_id"

    class Meta:
        verbose_name = _("caseload assignment")
        verbose_name_plural = _("caseload assignments")
        ordering = ["member", "region_id", "pk"]
        indexes = [models.Index(fields=["region", "member"])]

    def __str__(self) -> str:
        return f"{self.member_id}:{self.worker_id}"


class Brought(models.TextChoices):
    POLICY = "policy", _("a policy explained")
    TRAINING = "training", _("training")
    JOB = "job", _("a job")
    SERVICE = "service", _("a service")


class Contact(ScopedModel):
    """One contact with a returnee by their member, and what it brought (none: only contacted)."""

    class Channel(models.TextChoices):
        VISIT = "visit", _("home visit")
        PHONE = "phone", _("phone call")
        WECHAT = "wechat", _("WeChat")
        OFFICE = "office", _("at the service centre")

    # Not named `assignment`: ScopedModel reads that attribute as the viewer-assignment rule.
    case = models.ForeignKey(
        Assignment,
        verbose_name=_("caseload assignment"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    worker = models.ForeignKey("workers.Worker", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="contacts")
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", editable=False
    )
    contacted_on = models.DateField(_("contacted on"), validators=[stored_dates(_("contacted on"))])
    channel = models.CharField(_("how"), max_length=8, choices=Channel.choices)
    brought_policy = models.BooleanField(_("a policy explained"), default=False)
    brought_training = models.BooleanField(_("training"), default=False)
    brought_job = models.BooleanField(_("a job"), default=False)
    brought_service = models.BooleanField(_("a service"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    region_field = "region_id"

    class Meta:
        verbose_name = _("team contact")
        verbose_name_plural = _("team contacts")
        ordering = ["-contacted_on", "-pk"]
        indexes = [models.Index(fields=["region", "contacted_on"])]
        constraints = [
            stored_date(
                "contacted_on",
                field=_("contacted on"),
                constraint="team_contact_date_range",
                nullable=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.contacted_on} {self.worker_id}"

    @property
    def brought(self) -> list[str]:
        return [str(label) for code, label in Brought.choices if getattr(self, f"brought_{code}")]
