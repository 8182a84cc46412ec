"""The door-to-door survey records social insurance: asked by the campaign, written through
the registry's one insurance write (source: survey, as of the visit's day), refused whole when
a field is wrong, dropped when the campaign does not ask it, and county B gets 404."""

import pytest
from django.utils import timezone

from homeward.surveys.models import Visit
from homeward.workers.models import SocialInsurance
from tests.factories import COUNTY, make_survey

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}
ASKED = "status,work,insurance"


def _form(worker, key="ins12345", **fields):
    return {
        "worker": worker.pk,
        "client_key": key,
        "outcome": "visited",
        "visited_on": timezone.localdate().isoformat(),
        "status": "out_migrant",
        **fields,
    }


def _rows(worker):
    return {
        r.kind: (r.insured, r.place, r.source, r.as_of)
        for r in SocialInsurance.objects.filter(worker=worker)
    }


def test_a_visit_records_the_answers_as_of_its_day(client, worker, village_staff):
    survey = make_survey(COUNTY, questions=ASKED)
    client.force_login(village_staff)
    answer = client.post(
        f"/surveys/{survey.pk}/record/",
        _form(worker, pension="yes", pension_place="elsewhere", medical="no"),
        **JSON,
    ).json()
    assert answer["ok"], answer
    today = timezone.localdate()
    assert _rows(worker) == {
        "pension": ("yes", "elsewhere", "survey", today),
        "medical": ("no", "", "survey", today),
    }
    visit = Visit.objects.get()
    assert visit.answers["insurance"]["pension"] == {"insured": "yes", "place": "elsewhere"}


def test_a_place_for_someone_not_insured_refuses_the_visit(client, worker, village_staff):
    survey = make_survey(COUNTY, questions=ASKED)
    client.force_login(village_staff)
    response = client.post(
        f"/surveys/{survey.pk}/record/", _form(worker, injury="no", injury_place="local"), **JSON
    )
    assert response.status_code == 400
    assert "工伤保险" in response.json()["error"]
    assert not Visit.objects.exists() and not SocialInsurance.objects.exists()


def test_a_campaign_that_does_not_ask_records_none(client, worker, village_staff):
    survey = make_survey(COUNTY, questions="status")
    client.force_login(village_staff)
    answer = client.post(f"/surveys/{survey.pk}/record/", _form(worker, pension="yes"), **JSON)
    assert answer.json()["ok"] and not SocialInsurance.objects.exists()


def test_county_b_staff_get_404(client, worker, outsider):
    survey = make_survey(COUNTY, questions=ASKED)
    client.force_login(outsider)
    response = client.post(f"/surveys/{survey.pk}/record/", _form(worker, pension="yes"), **JSON)
    assert response.status_code == 404 and not SocialInsurance.objects.exists()
