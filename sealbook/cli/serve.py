"""`sealbook serve`: the production server (waitress, a pure-Python WSGI server)."""

from __future__ import annotations

import argparse
import ipaddress
import sys
from pathlib import Path

from sealbook.cli.bootstrap import open_practice, setup_django
from sealbook.core.errors import SealbookError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the practice over HTTP",
        description="Unseal the practice (SEALBOOK_PASSPHRASE_FILE, SEALBOOK_KEY_FILE or "
        "SEALBOOK_HSM_PIN_FILE, or a prompt on a terminal) and serve it. Without a secret the "
        "server starts sealed and shows only a 'sealed' page. Put it behind a TLS proxy.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--threads", type=int, default=8, help="worker threads (default 8)")
    p.add_argument(
        "--allow-debug",
        action="store_true",
        help="serve with SEALBOOK_DEBUG=1 (only on a loopback address; never in production)",
    )
    p.add_argument(
        "--backup-every",
        type=float,
        metavar="HOURS",
        help="make a verified backup at start and then every HOURS (needs --backup-dir)",
    )
    p.add_argument("--backup-dir", metavar="DIR", help="folder for scheduled backups")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    backups = args.backup_every is not None or args.backup_dir is not None
    if backups:
        if args.backup_every is None or args.backup_dir is None:
            raise SealbookError("--backup-every and --backup-dir go together")
        if not args.backup_every > 0:
            raise SealbookError("--backup-every must be a positive number of hours")
        if not Path(args.backup_dir).is_dir():
            raise SealbookError(f"--backup-dir {args.backup_dir} is not a folder")
    setup_django()
    # Before unsealing: an insecure configuration never gets to serve client data.
    refuse_insecure_settings(args.host, allow_debug=args.allow_debug)
    from sealbook.vault import runtime

    try:
        open_practice(unseal=True)
    except runtime.PracticeSealed:
        if backups:
            raise SealbookError(
                f"scheduled backups need the practice unsealed: {runtime.HOW_TO_UNSEAL}"
            ) from None
        print(
            f"sealbook: warning: {runtime.HOW_TO_UNSEAL}; serving the sealed page only",
            file=sys.stderr,
        )
    # Finish or clear attachment uploads a crashed server left half-done.
    from sealbook.documents.actions import recover_storage

    moved, removed = recover_storage()
    if moved or removed:
        print(f"Recovered attachment storage: {moved} completed, {removed} removed.")
    if backups:
        from sealbook.backup import schedule

        schedule.start(args.backup_every, Path(args.backup_dir))
    return serve_forever(args.host, args.port, threads=args.threads, allow_debug=args.allow_debug)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name (or "" for every interface) may reach the network


def refuse_insecure_settings(host: str, allow_debug: bool = False) -> None:
    """Refuse to serve with settings that would expose client data.

    Django's debug pages print a failing view's local variables, which hold
    decrypted client data, so debug is served only on a loopback address and
    only when asked for twice (SEALBOOK_DEBUG=1 and --allow-debug). An address
    other people can reach must only be served behind TLS, with TLS-only cookies.
    """
    from django.conf import settings

    loopback = is_loopback(host)
    if settings.DEBUG and not allow_debug:
        raise SealbookError(
            "SEALBOOK_DEBUG is on: its error pages show decrypted client data; turn it off "
            "(or, on this machine only, add --allow-debug with a loopback --host)"
        )
    if allow_debug and not settings.DEBUG:
        raise SealbookError("--allow-debug needs SEALBOOK_DEBUG=1")
    if settings.DEBUG and not loopback:
        raise SealbookError(f"--allow-debug serves only on a loopback address, not {host!r}")
    if not loopback and not settings.SECURE_COOKIES:
        raise SealbookError(
            f"--host {host!r} can be reached from the network but cookies are not TLS-only: "
            "serve behind a TLS proxy with SEALBOOK_PUBLIC_URL set (docs/deployment.md)"
        )


def encrypt_spooled_bodies() -> None:
    """Make waitress encrypt the temporary files it spools large bodies to.

    Waitress reads a whole request body before the application sees it, and
    keeps any body over 512 KiB (and any response the client reads slowly)
    in a temporary file: an uploaded recording would reach the disk in
    plaintext before the upload handler could encrypt it. Each spool gets a
    key that exists only in memory (`EphemeralSpool`).
    """
    from tempfile import TemporaryFile

    from waitress import buffers

    from sealbook.core.crypto.stream import EphemeralSpool

    def newfile(self: object) -> EphemeralSpool:
        return EphemeralSpool(TemporaryFile("w+b"))

    buffers.TempfileBasedBuffer.newfile = newfile  # type: ignore[method-assign]


def serve_forever(host: str, port: int, threads: int = 8, allow_debug: bool = False) -> int:
    if not 0 < port < 65536:
        raise SealbookError("--port must be between 1 and 65535")
    refuse_insecure_settings(host, allow_debug=allow_debug)
    encrypt_spooled_bodies()
    from waitress import serve

    from sealbook.documents.uploads import max_upload_bytes
    from sealbook.wsgi import application

    # Waitress refuses bodies over 1 GiB by default; a recording may be
    # larger. The form fields around the file get a mebibyte of room.
    body_limit = max_upload_bytes() + 1024 * 1024
    print(f"Sealbook is serving on http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    try:
        serve(
            application, host=host, port=port, threads=threads, ident="", _quiet=True,
            max_request_body_size=body_limit,
            # Waitress would strip X-Forwarded-* before Django sees them; the
            # one place that decides whom to believe is TrustedProxyMiddleware.
            clear_untrusted_proxy_headers=False,
        )  # fmt: skip
    except OSError as exc:
        raise SealbookError(f"cannot listen on {host}:{port} ({exc.strerror})") from None
    return 0
