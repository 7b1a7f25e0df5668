"""Encrypting, in a migration, a column that earlier releases stored in the clear.

A coded value can say as much as free text: "duty-to-warn" or "couples" next
to a client's id and a date links that client to a sensitive event. When such
a column becomes an `EncryptedField`, the migration adds the encrypted column
under a temporary name, seals every existing row's value with the client's
data key bound to the final (table, field, record id), then drops the old
column and renames the new one. `sealbook upgrade` runs with the practice
unsealed, so the client keys are at hand; a database with rows to encrypt and
no unsealed practice is refused before anything changes.

A client destroyed by crypto-shredding has no key left: its value is dropped
(NULL), like the rest of its record it can no longer be read.
"""

from __future__ import annotations

from typing import Any

from sealbook.core.crypto.aead import field_context
from sealbook.core.errors import KeyStoreError, SealbookError
from sealbook.vault import runtime


class ColumnSealingError(SealbookError):
    pass


def seal_column(
    apps: Any, app_label: str, model_name: str, field: str, sealed_field: str
) -> list[Any]:
    """Fill `sealed_field` with the sealed value of `field` on every row; returns the changed pks.

    The ciphertext is bound to `field`, the name the column has after the rename.
    """
    model = apps.get_model(app_label, model_name)
    table = model._meta.db_table
    rows = list(model.objects.order_by("pk").values_list("pk", "client_id", field))
    if rows and not runtime.is_unsealed():
        raise ColumnSealingError(
            f"encrypting {table}.{field} needs the practice unsealed: run `sealbook upgrade`"
        )
    changed = []
    for pk, client_id, value in rows:
        if value is None or value == "":
            continue
        try:
            key = runtime.client_key(client_id)
        except KeyStoreError:
            sealed = None
        else:
            sealed = key.seal(str(value).encode(), field_context(table, field, str(pk)))
        model.objects.filter(pk=pk).update(**{sealed_field: sealed})
        changed.append(pk)
    return changed
