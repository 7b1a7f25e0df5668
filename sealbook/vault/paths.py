"""Files under SEALBOOK_HOME that hold key material (all private to the service user)."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings


def home() -> Path:
    return Path(settings.SEALBOOK_HOME)


def keys_dir() -> Path:
    return home() / "keys"


def sealed_kek_path(version: int) -> Path:
    return keys_dir() / f"kek-v{version}.json"


def audit_public_key_path() -> Path:
    return keys_dir() / "audit-signing.pub"


def web_secret_path() -> Path:
    return keys_dir() / "web-secret"


def write_private_file(path: Path, contents: bytes) -> None:
    """Write a file readable only by its owner, atomically (temp file, fsync, rename)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, contents)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
