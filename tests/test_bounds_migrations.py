"""The bounds' migrations (workers 0006, jobs 0002, placements 0002) bring rows stored before
them into bounds, so adding the check constraints does not fail on a database the attack wrote
to: out-of-range values become empty where the column allows it, else the nearest bound.

The database is a fresh one beside the test database (tests/databases.py), migrated forward to
just before the three migrations — rows written there through the models as they were —, then
through them: no migration is ever unapplied, which on the test database meant unapplying and
reapplying nearly all of them."""

import datetime
from decimal import Decimal

from django.db.migrations.executor import MigrationExecutor

from tests.databases import fresh_database, made, old_village, old_worker

BEFORE = [
    ("workers", "0005_ledger_column_choice"),
    ("jobs", "0001_initial"),
    ("placements", "0001_initial"),
]
BOUNDS = [("workers", "0006_bounds"), ("jobs", "0002_bounds"), ("placements", "0002_bounds")]


def _old_rows(apps, db):
    """A worker, an employer's published posting and a hire, with the attack's values."""
    town, village = old_village(apps, db)
    worker = old_worker(
        apps,
        db,
        village,
        name="王五",
        returned_on=datetime.date(9999, 12, 31),
        expected_wage=Decimal("9999999.99"),
    )
    employer = made(
        apps,
        db,
        "employers.Employer",
        name="幸福电子厂",
        uscc="91321302MA1XXXXX0X",
        industry="C",
        region=town,
        contact_phone="13912345678",
    )
    posting = made(
        apps,
        db,
        "jobs.Posting",
        employer=employer,
        region=town,
        title="普工",
        status="published",
        headcount=2_000_000_000,
        wage_min=Decimal(4000),
        wage_max=Decimal("99999999.99"),
        age_max=76,  # PostgreSQL's smallint would not take the attack's 70000
        starts_on=datetime.date(1, 1, 1),
    )
    application = made(
        apps,
        db,
        "placements.Application",
        worker=worker,
        posting=posting,
        region=village,
        status="hired",
        hired_on=datetime.date(9999, 12, 31),
        contract_months=999,
    )
    return worker.pk, posting.pk, application.pk


def test_rows_out_of_bounds_are_brought_in_before_the_constraints(django_db_blocker, tmp_path):
    with django_db_blocker.unblock(), fresh_database(tmp_path) as fresh:
        old = MigrationExecutor(fresh).migrate(BEFORE).apps
        worker, posting, application = _old_rows(old, fresh.alias)
        new = MigrationExecutor(fresh).migrate(BOUNDS).apps

        def row(app, model, pk):
            return new.get_model(app, model)._base_manager.db_manager(fresh.alias).get(pk=pk)

        posting = row("jobs", "Posting", posting)
        assert (posting.age_max, posting.headcount, posting.starts_on) == (None, 10_000, None)
        assert posting.wage_max == Decimal(200_000) and posting.wage_min == Decimal(4000)
        worker = row("workers", "Worker", worker)
        assert (worker.returned_on, worker.expected_wage) == (None, None)
        application = row("placements", "Application", application)
        assert application.hired_on == datetime.date(2100, 12, 31)
        assert application.contract_months is None
