"""The welfare cast: a cleaning post of the cast's village with one place left of two, an
eligible man of 56 and a woman of 47 of the village, a young man who is not in the target group,
and the steps' staff (village, town, county of county A; county B the outsider)."""

import datetime

import pytest

from homeward.welfare import services
from homeward.welfare.models import Post
from tests.factories import VILLAGE, make_worker

CARD = "6222021234567890128"
THURSDAY = datetime.date(2026, 3, 5)


@pytest.fixture
def post(village):
    post = Post(title="凤凰村保洁员", kind="cleaning", region=village, headcount=2,
                monthly_stipend="1500.00", term_months=12)  # fmt: skip
    post.save()
    return post


@pytest.fixture
def older_man(db):
    return make_worker(VILLAGE, sequence=11, name="李大山", birth_date=datetime.date(1970, 5, 1))


@pytest.fixture
def older_woman(db):
    return make_worker(
        VILLAGE, sequence=12, name="王秀英", birth_date=datetime.date(1979, 1, 2), male=False
    )


@pytest.fixture
def young_man(db):
    return make_worker(VILLAGE, sequence=13, name="赵小兵", birth_date=datetime.date(1996, 1, 2))


def applied(post, person, village_staff, *, today=THURSDAY):
    return services.apply_for_post(
        post, person, bank_name="中国农业银行", bank_account=CARD, by=village_staff, today=today
    )


def on_notice(post, person, village_staff, town_staff, county_staff, *, today=THURSDAY):
    application = applied(post, person, village_staff, today=today)
    services.review_application(application, passed=True, by=town_staff)
    return services.approve_application(application, passed=True, by=county_staff, today=today)


def appointed(post, person, village_staff, town_staff, county_staff, *, today=THURSDAY):
    application = on_notice(post, person, village_staff, town_staff, county_staff, today=today)
    later = application.notice_ends_on + datetime.timedelta(days=1)
    return services.start_appointment(application, by=county_staff, today=later)


@pytest.fixture
def appointment(post, older_man, village_staff, town_staff, county_staff):
    return appointed(post, older_man, village_staff, town_staff, county_staff)
