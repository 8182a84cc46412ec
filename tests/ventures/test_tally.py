"""The showcase vote's pure core: the flags (a burst from one address, a new number) and the
results counted from the votes (ranked by the votes without a flag)."""

from datetime import UTC, datetime, timedelta

from homeward.ventures import tally

T = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def test_the_fifth_vote_from_one_address_within_an_hour_is_a_burst():
    before = [T - timedelta(minutes=m) for m in (1, 2, 3, 4)]
    assert tally.flags(cast_at=T, same_address_before=before[:3], account_created_at=None) == []
    assert tally.flags(cast_at=T, same_address_before=before, account_created_at=None) == ["burst"]


def test_votes_older_than_the_window_do_not_count():
    before = [T - timedelta(hours=2, minutes=m) for m in range(10)]
    assert tally.flags(cast_at=T, same_address_before=before, account_created_at=None) == []


def test_a_number_new_to_the_portal_is_flagged():
    new = tally.flags(cast_at=T, same_address_before=[], account_created_at=T - timedelta(hours=2))
    old = tally.flags(cast_at=T, same_address_before=[], account_created_at=T - timedelta(days=3))
    assert new == ["new_number"] and old == []


def test_results_rank_by_clean_votes_and_keep_entries_without_votes():
    votes = [(1, 10, []), (1, 11, ["burst"]), (1, 12, ["burst"]), (2, 13, []), (2, 14, [])]
    results = tally.count([1, 2, 3], votes)
    assert [(r.entry_id, r.rank, r.votes, r.clean, r.flagged) for r in results] == [
        (2, 1, 2, 2, 0),
        (1, 2, 3, 1, 2),
        (3, 3, 0, 0, 0),
    ]
    assert results[1].voter_ids == [10, 11, 12]
