"""The successor custodian: a colleague who can take the records over.

Naming a custodian makes an offline recovery kit: a printable file holding a
private key, whose public half the practice keeps. Authors may escrow each
psychotherapy note to the custodian. If the psychologist dies or cannot go
on, the custodian runs `sealbook custodian takeover` with the kit and the
practice passphrase: they join every care team and every escrowed note is
re-sealed to their own key, so they can continue care or transfer records.
Using the kit is loud: an audit entry and a notification to every staff member.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sealbook.access.models import Notification, NotificationKind, current_policy
from sealbook.access.policy import Action, authorize
from sealbook.accounts.models import CLINICAL_ROLES, User
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.core.crypto.user_keys.custodian_kit import new_custodian_kit, parse_custodian_kit
from sealbook.core.crypto.user_keys.key_pair import key_fingerprint
from sealbook.core.crypto.user_keys.note_envelope import add_recipient, recipients_of
from sealbook.core.errors import SealbookError
from sealbook.psychotherapy.models import CUSTODIAN, ClinicianKey, PsychotherapyNote, recipient_id
from sealbook.records.models import CareTeamMembership, Client
from sealbook.vault import runtime


class CustodianError(SealbookError):
    pass


def name_custodian(actor: Any, custodian: User) -> str:
    """Name `custodian` and return the kit text (to print and hand over; it is not kept)."""
    authorize(actor, Action.MANAGE_PRACTICE)
    if custodian.role not in CLINICAL_ROLES or not custodian.is_active:
        raise CustodianError("the custodian must be an active clinician")
    public_key, kit_text = new_custodian_kit(runtime.practice_name())
    with transaction.atomic():
        policy = current_policy()
        policy.custodian = custodian
        policy.custodian_public_key = public_key
        policy.save()
        record(
            AuditEvent.CUSTODIAN_NAMED,
            actor=actor,
            obj=custodian,
            detail={"kit_fingerprint": key_fingerprint(public_key)},
        )
    return kit_text


def take_over(kit_text: str, custodian_email: str) -> tuple[int, int]:
    """Use the kit: the custodian joins every care team and can read escrowed notes.

    Returns (clients joined, notes re-sealed). Needs the practice unsealed.
    """
    kit_key = parse_custodian_kit(kit_text)
    policy = current_policy()
    if not policy.custodian_public_key or kit_key.public_key != bytes(policy.custodian_public_key):
        raise CustodianError("this kit is not the practice's current custodian kit")
    custodian = User.objects.filter(
        username=custodian_email.strip().lower(), is_active=True
    ).first()
    if custodian is None or custodian.pk != policy.custodian_id:
        raise CustodianError("that login is not the practice's named custodian")
    keys = ClinicianKey.objects.filter(user=custodian).first()
    if keys is None:
        raise CustodianError("the custodian must first log in once and set up their note key")
    me = recipient_id(custodian.pk)
    resealed = 0
    with transaction.atomic():
        joined = 0
        for client in Client.objects.all():
            _, created = CareTeamMembership.objects.get_or_create(client=client, user=custodian)
            joined += int(created)
        for note in PsychotherapyNote.objects.select_for_update():
            envelope = bytes(note.envelope)
            recipients = recipients_of(envelope)
            if CUSTODIAN in recipients and me not in recipients:
                note.envelope = add_recipient(
                    envelope,
                    note.context(),
                    opener_id=CUSTODIAN,
                    opener_key=kit_key,
                    new_id=me,
                    new_public_key=bytes(keys.public_key),
                )
                note.save(update_fields=["envelope"])
                resealed += 1
        record(
            AuditEvent.CUSTODIAN_KIT_USED,
            actor=custodian,
            outcome="break-glass",
            detail={"clients_joined": joined, "notes_resealed": resealed},
        )
        for user in User.objects.staff().filter(is_active=True).exclude(pk=custodian.pk):
            Notification.objects.create(
                recipient=user, kind=NotificationKind.CUSTODIAN_TAKEOVER, actor=custodian
            )
    return joined, resealed
