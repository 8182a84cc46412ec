"""Applicants and recommended workers on the employer portal, and moving an application:
interview → hired / not hired, with errors next to the field, and no other employer's
application reachable by changing the id in the URL."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.matching.models import PostingMatches
from homeward.placements.models import Application, ApplicationEvent
from homeward.placements.services import apply, withdraw
from homeward.portal.employer_views import masked_name
from homeward.workers.models import Worker
from tests.factories import TOWN, VILLAGE, make_employer, make_published, make_worker

from .test_employer_signin import make_employer_user, sign_in_employer

pytestmark = pytest.mark.django_db

FULL_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@pytest.fixture
def hr(client):
    user = make_employer_user()
    sign_in_employer(client, user)
    return user


@pytest.fixture
def posting(hr):
    return make_published(hr.employer, title="插件工")


@pytest.fixture
def application(posting):
    worker = make_worker(VILLAGE, sequence=7, name="张三丰", phone="13712345678")
    return apply(worker, posting)[0]


def _match(posting, *workers):
    PostingMatches(
        posting=posting,
        region_id=posting.region_id,
        matches=[{"id": w.pk, "score": 80.0, "reasons": ["会电子装配", "离家近"]} for w in workers],
        pool=len(workers),
    ).save()


def test_applicants_show_in_full_and_recommended_workers_masked(client, posting, application):
    recommended = make_worker(
        VILLAGE, sequence=8, name="李秀英", phone="13698765432", occupation_text="电子装配"
    )
    _match(posting, application.worker, recommended)
    response = client.get(reverse("portal:employer-posting", args=[posting.pk]))
    page = response.content.decode()
    assert "张三丰" in page and "13712345678" in page  # applied: contact shared
    assert "李秀英" not in page and "秀英" not in page
    assert "13698765432" not in page and "8765432" not in page and "5432" not in page
    assert recommended.id_number not in page and recommended.id_number[-4:] not in page
    assert f"/workers/{recommended.pk}/" not in page
    assert masked_name("李秀英") in page and "会电子装配" in page and "幸福街道" in page
    assert FULL_PHONE.findall(page) == ["13712345678"]
    cards = response.context["recommended"]
    assert len(cards) == 1  # the applicant is not recommended again
    assert set(cards[0]) == {"name", "age", "town", "occupation", "reasons"}


def test_family_names_only():
    assert masked_name("李秀英").startswith("李") and "秀英" not in masked_name("李秀英")
    assert masked_name("欧阳娜娜").startswith("欧阳") and "娜" not in masked_name("欧阳娜娜")


def test_a_withdrawn_application_takes_the_number_back(client, posting, application):
    withdraw(application)
    page = client.get(reverse("portal:employer-posting", args=[posting.pk])).content.decode()
    assert "137****5678" in page and "13712345678" not in page


def test_application_page_shows_details_and_history(client, application):
    response = client.get(reverse("portal:employer-application", args=[application.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "张三丰" in page and "13712345678" in page and "插件工" in page
    assert [e.status for e in response.context["events"]] == ["applied"]


def test_invite_then_hire(client, hr, application):
    at = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT09:30")
    url = reverse("portal:employer-interview", args=[application.pk])
    response = client.post(url, {"at": at, "place": "厂区东门", "status": "hired"})
    assert response["Location"] == reverse("portal:employer-application", args=[application.pk])
    application.refresh_from_db()
    assert application.status == "interview" and application.interview_place == "厂区东门"
    assert timezone.localtime(application.interview_at).strftime("%Y-%m-%dT%H:%M") == at
    hired_on = timezone.localdate()
    response = client.post(
        reverse("portal:employer-hire", args=[application.pk]),
        {"hired_on": hired_on.isoformat(), "contract_months": "12"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "hired" and application.hired_on == hired_on
    assert application.contract_months == 12
    events = ApplicationEvent._base_manager.filter(application=application)
    assert [e.status for e in events] == ["applied", "interview", "hired"]
    assert {e.by for e in events[1:]} == {f"employer:{hr.pk}"}
    assert Worker._base_manager.get(pk=application.worker_id).status  # the registry follows
    hired = AuditEvent.objects.get(action="placements.application.hired")
    assert hired.detail["by"] == f"employer:{hr.pk}"
    page = client.get(reverse("portal:employer-application", args=[application.pk]))
    content = page.content.decode()
    assert 'data-testid="outcome"' in content and 'data-testid="hire-form"' not in content
    assert "王经理" in content  # who moved it, in the history


def test_hire_without_a_date_shows_the_error_by_the_field(client, application):
    url = reverse("portal:employer-hire", args=[application.pk])
    response = client.post(url, {"hired_on": "", "contract_months": "12"})
    assert response.status_code == 200
    form = response.context["hire_form"]
    assert form.errors["hired_on"] and "contract_months" not in form.errors
    assert "这个字段是必填项" in response.content.decode()  # Django's own Chinese
    response = client.post(url, {"hired_on": "2030-01-01", "contract_months": "0"})
    assert response.context["hire_form"].errors["contract_months"]
    application.refresh_from_db()
    assert application.status == "applied"


def test_interview_needs_a_time_and_a_place(client, application):
    url = reverse("portal:employer-interview", args=[application.pk])
    response = client.post(url, {"at": "明天", "place": ""})
    form = response.context["interview_form"]
    assert set(form.errors) == {"at", "place"}
    application.refresh_from_db()
    assert application.status == "applied"


def test_not_hired_with_a_reason(client, application):
    url = reverse("portal:employer-reject", args=[application.pk])
    assert client.post(url, {"reason": ""}).context["reject_form"].errors["reason"]
    assert client.post(url, {"reason": "岗位已招满"}).status_code == 302
    application.refresh_from_db()
    assert application.status == "not_hired" and application.reason == "岗位已招满"


def test_a_finished_application_does_not_move(client, application):
    client.post(
        reverse("portal:employer-hire", args=[application.pk]),
        {"hired_on": timezone.localdate().isoformat(), "contract_months": "6"},
    )
    response = client.post(
        reverse("portal:employer-reject", args=[application.pk]), {"reason": "改主意了"}
    )
    assert response.status_code == 200
    assert response.context["reject_form"].non_field_errors()
    assert "改主意了" not in "".join(response.context["reject_form"].non_field_errors())
    assert 'class="errorlist nonfield"' in response.content.decode()
    application.refresh_from_db()
    assert application.status == "hired" and application.reason == ""
    assert ApplicationEvent._base_manager.filter(application=application).count() == 2


def test_another_employers_application_is_404(client, hr, application):
    other_posting = make_published(make_employer("321311001", name="别家公司"))
    other = apply(make_worker(VILLAGE, sequence=9, phone="13600001111"), other_posting)[0]
    neighbour_posting = make_published(make_employer(TOWN, name="隔壁工厂"))
    neighbour = apply(make_worker(VILLAGE, sequence=10), neighbour_posting)[0]
    for target in (other, neighbour):
        url = reverse("portal:employer-application", args=[target.pk])
        assert client.get(url).status_code == 404
        moves = {
            "portal:employer-interview": {"at": "2030-01-01T09:00", "place": "x"},
            "portal:employer-hire": {"hired_on": "2030-01-01", "contract_months": "12"},
            "portal:employer-reject": {"reason": "x"},
        }
        for name, data in moves.items():
            assert client.post(reverse(name, args=[target.pk]), data).status_code == 404
        target.refresh_from_db()
        assert target.status == "applied"
    page = client.get(reverse("portal:employer-posting", args=[other_posting.pk]))
    assert page.status_code == 404
    assert Application._base_manager.filter(status="applied").count() == 3


def test_moves_are_posts(client, application):
    assert client.get(reverse("portal:employer-hire", args=[application.pk])).status_code == 405
