"""The sane range of every number and date the platform keeps, one home per concept.

Pure, no Django: the forms, the database's check constraints (through `homeward.core.bounds`),
the ledger parser, the services and the matching encoder all read their limits from here, so a
value one of them accepts is one the others can store and encode.

Numbers are fixed. Dates have two ranges each: what the database accepts (`STORED_DAYS`, fixed:
a check constraint cannot say "today"), and the window around today that forms and services
accept, which is narrower:

    event    today − 5 years … today + 2 years: a posting's start and end, an interview, a hire,
             a status change and the day a person is free from (things that happen around now)
    history  1950-01-01 … today: facts of a person's past (returned home on, status since)
    birth    1900-01-01 … today: what an ID number may say (`homeward.codes.idnumber`)

Ages of postings are `workers.vocab.MINIMUM_WORKING_AGE` … `MAXIMUM_WORKING_AGE` (16–75).
"""

from datetime import date, datetime
from decimal import Decimal

from homeward.workers.vocab import MAXIMUM_WORKING_AGE, MINIMUM_WORKING_AGE

WORKING_AGE = (MINIMUM_WORKING_AGE, MAXIMUM_WORKING_AGE)
HEADCOUNT = (1, 10_000)  # people one posting asks for
# Yuan a month: wages of postings paid by the month, a person's income and expected wage.
MONTHLY_WAGE = (Decimal(0), Decimal(200_000))
DAY_RATE = (Decimal(0), Decimal(5_000))  # yuan a day
PIECE_RATE = (Decimal(0), Decimal(1_000))  # yuan a piece
WAGE_BY_UNIT = {"month": MONTHLY_WAGE, "day": DAY_RATE, "piece": PIECE_RATE}
CONTRACT_MONTHS = (1, 120)  # a labour contract's length as the hire form takes it

STORED_DAYS = (date(1900, 1, 1), date(2100, 12, 31))  # every date column's check constraint
FIRST_BIRTH_DAY = date(1900, 1, 1)
FIRST_HISTORY_DAY = date(1950, 1, 1)
EVENT_YEARS_BACK, EVENT_YEARS_AHEAD = 5, 2


def shift_years(day: date, years: int) -> date:
    """The same day `years` later (earlier when negative); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def event_window(today: date) -> tuple[date, date]:
    return shift_years(today, -EVENT_YEARS_BACK), shift_years(today, EVENT_YEARS_AHEAD)


def history_window(today: date) -> tuple[date, date]:
    return FIRST_HISTORY_DAY, today


def birth_window(today: date) -> tuple[date, date]:
    return FIRST_BIRTH_DAY, today


def within(value, bounds) -> bool:
    """Whether `value` lies in `bounds` (both ends included); a datetime is judged by its day."""
    if isinstance(value, datetime):
        value = value.date()
    low, high = bounds
    return low <= value <= high


def clamp(value, bounds):
    low, high = bounds
    return min(max(value, low), high)
