"""Small counts hidden where an aggregate leaves the area that owns its rows (pure)."""

from homeward.stats.suppression import shown, suppress


def test_counts_below_five_are_hidden_but_zeros_are_not():
    hidden, total_hidden = suppress([0, 3, 12, 7, 2])
    assert hidden == [False, True, False, False, True] and not total_hidden


def test_a_single_hidden_cell_takes_the_smallest_other_with_it():
    # 24 − 12 − 8 would give the 4 away: the 8 is hidden too, the zero is no help
    hidden, total_hidden = suppress([12, 4, 0, 8])
    assert hidden == [False, True, False, True] and not total_hidden


def test_a_hidden_cell_that_is_the_whole_total_hides_the_total():
    hidden, total_hidden = suppress([0, 3, 0])
    assert hidden == [False, True, False] and total_hidden


def test_a_total_below_five_is_hidden():
    assert suppress([0, 0, 0])[1] is False
    assert suppress([2, 1])[1] is True


def test_hidden_cells_read_as_a_range():
    assert shown(3, True) == "<5" and shown(12345, False) == "12,345"
