"""Shared makers for the consent tests (all data synthetic)."""

from __future__ import annotations

import datetime
from typing import Any

from sealbook.consent import actions
from sealbook.consent.models import ConsentSignature
from tests.disclosure.support import today


def sign(cast: Any, kind: str = "informed-consent", **overrides: Any) -> ConsentSignature:
    """Riley's signature of the current version of `kind`, recorded by Casey."""
    document = actions.current_document(kind)
    values = {
        "signer_name": "Riley Synthwood",
        "signed_on": today(),
        "method": "typed",
        "text_sha256": document.text_sha256,
    }
    values.update(overrides)
    return actions.sign(cast.casey, cast.riley, document, actions.Signature(**values))


def days_ago(days: int) -> datetime.date:
    return today() - datetime.timedelta(days=days)
