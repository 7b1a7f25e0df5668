"""Clients whose data key no longer exists, and the features that go on without them.

A practice restored from a backup made before `retention destroy`, with a
keyring written after it, holds the destroyed client's rows as ciphertext
that no key opens (docs/backup.md) until `retention destroy` is run for them
again. One such client must never stop a feature for the others: the roster
(leak check, de-identification), the client list, search and the
access-request dashboard leave them out, count them, and say so once. Only
their own chart still fails, as it must.

The test is the key row itself, in the same query as the list, not an
exception caught halfway through decrypting a client.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import QuerySet

from sealbook.records.models import Client
from sealbook.vault.models import KeyPurpose, WrappedKey


def _keyed() -> QuerySet[WrappedKey, Mapping[str, object]]:
    return WrappedKey.objects.filter(purpose=KeyPurpose.CLIENT_DATA).values("client_id")


def readable(clients: QuerySet[Client]) -> QuerySet[Client]:
    """`clients` without those whose data key is gone."""
    return clients.filter(pk__in=_keyed())


def unreadable_count(clients: QuerySet[Client]) -> int:
    """How many of `clients` have no data key."""
    return clients.exclude(pk__in=_keyed()).count()


def notice(count: int) -> str:
    """The one sentence that says clients were left out (empty when none were)."""
    if not count:
        return ""
    if count == 1:
        return (
            "1 client record was left out: its data key was destroyed (this practice was "
            "restored from a backup made before `sealbook retention destroy`); run "
            "`sealbook retention destroy` for that client to delete what is left"
        )
    return (
        f"{count} client records were left out: their data keys were destroyed (this practice "
        "was restored from a backup made before `sealbook retention destroy`); run "
        "`sealbook retention destroy` for each to delete what is left"
    )
