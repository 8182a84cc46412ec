"""The portal's models moved to domain apps without losing a row.

A fresh database beside the test database (tests/databases.py) is migrated to the old layout
(WorkerAccount, SignInCode and Article in the portal app), filled through the old app's
historical models, and migrated forward through the moves: the rows, their encrypted phones
and their content types (with the permissions hanging off them) are all still there, under the
new apps.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from homeward.crypto import PHONE, lookup_hash
from tests.databases import fresh_database, made, old_village, old_worker

OLD = [("portal", "0001_initial"), ("contenttypes", "0002_remove_content_type_name")]
MOVES = [("workers", "0004_workeraccount"), ("signin_codes", "0001_initial")]
MOVES += [("content", "0001_initial")]
MOVED = {"workeraccount": "workers", "signincode": "signin_codes", "article": "content"}


def _old_types(apps, db):
    """The portal's content types and view permissions, as `migrate` made them on the old main."""
    types = {}
    for model in MOVED:
        types[model] = made(apps, db, "contenttypes.ContentType", app_label="portal", model=model)
        made(
            apps,
            db,
            "auth.Permission",
            content_type=types[model],
            codename=f"view_{model}",
            name=f"Can view {model}",
        )
    return types


def test_rows_written_before_the_move_are_there_after_it(django_db_blocker, tmp_path):
    with django_db_blocker.unblock(), fresh_database(tmp_path) as fresh:
        db = fresh.alias
        old = MigrationExecutor(fresh).migrate(OLD).apps  # the portal as it was on the old main
        _town, village = old_village(old, db)
        worker = old_worker(old, db, village, sequence=3, name="李四")
        old_types = _old_types(old, db)
        account = made(
            old,
            db,
            "portal.WorkerAccount",
            worker_id=worker.pk,
            phone="13712345678",
            self_registered=True,
        )
        code = made(
            old,
            db,
            "portal.SignInCode",
            phone_hash=lookup_hash(PHONE, "13712345678"),
            audience="worker",
            code_hash="0" * 64,
            expires_at=timezone.now() + datetime.timedelta(minutes=5),
            ip="10.0.0.1",
        )
        article = made(
            old, db, "portal.Article", region_id="3213", kind="policy", title="返乡补贴", body="a"
        )
        new = MigrationExecutor(fresh).migrate(MOVES).apps

        def rows(label):
            return new.get_model(label)._base_manager.db_manager(db)

        moved = rows("workers.WorkerAccount").get(pk=account.pk)
        assert moved.worker_id == worker.pk and moved.phone == "13712345678"
        assert moved.self_registered and moved.confirmed_at is None  # still to be confirmed
        assert (
            rows("workers.WorkerAccount")
            .filter(phone_hash=lookup_hash(PHONE, "13712345678"))
            .exists()
        )
        assert rows("signin_codes.SignInCode").get(pk=code.pk).ip == "10.0.0.1"
        assert rows("content.Article").get(pk=article.pk).title == "返乡补贴"
        types, permissions = rows("contenttypes.ContentType"), rows("auth.Permission")
        for model, app in MOVED.items():
            now_type = types.get(pk=old_types[model].pk)
            assert (now_type.app_label, now_type.model) == (app, model)
            assert permissions.filter(content_type=now_type, codename=f"view_{model}").exists()
            assert not types.filter(app_label="portal", model=model).exists()


@pytest.mark.django_db
def test_the_models_match_their_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
