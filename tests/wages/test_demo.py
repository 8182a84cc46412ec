"""The wage demo: filled once through the services, every rule fires somewhere, one project is
complete, one clue is followed to recovery; a second call makes nothing."""

import pytest

from homeward.jobs.demo_data import fill_jobs
from homeward.regions.loader import SEED_AREAS
from homeward.scoping import unscoped
from homeward.wages import rules
from homeward.wages.demo_data import fill_wages
from homeward.wages.models import (
    ArrearsClue,
    ClueEvidence,
    Inspection,
    Project,
    Supervision,
    WageWarning,
)

pytestmark = pytest.mark.django_db


def test_the_demo_fills_once_and_every_rule_fires(worker):
    fill_jobs(SEED_AREAS)
    made = fill_wages(SEED_AREAS)
    assert made["projects"] >= 5 and made["clues"] >= 1
    with unscoped():
        codes = set(WageWarning._base_manager.values_list("rule", flat=True))
        levels = set(WageWarning._base_manager.values_list("level", flat=True))
        assert codes == set(rules.RULES)
        assert levels == {"red", "orange", "yellow"}
        assert any(p.is_ready for p in Project._base_manager.all())
        clue = ArrearsClue._base_manager.get(state="closed")
        assert clue.amount_recovered == clue.amount_claimed
        assert clue.bank_card and ClueEvidence._base_manager.filter(clue=clue).exists()
        assert Inspection._base_manager.filter(clue=clue, state="ordered").exists()
        large = ArrearsClue._base_manager.get(people=12)
        assert Supervision._base_manager.filter(clue=large, replied_on__isnull=False).exists()
        counts = (Project._base_manager.count(), WageWarning._base_manager.count())
    again = fill_wages(SEED_AREAS)
    assert again == {"projects": 0, "warnings": 0, "clues": 0}
    with unscoped():
        assert (Project._base_manager.count(), WageWarning._base_manager.count()) == counts
