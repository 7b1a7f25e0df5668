"""Authorizations: every 164.508(c) element is required, and the psychotherapy-note rule."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest

from sealbook.disclosure import actions
from sealbook.disclosure.elements import AuthorizationInvalid
from sealbook.disclosure.models import Authorization, AuthorizationStatus, Category
from tests.disclosure.support import complete_draft, today

# (field to blank, the value that blanks it, the element key the refusal names)
MISSING_ELEMENTS = [
    ("categories", [], "categories"),
    ("description", "", "description"),
    ("discloser", " ", "discloser"),
    ("recipient_name", "", "recipient_name"),
    ("purpose", "", "purpose"),
    ("signer_name", "", "signer_name"),
    ("signed_on", None, "signed_on"),
    ("statement_right_to_revoke", False, "statement_right_to_revoke"),
    ("statement_conditioning", False, "statement_conditioning"),
    ("statement_redisclosure", False, "statement_redisclosure"),
    ("copy_given_to_client", False, "copy_given_to_client"),
]


@pytest.mark.parametrize(("field", "blank", "element"), MISSING_ELEMENTS, ids=lambda v: str(v))
def test_an_authorization_lacking_an_element_is_refused_and_names_it(cast, field, blank, element):
    draft = replace(complete_draft(), **{field: blank})
    with pytest.raises(AuthorizationInvalid) as refused:
        actions.record_authorization(cast.casey, cast.riley, draft)
    assert element in refused.value.errors
    assert "164.508" in refused.value.errors[element]
    assert not Authorization.objects.exists()


def test_an_authorization_without_expiry_date_or_event_is_refused(cast):
    draft = complete_draft(expires_on=None, expiry_event="")
    with pytest.raises(AuthorizationInvalid) as refused:
        actions.record_authorization(cast.casey, cast.riley, draft)
    assert "expiry" in refused.value.errors


def test_an_expiry_event_instead_of_a_date_is_enough(cast):
    draft = complete_draft(expires_on=None, expiry_event="End of the current treatment episode")
    auth = actions.record_authorization(cast.casey, cast.riley, draft)
    assert auth.status(today()) == AuthorizationStatus.ACTIVE


def test_a_representative_must_state_their_authority(cast):
    draft = complete_draft(signed_by_representative=True, representative_authority="")
    with pytest.raises(AuthorizationInvalid) as refused:
        actions.record_authorization(cast.casey, cast.riley, draft)
    assert "representative_authority" in refused.value.errors
    draft = complete_draft(signed_by_representative=True, representative_authority="Legal guardian")
    assert actions.record_authorization(cast.casey, cast.riley, draft).representative_authority


def test_an_expiry_date_in_the_past_is_refused(cast):
    draft = complete_draft(expires_on=today() - datetime.timedelta(days=1))
    with pytest.raises(AuthorizationInvalid) as refused:
        actions.record_authorization(cast.casey, cast.riley, draft)
    assert refused.value.errors["expiry"] == "The expiry date is in the past."


def test_a_signature_dated_in_the_future_is_refused(cast):
    draft = complete_draft(signed_on=today() + datetime.timedelta(days=2))
    with pytest.raises(AuthorizationInvalid):
        actions.record_authorization(cast.casey, cast.riley, draft)


@pytest.mark.parametrize(
    ("kind", "categories"),
    [
        ("psychotherapy-notes", [Category.PSYCHOTHERAPY_NOTES, Category.PROGRESS_NOTES]),
        ("psychotherapy-notes", [Category.DEMOGRAPHICS]),
        ("general", [Category.PROGRESS_NOTES, Category.PSYCHOTHERAPY_NOTES]),
    ],
)
def test_a_psychotherapy_note_authorization_combined_with_another_kind_is_refused(
    cast, kind, categories
):
    with pytest.raises(AuthorizationInvalid) as refused:
        actions.record_authorization(
            cast.casey, cast.riley, complete_draft(kind=kind, categories=categories)
        )
    assert "164.508(b)(3)(ii)" in refused.value.errors["categories"]


def test_a_psychotherapy_note_authorization_on_its_own_is_accepted(cast):
    draft = complete_draft(kind="psychotherapy-notes", categories=[Category.PSYCHOTHERAPY_NOTES])
    assert actions.record_authorization(cast.casey, cast.riley, draft).kind == "psychotherapy-notes"


def test_names_and_purposes_are_encrypted_at_rest(cast):
    auth = actions.record_authorization(cast.casey, cast.riley, complete_draft())
    raw = Authorization.objects.filter(pk=auth.pk).values_list("recipient_name", "purpose").get()
    assert all(b"Synthetic" not in bytes(v) and b"Coordination" not in bytes(v) for v in raw)


def test_front_desk_and_outsiders_cannot_record_authorizations(cast):
    from sealbook.access.policy import AccessDenied

    for user in (cast.frankie, cast.quinn):
        with pytest.raises(AccessDenied):
            actions.record_authorization(user, cast.riley, complete_draft())


def test_a_revocation_cannot_be_dated_in_the_future_or_repeated(cast):
    from sealbook.disclosure.actions import AuthorizationError

    auth = actions.record_authorization(cast.casey, cast.riley, complete_draft())
    with pytest.raises(AuthorizationError):
        actions.revoke_authorization(
            cast.casey, auth, revoked_on=today() + datetime.timedelta(days=1)
        )
    actions.revoke_authorization(cast.casey, auth)
    with pytest.raises(AuthorizationError):
        actions.revoke_authorization(cast.casey, auth)
    auth.refresh_from_db()
    assert auth.status(today()) == AuthorizationStatus.REVOKED
