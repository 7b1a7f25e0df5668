"""Consents: versioned documents, signatures of one exact text, re-consent after a change."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.audit.verification import verify
from sealbook.consent import actions
from sealbook.consent.models import ConsentSignature
from sealbook.consent.status import ConsentMissing, consent_states, require_consent
from tests.consent.support import days_ago, sign
from tests.disclosure.support import today


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


def test_a_new_version_asks_clients_who_signed_an_older_one_to_re_consent(cast):
    sign(cast, kind="recording")
    cast.owner.sudo_active = True
    actions.publish_document(
        cast.owner, "recording", title="Recording of sessions", text="Version two text."
    )
    current = state(cast, "recording")
    assert current.state == "re-consent"
    assert "version 2" in current.reason and "version 1" in current.reason
    with pytest.raises(ConsentMissing, match="version 2"):
        require_consent(cast.riley, "recording")
    sign(cast, kind="recording")
    assert state(cast, "recording").consented
    assert require_consent(cast.riley, "recording").document.version == 2


def test_a_new_version_of_one_kind_leaves_the_other_kinds_consented(cast):
    sign(cast, kind="telehealth")
    cast.owner.sudo_active = True
    actions.publish_document(cast.owner, "recording", title="Recording", text="Version two.")
    assert state(cast, "telehealth").consented


# Withdrawing a consent.


def test_a_withdrawn_consent_is_not_consented_and_gates_refuse_it(cast):
    signature = sign(cast, kind="telehealth")
    actions.withdraw(cast.casey, signature)
    signature.refresh_from_db()
    assert signature.withdrawn_at is not None and signature.withdrawn_on == today()
    assert signature.withdrawn_by == cast.casey
    current = state(cast, "telehealth")
    assert current.state == "not-consented" and current.signature is None
    assert current.reason == f"withdrawn on {today():%Y-%m-%d}"
    with pytest.raises(ConsentMissing, match="withdrawn"):
        require_consent(cast.riley, "telehealth")


def test_a_client_who_withdrew_orally_in_session_is_recorded_as_of_that_day(cast):
    signature = sign(cast, kind="recording", method="paper", signed_on=days_ago(10))
    actions.withdraw(cast.casey, signature, withdrawn_on=days_ago(2))
    signature.refresh_from_db()
    assert signature.withdrawn_on == days_ago(2)
    assert timezone.localdate(signature.withdrawn_at) == today()
    assert state(cast, "recording").reason == f"withdrawn on {days_ago(2):%Y-%m-%d}"


def test_the_withdrawal_is_audited_by_id_without_the_name(cast):
    signature = sign(cast, kind="recording")
    actions.withdraw(cast.casey, signature)
    [entry] = AuditEntry.objects.filter(event=AuditEvent.CONSENT_WITHDRAWN)
    assert entry.actor_id == cast.casey.pk and entry.client_id == cast.riley.pk
    assert entry.object_id == str(signature.pk)
    detail = read_detail(entry)
    assert detail == {"kind": "recording", "version": 1, "withdrawn_on": str(today())}
    assert b"Synthwood" not in bytes(entry.detail)
    verify()


def test_an_already_withdrawn_consent_is_refused_and_nothing_changes(cast):
    signature = sign(cast, kind="recording")
    actions.withdraw(cast.casey, signature, withdrawn_on=today())
    first = ConsentSignature.objects.get(pk=signature.pk)
    with pytest.raises(actions.ConsentError, match="already withdrawn"):
        actions.withdraw(cast.casey, signature, withdrawn_on=today())
    again = ConsentSignature.objects.get(pk=signature.pk)
    assert (again.withdrawn_at, again.withdrawn_on) == (first.withdrawn_at, first.withdrawn_on)
    assert AuditEntry.objects.filter(event=AuditEvent.CONSENT_WITHDRAWN).count() == 1


@pytest.mark.parametrize(
    ("withdrawn_on", "message"),
    [(1, "not later"), (-6, "before the consent was signed")],
    ids=["in-the-future", "before-signing"],
)
def test_a_withdrawal_date_outside_the_consent_is_refused(cast, withdrawn_on, message):
    signature = sign(cast, kind="recording", method="paper", signed_on=days_ago(5))
    with pytest.raises(actions.ConsentError, match=message):
        actions.withdraw(cast.casey, signature, withdrawn_on=days_ago(-withdrawn_on))
    assert ConsentSignature.objects.get(pk=signature.pk).withdrawn_at is None
    assert state(cast, "recording").consented


def test_only_someone_who_may_record_consent_withdraws_it(cast):
    from sealbook.access.policy import AccessDenied

    signature = sign(cast, kind="recording")
    with pytest.raises(AccessDenied):
        actions.withdraw(cast.quinn, signature)
    assert ConsentSignature.objects.get(pk=signature.pk).withdrawn_at is None
    assert AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED, actor_id=cast.quinn.pk)
    assert not AuditEntry.objects.filter(event=AuditEvent.CONSENT_WITHDRAWN).exists()


def test_withdrawing_the_latest_signature_does_not_bring_back_an_older_one(cast):
    sign(cast, kind="recording", method="paper", signed_on=days_ago(30))
    latest = sign(cast, kind="recording")
    actions.withdraw(cast.casey, latest)
    assert state(cast, "recording").state == "not-consented"
    with pytest.raises(ConsentMissing):
        require_consent(cast.riley, "recording")


def test_only_the_signature_that_stands_for_its_kind_can_be_withdrawn(cast):
    older = sign(cast, kind="recording", method="paper", signed_on=days_ago(30))
    sign(cast, kind="recording")
    with pytest.raises(actions.ConsentError, match="withdraw the current one"):
        actions.withdraw(cast.casey, older)
    assert state(cast, "recording").consented


def test_signing_again_after_a_withdrawal_restores_the_consent(cast):
    actions.withdraw(cast.casey, sign(cast, kind="recording"))
    sign(cast, kind="recording")
    assert state(cast, "recording").consented


def test_a_paper_form_signed_before_the_withdrawal_does_not_undo_it(cast):
    signature = sign(cast, kind="recording", method="paper", signed_on=days_ago(10))
    actions.withdraw(cast.casey, signature, withdrawn_on=days_ago(3))
    # An old paper form turns up and is recorded after the withdrawal.
    sign(cast, kind="recording", method="paper", signed_on=days_ago(5))
    assert state(cast, "recording").reason == f"withdrawn on {days_ago(3):%Y-%m-%d}"
    sign(cast, kind="recording", method="paper", signed_on=days_ago(1))
    assert state(cast, "recording").consented


def test_a_consent_needing_re_consent_can_still_be_withdrawn(cast):
    signature = sign(cast)
    actions.record_confidentiality_event(
        cast.casey, cast.riley, kind="court", description="", occurred_on=today()
    )
    actions.withdraw(cast.casey, signature)
    assert state(cast, "informed-consent").state == "not-consented"
