"""Background work of push campaigns (django-tasks; the database queue in the embedded mode).

`send_batch` sends one batch of a campaign's due messages; `start_campaign` enqueues enough of
them for the whole audience, and a batch enqueues another for its retries and after the quiet
hours. `watch_campaign` comes back every CAMPAIGN_WATCH_SECONDS while the campaign is sending, to
pick up what a killed worker left behind, and stops when it is done. The logic is in services.py.
"""

from django_tasks import task

from . import services


@task()
def send_batch(campaign_id: int) -> dict:
    return services.dispatch_batch(campaign_id)


@task()
def watch_campaign(campaign_id: int, token: str) -> str:
    return services.watch(campaign_id, token)
