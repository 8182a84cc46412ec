"""The open API's test clients: a partner system of an area with scopes, and its token."""

import pytest

from homeward.api.models import Scope
from homeward.api.services import create_client

ALL_SCOPES = list(Scope.values)


@pytest.fixture
def make_api_client(db):
    def make(area: str = "321302", scopes=ALL_SCOPES, *, rate_limit: int = 1000, title="省平台"):
        client, token = create_client(
            title=title, region_id=area, scopes=list(scopes), rate_limit=rate_limit
        )
        return client, {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    return make


@pytest.fixture
def county_a(make_api_client):
    """A client of county A (321302) with every scope but the full ID."""
    return make_api_client("321302", [s for s in ALL_SCOPES if s != Scope.WORKERS_FULL_ID])
