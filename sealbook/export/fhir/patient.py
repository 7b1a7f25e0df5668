"""The client as a Patient and each session as an Encounter."""

from __future__ import annotations

import datetime
from typing import Any

from sealbook.disclosure.models import Category
from sealbook.export.content import RecordContent
from sealbook.export.fhir.terms import ACT_CODE, SECURITY, instant, ref


def patient(content: RecordContent) -> dict[str, Any]:
    client = content.client
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(client.id),
        "meta": {"security": SECURITY},
        "identifier": [{"system": "urn:sealbook:client", "value": str(client.id)}],
    }
    if not content.has(Category.DEMOGRAPHICS):
        return resource
    resource["name"] = [
        {"use": "official", "family": client.legal_last_name, "given": [client.legal_first_name]}
    ]
    if client.preferred_name:
        resource["name"].append({"use": "usual", "given": [client.preferred_name]})
    telecom = [
        {"system": system, "value": value}
        for system, value in (("phone", client.phone), ("email", client.email))
        if value
    ]
    if telecom:
        resource["telecom"] = telecom
    if client.date_of_birth:
        resource["birthDate"] = client.date_of_birth.isoformat()
    address = {
        k: v
        for k, v in (
            ("line", [client.street] if client.street else None),
            ("city", client.city),
            ("state", client.state),
            ("postalCode", client.postal_code),
        )
        if v
    }
    if address:
        resource["address"] = [address]
    return resource


def encounters(content: RecordContent) -> list[dict[str, Any]]:
    result = []
    today = content.generated_at.date()
    for s in content.sessions:
        start = datetime.datetime.combine(s.date, s.start_time, tzinfo=datetime.UTC)
        virtual = s.modality != "in-person"
        result.append(
            {
                "resourceType": "Encounter",
                "id": str(s.id),
                "meta": {"security": SECURITY},
                "status": "finished" if s.date <= today else "planned",
                "class": {
                    "system": ACT_CODE,
                    "code": "VR" if virtual else "AMB",
                    "display": "virtual" if virtual else "ambulatory",
                },
                "type": [{"text": s.get_service_display()}],
                "subject": ref("Patient", content.client.id),
                "participant": [{"individual": {"display": str(s.clinician)}}],
                "period": {
                    "start": instant(start),
                    "end": instant(start + datetime.timedelta(minutes=s.duration_minutes)),
                },
                "length": {
                    "value": s.duration_minutes,
                    "unit": "min",
                    "system": "http://unitsofmeasure.org",
                    "code": "min",
                },
            }
        )
    return result
