"""Telephone and fax numbers: candidates found by pattern, checked by `phonenumbers`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.base import DetectionContext, preceding, register
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import digit_matches

# A run of digits with the separators people type: "(617) 555-0142", "617.555.0142",
# "+44 20 7946 0958", "555-0142" (seven digits), with an optional extension; a British
# area code of five digits in brackets, "(01632) 960 983".
CANDIDATE: Final = compiled(
    r"(?<![\w/+.-])(?:\+\d{1,3}[ \t.-]?)?(?:\(\d{1,5}\)[ \t.-]?)?\d{1,5}(?:[ \t.-]\d{2,4}){0,3}"
    r"[ \t.-]\d{2,8}(?:[ \t]*(?:x|ext\.?|extension)[ \t]*\d{1,5})?(?![\w/]|[.-]\d)"
    r"|(?<![\w/+.-])\+?\d{10,13}(?![\w/.-])"
    # A country code, then the national number unbroken: "+39 03624521339", "+49(0) 915000806",
    # "+90(321)9195940".
    r"|(?<![\w/+.-])\+\d{1,3}(?:[ \t.-]|[ \t]?\(\d{1,4}\)[ \t.-]?)\d{6,12}(?![\w/-]|\.\d)"
    # A trunk-prefixed area code in brackets, then the number unbroken: "(0284)-588352".
    # A cue joined by a dash may follow it: "(07700) 997718-Fax".
    r"|(?<![\w/+.-])\(0\d{2,4}\)[ \t.-]?\d{5,8}(?![\w/]|[.-]\d)"
    # A trunk "0", the area code and the number's first digits unbroken, then two pairs:
    # "035955 66 29".
    r"|(?<![\w/+.-])0\d{5}[ \t]\d\d[ \t]\d\d(?![\w/]|[.-]\d)",
    re.IGNORECASE,
)
_FAX_CUE: Final = compiled(r"\b(?:fax|facsimile|f)\s*(?:no\.?|number|#)?\s*[:.]?\s*$")
_PHONE_CUE: Final = compiled(
    r"\b(?:phone|tel|telephone|cell|mobile|call|text|reach|number|ph|c|h|w|m|at|on|registered|"
    r"desk|office|home|work|dial|dialled|dialed|ring|messages|texts|sms)\b[^\n]{0,20}$"
)
_DATE_LIKE: Final = compiled(r"^\d{1,4}([-./])\d{1,2}\1\d{1,4}$|^\d{1,2} \d{1,2} (?:19|20)\d\d$")
# "416 60 039 office", "21 253 109 8211-Office", "+46 (0)8 928 571 38 fax": a cue after it.
_CUE_AFTER: Final = compiled(
    r"[ \t]*[-\u2013]?[ \t]*(?P<cue>office|fax|mobile|cell|home|work|tel|phone|direct|main)\b",
    re.IGNORECASE,
)
# The label of a form's field on the line above the number: "Phone:\n66 28 45".
_LABEL_ABOVE: Final = compiled(
    r"\b(?:phone|tel|telephone|mobile|cell|fax)[ \t]*:?[ \t]*\n[ \t]*$", re.IGNORECASE
)
# Six digits in three pairs, the whole national number of a few small countries (Greenland,
# the Faroes: "66 28 45"): a phone only where a label says so, before it or after it; "at
# 10 30 45" and a score "21 18 25" are no numbers.
_SIX_IN_PAIRS: Final = compiled(r"\d\d([ .-])\d\d\1\d\d")
_SIX_DIGIT_CUE: Final = compiled(
    r"\b(?:phone|tel|telephone|mobile|cell|fax)\b[^\n]{0,3}$"
    # Or a verb of calling and whom to call: "call me on 81 32 04" (a time is no one's line).
    r"|\b(?:call|ring|text|phone|reach)[ \t]+(?:me|us|him|her|them)[ \t]+(?:on|at)[ \t]+$"
    # Or one may, can or is asked to call the number itself: "You can call 34 76 31".
    r"|\b(?:can|could|may|please|to)[ \t]+(?:call|ring|text|phone)[ \t]+$"
    # Or a line that is called, texted or registered: "not answering at 94 20 56", "my
    # registered 61 54 78", "messages to 96 63 21" ("she registered 12 14 16": a verb).
    r"|\b(?:answering[ \t]+(?:at|on)|(?:my|your|his|her|their|our|the)[ \t]+registered"
    r"|(?:messages|texts|calls)[ \t]+(?:to|on|at))[ \t]+$",
    re.IGNORECASE,
)
# The trunk-prefixed shape above, a phone only after a cue ("call me at", "Phone:").
_TRUNK_PAIRS: Final = compiled(r"0\d{5}[ \t]\d\d[ \t]\d\d")
# Three or more groups of two to four digits: "699 956 915", "0393 1144 55".
_GROUPED: Final = compiled(r"^\d{2,5}(?:([ .-])\d{2,4})(?:\1\d{2,4})+$")


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def is_phone_number(candidate: str, cued: bool) -> bool:
    """Is `candidate` a plausible phone number (US by default, or international with '+')?"""
    digits = _digits(candidate.split("x")[0].split("ext")[0])
    if len(digits) < 7 or len(digits) > 15 or _DATE_LIKE.match(candidate.strip()):
        return False
    if 8 <= len(digits) <= 12 and _GROUPED.match(candidate):
        return True
    if len(digits) == 7:
        # "555-0142": too short to parse as a full number; only with its dash or a cue.
        return cued or bool(re.fullmatch(r"\d{3}-\d{4}", candidate))
    # Imported when a candidate first needs it, as python-stdnum is for the other number
    # checks: loading them (and what they load) was a fifth of the engine's start-up.
    import phonenumbers

    try:
        number = phonenumbers.parse(candidate, "US")
    except phonenumbers.NumberParseException:
        return False
    if phonenumbers.is_possible_number(number):
        return True
    # A national number written without "+": a trunk "0" or a cue, several groups.
    groups = len(re.findall(r"\d+", candidate))
    return len(digits) >= 8 and groups >= 2 and (cued or candidate.lstrip("(").startswith("0"))


_WRAPPED_REST: Final = compiled(r"\n[ \t]*(?P<rest>\d{2,4})(?![\w-]|[.,]\d)")


@register("phone", [Label.PHONE, Label.FAX], "phone and fax numbers, US and international")
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    for m in digit_matches(CANDIDATE, text, "+("):
        before = preceding(text, m.start(), 30)
        after = _CUE_AFTER.match(text, m.end())
        labelled = bool(after or _LABEL_ABOVE.search(before) or _SIX_DIGIT_CUE.search(before))
        cued = labelled or bool(_PHONE_CUE.search(before) or _FAX_CUE.search(before))
        six = labelled and _SIX_IN_PAIRS.fullmatch(m.group()) is not None
        if not cued and _TRUNK_PAIRS.fullmatch(m.group()):
            continue
        if not six and not is_phone_number(m.group(), cued):
            continue
        end = m.end()
        # "call her on 0131 537\n6000": a number cut short by a line's end (fewer digits
        # than a national number has) goes on at the next line's start.
        rest = _WRAPPED_REST.match(text, end) if text.startswith("\n", end) else None
        if (
            rest is not None
            and sum(c.isdigit() for c in m.group()) < 10
            and is_phone_number(f"{m.group()} {rest.group('rest')}", cued)
        ):
            end = rest.end()
        if _FAX_CUE.search(before) or (after and after.group("cue").lower() == "fax"):
            yield Span(m.start(), end, Label.FAX, "phone", "a fax number after 'fax'", 0.9)
        else:
            score = 0.9 if cued or m.group().startswith(("(", "+")) else 0.75
            yield Span(m.start(), end, Label.PHONE, "phone", "looks like a phone number", score)
