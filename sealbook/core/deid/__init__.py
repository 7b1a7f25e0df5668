"""Framework-free de-identification: detectors, spans, policies, operators, packets.

Public API::

    from sealbook.core.deid import Packet, Roster, RosterClient, analyse, leak_check

    packet = Packet(policy="disguise", operator="pseudonym", roster=roster)
    findings = packet.analyse(text)                  # spans with reasons
    spans = review(findings, rejected=[...], added=[...])
    shared = packet.apply(text, spans)

See docs/deid.md for the detectors and the libraries each one uses.
"""

from sealbook.core.deid import native

# The engine's modules compiled to C, if built for these sources: installed before any of
# them is imported (see native.py).
native.install()

from sealbook.core.deid.engine import analyse  # noqa: E402
from sealbook.core.deid.operators import Operator  # noqa: E402
from sealbook.core.deid.packet import Deidentified, Packet, leak_check, review  # noqa: E402
from sealbook.core.deid.policies import POLICIES, Policy, UnknownPolicy, get_policy  # noqa: E402
from sealbook.core.deid.roster import CompiledRoster, Roster, RosterClient, RosterContact  # noqa: E402
from sealbook.core.deid.spans import (  # noqa: E402
    DIRECT_IDENTIFIERS,
    QUASI_IDENTIFIERS,
    Label,
    Span,
    resolve_overlaps,
)

__all__ = [
    "DIRECT_IDENTIFIERS",
    "POLICIES",
    "QUASI_IDENTIFIERS",
    "CompiledRoster",
    "Deidentified",
    "Label",
    "Operator",
    "Packet",
    "Policy",
    "Roster",
    "RosterClient",
    "RosterContact",
    "Span",
    "UnknownPolicy",
    "analyse",
    "get_policy",
    "leak_check",
    "resolve_overlaps",
    "review",
]
