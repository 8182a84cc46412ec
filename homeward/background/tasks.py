"""The background app's own task: delete result files once their retention has run out."""

from django_tasks import task

from .services import purge_expired


@task()
def purge_results() -> int:
    """Run at each result file's expiry (`services.finish` schedules it) and after every job."""
    return purge_expired()
