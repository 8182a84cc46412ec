"""Applications and placements through the API: read in the area, a hire through the
placements service, refused moves answering 409 with nothing written, replay by key."""

import json

from django.utils import timezone

from homeward.api.models import IdempotencyRecord, Scope
from homeward.placements.models import Application
from homeward.placements.services import apply
from homeward.workers.models import Worker
from tests.factories import make_employer, make_published, make_worker


def _applied(village: str, sequence: int = 1) -> Application:
    worker = make_worker(village, sequence=sequence)
    posting = make_published(make_employer(village[:9]))
    return apply(worker, posting)[0]


def _hire(client, headers, application_id, key="hire-1", **fields):
    body = {"application": application_id, "hired_on": timezone.localdate().isoformat()}
    body["contract_months"] = fields.get("contract_months", 12)
    return client.post(
        "/api/v1/placements",
        json.dumps(body),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
        **headers,
    )


def test_it_reads_the_areas_applications_only(client, county_a):
    own = _applied("321302001001", 1)
    other = _applied("321311001001", 2)
    _api, headers = county_a
    listed = client.get("/api/v1/applications", **headers).json()
    assert [a["id"] for a in listed["results"]] == [own.pk]
    assert client.get(f"/api/v1/applications/{own.pk}", **headers).status_code == 200
    assert client.get(f"/api/v1/applications/{other.pk}", **headers).status_code == 404


def test_a_hire_goes_through_the_service_and_replays(client, county_a):
    application = _applied("321302001001")
    _api, headers = county_a
    response = _hire(client, headers, application.pk)
    assert response.status_code == 201 and response.json()["status"] == "hired"
    application.refresh_from_db()
    assert application.status == "hired" and application.contract_months == 12
    worker = Worker.objects.get(pk=application.worker_id)
    assert worker.status in {"local_employed", "out_migrant"}  # the service's status event
    assert application.events.filter(status="hired", by="api:省平台").count() == 1
    again = _hire(client, headers, application.pk)
    assert again.status_code == 201 and again.json() == response.json()
    assert again["Idempotent-Replayed"] == "true"
    placements = client.get("/api/v1/placements", **headers).json()
    assert [p["id"] for p in placements["results"]] == [application.pk]


def test_a_refused_hire_answers_409_and_keeps_no_key(client, county_a):
    application = _applied("321302001001")
    _api, headers = county_a
    assert _hire(client, headers, application.pk, key="first").status_code == 201
    response = _hire(client, headers, application.pk, key="second")
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["first"]


def test_a_hire_in_county_b_or_without_the_scope_is_refused(client, make_api_client):
    other = _applied("321311001001")
    _api, headers = make_api_client(scopes=[Scope.PLACEMENTS_WRITE])
    assert _hire(client, headers, other.pk).status_code == 404
    _api, reader = make_api_client(scopes=[Scope.PLACEMENTS_READ], title="只读")
    own = _applied("321302001001", 2)
    assert _hire(client, reader, own.pk).status_code == 403
    assert not Application.objects.filter(status="hired").exists()
    assert not IdempotencyRecord.objects.exists()


def test_a_contract_out_of_bounds_answers_422(client, county_a):
    application = _applied("321302001001")
    _api, headers = county_a
    response = _hire(client, headers, application.pk, contract_months=121)
    assert response.status_code == 422 and "contract_months" in response.json()["message"]
    application.refresh_from_db()
    assert application.status == "applied"
