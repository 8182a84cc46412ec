"""Plain factories for tests, and the fixed map of areas the suite uses."""

from homeward.accounts.models import Role, User
from homeward.regions.loader import load_regions

# The test map: every province, city and county; towns and villages of these counties only.
TEST_COUNTIES = ("321302", "321311", "320102", "511002", "430381")

CITY = "3213"  # 宿迁市
COUNTY = "321302"  # 宿城区
TOWN = "321302001"  # 幸福街道
VILLAGE = "321302001001"  # 凤凰居委会

# For each level: (own, sibling, parent) area codes for the scoping matrix.
AREAS = {
    "village": (VILLAGE, "321302001002", TOWN),
    "town": (TOWN, "321302002", COUNTY),
    "county": (COUNTY, "321311", CITY),
    "city": (CITY, "5110", "32"),
}

PASSWORD = "Test-Passw0rd!"


def load_test_regions():
    return load_regions(village_areas=TEST_COUNTIES, town_areas=TEST_COUNTIES)


def make_staff(region: str | None, *, role: str = Role.STAFF, username: str | None = None, **extra):
    username = username or f"{role}-{region or 'national'}"
    user = User(username=username, region_id=region, role=role, **extra)
    user.set_password(extra.pop("password", PASSWORD))
    user.save()
    return user


def make_worker(region: str, *, sequence: int = 1, by=None, **fields):
    """A registered worker in village `region`, with a valid ID number born there."""
    import datetime

    from homeward.codes import idnumber
    from homeward.workers.services import register_worker

    birth = fields.pop("birth_date", datetime.date(1985, 3, 1 + sequence % 28))
    male = fields.pop("male", True)
    data = {
        "id_number": idnumber.make(region[:6], birth, sequence, male),
        "name": fields.pop("name", f"工人{sequence}"),
        "gender": "male" if male else "female",
        "birth_date": birth,
        "region_id": region,
        **fields,
    }
    worker, _ = register_worker(data, by=by)
    return worker
