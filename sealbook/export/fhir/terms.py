"""The code systems, security labels and references every resource of the bundle uses."""

from __future__ import annotations

import base64
import datetime
import uuid
from typing import Any

CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
LOINC = "http://loinc.org"
DCM = "http://dicom.nema.org/resources/ontology/DCM"
SECURITY = [
    {"system": CONFIDENTIALITY, "code": "R", "display": "restricted"},
    {"system": ACT_CODE, "code": "BH", "display": "behavioral health information sensitivity"},
]
PSYCHOTHERAPY_SECURITY = [
    {"system": CONFIDENTIALITY, "code": "V", "display": "very restricted"},
    {"system": ACT_CODE, "code": "PSYTHPN", "display": "psychotherapy note"},
]
# Resources with no row of their own (a Provenance, an AuditEvent) take a
# name-based UUID in this namespace, so the same record gives the same ids.
NAMESPACE = uuid.UUID("6f1d3c1e-2b8f-4c5e-9a57-0d7f8a3e5b21")


def ref(kind: str, ident: Any) -> dict[str, str]:
    return {"reference": f"urn:uuid:{ident}", "type": kind}


def instant(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).isoformat(timespec="seconds")


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()
