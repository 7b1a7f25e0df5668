"""Psychotherapy notes: enrolment, recovery, writing and reading (only by recipients)."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sealbook.access.policy import Action
from sealbook.access.signed_in import staff_user
from sealbook.core.errors import SealbookError
from sealbook.psychotherapy import actions, keyring
from sealbook.psychotherapy.models import ClinicianKey, PsychotherapyNote
from sealbook.records.getters import get_client_for, get_client_owned_for
from sealbook.records.models import Client, Session


class PasswordForm(forms.Form):
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class RecoveryForm(forms.Form):
    recovery_code = forms.CharField(max_length=120)
    password = forms.CharField(
        label="Your current password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


# Django's form fields are generic only in django-stubs, not at run time, so the
# base class cannot be subscripted here.
class SessionChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.date:%Y-%m-%d} {obj.start_time:%H:%M} · {obj.get_service_display()}"


class NoteForm(forms.Form):
    """A psychotherapy note and its escrows. Only the escrows the author actually has
    are offered; one posted anyway (an old page, a hand-made request) is refused."""

    text = forms.CharField(
        label="Psychotherapy note", max_length=50_000, widget=forms.Textarea(attrs={"rows": 8})
    )
    session = SessionChoice(
        label="Session this note is about",
        queryset=Session.objects.none(),
        required=False,
        empty_label="— not tied to a session —",
    )
    to_supervisor = forms.BooleanField(label="Also readable by my supervisor", required=False)
    to_custodian = forms.BooleanField(
        label="Also escrowed to the practice's successor custodian", required=False
    )

    def __init__(
        self, *args: Any, client: Client, supervisor: Any | None, custodian: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.offers_supervisor = supervisor is not None
        self.offers_custodian = custodian
        # The field is the SessionChoice declared above; django-stubs knows it only as a Field.
        self.fields["session"].queryset = Session.objects.filter(client=client)  # type: ignore[attr-defined]
        if supervisor is not None:
            label = f"Also readable by my supervisor, {supervisor.display_name}"
            self.fields["to_supervisor"].label = label

    def clean_to_supervisor(self) -> bool:
        chosen = bool(self.cleaned_data.get("to_supervisor"))
        if chosen and not self.offers_supervisor:
            raise forms.ValidationError(
                "You have no supervisor with a psychotherapy-note key; nothing was saved."
            )
        return chosen

    def clean_to_custodian(self) -> bool:
        chosen = bool(self.cleaned_data.get("to_custodian"))
        if chosen and not self.offers_custodian:
            raise forms.ValidationError(
                "The practice has not named a successor custodian; nothing was saved."
            )
        return chosen


class ChangePasswordForm(forms.Form):
    old_password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )


@require_http_methods(["GET", "POST"])
@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    if ClinicianKey.objects.filter(user=staff_user(request)).exists():
        return redirect("psychotherapy-key")
    form = PasswordForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            code = actions.enrol(request, form.cleaned_data["password"])
            return render(request, "psychotherapy/recovery_code.html", {"code": code})
        except SealbookError as exc:
            error = str(exc)
    return render(
        request,
        "psychotherapy/enrol.html",
        {"form": form, "error": error},
        status=401 if error else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def key_status(request: HttpRequest) -> HttpResponse:
    """The user's key: open in this session, or needing the recovery code after a reset."""
    keys = ClinicianKey.objects.filter(user=staff_user(request)).first()
    if keys is None:
        return redirect("psychotherapy-enrol")
    form = RecoveryForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            actions.recover(
                request, form.cleaned_data["recovery_code"], form.cleaned_data["password"]
            )
            return redirect("psychotherapy-key")
        except SealbookError as exc:
            error = str(exc)
    context = {
        "form": form,
        "error": error,
        "open": keyring.is_open(request),
        "needs_recovery": not keys.password_wrapped,
    }
    return render(request, "psychotherapy/key.html", context, status=401 if error else 200)


@require_http_methods(["GET", "POST"])
@login_required
def client_notes(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, client_id, Action.WRITE_PSYCHOTHERAPY_NOTE)
    form = NoteForm(
        request.POST or None,
        client=client,
        supervisor=actions.supervisor_with_key(request.user),
        custodian=actions.custodian_named(),
    )
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            note = actions.write_note(
                request.user,
                client,
                form.cleaned_data["text"],
                session=form.cleaned_data["session"],
                to_supervisor=form.cleaned_data["to_supervisor"],
                to_custodian=form.cleaned_data["to_custodian"],
            )
            return redirect("psychotherapy-note", note_id=note.pk)
        except SealbookError as exc:
            error = str(exc)
    context = {
        "client": client,
        "form": form,
        "error": error,
        "notes": actions.list_for_reader(request, client),
        "enrolled": ClinicianKey.objects.filter(user=staff_user(request)).exists(),
        "key_open": keyring.is_open(request),
    }
    return render(
        request,
        "psychotherapy/client_notes.html",
        context,
        status=400 if error or form.errors else 200,
    )


@require_http_methods(["GET"])
@login_required
def note(request: HttpRequest, note_id: uuid.UUID) -> HttpResponse:
    found = get_client_owned_for(request.user, PsychotherapyNote, note_id, Action.VIEW_CLINICAL)
    try:
        text = actions.read_note(request, found)
    except keyring.KeyNotOpen:
        return redirect("psychotherapy-key")
    except SealbookError:
        raise Http404() from None
    return render(
        request, "psychotherapy/note.html", {"note": found, "text": text, "client": found.client}
    )


@require_http_methods(["GET", "POST"])
@login_required
def change_password(request: HttpRequest) -> HttpResponse:
    form = ChangePasswordForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_password(
                request, form.cleaned_data["old_password"], form.cleaned_data["new_password"]
            )
            return render(request, "psychotherapy/password_changed.html")
        except SealbookError as exc:
            error = str(exc)
    return render(request, "psychotherapy/change_password.html", {"form": form, "error": error},
                  status=400 if error else 200)  # fmt: skip
