"""A fair's attendees on the organising area's pages: masked, even for a person of another
county; shown in full only by the audited "show in full" action, refused (and audited) for a
role that may not see personal data; another county's staff get 404."""

from django.urls import reverse

from homeward.audit.models import AuditEvent
from homeward.fairs.models import CheckIn
from tests.factories import make_worker


def _far_attendee(fair):
    person = make_worker("321311001001", sequence=8, name="李四海", phone="13955556666")
    CheckIn(fair=fair, worker=person, method="id").save()
    return person


def test_attendees_from_another_county_are_masked(client, county_staff, fair):
    person = _far_attendee(fair)
    client.force_login(county_staff)
    page = client.get(reverse("fairs:detail", args=[fair.pk])).content.decode()
    assert "李**" in page and "李四海" not in page and person.id_number not in page


def test_show_in_full_is_audited(client, county_staff, fair):
    person = _far_attendee(fair)
    county_staff.may_see_personal_data = True
    county_staff.save()
    client.force_login(county_staff)
    assert (
        'data-testid="reveal"'
        in client.get(reverse("fairs:detail", args=[fair.pk])).content.decode()
    )
    page = client.post(reverse("fairs:attendees-reveal", args=[fair.pk])).content.decode()
    assert "李四海" in page and person.id_number in page and "13955556666" in page
    event = AuditEvent.objects.get(action="fairs.attendees.personal_data_viewed")
    assert (
        event.result == "ok" and event.actor_id == county_staff.pk and event.detail["people"] == 1
    )


def test_show_in_full_is_refused_without_the_permission(client, county_staff, fair):
    _far_attendee(fair)
    client.force_login(county_staff)
    response = client.post(reverse("fairs:attendees-reveal", args=[fair.pk]))
    assert response.status_code == 403 and "李四海" not in response.content.decode()
    assert (
        AuditEvent.objects.get(action="fairs.attendees.personal_data_refused").result == "refused"
    )


def test_another_county_gets_404(client, outsider, fair):
    _far_attendee(fair)
    outsider.may_see_personal_data = True
    outsider.save()
    client.force_login(outsider)
    assert client.post(reverse("fairs:attendees-reveal", args=[fair.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="fairs.attendees.personal_data_viewed").exists()
