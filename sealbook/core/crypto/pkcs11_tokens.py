"""PKCS#11 modules, tokens and logins, shared by every KEK open in this process.

Three facts about PKCS#11 shape this module (and `hsm`, which uses it):

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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pkcs11
from pkcs11.constants import ObjectClass
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
from pkcs11.mechanisms import Mechanism
from pkcs11.types import Key, Session, Token

from sealbook.core.errors import UnsealError

if TYPE_CHECKING:
    from pkcs11._pkcs11 import lib as Library

WRAP_MECHANISM = Mechanism.AES_KEY_WRAP

# Per-process key for remembering which PIN logged a token in, without
# keeping the PIN itself (see log_in).
_PIN_DIGEST_KEY = os.urandom(32)


@dataclass
class Login:
    """The one logged-in session on a token, and how many users hold it."""

    token_label: str
    session: Session
    pin_digest: bytes
    users: int = 1


@dataclass
class Module:
    """A loaded PKCS#11 module and the lock that serialises every call into it."""

    path: str
    library: Library
    lock: threading.RLock = field(default_factory=threading.RLock)
    logins: dict[str, Login] = field(default_factory=dict)


_modules: dict[str, Module] = {}
_modules_lock = threading.Lock()


def load_module(module: str) -> Module:
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
            loaded = _modules[module] = Module(module, library)
        return loaded


def log_in(loaded: Module, token_label: str, pin: str) -> Login:
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
    token = find_token(loaded, token_label)
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
            f"the HSM token {token_label!r} refused the login ({error_name(exc)})"
        ) from None
    login = Login(token_label, session, digest)
    loaded.logins[token_label] = login
    return login


def find_token(loaded: Module, token_label: str) -> Token:
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
        raise UnsealError(f"the PKCS#11 module failed to list tokens ({error_name(exc)})") from None
    raise not_found


def find_key(login: Login, key_label: str, missing: type[Exception] = UnsealError) -> Key:
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
        raise UnsealError(f"the HSM could not look up the key ({error_name(exc)})") from None


def release(loaded: Module, login: Login) -> None:
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


def error_name(exc: PKCS11Error) -> str:
    """The PKCS#11 error's class name: says what failed without echoing arguments."""
    return type(exc).__name__
