"""Spans: what a detector found, where, and why.

A span is a half-open range of character offsets (Python ``str`` indices, so
code points) into the analysed text, with the kind of identifier it holds and
the reason a reviewer is shown. Detectors may propose overlapping spans;
`resolve_overlaps` turns them into the non-overlapping set the operators need.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Final

from sealbook.core.deid.patterns import compiled


class Label(StrEnum):
    """Kinds of identifier: the Safe Harbor list (45 CFR 164.514(b)(2)) and quasi-identifiers."""

    # Safe Harbor direct identifiers that occur in text.
    NAME = "NAME"
    RELATIVE = "RELATIVE"  # the name of a relative or household member, itself a Safe Harbor name
    ADDRESS = "ADDRESS"
    CITY = "CITY"
    COUNTY = "COUNTY"
    ZIP = "ZIP"
    DATE = "DATE"
    AGE_OVER_89 = "AGE_OVER_89"
    PHONE = "PHONE"
    FAX = "FAX"
    EMAIL = "EMAIL"
    SSN = "SSN"
    MRN = "MRN"
    HEALTH_PLAN = "HEALTH_PLAN"
    ACCOUNT = "ACCOUNT"
    LICENSE = "LICENSE"
    VEHICLE = "VEHICLE"
    DEVICE = "DEVICE"
    URL = "URL"
    IP = "IP"
    ID = "ID"
    # Quasi-identifiers that identify a therapy client in practice (APA 4.07 disguise).
    EMPLOYER = "EMPLOYER"
    SCHOOL = "SCHOOL"
    ORGANIZATION = "ORGANIZATION"
    PLACE = "PLACE"
    OCCUPATION = "OCCUPATION"


DIRECT_IDENTIFIERS: Final[frozenset[Label]] = frozenset(
    {
        Label.NAME, Label.RELATIVE, Label.ADDRESS, Label.CITY, Label.COUNTY, Label.ZIP,
        Label.DATE, Label.AGE_OVER_89, Label.PHONE, Label.FAX, Label.EMAIL, Label.SSN,
        Label.MRN, Label.HEALTH_PLAN, Label.ACCOUNT, Label.LICENSE, Label.VEHICLE,
        Label.DEVICE, Label.URL, Label.IP, Label.ID,
    }
)  # fmt: skip
QUASI_IDENTIFIERS: Final[frozenset[Label]] = frozenset(
    {Label.EMPLOYER, Label.SCHOOL, Label.ORGANIZATION, Label.PLACE, Label.OCCUPATION}
)
NAME_LABELS: Final[frozenset[Label]] = frozenset({Label.NAME, Label.RELATIVE})
INSTITUTION_LABELS: Final[frozenset[Label]] = frozenset(
    {Label.EMPLOYER, Label.SCHOOL, Label.ORGANIZATION, Label.PLACE}
)


@dataclass(frozen=True, slots=True, init=False)
class Span:
    """One finding: ``text[start:end]`` is an identifier of kind `label`.

    `detector` names the detector, `reason` is the sentence a reviewer sees,
    `score` is the detector's confidence in [0, 1]. A roster hit lists the
    opaque references of the clients it points to in `client_refs`; `entity`
    groups mentions of one person so pseudonyms stay consistent (it may hold
    a client reference, never identifying text beyond the matched token).
    """

    start: int
    end: int
    label: Label
    detector: str
    reason: str
    score: float = 0.5
    client_refs: tuple[str, ...] = ()
    entity: str = field(default="", compare=False)

    def __init__(
        self,
        start: int,
        end: int,
        label: Label,
        detector: str,
        reason: str,
        score: float = 0.5,
        client_refs: tuple[str, ...] = (),
        entity: str = "",
    ) -> None:
        # What the generated `__init__` of a frozen dataclass does, through the slots'
        # own setters instead of `object.__setattr__` by name: an analysis makes tens of
        # spans per hundred words, and this was a twentieth of a short document's cost.
        if not 0 <= start < end:
            raise ValueError("a span needs 0 <= start < end")
        _set_start(self, start)
        _set_end(self, end)
        _set_label(self, label)
        _set_detector(self, detector)
        _set_reason(self, reason)
        _set_score(self, score)
        _set_client_refs(self, client_refs)
        _set_entity(self, entity)

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]

    @property
    def kind(self) -> str:
        """The kind of identifier in plain words ("a relative's name")."""
        return LABEL_WORDS.get(self.label, self.label.value.lower())

    @property
    def why(self) -> str:
        """Why it was taken, in plain words: what found it, and the evidence."""
        found_by = DETECTOR_WORDS.get(self.detector, self.detector.replace("_", " "))
        if not self.reason or self.reason.lower() == found_by.lower():
            return found_by
        return f"{found_by}: {self.reason}"


# The slots' setters (a frozen dataclass refuses ordinary assignment), for `Span.__init__`.
(
    _set_start,
    _set_end,
    _set_label,
    _set_detector,
    _set_reason,
    _set_score,
    _set_client_refs,
    _set_entity,
) = (getattr(Span, f.name).__set__ for f in fields(Span))


LABEL_WORDS: Final[dict[Label, str]] = {
    Label.NAME: "a person's name", Label.RELATIVE: "a relative's name",
    Label.ADDRESS: "a street address", Label.CITY: "a town or city", Label.COUNTY: "a county",
    Label.ZIP: "a ZIP code", Label.DATE: "a date", Label.AGE_OVER_89: "an age over 89",
    Label.PHONE: "a phone number", Label.FAX: "a fax number", Label.EMAIL: "an e-mail address",
    Label.SSN: "a social security number", Label.MRN: "a medical record number",
    Label.HEALTH_PLAN: "a health plan number", Label.ACCOUNT: "an account number",
    Label.LICENSE: "a licence number", Label.VEHICLE: "a vehicle number",
    Label.DEVICE: "a device identifier", Label.URL: "a web address", Label.IP: "an IP address",
    Label.ID: "an identifying number or code", Label.EMPLOYER: "an employer",
    Label.SCHOOL: "a school", Label.ORGANIZATION: "an organisation", Label.PLACE: "a named place",
    Label.OCCUPATION: "an occupation",
}  # fmt: skip
"""Each kind of identifier in plain words, for reviewers and `sealbook deid --explain`."""

DETECTOR_WORDS: Final[dict[str, str]] = {
    "person_name": "Person names", "relation_cue": "A word for a relative or a role before it",
    "later_mention": "Another mention of a name found", "initials": "Initials",
    "person_role": "A word the sentence makes a person",
    "roster": "The practice's roster of clients", "reviewer": "Marked by the reviewer",
    "age": "Ages", "date": "Dates", "device": "Device identifiers", "email": "E-mail addresses",
    "ip_address": "IP addresses", "occupation": "Occupations",
    "organisation": "Schools, employers, organisations and places", "place": "Places",
    "payment_number": "Card and account numbers", "phone": "Phone numbers",
    "record_number": "Record numbers", "ssn": "Social security numbers",
    "social_handle": "Social media handles", "table_column": "Columns of a table",
    "street_address": "Street addresses", "unique_code": "Identifying codes",
    "url": "Web addresses", "vehicle": "Vehicle numbers", "zip_code": "ZIP codes",
}  # fmt: skip
"""What found a span, in plain words (a test keeps every registered detector here)."""


_ALNUM: Final = compiled(r"[^\W_]")
_BY_START: Final = operator.attrgetter("start")
_BY_END: Final = operator.attrgetter("end")


def _priority(span: Span) -> tuple[int, float, int, int]:
    # Roster hits win: they carry the client reference the leak check reports.
    return (1 if span.client_refs else 0, span.score, span.length, -span.start)


# What follows a person's name inside the name of a school, place or organisation named
# after them: more capitalised words on the same line, perhaps after a possessive
# ("Lincoln| Middle School", "St. Mary|'s Hospital"), and nothing else: "Kate| and Lincoln
# Middle School" and "Allan Björk|\nScale Unlimited" are two things.
_REST_OF_NAME: Final = compiled(r"(?:['\u2019]s)?(?:[^\S\r\n]+[A-Z0-9][\w'\u2019.&-]*)+")


def _named_after(institution: Span, name: Span, text: str) -> bool:
    """Is `name` a person's name inside the name of `institution` ("Lincoln Middle School")?"""
    return (
        name.label in NAME_LABELS
        and not name.client_refs
        and institution.start <= name.start
        and name.end < institution.end
        and _REST_OF_NAME.fullmatch(text, name.end, institution.end) is not None
    )


def _covers_or_contests(institution: Span, other: Span) -> bool:
    """Does `other` keep `institution` from taking the names inside it?"""
    if other.label in NAME_LABELS:
        return other.start <= institution.start and other.end >= institution.end
    # A direct identifier that reaches outside the institution ("7317 Stephen Club Suite 2")
    # holds it; one inside is another reading of its words ("Lincoln", a city) or a part of
    # it that competes as usual.
    return (
        other.label in DIRECT_IDENTIFIERS
        and other.overlaps(institution)
        and (other.start < institution.start or other.end > institution.end)
    )


# An organisation found on weak evidence (a list of surnames, a name beside a person or a
# place: `organisations.affiliations`) takes no name inside it: it only fills the words
# no other span holds, so under Safe Harbor, which keeps organisations, no name is lost.
WEAK_INSTITUTION: Final = 0.3


# The reason of the place detector's town read before a venue named after it ("Where: St
# Hyacinthe Country Club"): the venue holds the town's words, and the town stays a town.
TOWN_BEFORE_VENUE: Final = "a town before the venue it names ('X Country Club') after 'Where:'"


def _within_institutions(spans: list[Span], text: str) -> list[Span]:
    """`spans` without the names that are part of the name of a school, place or
    organisation among them ("Lincoln" in "Lincoln Middle School"), nor the other readings
    of those words (the city "Lincoln"): the institution covers their characters.

    An institution takes no name when a name covers it whole ("Dana Church", a surname:
    the person detector read all of it as a name), nor when another direct identifier
    reaches outside it ("7317 Stephen Club", a street): its words may then be part of that
    identifier, which every policy removes, and a name keeps them removed. Roster hits are
    always kept.
    """
    absorbed: list[Span] = []
    for institution in spans:
        if institution.label not in INSTITUTION_LABELS or institution.score <= WEAK_INSTITUTION:
            continue
        names = [s for s in spans if _named_after(institution, s, text)]
        if names and not any(
            _covers_or_contests(institution, s) for s in spans if s is not institution
        ):
            absorbed.extend(names)
    if not absorbed:
        return spans
    return [
        s
        for s in spans
        if s.client_refs
        or s.label in INSTITUTION_LABELS
        or (s.label is Label.CITY and s.detector == "organisation")  # "the Bath Rowing Club"
        or (s.label is Label.CITY and s.reason == TOWN_BEFORE_VENUE)  # "St Hyacinthe Country Club"
        or (s.label is Label.CITY and _town_it_is_of(s, spans, text))
        or not any(a.start <= s.start and s.end <= a.end for a in absorbed)
    ]


def _town_it_is_of(town: Span, spans: list[Span], text: str) -> bool:
    """Is `town` the last words of an institution, after "of" ("the University of Nicosia")?
    An institution named of its town tells where it is: the town stays a town (a direct
    identifier), though the institution holds its words (issue 13, thirteenth round)."""
    return text[max(0, town.start - 3) : town.start].lower() == "of " and any(
        s.label in INSTITUTION_LABELS and s.start < town.start and s.end == town.end for s in spans
    )


def resolve_overlaps(spans: Iterable[Span], text: str | None = None) -> list[Span]:
    """Return non-overlapping spans, sorted by start.

    Overlapping spans of the same label merge into one. Otherwise the span
    with the higher priority (roster hit, then score, then length) keeps the
    contested characters, and the other keeps whatever is left of it on either
    side, so no character a detector flagged is silently dropped. When `text`
    is given, spans are clipped to it and leftovers without a letter or digit
    are discarded, and a school, place or organisation named after a person
    ("Lincoln Middle School", "St. Mary's Hospital") keeps the name inside it,
    so it stays one span rather than being split around the name.
    """
    limit = len(text) if text is not None else None
    has_alnum = _ALNUM.search
    # Sorted by start, then end: two stable sorts by one whole number each, which compare
    # in C without making a tuple per span (a fifth of the cost of resolving).
    ordered = sorted(spans, key=_BY_END)
    ordered.sort(key=_BY_START)
    # Most spans overlap nothing: resolve only the clusters of spans that touch. A span
    # alone (`first`, and no `others`) is kept or dropped here, as `_resolve_cluster`
    # would, without a list and a call of its own.
    result: list[Span] = []
    first: Span | None = None
    others: list[Span] = []
    cluster_end = -1
    for span in ordered:
        if span.start < cluster_end:
            others.append(span)
            if span.end > cluster_end:
                cluster_end = span.end
            continue
        if first is None:
            pass  # (the first span)
        elif others:
            result.extend(_resolve_cluster([first, *others], text, limit))
            others = []
        elif limit is not None and cluster_end > limit:
            result.extend(_resolve_contested([first], text, limit))
        elif text is None or has_alnum(text, first.start, cluster_end):
            result.append(first)
        first, cluster_end = span, span.end
    if first is not None:
        result.extend(_resolve_cluster([first, *others], text, limit))
    return result


def _moved(span: Span, start: int, end: int, client_refs: tuple[str, ...] | None = None) -> Span:
    """`span` with new offsets (faster than `dataclasses.replace`, which resolving calls often)."""
    refs = span.client_refs if client_refs is None else client_refs
    return Span(start, end, span.label, span.detector, span.reason, span.score, refs, span.entity)


def _merged_refs(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    """The client references of two spans merged, in order, each once."""
    return tuple(dict.fromkeys(a + b)) if a or b else ()


def _resolve_cluster(spans: list[Span], text: str | None, limit: int | None) -> list[Span]:
    if not spans:
        return spans
    span = spans[0]
    if (len(spans) == 1 or _alike(spans)) and (limit is None or span.end <= limit):
        # One span, or several over the same characters (a name found by two detectors, a
        # word read as a name and a town): the first of the highest score keeps them all, as
        # `_resolve_contested` would decide (a span of its label merged into it adds nothing).
        if text is None or _ALNUM.search(text, span.start, span.end):
            return spans if len(spans) == 1 else [max(spans, key=_BY_SCORE)]
        return []
    return _resolve_contested(spans, text, limit)


_BY_SCORE: Final = operator.attrgetter("score")


def _alike(spans: list[Span]) -> bool:
    """Do `spans` cover the same characters, none of them a roster hit (whose references
    merge) or an institution (which may take names inside it)?"""
    start, end = spans[0].start, spans[0].end
    # (A loop rather than `all` over a generator, which costs a frame resumed per span.)
    for s in spans:
        if s.start != start or s.end != end or s.client_refs or s.label in INSTITUTION_LABELS:
            return False
    return True


def _resolve_contested(spans: list[Span], text: str | None, limit: int | None) -> list[Span]:
    """Non-overlapping spans from a cluster of overlapping ones (see `resolve_overlaps`)."""
    if text is not None:
        spans = _within_institutions(spans, text)
    ordered = sorted(spans, key=_priority, reverse=True)
    starts: list[int] = []
    chosen: list[Span] = []  # non-overlapping, sorted by start
    for first in ordered:
        stack = [first]
        while stack:
            span = stack.pop()
            if limit is not None:
                if span.start >= limit:
                    continue
                if span.end > limit:
                    span = _moved(span, span.start, limit)
            i = bisect.bisect_right(starts, span.start)
            clash_at = -1
            if i > 0 and chosen[i - 1].end > span.start:
                clash_at = i - 1
            elif i < len(chosen) and chosen[i].start < span.end:
                clash_at = i
            if clash_at < 0:
                if text is None or _ALNUM.search(text, span.start, span.end):
                    starts.insert(i, span.start)
                    chosen.insert(i, span)
                continue
            clash = chosen[clash_at]
            if clash.label == span.label:
                del starts[clash_at]
                del chosen[clash_at]
                stack.append(
                    _moved(
                        clash,
                        min(clash.start, span.start),
                        max(clash.end, span.end),
                        _merged_refs(clash.client_refs, span.client_refs),
                    )
                )
                continue
            # The clash keeps the overlap; what is left of this span is tried again, without
            # the blanks that parted it from the clash: "Hope " of a two-word name whose
            # second word is a town would be replaced with its blank ("[NAME][CITY] is").
            if span.start < clash.start:
                end = clash.start
                if text is not None:
                    while end > span.start and text[end - 1].isspace():
                        end -= 1
                if end > span.start:
                    stack.append(_moved(span, span.start, end))
            if span.end > clash.end:
                start = clash.end
                if text is not None:
                    while start < span.end and text[start].isspace():
                        start += 1
                if start < span.end:
                    stack.append(_moved(span, start, span.end))
    return chosen
