"""The scoping matrix over the trips pages.

The matrix's parametrized tests (tests/test_scoping_matrix.py) collect REGIONAL when the module
is read, above the workstream blocks at its end, so the pages declared there under `# trips:`
are walked here with the same checks: own area 200, sibling and parent 404, anonymous to sign-in.
"""

import pytest
from django.urls import reverse

from tests.factories import AREAS, make_staff
from tests.test_scoping_matrix import AREA_FREE, POST_ONLY, REGIONAL

NAMES = sorted(name for name in REGIONAL if name.startswith("trips:"))
FREE = sorted(name for name in AREA_FREE if name.startswith("trips:"))


def test_the_trips_pages_are_in_the_matrix():
    assert len(NAMES) == 8 and set(FREE) == {"trips:list", "trips:create", "trips:area-figure"}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("level", sorted(AREAS))
def test_trip_pages_show_own_area_and_refuse_others(client, db, name, level):
    own, sibling, parent = AREAS[level]
    user = make_staff(own, username=f"staff-{level}", may_see_personal_data=True)
    client.force_login(user)
    send = client.post if name in POST_ONLY else client.get
    response = send(reverse(name, kwargs=REGIONAL[name](own, own)), follow=name in POST_ONLY)
    assert response.status_code == 200
    for other in (sibling, parent):
        response = send(reverse(name, kwargs=REGIONAL[name](other, own)))
        assert response.status_code == 404, f"{level} user reached {name} of {other}"


@pytest.mark.parametrize("name", NAMES + FREE)
def test_anonymous_visitors_are_sent_to_sign_in(client, db, name):
    kwargs = REGIONAL[name]("3213", "3213") if name in REGIONAL else {}
    send = client.post if name in POST_ONLY else client.get
    response = send(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", FREE)
def test_area_free_pages_answer_without_parameters(client, county_staff, name):
    client.force_login(county_staff)
    response = client.get(reverse(name), follow=True)
    assert response.status_code == 200
