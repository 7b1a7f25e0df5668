"""Ages over 89 (Safe Harbor item C): "93-year-old", "aged 91", "92 y/o", "in her 90s"."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.detectors.relation_cues import FAMILY
from sealbook.core.deid.patterns import by_first_letter, compiled
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import begins_with_digits, cue_words, cued_matches, digit_matches

NUMBER: Final = begins_with_digits(compiled(r"\b(?:9\d|1[0-3]\d)\b"), 2)
_AFTER: Final = compiled(r"(?:[- ]|\s*)(?:years?|yrs?|yo\b|y/o|y\.o\.)", re.IGNORECASE)
_BEFORE: Final = compiled(r"\b(?:age|aged|age:|turned|turn|turning)\s*$", re.IGNORECASE)
DECADE: Final = compiled(
    r"\b(?:in (?:his|her|their|my) )?(?:late |early |mid-)?(?:9\d|1[01]\d)'?s\b"
)
_DECADE_CORE: Final = begins_with_digits(compiled(r"\b(?:9\d|1[01]\d)'?s\b"), 2)
_DECADE_BEFORE: Final = compiled(
    r"\b(?:in (?P<whose>his|her|their|my|your|our) |(?P<own>his|her|their|my|your|our) )?"
    r"(?:late |early |mid-)?$"
)
_WORDS: Final = compiled(
    r"(?:nonagenarian|centenarian)s?\b|ninety[- ](?:one|two|three|four|five|six|seven|eight|nine)"
    r"\b|(?:ninety|one hundred)(?=[- ]years?)"
    # "in his early nineties": a person's decade in words, as "in her 90s" in figures
    r"|(?:(?:late|early|mid)[- ])?nineties\b",
    re.IGNORECASE,
)
_WORD_CUES: Final = cue_words(
    {"nonagenarian", "nonagenarians", "centenarian", "centenarians", "ninety", "one",
     "nineties", "late", "early", "mid"}
)  # fmt: skip
# "aged ninety", "turned ninety", "she's ninety": "ninety" alone after an age's cue.
_NINETY_AFTER_CUE: Final = compiled(r"\b(?:aged?|turned|turns|turning)[ \t]+$", re.IGNORECASE)
_NINETY: Final = cue_words({"ninety"})
# "his 90th birthday": a birthday's ordinal over 89 says the age.
_BIRTHDAY: Final = begins_with_digits(
    compiled(r"(?<![\w-])(?:9\d|1[0-3]\d)(?:st|nd|rd|th)[ \t]+birthday\b", re.IGNORECASE), 2
)
_NINETY_WORD: Final = compiled(
    r"ninety\b(?![- ](?:one|two|three|four|five|six|seven|eight|nine|years?)\b)", re.IGNORECASE
)
# The decade in words needs a person's "his", "her"... before it, as the figures do.
_WHOSE_DECADE: Final = compiled(
    r"\b(?:his|her|their|my|your|our)[ \t]+(?:(?:late|early|mid)[- ])?$", re.IGNORECASE
)


# "her grandmother (93)", "my grandpa's 90", "his father, 95,": a bare number after a person
# of the family, in brackets, after "'s" (is) or between commas, is that person's age.
# "The grandfather, Ana, is 91": the relative's name between commas before the verb.
_FAMILY_BEFORE: Final = compiled(
    r"\b(?:"
    + by_first_letter(FAMILY)
    + r")(?:,[ \t]+[^\W\d_][\w'\u2019-]*(?:[ \t]+[^\W\d_][\w'\u2019-]*)?,)?"
    r"(?:(?:['\u2019]s|\s+(?:is|was|turned|turns|now))[ \t]+|[ \t]*\([ \t]*|,[ \t]*)$",
    re.IGNORECASE,
)
# "At 93 she still walks", "..., at 101 he drove": "at" opening a clause, then the number
# and the person it is the age of (a pronoun); "at 95 mph he" has a unit in between.
_AT_BEFORE: Final = compiled(r"(?:^|(?<=[.!?;,:\n]))[ \t]*[Aa]t[ \t]+$")
_PERSON_AFTER: Final = compiled(r",?[ \t]+(?:he|she|I|they|we|you|my|his|her|their)\b")
_FAMILY_AFTER: Final = compiled(r"(?![\d.,]\d)(?!\s*(?:%|percent|mg|kg|lb|pounds|minutes|min\b))")
# "She's 93, she's tough", "their father, who is 91 and lives", "I'm 90 now": a person's
# pronoun (or "who") with a verb of being or turning, then the number ending its clause. A
# number that runs on into a noun ("she's 90 minutes late", "he was 95 kg") is a quantity.
_PRONOUN_BEFORE: Final = compiled(
    r"\b(?:he|she|who|I)"
    r"(?:['\u2019](?:s|m|ll[ \t]+be)|[ \t]+(?:is|was|am|turned|turns|will[ \t]+be))"
    r"[ \t]+(?:(?:now|nearly|almost|turning|over)[ \t]+)?$",
    re.IGNORECASE,
)
_CLAUSE_END: Final = compiled(
    r"[ \t]*(?:[,.;:!?)\]\n]|$)|[ \t]+(?:and|but|now|today|soon|already|in|last|next|this)\b"
)


# "born in 1931", "(b. 1930)", "DOB: 1929": a year of birth tells the age, and Safe Harbor
# removes the year too when the age is over 89 (45 CFR 164.514(b)(2)(i)(C)). Read against
# the year of the analysis.
_BIRTH_YEAR: Final = begins_with_digits(compiled(r"(?<![\w/.-])1[89]\d\d(?![\w/-]|[.,]\d)"), 4)
_BIRTH_CUE: Final = compiled(
    r"(?:\bborn(?:[ \t]+(?:in|on))?|\(b\.|\bb\.|\bdob|\bd\.o\.b\.|\bdate[ \t]+of[ \t]+birth|"
    r"\byear[ \t]+of[ \t]+birth|\bbirth[ \t]+year)[ \t]*:?[ \t]*$",
    re.IGNORECASE,
)


@register("age", [Label.AGE_OVER_89, Label.DATE], "ages of 90 and over, in figures or words")
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    for m in digit_matches(NUMBER, text):
        if _AFTER.match(text, m.end()) or _BEFORE.search(text[max(0, m.start() - 10) : m.start()]):
            yield Span(m.start(), m.end(), Label.AGE_OVER_89, "age", "an age over 89", 0.9)
        # (What follows the number is read first: one `match`, which most numbers fail,
        # before a search of the words before it.)
        elif _PERSON_AFTER.match(text, m.end()) and _AT_BEFORE.search(
            text, max(0, m.start() - 8), m.start()
        ):
            yield Span(m.start(), m.end(), Label.AGE_OVER_89, "age",
                       "an age over 89, 'at' a number before a person", 0.85)  # fmt: skip
        elif _FAMILY_AFTER.match(text, m.end()) and _FAMILY_BEFORE.search(
            text, max(0, m.start() - 64), m.start()
        ):
            yield Span(m.start(), m.end(), Label.AGE_OVER_89, "age",
                       "an age over 89, a number after a relative", 0.85)  # fmt: skip
        elif _CLAUSE_END.match(text, m.end()) and _PRONOUN_BEFORE.search(
            text, max(0, m.start() - 24), m.start()
        ):
            yield Span(m.start(), m.end(), Label.AGE_OVER_89, "age",
                       "an age over 89, a number a person is", 0.85)  # fmt: skip
    for m in digit_matches(_DECADE_CORE, text):
        # The words before it ("in her late 90s") belong to the span too. Without a
        # person's "her", "his"... or an age cue, "the 90s" is a decade of history.
        before = _DECADE_BEFORE.search(text, max(0, m.start() - 24), m.start())
        if (
            before is None or not (before.group("whose") or before.group("own"))
        ) and not _BEFORE.search(text[max(0, m.start() - 10) : m.start()]):
            continue
        start = before.start() if before else m.start()
        yield Span(start, m.end(), Label.AGE_OVER_89, "age", "an age over 89", 0.8)
    for m in cued_matches(text, _WORD_CUES, _WORDS):
        if m.group().lower().endswith("nineties"):
            whose = _WHOSE_DECADE.search(text, max(0, m.start() - 16), m.start())
            if whose is None:
                continue  # "the nineties": a decade of history
            in_ = text[max(0, whose.start() - 3) : whose.start()].lower()
            start = whose.start() - 3 if in_ == "in " else whose.start()
            yield Span(start, m.end(), Label.AGE_OVER_89, "age", "an age over 89", 0.8)
            continue
        yield Span(m.start(), m.end(), Label.AGE_OVER_89, "age", "an age over 89", 0.8)
    for m in cued_matches(text, _NINETY, _NINETY_WORD):
        lo = max(0, m.start() - 24)
        if _NINETY_AFTER_CUE.search(text, lo, m.start()) or (
            _CLAUSE_END.match(text, m.end()) and _PRONOUN_BEFORE.search(text, lo, m.start())
        ):
            yield Span(m.start(), m.end(), Label.AGE_OVER_89, "age", "an age over 89", 0.8)
    last_over_89 = datetime.datetime.now(datetime.UTC).year - 90
    for m in digit_matches(_BIRTH_YEAR, text):
        if int(m.group()) <= last_over_89 and _BIRTH_CUE.search(
            text, max(0, m.start() - 20), m.start()
        ):
            yield Span(m.start(), m.end(), Label.DATE, "age",
                       "a year of birth of someone over 89", 0.85)  # fmt: skip
    for m in digit_matches(_BIRTHDAY, text):
        end = m.start() + len(m.group().split()[0])
        yield Span(m.start(), end, Label.AGE_OVER_89, "age", "an age over 89 (a birthday)", 0.85)
