# SignInCode moved here from the portal app. The table `portal_signincode`, its index and its rows
# stay: this migration only adds the model to this app's state (the portal's 0002 removed it from
# its own), and moves its content type.

import django.utils.timezone
from django.db import migrations, models


def _move_content_type(apps, schema_editor, old: str, new: str) -> None:
    """Admin history and permissions point at the content type: it moves with the model."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.db_manager(schema_editor.connection.alias)
    if not types.filter(app_label=new, model="signincode").exists():
        types.filter(app_label=old, model="signincode").update(app_label=new)


def forward(apps, schema_editor):
    _move_content_type(apps, schema_editor, "portal", "signin_codes")


def backward(apps, schema_editor):
    _move_content_type(apps, schema_editor, "signin_codes", "portal")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0002_models_move_to_domain_apps"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SignInCode",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("phone_hash", models.CharField(db_index=True, max_length=64)),
                        ("audience", models.CharField(choices=[("worker", "worker"), ("employer", "employer")], max_length=10)),
                        ("code_hash", models.CharField(max_length=64)),
                        ("created_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ("expires_at", models.DateTimeField()),
                        ("used_at", models.DateTimeField(blank=True, null=True)),
                        ("failed_attempts", models.PositiveSmallIntegerField(default=0)),
                        ("ip", models.GenericIPAddressField(blank=True, null=True)),
                    ],
                    options={
                        "db_table": "portal_signincode",
                        "verbose_name": "sign-in code",
                        "verbose_name_plural": "sign-in codes",
                        "indexes": [models.Index(fields=["ip", "created_at"], name="portal_sign_ip_6c417d_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forward, backward),
    ]
