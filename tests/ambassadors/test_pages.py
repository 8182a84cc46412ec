"""Staff pages and the ambassador's portal: appoint, the third refused, bounties listed and
exported, another county's ambassador answers 404; sign-in by SMS code, the referral link."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from homeward.ambassadors import services
from homeward.ambassadors.models import Referral
from tests.factories import TOWN
from tests.portal.helpers import last_code, sign_in_worker

pytestmark = pytest.mark.django_db


def test_town_staff_appoint_and_the_third_is_refused(client, town_staff):
    client.force_login(town_staff)
    for n, phone in enumerate(("13600001111", "13600002222")):
        r = client.post(reverse("ambassadors:appoint"), {"name": f"大使{n}", "phone": phone})
        assert r.status_code == 302
    r = client.post(reverse("ambassadors:appoint"), {"name": "第三", "phone": "13600003333"})
    assert r.status_code == 200
    assert "最多" in r.content.decode() or "已有" in r.content.decode()
    page = client.get(reverse("ambassadors:list")).content.decode()
    assert "大使0" in page and "136****1111" in page and "13600001111" not in page


def test_other_county_staff_get_404(client, ambassador, outsider):
    client.force_login(outsider)
    assert client.get(reverse("ambassadors:detail", args=[ambassador.pk])).status_code == 404
    assert "李大使" not in client.get(reverse("ambassadors:list")).content.decode()


def test_detail_shows_link_and_qr(client, ambassador, town_staff):
    client.force_login(town_staff)
    page = client.get(reverse("ambassadors:detail", args=[ambassador.pk])).content.decode()
    assert ambassador.token in page and "<svg" in page


def test_bounties_page_and_export(client, town_staff, county_staff):
    client.force_login(county_staff)
    assert client.get(reverse("ambassadors:bounties")).status_code == 200
    r = client.get(reverse("ambassadors:bounty-export"))
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    assert book.active.max_row >= 3  # title, subtitle, header


def test_ambassador_signs_in_by_code_and_sees_their_page(client, ambassador):
    client.post(reverse("portal:ambassador-signin"), {"phone": ambassador.phone})
    code = last_code(ambassador.phone)
    r = client.post(reverse("portal:ambassador-signin"), {"phone": ambassador.phone, "code": code})
    assert r.status_code == 302 and r["Location"] == reverse("portal:ambassador")
    page = client.get(reverse("portal:ambassador")).content.decode()
    assert ambassador.token in page and "<svg" in page


def test_a_stranger_number_gets_no_code_and_no_page(client, db):
    client.post(reverse("portal:ambassador-signin"), {"phone": "13900009999"})
    r = client.get(reverse("portal:ambassador"))
    assert r.status_code == 302 and reverse("portal:ambassador-signin") in r["Location"]


def test_applying_through_the_link_counts_the_referral(client, ambassador, worker, employer):
    from tests.factories import make_posting

    posting = make_posting(employer)
    posting.status = "published"
    posting.save()
    page = client.get(reverse("portal:ambassador-link", args=[ambassador.token]))
    assert posting.title in page.content.decode()
    sign_in_worker(client, worker)
    client.post(reverse("portal:ambassador-apply", args=[ambassador.token, posting.pk]))
    assert Referral._base_manager.get().application.posting == posting
    assert client.get(reverse("portal:ambassador-link", args=["nope"])).status_code == 404


def test_an_ended_ambassadors_link_is_gone(client, ambassador, town_staff):
    services.end_ambassador(ambassador, by=town_staff)
    assert client.get(reverse("portal:ambassador-link", args=[ambassador.token])).status_code == 404
    assert TOWN
