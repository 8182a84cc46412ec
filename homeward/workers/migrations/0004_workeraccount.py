# WorkerAccount moved here from the portal app. The table `portal_workeraccount` and its rows
# stay: this migration only adds the model to this app's state (the portal's 0002 removed it from
# its own), and moves its content type.

import django.db.models.deletion
import django.utils.timezone
import homeward.crypto
from django.conf import settings
from django.db import migrations, models


def _move_content_type(apps, schema_editor, old: str, new: str) -> None:
    """Admin history and permissions point at the content type: it moves with the model."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.db_manager(schema_editor.connection.alias)
    if not types.filter(app_label=new, model="workeraccount").exists():
        types.filter(app_label=old, model="workeraccount").update(app_label=new)


def forward(apps, schema_editor):
    _move_content_type(apps, schema_editor, "portal", "workers")


def backward(apps, schema_editor):
    _move_content_type(apps, schema_editor, "workers", "portal")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0002_models_move_to_domain_apps"),
        ("workers", "0003_portal_wishes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="WorkerAccount",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("phone", homeward.crypto.EncryptedField(blank=True, default="", kind="phone", verbose_name="mobile phone")),
                        ("phone_hash", homeward.crypto.LookupHashField(source="phone", unique=True)),
                        ("self_registered", models.BooleanField(default=False, verbose_name="registered themselves")),
                        ("confirmed_at", models.DateTimeField(blank=True, null=True, verbose_name="confirmed by staff at")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="created at")),
                        ("last_sign_in_at", models.DateTimeField(blank=True, null=True, verbose_name="last signed in")),
                        ("confirmed_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("worker", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="portal_account", to="workers.worker")),
                    ],
                    options={
                        "db_table": "portal_workeraccount",
                        "verbose_name": "worker portal account",
                        "verbose_name_plural": "worker portal accounts",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forward, backward),
    ]
