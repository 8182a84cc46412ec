"""The demo holds the seed policies with entitlements in every state, and runs once."""

import pytest

from homeward.subsidies.demo_data import STATES, fill_subsidies
from homeward.subsidies.models import Entitlement
from tests.factories import VILLAGE, make_worker

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_state_once(db):
    for n in range(len(STATES)):
        make_worker(VILLAGE, sequence=400 + n, name=f"演示{n}")
    assert fill_subsidies(("3213",)) == len(STATES)
    assert fill_subsidies(("3213",)) == 0
    states = set(Entitlement._base_manager.values_list("status", flat=True))
    assert states == {s for s, _ in STATES}


def test_the_demo_invites_its_worker_to_the_transport_subsidy_once(db):
    """The candidates scan finds the demo worker, the county's staff invite them and the
    message is dispatched: it waits in their portal inbox, opening the policy's page."""
    from homeward.campaigns.models import Delivery
    from homeward.outreach.models import OutboxMessage
    from homeward.subsidies.demo_data import fill_invitation
    from homeward.subsidies.models import Candidate, Invitation
    from homeward.subsidies.seeds import install_seed_policies
    from tests.factories import COUNTY, make_staff

    install_seed_policies()
    phone = "13800138000"
    worker = make_worker(VILLAGE, sequence=430, name="演示工人", phone=phone)
    worker.consents_to_contact = True
    worker.save(update_fields=["consents_to_contact"])
    make_worker(VILLAGE, sequence=431, name="别人", phone="13800138001")
    assert fill_invitation(("5110",), phone=phone) == 0  # not a 宿迁 demo: nothing
    assert not Invitation._base_manager.exists()
    make_staff(COUNTY, username="demo-county")
    assert fill_invitation(("3213",), phone=phone) == 1
    assert fill_invitation(("3213",), phone=phone) == 0
    invitation = Invitation._base_manager.select_related("policy").get()
    assert invitation.policy.code == "SQ-TRANSPORT-50"
    assert Candidate._base_manager.filter(worker=worker, version__policy=invitation.policy)
    (delivery,) = Delivery._base_manager.filter(campaign=invitation.campaign_id)
    assert delivery.worker_id == worker.pk and delivery.status == "delivered"
    message = OutboxMessage._base_manager.get(worker_id=worker.pk)
    assert "返乡就业交通补贴" in message.text and delivery.token in message.text
