"""Database triggers that keep audit rows append-only, whoever connects (S16).

On PostgreSQL, production should also revoke TRUNCATE on the audit table from the application's
role (row triggers do not see TRUNCATE); the test suite relies on TRUNCATE to reset databases.
"""

from .models import MINIMUM_RETENTION_DAYS

TABLE = "audit_auditevent"

SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_early_delete BEFORE DELETE ON {TABLE}
    WHEN OLD.at > datetime('now', '-{MINIMUM_RETENTION_DAYS} days')
    BEGIN SELECT RAISE(ABORT, 'audit events are kept at least {MINIMUM_RETENTION_DAYS} days'); END""",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_early_delete",
]

POSTGRES_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            RAISE EXCEPTION 'audit events are append-only';
        END IF;
        IF OLD.at > now() - interval '{MINIMUM_RETENTION_DAYS} days' THEN
            RAISE EXCEPTION 'audit events are kept at least {MINIMUM_RETENTION_DAYS} days';
        END IF;
        RETURN OLD;
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
