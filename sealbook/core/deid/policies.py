"""De-identification policies: which kinds of identifier each one removes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from sealbook.core.deid.spans import DIRECT_IDENTIFIERS, QUASI_IDENTIFIERS, Label
from sealbook.core.errors import SealbookError


class UnknownPolicy(SealbookError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown policy {name!r} (choose one of: {', '.join(POLICIES)})")


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    labels: frozenset[Label]
    description: str


# 164.514(b)(2)(i) removes the identifiers "of the individual or of relatives, employers,
# or household members of the individual", so an employer's name goes under Safe Harbor too.
SAFE_HARBOR: Final = Policy(
    "safe-harbor",
    DIRECT_IDENTIFIERS | {Label.EMPLOYER},
    "HIPAA Safe Harbor, 45 CFR 164.514(b)(2): the identifiers of the client and of relatives, "
    "employers and household members that occur in text, including employers' names.",
)
DISGUISE: Final = Policy(
    "disguise",
    DIRECT_IDENTIFIERS | QUASI_IDENTIFIERS,
    "APA Ethics Code 4.07 disguise for teaching and writing (and 4.06 consultation): Safe Harbor "
    "plus employers, schools, named organisations and places, and rare occupations.",
)
LIMITED_DATA_SET: Final = Policy(
    "limited-data-set",
    DIRECT_IDENTIFIERS - {Label.DATE, Label.CITY, Label.COUNTY, Label.ZIP, Label.AGE_OVER_89}
    | {Label.EMPLOYER},
    "HIPAA limited data set, 45 CFR 164.514(e)(2): keeps dates, town or city, state, ZIP code and "
    "ages; removes names, street addresses, contact details and record numbers (and, to be safe, "
    "other unique codes).",
)
POLICIES: Final[dict[str, Policy]] = {p.name: p for p in (SAFE_HARBOR, DISGUISE, LIMITED_DATA_SET)}


def get_policy(name: str) -> Policy:
    try:
        return POLICIES[name]
    except KeyError:
        raise UnknownPolicy(name) from None
