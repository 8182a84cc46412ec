from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "homeward.matching"
    verbose_name = _("Job matching")

    def ready(self):
        # A saved or deleted posting or employer retires the postings' generation: the portal
        # home's remembered stamps (matching/cache.py) are read again in every process.
        from django.db.models.signals import post_delete, post_save

        from homeward.employers.models import Employer
        from homeward.jobs.models import Posting

        from .cache import postings_changed

        for model in (Posting, Employer):
            post_save.connect(postings_changed, sender=model, dispatch_uid=f"stamp-{model}")
            post_delete.connect(postings_changed, sender=model, dispatch_uid=f"stamp-del-{model}")
