"""Social-insurance coverage and the contract-signing rate through the statistics' machinery:
counted at the month's end from the snapshots (a past month stays), from employers' current
reports and the wage rosters; the refresh equal to a full rebuild; the records behind a
figure; small counts suppressed for the city."""

import datetime as dt

import pytest

from homeward.employers.contracts import report_contracts
from homeward.employers.models import ReportingRule
from homeward.stats import reading, services
from homeward.stats.compute import records_behind
from homeward.stats.models import Figure
from homeward.workers.insurance import record_insurance
from tests.factories import CITY, COUNTY, TOWN, VILLAGE, make_employer
from tests.wages.helpers import make_entry, make_project

pytestmark = pytest.mark.django_db

YES, NO = {"insured": "yes", "place": "local"}, {"insured": "no"}


def stored(area, month, prefix):
    return {
        c: v
        for c, v in Figure.objects.filter(region_code=area, month=month).values_list(
            "indicator", "value"
        )
        if c.startswith(prefix)
    }


def test_coverage_by_kind_at_the_month_end_and_a_past_month_stays(people, today, town_staff):
    a, b = people["a"], people["b"]
    record_insurance(a, {"pension": YES, "medical": YES}, as_of=today, source="staff", by=None)
    record_insurance(b, {"pension": NO, "medical": YES}, as_of=today, source="survey", by=None)
    services.rebuild()
    assert stored(VILLAGE, people["this"], "insured_") == {
        "insured_pension": 1,
        "insured_medical": 2,
        "insured_local": 2,
    }
    assert stored(VILLAGE, people["last"], "insured_") == {}  # recorded after last month's end
    assert stored(COUNTY, people["this"], "insured_") == {
        "insured_pension": 1,
        "insured_medical": 2,
        "insured_local": 2,
    }
    rows, field = records_behind("insured_pension", people["this"], VILLAGE)
    assert set(rows.values_list(field, flat=True)) == {a.pk}
    rate = {r.code: r for r in reading.ratios(VILLAGE, people["this"])}["coverage_medical"]
    assert (rate.top, rate.bottom, rate.percent) == (2, 3, "66.7%")


def test_the_refresh_after_an_answer_equals_a_full_rebuild(people, today):
    services.rebuild()
    record_insurance(people["c"], {"injury": YES}, as_of=today, source="staff", by=None)
    services.refresh()
    assert stored(VILLAGE, people["this"], "insured_") == {
        "insured_injury": 1,
        "insured_local": 1,
    }
    assert services.check() == []
    record_insurance(people["c"], {"injury": NO}, as_of=today, source="staff", by=None)
    services.refresh()
    assert stored(VILLAGE, people["this"], "insured_") == {}
    assert services.check() == []


def test_small_counts_of_a_town_are_suppressed_for_the_city(people, today):
    record_insurance(people["a"], {"pension": YES}, as_of=today, source="staff", by=None)
    services.rebuild()
    parts = reading.breakdown(
        CITY, [(TOWN, "幸福街道"), ("321302002", "邻镇")], "insured_pension", people["this"]
    )
    assert [p.shown for p in parts.parts][0] == "<5"
    county = reading.breakdown(COUNTY, [(TOWN, "幸福街道")], "insured_pension", people["this"])
    assert county.parts[0].shown == "1"


def _last_month(today) -> dt.date:
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def test_the_signing_rate_counts_current_reports_and_larger_employers_by_the_rule(today):
    month = _last_month(today)
    big, small = make_employer(TOWN, name="大厂"), make_employer(TOWN, name="小厂")
    report_contracts(big, period=month, headcount=60, contracts_signed=57, source="staff", by=None)
    report_contracts(
        big, period=month, headcount=60, contracts_signed=59, source="staff", by=None, reason="补"
    )
    report_contracts(
        small, period=month, headcount=10, contracts_signed=5, source="employer", by=None
    )
    services.rebuild()
    assert stored(TOWN, month, "contracts_") == {
        "contracts_headcount": 70,
        "contracts_signed": 64,
        "contracts_headcount_large": 60,
        "contracts_signed_large": 59,
    }
    rate = {r.code: r for r in reading.ratios(COUNTY, month)}["contract_signing_large"]
    assert rate.percent == "98.3%"
    rows, field = records_behind("contracts_signed_large", month, TOWN)
    assert field is None and list(rows.values_list("employer__name", flat=True)) == ["大厂"]
    ReportingRule.objects.create(large_headcount=10)  # the rule is data: both count now
    services.refresh()
    assert stored(TOWN, month, "contracts_headcount_large") == {"contracts_headcount_large": 70}
    assert services.check() == []


def test_the_rosters_give_contracts_signed_of_people_joining(today):
    project = make_project(TOWN)
    make_entry(project, 1, joined_on=today, contract_signed=True)
    make_entry(project, 2, joined_on=today, contract_signed=False)
    services.rebuild()
    assert stored(TOWN, today.replace(day=1), "roster_") == {
        "roster_joined": 2,
        "roster_contracted": 1,
    }


HERE, AWAY = {"insured": "yes", "place": "local"}, {"insured": "yes", "place": "elsewhere"}


def test_where_insured_here_or_only_elsewhere_opens_its_people(people, today):
    a, b, c, d = people["a"], people["b"], people["c"], people["d"]
    record_insurance(a, {"pension": AWAY, "medical": HERE}, as_of=today, source="staff", by=None)
    record_insurance(b, {"pension": AWAY, "medical": AWAY}, as_of=today, source="staff", by=None)
    # insured, the place not known: in neither figure
    record_insurance(c, {"medical": {"insured": "yes"}}, as_of=today, source="survey", by=None)
    record_insurance(d, {"pension": NO}, as_of=today, source="staff", by=None)
    services.rebuild()
    this = people["this"]
    assert stored(VILLAGE, this, "insured_l") == {"insured_local": 1}
    assert stored(VILLAGE, this, "insured_e") == {"insured_elsewhere": 1}
    assert stored(COUNTY, this, "insured_") == {
        "insured_pension": 2,
        "insured_medical": 3,
        "insured_local": 1,
        "insured_elsewhere": 1,
    }
    for code, person in (("insured_local", a), ("insured_elsewhere", b)):
        rows, field = records_behind(code, this, COUNTY)
        assert list(rows.values_list(field, flat=True)) == [person.pk]
    parts = reading.breakdown(CITY, [(TOWN, "幸福街道")], "insured_elsewhere", this)
    assert parts.parts[0].shown == "<5"  # a town's 1 leaves the county as "<5"


def test_where_insured_follows_an_answer_by_the_refresh_and_a_past_month_stays(people, today):
    a = people["a"]
    services.rebuild()
    record_insurance(a, {"pension": AWAY}, as_of=today, source="staff", by=None)
    services.refresh()  # the answers are written in bulk: the refresh reads them
    assert stored(VILLAGE, people["this"], "insured_e") == {"insured_elsewhere": 1}
    record_insurance(a, {"medical": HERE}, as_of=today, source="staff", by=None)
    services.refresh()
    assert stored(VILLAGE, people["this"], "insured_") == {
        "insured_pension": 1,
        "insured_medical": 1,
        "insured_local": 1,
    }
    assert stored(VILLAGE, people["last"], "insured_") == {}
    assert services.check() == []
