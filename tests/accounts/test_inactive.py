"""S1: named accounts only; accounts unused for the configured period are disabled."""

import datetime

import time_machine
from django.core.management import call_command
from django.utils import timezone

from homeward.accounts.checks import no_default_accounts
from homeward.accounts.models import User
from homeward.audit.models import AuditEvent
from tests.factories import make_staff


def test_unused_accounts_are_disabled_under_a_fake_clock(db, settings):
    now = timezone.now()
    used = make_staff("321302", username="used")
    used.last_login = now
    used.save()
    stale = make_staff("321302001", username="stale")
    stale.last_login = now - datetime.timedelta(days=10)
    stale.save()
    with time_machine.travel(now + datetime.timedelta(days=settings.ACCOUNT_INACTIVE_DAYS - 15)):
        call_command("accounts", "disable-inactive")
    assert User.objects.get(username="stale").is_active
    with time_machine.travel(now + datetime.timedelta(days=settings.ACCOUNT_INACTIVE_DAYS + 1)):
        call_command("accounts", "disable-inactive")
    assert User.objects.get(username="used").is_active is False  # unused for 91 days too
    assert User.objects.get(username="stale").is_active is False
    event = AuditEvent.objects.get(
        action="accounts.user.disabled_inactive", object_id=str(stale.pk)
    )
    assert event.region_code == "321302001"


def test_never_used_accounts_count_from_creation(db, settings):
    user = make_staff("321302", username="never")
    with time_machine.travel(
        user.date_joined + datetime.timedelta(days=settings.ACCOUNT_INACTIVE_DAYS + 1)
    ):
        call_command("accounts", "disable-inactive")
    assert not User.objects.get(username="never").is_active


def test_default_account_names_fail_the_deploy_check(db, settings):
    assert no_default_accounts(None) == []
    make_staff("3213", username="admin")
    assert [e.id for e in no_default_accounts(None)] == ["homeward.E001"]


def test_demo_accounts_fail_the_deploy_check_in_production(db, settings):
    make_staff("3213", username="demo-3213-city")
    assert no_default_accounts(None) == []
    settings.PRODUCTION = True
    assert [e.id for e in no_default_accounts(None)] == ["homeward.E002"]
