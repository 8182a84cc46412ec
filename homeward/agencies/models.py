"""Licensed HR service agencies (经营性人力资源服务机构, issue 11) as partner organisations, and the
materials handed out to people (the weekly job digest of a town for its WeChat groups).

An agency belongs to the area that registered it (`region`); every link it makes — a mandate to
recruit for an employer, a posting it placed on the employer's behalf, a fair it joined, an
application it brought about — belongs to the agency's area through `agency__region_id`, so the
agency's staff see its work even when the worker lives elsewhere (names masked on the pages).

An agency works only with a licence (人力资源服务许可证) in force: an expired one is flagged on
every page and refused for new work by the services (`Agency.licence_valid_on`).
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.core.bounds import stored_date, stored_dates
from homeward.crypto import PHONE, EncryptedField, LookupHashField, mask_phone
from homeward.employers.models import validate_uscc
from homeward.scoping import ScopedManager, ScopedModel, ScopedQuerySet


class Agency(ScopedModel):
    name = models.CharField(_("name"), max_length=200)
    uscc = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc]
    )
    licence_number = models.CharField(_("HR service licence number"), max_length=50)
    licence_expires_on = models.DateField(
        _("licence valid until"), validators=[stored_dates(_("licence valid until"))]
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The area that registered the agency: its staff see the agency's work."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = EncryptedField(_("contact phone"), kind=PHONE)
    contact_phone_hash = LookupHashField(source="contact_phone")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("HR service agency")
        verbose_name_plural = _("HR service agencies")
        ordering = ["name", "pk"]
        constraints = [
            stored_date(
                "licence_expires_on",
                field=_("licence valid until"),
                constraint="agency_licence_expires_range",
                nullable=False,
            )
        ]

    def __str__(self) -> str:
        return self.name

    def licence_valid_on(self, day: date) -> bool:
        return self.licence_expires_on >= day

    @property
    def licence_expired(self) -> bool:
        return not self.licence_valid_on(timezone.localdate())

    @property
    def masked_contact_phone(self) -> str:
        return mask_phone(self.contact_phone)


class MandateQuerySet(ScopedQuerySet):
    def in_force_on(self, day: date):
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class Mandate(ScopedModel):
    """An employer's mandate to the agency to recruit on its behalf (委托招聘), from one day to
    another: the agency places postings and makes placements for the employer only within it."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="mandates")
    employer = models.ForeignKey(
        "employers.Employer",
        verbose_name=_("employer"),
        on_delete=models.CASCADE,
        related_name="agency_mandates",
    )
    starts_on = models.DateField(_("from"), validators=[stored_dates(_("from"))])
    ends_on = models.DateField(_("until"), validators=[stored_dates(_("until"))])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    region_field = "agency__region_id"
    objects = ScopedManager.from_queryset(MandateQuerySet)()

    class Meta:
        verbose_name = _("recruitment mandate")
        verbose_name_plural = _("recruitment mandates")
        ordering = ["agency", "-starts_on", "pk"]
        constraints = [
            stored_date(
                "starts_on", field=_("from"), constraint="mandate_starts_range", nullable=False
            ),
            stored_date(
                "ends_on", field=_("until"), constraint="mandate_ends_range", nullable=False
            ),
            models.CheckConstraint(
                condition=Q(starts_on__lte=F("ends_on")),
                name="mandate_date_order",
                violation_error_message=_("A mandate cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}→{self.employer_id}"

    def in_force_on(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


class AgencyPosting(ScopedModel):
    """A posting the agency placed on the employer's behalf (the posting itself stays the
    employer's, in jobs): at most one agency per posting."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="placed_postings")
    posting = models.OneToOneField(
        "jobs.Posting", verbose_name=_("job"), on_delete=models.CASCADE, related_name="agency_link"
    )
    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, related_name="postings")
    at = models.DateTimeField(_("recorded at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "agency__region_id"

    class Meta:
        verbose_name = _("posting placed by an agency")
        verbose_name_plural = _("postings placed by agencies")
        ordering = ["agency", "-at", "-pk"]


class FairEntry(ScopedModel):
    """The agency at a job fair (参会): once per fair."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="fair_entries")
    fair = models.ForeignKey(
        "fairs.Fair", verbose_name=_("job fair"), on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(_("recorded at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "agency__region_id"

    class Meta:
        verbose_name = _("agency at a fair")
        verbose_name_plural = _("agencies at fairs")
        ordering = ["agency", "-at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "fair"], name="agency_once_per_fair")
        ]


class Placement(ScopedModel):
    """An application the agency brought about (职业介绍): counted for it, and its hire too."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="placements")
    application = models.OneToOneField(
        "placements.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="agency_placement",
    )
    at = models.DateTimeField(_("recorded at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "agency__region_id"

    class Meta:
        verbose_name = _("agency placement")
        verbose_name_plural = _("agency placements")
        ordering = ["agency", "-at", "-pk"]


# Materials ------------------------------------------------------------------------------------


class Digest(ScopedModel):
    """A town's weekly job digest for its WeChat groups: the text and poster of one week, with a
    short link (/m/w/<token>) whose every opening is recorded."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("town"), on_delete=models.PROTECT, related_name="+"
    )
    week = models.DateField(_("week of"), validators=[stored_dates(_("week of"))])
    token = models.CharField(max_length=16, unique=True, editable=False)
    postings = models.ManyToManyField("jobs.Posting", related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("weekly job digest")
        verbose_name_plural = _("weekly job digests")
        ordering = ["-week", "region"]
        constraints = [
            models.UniqueConstraint(fields=["region", "week"], name="one_digest_per_town_week"),
            stored_date("week", field=_("week of"), constraint="digest_week_range", nullable=False),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.week}"


class DigestOpen(ScopedModel):
    """One opening of a digest's short link (link previews' HEAD requests are not counted)."""

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="opens")
    at = models.DateTimeField(_("opened at"), default=timezone.now)

    region_field = "digest__region_id"

    class Meta:
        verbose_name = _("digest opening")
        verbose_name_plural = _("digest openings")
        ordering = ["digest", "-at", "-pk"]
