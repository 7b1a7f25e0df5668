"""Give every existing client the address token of the blind index (kind "address").

New and edited clients get it from `records.search.index_client`; this adds it to
the clients an earlier release indexed, so that the family alert can compare a
staff member's home address with theirs (oversight/family.py). Reading the
street and postal code needs the client keys, which `sealbook upgrade` holds (it
unseals before migrating); a database with clients and no unsealed practice is
refused before anything changes. A client destroyed by crypto-shredding has no
key left and gets no token. Irreversible on purpose: nothing to undo but rows
that say nothing without the practice key.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from sealbook.core.crypto import blind_index as bidx
from sealbook.core.crypto.aead import field_context, token_key_version
from sealbook.core.errors import KeyStoreError, SealbookError
from sealbook.vault import runtime


def _open(table: str, field: str, pk: Any, token: Any) -> str:
    if token is None:
        return ""
    key = runtime.client_key(pk, token_key_version(bytes(token)))
    return key.open(bytes(token), field_context(table, field, str(pk))).decode()


def add_address_tokens(apps: Any, schema_editor: Any) -> None:
    Client = apps.get_model("records", "Client")
    SearchToken = apps.get_model("records", "SearchToken")
    table = Client._meta.db_table
    rows = list(Client.objects.order_by("pk").values_list("pk", "street", "postal_code"))
    if rows and not runtime.is_unsealed():
        raise SealbookError(
            "adding the clients' address tokens needs the practice unsealed: run `sealbook upgrade`"
        )
    indexer = runtime.indexer() if rows else None
    tokens = []
    for pk, street, postal_code in rows:
        try:
            address = bidx.normalise_address(
                _open(table, "street", pk, street), _open(table, "postal_code", pk, postal_code)
            )
        except KeyStoreError:
            continue  # destroyed: nothing of it can be read any more
        if address and indexer is not None:
            value = indexer.index(bidx.ADDRESS, address)
            tokens.append(SearchToken(client_id=pk, kind=bidx.ADDRESS, value=value))
    SearchToken.objects.filter(kind=bidx.ADDRESS).delete()
    SearchToken.objects.bulk_create(tokens)


class Migration(migrations.Migration):
    dependencies = [("records", "0004_demographics_change")]
    operations = [migrations.RunPython(add_address_tokens, migrations.RunPython.noop)]
