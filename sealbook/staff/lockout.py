"""What the login lockout (django-axes) is told, stores and logs about who tried.

Axes keeps a row per (login name, address) with failures in the lockout
window and logs a line per failure. Whatever was typed into the e-mail field
(a colleague's address, or a password typed into the wrong box) would land in
that table and on stderr. Axes is given instead a keyed digest of the login
name (`AXES_USERNAME_CALLABLE`): an HMAC under a practice key, so the same name
still counts towards the same lockout, while nobody without the practice key,
not even someone holding the staff list, can tell whose digest it is. Its log
lines carry that digest and the page, never the address
(`AXES_CLIENT_STR_CALLABLE`).

Rows older than the lockout window are deleted at every password check
(`purge_expired_attempts`, called by the login and re-authentication actions;
axes itself cleans up only when a login fails or succeeds).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Any

from sealbook.vault import runtime

DIGEST_CHARS = 32  # 128 bits of the HMAC-SHA256: ample to tell logins apart
_DIGEST = re.compile(f"[0-9a-f]{{{DIGEST_CHARS}}}")


def login_name_digest(name: str) -> str:
    """The keyed digest of an attempted login name (e-mail), as stored and logged."""
    normalized = name.strip().lower().encode()
    return hmac.new(runtime.login_name_key(), normalized, hashlib.sha256).hexdigest()[:DIGEST_CHARS]


def axes_username(request: Any, credentials: dict[str, Any] | None = None) -> str:
    """AXES_USERNAME_CALLABLE: the digest of the name given to authenticate(), or posted."""
    name = (credentials or {}).get("username")
    if name is None and request is not None:
        name = request.POST.get("email", "")
    return login_name_digest(str(name or ""))


def axes_client_str(
    username: str, ip_address: str, user_agent: str, path_info: Any, request: Any
) -> str:
    """AXES_CLIENT_STR_CALLABLE: how axes' log lines name a client (no address, no agent).

    After a failure axes passes the digest made by `axes_username`; after a
    login or logout it passes the user's own login name, which is digested here.
    """
    if not _DIGEST.fullmatch(username or ""):
        # A log line must never fail a request: sealed, it names nobody.
        username = login_name_digest(username or "") if runtime.is_unsealed() else "-"
    path = path_info[0] if isinstance(path_info, (tuple, list)) else path_info
    return f"{{login: {username}, path: {path}}}"


def purge_expired_attempts() -> int:
    """Delete the failed attempts older than the lockout window; return how many."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt
    from django.utils import timezone

    window = get_cool_off()
    if window is None:  # no window configured: axes would keep them for ever
        return 0
    deleted: int  # django-axes ships no types
    deleted, _ = AccessAttempt.objects.filter(attempt_time__lte=timezone.now() - window).delete()
    return deleted
