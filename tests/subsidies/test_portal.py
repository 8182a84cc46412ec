"""The worker's subsidy pages: apply for the bonus with a card, correct a failed account."""

import pytest
from django.urls import reverse

from homeward.subsidies.models import Entitlement
from tests.factories import WORKER_PHONE
from tests.portal.helpers import sign_in_worker

from .conftest import card, make_returnee

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, bonus):
    worker = make_returnee(sequence=3, name="张三", phone=WORKER_PHONE)
    sign_in_worker(client, worker)
    return worker


def test_a_returnee_sees_why_and_applies(client, signed_in, bonus):
    page = client.get(reverse("portal:subsidies")).content.decode()
    assert "返乡日期 2026-06-01 在政策期内 ✓" in page
    response = client.post(
        reverse("portal:subsidy-apply", args=[bonus.pk]),
        {"bank_name": "农业银行", "bank_account": card()},
        follow=True,
    )
    assert "已提交审核" in response.content.decode() or response.status_code == 200
    entitlement = Entitlement._base_manager.get(worker=signed_in, policy=bonus)
    assert entitlement.via == "portal" and entitlement.entered_by is None


def test_a_wrong_card_is_explained(client, signed_in, bonus):
    wrong = card()[:-1] + str((int(card()[-1]) + 1) % 10)
    response = client.post(
        reverse("portal:subsidy-apply", args=[bonus.pk]),
        {"bank_name": "农业银行", "bank_account": wrong},
        follow=True,
    )
    assert "校验位" in response.content.decode()
    assert not Entitlement._base_manager.exists()


def test_another_persons_entitlement_is_not_found(client, signed_in, bonus):
    from homeward.subsidies import services

    other = make_returnee(sequence=77, name="别人")
    entitlement = services.apply_for(bonus, worker=other, bank_name="农行", bank_account=card())
    Entitlement._base_manager.filter(pk=entitlement.pk).update(status="failed")
    response = client.post(
        reverse("portal:subsidy-account", args=[entitlement.pk]),
        {"bank_name": "建行", "bank_account": card("621700123456789012")},
    )
    assert response.status_code == 404
    entitlement.refresh_from_db()
    assert entitlement.bank_account == card()


def test_a_failed_payment_is_corrected_on_the_phone(client, signed_in, bonus):
    from homeward.subsidies import services

    entitlement = services.apply_for(bonus, worker=signed_in, bank_name="农行", bank_account=card())
    Entitlement._base_manager.filter(pk=entitlement.pk).update(status="failed")
    client.post(
        reverse("portal:subsidy-account", args=[entitlement.pk]),
        {"bank_name": "建设银行", "bank_account": card("621700123456789012")},
    )
    entitlement.refresh_from_db()
    assert entitlement.status == "ready" and entitlement.bank_name == "建设银行"
