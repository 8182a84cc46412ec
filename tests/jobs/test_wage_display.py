"""A wage reads as people write it: 3200–4000 元/月, not 3200.00–4000.00 元/月."""

from decimal import Decimal

from django.utils import translation

from homeward.jobs.models import Posting


def _wage(low, high, unit="month"):
    with translation.override("zh-hans"):
        return Posting(wage_min=Decimal(low), wage_max=Decimal(high), wage_unit=unit).wage_display()


def test_whole_yuan_drop_the_cents():
    assert _wage("3200.00", "4000.00") == "3200–4000 元/月"
    assert _wage("150", "150", "day") == "150 元/天"


def test_cents_stay_when_there_are_some():
    assert _wage("12.50", "15.00", "piece") == "12.50–15 元/件"
