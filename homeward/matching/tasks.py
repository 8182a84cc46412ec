"""Background work of the matching engine (django-tasks; the database queue in embedded mode)."""

from django_tasks import task

from homeward.jobs.models import Posting
from homeward.scoping import unscoped

from .services import refresh_posting_matches


@task()
def refresh_posting(posting_id: int) -> int:
    """Recompute a posting's matched workers after it was published or edited."""
    with unscoped():
        posting = Posting.objects.filter(pk=posting_id).first()
        if posting is None:
            return 0
        return len(refresh_posting_matches(posting).matches)
