"""The bounds' migrations (workers 0006, jobs 0002, placements 0002) bring rows stored before
them into bounds, so adding the check constraints does not fail on a database the attack wrote
to: out-of-range values become empty where the column allows it, else the nearest bound."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from homeward.jobs.models import Posting
from homeward.placements.models import Application
from homeward.placements.services import apply
from homeward.workers.models import Worker
from tests.factories import TOWN, VILLAGE, make_employer, make_posting, make_worker

BEFORE = [
    ("workers", "0005_ledger_column_choice"),
    ("jobs", "0001_initial"),
    ("placements", "0001_initial"),
]


def _migrate(targets=None):
    executor = MigrationExecutor(connection)
    return executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.mark.slow
def test_rows_out_of_bounds_are_brought_in_before_the_constraints(transactional_db):
    worker = make_worker(VILLAGE, sequence=5, name="王五")
    posting = make_posting(make_employer(TOWN))
    posting.status = "published"
    posting.save()
    application = apply(worker, posting)[0]
    old = _migrate(BEFORE).apps
    try:
        old.get_model("jobs", "Posting")._base_manager.filter(pk=posting.pk).update(
            age_max=76,  # PostgreSQL's smallint would not take the attack's 70000
            headcount=2_000_000_000,
            wage_max=Decimal("99999999.99"),
            starts_on=datetime.date(1, 1, 1),
        )
        old.get_model("workers", "Worker")._base_manager.filter(pk=worker.pk).update(
            returned_on=datetime.date(9999, 12, 31), expected_wage=Decimal("9999999.99")
        )
        old.get_model("placements", "Application")._base_manager.filter(pk=application.pk).update(
            status="hired", hired_on=datetime.date(9999, 12, 31), contract_months=999
        )
    finally:
        _migrate()
    posting = Posting._base_manager.get(pk=posting.pk)
    assert (posting.age_max, posting.headcount, posting.starts_on) == (None, 10_000, None)
    assert posting.wage_max == Decimal(200_000) and posting.wage_min == Decimal(4000)
    worker = Worker._base_manager.get(pk=worker.pk)
    assert (worker.returned_on, worker.expected_wage) == (None, None)
    application = Application._base_manager.get(pk=application.pk)
    assert application.hired_on == datetime.date(2100, 12, 31)
    assert application.contract_months is None
