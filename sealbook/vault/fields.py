"""EncryptedField: a model field whose value never reaches the database in the clear.

The model instance holds plaintext for code to use; `pre_save` seals it with
the owning client's data key, binding the ciphertext to (table, field, record
id, key version), and loading wraps the stored bytes in `Sealed` so they are
decrypted only when an attribute is actually read. A plaintext value can never
be written by any other path: `QuerySet.update()` with a str is refused.

Models using it must give their primary key a value before saving (UUIDs made
in Python) and implement `data_key(version)` (see records.models.ClientOwned).
"""

from __future__ import annotations

import datetime
import json
from typing import Any, Protocol

from django.db import models

from sealbook.core.crypto.aead import DataKey, field_context, token_key_version


class Sealed(bytes):
    """Ciphertext as loaded from the database, not yet decrypted."""


class KeyedRecord(Protocol):
    pk: Any

    def data_key(self, version: int | None = None) -> DataKey: ...


# Django's fields are generic only in django-stubs, not at run time, so the base class
# cannot be subscripted here; the value a model holds is plaintext of any `kind`.
class EncryptedField(models.BinaryField):  # type: ignore[type-arg]
    TEXT = "text"
    DATE = "date"
    JSON = "json"

    def __init__(self, *args: Any, kind: str = TEXT, **kwargs: Any) -> None:
        self.kind = kind
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.kind != self.TEXT:
            kwargs["kind"] = self.kind
        return name, path, args, kwargs

    def contribute_to_class(self, cls: Any, name: str, private_only: bool = False) -> None:
        super().contribute_to_class(cls, name, private_only)
        setattr(cls, self.attname, _EncryptedAttribute(self))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Sealed | None:
        if value is None:
            return None
        # Text in an encrypted column was written around Sealbook (by hand, or a
        # column that was plaintext once): keep it as a token that fails to open
        # with the one opaque error, never as a crash while loading the row.
        return Sealed(value.encode() if isinstance(value, str) else bytes(value))

    def context(self, instance: Any) -> bytes:
        if instance.pk is None:
            raise ValueError("an encrypted record needs its primary key before saving")
        return field_context(instance._meta.db_table, self.name, str(instance.pk))

    def pre_save(self, model_instance: Any, add: bool) -> Any:
        stored = model_instance.__dict__.get(self.attname)
        if stored is None or isinstance(stored, Sealed):
            return stored
        key = model_instance.data_key()
        token = Sealed(key.seal(self.encode(stored), self.context(model_instance)))
        model_instance.__dict__[self.attname] = token
        model_instance.__dict__[_cache_name(self)] = stored
        return token

    def to_python(self, value: Any) -> Any:
        # The instance holds plaintext (validation sees what code wrote), never
        # the base64 text BinaryField expects from a serializer.
        return value

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if value is not None and not isinstance(value, bytes):
            raise TypeError("encrypted fields are written only by saving the model")
        return super().get_db_prep_value(value, connection, prepared)

    def encode(self, value: Any) -> bytes:
        if self.kind == self.DATE:
            if not isinstance(value, datetime.date):
                raise TypeError(f"{self.name} must be a date")
            return value.isoformat().encode()
        if self.kind == self.JSON:
            return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()
        if not isinstance(value, str):
            raise TypeError(f"{self.name} must be text")
        return value.encode()

    def decode(self, raw: bytes) -> Any:
        if self.kind == self.DATE:
            return datetime.date.fromisoformat(raw.decode())
        if self.kind == self.JSON:
            return json.loads(raw)
        return raw.decode()

    def decrypt(self, instance: Any, token: Sealed) -> Any:
        key = instance.data_key(token_key_version(token))
        return self.decode(key.open(bytes(token), self.context(instance)))


def _cache_name(field: EncryptedField) -> str:
    return f"_{field.attname}_plain"


class _EncryptedAttribute:
    """Decrypts on first read, caches the plaintext on the instance, accepts plaintext writes."""

    def __init__(self, field: EncryptedField) -> None:
        self.field = field

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        stored = instance.__dict__.get(self.field.attname)
        if not isinstance(stored, Sealed):
            return stored
        cache = _cache_name(self.field)
        if cache not in instance.__dict__:
            instance.__dict__[cache] = self.field.decrypt(instance, stored)
        return instance.__dict__[cache]

    def __set__(self, instance: Any, value: Any) -> None:
        instance.__dict__[self.field.attname] = value
        instance.__dict__.pop(_cache_name(self.field), None)
