"""Which courses fit a person who wished for training: pure, no Django.

The matching engine's own pieces decide it, so a course is proposed for the reasons a job would
be: the trade the person wants to learn (their training wish, placed in the catalogue by
`matching.text.place_occupation`), else their own trade, compared by the engine's occupation fit
(`matching.scoring.FIT`: 1 for the same occupation, `RELATED_OCCUPATION` for one of its family),
and the distance between the person's village and the course's place (`weights.DISTANCE` by the
deepest level the two region codes share, `regions.codes`). An online course is as near as the
person's own town. A course of an unrelated trade is never proposed.
"""

from __future__ import annotations

from dataclasses import dataclass

from homeward.matching import scoring, text, weights
from homeward.regions.codes import at_or_below, same_at

_INDEX = {code: i for i, code in enumerate(text.OCCUPATION_CODES)}
# Farther than the province: not proposed (a returnee learns a trade near home).
NEAREST_FIRST = ("town", "county", "city", "province")


@dataclass(frozen=True)
class Fit:
    score: float
    occupation_points: float
    distance_points: float
    wished: bool  # the course's trade is the one wished for (or of its family)
    level: str  # the deepest level the person and the course share ("town" … "province")


def wanted_trades(training_wish: str, occupation: str) -> list[tuple[str, float, bool]]:
    """(catalogue code, confidence, from the wish?) the person would train for: the wish first."""
    trades = []
    placed = text.place_occupation(training_wish) if training_wish else None
    if placed is not None:
        trades.append((placed[0], placed[1], True))
    if occupation and occupation in _INDEX and all(code != occupation for code, *_ in trades):
        trades.append((occupation, weights.WISHED, False))
    return trades


def shared_level(home: str, place: str, online: bool) -> str | None:
    """The deepest level (town … province) the person's village and the course's place share."""
    if online:
        return "town"
    for level in NEAREST_FIRST:
        if at_or_below(place, level) and same_at(home, place, level):
            return level
    return None


def course_fit(
    *,
    training_wish: str,
    occupation: str,
    home: str,
    course_occupation: str,
    place: str,
    online: bool = False,
) -> Fit | None:
    """How well a course fits a person, or None when it does not (another trade, too far)."""
    course_index = _INDEX.get(course_occupation)
    if course_index is None:
        return None
    best, wished = 0.0, False
    for code, confidence, from_wish in wanted_trades(training_wish, occupation):
        points = weights.OCCUPATION * float(scoring.FIT[_INDEX[code], course_index]) * confidence
        if points > best:
            best, wished = points, from_wish
    if best <= 0:
        return None
    level = shared_level(home, place, online)
    if level is None:
        return None
    distance = weights.DISTANCE[level]
    return Fit(round(best + distance, 2), round(best, 2), distance, wished, level)
