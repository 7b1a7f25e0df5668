"""The forms of the share flow and the leak check, with the limits they enforce.

The same `ShareForm` carries the whole flow (choose, review, produce): the
review page sends the chosen note ids, the pasted text, the policy and the
operator back as hidden fields, with the reviewer's rejections and marks.
Nothing of it is stored between requests.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone

from sealbook.core.deid import POLICIES, Label, Operator, Policy, get_policy
from sealbook.disclosure.forms import LegalBasisSendForm
from sealbook.disclosure.gate import DisclosureRequest
from sealbook.disclosure.models import Authorization, LegalBasis
from sealbook.records.models import Client
from sealbook.sharing.review import MAX_MARKS, PacketRequest, SourceDocument, parse_marks

MAX_PASTED_CHARACTERS = 100_000
MAX_NOTES = 20
MAX_REJECTED = 2_000
MAX_MARK_CHARACTERS = 5_000
_KEY = re.compile(r"\d{1,3}:\d{1,7}:\d{1,7}:[A-Z0-9_]{1,20}")

POLICY_LABELS = {
    "safe-harbor": "HIPAA Safe Harbor: the 18 identifiers",
    "disguise": "APA 4.07 disguise: Safe Harbor plus employers, schools, places, occupations",
    "limited-data-set": "Limited data set: keeps dates, towns and ZIP codes (not de-identified)",
}
OPERATOR_LABELS = {
    Operator.REDACT.value: "Redact: a typed placeholder such as [NAME]",
    Operator.PSEUDONYM.value: "Pseudonyms: one made-up name per person, dates shifted",
}


def _normal_newlines(text: str) -> str:
    # Browsers send CRLF; the offsets of the findings are into the LF text.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _choice_error(what: str, choices: list[str]) -> dict[str, str]:
    message = f"Choose one of the {what}: {', '.join(choices)}."
    return {"invalid_choice": message, "required": message}


class LeakCheckForm(forms.Form):
    text = forms.CharField(
        label="Text to check",
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Paste the text to check."},
    )

    def clean_text(self) -> str:
        text = _normal_newlines(self.cleaned_data["text"])
        if len(text) > MAX_PASTED_CHARACTERS:
            raise forms.ValidationError(
                f"The text is too long to check here ({len(text):,} characters; at most "
                f"{MAX_PASTED_CHARACTERS:,}). Check it in parts, or with `sealbook leak-check`."
            )
        return text


class ShareForm(forms.Form):
    pasted = forms.CharField(
        label="Text to add (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    policy = forms.ChoiceField(
        choices=[(name, POLICY_LABELS.get(name, name)) for name in POLICIES],
        initial="disguise",
        error_messages=_choice_error("policies", list(POLICIES)),
    )
    operator = forms.ChoiceField(
        choices=list(OPERATOR_LABELS.items()),
        initial=Operator.REDACT.value,
        error_messages=_choice_error("operators", list(OPERATOR_LABELS)),
    )
    marks = forms.CharField(
        label="More text to remove, one phrase per line",
        required=False,
        max_length=MAX_MARK_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    mark_label = forms.ChoiceField(
        label="Kind of the marked text",
        choices=[(label.value, label.value) for label in Label],
        initial=Label.NAME.value,
        required=False,
        error_messages=_choice_error("kinds", [label.value for label in Label]),
    )

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        # Lists the form fields do not carry; `data` is request.POST (a QueryDict).
        self.raw_note_ids: list[str] = list(data.getlist("notes")) if data else []
        self.raw_rejected: list[str] = list(data.getlist("rejected")) if data else []

    def clean_pasted(self) -> str:
        text = _normal_newlines(self.cleaned_data["pasted"])
        if len(text) > MAX_PASTED_CHARACTERS:
            raise forms.ValidationError(
                f"The pasted text is too long ({len(text):,} characters; at most "
                f"{MAX_PASTED_CHARACTERS:,}). Share it in more than one packet."
            )
        return text

    def clean_marks(self) -> list[str]:
        raw = _normal_newlines(self.cleaned_data["marks"])
        if len({line.strip() for line in raw.splitlines() if line.strip()}) > MAX_MARKS:
            raise forms.ValidationError(f"Mark at most {MAX_MARKS} phrases.")
        return parse_marks(raw)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            ids = [uuid.UUID(v) for v in self.raw_note_ids]
        except ValueError:
            raise forms.ValidationError("A chosen note is not a note of this chart.") from None
        if len(ids) > MAX_NOTES:
            raise forms.ValidationError(f"Choose at most {MAX_NOTES} notes for one packet.")
        cleaned["note_ids"] = list(dict.fromkeys(ids))
        if len(self.raw_rejected) > MAX_REJECTED or not all(
            _KEY.fullmatch(k) for k in self.raw_rejected
        ):
            raise forms.ValidationError("The rejected findings are not ones this review showed.")
        cleaned["rejected"] = set(self.raw_rejected)
        if not cleaned["note_ids"] and not cleaned.get("pasted") and "pasted" not in self.errors:
            raise forms.ValidationError("Choose at least one note or paste some text to share.")
        return cleaned

    @property
    def chosen_policy(self) -> Policy:
        return get_policy(self.cleaned_data["policy"])

    @property
    def chosen_operator(self) -> Operator:
        return Operator(self.cleaned_data["operator"])

    @property
    def chosen_mark_label(self) -> Label:
        return Label(self.cleaned_data["mark_label"] or Label.NAME.value)

    def packet_request(self, documents: Sequence[SourceDocument]) -> PacketRequest:
        """The reviewer's choices for `documents` (the notes and text this form names)."""
        data = self.cleaned_data
        return PacketRequest(
            documents,
            self.chosen_policy,
            self.chosen_operator,
            data["rejected"],
            data["marks"],
            self.chosen_mark_label,
        )


class PacketDisclosureForm(LegalBasisSendForm):
    """To whom, why and on what basis a packet that still identifies the client goes out.

    What goes out is fixed by the packet (progress notes over the notes'
    dates), so the record-export fields of the parent form are dropped.
    """

    basis = forms.ChoiceField(
        label="Legal basis",
        choices=LegalBasis.choices,
        error_messages=_choice_error("legal bases", list(LegalBasis.values)),
    )
    authorization = forms.ModelChoiceField(
        label="Authorization (when that is the basis)",
        queryset=Authorization.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Choose one of this client's authorizations."},
    )

    def __init__(self, data: Any = None, *, client: Client, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        for name in ("categories", "information_from", "information_to"):
            del self.fields[name]
        field = self.fields["authorization"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared just above
        field.queryset = Authorization.objects.filter(client=client)
        today = timezone.localdate()
        # Labels that depend on today's date: set on the field of this form, not its class.
        field.label_from_instance = lambda obj: (  # type: ignore[method-assign]
            f"To {obj.recipient_name}: {obj.status_label(today).lower()}"
        )
        self.client = client

    def disclosure_request(self) -> DisclosureRequest:
        """The gate's request; the action fills in what the packet holds."""
        data = self.cleaned_data
        under_authorization = data["basis"] == LegalBasis.AUTHORIZATION
        return DisclosureRequest(
            client=self.client,
            basis=data["basis"],
            authorization=data["authorization"] if under_authorization else None,
            recipient_name=data["recipient_name"],
            recipient_address=data["recipient_address"],
            purpose=data["purpose"],
            categories=frozenset(),
            details={} if under_authorization else self.details(),
        )
