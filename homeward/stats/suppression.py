"""Small counts suppressed where an aggregate leaves the area that owns its rows. Pure, no Django.

A count of 1 to K-1 people (K = 5 by default) could name them, so it is shown as "<K". When a
row of figures is shown with its total, one suppressed cell alone could be recovered as the total
minus the others; complementary suppression then hides the next smallest shown cell of the row
too (a zero reveals nothing and is never used for it). The same rule is applied to each row of
a table of areas × indicators, column by column.
"""

K = 5


def needs_hiding(value: int, k: int = K) -> bool:
    return 0 < value < k


def suppress(values: list[int], *, k: int = K) -> tuple[list[bool], bool]:
    """Which cells of a row of counts to hide, and whether to hide the row's total.

    Cells below `k` (never 0) are hidden. With the total shown, a single hidden cell could be
    recovered from it: the smallest other non-zero cell is hidden too, or, when there is none
    (the hidden cell is the whole total), the total itself. A total below `k` is hidden."""
    hidden = [needs_hiding(v, k) for v in values]
    total = sum(values)
    total_hidden = needs_hiding(total, k)
    if sum(hidden) == 1 and not total_hidden:
        candidates = [(v, i) for i, v in enumerate(values) if not hidden[i] and v > 0]
        if candidates:
            hidden[min(candidates)[1]] = True
        else:
            total_hidden = True
    return hidden, total_hidden


def shown(value: int, hidden: bool, k: int = K) -> str:
    return f"<{k}" if hidden else f"{value:,}"
