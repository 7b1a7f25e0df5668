from __future__ import annotations

from django import template

from sealbook.consent.status import ConsentState, consent_states
from sealbook.records.models import Client

register = template.Library()


@register.simple_tag
def client_consent_states(client: Client) -> list[ConsentState]:
    """The chart's consent summary (the chart view has already checked access)."""
    return consent_states(client)
