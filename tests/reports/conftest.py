import datetime as dt

import pytest
from django.utils import timezone

from homeward.stats import services as stats
from homeward.workers.models import EmploymentStatus as S
from homeward.workers.models import Source, WorkScope
from homeward.workers.services import record_status
from tests.factories import make_worker

VILLAGE_2 = "321302001002"  # a second village of the cast's town


def status(worker, value, on, scope=""):
    worker.refresh_from_db()
    return record_status(
        worker, status=value, occurred_on=on, source=Source.STAFF, work_scope=scope
    )


@pytest.fixture
def last_month():
    return (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


@pytest.fixture
def people(village, last_month):
    """Hand-counted people of two villages of the cast's town, last month's end: village 1 —
    A and B away outside the province, C employed locally (monitored household); village 2 —
    D away in the county, E back home looking for work (came back from outside the province
    in that month). The summary table is rebuilt."""
    day = last_month.replace(day=10)
    a = make_worker(village.code, sequence=1, name="甲")
    b = make_worker(village.code, sequence=2, name="乙")
    c = make_worker(village.code, sequence=3, name="丙", low_income="monitored")
    d = make_worker(VILLAGE_2, sequence=4, name="丁")
    e = make_worker(VILLAGE_2, sequence=5, name="戊")
    status(a, S.OUT_MIGRANT, day, WorkScope.OUT_OF_PROVINCE)
    status(b, S.OUT_MIGRANT, day, WorkScope.OUT_OF_PROVINCE)
    status(c, S.LOCAL_EMPLOYED, day)
    status(d, S.OUT_MIGRANT, day, WorkScope.IN_COUNTY)
    status(e, S.OUT_MIGRANT, day - dt.timedelta(days=5), WorkScope.OUT_OF_PROVINCE)
    status(e, S.RETURNED_UNEMPLOYED, day)
    stats.rebuild([last_month])
    return {"a": a, "b": b, "c": c, "d": d, "e": e}
