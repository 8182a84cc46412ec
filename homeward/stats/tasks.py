"""The statistics' refresh on the task queue: asked for by the pages that read the summary
table when it is older than a minute, at most one waiting at a time."""

from django.core.cache import cache
from django.db import transaction
from django_tasks import task

from .services import refresh

PENDING = "stats:refresh-pending"


@task()
def refresh_figures() -> dict:
    cache.delete(PENDING)
    return refresh()


def refresh_soon() -> bool:
    """Queue a refresh after this transaction commits, unless one is already waiting."""
    if not cache.add(PENDING, 1, timeout=300):
        return False
    transaction.on_commit(refresh_figures.enqueue)
    return True
