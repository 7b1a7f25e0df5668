# The PracticePolicy row moves from the practice app (setup and demo, at the top of the
# layers) to access (which reads it); its table keeps its name, so only Django's state moves.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0001_initial"),
        ("practice", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PracticePolicy",
                    fields=[
                        (
                            "id",
                            models.PositiveSmallIntegerField(
                                default=1, primary_key=True, serialize=False
                            ),
                        ),
                        (
                            "mfa_required",
                            models.BooleanField(
                                default=True,
                                help_text="Every staff account must use a second factor (TOTP).",
                            ),
                        ),
                        (
                            "break_glass_minutes",
                            models.PositiveSmallIntegerField(
                                default=60, help_text="How long emergency access to a chart lasts."
                            ),
                        ),
                        ("custodian_public_key", models.BinaryField(blank=True, null=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "custodian",
                            models.ForeignKey(
                                blank=True,
                                help_text="The colleague who takes over the records if the practice cannot go on.",
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"db_table": "practice_practicepolicy"},
                ),
            ],
            database_operations=[],
        ),
    ]
