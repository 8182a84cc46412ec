"""Staff pages: the queue, an entitlement's page and its decisions, the notice, a batch."""

import pytest
from django.urls import reverse

from homeward.subsidies import services
from homeward.subsidies.models import Entitlement
from tests.factories import COUNTY, VILLAGE, make_staff

from .conftest import card

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(bonus, returnee, village_staff):
    return services.apply_for(
        bonus, worker=returnee, bank_name="农行", bank_account=card(), by=village_staff
    )


def test_the_entitlement_page_explains_and_masks(client, application, town_staff):
    client.force_login(town_staff)
    page = client.get(reverse("subsidies:entitlement", args=[application.pk])).content.decode()
    assert "返乡日期 2026-06-01 在政策期内 ✓" in page
    assert card() not in page and card()[-4:] in page


def test_a_reviewer_approves_from_the_page(client, application):
    reviewer = make_staff(VILLAGE, username="reviewer")
    client.force_login(reviewer)
    assert application.pk in [e.pk for e in client.get(reverse("subsidies:index")).context["queue"]]
    client.post(reverse("subsidies:decide", args=[application.pk]), {"verdict": "approved"})
    application.refresh_from_db()
    assert application.step == 1


def test_the_one_who_entered_it_is_told_no(client, application, village_staff):
    client.force_login(village_staff)
    response = client.post(
        reverse("subsidies:decide", args=[application.pk]), {"verdict": "approved"}, follow=True
    )
    assert "录入申请的人不能审核" in response.content.decode()
    application.refresh_from_db()
    assert application.step == 0


def test_a_leader_may_not_decide(client, application, leader):
    client.force_login(leader)
    response = client.post(
        reverse("subsidies:decide", args=[application.pk]), {"verdict": "approved"}
    )
    assert response.status_code == 403


def test_another_county_sees_nothing(client, application, outsider):
    client.force_login(outsider)
    assert client.get(reverse("subsidies:entitlement", args=[application.pk])).status_code == 404
    assert (
        client.post(
            reverse("subsidies:decide", args=[application.pk]), {"verdict": "approved"}
        ).status_code
        == 404
    )
    assert application.pk not in [
        e.pk for _n, e in client.get(reverse("subsidies:notice")).context["rows"]
    ]


def test_the_notice_masks_names(client, application, county_staff):
    Entitlement._base_manager.filter(pk=application.pk).update(status="notice")
    client.force_login(county_staff)
    page = client.get(reverse("subsidies:notice")).content.decode()
    assert "李**" in page and "李返乡" not in page


def test_a_batch_from_the_page_and_its_file_once(client, application, bonus):
    payer = make_staff(COUNTY, username="payer", may_see_personal_data=True)
    Entitlement._base_manager.filter(pk=application.pk).update(status="ready")
    client.force_login(payer)
    response = client.post(
        reverse("subsidies:batch-create"), {"fund": bonus.fund_id, "period": "2026-12"}
    )
    batch_url = response["Location"]
    batch_pk = int(batch_url.rstrip("/").split("/")[-1])
    first = client.post(reverse("subsidies:batch-download", args=[batch_pk]), {"format": "csv"})
    assert first.status_code == 200 and card() in first.content.decode("utf-8-sig")
    again = client.post(reverse("subsidies:batch-download", args=[batch_pk]), follow=True)
    assert "已下载过" in again.content.decode()
