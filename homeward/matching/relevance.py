"""The person rule (对口): a job is offered to a person only for a reason about the person.

The reasons, in the order they are told (`weights` holds every table):

* OWN — their trade or a related one (`text.FAMILIES`); for a skilled trade (`weights.
  SKILLED_TRADES`: welding, electrical work, driving, forklifts) only the trade itself or the
  trades named there;
* SKILL — a skill or certificate of the trade (叉车证 for a forklift job, 平车 for sewing);
* ASKED — a public-welfare post, and the person asked for public-welfare posts;
* WISH — the trade they want to learn (a training wish), not for a skilled trade;
* GENERAL — a job that needs no trade (`weights.GENERAL_OCCUPATIONS`) for someone who names none;
  a public-welfare post for someone who names no trade or only general ones.

A public-welfare post of general work (保洁, 护路, 保安) follows ASKED/GENERAL; one of a trade
(村委会文书, 护理) goes by its trade like any job. A driving job that asks for an A/B licence
needs the driver's trade or that licence (a C licence is not enough).

Heavy physical work (`weights.HEAVY_OCCUPATIONS`) from `weights.HEAVY_WORK_AGE` on (age on the
match day) is offered only for OWN or SKILL, never as WISH or GENERAL.

How the scan applies it: every job falls into one *class* — its occupation's (occupations with
the same rule share a class), "public-welfare post", or "occupation not placed". A worker either
qualifies for a class or not; the scan's worker row carries 1 − qualifies per class and a job's
column carries the penalty on its own class, so one product applies the rule to every pair,
exactly (0 × penalty = 0), in every path (full scan, one new job, one new worker), both ways.
`pair_paths` tells, for emitted pairs, which reason it was; `reasons` turns that into text.
Pure numpy, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from . import text, weights
from .features import SKILL_CODES, WORK_TYPES, JobTable, WorkerTable, birth_bounds

NONE, OWN, SKILL, ASKED, WISH, GENERAL = -1, 0, 1, 2, 3, 4

_OCC = {code: i for i, code in enumerate(text.OCCUPATION_CODES)}
_PUBLIC_WELFARE_TYPE = WORK_TYPES.index("public_welfare")
_ANY_TYPE = (1 << len(WORK_TYPES)) - 1


def _skill_mask(codes) -> int:
    return sum(1 << SKILL_CODES.index(code) for code in codes)


@dataclass(frozen=True)
class Rule:
    """Who qualifies for the jobs of one class."""

    occupations: frozenset[int]  # OWN: worker occupations (indices) that qualify
    skills: int  # SKILL: bit mask over SKILL_CODES
    skilled: bool  # a skilled trade: no WISH
    general: bool  # needs no trade: GENERAL for people who name none
    heavy: bool  # heavy work: no WISH or GENERAL from HEAVY_WORK_AGE on
    public_welfare: bool = False  # the class of public-welfare posts (ASKED, GENERAL)


def rule_for(code: str) -> Rule:
    """The rule of the jobs of one catalogue occupation."""
    if code in weights.SKILLED_TRADES:
        others, certificates = weights.SKILLED_TRADES[code]
        return Rule(
            frozenset(_OCC[c] for c in (code, *others)),
            _skill_mask(certificates),
            skilled=True,
            general=False,
            heavy=code in weights.HEAVY_OCCUPATIONS,
        )
    family = {c for c in text.OCCUPATION_CODES if c == code or text.related(c, code)}
    return Rule(
        frozenset(_OCC[c] for c in family),
        _skill_mask(weights.TRADE_SKILLS.get(code, ())),
        skilled=False,
        general=code in weights.GENERAL_OCCUPATIONS,
        heavy=code in weights.HEAVY_OCCUPATIONS,
    )


def _classes():
    rules: list[Rule] = []
    of_occupation = np.zeros(len(text.OCCUPATION_CODES), np.int16)
    for i, code in enumerate(text.OCCUPATION_CODES):
        rule = rule_for(code)
        if rule not in rules:
            rules.append(rule)
        of_occupation[i] = rules.index(rule)
    # A job whose occupation text names no catalogue trade asks for none that we can tell.
    unplaced = Rule(frozenset(), 0, skilled=False, general=True, heavy=False)
    public_welfare = Rule(frozenset(), 0, False, general=True, heavy=False, public_welfare=True)
    # A driving job that asks for an A/B licence: the driver's trade or that licence (a C
    # licence is not enough).
    others, _ = weights.SKILLED_TRADES["driver"]
    truck = Rule(
        frozenset(_OCC[c] for c in ("driver", *others)),
        _skill_mask(("truck_licence",)),
        skilled=True,
        general=False,
        heavy=False,
    )
    rules += [unplaced, public_welfare, truck]
    return rules, of_occupation, len(rules) - 3, len(rules) - 2, len(rules) - 1


RULES, OCCUPATION_CLASS, UNPLACED, PUBLIC_WELFARE, TRUCK = _classes()
CLASSES = len(RULES)

# The rules as tables (class × occupation, and per class), for vectorised checks.
_MEMBER = np.zeros((CLASSES, len(text.OCCUPATION_CODES)), bool)
for _k, _rule in enumerate(RULES):
    _MEMBER[_k, list(_rule.occupations)] = True
# WISH: a trade wanted is the job's own (its class), not any of its family.
_WISHED = np.zeros((CLASSES, len(text.OCCUPATION_CODES)), bool)
_WISHED[OCCUPATION_CLASS, np.arange(len(text.OCCUPATION_CODES))] = True
_SKILLS = np.array([r.skills for r in RULES], np.uint32)
_SKILLED = np.array([r.skilled for r in RULES])
_GENERAL = np.array([r.general and not r.public_welfare for r in RULES])
_HEAVY = np.array([r.heavy for r in RULES])
_GENERAL_OCCUPATION = np.array([c in weights.GENERAL_OCCUPATIONS for c in text.OCCUPATION_CODES])
_TRUCK_LICENCE = np.uint32(_skill_mask(("truck_licence",)))


def job_classes(jobs: JobTable) -> np.ndarray:
    """The class of every job (int16): its occupation's, or unplaced; a public-welfare post of
    general work (保洁, 护路, 保安) or of no named trade is a public-welfare post, one of a trade
    (村委会文书, 护理) goes by its trade; a driving job asking for an A/B licence is TRUCK."""
    code = np.maximum(jobs.occupation, 0)
    placed = jobs.occupation >= 0
    classes = np.where(placed, OCCUPATION_CLASS[code], UNPLACED)
    general = ~placed | _GENERAL_OCCUPATION[code]
    classes = np.where((jobs.work_type == _PUBLIC_WELFARE_TYPE) & general, PUBLIC_WELFARE, classes)
    truck = placed & (jobs.occupation == _OCC["driver"]) & ((jobs.skills & _TRUCK_LICENCE) != 0)
    return np.where(truck, TRUCK, classes).astype(np.int16)


def job_class(jobs: JobTable, j: int) -> int:
    """The class of one job (as `job_classes`)."""
    return int(job_classes(jobs.take([j]))[0])


def older(birth: np.ndarray, today: date) -> np.ndarray:
    """Whether people are HEAVY_WORK_AGE or older on `today` (False when the birth is unknown)."""
    latest = birth_bounds(weights.HEAVY_WORK_AGE, -1, today)[1]
    return (birth > 0) & (birth <= latest)


class _Person:
    """What the rule reads of some workers (rows of a table), as arrays."""

    def __init__(self, workers: WorkerTable, rows, today: date):
        self.occupation = workers.occupation[rows]  # (n, 3)
        self.wished = workers.wished[rows]  # (n, 2)
        self.skills = workers.skills[rows]
        has = self.occupation >= 0
        self.no_trade = ~has.any(axis=1)
        general = _GENERAL_OCCUPATION[np.maximum(self.occupation, 0)] | ~has
        self.only_general = general.all(axis=1)
        self.asked_public_welfare = asked_public_welfare(workers, rows)
        self.older = older(workers.birth[rows], today)


def asked_public_welfare(workers: WorkerTable, rows) -> np.ndarray:
    """Whether the workers asked for public-welfare posts (their work types name it, and not
    every type)."""
    types = workers.work_types[rows]
    return ((types >> _PUBLIC_WELFARE_TYPE) & 1).astype(bool) & (types != _ANY_TYPE)


def _member(codes: np.ndarray, classes: np.ndarray | None, table=_MEMBER) -> np.ndarray:
    """Whether any of the codes (n, slots; -1 none) is a member of a class: of each row's class
    (`classes`, n) or, with None, of every class (n × CLASSES)."""
    out = np.zeros((len(codes), CLASSES) if classes is None else len(codes), bool)
    for slot in range(codes.shape[1]):
        code = codes[:, slot]
        has = code >= 0
        if classes is None:
            out[has] |= table[:, code[has]].T
        else:
            out[has] |= table[classes[has], code[has]]
    return out


def qualifies(workers: WorkerTable, rows, today: date) -> np.ndarray:
    """(n, CLASSES) bool: whether each worker of `rows` may be offered the jobs of each class."""
    p = _Person(workers, rows, today)
    own = _member(p.occupation, None)
    skill = (p.skills[:, None] & _SKILLS[None, :]) != 0
    heavy_bar = p.older[:, None] & _HEAVY[None, :]
    wish = _member(p.wished, None, _WISHED) & ~_SKILLED[None, :] & ~heavy_bar
    general = _GENERAL[None, :] & p.no_trade[:, None] & ~heavy_bar
    out = own | skill | wish | general
    out[:, PUBLIC_WELFARE] = p.asked_public_welfare | p.only_general
    return out


def pair_paths(workers: WorkerTable, w, classes, today: date) -> np.ndarray:
    """For pairs of workers `w[i]` and jobs of class `classes[i]` (`job_classes(jobs)[j]`):
    which reason about the person lets them meet (OWN, SKILL, ASKED, WISH, GENERAL; the first
    that holds), NONE when none does."""
    w, classes = np.asarray(w, np.int64), np.asarray(classes, np.int64)
    p = _Person(workers, w, today)
    public = classes == PUBLIC_WELFARE
    heavy_bar = p.older & _HEAVY[classes]
    conditions = (
        (np.where(public, p.only_general, _GENERAL[classes] & p.no_trade & ~heavy_bar), GENERAL),
        (_member(p.wished, classes, _WISHED) & ~_SKILLED[classes] & ~heavy_bar, WISH),
        (public & p.asked_public_welfare, ASKED),
        ((p.skills & _SKILLS[classes]) != 0, SKILL),
        (_member(p.occupation, classes), OWN),
    )
    path = np.full(len(w), NONE, np.int8)
    for condition, value in conditions:  # the last that holds wins: OWN first
        path[condition] = value
    return path


def heavy_for_older(workers: WorkerTable, w, classes, today: date) -> np.ndarray:
    """For pairs (as `pair_paths`): heavy work, and the person HEAVY_WORK_AGE or older."""
    w, classes = np.asarray(w, np.int64), np.asarray(classes, np.int64)
    return older(workers.birth[w], today) & _HEAVY[classes]


def trade_skills(job_class: int) -> int:
    """The skills that show the craft of a class's trade (bit mask over SKILL_CODES)."""
    return int(_SKILLS[job_class])
