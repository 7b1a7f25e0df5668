from __future__ import annotations

import datetime

from django import forms

from sealbook.consent.models import STAFF_METHODS, ConfidentialityEventKind, SignatureMethod

DATE = forms.DateInput(attrs={"type": "date"})


class SignatureForm(forms.Form):
    """A signature is dated today: the page shows the date as text, and the server
    takes it from its own clock. Only a paper form signed on an earlier day (and
    recorded now) carries a date typed in, and only with the paper method."""

    signer_name = forms.CharField(label="Signer's full name, typed", max_length=200)
    method = forms.ChoiceField(label="How it was signed", choices=STAFF_METHODS)
    paper_signed_on = forms.DateField(
        label="Signed on paper on an earlier day? Its date (leave empty if signed today)",
        required=False,
        widget=DATE,
    )
    representative_authority = forms.CharField(
        label="If a representative signs: their authority (e.g. parent of a minor)",
        max_length=300,
        required=False,
    )
    text_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    agreed = forms.BooleanField(
        label="The signer has read this version and agrees to it", required=True
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("paper_signed_on") and data.get("method") != SignatureMethod.PAPER:
            self.add_error(
                "paper_signed_on",
                "A signature typed here is dated today; an earlier date is only for a paper form.",
            )
        return data

    def signed_on(self, today: datetime.date) -> datetime.date:
        """The signature's date: today, or the paper form's earlier date."""
        earlier: datetime.date | None = self.cleaned_data.get("paper_signed_on")
        return earlier or today


class WithdrawalForm(forms.Form):
    withdrawn_on = forms.DateField(label="The client withdrew on", widget=DATE)
    # Without JavaScript (the CSP allows no inline script) the confirmation is
    # a box to tick: an accidental click on the button withdraws nothing.
    confirmed = forms.BooleanField(label="The client has withdrawn this consent", required=True)


class ConfidentialityEventForm(forms.Form):
    kind = forms.ChoiceField(label="What changed", choices=ConfidentialityEventKind.choices)
    occurred_on = forms.DateField(label="When", widget=DATE)
    description = forms.CharField(
        label="Details (encrypted)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DocumentForm(forms.Form):
    title = forms.CharField(max_length=200)
    text = forms.CharField(
        max_length=50_000, required=False, widget=forms.Textarea(attrs={"rows": 20})
    )
    upload = forms.FileField(
        label="…or upload the new text as a plain-text file (UTF-8)", required=False
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        upload = data.get("upload")
        if upload is not None:
            raw = upload.read(200_001)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    "That file is not readable plain text (UTF-8); nothing was saved."
                ) from None
            if len(raw) > 200_000 or "\x00" in text or not text.strip():
                raise forms.ValidationError(
                    "That file is empty, binary or too large; nothing was saved."
                )
            data["text"] = text
        if not (data.get("text") or "").strip():
            raise forms.ValidationError("Write the text, or upload it as a file.")
        return data
