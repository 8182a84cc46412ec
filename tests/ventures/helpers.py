"""Small makers for the venture tests."""

from datetime import date

from homeward.codes import uscc
from homeward.ventures import services
from tests.factories import TOWN, VILLAGE, make_worker

_seq = iter(range(1, 10**6))


def credit_code(region: str = "321302") -> str:
    return uscc.make(region[:6], 7_000_000 + next(_seq))


def make_founder(region: str = VILLAGE, **kw):
    kw.setdefault("name", "李创业")
    return make_worker(region, sequence=kw.pop("sequence", 7), **kw)


def make_venture(founder, by, *, region: str = TOWN, **kw):
    kw.setdefault("name", "凤凰小电商")
    kw.setdefault("kind", "ecommerce")
    kw.setdefault("credit_code", credit_code(region))
    kw.setdefault("industry", "F")
    kw.setdefault("started_on", date(2025, 3, 1))
    return services.register_venture(founder=founder, region=region, by=by, **kw)


def make_account(worker, phone: str, *, created_at=None):
    """A portal account (the verified phone the person signs in with), made 30 days ago unless
    `created_at` says when."""
    from datetime import timedelta

    from django.utils import timezone

    from homeward.workers.models import WorkerAccount

    return WorkerAccount.objects.create(
        worker=worker, phone=phone, created_at=created_at or timezone.now() - timedelta(days=30)
    )
