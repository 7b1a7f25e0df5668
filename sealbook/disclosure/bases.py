"""Legal bases for a disclosure without an authorization, and the details each one needs.

APA 4.05(b) and HIPAA 164.506 and 164.512 allow disclosure without consent in
named situations only; the gate refuses a basis whose required details are
missing, so each disclosure records why it was lawful. `ACCOUNTED` is the
164.528(a) rule: which disclosures appear in a client's accounting.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sealbook.disclosure.models import LegalBasis


@dataclass(frozen=True)
class Detail:
    key: str
    label: str
    kind: str = "text"  # "text", "date" or "yes" (a confirmation)
    required: bool = True
    # Shown to the client in the accounting of disclosures (164.528(b)(2)). Not
    # the threat or the person at risk of a duty-to-warn disclosure: telling the
    # client who was warned could put that person in danger.
    in_accounting: bool = True


BASIS_DETAILS: dict[str, tuple[Detail, ...]] = {
    LegalBasis.AUTHORIZATION: (),
    LegalBasis.CLIENT_REQUEST: (
        Detail("request_received_on", "Date the request was received", "date"),
        Detail("identity_verified", "The requester's identity was verified", "yes"),
    ),
    LegalBasis.TREATMENT: (
        Detail("recipient_role", "The recipient's role in the client's treatment"),
    ),
    LegalBasis.PAYMENT: (
        Detail("payer_reference", "Claim or reference the payment concerns"),
        Detail("minimum_necessary", "Only the minimum necessary for payment is sent", "yes"),
    ),
    LegalBasis.OPERATIONS: (
        Detail("activity", "The operations activity (e.g. quality review, audit)"),
        Detail("minimum_necessary", "Only the minimum necessary is sent", "yes"),
    ),
    LegalBasis.COURT_ORDER: (
        Detail("court", "Court that issued the order"),
        Detail("case_number", "Case or docket number"),
        Detail("order_date", "Date of the order", "date"),
    ),
    LegalBasis.DUTY_TO_WARN: (
        Detail("threat", "The serious and imminent threat", in_accounting=False),
        Detail(
            "person_at_risk_or_able_to_help",
            "Who is at risk, or able to lessen the threat",
            in_accounting=False,
        ),
        Detail("good_faith", "Disclosed in good faith to prevent or lessen the threat", "yes"),
    ),
    LegalBasis.MANDATED_REPORT: (
        Detail("law", "The law that requires the report"),
        Detail("agency_reference", "The agency's report or reference number"),
        Detail("client_informed_on", "Date the client was told (164.512(c)(2))", "date", False),
    ),
    LegalBasis.HEALTH_OVERSIGHT: (
        Detail("oversight_activity", "The oversight activity and its legal authority"),
        Detail("request_reference", "The agency's request or reference"),
        Detail(
            "accounting_suspended_until",
            "Accounting suspended at the agency's request until (164.528(a)(2))",
            "date",
            False,
            in_accounting=False,
        ),
    ),
}

# 164.528(a)(1): disclosures for treatment, payment and operations, to the
# client, under an authorization (and others Sealbook never makes: directory,
# national security, correctional, limited data set, incidental) are not
# accounted for. Every other basis is.
ACCOUNTED: frozenset[str] = frozenset(
    {
        LegalBasis.COURT_ORDER,
        LegalBasis.DUTY_TO_WARN,
        LegalBasis.MANDATED_REPORT,
        LegalBasis.HEALTH_OVERSIGHT,
    }
)

# 164.508(a)(2)(ii), 164.512(d) and (j)(1)(i): the only bases other than a
# psychotherapy-note authorization that may carry psychotherapy notes.
MAY_CARRY_PSYCHOTHERAPY_NOTES: frozenset[str] = frozenset(
    {LegalBasis.DUTY_TO_WARN, LegalBasis.HEALTH_OVERSIGHT}
)


def missing_details(basis: str, details: dict[str, str]) -> dict[str, str]:
    """Each required detail of `basis` that is missing or malformed, keyed by its name."""
    errors: dict[str, str] = {}
    for detail in BASIS_DETAILS.get(basis, ()):
        value = str(details.get(detail.key, "") or "").strip()
        if not value:
            if detail.required:
                errors[detail.key] = f"{detail.label}: required for this basis."
            continue
        if detail.kind == "date":
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                errors[detail.key] = f"{detail.label}: enter a date as YYYY-MM-DD."
        elif detail.kind == "yes" and value not in ("yes", "on", "true", "True"):
            errors[detail.key] = f"{detail.label}: confirm it."
    return errors


def labelled_details(
    basis: str, details: dict[str, str], *, for_accounting: bool = False
) -> list[tuple[str, str]]:
    """(label, value) of each detail recorded, in the basis's order, as people read them."""
    result = []
    for detail in BASIS_DETAILS.get(basis, ()):
        value = str(details.get(detail.key, "") or "").strip()
        if not value or (for_accounting and not detail.in_accounting):
            continue
        result.append((detail.label, "Yes" if detail.kind == "yes" else value))
    return result


def clean_details(basis: str, details: dict[str, str]) -> dict[str, str]:
    """Only the details `basis` knows, stripped (unknown keys are dropped)."""
    known = {d.key for d in BASIS_DETAILS.get(basis, ())}
    return {k: str(v).strip() for k, v in details.items() if k in known and str(v).strip()}
