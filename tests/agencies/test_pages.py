"""The agencies' staff pages: register an agency (its credit code checked), its page with the
work it did, each figure opening its list; another county's agency answers 404; an expired
licence is flagged and offers no forms for new work."""

import datetime

from django.urls import reverse
from django.utils import timezone

from homeward.agencies import services
from homeward.agencies.models import Agency, Mandate
from homeward.codes import uscc
from homeward.placements.services import apply
from tests.agencies.factories import make_agency
from tests.factories import make_worker

TODAY = timezone.localdate()


def _form(county, **fields):
    data = {
        "name": "湘乡市众才人力资源有限公司",
        "uscc": uscc.make("430381", 12345),
        "licence_number": "湘人服证字〔2024〕第0001号",
        "licence_expires_on": (TODAY + datetime.timedelta(days=800)).isoformat(),
        "region": county.code,
        "address": "东山街道",
        "contact_person": "刘经理",
        "new_contact_phone": "13812345678",
    }
    return data | fields


def test_staff_register_an_agency(client, county_staff, county_a):
    client.force_login(county_staff)
    response = client.post(reverse("agencies:create"), _form(county_a))
    agency = Agency.objects.get()
    assert response["Location"] == reverse("agencies:detail", args=[agency.pk])
    assert agency.contact_phone == "13812345678" and agency.created_by == county_staff
    page = client.get(reverse("agencies:detail", args=[agency.pk])).content.decode()
    assert "138****5678" in page and "13812345678" not in page


def test_a_bad_credit_code_is_refused_by_name(client, county_staff, county_a):
    client.force_login(county_staff)
    code = uscc.make("430381", 12345)
    bad = code[:-1] + ("0" if code[-1] != "0" else "1")
    response = client.post(reverse("agencies:create"), _form(county_a, uscc=bad))
    assert response.status_code == 200 and not Agency.objects.exists()
    assert response.context["form"].errors["uscc"]


def test_an_agency_of_another_area_is_not_registered(client, county_staff, county_b):
    client.force_login(county_staff)
    response = client.post(reverse("agencies:create"), _form(county_b))
    assert response.status_code == 200 and not Agency.objects.exists()


def test_an_expired_licence_is_flagged_and_offers_no_new_work(client, county_staff, expired):
    client.force_login(county_staff)
    page = client.get(reverse("agencies:detail", args=[expired.pk])).content.decode()
    assert 'data-testid="licence-warning"' in page and 'data-testid="mandate-form"' not in page
    listing = client.get(reverse("agencies:list")).content.decode()
    assert 'data-testid="licence-expired"' in listing
    # Posted anyway: refused with the reason, nothing written.
    response = client.post(
        reverse("agencies:mandate-add", args=[expired.pk]),
        {"employer": "", "starts_on": TODAY.isoformat(), "ends_on": TODAY.isoformat()},
        follow=True,
    )
    assert response.status_code == 200 and not Mandate.objects.exists()


def test_an_expired_licence_refuses_a_mandate_posted(client, county_staff, expired, employer):
    client.force_login(county_staff)
    response = client.post(
        reverse("agencies:mandate-add", args=[expired.pk]),
        {
            "employer": employer.pk,
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY + datetime.timedelta(days=30)).isoformat(),
        },
        follow=True,
    )
    assert "许可证已于" in response.content.decode() and not Mandate.objects.exists()


def test_every_figure_opens_its_list(client, county_staff, agency, employer, posting):
    services.grant_mandate(
        agency, employer, starts_on=TODAY, ends_on=TODAY + datetime.timedelta(days=90), by=None
    )
    client.force_login(county_staff)
    response = client.post(
        reverse("agencies:posting-add", args=[agency.pk]), {"posting": posting.pk}, follow=True
    )
    assert "已登记为该机构代发布的岗位" in response.content.decode()
    application = apply(make_worker("321311001001", sequence=4, name="王小明"), posting)[0]
    detail = client.get(reverse("agencies:detail", args=[agency.pk])).content.decode()
    assert "王**" in detail and "王小明" not in detail  # a person of county B, masked
    client.post(
        reverse("agencies:placement-add", args=[agency.pk]), {"application": application.pk}
    )
    figures = client.get(reverse("agencies:detail", args=[agency.pk])).context["figures"]
    values = {f["key"]: f["value"] for f in figures}
    assert values == {"employers": 1, "postings": 1, "fairs": 0, "placements": 1, "hires": 0}
    for f in figures:
        listed = client.get(f["url"])
        assert listed.status_code == 200 and listed.context["page"].paginator.count == f["value"]
    area = client.get(reverse("agencies:list")).context["figures"]
    for f in area:
        assert client.get(f["url"]).context["page"].paginator.count == f["value"]


def test_a_posting_without_a_mandate_is_refused_on_the_page(client, county_staff, agency, posting):
    client.force_login(county_staff)
    response = client.post(
        reverse("agencies:posting-add", args=[agency.pk]), {"posting": posting.pk}, follow=True
    )
    assert "没有这个岗位所属单位的有效委托" in response.content.decode()


def test_another_county_sees_no_agency_of_county_a(client, outsider, agency):
    client.force_login(outsider)
    assert client.get(reverse("agencies:detail", args=[agency.pk])).status_code == 404
    response = client.post(reverse("agencies:placement-add", args=[agency.pk]), {"application": 1})
    assert response.status_code == 404
    assert agency.name not in client.get(reverse("agencies:list")).content.decode()


def test_a_leader_reads_and_writes_nothing(client, leader, agency):
    client.force_login(leader)
    assert client.get(reverse("agencies:detail", args=[agency.pk])).status_code == 200
    assert client.get(reverse("agencies:create")).status_code == 403


def test_town_staff_see_the_agencies_of_their_town_only(client, town_staff, town, county_a):
    mine = make_agency(town.code, name="镇上机构")
    county = make_agency(county_a.code, name="县里机构")
    client.force_login(town_staff)
    assert client.get(reverse("agencies:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("agencies:detail", args=[county.pk])).status_code == 404
