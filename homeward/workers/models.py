"""The worker registry (建档立卡): one record per person, keyed by the ID number's hash, with
the history of their employment status as events."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.codes import bounds, idnumber, phone
from homeward.core.bounds import Between, between, stored_date, stored_dates
from homeward.crypto import (
    ID_NUMBER,
    PHONE,
    EncryptedField,
    LookupHashField,
    hash_filter,
    lookup_hash,
    mask_value,
)
from homeward.scoping import ScopedManager, ScopedModel, ScopedQuerySet, limit_to_area

from . import occupations


class Gender(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class EmploymentStatus(models.TextChoices):
    OUT_MIGRANT = "out_migrant", _("working away")
    LOCAL_EMPLOYED = "local_employed", _("employed locally")
    RETURNED_UNEMPLOYED = "returned_unemployed", _("returned, looking for work")
    RETURNED_ENTREPRENEUR = "returned_entrepreneur", _("returned, running a business")
    FLEXIBLE = "flexible", _("flexible work")
    UNEMPLOYED = "unemployed", _("unemployed")
    NOT_IN_LABOUR_FORCE = "not_in_labour_force", _("not in the labour force")


class WorkScope(models.TextChoices):
    IN_TOWN = "in_town", _("in the town")
    IN_COUNTY = "in_county", _("in the county")
    IN_CITY = "in_city", _("in the city")
    IN_PROVINCE = "in_province", _("in the province")
    OUT_OF_PROVINCE = "out_of_province", _("out of the province")


class Intention(models.TextChoices):
    LOCAL = "local", _("work locally")
    GO_OUT = "go_out", _("go out to work")
    UNDECIDED = "undecided", _("undecided")
    START_BUSINESS = "start_business", _("start a business")


class Education(models.TextChoices):
    """Schooling, in the rising order of `vocab.EDUCATION` (postings use the same codes)."""

    NONE = "none", _("no schooling")
    PRIMARY = "primary", _("primary school")
    JUNIOR_HIGH = "junior_high", _("junior secondary")
    SENIOR_HIGH = "senior_high", _("senior secondary")
    VOCATIONAL = "vocational", _("vocational college")
    COLLEGE = "college", _("university")
    POSTGRADUATE = "bachelor", _("postgraduate")  # the code's name: see vocab.EDUCATION


class LowIncome(models.TextChoices):
    POVERTY_ALLEVIATED = "poverty_alleviated", _("lifted out of poverty")
    MONITORED = "monitored", _("monitored household")
    LOW_INCOME = "low_income", _("low-income household")


class ServiceNeed(models.TextChoices):
    JOB = "job", _("a job")
    TRAINING = "training", _("training")
    STARTUP_LOAN = "startup_loan", _("startup loan")
    LEGAL_AID = "legal_aid", _("legal aid")
    CHILDREN_SCHOOLING = "children_schooling", _("schooling of children")
    SOCIAL_INSURANCE = "social_insurance", _("social insurance")
    HOUSING = "housing", _("housing")


class Source(models.TextChoices):
    SURVEY = "survey", _("door-to-door survey")
    IMPORT = "import", _("ledger import")
    STAFF = "staff", _("staff")
    PORTAL = "portal", _("worker portal")
    EMPLOYER = "employer", _("employer portal")
    API = "api", _("open API (a partner system)")


class WillingScope(models.TextChoices):
    """How far from home a person will go for work (asked on the portal; matching uses it)."""

    TOWN = "town", _("in my town")
    COUNTY = "county", _("in my county")
    CITY = "city", _("in my city")
    PROVINCE = "province", _("in my province")
    ANYWHERE = "anywhere", _("anywhere")


_KEYED = "#hash:"  # a search term carried as a lookup hash (`search_key`)
# The hash's hex digits written as letters inside a search key: 64 hex characters hold a run of
# eleven decimal digits that reads as a mobile number about once in 300 keys, which the task
# guard would then refuse (and masking would cut up).
_AS_LETTERS = str.maketrans("0123456789", "ghijklmnop")
_AS_DIGITS = str.maketrans("ghijklmnop", "0123456789")


def search_key(text: str) -> str:
    """The search term as a background task may carry it (task arguments hold no full number,
    crypto.guard_task_result): an ID or mobile number becomes its keyed lookup hash, which
    `WorkerQuerySet.search` takes as it takes the number."""
    text = (text or "").strip()
    if idnumber.is_valid(text):
        digest = lookup_hash(ID_NUMBER, idnumber.parse(text).number)
        return f"{_KEYED}id_number_hash:{digest.translate(_AS_LETTERS)}"
    if phone.is_valid(text):
        return f"{_KEYED}phone_hash:{lookup_hash(PHONE, text).translate(_AS_LETTERS)}"
    return text


def search_filter(text: str) -> dict:
    """The staff search as filter arguments holding no full number (a background job keeps
    them): an exact ID or mobile number (or its `search_key`) becomes its lookup hash, anything
    else a name prefix. The one home of the rule: `WorkerQuerySet.search` uses it too."""
    text = (text or "").strip()
    if not text:
        return {}
    if text.startswith(_KEYED):
        field, _, digest = text[len(_KEYED) :].partition(":")
        if field in {"id_number_hash", "phone_hash"}:
            return {field: digest.translate(_AS_DIGITS)}
    if idnumber.is_valid(text):
        return hash_filter(Worker, "id_number", idnumber.parse(text).number)
    if phone.is_valid(text):
        return hash_filter(Worker, "phone", text)
    return {"name__startswith": text}


class WorkerQuerySet(ScopedQuerySet):
    def search(self, text: str):
        """By exact ID number or mobile number (through their hashes), else by name prefix."""
        return self.filter(**search_filter(text))

    def filtered(
        self,
        *,
        area="",
        status="",
        intention="",
        occupation="",
        low_income="",
        need="",
        awaiting=False,
    ):
        rows = limit_to_area(self, area) if area else self
        if awaiting:  # registered themselves on the portal, staff have not confirmed them yet
            rows = rows.filter(
                portal_account__self_registered=True, portal_account__confirmed_at__isnull=True
            )
        if status:
            rows = rows.filter(status=status)
        if intention:
            rows = rows.filter(intention=intention)
        if occupation:
            rows = rows.filter(occupation=occupation)
        if low_income == "any":
            rows = rows.exclude(low_income="")
        elif low_income:
            rows = rows.filter(low_income=low_income)
        if need:
            rows = rows.filter(
                models.Q(service_needs=need)
                | models.Q(service_needs__startswith=f"{need},")
                | models.Q(service_needs__endswith=f",{need}")
                | models.Q(service_needs__contains=f",{need},")
            )
        return rows


class Worker(ScopedModel):
    id_number = EncryptedField(_("ID number"), kind=ID_NUMBER)
    id_number_hash = LookupHashField(source="id_number", unique=True)
    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    birth_date = models.DateField(
        _("date of birth"), validators=[Between(*bounds.STORED_DAYS, field=_("date of birth"))]
    )
    phone = EncryptedField(_("mobile phone"), kind=PHONE)
    phone_hash = LookupHashField(source="phone")
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("household village"),
        on_delete=models.PROTECT,
        related_name="workers",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)

    status = models.CharField(
        _("employment status"), max_length=24, choices=EmploymentStatus.choices, blank=True
    )
    status_since = models.DateField(
        _("status since"), null=True, blank=True, validators=[stored_dates(_("status since"))]
    )
    work_scope = models.CharField(
        _("where they work"), max_length=16, choices=WorkScope.choices, blank=True
    )
    work_place = models.CharField(_("place of work"), max_length=200, blank=True)
    work_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region of work"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    employer_name = models.CharField(_("employing unit"), max_length=200, blank=True)
    occupation_text = models.CharField(_("occupation as written"), max_length=100, blank=True)
    occupation = models.CharField(
        _("occupation"), max_length=32, choices=occupations.CHOICES, blank=True
    )
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    education = models.CharField(
        _("schooling"), max_length=12, choices=Education.choices, blank=True
    )
    monthly_income = models.DecimalField(
        _("monthly income (yuan)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[Between(*bounds.MONTHLY_WAGE, field=_("monthly income (yuan)"))],
    )
    expected_wage = models.DecimalField(
        _("expected monthly wage (yuan)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[Between(*bounds.MONTHLY_WAGE, field=_("expected monthly wage (yuan)"))],
    )
    intention = models.CharField(
        _("job intention"), max_length=16, choices=Intention.choices, blank=True
    )
    training_wish = models.CharField(_("training wanted"), max_length=200, blank=True)
    # Codes of ServiceNeed joined by commas ("job,training"): filterable on SQLite and PostgreSQL.
    service_needs = models.CharField(_("service needs"), max_length=200, blank=True)
    low_income = models.CharField(
        _("low-income household"), max_length=20, choices=LowIncome.choices, blank=True
    )
    consents_to_contact = models.BooleanField(_("agrees to be contacted"), default=False)
    # What the person wants, asked on the portal (blank: matching infers it from the intention).
    willing_scope = models.CharField(
        _("how far they will go"), max_length=10, choices=WillingScope.choices, blank=True
    )
    wanted_work_types = models.CharField(_("types of work wanted"), max_length=100, blank=True)
    wanted_benefits = models.CharField(_("benefits wanted"), max_length=100, blank=True)
    available_from = models.DateField(
        _("available from"), null=True, blank=True, validators=[stored_dates(_("available from"))]
    )
    returned_on = models.DateField(
        _("returned home on"),
        null=True,
        blank=True,
        validators=[stored_dates(_("returned home on"))],
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    # Indexed: the statistics' refresh finds what changed since its last run by it.
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    region_field = "region_id"
    # The current place (scoping.PlacedArea): staff of an out-of-city station see the people of
    # their home area who work in the station's destination.
    place_field = "work_region_id"
    objects = ScopedManager.from_queryset(WorkerQuerySet)()

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        ordering = ["region_id", "name", "id"]
        indexes = [
            models.Index(fields=["region", "status"]),
            models.Index(fields=["region", "name"]),
            # varchar_pattern_ops lets PostgreSQL serve `LIKE '刘%'` from the index whatever the
            # collation; other databases ignore opclasses.
            models.Index(
                fields=["name"], name="workers_name_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]
        # The bounds of homeward.codes.bounds, held by the database too (a bulk write or a
        # console skips the validators).
        constraints = [
            stored_date(
                "birth_date",
                field=_("date of birth"),
                constraint="worker_birth_date_range",
                nullable=False,
            ),
            stored_date(
                "status_since", field=_("status since"), constraint="worker_status_since_range"
            ),
            stored_date(
                "available_from", field=_("available from"), constraint="worker_available_range"
            ),
            stored_date(
                "returned_on", field=_("returned home on"), constraint="worker_returned_range"
            ),
            between(
                "monthly_income",
                *bounds.MONTHLY_WAGE,
                field=_("monthly income (yuan)"),
                constraint="worker_income_range",
            ),
            between(
                "expected_wage",
                *bounds.MONTHLY_WAGE,
                field=_("expected monthly wage (yuan)"),
                constraint="worker_expected_wage_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def age_on(self, day) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())

    def service_need_labels(self) -> list[str]:
        labels = dict(ServiceNeed.choices)
        return [str(labels.get(code, code)) for code in self.service_need_codes]

    @property
    def service_need_codes(self) -> list[str]:
        return [code for code in self.service_needs.split(",") if code]

    @property
    def wanted_work_type_codes(self) -> list[str]:
        return [code for code in self.wanted_work_types.split(",") if code]

    @property
    def wanted_benefit_codes(self) -> list[str]:
        return [code for code in self.wanted_benefits.split(",") if code]


class StatusEvent(ScopedModel):
    """One change of a worker's employment status: when, what, and who said so."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="status_events")
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", editable=False
    )  # the worker's household village when it happened, so flows by area need no join
    status = models.CharField(
        _("employment status"), max_length=24, choices=EmploymentStatus.choices
    )
    work_scope = models.CharField(
        _("where they work"), max_length=16, choices=WorkScope.choices, blank=True
    )
    work_place = models.CharField(_("place of work"), max_length=200, blank=True)
    occurred_on = models.DateField(_("date"), validators=[stored_dates(_("date"))])
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    region_field = "region_id"

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["worker", "-occurred_on", "-recorded_at"]
        indexes = [models.Index(fields=["region", "status", "occurred_on"])]
        constraints = [
            stored_date(
                "occurred_on", field=_("date"), constraint="status_event_date_range", nullable=False
            )
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_status_display()}"


class LedgerUpload(ScopedModel):
    """A ledger file uploaded from the import page, kept between preview and confirmation.

    The file's bytes are deleted once it is imported or discarded, and an upload left unconfirmed
    is discarded after settings.LEDGER_UPLOAD_RETENTION_DAYS (`homeward uploads purge`, and
    `workers.retention.expire_upload` whenever its pages are opened) (SECURITY.md S22). The report
    of what happened to each row stays, with every ID and phone number in it masked on save;
    its rows (names) are dropped after settings.LEDGER_REPORT_RETENTION_DAYS, the counts stay.
    The file, and the result sheet made from it, are read in full only by the uploader and roles
    that may see personal data (`readable_in_full_by`); others get them masked.
    """

    class State(models.TextChoices):
        PREVIEWED = "previewed", _("previewed")
        IMPORTED = "imported", _("imported")
        DISCARDED = "discarded", _("discarded")

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(_("file"), max_length=200)
    content = models.BinaryField(_("content"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PREVIEWED
    )
    report = models.JSONField(_("report"), default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    region_field = "region_id"

    class Meta:
        verbose_name = _("ledger upload")
        verbose_name_plural = _("ledger uploads")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.filename

    def save(self, *args, **kwargs):
        # A message may quote a cell; the report is shown to every role of the area.
        self.report = mask_value(self.report or {})
        super().save(*args, **kwargs)

    def readable_in_full_by(self, user) -> bool:
        """The uploaded ledger's own numbers: for the one who uploaded it and roles that may see
        full personal data (the same permission as the registry's pages)."""
        if not user.is_active:
            return False
        return user.may_see_personal_data or (
            self.uploaded_by_id is not None and self.uploaded_by_id == user.pk
        )

    @property
    def file_expires_at(self):
        return self.uploaded_at + timedelta(days=settings.LEDGER_UPLOAD_RETENTION_DAYS)


class WorkerAccount(ScopedModel):
    """A worker's portal account: the phone they sign in with, bound to their registry record.

    Bound at first sign-in by ID number and name; a person the registry does not know registers
    themselves (`self_registered`) and staff of their village confirm the record later. The
    writes are in `self_service.py`; the portal only calls them.
    """

    worker = models.OneToOneField(
        "workers.Worker", on_delete=models.CASCADE, related_name="portal_account"
    )
    phone = EncryptedField(_("mobile phone"), kind=PHONE)
    phone_hash = LookupHashField(source="phone", unique=True)
    self_registered = models.BooleanField(_("registered themselves"), default=False)
    confirmed_at = models.DateTimeField(_("confirmed by staff at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_sign_in_at = models.DateTimeField(_("last signed in"), null=True, blank=True)

    region_field = "worker__region_id"

    class Meta:
        # The table the portal app created: the model moved here, its rows stayed where they were.
        db_table = "portal_workeraccount"
        verbose_name = _("worker portal account")
        verbose_name_plural = _("worker portal accounts")

    def __str__(self) -> str:
        return f"portal account of worker {self.worker_id}"

    @property
    def awaiting_confirmation(self) -> bool:
        return self.self_registered and self.confirmed_at is None


class LedgerColumnChoice(ScopedModel):
    """A clerk's choice of registry field for a ledger header the importer does not know.

    Remembered for the area the ledger was uploaded for, so that area's next ledger with the same
    header (compared after `ledger_fields.header_key`) is read the same way without asking.
    """

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.CASCADE, related_name="+"
    )
    header_key = models.CharField(_("header"), max_length=100)
    header = models.CharField(_("header as written"), max_length=100)
    field = models.CharField(_("field"), max_length=40)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    chosen_at = models.DateTimeField(_("chosen at"), default=timezone.now)

    region_field = "region_id"

    class Meta:
        verbose_name = _("ledger column choice")
        verbose_name_plural = _("ledger column choices")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "header_key"], name="ledger_column_choice_once_per_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.header} → {self.field}"


class InsuranceKind(models.TextChoices):
    """The four social insurances the registry records (江苏's 精准扩面, 内江's coverage push)."""

    PENSION = "pension", _("pension insurance")
    MEDICAL = "medical", _("medical insurance")
    INJURY = "injury", _("work-injury insurance")
    UNEMPLOYMENT = "unemployment", _("unemployment insurance")


class Insured(models.TextChoices):
    YES = "yes", _("insured")
    NO = "no", _("not insured")
    UNKNOWN = "unknown", _("not known")


class InsurancePlace(models.TextChoices):
    LOCAL = "local", _("locally")
    ELSEWHERE = "elsewhere", _("elsewhere")


class SocialInsurance(ScopedModel):
    """A person's participation in one social insurance as last recorded: insured or not,
    where, as of which day, and who said so (the ledger, a survey, staff). One row per person
    and kind, written only by `workers.insurance.record_insurance` (and the ledger import);
    the month-end snapshot of the statistics copies who is insured (`stats.PersonMonth`)."""

    class Origin(models.TextChoices):
        IMPORT = Source.IMPORT.value, Source.IMPORT.label
        SURVEY = Source.SURVEY.value, Source.SURVEY.label
        STAFF = Source.STAFF.value, Source.STAFF.label

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="insurance")
    kind = models.CharField(_("insurance"), max_length=12, choices=InsuranceKind.choices)
    insured = models.CharField(_("insured"), max_length=8, choices=Insured.choices)
    place = models.CharField(
        _("insured where"), max_length=10, choices=InsurancePlace.choices, blank=True
    )
    as_of = models.DateField(_("as of"), validators=[stored_dates(_("as of"))])
    source = models.CharField(_("source"), max_length=8, choices=Origin.choices)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    region_field = "worker__region_id"

    class Meta:
        verbose_name = _("social insurance")
        verbose_name_plural = _("social insurance")
        ordering = ["worker", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "kind"], name="workers_insurance_once"),
            stored_date(
                "as_of",
                field=_("as of"),
                constraint="workers_insurance_as_of_range",
                nullable=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.kind} {self.insured}"
