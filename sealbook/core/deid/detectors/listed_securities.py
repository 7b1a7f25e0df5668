"""Companies and funds named as stock lists write them: part of `organisation`.

A company is often named as its listing reads, in forms, statements and CVs too: a share
class after a slash ("VESTAL WIND SYS/ADR", "ORVAN ETFS COMM/3X DAILY LONG TIN"), a preferred
share or a note in listing abbreviations ("KORV BK DS REP 1/40 SRS D NON CUM PRF", "Tavrun
Energy Inc. JR SUB NT 52"), or a fund by its last word ("Halvor Global Income Fund",
"Quorva MSCI Europe Small-Cap ETF") (issue 13, thirteenth round). The named-organisation
patterns stop at a legal form and at six words, and know no listing abbreviation, so such
a name was left whole or cut short. Three shapes are read here, each by a closed class of
the listing trade's own abbreviations, never by a company's name:

- a run of words in capitals on one line holding a listing abbreviation after a slash, or
  two of them ("ADR", "SHS", "PFD", "PRF", "CUM", "SRS", "ETF", "UCITS", a currency code);
  a heading in capitals ("PLAN/GOALS", "HIV/AIDS REVIEW") holds none;
- the tail of abbreviations, numbers and rates after a legal form ("Inc. 6.75% NT DE
  2027", "Corporation Preferred Shares Series G", a bond's coupon and terms: "Inc. 6.375%
  Senior Secured"), or a list's note in brackets ("Ltd
  (Merged)"), which is part of the company's name;
- a run of up to nine capitalised words ending in "Fund", "ETF" or "ETN", two words
  before "Fund" at least ("the Pension Fund" is no fund's name);
- a company with its seat in brackets before its legal form ("Tavrun Telecom (Hong Kong)
  Limited", "Kesta Holdings Company(Japan)Ltd."), which the forms' patterns stop at;
- a leveraged product: capitalised words holding a leverage factor ("2x", "X5") and an
  exchange-traded product's word, or a currency and "Long" or "Short" ("Leverage Shares
  2x Kesta ETC A", "SG Silver x5 GBP Daily Short"); "Sertraline 50mg X2 Daily" holds none;
- a legal form glued to the name's last word, as a register squeezed into its column
  writes it ("The Kesta BankLtd.", "MOS FOOD SERVICESINC.", "Steel Mfg.Co.Ltd.", "Orvan
  Co.LTD."): a word in no text runs a form on unspaced.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.lexicon import cities, closed_class, is_country
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.tokens import lines_holding

# The listing trade's abbreviations: share classes and receipts, preferred shares and their
# terms, notes, funds and exchange-traded products, and the currencies a class is priced in.
# The weak ones are also a clinic's ("SH" social history, "DEP" depression, "SUB", "ACC",
# "REP"): alone they name no listing, even after a slash ("PMH/SH", "DEP/ANX").
_WEAK_LISTING: Final = frozenset(
    {"SH", "SHR", "SUB", "REP", "DIST", "ACC", "DEP", "WT", "NT", "LEV", "CUM", "CNV", "CONV",
     "MTG", "BD", "CL", "USD", "EUR", "GBP", "JPY", "CHF"}
)  # fmt: skip
LISTING_WORDS: Final = _WEAK_LISTING | {
    "ADR", "ADS", "GDR", "SHS", "PFD", "PRF", "PREF", "PRP", "RDM", "SRS", "DSHS", "PERP",
    "ETF", "ETN", "ETP", "UCITS", "ACCUM", "NTS", "JNR", "DEBENT", "NPV", "VTG", "AKT", "DLY",
    "DEPOSITARY", "ETFS",
}  # fmt: skip
# In a name's tail after a legal form, these written in full count as well.
_TAIL_WORDS: Final = LISTING_WORDS | {
    "Preferred", "Shares", "Share", "Series", "Units", "Unit", "Warrants", "Warrant",
    "Depositary", "Notes", "Note", "SR", "JR", "CV", "EXP", "TR", "SEC", "Class", "Ord", "Shrs",
    # A bond's terms after its coupon ("Inc. 6.375% Senior Secured", "Inc. 5.625% Global
    # Notes"; fifteenth round).
    "Senior", "Secured", "Junior", "Subordinated", "Subord", "Global", "Bonds", "Debentures",
    "Stock", "Depository", "Receipt", "Receipts",
}  # fmt: skip
# A bond's coupon, two decimals at least: "6.375%", "5.10%" (a share "5.5%" is no coupon).
_COUPON: Final = re.compile(r"\d{1,2}\.\d{2,4}%")
_COMPANY_FORMS: Final = frozenset(
    {"Inc", "Corp", "Corporation", "Incorporated", "Co", "Ltd", "Limited", "PLC", "plc", "LLC"}
)

# Listing abbreviations a tail writes in title case ("Inc 8.25% Cum Redm Series A").
_TITLE_CASE_LISTING: Final = frozenset(
    {"CUM", "REDM", "RDM", "PFD", "PRF", "CONV", "CNV", "PERP", "PREF", "SHRS"}
)  # (and dotted: "Corp Conv. Pref. Shrs Series D")
# The tail words that are not listing words, and the title-case ones in lower case, for
# `_may_have_listing_tail`.
_FULL_TAIL_WORDS: Final = tuple(sorted(_TAIL_WORDS - LISTING_WORDS))
_LOWER_TITLE_CASE_LISTING: Final = tuple(sorted(word.lower() for word in _TITLE_CASE_LISTING))
# Any of `_FULL_TAIL_WORDS` anywhere in a text, as a string search for each would find it:
# one scan instead of thirty (a hundredth of an 800-character document's analysis; a
# property test compares the two).
_FULL_TAIL_WORD: Final = compiled("|".join(map(re.escape, _FULL_TAIL_WORDS)))

# A word in capitals as a listing writes it: capitals, digits, "&", inner stops, hyphens,
# slashes and brackets ("LEG&GEN", "ETF(IR)/SHS", "I.SOL.-E.GL./USD", "1/40", "5.875%"), or
# a slash and a number alone ("/0").
_LISTED: Final = r"(?:(?:[A-Z0-9$(]|/[0-9])[A-Z0-9&.%/()$-]*)"
LISTING_RUN: Final = compiled(
    r"(?<![\w&./%$-])" + _LISTED + r"(?:[ \t]{1,2}" + _LISTED + r"){0,11}(?![\w&%$-])"
)
_PARTS: Final = re.compile(r"[A-Z]+")
_SLASH: Final = re.compile(r"[A-Z0-9.)]/[A-Z0-9(]|(?:^|\s)/[0-9]")
# A class priced in a currency, written after a slash at the name's end ("I.SOL/USD").
_PRICED_IN: Final = re.compile(r"[A-Z0-9.]/(?:USD|EUR|GBP|JPY|CHF)$")

_LEGAL_FORMS: Final = (
    r"Inc|Corp|Corporation|Incorporated|Company|Co|Ltd|Limited|PLC|plc|LLC|"
    r"SA|AG|SE|NV|Trust|Fund|Bancshares"
)
LEGAL_FORM: Final = compiled(r"\b(?:" + _LEGAL_FORMS + r")\b\.?")
# The form's words alone: an alternation whose every branch begins with a letter, which the
# regex engine skips to in one step, where LEGAL_FORM, which begins with a word boundary,
# was tried at every character of the text (see `_legal_forms`).
_LEGAL_FORM_WORD: Final = compiled(_LEGAL_FORMS)
# A tail word: a word in capitals or capitalised, a number, a rate or a fraction ("6.75%",
# "1/40", "DEP1/20", "NT16").
_TAIL_WORD: Final = (
    r"(?:[A-Z]+[0-9]{1,2}\.[0-9]{2,4}%|[A-Z][a-z]{2,4}\.(?=[ \t]+[A-Z])"
    r"|[A-Z][A-Za-z]*[0-9/]*[0-9]*|\$?[0-9][0-9.,/]*%?"
    r"|[0-9]+[A-Z]+)"
)  # (a coupon glued to its mortgage's "MTG": "1ST MTG5.25%")
LISTING_TAIL: Final = compiled(r"(?:[ \t]+" + _TAIL_WORD + r"(?![\w%])){1,8}")

# A list's note in brackets after the form: "Ltd (Merged)", "Ltd (Part IX)".
_LISTING_NOTE: Final = compiled(r"[ \t]?\([A-Z][a-z]+(?:[ \t][A-Z0-9]+)?\)")

# A fund's words: capitalised, a number, or a brand with an inner capital ("iShares"), and
# "and" or "&" between them; not "of", which joins a person to the fund ("Kuba Lind of
# Daiwa ETF").
_FUND_WORD: Final = r"(?:[A-Z0-9$][\w'&.$-]*|[a-z]+[A-Z][\w-]*|&|and|for)"
FUND: Final = compiled(
    r"(?<![\w&.-])(?P<words>(?:" + _FUND_WORD + r"[ \t]+){1,9}?)"
    r"(?P<kind>(?:Index[ \t]+|Exchange[ \t]+Traded[ \t]+)?Fund|ETF|ETN)"
    r"(?:[ \t]+(?:Acc|Dist))?(?:[ \t]+(?:II|III|IV))?(?![\w&-])"
)
_JOINERS: Final = frozenset({"&", "of", "and", "for"})
# Capitalised words (or a name in capitals), a seat in brackets, a legal form.
_CAP_WORD: Final = r"(?:[A-Z][\w'&.-]*)"
SEATED: Final = compiled(
    r"(?<![\w&.-])" + _CAP_WORD + r"(?:[ \t]+" + _CAP_WORD + r"){0,4}[ \t]?"
    r"\((?P<seat>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,2})\)[ \t]?"
    r"(?:Limited|Ltd|Inc|Co\.,?[ \t]?Ltd|Corporation|Corp|PLC|plc|Pvt\.?[ \t]Ltd)\b\.?"
)
# What every match of SEATED holds: a bracket closed before a legal form. Searched first (the
# regex engine skips to each ")"), as most texts with brackets hold none, and SEATED, which
# begins with a look-behind, was tried at every character of each of them.
_SEAT_BEFORE_FORM: Final = compiled(
    r"\)[ \t]?(?:Limited|Ltd|Inc|Co\.|Corporation|Corp|PLC|plc|Pvt)"
)
_SMALL_FIRST: Final = frozenset(
    {"The", "A", "An", "Our", "My", "His", "Her", "Their", "This", "That"}
)


# A glued form: "Co." and "Ltd" run together in any case, or a form run on after the last
# word ("BankLtd.", "BankLimited", "LINKLtd.", "SERVICESINC.", "MILLSLTD.").
_GLUED_FORM: Final = (
    r"(?:[. \t]?(?:Co|CO|co)\.,?[ \t]?(?:Ltd|LTD|ltd|Limited|LIMITED)\b\.?"
    r"|(?<=[A-Za-z])(?:Ltd\.|Limited\b|Inc\.)|(?<=[A-Z])(?:LTD\.|INC\.|LIMITED\b))"
)
GLUED: Final = compiled(
    r"(?<![\w&.'-])(?:(?:[A-Z][\w'&.-]*|[a-z]+[A-Z][\w-]*)[ \t]+){0,4}"
    r"(?:[A-Z][\w&-]*?|[a-z]+[A-Z][\w-]*?)(?:\.[A-Za-z]+)*?" + _GLUED_FORM
)


# A run of capitalised words, numbers and leverage factors on one line, ending in a
# capitalised word or a series letter.
_LEVERAGE: Final = re.compile(r"^(?:-?[0-9]+[xX]|[xX][0-9]+)$")
_PRODUCTS: Final = frozenset({"ETC", "ETP", "ETN", "ETF"})
_CURRENCIES: Final = frozenset({"USD", "EUR", "GBP", "JPY", "CHF"})
LEVERAGED: Final = compiled(
    r"(?<![\w&.'-])(?:[A-Z][\w&'-]*|[0-9]+[xX]|[xX][0-9]+)"
    # (an index's number or a short factor inside: "Orvane FTSE 100 x3 Daily Long ETN",
    # "China Bear -1x HSCEI ETF"; fifteenth round)
    r"(?:[ \t]+(?:[A-Z][\w&'-]*|-?[0-9]+[xX]|[xX][0-9]+|[0-9]{1,4}(?=[ \t]))){2,8}(?![\w&'-])"
)


def listing_names(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every company or fund named in the shape of a stock list."""
    capitals = capital_runs(text)
    if not LISTING_WORDS.isdisjoint(capitals):
        yield from _listing_runs(text)
    if _may_have_listing_tail(text, capitals):
        yield from _listing_tails(text)
    yield from _funds(text)
    if not (_PRODUCTS.isdisjoint(capitals) and _CURRENCIES.isdisjoint(capitals)):
        yield from _leveraged(text)
    # A glued form's words are joined by blanks only, so a match lies on one line, and it
    # holds one of the form's words: only the lines that hold one are searched (GLUED
    # begins with a look-behind, so the regex engine tried it at every character of the
    # text: a twentieth of a long text's analysis). The look-behind still sees the newline
    # before a line, and a line's end reads as the text's end: the matches are the same.
    for lo, hi in lines_holding(text, _GLUED_FORM_WORD):
        for m in GLUED.finditer(text, lo, hi):
            yield _past_small_words(text, m.start(), m.end()), m.end()
    if _SEAT_BEFORE_FORM.search(text) is not None:
        for m in SEATED.finditer(text):
            seat = m.group("seat")
            if is_country(seat) or seat in cities():  # a seat, not "Mood (Low) Limited"
                yield m.start(), m.end()


# Every match of GLUED holds one of these (see `_GLUED_FORM`).
_GLUED_FORM_WORD: Final = compiled(r"Ltd|LTD|ltd|Limited|LIMITED|INC\.|Inc\.")


# Most texts hold no listing at all, yet the patterns of runs, tails after a legal form
# and leveraged products each begin with a look-behind or a word boundary, which the regex
# engine tries at every character of the text (with a seat in brackets, together a
# twentieth of the analysis of an 800-character document). Each shape needs some word of
# the trade, as a whole run of capitals ("ADR", "ETF", "GBP") or a word in full ("Series",
# "Pfd"): a text without one is skipped before its scan. The runs of capitals are found by
# one scan that the regex engine skips through from capital to capital.


def capital_runs(text: str) -> frozenset[str]:
    """The maximal runs of two or more capitals A to Z in `text` ("SYS/ADR" gives "SYS" and
    "ADR"; every word of the trade has two letters or more).

    A listing word a shape needs is a whole run of capitals in the text: the shapes' words
    are bounded by blanks, a slash or a stop, or the match's ends, where no letter is.
    (The single capitals that begin most words are no run: `[A-Z]+` made a string of each,
    twice the cost.)"""
    return frozenset(_CAPITAL_RUNS.findall(text))


_CAPITAL_RUNS: Final = compiled(r"[A-Z][A-Z]+")


def _may_have_listing_tail(text: str, capitals: frozenset[str]) -> bool:
    """Could a legal form in `text` have a list's note or a listing tail after it? A note
    needs a "("; a tail, a word `_listed` takes: a listing word as a run of capitals (alone or
    in a word in capitals), another tail word in full, a bond's coupon (a "%"), or a listing
    abbreviation in title case (read here in the lower-case text)."""
    if "(" in text or "%" in text or not LISTING_WORDS.isdisjoint(capitals):
        return True
    if _FULL_TAIL_WORD.search(text) is not None:  # (any of `_FULL_TAIL_WORDS` in `text`)
        return True
    lower = text.lower()
    return any(word in lower for word in _LOWER_TITLE_CASE_LISTING)


def _leveraged(text: str) -> Iterator[tuple[int, int]]:
    for m in LEVERAGED.finditer(text):
        name = m.group().removesuffix("'s")  # (a possessive: "... Daily Short's team")
        words = name.split()
        # An exchange-traded product, or a currency and the side the product takes.
        sided = _CURRENCIES & set(words) and {"Long", "Short"} & set(words)
        if any(_LEVERAGE.match(w) for w in words) and (_PRODUCTS & set(words) or sided):
            yield m.start(), m.start() + len(name)


def _listing_runs(text: str) -> Iterator[tuple[int, int]]:
    if "/" not in text and not any(w in text for w in ("PRF", "PFD", "ETF", "PERP", "SRS")):
        return
    for m in LISTING_RUN.finditer(text):
        run = m.group().rstrip(",;:/ \t")
        if run.endswith(".") and run.count(".") == 1:
            run = run[:-1]  # the sentence's stop, not an abbreviation's ("O.N." keeps it)
        if run.endswith(")") and run.count("(") < run.count(")"):
            run = run[:-1]
        words = set(_PARTS.findall(run)) & LISTING_WORDS
        strong = words - _WEAK_LISTING or _PRICED_IN.search(run) is not None
        slash = _SLASH.search(run) is not None
        if (
            (strong and (slash or len(words) >= 2))
            or len(words) >= 3
            or (slash and len(words) >= 2)
        ):
            yield m.start(), m.start() + len(run)


def _listing_tails(text: str) -> Iterator[tuple[int, int]]:
    for form in _legal_forms(text):
        note = _LISTING_NOTE.match(text, form.end())
        if note is not None:
            yield form.start(), note.end()
        m = LISTING_TAIL.match(text, form.end())
        if m is None:
            continue
        tail = m.group().split()
        # The tail ends at its last listing word, number or series letter ("Inc. PFD 3.60%
        # as", "Inc. ENHCD SUB NT16 A in").
        kept_to = [i for i, w in enumerate(tail) if _listed(w) or not w.isalpha() or len(w) == 1]
        if not any(_listed(w) for w in tail) or not kept_to:
            continue
        if not any(_listed(w) and not _COUPON.fullmatch(w) for w in tail) and not (
            _COMPANY_FORMS.intersection((form.group().rstrip("."), tail[0].rstrip(".")))
        ):
            continue  # a coupon only after a company's form: "The Trust 95.00% target"
        kept = tail[: max(kept_to) + 1]
        if any(w.isalpha() and not w.isupper() and not _listed(w) for w in kept):
            continue  # a sentence goes on ("Inc. Preferred Shares Series G Sarah Lund")
        end = form.end()
        for word in kept:
            end = text.index(word, end) + len(word)
        yield form.start(), end


def _legal_forms(text: str) -> Iterator[re.Match[str]]:
    """`LEGAL_FORM.finditer(text)`, tried only where a form's word begins.

    A match of LEGAL_FORM begins where `_LEGAL_FORM_WORD` finds a word (the leftmost search
    reaches it: every match of the words is letters only, and LEGAL_FORM cannot begin after
    a letter), and its word boundary is checked there; matches are kept as `finditer` keeps
    them, none inside the one before."""
    last_end = -1
    for word in _LEGAL_FORM_WORD.finditer(text):
        if word.start() < last_end:
            continue
        form = LEGAL_FORM.match(text, word.start())
        if form is not None:
            last_end = form.end()
            yield form


def _listed(word: str) -> bool:
    word = word.rstrip(".") if word.endswith(".") and word[:1].isupper() else word
    if word in _TAIL_WORDS or word.upper() in _TITLE_CASE_LISTING:
        return True
    if word[:1].isdigit() and _COUPON.fullmatch(word):
        return True
    return word.isupper() and any(p in LISTING_WORDS for p in _PARTS.findall(word))


def _funds(text: str) -> Iterator[tuple[int, int]]:
    if "Fund" not in text and "ET" not in text:
        return
    for m in FUND.finditer(text):
        words = m.group("words").split()
        first = 0
        while first < len(words) and (words[first] in _SMALL_FIRST or words[first] in _JOINERS):
            first += 1
        # "Index Fund" and "Exchange Traded Fund" say twice what kind it is: one name before.
        named = [w for w in words[first:] if w not in _JOINERS]
        if len(named) < (2 if m.group("kind") == "Fund" else 1):
            continue
        yield m.start("words") + m.group("words").index(words[first]), m.end()


def _past_small_words(text: str, start: int, end: int) -> int:
    """`start` moved past the sentence's first small word ("The Kesta BankLtd." keeps "The";
    "At Kesta BankLtd." begins at "Kesta")."""
    words = text[start:end].split()
    small = closed_class()
    while len(words) > 1 and words[0].lower() in small and words[0] != "The":
        start = text.index(words[1], start + len(words[0]))
        words = words[1:]
    return start
