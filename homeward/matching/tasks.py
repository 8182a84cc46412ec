"""Background work of the matching engine (django-tasks; the database queue in embedded mode)."""

from django_tasks import task

from homeward.jobs.models import Posting
from homeward.scoping import unscoped
from homeward.workers.models import Worker

from .services import place_worker, refresh_posting_matches


@task()
def refresh_posting(posting_id: int) -> int:
    """Recompute a posting's matched workers after it was published or edited."""
    with unscoped():
        posting = Posting.objects.filter(pk=posting_id).first()
        if posting is None:
            return 0
        return len(refresh_posting_matches(posting).matches)


@task()
def place_worker_in_matches(worker_id: int) -> int:
    """Put a new or edited worker into the matched lists of the postings that fit them."""
    with unscoped():
        worker = Worker.objects.filter(pk=worker_id).first()
        return place_worker(worker) if worker is not None else 0


@task()
def run_area(area: str) -> int:
    """Recompute the matched workers of every open posting in `area` (a staff button)."""
    from .services import run_matching

    return run_matching(area)["postings"]
