"""The main pages of Sealbook, by role: the one list the phone-width check and the
axe-core check both walk, and the signed-in browser contexts they share.

A path may name `{chart}` or `{note}`: the chart and one progress note of the demo
clinician's first unrestricted client (the `known_client` fixture), so every
role that may open them opens the same ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tests.browser.support import (
    ConsoleWatch,
    DemoServer,
    KnownClient,
    log_in,
    new_watched_page,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class MainPage:
    role: str
    path: str

    @property
    def id(self) -> str:
        return f"{self.role}:{self.path}"

    def resolve(self, client: KnownClient) -> str:
        return self.path.format(chart=client.chart_path, note=client.note_path)


MAIN_PAGES: tuple[MainPage, ...] = (
    MainPage(ANONYMOUS, "/login/"),
    MainPage(ANONYMOUS, "/portal/login/"),
    MainPage("client", "/portal/"),
    MainPage("client", "/portal/messages/"),
    MainPage("client", "/portal/sign/"),
    MainPage("client", "/portal/appointments/"),
    MainPage("client", "/portal/history/"),
    MainPage("client", "/portal/requests/"),
    MainPage("guardian", "/portal/appointments/"),
    MainPage("client", "/portal/passkeys/"),
    MainPage("clinician", "{chart}portal/minors/"),
    MainPage("clinician", "/messages/"),
    MainPage("clinician", "{chart}portal/"),
    MainPage("clinician", "/clients/"),
    MainPage("clinician", "{chart}"),
    MainPage("clinician", "{note}"),
    MainPage("clinician", "{chart}notes/new/?format=soap"),
    MainPage("clinician", "{chart}sessions/new/"),
    MainPage("clinician", "{chart}psychotherapy-notes/"),
    MainPage("clinician", "{chart}consents/"),
    MainPage("clinician", "{chart}consents/informed-consent/sign/"),
    MainPage("clinician", "{chart}authorizations/"),
    MainPage("clinician", "{chart}authorizations/new/"),
    MainPage("clinician", "{chart}accounting/"),
    MainPage("clinician", "{chart}disclose/"),
    MainPage("clinician", "{chart}access-requests/"),
    MainPage("clinician", "{chart}share/"),
    MainPage("clinician", "/access-requests/"),
    MainPage("clinician", "/emergency/"),
    MainPage("clinician", "/leak-check/"),
    MainPage("clinician", "/account/password/"),
    MainPage("clinician", "/account/key/"),
    MainPage("clinician", "/calendar/"),
    MainPage("clinician", "/calendar/?span=month"),
    MainPage("supervisor", "/clients/"),
    MainPage("trainee", "/clients/"),
    MainPage("frontdesk", "/clients/"),
    MainPage("frontdesk", "/clients/new/"),
    MainPage("frontdesk", "{chart}"),
    MainPage("frontdesk", "/calendar/?who=all"),
    MainPage("frontdesk", "/calendar/book/"),
    MainPage("owner", "/clients/"),
    MainPage("owner", "/staff/"),
    MainPage("owner", "/notifications/"),
    MainPage("owner", "/consent-documents/"),
    MainPage("owner", "/consent-documents/informed-consent/edit/"),
    MainPage("owner", "/practice/custodian/"),
    MainPage("owner", "/audit/"),
    MainPage("owner", "/alerts/"),
    MainPage("owner", "/incidents/"),
    MainPage("owner", "/calendar/?span=day&who=all"),
    MainPage("auditor", "/audit/"),
    MainPage("auditor", "/account/password/"),
)


@dataclass
class SignedIn:
    """One browser context per role, logged in once and kept for the whole run.

    Should the server have logged a context off (its idle limit), `open` logs
    in again once and carries on, so a slow run does not fail for that.
    """

    browser: Browser
    server: DemoServer
    contexts: dict[str, BrowserContext] = field(default_factory=dict)

    def page(self, role: str, console: ConsoleWatch) -> Page:
        if role not in self.contexts:
            context = self.browser.new_context()
            self.contexts[role] = context
            if role != ANONYMOUS:
                self._log_in(context, role)
        return new_watched_page(self.contexts[role], console)

    def open(self, page: Page, role: str, path: str) -> int | None:
        """Go to `path` as `role`, confirming the password if the page asks; its status."""
        response = page.goto(self.server.url(path))
        if role != ANONYMOUS and "/login/" in page.url and "/login/" not in path:
            log_in(page, self.server, self.server.login_for(role))
            response = page.goto(self.server.url(path))
        if "/reauthenticate/" in page.url and "/reauthenticate/" not in path:
            page.fill("#id_password", self.server.login_for(role).password)
            with page.expect_navigation():
                page.get_by_role("button", name="Confirm").click()
            response = page.goto(self.server.url(path))
        return response.status if response else None

    def close(self) -> None:
        for context in self.contexts.values():
            context.close()

    def _log_in(self, context: BrowserContext, role: str) -> None:
        page = context.new_page()
        try:
            log_in(page, self.server, self.server.login_for(role))
            assert "/login/" not in page.url, f"the demo {role} could not log in"
        finally:
            page.close()
