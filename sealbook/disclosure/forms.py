"""Authorization form: every field optional to Django, so that `elements.problems` alone
decides what is missing and says which 164.508(c) element it is."""

from __future__ import annotations

from typing import Any

from django import forms

from sealbook.disclosure import statements
from sealbook.disclosure.bases import BASIS_DETAILS
from sealbook.disclosure.elements import AuthorizationDraft
from sealbook.disclosure.models import AuthorizationKind, Category, LegalBasis

DATE = forms.DateInput(attrs={"type": "date"})


def _text(label: str, max_length: int = 300, rows: int = 0) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label, max_length=max_length, required=False, widget=widget)


class AuthorizationForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=AuthorizationKind.choices)
    categories = forms.MultipleChoiceField(
        label="Information to disclose",
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    information_from = forms.DateField(
        label="Information from (optional)", required=False, widget=DATE
    )
    information_to = forms.DateField(label="Information to (optional)", required=False, widget=DATE)
    description = _text("Specific description of the information", 2000, 2)
    discloser = _text("Who may disclose it (person or practice)")
    recipient_name = _text("Recipient (name)")
    recipient_address = _text("Recipient's address (if known)", 500, 2)
    purpose = _text("Purpose of each disclosure, or 'at the request of the individual'", 1000, 2)
    expires_on = forms.DateField(label="Expires on", required=False, widget=DATE)
    expiry_event = _text("…or expires at this event")
    signer_name = _text("Signed by (name)")
    signed_on = forms.DateField(label="Date signed", required=False, widget=DATE)
    signed_by_representative = forms.BooleanField(
        label="Signed by a personal representative", required=False
    )
    representative_authority = _text("The representative's authority to act for the client")
    statement_right_to_revoke = forms.BooleanField(
        label="The form states: " + statements.RIGHT_TO_REVOKE, required=False
    )
    statement_conditioning = forms.BooleanField(
        label="The form states: " + statements.CONDITIONING, required=False
    )
    statement_redisclosure = forms.BooleanField(
        label="The form states: " + statements.REDISCLOSURE, required=False
    )
    copy_given_to_client = forms.BooleanField(
        label="The client was given (or offered) a copy", required=False
    )

    def draft(self) -> AuthorizationDraft:
        data = dict(self.cleaned_data)
        for name in (
            "description", "discloser", "recipient_name", "recipient_address", "purpose",
            "expiry_event", "signer_name", "representative_authority",
        ):  # fmt: skip
            data[name] = data.get(name) or ""
        data["categories"] = list(data.get("categories") or [])
        return AuthorizationDraft(**data)

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, message in problems.items():
            target = "expires_on" if name == "expiry" else name
            self.add_error(target if target in self.fields else None, message)


class RevocationForm(forms.Form):
    revoked_on = forms.DateField(label="Revocation received on", widget=DATE)


def basis_detail_fields() -> dict[str, forms.Field]:
    """One form field per legal-basis detail, named `<basis>__<key>`."""
    result: dict[str, forms.Field] = {}
    for basis, details in BASIS_DETAILS.items():
        for detail in details:
            name = f"{basis}__{detail.key}"
            if detail.kind == "date":
                result[name] = forms.DateField(label=detail.label, required=False, widget=DATE)
            elif detail.kind == "yes":
                result[name] = forms.BooleanField(label=detail.label, required=False)
            elif detail.kind == "choice":
                result[name] = forms.ChoiceField(
                    label=detail.label, required=False, choices=[("", "—"), *detail.choices]
                )
            else:
                result[name] = forms.CharField(label=detail.label, max_length=500, required=False)
    return result


class SendForm(forms.Form):
    """What to send and to whom; the legal-basis variant adds the basis and its details."""

    recipient_name = forms.CharField(label="Recipient (name)", max_length=300, required=False)
    recipient_address = forms.CharField(
        label="Recipient's address",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    purpose = forms.CharField(label="Purpose", max_length=1000, required=False)
    categories = forms.MultipleChoiceField(
        label="Information to send",
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    information_from = forms.DateField(label="Notes from", required=False, widget=DATE)
    information_to = forms.DateField(label="Notes to", required=False, widget=DATE)


# A copy at the client's own request goes out from the access request that
# records the request, who made it and whom the client directed it to
# (164.524(c)(3)(ii)); an authorization, from the authorization's page.
FORM_BASES = [
    c
    for c in LegalBasis.choices
    if c[0] not in (LegalBasis.AUTHORIZATION, LegalBasis.CLIENT_REQUEST)
]


class LegalBasisSendForm(SendForm):
    basis = forms.ChoiceField(label="Legal basis", choices=FORM_BASES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(basis_detail_fields())

    def details(self) -> dict[str, str]:
        basis = self.cleaned_data["basis"]
        prefix = f"{basis}__"
        result = {}
        for name, value in self.cleaned_data.items():
            if name.startswith(prefix) and value not in (None, "", False):
                result[name[len(prefix) :]] = "yes" if value is True else str(value)
        return result

    def detail_groups(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        return [
            (basis, LegalBasis(basis).label, [self[f"{basis}__{d.key}"] for d in details])
            for basis, details in BASIS_DETAILS.items()
            if details and basis in dict(FORM_BASES)
        ]
