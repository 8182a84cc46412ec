"""The staff pages: list, filing at the window, the case page and its steps, documents, board."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.disputes.models import Dispute, DocumentKind, PartyRole, Stage

from .conftest import accepted_case, file_case


def test_county_b_staff_get_404_for_a_county_a_case(
    client, commission, worker, county_staff, outsider
):
    dispute = file_case(commission, worker, by=county_staff)
    client.force_login(outsider)
    assert client.get(reverse("disputes:detail", args=[dispute.pk])).status_code == 404
    document = dispute.documents.get()
    assert client.get(reverse("disputes:document", args=[document.pk])).status_code == 404
    response = client.post(
        reverse("disputes:step", args=[dispute.pk, "accept"]), {"accept-on": "2026-03-03"}
    )
    assert response.status_code == 404
    assert dispute.pk not in [d.pk for d in client.get(reverse("disputes:list")).context["page"]]


def test_the_list_and_the_case_page_show_the_case(client, commission, worker, county_staff):
    dispute = accepted_case(commission, worker, county_staff, on=timezone.localdate())
    client.force_login(county_staff)
    listing = client.get(reverse("disputes:list"))
    assert dispute.case_number in listing.content.decode()
    page = client.get(reverse("disputes:detail", args=[dispute.pk])).content.decode()
    assert "申请书副本送达被申请人" in page and 'data-testid="next-deadline"' in page
    assert "受理通知书" in page


def test_filing_at_the_window(client, commission, worker, county_staff):
    client.force_login(county_staff)
    response = client.post(
        reverse("disputes:create"),
        {
            "commission": commission.pk,
            "id_number": worker.id_number,
            "employer_name": "宿迁某劳务公司",
            "facts": "三个月工资未发",
            "claim_wages": "9000",
        },
    )
    dispute = Dispute.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "disputes:detail", args=[dispute.pk]
    )
    assert dispute.source == "window" and dispute.filed_by == county_staff


def test_filing_without_any_claim_is_refused_with_a_message(
    client, commission, worker, county_staff
):
    client.force_login(county_staff)
    response = client.post(
        reverse("disputes:create"),
        {
            "commission": commission.pk,
            "id_number": worker.id_number,
            "employer_name": "某",
            "facts": "x",
        },
    )
    assert response.status_code == 200 and not Dispute.objects.exists()
    assert "至少填写一项" in response.content.decode()


def test_a_step_runs_its_service_and_a_refusal_is_shown(client, commission, worker, county_staff):
    dispute = file_case(commission, worker, by=county_staff)
    client.force_login(county_staff)
    today = timezone.localdate()
    client.post(
        reverse("disputes:step", args=[dispute.pk, "apply"]),
        {"apply-received_on": today.isoformat()},
    )
    response = client.post(
        reverse("disputes:step", args=[dispute.pk, "refuse"]),
        {"refuse-on": today.isoformat(), "refuse-reason": ""},
        follow=True,
    )
    assert (
        "不予受理应当说明理由" in response.content.decode() or "原因" in response.content.decode()
    )
    client.post(
        reverse("disputes:step", args=[dispute.pk, "accept"]), {"accept-on": today.isoformat()}
    )
    dispute.refresh_from_db()
    assert dispute.stage == Stage.ACCEPTED and dispute.accepted_on == today


def test_a_leader_may_not_run_a_step(client, commission, worker, county_staff, leader):
    dispute = file_case(commission, worker, by=county_staff)
    client.force_login(leader)
    response = client.post(
        reverse("disputes:step", args=[dispute.pk, "apply"]), {"apply-received_on": "2026-03-02"}
    )
    assert response.status_code == 403


def test_downloading_a_document_is_audited(client, commission, worker, county_staff):
    dispute = file_case(commission, worker, by=county_staff)
    client.force_login(county_staff)
    response = client.get(reverse("disputes:document", args=[dispute.documents.get().pk]))
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert AuditEvent.objects.filter(action="disputes.document.downloaded").exists()


def test_serving_from_the_case_page(client, commission, worker, county_staff):
    dispute = accepted_case(commission, worker, county_staff, on=timezone.localdate())
    client.force_login(county_staff)
    copy = dispute.documents.get(kind=DocumentKind.APPLICATION)
    respondent = dispute.parties.get(role=PartyRole.RESPONDENT)
    data = {"party": respondent.pk, "method": "post", "on": timezone.localdate().isoformat()}
    client.post(reverse("disputes:serve", args=[copy.pk]), data)
    response = client.post(reverse("disputes:serve", args=[copy.pk]), data, follow=True)
    assert "不能重复送达" in response.content.decode()
    dispute.refresh_from_db()
    assert dispute.copy_served_on == timezone.localdate()


def test_the_board_shows_overdue_and_due_soon(client, commission, worker, county_staff, outsider):
    today = timezone.localdate()
    late = file_case(commission, worker, by=county_staff)
    from homeward.disputes import services

    services.apply_for_arbitration(late, received_on=today - timedelta(days=30), by=county_staff)
    client.force_login(county_staff)
    response = client.get(reverse("disputes:board"))
    rows = response.context["rows"]
    assert [(r[0].pk, r[2]) for r in rows] == [(late.pk, "overdue")]
    client.force_login(outsider)
    assert client.get(reverse("disputes:board")).context["rows"] == []


def test_the_holiday_page_lets_a_city_admin_add_2027(client, db, settings):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    from homeward.accounts.models import Role
    from tests.factories import CITY, make_staff

    admin = make_staff(CITY, role=Role.ADMIN, username="city-admin")
    client.force_login(admin)
    response = client.post(
        reverse("disputes:holidays"),
        {
            "year": 2027,
            "source": "国办发明电〔2026〕X号",
            "off": "2027-01-01\n2027-01-15",
            "working": "2027-01-09",
        },
    )
    assert response["Location"] == reverse("disputes:holidays")
    from homeward.disputes.deadlines import add_calendar_days
    from homeward.disputes.holidays import platform_calendar

    assert add_calendar_days(date(2026, 12, 1), 45, platform_calendar()) == date(2027, 1, 18)


def test_county_staff_may_not_add_a_holiday_year(client, county_staff):
    client.force_login(county_staff)
    response = client.post(
        reverse("disputes:holidays"), {"year": 2027, "source": "x", "off": "2027-01-01"}
    )
    assert response.status_code == 200 and "只有市级管理员" in response.content.decode()
