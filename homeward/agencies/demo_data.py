"""Demo HR service agencies: two licensed agencies in 湘乡 (430381), the first recruiting for a
demo employer of the county under a mandate, with a posting it placed and a placement of a
person who applied to it. Written through the services; idempotent (agencies already there are
left as they are)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from homeward.codes import uscc
from homeward.jobs.models import Posting, Status
from homeward.placements import services as placements
from homeward.scoping import unscoped
from homeward.workers.models import Worker

from . import services
from .models import Agency

XIANGXIANG = "430381"
AGENCIES = [
    ("湘乡市众才人力资源服务有限公司", 61_001, "湘人服证字〔2024〕第0101号", "东山街道"),
    ("湘乡市湘军人力资源开发有限公司", 61_002, "湘人服证字〔2025〕第0117号", "新湘路街道"),
]


class _Made:
    """What `services.save_agency` takes from a valid AgencyForm, for an agency made here."""

    def __init__(self, agency: Agency, fields) -> None:
        agency.full_clean(exclude=["created_by"])
        self.agency, self.changed_data = agency, sorted(fields)

    def save(self, commit=True) -> Agency:
        return self.agency


def fill_agencies(areas) -> dict:
    made = {"agencies": 0, "mandates": 0, "postings": 0, "placements": 0}
    if XIANGXIANG not in areas:
        return made
    with unscoped():
        if Agency.objects.filter(region_id=XIANGXIANG).exists():
            return made
        today = timezone.localdate()
        agencies = []
        for name, seed, licence, address in AGENCIES:
            data = {
                "name": name,
                "uscc": uscc.make(XIANGXIANG, seed),
                "licence_number": licence,
                "licence_expires_on": today + timedelta(days=3 * 365),
                "region_id": XIANGXIANG,
                "address": address,
                "contact_person": "刘经理",
                "contact_phone": "13907320101",
            }
            agencies.append(services.save_agency(_Made(Agency(**data), data), by=None))
            made["agencies"] += 1
        posting = (
            Posting.objects.filter(
                region__code__startswith=XIANGXIANG,
                status=Status.PUBLISHED,
                employer__is_blacklisted=False,
            )
            .order_by("pk")
            .first()
        )
        if posting is None:
            return made
        first = agencies[0]
        services.grant_mandate(
            first,
            posting.employer,
            starts_on=today - timedelta(days=60),
            ends_on=today + timedelta(days=300),
            by=None,
        )
        made["mandates"] += 1
        services.place_posting(first, posting, by=None)
        made["postings"] += 1
        application = services.attributable(first).first()
        if application is None:
            taken = posting.applications.values_list("worker_id", flat=True)
            worker = (
                Worker._base_manager.filter(region__code__startswith=XIANGXIANG)
                .exclude(pk__in=list(taken))
                .order_by("pk")
                .first()
            )
            if worker is None:
                return made
            application = placements.apply(worker, posting, source="staff", by="staff")[0]
        services.record_placement(first, application, by=None)
        made["placements"] += 1
    return made
