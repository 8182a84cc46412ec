"""Each indicator against hand-counted people, the rollup, the month-end snapshot that stays,
and the incremental refresh equal to a full rebuild."""

import pytest
from django.db import transaction

from homeward.stats import services
from homeward.stats.compute import (
    PARTS,
    REGISTRY_CODES,
    STOCKS,
    records_behind,
    rollup,
    village_figures,
)
from homeward.stats.indicators import CODES, INDICATORS
from homeward.stats.models import Figure, Watermark
from homeward.workers.models import EmploymentStatus as S
from homeward.workers.models import WorkScope
from tests.factories import COUNTY, TOWN, VILLAGE, make_worker

from .conftest import VILLAGE_2, status

pytestmark = pytest.mark.django_db


def stored(area, month):
    return dict(
        Figure.objects.filter(region_code=area, month=month).values_list("indicator", "value")
    )


def flushes(callbacks) -> int:
    return [getattr(c, "__name__", "") for c in callbacks].count("flush")


def test_every_indicator_is_counted_and_every_stock_has_a_rule():
    assert frozenset().union(*PARTS.values()) == REGISTRY_CODES  # the update's parts: all
    assert sum(map(len, PARTS.values())) == len(REGISTRY_CODES)  # each in one part
    assert set(STOCKS) <= set(CODES)
    assert len(CODES) == len(set(CODES))
    kinds = {i.kind for i in INDICATORS}
    assert kinds == {"stock", "flow"}


def test_the_figures_of_last_month_and_this_month_match_the_hand_count(people, hire):
    services.rebuild()
    last, this = people["last"], people["this"]
    assert stored(VILLAGE, last) == {
        "labour_force": 3,
        "out_migrants": 2,
        "out_of_province": 2,
        "local_employed": 1,
        "low_income": 1,
    }
    assert stored(VILLAGE_2, last) == {"labour_force": 1, "out_migrants": 1, "in_county": 1}
    village_now = stored(VILLAGE, this)
    assert village_now == {
        "labour_force": 3,
        "out_migrants": 1,
        "out_of_province": 1,
        "local_employed": 1,
        "returned_seeking": 1,
        "low_income": 1,
        "returnees": 1,
        "returnees_from_outside_province": 1,
        "returnees_then_seeking": 1,  # A, back this month, still looking at its end
        "applications": 1,
        "hires": 1,
    }
    # the town and the county are the sums of their villages
    town = stored(TOWN, this)
    assert town["labour_force"] == 4 and town["local_employed"] == 2
    assert stored(COUNTY, this) == town
    assert services.check() == []


def test_every_figure_opens_the_records_it_is_counted_from(people, hire):
    services.rebuild()
    for month in (people["last"], people["this"]):
        values = rollup(village_figures(month))
        for indicator in INDICATORS:
            records, field = records_behind(indicator.code, month, TOWN)
            count = records.values(field).distinct().count() if indicator.people else 0
            if indicator.unit == "人":
                assert count == values.get((TOWN, indicator.code), 0), indicator.code


def test_last_months_figure_stays_when_a_person_moves_today(people):
    services.rebuild()
    last = people["last"]
    before = stored(VILLAGE, last)
    a = people["a"]
    a.region_id = VILLAGE_2
    a.save(update_fields=["region", "updated_at"])
    services.refresh()
    assert stored(VILLAGE, last) == before  # the snapshot of last month is frozen
    assert stored(VILLAGE, people["this"])["labour_force"] == 2  # this month follows the move
    assert stored(VILLAGE_2, people["this"])["labour_force"] == 2
    services.rebuild()
    assert stored(VILLAGE, last) == before  # and a full rebuild keeps it


def test_the_incremental_refresh_equals_a_full_rebuild(people, hire, village, today):
    services.rebuild()
    # what a day brings: a new person, a status change, a move, a back-dated return
    e = make_worker(village.code, sequence=5, name="戊")
    status(e, S.OUT_MIGRANT, today, WorkScope.IN_CITY)
    status(people["b"], S.RETURNED_ENTREPRENEUR, today)
    d = people["d"]
    d.region_id = VILLAGE
    d.save(update_fields=["region", "updated_at"])
    status(people["c"], S.UNEMPLOYED, people["last"].replace(day=20))
    result = services.refresh()
    assert result["villages"] >= 2
    assert services.check() == []
    incremental = set(Figure.objects.values_list("region_code", "month", "indicator", "value"))
    services.rebuild()
    assert set(Figure.objects.values_list("region_code", "month", "indicator", "value")) == (
        incremental
    )


def test_a_refresh_with_nothing_new_changes_nothing(people):
    services.rebuild()
    before = set(Figure.objects.values_list("region_code", "month", "indicator", "value"))
    services.refresh()
    services.refresh()
    assert set(Figure.objects.values_list("region_code", "month", "indicator", "value")) == before


def all_figures():
    return set(Figure.objects.values_list("region_code", "month", "indicator", "value"))


def test_the_cells_a_transaction_touched_are_counted_again_when_it_commits(
    people, hire, village, today, django_capture_on_commit_callbacks
):
    services.rebuild()
    mark = Watermark.objects.get(name="stats").seen_until
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            e = make_worker(village.code, sequence=5, name="戊")
            status(e, S.OUT_MIGRANT, today, WorkScope.IN_CITY)
            status(people["b"], S.RETURNED_ENTREPRENEUR, today)
            d = people["d"]
            d.region_id = VILLAGE
            d.save(update_fields=["region", "updated_at"])
            status(people["c"], S.UNEMPLOYED, people["last"].replace(day=20))
    assert flushes(callbacks) == 1  # one callback for the transaction, not one per write
    assert stored(VILLAGE, people["this"])["returned_founders"] == 1
    assert stored(VILLAGE, people["this"])["in_city"] == 1
    assert stored(TOWN, people["this"])["in_city"] == 1  # the areas above moved too
    assert services.check() == []  # no refresh ran: the watermark did not move
    assert Watermark.objects.get(name="stats").seen_until == mark
    incremental = all_figures()
    services.rebuild()
    assert all_figures() == incremental


def test_an_event_in_a_savepoint_that_rolls_back_changes_no_cell(
    people, today, django_capture_on_commit_callbacks
):
    services.rebuild()
    before = all_figures()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    status(people["b"], S.RETURNED_ENTREPRENEUR, today)
                    raise RuntimeError("rolled back")
            except RuntimeError:
                pass
            # a write after it commits, so the cells gathered in the savepoint are counted too
            status(people["c"], S.UNEMPLOYED, today)
    # the savepoint's callback went with it; the write after it registered another
    assert flushes(callbacks) == 1
    after = stored(VILLAGE, people["this"])
    assert "returned_founders" not in after  # B's change was rolled back
    assert after["unemployed"] == 1 and "local_employed" not in after  # C's is counted
    assert services.check() == []
    changed = {row[:3] for row in all_figures() ^ before}
    assert {code for _r, _m, code in changed} <= {"unemployed", "local_employed"}


def test_cells_are_left_alone_before_the_first_rebuild(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        status(people["b"], S.RETURNED_ENTREPRENEUR, people["this"])
    assert not Figure.objects.exists()
    assert services.update_cells(workers=[people["b"].pk]) == {"skipped": True}


def test_a_person_deleted_leaves_the_past_months_they_were_counted_in(
    people, hire, django_capture_on_commit_callbacks
):
    services.rebuild()
    assert stored(VILLAGE, people["last"])["out_of_province"] == 2
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            people["b"].delete()
    assert flushes(callbacks) == 1
    assert stored(VILLAGE, people["last"])["out_of_province"] == 1  # A's, last month
    assert stored(COUNTY, people["last"])["out_of_province"] == 1
    assert stored(VILLAGE, people["this"])["labour_force"] == 2
    assert services.check() == []
    with django_capture_on_commit_callbacks(execute=True):
        people["a"].delete()  # a return this month, and away last month
    assert "returnees" not in stored(VILLAGE, people["this"])
    assert "out_of_province" not in stored(TOWN, people["last"])
    assert services.check() == []
