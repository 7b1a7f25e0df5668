"""Everything a practice holds, read back, as JSON: the measure of an upgrade that loses nothing.

    SEALBOOK_HOME=H SEALBOOK_PASSPHRASE_FILE=F python tests/upgrade/dump.py OUT [EARLIER]
        [--raw-only] [--opened TABLE.COLUMN ...]

It must run unchanged under the previous release (to record what its
practice holds) and under this one (to read the upgraded practice back), so
it uses only what both have: Django's ORM by database table, raw SQL, and
the documents app's `read_document`. Records are keyed by table, not by app,
so a model that moved to another app (a state-only migration) still matches.

A column that an upgrade encrypts (`--opened TABLE.COLUMN`) cannot match
byte for byte: its rows are also digested without it ("without"), its values
are digested apart ("plain": read raw before the upgrade, decrypted after),
and it is left out of the "decrypted" digests. `--raw-only` reads only raw
SQL, so it runs on a database this version's models do not fit yet.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import hashlib
import json
import os
import sys
import uuid
from typing import Any


def plain(value: Any) -> Any:
    """A JSON value that compares equal exactly when the stored values do."""
    if isinstance(value, bytes | memoryview | bytearray):
        return "b64:" + base64.b64encode(bytes(value)).decode()
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def digest(value: Any) -> str:
    """The SHA-256 of a value's JSON: the dump holds no record's content, only its digest."""
    return hashlib.sha256(json.dumps(plain(value), sort_keys=True).encode()).hexdigest()


def raw_tables(
    columns_of: dict[str, list[str]], opened: dict[str, str] | None = None
) -> dict[str, dict[str, Any]]:
    """Every row of every table as stored (django_migrations left out), as digests.

    `columns_of` names the columns to read per table (those an earlier dump
    recorded), so a column a later version adds does not change old rows.
    """
    from django.db import connection

    tables: dict[str, dict[str, Any]] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            if table == "django_migrations":
                continue
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
            names = [c[0] for c in cursor.description]
            columns = columns_of.get(table, sorted(names))
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            tables[table] = {
                "columns": columns,
                "rows": sorted(digest({c: row.get(c, "<gone>") for c in columns}) for row in rows),
            }
            if opened and table in opened:
                kept = [c for c in columns if c != opened[table]]
                tables[table]["without"] = sorted(
                    digest({c: row.get(c, "<gone>") for c in kept}) for row in rows
                )
                tables[table]["plain"] = {
                    str(uuid.UUID(str(row["id"]))): digest(row[opened[table]]) for row in rows
                }
    return tables


def decrypted_fields(
    opened: dict[str, str] | None = None,
    columns_of: dict[str, list[str]] | None = None,
) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """Every encrypted field of every row, decrypted under the practice's keys.

    Fields named in `opened` are digested apart, one per row (the second result).
    With `columns_of` (the earlier dump's columns), a field this release added is left
    out: the earlier release had nothing to compare it with.
    """
    from django.apps import apps

    from sealbook.vault.fields import EncryptedField

    opened = opened or {}
    out: dict[str, dict[str, str]] = {}
    apart: dict[str, dict[str, str]] = {}
    for model in apps.get_models():
        table = model._meta.db_table
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedField)]
        if columns_of and table in columns_of:
            fields = [f for f in fields if f.column in columns_of[table]]
        if not fields:
            continue
        rows: dict[str, str] = {}
        for obj in model._default_manager.order_by("pk"):
            values = {}
            for field in fields:
                try:
                    values[field.name] = plain(getattr(obj, field.name))
                except Exception as exc:  # a shredded client's row: unreadable by design
                    values[field.name] = f"unreadable: {type(exc).__name__}"
            if table in opened:
                apart.setdefault(table, {})[str(obj.pk)] = digest(values.pop(opened[table]))
            rows[str(obj.pk)] = digest(values)
        out[table] = rows
    return out, apart


def document_digests() -> dict[str, str]:
    from sealbook.documents.actions import read_document
    from sealbook.documents.models import Document

    return {
        str(doc.pk): hashlib.sha256(read_document(doc)).hexdigest()
        for doc in Document.objects.order_by("pk")
    }


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sealbook.settings")
    import django

    django.setup()
    from sealbook.vault import runtime

    ring = runtime.keyring()
    doc = runtime.load_sealed_kek(ring.kek_version)
    from sealbook.core.crypto import sealing

    with open(os.environ["SEALBOOK_PASSPHRASE_FILE"], "rb") as secret:
        passphrase = secret.read().strip()
    # Install the key directly: unsealing through the CLI would append an audit entry.
    runtime.install(sealing.unseal(doc, sealing.UnsealSecrets(passphrase=passphrase)), ring)
    args = [a for a in sys.argv[1:] if a != "--raw-only"]
    opened: dict[str, str] = {}
    if "--opened" in args:
        at = args.index("--opened")
        opened = dict(name.split(".", 1) for name in args[at + 1 :])
        args = args[:at]
    columns_of: dict[str, list[str]] = {}
    if len(args) > 1:
        with open(args[1], encoding="utf-8") as earlier:
            columns_of = {t: v["columns"] for t, v in json.load(earlier)["tables"].items()}
    dump: dict[str, Any] = {"tables": raw_tables(columns_of, opened)}
    if "--raw-only" not in sys.argv:
        decrypted, apart = decrypted_fields(opened, columns_of)
        dump["decrypted"] = decrypted
        dump["documents"] = document_digests()
        for table, values in apart.items():
            dump["tables"][table]["plain"] = values
    with open(args[0], "w", encoding="utf-8") as out:
        json.dump(dump, out, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
