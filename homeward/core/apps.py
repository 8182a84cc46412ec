from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# Django's form label suffix; the zh_Hans catalogue makes it full-width "：".
LABEL_SUFFIX = gettext_noop(":")


class CoreConfig(AppConfig):
    """The floor every app stands on: the staff shell, the admin base class, bulk loads, Excel,
    middleware, backup (system checks live with the app they check). It imports no domain app (commands that do: operations)."""

    name = "homeward.core"
    verbose_name = _("Homeward")

    def ready(self):
        from django.db.models.signals import pre_save
        from django_tasks_db.models import DBTaskResult

        from homeward.crypto import guard_task_result

        # The task queue's stored rows hold no full ID or phone number (crypto, S12).
        pre_save.connect(
            guard_task_result,
            sender=DBTaskResult,
            dispatch_uid="homeward.crypto.guard_task_result",
        )
