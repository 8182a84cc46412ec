"""Plain makers of the agencies' records, for the tests and the scoping matrix."""

import datetime
import itertools
import secrets

from django.utils import timezone

from homeward.agencies.models import Agency, Digest
from homeward.codes import uscc

_numbers = itertools.count(1)


def make_agency(region: str, *, expires_in_days: int = 365, **fields) -> Agency:
    """A licensed agency of `region`, its licence in force for `expires_in_days` more days."""
    n = next(_numbers)
    fields.setdefault("name", f"湘才人力资源服务有限公司{n}")
    fields.setdefault("uscc", uscc.make(region[:6].ljust(6, "0"), 800_000 + n))
    fields.setdefault("licence_number", f"湘人服证字〔2024〕第{n:04d}号")
    fields.setdefault(
        "licence_expires_on", timezone.localdate() + datetime.timedelta(days=expires_in_days)
    )
    fields.setdefault("contact_person", "刘经理")
    agency = Agency(region_id=region, **fields)
    agency.save()
    return agency


def make_digest(region: str, *, week=None) -> Digest:
    from homeward.agencies.services import week_of

    week = week or week_of(timezone.localdate())
    existing = Digest._base_manager.filter(region_id=region, week=week).first()
    if existing is not None:  # one per place and week (the matrix asks several times)
        return existing
    digest = Digest(region_id=region, week=week, token=secrets.token_urlsafe(8))
    digest.save()
    return digest
