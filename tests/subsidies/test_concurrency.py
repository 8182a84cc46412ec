"""SECURITY.md S17 on PostgreSQL: 8 threads approving and paying the same entitlement → one payment.

SQLite admits one writer at a time and ignores `select_for_update`, which would hide the race.
"""

import os
import threading

import pytest
from django.db import connection, connections

from homeward.scoping import unscoped
from homeward.subsidies import services
from homeward.subsidies.models import Entitlement, Payment, PolicyVersion

from .conftest import card

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="races need PostgreSQL"),
]
THREADS, RUNS = 8, int(os.environ.get("HOMEWARD_RACE_RUNS", "5"))
FULL_RUNS = 100  # the 8 workers × 100 runs: slow-marked (tests/conftest.py SLOW)


def test_eight_threads_approve_and_pay_the_same_entitlement_once(transactional_db, seeded):
    _race(seeded, RUNS)


def test_eight_threads_a_hundred_runs(transactional_db, seeded):
    _race(seeded, FULL_RUNS)


def _race(seeded, runs, first=300):
    from tests.factories import COUNTY, make_staff

    from .conftest import make_returnee

    bonus = seeded["SQ-RETURN-500"]
    PolicyVersion._base_manager.filter(policy=bonus).update(approval_levels=1, notice_days=0)
    payers = [make_staff(COUNTY, username=f"payer-{first}-{i}") for i in range(THREADS)]
    for run in range(runs):
        worker = make_returnee(sequence=first + run, name=f"并发{run}")
        entitlement = services.apply_for(
            bonus, worker=worker, bank_name="农行", bank_account=card()
        )
        barrier = threading.Barrier(THREADS)

        def work(user, barrier=barrier, entitlement=entitlement, run=run):
            try:
                with unscoped():
                    barrier.wait()
                    try:
                        services.decide(entitlement, "approved", by=user)
                    except services.SubsidyError:
                        pass
                    try:
                        services.build_batch(
                            bonus.fund, COUNTY, f"2026-{run % 12 + 1:02d}", by=user
                        )
                    except services.SubsidyError:
                        pass
            finally:
                connections.close_all()

        threads = [threading.Thread(target=work, args=(u,)) for u in payers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert Payment._base_manager.filter(entitlement=entitlement).count() == 1, run
        assert Entitlement._base_manager.get(pk=entitlement.pk).status == "paying"
