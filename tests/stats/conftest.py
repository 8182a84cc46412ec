import datetime as dt

import pytest
from django.utils import timezone

from homeward.workers.models import EmploymentStatus as S
from homeward.workers.models import Source, WorkScope
from homeward.workers.services import record_status
from tests.factories import make_employer, make_posting, make_worker

VILLAGE_2 = "321302001002"  # a second village of the cast's town
B_VILLAGE = None  # county B's first village, looked up in the fixture


def status(worker, value, on, scope=""):
    worker.refresh_from_db()
    return record_status(
        worker, status=value, occurred_on=on, source=Source.STAFF, work_scope=scope
    )


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def people(village, today):
    """Hand-counted people of two villages of the cast's town, with a history.

    Last month's end: village 1 — A away out of province, B away out of province, C local;
    village 2 — D away in the county. This month: A came back (looking for work), D went local.
    """
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=10)
    this_month = today.replace(day=1)
    a = make_worker(village.code, sequence=1, name="甲")
    b = make_worker(village.code, sequence=2, name="乙")
    c = make_worker(village.code, sequence=3, name="丙", low_income="monitored")
    d = make_worker(VILLAGE_2, sequence=4, name="丁")
    status(a, S.OUT_MIGRANT, last_month, WorkScope.OUT_OF_PROVINCE)
    status(b, S.OUT_MIGRANT, last_month, WorkScope.OUT_OF_PROVINCE)
    status(c, S.LOCAL_EMPLOYED, last_month)
    status(d, S.OUT_MIGRANT, last_month, WorkScope.IN_COUNTY)
    status(a, S.RETURNED_UNEMPLOYED, this_month)
    status(d, S.LOCAL_EMPLOYED, this_month)
    for w in (a, b, c, d):
        w.refresh_from_db()
    return {"a": a, "b": b, "c": c, "d": d, "last": last_month.replace(day=1), "this": this_month}


@pytest.fixture
def hire(people, employer, today):
    """C applied this month and was hired (an application of village 1)."""
    from homeward.placements.services import apply, hire

    posting = make_posting(employer)
    posting.status = "published"
    posting.save()
    application, _ = apply(people["c"], posting, source="staff", by="staff")
    hire(application, hired_on=today, contract_months=12, by="employer")
    return application


__all__ = ["make_employer"]
