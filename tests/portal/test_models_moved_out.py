"""The portal's models moved to domain apps without losing a row.

A database migrated on the old layout (WorkerAccount, SignInCode and Article in the portal app)
is rebuilt here by unapplying the moves, filled through the old app's historical models, and
migrated forward again: the rows, their encrypted phones and their content types (with the
permissions hanging off them) are all still there, under the new apps.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from homeward.content.models import Article
from homeward.crypto import PHONE, lookup_hash
from homeward.signin_codes.models import SignInCode
from homeward.workers.models import WorkerAccount
from tests.factories import CITY, VILLAGE, make_worker

OLD = [("portal", "0001_initial")]
MOVED = {"workeraccount": "workers", "signincode": "signin_codes", "article": "content"}


def _migrate(targets=None):
    executor = MigrationExecutor(connection)
    return executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.mark.slow
def test_rows_written_before_the_move_are_there_after_it(transactional_db):
    worker = make_worker(VILLAGE, sequence=3, name="李四")
    old = _migrate(OLD).apps  # the portal as it was on the old main, its tables untouched
    try:
        ContentType.objects.clear_cache()
        old_types = {
            model: ContentType.objects.get(app_label="portal", model=model) for model in MOVED
        }
        Account = old.get_model("portal", "WorkerAccount")
        Code = old.get_model("portal", "SignInCode")
        OldArticle = old.get_model("portal", "Article")
        account = Account.objects.create(
            worker_id=worker.pk, phone="13712345678", self_registered=True
        )
        now = timezone.now()
        code = Code.objects.create(
            phone_hash=lookup_hash(PHONE, "13712345678"),
            audience="worker",
            code_hash="0" * 64,
            expires_at=now + datetime.timedelta(minutes=5),
            ip="10.0.0.1",
        )
        article = OldArticle.objects.create(
            region_id=CITY, kind="policy", title="返乡补贴", body="a"
        )
    finally:
        _migrate()
    ContentType.objects.clear_cache()

    moved = WorkerAccount._base_manager.get(pk=account.pk)
    assert moved.worker_id == worker.pk and moved.phone == "13712345678"
    assert moved.self_registered and moved.awaiting_confirmation
    assert WorkerAccount._base_manager.filter(phone_hash=lookup_hash(PHONE, "13712345678")).exists()
    assert SignInCode.objects.get(pk=code.pk).ip == "10.0.0.1"
    assert Article._base_manager.get(pk=article.pk).title == "返乡补贴"
    for model, app in MOVED.items():
        now_type = ContentType.objects.get(pk=old_types[model].pk)
        assert (now_type.app_label, now_type.model) == (app, model)
        assert Permission.objects.filter(content_type=now_type, codename=f"view_{model}").exists()
        assert not ContentType.objects.filter(app_label="portal", model=model).exists()


@pytest.mark.django_db
def test_the_models_match_their_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
