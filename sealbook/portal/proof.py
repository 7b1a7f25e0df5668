"""Proving again who one is, in the portal: at a signature, and before a download.

A signature proves the second factor at that moment; a download of the record
proves the password and the second factor again (`REAUTHENTICATED`), whatever
the session holds, so a device left signed in does not hand over the whole
record. A refusal does not say which of the two was wrong.
"""

from __future__ import annotations

from django_otp import match_token

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.portal.actions import PortalError
from sealbook.portal.models import PortalAccount
from sealbook.staff.mfa import factor_name, has_second_factor, mfa_required

WRONG_CODE = "that code is not right (a code works once: wait for the next one)"
NO_MATCH = "that password and code do not match your account (a code works once)"


def second_factor(account: PortalAccount, code: str, *, step: str) -> str:
    """The kind of second factor `code` proves for this account ("totp" or "recovery-code")."""
    device = match_token(account.user, code.strip().replace(" ", ""))
    if device is None:
        record(AuditEvent.MFA_FAILED, actor=account.user, outcome="failure", detail={"step": step})
        raise PortalError(WRONG_CODE)
    return factor_name(device)


def reauthenticate(account: PortalAccount, password: str, code: str) -> str:
    """Password and second factor again; returns the factor's kind ("none" only where the
    practice policy requires none and the account has none: the demo)."""
    user = account.user
    factor, failed = "none", ""
    if not user.check_password(password):
        failed = "password"
    elif has_second_factor(user) or mfa_required():
        device = match_token(user, code.strip().replace(" ", ""))
        if device is None:
            failed = "code"
        else:
            factor = factor_name(device)
    record(
        AuditEvent.REAUTHENTICATED,
        actor=user,
        outcome="failure" if failed else "success",
        detail={"step": failed, "portal": True} if failed else {"factor": factor, "portal": True},
    )
    if failed:
        raise PortalError(NO_MATCH)
    return factor
