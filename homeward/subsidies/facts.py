"""A person's facts: the dict a policy's conditions are evaluated over, built from the records.

`FACTS` documents every fact (its name, Chinese label, what it holds); a condition may read only
these (plus the version's own `window_start`, `window_end` and `today`). Each fact comes from one
source function in `SOURCES`; another workstream adds its facts by appending a source here
(follow-ups: `still_employed_6m`; training: `certificates`, `certificate_level`; ventures and
loans: `has_venture`, `loan_interest`) and documenting them in `FACTS`.

Values are plain: str, int, bool, `date`, float, or None when unknown. `frozen` turns a facts
dict into JSON for an application (dates as ISO text) and `thawed` reads it back.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from homeward.regions.codes import county_of

FACTS = {
    # registry (workers.Worker)
    "age": ("年龄", "years on the day of the check"),
    "gender": ("性别", "male / female"),
    "status": ("就业状态", "the registry's current employment status code"),
    "work_scope": ("就业地点", "in_town / in_county / in_city / in_province / out_of_province"),
    "returned_on": ("返乡日期", "the day they came home (a date)"),
    "low_income": ("低收入类别", "poverty_alleviated / monitored / low_income, or empty"),
    "is_low_income": ("低收入户", "true when any low-income flag is set"),
    "home_county": ("户籍县", "the 6-digit code of their household county"),
    # status history (workers.StatusEvent)
    "was_out_migrant": ("曾外出务工", "an out-migration status recorded before now"),
    "statuses": ("就业状态记录", "every status code of their history, oldest first"),
    # placements (placements.Application)
    "hired_locally": ("本地就业", "hired through the platform by an employer of the home county"),
    "hired_on": ("入职日期", "the latest hire's date"),
    "contract_months": ("劳动合同期限（月）", "the latest hire's contract length"),
    "months_employed": ("在岗月数", "whole months since the latest hire"),
    "hires": ("录用次数", "hires recorded"),
    # follow-ups (followups.FollowUp) of the latest hire
    "still_employed": (
        "仍在岗",
        "the latest recorded follow-up: still employed (true) or left (false)",
    ),
    "last_followup": ("最近回访", "months after the hire of the latest recorded follow-up"),
    # payments already received (this app)
    "received": ("已享受补贴", "codes of the policies already paid or approved for them"),
    "claims_of_policy": ("本政策已申请次数", "entitlements of the policy being checked"),
    # filled by other workstreams' sources; None until they exist
    "certificate_level": ("证书等级", "training: the newest certificate's level (1–5)"),
    "certificates": ("证书数", "training: certificates held"),
    "has_venture": ("返乡创业实体", "ventures: a registered returnee venture"),
    "base_amount": ("计算基数", "ventures/loans: e.g. a loan's interest due, yuan"),
    "months": ("月数", "months on a post or in a period paid per month"),
    "on_public_post": ("在公益性岗位", "on a public-welfare post now"),
    "employer_trainees": ("以工代训人数", "an employer's new hires trained on the job"),
}


def _registry(worker, today: date) -> dict:
    from homeward.workers.models import StatusEvent

    events = list(
        StatusEvent._base_manager.filter(worker=worker).order_by("occurred_on", "recorded_at")
    )
    return {
        "age": worker.age_on(today),
        "gender": worker.gender,
        "status": worker.status,
        "work_scope": worker.work_scope,
        "returned_on": worker.returned_on,
        "low_income": worker.low_income,
        "is_low_income": bool(worker.low_income),
        "home_county": county_of(worker.region_id),
        "was_out_migrant": any(e.status == "out_migrant" for e in events)
        or worker.status == "out_migrant"
        or worker.returned_on is not None,
        "statuses": [e.status for e in events],
    }


def _placements(worker, today: date) -> dict:
    from homeward.placements.models import Application

    hires = list(
        Application._base_manager.filter(worker=worker, status="hired")
        .select_related("posting")
        .order_by("-hired_on", "-pk")
    )
    latest = hires[0] if hires else None
    months = None
    if latest and latest.hired_on:
        months = (today.year - latest.hired_on.year) * 12 + today.month - latest.hired_on.month
        months -= today.day < latest.hired_on.day
        months = max(months, 0)
    return {
        "hired_locally": any(
            county_of(h.posting.region_id) == county_of(worker.region_id) for h in hires
        ),
        "hired_on": latest.hired_on if latest else None,
        "contract_months": latest.contract_months if latest else None,
        "months_employed": months,
        "hires": len(hires),
    }


def _payments(worker, today: date, policy=None) -> dict:
    from .models import Entitlement

    live = Entitlement._base_manager.filter(worker=worker).exclude(
        status__in=["refused", "cancelled"]
    )
    return {
        "received": sorted(set(live.values_list("policy__code", flat=True))),
        "claims_of_policy": live.filter(policy=policy).count() if policy else 0,
    }


def _followups(worker, today: date) -> dict:
    from homeward.followups.models import FollowUp

    latest = (
        FollowUp._base_manager.filter(worker=worker)
        .exclude(result="")
        .order_by("-application__hired_on", "-application_id", "-months")
        .first()
    )
    return {
        "still_employed": None if latest is None else latest.result == "employed",
        "last_followup": None if latest is None else latest.months,
    }


def _training(worker, today: date) -> dict:
    from homeward.training.models import Certificate

    certificates = list(
        Certificate._base_manager.filter(worker=worker, issued_on__lte=today).order_by(
            "-issued_on", "-pk"
        )
    )
    levels = [int(c.level) for c in certificates if c.level.isdigit()]
    return {
        "certificates": len(certificates),
        "certificate_level": levels[0] if levels else None,
    }


def _welfare(worker, today: date) -> dict:
    """On a public-welfare post today: an active appointment whose contract covers the day."""
    from homeward.welfare.models import Appointment

    return {
        "on_public_post": Appointment._base_manager.filter(
            holder=worker,
            status=Appointment.Status.ACTIVE,
            starts_on__lte=today,
            ends_on__gte=today,
        ).exists()
    }


def _placeholders(worker, today: date) -> dict:
    return {
        name: None
        for name in (
            "has_venture",
            "base_amount",
            "months",
            "employer_trainees",
        )
    }


# Each source: (worker, today) → some facts. Append yours below; later sources win on a name.
SOURCES = [_placeholders, _registry, _placements, _followups, _training, _welfare]


def facts_of(worker, *, policy=None, today: date | None = None, extra: dict | None = None) -> dict:
    today = today or timezone.localdate()
    facts: dict = {}
    for source in SOURCES:
        facts.update(source(worker, today))
    facts.update(_payments(worker, today, policy))
    facts.update(extra or {})
    return facts


def with_window(facts: dict, version, today: date) -> dict:
    return {
        **facts,
        "window_start": version.starts_on,
        "window_end": version.ends_on,
        "today": today,
    }


def frozen(facts: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in facts.items()}


def thawed(facts: dict) -> dict:
    out = {}
    for key, value in facts.items():
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                value = date.fromisoformat(value)
            except ValueError:
                pass
        out[key] = value
    return out


# The facts each bulk query of `facts_many` gives: a caller naming the facts it reads skips the
# queries it does not need (a batch's compliance reads the status and the latest follow-up).
_GROUPS = {
    "events": {"statuses", "was_out_migrant"},
    "hires": {"hired_locally", "hired_on", "contract_months", "months_employed", "hires"},
    "followups": {"still_employed", "last_followup"},
    "training": {"certificates", "certificate_level"},
    "payments": {"received", "claims_of_policy"},
    "welfare": {"on_public_post"},
}


def facts_many(workers, *, policy=None, today: date | None = None, names=None) -> dict[int, dict]:
    """`facts_of` for many people at once: worker id → the same dict, from a few bulk queries
    per thousand people instead of several per person (batches re-check compliance with it;
    tests/subsidies/test_vector.py holds it equal to `facts_of`). `names`: only these facts are
    needed — the queries giving none of them are skipped (their facts absent from the dicts)."""
    from collections import defaultdict

    from homeward.followups.models import FollowUp
    from homeward.placements.models import Application
    from homeward.training.models import Certificate
    from homeward.welfare.models import Appointment
    from homeward.workers.models import StatusEvent

    from .models import Entitlement

    today = today or timezone.localdate()
    workers = list(workers)
    wanted = set(names) if names is not None else None
    need = {g for g, given in _GROUPS.items() if wanted is None or given & wanted}
    skipped = set(_GROUPS) - need
    out: dict[int, dict] = {}
    for start in range(0, len(workers), 1000):
        chunk = workers[start : start + 1000]
        ids = [w.pk for w in chunk]
        events = defaultdict(list)
        hires = defaultdict(list)
        followups = {}
        certificates = defaultdict(list)
        received = defaultdict(set)
        claims = defaultdict(int)
        on_post = set()
        if "events" in need:
            for worker_id, status in (
                StatusEvent._base_manager.filter(worker_id__in=ids)
                .order_by("occurred_on", "recorded_at")
                .values_list("worker_id", "status")
            ):
                events[worker_id].append(status)
        if "hires" in need:
            for row in (
                Application._base_manager.filter(worker_id__in=ids, status="hired")
                .order_by("-hired_on", "-pk")
                .values_list("worker_id", "hired_on", "contract_months", "posting__region_id")
            ):
                hires[row[0]].append(row[1:])
        if "followups" in need:
            for worker_id, result, months in (
                FollowUp._base_manager.filter(worker_id__in=ids)
                .exclude(result="")
                .order_by("-application__hired_on", "-application_id", "-months")
                .values_list("worker_id", "result", "months")
            ):
                followups.setdefault(worker_id, (result, months))
        if "training" in need:
            for worker_id, level in (
                Certificate._base_manager.filter(worker_id__in=ids, issued_on__lte=today)
                .order_by("-issued_on", "-pk")
                .values_list("worker_id", "level")
            ):
                certificates[worker_id].append(level)
        if "payments" in need:
            for worker_id, policy_id, code in (
                Entitlement._base_manager.filter(worker_id__in=ids)
                .exclude(status__in=["refused", "cancelled"])
                .values_list("worker_id", "policy_id", "policy__code")
            ):
                received[worker_id].add(code)
                claims[worker_id] += policy is not None and policy_id == policy.pk
        if "welfare" in need:
            on_post = set(
                Appointment._base_manager.filter(
                    holder_id__in=ids,
                    status=Appointment.Status.ACTIVE,
                    starts_on__lte=today,
                    ends_on__gte=today,
                ).values_list("holder_id", flat=True)
            )
        for worker in chunk:
            facts = _placeholders(worker, today)
            statuses = events[worker.pk]
            home = county_of(worker.region_id)
            facts.update(
                {
                    "age": worker.age_on(today),
                    "gender": worker.gender,
                    "status": worker.status,
                    "work_scope": worker.work_scope,
                    "returned_on": worker.returned_on,
                    "low_income": worker.low_income,
                    "is_low_income": bool(worker.low_income),
                    "home_county": home,
                    "was_out_migrant": "out_migrant" in statuses
                    or worker.status == "out_migrant"
                    or worker.returned_on is not None,
                    "statuses": statuses,
                }
            )
            mine = hires[worker.pk]
            latest = mine[0] if mine else None
            months = None
            if latest and latest[0]:
                hired_on = latest[0]
                months = (today.year - hired_on.year) * 12 + today.month - hired_on.month
                months = max(months - (today.day < hired_on.day), 0)
            facts.update(
                {
                    "hired_locally": any(county_of(h[2]) == home for h in mine),
                    "hired_on": latest[0] if latest else None,
                    "contract_months": latest[1] if latest else None,
                    "months_employed": months,
                    "hires": len(mine),
                }
            )
            followup = followups.get(worker.pk)
            levels = [int(level) for level in certificates[worker.pk] if level.isdigit()]
            facts.update(
                {
                    "still_employed": None if followup is None else followup[0] == "employed",
                    "last_followup": None if followup is None else followup[1],
                    "certificates": len(certificates[worker.pk]),
                    "certificate_level": levels[0] if levels else None,
                    "received": sorted(received[worker.pk]),
                    "claims_of_policy": claims[worker.pk],
                    "on_public_post": worker.pk in on_post,
                }
            )
            for source in SOURCES:  # another workstream's source, appended later: one by one
                if source not in _BULK:
                    facts.update(source(worker, today))
            for group in skipped:  # not fetched: absent, not taken for "none"
                for name in _GROUPS[group]:
                    del facts[name]
            out[worker.pk] = facts
    return out


_BULK = {_placeholders, _registry, _placements, _followups, _training, _welfare}
