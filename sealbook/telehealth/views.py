"""Video-session pages: the clinician's room controls, the client's waiting room, the proxy.

Each view parses, calls one action (`telehealth.actions`, `telehealth.proxy`)
and renders. A client has no login: their join link is the credential and a
cookie names the one device that holds it.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from sealbook.access.policy import AccessDenied, Action, authorize
from sealbook.core.errors import SealbookError
from sealbook.documents.uploads import EncryptedUploadedFile, EncryptingUploadHandler
from sealbook.records.models import Session
from sealbook.telehealth import actions, proxy
from sealbook.telehealth.models import (
    JoinLink,
    ParticipantState,
    RoomRecording,
    RoomState,
    VideoRoom,
)
from sealbook.telehealth.participants import clients_of

DEVICE_COOKIE = "sealbook_video_device"
# The video pages are the only ones that may use the camera and microphone.
MEDIA_PERMISSIONS = "camera=(self), microphone=(self), geolocation=()"


def _session_for(request: HttpRequest, session_id: uuid.UUID) -> Session:
    """The session, if the user may hold its video session (404 otherwise, never a hint)."""
    session = Session.objects.select_related("client").filter(pk=session_id).first()
    if session is None:
        raise Http404()
    try:
        authorize(request.user, Action.HOLD_VIDEO_SESSION, session.client)
    except AccessDenied:
        raise Http404() from None
    if session.clinician_id != request.user.pk:
        raise Http404()
    return session


def _with_media(response: HttpResponse) -> HttpResponse:
    response.headers["Permissions-Policy"] = MEDIA_PERMISSIONS
    return response


@require_http_methods(["GET"])
@login_required
def video_session(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    session = _session_for(request, session_id)
    return _with_media(_room_page(request, session))


def _room_page(
    request: HttpRequest,
    session: Session,
    *,
    error: str = "",
    new_link: str = "",
    status: int = 200,
) -> HttpResponse:
    room = VideoRoom.objects.filter(session=session).first()
    links = {
        link.client_id: link
        for link in JoinLink.objects.filter(session=session, revoked_at__isnull=True)
    }
    participants = [
        {"client": client, "link": links.get(client.pk), "number": number}
        for number, client in enumerate(clients_of(session), start=1)
    ]
    return render(
        request,
        "telehealth/room.html",
        {
            "session": session,
            "room": room,
            "open": room is not None and room.state == RoomState.OPEN,
            "participants": participants,
            "media_problem": proxy.media_down_reason(),
            "error": error,
            "new_link": new_link,
            "telehealth": session.modality == "telehealth",
        },
        status=status,
    )


def _refused(request: HttpRequest, session: Session, exc: SealbookError) -> HttpResponse:
    return _with_media(_room_page(request, session, error=str(exc), status=_status(exc)))


def _status(exc: SealbookError) -> int:
    return 503 if isinstance(exc, proxy.MediaUnavailable) else 400


@require_http_methods(["POST"])
@login_required
def video_open(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    session = _session_for(request, session_id)
    try:
        actions.open_room(request.user, session)
    except SealbookError as exc:
        return _refused(request, session, exc)
    return redirect("video-session", session_id=session.pk)


@require_http_methods(["POST"])
@login_required
def video_link(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    session = _session_for(request, session_id)
    chosen = next(
        (c for c in clients_of(session) if str(c.pk) == request.POST.get("client", "")), None
    )
    if chosen is None:
        return _refused(request, session, actions.VideoError("choose one of the session's clients"))
    try:
        _, token = actions.issue_link(request.user, session, chosen)
    except SealbookError as exc:
        return _refused(request, session, exc)
    url = request.build_absolute_uri(f"/video/join/{token}/")
    return _with_media(_room_page(request, session, new_link=url))


def _link_for(request: HttpRequest, link_id: uuid.UUID) -> JoinLink:
    link = JoinLink.objects.select_related("session", "client").filter(pk=link_id).first()
    if link is None:
        raise Http404()
    _session_for(request, link.session_id)
    return link


CONTROLS = {
    "admit": actions.admit,
    "decline": actions.decline,
    "remove": actions.remove,
    "revoke": actions.revoke_link,
}


@require_http_methods(["POST"])
@login_required
def video_participant(request: HttpRequest, link_id: uuid.UUID, verb: str) -> HttpResponse:
    link = _link_for(request, link_id)
    control = CONTROLS.get(verb)
    if control is None:
        raise Http404()
    try:
        control(request.user, link)
    except SealbookError as exc:
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({"error": str(exc)}, status=_status(exc))
        return _refused(request, link.session, exc)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"ok": True})
    return redirect("video-session", session_id=link.session_id)


@require_http_methods(["POST"])
@login_required
def video_end(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    session = _session_for(request, session_id)
    room = VideoRoom.objects.filter(session=session).first()
    if room is None:
        return _refused(request, session, actions.VideoError("the video session was not started"))
    try:
        actions.end(request.user, room)
    except SealbookError as exc:
        return _refused(request, session, exc)
    return redirect("video-session", session_id=session.pk)


@require_http_methods(["GET"])
@login_required
def video_participants(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    """Who is waiting or in the room, by label and state only (polled by the room page)."""
    session = _session_for(request, session_id)
    room = VideoRoom.objects.filter(session=session).first()
    rows = [
        {"id": str(link.pk), "label": link.label, "state": link.state}
        for link in JoinLink.objects.filter(session=session, revoked_at__isnull=True).order_by(
            "number"
        )
    ]
    recording = actions.newest_recording(room) if room is not None else None
    return JsonResponse(
        {
            "room": room.state if room is not None else "not-started",
            "participants": rows,
            "recording": (
                {"id": str(recording.pk), "state": recording.state} if recording else None
            ),
        }
    )


def _recording_for(request: HttpRequest, recording_id: uuid.UUID) -> RoomRecording:
    recording = (
        RoomRecording.objects.select_related("room__session").filter(pk=recording_id).first()
    )
    if recording is None:
        raise Http404()
    _session_for(request, recording.room.session_id)
    return recording


def _json_refusal(exc: SealbookError) -> JsonResponse:
    return JsonResponse({"error": str(exc)}, status=_status(exc))


@require_http_methods(["POST"])
@login_required
def video_record(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    """Start recording (the clinician's browser records; see `actions.start_recording`)."""
    session = _session_for(request, session_id)
    room = VideoRoom.objects.filter(session=session).first()
    if room is None:
        return _json_refusal(actions.VideoError("the video session was not started"))
    try:
        recording = actions.start_recording(request.user, room)
    except SealbookError as exc:
        return _json_refusal(exc)
    return JsonResponse({"id": str(recording.pk), "state": recording.state})


@require_http_methods(["POST"])
@login_required
def video_recording_stop(request: HttpRequest, recording_id: uuid.UUID) -> HttpResponse:
    recording = _recording_for(request, recording_id)
    try:
        actions.stop_recording(request.user, recording)
    except SealbookError as exc:
        return _json_refusal(exc)
    return JsonResponse({"ok": True})


@csrf_exempt
@require_http_methods(["POST"])
@login_required
def video_recording_file(request: HttpRequest, recording_id: uuid.UUID) -> HttpResponse:
    """The recorded file, encrypted as it arrives into the documents store (as every
    upload: the handler must be installed before the body is read, hence CSRF inside,
    checked before anything else is looked up)."""
    request.upload_handlers = [EncryptingUploadHandler(request)]
    try:
        return _recording_file(request, recording_id)
    finally:
        files = getattr(request, "_files", None)
        for uploaded in files.getlist("file") if files is not None else []:
            if isinstance(uploaded, EncryptedUploadedFile):
                uploaded.upload.discard()


@csrf_protect
def _recording_file(request: HttpRequest, recording_id: uuid.UUID) -> HttpResponse:
    recording = _recording_for(request, recording_id)
    uploaded = request.FILES.get("file")
    upload = uploaded.upload if isinstance(uploaded, EncryptedUploadedFile) else None
    if upload is None:
        return JsonResponse({"error": "no recording arrived"}, status=400)
    try:
        document = actions.save_recording(request.user, recording, upload)
    except SealbookError as exc:
        return _json_refusal(exc)
    return JsonResponse({"document": str(document.pk)})


@require_http_methods(["GET"])
@login_required
def video_media(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    """The clinician's room, media key and TURN credentials (no-store, like every page)."""
    session = _session_for(request, session_id)
    room = VideoRoom.objects.filter(session=session).first()
    if room is None:
        return JsonResponse({"error": "the video session was not started"}, status=409)
    try:
        config = actions.clinician_media(request.user, room)
    except SealbookError as exc:
        return JsonResponse({"error": str(exc)}, status=_status(exc))
    return JsonResponse(config.as_json())


def _staff_participant(request: HttpRequest, session_id: uuid.UUID) -> proxy.Participant:
    session = _session_for(request, session_id)
    room = VideoRoom.objects.filter(session=session, state=RoomState.OPEN).first()
    if room is None:
        raise proxy.ProxyRefused("the video session is not open", status=409)
    return proxy.Participant(
        token_purpose=actions.clinician_token_purpose(room),
        room=room.janus_room,
        display="Clinician",
        janus_session=room.clinician_janus_session,
        video_room=room,
    )


def _proxied(
    request: HttpRequest, who: Any, session_id: int | None, handle_id: int | None
) -> HttpResponse:
    try:
        participant = who() if callable(who) else who
        body = None
        if request.method == "POST":
            try:
                body = json.loads(request.body or b"{}")
            except ValueError:
                return JsonResponse({"error": "the request is not JSON"}, status=400)
            if not isinstance(body, dict):
                return JsonResponse({"error": "the request is not a JSON object"}, status=400)
        answer = proxy.forward(participant, session_id, handle_id, body)
    except proxy.ProxyRefused as exc:
        return JsonResponse({"error": str(exc)}, status=exc.status)
    except actions.LinkRefused as exc:
        # Like the link's pages: a link that opens nothing now is gone, not forbidden.
        return JsonResponse({"error": str(exc)}, status=410)
    return JsonResponse(answer, safe=False)


@require_http_methods(["GET", "POST"])
@login_required
def video_janus(
    request: HttpRequest, session_id: uuid.UUID, janus_session: int | None = None,
    handle: int | None = None,
) -> HttpResponse:  # fmt: skip
    return _proxied(request, lambda: _staff_participant(request, session_id), janus_session, handle)


# -- the client's pages ----------------------------------------------------------------


def _link_problem(request: HttpRequest, exc: SealbookError) -> HttpResponse:
    return render(request, "telehealth/link_problem.html", {"message": str(exc)}, status=410)


@require_http_methods(["GET"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    """The waiting room: the client opens their link on one device and waits."""
    try:
        link, device = actions.arrive(token, request.COOKIES.get(DEVICE_COOKIE))
    except SealbookError as exc:
        return _link_problem(request, exc)
    response = render(
        request,
        "telehealth/join.html",
        {"link": link, "token": token, "media_problem": proxy.media_down_reason()},
    )
    response.set_cookie(
        DEVICE_COOKIE, device, httponly=True, samesite="Strict", path=f"/video/join/{token}/",
        secure=request.is_secure(), max_age=12 * 3600,
    )  # fmt: skip
    return _with_media(response)


@require_http_methods(["GET"])
def join_status(request: HttpRequest, token: str) -> HttpResponse:
    """Polled by the waiting room: still waiting, admitted (with the media key), or turned away."""
    try:
        link = actions.holding_device(token, request.COOKIES.get(DEVICE_COOKIE))
        media = actions.client_media(link)
    except SealbookError as exc:
        return JsonResponse({"state": "closed", "message": str(exc)}, status=410)
    answer: dict[str, Any] = {"state": link.state}
    if media is not None and link.state == ParticipantState.ADMITTED:
        answer["media"] = media.as_json()
        answer["recording"] = actions.is_recording_session(link.session_id)
    return JsonResponse(answer)


@require_http_methods(["POST"])
def join_leave(request: HttpRequest, token: str) -> HttpResponse:
    try:
        actions.leave(token, request.COOKIES.get(DEVICE_COOKIE))
    except SealbookError as exc:
        return _link_problem(request, exc)
    return render(request, "telehealth/left.html", {}, status=200)


def _client_participant(request: HttpRequest, token: str) -> proxy.Participant:
    link = actions.holding_device(token, request.COOKIES.get(DEVICE_COOKIE))
    if link.state != ParticipantState.ADMITTED:
        raise proxy.ProxyRefused("you have not been let in yet")
    room = VideoRoom.objects.filter(session_id=link.session_id, state=RoomState.OPEN).first()
    if room is None:
        raise proxy.ProxyRefused("the video session is not open", status=409)
    return proxy.Participant(
        token_purpose=actions.link_token_purpose(link),
        room=room.janus_room,
        display=link.label,
        janus_session=link.janus_session,
        link=link,
    )


@require_http_methods(["GET", "POST"])
def join_janus(
    request: HttpRequest, token: str, janus_session: int | None = None, handle: int | None = None
) -> HttpResponse:
    return _proxied(request, lambda: _client_participant(request, token), janus_session, handle)
