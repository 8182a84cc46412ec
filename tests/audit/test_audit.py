"""S15/S16: audit rows are written, complete, scoped, and out of reach of edits."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.audit.services import log_action, purge_audit
from tests.factories import make_staff


def test_a_row_is_complete(db, rf):
    user = make_staff("321302", username="county")
    request = rf.get("/", REMOTE_ADDR="10.1.2.3")
    request.user = user
    event = log_action("regions.exported", request=request, obj=user, detail={"rows": 3})
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.at and event.actor == user and event.actor_name == "county"
    assert event.action == "regions.exported" and event.result == "ok"
    assert event.object_type == "accounts.user" and event.object_id == str(user.pk)
    assert event.region_code == "321302" and event.ip == "10.1.2.3"
    assert event.detail == {"rows": 3}


def test_the_application_cannot_change_or_delete_rows(db):
    event = log_action("test.something", region_code="3213")
    event.action = "test.other"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET action = 'forged'",
        "DELETE FROM audit_auditevent",
    ],
)
def test_the_database_refuses_update_and_delete(db, sql):
    log_action("test.something", region_code="3213")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEvent.objects.filter(action="test.something").count() == 1


def test_queryset_update_and_delete_are_refused_too(db):
    log_action("test.something", region_code="3213")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.update(action="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().delete()


def test_purge_removes_only_rows_past_retention(db, settings):
    settings.AUDIT_RETENTION_DAYS = 184
    old = log_action("test.old", region_code="3213", detail={})
    young = log_action("test.young", region_code="3213")
    # Back-date one row as it would be after 200 days: only via a fresh insert, rows never change.
    backdated = AuditEvent(
        action="test.backdated",
        region_code="3213",
        at=timezone.now() - datetime.timedelta(days=200),
    )
    backdated.save(force_insert=True)
    assert purge_audit() == 1
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {old.action, young.action}


def test_purge_never_goes_below_184_days(db, settings):
    settings.AUDIT_RETENTION_DAYS = 30  # a mistaken setting
    AuditEvent(
        action="test.100days", region_code="3213", at=timezone.now() - datetime.timedelta(days=100)
    ).save(force_insert=True)
    assert purge_audit() == 0
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE action = 'test.100days'")


def test_admins_see_their_area_events_only(client, db, settings):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    log_action("test.own", region_code="321302001")
    log_action("test.sibling", region_code="321311")
    log_action("test.national", region_code="")
    client.force_login(make_staff("321302", role="admin"))
    page = client.get(reverse("admin:audit_auditevent_changelist"))
    actions = {e.action for e in page.context_data["cl"].result_list}
    assert "test.own" in actions and not actions & {"test.sibling", "test.national"}


def test_audit_rows_cannot_be_edited_from_the_admin(client, db, settings):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    event = log_action("test.own", region_code="321302001")
    client.force_login(make_staff(None, username="root", is_superuser=True))
    response = client.post(
        reverse("admin:audit_auditevent_change", args=[event.pk]), {"action": "forged"}
    )
    assert response.status_code in (200, 403)
    assert AuditEvent.objects.get(pk=event.pk).action == "test.own"
    assert (
        client.post(
            reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}
        ).status_code
        == 403
    )


def test_no_row_holds_a_full_number_and_search_terms_keep_their_hash(db):
    """Whoever writes the row: every value of the detail and the object's name are masked, in
    any written form, and the masked numbers' keyed hashes stay for an auditor's question."""
    from homeward import crypto

    event = log_action(
        "workers.ledger.exported",
        region_code="321302",
        object_repr="台账-138 1234 5678.xlsx",
        detail={
            "filters": {"q": "４３０３８１１９９００１０１１２３Ｘ", "page": "2"},
            "n": 13912345678,
        },
    )
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.object_repr == "台账-138****5678.xlsx"
    assert event.detail["filters"] == {"q": "430381********123X", "page": "2"}
    assert event.detail["n"] == "139****5678"
    assert sorted(event.detail["hashes"]) == sorted(
        [
            crypto.lookup_hash(crypto.PHONE, "13812345678"),
            crypto.lookup_hash(crypto.ID_NUMBER, "43038119900101123X"),
            crypto.lookup_hash(crypto.PHONE, "13912345678"),
        ]
    )
    direct = AuditEvent(action="test.direct", detail={"q": "+8613812345678"})
    direct.save()
    assert AuditEvent.objects.get(pk=direct.pk).detail["q"] == "+86138****5678"
