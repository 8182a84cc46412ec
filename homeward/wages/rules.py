"""The wage early-warning rules (工资支付监测预警), issue 14's table exactly. Pure: no Django.

The staff pages, the background run after every upload, the file interface (`homeward wages
scan`) and the benchmark all call `evaluate` on the same `Books`:

    code              fires when                                                       level
    no_pay            attendance in month M, the deadline (last day of M+1) has passed,
                      and no payment for M                                             red
    paid_late         a payment for M exists but the first was paid after the deadline yellow
    headcount_gap     project × M past its deadline: some who attended have no payment
                      for M                                     yellow; red over 10 % of them
    below_minimum     paid for M ÷ days worked × 21.75 < the local monthly minimum     red
    underpaid         paid for M < 95 % of what the roster says is due: day rate ×
                      days, or monthly wage × min(1, days ÷ 21.75)                     orange
    outlier_sum       paid for M > 2 × due, or > 50,000 yuan                           red
    outside_account   a payment not made from the project's wage special account      orange
    leaver_unsettled  left on L, L + 5 days has passed, an attended month is unpaid    red
    ended_unsettled   the project ended on E, E + 15 days has passed, an attended
                      month is unpaid                                                  red

"Has passed" means the as-of day is after it: paid on the deadline itself is on time, a leaver
on day L + 5 is still inside the five days. Payments dated after the as-of day are not yet made
(a replay of the past gives what was known then). A month's attendance entered twice keeps the
last entry (a correction is a new entry). Money is kept in fen and days in hundredths, and every
threshold is compared in whole numbers, so a payment of exactly 95 % is not underpaid.

The work is vectorised with numpy over keys (project, worker, month) packed into one int64;
only the warnings that fire are turned into Python objects and messages.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from itertools import chain

import numpy as np

RED, ORANGE, YELLOW = "red", "orange", "yellow"
LEVEL_ORDER = {RED: 0, ORANGE: 1, YELLOW: 2}
RULES = (
    "no_pay",
    "paid_late",
    "headcount_gap",
    "below_minimum",
    "underpaid",
    "outlier_sum",
    "outside_account",
    "leaver_unsettled",
    "ended_unsettled",
)
RULE_NAMES = {
    "no_pay": "应发未发",
    "paid_late": "逾期发放",
    "headcount_gap": "发放人数少于出勤人数",
    "below_minimum": "低于最低工资",
    "underpaid": "少发工资",
    "outlier_sum": "单人金额异常",
    "outside_account": "未经专用账户发放",
    "leaver_unsettled": "离场未结清",
    "ended_unsettled": "完工未结清",
}
MONTH, DAY = "month", "day"
_EPOCH_MONTH = 1970 * 12


@dataclass(frozen=True)
class Params:
    """The thresholds (settings `HOMEWARD_WAGES_RULES` override them by name)."""

    headcount_red_share: Decimal = Decimal("0.10")  # red when more than this share is unpaid
    underpaid_share: Decimal = Decimal("0.95")
    outlier_factor: Decimal = Decimal(2)
    outlier_cap: Decimal = Decimal(50_000)  # yuan a month for one person
    leaver_days: int = 5
    ended_days: int = 15
    days_per_month: Decimal = Decimal("21.75")  # 月计薪天数

    @classmethod
    def from_mapping(cls, values: dict | None) -> "Params":
        values = dict(values or {})
        kwargs = {}
        for name, default in cls().__dict__.items():
            if name in values:
                kwargs[name] = type(default)(str(values[name]))
        return cls(**kwargs)


@dataclass(frozen=True)
class Warning:  # noqa: A001 - the word of the domain (预警), not Python's warnings
    project: object
    rule: str
    month: str | None  # "YYYY-MM", None when the rule is about the whole project or person
    worker: object | None
    level: str
    message: str
    # What the rule saw, for pages and cases: amounts in yuan, months as "YYYY-MM".
    facts: dict = field(default_factory=dict, compare=False)

    def as_dict(self) -> dict:
        return {
            "project": self.project,
            "rule": self.rule,
            "month": self.month,
            "worker": self.worker,
            "level": self.level,
            "message": self.message,
        }


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


@lru_cache(maxsize=4096)
def month_text(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@lru_cache(maxsize=4096)
def month_words(index: int) -> str:
    return f"{index // 12}年{index % 12 + 1}月"


def parse_month(text: str) -> int:
    """ "2026-03" → its index; ValueError with a Chinese reason otherwise."""
    text = (text or "").strip()
    parts = text.split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        raise ValueError(f"月份“{text}”应写成 YYYY-MM，例如 2026-03")
    year, month = int(parts[0]), int(parts[1])
    if not 1 <= month <= 12 or not 1900 <= year <= 2100:
        raise ValueError(f"月份“{text}”不存在")
    return month_index(year, month)


@lru_cache(maxsize=4096)
def deadline(index: int) -> date:
    """The last day of the month after month `index`: the latest day wages for it are due."""
    following = index + 2
    return date(following // 12, following % 12 + 1, 1) - timedelta(days=1)


def _day(value: date) -> int:
    return (value - date(1970, 1, 1)).days


def _from_day(value: int) -> date:
    return date(1970, 1, 1) + timedelta(days=int(value))


def _fen(amount) -> int:
    return int((Decimal(str(amount)) * 100).to_integral_value())


def _yuan(fen) -> str:
    return f"{Decimal(int(fen)) / 100:.2f}"


@lru_cache(maxsize=8192)
def _days_text(hundredths) -> str:
    value = Decimal(int(hundredths)) / 100
    return f"{value.normalize():f}"


class Books:
    """What the rules read: projects, roster, attendance and payments, as columns.

    Projects and workers are any hashable identifiers (a file's codes, database ids); the rules
    echo them back. Add rows with the `add_*` methods (amounts in yuan as Decimal or str, days
    as Decimal/float/int, months as an index from `month_index` or "YYYY-MM").
    """

    def __init__(self) -> None:
        self.projects: list = []
        self._project_at: dict = {}
        self.project_region: list[str] = []
        self.project_end: list[int] = []  # day number, -1 when not ended
        self.workers: list = []
        self._worker_at: dict = {}
        self.roster: dict[tuple[int, int], tuple[str, int, int]] = {}  # basis, fen, left day
        self.att: list[tuple[int, int, int, int]] = []  # p, w, month, days in hundredths
        self.pay: list[tuple[int, int, int, int, int, bool]] = []  # p, w, m, fen, day, special

    # -- building --------------------------------------------------------------------------
    def add_project(self, project, *, region: str = "", ended_on: date | None = None) -> int:
        if project in self._project_at:
            index = self._project_at[project]
            self.project_region[index] = region
            self.project_end[index] = _day(ended_on) if ended_on else -1
            return index
        index = self._project_at[project] = len(self.projects)
        self.projects.append(project)
        self.project_region.append(region)
        self.project_end.append(_day(ended_on) if ended_on else -1)
        return index

    def _project(self, project) -> int:
        if project not in self._project_at:
            return self.add_project(project)
        return self._project_at[project]

    def _worker(self, worker) -> int:
        index = self._worker_at.get(worker)
        if index is None:
            index = self._worker_at[worker] = len(self.workers)
            self.workers.append(worker)
        return index

    def has_project(self, project) -> bool:
        return project in self._project_at

    def add_roster(self, project, worker, *, basis: str, wage, left_on: date | None = None):
        if basis not in (MONTH, DAY):
            raise ValueError(f"unknown wage basis {basis!r}")
        key = (self._project(project), self._worker(worker))
        self.roster[key] = (basis, _fen(wage or 0), _day(left_on) if left_on else -1)

    def add_attendance(self, project, worker, month, days) -> None:
        m = parse_month(month) if isinstance(month, str) else int(month)
        hundredths = int((Decimal(str(days)) * 100).to_integral_value())
        self.att.append((self._project(project), self._worker(worker), m, hundredths))

    def add_payment(self, project, worker, month, amount, paid_on: date, special: bool) -> None:
        m = parse_month(month) if isinstance(month, str) else int(month)
        row = (self._project(project), self._worker(worker), m, _fen(amount), _day(paid_on))
        self.pay.append((*row, bool(special)))


MinimumWage = Decimal | Callable[[str, date], Decimal | None] | None


def evaluate(
    books: Books,
    as_of: date,
    *,
    params: Params | None = None,
    minimum: MinimumWage = None,
    rules: Iterable[str] = RULES,
) -> list[Warning]:
    """Every warning the books give on `as_of`, red first, then by project, month, worker.

    `minimum` is the monthly minimum wage: one amount for all, or a function of (region code,
    the month's first day) answering None where unknown (the rule is then skipped), or None to
    skip `below_minimum`.
    """
    params = params or Params()
    wanted = set(rules)
    found: list[Warning] = []
    today = _day(as_of)
    n_workers = max(len(books.workers), 1)
    n_projects = max(len(books.projects), 1)
    dpm = int(params.days_per_month * 100)  # 21.75 → 2175

    att = _array(books.att, 4)
    pay = _array(books.pay, 6)  # the special-account flag as 0/1
    # Payments dated after the as-of day are not yet made.
    pay = pay[pay[:, 4] <= today]

    # Attendance: one row per key, the last entry kept (a correction).
    a_key = _key(att[:, 0], att[:, 1], att[:, 2], n_workers)
    a_key, last = _last_of_each(a_key)
    att = att[last]
    att = att[att[:, 3] > 0]
    a_key = _key(att[:, 0], att[:, 1], att[:, 2], n_workers)
    a_deadline = _deadlines(att[:, 2])

    # Payments per key: total, first day, any outside the special account.
    p_key_all = _key(pay[:, 0], pay[:, 1], pay[:, 2], n_workers)
    p_key, inverse = np.unique(p_key_all, return_inverse=True)
    p_total = np.bincount(inverse, weights=pay[:, 3], minlength=len(p_key)).astype(np.int64)
    p_first = np.full(len(p_key), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(p_first, inverse, pay[:, 4])
    p_outside = np.zeros(len(p_key), dtype=bool)
    np.logical_or.at(p_outside, inverse, pay[:, 5] == 0)
    p_project, p_worker, p_month = _unkey(p_key, n_workers)

    # Join attendance to payments.
    if len(p_key):
        where = np.minimum(np.searchsorted(p_key, a_key), len(p_key) - 1)
        a_paid = p_key[where] == a_key
        a_total = np.where(a_paid, p_total[where], 0)
    else:
        a_paid = np.zeros(len(a_key), dtype=bool)
        a_total = np.zeros(len(a_key), dtype=np.int64)
    a_past = a_deadline < today

    def emit(rule, level, project, month, worker, message, **facts):
        found.append(
            Warning(
                books.projects[project],
                rule,
                month_text(month) if month is not None else None,
                books.workers[worker] if worker is not None else None,
                level,
                message,
                facts,
            )
        )

    if "no_pay" in wanted:
        for p, w, m, days in att[np.flatnonzero(a_past & ~a_paid)].tolist():
            emit(
                "no_pay",
                RED,
                p,
                m,
                w,
                f"{month_words(m)}出勤{_days_text(days)}天，支付期限{_words(deadline(m))}已过，"
                "没有发放记录。",
                days=_days_text(days),
                deadline=deadline(m).isoformat(),
            )

    if "paid_late" in wanted and len(p_key):
        p_deadline = _deadlines(p_month)
        for i in np.flatnonzero(p_first > p_deadline):
            m = int(p_month[i])
            emit(
                "paid_late",
                YELLOW,
                int(p_project[i]),
                m,
                int(p_worker[i]),
                f"{month_words(m)}的工资首次发放于{_words(_from_day(p_first[i]))}，"
                f"晚于支付期限{_words(deadline(m))}。",
                paid_on=_from_day(p_first[i]).isoformat(),
                deadline=deadline(m).isoformat(),
            )

    if "headcount_gap" in wanted and len(att):
        share = Fraction(params.headcount_red_share)
        pm = att[:, 0] * (1 << 24) + att[:, 2]
        pm_past = pm[a_past]
        unpaid_past = (~a_paid)[a_past]
        keys, inv = np.unique(pm_past, return_inverse=True)
        attended = np.bincount(inv, minlength=len(keys))
        unpaid = np.bincount(inv, weights=unpaid_past, minlength=len(keys)).astype(np.int64)
        for i in np.flatnonzero(unpaid > 0):
            p, m = int(keys[i] >> 24), int(keys[i] & ((1 << 24) - 1))
            red = unpaid[i] * share.denominator > share.numerator * attended[i]
            emit(
                "headcount_gap",
                RED if red else YELLOW,
                p,
                m,
                None,
                f"{month_words(m)}出勤{attended[i]}人，已发放{attended[i] - unpaid[i]}人，"
                f"{unpaid[i]}人未发放。",
                attended=int(attended[i]),
                unpaid=int(unpaid[i]),
            )

    paid_rows = np.flatnonzero(a_paid)
    if {"below_minimum", "underpaid", "outlier_sum"} & wanted and len(paid_rows):
        _amount_rules(books, params, minimum, wanted, att, a_total, paid_rows, dpm, emit)

    if "outside_account" in wanted:
        for i in np.flatnonzero(p_outside):
            m = int(p_month[i])
            emit(
                "outside_account",
                ORANGE,
                int(p_project[i]),
                m,
                int(p_worker[i]),
                f"{month_words(m)}的工资有款项未从项目工资专用账户发放。",
            )

    if {"leaver_unsettled", "ended_unsettled"} & wanted and len(att):
        unpaid_att = att[~a_paid]
        if "leaver_unsettled" in wanted:
            _leavers(books, params, today, unpaid_att, n_workers, emit)
        if "ended_unsettled" in wanted:
            end = np.asarray(books.project_end, dtype=np.int64)
            if len(end):
                ended = (end >= 0) & (end + params.ended_days < today)
                counts = np.bincount(unpaid_att[:, 0], minlength=n_projects)[: len(end)]
                for p in np.flatnonzero(ended & (counts > 0)):
                    rows = unpaid_att[unpaid_att[:, 0] == p]
                    months = sorted({int(m) for m in rows[:, 2]})
                    people = len({int(w) for w in rows[:, 1]})
                    emit(
                        "ended_unsettled",
                        RED,
                        int(p),
                        None,
                        None,
                        f"项目已于{_words(_from_day(end[p]))}完工，超过{params.ended_days}天，"
                        f"仍有{people}人的{_months_words(months)}工资未发放。",
                        months=[month_text(m) for m in months],
                        people=people,
                    )

    found.sort(
        key=lambda w: (
            LEVEL_ORDER[w.level],
            str(w.project),
            w.month or "",
            str(w.worker) if w.worker is not None else "",
            RULES.index(w.rule),
        )
    )
    return found


def _amount_rules(books, params, minimum, wanted, att, a_total, rows, dpm, emit) -> None:
    """below_minimum, underpaid and outlier_sum over the attended months with a payment."""
    p, w, m, days = att[rows, 0], att[rows, 1], att[rows, 2], att[rows, 3]
    paid = a_total[rows].astype(np.int64)

    if "below_minimum" in wanted and minimum is not None:
        minimum_fen = _minimums(books, minimum, p, m)
        known = minimum_fen >= 0
        # paid ÷ days × 21.75 < minimum  ⇔  paid × 2175 < minimum × days (hundredths)
        low = known & (paid * dpm < minimum_fen * days)
        for i in np.flatnonzero(low):
            per_month = Decimal(int(paid[i])) * dpm / Decimal(int(days[i])) / 100
            emit(
                "below_minimum",
                RED,
                int(p[i]),
                int(m[i]),
                int(w[i]),
                f"{month_words(int(m[i]))}实发{_yuan(paid[i])}元，出勤{_days_text(days[i])}天，"
                f"折合月工资{per_month:.2f}元，低于当地月最低工资{_yuan(minimum_fen[i])}元。",
                paid=_yuan(paid[i]),
                minimum=_yuan(minimum_fen[i]),
            )

    if not {"underpaid", "outlier_sum"} & wanted:
        return
    # Due as a fraction num / den of fen: day rate × days/100, or wage × min(days, 2175)/2175.
    has = np.zeros(len(p), dtype=bool)
    num = np.zeros(len(p), dtype=np.int64)
    den = np.ones(len(p), dtype=np.int64)
    if books.roster:
        keys = list(books.roster)
        r_key = np.asarray([pp * (1 << 32) + ww for pp, ww in keys], dtype=np.int64)
        order = np.argsort(r_key)
        r_key = r_key[order]
        values = [books.roster[k] for k in keys]
        r_day = np.asarray([v[0] == DAY for v in values], dtype=bool)[order]
        r_fen = np.asarray([v[1] for v in values], dtype=np.int64)[order]
        pw = p * (1 << 32) + w
        at = np.minimum(np.searchsorted(r_key, pw), len(r_key) - 1)
        has = (r_key[at] == pw) & (r_fen[at] > 0)
        day_based = r_day[at]
        num = np.where(day_based, r_fen[at] * days, r_fen[at] * np.minimum(days, dpm))
        den = np.where(day_based, 100, dpm).astype(np.int64)

    if "underpaid" in wanted:
        share = Fraction(params.underpaid_share)
        under = has & (paid * den * share.denominator < share.numerator * num)
        for i in np.flatnonzero(under):
            due = Fraction(int(num[i]), int(den[i]))
            emit(
                "underpaid",
                ORANGE,
                int(p[i]),
                int(m[i]),
                int(w[i]),
                f"{month_words(int(m[i]))}应发{_fraction_yuan(due)}元（按花名册约定工资和出勤"
                f"{_days_text(days[i])}天），实发{_yuan(paid[i])}元，"
                f"不足{_percent(params.underpaid_share)}。",
                due=_fraction_yuan(due),
                paid=_yuan(paid[i]),
            )

    if "outlier_sum" in wanted:
        factor = Fraction(params.outlier_factor)
        cap = _fen(params.outlier_cap)
        over_due = has & (paid * den * factor.denominator > factor.numerator * num)
        over_cap = paid > cap
        for i in np.flatnonzero(over_due | over_cap):
            if over_due[i]:
                due = Fraction(int(num[i]), int(den[i]))
                why = f"超过应发{_fraction_yuan(due)}元的{params.outlier_factor.normalize():f}倍"
            else:
                why = f"超过单人每月{_yuan(cap)}元"
            emit(
                "outlier_sum",
                RED,
                int(p[i]),
                int(m[i]),
                int(w[i]),
                f"{month_words(int(m[i]))}一人实发{_yuan(paid[i])}元，{why}，可能代领他人工资。",
                paid=_yuan(paid[i]),
            )


def _leavers(books, params, today, unpaid_att, n_workers, emit) -> None:
    if not books.roster:
        return
    unpaid_pw = {}
    for p, w, m, _days in unpaid_att.tolist():
        unpaid_pw.setdefault((p, w), set()).add(m)
    for (p, w), (_basis, _fen_value, left) in books.roster.items():
        if left < 0 or left + params.leaver_days >= today:
            continue
        months = unpaid_pw.get((p, w))
        if not months:
            continue
        months = sorted(months)
        emit(
            "leaver_unsettled",
            RED,
            p,
            None,
            w,
            f"已于{_words(_from_day(left))}离场，超过{params.leaver_days}天，"
            f"{_months_words(months)}的工资仍未发放。",
            months=[month_text(m) for m in months],
            left_on=_from_day(left).isoformat(),
        )


def _minimums(books, minimum, p, m) -> np.ndarray:
    """The minimum (fen) per row, −1 where unknown; one lookup per (region, month)."""
    if isinstance(minimum, Decimal | int | float | str):
        return np.full(len(p), _fen(minimum), dtype=np.int64)
    out = np.empty(len(p), dtype=np.int64)
    cache: dict = {}
    pairs = p.astype(np.int64) * (1 << 24) + m
    unique, inverse = np.unique(pairs, return_inverse=True)
    values = np.empty(len(unique), dtype=np.int64)
    for i, pair in enumerate(unique.tolist()):
        project, month = pair >> 24, pair & ((1 << 24) - 1)
        region = books.project_region[project]
        key = (region, month)
        if key not in cache:
            value = minimum(region, date(month // 12, month % 12 + 1, 1)) if region else None
            cache[key] = _fen(value) if value is not None else -1
        values[i] = cache[key]
    out[:] = values[inverse]
    return out


def _array(rows: list, width: int) -> np.ndarray:
    if not rows:
        return np.zeros((0, width), dtype=np.int64)
    flat = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=len(rows) * width)
    return flat.reshape(-1, width)


def _key(p, w, m, n_workers):
    return (p.astype(np.int64) * n_workers + w) * 4096 + (m - _EPOCH_MONTH + 2048)


def _unkey(key, n_workers):
    m = key % 4096 - 2048 + _EPOCH_MONTH
    pw = key // 4096
    return pw // n_workers, pw % n_workers, m


def _last_of_each(key):
    """The unique keys and, for each, the index of its last occurrence."""
    if not len(key):
        return key, np.zeros(0, dtype=np.int64)
    reversed_key = key[::-1]
    unique, first_in_reversed = np.unique(reversed_key, return_index=True)
    return unique, len(key) - 1 - first_in_reversed


def _deadlines(months) -> np.ndarray:
    """Day number of the last day of month + 1, for an array of month indexes."""
    following = (np.asarray(months, dtype=np.int64) + 2 - _EPOCH_MONTH).astype("datetime64[M]")
    return (following.astype("datetime64[D]") - np.timedelta64(1, "D")).astype(np.int64)


@lru_cache(maxsize=8192)
def _words(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _months_words(months: list[int]) -> str:
    return "、".join(month_words(m) for m in months)


def _fraction_yuan(value: Fraction) -> str:
    return f"{Decimal(value.numerator) / Decimal(value.denominator) / 100:.2f}"


def _percent(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"
