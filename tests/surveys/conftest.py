import pytest

from tests.factories import COUNTY, make_survey


@pytest.fixture
def survey(db):
    """County A's survey, open from 30 days ago to 30 days ahead, every question asked."""
    return make_survey(COUNTY)
