"""The job information sheet of a town: its county's published jobs, as Excel and as a page."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.jobs.models import Status
from homeward.jobs.sheet import write_text
from tests.factories import TOWN, make_employer, make_posting, make_published


@pytest.fixture
def county_jobs(db):
    """Jobs across county 321302 and one in the neighbouring county."""
    here = make_employer("321302001", name="幸福焊接厂", contact_phone="13912345678")
    there = make_employer("321302002", name="项里食品厂")
    return {
        "welder": make_published(here, title="电焊工", headcount=8, benefits=["board", "lodging"]),
        "packer": make_published(there, title="包装工", wage_min=Decimal("3500.50")),
        "draft": make_posting(here, title="草稿岗位"),
        "closed": make_posting(here, title="已关闭岗位", status=Status.CLOSED),
        "ended": make_published(
            here,
            title="已截止岗位",
            starts_on=datetime.date(2020, 1, 1),
            ends_on=timezone.localdate() - datetime.timedelta(days=1),
        ),
        "elsewhere": make_published(make_employer("321311001"), title="别县岗位"),
    }


def _workbook(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def _rows(ws):
    return [row for row in ws.iter_rows(min_row=5, values_only=True)]


def test_excel_lists_the_countys_published_jobs_for_a_town(client, town_staff, county_jobs):
    client.force_login(town_staff)
    response = client.get(reverse("jobs:sheet", args=[TOWN]), {"format": "xlsx"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    ws = _workbook(response)
    assert ws["A1"].value == "幸福街道岗位信息表"
    assert timezone.localdate().isoformat() in ws["A2"].value
    assert "宿城区" in ws["A2"].value
    assert ws["B4"].value == "用工单位"
    rows = _rows(ws)
    assert sorted(r[2] for r in rows) == ["包装工", "电焊工"]  # the neighbouring town's too
    welder = next(r for r in rows if r[2] == "电焊工")
    assert welder[1] == "幸福焊接厂" and welder[4] == 8
    assert welder[5] == 4000 and welder[6] == 6000 and welder[7] == "元/月"
    assert welder[12] == "包吃、包住"
    assert welder[16] == "13912345678"  # the business contact, in full
    packer = next(r for r in rows if r[2] == "包装工")
    assert packer[5] == pytest.approx(3500.5)


def test_a_title_that_looks_like_a_formula_stays_text(client, town_staff):
    employer = make_employer("321302001", name="=cmd|' /C calc'!A0")
    make_published(employer, title='=HYPERLINK("http://evil.example","点我")', occupation="+1+1")
    make_published(employer, title="@SUM(A1)", occupation="-2", skills="\t=1+1")
    client.force_login(town_staff)
    ws = _workbook(client.get(reverse("jobs:sheet", args=[TOWN]), {"format": "xlsx"}))
    cells = {ws.cell(row=r, column=c) for r in range(5, ws.max_row + 1) for c in (2, 3, 4, 12)}
    values = {cell.value for cell in cells}
    assert '=HYPERLINK("http://evil.example","点我")' in values
    assert "=cmd|' /C calc'!A0" in values and "@SUM(A1)" in values and "+1+1" in values
    for cell in (c for c in cells if c.value is not None):
        assert cell.data_type == "s", (cell.coordinate, cell.value)
        if str(cell.value).startswith(("=", "+", "-", "@", "\t")):
            assert cell.quotePrefix


def test_write_text_neutralises_every_formula_start():
    ws = openpyxl.Workbook().active
    for n, value in enumerate(["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", "plain", "a\x01b"]):
        write_text(ws.cell(row=n + 1, column=1), value)
    buffer = io.BytesIO()
    ws.parent.save(buffer)
    reloaded = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    assert [c.data_type for c in reloaded["A"]] == ["s"] * 8
    assert reloaded["A1"].value == "=1+1" and reloaded["A8"].value == "ab"


def test_the_printable_page(client, town_staff, county_jobs):
    client.force_login(town_staff)
    response = client.get(reverse("jobs:sheet", args=[TOWN]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "幸福街道岗位信息表" in page and timezone.localdate().isoformat() in page
    assert 'class="sheet"' in page and "data-print" in page  # printed by the CSS's rules:
    css = (Path(settings.BASE_DIR) / "homeward/static/homeward/homeward.css").read_text()
    assert (
        "@page sheet { size: A4 landscape" in css
        and ".sheet { font-size: .85rem; page: sheet; }" in css
    )
    assert "电焊工" in page and "包装工" in page
    for hidden in ("草稿岗位", "已关闭岗位", "已截止岗位", "别县岗位"):
        assert hidden not in page
    # The employer's business contact is shown in full: the sheet is for workers to call it.
    assert "王经理" in page and "13912345678" in page


def test_the_excel_sheet_gives_the_employers_contact_in_full(client, town_staff, county_jobs):
    assert not town_staff.may_see_personal_data  # a plain clerk: no personal data unmasked
    client.force_login(town_staff)
    ws = _workbook(client.get(reverse("jobs:sheet", args=[TOWN]), {"format": "xlsx"}))
    assert "13912345678" in [r[16] for r in _rows(ws)]
    assert "王经理" in [r[15] for r in _rows(ws)]


def test_every_export_is_audited(client, town_staff, county_jobs):
    client.force_login(town_staff)
    client.get(reverse("jobs:sheet", args=[TOWN]), {"format": "xlsx"})
    client.get(reverse("jobs:sheet", args=[TOWN]))
    events = AuditEvent.objects.filter(action="jobs.sheet.exported").order_by("id")
    assert [e.detail["format"] for e in events] == ["xlsx", "html"]
    first = events[0]
    assert first.actor == town_staff and first.region_code == TOWN
    assert first.detail["area"] == "321302" and first.detail["postings"] == 2


def test_out_of_scope_town_sheet_is_404(client, town_staff, county_jobs):
    client.force_login(town_staff)
    for code in ("321302002", "321302", "321311001"):
        assert client.get(reverse("jobs:sheet", args=[code])).status_code == 404
        response = client.get(reverse("jobs:sheet", args=[code]), {"format": "xlsx"})
        assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="jobs.sheet.exported").exists()
