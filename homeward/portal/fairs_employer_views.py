"""The employer's pages of job fairs under /e/fairs: the fairs open for sign-up in the employer's
area, signing up a booth with the employer's published postings (staff approve it), and, at an
approved booth, recording an intention (达成意向) with a person by their ID number.

Portal requests have no area: fairs are read through the base manager, limited to those whose
organising area holds the employer's place and which are not over; booths through the ownership
filter `employer=request.employer` (another employer's booth answers 404). The writes are the
fairs services', which run in the fair's area and refuse a posting not at the booth.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from homeward.crypto import hash_filter, mask_name
from homeward.fairs import services
from homeward.fairs.forms import IntentionForm
from homeward.fairs.models import Booth, BoothStatus, Fair, Intention
from homeward.jobs.models import Posting, PostingQuerySet
from homeward.placements.services import ApplicationError
from homeward.regions.codes import ancestor_codes
from homeward.workers.models import Worker

from .identity import employer_required


class SignUpForm(forms.Form):
    postings = forms.ModelMultipleChoiceField(
        label=gettext_lazy("job postings"),
        queryset=Posting._base_manager.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one job posting to bring.")},
    )

    def __init__(self, *args, postings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postings"].queryset = postings
        self.fields["postings"].label_from_instance = lambda p: p.title


def _open_fairs(employer):
    """Fairs of the employer's area (their county, city …) that are not over."""
    areas = [*ancestor_codes(employer.region_id), employer.region_id]
    return (
        Fair._base_manager.filter(region_id__in=areas, ends_on__gte=timezone.localdate())
        .select_related("region")
        .order_by("starts_on", "pk")
    )


def _offered(employer):
    return PostingQuerySet(Posting).filter(employer=employer).on_offer(timezone.localdate())


def _at_booth(booth) -> PostingQuerySet:
    """The booth's postings, read past the posting's area (portal requests have none)."""
    return PostingQuerySet(Posting).filter(booths=booth).order_by("pk")


def _own_booth(request, fair) -> Booth | None:
    return Booth._base_manager.filter(fair=fair, employer=request.employer).first()


@require_safe
@employer_required
def fair_list(request):
    fairs = list(_open_fairs(request.employer))
    booths = {
        b.fair_id: b for b in Booth._base_manager.filter(employer=request.employer, fair__in=fairs)
    }
    for fair in fairs:
        fair.booth = booths.get(fair.pk)
    context = {"fairs": fairs, "title": _("Job fairs")}
    return render(request, "portal/employer/fairs.html", context)


@require_http_methods(["GET", "POST"])
@employer_required
def fair_detail(request, pk: int):
    fair = get_object_or_404(_open_fairs(request.employer), pk=pk)
    booth = _own_booth(request, fair)
    initial = {"postings": list(_at_booth(booth).values_list("pk", flat=True))} if booth else {}
    form = SignUpForm(
        request.POST if request.method == "POST" else None,
        postings=_offered(request.employer),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_up_booth(
                fair,
                request.employer,
                form.cleaned_data["postings"],
                employer_user=request.employer_user,
                request=request,
            )
        except services.FairError as error:
            form.add_error("postings" if error.field == "postings" else None, str(error))
        else:
            messages.success(
                request, _("Your booth is signed up: staff of the fair will review it.")
            )
            return redirect("portal:employer-fair", pk=fair.pk)
    intentions = []
    if booth is not None and booth.status == BoothStatus.APPROVED:
        intentions = list(
            Intention._base_manager.filter(booth=booth)
            .select_related("worker", "posting")
            .only("worker__name", "posting__title", "at")
            .order_by("-pk")[:50]
        )
        for intention in intentions:
            intention.masked = mask_name(intention.worker.name)
    context = {
        "fair": fair,
        "booth": booth,
        "form": form,
        "approved": booth is not None and booth.status == BoothStatus.APPROVED,
        "booth_postings": _at_booth(booth) if booth else [],
        "intention_form": IntentionForm(),
        "intentions": intentions,
        "title": fair.title,
    }
    return render(request, "portal/employer/fair.html", context)


@require_POST
@employer_required
def intention_add(request, pk: int):
    booth = get_object_or_404(
        Booth._base_manager.select_related("fair").filter(
            employer=request.employer, status=BoothStatus.APPROVED
        ),
        pk=pk,
    )
    fair = booth.fair
    form = IntentionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("portal:employer-fair", pk=fair.pk)
    worker = Worker._base_manager.filter(
        **hash_filter(Worker, "id_number", form.cleaned_data["id_number"])
    ).first()
    posting = _at_booth(booth).filter(pk=form.cleaned_data["posting"]).first()
    if worker is None:
        messages.error(
            request, _("No one with this ID number is in the registry: check them in first.")
        )
    elif posting is None:
        messages.error(request, _("This job is not at an approved booth of this fair."))
    else:
        try:
            _intention, created = services.record_intention(
                fair, worker, posting, employer_user=request.employer_user, request=request
            )
        except (services.FairError, ApplicationError) as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Intention recorded: %(name)s and “%(job)s”.")
                % {"name": mask_name(worker.name), "job": posting.title},
            )
    return redirect("portal:employer-fair", pk=fair.pk)
