from __future__ import annotations

import datetime
from typing import Any

from django import forms

from sealbook.accounts.models import CLINICAL_ROLES, User
from sealbook.records.models import NOTE_SECTIONS, Modality, NoteFormat, Service


def _text(label: str, required: bool = False, max_length: int = 200) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length)


# Django's form fields are generic only in django-stubs, not at run time, so the
# base class cannot be subscripted here.
class ClinicianChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} ({obj.get_role_display()})"


class ClientForm(forms.Form):
    legal_first_name = _text("Legal first name", required=True)
    legal_last_name = _text("Legal last name", required=True)
    preferred_name = _text("Preferred name")
    date_of_birth = forms.DateField(
        label="Date of birth", widget=forms.DateInput(attrs={"type": "date"})
    )
    pronouns = _text("Pronouns", max_length=40)
    phone = _text("Phone", max_length=40)
    email = forms.EmailField(label="E-mail", required=False)
    street = _text("Street address")
    city = _text("City")
    state = _text("State", max_length=40)
    postal_code = _text("ZIP code", max_length=12)
    emergency_contact = _text("Emergency contact (name and phone)")
    greeting = forms.CharField(
        label="Greeting in e-mails", required=False, max_length=60,
        help_text='As the client asked to be greeted in reminders, e.g. "Hi Sam"; '
        'empty: "Hello". Nothing else of theirs is ever in an e-mail.',
    )  # fmt: skip
    clinician = ClinicianChoiceField(
        label="Clinician",
        queryset=User.objects.none(),
        empty_label="Choose the client's clinician",
        help_text="Joins the client's care team and can open the chart, even a restricted one.",
        error_messages={
            "required": "Choose the client's clinician.",
            "invalid_choice": "Choose one of the clinicians listed.",
        },
    )
    restricted = forms.BooleanField(
        label="Restricted chart: only the care team may open it", required=False
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["clinician"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared just above
        field.queryset = User.objects.filter(role__in=CLINICAL_ROLES, is_active=True).order_by(
            "display_name"
        )
        # A clinician creating a client is usually its clinician.
        if getattr(user, "is_clinical", False):
            field.initial = user.pk

    def clean_date_of_birth(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["date_of_birth"]
        today = datetime.datetime.now(datetime.UTC).date()
        if not datetime.date(1900, 1, 1) <= value <= today:
            raise forms.ValidationError("Enter a date of birth between 1900 and today.")
        return value


class DemographicsForm(ClientForm):
    """The client's details without the clinician and the restriction (set elsewhere)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(None, *args, **kwargs)
        del self.fields["clinician"]
        del self.fields["restricted"]


class SearchForm(forms.Form):
    q = forms.CharField(label="Find a client", max_length=200, required=False)


class SessionForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    duration_minutes = forms.IntegerField(min_value=5, max_value=480, initial=50)
    service = forms.ChoiceField(choices=Service.choices)
    modality = forms.ChoiceField(choices=Modality.choices)


class NoteForm(forms.Form):
    """A structured note: one text area per section of its format."""

    def __init__(self, note_format: str, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.note_format = note_format
        for key, label in NOTE_SECTIONS[note_format]:
            self.fields[key] = forms.CharField(
                label=label,
                required=False,
                max_length=20_000,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def sections(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key, _ in NOTE_SECTIONS[self.note_format]}


class AmendmentForm(forms.Form):
    text = forms.CharField(
        label="Amendment", max_length=20_000, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(label="Reason", max_length=500)


NOTE_FORMATS = [f.value for f in NoteFormat]
