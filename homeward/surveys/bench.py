"""Survey progress on a large county, beside a bare COUNT … GROUP BY village over the same rows
(issue 11: ≤ 2×). Run on a database of its own: it writes a county's synthetic people and a
survey half visited, then times `reports.village_tallies` (the progress page's two queries)
against the one bare query, each `repeat` times, and prints the medians.

    homeward shell -c "from homeward.surveys.bench import progress; progress(print)"
"""

from __future__ import annotations

import statistics
import time
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from homeward.accounts.models import User
from homeward.regions.models import Region
from homeward.scoping import limit_to_area, unscoped
from homeward.workers.demo_data import fill_workers
from homeward.workers.models import Worker

from . import reports
from .models import Outcome, Reached, SurveyCampaign, Visit

COUNTY = "430381"  # 湘乡市: 339 villages in the seed map


def progress(write, *, county: str = COUNTY, people: int = 400_000, repeat: int = 7) -> None:
    with unscoped():
        villages = Region.tree.filter(code__startswith=county, level="village").count()
        have = limit_to_area(Worker._base_manager.all(), county).count()
        if have == 0:
            started = time.perf_counter()
            fill_workers([county], -(-people // villages))
            write(f"wrote people in {time.perf_counter() - started:.0f} s")
        campaign = SurveyCampaign._base_manager.filter(region_id=county, name="bench").first()
        if campaign is None:
            campaign = _half_visited(county)
        rows = limit_to_area(Worker._base_manager.all(), county).count()
        visits = Visit._base_manager.filter(campaign=campaign).count()
        write(f"{connection.vendor}: {villages} villages, {rows:,} people, {visits:,} visits")

        def bare():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT region_id, COUNT(*) FROM workers_worker "
                    "WHERE region_id >= %s AND region_id < %s GROUP BY region_id",
                    [county, county[:-1] + chr(ord(county[-1]) + 1)],
                )
                return cursor.fetchall()

        def tallies():
            return reports.village_tallies(campaign)

        timings = {}
        for name, run in (("bare COUNT … GROUP BY village", bare), ("survey progress", tallies)):
            run()
            samples = []
            for _ in range(repeat):
                started = time.perf_counter()
                run()
                samples.append(time.perf_counter() - started)
            timings[name] = statistics.median(samples)
            write(f"  {name}: median {timings[name] * 1000:.0f} ms of {repeat}")
        ratio = timings["survey progress"] / timings["bare COUNT … GROUP BY village"]
        write(f"  ratio {ratio:.2f}× (aim ≤ 2×)")


def _half_visited(county: str) -> SurveyCampaign:
    today = timezone.localdate()
    user = User.objects.filter(username="bench-surveys").first()
    if user is None:
        user = User(username="bench-surveys", region_id=county)
        user.set_unusable_password()
        user.save()
    campaign = SurveyCampaign(
        name="bench",
        region_id=county,
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=10),
        deadline=today + timedelta(days=5),
        questions="status",
        created_by=user,
    )
    campaign.save()
    people = limit_to_area(Worker._base_manager.all(), county).values_list("pk", "region_id")
    batch = []
    with transaction.atomic():
        for n, (pk, village) in enumerate(people.iterator(chunk_size=5000)):
            if n % 2:
                continue
            batch.append(
                Visit(
                    campaign=campaign,
                    worker_id=pk,
                    region_id=village,
                    visitor=user,
                    visited_on=today,
                    outcome=Outcome.NOT_FOUND if n % 12 == 0 else Outcome.VISITED,
                    client_key=f"bench-{pk}",
                    digest="",
                )
            )
            if len(batch) == 5000:
                _write(batch)
                batch = []
        _write(batch)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE workers_worker; ANALYZE surveys_visit; ANALYZE surveys_reached")
    return campaign


def _write(visits: list[Visit]) -> None:
    """Visits and their people's progress rows, as `record_visit` keeps them (one visit each)."""
    Visit.objects.bulk_create(visits)
    Reached.objects.bulk_create(
        Reached(
            campaign_id=v.campaign_id,
            worker_id=v.worker_id,
            region_id=v.region_id,
            outcome=v.outcome,
            last_visit=v.visited_on,
        )
        for v in visits
    )
