"""The practice KEK kept inside a PKCS#11 token (an HSM; SoftHSM2 in tests).

The KEK is a sensitive, non-extractable AES-256 key stored on the token. It
wraps with the token's AES key wrap (RFC 3394, CKM_AES_KEY_WRAP), so its blobs
have the same shape as `LocalKek`'s. Sealbook decrypts fields in Python, so
unwrapping must hand the raw key back: it is unwrapped into a short-lived
session object that is extractable and not sensitive, its value is read, and
the object is destroyed before the call returns.

Three facts about PKCS#11 shape this module:

- python-pkcs11 initialises a module with C_Initialize(NULL), which promises
  the module that no two threads call into it at once (SoftHSM then switches
  its own locks off). Every call into one module therefore holds that
  module's lock.
- A login belongs to the application, not to a session: a second C_Login on
  the same token fails, and closing a logged-in session logs every session
  out. So each token has one logged-in session, shared by every KEK open on
  it (during rotation the old and the new KEK are open together) and closed
  when the last of them is closed.
- SoftHSM, like some other modules, lists its tokens only in C_Initialize
  (reading SOFTHSM2_CONF then). When a token is not found and this process
  holds no session on the module, the module is initialised again and the
  lookup retried once, so a token created after start-up is found.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import threading
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pkcs11
from pkcs11.constants import Attribute, MechanismFlag, ObjectClass
from pkcs11.exceptions import (
    MultipleObjectsReturned,
    MultipleTokensReturned,
    NoSuchKey,
    NoSuchToken,
    PinIncorrect,
    PinInvalid,
    PinLenRange,
    PinLocked,
    PKCS11Error,
    UserPinNotInitialized,
)
from pkcs11.mechanisms import KeyType, Mechanism
from pkcs11.types import Key, Session, Token, UnwrapMixin, WrapMixin

from sealbook.core.crypto.kek import KEK_BYTES
from sealbook.core.errors import InvalidCiphertext, KeyStoreError, UnsealError

if TYPE_CHECKING:
    from types import TracebackType

    from pkcs11._pkcs11 import lib as Library

WRAP_MECHANISM = Mechanism.AES_KEY_WRAP
_WRAP_OVERHEAD = 8  # RFC 3394 adds one 64-bit integrity block.
_MIN_KEY_BYTES = 16

# Per-process key for remembering which PIN logged a token in, without
# keeping the PIN itself (see _login).
_PIN_DIGEST_KEY = os.urandom(32)


@dataclass
class _Login:
    """The one logged-in session on a token, and how many users hold it."""

    token_label: str
    session: Session
    pin_digest: bytes
    users: int = 1


@dataclass
class _Module:
    """A loaded PKCS#11 module and the lock that serialises every call into it."""

    path: str
    library: Library
    lock: threading.RLock = field(default_factory=threading.RLock)
    logins: dict[str, _Login] = field(default_factory=dict)


_modules: dict[str, _Module] = {}
_modules_lock = threading.Lock()


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

    def __init__(self, module: _Module, login: _Login, key: Key, label: str, version: int) -> None:
        if not (isinstance(key, WrapMixin) and isinstance(key, UnwrapMixin)):
            raise UnsealError(f"the HSM key {label!r} cannot wrap and unwrap keys")
        self._module = module
        self._login = login
        # The same token object, held under the two types python-pkcs11 gives it.
        self._wrapper: WrapMixin = key
        self._unwrapper: UnwrapMixin = key
        self._label = label
        self._version = version
        self._finalizer = weakref.finalize(self, _release, module, login)

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
                raise KeyStoreError(f"the HSM could not wrap a key ({_name(exc)})") from None

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
    loaded = _load(module)
    with loaded.lock:
        login = _login(loaded, token_label, pin)
        try:
            key = _find_key(login, key_label)
            _check_is_kek(key, key_label)
            return TokenKek(loaded, login, key, key_label, version)
        except BaseException:
            _release(loaded, login)
            raise


def generate_token_kek(*, module: str, token_label: str, key_label: str, pin: str) -> None:
    """Create a new persistent KEK in the token; refuses a label already in use."""
    loaded = _load(module)
    with loaded.lock:
        login = _login(loaded, token_label, pin)
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
            raise KeyStoreError(f"the HSM could not create the key ({_name(exc)})") from None
        finally:
            _release(loaded, login)


def destroy_token_kek(*, module: str, token_label: str, key_label: str, pin: str) -> None:
    """Delete a KEK from the token, so nothing it wrapped can be unwrapped again."""
    loaded = _load(module)
    with loaded.lock:
        login = _login(loaded, token_label, pin)
        try:
            key = _find_key(login, key_label, missing=KeyStoreError)
            key.destroy()
        except PKCS11Error as exc:
            raise KeyStoreError(f"the HSM could not delete the key ({_name(exc)})") from None
        finally:
            _release(loaded, login)


def _load(module: str) -> _Module:
    # A bare name would be searched for on the library path; the module runs
    # with the PIN in hand, so insist on knowing exactly which file it is.
    if not os.path.isabs(module):
        raise UnsealError(f"the PKCS#11 module path {module!r} is not absolute")
    with _modules_lock:
        loaded = _modules.get(module)
        if loaded is None:
            if not os.path.isfile(module):
                raise UnsealError(f"the PKCS#11 module {module!r} does not exist")
            try:
                library = pkcs11.lib(module)
            except (PKCS11Error, OSError):
                raise UnsealError(f"the PKCS#11 module {module!r} could not be loaded") from None
            loaded = _modules[module] = _Module(module, library)
        return loaded


def _login(loaded: _Module, token_label: str, pin: str) -> _Login:
    """Log in to a token, or join the login this process already holds on it."""
    digest = hmac.new(_PIN_DIGEST_KEY, pin.encode(), hashlib.sha256).digest()
    existing = loaded.logins.get(token_label)
    if existing is not None:
        # The token cannot check this PIN while we are logged in, so compare
        # it with the one that logged in.
        if not hmac.compare_digest(existing.pin_digest, digest):
            raise UnsealError("the HSM PIN is incorrect")
        existing.users += 1
        return existing
    token = _find_token(loaded, token_label)
    try:
        session = token.open(rw=True, user_pin=pin)
    except (PinIncorrect, PinInvalid, PinLenRange):
        raise UnsealError("the HSM PIN is incorrect") from None
    except PinLocked:
        raise UnsealError(f"the HSM token {token_label!r} has locked its user PIN") from None
    except UserPinNotInitialized:
        raise UnsealError(f"the HSM token {token_label!r} has no user PIN yet") from None
    except PKCS11Error as exc:
        raise UnsealError(
            f"the HSM token {token_label!r} refused the login ({_name(exc)})"
        ) from None
    login = _Login(token_label, session, digest)
    loaded.logins[token_label] = login
    return login


def _find_token(loaded: _Module, token_label: str) -> Token:
    not_found = UnsealError(f"no HSM token is labelled {token_label!r}")
    try:
        if not loaded.library.initialized:
            loaded.library.initialize()
        for attempt in range(2):
            try:
                token = loaded.library.get_token(token_label=token_label)
            except NoSuchToken:
                if attempt or loaded.logins:
                    raise not_found from None
                loaded.library.reinitialize()
                continue
            if WRAP_MECHANISM not in token.slot.get_mechanisms():
                raise UnsealError(f"the HSM token {token_label!r} does not offer AES key wrap")
            return token
    except MultipleTokensReturned:
        raise UnsealError(f"more than one HSM token is labelled {token_label!r}") from None
    except PKCS11Error as exc:
        raise UnsealError(f"the PKCS#11 module failed to list tokens ({_name(exc)})") from None
    raise not_found


def _find_key(login: _Login, key_label: str, missing: type[Exception] = UnsealError) -> Key:
    try:
        return login.session.get_key(object_class=ObjectClass.SECRET_KEY, label=key_label)
    except NoSuchKey:
        raise missing(
            f"the HSM token {login.token_label!r} has no key labelled {key_label!r}"
        ) from None
    except MultipleObjectsReturned:
        raise missing(
            f"the HSM token {login.token_label!r} has several keys labelled {key_label!r}"
        ) from None
    except PKCS11Error as exc:
        raise UnsealError(f"the HSM could not look up the key ({_name(exc)})") from None


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
        raise UnsealError(f"the HSM could not read the key's attributes ({_name(exc)})") from None
    if found != wanted:
        raise UnsealError(
            f"the HSM key {key_label!r} is not a non-extractable AES-256 wrapping key"
        )


def _release(loaded: _Module, login: _Login) -> None:
    """Give back one share of a login; the last one out closes the session."""
    with loaded.lock:
        login.users -= 1
        if login.users > 0:
            return
        if loaded.logins.get(login.token_label) is login:
            del loaded.logins[login.token_label]
        # If closing fails the session is gone already (the module was
        # finalised or the token removed), and there is nothing left to close.
        with contextlib.suppress(PKCS11Error):
            login.session.close()


def _name(exc: PKCS11Error) -> str:
    """The PKCS#11 error's class name: says what failed without echoing arguments."""
    return type(exc).__name__
