"""Which cases may take the simple procedure (简易处理, 规则 arts. 56–61). Pure, no Django.

A case qualifies when what it claims is at most the province's average annual wage of the year
before the application was received (规则 art. 56 (二)) or both parties agree to it (art. 56
(三)); never a collective case, whose tribunal has three arbitrators (arts. 62–65). The
commission decides at acceptance; a simple case has one arbitrator, its hearing date is set
without the 5 working days' notice and its defence period may be shortened with the respondent's
agreement (arts. 58–60), and it can be turned back to the ordinary procedure (art. 61).

The averages (上年度职工年平均工资, yuan) are data, not code: the `disputes.AverageWage` rows a
city or provincial administrator enters and checks against the provincial bulletin. The caller
passes the figure of the year before as a `Limit` (or None when no row is held); its year,
source and whether it was checked are shown beside the decision. A year with no figure
qualifies nothing by amount.
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Limit:
    """A province's average annual wage of one year, as the simple procedure reads it."""

    year: int
    yuan: Decimal
    source: str
    verified: bool = False


def limit_year(received_year: int) -> int:
    """The year whose average wage measures a case received in `received_year` (上年度)."""
    return received_year - 1


@dataclass(frozen=True)
class Qualification:
    qualifies: bool
    reason: str
    limit: Limit | None
    by_amount: bool = False  # qualified because the claims are within the limit


def qualifies(
    total: Decimal,
    limit: Limit | None,
    received_year: int,
    *,
    collective: bool,
    parties_agree: bool = False,
) -> Qualification:
    """Whether claims of `total` yuan received in `received_year` may take the simple procedure,
    measured against `limit` (the province's figure of the year before, or None)."""
    wanted = limit_year(received_year)
    if limit is not None and limit.year != wanted:
        raise ValueError(f"a case received in {received_year} is measured by {wanted}'s figure")
    if collective:
        return Qualification(False, "集体劳动争议由三名仲裁员组成仲裁庭，不适用简易处理。", limit)
    if limit is not None and total <= limit.yuan:
        return Qualification(
            True,
            f"请求金额 {total:,.2f} 元不超过本省 {limit.year} 年职工年平均工资 "
            f"{limit.yuan:,.2f} 元。",
            limit,
            by_amount=True,
        )
    if parties_agree:
        return Qualification(True, "双方当事人同意简易处理。", limit)
    if limit is None:
        return Qualification(
            False, f"未录入本省 {wanted} 年职工年平均工资，且双方未同意简易处理。", None
        )
    return Qualification(
        False,
        f"请求金额 {total:,.2f} 元超过本省 {limit.year} 年职工年平均工资 {limit.yuan:,.2f} 元，"
        "且双方未同意简易处理。",
        limit,
    )
