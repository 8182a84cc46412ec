"""S5: city and county admins need a second factor; a password-only session reaches nothing."""

import datetime

import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from homeward.audit.models import AuditEvent
from tests.factories import make_staff


def _code(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def test_city_admin_with_password_only_reaches_nothing(client, db):
    admin = make_staff("3213", role="admin")
    client.force_login(admin)
    for url in (reverse("home"), reverse("regions:detail", args=["3213"]), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse(
            "accounts:otp-verify"
        )


def test_enrolment_then_verification(client, db):
    admin = make_staff("321302", role="admin")
    client.force_login(admin)
    assert client.get(reverse("accounts:otp-verify"))["Location"] == reverse("accounts:otp-setup")
    page = client.get(reverse("accounts:otp-setup"))
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    assert client.post(reverse("accounts:otp-setup"), {"token": _code(device)}).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(action="accounts.second_factor.enrolled").count() == 1

    client.post(reverse("accounts:logout"))
    client.force_login(admin)
    assert client.get(reverse("home"))["Location"] == reverse("accounts:otp-verify")
    device.refresh_from_db()
    # A code already used is not accepted again (replay).
    assert client.post(reverse("accounts:otp-verify"), {"token": _code(device)}).status_code == 200
    with time_machine.travel(
        timezone.now() + datetime.timedelta(seconds=31)
    ):  # next time step, past the throttle
        assert (
            client.post(reverse("accounts:otp-verify"), {"token": _code(device)}).status_code == 302
        )
        assert client.get(reverse("home")).status_code == 200


def test_town_staff_and_town_admins_need_no_second_factor_by_default(client, db):
    for role in ("staff", "admin"):
        client.force_login(make_staff("321302001", role=role, username=f"t-{role}"))
        assert client.get(reverse("home")).status_code == 200


def test_requirement_is_configurable(client, db, settings):
    settings.SECOND_FACTOR_REQUIRED = {"roles": ["admin", "staff"], "levels": ["town"]}
    client.force_login(make_staff("321302001"))
    assert client.get(reverse("home"))["Location"] == reverse("accounts:otp-verify")


def test_wrong_codes_are_refused_audited_and_throttled(client, db):
    admin = make_staff("3213", role="admin")
    device = TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    client.force_login(admin)
    wrong = "000000" if _code(device) != "000000" else "111111"
    assert client.post(reverse("accounts:otp-verify"), {"token": wrong}).status_code == 200
    # Right after a failure the device is throttled: even the right code waits.
    assert client.post(reverse("accounts:otp-verify"), {"token": _code(device)}).status_code == 200
    assert client.get(reverse("home")).status_code == 302
    assert AuditEvent.objects.filter(action="accounts.second_factor.failed").count() == 2
