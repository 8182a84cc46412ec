"""The demo's targets and checklist, written through the services, once."""

from homeward.targets.demo_data import fill_targets
from homeward.targets.models import ProgressUpdate, Snapshot, StaffMessage, Supervision, Target
from tests.factories import make_staff

from .conftest import XIANGXIANG


def test_the_demo_fills_a_year_of_history_and_a_supervision_story_once(towns):
    make_staff(XIANGXIANG, username=f"demo-{XIANGXIANG}-county")
    make_staff(towns[0].code, username=f"demo-{XIANGXIANG}-town")
    made = fill_targets((XIANGXIANG,))
    assert made["targets"] == Target.objects.count() == 10
    assert made["items"] == 13 and made["updates"] == 2
    weeks = Snapshot.objects.values("on").distinct().count()
    assert weeks >= 1
    assert Supervision.objects.count() == 2
    assert Supervision.objects.filter(replied_at__isnull=False).count() == 1
    assert StaffMessage.objects.exists()
    again = fill_targets((XIANGXIANG,))
    assert again["items"] == 0 and again["updates"] == 0
    assert ProgressUpdate.objects.count() == 2
    assert Snapshot.objects.values("on").distinct().count() == weeks
