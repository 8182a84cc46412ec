"""A risk score per construction project (欠薪风险), ranking projects before they default.
Pure: no Django.

The score reads a project's `Signals` — what the books already show before any arrears case:

    delay_growth        payment delay of the last 3 pay periods minus that of the 3 before
                        (days after the deadline, 0 when paid on time): payments slipping
    unpaid_share        share of the person-months past their deadline in the last 3 months
                        that have no payment: paid headcount falling behind attendance
    warnings            the project's past warnings, red 3, orange 2, yellow 1
    depth               subcontractors and teams on the project (depth of subcontracting)
    contractor_history  the general contractor's warnings and arrears clues on its other projects
    near_completion     1 when at least 80 % of the planned duration has passed (or later)
    complaints          arrears clues about the project

Each signal passes through a saturating transform (counts by log1p, shares capped at 1, days
capped at 30) and a weight; the score is 100 × the logistic of their sum plus an intercept. A
factor's part is its weight × transformed value: the page shows the parts, largest first, each
with the value it came from, so a score is never a bare number.

The weights are fixed here (not fitted at run time). They were set by hand on the synthetic
history of `risk_synth` with its tuning seed only (`risk_synth.TUNING_SEED`); `homeward bench
wages` reports the AUC on other seeds, beside the warnings count alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

INTERCEPT = -3.0
WEIGHTS = {
    "delay_growth": 0.12,  # per day of growth, up to 30 days
    "unpaid_share": 4.0,  # 0 … 1
    "warnings": 0.5,  # per log1p of weighted warnings
    "depth": 0.35,  # per log1p of subcontractors
    "contractor_history": 0.9,  # per log1p of the contractor's cases elsewhere
    "near_completion": 0.6,  # 0 or 1
    "complaints": 1.2,  # per log1p of clues about the project
}
LABELS = {
    "delay_growth": "付款延迟在加长",
    "unpaid_share": "发放人数落后于出勤人数",
    "warnings": "历史预警",
    "depth": "分包层级多",
    "contractor_history": "总包单位在其他项目的欠薪记录",
    "near_completion": "临近完工",
    "complaints": "欠薪投诉",
}


@dataclass(frozen=True)
class Signals:
    delay_growth: float = 0.0
    unpaid_share: float = 0.0
    warnings: float = 0.0
    depth: float = 0.0
    contractor_history: float = 0.0
    near_completion: float = 0.0
    complaints: float = 0.0


@dataclass(frozen=True)
class Part:
    code: str
    label: str
    value: float
    points: float

    @property
    def shown(self) -> str:
        if self.code == "unpaid_share":
            return f"{self.value * 100:.0f}%"
        if self.code == "delay_growth":
            return f"{self.value:.0f}天"
        if self.code == "near_completion":
            return "是" if self.value else "否"
        return f"{self.value:g}"


@dataclass(frozen=True)
class Score:
    value: float  # 0 … 100
    parts: list[Part] = field(default_factory=list)

    @property
    def level(self) -> str:
        if self.value >= 60:
            return "red"
        if self.value >= 30:
            return "orange"
        return "yellow" if self.value >= 15 else ""

    def top(self, n: int = 3) -> list[Part]:
        return [p for p in self.parts if p.points > 0][:n]


def _transform(code: str, value: float) -> float:
    value = max(float(value), 0.0)
    if code == "delay_growth":
        return min(value, 30.0)
    if code in ("unpaid_share", "near_completion"):
        return min(value, 1.0)
    return math.log1p(value)


def score(signals: Signals, weights: dict | None = None, intercept: float = INTERCEPT) -> Score:
    weights = weights or WEIGHTS
    parts = []
    total = intercept
    for code, weight in weights.items():
        value = getattr(signals, code)
        points = weight * _transform(code, value)
        total += points
        parts.append(Part(code, LABELS[code], float(value), round(points, 3)))
    parts.sort(key=lambda p: -p.points)
    return Score(round(100 / (1 + math.exp(-total)), 1), parts)


def delay_growth(delays: Sequence[tuple[int, float]]) -> float:
    """(pay-period month index, days late) → mean delay of the last 3 periods minus the 3 before
    (0 when fewer than 2 periods are known)."""
    by_month: dict[int, list[float]] = {}
    for month, days in delays:
        by_month.setdefault(month, []).append(max(days, 0.0))
    months = sorted(by_month)
    if len(months) < 2:
        return 0.0
    recent, before = months[-3:], months[-6:-3] or months[:1]

    def mean(ms):
        values = [v for m in ms for v in by_month[m]]
        return sum(values) / len(values)

    return max(mean(recent) - mean(before), 0.0)


def auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Area under the ROC curve: the chance a positive is ranked above a negative (ties half),
    by the Mann–Whitney rank sum."""
    pairs = sorted(zip(scores, labels, strict=True), key=lambda x: x[0])
    positives = sum(1 for _s, y in pairs if y)
    negatives = len(pairs) - positives
    if not positives or not negatives:
        raise ValueError("AUC needs both classes")
    rank_sum = 0.0
    i = 0
    while i < len(pairs):
        j = i
        while j + 1 < len(pairs) and pairs[j + 1][0] == pairs[i][0]:
            j += 1
        rank = (i + j) / 2 + 1
        rank_sum += rank * sum(1 for k in range(i, j + 1) if pairs[k][1])
        i = j + 1
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)
