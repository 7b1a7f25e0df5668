from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0004_legal_demands"),
    ]

    operations = [
        migrations.AddField(
            model_name="authorization",
            name="portal_text_sha256",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
    ]
