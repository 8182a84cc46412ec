import pytest
from django.db import connection

from homeward.audit import triggers
from homeward.regions.models import Region
from homeward.scoping import unscoped
from tests.factories import load_test_regions


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test map of regions, loaded once for the session."""
    with django_db_blocker.unblock(), unscoped():
        load_test_regions()


@pytest.fixture(autouse=True)
def _unscoped():
    """Tests set up data across areas; requests still get their user's area from middleware."""
    with unscoped():
        yield


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.HOMEWARD_SERVICE_AREA = "3213"  # the test map's city: its outbox gets stray codes


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """Each test an empty cache of its own: cache keys hold times, which frozen clocks repeat."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _audit_triggers(request):
    """Keep the append-only triggers in place, except while a transactional test is flushed.

    Transactional tests (browser tests, live servers) end by deleting every row, which the
    SQLite triggers rightly refuse for young audit rows; so they are dropped just for that flush
    and put back before the next test. PostgreSQL flushes with TRUNCATE, which row triggers let by.
    """
    transactional = "transactional_db" in request.fixturenames or "live_server" in (
        request.fixturenames
    )
    if "db" not in request.fixturenames and not transactional:
        yield
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    if transactional:
        with unscoped():
            if not Region.tree.exists():
                load_test_regions()  # an earlier transactional test flushed them
    triggers.install(connection)
    yield
    if transactional and connection.vendor == "sqlite":
        triggers.drop(connection)
