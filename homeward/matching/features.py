"""Feature tables: workers and jobs as columns of small numpy arrays, in the order given.

`WorkerTable.from_records` and `JobTable.from_records` take the dicts of the files interface
(documented in `core`); a caller holding millions of rows can fill the arrays directly instead
(`bench` does). Region codes are integers padded to 12 digits, so a region's prefix at any level
is an integer division: ancestry is arithmetic. Dates are day numbers (`date.toordinal()`).

A record that cannot be encoded — an unknown code, an age or a date outside what the arrays and
the age arithmetic hold (`AGES`, `codes.bounds.STORED_DAYS`), a wage that is not a finite amount
— raises ValueError naming the record and the field, or, when the caller passes a `skipped` list,
is left out and noted there as (id, reason): one bad posting must not stop a province's matching.
Reasons name fields and limits, never a person's values.
"""

import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

import numpy as np

from homeward.codes.bounds import STORED_DAYS
from homeward.regions.codes import padded
from homeward.workers.vocab import EDUCATION_LEVELS

from . import text, weights

EDUCATION = EDUCATION_LEVELS  # the registry's codes in rising order
EDUCATION_RANK = {code: rank for rank, code in enumerate(EDUCATION)}
WORK_TYPES = ("full_time", "seasonal", "gig", "public_welfare")
ANY_WORK_TYPE = (1 << len(WORK_TYPES)) - 1

# How far a worker will go, as the number of leading code digits a job must share with where the
# worker lives. The registry's WorkScope values are accepted as well.
SCOPE_DIGITS = {
    "town": 9,
    "county": 6,
    "city": 4,
    "province": 2,
    "anywhere": 0,
    "in_town": 9,
    "in_county": 6,
    "in_city": 4,
    "in_province": 2,
    "out_of_province": 0,
}
SCOPE_NAMES = {9: "同镇", 6: "本县", 4: "本市", 2: "本省", 0: "不限"}

# Levels of closeness, by shared leading digits.
LEVELS = (("town", 9), ("county", 6), ("city", 4), ("province", 2))
WAGE_UNITS = ("month", "day", "piece")
SKILL_CODES = tuple(text.SKILLS)
# What the int16 age columns and `birth_bounds` can hold; the posting's own bounds are narrower.
AGES = (0, 150)
DAYS = tuple(day.toordinal() for day in STORED_DAYS)
MAX_AMOUNT = 1e9  # yuan; float32 holds it, and no wage comes near it


def today_in_china() -> date:
    """The match day when none is given: today in Asia/Shanghai."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def region_int(code) -> int:
    """A region code of 2–12 digits as an integer padded to 12 digits (0 when missing)."""
    code = str(code or "").strip()
    if not code:
        return 0
    if not code.isdigit() or len(code) > 12:
        raise ValueError(f"not a region code: {code!r}")
    return int(padded(code))


def day_number(value, name: str = "date") -> int:
    """A date, or an ISO date string, as a day number; 0 when missing. A date outside
    `STORED_DAYS` raises ValueError."""
    if value in (None, ""):
        return 0
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    number = day.toordinal()
    if not DAYS[0] <= number <= DAYS[1]:
        raise ValueError(f"{name} outside {STORED_DAYS[0]}…{STORED_DAYS[1]}")
    return number


def age_limit(value, name: str) -> int:
    """An age limit of a job, -1 when none; outside `AGES` raises ValueError."""
    if value in (None, "", 0):
        return -1
    age = int(value)
    if not AGES[0] <= age <= AGES[1]:
        raise ValueError(f"{name} outside {AGES[0]}…{AGES[1]}")
    return age


def amount(value, name: str, default: float = 0.0) -> float:
    """A sum of money in yuan as a float; not finite, negative or beyond MAX_AMOUNT raises."""
    if value in (None, ""):
        return default
    number = float(value)
    if not 0 <= number <= MAX_AMOUNT:  # also false for nan
        raise ValueError(f"{name} outside 0…{MAX_AMOUNT:.0f}")
    return number


def _keep(columns: dict, size: int) -> None:
    """Drop what a record that failed half-way appended to the columns."""
    for values in columns.values():
        del values[size:]


def tie_break(ids) -> np.ndarray:
    """A number in [0, 1) per id, the same wherever the id sits in the input."""
    return np.array([zlib.crc32(str(i).encode()) / 2**32 for i in ids], dtype=np.float32)


def _mask(codes, vocabulary) -> int:
    return sum(1 << vocabulary.index(c) for c in codes if c in vocabulary)


@dataclass
class WorkerTable:
    ids: list
    birth: np.ndarray  # int32 day number, 0 when unknown
    education: np.ndarray  # int8 rank in EDUCATION (unknown counts as none)
    home: np.ndarray  # int64 region, 12 digits
    anchor: np.ndarray  # int64 region where the worker lives now: current_region, else home
    scope: np.ndarray  # int8 digits a job's region must share with `anchor` (SCOPE_DIGITS)
    work_types: np.ndarray  # uint8 bit mask over WORK_TYPES (all bits when unrestricted)
    expected_wage: np.ndarray  # float32 yuan a month, nan when not stated
    available: np.ndarray  # int32 day number, 0 when free now
    low_income: np.ndarray  # bool
    wants: np.ndarray  # uint8 bit mask over text.BENEFITS
    skills: np.ndarray  # uint32 bit mask over SKILL_CODES
    occupation: np.ndarray  # int16 (n, 3) index into text.OCCUPATION_CODES, -1 for none
    occupation_confidence: np.ndarray  # float32 (n, 3)
    jitter: np.ndarray = field(default=None)  # float32 [0, 1) tie-break from the id
    # int16 (n, 2): trades the person wants to learn or do (a training wish), -1 for none
    wished: np.ndarray = field(default=None)

    def __post_init__(self):
        if self.jitter is None:
            self.jitter = tie_break(self.ids)
        if self.wished is None:
            self.wished = np.full((len(self.ids), 2), -1, np.int16)

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_records(cls, records, *, skipped: list | None = None) -> "WorkerTable":
        """Workers from dicts; a record that cannot be encoded raises ValueError, or with a
        `skipped` list is left out and noted there as (id, reason)."""
        records = list(records)
        n = len(records)
        occupation = np.full((n, 3), -1, np.int16)
        confidence = np.zeros((n, 3), np.float32)
        wished = np.full((n, 2), -1, np.int16)
        columns = {
            key: []
            for key in (
                "birth",
                "education",
                "home",
                "anchor",
                "scope",
                "work_types",
                "expected_wage",
                "available",
                "low_income",
                "wants",
                "skills",
            )
        }
        kept = []
        for r in records:
            i = len(kept)
            try:
                home = region_int(r.get("home_region"))
                columns["birth"].append(day_number(r.get("birth_date"), "birth_date"))
                columns["education"].append(EDUCATION_RANK.get(r.get("education") or "none", 0))
                columns["home"].append(home)
                columns["anchor"].append(region_int(r.get("current_region")) or home)
                scope = r.get("willing_scope") or weights.DEFAULT_SCOPE
                if scope not in SCOPE_DIGITS:
                    raise ValueError(f"unknown willing_scope {scope!r}")
                columns["scope"].append(SCOPE_DIGITS[scope])
                types = r.get("work_types") or []
                unknown = [t for t in types if t not in WORK_TYPES]
                if unknown:
                    raise ValueError(f"unknown work type {unknown[0]!r}")
                columns["work_types"].append(_mask(types, WORK_TYPES) or ANY_WORK_TYPE)
                wage = amount(r.get("expected_wage"), "expected_wage", np.nan)
                columns["expected_wage"].append(wage)
                columns["available"].append(day_number(r.get("available_from"), "available_from"))
                columns["low_income"].append(bool(r.get("low_income")))
                columns["wants"].append(_mask(text.benefit_codes(r.get("wants")), text.BENEFITS))
                columns["skills"].append(_mask(text.skill_codes(r.get("skills")), SKILL_CODES))
            except (TypeError, ValueError, OverflowError) as error:
                if skipped is None:
                    raise ValueError(f"worker {r.get('id')!r}: {error}") from None
                _keep(columns, i)
                skipped.append((r.get("id"), str(error)))
                continue
            kept.append(r)
            placed: dict[int, float] = {}
            for written in r.get("occupations") or []:
                hit = text.place_occupation(written)
                if hit:
                    index = text.OCCUPATION_CODES.index(hit[0])
                    placed[index] = max(placed.get(index, 0.0), hit[1])
            for slot, (index, conf) in enumerate(sorted(placed.items(), key=lambda p: -p[1])[:3]):
                occupation[i, slot] = index
                confidence[i, slot] = conf
            wishes = r.get("wished_occupations") or []
            wanted = [
                text.place_occupation(t) for t in ([wishes] if isinstance(wishes, str) else wishes)
            ]
            codes = dict.fromkeys(text.OCCUPATION_CODES.index(hit[0]) for hit in wanted if hit)
            for slot, index in enumerate(list(codes)[:2]):
                wished[i, slot] = index
        n = len(kept)
        return cls(
            ids=[r["id"] for r in kept],
            birth=np.array(columns["birth"], np.int32),
            education=np.array(columns["education"], np.int8),
            home=np.array(columns["home"], np.int64),
            anchor=np.array(columns["anchor"], np.int64),
            scope=np.array(columns["scope"], np.int8),
            work_types=np.array(columns["work_types"], np.uint8),
            expected_wage=np.array(columns["expected_wage"], np.float32),
            available=np.array(columns["available"], np.int32),
            low_income=np.array(columns["low_income"], bool),
            wants=np.array(columns["wants"], np.uint8),
            skills=np.array(columns["skills"], np.uint32),
            occupation=occupation[:n],
            occupation_confidence=confidence[:n],
            wished=wished[:n],
        )

    def take(self, index) -> "WorkerTable":
        """The rows at `index`, as a new table."""
        index = np.asarray(index)
        return WorkerTable(
            ids=[self.ids[i] for i in index],
            **{
                name: getattr(self, name)[index]
                for name in self.__dataclass_fields__
                if name != "ids"
            },
        )


@dataclass
class JobTable:
    ids: list
    titles: list
    region: np.ndarray  # int64, padded to 12 digits
    wage_min: np.ndarray  # float32 as posted, in `wage_unit`
    wage_max: np.ndarray
    wage_unit: np.ndarray  # int8 index into WAGE_UNITS
    open: np.ndarray  # bool: published, not ended and headcount left
    age_min: np.ndarray  # int16, -1 for no limit
    age_max: np.ndarray  # int16, -1 for no limit
    education_min: np.ndarray  # int8 rank
    work_type: np.ndarray  # int8 index into WORK_TYPES
    benefits: np.ndarray  # uint8 bit mask over text.BENEFITS
    skills: np.ndarray  # uint32 bit mask over SKILL_CODES
    occupation: np.ndarray  # int16 index into text.OCCUPATION_CODES, -1 for none
    occupation_confidence: np.ndarray  # float32
    start: np.ndarray  # int32 day number, 0 when not given (the match day)
    jitter: np.ndarray = field(default=None)
    occupation_texts: list | None = None  # as written, for reasons ("工种对口：搬运工")

    def __post_init__(self):
        if self.jitter is None:
            self.jitter = tie_break(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def monthly_wage(self) -> np.ndarray:
        """Mid-range wage in yuan a month: day rates × weights.WORKING_DAYS_A_MONTH; nan for
        piece rates, which say nothing about a month without the pieces a day."""
        mid = (self.wage_min + self.wage_max) / 2
        monthly = np.where(self.wage_unit == 1, mid * weights.WORKING_DAYS_A_MONTH, mid)
        return np.where(self.wage_unit == 2, np.nan, monthly).astype(np.float32)

    @classmethod
    def from_records(
        cls, records, *, today: date | None = None, skipped: list | None = None
    ) -> "JobTable":
        """Jobs from dicts. Open means: `status` absent or "published", headcount above
        `filled` (absent: 0), and `end_date` absent or not before `today`. A record that cannot
        be encoded raises ValueError, or with a `skipped` list is left out and noted there."""
        records = list(records)
        cols: dict[str, list] = {
            key: []
            for key in (
                "region",
                "wage_min",
                "wage_max",
                "wage_unit",
                "open",
                "age_min",
                "age_max",
                "education_min",
                "work_type",
                "benefits",
                "skills",
                "occupation",
                "occupation_confidence",
                "start",
            )
        }
        today_n = (today or today_in_china()).toordinal()
        kept = []
        for r in records:
            try:
                cols["region"].append(region_int(r.get("region")))
                low = amount(r.get("wage_min") or 0, "wage_min")
                high = amount(r.get("wage_max") or low, "wage_max")
                cols["wage_min"].append(low)
                cols["wage_max"].append(max(high, low))
                unit = r.get("wage_unit") or "month"
                if unit not in WAGE_UNITS:
                    raise ValueError(f"unknown wage_unit {unit!r}")
                cols["wage_unit"].append(WAGE_UNITS.index(unit))
                left = int(r.get("headcount") or 0) - int(r.get("filled") or 0)
                ends = day_number(r.get("end_date"), "end_date")
                cols["open"].append(
                    r.get("status", "published") == "published"
                    and left > 0
                    and (not ends or ends >= today_n)
                )
                cols["age_min"].append(age_limit(r.get("age_min"), "age_min"))
                cols["age_max"].append(age_limit(r.get("age_max"), "age_max"))
                level = r.get("education_min") or "none"
                if level not in EDUCATION_RANK:
                    raise ValueError(f"unknown education_min {level!r}")
                cols["education_min"].append(EDUCATION_RANK[level])
                work_type = r.get("work_type") or "full_time"
                if work_type not in WORK_TYPES:
                    raise ValueError(f"unknown work_type {work_type!r}")
                cols["work_type"].append(WORK_TYPES.index(work_type))
                cols["benefits"].append(_mask(text.benefit_codes(r.get("benefits")), text.BENEFITS))
                skills = r.get("skills")
                cols["skills"].append(
                    _mask(
                        text.skill_codes([skills] if isinstance(skills, str) else skills),
                        SKILL_CODES,
                    )
                )
                hit = text.place_occupation(r.get("occupation") or r.get("title") or "")
                cols["occupation"].append(text.OCCUPATION_CODES.index(hit[0]) if hit else -1)
                cols["occupation_confidence"].append(hit[1] if hit else 0.0)
                cols["start"].append(day_number(r.get("start_date"), "start_date"))
            except (TypeError, ValueError, OverflowError) as error:
                if skipped is None:
                    raise ValueError(f"job {r.get('id')!r}: {error}") from None
                _keep(cols, len(kept))
                skipped.append((r.get("id"), str(error)))
                continue
            kept.append(r)
        records = kept
        return cls(
            ids=[r["id"] for r in records],
            titles=[r.get("title") or r.get("occupation") or "" for r in records],
            occupation_texts=[text.normalize(r.get("occupation")) for r in records],
            region=np.array(cols["region"], np.int64),
            wage_min=np.array(cols["wage_min"], np.float32),
            wage_max=np.array(cols["wage_max"], np.float32),
            wage_unit=np.array(cols["wage_unit"], np.int8),
            open=np.array(cols["open"], bool),
            age_min=np.array(cols["age_min"], np.int16),
            age_max=np.array(cols["age_max"], np.int16),
            education_min=np.array(cols["education_min"], np.int8),
            work_type=np.array(cols["work_type"], np.int8),
            benefits=np.array(cols["benefits"], np.uint8),
            skills=np.array(cols["skills"], np.uint32),
            occupation=np.array(cols["occupation"], np.int16),
            occupation_confidence=np.array(cols["occupation_confidence"], np.float32),
            start=np.array(cols["start"], np.int32),
        )

    def take(self, index) -> "JobTable":
        index = np.asarray(index)
        texts = self.occupation_texts
        return JobTable(
            ids=[self.ids[i] for i in index],
            titles=[self.titles[i] for i in index],
            occupation_texts=[texts[i] for i in index] if texts else None,
            **{
                name: getattr(self, name)[index]
                for name in self.__dataclass_fields__
                if name not in ("ids", "titles", "occupation_texts")
            },
        )


def birth_bounds(age_min: int, age_max: int, start: date) -> tuple[int, int]:
    """(earliest, latest) birth day numbers of someone aged age_min…age_max on `start`, the
    registry's way of counting age (`Worker.age_on`). -1 means no limit on that side."""

    def born_by(years: int) -> int:  # latest birth date of someone at least `years` old
        year = start.year - years
        try:
            return date(year, start.month, start.day).toordinal()
        except ValueError:  # 29 February in a year without one
            return date(year, 2, 28).toordinal()

    latest = born_by(age_min) if age_min >= 0 else 10**7
    earliest = born_by(age_max + 1) + 1 if age_max >= 0 else 1
    return earliest, latest
