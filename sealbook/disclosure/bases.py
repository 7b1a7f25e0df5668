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
    kind: str = "text"  # "text", "date", "yes" (a confirmation) or "choice" (one of `choices`)
    required: bool = True
    # Shown to the client in the accounting of disclosures (164.528(b)(2)). Not
    # the threat or the person at risk of a duty-to-warn disclosure: telling the
    # client who was warned could put that person in danger.
    in_accounting: bool = True
    choices: tuple[tuple[str, str], ...] = ()


# 164.512(f): the law-enforcement purposes a disclosure may serve, each its own rule.
LAW_ENFORCEMENT_PURPOSES: tuple[tuple[str, str], ...] = (
    ("required-by-law", "Required by law, e.g. a reporting law (164.512(f)(1)(i))"),
    ("judicial-process", "Court-ordered warrant, or a subpoena or summons issued by a "
     "judicial officer (164.512(f)(1)(ii)(A))"),
    ("grand-jury", "Grand jury subpoena (164.512(f)(1)(ii)(B))"),
    ("administrative-request", "Administrative request, subpoena or demand authorized by law "
     "(164.512(f)(1)(ii)(C))"),
    ("identification", "Identifying or locating a suspect, fugitive, material witness or "
     "missing person (164.512(f)(2))"),
    ("crime-victim", "About a victim of a crime (164.512(f)(3))"),
    ("decedent", "About a death that may have resulted from a crime (164.512(f)(4))"),
    ("crime-on-premises", "Evidence of a crime on the practice's premises (164.512(f)(5))"),
    ("emergency", "Reporting a crime in an emergency (164.512(f)(6))"),
)  # fmt: skip
# 164.512(f)(2)(i): identification and location allow a short list of data elements only.
IDENTIFICATION_CATEGORIES = frozenset({"demographics", "service-dates"})


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
    # 164.512(e)(1)(ii): a subpoena or discovery request not ordered by a court needs the
    # practice to have "satisfactory assurance": notice to the client with time to object
    # (the objection period over), or a qualified protective order (`subpoena_problems`).
    LegalBasis.SUBPOENA: (
        Detail("requesting_party", "Party or attorney who served the request"),
        Detail("case_number", "Case or docket number"),
        Detail("served_on", "Date the request was served", "date"),
        Detail("client_notified_on", "Date written notice was given to the client", "date",
               False),
        Detail("objection_deadline", "Last day for the client to object", "date", False),
        Detail("no_objection_pending", "No objection was filed, or the court resolved it",
               "yes", False),
        Detail("protective_order", "Qualified protective order (court and date)", "text",
               False),
    ),
    LegalBasis.LAW_ENFORCEMENT: (
        Detail("le_purpose", "Law-enforcement purpose", "choice",
               choices=LAW_ENFORCEMENT_PURPOSES),
        Detail("agency", "Agency and official making the request"),
        Detail("request_reference", "Warrant, subpoena or request reference"),
        Detail("administrative_test", "The information is relevant and material, specific "
               "and limited, and de-identified information would not do (164.512(f)(1)(ii)(C))",
               "yes", False),
    ),
}  # fmt: skip

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
        LegalBasis.SUBPOENA,
        LegalBasis.LAW_ENFORCEMENT,
    }
)

# Legal demands: only the minimum necessary goes out, so the user names the period the
# information covers (and picks its kinds), and never psychotherapy notes
# (MAY_CARRY_PSYCHOTHERAPY_NOTES leaves these bases out).
LEGAL_DEMANDS: frozenset[str] = frozenset({LegalBasis.SUBPOENA, LegalBasis.LAW_ENFORCEMENT})

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
        elif detail.kind == "choice" and value not in dict(detail.choices):
            errors[detail.key] = f"{detail.label}: choose one of those listed."
    return errors


def _date(details: dict[str, str], key: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(details.get(key, "") or "").strip())
    except ValueError:
        return None


def subpoena_problems(details: dict[str, str], on: datetime.date) -> list[str]:
    """What is missing for the satisfactory assurances of 164.512(e)(1)(ii), on day `on`.

    Either (A) the client was given written notice and the time to object has
    passed with no objection pending (164.512(e)(1)(iii)), or (B) a qualified
    protective order was sought or obtained (164.512(e)(1)(iv)).
    """
    if str(details.get("protective_order", "") or "").strip():
        return []
    notified = _date(details, "client_notified_on")
    deadline = _date(details, "objection_deadline")
    if notified is None and deadline is None:
        return [
            "A subpoena without a court order needs satisfactory assurance: the date the "
            "client was given notice and the last day to object, or a qualified protective order."
        ]
    problems = []
    if notified is None or deadline is None:
        problems.append(
            "Give both the date of the notice to the client and the last day to object."
        )
    elif deadline < notified:
        problems.append("The last day to object comes before the notice.")
    elif on <= deadline:
        problems.append(f"Wait for objections: the client may object until {deadline:%Y-%m-%d}.")
    elif str(details.get("no_objection_pending", "")) not in ("yes", "on", "true", "True"):
        problems.append("Confirm that no objection was filed, or that the court resolved it.")
    return problems


def law_enforcement_problems(details: dict[str, str], categories: frozenset[str]) -> list[str]:
    """What the chosen 164.512(f) purpose further requires."""
    purpose = details.get("le_purpose", "")
    if purpose == "administrative-request" and str(details.get("administrative_test", "")) not in (
        "yes",
        "on",
        "true",
        "True",
    ):
        return [
            "An administrative request needs the three-part test of 164.512(f)(1)(ii)(C) confirmed."
        ]
    if purpose == "identification" and not categories <= IDENTIFICATION_CATEGORIES:
        return [
            "Identification and location allow identifying information and dates of "
            "service only (164.512(f)(2))."
        ]
    return []


def labelled_details(
    basis: str, details: dict[str, str], *, for_accounting: bool = False
) -> list[tuple[str, str]]:
    """(label, value) of each detail recorded, in the basis's order, as people read them."""
    result = []
    for detail in BASIS_DETAILS.get(basis, ()):
        value = str(details.get(detail.key, "") or "").strip()
        if not value or (for_accounting and not detail.in_accounting):
            continue
        if detail.kind == "yes":
            value = "Yes"
        elif detail.kind == "choice":
            value = dict(detail.choices).get(value, value)
        result.append((detail.label, value))
    return result


def clean_details(basis: str, details: dict[str, str]) -> dict[str, str]:
    """Only the details `basis` knows, stripped (unknown keys are dropped)."""
    known = {d.key for d in BASIS_DETAILS.get(basis, ())}
    return {k: str(v).strip() for k, v in details.items() if k in known and str(v).strip()}
