"""The monthly report's way up the hierarchy, as DHIS2 approves data sets. Pure, no Django.

A town submits its month (a frozen copy of its figures); the county approves it, then the city;
the city's approval locks it. Before the lock the level holding it may send it back with a
reason (the town corrects and submits again); after it, a county or the city reopens it with a
reason for a correction. Which step is open from which state to which level is decided here and
only here; the services check and record.

    draft/returned --submit (town)--> submitted --approve (county)--> county_approved
    county_approved --approve (city)--> approved (locked)
    submitted --send_back (county)--> returned;  county_approved --send_back (city)--> returned
    approved --reopen (county or city, a reason)--> returned
"""

import datetime as dt

SUBMITTED, COUNTY_APPROVED, APPROVED, RETURNED = (
    "submitted",
    "county_approved",
    "approved",
    "returned",
)
SUBMIT, APPROVE, SEND_BACK, REOPEN = "submit", "approve", "send_back", "reopen"
TOWN, COUNTY, CITY = "town", "county", "city"
DUE_DAY = 5  # a month's report is due by the 5th of the next month

# (step, state now, level acting) -> the state after it
MOVES = {
    (SUBMIT, None, TOWN): SUBMITTED,
    (SUBMIT, RETURNED, TOWN): SUBMITTED,
    (APPROVE, SUBMITTED, COUNTY): COUNTY_APPROVED,
    (APPROVE, COUNTY_APPROVED, CITY): APPROVED,
    (SEND_BACK, SUBMITTED, COUNTY): RETURNED,
    (SEND_BACK, COUNTY_APPROVED, CITY): RETURNED,
    (REOPEN, APPROVED, COUNTY): RETURNED,
    (REOPEN, APPROVED, CITY): RETURNED,
}
NEEDS_REASON = {SEND_BACK, REOPEN}
RECEIVED = (SUBMITTED, COUNTY_APPROVED, APPROVED)  # a report the level above holds
LOCKED = (APPROVED,)
# who acts next on a report in a state: the level whose queue it is in
WAITING_FOR = {SUBMITTED: COUNTY, COUNTY_APPROVED: CITY}


def next_state(step: str, state: str | None, level: str) -> str | None:
    """The state after `step` by an office of `level` on a report in `state`; None: refused."""
    return MOVES.get((step, state, level))


def steps_open(state: str | None, level: str) -> list[str]:
    """The steps an office of `level` may take on a report in `state`."""
    return [s for (s, st, lv) in MOVES if st == state and lv == level]


def due_on(month: dt.date) -> dt.date:
    """The last day a month's report is on time: the DUE_DAY of the next month."""
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following.replace(day=DUE_DAY)


def on_time(month: dt.date, first_submitted: dt.date | None) -> bool:
    return first_submitted is not None and first_submitted <= due_on(month)


def may_submit(month: dt.date, today: dt.date) -> bool:
    """A month is reported once it is over."""
    return month < today.replace(day=1)
