"""The worker's fair pages: the fairs of their area, registering ahead, the personal QR (which
staff can check in once), an online fair's jobs whose applications count for the fair; a fair of
another county is 404."""

from django.urls import reverse

from homeward.fairs import services
from homeward.fairs.models import CheckIn, Intention, Kind, Registration
from homeward.placements.models import Source
from tests.portal.helpers import sign_in_worker

from .conftest import approved_booth, make_fair


def test_the_worker_registers_and_shows_a_code_that_checks_in(client, worker, fair, county_staff):
    sign_in_worker(client, worker)
    assert fair.title in client.get(reverse("portal:fairs")).content.decode()
    client.post(reverse("portal:fair-register", args=[fair.pk]))
    assert Registration.objects.filter(fair=fair, worker=worker).exists()
    response = client.get(reverse("portal:fair-code", args=[fair.pk]))
    token = response.context["token"]
    assert "<svg" in response.content.decode()
    services.check_in_by_qr(fair, token, by=county_staff)
    assert CheckIn.objects.filter(fair=fair, worker=worker).exists()
    assert "已于" in client.get(reverse("portal:fair-code", args=[fair.pk])).content.decode()


def test_a_fair_of_another_county_is_404(client, worker, county_b):
    other = make_fair(county_b.code)
    sign_in_worker(client, worker)
    assert other.pk not in [f.pk for f in client.get(reverse("portal:fairs")).context["fairs"]]
    assert client.get(reverse("portal:fair", args=[other.pk])).status_code == 404
    assert client.get(reverse("portal:fair-code", args=[other.pk])).status_code == 404


def test_applying_through_an_online_fairs_link_counts_for_it(
    client, worker, county_a, employer, posting
):
    online = make_fair(county_a.code, kind=Kind.ONLINE, title="云招聘")
    approved_booth(online, employer, posting)
    sign_in_worker(client, worker)
    assert (
        posting.title in client.get(reverse("portal:fair-jobs", args=[online.pk])).content.decode()
    )
    client.post(reverse("portal:fair-apply", args=[online.pk, posting.pk]))
    intention = Intention.objects.get()
    assert intention.channel == "online" and intention.application.source == Source.FAIR
