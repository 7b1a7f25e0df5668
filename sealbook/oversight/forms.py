from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from sealbook.accounts.models import User
from sealbook.audit.events import AuditEvent
from sealbook.oversight.models import Conclusion
from sealbook.oversight.query import OUTCOME_LABELS, LogFilter, event_label


class QuickSelect(forms.Select):
    """A select whose options are written in Python, not one template per option.

    The event list has about a hundred options and the staff list one per
    member: through Django's option templates they took most of the audit
    screen's rendering time (bench/audit_screen_bench.py).
    """

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> Any:
        chosen = {str(v) for v in (value if isinstance(value, list | tuple) else [value])}
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (v, mark_safe(" selected") if str(v) in chosen else "", label)
                for v, label in self._plain_choices()
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)

    def _plain_choices(self) -> list[tuple[Any, str]]:
        result = []
        for v, label in self.choices:
            value = getattr(v, "value", v)  # ModelChoiceIteratorValue
            result.append(("" if value is None else value, str(label)))
        return result


class StaffChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} ({obj.get_role_display()})"


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} ({obj.get_role_display()})"


def _events() -> list[tuple[str, str]]:
    return [("", "Any event")] + [
        (str(int(e)), event_label(int(e))) for e in sorted(AuditEvent, key=lambda e: e.name)
    ]


class LogFilterForm(forms.Form):
    staff = StaffChoiceField(
        label="Staff member",
        queryset=User.objects.none(),
        required=False,
        empty_label="Anyone",
        widget=QuickSelect,
    )
    client = forms.UUIDField(
        label="Client reference",
        required=False,
        help_text="The client's full id, as the links in the log fill it in.",
    )
    event = forms.TypedChoiceField(
        label="Event",
        choices=_events,
        coerce=int,
        empty_value=None,
        required=False,
        widget=QuickSelect,
    )
    outcome = forms.ChoiceField(
        label="Outcome", choices=[("", "Any outcome"), *OUTCOME_LABELS.items()], required=False
    )
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["staff"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared just above
        field.queryset = User.objects.order_by("display_name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            raise forms.ValidationError("The end date is before the start date.")
        return data

    def log_filter(self) -> LogFilter:
        data = self.cleaned_data
        staff = data.get("staff")
        return LogFilter(
            staff=staff.pk if staff is not None else None,
            client=data.get("client"),
            event=data.get("event"),
            outcome=data.get("outcome") or "",
            since=data.get("since"),
            until=data.get("until"),
        )


class AcknowledgeForm(forms.Form):
    alert = forms.UUIDField(widget=forms.HiddenInput)
    note = forms.CharField(
        label="Note",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What you found or did (kept encrypted, and the acknowledgement is audited).",
    )


class IncidentForm(forms.Form):
    summary = forms.CharField(
        label="What happened", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    discovered_at = forms.DateTimeField(
        label="Discovered", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    window_start = forms.DateTimeField(
        label="Compromise began", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    window_end = forms.DateTimeField(
        label="Compromise ended", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    accounts = StaffMultipleChoiceField(
        label="Accounts involved",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    backups = forms.CharField(
        label="Backups or devices involved", max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["accounts"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101
        field.queryset = User.objects.order_by("display_name")


class AssessmentForm(forms.Form):
    nature = forms.CharField(
        label="1. The nature and extent of the information involved",
        max_length=5000, widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    recipient = forms.CharField(
        label="2. The unauthorized person who used it or to whom it was disclosed",
        max_length=5000, widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    acquired = forms.CharField(
        label="3. Whether the information was actually acquired or viewed",
        max_length=5000, widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    mitigation = forms.CharField(
        label="4. The extent to which the risk has been mitigated",
        max_length=5000, widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    conclusion = forms.ChoiceField(
        label="Conclusion",
        choices=[c for c in Conclusion.choices if c[0]],
        widget=forms.RadioSelect,
    )


class MailedForm(forms.Form):
    clients = forms.TypedMultipleChoiceField(
        label="Letters mailed", coerce=str, choices=(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, client_ids: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["clients"]
        assert isinstance(field, forms.TypedMultipleChoiceField)  # noqa: S101
        field.choices = [(c, c[:8]) for c in client_ids]
