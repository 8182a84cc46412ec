"""Background work of placements (django-tasks; the database queue in embedded mode)."""

from django_tasks import task

from .services import send_hired_sms


@task()
def hired_sms(application_id: int) -> str:
    """A hire's SMS held over the quiet hours, sent at their end (08:00 Beijing time)."""
    return send_hired_sms(application_id)
