"""Move the second factors of an earlier release out of django-otp's plaintext tables.

Each TOTP seed is sealed under the practice's second-factor key and each
unused recovery code is replaced by its Argon2id hash, keeping every user's
devices, names and counters; then django-otp's tables (otp_totp_totpdevice,
otp_static_staticdevice, otp_static_statictoken) are dropped, so no plaintext
copy stays in the database. Sealing needs the practice key, which `sealbook
upgrade` holds (it unseals before migrating); run while sealed with rows to
move, the migration stops with a one-line error and changes nothing. A new
practice has no such tables and nothing to do.

The tables are read with SQL because the plugins that own them are no longer
installed. Sessions that were verified with an old device are verified again
at their next request.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import migrations

from sealbook.core.crypto.aead import field_context
from sealbook.core.errors import SealbookError
from sealbook.vault import runtime
from sealbook.vault.fields import Sealed

OLD_TOTP = "otp_totp_totpdevice"
OLD_STATIC_DEVICE = "otp_static_staticdevice"
OLD_STATIC_CODES = "otp_static_statictoken"


def _rows(cursor: Any, sql: str) -> list[dict[str, Any]]:
    cursor.execute(sql)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def seal_existing_second_factors(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    tables = set(connection.introspection.table_names())
    if not tables & {OLD_TOTP, OLD_STATIC_DEVICE, OLD_STATIC_CODES}:
        return
    with connection.cursor() as cursor:
        totp = _rows(cursor, f"SELECT * FROM {OLD_TOTP}") if OLD_TOTP in tables else []  # noqa: S608
        static = (
            _rows(cursor, f"SELECT * FROM {OLD_STATIC_DEVICE}")  # noqa: S608
            if OLD_STATIC_DEVICE in tables
            else []
        )
        tokens = (
            _rows(cursor, f"SELECT device_id, token FROM {OLD_STATIC_CODES}")  # noqa: S608
            if OLD_STATIC_CODES in tables
            else []
        )
    if (totp or tokens) and not runtime.is_unsealed():
        raise SealbookError(
            "sealing the stored second factors needs the practice key: run `sealbook upgrade`"
        )
    TOTPDevice = apps.get_model("staff", "TOTPDevice")
    RecoveryCodeDevice = apps.get_model("staff", "RecoveryCodeDevice")
    RecoveryCode = apps.get_model("staff", "RecoveryCode")
    common = ("user_id", "name", "confirmed", "throttling_failure_timestamp",
              "throttling_failure_count")  # fmt: skip
    for row in totp:
        row_uuid = uuid.uuid4()
        context = field_context(TOTPDevice._meta.db_table, "seed", str(row_uuid))
        # The migration's historical model has no data_key(): seal here, and
        # hand the field a Sealed value, which it stores as it is.
        sealed = runtime.second_factor_key().seal(row["key"].encode(), context)
        TOTPDevice.objects.create(
            uuid=row_uuid,
            seed=Sealed(sealed),
            step=row["step"],
            t0=row["t0"],
            digits=row["digits"],
            tolerance=row["tolerance"],
            drift=row["drift"],
            last_t=row["last_t"],
            created_at=row.get("created_at"),
            last_used_at=row.get("last_used_at"),
            **{name: row[name] for name in common},
        )
    for row in static:
        device = RecoveryCodeDevice.objects.create(**{name: row[name] for name in common})
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=device, code_hash=make_password(t["token"]))
            for t in tokens
            if t["device_id"] == row["id"]
        )
    for table in (OLD_STATIC_CODES, OLD_STATIC_DEVICE, OLD_TOTP):
        if table in tables:
            schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(table)}")


class Migration(migrations.Migration):
    dependencies = [("staff", "0001_initial")]

    # No way back: the plaintext is not kept anywhere to restore.
    operations = [migrations.RunPython(seal_existing_second_factors, migrations.RunPython.noop)]
