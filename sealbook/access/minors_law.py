"""What a few US states' laws say about minors in outpatient therapy, and Sealbook's default.

Two facts decide what a minor client's guardian may do in the portal: the age
of majority (guardian access ends on that birthday) and the age from which an
adolescent may consent alone to outpatient therapy (a service the minor
consented to alone is hidden from the guardian). The practice policy names the
state (`PracticePolicy.minors_jurisdiction`) and may override either age; the
policy's reader (`practice_policy.minors_rules`) combines the two.

The table is a starting point, not legal advice: each row names the statute
it was taken from, and the practice confirms it (laws change, and most states
attach conditions, such as the clinician's judgement of maturity, that software
cannot check). docs/portal.md shows the same table.
"""

from __future__ import annotations

from dataclasses import dataclass

# The outpatient services a minor may consent to alone where the law allows it
# (records.models.Service values; this layer cannot import that app). Couples and
# family therapy involve others by nature, and testing is not treatment.
OUTPATIENT_SERVICES = frozenset({"intake", "individual", "group"})


@dataclass(frozen=True)
class MinorsLaw:
    name: str
    age_of_majority: int
    # None: a minor consents to nothing alone; the guardian consents.
    consent_age: int | None
    source: str


DEFAULT = MinorsLaw(
    "Sealbook's default (18; a minor consents to nothing alone)",
    18,
    None,
    "the most cautious reading: the guardian consents to all of a minor's care",
)

STATES: dict[str, MinorsLaw] = {
    "AL": MinorsLaw("Alabama", 19, 14, "Ala. Code 26-1-1 (majority), 22-8-4 (age 14)"),
    "CA": MinorsLaw("California", 18, 12, "Cal. Fam. Code 6500, 6924; Health & Safety Code 124260"),
    "CO": MinorsLaw("Colorado", 18, 12, "C.R.S. 13-21-101, 27-65-104 (outpatient psychotherapy)"),
    "NE": MinorsLaw("Nebraska", 19, None, "Neb. Rev. Stat. 43-2101"),
    "OR": MinorsLaw("Oregon", 18, 14, "ORS 109.510, 109.675 (outpatient diagnosis or treatment)"),
    "TX": MinorsLaw(
        "Texas",
        18,
        None,
        "Tex. Fam. Code 101.003; 32.004 allows consent to counseling on a few subjects only",
    ),
    "WA": MinorsLaw("Washington", 18, 13, "RCW 26.28.010, 71.34.530 (outpatient treatment)"),
}

CHOICES = [("", DEFAULT.name)] + [(code, law.name) for code, law in STATES.items()]


def law_of(code: str) -> MinorsLaw:
    return STATES.get(code, DEFAULT)
