"""What staff see of the portal: self-registered records to confirm, and applications."""

import pytest

from homeward.accounts.models import Role
from homeward.audit.models import AuditEvent
from homeward.placements.services import apply
from homeward.workers.models import WorkerAccount
from tests.factories import VILLAGE, make_employer, make_posting, make_staff, make_worker

pytestmark = pytest.mark.django_db


def _self_registered():
    worker = make_worker(VILLAGE, sequence=7, name="赵六")
    return WorkerAccount.objects.create(worker=worker, phone="13612345678", self_registered=True)


def test_village_staff_confirm_a_self_registered_record(client, village_staff):
    account = _self_registered()
    client.force_login(village_staff)
    page = client.get(f"/workers/{account.worker_id}/").content.decode()
    assert "待确认" in page
    assert client.post(f"/workers/{account.worker_id}/confirm/").status_code == 302
    account.refresh_from_db()
    assert account.confirmed_at and not account.awaiting_confirmation
    assert AuditEvent.objects.filter(action="portal.register.confirmed").count() == 1


def test_leaders_other_villages_and_other_counties_cannot_confirm(client, outsider):
    account = _self_registered()
    client.force_login(make_staff(VILLAGE, role=Role.LEADER))
    assert client.post(f"/workers/{account.worker_id}/confirm/").status_code == 403
    client.force_login(make_staff("321302001002"))
    assert client.post(f"/workers/{account.worker_id}/confirm/").status_code == 404
    client.force_login(outsider)
    assert client.post(f"/workers/{account.worker_id}/confirm/").status_code == 404
    account.refresh_from_db()
    assert account.confirmed_at is None


def test_posting_page_lists_applicants_of_the_viewers_area_only(client):
    posting = make_posting(make_employer("321302001"), title="普工")
    posting.status = "published"
    posting.save()
    apply(make_worker(VILLAGE, sequence=1, name="本村人"), posting)
    from homeward.regions.models import Region

    other_town = Region.tree.filter(code__startswith="321302002", level="village").first()
    apply(make_worker(other_town.code, sequence=2, name="邻村人"), posting)
    client.force_login(make_staff("321302001"))
    page = client.get(f"/jobs/{posting.pk}/").content.decode()
    assert "本村人" in page and "邻村人" not in page
