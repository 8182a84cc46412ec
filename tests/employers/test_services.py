"""The employer writes as named services: `save_employer`, `invite_employer_user`,
`deactivate_employer_user` — atomic, one audit row, only the form's fields on an edit, a
leader refused by the service itself, and another county's employer out of reach."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from homeward.audit.models import AuditEvent
from homeward.codes import uscc
from homeward.employers import services
from homeward.employers.forms import EmployerForm
from homeward.employers.models import Employer, EmployerUser
from homeward.outreach.models import OutboxMessage
from tests.factories import COUNTY, TOWN, make_employer

pytestmark = pytest.mark.django_db

URL = "http://testserver/e/signin"


def _form(employer, **overrides):
    data = {
        "name": employer.name or "宿迁幸福服装厂",
        "uscc": employer.uscc or uscc.make("321302", 5_000_001),
        "industry": "C",
        "region": TOWN,
        "address": "幸福路 1 号",
        "contact_person": "李会计",
        "new_contact_phone": "",
        "size": "50-99",
        **overrides,
    }
    form = EmployerForm(data, instance=employer, area=COUNTY)
    assert form.is_valid(), form.errors
    return form


def test_an_edit_keeps_a_blacklisting_made_meanwhile(county_staff):
    employer = make_employer(TOWN, name="原名")
    form = _form(employer, name="新名")  # the page was opened before the blacklisting
    Employer._base_manager.filter(pk=employer.pk).update(is_blacklisted=True)
    services.save_employer(form, by=county_staff)
    employer = Employer.objects.get(pk=employer.pk)
    assert employer.name == "新名" and employer.is_blacklisted


def test_a_new_contact_phone_is_saved_with_its_lookup_hash(county_staff):
    employer = make_employer(TOWN, contact_phone="13900001111")
    services.save_employer(_form(employer, new_contact_phone="13977778888"), by=county_staff)
    found = Employer.objects.filter(contact_phone_hash=_hash("13977778888"))
    assert found.get().contact_phone == "13977778888"
    event = AuditEvent.objects.get(action="employers.employer.changed")
    assert "new_contact_phone" in event.detail["fields"] and "13977778888" not in str(event.detail)


def _hash(number):
    from homeward.crypto import hash_filter

    return hash_filter(Employer, "contact_phone", number)["contact_phone_hash"]


def test_a_code_registered_meanwhile_is_an_error_on_the_code_field(county_staff):
    code = uscc.make("321302", 5_000_002)
    form = _form(Employer(), uscc=code, name="后来者")
    make_employer(TOWN, uscc=code, name="先到者")
    with pytest.raises(services.EmployerError) as refused:
        services.save_employer(form, by=county_staff)
    assert refused.value.field == "uscc"
    assert not AuditEvent.objects.filter(action__startswith="employers.employer").exists()
    assert list(Employer.objects.values_list("name", flat=True)) == ["先到者"]


def test_a_leader_is_refused_by_each_service(leader):
    employer = make_employer(TOWN, name="原名")
    user = EmployerUser(employer=employer, name="王经理", phone="13900002222")
    user.save()
    with pytest.raises(PermissionDenied):
        services.save_employer(_form(employer, name="改名"), by=leader)
    with pytest.raises(PermissionDenied):
        services.invite_employer_user(
            employer, name="李会计", phone="13811112222", signin_url=URL, by=leader
        )
    with pytest.raises(PermissionDenied):
        services.deactivate_employer_user(user, by=leader)
    assert Employer.objects.get().name == "原名"
    assert list(EmployerUser._base_manager.values_list("is_active", flat=True)) == [True]
    assert not OutboxMessage._base_manager.exists()
    refused = AuditEvent.objects.filter(action="employers.write.refused", result="refused")
    assert refused.count() == 3 and {e.actor for e in refused} == {leader}


def test_invite_saves_audits_and_texts_after_the_commit(county_staff):
    employer = make_employer(TOWN, name="幸福电子厂")
    invitation = services.invite_employer_user(
        employer, name="李会计", phone="13811112222", signin_url=URL, by=county_staff
    )
    assert invitation.texted and invitation.user.invited_by == county_staff
    assert OutboxMessage._base_manager.get().key == f"employer-invite:{invitation.user.pk}"
    assert AuditEvent.objects.get(action="employers.user.invited").actor == county_staff


def test_a_number_invited_meanwhile_is_an_error_on_the_phone_field(county_staff):
    employer = make_employer(TOWN)
    EmployerUser(employer=make_employer(TOWN), name="先到者", phone="13811112222").save()
    with pytest.raises(services.EmployerError) as refused:
        services.invite_employer_user(
            employer, name="后来者", phone="13811112222", signin_url=URL, by=county_staff
        )
    assert refused.value.field == "phone"
    assert not OutboxMessage._base_manager.exists()
    assert not AuditEvent.objects.filter(action="employers.user.invited").exists()


def test_deactivating_twice_writes_once(county_staff):
    user = EmployerUser(employer=make_employer(TOWN), name="王经理", phone="13900002222")
    user.save()
    assert services.deactivate_employer_user(user, by=county_staff) is True
    assert services.deactivate_employer_user(user, by=county_staff) is False
    assert not EmployerUser._base_manager.get().is_active
    assert AuditEvent.objects.filter(action="employers.user.deactivated").count() == 1


def test_another_countys_employer_is_404_at_every_door(client, county_staff):
    other = make_employer("321311001", name="别县公司")
    user = EmployerUser(employer=other, name="王经理", phone="13900002222")
    user.save()
    client.force_login(county_staff)
    edit = client.post(reverse("employers:edit", args=[other.pk]), {"name": "抢改"})
    invite = client.post(
        reverse("employers:user-invite", args=[other.pk]), {"name": "李", "phone": "13811112222"}
    )
    deactivate = client.post(reverse("employers:user-deactivate", args=[user.pk]))
    assert (edit.status_code, invite.status_code, deactivate.status_code) == (404, 404, 404)
    assert Employer.objects.get(pk=other.pk).name == "别县公司"
    assert list(EmployerUser._base_manager.values_list("is_active", flat=True)) == [True]
    assert not AuditEvent.objects.filter(action__startswith="employers.").exists()
