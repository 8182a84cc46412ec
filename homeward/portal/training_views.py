"""The worker's training pages: my courses (invitations, proposals, enrolments, certificates),
a course's page with the one-tap enrolment, and a labour brand's public page with its jobs.

Courses and brands are public offerings (like published postings): read on the base manager.
A person's own enrolments, invitations and certificates are read by an explicit owner filter.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from homeward.training import brands, proposals, services
from homeward.training.models import Brand, Certificate, Course, Enrolment, Invitation

from . import identity
from .identity import worker_required


def _render(request, template, context):
    context.setdefault("portal_worker", getattr(request, "worker", None))
    return render(request, template, context)


@worker_required
def my_courses(request):
    worker = request.worker
    enrolments = Enrolment._base_manager.filter(worker=worker).select_related("course__provider")
    enrolled = {e.course_id for e in enrolments}
    invitations = [
        i
        for i in Invitation._base_manager.filter(
            worker=worker, course__ends_on__gte=timezone.localdate()
        ).select_related("course__provider")
        if i.course_id not in enrolled
    ]
    invited = {i.course_id for i in invitations}
    proposed = [c for c, _fit in proposals.courses_for_worker(worker) if c.pk not in invited]
    return _render(
        request,
        "portal/training/courses.html",
        {
            "enrolments": enrolments,
            "invitations": invitations,
            "proposed": proposed,
            "certificates": Certificate._base_manager.filter(worker=worker).order_by("-issued_on"),
            "tab": "me",
            "title": _("My courses"),
        },
    )


def course(request, pk: int):
    request.worker = identity.signed_in_worker(request)
    course = get_object_or_404(Course._base_manager.select_related("provider", "region"), pk=pk)
    enrolment = None
    if request.worker is not None:
        enrolment = Enrolment._base_manager.filter(worker=request.worker, course=course).first()
    taken = (
        Enrolment._base_manager.filter(course=course)
        .exclude(status=Enrolment.Status.DROPPED)
        .count()
    )
    return _render(
        request,
        "portal/training/course.html",
        {
            "course": course,
            "enrolment": enrolment,
            "places_left": max(course.capacity - taken, 0),
            "open": course.ends_on >= timezone.localdate(),
            "tab": "me",
            "title": course.title,
        },
    )


@require_POST
def enrol(request, pk: int):
    course = get_object_or_404(Course._base_manager, pk=pk)
    request.worker = identity.signed_in_worker(request)
    if request.worker is None:
        page = reverse("portal:course", args=[pk])
        return redirect(f"{reverse('portal:signin')}?next={page}")
    invited = Invitation._base_manager.filter(worker=request.worker, course=course).exists()
    try:
        services.enrol(
            course,
            request.worker,
            source=Enrolment.Source.INVITATION if invited else Enrolment.Source.PORTAL,
            request=request,
        )
    except services.TrainingError as error:
        messages.error(request, str(error))
        return redirect("portal:course", pk=pk)
    messages.success(
        request, _("Enrolled. The course starts on %(day)s.") % {"day": course.starts_on}
    )
    return redirect("portal:my-courses")


def brand(request, pk: int):
    request.worker = identity.signed_in_worker(request)
    brand = get_object_or_404(Brand._base_manager.select_related("region"), pk=pk)
    today = timezone.localdate()
    courses = Course._base_manager.filter(brand=brand, ends_on__gte=today).order_by("starts_on")
    return _render(
        request,
        "portal/training/brand.html",
        {
            "brand": brand,
            "members": len(brands.member_ids(brand)),
            "courses": courses,
            "jobs": brands.jobs(brand),
            "tab": "jobs",
            "title": brand.name,
        },
    )
