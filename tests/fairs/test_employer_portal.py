"""The employer's fair pages on the portal: the fairs of their area open for sign-up, a booth
signed up with their published postings, and intentions recorded at their approved booth; never
another area's fair, another employer's booth, or a posting not at the booth."""

import pytest
from django.urls import reverse

from homeward.fairs.models import Booth, BoothStatus, Intention
from homeward.placements.models import Source
from tests.factories import COUNTY_B, TOWN, VILLAGE, make_employer, make_worker
from tests.fairs.conftest import approved_booth, make_fair, published
from tests.portal.test_employer_signin import make_employer_user, sign_in_employer

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(client):
    user = make_employer_user(make_employer(TOWN, name="幸福电子厂"))
    sign_in_employer(client, user)
    return user


@pytest.fixture
def mine(hr):
    return published(hr.employer, title="插件工")


@pytest.fixture
def fair(county_a):
    return make_fair(county_a.code, title="宿城区春风行动招聘会", days=3)


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_the_fairs_of_the_employers_area_are_listed(client, hr, fair):
    other = make_fair(COUNTY_B, title="宿豫区招聘会", days=3)
    make_fair(fair.region_id, title="去年的招聘会", days=-400)
    page = client.get(reverse("portal:employer-fairs")).content.decode()
    assert "宿城区春风行动招聘会" in page
    assert other.title not in page and "去年的招聘会" not in page


def test_another_areas_fair_is_not_found(client, hr, mine):
    other = make_fair(COUNTY_B, title="宿豫区招聘会", days=3)
    url = reverse("portal:employer-fair", args=[other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"postings": [mine.pk]}).status_code == 404
    assert not Booth._base_manager.exists()


def test_the_employer_signs_up_a_booth_with_their_postings(client, hr, fair, mine):
    url = reverse("portal:employer-fair", args=[fair.pk])
    response = client.post(url, {"postings": [mine.pk]}, follow=True)
    assert "展位报名成功，等待主办方审核。" in _messages(response)
    booth = Booth._base_manager.get()
    assert (booth.fair, booth.employer, booth.status) == (fair, hr.employer, BoothStatus.PENDING)
    assert booth.signed_up_by_employer_user == hr
    assert list(booth.postings.all()) == [mine]
    assert "本单位展位：待审批" in response.content.decode()


def test_another_employers_posting_cannot_go_to_the_booth(client, hr, fair):
    theirs = published(make_employer(VILLAGE, name="别家公司"), title="别家的岗位")
    response = client.post(
        reverse("portal:employer-fair", args=[fair.pk]), {"postings": [theirs.pk]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["postings"]
    assert not Booth._base_manager.exists()


def test_nothing_chosen_is_refused(client, hr, fair, mine):
    response = client.post(reverse("portal:employer-fair", args=[fair.pk]), {})
    assert "请至少选择一个参会岗位。" in response.content.decode()
    assert not Booth._base_manager.exists()


def test_an_intention_at_the_approved_booth_becomes_an_application(client, hr, fair, mine):
    booth = approved_booth(fair, hr.employer, mine)
    worker = make_worker(VILLAGE, sequence=5, name="李四")
    response = client.post(
        reverse("portal:employer-booth-intention", args=[booth.pk]),
        {"id_number": worker.id_number, "posting": mine.pk},
        follow=True,
    )
    assert "李*" in _messages(response)
    intention = Intention._base_manager.select_related("application").get()
    assert (intention.worker, intention.posting, intention.booth) == (worker, mine, booth)
    assert intention.by_employer_user == hr
    assert intention.application.source == Source.FAIR
    assert "李*" in response.content.decode()


def test_another_employers_booth_is_not_found(client, hr, fair):
    other = make_employer(VILLAGE, name="别家公司")
    theirs = published(other, title="别家的岗位")
    booth = approved_booth(fair, other, theirs)
    worker = make_worker(VILLAGE, sequence=5)
    response = client.post(
        reverse("portal:employer-booth-intention", args=[booth.pk]),
        {"id_number": worker.id_number, "posting": theirs.pk},
    )
    assert response.status_code == 404
    assert not Intention._base_manager.exists()


def test_a_posting_not_at_the_booth_is_refused(client, hr, fair, mine):
    booth = approved_booth(fair, hr.employer, mine)
    elsewhere = published(hr.employer, title="不在展位的岗位")
    worker = make_worker(VILLAGE, sequence=5)
    response = client.post(
        reverse("portal:employer-booth-intention", args=[booth.pk]),
        {"id_number": worker.id_number, "posting": elsewhere.pk},
        follow=True,
    )
    assert "该岗位不在本场招聘会已审核的展位中。" in _messages(response)
    assert not Intention._base_manager.exists()


def test_a_booth_not_yet_approved_takes_no_intention(client, hr, fair, mine):
    booth = Booth(fair=fair, employer=hr.employer)
    booth.save()
    booth.postings.set([mine])
    worker = make_worker(VILLAGE, sequence=5)
    response = client.post(
        reverse("portal:employer-booth-intention", args=[booth.pk]),
        {"id_number": worker.id_number, "posting": mine.pk},
    )
    assert response.status_code == 404
    assert not Intention._base_manager.exists()


def test_the_pages_ask_an_employer_to_sign_in(client, fair):
    response = client.get(reverse("portal:employer-fairs"))
    assert response.status_code == 302 and "/e/signin" in response["Location"]
