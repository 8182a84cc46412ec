"""Staff invite an employer's people to the employer portal and deactivate them: within their
area only (404 outside), never as leaders (403, audited), one portal user per mobile number."""

import pytest
from django.urls import reverse

from homeward.audit.models import AuditEvent
from homeward.employers.models import EmployerUser
from homeward.outreach.models import OutboxMessage
from tests.factories import TOWN, make_employer

from .helpers import last_code
from .test_employer_signin import ask_code, enter_code, make_employer_user

pytestmark = pytest.mark.django_db

PHONE = "13811112222"

# `town_staff`, `employer` (幸福电子厂 in the town), `leader` and `outsider` are the cast's.


def _invite(client, target, **data):
    data = {"name": "李会计", "phone": "138 1111 2222", **data}
    return client.post(reverse("employers:user-invite", args=[target.pk]), data)


def test_invite_creates_the_user_and_texts_them_where_to_sign_in(client, town_staff, employer):
    client.force_login(town_staff)
    response = _invite(client, employer, is_active="false", employer=employer.pk + 1)
    assert response.status_code == 302
    assert response["Location"] == reverse("employers:detail", args=[employer.pk])
    user = EmployerUser._base_manager.get()
    assert user.employer == employer and user.phone == PHONE and user.is_active
    assert user.invited_by == town_staff and user.name == "李会计"
    message = OutboxMessage._base_manager.get()
    assert message.recipient_phone == PHONE and message.region_id == TOWN
    assert message.template == "employer_invite" and message.key == f"employer-invite:{user.pk}"
    assert "幸福电子厂" in message.text and "/e/signin" in message.text
    event = AuditEvent.objects.get(action="employers.user.invited")
    assert event.actor == town_staff and event.region_code == TOWN
    assert event.object_id == str(user.pk) and PHONE not in str(event.detail) + event.object_repr


def test_the_invited_person_can_sign_in(client, town_staff, employer):
    client.force_login(town_staff)
    _invite(client, employer)
    portal = client.__class__()
    ask_code(portal, PHONE)
    response = enter_code(portal, PHONE, last_code(PHONE))
    assert response.status_code == 302
    assert "幸福电子厂" in portal.get(reverse("portal:employer-home")).content.decode()


def test_the_detail_page_lists_portal_users_masked(client, town_staff, employer):
    make_employer_user(employer, phone=PHONE, name="王经理")
    client.force_login(town_staff)
    page = client.get(reverse("employers:detail", args=[employer.pk])).content.decode()
    assert "王经理" in page and "138****2222" in page and PHONE not in page
    assert reverse("employers:user-invite", args=[employer.pk]) in page


def test_a_number_already_in_use_is_refused_clearly(client, town_staff, employer):
    make_employer_user(make_employer("321311001"), phone=PHONE)  # another county's employer
    client.force_login(town_staff)
    response = _invite(client, employer)
    assert response.status_code == 200
    assert response.context["invite_form"].errors["phone"]
    assert EmployerUser._base_manager.count() == 1
    assert not OutboxMessage._base_manager.exists()


def test_a_bad_number_is_refused(client, town_staff, employer):
    client.force_login(town_staff)
    response = _invite(client, employer, phone="12345")
    assert "手机号应为11位" in str(response.context["invite_form"].errors["phone"])
    assert not EmployerUser._base_manager.exists()


def test_deactivate(client, town_staff, employer):
    user = make_employer_user(employer, phone=PHONE)
    client.force_login(town_staff)
    url = reverse("employers:user-deactivate", args=[user.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response["Location"] == reverse("employers:detail", args=[employer.pk])
    user.refresh_from_db()
    assert not user.is_active
    event = AuditEvent.objects.get(action="employers.user.deactivated")
    assert event.actor == town_staff and event.region_code == TOWN
    client.post(url)  # again: nothing more happens
    assert AuditEvent.objects.filter(action="employers.user.deactivated").count() == 1


def test_other_areas_are_404(client, town_staff):
    other = make_employer("321302002", name="邻镇工厂")
    user = make_employer_user(other, phone=PHONE)
    client.force_login(town_staff)
    assert _invite(client, other, phone="13899990000").status_code == 404
    assert client.post(reverse("employers:user-deactivate", args=[user.pk])).status_code == 404
    user.refresh_from_db()
    assert user.is_active and EmployerUser._base_manager.count() == 1
    assert not OutboxMessage._base_manager.exists()


def test_another_county_cannot_invite_or_deactivate(client, outsider, employer):
    user = make_employer_user(employer, phone=PHONE)
    client.force_login(outsider)
    assert _invite(client, employer, phone="13899990000").status_code == 404
    assert client.post(reverse("employers:user-deactivate", args=[user.pk])).status_code == 404
    user.refresh_from_db()
    assert user.is_active and EmployerUser._base_manager.count() == 1


def test_leaders_are_refused_and_audited(client, employer, leader):
    user = make_employer_user(employer, phone=PHONE)
    client.force_login(leader)
    page = client.get(reverse("employers:detail", args=[employer.pk])).content.decode()
    assert "invite-form" not in page and "user-deactivate" not in page
    assert _invite(client, employer, phone="13899990000").status_code == 403
    assert client.post(reverse("employers:user-deactivate", args=[user.pk])).status_code == 403
    user.refresh_from_db()
    assert user.is_active and EmployerUser._base_manager.count() == 1
    refused = AuditEvent.objects.filter(action="employers.write.refused", result="refused")
    assert refused.count() == 2


def test_anonymous_visitors_are_sent_to_sign_in(client, employer):
    response = _invite(client, employer)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not EmployerUser._base_manager.exists()
