"""The workstreams' figures against a hand-counted fixture: fairs, follow-ups, wage warnings,
cases and claims, disputes, training, returnees by origin; each figure's rows; an event added
after a rebuild reaches the table through the incremental refresh exactly as a rebuild would."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from homeward.fairs.models import CheckIn
from homeward.followups.models import FollowUp
from homeward.stats import events, services, signals
from homeward.stats.compute import records_behind, rollup, village_figures
from homeward.stats.indicators import BY_CODE, CODES, RATIOS
from homeward.stats.models import Figure
from homeward.wages.models import ArrearsClue, WageCase, WageWarning
from homeward.workers.models import EmploymentStatus as S
from homeward.workers.models import WorkScope
from tests.disputes.conftest import file_case, make_commission
from tests.factories import CITY, COUNTY, TOWN, VILLAGE, make_worker
from tests.fairs.conftest import make_fair
from tests.wages.helpers import make_project

from .conftest import status

pytestmark = pytest.mark.django_db


def stored(area, month):
    return dict(
        Figure.objects.filter(region_code=area, month=month).values_list("indicator", "value")
    )


def _warning(project, level, n, today):
    return WageWarning.objects.create(
        project=project,
        rule="no_pay",
        key=f"{level}-{n}",
        level=level,
        message="未按月发放工资",
        raised_on=today,
    )


@pytest.fixture
def workstreams(people, hire, today, county_staff):
    """This month: two fairs of county A (A and B checked in at the first); C's 3-month
    follow-up answered "still employed"; a project of the town with two red warnings and one
    yellow, one of them closed as a case recovering 1,234.56 yuan; a wage claim of 3 people for
    8,000.50 yuan; one dispute filed at county A's commission; E came back from the city."""
    first = make_fair(COUNTY)
    make_fair(COUNTY, title="夜市招聘会")
    for worker in (people["a"], people["b"]):
        CheckIn.objects.create(fair=first, worker=worker, method="id")
    FollowUp.objects.create(
        application=hire,
        worker=people["c"],
        employer=hire.posting.employer,
        region_id=people["c"].region_id,
        months=3,
        due_on=today,
        result="employed",
        recorded_at=timezone.now(),
    )
    project = make_project(TOWN)
    red = _warning(project, "red", 1, today)
    _warning(project, "red", 2, today)
    _warning(project, "yellow", 3, today)
    WageCase.objects.create(
        warning=red,
        region_id=COUNTY,
        due_on=today,
        opened_on=today,
        state="closed",
        closed_on=today,
        amount_recovered=Decimal("1234.56"),
    )
    ArrearsClue.objects.create(
        number="QX-1",
        worker=people["b"],
        region_id=COUNTY,
        amount_claimed=Decimal("8000.50"),
        people=3,
        received_on=today,
    )
    file_case(make_commission(), people["b"], by=county_staff, filed_on=today)
    e = make_worker(VILLAGE, sequence=5, name="戊")
    status(e, S.OUT_MIGRANT, people["last"].replace(day=5), WorkScope.IN_CITY)
    status(e, S.RETURNED_UNEMPLOYED, people["this"])
    return {"project": project, "e": e}


HAND_COUNT = {
    "fairs_held": 2,
    "fair_attendees": 2,
    "retention_3m_answered": 1,
    "retention_3m_kept": 1,
    "wage_warnings_red": 2,
    "wage_warnings_yellow": 1,
    "wage_cases_closed": 1,
    "wage_cases_recovered": 123456,  # fen
    "arrears_cases": 1,
    "arrears_people": 3,
    "arrears_claimed": 800050,
    "disputes_filed": 1,
}


def test_every_event_count_is_in_the_dictionary_and_every_ratio_names_two():
    assert {c.code for c in events.COUNTS} <= set(CODES)
    for ratio in RATIOS:
        assert ratio.numerator in CODES and ratio.denominator in CODES
    assert BY_CODE["arrears_claimed"].money and BY_CODE["arrears_claimed"].unit == "元"


def test_the_workstreams_figures_match_the_hand_count(people, workstreams):
    services.rebuild()
    this = people["this"]
    county = stored(COUNTY, this)
    for code, n in HAND_COUNT.items():
        assert county.get(code) == n, code
        assert stored(CITY, this).get(code) == n, code
    assert county["returnees"] == 2
    assert county["returnees_from_outside_province"] == 1
    assert county["returnees_from_in_city"] == 1
    # counted where the rows are recorded: the town's project, the county's commission
    assert stored(TOWN, this)["wage_warnings_red"] == 2
    assert "disputes_filed" not in stored(TOWN, this)
    assert "fair_attendees" not in stored(VILLAGE, this)
    assert services.check() == []


def test_each_figure_opens_the_rows_it_counts(people, workstreams):
    this = people["this"]
    figures = rollup(village_figures(this))
    for code in (*HAND_COUNT, "returnees_from_in_city"):
        records, worker_field = records_behind(code, this, COUNTY)
        if BY_CODE[code].money or code == "arrears_people":
            assert records.count() == 1
            continue
        assert records.count() == figures[(COUNTY, code)], code
        assert (worker_field is None) == (not BY_CODE[code].people), code
    assert list(
        records_behind("returnees_from_in_city", this, COUNTY)[0].values_list(
            "worker_id", flat=True
        )
    ) == [workstreams["e"].pk]
    # another county's area opens nothing
    assert records_behind("disputes_filed", this, "321311")[0].count() == 0


def test_an_event_after_the_rebuild_reaches_the_table_by_the_refresh(people, workstreams, today):
    services.rebuild()
    before = stored(COUNTY, people["this"])
    _warning(workstreams["project"], "orange", 4, today)
    ArrearsClue.objects.create(
        number="QX-2",
        worker=people["a"],
        region_id=COUNTY,
        amount_claimed=Decimal("100.00"),
        received_on=today - dt.timedelta(days=0),
    )
    result = services.refresh()
    assert result["event_figures_changed"] > 0
    after = stored(COUNTY, people["this"])
    assert after["wage_warnings_orange"] == 1 and "wage_warnings_orange" not in before
    assert after["arrears_cases"] == 2 and after["arrears_claimed"] == 810050
    assert services.check() == []
    # the refresh wrote what a rebuild writes
    incremental = set(Figure.objects.values_list("region_code", "month", "indicator", "value"))
    services.rebuild()
    assert set(Figure.objects.values_list("region_code", "month", "indicator", "value")) == (
        incremental
    )


def test_the_dashboard_draws_the_workstreams_and_opens_their_rows(
    client, people, workstreams, county_staff
):
    from django.urls import reverse

    from homeward.accounts.models import Role
    from tests.factories import make_staff

    services.rebuild()
    this = people["this"].strftime("%Y-%m")
    client.force_login(county_staff)
    page = client.get(reverse("stats:dashboard"), {"month": this}).content.decode()
    for part in (
        'id="dashboard-data"',
        'data-testid="sankey"',
        'data-ratio="mediation_success"',
        'data-indicator="arrears_claimed"',
        "8,000.50",
        'data-testid="claims"',
    ):
        assert part in page, part
    # a figure whose rows are not people's opens them as records (the case number, no names)
    listed = client.get(
        reverse("stats:people"), {"indicator": "disputes_filed", "area": COUNTY, "month": this}
    ).content.decode()
    assert 'data-testid="records"' in listed and "宿城劳人仲案字" in listed
    year = client.get(
        reverse("stats:people"),
        {"indicator": "arrears_cases", "area": COUNTY, "year": people["this"].year},
    ).content.decode()
    assert "乙" in year
    # the city's leader sees the map of its counties from the vendored boundaries
    leader = make_staff(CITY, role=Role.LEADER, username="city-leader-map")
    client.force_login(leader)
    city = client.get(reverse("stats:dashboard"), {"area": CITY, "month": this}).content.decode()
    assert "echarts-china-cities/3213.geojson" in city


def test_a_new_check_in_recounts_its_own_cell_and_the_areas_above(
    people, workstreams, today, monkeypatch, django_capture_on_commit_callbacks
):
    """A check-in at the door moves fair_attendees of its fair's county and the areas above in
    this month, counted again over those areas' rows alone (not the figure over every month);
    the table then equals a rebuild's."""
    services.rebuild()
    this = people["this"]
    before = {area: stored(area, this)["fair_attendees"] for area in (COUNTY, CITY, COUNTY[:2])}
    assert before == {COUNTY: 2, CITY: 2, COUNTY[:2]: 2}
    signals.discard()  # the fixture's writes, whose commit callbacks a test never runs
    full = []
    monkeypatch.setattr(services, "_recount_events", lambda *a, **k: full.append(a) or 0)
    fair = CheckIn.objects.filter(worker=people["a"]).get().fair
    with django_capture_on_commit_callbacks(execute=True):
        CheckIn.objects.create(fair=fair, worker=people["c"], method="id")
    assert full == []  # no full recount of the figure
    after = {area: stored(area, this)["fair_attendees"] for area in before}
    assert after == {COUNTY: 3, CITY: 3, COUNTY[:2]: 3}
    monkeypatch.undo()
    assert services.check() == []
    incremental = set(Figure.objects.values_list("region_code", "month", "indicator", "value"))
    services.rebuild()
    assert set(Figure.objects.values_list("region_code", "month", "indicator", "value")) == (
        incremental
    )


def test_a_changed_or_back_dated_check_in_recounts_the_figure_in_full(
    people, workstreams, today, monkeypatch, django_capture_on_commit_callbacks
):
    """Only a new row of this month is counted in its cell alone: a check-in moved to last
    month (changed), or recorded for last month, counts the figure again over every month."""
    services.rebuild()
    checkin = CheckIn.objects.filter(worker=people["a"]).get()
    last = timezone.make_aware(dt.datetime.combine(people["last"].replace(day=10), dt.time(9)))
    with django_capture_on_commit_callbacks(execute=True):
        checkin.at = last
        checkin.save(update_fields=["at"])
    assert stored(COUNTY, people["this"])["fair_attendees"] == 1
    assert stored(COUNTY, people["last"])["fair_attendees"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        CheckIn.objects.create(fair=checkin.fair, worker=people["c"], method="id", at=last)
    assert stored(COUNTY, people["last"])["fair_attendees"] == 2
    assert services.check() == []
