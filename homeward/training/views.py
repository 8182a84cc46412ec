"""Staff pages of training: providers, courses with their roster, the proposals and invitations,
attendance on a phone, assessments and certificates, employment after training with its people,
and labour brands. Thin: scoped lookup (404 outside the area) → form → one service call."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.accounts.decorators import writers_only
from homeward.regions.models import Region
from homeward.scoping import limit_to_area
from homeward.workers.models import Worker

from . import brands, employment, proposals, services
from .forms import (
    AssessmentForm,
    BrandForm,
    CertificateForm,
    CompleteForm,
    CourseForm,
    DayForm,
    EnrolForm,
    ProviderForm,
    SiteFairForm,
)
from .models import Attendance, Brand, Course, Enrolment, Provider


def _places():
    return Region.objects.filter(level__in=["county", "town", "village"])[:2000]


def _form_page(request, form, obj, title, template="training/form.html"):
    return render(
        request, template, {"form": form, "obj": obj, "title": title, "places": _places()}
    )


def _save(request, form, save, done, title, obj):
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form, by=request.user, request=request)
        except services.TrainingError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect(done, pk=saved.pk)
    return _form_page(request, form, obj, title)


# Providers -------------------------------------------------------------------------------------


@login_required
@require_safe
def provider_list(request):
    rows = Provider.objects.select_related("region")
    return render(request, "training/providers.html", {"providers": rows, "title": _("Providers")})


@login_required
@require_safe
def provider_detail(request, pk: int):
    provider = get_object_or_404(Provider.objects.select_related("region"), pk=pk)
    courses = Course.objects.filter(provider=provider)
    rate = employment.report(courses).total
    return render(
        request,
        "training/provider.html",
        {
            "provider": provider,
            "courses": courses,
            "rate": rate,
            "people_url": _people_url(provider=provider.pk),
            "title": provider.name,
        },
    )


@login_required
@writers_only
def provider_create(request):
    return _provider_form(request, Provider())


@login_required
@writers_only
def provider_edit(request, pk: int):
    return _provider_form(request, get_object_or_404(Provider.objects, pk=pk))


def _provider_form(request, provider):
    form = ProviderForm(request.POST or None, instance=provider, area=request.area)
    title = provider.name if provider.pk else _("New provider")
    return _save(request, form, services.save_provider, "training:provider", title, provider)


# Courses ---------------------------------------------------------------------------------------


@login_required
@require_safe
def course_list(request):
    rows = Course.objects.select_related("provider", "region").order_by("-starts_on", "pk")
    return render(request, "training/courses.html", {"courses": rows, "title": _("Courses")})


def _course(pk: int) -> Course:
    return get_object_or_404(
        Course.objects.select_related("provider", "region", "employer", "brand"), pk=pk
    )


@login_required
@require_safe
def course_detail(request, pk: int):
    course = _course(pk)
    roster = Enrolment.objects.filter(course=course).select_related("worker", "certificate")
    return render(
        request,
        "training/course.html",
        {
            "course": course,
            "roster": roster,
            "taken": sum(1 for e in roster if e.status != Enrolment.Status.DROPPED),
            "rate": employment.course_rate(course),
            "people_url": _people_url(course=course.pk),
            "proposals": proposals.people_for_course(course)
            if course.ends_on >= timezone.localdate()
            else [],
            "enrol_form": EnrolForm(),
            "site_fair_form": SiteFairForm(initial={"on": timezone.localdate()}),
            "site_hires": services.site_fair_hires(course),
            "title": course.title,
        },
    )


@login_required
@writers_only
@require_POST
def course_site_fair(request, pk: int):
    """培训即就业: open the course's training-site fair, then go to it to add employers' booths."""
    course = _course(pk)
    form = SiteFairForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("training:course", pk=course.pk)
    try:
        fair = services.open_site_fair(
            course, on=form.cleaned_data["on"], by=request.user, request=request
        )
    except services.TrainingError as error:
        messages.error(request, str(error))
        return redirect("training:course", pk=course.pk)
    messages.success(request, _("The training-site fair is open: add the employers' booths."))
    return redirect("fairs:detail", pk=fair.pk)


@login_required
@writers_only
def course_create(request):
    return _course_form(request, Course())


@login_required
@writers_only
def course_edit(request, pk: int):
    return _course_form(request, get_object_or_404(Course.objects, pk=pk))


def _course_form(request, course):
    form = CourseForm(request.POST or None, instance=course, area=request.area)
    title = course.title if course.pk else _("New course")
    return _save(request, form, services.save_course, "training:course", title, course)


@login_required
@writers_only
@require_POST
def course_enrol(request, pk: int):
    """Staff put a person of their area on the roster: by ID number, mobile or name, or by the
    proposal's button (the person's record id)."""
    course = _course(pk)
    worker = _person(request)
    if worker is not None:
        try:
            services.enrol(
                course, worker, source=Enrolment.Source.STAFF, by=request.user, request=request
            )
        except services.TrainingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(name)s is enrolled.") % {"name": worker.name})
    return redirect("training:course", pk=course.pk)


def _person(request):
    if request.POST.get("worker", "").isdigit():
        return get_object_or_404(Worker.objects, pk=int(request.POST["worker"]))
    form = EnrolForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the person's ID number, mobile or name."))
        return None
    found = list(Worker.objects.search(form.cleaned_data["person"])[:2])
    if len(found) != 1:
        messages.error(
            request,
            _("No one of your area is found by this.")
            if not found
            else _("More than one person is found: give the ID number."),
        )
        return None
    return found[0]


@login_required
@writers_only
@require_POST
def course_invite(request, pk: int):
    course = _course(pk)
    ids = [int(i) for i in request.POST.getlist("worker") if i.isdigit()]
    people = Worker.objects.filter(pk__in=ids)
    try:
        sent = services.invite_to_course(course, people, by=request.user, request=request)
    except services.TrainingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(count)s invitations sent.") % {"count": len(sent)})
    return redirect("training:course", pk=course.pk)


@login_required
@writers_only
def course_attendance(request, pk: int):
    """The roll of one day, made for a phone: a tick per person, one button."""
    course = _course(pk)
    form = DayForm(request.POST or request.GET or None)
    day = form.cleaned_data["day"] if form.is_valid() else min(timezone.localdate(), course.ends_on)
    active = Enrolment.objects.filter(
        course=course, status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.ATTENDING]
    ).select_related("worker")
    if request.method == "POST" and form.is_valid():
        present = {int(i) for i in request.POST.getlist("present") if i.isdigit()}
        try:
            count = services.mark_attendance(
                course, day=day, present=present, by=request.user, request=request
            )
        except services.TrainingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(count)s present.") % {"count": count})
            return redirect("training:course", pk=course.pk)
    marked = dict(
        Attendance.objects.filter(enrolment__course=course, day=day).values_list(
            "enrolment_id", "present"
        )
    )
    rows = [(e, marked.get(e.pk, True)) for e in active]
    return render(
        request,
        "training/attendance.html",
        {"course": course, "rows": rows, "day": day, "title": _("Attendance")},
    )


# Enrolments ------------------------------------------------------------------------------------


def _enrolment(pk: int) -> Enrolment:
    return get_object_or_404(Enrolment.objects.select_related("course__provider", "worker"), pk=pk)


@login_required
@require_safe
def enrolment_detail(request, pk: int):
    enrolment = _enrolment(pk)
    today = timezone.localdate()
    return render(
        request,
        "training/enrolment.html",
        {
            "enrolment": enrolment,
            "attendance": Attendance.objects.filter(enrolment=enrolment),
            "assessments": enrolment.assessments.all(),
            "certificate": getattr(enrolment, "certificate", None),
            "complete_form": CompleteForm(initial={"completed_on": today}),
            "assessment_form": AssessmentForm(initial={"assessed_on": today, "passed": "yes"}),
            "certificate_form": CertificateForm(initial={"issued_on": today}),
            "title": enrolment.worker.name,
        },
    )


def _enrolment_post(request, pk, form_class, call, done):
    enrolment = _enrolment(pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the form: %(errors)s") % {"errors": _errors(form)})
    else:
        try:
            call(enrolment, form.cleaned_data)
        except (services.TrainingError, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, done)
    return redirect("training:enrolment", pk=enrolment.pk)


def _errors(form) -> str:
    return "；".join(f"{form.fields[f].label}：{' '.join(e)}" for f, e in form.errors.items())


@login_required
@writers_only
@require_POST
def enrolment_complete(request, pk: int):
    return _enrolment_post(
        request,
        pk,
        CompleteForm,
        lambda e, d: services.complete_enrolment(
            e, completed_on=d["completed_on"], by=request.user, request=request
        ),
        _("Marked as completed."),
    )


@login_required
@writers_only
@require_POST
def enrolment_drop(request, pk: int):
    enrolment = _enrolment(pk)
    try:
        services.drop_enrolment(enrolment, by=request.user, request=request)
    except services.TrainingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Marked as dropped."))
    return redirect("training:enrolment", pk=enrolment.pk)


@login_required
@writers_only
@require_POST
def enrolment_assess(request, pk: int):
    return _enrolment_post(
        request,
        pk,
        AssessmentForm,
        lambda e, d: services.record_assessment(
            e,
            assessed_on=d["assessed_on"],
            passed=d["passed"],
            score=d["score"],
            by=request.user,
            request=request,
        ),
        _("Assessment recorded."),
    )


@login_required
@writers_only
@require_POST
def enrolment_certify(request, pk: int):
    return _enrolment_post(
        request,
        pk,
        CertificateForm,
        lambda e, d: services.issue_certificate(
            e, number=d["number"], issued_on=d["issued_on"], by=request.user, request=request
        ),
        _("Certificate issued."),
    )


# Employment after training ---------------------------------------------------------------------


@login_required
@require_safe
def outcomes(request):
    report = employment.report(Course.objects.all())
    counties = dict(Region.tree.filter(code__in=list(report.by_county)).values_list("code", "name"))
    return render(
        request,
        "training/outcomes.html",
        {
            "report": report,
            "base_url": _people_url(),
            "by_course": [
                (c, r, _people_url(course=c.pk))
                for c, r in sorted(report.by_course.items(), key=lambda kv: kv[0].title)
            ],
            "by_provider": [
                (p, r, _people_url(provider=p.pk))
                for p, r in sorted(report.by_provider.items(), key=lambda kv: kv[0].name)
            ],
            "by_county": [
                (counties.get(code, code), r, _people_url(county=code))
                for code, r in sorted(report.by_county.items())
            ],
            "title": _("Employment after training"),
        },
    )


def _people_url(**query) -> str:
    """The list of people behind a rate; `_rate.html` adds `&which=…`."""
    return f"{reverse('training:outcome-people')}?{urlencode(query)}"


@login_required
@require_safe
def outcome_people(request):
    """The people behind a rate: all who completed, or those employed, not employed, pending."""
    courses = Course.objects.all()
    label = _("All courses")
    if request.GET.get("course", "").isdigit():
        course = get_object_or_404(Course.objects, pk=int(request.GET["course"]))
        courses, label = courses.filter(pk=course.pk), course.title
    elif request.GET.get("provider", "").isdigit():
        provider = get_object_or_404(Provider.objects, pk=int(request.GET["provider"]))
        courses, label = courses.filter(provider=provider), provider.name
    elif request.GET.get("county", "").isdigit():
        county = get_object_or_404(Region.objects, code=request.GET["county"])
        courses, label = limit_to_area(courses, county.code), county.name
    which = request.GET.get("which", "all")
    if which not in {"all", "employed", "not_employed", "pending"}:
        raise Http404
    rows = employment.report(courses).rows
    if which == "employed":
        rows = [r for r in rows if r[0].employed_on]
    elif which == "not_employed":
        rows = [r for r in rows if not r[0].employed_on]
    elif which == "pending":
        rows = [r for r in rows if r[0].pending]
    return render(
        request,
        "training/outcome_people.html",
        {"rows": rows, "label": label, "which": which, "title": _("People behind the rate")},
    )


# Labour brands ---------------------------------------------------------------------------------


@login_required
@require_safe
def brand_list(request):
    rows = Brand.objects.select_related("region")
    return render(request, "training/brands.html", {"brands": rows, "title": _("Labour brands")})


@login_required
@require_safe
def brand_detail(request, pk: int):
    brand = get_object_or_404(Brand.objects.select_related("region"), pk=pk)
    return render(
        request,
        "training/brand.html",
        {
            "brand": brand,
            "figures": brands.figures(brand),
            "jobs": brands.jobs(brand, limit=20),
            "title": brand.name,
        },
    )


@login_required
@writers_only
def brand_create(request):
    return _brand_form(request, Brand())


@login_required
@writers_only
def brand_edit(request, pk: int):
    return _brand_form(request, get_object_or_404(Brand.objects, pk=pk))


def _brand_form(request, brand):
    form = BrandForm(request.POST or None, instance=brand, area=request.area)
    title = brand.name if brand.pk else _("New labour brand")
    return _save(request, form, services.save_brand, "training:brand", title, brand)
