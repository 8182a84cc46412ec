"""The service teams' writes: a team, members, assigning returnees (a village at once, one
person), contacts recorded by the assigned member, and every refusal audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.teams import services
from homeward.teams.models import Assignment, Contact, Member
from tests.factories import COUNTY_B, VILLAGE, make_staff, make_worker


def test_a_village_is_assigned_at_once_and_again_changes_nothing(
    team, member, returnees, away, town_staff
):
    counts = services.assign_returnees(services.returnees_of(VILLAGE), member, by=town_staff)
    assert counts == {"assigned": 3, "moved": 0, "kept": 0}
    assert set(Assignment.objects.values_list("worker_id", flat=True)) == {w.pk for w in returnees}
    again = services.assign_returnees(services.returnees_of(VILLAGE), member, by=town_staff)
    assert again == {"assigned": 0, "moved": 0, "kept": 3}
    assert AuditEvent.objects.filter(action="teams.assignment.made").count() == 2


def test_people_of_another_member_move_only_when_asked(team, member, returnees, town_staff):
    other = Member(team=team, user=make_staff(VILLAGE, username="other-clerk"))
    other.save()
    services.assign_returnees(returnees[:1], other, by=town_staff)
    counts = services.assign_returnees(returnees, member, by=town_staff)
    assert counts == {"assigned": 2, "moved": 0, "kept": 1}
    counts = services.assign_returnees(returnees, member, by=town_staff, move=True)
    assert counts == {"assigned": 0, "moved": 1, "kept": 2}
    assert not Assignment.objects.filter(member=other).exists()


def test_a_person_who_is_no_returnee_refuses_the_whole_batch(member, returnees, away, town_staff):
    with pytest.raises(services.TeamError, match="不是返乡人员"):
        services.assign_returnees([*returnees, away], member, by=town_staff)
    assert not Assignment.objects.exists()
    assert AuditEvent.objects.filter(action="teams.assignment.refused").count() == 1


def test_a_person_outside_the_team_area_is_refused(member, town_staff):
    elsewhere = make_worker("321302002001", sequence=5, status="returned_unemployed")
    with pytest.raises(services.TeamError, match="不在服务队的地区"):
        services.assign_returnees([elsewhere], member, by=town_staff)
    assert not Assignment.objects.exists()


def test_staff_of_another_area_and_leaders_are_refused(team, member, returnees, leader):
    outsider = make_staff(COUNTY_B, username="teams-outsider")
    with pytest.raises(services.TeamError, match="其他地区"):
        services.assign_returnees(returnees, member, by=outsider)
    with pytest.raises(PermissionDenied):
        services.assign_returnees(returnees, member, by=leader)
    with pytest.raises(services.TeamError, match="其他地区"):
        services.add_member(team, outsider, by=outsider)
    assert not Assignment.objects.exists()
    assert AuditEvent.objects.filter(action="teams.assignment.refused").count() == 2


def test_members_are_staff_of_the_area_once(team, member, clerk, town_staff):
    with pytest.raises(services.TeamError, match="已经在"):
        services.add_member(team, clerk, by=town_staff)
    with pytest.raises(services.TeamError, match="所在地区的在职"):
        services.add_member(team, make_staff(COUNTY_B, username="far"), by=town_staff)
    assert AuditEvent.objects.filter(action="teams.member.refused").count() == 1


def test_a_member_with_people_stays_until_they_are_handed_on(member, returnees, town_staff):
    services.assign_returnees(returnees, member, by=town_staff)
    with pytest.raises(services.TeamError, match="其他成员"):
        services.remove_member(member, by=town_staff)
    Assignment.objects.all().delete()
    services.remove_member(member, by=town_staff)
    member.refresh_from_db()
    assert not member.active
    with pytest.raises(services.TeamError, match="不在服务队"):
        services.assign_returnees(returnees, member, by=town_staff)


def test_the_assigned_member_records_contacts(member, clerk, returnees, town_staff):
    services.assign_returnees(returnees, member, by=town_staff)
    case = Assignment.objects.get(worker=returnees[0])
    today = timezone.localdate()
    contact = services.record_contact(
        case, by=clerk, contacted_on=today, channel="visit", brought={"policy", "job"}
    )
    assert contact.brought_policy and contact.brought_job and not contact.brought_training
    assert contact.region_id == VILLAGE and contact.worker_id == returnees[0].pk
    with pytest.raises(services.TeamError, match="只有负责"):
        services.record_contact(case, by=town_staff, contacted_on=today, channel="phone")
    with pytest.raises(services.TeamError, match="晚于今天"):
        services.record_contact(
            case, by=clerk, contacted_on=today + datetime.timedelta(days=1), channel="phone"
        )
    assert Contact.objects.count() == 1
    assert AuditEvent.objects.filter(action="teams.contact.refused").count() == 1


def test_a_past_contact_is_recorded_at_the_given_time(member, clerk, returnees, town_staff):
    services.assign_returnees(returnees, member, by=town_staff)
    case = Assignment.objects.get(worker=returnees[0])
    then = datetime.datetime(2026, 2, 10, 2, tzinfo=datetime.UTC)
    contact = services.record_contact(
        case, by=clerk, contacted_on=datetime.date(2026, 2, 10), channel="phone", recorded_at=then
    )
    assert contact.recorded_at == then
