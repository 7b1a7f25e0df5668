"""Who a portal request is, and the one chart it may see.

Portal accounts hold a portal role (`accounts.models.PORTAL_ROLES`) that no
rule of the access policy names, so every staff page refuses them; the
boundary middleware (`portal.middleware`) answers 404 to them anywhere outside
the portal before a staff view runs at all. The other way round, every portal
page loads the signed-in person's open `PortalAccount` through
`account_or_404` and reads only rows of that account's client: another
client's identifiers simply match no row, and the page answers 404. A
guardian's account closes there too on the day the client comes of age
(`portal.majority`), even if the daily job has not run.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from sealbook.accounts.models import PORTAL_ROLES, User
from sealbook.portal.majority import still_a_guardian
from sealbook.portal.models import AccountKind, PortalAccount

# Where a portal account may go (besides the portal itself): static files, the
# idle-logoff script's own endpoints, which serve only the caller's session, and a
# video session's waiting room, which opens only for the join link's token.
OPEN_TO_PORTAL = ("/portal/", "/static/", "/session/idle/", "/session/stay/", "/video/join/")
# What a portal account reaches before its second factor is proved (or enrolled): the
# portal's login pages (password, code, passkey, enrolment), logging out, static files.
OPEN_BEFORE_SECOND_FACTOR = ("/portal/login/", "/portal/logout/", "/static/")


def is_portal_user(user: Any) -> bool:
    return bool(
        user is not None and user.is_authenticated and getattr(user, "role", "") in PORTAL_ROLES
    )


def account_or_404(request: HttpRequest) -> PortalAccount:
    """The signed-in portal user's open account (404 for staff and for anyone else)."""
    user = request.user
    if not (isinstance(user, User) and is_portal_user(user) and _second_factor_done(user)):
        raise Http404()
    account = (
        PortalAccount.objects.select_related("client")
        .filter(user=user, activated_at__isnull=False, ended_at__isnull=True)
        .order_by("created_at")
        .first()
    )
    if account is None:
        raise Http404()
    if account.kind == AccountKind.GUARDIAN and not still_a_guardian(
        account, link_base=request.build_absolute_uri("/")
    ):
        # The client came of age: this request ended the guardian's access.
        raise Http404()
    return account


def _second_factor_done(user: User) -> bool:
    """Proved at this login, or none is required (the demo practice's policy)."""
    return second_factor_step(user) is None


def second_factor_step(user: Any) -> str | None:
    """The portal's own page a signed-in portal account must pass before any other.

    `portal-login-verify` when it has a second factor not yet proved in this
    session, `portal-login-enrol` when it has none and the practice policy
    requires one, None when the session may go on. Never a staff page: the
    staff's `/mfa/` pages are outside the portal's boundary.
    """
    from sealbook.staff.mfa import has_second_factor, mfa_required

    # django-otp's OTPMiddleware sets otp_device on every request's user, and its login
    # sets it when a factor is proved; a user fresh from `authenticate` has none yet.
    if getattr(user, "otp_device", None) is not None:
        return None
    if has_second_factor(user):
        return "portal-login-verify"
    if mfa_required():
        return "portal-login-enrol"
    return None
