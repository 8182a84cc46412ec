"""`homeward bench push`: a push campaign to 100,000 people, queued and sent through the outbox.

It works in the current database without touching its data: a scratch village (a made-up code,
town 998, village 998, under the county of the seed areas with the most postings) gets the
people, the campaign goes to that village alone, and everything it made (workers, deliveries,
outbox messages, the campaign, the two regions) is deleted at the end. What remains is one audit
row per run ("campaigns.campaign.started"): the audit trail is append-only.

Figures, each the median of `repeat` runs:

- queue: `start_campaign` — the audience query, the skip checks, one delivery row per person
  written in bulk — in rows a second;
- dispatch: the batch function the task runs (`dispatch_batch`), called here in this process
  until the campaign is done, with the real outbox gateway: claim, checks, each person's jobs
  (matched in one scan per chunk), rendering, the outbox's idempotent insert, the outcome — in
  messages a second. The channel's rate limit and the quiet hours are off for the measurement
  (they would only measure the clock);
- the ceiling: the same number of `OutboxMessage` rows as were sent, of the same shape (region,
  channel, the person's phone encrypted and hashed, worker, the texts as sent, a key of about
  the same length, the template), written by one plain `bulk_create` in one transaction into
  the same table, and the ratio. The ceiling is the ORM's plain insert: the outbox gateway's
  own prepared INSERT of the same rows is faster than it, so a ratio near 1 is possible.
"""

from __future__ import annotations

import datetime
import statistics
import time
from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from homeward.codes import idnumber
from homeward.core.bulk import FastInsert, batches, reserve_ids
from homeward.crypto import ID_NUMBER, lookup_hash
from homeward.jobs.models import Posting
from homeward.outreach.models import OutboxMessage
from homeward.regions.codes import county_of
from homeward.regions.loader import SEED_AREAS
from homeward.regions.models import Level, Region
from homeward.scoping import limit_to_area, unscoped
from homeward.workers.models import Worker
from homeward.workers.services import check_sealed_fields, sealed_values

from .lifecycle import start_campaign
from .models import Campaign, Delivery
from .sending import dispatch_batch
from .text import DEFAULT_TEMPLATE, JOB_PUSH

Write = Callable[[str], None]
SCRATCH = "998"  # town and village number of the scratch village
SCRATCH_TOWN, SCRATCH_VILLAGE = "基准测试镇（临时）", "基准测试村（临时）"
OCCUPATIONS = ["电焊工", "普工", "木工", "保洁员", "厨师", "装配工", "快递员", "钢筋工", "分拣员"]
INTENTIONS = ["local", "undecided", "go_out"]


def bench_push(
    write: Write, *, people: int = 100_000, repeat: int = 3, channel: str = "sms"
) -> dict:
    with unscoped():
        county, jobs = _county_with_most_jobs()
        if not jobs:
            raise ValueError(f"no open job in {county.full_name()}: every person would be skipped")
        write(
            f"push benchmark on {_database()}: a campaign to {people:,} people ({channel}) "
            f"in a scratch village of {county.full_name()} ({county.code}), median of {repeat}"
        )
        village = _scratch_area(county)
        results = []
        try:
            started = time.perf_counter()
            _scratch_workers(village, people)
            write(f"  setup: {people:,} scratch workers in {time.perf_counter() - started:.1f} s")
            _vacuum()
            for run in range(1, repeat + 1):
                results.append(_run(village, channel))
                r = results[-1]
                write(
                    f"  run {run}: queue {r['queued']:,} rows in {r['queue_s']:.2f} s; "
                    f"dispatch {r['sent']:,} messages in {r['dispatch_s']:.1f} s "
                    f"({r['skipped']:,} skipped: {r['reasons']}); "
                    f"bulk_create {r['sent']:,} outbox rows in {r['ceiling_s']:.2f} s"
                )
        finally:
            _drop_scratch(village)
            _vacuum()
    queue_rate = statistics.median(r["queued"] / r["queue_s"] for r in results)
    send_rate = statistics.median(r["sent"] / r["dispatch_s"] for r in results)
    ceiling = statistics.median(r["sent"] / r["ceiling_s"] for r in results)
    write(
        f"  queued      {queue_rate:>10,.0f} rows/s      (start_campaign: audience, checks, rows)"
    )
    write(f"  dispatched  {send_rate:>10,.0f} messages/s  (batch task code, outbox gateway)")
    write(f"  ceiling     {ceiling:>10,.0f} rows/s      (plain bulk_create of the outbox rows)")
    write(f"  dispatch / ceiling = {send_rate / ceiling:.2f}")
    return {"queued_per_s": queue_rate, "sent_per_s": send_rate, "ceiling_per_s": ceiling}


def _run(village: Region, channel: str) -> dict:
    campaign = Campaign(
        region=village,
        name="基准测试推送",
        channel=channel,
        audience=Campaign.Audience.FILTER,
        template=DEFAULT_TEMPLATE,
    )
    campaign.save()
    # No pacing and no quiet hours: the figure is the engine's, not the clock's. The weekly cap
    # would stop the same people in the next run, so it is lifted too.
    with override_settings(CAMPAIGN_RATES={}, CAMPAIGN_QUIET_HOURS=None, CAMPAIGN_WEEKLY_CAP=10**9):
        started = time.perf_counter()
        counts = start_campaign(campaign, enqueue=False)
        queue_s = time.perf_counter() - started
        started = time.perf_counter()
        while Campaign._base_manager.filter(pk=campaign.pk, status="sending").exists():
            dispatch_batch(campaign.pk, follow_up=False)
        dispatch_s = time.perf_counter() - started
    deliveries = Delivery._base_manager.filter(campaign=campaign)
    sent = deliveries.filter(sent_at__isnull=False).count()
    skipped = deliveries.filter(status="skipped").values_list("skip_reason").order_by()
    reasons = dict(skipped.annotate(n=Count("pk")))
    # The texts as sent, where the outbox keeps them (the deliveries keep no copy).
    sent_texts = OutboxMessage._base_manager.filter(key__startswith=f"campaign-{campaign.pk}:")
    rows = list(sent_texts.values_list("worker_id", "text"))
    ceiling_s = _ceiling(village, rows, campaign.pk, channel)
    _drop_campaign(campaign)
    _vacuum()
    return {
        "queued": counts["queued"] + counts["skipped"],
        "queue_s": queue_s,
        "sent": sent,
        "dispatch_s": dispatch_s,
        "skipped": sum(reasons.values()),
        "reasons": ", ".join(f"{k} {v}" for k, v in reasons.items()) or "none",
        "ceiling_s": ceiling_s,
    }


def _ceiling(village: Region, rows: list[tuple[int, str]], campaign_id: int, channel: str):
    """The same outbox rows written by a plain bulk_create, then removed again."""
    phones = dict(Worker._base_manager.filter(region=village).values_list("pk", "phone"))
    messages = [
        OutboxMessage(
            region_id=village.code,
            channel=channel,
            recipient_phone=phones[worker_id] if channel != "inapp" else "",
            worker_id=worker_id,
            text=text,
            key=f"bench-ceiling-{campaign_id}:worker-{worker_id}",
            template=JOB_PUSH,
        )
        for worker_id, text in rows
    ]
    started = time.perf_counter()
    with transaction.atomic():
        OutboxMessage.objects.bulk_create(messages, batch_size=2000)
    seconds = time.perf_counter() - started
    OutboxMessage._base_manager.filter(key__startswith=f"bench-ceiling-{campaign_id}:").delete()
    return seconds


def _county_with_most_jobs() -> tuple[Region, int]:
    best, most = None, -1
    for area in SEED_AREAS:
        for county in Region.tree.filter(code__startswith=area, level=Level.COUNTY):
            if not Region.tree.filter(code__startswith=county.code, level=Level.VILLAGE).exists():
                continue
            offer = Posting.objects.on_offer(timezone.localdate())
            n = limit_to_area(offer, county.code).count()
            if n > most:
                best, most = county, n
    if best is None:
        raise ValueError("no seed county with villages: run `homeward demo` first")
    return best, most


def _scratch_area(county: Region) -> Region:
    town_code = county.code + SCRATCH
    village_code = town_code + SCRATCH
    left = Region.tree.filter(code=village_code, name=SCRATCH_VILLAGE).first()
    if left is not None:  # left behind by a run that was killed
        _drop_scratch(left)
    if Region.tree.filter(code__in=[town_code, village_code]).exists():
        raise ValueError(f"{town_code} is a real region here: no room for the scratch village")
    town = Region.tree.create(code=town_code, name=SCRATCH_TOWN, level=Level.TOWN, parent=county)
    return Region.tree.create(
        code=village_code, name=SCRATCH_VILLAGE, level=Level.VILLAGE, parent=town
    )


def _scratch_workers(village: Region, people: int) -> None:
    """`people` workers of the scratch village, ID numbers unused elsewhere, in bulk."""
    check_sealed_fields()
    insert = FastInsert(Worker)
    county = county_of(village.code)
    numbers = []
    day, born = 0, datetime.date(1970, 1, 1)
    while len(numbers) < people:
        wanted = people - len(numbers)
        fresh = []
        for _n in range(wanted):
            birth = born + datetime.timedelta(days=day % 9000)
            fresh.append((idnumber.make(county, birth, 480 + day // 9000, day % 2 == 0), birth))
            day += 1
        hashes = {lookup_hash(ID_NUMBER, number): (number, birth) for number, birth in fresh}
        for chunk in batches(list(hashes), 5000):
            for taken in Worker._base_manager.filter(id_number_hash__in=chunk).values_list(
                "id_number_hash", flat=True
            ):
                hashes.pop(taken)
        numbers += hashes.values()
    with transaction.atomic():
        for chunk in batches(numbers, 20_000):
            ids = reserve_ids(Worker, len(chunk))
            rows = []
            for n, (pk, (number, birth)) in enumerate(zip(ids, chunk, strict=True)):
                values = sealed_values({"id_number": number, "phone": f"137{pk % 10**8:08d}"})
                values.update(
                    id=pk,
                    name=f"测试{pk % 10000}",
                    gender="male" if n % 2 == 0 else "female",
                    birth_date=birth,
                    region_id=village.code,
                    status="returned_unemployed",
                    occupation_text=OCCUPATIONS[n % len(OCCUPATIONS)],
                    intention=INTENTIONS[n % len(INTENTIONS)],
                    education="junior_high",
                    consents_to_contact=True,
                )
                rows.append(insert.row(values))
            insert.write(rows)


def _drop_campaign(campaign: Campaign) -> None:
    OutboxMessage._base_manager.filter(key__startswith=f"campaign-{campaign.pk}:").delete()
    Delivery._base_manager.filter(campaign=campaign).delete()
    Campaign._base_manager.filter(pk=campaign.pk).delete()


def _drop_scratch(village: Region) -> None:
    """Everything the benchmark made in the scratch village, and the village and town."""
    for campaign in Campaign._base_manager.filter(region=village):
        _drop_campaign(campaign)
    OutboxMessage._base_manager.filter(region=village).delete()
    Delivery._base_manager.filter(region=village).delete()
    table = connection.ops.quote_name(Worker._meta.db_table)
    with connection.cursor() as cursor:  # bulk rows with nothing attached: no ORM collector
        cursor.execute(f"DELETE FROM {table} WHERE region_id = %s", [village.code])
    town = village.parent_id
    Region.tree.filter(code=village.code).delete()
    Region.tree.filter(code=town).delete()


def _vacuum() -> None:
    """On PostgreSQL, clear away the dead rows a run left (its deliveries, its outbox rows, the
    ceiling's) and refresh the statistics: with autovacuum off or behind, each run would
    otherwise walk the garbage of the runs before it (40 → 53 → 60 s over three runs here)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return  # (a test's transaction: nothing to clear, and VACUUM cannot run inside one)
    tables = [Delivery._meta.db_table, OutboxMessage._meta.db_table, Worker._meta.db_table]
    with connection.cursor() as cursor:  # VACUUM runs outside a transaction (autocommit)
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(table)}")


def _database() -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (version,) = cursor.fetchone()
    return f"PostgreSQL {version}"
