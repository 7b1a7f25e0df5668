"""Where a user starts: the first page the access policy lets them open.

Nothing here looks at role names: each start page is guarded by the action
its view authorizes, so a new role (or a changed rule) lands where the policy
now lets it, never on a 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from sealbook.access.policy import Action, permits


@dataclass(frozen=True)
class StartPage:
    url_name: str
    label: str  # completes "Back to ..."

    @property
    def url(self) -> str:
        return reverse(self.url_name)


# In order of preference; each page's view authorizes exactly this action.
START_PAGES: tuple[tuple[Action, StartPage], ...] = (
    (Action.LIST_CLIENTS, StartPage("client-list", "clients")),
    (Action.VIEW_AUDIT_LOG, StartPage("audit-log", "the audit log")),
)
# Every logged-in user may open their own account page.
ACCOUNT_PAGE = StartPage("change-password", "your account")
LOGIN_PAGE = StartPage("login", "the login page")


def start_page(user: Any) -> StartPage:
    if not (user is not None and user.is_authenticated):
        return LOGIN_PAGE
    for action, page in START_PAGES:
        if permits(user, action):
            return page
    return ACCOUNT_PAGE
