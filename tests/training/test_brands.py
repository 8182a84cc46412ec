"""Labour brands: members are the people trained or certified under the brand; its page shows
their hires and wages, and its public page the open jobs of its occupations in its area."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from homeward.placements import services as placements
from homeward.training import brands
from homeward.training.models import Brand, Enrolment
from tests.factories import VILLAGE, make_employer, make_posting, make_published, make_worker

from .helpers import completed, enrolled, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def brand(db):
    brand = Brand(name="甜嫂", region_id="321302", occupations="cook,kitchen_helper")
    brand.save()
    return brand


def test_members_are_those_trained_under_the_brand(brand, county_staff):
    course = make_course(occupation="cook", title="甜嫂厨艺班", brand=brand)
    done = make_worker(VILLAGE, sequence=1, name="结业者", monthly_income=Decimal("5000"))
    completed(course, done, county_staff)
    enrolled(course, make_worker(VILLAGE, sequence=2, name="在读者"), county_staff)
    assert brands.member_ids(brand) == {done.pk}
    assert Enrolment.objects.count() == 2


def test_the_staff_page_shows_members_hires_and_wages(client, brand, county_staff):
    course = make_course(occupation="cook", brand=brand)
    member = make_worker(VILLAGE, sequence=1, name="王甜", monthly_income=Decimal("5200"))
    completed(course, member, county_staff)
    posting = make_published(title="厨师", occupation="厨师")
    application, _ = placements.apply(member, posting, source="staff", by="staff")
    placements.hire(application, hired_on=timezone.localdate(), contract_months=12, by="staff")
    client.force_login(county_staff)
    page = client.get(reverse("training:brand", args=[brand.pk])).content.decode()
    assert "王甜" in page and "5200.00" in page and posting.employer.name in page


def test_the_public_page_lists_jobs_of_its_occupations_in_its_area(client, brand):
    cook = make_published(title="中餐厨师", occupation="厨师")
    make_published(title="电焊工", occupation="电焊工")
    elsewhere = make_posting(make_employer("321311001"), title="厨师长", occupation="厨师")
    elsewhere.status = "published"
    elsewhere.save()
    page = client.get(reverse("portal:brand", args=[brand.pk])).content.decode()
    assert "中餐厨师" in page and "电焊工" not in page and "厨师长" not in page
    assert [p.pk for p in brands.jobs(brand)] == [cook.pk]


def test_another_countys_brand_is_out_of_reach_for_staff(client, brand, outsider):
    client.force_login(outsider)
    assert client.get(reverse("training:brand", args=[brand.pk])).status_code == 404
    assert "甜嫂" not in client.get(reverse("training:brands")).content.decode()


def test_a_brand_is_created_with_its_occupations(client, county_staff):
    client.force_login(county_staff)
    response = client.post(
        reverse("training:brand-create"),
        {
            "name": "青石雕刻工",
            "region": "321302",
            "occupation_list": ["other"],
            "recognition": "provincial",
            "trademark_number": "第12345678号",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    brand = Brand.objects.get()
    assert brand.occupation_codes == ["other"] and brand.recognition == "provincial"
