"""Add to a demo practice one of each kind of record the demo does not make.

Run by `build_release_fixture.sh` inside a checkout of the PREVIOUS release,
after `sealbook demo --no-serve` made the practice: it uses that release's
actions, so it must keep to what that release had (and it need not change
when this release's code does). All data is synthetic.
"""

from __future__ import annotations

import datetime
import io
import os
import sys


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sealbook.settings")
    import django

    django.setup()
    from django.utils import timezone

    from sealbook.accounts.models import User
    from sealbook.cli import bootstrap
    from sealbook.consent import actions as consent
    from sealbook.disclosure import gate
    from sealbook.disclosure.actions import record_authorization
    from sealbook.disclosure.models import Category, LegalBasis
    from sealbook.documents import actions as documents
    from sealbook.records.models import Client
    from tests.disclosure.support import BASIS_DETAILS, complete_draft

    bootstrap.open_practice(unseal=True, prompt=False)
    casey = User.objects.get(username="clinician@demo.example.org")
    # As after re-authenticating in the browser (the web layer sets this per request).
    casey.sudo_active = True
    client = Client.objects.filter(care_team__user=casey, restricted=False).order_by("pk").first()
    assert client is not None, "the demo gave the clinician no client"
    today = timezone.localdate()

    document = consent.current_document("informed-consent")
    consent.sign(
        casey,
        client,
        document,
        consent.Signature(
            signer_name="Riley Synthwood",
            signed_on=today,
            method="typed",
            text_sha256=document.text_sha256,
        ),
    )
    auth = record_authorization(casey, client, complete_draft(signed_on=today))
    produced = gate.Produced(content=b"synthetic release of progress notes", description="notes")
    gate.disclose(
        casey,
        gate.DisclosureRequest(
            client=client,
            basis=LegalBasis.AUTHORIZATION,
            authorization=auth,
            recipient_name=auth.recipient_name,
            recipient_address=auth.recipient_address,
            purpose=auth.purpose,
            categories=frozenset({Category.PROGRESS_NOTES}),
        ),
        channel="mail",
        produce=lambda _request: produced,
    )
    gate.disclose(
        casey,
        gate.DisclosureRequest(
            client=client,
            basis=LegalBasis.COURT_ORDER,
            recipient_name="Clerk of the Circuit Court of Fictionville County",
            purpose="Court order",
            categories=frozenset({Category.SERVICE_DATES}),
            details=BASIS_DETAILS[LegalBasis.COURT_ORDER],
        ),
        channel="mail",
        produce=lambda _request: gate.Produced(content=b"dates of service", description="dates"),
        at=timezone.now() - datetime.timedelta(minutes=5),
    )
    upload = documents.encrypt_upload(
        io.BytesIO(b"%PDF-1.4 synthetic intake questionnaire\n" * 200),
        filename="intake-questionnaire.pdf",
        content_type="application/pdf",
    )
    documents.add_document(casey, client, upload, title="Intake questionnaire", kind="document")
    print("added a consent signature, an authorization, two disclosures and a document")
    return 0


if __name__ == "__main__":
    sys.exit(main())
