"""The pure bounty rules: every exclusion, what each waits for, first referral, one per pair."""

from datetime import UTC, date, datetime

from homeward.ambassadors import rules
from homeward.ambassadors.rules import Candidate, FollowUpFact

TODAY = date(2027, 9, 1)
HIRED = date(2027, 1, 10)
KEPT = (
    FollowUpFact(3, date(2027, 4, 10), "employed"),
    FollowUpFact(6, date(2027, 7, 10), "employed"),
)


def c(**kw):
    base = dict(
        referral_id=1,
        ambassador_id=1,
        worker_id=10,
        employer_id=100,
        application_id=1000,
        referred_at=datetime(2027, 1, 1, tzinfo=UTC),
        status="hired",
        hired_on=HIRED,
        contract_months=12,
        followups=KEPT,
    )
    base.update(kw)
    return Candidate(**base)


def one(**kw):
    return rules.judge([c(**kw)], today=TODAY)[0]


def test_due_after_six_months_still_employed():
    v = one()
    assert (v.state, v.falls_due_on) == ("due", date(2027, 7, 10))


def test_exclusions_name_their_reason():
    assert "本人" in one(is_the_person=True).reason
    assert one(works_for_employer=True).state == "excluded"
    assert "利益冲突" in one(is_approving_staff=True).reason
    assert "不足12个月" in one(contract_months=11).reason
    assert one(contract_months=None).state == "excluded"
    assert one(status="not_hired", hired_on=None).state == "excluded"
    left = one(followups=(FollowUpFact(3, date(2027, 4, 10), "left", date(2027, 3, 1)),))
    assert left.state == "excluded" and "2027-03-01" in left.reason


def test_waiting_says_for_what():
    assert one(status="applied", hired_on=None).reason == "等待录用"
    early = one(
        followups=(FollowUpFact(6, date(2027, 7, 10), ""),),
    )
    assert early.state == "waiting" and "已到期" in early.reason
    later = rules.judge(
        [c(followups=(FollowUpFact(6, date(2027, 7, 10), ""),))], today=date(2027, 5, 1)
    )
    assert "2027-07-10到期" in later[0].reason
    assert one(followups=()).state == "waiting"


def test_first_referral_wins():
    first = c(referral_id=1, ambassador_id=1, referred_at=datetime(2027, 1, 1, tzinfo=UTC))
    later = c(referral_id=2, ambassador_id=2, referred_at=datetime(2027, 1, 5, tzinfo=UTC))
    v1, v2 = rules.judge([later, first], today=TODAY)
    assert v2.state == "due"
    assert v1.state == "excluded" and "首次推荐" in v1.reason


def test_one_bounty_per_person_and_employer():
    a = c(application_id=1000, hired_on=date(2027, 1, 10))
    b = c(application_id=1001, hired_on=date(2027, 2, 10), referral_id=3)
    va, vb = rules.judge([a, b], today=TODAY)
    assert va.state == "due" and vb.state == "excluded"
    # another employer is another bounty
    other = c(application_id=1002, employer_id=101, referral_id=4)
    assert rules.judge([a, other], today=TODAY)[1].state == "due"


def test_approved_stays_approved():
    assert one(approved=True).state == "approved"
