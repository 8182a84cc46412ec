"""The bulk paths answer as the one-by-one ones: the vectorised walker of the conditions against
rule-engine row by row, and `facts_many` against `facts_of`."""

import datetime

import numpy as np
import pytest

from homeward.subsidies import eligibility, vector
from homeward.subsidies.bench import facts_table, hand_masks, kinds_of, person_policies
from homeward.subsidies.facts import facts_many, facts_of
from homeward.subsidies.seeds import POLICIES

from .conftest import make_returnee

TODAY = datetime.date(2026, 12, 2)


def test_the_walker_answers_as_rule_engine_on_every_shipped_condition():
    table, rows = facts_table(1000, seed=7, today=TODAY)
    conditions = [
        c for p in POLICIES for c in p["version"]["conditions"] + p["version"]["compliance"]
    ]
    extra = [
        {"label": "x", "expression": "age >= 45 or returned_on >= window_start"},  # error in or
        {"label": "y", "expression": "not still_employed"},
        {"label": "z", "expression": "certificate_level == null or months_employed * 2 > 10"},
        {"label": "w", "expression": 'status != "out_migrant" and on_public_post != true'},
    ]
    scalars = {"window_start": datetime.date(2026, 1, 1), "window_end": datetime.date(2027, 12, 31)}
    for condition in conditions + extra:
        rule = vector.compile_rule(condition["expression"])
        masks = vector.mask(rule, table, scalars, len(rows), kinds=kinds_of(table))
        expected = [
            eligibility.evaluate([condition], {**row, **scalars}).eligible for row in rows[:1000]
        ]
        assert masks.tolist() == expected, condition["expression"]


def test_the_hand_masks_match_the_engine():
    table, rows = facts_table(5000, seed=3, today=TODAY)
    scalars = {"window_start": datetime.date(2026, 1, 1), "window_end": datetime.date(2027, 12, 31)}
    hand = hand_masks(table, scalars)
    for code, spec in person_policies().items():
        eligible, _ = vector.decide(
            spec["conditions"], table, scalars, len(rows), kinds=kinds_of(table)
        )
        area = np.char.startswith(table["region"], spec["region"])
        assert np.array_equal(eligible & area, hand[code]), code


def test_an_unknown_construct_raises_for_the_row_by_row_fallback():
    rule = vector.compile_rule('status in ["a", "b"]')
    table, rows = facts_table(10, seed=1, today=TODAY)
    with pytest.raises(vector.Unsupported):
        vector.mask(rule, table, {}, 10)
    eligible, _ = vector.decide(
        [{"label": "l", "expression": 'status in ["a", "b"]'}],
        table,
        {},
        10,
        rows=lambda i: rows[i],
    )
    assert eligible.tolist() == [False] * 10


@pytest.mark.django_db
def test_facts_many_equals_facts_of(bonus):
    from homeward.followups.services import schedule_followups
    from homeward.subsidies import services
    from tests.factories import make_hire

    from .conftest import card

    a = make_returnee(sequence=71, name="甲")
    b = make_returnee(sequence=72, name="乙", returned_on=datetime.date(2026, 3, 1))
    hire = make_hire(a, hired_on=datetime.date(2026, 6, 5), contract_months=6)
    schedule_followups(hire.pk)
    hire.followups.filter(months=1).update(result="left", left_on=datetime.date(2026, 8, 1))
    services.apply_for(bonus, worker=b, bank_name="农行", bank_account=card())
    many = facts_many([a, b], policy=bonus, today=TODAY)
    assert many[a.pk] == facts_of(a, policy=bonus, today=TODAY)
    assert many[b.pk] == facts_of(b, policy=bonus, today=TODAY)
    assert many[b.pk]["claims_of_policy"] == 1 and many[a.pk]["still_employed"] is False


@pytest.mark.django_db
def test_facts_many_of_named_facts_fetches_only_those(bonus, django_assert_max_num_queries):
    from tests.factories import make_hire

    a = make_returnee(sequence=73, name="丙")
    make_hire(a, hired_on=datetime.date(2026, 6, 5), contract_months=6)
    full = facts_of(a, policy=bonus, today=TODAY)
    with django_assert_max_num_queries(1):  # the follow-ups only: no events, hires, claims…
        named = facts_many([a], policy=bonus, today=TODAY, names={"status", "still_employed"})
    assert named[a.pk]["status"] == full["status"]
    assert named[a.pk]["still_employed"] == full["still_employed"]
    assert "hires" not in named[a.pk] and "received" not in named[a.pk]  # absent, not "none"
