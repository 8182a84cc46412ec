"""Which cases may take the simple procedure (简易处理, 规则 arts. 56–61). Pure, no Django.

A case qualifies when what it claims is at most the province's average annual wage of the year
before (规则 art. 56 (二)) or both parties agree to it (art. 56 (三)); never a collective case,
whose tribunal has three arbitrators (arts. 62–65). The commission decides at acceptance; a
simple case has one arbitrator, its hearing date is set without the 5 working days' notice and
its defence period may be shortened with the respondent's agreement (arts. 58–60), and it can
be turned back to the ordinary procedure (art. 61).

The averages (上年度职工年平均工资, yuan) are the provinces' published figures of 城镇非私营单位
在岗职工 as remembered when this table was written, not from a fetched copy: every figure is
marked `verified=False` and is shown beside the decision with its year so the clerk can check it
against the provincial bulletin. A year missing from the table qualifies nothing by amount.
"""

from dataclasses import dataclass
from decimal import Decimal

from homeward.regions.codes import province_of


@dataclass(frozen=True)
class AverageWage:
    province: str  # 2-digit code
    year: int
    yuan: Decimal
    source: str
    verified: bool = False


AVERAGES = {
    (a.province, a.year): a
    for a in (
        AverageWage("32", 2024, Decimal(127000), "江苏省统计局 2024 年城镇非私营单位平均工资"),
        AverageWage("32", 2025, Decimal(131000), "江苏省统计局 2025 年城镇非私营单位平均工资"),
        AverageWage("51", 2024, Decimal(110000), "四川省统计局 2024 年城镇非私营单位平均工资"),
        AverageWage("51", 2025, Decimal(113000), "四川省统计局 2025 年城镇非私营单位平均工资"),
        AverageWage("43", 2024, Decimal(101000), "湖南省统计局 2024 年城镇非私营单位平均工资"),
        AverageWage("43", 2025, Decimal(104000), "湖南省统计局 2025 年城镇非私营单位平均工资"),
    )
}


def threshold(region_code: str, year: int) -> AverageWage | None:
    """The province's average annual wage of the year before `year` (None when not held)."""
    return AVERAGES.get((province_of(region_code), year - 1))


@dataclass(frozen=True)
class Qualification:
    qualifies: bool
    reason: str
    threshold: AverageWage | None


def qualifies(
    total: Decimal, region_code: str, year: int, *, collective: bool, parties_agree: bool = False
) -> Qualification:
    limit = threshold(region_code, year)
    if collective:
        return Qualification(False, "集体劳动争议由三名仲裁员组成仲裁庭，不适用简易处理。", limit)
    if limit is not None and total <= limit.yuan:
        return Qualification(
            True,
            f"请求金额 {total:,.2f} 元不超过本省 {limit.year} 年职工年平均工资 "
            f"{limit.yuan:,.2f} 元。",
            limit,
        )
    if parties_agree:
        return Qualification(True, "双方当事人同意简易处理。", limit)
    if limit is None:
        return Qualification(
            False, f"未录入本省 {year - 1} 年职工年平均工资，且双方未同意简易处理。", None
        )
    return Qualification(
        False,
        f"请求金额 {total:,.2f} 元超过本省 {limit.year} 年职工年平均工资 {limit.yuan:,.2f} 元，"
        "且双方未同意简易处理。",
        limit,
    )
