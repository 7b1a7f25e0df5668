"""Retention rules by jurisdiction, and each client's destruction date.

A rule says how long records must be kept after the last service, and, for a
client who was a minor at the last service, how long after they reach
majority. The later date wins (APA Record Keeping Guidelines, Guideline 7,
"whichever is later"). Local law overrides the APA default; each row cites
its source. These are minimums: a practice may keep records longer, never
shorter, and should confirm the rule with counsel before destroying anything.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class RetentionRule:
    code: str
    name: str
    years_after_last_service: int
    # For a client who was a minor at the last service (None: no separate rule).
    minor_years_after_majority: int | None
    minor_years_after_last_service: int | None
    age_of_majority: int
    source: str


RULES: dict[str, RetentionRule] = {
    rule.code: rule
    for rule in (
        RetentionRule(
            "APA", "APA default", 7, 3, 7, 18,
            "APA Record Keeping Guidelines (2007), Guideline 7, Am. Psychologist 62:993-1004",
        ),
        RetentionRule(
            "US-CA", "California", 7, 7, 7, 18,
            "Cal. Bus. & Prof. Code § 2919 (7 years from discharge; minors 7 years after 18)",
        ),
        RetentionRule(
            "US-NY", "New York", 6, 1, 6, 21,
            "8 NYCRR § 29.2(a)(3) (6 years; minors 6 years and until one year after age 21)",
        ),
        RetentionRule(
            "US-PA", "Pennsylvania", 5, None, None, 18,
            "49 Pa. Code § 41.57(c) (5 years after the last date of service)",
        ),
        RetentionRule(
            "US-TX", "Texas", 7, 5, 7, 18,
            "22 Tex. Admin. Code § 465.22 (7 years after services end or 5 years after the "
            "client reaches majority, whichever is greater)",
        ),
        RetentionRule(
            "DE", "Germany", 10, None, None, 18,
            "§ 630f Abs. 3 BGB (10 years after the end of treatment); erasure under GDPR "
            "Art. 17 is limited by this duty, Art. 17(3)(b)",
        ),
    )
}  # fmt: skip


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def destruction_date(
    rule: RetentionRule,
    last_service: datetime.date,
    date_of_birth: datetime.date | None,
    extra_years: int = 0,
) -> datetime.date:
    """The first day a client's records may be destroyed under `rule`, kept `extra_years`
    longer than its minimum (the practice policy's choice)."""
    return _add_years(_minimum(rule, last_service, date_of_birth), extra_years)


def _minimum(
    rule: RetentionRule, last_service: datetime.date, date_of_birth: datetime.date | None
) -> datetime.date:
    due = _add_years(last_service, rule.years_after_last_service)
    if date_of_birth is None:
        return due
    majority = _add_years(date_of_birth, rule.age_of_majority)
    if last_service >= majority:
        return due
    if rule.minor_years_after_last_service is not None:
        due = max(due, _add_years(last_service, rule.minor_years_after_last_service))
    if rule.minor_years_after_majority is not None:
        due = max(due, _add_years(majority, rule.minor_years_after_majority))
    return due
