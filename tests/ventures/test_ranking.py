"""The competition ranking's pure core (no Django, no database): weighted judge totals, the
highest and lowest dropped from five judges, shared ranks, unscored entries last, and the top-N
decision refused on a tie at the cut-off or an entry without a complete sheet."""

from fractions import Fraction

import pytest

from homeward.ventures import ranking
from homeward.ventures.ranking import RankingError

# two criteria: 商业模式 weight 60, 带动就业 weight 40
W = {1: 60, 2: 40}


def sheet(judge, entry, a, b):
    return [(judge, entry, 1, a), (judge, entry, 2, b)]


def test_a_judge_total_is_the_weighted_mean():
    assert ranking.judge_total({1: 80, 2: 90}, {1: Fraction(60), 2: Fraction(40)}) == 84


def test_four_judges_all_count_five_drop_the_highest_and_lowest():
    four = [s for j, (a, b) in enumerate([(80, 90), (70, 70), (90, 90), (60, 60)], 1)
            for s in sheet(j, 10, a, b)]  # fmt: skip
    [standing] = ranking.rank([10], W, four)
    assert standing.dropped == [] and standing.score == Fraction(84 + 70 + 90 + 60, 4)
    five = four + sheet(5, 10, 100, 100)
    [standing] = ranking.rank([10], W, five)
    assert standing.dropped == [5, 4]  # 100 the highest, 60 the lowest
    assert standing.score == Fraction(84 + 70 + 90, 3) and standing.counted == 3
    assert str(standing.shown) == "81.33"


def test_equal_extremes_drop_one_each():
    scores = [s for j in range(1, 6) for s in sheet(j, 10, 80, 80)]
    [standing] = ranking.rank([10], W, scores)
    assert len(standing.dropped) == 2 and standing.score == 80


def test_an_incomplete_sheet_is_not_counted_and_is_reported():
    scores = sheet(1, 10, 80, 80) + [(2, 10, 1, 100)]
    [standing] = ranking.rank([10], W, scores)
    assert standing.score == 80 and standing.incomplete == [2]


def test_equal_scores_share_a_rank_and_unscored_entries_come_last():
    scores = sheet(1, 10, 80, 80) + sheet(1, 11, 90, 90) + sheet(1, 12, 80, 80)
    standings = ranking.rank([10, 11, 12, 13], W, scores)
    assert [(s.entry_id, s.rank) for s in standings] == [(11, 1), (10, 2), (12, 2), (13, 0)]
    assert standings[-1].score is None and standings[-1].shown is None


def test_top_n_advances_and_refuses_a_tie_at_the_cut_off():
    scores = sheet(1, 10, 80, 80) + sheet(1, 11, 90, 90) + sheet(1, 12, 80, 80)
    standings = ranking.rank([10, 11, 12], W, scores)
    assert ranking.top(standings, 1) == [11]
    assert ranking.top(standings, 3) == [11, 10, 12]
    with pytest.raises(RankingError, match="第 2 名与第 3 名同分"):
        ranking.top(standings, 2)
    with pytest.raises(RankingError, match="1 到 3"):
        ranking.top(standings, 0)


def test_top_n_refuses_while_an_entry_has_no_complete_sheet():
    standings = ranking.rank([10, 11], W, sheet(1, 10, 80, 80))
    with pytest.raises(RankingError, match="没有完整评分"):
        ranking.top(standings, 1)


def test_weights_must_be_positive():
    with pytest.raises(RankingError):
        ranking.rank([10], {1: 0}, [])


def test_the_integer_arithmetic_equals_the_weighted_means():
    import random
    from decimal import Decimal

    rng = random.Random(13)
    weights = {1: 30, 2: 25, 3: 45}
    scores = [
        (j, e, c, Decimal(rng.randint(0, 10000)) / 100)
        for e in range(20)
        for j in range(rng.randint(1, 7))
        for c in weights
    ]
    fractions = {c: Fraction(w) for c, w in weights.items()}
    for standing in ranking.rank(range(20), weights, scores):
        sheets = {}
        for j, e, c, v in scores:
            if e == standing.entry_id:
                sheets.setdefault(j, {})[c] = v
        totals = sorted(ranking.judge_total(v, fractions) for v in sheets.values())
        if len(totals) >= ranking.DROP_EXTREMES_FROM:
            totals = totals[1:-1]
        assert standing.score == sum(totals) / len(totals)
