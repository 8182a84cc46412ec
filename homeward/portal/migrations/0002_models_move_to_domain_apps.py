# The portal is a front door only: its three models moved to the domain apps they belong to
# (WorkerAccount → workers, SignInCode → signin_codes, Article → content). This migration removes
# them from the portal's state only; the tables and their rows stay, and the receiving apps'
# migrations (which depend on this one) take them over under the same table names.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Article"),
                migrations.DeleteModel(name="SignInCode"),
                migrations.DeleteModel(name="WorkerAccount"),
            ],
            database_operations=[],
        ),
    ]
