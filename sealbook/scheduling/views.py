"""The calendar's pages: day, week and month, booking, moving and cancelling.

Views parse, call one action and render. Whose calendar and what of each
appointment a person sees is `scheduling.visibility`'s (the policy's), never
a template's. Moving between weeks swaps the calendar's body with htmx
(no page reload); every link also works without it.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sealbook.access.pages import authorize_or_404, problem
from sealbook.access.policy import Action, permits
from sealbook.core.errors import SealbookError
from sealbook.scheduling import actions, feed, joint_notes, visibility
from sealbook.scheduling.forms import (
    BookingForm,
    CancelForm,
    JointNoteForm,
    MoveForm,
    NoShowForm,
)
from sealbook.scheduling.getters import get_appointment_for
from sealbook.scheduling.recurrence import Repeat
from sealbook.scheduling.zones import AmbiguousTime, practice_zone_name, zone

SPANS = ("day", "week", "month")


def _day(value: str | None, today: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value) if value else today
    except ValueError:
        return today


@require_GET
@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    authorize_or_404(request.user, Action.VIEW_CALENDAR)
    tz = zone(practice_zone_name())
    today = timezone.now().astimezone(tz).date()
    day = _day(request.GET.get("date"), today)
    asked = request.GET.get("span", "")
    span = asked if asked in SPANS else "week"
    everyone = visibility.clinicians_for(request.user)
    who = request.GET.get("who", "")
    chosen = [c for c in everyone if str(c.pk) == who] or (
        everyone if who == "all" or request.user not in everyone else [request.user]
    )
    if span == "day":
        first, days = day, 1
    elif span == "week":
        first, days = day - datetime.timedelta(days=day.weekday()), 7
    else:
        first = day.replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        days = (following - first).days
    start = datetime.datetime.combine(first, datetime.time(), tzinfo=tz)
    end = datetime.datetime.combine(
        first + datetime.timedelta(days=days), datetime.time(), tzinfo=tz
    )
    found = visibility.entries(request.user, chosen, start, end, tz)
    columns = []
    for offset in range(days):
        date = first + datetime.timedelta(days=offset)
        columns.append((date, [e for e in found if e.start.date() == date]))
    step = {"day": datetime.timedelta(days=1), "week": datetime.timedelta(days=7)}.get(span)
    if step is None:
        previous = (first - datetime.timedelta(days=1)).replace(day=1)
        following_first = (first + datetime.timedelta(days=32)).replace(day=1)
    else:
        previous, following_first = first - step, first + step
    who_value = who if who else ""

    def link(date: datetime.date, to_span: str = span) -> str:
        query = f"?span={to_span}&date={date.isoformat()}"
        return reverse("calendar") + query + (f"&who={who_value}" if who_value else "")

    context: dict[str, Any] = {
        "span": span,
        "columns": columns,
        "first": first,
        "today": today,
        "clinicians": everyone,
        "chosen": chosen,
        "who": who_value,
        "several": len(chosen) > 1,
        "previous_url": link(previous),
        "next_url": link(following_first),
        "today_url": link(today),
        "span_urls": [(s, link(first, s)) for s in SPANS],
        "can_book": permits(request.user, Action.BOOK_APPOINTMENTS),
        "can_subscribe": permits(request.user, Action.SUBSCRIBE_CALENDAR_FEED),
        "can_set_own_hours": permits(request.user, Action.MANAGE_OWN_HOURS),
        "can_setup": permits(request.user, Action.MANAGE_CALENDAR_SETUP),
        "zone": tz.key,
    }
    template = (
        "scheduling/_calendar_body.html"
        if request.headers.get("HX-Request")
        else ("scheduling/calendar.html")
    )
    return render(request, template, context)


def _fold(value: str) -> int | None:
    return int(value) if value in ("0", "1") else None


@require_http_methods(["GET", "POST"])
@login_required
def book(request: HttpRequest) -> HttpResponse:
    authorize_or_404(request.user, Action.BOOK_APPOINTMENTS)
    initial: dict[str, Any] = {"date": request.GET.get("date", ""), "clinician": request.user.pk}
    if request.GET.get("client"):  # the search results' "Book" link
        initial["clients"] = [request.GET["client"]]
    form = BookingForm(request.user, request.POST or None, initial=initial)
    error, conflict, ambiguous = "", False, False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        booking = actions.Booking(
            clients=list(data["clients"]),
            clinician=data["clinician"],
            local_start=datetime.datetime.combine(data["date"], data["time"]),
            duration_minutes=data["duration_minutes"],
            time_zone=practice_zone_name(),
            service=data["service"],
            modality=data["modality"],
            room=data["room"],
            fold=_fold(data["fold"]),
        )
        repeat = (
            Repeat(data["repeat"], count=data["count"], until=data["until"])
            if data["repeat"]
            else None
        )
        try:
            if repeat is None:
                made = actions.book(request.user, booking, override_reason=data["override_reason"])
                day = made.local_start.date()
            else:
                actions.book_series(
                    request.user, booking, repeat, override_reason=data["override_reason"]
                )
                day = data["date"]
        except SealbookError as exc:
            error = str(exc)
            conflict = isinstance(exc, actions.Conflict)
            ambiguous = isinstance(exc, AmbiguousTime)
        else:
            messages.success(request, "Booked.")
            return redirect(reverse("calendar") + f"?date={day.isoformat()}&who=all")
    return render(
        request,
        "scheduling/book.html",
        {"form": form, "error": error, "conflict": conflict, "ambiguous": ambiguous},
        status=400 if form.errors or error else 200,
    )


def _appointment_page(
    request: HttpRequest,
    appointment: Any,
    *,
    move: MoveForm | None = None,
    cancel: CancelForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    # Naive: Django's date filters would show an aware time in UTC.
    local = appointment.local_start.replace(tzinfo=None)
    version = {"version": appointment.version}
    names = [
        visibility.client_label(request.user, a.client)
        for a in appointment.attendees.select_related("client")
    ]
    clinical = all(
        permits(request.user, Action.VIEW_CLINICAL, a.client)
        for a in appointment.attendees.select_related("client")
    )
    return render(
        request,
        "scheduling/appointment.html",
        {
            "appointment": appointment,
            "names": names,
            "service": appointment.get_service_display() if clinical else "",
            "local": local,
            "move": move
            or MoveForm(
                initial={
                    **version,
                    "date": local.date(),
                    "time": local.time().replace(tzinfo=None),
                    "duration_minutes": appointment.duration_minutes,
                    "room": appointment.room_id,
                }
            ),
            "cancel": cancel or CancelForm(initial=version),
            "no_show": NoShowForm(initial=version),
            "error": error,
            "scheduled": appointment.is_active,
            "in_series": appointment.series_id is not None,
            "video_session_id": visibility.video_session_of(appointment, request.user),
            "can_write_note": all(
                permits(request.user, Action.WRITE_NOTE, a.client)
                for a in appointment.attendees.select_related("client")
            ),
        },
        status=status,
    )


@require_GET
@login_required
def appointment_detail(request: HttpRequest, appointment_id: uuid.UUID) -> HttpResponse:
    appointment = get_appointment_for(request.user, appointment_id, Action.VIEW_DEMOGRAPHICS)
    return _appointment_page(request, appointment)


@require_POST
@login_required
def appointment_move(request: HttpRequest, appointment_id: uuid.UUID) -> HttpResponse:
    appointment = get_appointment_for(request.user, appointment_id, Action.RESCHEDULE_APPOINTMENT)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _appointment_page(request, appointment, move=form, status=400)
    data = form.cleaned_data
    try:
        moved = actions.reschedule(
            request.user,
            appointment,
            expected_version=data["version"],
            local_start=datetime.datetime.combine(data["date"], data["time"]),
            duration_minutes=data["duration_minutes"],
            room=data["room"],
            fold=_fold(data["fold"]),
            scope=data["scope"],
            override_reason=data["override_reason"],
        )
    except actions.StaleEdit as exc:
        # Nothing lost: the form keeps what this person typed, the page shows the current state.
        return _appointment_page(request, exc.current, move=form, error=str(exc), status=409)
    except SealbookError as exc:
        return _appointment_page(request, appointment, move=form, error=str(exc), status=400)
    messages.success(request, "Moved.")
    return redirect("appointment", appointment_id=moved.pk)


@require_POST
@login_required
def appointment_cancel(request: HttpRequest, appointment_id: uuid.UUID) -> HttpResponse:
    appointment = get_appointment_for(request.user, appointment_id, Action.CANCEL_APPOINTMENT)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _appointment_page(request, appointment, cancel=form, status=400)
    data = form.cleaned_data
    try:
        actions.cancel(
            request.user,
            appointment,
            expected_version=data["version"],
            reason=data["reason"],
            late=data["late"],
            scope=data["scope"],
        )
    except actions.StaleEdit as exc:
        return _appointment_page(request, exc.current, cancel=form, error=str(exc), status=409)
    except SealbookError as exc:
        return _appointment_page(request, appointment, cancel=form, error=str(exc), status=400)
    messages.success(request, "Cancelled.")
    return redirect("appointment", appointment_id=appointment.pk)


@require_POST
@login_required
def appointment_no_show(request: HttpRequest, appointment_id: uuid.UUID) -> HttpResponse:
    appointment = get_appointment_for(request.user, appointment_id, Action.MARK_NO_SHOW)
    form = NoShowForm(request.POST)
    if not form.is_valid():
        return problem(request, "The form was incomplete; open the appointment again.", 400)
    try:
        actions.mark_no_show(
            request.user, appointment, expected_version=form.cleaned_data["version"]
        )
    except SealbookError as exc:
        return _appointment_page(request, appointment, error=str(exc), status=400)
    return redirect("appointment", appointment_id=appointment.pk)


@require_http_methods(["GET", "POST"])
@login_required
def calendar_subscribe(request: HttpRequest) -> HttpResponse:
    """Subscribe to one's own calendar from a calendar app: make, replace or revoke the address."""
    authorize_or_404(request.user, Action.SUBSCRIBE_CALENDAR_FEED)
    address = ""
    if request.method == "POST":
        if request.POST.get("revoke"):
            feed.revoke_feed(request.user)
            messages.success(request, "The calendar address was revoked; it no longer works.")
            return redirect("calendar-subscribe")
        token = feed.make_feed(request.user)
        address = request.build_absolute_uri(reverse("calendar-feed", kwargs={"token": token}))
    return render(
        request,
        "scheduling/subscribe.html",
        {"address": address, "has_feed": feed.has_feed(request.user)},
    )


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The ICS feed: its secret address is its only credential (no login)."""
    body = feed.feed_for(token)
    if body is None:
        raise Http404()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def appointment_note(request: HttpRequest, appointment_id: uuid.UUID) -> HttpResponse:
    """The note of an appointment: a shared part and a part per client (couples, family, group)."""
    appointment = get_appointment_for(request.user, appointment_id, Action.WRITE_NOTE)
    note_format = "soap" if request.GET.get("format") == "soap" else "dap"
    clients = actions.clients_of(appointment)
    form = JointNoteForm(note_format, request.POST or None, participants=clients)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            joint_notes.write_joint_note(
                request.user,
                appointment,
                note_format=note_format,
                shared=form.shared(),
                own=form.own(),
            )
        except SealbookError as exc:
            error = str(exc)
        else:
            messages.success(
                request, "A draft note was written in each client's chart; sign each there."
            )
            return redirect("appointment", appointment_id=appointment.pk)
    return render(
        request,
        "scheduling/joint_note.html",
        {"appointment": appointment, "form": form, "error": error, "format": note_format},
        status=400 if error else 200,
    )
