"""Numbers named by a cue: medical record, health plan, account, licence, plate, serial...

Safe Harbor items (H) to (N): the cue before the number says which kind it is,
so "MRN: 00482913" is a medical record number and "member ID XJH-448-2210" a
health plan beneficiary number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.lexicon import word_set
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import cue_words, cued_matches, digit_starts

# Shorthands for the words that may follow a cue: "number", "no.", "#", "id".
_N: Final = {
    "{N}": r"(?: number| no\.?| #)?", "{NN}": r"(?: number| no\.?| #)",
    "{I}": r"(?: id| number| no\.?| #)?", "{II}": r"(?: id| number| no\.?| #)",
    "{S}": r"(?: no\.?| #)?", "{SS}": r"(?: no\.?| #)",
}  # fmt: skip


def _expand(cue: str) -> str:
    for short, long in _N.items():
        cue = cue.replace(short, long)
    return cue


_CUES: Final[tuple[tuple[Label, str], ...]] = (
    (Label.MRN, r"mrn|medical record{N}|chart{NN}|"
                r"patient id|record{NN}"),
    (Label.HEALTH_PLAN, r"member{II}|subscriber{I}|"
                        r"policy{NN}|group{NN}|"
                        r"medicaid{I}|medicare{I}|"
                        r"insurance{II}|health plan{I}|"
                        r"beneficiary{I}"),
    (Label.ACCOUNT, r"account{N}|acct\.?{N}|"
                    r"card{NN}|invoice{N}|"
                    r"claim{N}|routing{N}|sort code|bsb{N}"),
    (Label.LICENSE, r"driver'?s? licen[cs]e{N}|licen[cs]e{N}|"
                    r"lic\.?{S}|dl{N}|certificate{N}|"
                    r"cert\.?{SS}|npi|dea{N}|passport{N}"),
    (Label.VEHICLE, r"(?:licen[cs]e )?plate{N}|tag{NN}|vin"),
    (Label.DEVICE, r"serial{N}|s/n|sn|device{II}|"
                   r"imei|udi|mac address|model{NN}"),
    (Label.ID, r"id{N}|identifier|reference{NN}|ref\.?{S}|"
               r"case{NN}|file{NN}|employee{II}|"
               r"student{II}|badge{NN}|inmate{NN}|"
               r"docket{N}|confirmation{N}|"
               # national health and person numbers: "NHI ZAB1234", "PPS 7823419TA"
               r"nhs{I}|nhi{I}|ohip{I}|ihi{I}|hcn|health card{I}|health{NN}|tfn|pps{I}|pesel|"
               r"national insurance{I}|social insurance{I}|personnummer"),
)  # fmt: skip
# The value: letters, digits and inner dashes, with at least two digits.
_VALUE: Final = (
    r"(?P<value>(?=[A-Za-z0-9/-]*\d[A-Za-z0-9/-]*\d)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    # more parts after slashes ("crime ref 14/201145/26"), or groups of digits after single
    # spaces ("account 1234 5678"), as one number
    r"(?:/[A-Za-z0-9]+)*(?:[ ]\d{3,6}(?![\w-]))*)"
)
# The words each kind's cues begin with ("medical record": "medical"; "s/n": "s"): its
# pattern is tried at those words only, not at every cue word of every kind (a pattern
# cannot match at a word none of its cues begins with).
_FIRST_WORDS: Final[dict[Label, str]] = {
    Label.MRN: "mrn medical chart patient record",
    Label.HEALTH_PLAN: "member subscriber policy group medicaid medicare insurance health "
    "beneficiary",
    Label.ACCOUNT: "account acct card invoice claim routing sort bsb",
    Label.LICENSE: "driver driver's drivers license licence lic dl certificate cert npi dea "
    "passport",
    Label.VEHICLE: "license licence plate tag vin",
    Label.DEVICE: "serial s sn device imei udi mac model",
    Label.ID: "id identifier reference ref case file employee student badge inmate docket "
    "confirmation nhs nhi ohip ihi hcn health tfn pps pesel national social personnummer",
}
_PATTERNS: Final = tuple(
    (label, cue_words(word_set(_FIRST_WORDS[label])), compiled(
        r"\b(?:" + _expand(cue) + r")\s*(?:is|was|:|#|=|-)?\s*(?:#\s*)?" + _VALUE + r"\b",
        re.IGNORECASE))
    for label, cue in _CUES
)  # fmt: skip
_CUE_WORDS: Final = cue_words(frozenset().union(*(cues for _, cues, _ in _PATTERNS)))
# Plates are often written in two groups ("131 HTW", "9H 5286N"); the cue is case-blind,
# the plate itself upper case.
PLATE: Final = compiled(
    r"\b(?i:(?:licen[cs]e )?plate(?: number| no\.?| #)?|tag(?: number| no\.?| #))"
    r"\s*(?:is|:|#)?\s*(?P<value>(?=[A-Z0-9 -]*\d)[A-Z0-9]{1,4}(?:[ -][A-Z0-9]{1,6})?)\b"
)
_PLATE_CUE_WORDS: Final = cue_words({"plate", "license", "licence", "tag"})
# A registration ("reg. AB 12345", "rego XYZ-123"): letters and digits both, so that
# "registration 2024 closed" (a year) is no plate.
REGISTRATION: Final = compiled(
    r"\b(?i:reg(?:istration)?|rego)(?i:\.|[ \t]+(?:number|no\.?|plate|mark))?"
    r"[ \t]*(?:is|:|#)?[ \t]*(?P<value>(?=[A-Z0-9 -]*\d)(?=[A-Z0-9 -]*[A-Z])"
    r"[A-Z0-9]{1,4}(?:[ -][A-Z0-9]{1,6})?)\b"
)
_REGISTRATION_CUE_WORDS: Final = cue_words({"reg", "registration", "rego"})
_NOT_VALUES: Final = compiled(r"^(?:\d{1,2}|19\d\d|20\d\d)$")


@register(
    "record_number",
    [lab for lab, _ in _CUES],
    "MRN, health plan, account, licence, plate, serial and other numbers named by a cue",
)
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    if not digit_starts(text):
        return  # (every value holds a digit, `_VALUE` and `PLATE`: no cue is tried)
    for label, cues, pattern in _PATTERNS:
        for m in cued_matches(text, cues, pattern):
            value = m.group("value")
            if _NOT_VALUES.match(value) or len(value) < 4:
                continue
            cue = m.group()[: m.start("value") - m.start()].strip(" :#=-")
            yield Span(
                m.start("value"), m.end("value"), label, "record_number",
                f"a number after '{cue.lower()}'", 0.9,
            )  # fmt: skip
    for m in cued_matches(text, _PLATE_CUE_WORDS, PLATE):
        yield Span(m.start("value"), m.end("value"), Label.VEHICLE, "record_number",
                   "a licence plate after 'plate'", 0.9)  # fmt: skip
    for m in cued_matches(text, _REGISTRATION_CUE_WORDS, REGISTRATION):
        yield Span(m.start("value"), m.end("value"), Label.VEHICLE, "record_number",
                   "a vehicle's registration after 'reg.'", 0.85)  # fmt: skip
