"""The agencies' small cast: a licensed agency of county A, one whose licence expired, and a
published posting of the cast's employer."""

import pytest

from tests.agencies.factories import make_agency
from tests.factories import make_posting


def published(employer, **fields):
    posting = make_posting(employer, **fields)
    posting.status = "published"
    posting.save()
    return posting


@pytest.fixture
def agency(county_a):
    return make_agency(county_a.code, name="湘才人力资源服务有限公司")


@pytest.fixture
def expired(county_a):
    return make_agency(county_a.code, name="过期人力资源公司", expires_in_days=-1)


@pytest.fixture
def posting(employer):
    return published(employer)
