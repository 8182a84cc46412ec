"""The way up: a town submits (a frozen copy), the county approves, the city approves (locked);
send back and reopen with a reason; every step audited; leaders, other areas and the wrong
level refused, and audited."""

import pytest
from django.core.exceptions import PermissionDenied

from homeward.accounts.models import Role
from homeward.audit.models import AuditEvent
from homeward.reports import services
from homeward.reports.models import Step, Submission
from tests.factories import COUNTY, COUNTY_B, TOWN, VILLAGE, make_staff

from .conftest import VILLAGE_2

pytestmark = pytest.mark.django_db


def _submit(town_staff, month, **kw):
    return services.submit_month(TOWN, month, by=town_staff, head="王主任", **kw)


def test_submit_freezes_the_town_and_its_villages(town_staff, people, last_month):
    report = _submit(town_staff, last_month)
    assert report.state == "submitted" and report.on_time is not None
    town = report.figures[TOWN]
    assert town["labour_force"] == 5
    assert town["out_migrants"] == 3 and town["out_of_province"] == 2 and town["in_county"] == 1
    assert town["local_employed"] == 1 and town["low_income"] == 1
    assert town["returnees"] == 1 and town["returnees_from_outside_province"] == 1
    assert report.figures[VILLAGE]["labour_force"] == 3
    assert report.figures[VILLAGE_2]["returned_seeking"] == 1
    assert town["payroll_paid"] == "0.00"
    assert AuditEvent.objects.filter(action="reports.month.submitted").count() == 1
    # a person who moves afterwards changes nothing in what was submitted
    people["a"].region_id = VILLAGE_2
    people["a"].save()
    report.refresh_from_db()
    assert report.figures[VILLAGE]["labour_force"] == 3


def test_the_whole_way_up_and_locked(town_staff, county_staff, city_staff, people, last_month):
    report = _submit(town_staff, last_month)
    report = services.approve(report, by=county_staff)
    assert report.state == "county_approved"
    report = services.approve(report, by=city_staff)
    assert report.state == "approved" and report.locked
    with pytest.raises(services.ReportError, match="锁定"):
        _submit(town_staff, last_month)
    with pytest.raises(services.ReportError, match="锁定"):
        services.send_back(report, reason="x", by=city_staff)
    with pytest.raises(services.ReportError, match="原因"):
        services.reopen(report, reason=" ", by=city_staff)
    report = services.reopen(report, reason="村2人数有误", by=county_staff)
    assert report.state == "returned"
    assert _submit(town_staff, last_month).state == "submitted"
    kinds = list(Step.objects.filter(submission=report).values_list("kind", "level"))
    assert kinds == [
        ("submit", "town"),
        ("approve", "county"),
        ("approve", "city"),
        ("reopen", "county"),
        ("submit", "town"),
    ]
    reopened = AuditEvent.objects.get(action="reports.month.reopened")
    assert reopened.detail["reason"] == "村2人数有误"


def test_send_back_needs_a_reason_and_the_town_corrects(
    town_staff, county_staff, city_staff, people, last_month
):
    report = _submit(town_staff, last_month)
    with pytest.raises(services.ReportError, match="原因"):
        services.send_back(report, reason="", by=county_staff)
    with pytest.raises(services.ReportError):
        services.approve(report, by=city_staff)  # the county first
    report = services.send_back(report, reason="请核对返乡人数", by=county_staff)
    assert report.state == "returned"
    report = _submit(town_staff, last_month)
    report = services.approve(report, by=county_staff)
    report = services.send_back(report, reason="市里退回", by=city_staff)
    assert report.state == "returned"
    assert report.first_submitted_on == Submission.objects.get().first_submitted_on
    assert AuditEvent.objects.filter(action="reports.month.sent_back").count() == 2
    assert AuditEvent.objects.filter(action="reports.month.refused").count() == 2


def test_leaders_other_areas_and_wrong_levels_are_refused(
    town_staff, county_staff, village_staff, people, last_month
):
    leader = make_staff(COUNTY, role=Role.LEADER, username="county-leader")
    town_leader = make_staff(TOWN, role=Role.LEADER, username="town-leader")
    with pytest.raises(PermissionDenied):
        services.submit_month(TOWN, last_month, by=town_leader)
    report = _submit(town_staff, last_month)
    with pytest.raises(PermissionDenied):
        services.approve(report, by=leader)
    outsider = make_staff(COUNTY_B, username="b")
    with pytest.raises(services.ReportError, match="辖区"):
        services.approve(report, by=outsider)
    with pytest.raises(services.ReportError):
        services.approve(report, by=town_staff)  # a town cannot approve its own
    with pytest.raises(services.ReportError):
        services.submit_month(TOWN, last_month, by=village_staff)
    with pytest.raises(services.ReportError, match="乡镇"):
        services.submit_month(COUNTY, last_month, by=county_staff)
    refused = AuditEvent.objects.filter(result="refused")
    assert refused.filter(actor=leader).exists() and refused.filter(actor=town_leader).exists()
    assert refused.filter(actor=outsider).exists()
    assert Submission.objects.get().state == "submitted"


def test_a_month_not_over_cannot_be_submitted(town_staff, people, last_month):
    from homeward.stats.compute import next_month

    with pytest.raises(services.ReportError, match="月份结束"):
        _submit(town_staff, next_month(last_month))
    assert not Submission.objects.exists()
