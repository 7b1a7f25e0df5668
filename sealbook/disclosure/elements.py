"""The elements of a valid authorization (HIPAA 164.508(c)), checked one by one.

`problems()` answers with every missing or wrong element keyed by the form
field it belongs to, so the form can say exactly which element is missing; an
authorization with any problem is never saved.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from sealbook.core.errors import SealbookError
from sealbook.disclosure.models import AuthorizationKind, Category

# Each required element, the field that carries it, and what the form says when it is missing.
ELEMENTS: dict[str, str] = {
    "categories": "Choose the information to disclose (164.508(c)(1)(i)).",
    "description": "Describe the information specifically and meaningfully (164.508(c)(1)(i)).",
    "discloser": "Name who may disclose it (164.508(c)(1)(ii)).",
    "recipient_name": "Name the recipient (164.508(c)(1)(iii)).",
    "purpose": "State each purpose, or 'at the request of the individual' (164.508(c)(1)(iv)).",
    "expiry": "Give an expiry date or an expiry event (164.508(c)(1)(v)).",
    "signer_name": "The signer's name is required (164.508(c)(1)(vi)).",
    "signed_on": "The date of signature is required (164.508(c)(1)(vi)).",
    "representative_authority": "A representative's authority to act for the client is "
    "required when a representative signs (164.508(c)(1)(vi)).",
    "statement_right_to_revoke": "The form must state the right to revoke and how "
    "(164.508(c)(2)(i)).",
    "statement_conditioning": "The form must state whether treatment may be conditioned on "
    "signing (164.508(c)(2)(ii)).",
    "statement_redisclosure": "The form must state that disclosed information may be "
    "redisclosed by the recipient (164.508(c)(2)(iii)).",
    "copy_given_to_client": "The client must be given a copy (164.508(c)(4)).",
}


class AuthorizationInvalid(SealbookError):
    """An authorization lacks an element or has a wrong one; `errors` maps field to message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("the authorization is not valid: " + " ".join(errors.values()))
        self.errors = errors


@dataclass
class AuthorizationDraft:
    kind: str = AuthorizationKind.GENERAL
    categories: list[str] = field(default_factory=list)
    information_from: datetime.date | None = None
    information_to: datetime.date | None = None
    description: str = ""
    discloser: str = ""
    recipient_name: str = ""
    recipient_address: str = ""
    purpose: str = ""
    expires_on: datetime.date | None = None
    expiry_event: str = ""
    signer_name: str = ""
    signed_on: datetime.date | None = None
    signed_by_representative: bool = False
    representative_authority: str = ""
    statement_right_to_revoke: bool = False
    statement_conditioning: bool = False
    statement_redisclosure: bool = False
    copy_given_to_client: bool = False


def problems(draft: AuthorizationDraft, today: datetime.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    text = {
        name: getattr(draft, name).strip()
        for name in ("description", "discloser", "recipient_name", "purpose", "signer_name")
    }
    for name, value in text.items():
        if not value:
            errors[name] = ELEMENTS[name]
    if not draft.categories:
        errors["categories"] = ELEMENTS["categories"]
    elif set(draft.categories) - set(Category.values):
        errors["categories"] = "Choose the information from the list."
    if draft.expires_on is None and not draft.expiry_event.strip():
        errors["expiry"] = ELEMENTS["expiry"]
    if draft.signed_on is None:
        errors["signed_on"] = ELEMENTS["signed_on"]
    if draft.signed_by_representative and not draft.representative_authority.strip():
        errors["representative_authority"] = ELEMENTS["representative_authority"]
    for name in (
        "statement_right_to_revoke",
        "statement_conditioning",
        "statement_redisclosure",
        "copy_given_to_client",
    ):
        if not getattr(draft, name):
            errors[name] = ELEMENTS[name]
    errors.update(_wrong_values(draft, today))
    return errors


def _wrong_values(draft: AuthorizationDraft, today: datetime.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if draft.kind not in AuthorizationKind.values:
        errors["kind"] = "Choose the kind of authorization."
    notes_only = [Category.PSYCHOTHERAPY_NOTES.value]
    if draft.kind == AuthorizationKind.PSYCHOTHERAPY_NOTES and draft.categories not in (
        [],
        notes_only,
    ):
        errors["categories"] = (
            "A psychotherapy-note authorization covers psychotherapy notes only; it may not be "
            "combined with another kind (164.508(b)(3)(ii)). Record a separate authorization."
        )
    if draft.kind == AuthorizationKind.GENERAL and Category.PSYCHOTHERAPY_NOTES in draft.categories:
        errors["categories"] = (
            "Psychotherapy notes need their own authorization, which may not be combined with "
            "another kind (164.508(b)(3)(ii))."
        )
    if draft.signed_on is not None and draft.signed_on > today:
        errors["signed_on"] = "The date of signature cannot be in the future."
    if (
        draft.expires_on is not None
        and draft.signed_on is not None
        and draft.expires_on < draft.signed_on
    ):
        errors["expiry"] = "The authorization would expire before it was signed."
    if draft.expires_on is not None and draft.expires_on < today:
        errors["expiry"] = "The expiry date is in the past."
    if (
        draft.information_from is not None
        and draft.information_to is not None
        and draft.information_to < draft.information_from
    ):
        errors["information_to"] = "The period of the information ends before it starts."
    return errors


def check(draft: AuthorizationDraft, today: datetime.date) -> None:
    errors = problems(draft, today)
    if errors:
        raise AuthorizationInvalid(errors)
