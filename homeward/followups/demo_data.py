"""Demo data: hires of the demo's people with their follow-ups done, due and overdue
(`homeward demo`). Six people of the first demo village of each seed area are hired through
`placements.services` (apply, hire) 8, 7, 5, 4, 2 and 1 month(s) ago; the hire schedules the
follow-ups, and the older ones are answered by the village's clerk: still employed, or left for
a reason. Idempotent: an area with answered follow-ups is left as it is.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from homeward.accounts.models import User
from homeward.jobs.models import Posting, Status
from homeward.placements import services as placements
from homeward.regions.codes import city_of
from homeward.scoping import limit_to_area, unscoped
from homeward.workers.models import Worker

from .models import FollowUp
from .rates import add_months
from .services import record_followup, schedule_followups

# months since the hire, then the answers: milestone → ("employed",) or ("left", months, reason)
PLAN = [
    (8, {1: ("employed",), 3: ("employed",), 6: ("employed",)}),
    (7, {1: ("employed",), 3: ("left", 2, "wage")}),
    (5, {1: ("employed",)}),  # the 3-month one overdue
    (4, {}),  # both overdue
    (2, {1: ("left", 1, "family")}),
    (1, {}),  # due now
]


def fill_followups(areas) -> int:
    made = 0
    with unscoped():
        for area in areas:
            made += _fill(area)
    return made


def _fill(area: str) -> int:
    # Answered follow-ups are this loader's mark (the fairs' demo hires schedule follow-ups in
    # the same areas but answer none).
    if limit_to_area(FollowUp._base_manager.exclude(result=""), area).exists():
        return 0
    first = limit_to_area(Worker._base_manager.all(), area).order_by("region_id").first()
    if first is None:
        return 0
    village = first.region_id
    clerk = User.objects.filter(region_id=village, is_active=True, role="staff").first()
    today = timezone.localdate()
    postings = list(
        limit_to_area(Posting._base_manager.all(), city_of(village)).filter(
            status=Status.PUBLISHED
        )[:20]
    )
    postings = [p for p in postings if p.is_on_offer(today)][: len(PLAN)]
    people = [
        w
        for w in Worker._base_manager.filter(region_id=village).order_by("pk")[:60]
        if 18 <= w.age <= 55 and not w.applications.exists()
    ][: len(PLAN)]
    if not postings or len(people) < len(PLAN):
        return 0
    made = 0
    for n, ((months, answers), person) in enumerate(zip(PLAN, people, strict=True)):
        posting = postings[n % len(postings)]
        application, _new = placements.apply(person, posting, source="staff", by="staff:demo")
        hired_on = add_months(today, -months) - timedelta(days=3)
        placements.hire(application, hired_on=hired_on, contract_months=12, by="staff:demo")
        schedule_followups(application.pk)  # the hire's own call runs after commit; idempotent
        for milestone, answer in answers.items():
            followup = FollowUp._base_manager.get(application=application, months=milestone)
            if answer[0] == "employed":
                record_followup(followup, result="employed", via="staff", by=clerk)
            else:
                left_on = add_months(hired_on, answer[1])
                record_followup(
                    followup,
                    result="left",
                    via="staff",
                    left_on=left_on,
                    reason=answer[2],
                    by=clerk,
                )
        made += 1
    return made
