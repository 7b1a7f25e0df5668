"""What a minor client's guardian sees in the portal, and the services the minor keeps to
themselves.

A guardian's portal account shows what the practice policy lets it show: by
default the minor's appointments and the consent documents to sign, never a
psychotherapy note, no progress note (`guardian_may`). Where the practice's
state lets an adolescent consent alone to outpatient therapy, the care team
records that consent (`record_minor_consent`); that service is the minor's own
from then on, and the guardian sees none of it, its appointments included
(`hidden_from`). A page a guardian may not see answers 404, like any page of
another client's.

A client is a minor until the policy's age of majority (`is_minor`); an unknown
date of birth counts as an adult, so that a guardian's access never outlives a
missing date. When the client comes of age, portal/majority.py ends it.
"""

from __future__ import annotations

import datetime
import enum
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from sealbook.access import practice_policy
from sealbook.access.policy import Action, authorize
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.core.errors import SealbookError
from sealbook.portal.models import AccountKind, MinorConsent, PortalAccount
from sealbook.records.models import Client, Service


class MinorsError(SealbookError):
    """A minor's consent that cannot be recorded, with a one-line reason."""


class Part(enum.StrEnum):
    """The parts of a minor's record a guardian's account might be shown."""

    APPOINTMENTS = "appointments"
    CONSENTS = "consents"
    BILLING_DOCUMENTS = "billing-documents"
    PROGRESS_NOTES = "progress-notes"
    PSYCHOTHERAPY_NOTES = "psychotherapy-notes"


def guardian_may(part: Part) -> bool:
    """Whether a guardian's account is shown `part` of the minor's record.

    The portal has pages for appointments and consents, and the policy decides
    those; billing documents are a guardian's by default, progress notes are
    not, and psychotherapy notes never are (HIPAA 164.501: they are not part
    of the record a representative reads).
    """
    if part == Part.APPOINTMENTS:
        return practice_policy.guardian_sees_appointments()
    if part == Part.CONSENTS:
        return practice_policy.guardian_signs_consents()
    return part == Part.BILLING_DOCUMENTS


def require(account: PortalAccount, part: Part) -> None:
    """404 for a guardian's account on a part the policy hides from guardians."""
    if account.kind == AccountKind.GUARDIAN and not guardian_may(part):
        raise Http404()


# Ages ------------------------------------------------------------------------------


def age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def coming_of_age(born: datetime.date, years: int) -> datetime.date:
    """The birthday on which someone born on `born` is `years` old (29 February: 1 March)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return datetime.date(born.year + years, 3, 1)


def is_minor(client: Client, today: datetime.date | None = None) -> bool:
    born = client.date_of_birth
    if not isinstance(born, datetime.date):
        return False
    today = today or timezone.localdate()
    return today < coming_of_age(born, practice_policy.minors_rules().age_of_majority)


# The minor's own services ------------------------------------------------------------


def own_services(client: Client) -> set[str]:
    """The services `client` consented to alone (and has not withdrawn)."""
    rows = MinorConsent.objects.filter(client=client, withdrawn_at__isnull=True)
    return {str(row.service) for row in rows}


def hidden_from(account: PortalAccount, services: set[str], service: str) -> bool:
    """Whether an item of `service` is hidden from `account`, given the minor's own services."""
    return account.kind == AccountKind.GUARDIAN and service in services


def record_minor_consent(
    actor: Any, client: Client, *, service: str, consented_on: datetime.date | None = None
) -> MinorConsent:
    """Record that the minor `client` consented alone to `service` (the policy must allow it)."""
    authorize(actor, Action.RECORD_MINOR_CONSENT, client)
    consented_on = consented_on or timezone.localdate()
    rules = practice_policy.minors_rules()
    if service not in Service.values:
        raise MinorsError("choose a service")
    if rules.consent_age is None:
        raise MinorsError("the practice's policy lets a minor consent to nothing alone")
    if service not in rules.services:
        raise MinorsError("a minor may not consent to this service alone")
    born = client.date_of_birth
    if not isinstance(born, datetime.date) or not is_minor(client, consented_on):
        raise MinorsError("the client is not a minor (check the date of birth)")
    if age_on(born, consented_on) < rules.consent_age:
        raise MinorsError(f"a minor may consent alone from the age of {rules.consent_age}")
    if service in own_services(client):
        raise MinorsError("this consent is already recorded")
    with transaction.atomic():
        consent = MinorConsent(client=client, consented_on=consented_on, recorded_by=actor)
        consent.service = service
        consent.save()
        record(
            AuditEvent.PORTAL_MINOR_CONSENT_RECORDED, actor=actor, client_id=client.pk, obj=consent
        )
    return consent


def withdraw_minor_consent(actor: Any, consent: MinorConsent) -> None:
    """The minor involves their guardian after all: the service is shown to guardians again."""
    authorize(actor, Action.RECORD_MINOR_CONSENT, consent.client)
    with transaction.atomic():
        updated = MinorConsent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        if not updated:
            raise MinorsError("this consent was already withdrawn")
        record(
            AuditEvent.PORTAL_MINOR_CONSENT_WITHDRAWN,
            actor=actor,
            client_id=consent.client_id,
            obj=consent,
        )
