"""Workers through the API: scopes, the client's area, masking and the audited full ID,
search by ID number, the status write with its idempotency key, bad input, pagination."""

import datetime
import json

from django.utils import timezone

from homeward.api.models import IdempotencyRecord, Scope
from homeward.audit.models import AuditEvent
from homeward.crypto import mask
from homeward.workers.models import StatusEvent, Worker
from tests.factories import make_worker

A_VILLAGE = "321302001001"
B_VILLAGE = "321311001001"


def _post(client, path, body, headers, key="k-1"):
    extra = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(path, json.dumps(body), content_type="application/json", **headers, **extra)


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_it_lists_only_the_workers_of_the_clients_area(client, county_a):
    own = make_worker(A_VILLAGE, sequence=1)
    make_worker(B_VILLAGE, sequence=2)
    _api, headers = county_a
    page = client.get("/api/v1/workers", **headers).json()
    assert page["count"] == 1 and [w["id"] for w in page["results"]] == [own.pk]


def test_it_answers_404_for_a_worker_of_county_b(client, county_a):
    other = make_worker(B_VILLAGE, sequence=2)
    _api, headers = county_a
    response = client.get(f"/api/v1/workers/{other.pk}", **headers)
    assert response.status_code == 404 and _chinese(response.json()["message"])
    response = _post(
        client,
        f"/api/v1/workers/{other.pk}/status",
        {"status": "unemployed", "occurred_on": "2026-01-05"},
        headers,
    )
    assert response.status_code == 404
    assert not StatusEvent.objects.filter(worker=other, status="unemployed").exists()
    assert not IdempotencyRecord.objects.exists()


def test_numbers_are_masked_without_full_id(client, county_a):
    worker = make_worker(A_VILLAGE, phone="13912345678")
    _api, headers = county_a
    body = client.get(f"/api/v1/workers/{worker.pk}", **headers).json()
    assert body["id_number"] == mask("id_number", worker.id_number) != worker.id_number
    assert body["phone"] == "139****5678"
    response = client.get(f"/api/v1/workers/{worker.pk}?full_id=true", **headers)
    assert response.status_code == 403 and response.json()["code"] == "scope_missing"
    assert worker.id_number not in response.content.decode()


def test_full_id_with_its_scope_is_shown_and_audited(client, make_api_client):
    worker = make_worker(A_VILLAGE, phone="13912345678")
    api_client, headers = make_api_client(scopes=[Scope.WORKERS_READ, Scope.WORKERS_FULL_ID])
    plain = client.get(f"/api/v1/workers/{worker.pk}", **headers).json()
    assert plain["id_number"] != worker.id_number  # asked for explicitly, not by default
    assert not AuditEvent.objects.filter(action="api.worker.full_id_viewed").exists()
    body = client.get(f"/api/v1/workers/{worker.pk}?full_id=true", **headers).json()
    assert body["id_number"] == worker.id_number and body["phone"] == "13912345678"
    seen = AuditEvent.objects.get(action="api.worker.full_id_viewed")
    assert seen.object_id == str(worker.pk) and seen.detail["api_client"] == api_client.pk
    client.get("/api/v1/workers?full_id=true", **headers)
    assert AuditEvent.objects.filter(action="api.worker.full_id_viewed").count() == 2


def test_search_finds_by_id_number_through_its_hash(client, county_a):
    worker = make_worker(A_VILLAGE, sequence=3)
    other = make_worker(B_VILLAGE, sequence=4)
    _api, headers = county_a
    spaced = f"{worker.id_number[:6]} {worker.id_number[6:14]} {worker.id_number[14:]}"
    found = _post(client, "/api/v1/workers/search", {"id_number": spaced}, headers, key=None)
    assert [w["id"] for w in found.json()["results"]] == [worker.pk]
    outside = _post(
        client, "/api/v1/workers/search", {"id_number": other.id_number}, headers, key=None
    )
    assert outside.status_code == 200 and outside.json()["count"] == 0


def test_a_bad_id_number_answers_422_in_chinese_naming_the_field(client, county_a):
    _api, headers = county_a
    response = _post(
        client, "/api/v1/workers/search", {"id_number": "430381199001011235"}, headers, key=None
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and "id_number" in body["message"]
    assert _chinese(body["message"])


def test_a_missing_scope_answers_403_and_writes_nothing(client, make_api_client):
    worker = make_worker(A_VILLAGE)
    events = StatusEvent.objects.count()
    api_client, headers = make_api_client(scopes=[Scope.POSTINGS_READ])
    assert client.get("/api/v1/workers", **headers).status_code == 403
    response = _post(
        client,
        f"/api/v1/workers/{worker.pk}/status",
        {"status": "unemployed", "occurred_on": "2026-01-05"},
        headers,
    )
    assert response.status_code == 403 and _chinese(response.json()["message"])
    assert StatusEvent.objects.count() == events and not IdempotencyRecord.objects.exists()
    worker.refresh_from_db()
    assert worker.status == ""
    refused = AuditEvent.objects.filter(action="api.request.refused", result="refused")
    assert refused.count() == 2 and refused.first().object_id == str(api_client.pk)


def test_status_write_records_an_event_and_replays_under_the_same_key(client, county_a):
    worker = make_worker(A_VILLAGE)
    _api, headers = county_a
    body = {"status": "local_employed", "occurred_on": "2026-01-05", "work_scope": "in_town"}
    first = _post(client, f"/api/v1/workers/{worker.pk}/status", body, headers)
    assert first.status_code == 200 and first.json()["changed"] is True
    worker.refresh_from_db()
    assert worker.status == "local_employed"
    assert worker.status_since == datetime.date(2026, 1, 5)
    assert StatusEvent.objects.get(worker=worker).source == "api"
    again = _post(client, f"/api/v1/workers/{worker.pk}/status", body, headers)
    assert again.status_code == 200 and again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert StatusEvent.objects.filter(worker=worker).count() == 1
    assert AuditEvent.objects.filter(action="workers.worker.updated", object_id=str(worker.pk))


def test_another_body_under_the_same_key_answers_409(client, county_a):
    worker = make_worker(A_VILLAGE)
    _api, headers = county_a
    path = f"/api/v1/workers/{worker.pk}/status"
    _post(client, path, {"status": "local_employed", "occurred_on": "2026-01-05"}, headers)
    response = _post(client, path, {"status": "unemployed", "occurred_on": "2026-01-05"}, headers)
    assert response.status_code == 409 and response.json()["code"] == "idempotency_conflict"
    assert _chinese(response.json()["message"])
    worker.refresh_from_db()
    assert worker.status == "local_employed"


def test_a_write_without_idempotency_key_is_refused(client, county_a):
    worker = make_worker(A_VILLAGE)
    _api, headers = county_a
    response = _post(
        client,
        f"/api/v1/workers/{worker.pk}/status",
        {"status": "unemployed", "occurred_on": "2026-01-05"},
        headers,
        key=None,
    )
    assert response.status_code == 422 and "Idempotency-Key" in response.json()["message"]
    assert not StatusEvent.objects.filter(worker=worker).exists()


def test_bad_status_input_answers_422_and_writes_nothing(client, county_a):
    worker = make_worker(A_VILLAGE)
    _api, headers = county_a
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    for body, field in (
        ({"status": "rich", "occurred_on": "2026-01-05"}, "status"),
        ({"status": "unemployed", "occurred_on": tomorrow}, "occurred_on"),
        ({"status": "unemployed"}, "occurred_on"),
        (
            {"status": "unemployed", "occurred_on": "2026-01-05", "work_place": "x" * 201},
            "work_place",
        ),
    ):
        response = _post(client, f"/api/v1/workers/{worker.pk}/status", body, headers)
        assert response.status_code == 422, body
        assert field in response.json()["message"] and _chinese(response.json()["message"])
    assert not StatusEvent.objects.filter(worker=worker).exists()
    assert not IdempotencyRecord.objects.exists()


def test_extra_fields_change_nothing(client, county_a):
    worker = make_worker(A_VILLAGE)
    _api, headers = county_a
    body = {"status": "unemployed", "occurred_on": "2026-01-05", "region": "321311001001"}
    body |= {"name": "改名", "is_staff": True}
    assert _post(client, f"/api/v1/workers/{worker.pk}/status", body, headers).status_code == 200
    worker = Worker.objects.get(pk=worker.pk)
    assert worker.region_id == A_VILLAGE and worker.name != "改名"


def test_pagination_has_bounds(client, county_a):
    for n in range(3):
        make_worker(A_VILLAGE, sequence=n + 1)
    _api, headers = county_a
    page = client.get("/api/v1/workers?limit=2&offset=1", **headers).json()
    assert (page["count"], page["limit"], page["offset"], len(page["results"])) == (3, 2, 1, 2)
    assert len(client.get("/api/v1/workers?offset=5", **headers).json()["results"]) == 0
    for query in ("limit=0", "limit=101", "offset=-1", "limit=abc", "offset=1000001"):
        response = client.get(f"/api/v1/workers?{query}", **headers)
        assert response.status_code == 422, query
        assert _chinese(response.json()["message"])
