"""The wage-protection map: the JSON block lists exactly the area's placed projects with their
colour (highest open warning) and amount at risk; the ranked list holds the same rows in order;
the legend's counts equal the lists they open; projects without a position are listed under the
map; county B sees nothing of county A; a position is both or neither, inside China."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from homeward.wages import atlas
from homeward.wages.models import Attendance, WageWarning
from homeward.wages.services import append_payments
from tests.factories import COUNTY_B

from .helpers import make_entry, make_project

pytestmark = pytest.mark.django_db

MONTH = date(2026, 3, 1)  # deadline 2026-04-30
SITE = {"latitude": Decimal("33.96"), "longitude": Decimal("118.24")}


def _warn(project, level, *, entry=None, month=MONTH, rule="no_pay"):
    key = f"{project.pk}:{rule}:{month}:{entry.pk if entry else '-'}:{level}"
    return WageWarning.objects.create(
        project=project,
        rule=rule,
        month=month,
        entry=entry,
        key=key,
        level=level,
        message=f"{rule} {level}",
        raised_on=date(2026, 5, 1),
    )


def _unpaid(project, sequence, days, paid=None):
    entry = make_entry(project, sequence)  # 300 yuan a day
    Attendance.objects.create(project=project, entry=entry, month=MONTH, days=days)
    if paid is not None:
        row = {"month": MONTH, "paid_on": date(2026, 4, 10), "name": entry.name}
        append_payments(project, [(entry, {**row, "days": days, "net_paid": paid})])
    return entry


@pytest.fixture
def area(db):
    red = make_project(name="红色项目", **SITE)
    _warn(red, "yellow", rule="paid_late")
    _warn(red, "red", entry=_unpaid(red, 1, 20))  # 20 days × 300 = 6000 at risk
    bigger = make_project(name="更大红色项目", **SITE)
    _warn(bigger, "red", entry=_unpaid(bigger, 2, 30))  # 9000 at risk
    orange = make_project(name="橙色项目", **SITE)
    _warn(orange, "orange", rule="underpaid")
    calm = make_project(name="平安项目", **SITE)
    closed = make_project(name="无坐标项目")
    _warn(closed, "yellow", rule="paid_late")
    far = make_project(COUNTY_B, name="外县项目", **SITE)
    _warn(far, "red", rule="no_pay")
    return {"red": red, "bigger": bigger, "orange": orange, "calm": calm, "unplaced": closed}


def _page(client, **query):
    response = client.get(reverse("wages:map"), query)
    assert response.status_code == 200
    return response.content.decode()


def _data(page):
    found = re.search(r'<script id="wage-map-data" type="application/json">(.*?)</script>', page)
    return json.loads(found.group(1))


def _ranked(page):
    table = page[page.index('data-testid="map-ranked"') :]
    return re.findall(r'<tr data-level="(\w+)" data-code="([^"]+)">', table)


def test_the_points_are_the_areas_placed_projects_with_their_colours(client, county_staff, area):
    client.force_login(county_staff)
    data = _data(_page(client))
    colours = {p["code"]: p["level"] for p in data["points"]}
    assert colours == {
        area["red"].code: "red",
        area["bigger"].code: "red",
        area["orange"].code: "orange",
        area["calm"].code: "none",
    }
    amounts = {p["code"]: p["amount"] for p in data["points"]}
    assert amounts[area["red"].code] == "6000.00"
    assert amounts[area["bigger"].code] == "9000.00"
    assert amounts[area["calm"].code] == "0.00"
    point = next(p for p in data["points"] if p["code"] == area["red"].code)
    assert point["url"] == reverse("wages:project", args=[area["red"].pk])
    assert data["geojson"].endswith("vendor/echarts-china-cities/3213.geojson")


def test_the_list_ranks_the_same_rows_level_first_then_amount(client, county_staff, area):
    client.force_login(county_staff)
    page = _page(client)
    ranked = _ranked(page)
    assert [code for _lv, code in ranked][:3] == [
        area["bigger"].code,
        area["red"].code,
        area["orange"].code,
    ]
    assert [lv for lv, _code in ranked] == ["red", "red", "orange", "yellow", "none"]
    placed = {p["code"] for p in _data(page)["points"]}
    assert placed == {code for _lv, code in ranked} - {area["unplaced"].code}


def test_the_legends_counts_equal_the_lists_they_open(client, county_staff, area):
    client.force_login(county_staff)
    page = _page(client)
    legend = dict(
        re.findall(r'data-level="(\w+)">[^<]*<strong>(\d+)</strong>', page[: page.index("<table")])
    )
    assert legend == {"red": "2", "orange": "1", "yellow": "1", "none": "1"}
    for level, count in legend.items():
        shown = _ranked(_page(client, level=level))
        assert len(shown) == int(count)
        assert {lv for lv, _code in shown} == {level}


def test_projects_without_a_position_are_listed_under_the_map(client, county_staff, area):
    client.force_login(county_staff)
    page = _page(client)
    unplaced = page[page.index('data-testid="unplaced"') : page.index('data-testid="map-ranked"')]
    assert "无坐标项目" in unplaced and "平安项目" not in unplaced
    assert area["unplaced"].code not in {p["code"] for p in _data(page)["points"]}


def test_county_b_sees_nothing_of_county_a(client, outsider, area):
    client.force_login(outsider)
    page = _page(client)
    assert [p["name"] for p in _data(page)["points"]] == ["外县项目"]
    assert "红色项目" not in page and "无坐标项目" not in page
    assert client.get(reverse("wages:project", args=[area["red"].pk])).status_code == 404


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("wages:map"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_amount_at_risk_counts_what_was_paid_and_the_last_attendance(county_staff):
    project = make_project()
    entry = _unpaid(project, 7, 10, paid=Decimal(600))
    Attendance.objects.create(project=project, entry=entry, month=MONTH, days=12)  # correction
    _warn(project, "orange", entry=entry, rule="underpaid")
    (row,) = atlas.rows([project], date(2026, 5, 10))
    # 12 days × 300 = 3600 due, 600 paid; 10 days after the deadline of 2026-04-30
    assert (row.level, row.amount, row.days_overdue) == ("orange", Decimal("3000.00"), 10)


def test_a_position_is_both_or_neither_and_inside_china():
    project = make_project()
    project.latitude = Decimal("33.9")
    with pytest.raises(ValidationError, match="经度和纬度"):
        project.full_clean()
    project.longitude, project.latitude = Decimal("118.2"), Decimal("80")
    with pytest.raises(ValidationError):
        project.full_clean()


def test_a_project_wide_warning_counts_the_unpaid_person_months_it_covers(county_staff):
    project = make_project()
    _unpaid(project, 11, 10)  # 3000 unpaid
    _unpaid(project, 12, 5)  # 1500 unpaid
    _unpaid(project, 13, 20, paid=Decimal(6000))  # paid: not what the gap is about
    _warn(project, "yellow", rule="headcount_gap")
    (row,) = atlas.rows([project], date(2026, 5, 10))
    assert (row.level, row.amount) == ("yellow", Decimal("4500.00"))


def test_a_worker_named_by_both_kinds_of_warning_is_counted_once(county_staff):
    project = make_project()
    named = _unpaid(project, 21, 10)  # 3000, named by its own no_pay as well
    _unpaid(project, 22, 4)  # 1200
    _warn(project, "red", entry=named)
    _warn(project, "yellow", rule="headcount_gap")
    (row,) = atlas.rows([project], date(2026, 5, 10))
    assert (row.level, row.amount) == ("red", Decimal("4200.00"))  # not 7200


def test_a_project_wide_warning_without_a_month_covers_every_unpaid_month(county_staff):
    project = make_project()
    entry = _unpaid(project, 31, 10)  # March: 3000
    Attendance.objects.create(project=project, entry=entry, month=date(2026, 4, 1), days=2)
    other = make_project(name="别的项目")
    _unpaid(other, 32, 10)  # another project's money is not this one's
    _warn(project, "red", rule="ended_unsettled", month=None)
    _warn(project, "yellow", rule="headcount_gap")  # March again: inside the union
    (row,) = atlas.rows([project], date(2026, 6, 10))
    assert row.amount == Decimal("3600.00")  # 3000 + 2 days × 300
