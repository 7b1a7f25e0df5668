"""Uploading and downloading a chart's documents and recordings.

Uploads are encrypted as they arrive (`uploads.EncryptingUploadHandler`), so
the handler has to be installed before anything reads the request body; that
is why the upload view is CSRF-exempt on the outside and CSRF-protected on the
inside, as Django's documentation prescribes. Downloads stream one decrypted
chunk at a time and honour a single HTTP byte range, so a browser can seek in
a recording without fetching it whole.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import BinaryIO

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from sealbook.access.pages import problem
from sealbook.access.policy import Action
from sealbook.core.crypto.stream import StreamReader
from sealbook.core.errors import SealbookError
from sealbook.documents import actions
from sealbook.documents.models import Document
from sealbook.documents.uploads import EncryptedUploadedFile, EncryptingUploadHandler
from sealbook.records.getters import get_client_for, get_client_owned_for
from sealbook.records.models import Client

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_INLINE = ("audio/", "video/")


@csrf_exempt
@require_POST
@login_required
def document_new(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, client_id, Action.ADD_DOCUMENT)
    request.upload_handlers = [EncryptingUploadHandler(request)]
    try:
        return _document_new(request, client)
    finally:
        # A refused request (a bad CSRF token, say) leaves no encrypted file
        # behind; after a successful one there is nothing left to discard.
        files = getattr(request, "_files", None)
        for uploaded in files.getlist("file") if files is not None else []:
            if isinstance(uploaded, EncryptedUploadedFile):
                uploaded.upload.discard()


@csrf_protect
def _document_new(request: HttpRequest, client: Client) -> HttpResponse:
    uploaded = request.FILES.get("file")
    upload = uploaded.upload if isinstance(uploaded, EncryptedUploadedFile) else None
    if upload is None:
        return problem(request, "Choose a file.", 400)
    try:
        actions.add_document(
            request.user,
            client,
            upload,
            title=request.POST.get("title", ""),
            kind=request.POST.get("kind", ""),
        )
    except SealbookError as exc:
        return problem(request, str(exc), 400)
    return redirect("chart", client_id=client.pk)


def _parse_range(header: str, size: int) -> tuple[int, int] | None:
    """The [start, end) of a single "bytes=" range; None for no range; ValueError if unusable."""
    if not header:
        return None
    match = _RANGE.match(header.strip())
    if match is None or match[1] == match[2] == "":
        raise ValueError("unsupported range")
    if match[1] == "":
        start, end = max(0, size - int(match[2])), size
    else:
        start = int(match[1])
        end = min(size, int(match[2]) + 1) if match[2] else size
    if start >= size or start >= end:
        raise ValueError("unsatisfiable range")
    return start, end


def _stream(reader: StreamReader, source: BinaryIO, start: int, end: int) -> Iterator[bytes]:
    with source:
        yield from reader.iter_range(start, end)


@require_GET
@login_required
def document_file(request: HttpRequest, document_id: uuid.UUID) -> HttpResponseBase:
    document = get_client_owned_for(request.user, Document, document_id, Action.VIEW_DOCUMENTS)
    try:
        byte_range = _parse_range(request.headers.get("Range", ""), document.size)
    except ValueError:
        return HttpResponse(status=416, headers={"Content-Range": f"bytes */{document.size}"})
    actions.view_document(request.user, document, byte_range=byte_range)
    try:
        reader, source = actions.open_document(document)
    except SealbookError as exc:
        return problem(request, str(exc), 500)
    start, end = byte_range or (0, document.size)
    response = StreamingHttpResponse(
        _stream(reader, source, start, end), status=206 if byte_range else 200
    )
    content_type = document.content_type or "application/octet-stream"
    inline = content_type.startswith(_INLINE)
    response["Content-Type"] = content_type if inline else "application/octet-stream"
    response["Content-Length"] = str(end - start)
    response["Accept-Ranges"] = "bytes"
    # A neutral file name: the original one may name the client.
    original = document.filename or ""
    extension = (
        re.sub(r"[^a-z0-9]", "", original.rpartition(".")[2].lower()) if "." in original else ""
    )
    name = f"{document.kind}-{document.id.hex[:8]}" + (f".{extension[:8]}" if extension else "")
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{name}"'
    response["Cache-Control"] = "no-store"
    if byte_range:
        response["Content-Range"] = f"bytes {start}-{end - 1}/{document.size}"
    return response
