"""The access log and the accounted disclosures as AuditEvents (IHE BALP style).

A disclosure is DICOM 110106 Export with the ISO 21089 "disclose" subtype and
the recipient as an agent.
"""

from __future__ import annotations

import uuid
from typing import Any

from sealbook.export.content import RecordContent
from sealbook.export.fhir.terms import DCM, NAMESPACE, instant, ref


def audit_events(content: RecordContent) -> list[dict[str, Any]]:
    result = []
    observer = {"display": "Sealbook"}
    for entry in content.access_log:
        result.append(
            {
                "resourceType": "AuditEvent",
                "id": str(uuid.uuid5(NAMESPACE, f"audit:{entry.seq}")),
                "type": {
                    "system": "http://terminology.hl7.org/CodeSystem/audit-event-type",
                    "code": "rest",
                    "display": "RESTful Operation",
                },
                "subtype": [{"display": entry.what}],
                "recorded": instant(entry.at),
                "outcome": "0" if entry.outcome in ("success", "granted", "break-glass") else "4",
                "outcomeDesc": entry.outcome,
                "agent": [{"who": {"display": entry.who}, "requestor": True}],
                "source": {"observer": observer},
                "entity": [{"what": ref("Patient", content.client.id)}],
            }
        )
    for disclosure in content.accounting:
        result.append(
            {
                "resourceType": "AuditEvent",
                "id": disclosure.disclosure_id,
                "type": {"system": DCM, "code": "110106", "display": "Export"},
                "subtype": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle",
                        "code": "disclose",
                        "display": "Disclose Record Lifecycle Event",
                    }
                ],
                "action": "R",
                "recorded": f"{disclosure.disclosed_on.isoformat()}T00:00:00+00:00",
                "outcome": "0",
                "purposeOfEvent": [{"text": f"{disclosure.purpose} ({disclosure.basis})"}],
                "agent": [
                    {"who": {"display": "the practice"}, "requestor": True},
                    {
                        "type": {
                            "coding": [
                                {"system": DCM, "code": "110152", "display": "Destination Role ID"}
                            ]
                        },
                        "who": {"display": disclosure.recipient},
                        "requestor": False,
                    },
                ],
                "source": {"observer": observer},
                "entity": [
                    {
                        "what": ref("Patient", content.client.id),
                        "description": disclosure.description,
                    }
                ],
            }
        )
    return result
