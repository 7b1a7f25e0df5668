"""Secure messages between a portal account and the client's care team.

Subjects and bodies are encrypted under the client's key; an attachment goes
into the chart's encrypted document store (type and size limited here). The
e-mail that tells someone about a new message says only that there is one.
A clinician can file a message into the chart, as a document.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from sealbook.access.policy import Action, authorize
from sealbook.accounts.models import User
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.documents.actions import EncryptedUpload, add_document, encrypt_upload, store_document
from sealbook.documents.models import Document, DocumentKind
from sealbook.mail import MailError, Notice, send_notice
from sealbook.portal.actions import PortalError
from sealbook.portal.contact import notify, sender_name
from sealbook.portal.models import AccountKind, Message, PortalAccount, Thread, ThreadRead

log = logging.getLogger(__name__)

MAX_SUBJECT = 200
MAX_BODY = 20_000
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# What a client may attach: content type -> the file name endings that go with it.
ATTACHMENT_TYPES = {
    "application/pdf": ("pdf",),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg"),
    "text/plain": ("txt",),
}


def _clean(subject: str | None, body: str) -> tuple[str | None, str]:
    body = body.strip()
    if not body:
        raise PortalError("write a message")
    if len(body) > MAX_BODY:
        raise PortalError(f"a message is at most {MAX_BODY} characters")
    if subject is not None:
        subject = " ".join(subject.split())
        if not subject:
            raise PortalError("give the message a subject")
        if len(subject) > MAX_SUBJECT:
            raise PortalError(f"a subject is at most {MAX_SUBJECT} characters")
    return subject, body


def check_attachment(upload: EncryptedUpload) -> None:
    """Refuse (and discard) an attachment of the wrong type or size."""
    content_type = upload.content_type.split(";")[0].strip().lower()
    ending = upload.filename.rpartition(".")[2].lower() if "." in upload.filename else ""
    problem = ""
    if ending not in ATTACHMENT_TYPES.get(content_type, ()):
        problem = "attach a PDF, a PNG or JPEG picture, or a text file"
    elif upload.size > MAX_ATTACHMENT_BYTES:
        problem = f"an attachment is at most {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB"
    elif upload.size == 0:
        problem = "the attached file is empty"
    if problem:
        upload.discard()
        raise PortalError(problem)


def _attach(account: PortalAccount, upload: EncryptedUpload | None) -> Document | None:
    if upload is None:
        return None
    check_attachment(upload)
    return store_document(
        account.user, account.client, upload,
        title="Attachment to a portal message", kind=DocumentKind.DOCUMENT,
    )  # fmt: skip


def _tell_care_team(account: PortalAccount, link_base: str) -> None:
    """A "new message" e-mail to each active member of the care team; a failure is logged."""
    team = User.objects.staff().filter(
        is_active=True, pk__in=account.client.care_team.values("user_id")
    )
    for member in team:
        if member.email:
            try:
                send_notice(member.email, Notice.NEW_MESSAGE, link=f"{link_base}/messages/",
                            sender_name=sender_name())  # fmt: skip
            except MailError as exc:
                log.warning("new-message notice to staff %s not sent: %s", member.pk, exc)


def _tell_portal(thread: Thread, link_base: str) -> None:
    try:
        notify(thread.account, Notice.NEW_MESSAGE, link=f"{link_base}/portal/messages/")
    except MailError as exc:
        log.warning("new-message notice to portal account %s not sent: %s", thread.account_id, exc)


def start_thread(
    account: PortalAccount,
    *,
    subject: str,
    body: str,
    upload: EncryptedUpload | None = None,
    link_base: str,
) -> Thread:
    """A portal account writes a new message to the care team."""
    try:
        clean_subject, clean_body = _clean(subject, body)
    except PortalError:
        if upload is not None:
            upload.discard()
        raise
    with transaction.atomic():
        now = timezone.now()
        thread = Thread(client=account.client, account=account, last_message_at=now)
        thread.subject = clean_subject
        thread.save()
        _add(account, thread, clean_body, upload)
    _tell_care_team(account, link_base.rstrip("/"))
    return thread


def reply_from_portal(
    account: PortalAccount,
    thread: Thread,
    *,
    body: str,
    upload: EncryptedUpload | None = None,
    link_base: str,
) -> Message:
    if thread.account_id != account.pk:
        raise PortalError("that conversation is not yours")
    try:
        _, clean_body = _clean(None, body)
    except PortalError:
        if upload is not None:
            upload.discard()
        raise
    with transaction.atomic():
        message = _add(account, thread, clean_body, upload)
    _tell_care_team(account, link_base.rstrip("/"))
    return message


def _add(
    account: PortalAccount, thread: Thread, body: str, upload: EncryptedUpload | None
) -> Message:
    attachment = _attach(account, upload)
    message = Message(
        thread=thread, client=account.client, author=account.user, from_portal=True,
        attachment=attachment,
    )  # fmt: skip
    message.body = body
    message.save()
    thread.last_message_at = message.created_at
    thread.save(update_fields=["last_message_at"])
    _mark_read(account.user, thread)
    record(
        AuditEvent.PORTAL_MESSAGE_SENT,
        actor=account.user,
        client_id=account.client_id,
        obj=message,
        detail={"from": "portal", "attachment": attachment is not None},
    )
    return message


def reply_from_staff(actor: Any, thread: Thread, *, body: str, link_base: str) -> Message:
    """A member of the care team answers; the portal account gets a "new message" e-mail."""
    authorize(actor, Action.PORTAL_MESSAGES, thread.client)
    _, clean_body = _clean(None, body)
    with transaction.atomic():
        message = Message(thread=thread, client=thread.client, author=actor, from_portal=False)
        message.body = clean_body
        message.save()
        thread.last_message_at = message.created_at
        thread.save(update_fields=["last_message_at"])
        _mark_read(actor, thread)
        record(
            AuditEvent.PORTAL_MESSAGE_SENT,
            actor=actor,
            client_id=thread.client_id,
            obj=message,
            detail={"from": "staff"},
        )
    _tell_portal(thread, link_base.rstrip("/"))
    return message


def _mark_read(user: Any, thread: Thread) -> None:
    ThreadRead.objects.update_or_create(
        thread=thread, user=user, defaults={"read_at": timezone.now()}
    )


def open_thread(user: Any, thread: Thread) -> list[Message]:
    """The thread's messages, marked read for `user`; staff reads are audited as chart reads."""
    if not getattr(user, "is_portal_account", False):
        authorize(user, Action.PORTAL_MESSAGES, thread.client)
        record(AuditEvent.PORTAL_THREAD_VIEWED, actor=user, client_id=thread.client_id, obj=thread)
    messages = list(thread.messages.select_related("author"))
    for message in messages:
        message.thread = thread
    _mark_read(user, thread)
    return messages


def file_into_chart(actor: Any, message: Message) -> Document:
    """Keep a copy of the message in the chart, as a text document (and say so on the message)."""
    authorize(actor, Action.PORTAL_MESSAGES, message.client)
    if message.filed_as_id is not None:
        raise PortalError("this message is already in the chart")
    who = "the client" if message.from_portal else message.author.display_name
    if message.from_portal and message.thread.account.kind == AccountKind.GUARDIAN:
        who = "a guardian"
    when = timezone.localtime(message.created_at)
    text = (
        f"Portal message from {who}, {when:%Y-%m-%d %H:%M}\n"
        f"Subject: {message.thread.subject}\n\n{message.body}\n"
    )
    upload = encrypt_upload(
        io.BytesIO(text.encode()), filename="portal-message.txt", content_type="text/plain"
    )
    with transaction.atomic():
        document = add_document(
            actor, message.client, upload,
            title=f"Portal message of {when:%Y-%m-%d}", kind=DocumentKind.DOCUMENT,
        )  # fmt: skip
        message.filed_as = document
        message.save(update_fields=["filed_as"])
        record(
            AuditEvent.PORTAL_MESSAGE_FILED,
            actor=actor,
            client_id=message.client_id,
            obj=message,
            detail={"document": str(document.pk)},
        )
    return document


def unread_counts(user: Any, threads: list[Thread]) -> dict[Any, int]:
    """For each thread, how many messages from the other side `user` has not read."""
    reads = dict(
        ThreadRead.objects.filter(user=user, thread__in=threads).values_list("thread_id", "read_at")
    )
    counts: dict[Any, int] = {}
    for thread in threads:
        seen = reads.get(thread.pk)
        rows = thread.messages.exclude(author=user)
        counts[thread.pk] = (rows.filter(created_at__gt=seen) if seen else rows).count()
    return counts


def staff_inbox(user: Any) -> list[tuple[Thread, int]]:
    """The threads of the clients whose care team `user` is on, newest first, with unread counts."""
    authorize(user, Action.MESSAGE_INBOX)
    threads = list(
        Thread.objects.filter(client__care_team__user=user)
        .select_related("client", "account")
        .order_by("-last_message_at")[:200]
    )
    counts = unread_counts(user, threads)
    return [(thread, counts[thread.pk]) for thread in threads]


def unread_for_staff(user: Any) -> int:
    """How many threads in `user`'s inbox have something new (for the navigation)."""
    threads = Thread.objects.filter(client__care_team__user=user)
    return sum(1 for count in unread_counts(user, list(threads)).values() if count)
