"""The demo: a commission per seed city with cases in every stage, filled once.

The demo dates its cases back from today, and its deadlines (hearing notice, award limit) run
weeks ahead: the clock is stopped on a day whose deadlines stay inside the held holiday
calendar (2026), so the test does not fail when today's deadlines run into 2027."""

import datetime

import time_machine

from homeward.disputes.demo_data import fill_disputes
from homeward.disputes.models import Commission, Dispute, MediationReview, Party, Stage
from tests.factories import CITY, TOWN, VILLAGE, make_employer, make_worker

MONDAY = datetime.datetime(
    2026, 11, 2, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
)


@time_machine.travel(MONDAY, tick=False)
def test_a_commission_with_cases_in_every_stage_once(db):
    from django.utils import timezone

    from .conftest import jiangsu_average

    jiangsu_average(timezone.localdate().year - 1)  # the simple case's limit (seeded, or flushed)
    for i in range(16):
        make_worker(VILLAGE, sequence=100 + i)
    make_employer(TOWN)
    made = fill_disputes([CITY, "5110"])  # 内江 has no workers in the test map: skipped
    commission = Commission.objects.get(region_id=CITY)
    assert commission.prefix == "宿劳人仲案字"
    stages = set(Dispute.objects.filter(commission=commission).values_list("stage", flat=True))
    assert stages == set(Stage.values)  # every stage, a withdrawn application included
    assert made == Dispute.objects.count()
    assert Dispute.objects.filter(is_collective=True).count() == 1
    assert Dispute.objects.filter(procedure="simple").count() == 1
    assert MediationReview.objects.filter(outcome="confirmed").count() == 1
    assert MediationReview.objects.filter(outcome="pending").count() == 1
    assert Party.objects.filter(role="agent", authorisation__isnull=False).count() == 2
    assert fill_disputes([CITY]) == 0
