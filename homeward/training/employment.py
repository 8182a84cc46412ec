"""Employment after training (培训后就业率) counted from records: the completions of courses,
the hires of `placements` and the status events of the registry, through the pure arithmetic of
`outcomes.py`. Nothing here is stored or typed: each rate comes with its people.

Callers pass the courses (a queryset already limited to the viewer's area); the people's hires
and status events are read for those people alone, wherever they were recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from homeward.placements.models import Application
from homeward.placements.models import Status as ApplicationStatus
from homeward.regions.codes import county_of
from homeward.workers.models import StatusEvent

from .models import Course, Enrolment
from .outcomes import WORKING_STATUSES, Completion, Outcome, Rate, Start, outcomes, rates_by


@dataclass
class Report:
    total: Rate
    by_course: dict  # Course → Rate
    by_provider: dict  # Provider → Rate
    by_county: dict  # county code → Rate
    rows: list  # (Outcome, Enrolment)


def starts_of(worker_ids) -> list[Start]:
    """Every start of work of these people: hires with their hire date, and status events to a
    working status with their date."""
    worker_ids = list(worker_ids)
    hires = Application._base_manager.filter(
        worker_id__in=worker_ids, status=ApplicationStatus.HIRED, hired_on__isnull=False
    ).values_list("worker_id", "hired_on")
    events = StatusEvent._base_manager.filter(
        worker_id__in=worker_ids, status__in=WORKING_STATUSES
    ).values_list("worker_id", "occurred_on")
    return [Start(w, d, "hire") for w, d in hires] + [Start(w, d, "status") for w, d in events]


def report(courses, today=None) -> Report:
    today = today or timezone.localdate()
    enrolments = list(
        Enrolment._base_manager.filter(
            course__in=courses.values("pk"), status=Enrolment.Status.COMPLETED
        ).select_related("course__provider", "worker", "course__region")
    )
    by_id = {e.pk: e for e in enrolments}
    completions = [Completion(e.pk, e.worker_id, e.completed_on) for e in enrolments]
    found = outcomes(completions, starts_of({e.worker_id for e in enrolments}), today)
    course_of = {e.pk: e.course for e in enrolments}

    def course(o: Outcome):
        return course_of[o.completion.enrolment]

    return Report(
        total=Rate(found),
        by_course=rates_by(found, course),
        by_provider=rates_by(found, lambda o: course(o).provider),
        by_county=rates_by(found, lambda o: county_of(course(o).region_id)),
        rows=[(o, by_id[o.completion.enrolment]) for o in found],
    )


def course_rate(course: Course, today=None) -> Rate:
    return report(Course._base_manager.filter(pk=course.pk), today).total
