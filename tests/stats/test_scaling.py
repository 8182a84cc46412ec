"""docs/scaling.md's claim: the figures are additive, so computing each county's part apart
and merging the parts gives the figures of the whole, at every level."""

import pytest

from homeward.regions.codes import ancestor_codes
from homeward.regions.models import Region
from homeward.stats.compute import merge, part_figures, part_of_own, rollup, village_figures
from homeward.workers.models import EmploymentStatus as S
from homeward.workers.models import WorkScope
from tests.factories import CITY, COUNTY, COUNTY_B, make_worker

from .conftest import status
from .test_events import workstreams  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_per_county_parts_merged_equal_the_whole(people, workstreams, today):  # noqa: F811
    b_village = (
        Region.tree.filter(code__gt=COUNTY_B, code__lt=COUNTY_B + "A", level="village")
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )
    someone = make_worker(b_village, sequence=9, name="己")
    status(someone, S.OUT_MIGRANT, people["last"].replace(day=3), WorkScope.IN_PROVINCE)
    status(someone, S.RETURNED_UNEMPLOYED, people["this"])
    month = people["this"]
    whole = rollup(village_figures(month))
    counties = sorted({c[:6] for c, _ in whole if len(c) >= 6})
    assert {COUNTY, COUNTY_B} <= set(counties)
    prov = CITY[:2]
    parts = [part_figures(month, county) for county in counties]
    parts += [part_of_own(month, code) for code in (CITY, prov)]
    merged = merge(parts)
    assert merged == whole
    # each county's part alone holds nothing of another county
    for county, part in zip(counties, parts, strict=False):
        assert all(code[:6] == county or code in ancestor_codes(county) for code, _ in part)
    assert whole[(CITY, "returnees")] == 3
