"""The accounting of disclosures (HIPAA 164.528) over a generated history of every basis.

Each row of HISTORY is one disclosure: its basis, how many days ago it was
made, whether it went to the client, extra details, and whether a 164.528
accounting produced today must list it.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sealbook.disclosure import actions
from sealbook.disclosure.accounting import accounting_entries, six_years_before
from sealbook.disclosure.gate import Produced, disclose
from sealbook.disclosure.models import LegalBasis
from tests.disclosure.support import authorization_request, basis_request, complete_draft, today

SIX_YEARS = (today() - six_years_before(today())).days

# (label, basis, days ago, to the client, extra details, must be listed)
HISTORY = [
    ("court order", LegalBasis.COURT_ORDER, 10, False, {}, True),
    ("duty to warn", LegalBasis.DUTY_TO_WARN, 400, False, {}, True),
    ("mandated report", LegalBasis.MANDATED_REPORT, 900, False, {}, True),
    ("health oversight", LegalBasis.HEALTH_OVERSIGHT, 30, False, {}, True),
    ("oversight, suspension over", LegalBasis.HEALTH_OVERSIGHT, 200, False,
     {"accounting_suspended_until": (today() - datetime.timedelta(days=5)).isoformat()}, True),
    ("oversight, suspended", LegalBasis.HEALTH_OVERSIGHT, 20, False,
     {"accounting_suspended_until": (today() + datetime.timedelta(days=60)).isoformat()}, False),
    ("court order at six years", LegalBasis.COURT_ORDER, SIX_YEARS, False, {}, True),
    ("court order older than six years", LegalBasis.COURT_ORDER, SIX_YEARS + 1, False, {}, False),
    ("treatment", LegalBasis.TREATMENT, 15, False, {}, False),
    ("payment", LegalBasis.PAYMENT, 16, False, {}, False),
    ("operations", LegalBasis.OPERATIONS, 17, False, {}, False),
    ("to the client", LegalBasis.CLIENT_REQUEST, 18, True, {}, False),
    ("directed by the client", LegalBasis.CLIENT_REQUEST, 19, False, {}, False),
    ("under an authorization", LegalBasis.AUTHORIZATION, 0, False, {}, False),
]  # fmt: skip


@pytest.fixture
def history(cast):
    cast.casey.sudo_active = True
    auth = actions.record_authorization(cast.casey, cast.riley, complete_draft())
    made = {}
    for label, basis, days_ago, to_client, extra, _ in HISTORY:
        if basis == LegalBasis.AUTHORIZATION:
            request = authorization_request(cast.riley, auth)
        else:
            request = basis_request(
                cast.riley,
                basis,
                to_client=to_client,
                purpose=f"Purpose: {label}",
                recipient_name=f"Recipient: {label}",
            )
            request.details.update(extra)
        disclosure, _ = disclose(
            cast.casey,
            request,
            channel="recorded",
            produce=lambda r, label=label: Produced(label.encode(), f"Description: {label}"),
            at=timezone.now() - datetime.timedelta(days=days_ago),
        )
        made[label] = disclosure
    return made


def test_the_accounting_lists_exactly_what_164_528_requires(cast, history):
    entries = accounting_entries(cast.riley, today())
    listed = {e.disclosure_id for e in entries}
    required = {str(history[row[0]].id) for row in HISTORY if row[5]}
    assert listed == required


def test_each_entry_has_date_recipient_address_description_and_purpose(cast, history):
    entries = accounting_entries(cast.riley, today())
    court = next(e for e in entries if e.recipient == "Recipient: court order")
    assert court.disclosed_on == today() - datetime.timedelta(days=10)
    assert court.address == "1 Nowhere Plaza"
    assert court.description == "Description: court order"
    assert court.purpose == "Purpose: court order"
    assert [e.disclosed_on for e in entries] == sorted(e.disclosed_on for e in entries)


def test_the_accounting_report_page_and_pdf_show_the_entries(client, cast, history):
    import io

    from pypdf import PdfReader

    from tests.conftest import sign_in

    sign_in(client, cast.casey)
    page = client.get(f"/clients/{cast.riley.pk}/accounting/")
    assert page.status_code == 200
    assert b"Recipient: court order" in page.content
    assert b"Recipient: treatment" not in page.content
    pdf = client.get(f"/clients/{cast.riley.pk}/accounting/?format=pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Recipient: duty to warn" in text and "Recipient: payment" not in text
