"""`sealbook serve`: the production server (waitress, a pure-Python WSGI server)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sealbook.cli.bootstrap import open_practice, setup_django
from sealbook.cli.worker import backup_arguments
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
    p.add_argument(
        "--no-jobs",
        action="store_true",
        help="run no background jobs here (run `sealbook worker` beside the app processes)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    backup_dir = backup_arguments(args.backup_every, args.backup_dir)
    if backup_dir is not None and args.no_jobs:
        raise SealbookError("--no-jobs runs no backups: give --backup-every to `sealbook worker`")
    setup_django()
    # Before unsealing: an insecure configuration never gets to serve client data.
    refuse_insecure_settings(args.host, allow_debug=args.allow_debug)
    from sealbook.vault import runtime

    try:
        open_practice(unseal=True)
    except runtime.PracticeSealed:
        if backup_dir is not None:
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
    # And portal copies whose delivery a crash interrupted (the expiry job sweeps them too).
    from sealbook.portal.copies import sweep_incoming

    moved, removed = sweep_incoming()
    if moved or removed:
        print(f"Recovered portal copies: {moved} completed, {removed} removed.")
    jobs = runtime.is_unsealed() and not args.no_jobs
    with background_jobs(jobs, args.backup_every, backup_dir), media_components():
        return serve_forever(
            args.host, args.port, threads=args.threads, allow_debug=args.allow_debug
        )


@contextlib.contextmanager
def background_jobs(
    wanted: bool, backup_every: float | None, backup_dir: Path | None
) -> Iterator[None]:
    """The job queue's worker beside the server (a solo practice needs no other process).

    Started before the server's threads, since the worker forks."""
    if not wanted:
        yield
        return
    import signal

    from sealbook.jobs import registry, worker

    registry.install(backup_every_hours=backup_every, backup_dir=backup_dir)
    cluster = worker.start(own_signals=False)
    # SIGTERM (systemd's stop) unwinds like Ctrl-C, so the running jobs finish first.
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        yield
    finally:
        worker.stop(cluster)
        signal.signal(signal.SIGTERM, previous)


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(0)


@contextlib.contextmanager
def media_components() -> Iterator[None]:
    """Janus and coturn for video sessions, for as long as the server runs. When they
    cannot start, the server still serves and says why (video pages, `sealbook check`)."""
    from sealbook.telehealth.supervisor import supervised

    with supervised() as state:
        for problem in state.problems:
            print(f"sealbook: warning: video sessions unavailable: {problem}", file=sys.stderr)
        yield


def is_loopback(host: str) -> bool:
    import ipaddress

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

    def newfile(self: buffers.TempfileBasedBuffer) -> EphemeralSpool:
        return EphemeralSpool(TemporaryFile("w+b"))

    # Patching a method is the point here; and EphemeralSpool is no BufferedRandom,
    # but it has the read, write, seek, tell and truncate that waitress calls.
    buffers.TempfileBasedBuffer.newfile = newfile  # type: ignore[method-assign, assignment]


def serve_forever(host: str, port: int, threads: int = 8, allow_debug: bool = False) -> int:
    if not 0 < port < 65536:
        raise SealbookError("--port must be between 1 and 65535")
    refuse_insecure_settings(host, allow_debug=allow_debug)
    encrypt_spooled_bodies()
    from waitress.server import create_server

    from sealbook.web.body_limits import FORM_BODY_BYTES
    from sealbook.wsgi import application

    # Waitress's socket map: each file descriptor to the dispatcher that owns it.
    listeners: dict[int, Any] = {}
    try:
        server = create_server(
            application, map=listeners, host=host, port=port, threads=threads, ident="",
            # Every body is held to the form limit unless GatedRequestParser,
            # having read only the headers, lets an upload be larger.
            max_request_body_size=FORM_BODY_BYTES + 1,
            # Waitress would strip X-Forwarded-* before Django sees them; the
            # one place that decides whom to believe is TrustedProxyMiddleware.
            clear_untrusted_proxy_headers=False,
        )  # fmt: skip
    except OSError as exc:
        raise SealbookError(f"cannot listen on {host}:{port} ({exc.strerror})") from None
    # One listening server per address ("localhost" may be two); each makes the channels.
    channel = gated_channel()
    for listener in listeners.values():
        listener.channel_class = channel
    print(f"Sealbook is serving on http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    server.run()
    return 0


def gated_channel() -> type:
    """A waitress channel whose parser asks `large_body_refusal` once the headers are in.

    Waitress refuses a Content-Length over max_request_body_size as soon as
    it has the headers, before reading or spooling any of the body (and counts
    a chunked body as it arrives). This parser raises that limit for one
    request only when `large_body_refusal` allows it, and otherwise answers
    with the refusal's own status.
    """
    import copy

    from waitress.channel import HTTPChannel
    from waitress.parser import HTTPRequestParser
    from waitress.utilities import Error

    from sealbook.documents.uploads import max_upload_bytes
    from sealbook.web.body_limits import UPLOAD_FIELDS_BYTES, Refusal, large_body_refusal

    def as_error(refusal: Refusal) -> Error:
        error = Error(refusal.message)
        error.code, error.reason = refusal.status, refusal.reason
        return error

    class GatedRequestParser(HTTPRequestParser):
        refusal: Refusal | None = None
        # types-waitress says bytes and leaves out `path`: parse_header sets both as str.
        command: str  # type: ignore[assignment]
        path: str

        def parse_header(self, header_plus: bytes) -> None:
            super().parse_header(header_plus)
            if self.chunked or self.content_length < self.adj.max_request_body_size:
                return  # a chunked body is counted against the form limit as it arrives
            self.refusal = large_body_refusal(
                self.command,
                self.path,
                self.content_length,
                self.headers.get("COOKIE", ""),
                self.headers.get("X_CSRFTOKEN", ""),
            )
            if self.refusal is None:
                self.adj = copy.copy(self.adj)
                self.adj.max_request_body_size = max_upload_bytes() + UPLOAD_FIELDS_BYTES + 1

        def received(self, data: bytes) -> int:
            consumed: int = super().received(data)
            if self.refusal is not None and self.error is not None:
                self.error = as_error(self.refusal)
            return consumed

    class GatedChannel(HTTPChannel):
        parser_class = GatedRequestParser

    return GatedChannel
