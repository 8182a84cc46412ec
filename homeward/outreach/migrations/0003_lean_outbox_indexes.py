"""Two indexes fewer on the outbox, which a campaign writes a row to per message.

- the region's own index (and PostgreSQL's LIKE twin of it): the (region, created_at) index
  serves every lookup by region — the scoped lists and the PROTECT check of a deleted region;
- PostgreSQL's LIKE (varchar_pattern_ops) twin of the phone hash's index: the hash is only ever
  compared whole (`outbox --phone`, `hash_filter`); its plain index stays.
"""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "outreach_outboxmessage"


def drop_phone_hash_like(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # only PostgreSQL makes the LIKE twins
    name = schema_editor._create_index_name(TABLE, ["recipient_phone_hash"], suffix="_like")
    schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def restore_phone_hash_like(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    name = schema_editor._create_index_name(TABLE, ["recipient_phone_hash"], suffix="_like")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {schema_editor.quote_name(name)} "
        f"ON {TABLE} (recipient_phone_hash varchar_pattern_ops)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0002_outboxmessage_template"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="outboxmessage",
            name="region",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="regions.region",
                verbose_name="region",
            ),
        ),
        migrations.RunPython(drop_phone_hash_like, restore_phone_hash_like, elidable=False),
    ]
