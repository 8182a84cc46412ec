import datetime

import pytest
from django.utils import timezone

from homeward.followups.services import schedule_followups
from tests.factories import make_employer, make_hire, make_posting


def months_ago(n: int) -> datetime.date:
    from homeward.followups.rates import add_months

    return add_months(timezone.localdate(), -n)


@pytest.fixture
def hired(db, worker, employer):
    """The cast's worker hired by the cast's employer 7 months ago: every follow-up is due."""
    application = make_hire(worker, make_posting(employer), hired_on=months_ago(7))
    schedule_followups(application.pk)
    return application


@pytest.fixture
def other_employer(db):
    return make_employer("321302001", name="宿城纺织厂")
