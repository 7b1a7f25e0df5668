"""The designated record set as a FHIR R4B Bundle (validated with fhir.resources.R4B).

Mapping (RULES.md, "How our records map to FHIR"): Client -> Patient,
Session -> Encounter, signed note, each amendment, each attached document and
session recording (its file beside the bundle, named by `attachment.url`, with
its content type and size) -> DocumentReference with
meta.security labels (v3-Confidentiality R, ActCode BH; PSYTHPN for a released
psychotherapy note), signing and amending -> Provenance, consents and
authorizations -> Consent, the access log and the accounted disclosures ->
AuditEvent (IHE BALP style; a disclosure is DICOM 110106 Export with the
ISO 21089 "disclose" subtype and the recipient as an agent).
"""

from __future__ import annotations

import base64
import datetime
import uuid
from typing import TYPE_CHECKING, Any

from sealbook.consent.models import ConsentKind, ConsentSignature
from sealbook.disclosure.models import AuthorizationStatus, Category
from sealbook.export.content import RecordContent

if TYPE_CHECKING:
    # fhir.resources (with pydantic) takes about 12 MiB once imported, so it is
    # imported only when a bundle is built, not by every server process.
    from fhir.resources.R4B.bundle import Bundle

FORMAT_URL = "https://hl7.org/fhir/R4B/bundle.html"
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
NAMESPACE = uuid.UUID("6f1d3c1e-2b8f-4c5e-9a57-0d7f8a3e5b21")


def ref(kind: str, ident: Any) -> dict[str, str]:
    return {"reference": f"urn:uuid:{ident}", "type": kind}


def instant(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).isoformat(timespec="seconds")


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


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


def note_text(note: Any) -> str:
    return "\n\n".join(f"{label}:\n{text}" for label, text in note.section_items() if text)


def documents(content: RecordContent) -> list[dict[str, Any]]:
    result = []
    for note in content.notes:
        doc: dict[str, Any] = {
            "resourceType": "DocumentReference",
            "id": str(note.id),
            "meta": {"security": SECURITY},
            "status": "current",
            "docStatus": "final",
            "type": {"coding": [{"system": LOINC, "code": "11506-3", "display": "Progress note"}]},
            "subject": ref("Patient", content.client.id),
            "date": instant(note.signed_at or note.created_at),
            "author": [{"display": str(note.author)}],
            "description": f"{note.get_format_display()} progress note",
            "content": [
                {
                    "attachment": {
                        "contentType": "text/plain; charset=utf-8",
                        "data": _b64(note_text(note)),
                        "title": f"{note.get_format_display()} progress note",
                        "creation": instant(note.created_at),
                    }
                }
            ],
        }
        if note.session_id and content.has(Category.SERVICE_DATES):
            doc["context"] = {"encounter": [ref("Encounter", note.session_id)]}
        result.append(doc)
        for amendment in note.amendments.all():
            amendment.client = content.client
            result.append(
                {
                    "resourceType": "DocumentReference",
                    "id": str(amendment.id),
                    "meta": {"security": SECURITY},
                    "status": "current",
                    "docStatus": "amended",
                    "type": {
                        "coding": [{"system": LOINC, "code": "11506-3", "display": "Progress note"}]
                    },
                    "subject": ref("Patient", content.client.id),
                    "date": instant(amendment.created_at),
                    "author": [{"display": str(amendment.author)}],
                    "description": "Amendment (HIPAA 164.526); reason: " + amendment.reason,
                    "relatesTo": [{"code": "appends", "target": ref("DocumentReference", note.id)}],
                    "content": [
                        {
                            "attachment": {
                                "contentType": "text/plain; charset=utf-8",
                                "data": _b64(amendment.text),
                                "title": "Amendment",
                            }
                        }
                    ],
                }
            )
    for attached in [*content.documents, *content.recordings]:
        document = attached.document
        kind = "Session recording" if attached.is_recording else "Document attached to the record"
        result.append(
            {
                "resourceType": "DocumentReference",
                "id": str(document.id),
                "meta": {"security": SECURITY},
                "status": "current",
                "type": {"text": kind},
                "subject": ref("Patient", content.client.id),
                "date": instant(document.created_at),
                "author": [{"display": str(document.uploaded_by)}],
                "description": document.title,
                "content": [
                    {
                        "attachment": {
                            "contentType": document.content_type or "application/octet-stream",
                            "url": attached.path,
                            "size": attached.size,
                            "title": document.title,
                            "creation": instant(document.created_at),
                        }
                    }
                ],
            }
        )
    for pn in content.psychotherapy_notes:
        result.append(
            {
                "resourceType": "DocumentReference",
                "id": pn.id,
                "meta": {"security": PSYCHOTHERAPY_SECURITY},
                "status": "current",
                "type": {"text": "Psychotherapy note, released by its author"},
                "subject": ref("Patient", content.client.id),
                "date": instant(pn.written_at),
                "author": [{"display": pn.author}],
                "content": [
                    {
                        "attachment": {
                            "contentType": "text/plain; charset=utf-8",
                            "data": _b64(pn.text),
                        }
                    }
                ],
            }
        )
    return result


def provenances(content: RecordContent) -> list[dict[str, Any]]:
    result = []
    for note in content.notes:
        if note.signed_at is None:
            continue
        result.append(
            {
                "resourceType": "Provenance",
                "id": str(uuid.uuid5(NAMESPACE, f"signed:{note.id}")),
                "target": [ref("DocumentReference", note.id)],
                "recorded": instant(note.signed_at),
                "activity": {"text": "signed and locked"},
                "agent": [
                    {
                        "type": {
                            "coding": [
                                {
                                    "system": "http://terminology.hl7.org/CodeSystem/"
                                    "provenance-participant-type",
                                    "code": "author",
                                }
                            ]
                        },
                        "who": {"display": str(note.author)},
                    }
                ],
                "signature": [
                    {
                        "type": [
                            {
                                "system": "urn:iso-astm:E1762-95:2013",
                                "code": "1.2.840.10065.1.12.1.1",
                                "display": "Author's Signature",
                            }
                        ],
                        "when": instant(note.signed_at),
                        "who": {"display": str(note.author)},
                        "data": base64.b64encode(bytes.fromhex(note.signed_digest)).decode(),
                        "sigFormat": "application/vnd.sealbook.sha256-of-ciphertext",
                    }
                ],
            }
        )
        for amendment in note.amendments.all():
            result.append(
                {
                    "resourceType": "Provenance",
                    "id": str(uuid.uuid5(NAMESPACE, f"amended:{amendment.id}")),
                    "target": [ref("DocumentReference", amendment.id)],
                    "recorded": instant(amendment.created_at),
                    "activity": {"text": "amendment appended (HIPAA 164.526)"},
                    "agent": [{"who": {"display": str(amendment.author)}}],
                }
            )
    return result


_CONSENT_SCOPE = {
    ConsentKind.INFORMED_CONSENT: "treatment",
    ConsentKind.TELEHEALTH: "treatment",
    ConsentKind.RECORDING: "patient-privacy",
}
_CONSENT_POLICY = {
    ConsentKind.INFORMED_CONSENT: "https://www.apa.org/ethics/code#402",
    ConsentKind.TELEHEALTH: "https://www.apa.org/ethics/code#402",
    ConsentKind.RECORDING: "https://www.apa.org/ethics/code#403",
}


def _scope(code: str) -> dict[str, Any]:
    return {
        "coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": code}]
    }


def _consent_provision(sig: ConsentSignature) -> dict[str, Any]:
    """Permitted from the day it was signed; a withdrawn one ends the day the client withdrew."""
    period = {"start": sig.signed_on.isoformat()}
    withdrawn = sig.withdrawal_date
    if withdrawn is not None:
        period["end"] = withdrawn.isoformat()
    return {"type": "permit", "period": period}


def consents(content: RecordContent) -> list[dict[str, Any]]:
    result = []
    for sig in content.consents:
        document = sig.document
        result.append(
            {
                "resourceType": "Consent",
                "id": str(sig.id),
                "meta": {"security": SECURITY},
                "status": "inactive" if sig.withdrawn_at else "active",
                "scope": _scope(_CONSENT_SCOPE[ConsentKind(document.kind)]),
                "category": [{"text": document.title}],
                "patient": ref("Patient", content.client.id),
                "dateTime": sig.signed_on.isoformat(),
                "performer": [{"display": sig.signer_name}],
                "policy": [{"uri": _CONSENT_POLICY[ConsentKind(document.kind)]}],
                "sourceAttachment": {
                    "contentType": "text/plain; charset=utf-8",
                    "data": _b64(document.text),
                    "title": f"{document.title}, version {document.version} "
                    f"(SHA-256 {sig.text_sha256})",
                },
                "provision": _consent_provision(sig),
            }
        )
    today = content.generated_at.date()
    for auth in content.authorizations:
        period: dict[str, str] = {"start": auth.signed_on.isoformat()}
        end = auth.revoked_on or auth.ended_on or auth.expires_on
        if end:
            period["end"] = end.isoformat()
        provision: dict[str, Any] = {
            "type": "permit",
            "period": period,
            "actor": [
                {
                    "role": {
                        "coding": [
                            {
                                "system": "http://terminology.hl7.org/CodeSystem/"
                                "v3-ParticipationType",
                                "code": "IRCP",
                                "display": "information recipient",
                            }
                        ]
                    },
                    "reference": {"display": auth.recipient_name},
                }
            ],
            "purpose": [{"display": auth.purpose}],
            "code": [{"text": Category(c).label} for c in auth.categories],
        }
        if auth.information_from or auth.information_to:
            provision["dataPeriod"] = {
                k: v.isoformat()
                for k, v in (("start", auth.information_from), ("end", auth.information_to))
                if v
            }
        result.append(
            {
                "resourceType": "Consent",
                "id": str(auth.id),
                "meta": {"security": SECURITY},
                "status": "active"
                if auth.status(today) == AuthorizationStatus.ACTIVE
                else "inactive",
                "scope": _scope("patient-privacy"),
                "category": [
                    {
                        "coding": [
                            {
                                "system": LOINC,
                                "code": "64292-6",
                                "display": "Release of information consent",
                            }
                        ]
                    }
                ],
                "patient": ref("Patient", content.client.id),
                "dateTime": auth.signed_on.isoformat(),
                "performer": [{"display": auth.signer_name}],
                "organization": [{"display": auth.discloser}],
                "policy": [{"uri": "https://www.ecfr.gov/current/title-45/section-164.508"}],
                "provision": provision,
            }
        )
    return result


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


def bundle(content: RecordContent) -> Bundle:
    """The validated Bundle; raises pydantic's ValidationError if anything is malformed."""
    from fhir.resources.R4B.bundle import Bundle

    resources = [
        patient(content),
        *encounters(content),
        *documents(content),
        *provenances(content),
        *consents(content),
        *audit_events(content),
    ]
    stamp = instant(content.generated_at)
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            # Named by the client and the time, so the same content gives the same bundle.
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"sealbook:{content.client.id}:{stamp}")),
            "meta": {"security": SECURITY},
            "type": "collection",
            "timestamp": stamp,
            "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources],
        }
    )
