"""The address half of the family rule: does a staff member live at the client's address?

The owner may record a staff member's home street and postal code on the staff
page; only their blind-index value is kept (`User.home_address_index`, made
with the same key and kind as the clients' address tokens, records.search), so
the comparison is one indexed lookup of two integers and no address, the
staff member's or the client's, is ever decrypted or stored in the clear. The
index is truncated on purpose: a match means "possibly the same household",
which is what the alert says.

A staff member with no address recorded costs nothing beyond a lookup of
their row once a minute: the answer is kept for `_KEEP_SECONDS` (another
server process may have saved a new address: it is seen within that time),
and forgotten at once in the process that saves a staff row.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from django.db.models.signals import post_save

from sealbook.accounts.models import User
from sealbook.core.crypto import blind_index as bidx
from sealbook.records.models import SearchToken

_KEEP_SECONDS = 60.0
_home_index: dict[int, tuple[float, int | None]] = {}


def forget(**_: Any) -> None:
    _home_index.clear()


post_save.connect(forget, sender=User, dispatch_uid="oversight-family-staff")


def home_index(staff_id: int) -> int | None:
    now = time.monotonic()
    kept = _home_index.get(staff_id)
    if kept is None or now - kept[0] > _KEEP_SECONDS:
        if len(_home_index) > 4096:
            _home_index.clear()
        value = User.objects.filter(pk=staff_id).values_list("home_address_index", flat=True)
        kept = _home_index[staff_id] = (now, value.first())
    return kept[1]


def shares_address(staff_id: int, client_id: uuid.UUID | None) -> bool:
    """Whether the client's address token equals the staff member's home address index."""
    value = home_index(staff_id)
    if value is None or client_id is None:
        return False
    return SearchToken.objects.filter(client_id=client_id, kind=bidx.ADDRESS, value=value).exists()
