"""The venture staff pages: registering through the page, the figures each opening its list,
the venture's page with its jobs and support, park and showcase pages; another area's venture
answers 404 on every page, a leader's writes are refused (403), invalid forms answer 200."""

from datetime import date

import pytest
from django.urls import reverse

from homeward.ventures import services
from homeward.ventures.models import Park, Venture
from tests.factories import TOWN, make_hire, make_posting, make_worker
from tests.ventures.helpers import credit_code, make_founder, make_venture


@pytest.fixture
def founder(db):
    return make_founder()


@pytest.fixture
def venture(founder, town_staff):
    return make_venture(founder, town_staff)


def test_registering_through_the_page(client, town_staff, founder):
    client.force_login(town_staff)
    data = {
        "person": founder.id_number, "name": "凤凰小工厂", "kind": "factory",
        "credit_code": credit_code(), "industry": "C", "region": TOWN, "started_on": "2025-03-01",
    }  # fmt: skip
    response = client.post(reverse("ventures:create"), data)
    venture = Venture.objects.get()
    assert response.status_code == 302 and venture.founder == founder
    bad = client.post(reverse("ventures:create"), {**data, "credit_code": "123"})
    assert bad.status_code == 200 and Venture.objects.count() == 1


def test_the_figures_open_their_lists(client, town_staff, venture):
    hired = make_worker(TOWN + "001", sequence=31, name="王小工", low_income="low_income")
    make_hire(hired, make_posting(venture.employer), hired_on=date(2025, 6, 1))
    client.force_login(town_staff)
    page = client.get(reverse("ventures:list"))
    figures = {f.key: f for f in page.context["figures"]}
    assert figures["ventures"].value == 1 and figures["jobs"].value == 1
    assert figures["low_income"].value == 1
    rows = client.get(figures["low_income"].url)
    assert [job.worker for _v, job in rows.context["rows"]] == [hired]
    assert "王*" in rows.content.decode()


def test_the_ventures_page_shows_jobs_and_support(client, town_staff, venture):
    services.record_support(venture, kind="guidance", on=date(2025, 4, 1), note="开业指导",
                            by=town_staff)  # fmt: skip
    client.force_login(town_staff)
    page = client.get(reverse("ventures:detail", args=[venture.pk])).content.decode()
    assert venture.name in page and "开业指导" in page and venture.employer.uscc in page


def test_an_employee_recorded_on_the_page(client, town_staff, venture):
    person = make_worker(TOWN + "001", sequence=32)
    client.force_login(town_staff)
    url = reverse("ventures:employee", args=[venture.pk])
    response = client.post(url, {"person": person.id_number, "started_on": "2025-04-01"})
    assert response.status_code == 302 and len(services.jobs_of(venture)) == 1
    again = client.post(url, {"person": person.id_number, "started_on": "2025-04-01"})
    assert again.status_code == 200 and "已记录" in again.content.decode()


def test_another_areas_venture_answers_404(client, outsider, venture):
    client.force_login(outsider)
    assert client.get(reverse("ventures:detail", args=[venture.pk])).status_code == 404
    for name in ("ventures:employee", "ventures:support", "ventures:park-move"):
        assert client.post(reverse(name, args=[venture.pk]), {}).status_code == 404
    assert client.get(reverse("ventures:list")).context["ventures"] == []


def test_a_leader_reads_but_may_not_write(client, leader, venture):
    client.force_login(leader)
    assert client.get(reverse("ventures:detail", args=[venture.pk])).status_code == 200
    response = client.post(reverse("ventures:support", args=[venture.pk]),
                           {"kind": "guidance", "on": "2025-04-01"})  # fmt: skip
    assert response.status_code == 403 and not venture.support.exists()
    assert client.post(reverse("ventures:create"), {}).status_code == 403


def test_a_full_park_is_refused_on_the_page(client, town_staff, county_staff, venture):
    park = services.save_park(Park(name="园", kind="park", region_id="321302", capacity=1),
                              by=county_staff)  # fmt: skip
    other = make_venture(make_worker(TOWN + "001", sequence=33), town_staff, name="二")
    services.move_into_park(other, park, on=date(2025, 4, 1), by=town_staff)
    client.force_login(town_staff)
    response = client.post(reverse("ventures:park-move", args=[venture.pk]),
                           {"park": park.pk, "on": "2025-04-01"})  # fmt: skip
    assert response.status_code == 200 and "已满" in response.content.decode()
    client.force_login(county_staff)  # the county's park: its town staff do not open it
    page = client.get(reverse("ventures:park", args=[park.pk])).content.decode()
    assert "1 / 1" in page


def test_a_liaison_officer_recorded_on_the_page(client, town_staff):
    from homeward.ventures.models import Liaison

    client.force_login(town_staff)
    page = client.get(reverse("ventures:liaison-create"))
    assert page.status_code == 200
    assert town_staff in page.context["form"].fields["user"].queryset
    bad = client.post(reverse("ventures:liaison-create"), {"name": "王会计", "kind": "finance",
                                                            "phone": "123"})  # fmt: skip
    assert bad.status_code == 200 and bad.context["form"].errors["phone"]
    assert not Liaison._base_manager.exists()
    response = client.post(reverse("ventures:liaison-create"),
                           {"name": "王会计", "kind": "finance", "phone": "13912345678"})  # fmt: skip
    liaison = Liaison._base_manager.get()
    assert response.status_code == 302 and liaison.region_id == town_staff.region_id
