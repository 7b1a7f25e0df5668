"""The attack world: the shared cast plus one object of each kind a URL can name.

All data is synthetic. Casey is on Riley's care team and has re-authenticated,
so a request reaches the view's own checks rather than stopping at the policy.
"""

from __future__ import annotations

import datetime
import io
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sealbook.disclosure import actions as disclosure_actions
from sealbook.documents import actions as documents
from sealbook.documents.models import DocumentKind
from sealbook.export.actions import open_access_request
from sealbook.oversight.actions import IncidentDetails, open_incident
from sealbook.records import actions
from tests.conftest import sign_in
from tests.consent.support import sign as sign_consent
from tests.disclosure.support import complete_draft, today
from tests.portal.support import portal_account, signing_request_for, thread_for

# Routes about the practice rather than a client: only the owner reaches their views.
OWNER_ROUTES = {
    "staff", "staff-new", "staff-reset-password", "staff-role", "staff-supervisor",
    "custodian", "consent-document-edit", "audit-log", "audit-log-csv", "audit-log-pdf",
    "audit-report", "alerts", "alert-acknowledge", "incidents", "incident", "incident-letter",
    "incident-mailed",
}  # fmt: skip


@dataclass
class World:
    cast: Any
    objects: dict[str, Any]
    # Riley's own portal account (tests/portal/support.py): the portal's pages are its.
    portal_user: Any = None

    def user_for(self, route_name: str) -> Any:
        if route_name.startswith("portal-"):
            return self.portal_user
        return self.cast.owner if route_name in OWNER_ROUTES else self.cast.casey


@pytest.fixture
def world(cast: Any) -> World:
    from sealbook.access.models import current_policy
    from sealbook.consent.actions import current_document
    from sealbook.consent.models import ConsentKind

    # The policy row and each consent's starting text are made on their first read,
    # by whichever request comes first: make them now, so that no refused request
    # seems to have written them.
    current_policy()
    for kind in ConsentKind.values:
        current_document(kind)
    note = actions.create_note(
        cast.casey, cast.riley, note_format="soap", sections={"subjective": "Synthetic text."}
    )
    auth = disclosure_actions.record_authorization(cast.casey, cast.riley, complete_draft())
    access_request = open_access_request(
        cast.casey, cast.riley, received_on=today(), requested_by="Synthetic requester"
    )
    signature = sign_consent(cast, "recording")
    upload = documents.encrypt_upload(
        io.BytesIO(b"synthetic scan"), filename="scan.pdf", content_type="application/pdf"
    )
    document = documents.add_document(
        cast.casey, cast.riley, upload, title="Intake form", kind=DocumentKind.DOCUMENT
    )
    incident = open_incident(
        signed_in_owner(cast.owner),
        IncidentDetails(
            summary="A synthetic lost laptop.",
            discovered_at=timezone.now(),
            window_start=timezone.now() - datetime.timedelta(days=1),
            window_end=timezone.now(),
            account_ids=[cast.casey.pk],
        ),
    )
    portal = portal_account(cast, cast.riley, "riley.portal@client.example.net")
    thread = thread_for(portal)
    objects = {
        "incident_id": incident.pk,
        "client_id": cast.riley.pk,
        "note_id": note.pk,
        "signature_id": signature.pk,
        "kind": "informed-consent",
        "consent-document-edit:kind": "recording",
        "authorization_id": auth.pk,
        "request_id": access_request.pk,
        "document_id": document.pk,
        # Another member than the ones who sign in: the owner's staff pages change them.
        "user_id": cast.morgan.pk,
        "thread_id": thread.pk,
        "message_id": thread.messages.get().pk,
        "portal-sign:request_id": signing_request_for(cast, portal).pk,
    }
    return World(cast, objects, portal.user)


def signed_in_owner(owner: Any) -> Any:
    owner.sudo_active = True  # re-authenticated, as staff.sudo marks the request's user
    return owner


def signed_in(user: Any, *, enforce_csrf: bool = False) -> Client:
    """A browser signed in as `user`, both factors done and re-authenticated."""
    browser = Client(enforce_csrf_checks=enforce_csrf)
    sign_in(browser, user)
    session = browser.session
    session["sealbook_sudo_until"] = time.time() + 3600
    session.save()
    return browser


@pytest.fixture(scope="session")
def cli_practice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A practice made by the real `sealbook init`, shared by the tests that run the command."""
    from tests.cli.conftest import initialised_practices

    yield from initialised_practices(tmp_path_factory.mktemp("attack-cli") / "home")
