"""The payroll ledger: UPDATE and DELETE refused by the database, the keyed hash chain, and
`homeward wages verify` naming the first broken row."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from homeward.wages import chain, triggers
from homeward.wages.models import PayrollEntry
from homeward.wages.services import append_payments

from .helpers import make_entry, make_project


def _pay(project, entry, amount="6000.00", month=date(2026, 3, 1)):
    row = {
        "month": month,
        "paid_on": date(2026, 4, 10),
        "name": entry.name,
        "days": Decimal(20),
        "net_paid": Decimal(amount),
        "amounts_due": {"基本工资": amount},
    }
    return append_payments(project, [(entry, row)], by=None)[0]


@pytest.fixture
def ledger(db):
    project = make_project()
    entries = [make_entry(project, i) for i in (1, 2, 3)]
    rows = [_pay(project, e) for e in entries]
    return project, rows


def test_update_and_delete_are_refused_by_the_database(ledger):
    _project, rows = ledger
    with pytest.raises(DatabaseError), transaction.atomic():
        PayrollEntry.objects.filter(pk=rows[0].pk).update(net_paid=Decimal(1))
    with pytest.raises(DatabaseError), transaction.atomic():
        PayrollEntry.objects.filter(pk=rows[0].pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {triggers.TABLE} SET net_paid = 1 WHERE id = %s", [rows[1].pk])
    assert PayrollEntry.objects.get(pk=rows[0].pk).net_paid == Decimal("6000.00")


def test_rows_chain_and_verify_passes(ledger):
    _project, rows = ledger
    assert rows[0].previous_hash == chain.GENESIS
    assert rows[1].previous_hash == rows[0].row_hash
    report = chain.verify()
    assert (report.checked, report.broken) == (3, None)


def _tamper(sql, params):
    triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    finally:
        triggers.install(connection)


def test_a_changed_row_is_named(ledger):
    _project, rows = ledger
    _tamper(f"UPDATE {triggers.TABLE} SET net_paid = 60000 WHERE id = %s", [rows[1].pk])
    report = chain.verify()
    assert report.broken == rows[1].pk and report.checked == 1
    with pytest.raises(CommandError, match=f"第 {rows[1].pk} 行"):
        call_command("wages", "verify")


def test_a_deleted_row_breaks_the_link_of_the_next(ledger):
    _project, rows = ledger
    _tamper(f"DELETE FROM {triggers.TABLE} WHERE id = %s", [rows[1].pk])
    assert chain.verify().broken == rows[2].pk


def test_verify_command_on_a_whole_chain(ledger, capsys):
    call_command("wages", "verify")
    assert "共 3 行，哈希链完整" in capsys.readouterr().out
