"""The live scan is vectorised (`services.evaluate_many`) and answers exactly as the per-person
rules: over a varied registry (three counties of two cities and one outside both, returnees
inside and outside the window, hires at home and elsewhere, follow-ups that left or stayed, a
certificate, a low-income household, a claim already made), every shipped person policy and a
version written to reach the walker's corners (a boolean against a number, an empty text against
null, a list fact, arithmetic with a null, a built-in symbol), the verdict and the explanation
of every person are the same as `evaluate_worker`'s one at a time — and `scan_candidates` lists
the same people, with the same explanations, as the one-by-one scan did."""

import datetime
import json

import pytest
from django.utils import timezone

from homeward.followups.services import schedule_followups
from homeward.regions.models import Region
from homeward.scoping import limit_to_area
from homeward.subsidies import services
from homeward.subsidies.facts import facts_of
from homeward.subsidies.models import Candidate, Policy, PolicyVersion
from homeward.training import services as training
from homeward.workers.models import Worker
from tests.factories import (
    COUNTY,
    COUNTY_B,
    VILLAGE,
    make_employer,
    make_hire,
    make_posting,
    make_staff,
    make_worker,
)
from tests.training.helpers import completed, make_course

from .conftest import card, make_returnee

pytestmark = pytest.mark.django_db

EDGES = [
    {"label": "布尔与数字 {hired_locally}", "expression": "hired_locally == 1"},
    {"label": "低收入为空 {low_income}", "expression": 'low_income == ""'},
    {"label": "低收入未知", "expression": "low_income == null"},
    {"label": "已申请返乡补助", "expression": '"SQ-RETURN-500" in received'},
    {"label": "年龄加合同 {age}", "expression": "age + contract_months > 40"},
    {"label": "三月后返乡 {returned_on}", "expression": 'returned_on >= d"2026-03-01"'},
    {"label": "今天在期内", "expression": "$today >= window_start"},
    {"label": "不再在岗", "expression": "not still_employed"},
    {
        "label": "女45或外出",
        "expression": 'gender == "female" and age >= 45 or status == "out_migrant"',
    },
    {
        "label": "回访月数 {last_followup}",
        "expression": "last_followup == null or last_followup < 3",
    },
    {"label": "入职日期等于返乡日期", "expression": "hired_on == returned_on"},
    {"label": "从未知道的事实", "expression": "no_such_fact == null"},
]


def village_of(county: str) -> str:
    return Region.tree.filter(code__startswith=county, level="village").order_by("code")[0].code


@pytest.fixture
def registry(seeded):
    """About thirty people, each different in what the policies read."""
    today = timezone.localdate()
    staff = make_staff(COUNTY, username="scan-trainer")
    elsewhere = make_posting(make_employer(COUNTY_B))
    people = []
    seq = iter(range(300, 400))
    villages = [VILLAGE, village_of(COUNTY_B), village_of("430381"), village_of("320102")]
    for v, village in enumerate(villages):
        for returned in (datetime.date(2026, 6, 1), datetime.date(2025, 5, 1), None):
            for status in ("local_employed", "unemployed", "returned_entrepreneur"):
                n = next(seq)
                if returned is not None:
                    worker = make_returnee(village, sequence=n, returned_on=returned, status=status)
                else:
                    worker = make_worker(village, sequence=n, status=status)
                people.append(worker)
        # a woman of 50 on the low-income list, a man of 62
        people.append(
            make_worker(
                village,
                sequence=next(seq),
                male=False,
                birth_date=datetime.date(1976, 1, 5),
                low_income="low_income",
                status="unemployed",
            )
        )
        people.append(
            make_worker(village, sequence=next(seq), birth_date=datetime.date(1964, 2, 2))
        )
        people.append(make_worker(village, sequence=next(seq), status="out_migrant"))
        hired = people[v * 12]  # returned in the window, local_employed
        make_hire(hired, hired_on=datetime.date(2026, 6, 5), contract_months=6)
        away = people[v * 12 + 1]
        make_hire(away, elsewhere, hired_on=datetime.date(2026, 7, 1), contract_months=24)
        long = people[v * 12 + 3]
        application = make_hire(long, hired_on=datetime.date(2025, 6, 1), contract_months=12)
        schedule_followups(application.pk)
        application.followups.filter(months=1).update(
            result="left", left_on=datetime.date(2025, 8, 1)
        )
        application.followups.filter(months=3).update(result="employed")
    # a certificate of level 4, and a claim already made
    enrolment = completed(make_course(level="4"), people[2], staff)
    training.record_assessment(enrolment, assessed_on=today, passed=True, by=staff)
    training.issue_certificate(enrolment, number="LS-1", issued_on=today, by=staff)
    services.apply_for(
        seeded["SQ-RETURN-500"], worker=people[0], bank_name="农行", bank_account=card()
    )
    return [Worker._base_manager.get(pk=w.pk) for w in people]


def edge_version():
    policy = Policy(code="EDGE", name="边界", region_id="3213")
    return PolicyVersion(
        policy=policy,
        number=1,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
        conditions=EDGES,
    )


def person_versions():
    return [
        p.published()
        for p in Policy._base_manager.filter(beneficiary="person").order_by("code")
        if p.published() is not None
    ]


def test_every_verdict_and_explanation_is_the_per_person_one(registry):
    today = timezone.localdate()
    facts = [facts_of(w, today=today) for w in registry]
    versions = [*person_versions(), edge_version()]
    assert len(versions) >= 7
    eligible = 0
    for version in versions:
        verdicts = services.evaluate_many(version, registry, facts, today=today)
        for i, worker in enumerate(registry):
            one, _ = services.evaluate_worker(version, worker, today=today, facts=facts[i])
            assert verdicts.decision(i).as_dict() == one.as_dict(), (version.policy.code, i)
            assert bool(verdicts.eligible[i]) == one.eligible
            eligible += one.eligible
    assert eligible >= 5  # the fixture makes some people eligible, not only refusals
    edge = services.evaluate_many(edge_version(), registry, facts, today=today)
    outcomes = {o for line in edge.outcomes for o in line.tolist()}
    assert outcomes == {1, 0, -1}  # passes, fails and 无法判断 all met


def _key(explanation: dict) -> str:
    """An explanation as a comparable text (PostgreSQL's jsonb keeps its keys in its own order)."""
    return json.dumps(explanation, sort_keys=True, ensure_ascii=False)


def one_by_one(area: str, today) -> set:
    """The scan as it was: each person, each version, `evaluate_worker`."""
    from homeward.scoping import covers

    found = set()
    for worker in Worker.objects.in_area(area).order_by("pk"):
        facts = facts_of(worker, today=today)
        for version in person_versions():
            region = version.policy.region_id
            if not (covers(region, area) or covers(area, region)):
                continue
            if not covers(region, worker.region_id):
                continue
            decision, _ = services.evaluate_worker(version, worker, today=today, facts=facts)
            if decision.eligible and version.policy.code not in facts["received"]:
                found.add((worker.pk, version.pk, _key(decision.as_dict())))
    return found


@pytest.mark.parametrize("area", ["3213", COUNTY, "430381"])
def test_the_scan_lists_the_people_the_per_person_rules_list(registry, area):
    today = timezone.localdate()
    expected = one_by_one(area, today)
    assert services.scan_candidates(area, today=today) == len(expected)
    listed = {
        (c.worker_id, c.version_id, _key(c.explanation))
        for c in limit_to_area(Candidate._base_manager.all(), area)
    }
    assert listed == expected and expected


def test_one_persons_scan_is_the_same_walk(registry):
    today = timezone.localdate()
    worker = registry[0 + 12 * 1]  # returned in the window, hired, in 宿豫区
    services.scan_person(worker.pk, today=today)
    listed = {
        (c.worker_id, c.version_id, _key(c.explanation))
        for c in Candidate._base_manager.filter(worker=worker)
    }
    assert listed == {row for row in one_by_one(COUNTY_B, today) if row[0] == worker.pk}
    assert listed
