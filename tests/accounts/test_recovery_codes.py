"""Recovery codes: shown once at enrolment, each accepted once, regenerated on request, audited."""

import threading

import pytest
from django.db import connection, connections
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from homeward.accounts.second_factor import (
    CodeRefused,
    regenerate_recovery_codes,
    reset_second_factor,
    verify_second_factor,
)
from homeward.audit.models import AuditEvent
from tests.accounts.test_second_factor import _code, _errors, _verify
from tests.factories import make_staff


def _enrol(client, user):
    client.force_login(user)
    client.get(reverse("accounts:otp-setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:otp-setup"), {"token": _code(device)})
    assert response.status_code == 200
    return response


def _sign_in_again(client, user):
    client.post(reverse("accounts:logout"))
    client.force_login(user)


@pytest.fixture
def admin(db, clock):
    return make_staff("321302", role="admin", username="county-admin")


def test_enrolment_shows_ten_codes_once_and_stores_only_hashes(client, admin):
    response = _enrol(client, admin)
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    page = response.content.decode()
    assert all(code in page for code in codes)
    assert "恢复码只显示这一次" in page and "打印" in page
    assert "no-store" in response["Cache-Control"]  # not kept by the browser or a proxy
    stored = set(StaticToken.objects.filter(device__user=admin).values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & {c for code in codes for c in (code, code.replace("-", ""))}
    event = AuditEvent.objects.get(action="accounts.second_factor.enrolled")
    assert event.detail == {"recovery_codes": 10}
    # Shown once: the page of recovery codes shows how many, not which.
    page = client.get(reverse("accounts:recovery-codes")).content.decode()
    assert "10 个未用的恢复码" in page and not any(code in page for code in codes)


def test_each_code_works_once_and_its_use_is_audited(client, admin):
    codes = _enrol(client, admin).context["codes"]
    _sign_in_again(client, admin)
    response = _verify(client, codes[0].upper().replace("-", " "))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    used = AuditEvent.objects.get(action="accounts.otp.recovery_used")
    assert used.object_id == str(admin.pk) and used.detail == {"left": 9}
    assert codes[0] not in str(used.detail)

    _sign_in_again(client, admin)
    response = _verify(client, codes[0])
    assert response.status_code == 200 and "恢复码不对或已经用过" in _errors(response)
    assert client.get(reverse("home"))["Location"] == reverse("accounts:otp-verify")
    assert _verify(client, codes[1]).status_code == 302
    assert AuditEvent.objects.filter(action="accounts.otp.recovery_used").count() == 2
    assert StaticToken.objects.filter(device__user=admin).count() == 8


def test_the_message_after_a_recovery_code_says_how_many_are_left(client, admin):
    codes = _enrol(client, admin).context["codes"]
    _sign_in_again(client, admin)
    response = client.post(reverse("accounts:otp-verify"), {"token": codes[3]}, follow=True)
    assert "还剩 9 个恢复码" in response.content.decode()


def test_regenerating_invalidates_the_old_codes(client, admin):
    old = _enrol(client, admin).context["codes"]
    response = client.post(reverse("accounts:recovery-codes"))
    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert "以前的恢复码已全部作废" in response.content.decode()
    event = AuditEvent.objects.get(action="accounts.otp.recovery_regenerated")
    assert event.detail == {"invalidated": 10, "issued": 10}

    _sign_in_again(client, admin)
    assert "恢复码不对" in _errors(_verify(client, old[0]))
    assert _verify(client, new[0]).status_code == 302


def test_a_code_is_useless_for_another_user(client, admin):
    codes = _enrol(client, admin).context["codes"]
    other = make_staff("321311", role="admin", username="other-admin")
    _enrol(client, other)
    _sign_in_again(client, other)
    assert "恢复码不对" in _errors(_verify(client, codes[0]))
    assert client.get(reverse("home"))["Location"] == reverse("accounts:otp-verify")
    assert StaticToken.objects.filter(device__user=admin).count() == 10
    # Wrong recovery codes count towards the lock like wrong app codes.
    failed = AuditEvent.objects.get(action="accounts.second_factor.failed")
    assert failed.actor_name == "other-admin" and failed.detail["code"] == "recovery"


def test_regenerating_needs_a_verified_session_and_a_post(client, admin):
    _enrol(client, admin)
    _sign_in_again(client, admin)
    response = client.post(reverse("accounts:recovery-codes"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:otp-verify")
    assert not AuditEvent.objects.filter(action="accounts.otp.recovery_regenerated").exists()
    assert client.put(reverse("accounts:recovery-codes")).status_code in (302, 405)


def test_a_user_without_an_authenticator_is_sent_to_set_one_up(client, db, settings):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    client.force_login(make_staff("321302001", username="townie"))
    response = client.post(reverse("accounts:recovery-codes"))
    assert response["Location"] == reverse("accounts:otp-setup")
    assert not StaticToken.objects.exists()


def test_the_password_page_shows_how_many_are_left(client, admin):
    codes = _enrol(client, admin).context["codes"]
    _sign_in_again(client, admin)
    _verify(client, codes[0])
    page = client.get(reverse("accounts:password-change")).content.decode()
    assert "还剩 9 个恢复码" in page and reverse("accounts:recovery-codes") in page


def test_the_user_list_shows_codes_left_within_the_area_only(client, admin, settings):
    codes = _enrol(client, admin).context["codes"]
    _sign_in_again(client, admin)
    _verify(client, codes[0])
    make_staff("321302001", username="no-app")
    outsider = make_staff("321311", role="admin", username="sibling-admin")
    TOTPDevice.objects.create(user=outsider, name="app", confirmed=True)
    response = client.get(reverse("admin:accounts_user_changelist"))
    rows = {user.username: user for user in response.context["cl"].result_list}
    assert set(rows) == {"county-admin", "no-app"}  # the sibling county is not listed
    assert rows["county-admin"].recovery_codes_left == 9
    assert not rows["no-app"].has_authenticator
    assert "剩余恢复码" in response.content.decode()


def test_resetting_the_authenticator_drops_the_codes(client, admin):
    codes = _enrol(client, admin).context["codes"]
    reset_second_factor(admin, by=make_staff("32", role="admin", username="province-admin"))
    assert not StaticToken.objects.filter(device__user=admin).exists()
    _sign_in_again(client, admin)
    assert client.get(reverse("accounts:otp-verify"))["Location"] == reverse("accounts:otp-setup")
    response = client.post(reverse("accounts:otp-verify"), {"token": codes[0]})
    assert response["Location"] == reverse("accounts:otp-setup")
    assert not AuditEvent.objects.filter(action="accounts.otp.recovery_used").exists()


def test_no_admin_page_lists_recovery_codes(client, admin, settings):
    _enrol(client, admin)
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    root = make_staff(None, username="root", is_superuser=True)
    client.force_login(root)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks: PostgreSQL")
def test_one_code_sent_twice_at_once_is_accepted_once(transactional_db):
    """Two sign-ins racing with one recovery code (or one app code): exactly one passes."""
    user = make_staff("321302", role="admin", username="racer")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    codes = regenerate_recovery_codes(user)
    for round_code in [*codes[:5], _code(device)]:
        barrier = threading.Barrier(4)
        outcomes = []

        def attempt(code=round_code, barrier=barrier, outcomes=outcomes):
            barrier.wait()
            try:
                verify_second_factor(user, code)
                outcomes.append("ok")
            except CodeRefused:
                outcomes.append("refused")
            finally:
                connections.close_all()

        threads = [threading.Thread(target=attempt) for _thread in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) == ["ok", "refused", "refused", "refused"], round_code
    assert StaticToken.objects.filter(device__user=user).count() == 5
