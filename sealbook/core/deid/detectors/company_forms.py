"""Companies named with another country's legal form or a family firm's ending.

"Seip AG", "Petryk S.A.", "Friis A/S", "Kazubek-Damek Sp. z o.o.", "Cattaneo s.r.l.",
"Riehl Radisch AG & Co. KG", "Offredi e figli", "Klepka i syn", "Lasa y asociados S.Coop.":
the form says a company, whatever the words before it. The name is the capitalised words
before the form on its line (with the particles and joining words inside names: "van der
Pouw", "Borroni, Soranzo e Marconi"), back to a function word or a sentence's end.

A short form that is also an ordinary abbreviation ("SA" South Australia, "NV" Nevada, "KG"
kilograms, "AB" Alberta) names a company only after a capitalised word in no dictionary and
no town ("Peukert KG", not "Weight 70 KG" or "Calgary AB"). In lower case (text messages)
only the dotted forms count ("cattaneo s.r.l."), never "spa"; "s.c." (also subcutaneous)
only after a family firm's ending ("Klepka i syn s.c.").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.base import before_full_stop
from sealbook.core.deid.detectors.organisation_clues import PERSON_WORDS, where_a_firm_is
from sealbook.core.deid.lexicon import (
    cities,
    cities_lower,
    closed_class,
    common_words,
    countries,
    drug_names,
    frequent_surnames,
    given_names,
    street_suffixes,
    surnames,
    us_states,
    word_set,
    world_given_names,
)
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.tokens import UPPER, cue_words, cued_matches, tokens_for

# Forms no ordinary word shares: dotted, with a slash, or spelt so only a company is.
_PLAIN: Final = (
    r"S\.p\.A\.|S\.r\.l\.|S\.A\.R\.L\.|S\.A\.S\.|S\.A\.|S\.L\.N\.E\.?|S\.A\.U\.?|S\.L\.L\.|S\.L\.|"
    r"S\.Coop\.|S\.Com\.|S\.A\.T\.|S\.C\.P\.?|Sp\.[ \t]z[ \t]o\.o\.|Sp\.k\.|Sp\.j\.|"
    r"e\.G\.|e\.V\.|B\.V\.|N\.V\.|A/S|ApS|d\.o\.o\.|s\.r\.o\.|GmbH|mbH|KGaA|p\.l\.c\.|"
    r"s\.p\.a\.|s\.r\.l\.|s\.a\.r\.l\.|s\.a\.|sp\.[ \t]z[ \t]o\.o\.|sp\.k\.|sp\.j\.|s\.coop\.|"
    r"s\.l\.n\.e\.?|a/s|gmbh|b\.v\.|n\.v\.|"
    # Czech, Portuguese and Brazilian, Icelandic, Hungarian and Finnish forms.
    r"a\.s\.|k\.s\.|v\.o\.s\.|Ltda\.?|S/A|ehf\.|hf\.|Kft\.|Zrt\.|As[ \t]Oy|"
    # Turkish ("Akar A.Ş.", "Öcalan Korutürk Tic.", "Ltd. Şti.").
    r"A\.Ş\.|a\.ş\.|Tic\.|Şti\.|"
    # Slovene and Croatian ("Gorjup d.d."), Hungarian ("Somogyi és Balog Bt.", "Nyrt."),
    # Dutch and Belgian partnerships ("Pauwels en Michiels VOF"), Indonesian ("Tbk").
    r"d\.d\.|Bt\.|Kkt\.|Nyrt\.|VOF|Tbk|"
    # Swiss French ("Cousin Sàrl"), Peruvian and Chilean ("Armijo González E.I.R.L.").
    r"Sàrl\.?|E\.I\.R\.L\.|"
    # Mexican ("Betterware de Mexico S.A.B. de C.V.", spaced too), and the forms written
    # out in full ("Aktiengesellschaft", "Sociedad Anónima", "Société Anonyme"; eleventh
    # session).
    r"S\.[ \t]?A\.[ \t]?B\.[ \t]de[ \t]C\.[ \t]?V\.|S\.[ \t]?A\.[ \t]de[ \t]C\.[ \t]?V\.|"
    r"Aktiengesellschaft|Sociedad[ \t]An[oó]nima|Soci[eé]t[eé][ \t][Aa]nonyme"
)
# "s.c." (Polish) is also "subcutaneous": a form only after a capitalised word in no
# dictionary and no drug's name ("Palica s.c.", not "Clexane s.c."). "Group" and its
# translations close a list of partners joined by a comma or "e", "y", "i", "&"
# ("Ariasso, Antonetti e Mazzi Group"); alone, `organisations` reads them.
_CHECKED: Final = r"s\.c\.|S\.C\.|o\.s\.|s\.p\.|Group|Groep|Gruppe|Groupe|Grupo|Gruppo"
_GROUPS: Final = frozenset({"Group", "Groep", "Gruppe", "Groupe", "Grupo", "Gruppo"})
# Forms that are also abbreviations of other things: checked by the word before them.
_SHORT: Final = r"SpA|SPA|Srl|SRL|SARL|SAS|SA|AG|KG|BV|NV|AB|HB|Oy|Oyj|OHG|SE"
# In lower case ("sundberg ab", "nilsson malm hb", "winther & søn aps"), not "kg"
# (kilograms) nor "sa".
_SHORT_LOWER: Final = r"spa|srl|sarl|ag|bv|nv|ab|hb|oy|oyj|aps|ry"
_SHORT_FORMS: Final = frozenset(_SHORT.split("|")) | frozenset(_SHORT_LOWER.split("|"))
# A family firm's ending: "e figli", "i syn", "& Søn", "y asociados", "und Söhne".
_FAMILY: Final = (
    r"(?:e|i|y|&|und|et|en|og|och|és)[ \t]+(?:[Ff]igli|[Ff]ils|[Ss]yn|[Ss]ynowie|[Ss]øn|[Ss]ønner|"
    r"[Ss]öhne|[Ss]ohn|[Hh]ijos|[Aa]sociados|[Zz]onen|[Ff]ilhos|[Ss]öner|[Hh]ermanos|"
    # The Hungarian "and partner(s)": "Nagy és társa Zrt.".
    r"[Tt]ársa|[Tt]ársai)"
)
_FORM: Final = r"(?:" + _PLAIN + r"|" + _SHORT + r"|" + _SHORT_LOWER + r"|" + _CHECKED + r")"
# Forms that are other things alone, in lower case, but a form after a family's ending:
# "s.c." (subcutaneous), "s.l." (sublingual): "klepka i syn s.c.", "lillo y asociados s.l.".
_AFTER_FAMILY: Final = r"s\.c\.|s\.l\.l\.|s\.l\."
# A limited partnership's "& Co. KG": after a form ("AG & Co. KG", "ag & co. kgaa"), or
# after a word no form ("Scholz Stiftung & Co. KG"); "kg" after "& co." is no kilogram.
_CO_FORM: Final = r"[Cc]o\.[ \t]+(?:KGaA|KG|OHG|kgaa|kg|ohg)"
# The ending: a family's, then forms ("AG & Co. KG", "Sp. z o.o. Sp.k."), as one word.
_ENDING: Final = compiled(
    r"(?:" + _FAMILY + r"(?:,?[ \t]+(?:" + _FORM + r"|" + _AFTER_FAMILY + r"))*|" + _FORM
    + r"(?:[ \t]+&[ \t]+" + _CO_FORM + r"|(?:[ \t]+&[ \t]+Co\.)?[ \t]+" + _FORM + r")*"
    + r"|(?<=& )" + _CO_FORM + r"|(?<=& )[Cc]o\.(?![ \t]+(?:KG|OHG|kg|ohg)))(?![\w/&])"
)  # fmt: skip
# The words the ending may begin with (lower case, as `tokens` splits them at dots).
_ENDING_WORDS: Final = cue_words(
    {"s", "sp", "p", "e", "b", "n", "a", "aps", "d", "gmbh", "kgaa", "spa", "srl", "sarl", "sa",
     "ag", "kg", "bv", "nv", "ab", "hb", "oy", "oyj", "ohg", "i", "y", "und", "et", "en",
     "group", "groep", "gruppe", "groupe", "grupo", "gruppo", "co", "og", "och", "k", "v",
     "ltda", "ehf", "hf", "kft", "zrt", "as", "ry", "sas", "o", "bt", "nyrt", "vof", "tbk",
     "és", "ve", "kkt", "sàrl", "tic", "şti", "se", "aktiengesellschaft", "sociedad",
     "société", "societe", "societé"}
)  # fmt: skip
# Particles and joining words inside a firm's name: "van der Pouw", "Soranzo e Marconi".
# (French firms' "des", "du" and elided "d": "Compagnie des Alpes SA".)
_PARTICLES: Final = frozenset(
    {"van", "de", "der", "den", "von", "ten", "ter", "di", "da", "del", "la", "des", "du", "d"}
)
_JOINS: Final = frozenset({"&", "e", "y", "i", "und", "et", "en", "and", "og", "och", "és", "ve"})
_NAME_WORD: Final = compiled(r"[\w'\u2019&-]+")
_REASON: Final = "a company named with a legal form of another country ('Seip AG', 'Friis A/S')"


def _name_before(text: str, end: int, lower: bool, listed: bool = False) -> int | None:
    """Where the firm's name before `end` begins: up to six words back on the line, each
    capitalised (in lower case, when the form is), a particle or a joining word, joined by
    a blank or a list's comma; None when there is none. A comma joins a list of partners
    only: one a joining word closes ("Borroni, Soranzo e Marconi"), or, `listed`, the
    family's ending ("Borroni, Soranzo e figli"); not "Ulf Thomsen, Simonsen A/S"."""
    closed = closed_class()
    line_start = text.rfind("\n", 0, end) + 1
    words = list(_NAME_WORD.finditer(text, max(line_start, end - 100), end))
    start, edge = -1, end
    for w in reversed(words[-6:]):
        word, gap = w.group(), text[w.end() : edge]
        if gap not in (" ", ", ") or (gap == ", " and (start < 0 or not listed)):
            break
        low = word.lower()
        if low in PERSON_WORDS:
            return None  # "Mr Cook SA": a title or a relative before a person's name
        if gap == ", " and low in common_words() and low not in surnames():
            break  # "Head of Compliance, Holm & Friis A/S": an ordinary word ends the list
        if low in _JOINS or low in _PARTICLES:
            # (A join right before the form is the form's: "Pires & Co.", no list.)
            listed = listed or (low in _JOINS and edge != end)
            edge = w.start()
            continue  # taken only if a name word comes before it
        if low in closed or not (
            word[0].isupper()
            or (lower and word.islower())
            or is_brand_in_camel_case(word)
            # A number with letters ("7C Solarparken AG", "3D Systeme GmbH").
            or (word[0].isdigit() and word[-1].isupper() and not word.isdigit())
            # A brand written in lower case right before a form in capitals ("zooplus AG",
            # "argenx SE"): a word in no dictionary, alone.
            or (edge == end and start < 0 and _lower_brand(text, w.start(), end, low))
        ):
            break
        start, edge = w.start(), w.start()
    if start < 0:
        return None
    # The particles right before the first name word belong to it ("van Luinenburg BV",
    # "van der Ploeg BV" opening a sentence, where the name words stop at "der").
    while True:
        before = text[max(line_start, start - 4) : start].split()
        if not (before and before[-1] in _PARTICLES and text[start - 1] == " "):
            return start
        start -= len(before[-1]) + 1


def _lower_brand(text: str, at: int, end: int, low: str) -> bool:
    form = text[end:].lstrip()[:4]
    return (
        form[:1].isupper()
        and low.isalnum()
        and not low.isdigit()
        and len(low) > 2
        and low not in common_words()
        and low not in given_names()
        and low not in drug_names()
        and (at == 0 or not text[at - 1].isalnum())
    )


_LAST_WORD: Final = compiled(r"([^\W\d_][\w'\u2019-]*)[ \t]+$")


def _capitalised_before(text: str, at: int) -> bool:
    """Is the word just before `at` capitalised ("Pokorná s.r.o.", not "pokorná s.r.o.")?"""
    m = _LAST_WORD.search(text, max(0, at - 60), at)
    return m is not None and m.group(1)[:1].isupper()


# Words that name a firm's trade: after another word of the name, a short form ("SE",
# "AG", "NV") after one is a company's, not a compass point's or a state's
# ("Mensch und Kesta Software SE", "Orvan Technologies NV"; "Oak Street SE" stays).
TRADE_WORDS: Final = frozenset(
    {"Software", "Technologies", "Technology", "Holding", "Holdings", "Industrie", "Industries",
     "Ceramics", "Systems", "Chemicals", "Chemie", "Pharma", "Energy", "Motors", "Media",
     "Solutions", "Engineering", "Logistics", "Immobilien", "Electronics", "Networks"}
)  # fmt: skip
# A brand written with an inner capital ("comScore", "dMY", "eMnet"): a name's word though
# it opens in lower case.
_CAMEL: Final = compiled(r"[a-z]+[A-Z][\w-]*")


def is_brand_in_camel_case(word: str) -> bool:
    return _CAMEL.fullmatch(word) is not None


def _short_form_named(text: str, start: int, form_at: int, lower: bool) -> bool:
    """Whether the word just before a short form ("KG", "SA") can be a firm's name: a
    capitalised word of letters in no dictionary or a surname ("Sanders BV"), in lower case
    one in no dictionary and no given name ("sundberg ab"), not a state, country or town."""
    words = text[start:form_at].split()
    last = words[-1].strip(",")
    name = " ".join(words).strip(",")
    low = last.lower()
    if not lower and len(words) == 1 and last.islower():
        # "zooplus AG": a brand in lower case, its form in capitals (`_lower_brand`), no town.
        return low not in cities_lower() and low not in us_states()
    if not lower and last in TRADE_WORDS and len(words) >= 2:
        return True  # "Kesta Software SE", "ROY Ceramics SE": a trade, not a street's "SE"
    if not lower and len(words) >= 2 and _named_by_an_unknown_word(words, name):
        return True  # "Vortrand Cosmetic Packaging SA": the name's first word is in no list
    if lower:
        return (
            last.replace("-", "").isalpha()
            and low not in common_words()
            and low not in given_names()
            and low not in cities_lower()
        )
    return (
        last[:1].isupper()
        and last.replace("-", "").isalpha()
        and (low not in common_words() or low in surnames())
        and low not in us_states()
        and last not in countries()
        and name not in cities()
        and last not in cities()
    )


def _named_by_an_unknown_word(words: list[str], name: str) -> bool:
    """Do two to five capitalised words open with one in no dictionary, no list of names
    and no gazetteer, and hold no town, country, state or street word ("Vortrand Cosmetic
    Packaging", not "Kowalczyk Road" before a compass point's "SE", "Red Deer" before "AB")?"""
    common, suffixes = common_words(), street_suffixes()
    first = words[0].lower()
    if (
        len(words) > 5
        or name in cities()
        or first in common
        or first in given_names()
        or first in cities_lower()
        or not words[0][:1].isupper()
        or not words[0].replace("-", "").isalpha()
    ):
        return False
    return all(
        (w[:1].isupper() or w.lower() in _JOINS)
        and w not in cities()
        and w not in countries()
        and w.lower() not in us_states()
        and w.title() not in suffixes
        for w in words
    )


def _unknown_word_before(name: str) -> bool:
    last = name.split()[-1] if name.split() else ""
    low = last.lower()
    return last[:1].isupper() and low not in common_words() and low not in drug_names()


def _partner_before_co(name: str) -> bool:
    """Is the word before "& co." a partner's surname ("Hansen & co."), no given name
    ("Tom & co.": a person and their friends)?"""
    words = name.replace("&", " ").split()
    low = words[-1].lower() if words else ""
    return low not in given_names() and (low in surnames() or _unknown_word_before(words[-1]))


def foreign_form_companies(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, reason) of each company written with a foreign legal form."""
    done = -1
    for m in cued_matches(text, _ENDING_WORDS, _ENDING):
        if m.start() < done or m.start() == 0 or text[m.start() - 1] not in " \t":
            continue
        form = m.group()
        # A dotted form is written in lower case after a capitalised name too ("Pokorná
        # s.r.o."): the word before it says how the name is written.

        lower = form.islower() and not _capitalised_before(text, m.start())
        start = _name_before(text, m.start(), lower, form.split()[0].lower() in _JOINS)
        if start is None:
            continue
        if form in _SHORT_FORMS and not _short_form_named(text, start, m.start(), lower):
            continue
        first = form.split()[0]
        name = text[start : m.start()]
        if (
            first in _GROUPS
            and form == first  # ("Connect Group NV": a form after the group word says firm)
            and not ("," in name or _JOINS & set(name.lower().split()))
        ):
            continue
        if first.lower() in ("s.c.", "o.s.", "s.p.") and not _unknown_word_before(name):
            continue  # ("o.s.", Czech, is the left eye too: "6/9 o.s."; "s.p.", status post)
        if first.lower() == "co." and not _partner_before_co(name):
            continue  # "Tom & co.": a person and their friends
        end = before_full_stop(text, start, m.end())
        done = m.end()
        yield start, end, _REASON
    yield from _dash_forms(text)


# Brazil's forms of a small firm after a dash: "Cunha - ME", "Gomes Monteiro - EI".
_DASH_FORM: Final = compiled(r" - (?:ME|EI|EPP|EIRELI)(?![\w/&])")


def _dash_forms(text: str) -> Iterator[tuple[int, int, str]]:
    if " - " not in text:
        return
    for m in _DASH_FORM.finditer(text):
        start = _name_before(text, m.start() + 1, False)
        if start is not None and _unknown_word_before(text[start : m.start()]):
            yield start, m.end(), _REASON


# A firm named after two partners joined by a hyphen: "Stephens-Berry", "Ross-Fox",
# "O'Friel-Cormack". Both halves are surnames (or one a word in no list), not both given
# names ("Mary-Kate"), not a town ("Winston-Salem"), and not a condition or sign named after
# its finders ("Stevens-Johnson syndrome", "Creutzfeldt-Jakob disease"). It may be a
# person's double surname as well: either way it identifies, and at the lowest score the
# name another detector finds there keeps its words and label.
_HYPHEN_PAIR: Final = compiled(
    r"(?<![\w'\u2019-])(?P<first>"
    + UPPER
    + r"[\w'\u2019]+)-(?P<second>"
    + UPPER
    + r"(?:\w|['\u2019](?!s\b))+)(?:['\u2019]s)?(?![\w-])"
)  # fmt: skip (the possessive of "Rosa-Conceição's new office" is no part of the name)
_HYPHEN: Final = compiled(r"-(?=[^\W\d_])")
# In lower case (text messages), both halves surnames and one no word: "sawyer-atkinson",
# not "long-term", "day-care" or "follow-up".
_LOWER_PAIR: Final = compiled(
    r"(?<![\w'\u2019-])(?P<first>[a-z][a-z'\u2019]+)-"
    r"(?P<second>[a-z](?:[a-z]|['\u2019](?!s\b))+)(?:['\u2019]s)?(?![\w-])"
)  # ("hampton-pollard's hr": the possessive is no part of the name)
_EPONYM_NOUNS: Final = word_set(
    """
    disease syndrome disorder palsy phenomenon sign test law triad ulcer dementia chorea
    contracture lymphoma thyroiditis neuralgia anomaly score scale criteria classification
    fracture procedure operation reflex manoeuvre maneuver effect tube catheter equation
    curve index method technique
    """
)
_PAIR_REASON: Final = "a firm named after two partners joined by a hyphen ('Stephens-Berry')"


def _partner_word(word: str, family: frozenset[str], common: frozenset[str]) -> str:
    """'family' for a surname, 'unknown' for a word in no list, '' otherwise."""
    low = word.lower().replace("'", "").replace("\u2019", "")
    if low in family:
        return "family"
    if low not in common and low not in given_names() and not word.isupper():
        return "unknown"
    return ""


def _words_joined(first: str, second: str, common: frozenset[str]) -> bool:
    """Are two halves joined by a hyphen a compound of the language ("self-harm", "high-risk",
    "half-smiling"): in the dictionary whole, or two words of it that are not both among the
    commonest surnames ("Baker-Smith" and "Cook-Taylor" stay partners)?"""
    if f"{first}-{second}" in common:
        return True
    frequent = frequent_surnames()
    return first in common and second in common and not (first in frequent and second in frequent)


def _reduplicated(first: str, second: str) -> bool:
    """Whether two halves of one length differ in two letters at most ("ping-pong",
    "see-saw", "wishy-washy"); two surnames of one length that share only their first or
    last letters ("henderson-nicholson", "sanders-sanchez") are no such word."""
    return (
        len(first) == len(second) and sum(a != b for a, b in zip(first, second, strict=True)) <= 2
    )


_COMPASS: Final = word_set("north south east west")


def _surname_pair(lows: tuple[str, str], common: frozenset[str], given: frozenset[str]) -> bool:
    """Where a firm stands ("i start at butler-rogers"), two halves that are each one of
    the commonest surnames, a surname in no dictionary, or a word of four letters or more
    in no dictionary and no name list of any country ("macallen-maccartan"); never a
    compass point ("at north-west") or a short unknown word ("from tik-tok")."""
    frequent, family, world = frequent_surnames(), surnames(), world_given_names()
    return not any(w in _COMPASS for w in lows) and all(
        w in frequent
        or (w in family and w not in common)
        or (w.isalpha() and len(w) >= 4 and w not in common and w not in given and w not in world)
        for w in lows
    )


def hyphenated_partners(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, reason) of each pair of surnames joined by a hyphen."""
    if "-" not in text:
        return
    family, common, given = surnames(), common_words(), given_names()
    for hyphen in _HYPHEN.finditer(text):
        start = hyphen.start()
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'\u2019"):
            start -= 1
        m = _HYPHEN_PAIR.match(text, start) or _LOWER_PAIR.match(text, start)
        if m is None or m.start("second") != hyphen.end():
            continue
        first, second = m.group("first"), m.group("second")
        if _reduplicated(first.lower(), second.lower()):
            continue  # "ping-pong", "tsk-tsk", "zig-zag": one word, said twice
        if first.islower():
            lows = (first.replace("'", ""), second.replace("'", ""))
            if (not all(w in family for w in lows) or all(w in common for w in lows)) and not (
                where_a_firm_is(text, m.start(), m.end("second"))
                and _surname_pair(lows, common, given)
            ):
                continue
        else:
            kinds = {_partner_word(first, family, common), _partner_word(second, family, common)}
            if "" in kinds or "family" not in kinds:
                continue
            if _words_joined(first.lower(), second.lower(), common):
                continue  # "Self-Harm", "Half-Smiling", "HIGH-RISK": a compound word
        if first.lower() in given and second.lower() in given:
            continue  # "Mary-Kate", "Jean-Paul": a given name
        if f"{first}-{second}" in cities() or f"{first}-{second}" in cities_lower():
            continue
        after = text[m.end() : m.end() + 30].split()
        if after and after[0].lower().strip(".,;:") in _EPONYM_NOUNS:
            continue
        yield m.start(), m.start() + len(first) + 1 + len(second), _PAIR_REASON


# A family firm or a group in lower case (text messages, lower-cased text): "stewart and
# sons", "rollins group". The word before is a surname; before "group", one that is no word
# too ("zhang group", not "support group", "peer group" or "cook group").
_LOWER_FIRM_WORDS: Final = cue_words({"sons", "group"})
_WORD_BEFORE: Final = compiled(
    r"(?<![\w'\u2019-])(?P<name>[a-z][a-z'\u2019-]+)[ \t]+(?:and[ \t]+)?$"
)
_LOWER_FIRM_REASON: Final = "a family firm or group in lower case ('stewart and sons')"


def lower_case_family_firms(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, reason) of each "X and sons" and "X group" in lower case."""
    family = surnames()
    for tok in tokens_for(text, _LOWER_FIRM_WORDS):
        word = tok.base
        if not word.islower():
            continue
        joined = text[max(0, tok.start - 5) : tok.start] == " and "
        if (word == "sons") != joined:
            continue
        m = _WORD_BEFORE.search(text, max(0, tok.start - 40), tok.start)
        if m is None:
            continue
        name = m.group("name")
        low = name.replace("'", "").replace("\u2019", "")
        halves = tuple(low.split("-"))
        if word == "group" and len(halves) == 2 and all(halves):
            # "capuana-argenti group": two partners joined by a hyphen, as where a firm
            # stands; one no word at least ("pignatti-bonolis"; not "self-help group").
            common = common_words()
            if _surname_pair(halves, common, given_names()) and not all(
                h in common for h in halves
            ):
                yield m.start("name"), tok.base_end, _LOWER_FIRM_REASON
            continue
        if low not in family or name in closed_class() or low in PERSON_WORDS:
            continue  # (not "her husband and sons")
        if word == "group" and (low in common_words() or low in given_names()):
            continue
        yield m.start("name"), tok.base_end, _LOWER_FIRM_REASON


# Two partners joined by "&" with a surname's particles: "Jacobi & van den Bergh", "de
# Graaf & Uittenbosch", "hanegraaff & van susa". The particle says surname, the "&" firm.
_PARTICLE: Final = r"(?:van|de|der|den|von|ten|ter|vander|op|het|'t)"
_PARTICLE_PAIR: Final = compiled(
    r"(?<![\w'\u2019-])(?P<firm>(?:" + _PARTICLE + r"[ \t]+){0,3}(?P<first>[^\W\d_][\w'\u2019-]+)"
    r"[ \t]+&[ \t]+(?:" + _PARTICLE + r"[ \t]+){0,3}(?P<second>[^\W\d_][\w'\u2019-]+))"
)
_PARTICLE_REASON: Final = "a firm of two partners joined by '&' with a surname's particle"


def particle_partners(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, reason) of each pair of surnames with particles joined by "&"."""
    if " & " not in text:
        return
    closed = closed_class()
    at = text.find(" & ")
    while at >= 0:
        for m in _PARTICLE_PAIR.finditer(text, max(0, at - 40), at + 60):
            if not m.start("second") > at > m.start("first"):
                continue
            firm, first, second = m.group("firm"), m.group("first"), m.group("second")
            words = firm.split()
            if len(words) < 4 and not any(w in _PARTICLES for w in words):
                continue  # "Baker & Hale" is `organisations.partner_firms`'
            if first.lower() in closed or second.lower() in closed:
                continue
            if first[0].isupper() != second[0].isupper():
                continue
            yield m.start("firm"), m.end("firm"), _PARTICLE_REASON
            break
        at = text.find(" & ", at + 3)
