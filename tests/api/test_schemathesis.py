"""S19: schemathesis generates requests for every operation of the served OpenAPI schema and
sends them with a valid token: no answer is a server error, every answer matches the schema,
and a refused request (any 4xx) writes nothing."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from homeward.api.models import IdempotencyRecord
from homeward.api.services import create_client
from homeward.jobs.models import Posting
from homeward.placements.models import Application, ApplicationEvent
from homeward.placements.services import apply
from homeward.workers.models import StatusEvent, Worker
from homeward.wsgi import application
from tests.factories import make_employer, make_published, make_worker

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
WRITTEN = (Worker, StatusEvent, Application, ApplicationEvent, Posting, IdempotencyRecord)


@pytest.fixture
def token(db):
    """A client of county A with every scope, and a few rows for the generated ids to hit."""
    worker = make_worker("321302001001", sequence=1)
    make_worker("321311001001", sequence=2)  # county B's
    apply(worker, make_published(make_employer("321302001")))
    _client, token = create_client(
        title="schemathesis", region_id="321302", scopes=["workers:read"], rate_limit=10_000
    )
    _client.scopes = ",".join(
        ["workers:read", "workers:write", "workers:full_id", "postings:read"]
        + ["placements:read", "placements:write", "stats:read"]
    )
    _client.save(update_fields=["scopes"])
    return token


@pytest.fixture
def in_one_transaction():
    """The WSGI calls run in the test's transaction: Django's own test client unhooks the
    connection closing at the end of each request the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _counts() -> tuple[int, ...]:
    return tuple(model._base_manager.count() for model in WRITTEN)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_generated_request_fails_or_half_writes(case, token, in_one_transaction):
    before = _counts()
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    case.validate_response(response, checks=CHECKS)
    if 400 <= response.status_code < 500:
        assert _counts() == before, f"{case.method} {case.formatted_path} wrote on a refusal"
