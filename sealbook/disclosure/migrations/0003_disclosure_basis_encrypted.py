"""Encrypt `Disclosure.basis` under the client's data key.

Disclosure rows are append-only (migration 0002's triggers) and each one is
sealed into the audit log by the SHA-256 of the stored row
(`integrity.py`). This migration lifts the triggers for its own transaction,
seals the basis of every row, and appends a pair of DISCLOSURE_RESEALED
entries per row (the row's earlier seal, then its new one), so
`sealbook audit verify` still follows every row to the entry that recorded
it. Irreversible on purpose: a downgrade would write the basis back in the
clear.
"""

import importlib

from django.db import migrations

import sealbook.vault.fields
from sealbook.records.column_sealing import seal_column

append_only = importlib.import_module("sealbook.disclosure.migrations.0002_append_only")

BASES = [
    ("authorization", "The client's written authorization (164.508)"),
    ("client-request", "The client's own request for their record (164.524)"),
    ("treatment", "Treatment by another provider (164.506)"),
    ("payment", "Payment, minimum necessary (164.506)"),
    ("operations", "Health care operations (164.506)"),
    ("court-order", "Court order (164.512(e))"),
    ("duty-to-warn", "Duty to warn or protect (164.512(j))"),
    ("mandated-report", "Mandated report of abuse or neglect (164.512(b), (c))"),
    ("health-oversight", "Health oversight agency (164.512(d))"),
]


def _stored(model, pks):
    columns = [f.attname for f in model._meta.concrete_fields]
    return {row["id"]: row for row in model.objects.filter(pk__in=pks).values(*columns)}


def seal_and_reseal(apps, schema_editor):
    from sealbook.audit.events import AuditEvent
    from sealbook.audit.log import record
    from sealbook.disclosure.integrity import row_seal

    model = apps.get_model("disclosure", "Disclosure")
    before = _stored(model, model.objects.values_list("pk", flat=True))
    seal_column(apps, "disclosure", "Disclosure", "basis", "basis_sealed")
    after = _stored(model, list(before))
    for pk in sorted(before, key=str):
        old = dict(before[pk])
        del old["basis_sealed"]
        # The row as it reads once the sealed column has taken the old one's name.
        new = dict(after[pk])
        new["basis"] = new.pop("basis_sealed")
        for seal in (row_seal(old), row_seal(new)):
            record(
                AuditEvent.DISCLOSURE_RESEALED,
                client_id=old["client_id"],
                object_id=seal,
            )


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0002_append_only"), ("audit", "0002_append_only")]
    operations = [
        migrations.RunPython(append_only.drop_triggers),
        migrations.AddField(
            model_name="disclosure",
            name="basis_sealed",
            field=sealbook.vault.fields.EncryptedField(blank=True, null=True),
        ),
        migrations.RunPython(seal_and_reseal),
        migrations.RemoveField(model_name="disclosure", name="basis"),
        migrations.RenameField(model_name="disclosure", old_name="basis_sealed", new_name="basis"),
        migrations.AlterField(
            model_name="disclosure",
            name="basis",
            field=sealbook.vault.fields.EncryptedField(blank=True, choices=BASES, null=True),
        ),
        migrations.RunPython(append_only.create_triggers),
    ]
