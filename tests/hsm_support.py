"""SoftHSM2 tokens for tests that need an HSM.

How SoftHSM behaves decides how to use this module:

- SoftHSM reads SOFTHSM2_CONF, and lists the tokens in its token directory,
  only when the library is initialised (C_Initialize). python-pkcs11 loads a
  library once per process, so a token made later is invisible until the
  library is initialised again.
- `sealbook.core.crypto.hsm` initialises the library again by itself when a
  token label is not found *and* the process holds no open session on that
  module. So a token made after the library was loaded is found, provided
  every `TokenKek` from earlier tests was closed (use `with open_token_kek(...)`
  or `kek.close()`).

The reliable pattern, used by tests/core/crypto/test_hsm.py:

- in-process tests: one token per test module (or session), made with the
  `softhsm_token` context manager in a module-scoped fixture, and a fresh
  *key* label per test (`unique_label()`); no re-initialisation is needed
  between tests, even if a test leaves a KEK open;
- subprocess tests (the `sealbook` CLI): make a token anywhere and pass
  `token.env()` as the child's environment; a new process reads the
  configuration afresh.

A token label is at most 32 bytes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pkcs11.types import Session

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
SOFTHSM_UTIL = "softhsm2-util"
SO_PIN = "5678"
SKIP_REASON = (
    f"SoftHSM2 is not available (needs softhsm2-util on PATH, {SOFTHSM_MODULE} and python-pkcs11)"
)


@dataclass(frozen=True)
class SoftHsmToken:
    """An initialised SoftHSM2 token and everything needed to open it."""

    module: str
    token_label: str
    pin: str
    so_pin: str
    conf_path: Path

    def env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """An environment for a subprocess that should see this token."""
        env = dict(os.environ if base is None else base)
        env["SOFTHSM2_CONF"] = str(self.conf_path)
        return env


def softhsm_available() -> bool:
    """True when SoftHSM2 and python-pkcs11 are installed, for skip decisions."""
    try:
        import pkcs11  # noqa: F401
    except ImportError:
        return False
    return shutil.which(SOFTHSM_UTIL) is not None and Path(SOFTHSM_MODULE).is_file()


def unique_label(prefix: str = "sb") -> str:
    """A label no other test uses (fits the 32-byte token-label limit)."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def make_softhsm_token(
    directory: Path, label: str = "sealbook-test", pin: str = "1234"
) -> SoftHsmToken:
    """Initialise a token in a private SoftHSM2 store under `directory`.

    Writes `directory/softhsm2.conf` (kept if it is there already, so one
    directory can hold several tokens) and sets os.environ["SOFTHSM2_CONF"]
    to it. The caller restores SOFTHSM2_CONF afterwards (monkeypatch.setenv
    before calling does it), or uses `softhsm_token`, which restores it.
    """
    if not 0 < len(label.encode()) <= 32:
        raise ValueError("a PKCS#11 token label is 1 to 32 bytes")
    conf_path = _write_conf(directory)
    os.environ["SOFTHSM2_CONF"] = str(conf_path)
    env = dict(os.environ)
    shown = subprocess.run(
        [SOFTHSM_UTIL, "--show-slots"], env=env, capture_output=True, text=True, check=True
    )
    if label in _token_labels(shown.stdout):
        raise ValueError(f"a SoftHSM token labelled {label!r} already exists in {directory}")
    subprocess.run(
        [SOFTHSM_UTIL, "--init-token", "--free", "--label", label, "--so-pin", SO_PIN,
         "--pin", pin],
        env=env,
        capture_output=True,
        check=True,
    )  # fmt: skip
    return SoftHsmToken(SOFTHSM_MODULE, label, pin, SO_PIN, conf_path)


@contextlib.contextmanager
def softhsm_token(
    directory: Path, label: str = "sealbook-test", pin: str = "1234"
) -> Iterator[SoftHsmToken]:
    """`make_softhsm_token` for a fixture: restores SOFTHSM2_CONF on exit."""
    previous = os.environ.get("SOFTHSM2_CONF")
    try:
        yield make_softhsm_token(directory, label, pin)
    finally:
        if previous is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = previous


@contextlib.contextmanager
def token_session(token: SoftHsmToken, *, log_in: bool = True) -> Iterator[Session]:
    """A raw python-pkcs11 session on `token`, for tests that inspect the token directly.

    A PKCS#11 login belongs to the whole process: while a `TokenKek` on this
    token is open, pass log_in=False (the session then shares the KEK's
    login and sees its objects); otherwise logging in fails with
    UserAlreadyLoggedIn. If the token is not visible yet, the library is
    initialised again, which ends every open session in the process: do not
    call it for a new token while a KEK on another token is open.
    """
    import pkcs11
    from pkcs11.exceptions import NoSuchToken

    library = pkcs11.lib(token.module)
    try:
        found = library.get_token(token_label=token.token_label)
    except NoSuchToken:
        # SoftHSM lists tokens only when initialised; see the module docstring.
        library.reinitialize()
        found = library.get_token(token_label=token.token_label)
    session = found.open(rw=True, user_pin=token.pin if log_in else None)
    try:
        yield session
    finally:
        session.close()


def _token_labels(show_slots_output: str) -> set[str]:
    labels: set[str] = set()
    for line in show_slots_output.splitlines():
        name, _, value = line.strip().partition(":")
        if name == "Label" and value.strip():
            labels.add(value.strip())
    return labels


def _write_conf(directory: Path) -> Path:
    tokens = directory / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf_path = directory / "softhsm2.conf"
    if not conf_path.exists():
        conf_path.write_text(
            f"directories.tokendir = {tokens}\n"
            "objectstore.backend = file\n"
            "log.level = ERROR\n"
            "slots.removable = false\n"
        )
    return conf_path
