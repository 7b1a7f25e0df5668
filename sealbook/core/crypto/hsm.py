"""The practice KEK kept inside a PKCS#11 token (an HSM; SoftHSM2 in tests).

The KEK is a sensitive, non-extractable AES-256 key stored on the token. It
wraps with the token's AES key wrap (RFC 3394, CKM_AES_KEY_WRAP), so its blobs
have the same shape as `LocalKek`'s. Sealbook decrypts fields in Python, so
unwrapping must hand the raw key back: it is unwrapped into a short-lived
session object that is extractable and not sensitive, its value is read, and
the object is destroyed before the call returns.

How tokens, logins and PKCS#11's locking rules are handled is in
`pkcs11_tokens`.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from pkcs11.constants import Attribute, MechanismFlag, ObjectClass
from pkcs11.exceptions import PKCS11Error
from pkcs11.mechanisms import KeyType
from pkcs11.types import Key, UnwrapMixin, WrapMixin

from sealbook.core.crypto.kek import KEK_BYTES
from sealbook.core.crypto.pkcs11_tokens import (
    WRAP_MECHANISM,
    Login,
    Module,
    error_name,
    find_key,
    load_module,
    log_in,
    release,
)
from sealbook.core.errors import InvalidCiphertext, KeyStoreError, UnsealError

if TYPE_CHECKING:
    from types import TracebackType

_WRAP_OVERHEAD = 8  # RFC 3394 adds one 64-bit integrity block.
_MIN_KEY_BYTES = 16


class TokenKek:
    """The practice KEK inside a PKCS#11 token; implements `KeyEncryptionKey`.

    Keeps its share of the token session until `close()` (or garbage
    collection); use it as a context manager where a short life is wanted.
    Safe to share between threads.
    """

    __slots__ = (
        "__weakref__",
        "_finalizer",
        "_label",
        "_login",
        "_module",
        "_unwrapper",
        "_version",
        "_wrapper",
    )

    def __init__(self, module: Module, login: Login, key: Key, label: str, version: int) -> None:
        if not (isinstance(key, WrapMixin) and isinstance(key, UnwrapMixin)):
            raise UnsealError(f"the HSM key {label!r} cannot wrap and unwrap keys")
        self._module = module
        self._login = login
        # The same token object, held under the two types python-pkcs11 gives it.
        self._wrapper: WrapMixin = key
        self._unwrapper: UnwrapMixin = key
        self._label = label
        self._version = version
        self._finalizer = weakref.finalize(self, release, module, login)

    @property
    def version(self) -> int:
        return self._version

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def wrap(self, key: bytes) -> bytes:
        """Wrap a 16..64-byte key (a multiple of 8 bytes) inside the token."""
        if len(key) < _MIN_KEY_BYTES or len(key) % 8:
            raise ValueError("a key to wrap is at least 16 bytes and a multiple of 8 bytes")
        with self._module.lock:
            self._check_open()
            try:
                # A session object, never a token object: it vanishes with the
                # session even if destroying it below should fail.
                plain = self._login.session.create_object(
                    {
                        Attribute.CLASS: ObjectClass.SECRET_KEY,
                        Attribute.KEY_TYPE: KeyType.GENERIC_SECRET,
                        Attribute.VALUE: key,
                        Attribute.TOKEN: False,
                        Attribute.PRIVATE: True,
                        Attribute.SENSITIVE: True,
                        Attribute.EXTRACTABLE: True,
                    }
                )
                try:
                    if not isinstance(plain, Key):
                        raise KeyStoreError("the HSM did not import the key as a key")
                    return self._wrapper.wrap_key(plain, mechanism=WRAP_MECHANISM)
                finally:
                    plain.destroy()
            except PKCS11Error as exc:
                raise KeyStoreError(f"the HSM could not wrap a key ({error_name(exc)})") from None

    def unwrap(self, wrapped: bytes) -> bytes:
        """Unwrap a key inside the token and return its value; InvalidCiphertext on any failure."""
        if len(wrapped) < _MIN_KEY_BYTES + _WRAP_OVERHEAD or len(wrapped) % 8:
            raise InvalidCiphertext()
        with self._module.lock:
            self._check_open()
            try:
                unwrapped = self._unwrapper.unwrap_key(
                    ObjectClass.SECRET_KEY,
                    KeyType.GENERIC_SECRET,
                    wrapped,
                    mechanism=WRAP_MECHANISM,
                    store=False,
                    capabilities=MechanismFlag(0),
                    template={
                        Attribute.TOKEN: False,
                        Attribute.PRIVATE: True,
                        Attribute.SENSITIVE: False,
                        Attribute.EXTRACTABLE: True,
                    },
                )
                try:
                    value: Any = unwrapped[Attribute.VALUE]
                finally:
                    unwrapped.destroy()
            except PKCS11Error:
                raise InvalidCiphertext() from None
        if not isinstance(value, bytes) or len(value) != len(wrapped) - _WRAP_OVERHEAD:
            raise InvalidCiphertext()
        return value

    def close(self) -> None:
        """Give back this KEK's share of the token session; calling it again does nothing."""
        self._finalizer()

    def __enter__(self) -> TokenKek:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _check_open(self) -> None:
        if not self._finalizer.alive:
            raise KeyStoreError("the HSM key has been closed")

    def __repr__(self) -> str:
        state = " closed" if self.closed else ""
        return f"<TokenKek label={self._label!r} version={self._version}{state}>"


def open_token_kek(
    *, module: str, token_label: str, key_label: str, pin: str, version: int
) -> TokenKek:
    """Open the practice KEK kept in a PKCS#11 token.

    Raises UnsealError with a one-line reason (never the PIN) when the module
    cannot be loaded, the token or key is not found, or the PIN is wrong.
    """
    loaded = load_module(module)
    with loaded.lock:
        login = log_in(loaded, token_label, pin)
        try:
            key = find_key(login, key_label)
            _check_is_kek(key, key_label)
            return TokenKek(loaded, login, key, key_label, version)
        except BaseException:
            release(loaded, login)
            raise


def generate_token_kek(*, module: str, token_label: str, key_label: str, pin: str) -> None:
    """Create a new persistent KEK in the token; refuses a label already in use."""
    loaded = load_module(module)
    with loaded.lock:
        login = log_in(loaded, token_label, pin)
        try:
            session = login.session
            # Read the search to its end so the token closes it before generating.
            if list(session.get_objects({Attribute.LABEL: key_label})):
                raise KeyStoreError(
                    f"the HSM token {token_label!r} already has a key labelled {key_label!r}"
                )
            session.generate_key(
                KeyType.AES,
                KEK_BYTES * 8,
                label=key_label,
                store=True,
                capabilities=MechanismFlag.WRAP | MechanismFlag.UNWRAP,
                template={
                    Attribute.TOKEN: True,
                    Attribute.PRIVATE: True,
                    Attribute.SENSITIVE: True,
                    Attribute.EXTRACTABLE: False,
                    Attribute.MODIFIABLE: False,
                },
            )
        except PKCS11Error as exc:
            raise KeyStoreError(f"the HSM could not create the key ({error_name(exc)})") from None
        finally:
            release(loaded, login)


def destroy_token_kek(*, module: str, token_label: str, key_label: str, pin: str) -> None:
    """Delete a KEK from the token, so nothing it wrapped can be unwrapped again."""
    loaded = load_module(module)
    with loaded.lock:
        login = log_in(loaded, token_label, pin)
        try:
            key = find_key(login, key_label, missing=KeyStoreError)
            key.destroy()
        except PKCS11Error as exc:
            raise KeyStoreError(f"the HSM could not delete the key ({error_name(exc)})") from None
        finally:
            release(loaded, login)


def _check_is_kek(key: Key, key_label: str) -> None:
    """Refuse a key that is not a sensitive, non-extractable AES-256 wrapping key."""
    wanted = {
        Attribute.KEY_TYPE: KeyType.AES,
        Attribute.VALUE_LEN: KEK_BYTES,
        Attribute.SENSITIVE: True,
        Attribute.EXTRACTABLE: False,
        Attribute.WRAP: True,
        Attribute.UNWRAP: True,
    }
    try:
        found = key.get_attributes(list(wanted))
    except PKCS11Error as exc:
        raise UnsealError(
            f"the HSM could not read the key's attributes ({error_name(exc)})"
        ) from None
    if found != wanted:
        raise UnsealError(
            f"the HSM key {key_label!r} is not a non-extractable AES-256 wrapping key"
        )
