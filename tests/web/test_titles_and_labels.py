"""Every main page has its own <title>: a person with six tabs open, or a screen-reader
user moving between windows, can tell them apart. Titles never hold a client's name,
which would end up in the browser's history. And no page shows a coded value (a slug
such as `progress-notes`) where its label belongs."""

from __future__ import annotations

import html
import re
import time

import pytest
from django.urls import reverse

from sealbook.disclosure import actions as disclosure_actions
from sealbook.psychotherapy.actions import write_note as write_psychotherapy_note
from sealbook.psychotherapy.models import ClinicianKey
from sealbook.records import actions
from tests.conftest import PASSWORD, sign_in
from tests.disclosure.support import complete_draft
from tests.psychotherapy.test_notes import login

CLINICIAN_PAGES = [
    ("client-list", None),
    ("client-new", None),
    ("chart", "client"),
    ("session-new", "client"),
    ("note-new", "client"),
    ("note", "note"),
    ("psychotherapy-notes", "client"),
    ("psychotherapy-note", "psychotherapy-note"),
    ("client-consents", "client"),
    ("consent-sign", "consent"),
    ("consent-documents", None),
    ("client-authorizations", "client"),
    ("authorization-new", "client"),
    ("authorization", "authorization"),
    ("accounting", "client"),
    ("client-access-requests", "client"),
    ("access-requests", None),
    ("disclose", "client"),
    ("share-case-material", "client"),
    ("leak-check", None),
    ("calendar", None),
    ("calendar-book", None),
    ("calendar-hours", "self"),
    ("emergency-search", None),
    ("notifications", None),
    ("change-password", None),
    ("psychotherapy-key", None),
]
OWNER_PAGES = [("staff", None), ("custodian", None), ("audit-log", None), ("calendar-rooms", None)]


@pytest.fixture
def world(cast):
    from sealbook.core.crypto.user_keys.enrolment import enrol

    enrolment = enrol(PASSWORD)  # so that a real login opens the key
    ClinicianKey.objects.create(
        user=cast.casey,
        public_key=enrolment.public_key,
        password_wrapped=enrolment.password_wrapped,
        recovery_wrapped=enrolment.recovery_wrapped,
    )
    note = actions.create_note(
        cast.casey, cast.riley, note_format="soap", sections={"subjective": "Synthetic text."}
    )
    return {
        "client": {"client_id": cast.riley.pk},
        "note": {"note_id": note.pk},
        "psychotherapy-note": {
            "note_id": write_psychotherapy_note(cast.casey, cast.riley, "Synthetic.").pk
        },
        "consent": {"client_id": cast.riley.pk, "kind": "informed-consent"},
        "self": {"user_id": cast.casey.pk},
        "authorization": {
            "authorization_id": disclosure_actions.record_authorization(
                cast.casey, cast.riley, complete_draft()
            ).pk
        },
    }


def visit_every_page(client, cast, world) -> dict[str, str]:
    """The HTML of every main page, each seen by a user who may open it."""
    pages = {}
    login(client, cast.casey)
    re_authenticated(client, cast.casey)
    for name, target in CLINICIAN_PAGES:
        pages[name] = page_at(client, reverse(name, kwargs=world.get(target, {})))
    client.post("/logout/")
    re_authenticated(client, cast.owner)
    for name, _ in OWNER_PAGES:
        pages[name] = page_at(client, reverse(name))
    client.post("/logout/")
    pages["login"] = page_at(client, reverse("login"))
    return pages


def page_at(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def title_of(page: str) -> str:
    found = re.search(r"<title>(.*?)</title>", page, re.S)
    assert found
    return html.unescape(found.group(1)).strip()


def re_authenticated(client, user):
    sign_in(client, user)
    session = client.session
    session["sealbook_sudo_until"] = time.time() + 300
    session.save()
    return client


def test_every_main_page_has_its_own_title(client, cast, world):
    titles = {name: title_of(page) for name, page in visit_every_page(client, cast, world).items()}
    generic = {name: t for name, t in titles.items() if t == "Sealbook" or not t.strip()}
    assert generic == {}, "pages without a title of their own"
    seen: dict[str, list[str]] = {}
    for name, title in titles.items():
        seen.setdefault(title, []).append(name)
    assert {t: names for t, names in seen.items() if len(names) > 1} == {}
    for title in titles.values():
        assert title.endswith("· Sealbook") and "Riley" not in title and "Synthwood" not in title


def slug_values() -> set[str]:
    """Every coded value that reads as a slug (e.g. `progress-notes`): shown on screen it
    would be a raw value where its label belongs."""
    from django.db.models import TextChoices

    from sealbook.consent import models as consent_models
    from sealbook.disclosure import models as disclosure_models
    from sealbook.documents import models as documents_models
    from sealbook.records import models as records_models

    values = set()
    for module in (consent_models, disclosure_models, documents_models, records_models):
        for thing in vars(module).values():
            if isinstance(thing, type) and issubclass(thing, TextChoices):
                values |= {v for v in thing.values if "-" in v}
    return values


def visible_text(page: str) -> str:
    body = re.sub(r"<(script|style|title)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_no_page_shows_a_coded_value_instead_of_its_label(client, cast, world):
    slugs = slug_values()
    assert {"progress-notes", "in-person", "informed-consent"} <= slugs
    pages = visit_every_page(client, cast, world)
    for name, page in pages.items():
        text = visible_text(page)
        shown = {s for s in slugs if re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", text)}
        assert shown == set(), f"{name} shows {sorted(shown)}"
    # The authorization (categories progress-notes, service-dates, demographics) by label.
    assert "Progress notes and their amendments; Dates and kinds of service" in visible_text(
        pages["authorization"]
    )


def _database_lost(request):
    from django.db import OperationalError

    from sealbook.web.views import server_error

    try:
        raise OperationalError("the database cannot be reached")
    except OperationalError:
        return server_error(request)


def test_every_error_page_has_its_own_title(client, cast):
    from django.shortcuts import render
    from django.test import RequestFactory
    from django.views import defaults

    sign_in(client, cast.casey)
    request = RequestFactory().get("/")
    request.user = cast.casey
    pages = {
        400: defaults.bad_request(request, Exception()),
        403: client.get(reverse("audit-log")),  # the auditor's and owner's page
        404: client.get("/no-such-page/"),
        429: render(request, "staff/locked_out.html", status=429),
        500: defaults.server_error(request),
        503: _database_lost(request),
    }
    titles = {}
    for status, response in pages.items():
        assert response.status_code == status
        titles[status] = title_of(response.content.decode())
    assert titles[404] == "Page not found · Sealbook"
    assert len(set(titles.values())) == len(titles), titles
    for title in titles.values():
        assert title.endswith(" · Sealbook") and not title[0].isdigit(), title
