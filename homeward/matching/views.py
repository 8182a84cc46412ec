"""Referrals and refreshes from the staff pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from homeward.accounts.decorators import writers_only
from homeward.core.redirects import safe_next
from homeward.jobs.models import Posting
from homeward.scoping import unscoped
from homeward.workers.models import Worker

from .services import refer_worker
from .tasks import refresh_later, run_area_later


def _back(request, fallback):
    return redirect(safe_next(request, fallback))


@login_required
@writers_only
@require_POST
def refer(request, worker: int, posting: int):
    """Refer a worker of the user's area to an open posting (anywhere: postings are public)."""
    person = get_object_or_404(Worker.objects, pk=worker)
    with unscoped():
        job = Posting.objects.filter(pk=posting, status="published").first()
    if job is None:
        raise Http404
    if refer_worker(person, job, by=request.user, request=request) is None:
        messages.info(
            request, _("%(name)s was already referred to this job.") % {"name": person.name}
        )
    else:
        messages.success(
            request, _("%(name)s is referred to %(job)s.") % {"name": person.name, "job": job.title}
        )
    return _back(request, reverse("workers:detail", args=[person.pk]))


@login_required
@writers_only
@require_POST
def refresh(request, posting: int):
    job = get_object_or_404(Posting.objects, pk=posting)
    refresh_later(job, by=request.user)  # the posting's page follows the job's progress
    return redirect("jobs:detail", pk=job.pk)


@login_required
@writers_only
@require_POST
def run(request):
    """Recompute every open posting's matched workers in the user's area, in the background."""
    job = run_area_later(request.area or "", by=request.user)
    return redirect("background:job", pk=job.pk)
