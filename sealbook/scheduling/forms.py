"""The calendar's forms: booking, moving, cancelling."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from sealbook.access.policy import visible_clients
from sealbook.accounts.models import CLINICAL_ROLES
from sealbook.records.models import NOTE_SECTIONS, Client, Service
from sealbook.scheduling.actions import Scope
from sealbook.scheduling.models import Modality, Room

REPEAT_CHOICES = [
    ("", "Does not repeat"),
    ("weekly", "Every week"),
    ("fortnightly", "Every two weeks"),
    ("monthly", "Monthly, on the same weekday"),
]
FOLD_CHOICES = [
    ("", "(only asked when the clocks go back)"),
    ("0", "The first time (before the clocks go back)"),
    ("1", "The second time (after the clocks go back)"),
]
# The booking form lists this many clients at most (the newest, as the client list
# shows them) and any already chosen: listing every client a user may see sent a
# group practice's whole roster with each booking form, every name decrypted under
# its client's own key (a practice of 20,000 clients). Any client the user may see
# can still be booked: from the search results' "Book" link (`?client=<id>`).
CLIENT_PICK_LIMIT = 50

SCOPE_CHOICES = [
    (Scope.ONE, "This appointment only"),
    (Scope.FOLLOWING, "This and the following of the series"),
    (Scope.ALL, "All future appointments of the series"),
]


class ClientChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class ClinicianChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class TimeFields(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    duration_minutes = forms.IntegerField(label="Duration (minutes)", initial=50)
    room = forms.ModelChoiceField(Room.objects.filter(active=True), required=False)
    fold = forms.ChoiceField(
        label="If this time happens twice", choices=FOLD_CHOICES, required=False
    )
    override_reason = forms.CharField(
        label="Book despite a conflict, because", required=False, max_length=500
    )


class BookingForm(TimeFields):
    clients = ClientChoice(Client.objects.none(), help_text="One, or several for couples, "
                           "family or group appointments.")  # fmt: skip
    clinician = ClinicianChoice(get_user_model().objects.none())
    service = forms.ChoiceField(choices=Service.choices)
    modality = forms.ChoiceField(choices=Modality.choices)
    repeat = forms.ChoiceField(choices=REPEAT_CHOICES, required=False)
    count = forms.IntegerField(label="Number of appointments", required=False, min_value=1)
    until = forms.DateField(
        label="Or until", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    field_order = [
        "clients", "clinician", "date", "time", "duration_minutes", "service", "modality",
        "room", "repeat", "count", "until", "fold", "override_reason",
    ]  # fmt: skip

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The active clients `user` may see in a list (the policy's `visible_clients`):
        # any of them is accepted; only the newest and the chosen are listed.
        clients = visible_clients(user, Client.objects.filter(status="active"))
        field = self.fields["clients"]
        field.queryset = clients  # type: ignore[attr-defined]
        shown = list(clients.order_by("-created_at")[:CLIENT_PICK_LIMIT])
        listed = {c.pk for c in shown}
        chosen = clients.filter(pk__in=self._chosen_ids()).exclude(pk__in=listed)
        field.widget.choices = [(c.pk, c.display_name) for c in [*chosen, *shown]]
        self.fields["clinician"].queryset = (  # type: ignore[attr-defined]
            get_user_model().objects.filter(is_active=True, role__in=CLINICAL_ROLES)
        )

    def _chosen_ids(self) -> list[uuid.UUID]:
        """The client ids already chosen (posted, or `?client=` as the initial value);
        anything that is not an id is left to the field's own validation."""
        if self.is_bound:
            raw = self.data.getlist("clients") if hasattr(self.data, "getlist") else []
        else:
            raw = self.initial.get("clients") or []
        ids = []
        for value in raw:
            try:
                ids.append(uuid.UUID(str(value)))
            except ValueError:
                continue
        return ids


class MoveForm(TimeFields):
    version = forms.IntegerField(widget=forms.HiddenInput)
    scope = forms.ChoiceField(choices=SCOPE_CHOICES, initial=Scope.ONE)


class CancelForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(max_length=500)
    late = forms.BooleanField(label="Late cancellation", required=False)
    scope = forms.ChoiceField(choices=SCOPE_CHOICES, initial=Scope.ONE)


class NoShowForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class JointNoteForm(forms.Form):
    """The note of a joint appointment: each section's shared part, then each client's own."""

    def __init__(
        self,
        note_format: str,
        data: Any = None,
        *args: Any,
        participants: Any = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(data, *args, **kwargs)
        sections = NOTE_SECTIONS.get(note_format, ())
        self.sections = sections
        self.participants = list(participants)
        for key, label in sections:
            self.fields[f"shared_{key}"] = forms.CharField(
                label=f"{label}: shared", required=False, widget=forms.Textarea(attrs={"rows": 3})
            )
        for index, client in enumerate(self.participants):
            for key, label in sections:
                self.fields[f"own_{index}_{key}"] = forms.CharField(
                    label=f"{label}: {client.display_name} only",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def shared(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"shared_{key}", "") for key, _ in self.sections}

    def own(self) -> dict[str, dict[str, str]]:
        return {
            str(client.pk): {
                key: self.cleaned_data.get(f"own_{index}_{key}", "") for key, _ in self.sections
            }
            for index, client in enumerate(self.participants)
        }


class RoomForm(forms.Form):
    name = forms.CharField(label="New room", max_length=60)


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class HoursForm(forms.Form):
    """A from and a to for each weekday; a day left empty is not a working day."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day, name in enumerate(WEEKDAY_NAMES):
            for end, label in (("from", f"{name} from"), ("to", f"{name} to")):
                self.fields[f"{end}_{day}"] = forms.TimeField(
                    label=label, required=False,
                    widget=forms.TimeInput(attrs={"type": "time", "aria-label": label}),
                )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for day, name in enumerate(WEEKDAY_NAMES):
            if (data.get(f"from_{day}") is None) != (data.get(f"to_{day}") is None):
                raise forms.ValidationError(f"{name}: give both times, or neither")
        return data

    def hours(self) -> list[tuple[int, Any, Any]]:
        data = self.cleaned_data
        return [
            (day, data[f"from_{day}"], data[f"to_{day}"])
            for day in range(7)
            if data.get(f"from_{day}") is not None
        ]


class TimeOffForm(forms.Form):
    first_day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
