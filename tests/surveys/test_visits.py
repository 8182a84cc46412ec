"""A visit: recorded once per key, through the registry's services, and every refusal."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.surveys import services
from homeward.surveys.models import Visit
from homeward.workers.models import Source, StatusEvent, Worker
from tests.factories import TOWN, VILLAGE, make_survey, make_worker

pytestmark = pytest.mark.django_db
OTHER_VILLAGE = "321302001002"
TODAY = None


def _visit(survey, worker, by, *, key="k-0000001", outcome="visited", answers=None, **extra):
    answers = (
        {"status": "returned_unemployed", "intention": "local"} if answers is None else answers
    )
    return services.record_visit(
        survey,
        worker,
        outcome=outcome,
        visited_on=extra.pop("visited_on", timezone.localdate()),
        answers=answers,
        phone=extra.pop("phone", ""),
        client_key=key,
        by=by,
    )


def test_a_visit_is_a_survey_status_event_and_updates_the_record(survey, worker, village_staff):
    answers = {
        "status": "returned_unemployed",
        "intention": "local",
        "training_wish": "电工",
        "service_needs": ["job", "training"],
        "returned_on": "2026-01-20",
    }
    visit, new = _visit(survey, worker, village_staff, answers=answers, phone="13700001111")
    assert new
    worker = Worker._base_manager.get(pk=worker.pk)
    assert worker.status == "returned_unemployed"
    assert worker.intention == "local"
    assert worker.training_wish == "电工"
    assert worker.service_needs == "job,training"
    assert worker.returned_on == datetime.date(2026, 1, 20)
    assert worker.phone == "13700001111"
    event = visit.status_event
    assert event.source == Source.SURVEY and event.recorded_by == village_staff
    assert event.occurred_on == timezone.localdate()
    assert visit.region_id == VILLAGE and visit.visitor == village_staff
    assert AuditEvent.objects.filter(action="surveys.visit.recorded").count() == 1


def test_the_same_key_and_content_is_stored_once(survey, worker, village_staff):
    first, new = _visit(survey, worker, village_staff)
    again, new_again = _visit(survey, worker, village_staff)
    assert new and not new_again and again.pk == first.pk
    assert Visit.objects.count() == 1
    assert StatusEvent.objects.filter(worker=worker, source=Source.SURVEY).count() == 1


def test_the_same_key_with_other_content_is_refused(survey, worker, village_staff):
    _visit(survey, worker, village_staff)
    with pytest.raises(services.SurveyError, match="这个编号已上传过"):
        _visit(survey, worker, village_staff, answers={"status": "out_migrant"})
    assert Visit.objects.count() == 1


def test_a_closed_survey_takes_no_visit(survey, worker, county_staff, village_staff):
    services.close_campaign(survey, by=county_staff)
    survey.refresh_from_db()
    with pytest.raises(services.SurveyError, match="已结束，不能再记录"):
        _visit(survey, worker, village_staff)
    with pytest.raises(services.SurveyError, match="已经结束"):
        services.close_campaign(survey, by=county_staff)


def test_a_clerk_cannot_visit_another_villages_person(survey, village_staff):
    neighbour = make_worker(OTHER_VILLAGE, sequence=8, name="李四")
    with pytest.raises(services.SurveyError, match="不是本村"):
        _visit(survey, neighbour, village_staff)
    assert not Visit.objects.exists()


def test_a_person_outside_the_surveys_area_is_refused(worker, county_staff):
    other_town = make_survey("321302002")
    with pytest.raises(services.SurveyError, match="不在这次摸底的范围内"):
        _visit(other_town, worker, county_staff)


def test_a_visit_dated_ahead_or_before_the_period_is_refused(survey, worker, village_staff):
    with pytest.raises(services.SurveyError, match="走访日期应在"):
        _visit(
            survey, worker, village_staff, visited_on=timezone.localdate() + datetime.timedelta(1)
        )
    with pytest.raises(services.SurveyError, match="走访日期应在"):
        _visit(survey, worker, village_staff, visited_on=survey.starts_on - datetime.timedelta(1))


def test_a_leader_records_nothing(survey, worker, leader):
    with pytest.raises(PermissionDenied):
        _visit(survey, worker, leader)


def test_not_found_changes_nothing_in_the_registry(survey, worker, village_staff):
    before = Worker._base_manager.get(pk=worker.pk).status
    visit, _new = _visit(survey, worker, village_staff, outcome="not_found", answers={})
    assert visit.status_event is None
    assert Worker._base_manager.get(pk=worker.pk).status == before


def test_a_new_person_is_registered_in_the_village(survey, village_staff):
    from homeward.codes import idnumber

    number = idnumber.make(VILLAGE[:6], datetime.date(1980, 5, 5), 77, False)
    data = {
        "id_number": number,
        "name": "王芳",
        "gender": "female",
        "birth_date": datetime.date(1980, 5, 5),
        "region_id": VILLAGE,
    }
    person = services.add_person(survey, data, by=village_staff)
    assert person.region_id == VILLAGE and person.created_by == village_staff
    with pytest.raises(services.SurveyError, match="已登记"):
        services.add_person(survey, data, by=village_staff)
    with pytest.raises(services.SurveyError, match="摸底范围内"):
        services.add_person(survey, {**data, "region_id": OTHER_VILLAGE}, by=village_staff)


def test_only_the_questions_asked_are_kept(worker):
    survey = make_survey(TOWN, questions="status")
    answers, phone = services.clean_answers(
        survey, {"status": "flexible", "intention": "local", "phone": "13700001111"}
    )
    assert answers == {"status": "flexible"} and phone == ""
