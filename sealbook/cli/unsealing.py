"""Where a command's unseal secret comes from: SEALBOOK_*_FILE, or a prompt on a terminal."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from sealbook.core.errors import UnsealError

if TYPE_CHECKING:
    # Imported where used: every command loads this module (through `bootstrap`), and the
    # cryptography and Argon2 libraries cost `sealbook deid` a fiftieth of a second.
    from sealbook.core.crypto import sealing


def secrets_from_environment(*, prompt: bool) -> sealing.UnsealSecrets | None:
    """Collect the unseal secret from SEALBOOK_*_FILE, or ask on a terminal.

    Returns None when nothing is configured and there is no terminal to ask on.
    """
    from sealbook import conf

    passphrase = conf.env_secret_file("SEALBOOK_PASSPHRASE")
    key_file_path = conf.env_str("SEALBOOK_KEY_FILE")
    pin = conf.env_secret_file("SEALBOOK_HSM_PIN")
    key_file = None
    if key_file_path is not None:
        try:
            with open(key_file_path, "rb") as f:
                key_file = f.read()
        except OSError as exc:
            raise UnsealError(
                f"SEALBOOK_KEY_FILE: cannot read the key file ({exc.strerror})"
            ) from None
    if passphrase is None and key_file is None and pin is None:
        if not (prompt and sys.stdin.isatty()):
            return None
        import getpass

        passphrase = getpass.getpass("Practice passphrase: ").encode()
    from sealbook.core.crypto import sealing

    return sealing.UnsealSecrets(
        passphrase=passphrase, key_file=key_file, hsm_pin=pin.decode() if pin else None
    )


def unseal_from_environment(*, prompt: bool) -> bool:
    """Unseal with the configured secret if there is one; True if now unsealed."""
    from sealbook.practice.unsealing import unseal_practice
    from sealbook.vault import runtime

    if runtime.is_unsealed():
        return True
    secrets = secrets_from_environment(prompt=prompt)
    if secrets is None:
        return False
    unseal_practice(secrets)
    return True
