"""The vote rule becomes one vote per verified phone per day: a vote carries the voter's phone
hash (their portal account's) and its local day. Existing votes are filled from their rows: the
account's phone hash (a person without an account any more keeps a per-person key, so the rows
that were one per person stay distinct) and the local date of `cast_at`."""

from django.db import migrations, models
from django.utils import timezone

from homeward.crypto import mask_phone


def fill(apps, schema_editor):
    Vote = apps.get_model("ventures", "Vote")
    WorkerAccount = apps.get_model("workers", "WorkerAccount")
    for vote in Vote._base_manager.all().iterator():
        account = WorkerAccount._base_manager.filter(worker_id=vote.worker_id).first()
        masked = ""
        if account is not None and account.phone_hash:
            phone_hash = account.phone_hash
            try:
                masked = mask_phone(account.phone or "")
            except ValueError:
                masked = ""
        else:
            phone_hash = f"worker-{vote.worker_id}"
        Vote._base_manager.filter(pk=vote.pk).update(
            phone_hash=phone_hash, phone_masked=masked,
            day=timezone.localdate(vote.cast_at),
        )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("ventures", "0001_initial"),
        ("workers", "0008_social_insurance"),
    ]

    operations = [
        migrations.AddField(
            model_name="vote",
            name="phone_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="vote",
            name="phone_masked",
            field=models.CharField(blank=True, max_length=20, verbose_name="mobile phone"),
        ),
        migrations.AddField(
            model_name="vote",
            name="day",
            field=models.DateField(null=True, verbose_name="day of the vote"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
