"""The demo's open-API client: a partner system of the demo city (宿迁, 3213) with every scope
but the full ID, made once through `create_client`; its token is returned (printed by
`homeward demo`) only the time it is made."""

from homeward.scoping import unscoped

from .models import ApiClient, Scope
from .services import create_client

DEMO_CITY = "3213"
DEMO_TITLE = "演示：省就业信息系统 V2.0"


def fill_api(areas) -> str | None:
    """The new demo client's token, or None when the city is not seeded or has its client."""
    if DEMO_CITY not in areas:
        return None
    with unscoped():
        if ApiClient._base_manager.filter(title=DEMO_TITLE, region_id=DEMO_CITY).exists():
            return None
        scopes = [s for s in Scope.values if s != Scope.WORKERS_FULL_ID]
        _client, token = create_client(title=DEMO_TITLE, region_id=DEMO_CITY, scopes=scopes)
    return token
