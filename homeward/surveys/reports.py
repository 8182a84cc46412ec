"""What a survey's pages read: the campaigns a user sees, progress by village rolled up to the
levels above, and the people behind each number.

A campaign is the organising area's work order: staff of the places inside it (the village
clerks who do the visits) see the campaign itself, though it lies above their area; the people,
visits and counts they see are still only those of their own area (the scoped managers).
"""

from __future__ import annotations

from django.db.models import Count, Max

from homeward.regions.codes import LENGTH, ancestor_codes, covers, is_code
from homeward.regions.models import Region
from homeward.scoping import NOWHERE, WHOLE_COUNTRY, limit_to_area
from homeward.workers.models import Worker

from . import progress
from .models import Outcome, Reached, SurveyCampaign

STATES = ("expected", "visited", "not_found", "pending")


def visible_campaigns(area: str | None):
    """The campaigns inside `area` and those whose area contains it."""
    rows = SurveyCampaign._base_manager.select_related("region")
    if area is NOWHERE:
        return rows.none()
    if area == WHOLE_COUNTRY:
        return rows.all()
    if not is_code(area):  # a placed area (an out-of-city station's staff) runs no surveys
        return rows.none()
    inside = limit_to_area(rows.all(), area)
    return inside | rows.filter(region_id__in=ancestor_codes(area))


def expected_people(campaign: SurveyCampaign):
    """The people the campaign expects that the current area sees: the registry of its area."""
    return limit_to_area(Worker.objects.all(), campaign.region_id)


def village_tallies(campaign: SurveyCampaign, within: str = "") -> dict[str, progress.Tally]:
    """Expected, visited, not found by village: two GROUP BY queries, in the current area."""
    people = expected_people(campaign)
    visits = Reached.objects.filter(campaign=campaign)
    if within:
        people, visits = limit_to_area(people, within), limit_to_area(visits, within)
    # COUNT(*): an index-only scan of (region, …), as a bare COUNT … GROUP BY village
    expected = dict(people.order_by().values_list("region_id").annotate(n=Count("*")))
    # Grouped by (village, outcome) with plain COUNT/MAX: the order of the index (campaign,
    # region, outcome, last_visit), so the scan needs no sort and no per-row CASE; the two
    # outcomes of a village are added up here (a few hundred rows).
    reached: dict[str, tuple[int, int, object]] = {}
    rows = (
        visits.order_by()
        .values_list("region_id", "outcome")
        .annotate(n=Count("*"), last=Max("last_visit"))
    )
    for region_id, outcome, n, last in rows:
        visited, not_found, latest = reached.get(region_id, (0, 0, None))
        if outcome == Outcome.VISITED:
            visited += n
        else:
            not_found += n
        if latest is None or (last is not None and last > latest):
            latest = last
        reached[region_id] = (visited, not_found, latest)
    return progress.villages(expected, reached)


def progress_rows(campaign: SurveyCampaign, *, at: str, today) -> tuple[dict, list[dict]]:
    """The total of region `at` and a row per region directly under it (villages at the bottom),
    each with its timeliness."""
    tallies = village_tallies(campaign, within=at)
    level = progress.child_level(at) if len(at) < LENGTH["village"] else None
    if level is None:
        rows_by_code = {}
    elif level == "village":
        rows_by_code = tallies
    else:
        rows_by_code = progress.roll_up(tallies, level)
    names = dict(Region.tree.filter(code__in=[*rows_by_code, at]).values_list("code", "name"))

    def shown(tally):
        state = progress.timeliness(
            tally, today=today, starts_on=campaign.starts_on, deadline=campaign.deadline
        )
        return {
            "code": tally.code,
            "name": names.get(tally.code, tally.code),
            "tally": tally,
            "state": state,
            "behind": state in progress.BEHIND_STATES,
            "is_village": len(tally.code) == LENGTH["village"],
        }

    whole = shown(progress.total(tallies, at))
    rows = [shown(rows_by_code[code]) for code in sorted(rows_by_code)]
    return whole, rows


def people(campaign: SurveyCampaign, *, at: str, state: str):
    """The people behind a number: expected, visited, not found or still to visit, in `at`
    (visited and not found by the village of their first visit, as the tallies count them)."""
    reached = Reached.objects.filter(campaign=campaign)
    if at:
        reached = limit_to_area(reached, at)
    if state == "visited":
        rows = Worker.objects.filter(
            pk__in=reached.filter(outcome=Outcome.VISITED).values("worker")
        )
    elif state == "not_found":
        rows = Worker.objects.filter(
            pk__in=reached.filter(outcome=Outcome.NOT_FOUND).values("worker")
        )
    else:
        rows = expected_people(campaign)
        if at:
            rows = limit_to_area(rows, at)
        if state == "pending":
            rows = rows.exclude(pk__in=Reached.objects.filter(campaign=campaign).values("worker"))
    return rows.select_related("region")


def states_of(campaign: SurveyCampaign, worker_ids: list[int]) -> dict[int, str]:
    """visited / not_found per person (absent: not visited yet)."""
    rows = Reached.objects.filter(campaign=campaign, worker_id__in=worker_ids)
    return dict(rows.values_list("worker_id", "outcome"))


def villages_for(campaign: SurveyCampaign, area: str | None):
    """The villages where `area`'s staff may visit for this campaign."""
    if area is NOWHERE:
        return Region.tree.none()
    inner = campaign.region_id if covers(area, campaign.region_id) else area
    low = limit_to_area(Region.tree.filter(level="village"), inner, field="code")
    return low.order_by("code")


def behind_villages(area: str | None, today) -> list[tuple[SurveyCampaign, dict]]:
    """(campaign, village row) for every village of the area behind in an open campaign."""
    found = []
    for campaign in visible_campaigns(area).filter(closed_at__isnull=True, ends_on__gte=today):
        if today < campaign.starts_on:
            continue
        at = area if area and covers(campaign.region_id, area) else campaign.region_id
        tallies = village_tallies(campaign, within=at)
        for tally in tallies.values():
            state = progress.timeliness(
                tally, today=today, starts_on=campaign.starts_on, deadline=campaign.deadline
            )
            if state in progress.BEHIND_STATES:
                found.append((campaign, tally, state))
    names = dict(
        Region.tree.filter(code__in=[t.code for _c, t, _s in found]).values_list("code", "name")
    )
    return [
        (campaign, {"code": t.code, "name": names.get(t.code, t.code), "tally": t, "state": s})
        for campaign, t, s in found
    ]
