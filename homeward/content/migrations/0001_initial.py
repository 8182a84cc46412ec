# Article moved here from the portal app. The table `portal_article` and its rows stay: this
# migration only adds the model to this app's state (the portal's 0002 removed it from its own),
# and moves its content type so admin history and permissions keep pointing at it.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def _move_content_type(apps, schema_editor, old: str, new: str) -> None:
    """Admin history and permissions point at the content type: it moves with the model."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.db_manager(schema_editor.connection.alias)
    if not types.filter(app_label=new, model="article").exists():
        types.filter(app_label=old, model="article").update(app_label=new)


def forward(apps, schema_editor):
    _move_content_type(apps, schema_editor, "portal", "content")


def backward(apps, schema_editor):
    _move_content_type(apps, schema_editor, "content", "portal")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0002_models_move_to_domain_apps"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Article",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("policy", "policy"), ("guide", "service guide")], max_length=10, verbose_name="kind")),
                        ("title", models.CharField(max_length=100, verbose_name="title")),
                        ("summary", models.CharField(blank=True, max_length=200, verbose_name="summary")),
                        ("body", models.TextField(help_text="Plain text; a blank line starts a paragraph.", verbose_name="text")),
                        ("is_published", models.BooleanField(default=True, verbose_name="published")),
                        ("published_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="published at")),
                        ("region", models.ForeignKey(help_text="Shown to the people of this area.", on_delete=django.db.models.deletion.PROTECT, related_name="+", to="regions.region", verbose_name="area")),
                    ],
                    options={
                        "db_table": "portal_article",
                        "verbose_name": "policy article or guide",
                        "verbose_name_plural": "policy articles and guides",
                        "ordering": ["kind", "-published_at", "-pk"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forward, backward),
    ]
