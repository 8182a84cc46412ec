"""The demo's API client: made once for the demo city, its token given only then."""

from homeward.api.demo_data import DEMO_CITY, fill_api
from homeward.api.models import ApiClient, Scope, token_hash


def test_the_demo_client_is_made_once(db):
    token = fill_api(("3213", "5110"))
    client = ApiClient.objects.get()
    assert client.region_id == DEMO_CITY and client.token_hash == token_hash(token)
    assert Scope.WORKERS_FULL_ID not in client.scope_set
    assert fill_api(("3213",)) is None and ApiClient.objects.count() == 1
    assert fill_api(("5110",)) is None
