"""Logging in and out, each written to the audit log (HIPAA 164.312(b), (d))."""

from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest
from django_otp import match_token

from sealbook.accounts.models import User
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.staff.lockout import login_name_digest, purge_expired_attempts


def log_in(request: HttpRequest, email: str, password: str) -> User | None:
    """Authenticate and start a session; record success or failure either way."""
    purge_expired_attempts()
    user = authenticate(request, username=email.strip().lower(), password=password)
    if user is None:
        # The attempted login name is kept only as a keyed digest (the one the
        # lockout uses): enough to spot repeated attempts on one account,
        # useless for reading what was typed without the practice key.
        detail = {"login_hmac": login_name_digest(email)}
        record(AuditEvent.LOGIN_FAILED, outcome="failure", detail=detail)
        return None
    login(request, user)
    record(AuditEvent.LOGIN_SUCCEEDED, actor=user, obj=user)
    # The password is at hand only now: open the psychotherapy-note key for this session.
    from sealbook.psychotherapy.keyring import open_at_login

    open_at_login(request, user, password)
    assert isinstance(user, User)  # noqa: S101 - AUTH_USER_MODEL is User
    return user


def reauthenticate(request: HttpRequest, password: str, code: str = "") -> bool:
    """Check the password, and the second factor if the user has one, before a sensitive action.

    The password goes through authenticate(), so a wrong one counts towards
    the same lockout as a wrong login (django-axes), and a locked-out user is
    refused even the right one. The code is checked by the user's devices,
    which slow down repeated failures (django-otp throttling). Either way the
    attempt is recorded.
    """
    from sealbook.staff import mfa, sudo

    user = request.user
    purge_expired_attempts()
    checked = authenticate(request, username=user.get_username(), password=password)
    ok = checked is not None and checked.pk == user.pk
    step = "password"
    if ok and mfa.has_typed_code_factor(user):
        step = "second factor"
        typed = code.strip().replace(" ", "")
        ok = bool(typed) and match_token(user, typed) is not None
    elif ok and mfa.has_second_factor(user):
        # Only passkeys: the password alone must not stand in for them
        # (`passkeys.reauthenticate` is the way for this user).
        step = "passkey"
        ok = False
    record(
        AuditEvent.REAUTHENTICATED,
        actor=user,
        outcome="success" if ok else "failure",
        detail=None if ok else {"step": step},
    )
    if ok:
        sudo.grant(request)
    return ok


def log_out(request: HttpRequest, *, idle: bool = False) -> None:
    user = request.user
    if user.is_authenticated:
        event = AuditEvent.IDLE_LOGOFF if idle else AuditEvent.LOGOUT
        record(event, actor=user, obj=user)
    logout(request)


def record_lockout() -> None:
    """Log a login refused by the lockout (django-axes): who tried is not known here."""
    record(AuditEvent.LOGIN_LOCKED_OUT, outcome="denied")


def stay_signed_in(request: HttpRequest) -> None:
    """The user answered the idle-logoff warning (WCAG 2.2.1): record that they
    chose to stay. The request itself restarted the idle clock."""
    record(AuditEvent.SESSION_EXTENDED, actor=request.user, obj=request.user)  # type: ignore[arg-type]
