"""Legal demands in the disclosure gate (issue 17): a subpoena or discovery request without a
court order (164.512(e)(1)(ii)) and law enforcement (164.512(f)).

A subpoena goes out only with satisfactory assurance (notice to the client and the objection
period over, or a qualified protective order); a law-enforcement request names its purpose;
both release the minimum necessary (a stated period and kinds of information, never
psychotherapy notes) and appear in the client's accounting with their basis.
"""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest

from sealbook.disclosure.accounting import produce_accounting
from sealbook.disclosure.gate import DisclosureRefused, Produced, disclose
from sealbook.disclosure.models import Category, Disclosure, LegalBasis
from tests.conftest import sign_in
from tests.disclosure.support import basis_request, today
from tests.disclosure.test_pages import reauthenticated


def produce(request):
    return Produced(b"synthetic released bytes", "Dates of service, first quarter")


@pytest.fixture
def sudo(cast):
    cast.casey.sudo_active = True
    return cast.casey


def days(n: int) -> str:
    return (today() + datetime.timedelta(days=n)).isoformat()


SUBPOENA = {
    "requesting_party": "Synthetic & Placeholder LLP for the plaintiff",
    "case_number": "26-CV-00001",
    "served_on": days(-30),
}


def refused(actor, request) -> DisclosureRefused:
    with pytest.raises(DisclosureRefused) as caught:
        disclose(actor, request, channel="export", produce=produce)
    assert not Disclosure.objects.exists()
    return caught.value


def test_a_subpoena_without_assurances_is_refused(cast, sudo):
    outcome = refused(sudo, basis_request(cast.riley, LegalBasis.SUBPOENA, details=SUBPOENA))
    assert outcome.code == "assurance" and "satisfactory assurance" in str(outcome)


def test_a_subpoena_waits_for_the_objection_period(cast, sudo):
    waiting = dict(SUBPOENA, client_notified_on=days(-10), objection_deadline=days(4),
                   no_objection_pending="yes")  # fmt: skip
    outcome = refused(sudo, basis_request(cast.riley, LegalBasis.SUBPOENA, details=waiting))
    assert "Wait for objections" in str(outcome) and days(4) in str(outcome)
    unconfirmed = dict(waiting, objection_deadline=days(-1), no_objection_pending="")
    outcome = refused(sudo, basis_request(cast.riley, LegalBasis.SUBPOENA, details=unconfirmed))
    assert "no objection was filed" in str(outcome)


def test_a_subpoena_with_notice_and_the_period_over_goes_out_and_is_accounted(cast, sudo):
    details = dict(SUBPOENA, client_notified_on=days(-20), objection_deadline=days(-6),
                   no_objection_pending="yes")  # fmt: skip
    disclosure, _ = disclose(
        sudo, basis_request(cast.riley, LegalBasis.SUBPOENA, details=details),
        channel="export", produce=produce,
    )  # fmt: skip
    assert disclosure.basis == LegalBasis.SUBPOENA
    entries = produce_accounting(cast.casey, cast.riley, today())
    assert [e.basis for e in entries] == [LegalBasis.SUBPOENA.label]
    shown = dict(entries[0].details)
    assert shown["Date written notice was given to the client"] == days(-20)
    assert shown["Last day for the client to object"] == days(-6)


def test_a_subpoena_with_a_qualified_protective_order_goes_out(cast, sudo):
    details = dict(SUBPOENA, protective_order="Qualified protective order, Circuit Court")
    disclose(sudo, basis_request(cast.riley, LegalBasis.SUBPOENA, details=details),
             channel="export", produce=produce)  # fmt: skip
    assert Disclosure.objects.count() == 1


@pytest.mark.parametrize("basis", [LegalBasis.SUBPOENA, LegalBasis.LAW_ENFORCEMENT], ids=str)
def test_legal_demands_never_carry_psychotherapy_notes_and_need_a_period(cast, sudo, basis):
    notes = basis_request(cast.riley, basis, categories=frozenset({Category.PSYCHOTHERAPY_NOTES}))
    assert refused(sudo, notes).code == "psychotherapy-notes"
    open_ended = basis_request(cast.riley, basis, information_from=None)
    assert refused(sudo, open_ended).code == "minimum-necessary"


LAW = {"agency": "Fictionville police, Detective Synthetic", "request_reference": "Req SYNTH-9"}


def test_law_enforcement_names_a_purpose_with_its_own_limits(cast, sudo):
    outcome = refused(sudo, basis_request(cast.riley, LegalBasis.LAW_ENFORCEMENT, details=LAW))
    assert outcome.code == "details"
    bogus = dict(LAW, le_purpose="curiosity")
    assert refused(sudo, basis_request(cast.riley, LegalBasis.LAW_ENFORCEMENT,
                                       details=bogus)).code == "details"  # fmt: skip
    admin = dict(LAW, le_purpose="administrative-request")
    outcome = refused(sudo, basis_request(cast.riley, LegalBasis.LAW_ENFORCEMENT, details=admin))
    assert "three-part test" in str(outcome)
    locate = dict(LAW, le_purpose="identification")
    too_much = basis_request(
        cast.riley, LegalBasis.LAW_ENFORCEMENT, details=locate,
        categories=frozenset({Category.PROGRESS_NOTES}),
    )  # fmt: skip
    assert "164.512(f)(2)" in str(refused(sudo, too_much))
    disclose(sudo, basis_request(cast.riley, LegalBasis.LAW_ENFORCEMENT, details=locate,
                                 categories=frozenset({Category.DEMOGRAPHICS})),
             channel="export", produce=produce)  # fmt: skip
    entries = produce_accounting(cast.casey, cast.riley, today())
    assert [e.basis for e in entries] == [LegalBasis.LAW_ENFORCEMENT.label]
    assert dict(entries[0].details)["Law-enforcement purpose"].startswith("Identifying or locating")


def form(**extra):
    data = {
        "basis": "subpoena",
        "recipient_name": "Synthetic & Placeholder LLP",
        "purpose": "Response to a subpoena duces tecum",
        "categories": ["service-dates", "progress-notes"],
        "information_from": days(-120),
        "information_to": days(-1),
        "subpoena__requesting_party": "Synthetic & Placeholder LLP for the plaintiff",
        "subpoena__case_number": "26-CV-00001",
        "subpoena__served_on": days(-30),
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def test_the_subpoena_flow_on_the_page_refused_then_released_with_its_pdf(client, cast):
    reauthenticated(sign_in(client, cast.casey))
    url = f"/clients/{cast.riley.pk}/disclose/"
    page = client.get(url).content.decode()
    assert "164.512(e)(1)(ii)" in page and "subpoena__objection_deadline" in page
    response = client.post(url, form())
    assert response.status_code == 409 and "satisfactory assurance" in response.content.decode()
    assert not Disclosure.objects.exists()
    response = client.post(url, form(**{
        "subpoena__client_notified_on": days(-20), "subpoena__objection_deadline": days(-6),
        "subpoena__no_objection_pending": "on",
    }))  # fmt: skip
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert any(name.endswith(".pdf") for name in archive.namelist())  # what was released
    disclosure = Disclosure.objects.get()
    assert disclosure.basis == LegalBasis.SUBPOENA
    assert disclosure.information_to == datetime.date.fromisoformat(days(-1))
    accounting = client.get(f"/clients/{cast.riley.pk}/accounting/").content.decode()
    assert "Subpoena or discovery request without a court order" in accounting
