"""Who may hold a public-welfare post (公益性岗位): the rules as data, no Django.

Local rules (LAW.md, 零工市场 and 公益性岗位) open the posts to people who find work hard: of a
low-income household (脱贫 / 监测 / 低保: the registry's `low_income`), disabled (a disability
certificate the village clerk has seen), women aged 45 and over, men aged 50 and over. Everyone
must be of working age and below the statutory retirement age (法定退休年龄, the upper limit),
hold no other post now, and not have used up the cumulative term (3 years by default). The
figures are `Terms`, so a county whose rules differ passes its own.

Assumption: the retirement ages are the pre-2025 ones for manual workers (men 60, women 55 for
these posts); the 2025 gradual raise moves them by months a year and belongs in `Terms` when a
county adopts it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

LOW_INCOME_KINDS = {
    "poverty_alleviated": "脱贫户",
    "monitored": "监测户",
    "low_income": "低收入户（低保）",
}


@dataclass(frozen=True, slots=True)
class Terms:
    women_from: int = 45
    men_from: int = 50
    youngest: int = 16
    women_until: int = 55  # the age limit: 法定退休年龄 for these posts
    men_until: int = 60
    term_months: int = 36  # cumulative months on public-welfare posts, all posts together


@dataclass(frozen=True, slots=True)
class Person:
    gender: str  # "male" / "female"
    birth_date: date
    low_income: str = ""  # the registry's code, or empty
    disabled: bool = False
    holds_post: bool = False  # an active appointment now
    months_served: int = 0  # cumulative months on earlier and current posts


@dataclass(slots=True)
class Verdict:
    eligible: bool
    groups: list[str] = field(default_factory=list)  # why the person is in the target group
    reasons: list[str] = field(default_factory=list)  # why not (Chinese), empty when eligible

    @property
    def text(self) -> str:
        return "；".join(self.reasons) if self.reasons else "符合条件：" + "、".join(self.groups)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def judge(person: Person, today: date, terms: Terms = Terms()) -> Verdict:
    """The verdict with every reason, not only the first: the clerk fixes them all at once."""
    age = age_on(person.birth_date, today)
    female = person.gender == "female"
    groups = []
    if person.low_income in LOW_INCOME_KINDS:
        groups.append(LOW_INCOME_KINDS[person.low_income])
    if person.disabled:
        groups.append("残疾人")
    if female and age >= terms.women_from:
        groups.append(f"{terms.women_from}周岁以上女性")
    if not female and age >= terms.men_from:
        groups.append(f"{terms.men_from}周岁以上男性")
    reasons = []
    if not groups:
        reasons.append(
            "不属于安置对象：须为脱贫户、监测户、低收入户、残疾人、"
            f"{terms.women_from}周岁以上女性或{terms.men_from}周岁以上男性"
        )
    until = terms.women_until if female else terms.men_until
    if age < terms.youngest:
        reasons.append(f"未满{terms.youngest}周岁")
    if age >= until:
        reasons.append(f"已满{until}周岁（法定退休年龄），不能上岗")
    if person.holds_post:
        reasons.append("已在公益性岗位上，不能同时担任两个岗位")
    if person.months_served >= terms.term_months:
        reasons.append(
            f"累计在岗已满{terms.term_months}个月（已{person.months_served}个月），达到期限"
        )
    return Verdict(eligible=not reasons, groups=groups, reasons=reasons)
