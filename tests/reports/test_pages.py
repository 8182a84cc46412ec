"""The report pages: each Excel cell equals the dashboard's number for the same area and month
(exact for the county, suppressed as on the dashboard's breakdown for the city); the submit and
step forms; leaders refused (403, audited); another county's report out of reach; completeness
and the queues."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from homeward.accounts.models import Role
from homeward.audit.models import AuditEvent
from homeward.reports import figures, services, sheets
from homeward.reports.models import Submission
from homeward.stats import reading as stats_reading
from tests.factories import CITY, COUNTY, TOWN, VILLAGE, make_staff

from .conftest import VILLAGE_2

pytestmark = pytest.mark.django_db


def _dashboard(client, area, month):
    response = client.get(reverse("stats:dashboard"), {"area": area, "month": f"{month:%Y-%m}"})
    assert response.status_code == 200
    return {row.code: row.value for row in response.context["rows"]}


def _xlsx(client, area, month):
    response = client.get(reverse("reports:area-xlsx", args=[area, f"{month:%Y-%m}"]))
    assert response.status_code == 200
    return response.content


def test_each_cell_equals_the_dashboard_for_the_county(client, county_staff, people, last_month):
    client.force_login(county_staff)
    content = _xlsx(client, COUNTY, last_month)
    for table in figures.TABLES:
        cells = sheets.read_cells(content, table.code)
        for area, name in ((COUNTY, "宿城区"), (TOWN, "幸福街道")):
            shown = _dashboard(client, area, last_month)
            row = next(v for k, v in cells.items() if k.endswith(name))
            for column in table.columns:
                value = row[column.key]
                if value == figures.NONE:  # recorded at the county
                    assert area == TOWN and column.county_level
                elif column.money:  # the dashboard holds fen
                    assert Decimal(str(value)) * 100 == shown[column.key], (area, column.key)
                else:
                    assert value == shown[column.key], (area, column.key)
    transfer = sheets.read_cells(content, "transfer")
    town = next(v for k, v in transfer.items() if k.endswith("幸福街道"))
    assert town["labour_force"] == 5 and town["out_of_province"] == 2
    book = load_workbook(BytesIO(content))
    sheet = book[book.sheetnames[0]]
    assert "农村劳动力转移就业情况" in sheet["A1"].value
    assert sheet["A2"].value.startswith("填报单位")
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "A3:A4" in merged and "D3:H3" in merged  # the two-level header of 转移就业
    assert any("负责人" in str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert AuditEvent.objects.filter(action="reports.table.downloaded").exists()


def test_the_city_sees_the_towns_suppressed_as_on_the_dashboard(
    client, city_staff, people, last_month
):
    client.force_login(city_staff)
    content = _xlsx(client, CITY, last_month)
    cells = sheets.read_cells(content, "transfer")
    town = next(v for k, v in cells.items() if k.endswith("幸福街道"))
    response = client.get(
        reverse("stats:dashboard"),
        {"area": COUNTY, "month": f"{last_month:%Y-%m}", "indicator": "out_of_province"},
    )
    part = next(p for p in response.context["breakdown"].parts if p.code == TOWN)
    assert town["out_of_province"] == part.shown == "<5"
    county = next(v for k, v in cells.items() if k.endswith("宿城区"))
    assert county["labour_force"] == _dashboard(client, COUNTY, last_month)["labour_force"] == 5
    assert stats_reading.suppressed_for(CITY, TOWN)


def test_a_formula_in_a_name_stays_text(people, last_month):
    rows = [sheets.Row(TOWN, "=HYPERLINK(1)", total=True)]
    from homeward.reports import figures

    shown = {TOWN: figures.blank()}
    signs = sheets.Signatures(unit="=1+1", filled_on=last_month)
    sheet = load_workbook(BytesIO(sheets.workbook_bytes(last_month, rows, shown, signs))).active
    assert sheet["A5"].data_type == "s" and sheet["A5"].value == "=HYPERLINK(1)"


def test_submit_send_back_and_approve_through_the_pages(
    client, town_staff, county_staff, city_staff, people, last_month
):
    month = f"{last_month:%Y-%m}"
    client.force_login(town_staff)
    page = client.get(reverse("reports:area-month", args=[TOWN, month])).content.decode()
    assert 'data-testid="submit-form"' in page and f'data-area="{VILLAGE}"' in page
    response = client.post(
        reverse("reports:submit", args=[TOWN, month]), {"head": "王"}, follow=True
    )
    assert response.status_code == 200
    report = Submission.objects.get()
    assert report.state == "submitted" and report.head == "王"
    client.force_login(county_staff)
    url = reverse("reports:step", args=[report.pk, "send_back"])
    assert "原因" in client.post(url, {"reason": ""}, follow=True).content.decode()
    client.post(url, {"reason": "请核对"})
    report.refresh_from_db()
    assert report.state == "returned"
    client.force_login(town_staff)
    assert "请核对" in client.get(reverse("reports:submission", args=[report.pk])).content.decode()
    client.post(reverse("reports:submit", args=[TOWN, month]))
    client.force_login(county_staff)
    client.post(reverse("reports:step", args=[report.pk, "approve"]))
    client.force_login(city_staff)
    client.post(reverse("reports:step", args=[report.pk, "approve"]))
    report.refresh_from_db()
    assert report.state == "approved"
    content = client.get(reverse("reports:submission-xlsx", args=[report.pk])).content
    town = next(v for k, v in sheets.read_cells(content, "transfer").items() if "幸福" in k)
    assert town["labour_force"] == 5


def test_leaders_read_and_are_refused_writes(client, town_staff, people, last_month):
    month = f"{last_month:%Y-%m}"
    report = services.submit_month(TOWN, last_month, by=town_staff)
    leader = make_staff(COUNTY, role=Role.LEADER, username="county-leader")
    client.force_login(leader)
    assert client.get(reverse("reports:submission", args=[report.pk])).status_code == 200
    assert client.get(reverse("reports:area-month", args=[COUNTY, month])).status_code == 200
    page = client.get(reverse("reports:submission", args=[report.pk])).content.decode()
    assert 'data-testid="step-approve"' not in page
    assert client.post(reverse("reports:step", args=[report.pk, "approve"])).status_code == 403
    town_leader = make_staff(TOWN, role=Role.LEADER, username="town-leader")
    client.force_login(town_leader)
    assert client.post(reverse("reports:submit", args=[TOWN, month])).status_code == 403
    report.refresh_from_db()
    assert report.state == "submitted"
    refused = AuditEvent.objects.filter(result="refused", action__startswith="reports.month")
    assert refused.filter(actor=leader).exists() and refused.filter(actor=town_leader).exists()


def test_another_county_reaches_nothing(client, outsider, town_staff, people, last_month):
    report = services.submit_month(TOWN, last_month, by=town_staff)
    client.force_login(outsider)
    month = f"{last_month:%Y-%m}"
    assert client.get(reverse("reports:submission", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:area-xlsx", args=[COUNTY, month])).status_code == 404
    assert client.post(reverse("reports:step", args=[report.pk, "approve"])).status_code == 404
    assert client.get(reverse("reports:completeness"), {"area": COUNTY}).status_code == 404


def test_completeness_and_the_queues(
    client, town_staff, county_staff, city_staff, people, last_month
):
    client.force_login(county_staff)
    query = {"area": COUNTY, "month": f"{last_month:%Y-%m}"}
    before = client.get(reverse("reports:completeness"), query).context["units"][0]
    assert before.expected and not before.received
    client.force_login(town_staff)
    home = client.get(reverse("home")).content.decode()
    assert "月报" in home  # my area's report due
    report = services.submit_month(TOWN, last_month, by=town_staff)
    client.force_login(county_staff)
    units = client.get(reverse("reports:completeness"), {**query, "show": "received"}).context
    unit = units["units"][0]
    assert [s.pk for s in unit.received] == [report.pk]
    assert len(unit.missing) == len(unit.expected) - 1
    assert len(unit.on_time) + len(unit.late) == 1
    queue = client.get(reverse("reports:queue")).context["waiting"]
    assert [s.pk for s in queue] == [report.pk]
    assert (
        reverse("reports:submission", args=[report.pk])
        in client.get(reverse("home")).content.decode()
    )
    client.force_login(city_staff)
    assert client.get(reverse("reports:queue")).context["waiting"] == []
    services.approve(report, by=county_staff)
    assert [s.pk for s in client.get(reverse("reports:queue")).context["waiting"]] == [report.pk]
    assert VILLAGE_2  # the town's second village is in its report too
    assert VILLAGE_2 in report.figures
