"""Logging in and out, each written to the audit log (HIPAA 164.312(b), (d))."""

from __future__ import annotations

import hashlib

from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest

from sealbook.accounts.models import User
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record


def log_in(request: HttpRequest, email: str, password: str) -> User | None:
    """Authenticate and start a session; record success or failure either way."""
    user = authenticate(request, username=email.strip().lower(), password=password)
    if user is None:
        # The attempted login name is kept only as a short hash: enough to spot
        # repeated attempts on one account, useless for reading what was typed.
        attempted = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]
        record(AuditEvent.LOGIN_FAILED, outcome="failure", detail={"login_sha256": attempted})
        return None
    login(request, user)
    record(AuditEvent.LOGIN_SUCCEEDED, actor=user, obj=user)
    # The password is at hand only now: open the psychotherapy-note key for this session.
    from sealbook.psychotherapy.keyring import open_at_login

    open_at_login(request, user, password)
    assert isinstance(user, User)  # noqa: S101 - AUTH_USER_MODEL is User
    return user


def reauthenticate(request: HttpRequest, password: str) -> bool:
    """Check the password again before a sensitive action; record the attempt."""
    from sealbook.staff import sudo

    user = request.user
    ok = bool(user.is_authenticated and user.check_password(password))  # type: ignore[union-attr]
    record(
        AuditEvent.REAUTHENTICATED,
        actor=user,  # type: ignore[arg-type]
        outcome="success" if ok else "failure",
    )
    if ok:
        sudo.grant(request)
    return ok


def log_out(request: HttpRequest, *, idle: bool = False) -> None:
    user = request.user
    if user.is_authenticated:
        event = AuditEvent.IDLE_LOGOFF if idle else AuditEvent.LOGOUT
        record(event, actor=user, obj=user)  # type: ignore[arg-type]
    logout(request)


def record_lockout() -> None:
    """Log a login refused by the lockout (django-axes): who tried is not known here."""
    record(AuditEvent.LOGIN_LOCKED_OUT, outcome="denied")


def stay_signed_in(request: HttpRequest) -> None:
    """The user answered the idle-logoff warning (WCAG 2.2.1): record that they
    chose to stay. The request itself restarted the idle clock."""
    record(AuditEvent.SESSION_EXTENDED, actor=request.user, obj=request.user)  # type: ignore[arg-type]
