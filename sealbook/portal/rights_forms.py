"""The forms of releases sent to sign, and of the staff's answers to rights requests."""

from __future__ import annotations

from typing import Any

from django import forms

from sealbook.disclosure.forms import AuthorizationForm
from sealbook.disclosure.models import DESIGNATED_RECORD_SET, RESTRICTABLE_CHOICES, Category
from sealbook.records.models import NoteStatus, ProgressNote

# The client adds the signature in the portal; the statements are in the text they sign.
SIGNED_IN_PORTAL = (
    "signer_name", "signed_on", "signed_by_representative", "representative_authority",
    "statement_right_to_revoke", "statement_conditioning", "statement_redisclosure",
    "copy_given_to_client",
)  # fmt: skip


class ReleaseForm(AuthorizationForm):
    """An authorization's elements, but for those the portal adds when the client signs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in SIGNED_IN_PORTAL:
            del self.fields[name]


class NoteChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A signed note, named by its session's date (or its own) and its format."""

    def label_from_instance(self, obj: Any) -> str:
        day = obj.session.date if obj.session else obj.created_at.date()
        return f"{day:%Y-%m-%d} {obj.get_format_display()} note"


class AmendmentAnswerForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("deny", "Deny")])
    note = NoteChoiceField(queryset=ProgressNote.objects.none())
    text = forms.CharField(max_length=5000, required=False)
    reason = forms.CharField(max_length=5000, required=False)

    def __init__(self, *args: Any, client: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        note = self.fields["note"]
        if isinstance(note, forms.ModelChoiceField):
            note.queryset = ProgressNote.objects.filter(
                client=client, status=NoteStatus.SIGNED
            ).select_related("session")


class RestrictionAnswerForm(forms.Form):
    """The answer, and when agreeing the restriction's scope as the disclosure gate reads it."""

    decision = forms.ChoiceField(choices=[("agree", "Agree"), ("decline", "Decline")])
    answer = forms.CharField(max_length=5000, required=False)
    bases = forms.MultipleChoiceField(
        label="It restricts", choices=RESTRICTABLE_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    recipient_name = forms.CharField(
        label="To this recipient only (empty: to anyone)", max_length=200, required=False
    )
    categories = forms.MultipleChoiceField(
        label="Of these kinds of information (none ticked: the whole record)",
        choices=[(c.value, c.label) for c in Category if c in DESIGNATED_RECORD_SET],
        required=False, widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
