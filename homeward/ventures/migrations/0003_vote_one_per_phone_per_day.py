from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("ventures", "0002_vote_phone_day")]

    operations = [
        migrations.AlterField(
            model_name="vote",
            name="day",
            field=models.DateField(verbose_name="day of the vote"),
        ),
        migrations.RemoveConstraint(model_name="vote", name="one_vote_per_person"),
        migrations.AddConstraint(
            model_name="vote",
            constraint=models.UniqueConstraint(
                fields=("showcase", "phone_hash", "day"), name="one_vote_per_phone_per_day"
            ),
        ),
    ]
