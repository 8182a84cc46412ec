"""Signing in to the employer portal with an SMS code: the happy path, no account enumeration,
deactivated users and blacklisted employers refused, `next=` staying on the site (S10).

Also the employer-user helpers the other employer portal tests share.
"""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.employers.models import EmployerUser
from homeward.outreach.models import OutboxMessage
from homeward.signin_codes.models import SignInCode
from tests.factories import TOWN, make_employer, make_staff

from .helpers import last_code

pytestmark = pytest.mark.django_db

HR_PHONE = "13900001111"
STRANGER_PHONE = "13955551111"  # masks like HR_PHONE: 139****1111


def make_employer_user(employer=None, *, phone=HR_PHONE, name="王经理", **fields):
    employer = employer or make_employer(TOWN, name="幸福电子厂")
    user = EmployerUser(employer=employer, name=name, phone=phone, **fields)
    user.save()
    return user


def signin_url(next_url: str = "") -> str:
    url = reverse("portal:employer-signin")
    return f"{url}?next={next_url}" if next_url else url


def ask_code(client, phone: str, next_url: str = ""):
    return client.post(reverse("portal:employer-signin"), {"phone": phone, "next": next_url})


def enter_code(client, phone: str, code: str, next_url: str = ""):
    data = {"phone": phone, "code": code, "next": next_url}
    return client.post(reverse("portal:employer-signin"), data)


def sign_in_employer(client, user):
    """Leave the client signed in as employer user `user`, through the real sign-in."""
    ask_code(client, user.phone)
    response = enter_code(client, user.phone, last_code(user.phone))
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def _page(response) -> str:
    """The page without what differs between two people (the CSRF token, what they typed)."""
    page = response.content.decode()
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
    return re.sub(r'name="(phone|code)" value="[^"]*"', "", page)


def test_code_lands_in_the_employers_outbox_and_signs_in(client):
    user = make_employer_user()
    response = ask_code(client, HR_PHONE)
    assert response.status_code == 200
    assert "139****1111" in response.content.decode()
    message = OutboxMessage._base_manager.get()
    assert message.region_id == TOWN and message.template == "signin_code"
    response = enter_code(client, HR_PHONE, last_code(HR_PHONE))
    assert response.status_code == 302 and response["Location"] == reverse("portal:employer-home")
    home = client.get(reverse("portal:employer-home"))
    assert home.status_code == 200 and "幸福电子厂" in home.content.decode()
    user.refresh_from_db()
    assert user.last_sign_in_at is not None
    assert AuditEvent.objects.filter(action="portal.signin.ok", result="ok").count() == 1


def test_pages_send_strangers_to_sign_in(client):
    response = client.get(reverse("portal:employer-home"))
    assert response.status_code == 302
    assert response["Location"] == signin_url("%2Fe%2F")


def test_an_unknown_number_gets_the_same_answer_and_no_message(client):
    make_employer_user()
    known = ask_code(client, HR_PHONE)
    unknown = client.__class__().post(reverse("portal:employer-signin"), {"phone": STRANGER_PHONE})
    assert unknown.status_code == known.status_code == 200
    assert _page(unknown) == _page(known)
    assert OutboxMessage._base_manager.count() == 1  # the known number's code only
    refused = AuditEvent.objects.get(action="portal.employer.signin.unknown_phone")
    assert refused.result == "refused" and STRANGER_PHONE not in refused.object_repr


def test_guessing_for_an_unknown_number_looks_like_a_wrong_code(client):
    make_employer_user()
    ask_code(client, HR_PHONE)
    known = enter_code(client, HR_PHONE, _wrong(last_code(HR_PHONE)))
    stranger = client.__class__()
    ask_code(stranger, STRANGER_PHONE)
    unknown = enter_code(stranger, STRANGER_PHONE, "123456")
    assert _page(unknown) == _page(known)  # "wrong code, 4 tries left" both times
    again = ask_code(stranger, STRANGER_PHONE)  # asking again at once is refused alike
    assert _page(again) == _page(ask_code(client, HR_PHONE))
    assert SignInCode.objects.count() == 2


def test_a_deactivated_user_gets_no_code(client):
    make_employer_user(is_active=False)
    response = ask_code(client, HR_PHONE)
    assert response.status_code == 200
    assert not OutboxMessage._base_manager.exists()
    response = enter_code(client, HR_PHONE, "000000")
    assert response.status_code == 200
    assert client.get(reverse("portal:employer-home")).status_code == 302


def test_a_user_deactivated_after_the_code_was_sent_is_refused(client):
    user = make_employer_user()
    ask_code(client, HR_PHONE)
    EmployerUser._base_manager.filter(pk=user.pk).update(is_active=False)
    response = enter_code(client, HR_PHONE, last_code(HR_PHONE))
    assert response.status_code == 200
    assert client.get(reverse("portal:employer-home")).status_code == 302
    assert AuditEvent.objects.filter(action="portal.employer.signin.refused").count() == 1


def test_deactivation_ends_a_running_session(client):
    user = make_employer_user()
    sign_in_employer(client, user)
    assert client.get(reverse("portal:employer-home")).status_code == 200
    EmployerUser._base_manager.filter(pk=user.pk).update(is_active=False)
    assert client.get(reverse("portal:employer-home")).status_code == 302


def test_blacklisted_employers_users_cannot_sign_in(client):
    user = make_employer_user()
    type(user.employer)._base_manager.filter(pk=user.employer_id).update(is_blacklisted=True)
    ask_code(client, HR_PHONE)
    assert not OutboxMessage._base_manager.exists()


def test_next_inside_the_site_is_followed(client):
    user = make_employer_user()
    target = reverse("portal:employer-posting-create")
    ask_code(client, HR_PHONE, target)
    response = enter_code(client, HR_PHONE, last_code(HR_PHONE), target)
    assert response["Location"] == target
    assert user.pk  # signed in as that user
    assert client.get(target).status_code == 200


@pytest.mark.parametrize(
    "evil", ["//evil.example", "https://evil.example/e/", "/\\evil.example", "javascript:alert(1)"]
)
def test_next_outside_the_site_is_ignored(client, evil):
    make_employer_user()
    page = client.get(signin_url(evil)).content.decode()
    assert "evil.example" not in page and "javascript:" not in page
    ask_code(client, HR_PHONE, evil)
    response = enter_code(client, HR_PHONE, last_code(HR_PHONE), evil)
    assert response.status_code == 302 and response["Location"] == reverse("portal:employer-home")


def test_sign_out_is_a_post_and_ends_the_session(client):
    user = make_employer_user()
    sign_in_employer(client, user)
    assert client.get(reverse("portal:employer-signout")).status_code == 405
    response = client.post(reverse("portal:employer-signout"))
    assert response["Location"] == reverse("portal:employer-signin")
    assert client.get(reverse("portal:employer-home")).status_code == 302
    assert AuditEvent.objects.filter(action="portal.employer.signout").count() == 1


def test_a_signed_in_employer_user_skips_the_sign_in_page(client):
    sign_in_employer(client, make_employer_user())
    response = client.get(reverse("portal:employer-signin"))
    assert response.status_code == 302 and response["Location"] == reverse("portal:employer-home")


def test_a_code_from_the_worker_portal_does_not_sign_in_an_employer(client):
    make_employer_user()
    with time_machine.travel(timezone.now() - datetime.timedelta(minutes=2)):
        client.post("/m/signin", {"phone": HR_PHONE})  # a worker code for the same number
    worker_code = last_code(HR_PHONE)
    response = enter_code(client, HR_PHONE, worker_code)
    assert response.status_code == 200
    assert client.get(reverse("portal:employer-home")).status_code == 302


def test_staff_signed_in_get_no_employer_data(client, settings):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    make_employer_user()
    client.force_login(make_staff(None, username="national", is_superuser=True))
    response = client.get(reverse("portal:employer-home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:employer-signin"))
