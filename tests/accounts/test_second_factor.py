"""S5: city and county admins need a second factor; a password-only session reaches nothing.

Wrong codes: a typo followed by the right code signs in; a used code is refused as used; five
wrong codes in a row lock the second step with a message saying how long, and the lock is audited.
"""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from homeward.accounts.second_factor import locked_until
from homeward.accounts.services import unlock_user
from homeward.audit.models import AuditEvent, Result
from tests.factories import make_staff


def _code(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def _wrong(device):
    """A code that no time step within the device's tolerance gives."""
    near = {_code(device, offset) for offset in (-2, -1, 0, 1, 2)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in near)


def _errors(response):
    return " ".join(response.context["form"].errors.get("token", []))


def _actions(prefix="accounts.second_factor"):
    return list(
        AuditEvent.objects.filter(action__startswith=prefix)
        .order_by("pk")
        .values_list("action", flat=True)
    )


@pytest.fixture
def enrolled(client, db, clock):
    admin = make_staff("3213", role="admin")
    device = TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    client.force_login(admin)
    return admin, device


def _verify(client, code, **params):
    url = reverse("accounts:otp-verify")
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return client.post(url, {"token": code})


def test_city_admin_with_password_only_reaches_nothing(client, db):
    admin = make_staff("3213", role="admin")
    client.force_login(admin)
    for url in (reverse("home"), reverse("regions:detail", args=["3213"]), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse(
            "accounts:otp-verify"
        )


def test_enrolment_then_verification(client, db, clock):
    admin = make_staff("321302", role="admin")
    client.force_login(admin)
    assert client.get(reverse("accounts:otp-verify"))["Location"] == reverse("accounts:otp-setup")
    page = client.get(reverse("accounts:otp-setup"))
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    response = client.post(reverse("accounts:otp-setup"), {"token": _code(device)})
    assert response.status_code == 200 and len(response.context["codes"]) == 10
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(action="accounts.second_factor.enrolled").count() == 1

    client.post(reverse("accounts:logout"))
    client.force_login(admin)
    assert client.get(reverse("home"))["Location"] == reverse("accounts:otp-verify")
    device.refresh_from_db()
    # A code already used is not accepted again (replay).
    assert client.post(reverse("accounts:otp-verify"), {"token": _code(device)}).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=31)):  # next time step
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


def test_the_right_code_right_after_a_typo_is_accepted(client, enrolled, clock):
    # The defect: django-otp's back-off refused the right code for a second after one wrong one,
    # as "wrong or expired", and audited it as another failure.
    admin, device = enrolled
    response = _verify(client, _wrong(device))
    assert response.status_code == 200
    assert "验证码不对" in _errors(response) and "再输错 4 次" in _errors(response)
    clock.shift(0.2)
    assert _verify(client, _code(device)).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert _actions() == ["accounts.second_factor.failed", "accounts.second_factor.verified"]
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_full_width_digits_and_spaces_are_forgiven(client, enrolled):
    admin, device = enrolled
    code = _code(device)
    wide = " ".join(chr(ord(ch) + 0xFEE0) for ch in code)  # "１ ２ ３ …" from a Chinese IME
    assert _verify(client, wide).status_code == 302


def test_a_used_code_is_refused_and_said_to_be_used(client, enrolled):
    admin, device = enrolled
    code = _code(device)
    assert _verify(client, code).status_code == 302
    client.post(reverse("accounts:logout"))
    client.force_login(admin)
    response = _verify(client, code)
    assert response.status_code == 200 and "已经用过" in _errors(response)
    assert client.get(reverse("home"))["Location"] == reverse("accounts:otp-verify")
    event = AuditEvent.objects.filter(action="accounts.second_factor.failed").get()
    assert event.detail["reason"] == "reused" and event.result == Result.FAILED


def test_five_wrong_codes_lock_the_second_step_with_how_long_to_wait(client, enrolled, clock):
    admin, device = enrolled
    for _attempt in range(4):
        assert "验证码不对" in _errors(_verify(client, _wrong(device)))
    response = _verify(client, _wrong(device))
    assert "锁定" in _errors(response) and "15 分钟" in _errors(response)
    locked = AuditEvent.objects.get(action="accounts.second_factor.locked")
    assert locked.result == Result.REFUSED and locked.detail["failures"] == 5
    assert locked.object_id == str(admin.pk)

    # While locked even the right code is refused, audited, and the message counts down.
    clock.shift(datetime.timedelta(minutes=10, seconds=1))
    response = _verify(client, _code(device))
    assert response.status_code == 200 and "等待 5 分钟" in _errors(response)
    until = timezone.localtime(timezone.now() + datetime.timedelta(minutes=5)).strftime("%H:%M")
    assert until in _errors(response)
    refused = AuditEvent.objects.get(action="accounts.second_factor.refused")
    assert refused.detail["reason"] == "locked"
    device.refresh_from_db()
    assert device.throttling_failure_count == 5  # refusals while locked do not count

    clock.shift(datetime.timedelta(minutes=5))
    assert _verify(client, _code(device, offset=1)).status_code == 302
    assert _actions().count("accounts.second_factor.failed") == 4


def test_each_wrong_code_after_a_lock_doubles_the_wait_up_to_a_day(client, enrolled, clock):
    admin, device = enrolled
    waits = []
    for _attempt in range(12):
        _verify(client, _wrong(device))
        device.refresh_from_db()
        until = locked_until(device)
        waits.append(round((until - timezone.now()).total_seconds() / 60) if until else 0)
        if until:
            clock.move_to(until + datetime.timedelta(seconds=1))
            client.force_login(admin)  # the idle timeout signed the session out meanwhile
    assert waits == [0, 0, 0, 0, 15, 30, 60, 120, 240, 480, 960, 1440]


def test_an_area_admin_unlocks_the_second_step(client, enrolled):
    admin, device = enrolled
    for _attempt in range(5):
        _verify(client, _wrong(device))
    assert "锁定" in _errors(_verify(client, _code(device)))
    unlock_user(admin, by=make_staff("32", role="admin", username="province-admin"))
    assert _verify(client, _code(device)).status_code == 302


def test_wrong_codes_at_enrolment_count_and_lock_too(client, db, clock):
    admin = make_staff("321302", role="admin")
    client.force_login(admin)
    client.get(reverse("accounts:otp-setup"))
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    for _attempt in range(5):
        response = client.post(reverse("accounts:otp-setup"), {"token": _wrong(device)})
    assert "锁定" in _errors(response)
    response = client.post(reverse("accounts:otp-setup"), {"token": _code(device)})
    assert response.status_code == 200 and "锁定" in _errors(response)
    device.refresh_from_db()
    assert not device.confirmed
    assert _actions() == ["accounts.second_factor.failed"] * 4 + [
        "accounts.second_factor.locked",
        "accounts.second_factor.refused",
    ]


def test_next_stays_on_the_host(client, enrolled, clock):
    admin, device = enrolled
    response = _verify(client, _code(device), next="//evil.example/")
    assert response["Location"] == reverse("home")
    client.post(reverse("accounts:logout"))
    client.force_login(admin)
    clock.shift(30)
    response = _verify(client, _code(device), next=reverse("workers:list"))
    assert response["Location"] == reverse("workers:list")


def test_letters_that_are_no_code_are_refused_by_the_form(client, enrolled):
    admin, device = enrolled
    response = _verify(client, "12345")
    assert "6 位数字" in _errors(response)
    assert _actions() == []  # not a guess: nothing counted
