"""The demo's public-welfare posts: filled once through the services, with a paid batch and a
ghost post for the exit checks."""

import datetime

from homeward.accounts.models import Role
from homeward.scoping import area_scope
from homeward.subsidies.models import Entitlement
from homeward.welfare.checks import exit_checks
from homeward.welfare.demo_data import fill_welfare
from homeward.welfare.models import Appointment, Post
from tests.factories import VILLAGE, make_staff, make_worker


def test_the_demo_fills_posts_holders_a_paid_batch_and_a_ghost_post(db):
    make_staff(VILLAGE, role=Role.STAFF, username="demo-village")
    for n in range(3):
        make_worker(VILLAGE, sequence=60 + n, birth_date=datetime.date(1968, 1, 1 + n))
    made = fill_welfare(["3213"])
    assert made["posts"] == 2 and made["holders"] == 3 and made["paid"] == 2
    assert Appointment.objects.filter(status="active").count() == 3
    assert Entitlement.objects.filter(status="paid").count() == 2
    with area_scope("321302"):
        assert [f.kind for f in exit_checks()] == ["ghost"]
    assert fill_welfare(["3213"])["posts"] == 0
    assert Post.objects.count() == 2
