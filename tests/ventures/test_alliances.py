"""Founders' alliances: members (a venture's founder or a founder alone) joining once and leaving,
events whose attendees are members on that day, refusals in Chinese and audited; the list's
figures (members now, events this year, attendees this year) equal the rows each opens; another
area's alliance answers 404 and a leader's writes 403."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.ventures import services
from homeward.ventures.models import Alliance, AllianceEvent, Membership
from homeward.ventures.services import VentureError
from tests.ventures.helpers import make_founder, make_venture


@pytest.fixture
def alliance(county_staff):
    return services.create_alliance(
        Alliance(name="宿城区返乡创业联盟", kind="alliance", region_id="321302",
                 founded_on=date(2024, 1, 1)),
        by=county_staff,
    )  # fmt: skip


@pytest.fixture
def venture(town_staff):
    return make_venture(make_founder(), town_staff)


def test_members_join_once_leave_and_attend_events(alliance, venture, county_staff):
    member = services.add_member(alliance, venture=venture, joined_on=date(2025, 2, 1),
                                 by=county_staff)  # fmt: skip
    assert member.founder == venture.founder
    with pytest.raises(VentureError, match="已是联盟成员"):
        services.add_member(alliance, founder=venture.founder, joined_on=date(2025, 3, 1),
                            by=county_staff)  # fmt: skip
    alone = services.add_member(alliance, founder=make_founder(sequence=9, name="周独立"),
                                joined_on=date(2025, 2, 1), by=county_staff)  # fmt: skip
    event = services.record_event(
        alliance, kind="meeting", title="年度大会", on=date(2025, 5, 1), place="区人社局",
        attendees=[member, alone], by=county_staff,
    )  # fmt: skip
    assert set(event.attendees.all()) == {member, alone}
    services.member_left(alone, on=date(2025, 6, 1), by=county_staff)
    with pytest.raises(VentureError, match="活动当天的联盟成员"):
        services.record_event(
            alliance, kind="training", title="培训", on=date(2025, 7, 1), place="基地",
            attendees=[Membership.objects.get(pk=alone.pk)], by=county_staff,
        )  # fmt: skip
    assert AllianceEvent.objects.count() == 1
    refused = AuditEvent.objects.filter(result="refused", action__startswith="ventures.")
    assert refused.count() == 2
    # the founder who left may join again
    services.add_member(alliance, founder=alone.founder, joined_on=date(2025, 8, 1),
                        by=county_staff)  # fmt: skip


def test_another_areas_founder_and_an_early_day_are_refused(alliance, county_staff, outsider):
    from tests.factories import make_worker

    stranger = make_worker("321311001001", sequence=23)
    with pytest.raises(VentureError, match="不在联盟所在地区"):
        services.add_member(alliance, founder=stranger, joined_on=date(2025, 2, 1),
                            by=county_staff)  # fmt: skip
    with pytest.raises(VentureError, match="不能早于"):
        services.add_member(alliance, founder=make_founder(), joined_on=date(2023, 2, 1),
                            by=county_staff)  # fmt: skip


def test_the_figures_equal_the_rows_they_open(client, alliance, venture, county_staff):
    year = timezone.localdate().year
    member = services.add_member(alliance, venture=venture, joined_on=date(2025, 2, 1),
                                 by=county_staff)  # fmt: skip
    services.add_member(alliance, founder=make_founder(sequence=9, name="周独立"),
                        joined_on=date(2025, 2, 1), by=county_staff)  # fmt: skip
    services.record_event(alliance, kind="meeting", title="今年大会", on=timezone.localdate(),
                          place="区人社局", attendees=[member], by=county_staff)  # fmt: skip
    services.record_event(alliance, kind="exchange", title="往年交流", on=date(2025, 3, 1),
                          place="沭阳", attendees=[], by=county_staff)  # fmt: skip
    client.force_login(county_staff)
    listed = client.get(reverse("ventures:alliances"))
    [shown] = listed.context["alliances"]
    assert shown.figures == {"members": 2, "events": 1, "attendees": 1}
    url = reverse("ventures:alliance", args=[alliance.pk])
    page = client.get(url, {"show": "attendees"})
    assert page.context["figures"]["attendees"] == [member] and year == page.context["year"]
    assert [e.title for e in page.context["figures"]["events"]] == ["今年大会"]
    assert "今年大会" in client.get(url, {"show": "events"}).content.decode()


def test_the_pages_write_through_the_services(client, alliance, venture, county_staff, leader):
    client.force_login(county_staff)
    made = client.post(reverse("ventures:alliance-create"),
                       {"name": "创业者协会", "kind": "association", "founded_on": "2024-05-01"})  # fmt: skip
    assert made.status_code == 302 and Alliance.objects.count() == 2
    join = client.post(reverse("ventures:alliance-member", args=[alliance.pk]),
                       {"venture": venture.pk, "joined_on": "2025-02-01"})  # fmt: skip
    assert join.status_code == 302
    member = Membership.objects.get()
    bad = client.post(reverse("ventures:alliance-event", args=[alliance.pk]),
                      {"kind": "meeting", "title": "", "on": "2025-05-01", "place": "区人社局"})  # fmt: skip
    assert bad.status_code == 200 and not AllianceEvent.objects.exists()
    ok = client.post(reverse("ventures:alliance-event", args=[alliance.pk]),
                     {"kind": "meeting", "title": "大会", "on": "2025-05-01", "place": "区人社局",
                      "attendees": [member.pk]})  # fmt: skip
    assert ok.status_code == 302 and AllianceEvent.objects.get().attendees.get() == member
    left = client.post(reverse("ventures:member-left", args=[member.pk]), {"on": "2025-06-01"})
    assert left.status_code == 302
    member.refresh_from_db()
    assert member.left_on == date(2025, 6, 1)
    client.force_login(leader)
    refused = client.post(reverse("ventures:alliance-member", args=[alliance.pk]),
                          {"venture": venture.pk, "joined_on": "2025-07-01"})  # fmt: skip
    assert refused.status_code == 403


def test_another_areas_alliance_answers_404(client, alliance, outsider):
    client.force_login(outsider)
    assert client.get(reverse("ventures:alliance", args=[alliance.pk])).status_code == 404
    assert client.get(reverse("ventures:alliances")).context["alliances"] == []
