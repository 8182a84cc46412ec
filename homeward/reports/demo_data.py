"""Demo monthly reports: the last twelve months of a few towns of each seed city, submitted
through the services — older months approved by the county and the city (locked), one month
sent back and corrected, one submitted late, the last month partly waiting for approval."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from homeward.regions.codes import city_of, town_of
from homeward.scoping import unscoped
from homeward.stats import services as stats
from homeward.stats.reading import last_months, previous_month
from homeward.workers.models import Worker

from . import rules, services
from .models import Submission

TOWNS_PER_CITY = 4


def _towns(areas) -> list[str]:
    towns: dict[str, list[str]] = {}
    regions = Worker._base_manager.values_list("region_id", flat=True).distinct()
    for code in sorted({town_of(r) for r in regions if len(r) >= 9}):
        city = city_of(code)
        if any(code.startswith(a) or a.startswith(city) for a in areas):
            towns.setdefault(city, [])
            if len(towns[city]) < TOWNS_PER_CITY:
                towns[city].append(code)
    return [t for codes in towns.values() for t in codes]


def fill_reports(areas, *, today: dt.date | None = None) -> int:
    """Returns the reports made (0 when the demo already has them)."""
    today = today or timezone.localdate()
    with unscoped():
        if Submission.objects.exists():
            return 0
        towns = _towns(areas)
        if not towns:
            return 0
        months = last_months(previous_month(today.replace(day=1)), 12)
        stats.rebuild(months)
        made = 0
        with transaction.atomic():
            for i, town in enumerate(towns):
                for j, month in enumerate(months):
                    late = (i + j) % 7 == 3
                    on = min(today, rules.due_on(month) + dt.timedelta(days=4 if late else -2))
                    report = services.submit_month(
                        town, month, by=None, level=rules.TOWN, head="镇长", today=on
                    )
                    made += 1
                    newest = j == len(months) - 1
                    if (i + j) % 5 == 1:
                        services.send_back(
                            report, reason="返乡人数与台账不符，请核对", by=None, level=rules.COUNTY
                        )
                        report = services.submit_month(
                            town, month, by=None, level=rules.TOWN, head="镇长", today=on
                        )
                    if newest and i % 2 == 0:
                        continue  # waiting for the county
                    services.approve(report, by=None, level=rules.COUNTY)
                    if newest:
                        continue  # waiting for the city
                    services.approve(report, by=None, level=rules.CITY)
        return made
