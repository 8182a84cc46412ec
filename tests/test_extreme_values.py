"""One bad value must not take down a province (issue 10 §3).

Values are written straight into the database, past forms and services (`QuerySet.update`):
those outside the bounds are refused by the check constraints (or the column type); those at
the very edges are stored, and then every page that reads them — staff worker list and
profile, job list and posting page, staff home, the worker portal's home, search, job and
applications, the employer portal's home, posting and application — answers without a 500, as
each role that reads it. On SQLite the constraints can be switched off
(`PRAGMA ignore_check_constraints`), which is how the attack stored age 70000 and year 1: the
pages must survive those too, the bad posting left out of matching and listed on the staff home.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import DataError, IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from homeward.jobs.models import Posting
from homeward.placements.models import Application
from homeward.placements.services import apply
from homeward.scoping import area_scope
from homeward.workers.models import StatusEvent, Worker
from homeward.workers.services import record_status
from tests.factories import TOWN, VILLAGE, make_employer, make_posting, make_worker
from tests.portal.helpers import sign_in_worker
from tests.portal.test_employer_signin import make_employer_user, sign_in_employer

pytestmark = pytest.mark.django_db

FIRST, LAST = datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)
YEAR_ONE, YEAR_9999 = datetime.date(1, 1, 1), datetime.date(9999, 12, 31)
BIG = 9223372036854775807


def _published(employer, **fields):
    posting = make_posting(employer, occupation="电焊工", title="电焊工")
    Posting._base_manager.filter(pk=posting.pk).update(status="published", **fields)
    return Posting._base_manager.get(pk=posting.pk)


@pytest.fixture
def cast(worker, employer):
    """The cast's worker (a welder) and employer with a published posting, and an application."""
    Worker._base_manager.filter(pk=worker.pk).update(occupation_text="电焊工", intention="local")
    with area_scope(worker.region_id):
        record_status(worker, status="unemployed", occurred_on=timezone.localdate(), source="staff")
    posting = _published(employer)
    application = apply(worker, posting)[0]
    return worker, posting, application


REFUSED = [
    (Posting, "age_max", 70000),
    (Posting, "age_min", 15),
    (Posting, "age_max", 76),
    (Posting, "headcount", BIG),
    (Posting, "headcount", 10_001),
    (Posting, "headcount", 0),
    (Posting, "wage_max", Decimal("99999999.99")),
    (Posting, "wage_max", Decimal("200000.01")),
    (Posting, "starts_on", YEAR_ONE),
    (Posting, "ends_on", YEAR_9999),
    (Worker, "birth_date", YEAR_ONE),
    (Worker, "status_since", YEAR_9999),
    (Worker, "available_from", YEAR_9999),
    (Worker, "returned_on", YEAR_ONE),
    (Worker, "monthly_income", Decimal("200000.01")),
    (Worker, "expected_wage", Decimal("-1")),
    (StatusEvent, "occurred_on", YEAR_9999),
    (Application, "hired_on", YEAR_9999),
    (Application, "interview_at", datetime.datetime(1, 1, 2, tzinfo=datetime.UTC)),
    (Application, "contract_months", 121),
]


@pytest.mark.parametrize(
    ("model", "name", "value"), REFUSED, ids=[f"{m.__name__}.{n}={v}" for m, n, v in REFUSED]
)
def test_the_database_refuses_values_out_of_bounds(cast, model, name, value):
    worker, posting, application = cast
    row = {Posting: posting, Worker: worker, Application: application}.get(model)
    rows = model._base_manager.filter(pk=row.pk) if row else model._base_manager.all()
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        rows.update(**{name: value})


def test_a_day_rate_over_its_bound_is_refused_though_a_monthly_one_is_not(cast):
    _worker, posting, _application = cast
    rows = Posting._base_manager.filter(pk=posting.pk)
    rows.update(wage_min=Decimal(5000), wage_max=Decimal("5000.01"))  # yuan a month: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(wage_unit="day")
    rows.update(wage_unit="day", wage_max=Decimal(5000))


def _at_the_edges(worker, posting, application):
    Posting._base_manager.filter(pk=posting.pk).update(
        age_min=16,
        age_max=75,
        headcount=10_000,
        wage_min=Decimal(0),
        wage_max=Decimal(200_000),
        starts_on=FIRST,
        ends_on=LAST,
        title="电焊工\u202e\x07",
    )
    Worker._base_manager.filter(pk=worker.pk).update(
        birth_date=FIRST,
        status_since=LAST,
        available_from=LAST,
        returned_on=FIRST,
        monthly_income=Decimal(0),
        expected_wage=Decimal(200_000),
        name="张三\u202e\x1b",
    )
    StatusEvent._base_manager.filter(worker=worker).update(occurred_on=LAST)
    Application._base_manager.filter(pk=application.pk).update(
        interview_at=datetime.datetime(1900, 1, 1, 12, tzinfo=datetime.UTC),
        hired_on=LAST,
        contract_months=120,
    )


def _signed_in(worker, hr, staff_users) -> dict:
    """A client per role, signed in before the values change (binding compares the name)."""
    clients = {}
    for user in staff_users:
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    clients["worker"] = Client()
    sign_in_worker(clients["worker"], worker)
    clients["employer"] = Client()
    sign_in_employer(clients["employer"], hr)
    return clients


def _every_page(clients, worker, posting, application) -> dict[str, int]:
    """The status of every page reading these records, as each role that reads them."""
    answers = {}
    for role, client in clients.items():
        if role in ("worker", "employer"):
            continue
        for url in (
            reverse("home"),
            reverse("workers:list"),
            reverse("workers:detail", args=[worker.pk]),
            reverse("jobs:list"),
            reverse("jobs:detail", args=[posting.pk]),
            reverse("employers:detail", args=[posting.employer_id]),
        ):
            answers[f"{role} {url}"] = client.get(url).status_code
    for url in ("/m/", "/m/jobs", f"/m/jobs/{posting.pk}", "/m/applications", "/m/me"):
        answers[f"worker {url}"] = clients["worker"].get(url).status_code
    for url in (
        reverse("portal:employer-home"),
        reverse("portal:employer-posting", args=[posting.pk]),
        reverse("portal:employer-application", args=[application.pk]),
    ):
        answers[f"employer {url}"] = clients["employer"].get(url).status_code
    return answers


def test_values_at_the_edges_are_stored_and_every_page_reads_them(
    cast, town_staff, county_staff, employer
):
    worker, posting, application = cast
    clients = _signed_in(worker, make_employer_user(employer), [town_staff, county_staff])
    _at_the_edges(worker, posting, application)
    answers = _every_page(clients, worker, posting, application)
    assert {url: code for url, code in answers.items() if code != 200} == {}
    assert Worker._base_manager.get(pk=worker.pk).expected_wage == Decimal(200_000)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="only SQLite can switch checks off")
def test_values_stored_past_the_constraints_leave_the_record_out_not_the_province(
    cast, town_staff, county_staff, employer
):
    """The attack: age 70000 and year 1 on one posting, year 1 on one person's birth date."""
    worker, broken, application = cast
    clients = _signed_in(worker, make_employer_user(employer), [town_staff, county_staff])
    good = _published(make_employer(TOWN, name="好厂"))
    other = make_worker(VILLAGE, sequence=11, name="李四")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA ignore_check_constraints = ON")
        try:
            Posting._base_manager.filter(pk=broken.pk).update(age_max=70000, starts_on=YEAR_ONE)
            Worker._base_manager.filter(pk=other.pk).update(birth_date=YEAR_ONE)
        finally:
            cursor.execute("PRAGMA ignore_check_constraints = OFF")
    assert Posting._base_manager.get(pk=broken.pk).age_max == 70000
    answers = _every_page(clients, worker, broken, application)
    assert {url: code for url, code in answers.items() if code != 200} == {}
    home = clients["worker"].get("/m/").content.decode()
    assert f"/m/jobs/{good.pk}" in home and f"/m/jobs/{broken.pk}" not in home
    page = clients[county_staff.username].get(reverse("home")).content.decode()
    assert "条记录数据异常，未参与匹配" in page
    assert reverse("jobs:detail", args=[broken.pk]) in page


def test_a_record_matching_cannot_encode_is_left_out_and_shown_to_staff(
    cast, county_staff, monkeypatch
):
    """The same on every database: a stored value the encoder cannot take (as a row written
    before the constraints would hold) costs that posting its matching, nobody their page."""
    from homeward.matching import services

    worker, broken, _application = cast
    good = _published(make_employer(TOWN, name="好厂"))
    record = services.job_record
    monkeypatch.setattr(
        services,
        "job_record",
        lambda p: {**record(p), "age_max": 70000} if p["id"] == broken.pk else record(p),
    )
    person = Client()
    sign_in_worker(person, worker)
    response = person.get("/m/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"/m/jobs/{good.pk}" in page and f"/m/jobs/{broken.pk}" not in page
    assert services.run_matching("3213") == {"postings": 2}
    staff = Client()
    staff.force_login(county_staff)
    home = staff.get(reverse("home")).content.decode()
    assert "条记录数据异常，未参与匹配" in home
    assert reverse("jobs:detail", args=[broken.pk]) in home
    assert staff.get(reverse("jobs:detail", args=[broken.pk])).status_code == 200
