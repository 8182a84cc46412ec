"""Database triggers that keep the payroll ledger append-only (工资支付台账, S14), whoever connects.

The shape of `homeward.audit.triggers`: the statements per database, `install` and `drop`.
Installed by migration 0002 and, in the test suite, by tests/conftest.py beside the audit ones
(dropped only while a transactional test's database is flushed on SQLite). Payroll rows are kept
at least 3 years (条例 art. 15) and never changed, so both UPDATE and DELETE are refused outright.
On PostgreSQL, production should also revoke TRUNCATE on the table from the application's role.
"""

TABLE = "wages_payrollentry"
MESSAGE = "payroll entries are append-only"

SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete",
]

POSTGRES_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}';
    END $$ LANGUAGE plpgsql""",
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
    f"""CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()""",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_append_only()",
]


def _run(connection, statements: dict[str, list[str]]) -> None:
    with connection.cursor() as cursor:
        for statement in statements.get(connection.vendor, []):
            cursor.execute(statement)


def install(connection) -> None:
    _run(connection, {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRES_INSTALL})


def drop(connection) -> None:
    _run(connection, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})
