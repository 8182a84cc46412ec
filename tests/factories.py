"""Plain factories for tests, and the fixed map of areas the suite uses."""

from homeward.accounts.models import Role, User
from homeward.regions.loader import load_regions
from homeward.regions.models import Region

# The test map: every province, city and county; towns and villages of these counties only.
TEST_COUNTIES = ("321302", "321311", "320102", "511002", "430381")

CITY = "3213"  # 宿迁市
COUNTY = "321302"  # 宿城区 (county A)
COUNTY_B = "321311"  # 宿豫区: the sibling county, the outsider of the cast
TOWN = "321302001"  # 幸福街道
VILLAGE = "321302001001"  # 凤凰居委会

WORKER_PHONE = "13912345678"  # the cast's worker (tests/conftest.py)

# For each level: (own, sibling, parent) area codes for the scoping matrix.
AREAS = {
    "village": (VILLAGE, "321302001002", TOWN),
    "town": (TOWN, "321302002", COUNTY),
    "county": (COUNTY, "321311", CITY),
    "city": (CITY, "5110", "32"),
}

PASSWORD = "Test-Passw0rd!"


_TEST_MAP: list[dict] = []  # the map's rows, parents first, once read from the national files


def load_test_regions():
    """The test map: read from the national files (unpacking every village of the country) the
    first time, written back from a copy after a transactional test has flushed it."""
    from django.db.models.functions import Length

    if _TEST_MAP:
        Region.tree.bulk_create([Region(**row) for row in _TEST_MAP], batch_size=2000)
        return
    load_regions(village_areas=TEST_COUNTIES, town_areas=TEST_COUNTIES)
    fields = [f.attname for f in Region._meta.concrete_fields]
    _TEST_MAP[:] = list(Region.tree.order_by(Length("code"), "code").values(*fields))


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


_employer_seq = iter(range(1, 10**8))


def make_employer(region_code: str, **fields):
    """An employer at `region_code` (any level, for the scoping matrix) with a valid credit code."""
    from homeward.codes import uscc
    from homeward.employers.models import Employer, Industry

    n = next(_employer_seq)
    fields.setdefault("name", f"宿迁测试制造有限公司{n}")
    fields.setdefault("uscc", uscc.make(f"{region_code[:6]:0<6}", 3_000_000 + n))
    fields.setdefault("industry", Industry.MANUFACTURING)
    fields.setdefault("contact_person", "王经理")
    fields.setdefault("contact_phone", f"139{n % 10**8:08d}")
    employer = Employer(region_id=region_code, **fields)
    employer.save()
    return employer


def make_posting(employer, region_code: str | None = None, **fields):
    """A draft posting of `employer`, at its place unless `region_code` says otherwise."""
    from decimal import Decimal

    from homeward.jobs.models import Posting

    fields.setdefault("title", "电焊工")
    fields.setdefault("occupation", "电焊工")
    fields.setdefault("headcount", 5)
    fields.setdefault("wage_min", Decimal("4000"))
    fields.setdefault("wage_max", Decimal("6000"))
    posting = Posting(employer=employer, region_id=region_code or employer.region_id, **fields)
    posting.save()
    return posting


def make_published(employer=None, region_code: str | None = None, **fields):
    """A published posting (of `employer`, or of a new employer in town 321302001), as every
    test of what workers see needs one."""
    import datetime

    posting = make_posting(employer or make_employer("321302001"), region_code, **fields)
    posting.status = "published"
    posting.published_at = datetime.datetime.now(datetime.UTC)
    posting.save()
    return posting


# How the admin scoping matrix makes a record of a model at an area code (by model label).
RECORD_MAKERS = {
    "employers.Employer": lambda area: make_employer(area),
    "jobs.Posting": lambda area: make_posting(make_employer(area)),
    "content.Article": lambda area: _make_article(area),
    "accounts.PersonalDataGrant": lambda area: _make_grant(area),
    "background.BackgroundJob": lambda area: _make_job(area),
    # fairs: its admin models with a region, below this line
    # surveys: its admin models with a region, below this line
    "surveys.SurveyCampaign": lambda area: make_survey(area),
    # followups: its admin models with a region, below this line
    # subsidies: its admin models with a region, below this line
    # training: its admin models with a region, below this line
    # wages: its admin models with a region, below this line
    # disputes: its admin models with a region, below this line
    "disputes.Commission": lambda area: _make_commission(area),
    "disputes.Arbitrator": lambda area: _make_arbitrator(area),
    # ambassadors: its admin models with a region, below this line
    # trips: its admin models with a region, below this line
    # teams: its admin models with a region, below this line
    # agencies: its admin models with a region, below this line
    # ventures: its admin models with a region, below this line
    # loans: its admin models with a region, below this line
    # stations: its admin models with a region, below this line
    # stats: its admin models with a region, below this line
    # reports: its admin models with a region, below this line
    # api: its admin models with a region, below this line
    "api.ApiClient": lambda area: __import__(
        "homeward.api.services", fromlist=["create_client"]
    ).create_client(title=f"接口{area}", region_id=area, scopes=["stats:read"])[0],
    # welfare: its admin models with a region, below this line
    # cooperatives: its admin models with a region, below this line
    # targets: its admin models with a region, below this line
}


def _make_grant(area: str):
    """A pending personal-data permission request for a user of `area`."""
    from homeward.accounts.models import PersonalDataGrant

    user = make_staff(area, username=f"grantee-{area}")
    return PersonalDataGrant.objects.create(
        user=user, region_id=area, reason="核对台账", requested_by=user
    )


def _make_job(area: str):
    from homeward.background.models import BackgroundJob

    return BackgroundJob.objects.create(kind="workers.export", region_code=area, title="导出台账")


def _make_article(area: str):
    from homeward.content.models import Article

    return Article.objects.create(region_id=area, kind="policy", title="补贴政策", body="正文")


def _make_commission(area: str):
    from homeward.disputes.models import Commission

    return Commission.objects.create(title=f"仲裁委{area}", region_id=area, prefix="测劳人仲案字")


def _make_arbitrator(area: str):
    from homeward.disputes.models import Arbitrator

    return Arbitrator.objects.create(commission=_make_commission(area), name="李仲裁")


def make_survey(region_code: str, **fields):
    """A door-to-door survey of `region_code`, open from 30 days ago to 30 days ahead."""
    import datetime

    from django.utils import timezone

    from homeward.surveys.models import SurveyCampaign

    today = timezone.localdate()
    fields.setdefault("name", "2027 春节入户摸底")
    fields.setdefault("starts_on", today - datetime.timedelta(days=30))
    fields.setdefault("ends_on", today + datetime.timedelta(days=30))
    fields.setdefault("deadline", today + datetime.timedelta(days=20))
    fields.setdefault(
        "questions", "status,work,intention,training_wish,service_needs,returned_on,phone"
    )
    campaign = SurveyCampaign(region_id=region_code, **fields)
    campaign.save()
    return campaign


def make_hire(worker, posting=None, *, hired_on, contract_months=12, **fields):
    """A hired application of `worker`, written directly (the hire service's checks of today's
    window are not what these fixtures test); its follow-ups are scheduled by the caller."""
    from homeward.placements.models import Application
    from homeward.regions.codes import town_of

    posting = posting or make_posting(make_employer(town_of(worker.region_id)))
    application = Application(
        worker=worker,
        posting=posting,
        region_id=worker.region_id,
        source=fields.pop("source", "staff"),
        status="hired",
        hired_on=hired_on,
        contract_months=contract_months,
        **fields,
    )
    application.save()
    return application


def make_trip(region_code: str, *, kind: str = "home", days: int = 0, **fields):
    """A trip of `region_code` (its organising area) leaving `days` from today."""
    import datetime

    from django.utils import timezone

    from homeward.trips.models import Trip

    fields.setdefault("title", "苏州—宿迁接老乡专车")
    fields.setdefault("origin", "苏州")
    fields.setdefault("destination", "宿迁")
    fields.setdefault("seats", 50)
    trip = Trip(
        region_id=region_code,
        kind=kind,
        departs_on=timezone.localdate() + datetime.timedelta(days=days),
        **fields,
    )
    trip.save()
    return trip
