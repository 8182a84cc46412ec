"""Which award items are final (一裁终局, 法 art. 47; 规则 art. 50) — pure, no Django.

An item is final when it is a claim for wages, work-injury medical costs, economic compensation
or damages whose amount awarded is not over 12 months of the local monthly minimum wage, or a
dispute over labour standards (working time, rest, social insurance). Items are judged one by one.
"""

from collections.abc import Iterable
from decimal import Decimal

MONEY_KINDS = frozenset({"wages", "overtime", "compensation", "injury"})
STANDARDS_KINDS = frozenset({"social_insurance"})
MONTHS = 12


class MinimumWageMissing(ValueError):
    def __init__(self):
        super().__init__("当地月最低工资标准未录入，无法判断是否终局裁决。")


def final_limit(monthly_minimum: Decimal | None) -> Decimal:
    if monthly_minimum is None:
        raise MinimumWageMissing
    return monthly_minimum * MONTHS


def is_final(kind: str, amount: Decimal, monthly_minimum: Decimal | None) -> bool:
    if kind in STANDARDS_KINDS:
        return True
    if kind not in MONEY_KINDS:
        return False
    return amount <= final_limit(monthly_minimum)


def split(items: Iterable[tuple[str, Decimal]], monthly_minimum: Decimal | None) -> list[bool]:
    """For each (kind, amount awarded) item, whether it is final."""
    return [is_final(kind, amount, monthly_minimum) for kind, amount in items]
