"""Share case material (choose, review, produce) and the leak check.

Nothing here stores the text it shows: the chosen notes are read from the
vault on every step, pasted text travels in the POST body of the form, and the
packet leaves in the response. Only `actions` writes the audit entries.

The de-identification engine (`core.deid`, about 10 MiB of detectors and
word lists once imported) is loaded by `actions`, `forms` and `review`, so
each view imports those when it runs, not when the URL conf is loaded: a
server process that never shares case material never loads the engine.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sealbook.access.policy import Action, authorize, permits, visible_clients
from sealbook.disclosure.gate import DisclosureRefused
from sealbook.disclosure.models import Disclosure
from sealbook.records.getters import get_client_for, owned_by
from sealbook.records.models import Client, ProgressNote
from sealbook.records.unreadable import notice

if TYPE_CHECKING:
    from sealbook.sharing.actions import CasePacket
    from sealbook.sharing.forms import PacketDisclosureForm, ShareForm
    from sealbook.sharing.review import SourceDocument


def _notes_of(client: Client) -> list[ProgressNote]:
    return owned_by(
        client,
        ProgressNote.objects.select_related("author", "session").order_by("created_at", "pk"),
    )


def _documents(client: Client, form: ShareForm) -> list[SourceDocument]:
    """The chosen notes in the order they were written, then the pasted text.

    `client` was loaded through the access-checked getter for sharing; a note
    that is not one of its progress notes (another client's, a psychotherapy
    note, none at all) is a 404, as if it did not exist.
    """
    from sealbook.sharing.review import SourceDocument

    ids = form.cleaned_data["note_ids"]
    notes = owned_by(client, ProgressNote.objects.filter(pk__in=ids).prefetch_related("amendments"))
    if len(notes) != len(ids):
        raise Http404()
    notes.sort(key=lambda n: (n.created_at, str(n.pk)))
    documents = [SourceDocument(n.as_text(compact=True, amendments=True), n.pk) for n in notes]
    if form.cleaned_data["pasted"]:
        documents.append(SourceDocument(form.cleaned_data["pasted"]))
    return documents


def _choose_page(request: HttpRequest, client: Client, form: ShareForm) -> HttpResponse:
    from sealbook.sharing.forms import MAX_NOTES

    chosen = {str(i) for i in form.raw_note_ids} if form.is_bound else set()
    return render(
        request,
        "sharing/choose.html",
        {"client": client, "form": form, "notes": _notes_of(client), "chosen": chosen,
         "max_notes": MAX_NOTES},
        status=400 if form.is_bound and form.errors else 200,
    )  # fmt: skip


def _review_page(
    request: HttpRequest,
    client: Client,
    form: ShareForm,
    documents: list[SourceDocument],
    error: str = "",
    disclosure_form: PacketDisclosureForm | None = None,
    status: int = 400,
) -> HttpResponse:
    from sealbook.core.deid import Packet
    from sealbook.sharing import actions
    from sealbook.sharing.review import review_documents

    data = form.cleaned_data
    roster = actions.roster_for(request.user, client)
    packet = Packet(form.chosen_policy, form.chosen_operator, roster)
    reviewed = review_documents(
        packet, documents, data["rejected"], data["marks"], form.chosen_mark_label
    )
    return render(
        request,
        "sharing/review.html",
        {
            "client": client,
            "form": form,
            "policy": form.chosen_policy,
            "documents": [(doc, rev) for doc, rev in zip(documents, reviewed, strict=True)],
            "note_ids": [str(d.note_id) for d in documents if d.note_id is not None],
            "pasted": data["pasted"],
            "findings": sum(len(r.rows) for r in reviewed),
            "error": error,
            "disclosure_form": disclosure_form,
            "can_disclose": permits(request.user, Action.DISCLOSE, client),
            "reauthenticated": bool(getattr(request.user, "sudo_active", False)),
        },
        status=status if error else 200,
    )


@require_GET
@login_required
def share_case_material(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    from sealbook.sharing.forms import ShareForm

    client = get_client_for(request.user, client_id, Action.SHARE_CASE_MATERIAL)
    return _choose_page(request, client, ShareForm())


@require_POST
@login_required
def share_review(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    from sealbook.sharing.forms import ShareForm

    client = get_client_for(request.user, client_id, Action.SHARE_CASE_MATERIAL)
    form = ShareForm(request.POST)
    if not form.is_valid():
        return _choose_page(request, client, form)
    return _review_page(request, client, form, _documents(client, form))


@require_POST
@login_required
def share_packet(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    from sealbook.sharing import actions
    from sealbook.sharing.forms import PacketDisclosureForm, ShareForm

    client = get_client_for(request.user, client_id, Action.SHARE_CASE_MATERIAL)
    form = ShareForm(request.POST)
    if not form.is_valid():
        return _choose_page(request, client, form)
    documents = _documents(client, form)
    try:
        made = actions.create_case_packet(request.user, client, form.packet_request(documents))
    except actions.PacketStillIdentifying as refused:
        offer = PacketDisclosureForm(client=client)
        return _review_page(request, client, form, documents, str(refused), offer)
    except actions.PacketRefused as refused:
        return _review_page(request, client, form, documents, error=str(refused))
    return _packet_page(request, client, form, made, len(documents))


def _packet_page(
    request: HttpRequest,
    client: Client,
    form: ShareForm,
    made: CasePacket,
    documents: int,
    disclosure: Disclosure | None = None,
) -> HttpResponse:
    return render(
        request,
        "sharing/packet.html",
        {
            "client": client,
            "packet": made,
            "policy": form.chosen_policy,
            "operator": form.chosen_operator,
            "documents": documents,
            "disclosure": disclosure,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def share_disclose(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    """Send a packet that still identifies the client through the disclosure gate."""
    from sealbook.sharing import actions
    from sealbook.sharing.forms import PacketDisclosureForm, ShareForm

    client = get_client_for(request.user, client_id, Action.SHARE_CASE_MATERIAL)
    if request.method == "GET":
        # Back from re-authentication: the review lived in the form, so start again.
        return redirect("share-case-material", client_id=client.pk)
    form = ShareForm(request.POST)
    if not form.is_valid():
        return _choose_page(request, client, form)
    documents = _documents(client, form)
    to = PacketDisclosureForm(request.POST, client=client)
    if not to.is_valid():
        problems = " ".join(str(e) for errors in to.errors.values() for e in errors)
        return _review_page(request, client, form, documents, problems, to)
    try:
        disclosure, made = actions.disclose_case_packet(
            request.user, client, form.packet_request(documents), to=to.disclosure_request()
        )
    except DisclosureRefused as refused:
        return _review_page(request, client, form, documents, str(refused), to, status=409)
    except actions.PacketRefused as refused:
        return _review_page(request, client, form, documents, str(refused), to)
    return _packet_page(request, client, form, made, len(documents), disclosure)


@require_http_methods(["GET", "POST"])
@login_required
def leak_check(request: HttpRequest) -> HttpResponse:
    from sealbook.core.deid import resolve_overlaps
    from sealbook.sharing import actions
    from sealbook.sharing.forms import LeakCheckForm
    from sealbook.sharing.review import segments_of

    authorize(request.user, Action.LEAK_CHECK)
    form = LeakCheckForm(request.POST or None)
    result: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        checked = actions.check_for_leaks(request.user, text)
        findings = resolve_overlaps(checked.findings, text)
        refs = {ref for span in findings for ref in span.client_refs}
        clients = {
            str(c.pk): c for c in visible_clients(request.user, Client.objects.filter(pk__in=refs))
        }
        keys = [str(n) for n in range(1, len(findings) + 1)]
        result = {
            "checked": True,
            "segments": segments_of(text, findings, keys, set()),
            "rows": [
                (
                    n,
                    span,
                    span.text_in(text),
                    [clients[r] for r in span.client_refs if r in clients],
                )
                for n, span in enumerate(findings, 1)
            ],
            "left_out": notice(checked.unreadable),
        }
    return render(
        request,
        "sharing/leak_check.html",
        {"form": form, **result},
        status=400 if form.errors else 200,
    )
