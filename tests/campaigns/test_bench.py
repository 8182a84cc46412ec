"""`homeward bench push` on a small audience: it measures, and leaves nothing behind."""

import pytest
from django.core.management import call_command

from homeward.campaigns.models import Campaign, Delivery
from homeward.outreach.models import OutboxMessage
from homeward.regions.models import Region
from homeward.workers.models import Worker

from .conftest import open_job

pytestmark = pytest.mark.django_db


def test_bench_push_measures_and_cleans_up(capsys):
    open_job()
    workers, regions = Worker.objects.count(), Region.tree.count()
    call_command("bench", "push", "--people", "300", "--repeat", "2", "--no-portal")
    out = capsys.readouterr().out
    assert "a campaign to 300 people (sms)" in out
    assert "run 2: queue 300 rows" in out
    for line in ("queued", "dispatched", "ceiling", "dispatch / ceiling"):
        assert line in out
    assert Worker.objects.count() == workers and Region.tree.count() == regions
    assert not Campaign.objects.exists() and not Delivery.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_bench_push_needs_open_jobs():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no open job"):
        call_command("bench", "push", "--people", "10", "--no-portal")
