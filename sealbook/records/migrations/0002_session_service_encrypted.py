"""Encrypt `Session.service` under the client's data key (see `records/column_sealing.py`).

Existing rows are sealed; the column keeps its name. Irreversible on purpose:
a downgrade would write the values back in the clear.
"""

from django.db import migrations

import sealbook.vault.fields
from sealbook.records.column_sealing import seal_column

SERVICES = [
    ("intake", "Intake assessment"),
    ("individual", "Individual psychotherapy"),
    ("couples", "Couples therapy"),
    ("family", "Family therapy"),
    ("group", "Group therapy"),
    ("testing", "Psychological testing"),
]


def seal(apps, schema_editor):
    seal_column(apps, "records", "Session", "service", "service_sealed")


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]
    operations = [
        migrations.AddField(
            model_name="session",
            name="service_sealed",
            field=sealbook.vault.fields.EncryptedField(blank=True, null=True),
        ),
        migrations.RunPython(seal),
        migrations.RemoveField(model_name="session", name="service"),
        migrations.RenameField(model_name="session", old_name="service_sealed", new_name="service"),
        migrations.AlterField(
            model_name="session",
            name="service",
            field=sealbook.vault.fields.EncryptedField(blank=True, choices=SERVICES, null=True),
        ),
    ]
