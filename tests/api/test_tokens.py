"""Clients and tokens: only the hash stored, the token shown once, revocation, last use."""

from django.core.management import call_command
from django.db import connection

from homeward.api.models import ApiClient, token_hash
from homeward.api.services import revoke_client
from homeward.audit.models import AuditEvent
from tests.factories import make_staff


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_only_the_tokens_hash_is_stored(make_api_client):
    api_client, headers = make_api_client()
    token = headers["HTTP_AUTHORIZATION"].removeprefix("Bearer ")
    assert api_client.token_hash == token_hash(token) != token
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiClient._meta.db_table}")  # noqa: S608
        stored = " ".join(str(v) for row in cursor.fetchall() for v in row)
    assert token not in stored and token[8:20] not in stored


def test_a_valid_token_is_let_in_and_its_use_recorded(client, make_api_client):
    api_client, headers = make_api_client()
    assert client.get("/api/v1/postings", **headers).status_code == 200
    api_client.refresh_from_db()
    assert api_client.last_used_at is not None


def test_no_token_or_a_wrong_one_answers_401_in_chinese(client, db):
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer hw_nonsense"}):
        response = client.get("/api/v1/workers", **headers)
        assert response.status_code == 401
        assert response.json()["code"] == "unauthenticated"
        assert _is_chinese(response.json()["message"])


def test_a_revoked_token_answers_401_and_is_audited(client, make_api_client):
    api_client, headers = make_api_client()
    assert revoke_client(api_client) is True
    assert revoke_client(api_client) is False  # once
    response = client.get("/api/v1/postings", **headers)
    assert response.status_code == 401
    refused = AuditEvent.objects.filter(action="api.token.refused").get()
    assert refused.object_id == str(api_client.pk) and refused.result == "refused"
    assert AuditEvent.objects.filter(action="api.apiclient.revoked").count() == 1


def test_the_command_prints_the_token_once_and_lists_without_it(db, capsys):
    call_command(
        "api", "client", "create", "--name", "省V2.0", "--area", "3213", "--scopes", "stats:read"
    )
    printed = capsys.readouterr().out
    token = printed.split("token (shown once, keep it safe): ")[1].strip()
    stored = ApiClient.objects.get()
    assert stored.token_hash == token_hash(token) and stored.scopes == "stats:read"
    call_command("api", "client", "list")
    assert token not in capsys.readouterr().out
    call_command("api", "client", "revoke", str(stored.pk))
    stored.refresh_from_db()
    assert stored.revoked_at is not None


def test_the_admin_shows_the_new_token_once(client, db, settings):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    client.force_login(make_staff("321302", role="admin", username="county-admin"))
    response = client.post(
        "/admin/api/apiclient/add/",
        {"title": "县人社系统", "region": "321302", "scopes": "workers:read", "rate_limit": 60},
    )
    assert response.status_code == 200
    token = response.context["token"]
    stored = ApiClient.objects.get()
    assert stored.token_hash == token_hash(token) and stored.created_by.username == "county-admin"
    page = client.get(f"/admin/api/apiclient/{stored.pk}/change/").content.decode()
    assert token not in page


def test_the_admin_refuses_an_unknown_scope_and_another_countys_area(client, db, settings):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    client.force_login(make_staff("321302", role="admin", username="county-admin"))
    for data in (
        {"title": "x", "region": "321302", "scopes": "workers:everything", "rate_limit": 60},
        {"title": "x", "region": "321311", "scopes": "workers:read", "rate_limit": 60},
    ):
        response = client.post("/admin/api/apiclient/add/", data)
        assert response.status_code == 200 and response.context["adminform"].form.errors
    assert not ApiClient.objects.exists()
