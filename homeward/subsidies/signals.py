"""The scan after the events that matter (issue 12): a hire, a recorded follow-up or a new
certificate queues a background scan of that person's candidates once the write commits.

Connected in `SubsidiesConfig.ready` to Django's own `post_save` of the other apps' models
(placements.Application hired, followups.FollowUp with a result, training.Certificate created),
so no other app's service calls into subsidies. The scan itself is `tasks.scan_person_job`
(django-tasks), enqueued on `transaction.on_commit`, like follow-ups after a hire.
"""

from functools import partial

from django.db import transaction


def queue_scan(worker_id: int | None) -> None:
    """Enqueue the person's scan after the current transaction commits (at once outside one)."""
    if not worker_id:
        return
    from .tasks import scan_person_job

    transaction.on_commit(partial(scan_person_job.enqueue, worker_id), robust=True)


def hire_saved(sender, instance, **kwargs):
    if instance.status == "hired":
        queue_scan(instance.worker_id)


def followup_saved(sender, instance, **kwargs):
    if instance.result:
        queue_scan(instance.worker_id)


def certificate_saved(sender, instance, created=False, **kwargs):
    if created:
        queue_scan(instance.worker_id)


def connect() -> None:
    from django.db.models.signals import post_save

    from homeward.followups.models import FollowUp
    from homeward.placements.models import Application
    from homeward.training.models import Certificate

    post_save.connect(hire_saved, sender=Application, dispatch_uid="subsidies-scan-hire")
    post_save.connect(followup_saved, sender=FollowUp, dispatch_uid="subsidies-scan-followup")
    post_save.connect(
        certificate_saved, sender=Certificate, dispatch_uid="subsidies-scan-certificate"
    )
