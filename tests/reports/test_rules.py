import datetime as dt

from homeward.reports import rules as r


def test_the_way_up_and_back():
    assert r.next_state(r.SUBMIT, None, r.TOWN) == r.SUBMITTED
    assert r.next_state(r.APPROVE, r.SUBMITTED, r.COUNTY) == r.COUNTY_APPROVED
    assert r.next_state(r.APPROVE, r.COUNTY_APPROVED, r.CITY) == r.APPROVED
    assert r.next_state(r.SEND_BACK, r.SUBMITTED, r.COUNTY) == r.RETURNED
    assert r.next_state(r.SEND_BACK, r.COUNTY_APPROVED, r.CITY) == r.RETURNED
    assert r.next_state(r.SUBMIT, r.RETURNED, r.TOWN) == r.SUBMITTED
    assert r.next_state(r.REOPEN, r.APPROVED, r.CITY) == r.RETURNED


def test_what_is_refused():
    assert r.next_state(r.SUBMIT, r.SUBMITTED, r.TOWN) is None  # twice
    assert r.next_state(r.SUBMIT, r.APPROVED, r.TOWN) is None  # locked
    assert r.next_state(r.APPROVE, r.SUBMITTED, r.CITY) is None  # the county first
    assert r.next_state(r.APPROVE, r.SUBMITTED, r.TOWN) is None  # not its own
    assert r.next_state(r.SEND_BACK, r.APPROVED, r.CITY) is None  # locked: reopen instead
    assert r.next_state(r.SEND_BACK, r.COUNTY_APPROVED, r.COUNTY) is None  # the city holds it
    assert r.next_state(r.REOPEN, r.SUBMITTED, r.COUNTY) is None
    assert r.steps_open(r.SUBMITTED, r.COUNTY) == [r.APPROVE, r.SEND_BACK]


def test_due_and_on_time():
    assert r.due_on(dt.date(2027, 12, 1)) == dt.date(2028, 1, 5)
    assert r.on_time(dt.date(2027, 2, 1), dt.date(2027, 3, 5))
    assert not r.on_time(dt.date(2027, 2, 1), dt.date(2027, 3, 6))
    assert not r.on_time(dt.date(2027, 2, 1), None)
    assert r.may_submit(dt.date(2027, 2, 1), dt.date(2027, 3, 1))
    assert not r.may_submit(dt.date(2027, 3, 1), dt.date(2027, 3, 31))
