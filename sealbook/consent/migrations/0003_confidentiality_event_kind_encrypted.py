"""Encrypt `ConfidentialityEvent.kind` under the client's data key.

Existing rows are sealed (see `records/column_sealing.py`); the column keeps
its name. Irreversible on purpose: a downgrade would write the values back in
the clear.
"""

from django.db import migrations

import sealbook.vault.fields
from sealbook.records.column_sealing import seal_column

KINDS = [
    ("court", "Court involvement"),
    ("couples-family", "Couples or family work begins"),
    ("third-party-payer", "A third-party payer is involved"),
    ("custody-change", "A minor's custody changes"),
    ("other", "Other change to the limits of confidentiality"),
]


def seal(apps, schema_editor):
    seal_column(apps, "consent", "ConfidentialityEvent", "kind", "kind_sealed")


class Migration(migrations.Migration):
    dependencies = [("consent", "0002_withdrawal")]
    operations = [
        migrations.AddField(
            model_name="confidentialityevent",
            name="kind_sealed",
            field=sealbook.vault.fields.EncryptedField(blank=True, null=True),
        ),
        migrations.RunPython(seal),
        migrations.RemoveField(model_name="confidentialityevent", name="kind"),
        migrations.RenameField(
            model_name="confidentialityevent", old_name="kind_sealed", new_name="kind"
        ),
        migrations.AlterField(
            model_name="confidentialityevent",
            name="kind",
            field=sealbook.vault.fields.EncryptedField(blank=True, choices=KINDS, null=True),
        ),
    ]
