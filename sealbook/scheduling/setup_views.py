"""The calendar's setup pages: rooms, and each clinician's working hours and time off.

Who may open and change them is the policy's (`calendar_setup.may_set_hours_of`):
a clinician their own hours, the owner and the front desk the rooms and
anyone's hours.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sealbook.access.pages import authorize_or_404
from sealbook.access.policy import Action, permits
from sealbook.core.errors import SealbookError
from sealbook.scheduling import calendar_setup
from sealbook.scheduling.forms import WEEKDAY_NAMES, HoursForm, RoomForm, TimeOffForm
from sealbook.scheduling.models import Availability, Room, TimeOff
from sealbook.scheduling.zones import practice_zone_name, to_utc, zone


@require_http_methods(["GET", "POST"])
@login_required
def calendar_rooms(request: HttpRequest) -> HttpResponse:
    authorize_or_404(request.user, Action.MANAGE_CALENDAR_SETUP)
    form = RoomForm(request.POST if "name" in request.POST else None)
    error = ""
    if request.method == "POST":
        try:
            if "room" in request.POST:
                room = Room.objects.filter(pk=_uuid(request.POST["room"])).first()
                if room is None:
                    raise Http404()
                calendar_setup.set_room_in_use(request.user, room, request.POST.get("use") == "1")
            elif form.is_valid():
                calendar_setup.add_room(request.user, form.cleaned_data["name"])
            else:
                error = "Give the room a name."
        except SealbookError as exc:
            error = str(exc)
        if not error:
            messages.success(request, "Saved.")
            return redirect("calendar-rooms")
    return render(
        request,
        "scheduling/rooms.html",
        {
            "form": form,
            "rooms": Room.objects.all(),
            "clinicians": calendar_setup.clinicians(),
            "error": error,
        },
        status=400 if error else 200,
    )


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404() from None


@require_http_methods(["GET", "POST"])
@login_required
def clinician_hours(request: HttpRequest, user_id: int) -> HttpResponse:
    clinician = calendar_setup.clinicians().filter(pk=user_id).first()
    authorize_or_404(request.user, calendar_setup.may_set_hours_of(request.user, clinician))
    if clinician is None:
        raise Http404()
    tz_name = practice_zone_name()
    hours = HoursForm(request.POST if request.POST.get("kind") == "hours" else None,
                      initial=_initial_hours(clinician))  # fmt: skip
    off = TimeOffForm(request.POST if request.POST.get("kind") == "time-off" else None)
    error = ""
    if request.method == "POST":
        kind = request.POST.get("kind")
        try:
            if kind == "hours" and hours.is_valid():
                calendar_setup.set_hours(request.user, clinician, hours.hours(), time_zone=tz_name)
            elif kind == "time-off" and off.is_valid():
                first, last = off.cleaned_data["first_day"], off.cleaned_data["last_day"]
                calendar_setup.add_time_off(
                    request.user, clinician, _midnight(first, tz_name),
                    _midnight(last + datetime.timedelta(days=1), tz_name),
                )  # fmt: skip
            elif kind == "remove-time-off":
                calendar_setup.remove_time_off(
                    request.user, _time_off(clinician, request.POST.get("time_off", ""))
                )
            else:
                error = "The form was incomplete: see the fields marked."
        except SealbookError as exc:
            error = str(exc)
        if not error:
            messages.success(request, "Saved.")
            return redirect("calendar-hours", user_id=clinician.pk)
    tz = zone(tz_name)
    return render(
        request,
        "scheduling/hours.html",
        {
            "clinician": clinician,
            "own": clinician.pk == request.user.pk,
            "hours": hours,
            "days": [
                (name, hours[f"from_{day}"], hours[f"to_{day}"])
                for day, name in enumerate(WEEKDAY_NAMES)
            ],
            "off": off,
            "time_off": [
                (
                    t.pk,
                    t.start.astimezone(tz).date(),
                    (t.end.astimezone(tz) - datetime.timedelta(seconds=1)).date(),
                )
                for t in TimeOff.objects.filter(clinician=clinician)
            ],
            "zone": tz_name,
            "error": error,
            "can_setup": permits(request.user, Action.MANAGE_CALENDAR_SETUP),
        },
        status=400 if error else 200,
    )


def _time_off(clinician: Any, value: str) -> TimeOff:
    found = TimeOff.objects.filter(pk=int(value), clinician=clinician).first() if (
        value.isdigit()
    ) else None  # fmt: skip
    if found is None:
        raise Http404()
    return found


def _initial_hours(clinician: Any) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for slot in Availability.objects.filter(clinician=clinician):
        initial[f"from_{slot.weekday}"] = slot.start_time
        initial[f"to_{slot.weekday}"] = slot.end_time
    return initial


def _midnight(day: datetime.date, tz_name: str) -> datetime.datetime:
    return to_utc(datetime.datetime.combine(day, datetime.time()), zone(tz_name), fold=0)
