"""The writes of door-to-door surveys, one named function each: a campaign created or closed, a
visit recorded (idempotent by the phone's key), a new person added in the village.

A visit updates the person's record through the registry's own services (`register_worker`
for the answered fields, `record_status` for the status, source "survey", the visitor as the
one who recorded it), in the person's village, inside one transaction with the visit.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.audit.services import log_action
from homeward.codes import bounds
from homeward.crypto import PHONE, lookup_hash
from homeward.employers.services import check_writer
from homeward.regions.codes import covers
from homeward.scoping import area_scope
from homeward.workers.insurance import record_insurance
from homeward.workers.models import InsuranceKind, Insured, Source, Worker
from homeward.workers.services import id_number_taken, record_status, register_worker

from .models import Outcome, Question, Reached, SurveyCampaign, Visit

KEY_LENGTH = (8, 64)


class SurveyError(ValueError):
    """A survey write refused for a reason the clerk can act on (the message is Chinese)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# Campaigns -------------------------------------------------------------------------------------


def create_campaign(
    *,
    by,
    region_code: str,
    name: str,
    starts_on: date,
    ends_on: date,
    deadline: date,
    questions: list[str],
    request=None,
) -> SurveyCampaign:
    check_writer(by, "surveys.write.refused", request=request)
    if not covers(by.region_id if not by.is_superuser else "", region_code):
        raise SurveyError(_("The area must lie inside your own area."), field="area")
    if ends_on < starts_on:
        raise SurveyError(_("The survey cannot end before it starts."), field="ends_on")
    if not starts_on <= deadline <= ends_on:
        raise SurveyError(_("The deadline must fall within the survey period."), field="deadline")
    known = [code for code, _label in Question.choices if code in questions]
    if not known:
        raise SurveyError(_("Choose at least one question."), field="questions")
    with transaction.atomic():
        campaign = SurveyCampaign(
            name=name[:100],
            region_id=region_code,
            starts_on=starts_on,
            ends_on=ends_on,
            deadline=deadline,
            questions=",".join(known),
            created_by=by,
        )
        campaign.save()
        log_action("surveys.campaign.created", request=request, actor=by, obj=campaign)
    return campaign


def close_campaign(campaign: SurveyCampaign, *, by, request=None) -> SurveyCampaign:
    check_writer(by, "surveys.write.refused", request=request, obj=campaign)
    with transaction.atomic():
        current = SurveyCampaign.objects.select_for_update().get(pk=campaign.pk)
        if current.closed_at is not None:
            raise SurveyError(_("This survey is already closed."))
        current.closed_at = timezone.now()
        current.save(update_fields=["closed_at"])
        log_action("surveys.campaign.closed", request=request, actor=by, obj=current)
    return current


# Visits ----------------------------------------------------------------------------------------


def _digest(campaign_id: int, worker_id: int, outcome: str, visited_on: date, answers: dict, phone):
    """What a visit said, as one hash: the same key must always carry the same content."""
    content = {
        "campaign": campaign_id,
        "worker": worker_id,
        "outcome": outcome,
        "visited_on": visited_on.isoformat(),
        "answers": answers,
        "phone": lookup_hash(PHONE, phone) if phone else "",
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _same_or_refused(existing: Visit, digest: str, by) -> tuple[Visit, bool]:
    if existing.digest != digest or existing.visitor_id != by.pk:
        raise SurveyError(
            _(
                "A different visit was already uploaded under this key; it was not changed. "
                "Fill the form again for a new visit."
            )
        )
    return existing, False


def clean_answers(campaign: SurveyCampaign, data: dict) -> tuple[dict, str]:
    """The answers to the campaign's own questions (others dropped) and the phone, if asked."""
    answers = {}
    for code in campaign.question_codes:
        if code == Question.PHONE:
            continue
        if code == Question.WORK:
            for name in ("work_scope", "work_place"):
                if data.get(name):
                    answers[name] = data[name]
            continue
        if code == Question.INSURANCE:
            insurance = {
                kind: {"insured": data[kind], "place": data.get(f"{kind}_place") or ""}
                for kind in InsuranceKind.values
                if data.get(kind) in Insured.values
            }
            if insurance:
                answers[code] = insurance
            continue
        value = data.get(code)
        if value in (None, "", []):
            continue
        if code == Question.NEEDS:
            value = sorted(value) if isinstance(value, list | tuple) else [value]
        if isinstance(value, date):
            value = value.isoformat()
        answers[code] = value
    phone = data.get("phone", "") if campaign.asks(Question.PHONE) else ""
    return answers, phone or ""


def record_visit(
    campaign: SurveyCampaign,
    worker: Worker,
    *,
    outcome: str,
    visited_on: date,
    answers: dict,
    phone: str = "",
    client_key: str,
    by,
    request=None,
) -> tuple[Visit, bool]:
    """Record one visit; returns it and whether it is new.

    The same key with the same content returns the visit already stored (a form sent twice
    after bad signal); the same key with other content is refused. Refused too: a closed
    survey, a person outside the survey's area or the visitor's own, a date outside the period.
    """
    check_writer(by, "surveys.write.refused", request=request, obj=campaign)
    key = (client_key or "").strip()
    if not KEY_LENGTH[0] <= len(key) <= KEY_LENGTH[1]:
        raise SurveyError(_("The visit has no valid key; reload the page and fill it again."))
    if outcome not in Outcome.values:
        raise SurveyError(_("Say whether the person was found."), field="outcome")
    digest = _digest(campaign.pk, worker.pk, outcome, visited_on, answers, phone)
    existing = Visit._base_manager.filter(client_key=key).first()
    if existing is not None:
        return _same_or_refused(existing, digest, by)
    if campaign.closed_at is not None:
        raise SurveyError(_("This survey is closed: no more visits can be recorded."))
    area = "" if by.is_superuser else by.region_id
    if not covers(campaign.region_id, worker.region_id):
        raise SurveyError(_("This person does not live inside the survey's area."))
    if not covers(area, worker.region_id):
        raise SurveyError(
            _("This person is not of your village or area: the clerk of their village visits them.")
        )
    today = timezone.localdate()
    if not campaign.starts_on <= visited_on <= min(today, campaign.ends_on):
        raise SurveyError(
            _("The visit date must be from %(start)s to %(end)s.")
            % {"start": campaign.starts_on, "end": min(today, campaign.ends_on)},
            field="visited_on",
        )
    if visited_on < bounds.FIRST_HISTORY_DAY:
        raise SurveyError(_("The visit date is too early."), field="visited_on")
    try:
        with area_scope(worker.region_id), transaction.atomic():
            event = None
            if outcome == Outcome.VISITED:
                worker, event = _update_registry(worker, answers, phone, visited_on, by, request)
            visit = Visit(
                campaign=campaign,
                worker=worker,
                region_id=worker.region_id,
                visitor=by,
                visited_on=visited_on,
                outcome=outcome,
                answers=answers,
                phone=phone,
                client_key=key,
                digest=digest,
                status_event=event,
            )
            visit.save()
            _reached(visit)
            log_action(
                "surveys.visit.recorded",
                request=request,
                actor=by,
                obj=visit,
                region_code=worker.region_id,
                detail={"campaign": campaign.pk, "worker": worker.pk, "outcome": outcome},
            )
    except IntegrityError:  # the same key sent twice at once: the other one won
        existing = Visit._base_manager.filter(client_key=key).first()
        if existing is None:
            raise
        return _same_or_refused(existing, digest, by)
    return visit, True


def _reached(visit: Visit) -> None:
    """The person's row of the survey's progress: created at the first visit, raised to
    "visited" by a later one that found them, its last day moved on."""
    row = (
        Reached.objects.select_for_update()
        .filter(campaign_id=visit.campaign_id, worker_id=visit.worker_id)
        .first()
    )
    if row is None:
        Reached(
            campaign_id=visit.campaign_id,
            worker_id=visit.worker_id,
            region_id=visit.region_id,
            outcome=visit.outcome,
            last_visit=visit.visited_on,
        ).save()
        return
    if visit.outcome == Outcome.VISITED:
        row.outcome = Outcome.VISITED
    row.last_visit = max(row.last_visit, visit.visited_on)
    row.save(update_fields=["outcome", "last_visit"])


def _update_registry(worker: Worker, answers: dict, phone: str, day: date, by, request):
    """The answered fields through `register_worker`, the status through `record_status`."""
    data = {"id_number": worker.id_number}
    for code in (Question.INTENTION, Question.TRAINING):
        if code in answers:
            data[code] = answers[code]
    if Question.NEEDS in answers:
        data["service_needs"] = ",".join(answers[Question.NEEDS])
    if Question.RETURNED in answers:
        data["returned_on"] = date.fromisoformat(answers[Question.RETURNED])
    if phone:
        data["phone"] = phone
    worker, _outcome = register_worker(data, by=by, source=Source.SURVEY, request=request)
    status = answers.get(Question.STATUS) or ""
    scope, place = answers.get("work_scope", ""), answers.get("work_place", "")
    if not status and (scope or place):
        status = worker.status  # only where they work was asked: the status stays as it is
    if Question.INSURANCE in answers:
        record_insurance(
            worker,
            answers[Question.INSURANCE],
            as_of=day,
            source=Source.SURVEY,
            by=by,
            request=request,
        )
    event = None
    if status:
        event = record_status(
            worker,
            status=status,
            occurred_on=day,
            source=Source.SURVEY,
            by=by,
            work_scope=scope,
            work_place=place[:200],
        )
    return worker, event


def add_person(campaign: SurveyCampaign, data: dict, *, by, request=None) -> Worker:
    """Register a person the registry did not have, in a village of the survey (and of the
    clerk's area). A number already registered is refused: find the person in the list."""
    check_writer(by, "surveys.write.refused", request=request, obj=campaign)
    if campaign.closed_at is not None:
        raise SurveyError(_("This survey is closed: no more visits can be recorded."))
    village = data["region_id"]
    area = "" if by.is_superuser else by.region_id
    if not covers(campaign.region_id, village) or not covers(area, village):
        raise SurveyError(_("Choose a village of the survey and of your area."), field="region")
    if id_number_taken(data["id_number"]):
        raise SurveyError(
            _("This ID number is already registered: find the person in the list."),
            field="id_number",
        )
    with area_scope(village), transaction.atomic():
        worker, _outcome = register_worker(data, by=by, source=Source.SURVEY, request=request)
        log_action(
            "surveys.person.added",
            request=request,
            actor=by,
            obj=campaign,
            region_code=village,
            detail={"worker": worker.pk},
        )
    return worker
