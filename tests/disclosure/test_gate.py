"""The disclosure gate: a valid authorization or a legal basis with its details, or no."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.disclosure import actions
from sealbook.disclosure.bases import BASIS_DETAILS as REQUIRED
from sealbook.disclosure.gate import DisclosureRefused, Produced, disclose
from sealbook.disclosure.models import Authorization, Category, Disclosure, LegalBasis
from tests.disclosure.support import (
    BASIS_DETAILS,
    authorization_request,
    basis_request,
    complete_draft,
    today,
)


def produce(request):
    return Produced(b"synthetic bundle bytes", "Synthetic description")


@pytest.fixture
def auth(cast):
    return actions.record_authorization(cast.casey, cast.riley, complete_draft())


@pytest.fixture
def sudo(cast):
    cast.casey.sudo_active = True
    return cast.casey


def refusal(actor, request, **kwargs):
    with pytest.raises(DisclosureRefused) as refused:
        disclose(actor, request, channel="export", produce=produce, **kwargs)
    assert not Disclosure.objects.exists()
    return refused.value


def test_a_valid_authorization_lets_the_disclosure_through_and_records_it(cast, auth, sudo):
    disclosure, _ = disclose(
        sudo, authorization_request(cast.riley, auth), channel="export", produce=produce
    )
    assert disclosure.authorization == auth
    assert disclosure.categories == [Category.PROGRESS_NOTES]
    assert len(disclosure.content_sha256) == 64
    entry = AuditEntry.objects.get(event=AuditEvent.DISCLOSURE_RECORDED)
    assert entry.object_type == "disclosure.disclosure" and len(entry.object_id) == 64


def test_a_revoked_authorization_blocks_the_gate_from_that_day_on(cast, auth, sudo):
    actions.revoke_authorization(cast.casey, auth)
    auth.refresh_from_db()
    refused = refusal(sudo, authorization_request(cast.riley, auth))
    assert refused.code == "revoked" and "revoked" in str(refused)
    assert AuditEntry.objects.filter(event=AuditEvent.DISCLOSURE_REFUSED).exists()


def test_a_revocation_is_effective_from_its_date_on_and_not_before(cast, auth, sudo):
    # Signed ten days ago, revoked three days ago (164.508(b)(5)): a disclosure
    # recorded as made five days ago was lawful, one made two days ago was not.
    Authorization.objects.filter(pk=auth.pk).update(signed_on=today() - datetime.timedelta(days=10))
    auth.refresh_from_db()
    actions.revoke_authorization(cast.casey, auth, revoked_on=today() - datetime.timedelta(days=3))
    auth.refresh_from_db()
    request = authorization_request(cast.riley, auth)
    late = refusal(sudo, request, at=timezone.now() - datetime.timedelta(days=2))
    assert late.code == "revoked" and str(auth.revoked_on) in str(late)
    before, _ = disclose(
        sudo,
        request,
        channel="recorded",
        produce=produce,
        at=timezone.now() - datetime.timedelta(days=5),
    )
    assert before.authorization == auth


def test_an_expired_authorization_blocks_the_gate(cast, auth, sudo):
    # The database holds what a past authorization looks like once its date passes.
    Authorization.objects.filter(pk=auth.pk).update(
        signed_on=today() - datetime.timedelta(days=30),
        expires_on=today() - datetime.timedelta(days=1),
    )
    auth.refresh_from_db()
    assert refusal(sudo, authorization_request(cast.riley, auth)).code == "expired"


def test_an_authorization_whose_expiry_event_happened_blocks_the_gate(cast, sudo):
    auth = actions.record_authorization(
        cast.casey, cast.riley, complete_draft(expires_on=None, expiry_event="Discharge")
    )
    actions.record_expiry_event(cast.casey, auth)
    auth.refresh_from_db()
    assert refusal(sudo, authorization_request(cast.riley, auth)).code == "ended"


def test_an_unknown_recipient_is_refused(cast, auth, sudo):
    request = authorization_request(cast.riley, auth, recipient_name="Someone Else Entirely")
    assert refusal(sudo, request).code == "recipient"


def test_the_recipient_matches_whatever_the_case_and_spacing(cast, auth, sudo):
    request = authorization_request(
        cast.riley, auth, recipient_name="  dr. avery  SYNTHETIC-internist"
    )
    disclose(sudo, request, channel="export", produce=produce)


def test_a_purpose_other_than_the_authorized_one_is_refused(cast, auth, sudo):
    request = authorization_request(cast.riley, auth, purpose="Marketing of services")
    assert refusal(sudo, request).code == "purpose"


def test_information_the_authorization_does_not_cover_is_refused(cast, auth, sudo):
    request = authorization_request(
        cast.riley, auth, categories=frozenset({Category.PROGRESS_NOTES, Category.ACCESS_LOG})
    )
    refused = refusal(sudo, request)
    assert refused.code == "not-covered" and "access" in str(refused)


def test_psychotherapy_notes_need_their_own_authorization(cast, auth, sudo):
    request = authorization_request(
        cast.riley, auth, categories=frozenset({Category.PSYCHOTHERAPY_NOTES})
    )
    assert refusal(sudo, request).code == "not-covered"
    court = basis_request(
        cast.riley,
        LegalBasis.COURT_ORDER,
        categories=frozenset({Category.PSYCHOTHERAPY_NOTES}),
    )
    assert refusal(sudo, court).code == "psychotherapy-notes"


def test_another_clients_authorization_is_refused(cast, auth, sudo):
    from sealbook.records.actions import create_client
    from tests.conftest import client_details

    other = create_client(cast.casey, client_details(legal_first_name="Sky"))
    assert refusal(sudo, authorization_request(other, auth)).code == "no-authorization"


def test_a_period_outside_the_authorized_one_is_refused(cast, sudo):
    start = today() - datetime.timedelta(days=90)
    auth = actions.record_authorization(
        cast.casey, cast.riley, complete_draft(information_from=start, information_to=today())
    )
    early = authorization_request(
        cast.riley,
        auth,
        information_from=start - datetime.timedelta(days=1),
        information_to=today(),
    )
    assert refusal(sudo, early).code == "period"


def test_the_gate_needs_a_fresh_reauthentication(cast, auth):
    from sealbook.access.policy import ReauthenticationRequired

    cast.casey.sudo_active = False
    with pytest.raises(ReauthenticationRequired):
        disclose(cast.casey, authorization_request(cast.riley, auth), channel="x", produce=produce)


@pytest.mark.parametrize("basis", sorted(BASIS_DETAILS), ids=str)
def test_each_legal_basis_records_its_required_details(cast, sudo, basis):
    disclosure, _ = disclose(
        sudo, basis_request(cast.riley, basis), channel="export", produce=produce
    )
    stored = Disclosure.objects.get(pk=disclosure.pk)
    required = {d.key for d in REQUIRED[basis] if d.required}
    assert required and required <= set(stored.basis_details)
    assert stored.basis_details == {k: v for k, v in BASIS_DETAILS[basis].items()}


@pytest.mark.parametrize(
    ("basis", "key"),
    [(b, d.key) for b, details in REQUIRED.items() for d in details if d.required],
    ids=str,
)
def test_a_legal_basis_missing_a_required_detail_is_refused(cast, sudo, basis, key):
    details = {k: v for k, v in BASIS_DETAILS[basis].items() if k != key}
    refused = refusal(sudo, basis_request(cast.riley, basis, details=details))
    assert refused.code == "details"


def test_a_malformed_date_detail_is_refused(cast, sudo):
    details = dict(BASIS_DETAILS[LegalBasis.COURT_ORDER], order_date="last tuesday")
    refused = refusal(sudo, basis_request(cast.riley, LegalBasis.COURT_ORDER, details=details))
    assert "YYYY-MM-DD" in str(refused)


def test_a_copy_to_the_client_needs_the_clients_own_request(cast, sudo):
    request = basis_request(cast.riley, LegalBasis.TREATMENT, to_client=True)
    assert refusal(sudo, request).code == "basis"


def test_a_disclosure_cannot_be_recorded_in_the_future(cast, sudo):
    later = timezone.now() + datetime.timedelta(days=1)
    refused = refusal(sudo, basis_request(cast.riley, LegalBasis.TREATMENT), at=later)
    assert refused.code == "future"


def test_content_is_produced_before_the_gate_opens_its_transaction(cast, auth, sudo):
    # On SQLite a transaction holds the write lock from its start (IMMEDIATE): a records
    # export with recordings built inside it would stall every other writer meanwhile.
    from django.db import connection

    outside = len(connection.savepoint_ids)
    depths: list[int] = []

    def measuring(request):
        depths.append(len(connection.savepoint_ids))
        return produce(request)

    disclose(sudo, authorization_request(cast.riley, auth), channel="export", produce=measuring)
    assert depths == [outside]


def test_the_producers_audit_entries_are_kept_only_with_the_disclosure(
    cast, auth, sudo, monkeypatch
):
    def producing_with_entry(request):
        def record_it():
            from sealbook.audit.log import record

            record(AuditEvent.RECORD_EXPORTED, actor=sudo, client_id=cast.riley.id)

        return Produced(b"synthetic bytes", "Synthetic description", record=record_it)

    def failing_save(self, *args, **kwargs):
        raise RuntimeError("synthetic failure saving the disclosure")

    monkeypatch.setattr(Disclosure, "save", failing_save)
    request = authorization_request(cast.riley, auth)
    with pytest.raises(RuntimeError):
        disclose(sudo, request, channel="export", produce=producing_with_entry)
    assert not AuditEntry.objects.filter(event=AuditEvent.RECORD_EXPORTED).exists()

    monkeypatch.undo()
    disclose(sudo, request, channel="export", produce=producing_with_entry)
    exported = AuditEntry.objects.get(event=AuditEvent.RECORD_EXPORTED)
    recorded = AuditEntry.objects.get(event=AuditEvent.DISCLOSURE_RECORDED)
    assert exported.seq < recorded.seq
