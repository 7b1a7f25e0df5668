"""The person-name detector: census given names and surnames, in any case, with titles and pairs.

It reports, in this order, the names its rules find (`name_rules`, each extended
over the rest of the name by `name_extent`), the words after a name field
("Name:", "call me"), and the words listed with a name found
(`name_neighbours`). The word lists and word classes they share are in
`name_lexicon`.

Names after relationship cues and initials have their own detectors; every later
mention of a name found anywhere is added by the engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.detectors.cited_authors import authors_of_works, cited_authors
from sealbook.core.deid.detectors.country_names import country_or_state
from sealbook.core.deid.detectors.initial_surnames import initials_before_surname_words
from sealbook.core.deid.detectors.lower_case_mail import lower_case_names
from sealbook.core.deid.detectors.lower_case_surnames import lower_case_surnames
from sealbook.core.deid.detectors.name_lexicon import (
    KIN_WORDS,
    NameLexicon,
    country_follows,
    is_place,
)
from sealbook.core.deid.detectors.name_neighbours import (
    addressed_at_end,
    asked_for,
    clause_action_owners,
    cued_initials,
    dash_signatures,
    firm_lists,
    greeted,
    heading_names,
    initials_and_surnames,
    introduced,
    looked_at,
    mailbox_owners,
    message_names,
    more_in_list,
    name_fields,
    name_lines,
    pairs_before_plural_verbs,
    quoted_speakers,
    quoting_speakers,
    relatives_spoken_of,
    salutations,
    signatures,
    speakers,
    task_list_owners,
    thanked,
)
from sealbook.core.deid.detectors.name_rules import (
    A_SURNAMES_NOUNS,
    AFTER_TITLE,
    PERSON_ONLY_AFTER,
    names_after_label,
    names_by_rule,
)
from sealbook.core.deid.detectors.not_persons import (
    acronym_in_prose,
    acronym_shaped,
    instrument,
    role_noun,
    service_role,
    speaker_by_role,
    thing_after_the,
)
from sealbook.core.deid.detectors.other_languages import in_another_language_line
from sealbook.core.deid.detectors.valedictions import in_foreign_closing
from sealbook.core.deid.lexicon import (
    cities,
    clinical_words,
    common_words,
    countries,
    drug_names,
    frequent_surnames,
    given_names,
    is_country,
    word_set,
)
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import (
    UPPER,
    Token,
    cue_words,
    cued_matches,
    tokens_for,
    word_class,
    word_index,
    words_in_class,
)

_MESSAGE_REASON: Final = "a name in a text message in lower case ('i told ...', '... here')"
_FIRM_REASON: Final = "surnames listed as one name (a firm named after its partners)"
_LINES_REASON: Final = "a line holding only a name's shape, in a list of names one to a line"
_SPEAKS_REASON: Final = (
    "a sentence's first word that speaks of its relative ('Jun spoke about his dad')"
)
_ACTION_REASON: Final = "a capitalised word after a semicolon taking a task ('; Davit to review')"
_TASK_REASON: Final = (
    "a list item's first word taking a task with an object ('- Davit to review the')"
)
_ADDRESSED_REASON: Final = "a capitalised word addressed at a question's end ('for you, Mere?')"
_HEADING_REASON: Final = "a given name and surname ending a heading's line ('HISTORY - Kit Woods')"
_MAILBOX_REASON: Final = "the name before an e-mail address in brackets ('P. Barker (pb@...)')"
_INITIAL_REASON: Final = "an initial and a surname after a cue ('by'), particles or in lower case"
_LISTED_INITIAL_REASON: Final = (
    "an initial and a surname that is a word too, listed or before a verb"
)
_LOWER_MAIL_REASON: Final = (
    "a given name greeted or signing off a message in lower case ('hi maria,')"
)
_LOWER_SURNAME_REASON: Final = "a census surname in no dictionary, in a text with no capital letter"
_FIELD_REASON: Final = "a name after 'Name:', 'call me', 'Emergency contact:' or 'Session with'"


_AUTHOR_REASON: Final = "the owner of a song, novel or film ('Brenner's song')"


_PAIR_REASON: Final = (
    "two names joined by 'and' opening a sentence before 'were' ('Pinto and Stout')"
)
_LOOKED_AT_REASON: Final = "the person one shouts, smiles or stares at ('shouted at Christian:')"


@register("person_name", [Label.NAME], "given names and surnames (census lists), titles, pairs")
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    for span in _names(text):
        if not (
            _language_value(text, span)
            or _rank_alone(text, span)
            or _thing_named(text, span)
            or (span.reason != AFTER_TITLE and country_or_state(text, span.start, span.end))
            or in_foreign_closing(text, span.start, span.end)
            or _label_before_names(text, span)
            or _role_service_or_test(text, span)
            or (span.reason != AFTER_TITLE and _a_country(text, span))
            or _short_word_of_another_language(text, span)
        ):
            named = _without_kin_word(text, span)
            if named is not None:
                yield _without_compound_tail(text, named)


# "my Nan", "her Nana", "our Gran": after a possessive, a kin word is the relative, though a
# given name or surname too; with a name after it, the name alone ("my Nana Rose").
_KIN_AFTER_POSSESSIVE: Final = compiled(r"(?i:my|your|his|her|our|their) $")
_BLANKS_AFTER: Final = compiled(r"[ \t]+")


def _without_kin_word(text: str, span: Span) -> Span | None:
    """`span` without a kin word opening it after a possessive (None if that is all of it)."""
    first = text[span.start : span.end].split(" ", 1)[0]
    bare = first.removesuffix("'s").removesuffix("\u2019s")
    if bare.lower() not in KIN_WORDS or not bare[:1].isupper():
        return span
    if _KIN_AFTER_POSSESSIVE.search(text, max(0, span.start - 7), span.start) is None:
        return span
    rest = span.start + len(first)
    blanks = _BLANKS_AFTER.match(text, rest, span.end)
    if blanks is None:
        return None
    return Span(blanks.end(), span.end, span.label, span.detector, span.reason, span.score)


# "a Doesburg-based architect", "the Stoutenburg Noord-based firm": the word after the
# hyphen makes an adjective of the place or person before it, and is no part of a name.
_COMPOUND_TAIL: Final = compiled(
    r"-(?:based|born|bred|raised|headquartered|registered|listed|owned|run|led|made|style|"
    r"like|funded|backed)\b"
)


def _without_compound_tail(text: str, span: Span) -> Span:
    """`span` without a compound's tail ("-based") that the name's last word carried."""
    if "-" not in text[span.start : span.end]:
        return span
    tail = _COMPOUND_TAIL.search(text, span.start, span.end)
    if tail is None or tail.start() == span.start:
        return span
    return Span(span.start, tail.start(), span.label, span.detector, span.reason, span.score)


def _label_before_names(text: str, span: Span) -> bool:
    """Is `span` one word opening a line before a colon and a person's name, and no given
    name ("Bio: Sonny Thomsen is", "Socios: B. Donoso y ...")? Then it labels a field."""
    if text[span.end : span.end + 1] != ":" or (span.start and text[span.start - 1] != "\n"):
        return False
    word = text[span.start : span.end]
    lex = NameLexicon()
    return (
        " " not in word and word.lower() not in lex.given and names_after_label(lex, text, span.end)
    )


# Ranks and offices a person is called by in place of a name ("Doctor says I should rest",
# "Thanks, Sister", "QUORVANE'S CEO SAID"). Some are in the census lists too ("Doctor",
# "Judge", "Ceo"), but alone they name a role: a person of that surname is written with a
# given name or a title ("Ana Judge", "Mr Pastor"), which keeps the name whole.
_RANKS: Final = word_set(
    "doctor captain pastor officer sheriff sergeant constable mayor judge sister ceo cfo cto"
)


# A thing named in title case with ordinary words ("the Rose Garden", "at Early Start",
# "VISIT: Rose Garden"): its first word is also a given name, so the name rules take the
# pair for a person when nothing says otherwise. What says otherwise is where it stands:
# after an article or "at", in a field that names a place or an activity, or before the
# word for what it is ("the Early Start programme").
_THING_REASONS: Final = (
    "a capitalised given name mid-sentence",
    "a capitalised given name and surname",
    _HEADING_REASON,
)
_THING_BEFORE: Final = compiled(
    r"(?:\b(?:the|at|watch|watches|watched|watching)|^[ \t]*(?i:visit|venue|location|place|"
    r"outing|trip|activity|programme|program|event|site|destination|where|group|topic|"
    r"session|class)[ \t]*:)[ \t]+$",
    re.MULTILINE,
)
_NOUN_AFTER: Final = compiled(r"[ \t]+([a-z]+)")
_ARTICLE_BEFORE: Final = compiled(r"(?<![\w'\u2019-])(?i:the|an?)[ \t]+$")
_THING_AFTER: Final = compiled(
    r"[ \t]+(?:programme|program|scheme|project|group|class|service|initiative|trail|walk)s?\b"
)


def _thing_named(text: str, span: Span) -> bool:
    """Is `span` a place or a programme named in title case with ordinary words ("the Rose
    Garden", "Early Start programme"), none of them a common surname or a given name but
    the first?"""
    if span.reason not in _THING_REASONS:
        return False
    words = text[span.start : span.end].lower().split()
    if any(w not in common_words() for w in words):
        return False
    if len(words) == 1:
        # "the Dean", "an Elder", "prayer to the Trinity": a person's given name takes no
        # article; a word that is one too is a role or a thing there (not before a noun of
        # what a person has or writes: "the Gray novel", "the Hardy family").
        after = _NOUN_AFTER.match(text, span.end)
        return _ARTICLE_BEFORE.search(text, max(0, span.start - 6), span.start) is not None and (
            after is None or after.group(1).lower() not in A_SURNAMES_NOUNS
        )
    if any(w in frequent_surnames() or w in given_names() for w in words[1:]):
        return False  # "the Will Young concert", "at Hope Long's"
    return (
        _THING_BEFORE.search(text, max(0, span.start - 40), span.start) is not None
        or _THING_AFTER.match(text, span.end) is not None
    )


def _short_word_of_another_language(text: str, span: Span) -> bool:
    """Is `span` a word of three letters or fewer that only a name list made a name, on a
    line of another language ("Le client présente", "Les symptômes")?"""
    return (
        span.end - span.start <= 3
        and span.score < 0.9
        and span.reason != AFTER_TITLE
        and in_another_language_line(text, span.start)
    )


def _a_country(text: str, span: Span) -> bool:
    """Is `span` one word that names a country and is no given name ("immigrated to Canada",
    "Holland said"; not "Jordan", "Georgia", "Chad")? A census surname it may be, but alone
    it names the country; a person of that surname is written with a title or given name."""
    word = text[span.start : span.end]
    if " " in word or not is_country(word) or word.lower() in given_names():
        return False
    # Alone on its line it ends an address block ("... Suite 058\n Luziânia\n Brazil"), which
    # the other rules read with the address: left to them.
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return line.strip(" \t.,;:?!") != word


def _role_service_or_test(text: str, span: Span) -> bool:
    """Is `span` a role, a service, a test or an acronym in prose (see `not_persons`)? A
    word after a title is a person's name whatever it is ("Dr Line", "Ms Case")."""
    if span.reason == AFTER_TITLE:
        return False
    start, end = span.start, span.end
    word = text[start:end]
    # (Each test only where its cheapest sign is: a person's span is tested once per text.)
    one_word = " " not in word
    after = text[end : end + 1]
    return (
        service_role(text, start, end)
        or ((after in _TEST_OPENERS or "-" in word) and instrument(text, start, end))
        or (word.isupper() and acronym_in_prose(text, start, end))
        or (one_word and role_noun(text, start, end))
        or (
            start >= 4
            and text[start - 4 : start].lower() == "the "
            and thing_after_the(text, start, end)
        )
        or (one_word and word[1:] != word[1:].lower() and acronym_shaped(text, start, end))
        or (after == ":" and speaker_by_role(text, start, end))
    )


_TEST_OPENERS: Final = frozenset(" \t-\u2013")


def _rank_alone(text: str, span: Span) -> bool:
    """Is `span` one rank or office word standing alone, not after a title ("Dr Judge")?"""
    return span.reason != AFTER_TITLE and text[span.start : span.end].lower() in _RANKS


# A region named by a compass word ("North Wales", "South Korea", "Western Cape"): the
# compass word opens the name, or stands one space before a name of one word.
_COMPASS_WORDS: Final = (
    "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central",
)  # fmt: skip
_COMPASS_OPENERS: Final = tuple(word + " " for word in _COMPASS_WORDS)
# (A continent's part, "East Africa", is one too: the place rules leave it, as no town.)
# A building or service named after its saint or founder ("St Mary's Hospital's team").
_INSTITUTION_WORDS: Final = (
    "hospital", "clinic", "surgery", "practice", "centre", "center", "infirmary", "hospice",
    "trust",
)  # fmt: skip


def _place_by_shape(text: str, span: Span) -> bool:
    """Is `span` a place or an institution by its shape, no person: a region named by a
    compass word, a listed town before ", where", or words ending in a hospital's word?"""
    if span.reason == AFTER_TITLE:
        return False  # "Mr West Jones", "Ms Leeds, where were you?"
    words = text[span.start : span.end]
    if " " in words:
        if words.startswith(_COMPASS_OPENERS):
            return True
        last = words[words.rfind(" ") + 1 :].lower()
        if last.endswith(("'s", "\u2019s")):
            last = last[:-2]
        if last in _INSTITUTION_WORDS:
            return True
    elif text[span.start - 1 : span.start] == " " and text.endswith(
        _COMPASS_WORDS, 0, span.start - 1
    ):
        return _compass_before(text, span.start - 1)
    elif (
        text.startswith(",", span.end) or text.endswith(", ", 0, span.start)
    ) and town_and_country(text, span.start, span.end):
        return True
    # "Leeds, where she grew up" (not ", whereas"): what follows a town, not a person.
    return (
        text.startswith(", where", span.end)
        and not text[span.end + 7 : span.end + 8].isalpha()
        and is_place(words)
    )


# "Paris, France": a gazetteer town, a comma and its country. Both words are given names
# too, but the pair is a place's shape: the town is found by the place rules, and the
# country is no identifier at all.
_TOWN_COMMA: Final = compiled(
    r"(?P<town>" + UPPER + r"[\w'\u2019-]+(?:[ -]" + UPPER + r"[\w'\u2019-]+){0,2}), $"
)


def town_and_country(text: str, start: int, end: int) -> bool:
    """Is the word `text[start:end]` a town before ", Country" or a country after "Town, "?"""
    word = text[start:end]
    if word in countries():
        m = _TOWN_COMMA.search(text, max(0, start - 40), start)
        return m is not None and m.group("town") in cities()
    return word in cities() and country_follows(text, end)


def _compass_before(text: str, end: int) -> bool:
    """Does a compass word, a whole word, end at `end` ("moved from South| Korea")?"""
    for word in _COMPASS_WORDS:
        if text.endswith(word, 0, end):
            at = end - len(word)
            return at == 0 or not text[at - 1].isalnum()
    return False


# A form's language field ("Language: Czech", "Interpreter: yes, Czech", "Interpreter
# required (Tigrinya)"): its value is a language, often also a surname ("Czech", "English").
_LANGUAGE_LABEL: Final = compiled(
    r"(?i:(?:languages?|spoken)[ \t]*:|interpreter(?:[ \t]+(?:needed|required|requested))?"
    r"[ \t]*[:(][ \t]*(?:(?:yes|y|needed|required|requested)\b[ \t]*[,:(-]?)?)[ \t]*$"
)


def _language_value(text: str, span: Span) -> bool:
    """Is `span` one word, the value of a language field on its line?"""
    if " " in text[span.start : span.end]:
        return False
    line_start = max(text.rfind("\n", 0, span.start) + 1, span.start - 60)
    # Each field's label holds one of these, in any case: checked first, as most names are
    # no language's. ("i" and "s" left out: under `(?i)` the pattern takes the dotless i and
    # the long s for them, which `lower` keeps.)
    window = text[line_start : span.start].lower()
    if "anguage" not in window and "poken" not in window and "nterpreter" not in window:
        return False
    return _LANGUAGE_LABEL.search(text, line_start, span.start) is not None


def _names(text: str) -> Iterator[Span]:
    found: list[tuple[int, int]] = []
    for span in names_by_rule(text):
        if _place_by_shape(text, span):
            continue  # (nor is a place a name other names are listed with)
        found.append((span.start, span.end))
        yield span
    lex = NameLexicon()
    for start, end in name_fields(lex, text):
        field = Span(start, end, Label.NAME, "person_name", _FIELD_REASON, 0.8)
        if not _place_by_shape(text, field):  # "Referred by St Mary's Hospital's team"
            yield field
    for start, end in signatures(lex, text):
        found.append((start, end))
        yield Span(start, end, Label.NAME, "person_name", "a signature after 'Sincerely,'", 0.85)
    for start, end in dash_signatures(lex, text):
        found.append((start, end))
        yield Span(
            start,
            end,
            Label.NAME,
            "person_name",
            "a signature after a dash at a message's end",
            0.8,
        )
    for start, end in cued_initials(lex, text):
        found.append((start, end))
        yield Span(start, end, Label.NAME, "person_name", _INITIAL_REASON, 0.8)
    for start, end in initials_and_surnames(lex, text):
        yield Span(start, end, Label.NAME, "person_name", _INITIAL_REASON, 0.75)
    for start, end in cited_authors(lex, text):
        found.append((start, end))
        yield Span(start, end, Label.NAME, "person_name", "a surname before 'et al.'", 0.8)
    for start, end in authors_of_works(lex, text):
        found.append((start, end))
        yield Span(start, end, Label.NAME, "person_name", _AUTHOR_REASON, 0.8)
    for start, end in initials_before_surname_words(lex, text):
        found.append((start, end))
        yield Span(start, end, Label.NAME, "person_name", _LISTED_INITIAL_REASON, 0.7)
    for start, end in introduced(lex, text):
        yield Span(start, end, Label.NAME, "person_name", "the name after 'I'm'", 0.8)
    for start, end in greeted(lex, text):
        yield Span(
            start,
            end,
            Label.NAME,
            "person_name",
            "one greeted, speaking or spoken to ('Hi X,', 'said X to Y')",
            0.75,
        )
    for start, end in salutations(lex, text):
        found.append((start, end))
        yield Span(start, end, Label.NAME, "person_name", "the name after a letter's 'Dear'", 0.85)
    for start, end in lower_case_names(lex, text):
        found.append((start, end))
        yield Span(start, end, Label.NAME, "person_name", _LOWER_MAIL_REASON, 0.75)
    for start, end in lower_case_surnames(lex, text):
        yield Span(start, end, Label.NAME, "person_name", _LOWER_SURNAME_REASON, 0.6)
    for start, end in message_names(lex, text):
        yield Span(start, end, Label.NAME, "person_name", _MESSAGE_REASON, 0.75)
    for start, end in speakers(lex, text):
        yield Span(start, end, Label.NAME, "person_name",
                   "a speaker's name, before a colon on two lines or more", 0.8)  # fmt: skip
    for start, end in quoting_speakers(lex, text):
        yield Span(start, end, Label.NAME, "person_name",
                   "a speaker's name, before a colon and a quotation", 0.75)  # fmt: skip
    for start, end in quoted_speakers(lex, text):
        yield Span(start, end, Label.NAME, "person_name",
                   "the person a quotation is attributed to ('\", says ...')", 0.75)  # fmt: skip
    for start, end in pairs_before_plural_verbs(lex, text):
        yield Span(start, end, Label.NAME, "person_name", _PAIR_REASON, 0.7)
    for start, end in looked_at(lex, text):
        yield Span(start, end, Label.NAME, "person_name", _LOOKED_AT_REASON, 0.7)
    for start, end in relatives_spoken_of(lex, text):
        yield Span(start, end, Label.NAME, "person_name", _SPEAKS_REASON, 0.75)
    for start, end in asked_for(lex, text):
        yield Span(start, end, Label.NAME, "person_name", "the person one is to ask for", 0.6)
    for start, end in clause_action_owners(lex, text):
        yield Span(start, end, Label.NAME, "person_name", _ACTION_REASON, 0.7)
    for start, end in task_list_owners(lex, text):
        yield Span(start, end, Label.NAME, "person_name", _TASK_REASON, 0.7)
    for start, end in thanked(lex, text):
        yield Span(start, end, Label.NAME, "person_name", "the one a message thanks by name", 0.7)
    for start, end in addressed_at_end(lex, text):
        yield Span(start, end, Label.NAME, "person_name", _ADDRESSED_REASON, 0.7)
    for start, end in mailbox_owners(lex, text):
        found.append((start, end))
        yield Span(start, end, Label.NAME, "person_name", _MAILBOX_REASON, 0.8)
    for start, end in heading_names(lex, text):
        yield Span(start, end, Label.NAME, "person_name", _HEADING_REASON, 0.75)
    for start, end in firm_lists(lex, text):
        yield Span(start, end, Label.NAME, "person_name", _FIRM_REASON, 0.8)
    for start, end in more_in_list(lex, found, text):
        yield Span(start, end, Label.NAME, "person_name", "listed with a name found", 0.6)
    for start, end in name_lines(lex, found, text):
        yield Span(start, end, Label.NAME, "person_name", _LINES_REASON, 0.7)
    for start, end in syllable_pairs(text):
        yield Span(start, end, Label.NAME, "person_name", _SYLLABLES_REASON, 0.7)
    for start, end in nicknames(lex, text):
        yield Span(start, end, Label.NAME, "person_name", _NICKNAME_REASON, 0.8)
    for tok in surname_shapes(text):
        yield Span(tok.start, tok.base_end, Label.NAME, "person_name", _SHAPE_REASON, 0.5)


# "known as "Mouse" on the ward", "goes by Bex", "nicknamed Tiny", "calls herself Raven":
# the name a person goes by, often a word of the dictionary, quoted or capitalised after
# the verb that gives it. (A term "known as 'catastrophising'" is in lower case.)
_NICKNAME: Final = compiled(
    r"(?i:known[ \t]+as|goes[ \t]+by|go[ \t]+by|went[ \t]+by|nicknamed|nickname[ \t]+is|"
    r"calls?[ \t]+(?:him|her|them)sel(?:f|ves)|aka)[ \t]+"
    r"(?:[\"\u201c'\u2018](?P<quoted>[A-Z][^\"\u201d'\u2019\n]{0,29})[\"\u201d'\u2019]"
    r"|(?P<word>[A-Z][\w'\u2019-]*))"
)
_NICKNAME_CUES: Final = cue_words(word_set("known goes go went nicknamed nickname calls call aka"))
_NICKNAME_REASON: Final = "the name a person goes by ('known as \"Mouse\"', 'goes by Bex')"


def nicknames(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    for m in cued_matches(text, _NICKNAME_CUES, _NICKNAME):
        group = "quoted" if m.group("quoted") else "word"
        low = m.group(group).lower()
        if low in lex.never or low in lex.closed or m.group(group).isupper():
            continue  # "known as CBT", "goes by The": a term or a word, no name
        yield m.start(group), m.end(group)


# "Sun Jun read out a message", "Ma Lin said": a Chinese name, surname first, of two
# syllables of pinyin that are English words too ("sun", "jun"), so no list tells it. Two
# capitalised words of that shape opening a sentence before what only a person does are a
# person; English pairs of short words seldom are pinyin both ("Team Lead", "Big Ben").
_PINYIN: Final = (
    r"(?:[bpmfdtnlgkhjqxrzcswy]|zh|ch|sh)?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|üan|ai|ei|ao|ou|an|en|in|un|ün|"
    r"er|ia|ie|iu|ua|uo|ui|üe|a|o|e|i|u|ü)"
)
_PINYIN_WORD: Final = compiled(_PINYIN)
# The verbs' first words, to find them by the token index ("has attended", "was seen").
_SYLLABLE_CUES: Final = cue_words(
    word_set("said says told asked wrote texted phoned emailed called read keeps kept has had was")
)
_PAIR_BEFORE: Final = compiled(r"([A-Z][a-z]{1,5}) ([A-Z][a-z]{1,5}) $")
_PERSONS_VERB: Final = compiled(
    r" (?:said|says|told|asked|wrote|texted|phoned|emailed|called)\b|" + PERSON_ONLY_AFTER.pattern
)
_SENTENCE_END: Final = compiled(r"(?:^|[.!?])[ \t]*$", re.MULTILINE)
_SYLLABLES_REASON: Final = (
    "two syllables of pinyin opening a sentence before a person's verb ('Sun Jun read out')"
)


def syllable_pairs(text: str) -> Iterator[tuple[int, int]]:
    for tok in tokens_for(text, _SYLLABLE_CUES):
        m = _PAIR_BEFORE.search(text, max(0, tok.start - 14), tok.start)
        if (
            m is not None
            and _PINYIN_WORD.fullmatch(m.group(1).lower())
            and _PINYIN_WORD.fullmatch(m.group(2).lower())
            and _PERSONS_VERB.match(text, m.end(2))
            and _SENTENCE_END.search(text, max(0, m.start() - 4), m.start())
        ):
            yield m.start(), m.end(2)


# Surnames of many traditions end in a form no English word has: Czech and Slovak "-ová",
# Russian "-ova", "-evna", Polish "-ska", "-ski", "-wicz", "-czyk", South Slavic "-ović",
# Romanian "-escu", Greek "-poulos", Icelandic "-dóttir", Swedish and Icelandic "-sson",
# Georgian "-shvili", Ukrainian "-enko", "-chuk". A word in no dictionary or clinical list
# with such an ending is a surname in any case and at a sentence's start ("bártová began
# writing"). Its evidence is weak (score below the engine's STRONG), so it is not spread to
# other mentions.
SURNAME_ENDINGS: Final = (
    "ová", "ova", "ovna", "evna", "ská", "ska", "ski", "sky", "wicz", "czyk", "ović", "ovic",
    "vić", "escu", "poulos", "dóttir", "dottir", "shvili", "enko", "chuk", "sson",
)  # fmt: skip
_SHAPE_REASON: Final = "a word in no dictionary with a surname's ending ('-ová', '-ski', '-escu')"
# Their last two letters: most words end otherwise (see european_streets._EURO_TAILS).
_SURNAME_TAIL: Final = min(2, *map(len, SURNAME_ENDINGS))
_SURNAME_TAILS: Final = frozenset(ending[-_SURNAME_TAIL:] for ending in SURNAME_ENDINGS)


def _surname_shaped(word: str) -> bool:
    return (
        len(word) >= 6
        and word[-_SURNAME_TAIL:] in _SURNAME_TAILS
        and word.endswith(SURNAME_ENDINGS)
        and word.isalpha()
        and word not in common_words()
        and word not in clinical_words()
        and word not in drug_names()
    )


_SURNAME_SHAPED: Final = word_class(_surname_shaped)


def surname_shapes(text: str) -> Iterator[Token]:
    index = word_index(text)
    for word in words_in_class(text, _SURNAME_SHAPED):
        yield from (t for t in index[word] if t.text[0].isupper() or t.text.islower())
