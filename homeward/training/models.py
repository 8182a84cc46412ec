"""Training (技能培训, issue 13): providers, courses, enrolments with attendance, assessments and
certificates, the invitations staff push to people who wished for training, and labour brands
(劳务品牌).

Every write goes through `services.py`. A course, its roster, attendance and assessments live in
the course's region (the staff who run it see them); an invitation and a certificate live in the
person's household village (their record: the subsidies workflow reads a person's certificates,
at most three training subsidies each). Employment after training is never stored: it is
counted from hires and status events (`employment.py`).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.core.bounds import Between, between, stored_date, stored_dates
from homeward.scoping import ScopedManager, ScopedModel, ScopedQuerySet
from homeward.workers import occupations

# The ranges of this app's numbers (the constraints and the validators read them from here).
HOURS = (1, 2000)  # class hours of one course (a 送培入乡 course is 20–80, a 技工学校 term ~600)
CAPACITY = (1, 500)  # places of one course
SCORE = (0, 100)  # an assessment's score


class Provider(ScopedModel):
    """Who teaches: a technical school (技工学校), a training institution, an enterprise."""

    class Kind(models.TextChoices):
        TECHNICAL_SCHOOL = "technical_school", _("technical school")
        INSTITUTION = "institution", _("training institution")
        ENTERPRISE = "enterprise", _("enterprise training centre")

    name = models.CharField(_("Name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    licence = models.CharField(_("licence number"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    region_field = "region_id"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("training provider")
        verbose_name_plural = _("training providers")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Level(models.TextChoices):
    """The levels of 职业技能等级 (five to one), and 专项职业能力 (a special skill)."""

    LEVEL5 = "5", _("level 5 (junior worker)")
    LEVEL4 = "4", _("level 4 (intermediate worker)")
    LEVEL3 = "3", _("level 3 (senior worker)")
    LEVEL2 = "2", _("level 2 (technician)")
    LEVEL1 = "1", _("level 1 (senior technician)")
    SPECIAL = "special", _("special skill")


class CourseQuerySet(ScopedQuerySet):
    def open_on(self, day):
        """Courses people may still join: not ended."""
        return self.filter(ends_on__gte=day)


class Course(ScopedModel):
    class Place(models.TextChoices):
        VILLAGE = "village", _("in the village (送培入乡)")
        FACTORY = "factory", _("at a factory gate")
        PROVIDER = "provider", _("at the provider")
        ONLINE = "online", _("online")

    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="courses"
    )
    title = models.CharField(_("course title"), max_length=100)
    occupation = models.CharField(_("occupation"), max_length=32, choices=occupations.CHOICES)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    hours = models.PositiveSmallIntegerField(
        _("class hours"), validators=[Between(*HOURS, field=_("class hours"))]
    )
    starts_on = models.DateField(_("starts on"), validators=[stored_dates(_("starts on"))])
    ends_on = models.DateField(_("ends on"), validators=[stored_dates(_("ends on"))])
    place_kind = models.CharField(_("where"), max_length=10, choices=Place.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region of the course"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("places"), validators=[Between(*CAPACITY, field=_("places"))]
    )
    is_subsidised = models.BooleanField(_("subsidised"), default=False)
    # The factory a factory-gate course is held at, or the employer that asked for it.
    employer = models.ForeignKey(
        "employers.Employer",
        verbose_name=_("employer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    brand = models.ForeignKey(
        "training.Brand",
        verbose_name=_("labour brand"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="courses",
    )
    # 培训即就业: the employers' recruitment at the training site, an on-site fair of the
    # course's place (`services.open_site_fair`); hires at it are traced to the course.
    site_fair = models.OneToOneField(
        "fairs.Fair",
        verbose_name=_("training-site fair"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="training_course",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    region_field = "region_id"
    objects = ScopedManager.from_queryset(CourseQuerySet)()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-starts_on", "pk"]
        constraints = [
            between("hours", *HOURS, field=_("class hours"), constraint="course_hours_range"),
            between("capacity", *CAPACITY, field=_("places"), constraint="course_capacity_range"),
            stored_date(
                "starts_on",
                field=_("starts on"),
                constraint="course_starts_range",
                nullable=False,
            ),
            stored_date(
                "ends_on", field=_("ends on"), constraint="course_ends_range", nullable=False
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="course_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def occupation_name(self) -> str:
        return occupations.name(self.occupation)


class Enrolment(ScopedModel):
    """A person on a course's roster: enrolled → attending → completed, or dropped."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("enrolled")
        ATTENDING = "attending", _("attending")
        COMPLETED = "completed", _("completed")
        DROPPED = "dropped", _("dropped")

    class Source(models.TextChoices):
        PORTAL = "portal", _("worker portal")
        INVITATION = "invitation", _("invitation")
        STAFF = "staff", _("staff")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    worker = models.ForeignKey(
        "workers.Worker", on_delete=models.CASCADE, related_name="enrolments"
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", editable=False
    )  # the course's
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ENROLLED, editable=False
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    enrolled_on = models.DateField(_("enrolled on"), validators=[stored_dates(_("enrolled on"))])
    completed_on = models.DateField(
        _("completed on"), null=True, blank=True, validators=[stored_dates(_("completed on"))]
    )
    dropped_on = models.DateField(
        _("dropped on"), null=True, blank=True, validators=[stored_dates(_("dropped on"))]
    )

    region_field = "region_id"

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["course", "worker__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "worker"], name="one_enrolment_per_course"),
            stored_date(
                "enrolled_on",
                field=_("enrolled on"),
                constraint="enrolment_enrolled_range",
                nullable=False,
            ),
            stored_date(
                "completed_on", field=_("completed on"), constraint="enrolment_completed_range"
            ),
            stored_date("dropped_on", field=_("dropped on"), constraint="enrolment_dropped_range"),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_on__isnull=False),
                name="completed_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} × {self.worker_id}: {self.status}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.ENROLLED, self.Status.ATTENDING)


class Attendance(ScopedModel):
    """One session day of an enrolment: present or absent."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", editable=False
    )
    day = models.DateField(_("day"), validators=[stored_dates(_("day"))])
    present = models.BooleanField(_("present"), default=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "region_id"

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["enrolment", "day"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "day"], name="one_attendance_a_day"),
            stored_date("day", field=_("day"), constraint="attendance_day_range", nullable=False),
        ]


class Assessment(ScopedModel):
    """The result of an assessment (考核) of an enrolment; a re-sit is another row."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="assessments")
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", editable=False
    )
    assessed_on = models.DateField(_("assessed on"), validators=[stored_dates(_("assessed on"))])
    passed = models.BooleanField(_("passed"))
    score = models.DecimalField(
        _("score"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[Between(*SCORE, field=_("score"))],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    region_field = "region_id"

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["enrolment", "assessed_on", "pk"]
        constraints = [
            stored_date(
                "assessed_on",
                field=_("assessed on"),
                constraint="assessment_day_range",
                nullable=False,
            ),
            between("score", *SCORE, field=_("score"), constraint="assessment_score_range"),
        ]


class CertificateQuerySet(ScopedQuerySet):
    def of_person(self, worker):
        """A person's certificates, oldest first (the subsidies workflow counts them)."""
        return self.filter(worker=worker).order_by("issued_on", "pk")


class Certificate(ScopedModel):
    """A certificate earned on a completed course: 职业技能等级证书 or 专项能力证书."""

    class Kind(models.TextChoices):
        SKILL_LEVEL = "skill_level", _("vocational skill level certificate")
        SPECIAL = "special", _("special skill certificate")

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.PROTECT, related_name="certificate"
    )
    worker = models.ForeignKey(
        "workers.Worker", on_delete=models.PROTECT, related_name="training_certificates"
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", editable=False
    )  # the person's household village: a certificate is theirs
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    occupation = models.CharField(_("occupation"), max_length=32, choices=occupations.CHOICES)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    issued_on = models.DateField(_("issued on"), validators=[stored_dates(_("issued on"))])
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "region_id"
    objects = ScopedManager.from_queryset(CertificateQuerySet)()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "pk"]
        constraints = [
            stored_date(
                "issued_on",
                field=_("issued on"),
                constraint="certificate_issued_range",
                nullable=False,
            )
        ]

    def __str__(self) -> str:
        return self.number


class Invitation(ScopedModel):
    """A course proposed to a person by staff and pushed to them (in-app; SMS when allowed)."""

    class Sms(models.TextChoices):
        SENT = "sent", _("text message sent")
        QUIET = "quiet", _("quiet hours: in-app only")
        NOT_WANTED = "not_wanted", _("no text messages wanted")
        FAILED = "failed", _("text message failed")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="invitations")
    worker = models.ForeignKey(
        "workers.Worker", on_delete=models.CASCADE, related_name="course_invitations"
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", editable=False
    )  # the person's household village
    sms = models.CharField(_("text message"), max_length=10, choices=Sms.choices, blank=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "region_id"

    class Meta:
        verbose_name = _("course invitation")
        verbose_name_plural = _("course invitations")
        ordering = ["-sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "worker"], name="one_invitation_per_course")
        ]


class Brand(ScopedModel):
    """A labour brand (劳务品牌) of a home area: 甜嫂, 青石雕刻工, 夏布画工 …"""

    class Recognition(models.TextChoices):
        NONE = "", _("not recognised yet")
        CITY = "city", _("city labour brand")
        PROVINCIAL = "provincial", _("provincial labour brand")
        NATIONAL = "national", _("national labour brand")

    name = models.CharField(_("Name"), max_length=50)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("home area"), on_delete=models.PROTECT, related_name="+"
    )
    # Catalogue codes joined by commas ("cook,kitchen_helper").
    occupations = models.CharField(_("occupations"), max_length=200)
    standards = models.TextField(_("standards"), blank=True)
    trademark_number = models.CharField(
        _("trademark registration number"), max_length=30, blank=True
    )
    recognition = models.CharField(
        _("recognition"), max_length=12, choices=Recognition.choices, blank=True
    )
    recognised_on = models.DateField(
        _("recognised on"), null=True, blank=True, validators=[stored_dates(_("recognised on"))]
    )
    description = models.TextField(_("description"), blank=True)
    employers = models.ManyToManyField(
        "employers.Employer", verbose_name=_("employers behind it"), blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("labour brand")
        verbose_name_plural = _("labour brands")
        ordering = ["name", "pk"]
        constraints = [
            stored_date(
                "recognised_on", field=_("recognised on"), constraint="brand_recognised_range"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def occupation_codes(self) -> list[str]:
        return [code for code in self.occupations.split(",") if code]

    def occupation_names(self) -> list[str]:
        return [occupations.name(code) for code in self.occupation_codes]
