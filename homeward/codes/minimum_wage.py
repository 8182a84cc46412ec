"""The local monthly minimum wage by area and date (pure: no Django).

PROVISIONAL STUB written by the disputes branch: the wages workstream owns this file and its
table; at merge the lead keeps the wages version. Only the interface is relied on:
`monthly(region_code, on) -> Decimal | None` (None when no row covers the area and day).
"""

from datetime import date
from decimal import Decimal

# (region-code prefix, in force from, yuan a month) — a few provisional rows, first tier.
_ROWS = (
    ("32", date(2025, 1, 1), Decimal("2490")),  # 江苏 (provisional)
    ("3213", date(2025, 1, 1), Decimal("2200")),  # 宿迁 (provisional)
    ("51", date(2025, 1, 1), Decimal("2330")),  # 四川 (provisional)
    ("5110", date(2025, 1, 1), Decimal("2100")),  # 内江 (provisional)
    ("43", date(2025, 1, 1), Decimal("2100")),  # 湖南 (provisional)
)


def monthly(region_code: str, on: date) -> Decimal | None:
    """The minimum monthly wage in force at `region_code` on `on`: the row of the longest
    matching code prefix, the newest one in force that day."""
    best = None
    for prefix, since, amount in _ROWS:
        if region_code.startswith(prefix) and since <= on:
            key = (len(prefix), since)
            if best is None or key > best[0]:
                best = (key, amount)
    return best[1] if best else None
