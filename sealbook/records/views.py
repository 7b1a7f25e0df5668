"""Client list, search, chart, sessions and notes.

Views never decide access: they load clients and notes through the
access-checked getters (404 on no access) and change records only through
`records.actions`, which authorise and audit.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sealbook.access.pages import problem
from sealbook.access.policy import Action, authorize, permits, visible_clients
from sealbook.core.errors import SealbookError
from sealbook.records import actions, care_team
from sealbook.records import chart as chart_layout
from sealbook.records.forms import (
    NOTE_FORMATS,
    AmendmentForm,
    ClientForm,
    DemographicsForm,
    NoteForm,
    SearchForm,
    SessionForm,
)
from sealbook.records.getters import (
    get_chart_for,
    get_client_for,
    get_note_for,
    get_note_to_read,
    owned_by,
)
from sealbook.records.models import Client, NoteStatus, ProgressNote, Session
from sealbook.records.unreadable import notice, readable, unreadable_count

LIST_PAGE = 50


@require_GET
@login_required
def client_list(request: HttpRequest) -> HttpResponse:
    authorize(request.user, Action.LIST_CLIENTS)
    visible = visible_clients(request.user, Client.objects.all())
    clients = readable(visible).order_by("-created_at")[:LIST_PAGE]
    return render(
        request,
        "records/client_list.html",
        {
            "clients": clients,
            "form": SearchForm(),
            "can_create": permits(request.user, Action.CREATE_CLIENT),
            "left_out": notice(unreadable_count(visible)),
        },
    )


@require_POST
@login_required
def client_search(request: HttpRequest) -> HttpResponse:
    """Search by POST so that names never appear in a URL, a log line or browser history."""
    authorize(request.user, Action.LIST_CLIENTS)
    form = SearchForm(request.POST)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    visible = visible_clients(request.user, Client.objects.all())
    results = actions.search_visible_clients(request.user, query) if query else None
    template = (
        "records/_search_results.html"
        if request.headers.get("HX-Request")
        else "records/client_list.html"
    )
    return render(
        request,
        template,
        {
            "results": results,
            "form": form,
            "query": bool(query),
            "can_create": permits(request.user, Action.CREATE_CLIENT),
            "can_book": permits(request.user, Action.BOOK_APPOINTMENTS),
            "left_out": notice(unreadable_count(visible)),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def client_new(request: HttpRequest) -> HttpResponse:
    authorize(request.user, Action.CREATE_CLIENT)
    form = ClientForm(request.user, request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        clinician = fields.pop("clinician")
        try:
            client = actions.create_client(
                request.user, actions.ClientDetails(**fields), clinician=clinician
            )
        except actions.RecordError as exc:
            error = str(exc)
        else:
            # The creator may not be allowed to open what they made (a restricted
            # chart, or an owner who is on no care team): never answer with a 404.
            if permits(request.user, Action.VIEW_DEMOGRAPHICS, client):
                return redirect("chart", client_id=client.id)
            messages.success(
                request,
                f"The client was created; {clinician.display_name} is their clinician "
                "and can open the chart.",
            )
            return redirect("client-list")
    return render(
        request,
        "records/client_form.html",
        {"form": form, "error": error},
        status=400 if form.errors or error else 200,
    )


@require_GET
@login_required
def chart(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client, clinical = get_chart_for(request.user, client_id)
    if clinical:
        notes = owned_by(
            client,
            ProgressNote.objects.select_related("author", "session").prefetch_related(
                "amendments__author"
            ),
        )
    else:
        notes = []
    sessions = Session.objects.filter(client=client).select_related("clinician")
    ordered, rows = chart_layout.arrange(notes, sessions)
    return render(
        request,
        "records/chart.html",
        {
            "client": client,
            "clinical": clinical,
            "notes": ordered,
            "sessions": rows,
            "overview": chart_layout.overview(ordered, rows, timezone.localdate()),
            "contacts": client.contact_set.all() if clinical else [],
            "care_team": care_team.members(client),
            "manages_care_team": care_team.may_manage(request.user, client),
            "can_edit_demographics": permits(request.user, Action.EDIT_DEMOGRAPHICS, client),
            "can_schedule": permits(request.user, Action.SCHEDULE_SESSION, client),
            "can_write_note": permits(request.user, Action.WRITE_NOTE, client),
            "can_write_psychotherapy": permits(
                request.user, Action.WRITE_PSYCHOTHERAPY_NOTE, client
            ),
            "shows_documents": permits(request.user, Action.VIEW_DOCUMENTS, client)
            or permits(request.user, Action.ADD_DOCUMENT, client),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def session_new(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, client_id, Action.SCHEDULE_SESSION)
    form = SessionForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        clinician = actions.session_clinician(request.user, client)
        if clinician is None:
            raise Http404()
        try:
            actions.schedule_session(request.user, client, clinician=clinician, **form.cleaned_data)
            return redirect("chart", client_id=client.id)
        except SealbookError as exc:
            error = str(exc)
    return render(
        request,
        "records/session_form.html",
        {"client": client, "form": form, "error": error},
        status=400 if (form.errors or error) else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def note_new(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, client_id, Action.WRITE_NOTE)
    note_format = request.GET.get("format", "soap")
    if note_format not in NOTE_FORMATS:
        raise Http404()
    form = NoteForm(note_format, request.POST or None)
    sessions = Session.objects.filter(client=client)
    error = ""
    if request.method == "POST" and form.is_valid():
        session = None
        if request.POST.get("session"):
            try:
                session = sessions.filter(pk=uuid.UUID(request.POST["session"])).first()
            except ValueError:
                session = None
            if session is None:
                error = "Choose one of this client's sessions."
        if not error:
            try:
                note = actions.create_note(
                    request.user,
                    client,
                    note_format=note_format,
                    sections=form.sections(),
                    session=session,
                )
                return redirect("note", note_id=note.id)
            except SealbookError as exc:
                error = str(exc)
    return render(
        request,
        "records/note_form.html",
        {
            "client": client,
            "form": form,
            "sessions": sessions.select_related("clinician"),
            "chosen_session": request.POST.get("session") or request.GET.get("session", ""),
            "error": error,
            "note_format": note_format,
        },
        status=400 if (form.errors or error) else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def note_detail(request: HttpRequest, note_id: uuid.UUID) -> HttpResponse:
    if request.method == "POST":
        note = get_note_for(request.user, note_id, Action.VIEW_CLINICAL)
    else:
        note = get_note_to_read(request.user, note_id)
    editable = note.status == NoteStatus.DRAFT and note.author_id == request.user.pk
    form = NoteForm(note.format, request.POST or None, initial=note.sections)
    error = ""
    if request.method == "POST":
        if not editable:
            error = "A signed note is locked: add an amendment instead."
        elif form.is_valid():
            try:
                actions.update_note(request.user, note, form.sections())
                return redirect("note", note_id=note.id)
            except SealbookError as exc:
                error = str(exc)
    return render(
        request,
        "records/note_detail.html",
        {
            "note": note,
            "form": form,
            "editable": editable,
            "error": error,
            "amend_form": AmendmentForm(),
            "client": note.client,
        },
        status=400 if error or form.errors else 200,
    )


@require_POST
@login_required
def note_sign(request: HttpRequest, note_id: uuid.UUID) -> HttpResponse:
    note = get_note_for(request.user, note_id, Action.WRITE_NOTE)
    try:
        actions.sign_note(request.user, note)
    except SealbookError as exc:
        return problem(request, str(exc), 409)
    return redirect("note", note_id=note.id)


@require_POST
@login_required
def note_amend(request: HttpRequest, note_id: uuid.UUID) -> HttpResponse:
    note = get_note_for(request.user, note_id, Action.WRITE_NOTE)
    form = AmendmentForm(request.POST)
    if not form.is_valid():
        return problem(request, "An amendment needs its text and a reason.", 400)
    try:
        actions.amend_note(request.user, note, **form.cleaned_data)
    except SealbookError as exc:
        return problem(request, str(exc), 409)
    return redirect("note", note_id=note.id)


@require_http_methods(["GET", "POST"])
@login_required
def demographics_edit(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    """Edit a client's demographics; the page lists earlier values (kept encrypted)."""
    client = get_client_for(request.user, client_id, Action.EDIT_DEMOGRAPHICS)
    current = {name: getattr(client, name) for name in actions.DEMOGRAPHIC_FIELDS}
    form = DemographicsForm(request.POST or None, initial=current)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            changed = actions.update_demographics(request.user, client, dict(form.cleaned_data))
        except SealbookError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                f"Saved: {', '.join(actions.FIELD_LABELS[n] for n in changed)}."
                if changed
                else "Nothing had changed.",
            )
            return redirect("chart", client_id=client.id)
    history = [
        (change, [(actions.FIELD_LABELS.get(n, n), (change.old_values or {}).get(n, ""))
                  for n in change.fields])
        for change in actions.demographics_history(client)
    ]  # fmt: skip
    return render(
        request,
        "records/demographics_form.html",
        {"client": client, "form": form, "error": error, "history": history},
        status=400 if (form.errors or error) else 200,
    )
