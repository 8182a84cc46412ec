"""Who is proposed which course: people who wished for training (a training wish written on
their record or the portal, or training among their service needs), and the courses whose trade
and place fit them (`fit.py`: the matching engine's occupation fit and distance).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from homeward.regions.codes import city_of, province_of
from homeward.scoping import limit_to_area
from homeward.workers.models import Worker

from .fit import Fit, course_fit
from .models import Course, Enrolment, Invitation

# People considered for one course, nearest the course first (a page shows the best of them).
MOST_PEOPLE = 2000
WISH_FIELDS = (
    "pk",
    "name",
    "region_id",
    "training_wish",
    "occupation",
    "service_needs",
    "consents_to_contact",
    "birth_date",
)


def wished_for_training():
    """The condition "this person wished for training"."""
    needs = Q(service_needs="training") | Q(service_needs__startswith="training,")
    needs |= Q(service_needs__endswith=",training") | Q(service_needs__contains=",training,")
    return ~Q(training_wish="") | needs


def fit_of(worker: Worker, course: Course) -> Fit | None:
    return course_fit(
        training_wish=worker.training_wish,
        occupation=worker.occupation,
        home=worker.region_id,
        course_occupation=course.occupation,
        place=course.region_id,
        online=course.place_kind == Course.Place.ONLINE,
    )


@dataclass
class Proposal:
    worker: Worker
    fit: Fit
    invited: bool


def people_for_course(course: Course, *, limit: int = 50) -> list[Proposal]:
    """The people of the current area who wished for training and whom the course fits, best
    first; those already on its roster are left out, those already invited are marked."""
    near = (
        province_of(course.region_id)
        if course.place_kind == Course.Place.ONLINE
        else city_of(course.region_id)
    )
    enrolled = Enrolment._base_manager.filter(course=course).exclude(
        status=Enrolment.Status.DROPPED
    )
    people = (
        limit_to_area(Worker.objects.filter(wished_for_training()), near)
        .exclude(pk__in=enrolled.values("worker_id"))
        .only(*WISH_FIELDS)[:MOST_PEOPLE]
    )
    invited = set(
        Invitation._base_manager.filter(course=course).values_list("worker_id", flat=True)
    )
    found = []
    for worker in people:
        fit = fit_of(worker, course)
        if fit is not None:
            found.append(Proposal(worker, fit, worker.pk in invited))
    found.sort(key=lambda p: (-p.fit.score, p.worker.name, p.worker.pk))
    return found[:limit]


def courses_for_worker(worker: Worker, *, limit: int = 10) -> list[tuple[Course, Fit]]:
    """Open courses of the person's province (and online ones) that fit them, best first."""
    today = timezone.localdate()
    near = limit_to_area(Course._base_manager.all(), province_of(worker.region_id)).values("pk")
    courses = (
        Course._base_manager.filter(ends_on__gte=today)
        .filter(Q(pk__in=near) | Q(place_kind="online"))
        .select_related("provider")
        .exclude(enrolments__worker=worker)
    )[:500]
    found = [(c, f) for c in courses if (f := fit_of(worker, c)) is not None]
    found.sort(key=lambda pair: (-pair[1].score, pair[0].starts_on, pair[0].pk))
    return found[:limit]
