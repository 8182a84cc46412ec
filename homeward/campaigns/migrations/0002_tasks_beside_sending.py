"""The batch and watchdog tasks moved from `campaigns.tasks` to `campaigns.sending`, beside the
service they run. Tasks queued under the old path (a campaign sending while this is deployed)
would no longer import: they are pointed at the new one."""

from django.db import migrations

MOVED = {
    "homeward.campaigns.tasks.send_batch": "homeward.campaigns.sending.send_batch",
    "homeward.campaigns.tasks.watch_campaign": "homeward.campaigns.sending.watch_campaign",
}


def _rename(apps, schema_editor, paths):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in paths.items():
        DBTaskResult.objects.using(schema_editor.connection.alias).filter(task_path=old).update(task_path=new)


def forwards(apps, schema_editor):
    _rename(apps, schema_editor, MOVED)


def backwards(apps, schema_editor):
    _rename(apps, schema_editor, {new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("django_tasks_database", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
