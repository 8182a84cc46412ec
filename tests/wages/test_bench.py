"""`homeward bench wages` at a tiny size: it runs, prints its figures, and leaves no ledger row
behind (the payroll part is rolled back); the pandas baseline finds the same warnings."""

import io

import pytest
from django.core.management import call_command

from homeward.wages import bench_rules
from homeward.wages.models import PayrollEntry, Project


def test_the_pandas_baseline_finds_the_same_warnings_by_rule():
    pytest.importorskip("pandas")
    books, columns = bench_rules.city_books(30, 600, 6)
    assert bench_rules.pandas_rules(columns) == bench_rules.engine(books)


@pytest.mark.django_db
def test_the_command_prints_medians_and_leaves_nothing(worker):
    out = io.StringIO()
    call_command(
        "bench",
        "wages",
        "--projects=10",
        "--workers=100",
        "--months=3",
        "--repeat=1",
        "--payroll-rows=30",
        stdout=out,
    )
    text = out.getvalue()
    assert "rules.evaluate" in text and "held-out median" in text and "import / raw" in text
    assert "CPU of this process" in text
    assert not PayrollEntry._base_manager.exists() and not Project._base_manager.exists()
