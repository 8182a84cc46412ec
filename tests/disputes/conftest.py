"""The disputes cast: county A's commission, its arbitrators, a case filed by the cast's worker."""

from datetime import date
from decimal import Decimal

import pytest

from homeward.disputes import services
from homeward.disputes.models import Arbitrator, Commission
from tests.factories import COUNTY


def make_commission(region=COUNTY, *, chair=None, prefix="宿城劳人仲案字"):
    return Commission.objects.create(
        title="宿迁市宿城区劳动人事争议仲裁委员会", region_id=region, prefix=prefix, chair=chair
    )


def file_case(commission, worker, *, by=None, employer=None, filed_on=date(2026, 3, 2), **extra):
    extra.setdefault("claims", [services.ClaimLine("wages", Decimal("8000.00"))])
    return services.file_dispute(
        commission=commission,
        worker=worker,
        employer=employer,
        employer_name="" if employer else "宿迁某建筑劳务有限公司",
        facts="2025 年 10 月至 12 月的工资未发。",
        source="window" if by else "portal",
        filed_on=filed_on,
        by=by,
        **extra,
    ).dispute


def accepted_case(commission, worker, by, *, on=date(2026, 3, 2), employer=None):
    dispute = file_case(commission, worker, by=by, filed_on=on, employer=employer)
    services.apply_for_arbitration(dispute, received_on=on, by=by)
    services.accept_dispute(dispute, on=on, by=by)
    return dispute


@pytest.fixture
def commission(county_staff):
    return make_commission(chair=county_staff)


@pytest.fixture
def arbitrators(commission):
    return [
        Arbitrator.objects.create(commission=commission, name=n)
        for n in ("李仲裁", "王仲裁", "赵仲裁")
    ]


def jiangsu_average(year=2025, amount="131000.00", **extra):
    """The 江苏 figure of `year` (the migration seeds it; a transactional test's flush may not)."""
    from homeward.disputes.models import AverageWage

    row, _created = AverageWage._base_manager.update_or_create(
        region_code="32",
        year=year,
        defaults={"amount": Decimal(amount), "source": "江苏省统计局公报", **extra},
    )
    return row


@pytest.fixture
def average_wage(db):
    return jiangsu_average()
