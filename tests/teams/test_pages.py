"""The team pages: the area's coverage with every figure opening its list, a village assigned
from the team page, the caseload and the contact form; another area's team is 404 and a
leader's write refused."""

from django.urls import reverse
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.teams.models import Assignment, Contact
from tests.factories import VILLAGE, make_staff


def test_the_list_shows_coverage_linked_to_its_rows(client, team, member, returnees, town_staff):
    client.force_login(town_staff)
    response = client.get(reverse("teams:list"))
    assert response.status_code == 200
    assert "服务小分队" in response.content.decode() or team.name in response.content.decode()
    rows = client.get(reverse("teams:area-figure") + "?key=unassigned")
    assert rows.status_code == 200 and rows.content.decode().count("返*") == 3


def test_a_village_is_assigned_from_the_team_page(client, team, member, returnees, town_staff):
    client.force_login(town_staff)
    response = client.post(
        reverse("teams:assign", args=[team.pk]),
        {"member": member.pk, "village": VILLAGE},
        follow=True,
    )
    assert response.status_code == 200
    assert Assignment.objects.filter(member=member).count() == 3
    assert "分配 3 人" in response.content.decode()


def test_the_member_records_a_contact_from_the_caseload(
    client, member, clerk, returnees, town_staff
):
    from homeward.teams import services

    services.assign_returnees(returnees, member, by=town_staff)
    client.force_login(clerk)
    page = client.get(reverse("teams:member", args=[member.pk]))
    assert page.content.decode().count("尚未联系") >= 3
    case = Assignment.objects.get(worker=returnees[0])
    response = client.post(
        reverse("teams:contact", args=[case.pk]),
        {"contacted_on": timezone.localdate().isoformat(), "channel": "visit", "brought": ["job"]},
    )
    assert response.status_code == 302
    assert Contact.objects.get().brought_job
    bad = client.post(
        reverse("teams:contact", args=[case.pk]), {"contacted_on": "", "channel": "x"}
    )
    assert bad.status_code == 200 and Contact.objects.count() == 1


def test_another_area_gets_404_and_a_leader_is_refused(client, team, member, leader):
    client.force_login(make_staff("321311", username="teams-b"))
    assert client.get(reverse("teams:detail", args=[team.pk])).status_code == 404
    assert client.get(reverse("teams:member", args=[member.pk])).status_code == 404
    client.force_login(leader)
    assert client.get(reverse("teams:detail", args=[team.pk])).status_code == 200
    response = client.post(reverse("teams:assign", args=[team.pk]), {"member": member.pk})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="teams.write.refused").exists()


def test_the_staff_home_counts_the_people_waiting_for_the_member(
    client, member, clerk, returnees, town_staff
):
    from homeward.teams import services

    services.assign_returnees(returnees, member, by=town_staff)
    client.force_login(clerk)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="queue-teams"' in page
    assert "名返乡人员待联系" in page
