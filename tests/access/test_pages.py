"""The helpers every page uses: a refusal shown as a 404, and the one-line problem page."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import RequestFactory

from sealbook.access.pages import authorize_or_404, denied_as_404, problem
from sealbook.access.policy import Action, ReauthenticationRequired
from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.records.breakglass import start_break_glass


def test_an_allowed_action_returns_the_decision(cast):
    decision = authorize_or_404(cast.casey, Action.VIEW_CLINICAL, cast.riley)
    assert (decision.allowed, decision.basis) == (True, "care-team")


def test_a_refusal_is_a_404_and_is_still_audited(cast):
    with pytest.raises(Http404):
        authorize_or_404(cast.quinn, Action.VIEW_CLINICAL, cast.riley)
    assert AuditEntry.objects.filter(
        event=AuditEvent.ACCESS_DENIED, actor_id=cast.quinn.pk, client_id=cast.riley.pk
    ).exists()


def test_a_practice_wide_refusal_is_a_404_too(cast):
    with pytest.raises(Http404):
        authorize_or_404(cast.casey, Action.MANAGE_STAFF)


def test_an_action_needing_a_fresh_sign_in_is_not_hidden(cast):
    # The owner may manage staff, but only just after re-authenticating: the
    # sudo middleware needs the exception itself to redirect to that page.
    with pytest.raises(ReauthenticationRequired):
        authorize_or_404(cast.owner, Action.MANAGE_STAFF)


def test_an_action_that_refuses_inside_the_block_is_a_404_too(cast):
    cast.casey.sudo_active = True
    # Casey is on Riley's care team already: break-glass is refused ("on-team").
    with pytest.raises(Http404), denied_as_404():
        start_break_glass(cast.casey, cast.riley, "Client in crisis calling the front desk now")


def test_other_errors_in_the_block_pass_through(cast):
    with pytest.raises(ValueError), denied_as_404():
        raise ValueError("not an access decision")


def test_the_problem_page_has_the_layout_the_line_and_the_status(cast):
    request = RequestFactory().get("/")
    request.user = cast.casey
    response = problem(request, "The note is already signed.", 409)
    page = response.content.decode()
    assert response.status_code == 409
    assert "<title>Not done · Sealbook</title>" in page
    assert 'class="skip-link"' in page and 'id="main"' in page  # the site's layout
    assert '<p class="error">The note is already signed.</p>' in page


def test_the_problem_page_escapes_its_message(cast):
    request = RequestFactory().get("/")
    request.user = cast.casey
    page = problem(request, "<b>bold</b>", 400).content.decode()
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page
