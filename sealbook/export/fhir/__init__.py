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

import uuid
from typing import TYPE_CHECKING

from sealbook.export.content import RecordContent
from sealbook.export.fhir.audit_events import audit_events
from sealbook.export.fhir.consents import consents
from sealbook.export.fhir.documents import documents, provenances
from sealbook.export.fhir.patient import encounters, patient
from sealbook.export.fhir.terms import SECURITY, instant

if TYPE_CHECKING:
    # fhir.resources (with pydantic) takes about 12 MiB once imported, so it is
    # imported only when a bundle is built, not by every server process.
    from fhir.resources.R4B.bundle import Bundle

FORMAT_URL = "https://hl7.org/fhir/R4B/bundle.html"


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
