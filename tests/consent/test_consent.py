"""Consents: versioned documents, signatures of one exact text, re-consent after a change."""

from __future__ import annotations

import datetime

import pytest

from sealbook.consent import actions
from sealbook.consent.models import ConsentSignature
from sealbook.consent.status import ConsentMissing, consent_states, require_consent
from tests.disclosure.support import today


def sign(cast, kind="informed-consent", **overrides):
    document = actions.current_document(kind)
    values = {
        "signer_name": "Riley Synthwood",
        "signed_on": today(),
        "method": "typed",
        "text_sha256": document.text_sha256,
    }
    values.update(overrides)
    return actions.sign(cast.casey, cast.riley, document, actions.Signature(**values))


def state(cast, kind):
    return next(s for s in consent_states(cast.riley) if s.kind == kind)


def test_every_kind_starts_with_a_sensible_text(practice):
    for kind, phrase in (
        ("informed-consent", "limits of confidentiality"),
        ("telehealth", "4.02(c)"),
        ("recording", "4.03"),
    ):
        assert phrase in actions.current_document(kind).text


def test_a_signature_stores_the_hash_of_the_exact_text(cast):
    signature = sign(cast)
    assert signature.text_sha256 == actions.current_document("informed-consent").text_sha256
    assert state(cast, "informed-consent").consented
    assert not state(cast, "telehealth").consented
    raw = ConsentSignature.objects.filter(pk=signature.pk).values_list("signer_name").get()[0]
    assert b"Synthwood" not in bytes(raw)


def test_a_signature_of_a_text_that_changed_meanwhile_is_refused(cast):
    with pytest.raises(actions.ConsentError):
        sign(cast, text_sha256="0" * 64)
    assert not ConsentSignature.objects.exists()


def test_a_typed_signature_must_be_dated_today_and_paper_not_in_the_future(cast):
    with pytest.raises(actions.ConsentError):
        sign(cast, signed_on=today() - datetime.timedelta(days=3))
    with pytest.raises(actions.ConsentError):
        sign(cast, method="paper", signed_on=today() + datetime.timedelta(days=1))
    assert sign(cast, method="paper", signed_on=today() - datetime.timedelta(days=3)).pk


def test_a_confidentiality_event_asks_for_re_consent(cast):
    sign(cast)
    actions.record_confidentiality_event(
        cast.casey, cast.riley, kind="court", description="Subpoena expected", occurred_on=today()
    )
    current = state(cast, "informed-consent")
    assert current.state == "re-consent" and "Court" in current.reason
    sign(cast)
    assert state(cast, "informed-consent").consented


def test_a_paper_consent_signed_before_the_change_does_not_cover_it(cast):
    actions.record_confidentiality_event(
        cast.casey,
        cast.riley,
        kind="third-party-payer",
        description="",
        occurred_on=today() - datetime.timedelta(days=2),
    )
    # Recorded after the change, but signed on paper before it happened.
    sign(cast, method="paper", signed_on=today() - datetime.timedelta(days=5))
    assert state(cast, "informed-consent").state == "re-consent"
    sign(cast, method="paper", signed_on=today() - datetime.timedelta(days=1))
    assert state(cast, "informed-consent").consented


def test_telehealth_is_gated_on_its_consent(cast):
    with pytest.raises(ConsentMissing):
        require_consent(cast.riley, "telehealth")
    sign(cast, kind="telehealth")
    assert require_consent(cast.riley, "telehealth").document.kind == "telehealth"


def test_a_new_version_keeps_old_signatures_on_the_old_text(cast):
    signature = sign(cast)
    cast.owner.sudo_active = True
    new = actions.publish_document(
        cast.owner, "informed-consent", title="Informed consent", text="Version two text."
    )
    assert new.version == 2
    signature.refresh_from_db()
    assert signature.document.version == 1 and signature.matches_document


def test_only_the_owner_publishes_templates(cast):
    from sealbook.access.policy import AccessDenied

    with pytest.raises(AccessDenied):
        actions.publish_document(cast.casey, "recording", title="x", text="y")
