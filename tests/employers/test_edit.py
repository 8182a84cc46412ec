"""Creating and editing employers: the place must be inside the area; leaders only read."""

from django.urls import reverse

from homeward.audit.models import AuditEvent
from homeward.codes import uscc
from homeward.employers.models import Employer
from tests.factories import make_employer

CODE = uscc.make("321302", 5_000_001)


def _data(**overrides):
    return {
        "name": "宿迁幸福服装厂",
        "uscc": CODE,
        "industry": "C",
        "region": "321302001001",
        "address": "幸福路 1 号",
        "contact_person": "李会计",
        "new_contact_phone": "139 1234 5678",
        "size": "50-99",
        **overrides,
    }


def test_create_saves_and_audits(client, town_staff):
    client.force_login(town_staff)
    response = client.post(reverse("employers:create"), _data())
    employer = Employer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("employers:detail", args=[employer.pk])
    assert employer.region_id == "321302001001" and employer.contact_phone == "13912345678"
    event = AuditEvent.objects.get(action="employers.employer.created")
    assert event.object_id == str(employer.pk) and event.actor == town_staff
    assert event.region_code == "321302001001"
    assert "13912345678" not in str(event.detail)


def test_a_place_outside_the_area_is_refused_and_nothing_is_written(client, town_staff):
    client.force_login(town_staff)
    response = client.post(reverse("employers:create"), _data(region="321302002"))
    assert response.status_code == 200
    assert response.context["form"].errors["region"] == ["该地点不在您的辖区内。"]
    assert not Employer.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="employers.employer").exists()


def test_a_county_is_not_a_place_for_an_employer(client, county_staff):
    client.force_login(county_staff)
    response = client.post(reverse("employers:create"), _data(region="321302"))
    assert response.context["form"].errors["region"] == ["请填写乡镇（街道）或村（社区）的代码。"]
    assert not Employer.objects.exists()


def test_leaders_may_read_but_every_post_is_refused(client, leader):
    employer = make_employer("321302001", name="原名")
    client.force_login(leader)
    assert client.get(reverse("employers:list")).status_code == 200
    assert client.get(reverse("employers:detail", args=[employer.pk])).status_code == 200
    assert client.post(reverse("employers:create"), _data()).status_code == 403
    edit = client.post(reverse("employers:edit", args=[employer.pk]), _data(name="改名"))
    assert edit.status_code == 403
    employer.refresh_from_db()
    assert employer.name == "原名" and Employer.objects.count() == 1
    refused = AuditEvent.objects.filter(action="employers.write.refused", result="refused")
    assert refused.count() == 2


def test_edit_keeps_the_phone_unless_a_new_one_is_given(client, county_staff):
    employer = make_employer("321302001", contact_phone="13900001111")
    client.force_login(county_staff)
    form = client.get(reverse("employers:edit", args=[employer.pk])).content.decode()
    assert "139****1111" in form and "13900001111" not in form
    data = _data(uscc=employer.uscc, name="新名字", new_contact_phone="")
    assert client.post(reverse("employers:edit", args=[employer.pk]), data).status_code == 302
    employer.refresh_from_db()
    assert employer.name == "新名字" and employer.contact_phone == "13900001111"
    event = AuditEvent.objects.get(action="employers.employer.changed")
    assert "name" in event.detail["fields"]


def test_a_bad_phone_is_explained(client, county_staff):
    client.force_login(county_staff)
    response = client.post(reverse("employers:create"), _data(new_contact_phone="1391234"))
    assert "手机号应为11位" in response.context["form"].errors["new_contact_phone"][0]


def test_out_of_scope_employer_cannot_be_opened_or_changed(client, town_staff):
    other = make_employer("321302002", name="邻镇厂")
    client.force_login(town_staff)
    assert client.get(reverse("employers:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("employers:edit", args=[other.pk])).status_code == 404
    response = client.post(reverse("employers:edit", args=[other.pk]), _data(name="抢改"))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.name == "邻镇厂"
