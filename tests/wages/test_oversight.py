"""Labour inspections with their rectification orders, and the higher office's supervision
(督办) with the reply: each one service, audited; overdue shown; the refusals."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.wages import services
from homeward.wages.models import Supervision
from homeward.wages.services import WageError

from .helpers import make_project

pytestmark = pytest.mark.django_db


def test_an_inspection_orders_rectification_and_follows_it_up(client, county_staff, freezer):
    today = timezone.localdate()
    project = make_project()
    inspection = services.record_inspection(
        employer=project.contractor,
        kind="planned",
        inspected_on=today,
        findings="未设置维权信息告示牌，未按月足额支付",
        violations=True,
        project=project,
        by=county_staff,
    )
    assert inspection.region_id == "321302"
    with pytest.raises(WageError):
        services.order_rectification(inspection, requirements="x", due_on=today, by=county_staff)
    order = services.order_rectification(
        inspection, requirements="设置告示牌", due_on=today + timedelta(days=7), by=county_staff
    )
    inspection.refresh_from_db()
    assert inspection.state == "ordered"
    with pytest.raises(WageError):
        services.close_inspection(inspection, by=county_staff)
    freezer.move_to(today + timedelta(days=9))
    client.force_login(county_staff)
    page = client.get(reverse("wages:inspection", args=[inspection.pk])).content.decode()
    assert 'data-testid="order-overdue"' in page
    services.record_rectified(
        order, result="已设置", complied_on=today + timedelta(days=9), by=county_staff
    )
    inspection.refresh_from_db()
    assert inspection.state == "rectified"
    services.close_inspection(inspection, by=county_staff)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "wages.inspection.recorded",
        "wages.inspection.ordered",
        "wages.inspection.rectified",
        "wages.inspection.closed",
    } <= actions


def test_inspection_refusals(county_staff, outsider, leader):
    project = make_project()
    other = make_project()
    args = {"kind": "planned", "inspected_on": timezone.localdate(), "findings": "x"}
    with pytest.raises(WageError):  # the employer is not on that project
        services.record_inspection(
            employer=other.contractor, project=project, by=county_staff, **args
        )
    with pytest.raises(PermissionDenied):  # another county's project
        services.record_inspection(
            employer=project.contractor, project=project, by=outsider, **args
        )
    with pytest.raises(PermissionDenied):  # a leader reads only
        services.record_inspection(employer=project.contractor, project=project, by=leader, **args)
    with pytest.raises(WageError):
        services.record_inspection(
            employer=project.contractor,
            project=project,
            by=county_staff,
            **{**args, "inspected_on": timezone.localdate() + timedelta(days=1)},
        )


def test_the_inspection_pages(client, county_staff, outsider):
    project = make_project()
    client.force_login(county_staff)
    response = client.post(
        reverse("wages:inspection-create"),
        {
            "kind": "complaint",
            "employer_code": project.contractor.uscc,
            "project_code": project.code,
            "inspected_on": timezone.localdate().isoformat(),
            "findings": "工资表缺少银行凭证",
        },
    )
    assert response.status_code == 302
    listing = client.get(reverse("wages:inspections")).content.decode()
    assert project.contractor.name in listing
    response = client.post(reverse("wages:inspection-create"), {"kind": "planned"})
    assert response.status_code == 200  # the form with its errors
    client.force_login(outsider)
    assert project.contractor.name not in client.get(reverse("wages:inspections")).content.decode()


def test_a_large_case_is_supervised_by_the_city_at_once(worker):
    clue = services.report_unpaid(worker, amount=Decimal(120000), people=3)
    [notice] = Supervision._base_manager.filter(clue=clue)
    assert notice.office_id == "3213" and notice.reply_by > timezone.localdate()
    small = services.report_unpaid(worker, amount=Decimal(5000))
    assert not Supervision._base_manager.filter(clue=small).exists()


def test_the_city_supervises_the_county_replies_late_shows(
    client, worker, city_staff, county_staff, freezer
):
    today = timezone.localdate()
    clue = services.report_unpaid(worker, amount=Decimal(5000))
    with pytest.raises(WageError):  # the county handles the case: it cannot supervise it
        services.issue_supervision(clue, instructions="x", by=county_staff)
    assert AuditEvent.objects.filter(action="wages.supervision.issued", result="refused").exists()
    notice = services.issue_supervision(
        clue, instructions="5日内报告进展", reply_by=today + timedelta(days=5), by=city_staff
    )
    freezer.move_to(today + timedelta(days=6))
    client.force_login(city_staff)
    page = client.get(reverse("wages:supervisions")).content.decode()
    assert "1 件逾期未回复" in page or "1 overdue" in page
    client.force_login(county_staff)
    page = client.get(reverse("wages:clue", args=[clue.pk])).content.decode()
    assert 'data-testid="supervision-overdue"' in page
    response = client.post(
        reverse("wages:supervision-reply", args=[clue.pk]),
        {"supervision": notice.pk, "reply": "已责令限期支付"},
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.replied_on == today + timedelta(days=6) and notice.replied_by == county_staff
    with pytest.raises(WageError):
        services.reply_supervision(notice, reply="again", by=county_staff)
    event = AuditEvent.objects.get(action="wages.supervision.replied")
    assert event.detail["late"] is True


def test_a_leader_cannot_reply(worker, city_staff, leader):
    clue = services.report_unpaid(worker, amount=Decimal(5000))
    notice = services.issue_supervision(clue, instructions="报告进展", by=city_staff)
    with pytest.raises(PermissionDenied):
        services.reply_supervision(notice, reply="x", by=leader)


def test_the_staff_home_lists_overdue_supervision_replies(
    client, worker, city_staff, county_staff, freezer
):
    today = timezone.localdate()
    clue = services.report_unpaid(worker, amount=Decimal(5000))
    services.issue_supervision(
        clue, instructions="报告进展", reply_by=today + timedelta(days=2), by=city_staff
    )
    freezer.move_to(today + timedelta(days=3))
    client.force_login(county_staff)
    page = client.get(reverse("home")).content.decode()
    assert clue.number in page
