from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('outreach', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='outboxmessage',
            name='template',
            field=models.CharField(blank=True, default='', max_length=50, verbose_name='template'),
        ),
    ]
