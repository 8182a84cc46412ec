"""Session setup (the region map, no area, a fast hasher, the audit triggers) and the shared cast.

The cast (STYLE.md, Tests): the areas of the test map and the people in them, each a fixture
built on tests/factories.py when a test asks for it. County B is the outsider: a sibling of
county A, where the cast's town, village, worker and employer are.

    city (宿迁市 3213) ─┬─ county_a (宿城区 321302) ─ town (幸福街道) ─ village (凤凰居委会)
                        └─ county_b (宿豫区 321311)
    city_staff · county_staff · outsider (county B staff) · town_staff · village_staff
    leader (county A, read-only) · worker (张三, of the village, phone WORKER_PHONE)
    employer (幸福电子厂, in the town)
"""

import pytest
from django.db import connection

from homeward.accounts.models import Role
from homeward.audit import triggers
from homeward.regions.models import Region
from homeward.scoping import unscoped
from homeward.wages import triggers as wage_triggers
from tests.databases import capture_migrated, fast_postgres_flush
from tests.factories import (
    CITY,
    COUNTY,
    COUNTY_B,
    TOWN,
    VILLAGE,
    WORKER_PHONE,
    load_test_regions,
    make_employer,
    make_staff,
    make_worker,
)

# The slowest tests (`uv run pytest --durations=30`), marked `slow` here in one place rather than
# in files other people are editing: `-m "not slow"` gives a quick loop; CI and a bare
# `uv run pytest` still run them. Whole files or single tests; tests/test_cast.py keeps the list
# true to the tree. Tests can also carry @pytest.mark.slow themselves.
SLOW = (
    "tests/browser",  # Chromium, and a flushed database to reload after each
    "tests/campaigns/test_kill.py",
    "tests/workers/test_import_kill.py",
    "tests/matching/test_bench.py",
    "tests/matching/test_engine.py::test_block_size_and_threads_do_not_change_results",
    "tests/matching/test_engine.py::test_one_new_worker",
    "tests/regions/test_loading.py::test_villages_load_for_an_area_on_request_and_only_once",
    "tests/operations/test_demo.py::test_demo_command_fills_small_once_and_keeps_its_accounts",
    "tests/operations/test_serve.py",  # real servers started and stopped
    "tests/workers/test_synthetic.py::test_bench_lists_and_runs_the_registry_benchmark",
    "tests/test_masking_on_pages.py::test_no_page_shows_a_full_phone_number",
    # fairs: its slow tests, below this line
    # surveys: its slow tests, below this line
    # followups: its slow tests, below this line
    # subsidies: its slow tests, below this line
    "tests/subsidies/test_concurrency.py::test_eight_threads_a_hundred_runs",
    "tests/subsidies/test_batch_kill.py",
    # training: its slow tests, below this line
    # wages: its slow tests, below this line
    # disputes: its slow tests, below this line
    # ambassadors: its slow tests, below this line
    # trips: its slow tests, below this line
    # teams: its slow tests, below this line
    # agencies: its slow tests, below this line
    # ventures: its slow tests, below this line
    # loans: its slow tests, below this line
    "tests/loans/test_overdue.py",
    # stations: its slow tests, below this line
    # stats: its slow tests, below this line
    # reports: its slow tests, below this line
    # api: its slow tests, below this line
    "tests/api/test_schemathesis.py",  # S19: generated requests for every operation
    # welfare: its slow tests, below this line
    # cooperatives: its slow tests, below this line
    # targets: its slow tests, below this line
    "tests/targets/test_demo.py",  # a year of weekly counts of every target
)


def is_slow(nodeid: str) -> bool:
    return any(nodeid == s or nodeid.startswith((s + "/", s + "::", s + "[")) for s in SLOW)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if is_slow(item.nodeid):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """The test map of regions, loaded once for the session — after a copy of the migrated,
    empty database is kept for the subprocesses that need one (tests/databases.py)."""
    with django_db_blocker.unblock(), unscoped():
        capture_migrated(tmp_path_factory.mktemp("migrated"))
        load_test_regions()
    fast_postgres_flush()


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
def _job_files(settings, tmp_path_factory):
    """Background jobs' result files in a folder of the test's own, not under var/."""
    settings.HOMEWARD_JOB_FILES_DIR = tmp_path_factory.mktemp("background")


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
    wage_triggers.install(connection)  # the payroll ledger's, the same way
    yield
    if transactional and connection.vendor == "sqlite":
        triggers.drop(connection)
        wage_triggers.drop(connection)


# The cast ------------------------------------------------------------------------------------


@pytest.fixture
def city(db):
    return Region.tree.get(code=CITY)


@pytest.fixture
def county_a(db):
    return Region.tree.get(code=COUNTY)


@pytest.fixture
def county_b(db):
    return Region.tree.get(code=COUNTY_B)


@pytest.fixture
def town(db):
    return Region.tree.get(code=TOWN)


@pytest.fixture
def village(db):
    return Region.tree.get(code=VILLAGE)


@pytest.fixture
def city_staff(db):
    return make_staff(CITY, username="city-staff")


@pytest.fixture
def county_staff(db):
    return make_staff(COUNTY, username="county-staff")


@pytest.fixture
def outsider(db):
    """Staff of county B: everything of county A is out of their area (404)."""
    return make_staff(COUNTY_B, username="county-b-staff")


@pytest.fixture
def town_staff(db):
    return make_staff(TOWN, username="town-staff")


@pytest.fixture
def village_staff(db):
    return make_staff(VILLAGE, username="village-staff")


@pytest.fixture
def leader(db):
    """A county A leader: reads everything of the county, every write refused (403)."""
    return make_staff(COUNTY, role=Role.LEADER, username="county-leader")


@pytest.fixture
def worker(db):
    return make_worker(VILLAGE, sequence=3, name="张三", phone=WORKER_PHONE)


@pytest.fixture
def employer(db):
    return make_employer(TOWN, name="幸福电子厂")
