"""Which requests may carry a large body, decided before the body is read.

`sealbook serve` (waitress) reads a whole request body, spooling it to disk,
before Django sees the request: a body limit checked in a view comes too late
to stop a stranger filling the disk. So the server keeps a small limit for
every request (`FORM_BODY_BYTES`), and once a request's headers have arrived
asks `large_body_refusal` whether this one may be larger: only a POST to an
upload endpoint, from a session that has passed login and the second factor,
with a valid CSRF token in the X-CSRFToken header (the form's own token is in
the body, not yet read), and only if the disks it fills keep
SEALBOOK_UPLOAD_DISK_RESERVE_MB free. The upload view checks all of it again.

The check runs on waitress's I/O thread, so it is kept to a session lookup
and only for requests that declare a body larger than a form's.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.cookie import parse_cookie
from django.urls import Resolver404, resolve

# Every form but an upload fits in this, with room to spare (a consent
# document's text, a CSV import, a long note).
FORM_BODY_BYTES = 4 * 1024 * 1024
# The form fields around an uploaded file.
UPLOAD_FIELDS_BYTES = 1024 * 1024
UPLOAD_VIEWS = frozenset({"document-new"})


@dataclass(frozen=True)
class Refusal:
    status: int
    reason: str
    message: str


TOO_LARGE = Refusal(413, "Content Too Large", "the request body is larger than this page accepts")
NOT_SIGNED_IN = Refusal(
    403, "Forbidden", "a large upload needs a signed-in session and its CSRF token"
)
SEALED = Refusal(503, "Service Unavailable", "the practice is sealed")
UNAVAILABLE = Refusal(503, "Service Unavailable", "the database did not answer; try again")
DISK_FULL = Refusal(
    507, "Insufficient Storage", "not enough free disk space for this upload; ask the administrator"
)


def large_body_refusal(
    method: str, path: str, content_length: int, cookie_header: str, csrf_header: str
) -> Refusal | None:
    """None if this request may send `content_length` bytes; else why not."""
    from django.db import DatabaseError, connection

    from sealbook.documents.uploads import max_upload_bytes

    if method != "POST" or not _is_upload_endpoint(path):
        return TOO_LARGE
    if content_length > max_upload_bytes() + UPLOAD_FIELDS_BYTES:
        return TOO_LARGE
    try:
        refusal = _session_refusal(cookie_header, csrf_header)
    except DatabaseError:
        # This runs on waitress's own thread, whose connection no request
        # cleans up: drop a broken one (the next check reconnects) and refuse.
        connection.close()
        return UNAVAILABLE
    if refusal is not None:
        return refusal
    if not _disks_keep_reserve(content_length):
        return DISK_FULL
    return None


def _is_upload_endpoint(path: str) -> bool:
    try:
        return resolve(path).url_name in UPLOAD_VIEWS
    except Resolver404:
        return False


def _session_refusal(cookie_header: str, csrf_header: str) -> Refusal | None:
    from django.contrib.auth import get_user
    from django_otp.middleware import OTPMiddleware

    from sealbook.staff.mfa import has_second_factor, mfa_required
    from sealbook.vault import runtime
    from sealbook.web import idle
    from sealbook.web.middleware import IdleLogoffMiddleware

    if not runtime.is_unsealed():
        return SEALED
    cookies = parse_cookie(cookie_header)
    session_key = cookies.get(settings.SESSION_COOKIE_NAME)
    if not session_key or not _csrf_token_matches(csrf_header, cookies):
        return NOT_SIGNED_IN
    request = HttpRequest()
    request.session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    request.user = get_user(request)
    # The same second-factor verdict the pages get (SecondFactorGateMiddleware).
    OTPMiddleware(lambda _request: HttpResponse())(request)
    user = request.user
    if not user.is_authenticated or getattr(user, "must_change_password", False):
        return NOT_SIGNED_IN
    # is_verified is added to the user by django-otp's OTPMiddleware, run just above.
    if not user.is_verified() and (has_second_factor(user) or mfa_required()):  # type: ignore[attr-defined]
        return NOT_SIGNED_IN
    now = time.time()
    last_seen = float(request.session.get(IdleLogoffMiddleware.SESSION_KEY, now))
    if now - last_seen > idle.limit_seconds():
        return NOT_SIGNED_IN
    return None


def _csrf_token_matches(header: str, cookies: dict[str, str]) -> bool:
    """Django's own comparison of a (masked) token with the cookie's secret."""
    # Private helpers of Django's CSRF middleware, which django-stubs leaves out.
    from django.middleware.csrf import (  # type: ignore[attr-defined]
        InvalidTokenFormat,
        _check_token_format,
        _does_token_match,
    )

    secret = cookies.get(settings.CSRF_COOKIE_NAME, "")
    try:
        _check_token_format(secret)
        _check_token_format(header)
    except InvalidTokenFormat:
        return False
    return bool(_does_token_match(header, secret))


def _disks_keep_reserve(content_length: int) -> bool:
    """The body is spooled to the temporary folder, then stored encrypted in attachment storage."""
    from sealbook import conf
    from sealbook.documents.storage import storage

    reserve = conf.upload_disk_reserve_bytes()
    needed: dict[int, int] = {}
    free: dict[int, int] = {}
    for folder in (Path(tempfile.gettempdir()), storage().root):
        existing = _nearest_existing(folder)
        device = os.stat(existing).st_dev
        needed[device] = needed.get(device, 0) + content_length
        free[device] = shutil.disk_usage(existing).free
    return all(free[device] - needed[device] >= reserve for device in needed)


def _nearest_existing(folder: Path) -> Path:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder
