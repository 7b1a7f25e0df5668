"""Signed consents and release authorizations as Consent resources."""

from __future__ import annotations

from typing import Any

from sealbook.consent.models import ConsentKind, ConsentSignature
from sealbook.disclosure.models import AuthorizationStatus, Category
from sealbook.export.content import RecordContent
from sealbook.export.fhir.terms import LOINC, SECURITY, b64, ref

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
                    "data": b64(document.text),
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
