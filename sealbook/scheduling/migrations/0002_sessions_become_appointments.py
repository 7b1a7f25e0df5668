"""Each session made before the calendar becomes an appointment on it.

One `Appointment` (and its one `Attendee`) per `records.Session`, linked by
`Appointment.session`: same client, clinician, local date and time (read in
the practice's time zone, `SEALBOOK_TIME_ZONE`), duration and modality. The
service is encrypted under the client's key bound to its own row, so it is
opened from the session and sealed again for the appointment: `sealbook
upgrade` runs with the practice unsealed; a database with sessions and no
unsealed practice is refused before anything changes. A client destroyed by
crypto-shredding has no key left: its appointment has no service.

The sessions themselves are not touched. Reversing deletes the appointments.
"""

import datetime
import uuid

from django.conf import settings
from django.db import migrations

from sealbook.core.crypto.aead import field_context, token_key_version
from sealbook.core.errors import KeyStoreError, SealbookError
from sealbook.vault import runtime

MODALITY = {"in-person": "room", "telehealth": "video", "phone": "phone"}


def _reseal(client_id, session_id, appointment_id, stored):
    if stored is None:
        return None
    token = bytes(stored)
    try:
        key = runtime.client_key(client_id, token_key_version(token))
        plain = key.open(token, field_context("records_session", "service", str(session_id)))
        current = runtime.client_key(client_id)
    except KeyStoreError:
        return None
    return current.seal(
        plain, field_context("scheduling_appointment", "service", str(appointment_id))
    )


def forwards(apps, schema_editor):
    import zoneinfo

    Session = apps.get_model("records", "Session")
    Appointment = apps.get_model("scheduling", "Appointment")
    Attendee = apps.get_model("scheduling", "Attendee")
    rows = list(
        Session.objects.order_by("pk").values_list(
            "pk",
            "client_id",
            "clinician_id",
            "date",
            "start_time",
            "duration_minutes",
            "modality",
            "service",
        )
    )
    if rows and not runtime.is_unsealed():
        raise SealbookError(
            "making the sessions into appointments needs the practice unsealed: "
            "run `sealbook upgrade`"
        )
    tz_name = getattr(settings, "SEALBOOK_TIME_ZONE", "America/New_York")
    tz = zoneinfo.ZoneInfo(tz_name)
    for pk, client_id, clinician_id, date, start_time, minutes, modality, service in rows:
        local = datetime.datetime.combine(date, start_time).replace(tzinfo=tz, fold=0)
        start = local.astimezone(datetime.UTC)
        appointment_id = uuid.uuid4()
        Appointment.objects.create(
            id=appointment_id,
            client_id=client_id,
            clinician_id=clinician_id,
            modality=MODALITY.get(modality, "room"),
            start=start,
            end=start + datetime.timedelta(minutes=minutes),
            time_zone=tz_name,
            session_id=pk,
        )
        sealed = _reseal(client_id, pk, appointment_id, service)
        if sealed is not None:
            Appointment.objects.filter(pk=appointment_id).update(service=sealed)
        Attendee.objects.create(appointment_id=appointment_id, client_id=client_id)


def backwards(apps, schema_editor):
    Appointment = apps.get_model("scheduling", "Appointment")
    Appointment.objects.filter(session__isnull=False, series__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0001_initial"), ("records", "0002_session_service_encrypted")]
    operations = [migrations.RunPython(forwards, backwards)]
