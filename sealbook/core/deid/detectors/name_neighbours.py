"""Person names found by their neighbours: a name field, or a list with a name found.

The words after "Name:", "What's your last name?", "my name is" or "call me"
are a name; so are the capitalised (or, in a lower-case list, lower-case) words
listed with a name already found ("Monjeau, Graves and Reed", "silvana, adam,
chad and caleb").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.base import before_full_stop
from sealbook.core.deid.detectors.colour_surnames import COLOUR_SURNAMES
from sealbook.core.deid.detectors.name_extent import PARTICLES
from sealbook.core.deid.detectors.name_lexicon import (
    KIN_WORDS,
    NOT_AFTER_TITLE,
    PERSON_NOUNS,
    TITLES,
    NameLexicon,
    agent_noun,
    apostrophe_name,
    is_place,
    lower_surname,
    unknown_or_name,
)
from sealbook.core.deid.detectors.name_rules import (
    ACTION,
    TO_VERBS,
    line_labels,
    speaks_in_a_dialogue,
)
from sealbook.core.deid.detectors.services import CREDENTIALS, SERVICE_WORDS
from sealbook.core.deid.detectors.valedictions import FOREIGN_CLOSINGS
from sealbook.core.deid.lexicon import (
    closed_phrases,
    frequent_surnames,
    month_words,
    never_a_name,
    word_set,
)
from sealbook.core.deid.patterns import compiled, first_character_guard
from sealbook.core.deid.tokens import (
    UPPER,
    WORD,
    Token,
    at_line_starts,
    cue_words,
    cued_matches,
    per_text_cache,
    tokens_for,
    word_index,
)

_JOIN_AFTER: Final = compiled(r", and |, | and | & ")
_JOIN_BEFORE: Final = compiled(r"(?:, and |, | and | & )$")
_WORD_BEFORE: Final = compiled(r"(?<![\w'\u2019])[^\W_]+(?:['\u2019][^\W_]+)*$")
_BLANKS: Final = compiled(r"[ \t]+")
_FIELD_WORD: Final = compiled(r"[^\W\d_][\w'\u2019-]*\.?")
_FIELD_END: Final = compiled(r"[ \t]*(?:[,;(\n]|$)")
_GLUED_INITIAL: Final = compiled(r"[^\W\d_]\.")


def _surname_at_field_end(lex: NameLexicon, text: str, word: str, end: int) -> bool:
    """Is `word`, after a name in a field, a word never a name alone that is the surname
    ending the field ("Client: Bill Christian")? Not a month, a weekday or a title."""
    low = word.lower()
    return (
        low in lex.never
        and word[:1].isupper()
        and len(low) > 3
        and low not in month_words()
        and not low.endswith("day")
        and _FIELD_END.match(text, end) is not None
    )


def more_in_list(
    lex: NameLexicon, spans: list[tuple[int, int]], text: str
) -> Iterator[tuple[int, int]]:
    """Capitalised words listed with a name found ("Monjeau, Graves and Reed")."""
    seen = set(spans)
    todo = list(spans)
    while todo:
        start, end = todo.pop()
        after = _JOIN_AFTER.match(text, end)
        before = _JOIN_BEFORE.search(text, max(0, start - 6), start)
        neighbours = []
        if before is not None:
            m = _WORD_BEFORE.search(text, max(0, before.start() - 40), before.start())
            if m is not None:
                neighbours.append((-1, Token(m.start(), m.end(), m.group(), False)))
        if after is not None:
            m = WORD.match(text, after.end())
            if m is not None:
                neighbours.append((1, Token(m.start(), m.end(), m.group(), False)))
        for step, other in neighbours:
            if len(other.lower) < 3:
                continue
            if other.shape == "L":
                # "silvana, adam, chad and caleb": lower-case names listed with one found.
                if not text[start:end].islower() or not (
                    other.lower in lex.given or lower_surname(lex, other)
                ):
                    continue
            elif other.shape != "C":
                continue
            if _month_name_between_names(lex, other, step, text):
                pass  # "Angela, April and Maria": a month's given name between two names
            elif (
                other.lower in lex.only_common
                or other.lower in NOT_AFTER_TITLE
                or other.lower in _ROLE_LABELS  # "Sister, Diana": addressed by a role
                or not unknown_or_name(lex, other)
            ):
                continue
            if other.base != other.text and step < 0:
                continue
            found = (other.start, other.base_end)
            if found not in seen:
                seen.add(found)
                todo.append(found)
                yield found


# A list of three or more ending in "and" and a word that closes its clause: "A, B and May."
_LIST_BEFORE: Final = compiled(
    UPPER + r"[\w'\u2019-]+,[ \t]+" + UPPER + r"[\w'\u2019-]+,?[ \t]+(?:and|&)[ \t]+$"
)
_CLOSES_A_LIST: Final = compiled(r"[ \t]*(?:[.!?;:]|\n|$)")


def _month_name_between_names(lex: NameLexicon, other: Token, step: int, text: str) -> bool:
    """Is `other`, a month that is a given name too ("April", "May", "June"), capitalised and
    listed with a name found on one side (`step`) and a capitalised word on the other that
    is a given name ("Angela, April and Maria"), or closing a list of three or more with "and"
    ("Morishita, Sweeney and May.")? Then it is a name as they are; a month listed alone with
    one name stays a month ("Maria, April and the summer")."""
    if other.shape != "C" or other.lower not in lex.month_given or other.base != other.text:
        return False
    if step > 0:
        if _CLOSES_A_LIST.match(text, other.end) and _LIST_BEFORE.search(
            text, max(0, other.start - 80), other.start
        ):
            return True  # "our 3 founders: Morishita, Sweeney and May.": the list's last name
        join = _JOIN_AFTER.match(text, other.end)
        far = WORD.match(text, join.end()) if join is not None else None
    else:
        join = _JOIN_BEFORE.search(text, max(0, other.start - 6), other.start)
        far = (
            _WORD_BEFORE.search(text, max(0, join.start() - 40), join.start())
            if join is not None
            else None
        )
    return (
        far is not None
        and far.group()[:1].isupper()
        and far.group().lower() in lex.given
        and far.group().lower() not in lex.month_given
    )


# The roles and relations a form's label names ("Supervisee:", "Referrer:", "Mother:"),
# and the words a message's header starts a line with ("From:", "For:", "Attn:").
_ROLE_LABELS: Final = (
    word_set(
        """
    supervisor supervisee facilitator co-facilitator referrer clinician therapist counsellor
    counselor keyworker caseworker psychiatrist psychologist author carer caregiver mother
    father mum mom dad sister brother son daughter husband wife spouse grandmother
    grandfather aunt uncle partner boyfriend girlfriend fiance fiancee stepfather stepmother
    stepdad stepmum stepmom cousin niece nephew grandson granddaughter neighbour neighbor
    """
    )
    | KIN_WORDS
)
_HEADER_LABELS: Final = word_set("from to cc for attn")
# "Completed by:", "Given names:", "Surname:": labels of a form whose value is a name.
_LABEL_BEFORE: Final = {
    "by": word_set(
        "completed taken seen reviewed written prepared entered checked assessed supervised "
        # A work's credits ("Directed by: Ana Lind", fifteenth round).
        "authored directed produced composed narrated illustrated edited translated"
    ),
    "names": word_set("given first family middle"),
}
_FIELD_LABELS: Final = word_set("surname surnames forename forenames")
_FIELD_CUE: Final = compiled(
    first_character_guard(
        r"(?i:(?:(?:first|last|full|given|family|my|your|her|his) )?name(?:\s*[:?]|\s+is)|"
        r"calls? me|call him|call her|named (?:him|her)|client:|patient:|(?:mutual |our )client,|"
        r"the case of|"
        r"(?:emergency )?contact:|next of kin:|guardian:|referred by:?|signed:|"
        r"present:|attendees:|attending:|participants:|"
        r"(?:session|sessions|met|meeting|spoke|speaking|appointment|call|consultation) with)[ \t]+"
    )
)  # (searched around every cue word: see `first_character_guard`)
_FIELD_CUE_WORDS: Final = cue_words(
    {"name", "named", "call", "calls", "client", "patient", "case", "contact", "kin", "guardian",
     "referred", "signed", "with", "present", "attendees", "attending", "participants"}
)  # fmt: skip
# The cue words of labels: cues only right before their colon, checked without a regex.
_LABEL_WORDS: Final = cue_words(
    _ROLE_LABELS | _HEADER_LABELS | _FIELD_LABELS | frozenset(_LABEL_BEFORE)
)
# What must follow a cue word for `_FIELD_CUE` to have a chance: ":", "?", ",", " is",
# " me", " him", " her", " of", or after "with" a capital ("Session with Ana").
_FIELD_NEXT: Final = compiled(r"\s*[:?,]|\s+(?i:is|me|him|her|of|by)\b|(?<=[wW]ith)[ \t]+[^\W\d_]")


# What `_FIELD_CUE` needs around three frequent cue words to end at or after them, read from
# its branches: a colon right after "contact" ("contact:"), a colon or a comma right after
# "client" ("client:", "our client,"), and before "with" a word of a meeting and one space
# ("Session with"); a test reads the "with" branch's words from the pattern.
_WITH_CUES: Final = (
    "session ", "sessions ", "met ", "meeting ", "spoke ", "speaking ", "appointment ", "call ",
    "consultation ",
)  # fmt: skip
_WITH_CUES_REACH: Final = max(map(len, _WITH_CUES))


def _may_end_a_field_cue(text: str, tok: Token) -> bool:
    """Can `_FIELD_CUE` match up to or past `tok`? (Most "with"s are no field's; other cue
    words are left to the pattern.)"""
    low = tok.lower
    if low == "with":
        before = text[max(0, tok.start - _WITH_CUES_REACH) : tok.start]
        # (Outside ASCII, `(?i)` takes letters that `lower` does not give: the pattern decides.)
        return not before.isascii() or before.lower().endswith(_WITH_CUES)
    if low == "contact":
        return text.startswith(":", tok.end)
    if low == "client":
        return text.startswith((":", ","), tok.end)
    return True


def name_fields(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """The words after "Name:", "What's your last name?", "my name is", "call me", and
    after a form's label of a person ("Surname:", "Completed by:", "From:", "Mother:")."""
    for tok in tokens_for(text, _FIELD_CUE_WORDS):
        if not _FIELD_NEXT.match(text, tok.end) or not _may_end_a_field_cue(text, tok):
            continue  # most mentions of "client" or "case" are not a field (checked cheaply)
        window_start = max(0, tok.start - 12)
        for cue in _FIELD_CUE.finditer(text, window_start, tok.end + 6):
            if cue.end() < tok.end:
                continue
            pos = cue.end()
            with_cue = cue.group().rstrip().lower().endswith("with")
            if with_cue and not _name_after_with(lex, text, pos):
                if (end := _ordinary_word_after_with(lex, text, pos)) > pos:
                    yield pos, end  # "Session with Mere, Jul 21": "mere" is a word
                break
            if tok.lower in ("client", "patient") and _speaker_of_turns(text, tok):
                break  # "Client: Six hours? But ...": a transcript's speaker, no field
            named = _NAMES_A_PERSON.search(cue.group()) is not None
            end = _field_value(lex, text, pos, month=with_cue, named=named)
            if named:
                end = max(end, _whole_field(lex, text, pos))
            if end > pos:
                yield pos, end
            break
    for tok in tokens_for(text, _LABEL_WORDS):
        if not text.startswith(":", tok.end):
            continue  # "to", "for", "by": frequent words, a label only before a colon
        strict = _label(text, tok)
        if strict is None:
            continue
        gap = _BLANKS.match(text, tok.end + 1)
        if gap is None:
            continue
        pos = gap.end()
        if text.startswith(('"', "\u201c"), pos):
            pos += 1  # 'Partner: "Dean" (surname not known)': a name given in quotes
        if strict and not _label_value(lex, text, pos):
            continue
        end = _field_value(lex, text, pos)
        if not strict:
            end = max(end, _whole_field(lex, text, pos))  # "Given names: Davit"
        if end > pos:
            yield pos, end


def _speaker_of_turns(text: str, tok: Token) -> bool:
    """Does `tok`'s label ("Client:") open two lines or more, as a transcript's speaker does
    each turn? A form holds a field once."""
    return line_labels(text).get(tok.text, 0) >= 2


# Labels whose value is a person and nothing else: a name's own ("Preferred name:", "my name
# is") and a contact's ("Emergency contact:", "Next of kin:"), unlike "Client:" or "with".
_NAMES_A_PERSON: Final = compiled(r"(?i:name|contact|kin)\b")
# The value of a field up to where a field ends: a comma, a bracket, a semicolon, a line's end.
_FIELD_WORDS: Final = compiled(
    r"(?P<words>[^\W\d_][\w'\u2019-]*(?:[ \t][^\W\d_][\w'\u2019-]*){0,2})[ \t]*(?:[,;(\n]|$)"
)
# What a form writes where it has no name ("Preferred name: None", "Next of kin: Declined").
_NO_VALUE: Final = word_set(
    "unknown withheld declined refused none same pending tbc tba n/a not self"
)


def _whole_field(lex: NameLexicon, text: str, pos: int) -> int:
    """The end of the value of a field that names a person (`_NAMES_A_PERSON`, or "Given
    names:"), or -1: its capitalised words, up to three, though they are ordinary words
    ("Given names: Davit", "Emergency contact: Will Christian (wife)") -- the label, not the
    word lists, says they are a name. A role or relation ("Emergency contact: Mother") or a
    form's no-value ("None") is none; one ordinary word is a name only after a name's label."""
    m = _FIELD_WORDS.match(text, pos)
    if m is None:
        return -1
    words = m.group("words").split()
    lows = [w.lower() for w in words]
    if any(
        not w[:1].isupper()
        or low in lex.closed
        or low in PERSON_NOUNS
        or low in _ROLE_LABELS
        or low in _NO_VALUE
        for w, low in zip(words, lows, strict=True)
    ):
        return -1
    cue = text[max(0, pos - 20) : pos].lower()
    if len(words) == 1 and "name" not in cue and lows[0] in lex.only_common:
        return -1  # "Emergency contact: Reception": one ordinary word after a contact's label
    return m.end("words")


# A role's owner before it on the label's line: "Mother's partner:", "Maternal aunt:".
_WHOSE_ROLE: Final = compiled(
    r"[ \t]*(?:[A-Z][a-z]+['\u2019]s|[Mm]aternal|[Pp]aternal|[Cc]lient['\u2019]s|"
    r"[Pp]atient['\u2019]s)[ \t]+"
)


def _label(text: str, tok: Token) -> bool | None:
    """Is `tok`, before a colon, a label of a person's name? True for a role or a header
    (whose value is as often no name: "CC: File"), False for a name's own label
    ("Surname:", "Given names:", "Completed by:"), None if no label."""
    low = tok.lower
    if low in _FIELD_LABELS:
        return False
    line_start = text.rfind("\n", 0, tok.start) + 1
    before = text[line_start : tok.start]
    if low in _LABEL_BEFORE:
        words = before.split()
        return False if words and words[-1].lower() in _LABEL_BEFORE[low] else None
    if not before.strip(" \t"):
        return True  # "From: ...", "Mother: ..." opening a line
    if low in _ROLE_LABELS and _WHOSE_ROLE.fullmatch(before):
        return True  # "Mother's partner: ...", "Client's father: ..." opening a line
    # "... live nearby. Mother: Ganzorig, remarried": a relation's label after a sentence.
    return True if low in _ROLE_LABELS and before.endswith((". ", "; ")) else None


def _field_value(
    lex: NameLexicon, text: str, pos: int, month: bool = False, named: bool = False
) -> int:
    """The end of the name after a field's label at `pos` (up to four words), or -1.
    `month`: a month may be the name's first word (after "Session with"). `named`: the
    label is a name's own ("my name is"), so a name-list word in lower case is a name
    though also a word ("my name is mason jansen", "billy", "martins")."""
    end = -1
    for _ in range(4):
        m = _FIELD_WORD.match(text, pos)
        if m is None:
            break
        word = m.group().rstrip(".")
        low = word.lower()
        # (In lower case too, after a name's own label: "my name is r. weeks".)
        initial = len(word) == 1 and (word.isupper() or named) and m.group().endswith(".")
        # "To: Lizelle van Wyk", "Client: Leonor do Carmo": a surname's particle ("van" and
        # "do" are words, "do" a closed-class one).
        particle = end > 0 and low in PARTICLES and word.islower() and _capital_next(text, m.end())
        particle = particle or (
            # "Supervisor: T. van der Stael": particles before the particle and the surname.
            end > 0 and low in PARTICLES and word.islower() and _particle_next(text, m.end())
        )
        if not initial and not particle and (low in lex.closed or low.split("-")[0] in lex.closed):
            break  # "CLIENT: Yeah, ...", "Patient: I think": a turn, not a field
        if particle:
            pass
        elif month and end < 0 and low in month_words():
            pass  # "Session with Jun": the name of a person, no month
        elif end > 0 and _surname_at_field_end(lex, text, word, m.end()):
            pass  # "Client: Bill Christian": a word never a name alone, a surname last
        elif len(word) > 1 and (
            low in lex.never
            or low in NOT_AFTER_TITLE
            or (word.islower() and low in lex.common and not (named and lex.namey_word(low)))
            or (end < 0 and low in lex.only_common and not _name_next(lex, text, m.end()))
        ):
            break
        end = m.end() if not m.group().endswith(".") or len(word) == 1 else m.end() - 1
        gap = _BLANKS.match(text, m.end())
        if gap is None:
            if initial and _GLUED_INITIAL.match(text, m.end()):
                pos = m.end()  # "Present: A.M., J.K.": initials written together
                continue
            break
        pos = gap.end()
    return end


_PARTICLE_THEN_CAPITAL: Final = compiled(r"[ \t]+(?:[a-z]+[ \t]+){0,2}[^\W\d_]")


def _particle_next(text: str, pos: int) -> bool:
    """Do particles, then a capitalised word, follow `pos` ("van| der Stael")?"""
    m = _PARTICLE_THEN_CAPITAL.match(text, pos)
    if m is None or not text[m.end() - 1].isupper():
        return False
    return all(w in PARTICLES for w in text[pos : m.end() - 1].split())


def _capital_next(text: str, pos: int) -> bool:
    gap = _BLANKS.match(text, pos)
    return gap is not None and text[gap.end() : gap.end() + 1].isupper()


def _label_value(lex: NameLexicon, text: str, pos: int) -> bool:
    """After a role label ("From:", "Mother:"), whose value is as often a team, a file or a
    word ("CC: File", "Father: Unknown", "Supervisor: TBC"): a capitalised word in no
    dictionary or a given name, an initial, or an ordinary word before such a word."""
    m = WORD.match(text, pos)
    if m is None:
        return False
    tok = Token(m.start(), m.end(), m.group(), False)
    low = tok.lower
    if len(tok.text) == 1:
        return tok.text.isupper() and text[tok.end : tok.end + 1] == "."
    if tok.shape == "U" and len(low) <= 4:
        return False  # "TBC", "GP", "ICU": an abbreviation
    if tok.shape not in ("C", "U") or low in lex.closed or low in lex.never:
        return False
    if _greeting_at(text, tok):
        return False  # "THERAPIST: Kia ora, come in": a speaker's turn, not a person's name
    if unknown_or_name(lex, tok) and (low not in lex.common or low in lex.frequent_given):
        return True
    if tok.shape == "C" and apostrophe_name(lex, low):
        return True  # "Mother: Salave'a", "From: D'Souza": an apostrophe inside a name
    return _name_next(lex, text, tok.end)  # "From: Davit Gelashvili" ("davit" is a word)


def _greeting_at(text: str, tok: Token) -> bool:
    """Does a two-word greeting ("Kia ora", "Ni hao") begin at `tok`?"""
    gap = _BLANKS.match(text, tok.end)
    m = WORD.match(text, gap.end()) if gap is not None else None
    return m is not None and (tok.lower, m.group().lower()) in closed_phrases()


def _name_next(lex: NameLexicon, text: str, pos: int) -> bool:
    """ "From: Davit Gelashvili": an ordinary word ("davit") before a capitalised word in no
    dictionary or in a name list is a given name."""
    gap = _BLANKS.match(text, pos)
    m = WORD.match(text, gap.end()) if gap is not None else None
    if m is None:
        return False
    tok = Token(m.start(), m.end(), m.group(), False)
    return tok.shape == "C" and unknown_or_name(lex, tok) and tok.lower not in lex.only_common


# A line that may be a name by itself: one to four words, each capitalised or an initial,
# with particles between them ("Thaís Cavalcanti", "M. Bolormaa", "Lizelle van der Merwe").
_NAME_LINE: Final = compiled(
    r"(?m)^[ \t]*(?P<name>" + UPPER + r"[\w'\u2019.-]*(?:[ \t]+(?:(?:van|von|de|der|den|da|di|"
    r"del|du|dos|la|le|bin|al)[ \t]+)*" + UPPER + r"[\w'\u2019.-]*){0,3})[ \t]*$"
)
# A form's field after a list ("Facilitator: Ana Lima", "Notes: ..."): the list's end.
_FIELD_LINE: Final = compiled(r"[ \t]*[^\W\d_][\w '\u2019-]{0,30}:")
# A heading inside the list ("Apologies:", "Absent:"): neither a name nor the list's end.
_LIST_HEADING: Final = compiled(r"[ \t]*[^\W\d_][\w '\u2019-]{0,30}:[ \t]*$")


def name_lines(
    lex: NameLexicon, spans: list[tuple[int, int]], text: str
) -> Iterator[tuple[int, int]]:
    """Names one to a line, in a list with a name found ("Present:\nKawika Kalama\nPita\n"):
    in a run of two lines or more that are each a name's shape (headings such as
    "Apologies:" between them), one line holding a name found makes every line a name."""
    if not spans or text.count("\n") < 2:
        return
    # A list yields only when a name found lies inside one of its lines' names: without a
    # found name alone on its line (most texts: names stand in sentences), no line need be read.
    if not any(_alone_on_line(lex, text, start, end) for start, end in spans):
        return
    run: list[tuple[int, int]] = []
    # "Apologies:\nDavit\nFacilitator: ...": in a list of names, a line of ordinary
    # capitalised words ("davit" is a word) between a name's line and another name's line, a
    # heading or a form's field is a name too; before prose it may be a heading ("Summary").
    # Before the list's first name's line, only one whose last word is in no dictionary.
    pending: list[tuple[int, int]] = []
    for line in [*_lines(text), None]:
        shaped = _name_shaped(lex, text, *line) if line is not None else None
        if shaped is not None and not shaped[2]:
            run.extend(pending)
            pending = []
            run.append(shaped[:2])
            continue
        if shaped is not None and (run or _surname_last(lex, text, *shaped[:2])):
            pending.append(shaped[:2])
            continue
        if (
            line is not None
            and text[line[1] - 1 : line[1]] == ":"
            and (_LIST_HEADING.fullmatch(text, *line))
        ):
            run.extend(pending)
            pending = []
            continue
        if line is not None and _FIELD_LINE.match(text, *line):
            run.extend(pending)  # "Davit\nFacilitator: Ana Lima": the form's next field
        pending = []
        if len(run) > 1 and any(a <= s and e <= b for a, b in run for s, e in spans):
            # Every line, found already or not: the list is the evidence that each is a name.
            yield from run
        run = []


def _alone_on_line(lex: NameLexicon, text: str, start: int, end: int) -> bool:
    """Does the line that holds `text[start:end]` hold a name's shape alone, around it?"""
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    shaped = _name_shaped(lex, text, text.rfind("\n", 0, start) + 1, line_end)
    return shaped is not None and shaped[0] <= start and end <= shaped[1]


def _lines(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        yield start, end
        start = end + 1


def _surname_last(lex: NameLexicon, text: str, start: int, end: int) -> bool:
    """ "Davit Abashidze": two words or more, the last in no dictionary, a list's first line."""
    words = text[start:end].split()
    last = words[-1].lower()
    return len(words) > 1 and last.isalpha() and last not in lex.common


def _name_shaped(lex: NameLexicon, text: str, start: int, end: int) -> tuple[int, int, bool] | None:
    """The span of the name a line holds alone, and whether a word of it is an ordinary
    word (not a closed-class one nor a word never a name), or None."""
    if end - start > 60 or not text[start : start + 1].strip(" \t")[:1].isupper():
        return None  # (checked first: most lines are sentences)
    m = _NAME_LINE.match(text, start, end)
    if m is None or m.end() != end:
        return None
    words = [w.rstrip(".") for w in m.group("name").split()]
    if any("." in w for w in words):
        return None  # "M.D.", "Ph.D.": a degree's line under a name, not a name
    ordinary = False
    for w in words:
        low = w.lower()
        if low in _PARTICLE_WORDS or (len(w) == 1 and w.isupper()):
            continue
        if low in lex.closed or low in lex.never or low in lex.drugs:
            return None
        ordinary = ordinary or low in lex.only_common
    return (*m.span("name"), ordinary)


# Whom else a session or a meeting is had with, in one capitalised word: people, teams and
# services, not a person's name ("Meeting with Housing.", "Session with Group, ...").
_WITH_GROUPS: Final = word_set(
    "group team staff class couple everyone everybody all both housing reception admin "
    "school college work management security duty"
)
_PUNCTUATION_AFTER: Final = compiled(r"[ \t]*(?:[,.;!?)]|\n|$)")


def _ordinary_word_after_with(lex: NameLexicon, text: str, pos: int) -> int:
    """The end of an ordinary word that is a given name after "session with", or -1: a
    capitalised word mid-sentence, alone before punctuation ("Session with Mere, Jul 21."),
    not a word for a person, a role or a group ("Session with Mum.", "with Staff.")."""
    m = WORD.match(text, pos)
    if m is None:
        return -1
    tok = Token(m.start(), m.end(), m.group(), False)
    if not _lone_proper_word(lex, tok) or not _PUNCTUATION_AFTER.match(text, tok.end):
        return -1
    return tok.end


def _lone_proper_word(lex: NameLexicon, tok: Token) -> bool:
    """A capitalised word that may be a person's name though an ordinary word: not a
    closed-class word, a month, a word for a person, a role, a group or an agent noun."""
    low = tok.lower
    return tok.shape == "C" and tok.base == tok.text and low.isalpha() and not _for_people(lex, low)


def _for_people(lex: NameLexicon, low: str) -> bool:
    """A closed-class word, a word never a name, or a word for a person, a role or a group
    ("Mum", "Supervisor", "Team", "Facilitator"): what an ordinary capitalised word must not be
    to be taken for a person's name."""
    return (
        low in lex.closed
        or low in lex.never
        or low in PERSON_NOUNS
        or low in _ROLE_LABELS
        or low in _WITH_GROUPS
        or agent_noun(lex, low)
    )


# "Ask for Davit at the desk": whom a visitor asks for, capitalised mid-sentence, alone
# before the place or the end of the sentence.
_ASKED_FOR: Final = compiled(
    r"(?i:ask|asked|asking)[ \t]+for[ \t]+(?P<name>[A-Z][a-z]+)"
    r"(?=[ \t]*(?:[,.;!?)]|\n|$)|[ \t]+(?:at|when|on)\b)"
)


_ASK_WORDS: Final = cue_words({"ask", "asked", "asking"})


def asked_for(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """The person one is told to ask for ("Ask for Davit at the desk"; not "ask for Help",
    "ask for Reception")."""
    for m in cued_matches(text, _ASK_WORDS, _ASKED_FOR):
        tok = Token(m.start("name"), m.end("name"), m.group("name"), False)
        if _lone_proper_word(lex, tok) and tok.lower not in _ASKED_THINGS:
            yield m.span("name")


# What one asks for, capitalised in a form or a sign ("Ask for Help", "Ask for Directions").
_ASKED_THINGS: Final = word_set("help assistance directions details advice information support")


def _name_after_with(lex: NameLexicon, text: str, pos: int) -> bool:
    """After "session with": a capitalised word that is a name or in no dictionary
    ("Session with Łukasz"), not "Session with Mom" or "met with the family"."""
    m = WORD.match(text, pos)
    if m is None:
        return False
    tok = Token(m.start(), m.end(), m.group(), False)
    if tok.shape == "C" and tok.lower in month_words():
        return True  # "Session with Jun": a session is had with a person, never a month
    return tok.shape == "C" and unknown_or_name(lex, tok) and tok.lower not in lex.only_common


# A closing alone on its line and the signature line after it, a blank line between them
# or not: "Sincerely,\nP. Morozov, PsyD", "Best,\n\nANA RUIZ". The short closings of
# e-mails ("Best,", "Thanks,", "Cheers,") need their comma.
_CLOSING_WORDS: Final = (
    r"(?:(?:(?:yours )?sincerely|(?:kind|best|warm|warmest) regards|regards|"
    r"best wishes|(?:yours )?truly|respectfully(?: yours)?|with thanks|many thanks|"
    r"with best wishes|cordially|yours faithfully|" + FOREIGN_CLOSINGS + r")[ \t]*,?|"
    r"(?:best|thanks|thank you|cheers|take care|warmly|all the best|love|talk soon|speak soon|"
    r"see you soon)[ \t]*,)"
    # (Or the name on the closing's line, ending the text: "Cheers, Odalys".)
    r"(?P<same>[ \t]*(?=[^\W\d_][\w'\u2019.-]*(?:[ \t]+[^\W\d_][\w'\u2019.-]*){0,3}\s*$(?![\s\S]))"
    r"|[ \t]*\n(?:[ \t]*\n)?[ \t]*)"
)
_CLOSING: Final = compiled(r"(?im)^[ \t]*" + _CLOSING_WORDS)
# A closing after a sentence on its line: "thanks for the slides. Talk soon,\nPer".
_CLOSING_AFTER_SENTENCE: Final = compiled(r"(?i)(?<=[.!?] )" + _CLOSING_WORDS)
_SENTENCE_ENDS: Final = frozenset({". ", "! ", "? "})
_SIGNATURE: Final = compiled(
    r"(?:[^\W\d_]\.[ \t]?)*[^\W\d_][\w'\u2019.-]*"
    r"(?:[ \t]+(?:[^\W\d_]\.|[^\W\d_][\w'\u2019-]*))*"
)
_CLOSING_CUES: Final = cue_words(
    {"sincerely", "regards", "best", "truly", "respectfully", "thanks", "cordially",
     "faithfully", "yours", "with", "many", "kind", "warm", "warmest", "thank", "cheers",
     "take", "warmly", "all", "love", "talk", "speak", "see"}
    # The first words of `FOREIGN_CLOSINGS`.
    | {"mit", "viele", "liebe", "beste", "herzliche", "freundliche", "met", "vriendelijke",
       "cordiali", "distinti", "un", "cordialement", "bien", "salutations", "saludos",
       "atentamente", "cordialmente", "atenciosamente", "abraços", "med", "venlig",
       "vennlig", "vennlige", "vänliga", "ystävällisin", "terveisin", "s", "z", "pozdrawiam",
       "sayg\u0131l\u0131r\u0131mla", "iyi"}
)  # fmt: skip


def _closings(text: str) -> Iterator[re.Match[str]]:
    """The closings of `text`, tried only where a closing's first word opens a line (the
    words are frequent: "with", "all", "take", "best")."""
    for tok in tokens_for(text, _CLOSING_CUES):
        line_start = text.rfind("\n", 0, tok.start) + 1
        if text[line_start : tok.start].strip(" \t"):
            if text[tok.start - 2 : tok.start] not in _SENTENCE_ENDS:
                continue  # (most mid-line "with", "all", "see": no closing)
            m = _CLOSING_AFTER_SENTENCE.match(text, tok.start)
        else:
            m = _CLOSING.match(text, line_start)
        if m is not None:
            yield m


def signatures(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """The name on the line after a closing ("Sincerely,", "Kind regards,"), up to a
    comma or the end of the line ("P. Morozov, PsyD", "Afonso Pereira")."""
    for closing in _closings(text):
        m = _SIGNATURE.match(text, closing.end())
        if m is None:
            continue
        words = m.group().split()
        first = words[0].rstrip(".")
        if first[:1].islower() or (first.lower() in lex.closed and not _initial(words[0])):
            continue  # ("K. Lee": an initial, though "k" is a word of text messages)
        if len(words) > 4 or any(w[:1].islower() and not _particle_word(w) for w in words):
            continue
        if not any(
            len(w.rstrip(".")) == 1
            or w.lower() in lex.given
            or w.lower() in lex.surname
            or unknown_or_name(lex, Token(0, len(w), w, False))
            for w in words
        ) or all(w.lower() in lex.common and w.lower() not in lex.given for w in words):
            continue  # "Clinic Staff", "The Team": ordinary words, though "Staff" is a surname
        yield m.start(), before_full_stop(text, m.start(), m.end())


def _particle_word(word: str) -> bool:
    """ "de", "los", "'t" ("van 't Hof"), or an article joined to a surname ("al-Haddad")."""
    head, hyphen, rest = word.partition("-")
    return word in _PARTICLE_WORDS or (
        hyphen != "" and head in _PARTICLE_WORDS and rest[:1].isupper()
    )


def _initial(word: str) -> bool:
    return len(word) == 2 and word[0].isupper() and word[1] == "."


_PARTICLE_WORDS: Final = frozenset(
    [
        "van",
        "von",
        "de",
        "der",
        "den",
        "da",
        "di",
        "del",
        "della",
        "la",
        "le",
        "du",
        "dos",
        "das",
        "ter",
        "ten",
        "bin",
        "ibn",
        "al",
        "el",
        "y",
        "e",
        "dela",
        "do",
        "los",
        "las",
        "'t",
        "\u2019t",
    ]
)


# A speaker's label at the start of a line: "Sung-min: ...", "Ana Ruiz: ...".
_SPEAKER: Final = compiled(
    r"(?m)^[ \t]*(?P<label>" + UPPER + r"[\w'\u2019-]*(?:[ \t]" + UPPER + r"[\w'\u2019-]*){0,2})"
    r"[ \t]*:[ \t]"
)
_AFTER_LABEL: Final = compiled(r"[ \t]*:[ \t]")
# A speaker named with a title at a line's start ("Dr. Woods: So, ..."): a dialogue of
# people named, not of roles.
_TITLED_SPEAKER: Final = compiled(
    r"(?m)^[ \t]*(?:Dr|Mr|Mrs|Ms|Mx|Prof)\.?[ \t]+" + UPPER + r"[\w'\u2019-]*[ \t]*:[ \t]"
)
_ROLES: Final = frozenset(
    [
        "t",
        "c",
        "p",
        "q",
        "a",
        "i",
        "r",
        "s",
        "th",
        "cl",
        "pt",
        "therapist",
        "client",
        "patient",
        "counselor",
        "counsellor",
        "clinician",
        "interviewer",
        "interviewee",
        "participant",
        "speaker",
        "doctor",
        "nurse",
        "mother",
        "father",
        "parent",
        "mom",
        "dad",
        "child",
        "teen",
        "youth",
        "son",
        "daughter",
        "husband",
        "wife",
        "partner",
        "moderator",
        "facilitator",
        "group",
        "member",
        "family",
        "note",
        "plan",
        "date",
        "time",
        "re",
        "subject",
        "to",
        "from",
        "cc",
        "memo",
        "present",
        "absent",
    ]
)


@per_text_cache
def _speaker_lines(text: str) -> dict[str, list[tuple[int, int]]]:
    """The labels at the start of a line before a colon, each with the spans of its
    mentions as a label (read once a text, for speakers and for message threads)."""
    found: dict[str, list[tuple[int, int]]] = {}
    if text.count(":") > 1:
        for m in at_line_starts(_SPEAKER, text):
            found.setdefault(m.group("label"), []).append(m.span("label"))
    return found


def role_word(lex: NameLexicon, low: str) -> bool:
    """Is `low` a word of services or roles, or the agent noun of a verb ("texter",
    "caller", "seeker"; a rare surname too, but no frequent one, "Fletcher")?"""
    if low in SERVICE_WORDS or low in CREDENTIALS:
        return True  # (not the clinical words: "Kai:" is a name, though "kai" is food)
    if len(low) < 5 or not low.removesuffix("s").endswith("er"):
        return False
    stem = low.removesuffix("s")[:-2]
    return (
        (stem in lex.common or stem + "e" in lex.common)
        and low not in lex.frequent_given
        and low not in frequent_surnames()
    )


def speakers(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """The labels of a transcript's speakers that are names: a label at the start of two
    lines or more ("Sung-min: I was..."), not a role ("T:", "CLIENT:", "Mother:")."""
    for label, places in _speaker_lines(text).items():
        if len(places) < 2:
            continue
        words = [w for w in re.split(r"[ \t-]+", label) if w]
        lows = [w.lower() for w in words]
        if any(w in _ROLES or w in lex.closed for w in lows):
            continue
        if all(role_word(lex, w) for w in lows):
            continue  # "Texter:", "Help seeker:", "Counsellor:": who speaks, by role
        if any(w in lex.only_common for w in lows) and not (
            # "Davit: hi ..." / "Clinic: Yes Davit, see you": an ordinary word as a speaker's
            # label is a name when the text writes it with a capital mid-sentence too, or
            # when the other speaker is named with a title ("Dr. Woods:" / "Mere:").
            len(lows) == 1
            and (_capitalised_mid_sentence(text, lows[0]) or _TITLED_SPEAKER.search(text))
        ):
            continue
        if label.isupper() and len(words) == 1 and len(label) < 4:
            continue  # "MD:", "CBT:" - an abbreviation
        yield from places


# A label opening its line before a colon and a quotation: a play's or a dialogue's speaker
# ('Ross: "Who are you?"', 'Amy:"I'm her daughter".'), though named once only.
_QUOTING_LABEL: Final = compiled(
    r"(?m)^[ \t]*(?P<label>" + UPPER + r"[\w'\u2019-]*)[ \t]*:[ \t]*[\"\u201c]"
)


def quoting_speakers(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """The one-word labels before a colon and a quotation that are names (a name list's
    word or one in no dictionary), not roles ("Therapist:") nor ordinary words ("Note:"). A
    month's given name ("Jan:", "April:") is a name there: no date stands before a quote."""
    if '"' not in text and "\u201c" not in text:
        return
    for m in _QUOTING_LABEL.finditer(text):
        label = m.group("label")
        low = label.lower()
        if low in _ROLES or low in lex.closed or (label.isupper() and len(label) < 4):
            continue
        if (
            low not in lex.month_given
            and (
                (low in lex.common and low not in lex.given)
                or ("-" in low and all(part in lex.common for part in low.split("-")))
            )
            and not speaks_in_a_dialogue(lex, text, label)
        ):
            continue  # 'Mood: "Numb."', 'Warm-up: "What ..."': a note's heading, no speaker
        if low in lex.month_given or (
            low not in lex.only_common
            and low not in lex.never
            and (low in lex.given or low in lex.surname or low not in lex.common)
        ):
            yield m.span("label")


# A quoted text message written all in lower case: "dawit here. tell mum i said sorry".
_QUOTED: Final = compiled(r"[\"\u201c]([^\"\u201c\u201d\n]{3,300})[\"\u201d]")
# A name in a message: a word, or two joined by a hyphen ("min-seo here").
_MESSAGE_NAME: Final = r"[^\W\d_]+(?:-[^\W\d_]+)?"
_MESSAGE_CUES: Final = compiled(
    r"(?:^|(?<=[.!?,;]\s))(?P<start>" + _MESSAGE_NAME + r")\s+here\b"
    r"|\b(?:told|tell|ask|asked|call|text|texted|with|love|hi|hey|thanks|thx|ty|from|and|"
    r"miss)\s+(?P<object>" + _MESSAGE_NAME + r")\b"
    r"|^(?P<subject>" + _MESSAGE_NAME + r")(?=\s+(?:might|will|can|could|may|says|said|wants|"
    r"told|texted|called)\b)"
    r"|,\s*(?P<addressed>" + _MESSAGE_NAME + r")\s+(?:pls|plz|please|call|text)\b"
    # "hi dr s, its bex.", "it's kiri here": the writer naming themself, ending the clause.
    r"|(?:^|(?<=[.!?,;]\s))(?:it['\u2019]?s|this\s+is)\s+(?P<writer>" + _MESSAGE_NAME + r")"
    r"(?=\s*(?:[.!,;\n]|$|here\b|again\b))"
)
_VOWELS: Final = frozenset("aeiouy")
# The places of a message where a month cannot stand: a month there is a person's name.
_NO_MONTH_HERE: Final = frozenset({"addressed", "start", "writer"})
_PERSON_NEXT: Final = frozenset(
    ["we", "i", "you", "he", "she", "they", "about", "that", "to", "said", "and"]
)


def message_names(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """Names in text messages written in lower case, quoted or in a thread ("Ana: ty
    tomas!!"), by their place in the message: "X here", "i told X", "tell X", "ty X",
    ", X pls call me", "X might drive me"."""
    for base, body in _messages(text):
        if not body[:1].islower() or not (" i " in f" {body} " or not any(map(str.isupper, body))):
            continue  # a message in lower case: no capital, or "i" for "I" (dates aside)
        for m in _MESSAGE_CUES.finditer(body):
            group = m.lastgroup or ""
            word = m.group(group)
            low = word.lower()
            if len(low) < 3 or low in lex.closed or low in lex.drugs:
                continue
            if low.isascii() and not _VOWELS.intersection(low):
                continue  # "f/u with pcp", "ask the gp": an abbreviation, no name
            if low in month_words() and group in _NO_MONTH_HERE:
                yield base + m.start(group), base + m.end(group)
                continue  # "sorry, jun pls call me": no month is asked to call
            if low in lex.never:
                continue
            parts = low.split("-")
            if len(parts) > 1 and all(
                (p in lex.common or p in lex.closed) and p not in lex.given for p in parts
            ):
                continue  # "thanks from follow-up": ordinary words joined
            if low in lex.common:
                after = body[m.end(group) :].split(None, 1)
                if not (
                    (after and low in lex.given and after[0] in _PERSON_NEXT)
                    or (after and _told_before_clause(body, m, group) and low not in _TOLD_NOUNS)
                    or _capitalised_mid_sentence(text, low)
                    or _asked_to_act(body, m, group, low)
                ):
                    continue  # "i told faith we...": a name; "tell work": a word
            yield base + m.start(group), base + m.end(group)


# What a person does for the writer of a message ("X might drive me", ", X pls call me").
_DOES_FOR_ME: Final = {
    "subject": compiled(
        r"\s+(?:might|will|can|could|may)\s+(?:drive|pick|take|bring|come|collect|give|call|"
        r"text|ring|walk|meet)\b"
    ),
    "addressed": compiled(r"\s+(?:pls|plz|please)\s+(?:call|text|ring|reply|answer|come)\b"),
}


def _asked_to_act(body: str, m: re.Match[str], group: str, low: str) -> bool:
    """ "davit might drive me", "sorry, pita pls call me": an ordinary word that does for the
    writer what a person does, and is no relative or workplace ("mum might drive me",
    "work will call me"), is a person."""
    pattern = _DOES_FOR_ME.get(group)
    return (
        pattern is not None
        and low not in _TOLD_NOUNS
        and pattern.match(body, m.end(group)) is not None
    )


def _capitalised_mid_sentence(text: str, low: str) -> bool:
    """ "Ask for Davit at the desk. / ty davit!!": an ordinary word the same text writes
    with a capital mid-sentence is a proper noun there, so in a lower-case message too
    (not after "the": "The Gate", "the Hub" are places)."""
    return any(
        t.text[:1].isupper()
        and not t.sentence_start
        and t.lower == low
        and text[max(0, t.start - 4) : t.start].lower() != "the "
        for t in word_index(text).get(low, ())
    )


# Who is told, by an ordinary word: a relative ("told mum we"), or the place one answers
# to ("told work i was sick", "told school we").
_TOLD_NOUNS: Final = PERSON_NOUNS | word_set(
    "work school college uni class office team boss everyone everybody people staff"
)
# "i told X we would come": the one told, between "told" and the clause told.
_TOLD_CLAUSE: Final = compiled(r"\s+(?:we|i|he|she|they)\s+[a-z]")


def _told_before_clause(body: str, m: re.Match[str], group: str) -> bool:
    """ "i told mere we would come": a word, even an ordinary one ("mere"), between "told"
    and the subject of what was told is the person told (not a relative nor a workplace:
    "told mum we", "told work i")."""
    return (
        group == "object"
        and body[m.start() : m.start() + 4].lower() == "told"
        and bool(_TOLD_CLAUSE.match(body, m.end(group)))
    )


def _messages(text: str) -> Iterator[tuple[int, str]]:
    """Where each message starts, and its text: quoted ('"dawit here"'), or the lines of a
    thread after a sender's label that begins two lines or more ("Nare: hi is it ok")."""
    if '"' in text or "\u201c" in text:
        for quote in _QUOTED.finditer(text):
            yield quote.start(1), quote.group(1)
    for places in _speaker_lines(text).values():
        if len(places) > 1:
            for _, label_end in places:
                start = _AFTER_LABEL.match(text, label_end).end()  # type: ignore[union-attr]
                end = text.find("\n", start)
                yield start, text[start : len(text) if end < 0 else end]
    if (
        len(text) <= _WHOLE_MESSAGE_MAX
        and not any(map(str.isupper, text))
        and _WRITER_SPEAKS.search(text) is not None
    ):
        # A client's message pasted as it came, the whole text in lower case ("hi dr s, its
        # bex. me and jaz broke up again"): no capital marks a name in it, its place does.
        # Its writer speaks ("i", "me", "you"), which a clause of notes in lower case
        # ("travelled from gardnerside for the appointment") does not.
        yield 0, text


# The longest text read whole as one message (a text or a short e-mail, not a document).
_WHOLE_MESSAGE_MAX: Final = 2000
_WRITER_SPEAKS: Final = compiled(r"\b(?:i|im|i['\u2019]m|me|my|u|you|ur)\b")


# A firm named after its partners, without a cue ("spent a year at Webb, Bowen and Ruiz",
# "Webb, Bowen and Ruiz is a design agency"): three or four capitalised words in a list,
# after a preposition or opening a sentence, and used as one thing after it (a possessive,
# a singular verb, a legal suffix, a lower-case word).
_PARTNER_WORD: Final = r"[^\W\d_][\w'\u2019-]+"
_FIRM_LIST: Final = compiled(
    r"(?:(?<=[.!?:] )|(?<=\n)|(?<=^)|(?<=\b(?:at|of|by|to) )|(?<=\b(?:from|with) )|"
    r"(?<=\bfor )|(?<=\bMessrs )|(?<=\bMessrs\. ))"
    r"(?P<firm>" + _PARTNER_WORD + r", " + _PARTNER_WORD + r"(?:, " + _PARTNER_WORD + r")?,? "
    r"(?:and|og|och|und|et|e|y|&) " + _PARTNER_WORD + r")"
    r"(?=['\u2019]s\b|[ \t]+(?:is|was|has|had|LLP|LLC|PLLC|PC|Ltd|PLC|Inc)\b|[ \t]+[a-z]|"
    r"[ \t]*[.,;:\n]|$)"
)
# "and", and its translations in firms' names ("Birkeland, Olsen og Andersen").
_AND_WORDS: Final = frozenset({"and", "og", "och", "und", "et", "e", "y"})
_AND: Final = cue_words(_AND_WORDS)


def _ands(text: str) -> list[Token]:
    """The words "and" (and its translations) of `text`, and its ampersands between blanks
    ("Harland, Quayle & Fitzsimons LLP"), in text order."""
    found = list(tokens_for(text, _AND))
    at = text.find(" & ")
    while at >= 0:
        found.append(Token(at + 1, at + 2, "&", False))
        at = text.find(" & ", at + 1)
    return sorted(found, key=lambda tok: tok.start) if len(found) > 1 else found


def firm_lists(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """Lists of surnames used as one name ("Hawkins, Okafor and Ruiz"), as one span: the
    whole name identifies, not each surname alone. A list of given names ("Ana, Tom and
    Lee") is people, and stays apart."""
    last = -1
    for tok in _ands(text):
        # What the pattern needs before "and", checked first (most "and"s have none of it):
        # one space, a capitalised word (each word must be), and a comma before that.
        if tok.start < 2 or text[tok.start - 1] != " ":
            continue
        word_start = text.rfind(" ", 0, tok.start - 1) + 1
        if (
            not text[word_start : word_start + 1].isupper()
            or "," not in text[max(0, tok.start - 90) : word_start]
        ):
            continue
        for m in _FIRM_LIST.finditer(text, max(0, tok.start - 90), tok.end + 40):
            start, end = m.span("firm")
            if not start < tok.start < end or start < last:
                continue
            words = [w.strip(",") for w in m.group("firm").split() if w not in _AND_WORDS | {"&"}]
            if not all(
                w[:1].isupper()
                and w.lower() not in lex.closed
                and w.lower() not in lex.only_common
                and (w.lower() in lex.surname or unknown_or_name(lex, Token(0, len(w), w, False)))
                for w in words
            ):
                continue
            if sum(w.lower() in lex.given and w.lower() not in lex.surname for w in words) > 1:
                continue
            last = end
            yield start, end


# Who is quoted: '"...," says Du Cane.' - the capitalised words after a closing quote and
# a verb of saying, to the end of the clause.
_ATTRIBUTION: Final = compiled(
    r"[,!?][\"\u201d][ \t]+(?:says|said|adds|added|explains|explained|notes|noted|recalls|"
    r"recalled|writes|wrote|asks|asked)[ \t]+"
    r"(?P<name>(?:" + UPPER + r"[\w'\u2019.-]*[ \t]+){0,3}" + UPPER + r"[\w'\u2019-]*)"
    r"(?=[ \t]*(?:[.,;:!?\n]|$))"
)
_SAYING: Final = cue_words(
    {"says", "said", "adds", "added", "explains", "explained", "notes", "noted", "recalls",
     "recalled", "writes", "wrote", "asks", "asked"}
)  # fmt: skip


def quoted_speakers(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """The person a quotation is attributed to ('"...," says Du Cane.'), unless an ordinary
    word ("said Mom", "says Therapist")."""
    if '"' not in text and "\u201d" not in text:
        return
    for tok in tokens_for(text, _SAYING):
        m = _ATTRIBUTION.match(text, max(0, tok.start - 3))
        if m is None:
            continue
        words = [w.rstrip(".").lower() for w in m.group("name").split()]
        # ("says White": a colour is the speaker's surname here, never a group's word.)
        if all(
            w not in COLOUR_SURNAMES and (w in lex.only_common or w in lex.closed or w in lex.never)
            for w in words
        ):
            continue
        yield m.span("name")


# "Pinto and Stout were precision engineers": two capitalised words joined by "and" opening
# a sentence before a plural verb, each a name of the lists or a word in no dictionary
# (surnames that are words too: "Pinto", "Stout"), are two people; not relatives, roles,
# small words, months or places ("Mom and Dad were", "Spring and Summer are").
_PAIR_BEFORE_PLURAL: Final = compiled(
    r"(?P<a>(?:(?:van|von|de|da|di|del|der|den|ten|ter|le|la)[ \t]+){0,2}"  # ("van Beers")
    + UPPER + r"[a-z\u00e0-\u017f'\u2019]+)[ \t]+(?:and|&)[ \t]+"
    r"(?P<b>" + UPPER + r"[a-z\u00e0-\u017f'\u2019]+)[ \t]+$"
)
# What opens a sentence before the pair: the text's or a line's start, or a sentence's end.
_OPENS_BEFORE: Final = compiled(r"(?:^|\n|[.!?:][\"\u201d]?[ \t]+)$")
_COLOURS: Final = word_set(
    "black white green gold red blue silver yellow orange purple pink brown grey gray"
)
_PLURAL_VERBS: Final = cue_words({"were", "are", "have", "had", "both", "agreed", "say", "said"})


def pairs_before_plural_verbs(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """Two names joined by "and" opening a sentence before a plural verb (read back from
    each verb: most texts have many verbs and few such pairs)."""
    for verb in tokens_for(text, _PLURAL_VERBS):
        before = text[max(0, verb.start - 80) : verb.start]
        last = before.rstrip(" \t").rpartition(" ")[2]
        if not last[:1].isupper() or (" and " not in before and " & " not in before):
            continue  # (most verbs: no capitalised word just before, or no "and")
        m = _PAIR_BEFORE_PLURAL.search(text, max(0, verb.start - 80), verb.start)
        if m is None or _OPENS_BEFORE.search(text, max(0, m.start() - 4), m.start()) is None:
            continue
        words = [m.group("a").split()[-1], m.group("b")]
        if all(w.lower() in _COLOURS for w in words):
            continue  # ("Black and White were", "Green and Gold are the school colours")
        if all(_a_partners_name(lex, w) for w in words):
            yield m.span("a")
            yield m.span("b")


def _a_partners_name(lex: NameLexicon, word: str) -> bool:
    low = word.lower()
    if low in lex.closed or low in PERSON_NOUNS or low in month_words():
        return False
    if is_place(word) and low not in lex.surname and low not in COLOUR_SURNAMES:
        return False  # ("Paris and Rome were lovely"; but "Pinto", "White", towns and surnames)
    if never_a_name(low) and low not in COLOUR_SURNAMES:
        return False  # (a weekday, a month, their plurals: "Mondays and Fridays are")
    return (
        low in lex.surname or low in lex.given or low not in lex.common or low in COLOUR_SURNAMES
    )


# "Donát shouted at Christian:", "she smiled at Hope.": the one a person shouts, smiles or
# stares at, one capitalised word closing the clause, is a person, though the word is an
# ordinary one or a group's (a group's takes an article or a plural: "at a Christian");
# not a kin word, a role or a small word ("shouted at Mum", "smiled at Doc", "at Monday").
_LOOKED_AT: Final = compiled(
    r"(?:shouted|yelled|screamed|snapped|smiled|grinned|winked|waved|nodded|glared|stared|"
    r"laughed|frowned|swore)[ \t]+at[ \t]+(?P<name>" + UPPER + r"[\w'\u2019-]+)"
    r"(?=[ \t]*(?:[:,.!?;]|$))"
)
_LOOKING: Final = cue_words(
    {"shouted", "yelled", "screamed", "snapped", "smiled", "grinned", "winked", "waved",
     "nodded", "glared", "stared", "laughed", "frowned", "swore"}
)  # fmt: skip


# Never a person one looks at, though of the never-a-name list: a god, a weekday, a
# sibling's short word.
_NOT_LOOKED_AT: Final = word_set(
    "god christ lord allah jesus monday tuesday wednesday thursday friday saturday sunday "
    "sis bro"
)


def looked_at(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """The person one shouts, smiles or stares at ('shouted at Christian:')."""
    for m in cued_matches(text, _LOOKING, _LOOKED_AT):
        low = m.group("name").lower()
        # A given name of the lists (a census one that is a faith's word too: "Christian"),
        # or a word in no dictionary; not a relative, a god, a day or a month, a group's
        # plural, a language or an ordinary word ("snapped at Sis", "swore at Staff",
        # "laughed at Christmas", "yelled at Catholics", "frowned at English").
        if low in lex.closed or low in PERSON_NOUNS or low in _NOT_LOOKED_AT:
            continue
        if low in month_words():
            continue
        if not (low in lex.given or low in lex.month_given or low not in lex.common):
            continue
        if low[-1:] == "s" and low[:-1] in lex.never:
            continue  # (a group's plural: "yelled at Catholics")
        yield m.span("name")


# "Hi Christian, I'm contacting you", "Hello Saber,": a greeting opening a text, a line or a
# sentence, one capitalised word and a comma name the reader, though the word is an
# ordinary one too; not a group, a role or an endearment ("Hi Team,", "Hi Doc,", "Hello
# Love,"), nor a time ("Hi Monday,", "Good Morning,").
_GREETED: Final = compiled(
    r"(?:Hi|Hello|Hey|Hiya|Dear)[ \t]+(?P<name>" + UPPER + r"[a-z\u00e0-\u00ff'\u2019-]+),"
)
_GREETED_WORDS: Final = cue_words({"hi", "hello", "hey", "hiya", "dear"})
_NOT_GREETED: Final = word_set(
    """
    team all everyone everybody there folks guys friends friend doc doctor nurse sir madam
    mum mom dad love dear darling sweetie honey babe mate buddy again back you colleagues
    colleague parents family morning afternoon evening night world both monday tuesday
    wednesday thursday friday saturday sunday
    """
)


def greeted(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """The reader a greeting names: "Hi Christian," (see `_GREETED`); and the speaker and
    the one spoken to of "said Ines to April"."""
    for tok in tokens_for(text, _GREETED_WORDS):
        if tok.shape != "C":
            continue
        m = _GREETED.match(text, tok.start)
        before = text[max(0, tok.start - 40) : tok.start].rstrip(" \t")[-1:]
        if m is None or before not in ("", "\n", ".", "!", "?"):
            continue  # (the greeting opens the text, a line or a sentence)
        if _addressable(lex, m.group("name").lower()):
            yield m.span("name")
    for tok in tokens_for(text, _SAID_WORDS):
        m = _SAID_TO.match(text, tok.start)
        if m is None:
            continue
        for group in ("speaker", "addressee"):
            if _addressable(lex, m.group(group).lower()):
                yield m.span(group)


def _addressable(lex: NameLexicon, low: str) -> bool:
    """May `low`, spoken to or named as one who speaks, be a person's name?"""
    return not (
        low in _NOT_GREETED
        or low in lex.closed
        or low in PERSON_NOUNS
        or low in TITLES
        # A weekday or a month that is no given name ("Hi Monday,"); a word never a name
        # elsewhere, a people's or a faith's, is one after a greeting ("Hi Christian,").
        or (low in month_words() and low not in lex.month_given)
    )


# "said Ines to April": one capitalised word says, to another, and the clause ends.
_SAID_TO: Final = compiled(
    r"(?:said|says|shouted|yelled|whispered|replied|cried|screamed)[ \t]+(?P<speaker>"
    + UPPER
    + r"[a-z\u00e0-\u00ff'\u2019-]+)[ \t]+to[ \t]+(?P<addressee>"
    + UPPER
    + r"[a-z\u00e0-\u00ff'\u2019-]+)(?=[ \t]*(?:[.,;:!?\n]|$))"
)
_SAID_WORDS: Final = cue_words(
    {"said", "says", "shouted", "yelled", "whispered", "replied", "cried", "screamed"}
)


# "I'm Savannah Beet, originally from ...", "I'm Ty Campbell, from Leeds": a writer naming
# themself with two or three capitalised words, the clause closing after them; one a name
# list's word or in no dictionary, none a word never a name ("I'm Very Tired", "I'm Not
# Sure" and "I'm British" stay).
_INTRODUCED: Final = compiled(
    r"(?<![\w'\u2019])I(?:['\u2019]m|[ \t]+am)[ \t]+(?P<name>" + UPPER + r"[\w'\u2019-]*"
    r"(?:[ \t]+(?:"
    + UPPER
    + r"\.[ \t]+)?"  # (a middle initial: "I'm Liberal A. Aranda, originally from ...")
    + UPPER
    + r"[\w'\u2019-]*){1,2})(?=[ \t]*(?:[,.;!?\n]|$|[ \t]+(?:from|and|here)\b))"
)


def _introductions(text: str) -> Iterator[re.Match[str]]:
    """`_INTRODUCED`'s matches, tried only where "I'm" or "I am" stands."""
    for opener in ("I'm ", "I am ", "I\u2019m "):
        at = text.find(opener)
        while at >= 0:
            m = _INTRODUCED.match(text, at)
            if m is not None:
                yield m
            at = text.find(opener, at + 2)


def introduced(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """The name a writer gives themself after "I'm" (see `_INTRODUCED`)."""
    for m in _introductions(text):
        words = m.group("name").split()
        lows = [w.lower() for w in words]
        if any(w in lex.never or w in lex.closed for w in lows):
            continue  # ("I'm Muslim Sunni", "I'm French Canadian": a faith, a nation)
        if any(
            is_place(" ".join(words[:n]))
            and " ".join(lows[:n]) not in lex.given
            and all(w in lex.common for w in lows[n:])
            for n in (1, 2)
        ):
            continue  # "I am New York Based", "I'm Boston Born"; not "I'm Savannah Beet"
        if any(w in lex.given or w in lex.surname or w not in lex.common for w in lows):
            yield m.span("name")


# "Dear Isla Mackintosh,", "Dear Park Sung-min,": a letter's salutation names its reader.
_DEAR: Final = cue_words({"dear"})
_SALUTATION_TITLES: Final = word_set("dr mr mrs ms mx miss prof")


def salutations(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """The name after "Dear" opening a line and ending it with a comma: one to four
    capitalised words, with particles between them. "Dear Sir or Madam,", "Dear
    Colleague," and "Dear Parents," hold an ordinary word in no name list or a lower-case
    word; a title after "Dear" is read by the title's rule ("Dear Dr. Hämäläinen,")."""
    for tok in tokens_for(text, _DEAR):
        line_start = text.rfind("\n", 0, tok.start) + 1
        if tok.shape != "C" or text[line_start : tok.start].strip(" \t"):
            continue
        line_end = text.find("\n", tok.end)
        line = text[tok.end : len(text) if line_end < 0 else line_end].rstrip(" \t")
        if not line.endswith(",") or line[:1] not in (" ", "\t"):
            continue
        words = line[:-1].split()
        if not 1 <= len(words) <= 4 or words[0].rstrip(".").lower() in _SALUTATION_TITLES:
            continue
        if (
            words[0][:1].isupper()
            and all(_salutation_word(lex, w) for w in words)
            # A frequent given name or a word in no dictionary ("Dear Doctor," is a word).
            and any(w.lower() in lex.frequent_given or w.lower() not in lex.common for w in words)
        ):
            start = tok.end + len(line) - len(line.lstrip(" \t"))
            yield start, tok.end + len(line) - 1


def _salutation_word(lex: NameLexicon, word: str) -> bool:
    if _particle_word(word):
        return True
    low = word.lower()
    return (
        word[:1].isupper()
        and all(part.isalpha() for part in low.replace("'", "-").split("-"))
        and low not in lex.only_common
        and not (len(word) <= 4 and word.isupper())  # "Dear GP,", "Dear MDT,"
        # "Parents", "Colleagues": the plural of an ordinary word.
        and not (low[-1:] == "s" and low[:-1] in lex.common and low not in lex.surname)
        and low not in lex.closed
        and low not in lex.never
    )


# "Mere spoke about his brother", "Jun talked to her mother": a word opening a sentence that
# speaks of its own relative is a person (a group note's or a letter's subject).
_SPEAKS_OF: Final = compiled(
    r"[ \t](?:spoke|speaks|talked|talks|wrote|writes|argued|argues|lives|lived)[ \t]+"
    r"(?:about|of|to|with)[ \t]+(?:his|her|their)[ \t]+(?P<noun>[a-z]+)\b"
)
_SPEAKING_VERBS: Final = cue_words(
    {"spoke", "speaks", "talked", "talks", "wrote", "writes", "argued", "argues", "lives", "lived"}
)
# The word before the verb, opening its sentence or line.
_OPENING_WORD: Final = compiled(
    r"(?:^|(?<=\n)|(?<=[.!?][ \t]))(?P<name>[^\W\d_][\w'\u2019-]*)[ \t]*$"
)


def _speaking_of(text: str) -> Iterator[re.Match[str]]:
    """`_SPEAKS_OF.finditer(text)`, tried only at the blank before each of its verbs: the
    pattern begins with a blank, so the regex engine would try it at every space."""
    last_end = 0
    for tok in tokens_for(text, _SPEAKING_VERBS):
        if tok.start - 1 < last_end:
            continue  # (the first word, or inside the match before: `finditer` skips it)
        m = _SPEAKS_OF.match(text, tok.start - 1)
        if m is not None:
            last_end = m.end()
            yield m


def relatives_spoken_of(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """The person who speaks of a relative at a sentence's start ("Mere spoke about his
    brother"): a capitalised word in no dictionary, a given name, a month's name or short
    form ("Jun"), or an ordinary word the text writes with a capital mid-sentence too
    ("Present: ... and Mere."); not a word for a person ("Mum spoke to her sister") nor a
    closed-class one ("She spoke about her mother")."""
    for verb in _speaking_of(text):
        if verb.group("noun") not in PERSON_NOUNS:
            continue
        m = _OPENING_WORD.search(text, max(0, verb.start() - 40), verb.start())
        if m is None:
            continue
        word = m.group("name")
        low = word.lower()
        if (
            not word[:1].isupper()
            or word.isupper()
            or low in lex.closed
            or low in PERSON_NOUNS
            or low in _ROLE_LABELS
        ):
            continue
        if (
            low not in lex.common
            or low in lex.given
            or low in lex.month_given
            or _capitalised_mid_sentence(text, low)
        ):
            yield m.span("name")


# "Thank you, Pita!", "Thanks, Mere.": the one thanked, addressed alone before the end of
# the sentence.
_THANKED: Final = compiled(
    r"(?i:thank you|thanks|cheers)[ \t]*,[ \t]+(?P<name>[A-Z][\w'\u2019-]*)[ \t]*[!.]"
)
_THANKS_WORDS: Final = cue_words({"thank", "thanks", "cheers"})
# Those a message thanks that are no name ("Thanks, Doctor!", "Thank you, Again.").
_THANKED_WORDS: Final = word_set(
    "sir madam doctor doc nurse guys folks colleagues friends again mate"
)


# "Thanks davit." closing a message written with capitals: a writer who capitalises "Thanks"
# and leaves the next word small wrote a name in haste, unless it is what thanks are
# given with ("Thanks again.", "Thanks heaps!", "Thanks kindly.", "Thanks mate.").
_THANKED_SMALL: Final = compiled(
    r"(?:Thank you|Thanks|Cheers)[ \t]+(?P<name>[a-z][a-z'\u2019-]{2,})"
    r"(?:[ \t]*[!.]*[ \t]*(?:\n|$)|[ \t]*[!.]+[ \t]+[A-Z])"
)
_THANKS_ADDRESS: Final = word_set(
    "bro bruv dude man mate pal bud buddy babe hun hon love darling dear sweetie sweetheart "
    "anyway though much lots heaps loads tons kindly everyone everybody all guys folks team "
    "doc again so very tho thx ty yall"
)


def _thanked_in_small(lex: NameLexicon, text: str, m: re.Match[str]) -> bool:
    """Is the small word a message in capitals thanks a name (see `_THANKED_SMALL`)?"""
    low = m.group("name")
    return (
        not low.endswith(("ly", "s"))
        and low not in lex.closed
        and low not in lex.never
        and low not in PERSON_NOUNS
        and low not in _ROLE_LABELS
        and low not in _WITH_GROUPS
        and low not in _THANKED_WORDS
        and low not in _THANKS_ADDRESS
        and low not in _TOLD_NOUNS
        and not agent_noun(lex, low)
        and any(c.isupper() for c in text[max(0, m.start() - 200) : m.start()])
    )


def thanked(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """The capitalised word a message thanks by name, though an ordinary word ("Thank you,
    Pita!"), not a word for a person, a role or a group ("Thanks, Mum!", "Thanks, Team.")."""
    for m in cued_matches(text, _THANKS_WORDS, _THANKED):
        low = m.group("name").lower()
        if not (_for_people(lex, low) or low in _THANKED_WORDS):
            yield m.span("name")
    for m in cued_matches(text, _THANKS_WORDS, _THANKED_SMALL):
        if _thanked_in_small(lex, text, m):
            yield m.span("name")


# "engagement better; Davit to review the risk plan": after a semicolon English needs no
# capital, so a capitalised word there opening an action item is a proper noun, though an
# ordinary word ("davit"); `name_rules` finds the given names at a sentence's start.
_AFTER_SEMICOLON: Final = compiled(r";[ \t]+(?P<name>[A-Z][a-z][\w'\u2019-]*)")


def clause_action_owners(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """The capitalised word after a semicolon that takes an action item's task, not a word
    for a person, a role, a group or a verb that takes "to" ("; Mum to ring", "; Staff to
    call", "; Plan to review")."""
    if ";" not in text:
        return
    for m in _AFTER_SEMICOLON.finditer(text):
        low = m.group("name").lower()
        if ACTION.match(text, m.end("name")) is not None and _may_take_a_task(lex, low):
            yield m.span("name")


def _may_take_a_task(lex: NameLexicon, low: str) -> bool:
    """May `low`, a capitalised word before "to" and a task, be the person who does it? Not
    a closed-class word, a word never a name, a person noun, a role, a group, a verb that
    takes "to" or an agent noun ("Staff", "Mum", "Plan", "Reviewer")."""
    return (
        low not in lex.closed
        and low not in lex.never
        and low not in PERSON_NOUNS
        and low not in _ROLE_LABELS
        and low not in _WITH_GROUPS
        and low not in TO_VERBS
        and not agent_noun(lex, low)
    )


# "- Davit to review the care plan": a list item's first word taking a task with an object
# is the one who does it. A thing the task is done to has no object after its verb
# ("- Letter to send", "- Wound to check at next visit"); a person noun, a role, a group
# or a verb that takes "to" is left as after a semicolon.
_TASK_ITEM: Final = compiled(
    r"[ \t]*(?:[-*\u2022\u2013]|\d{1,2}[.)]|\[[ xX]?\])?[ \t]*"
    r"(?P<name>[A-Z][a-z][\w'\u2019-]*)(?=" + ACTION.pattern + r"[ \t]+"
    r"(?:(?:the|a|an|her|his|their|this|that|these|those|my|our|your|its)\b|[A-Z]))"
)
_TO: Final = cue_words({"to"})
# The care team's roles and services that take tasks in a plan ("- Nurse to check the").
_CARE_ROLES: Final = word_set(
    """
    nurse doctor gp pharmacist physio physiotherapist dietitian dietician midwife consultant
    registrar receptionist reception admin secretary manager staff team client patient
    service school ward clinic practice surgery worker social
    """
)


def task_list_owners(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """The capitalised word opening a line or a list item that takes a task with an object,
    though an ordinary word ("- Davit to review the plan"; not "- Staff to call the GP")."""
    for tok in tokens_for(text, _TO):
        # (Found from its "to": the item opens its line, a few characters before it.)
        line_start = text.rfind("\n", max(0, tok.start - 40), tok.start) + 1
        if line_start == 0 and tok.start > 40:
            continue
        m = _TASK_ITEM.match(text, line_start)
        if m is None or m.end("name") != tok.start - 1:
            continue
        low = m.group("name").lower()
        if low not in _CARE_ROLES and _may_take_a_task(lex, low):
            yield m.span("name")


# "what was that like for you, Mere?": a capitalised word after a comma that ends a question
# or an exclamation is the one addressed; mid-sentence it needs no capital but a name's.
_ADDRESSED_AT_END: Final = compiled(r",[ \t]+(?P<name>[A-Z][a-z][\w'\u2019-]*)[ \t]*[?!]")
# Words a question ends on after a comma that name no one ("..., Doctor?" is a role).
_NOT_ADDRESSED: Final = word_set("sir madam doctor doc nurse guys folks again mate please right ok")


def addressed_at_end(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """The capitalised word addressed at a question's or an exclamation's end, though an
    ordinary word ("Mere"), not a word for a person, a role, a group, a place or a month."""
    if "?" not in text and "!" not in text:
        return
    for m in _ADDRESSED_AT_END.finditer(text):
        word = m.group("name")
        low = word.lower()
        if not (
            _for_people(lex, low)
            or low in _NOT_ADDRESSED
            or low in _TOLD_NOUNS
            or low in month_words()
            or low in NOT_AFTER_TITLE
            or is_place(word)
        ):
            yield m.span("name")


# "EMPLOYMENT HISTORY - Kit Woods": a heading in capitals, a dash or a colon, and two
# capitalised words ending the line: whose history the heading is.
_HEADING_NAME: Final = compiled(
    r"(?m)^[A-Z][A-Z&/ ]{2,}[ \t]*[-\u2013\u2014:][ \t]*"
    r"(?P<name>[A-Z][a-z'\u2019]+ [A-Z][a-z'\u2019]+(?:-[A-Z][a-z'\u2019]+)?)[ \t]*$"
)


def heading_names(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """The given name and surname that end a heading's line after its dash or colon, though
    both are words ("Kit Woods"), not two ordinary words ("Main Office", "Early Years")."""
    for m in at_line_starts(_HEADING_NAME, text):
        first, last = m.group("name").lower().split(" ")
        if (
            first in lex.given
            and first not in lex.never
            and first not in lex.closed
            and (last in lex.surname or last not in lex.common)
            and last not in lex.never
            and last not in lex.closed
            and not is_place(m.group("name"))
        ):
            yield m.span("name")


# A person written with their e-mail address after them in brackets: "P. Barker
# (pbarker@example.net)", "Ana Holm <ana@example.org>" (a mail header's or a list's shape).
_BEFORE_MAILBOX: Final = compiled(
    r"(?P<name>(?:" + UPPER + r"[\w'\u2019-]*\.?[ \t]+){0,3}" + UPPER + r"[\w'\u2019-]*)"
    r"[ \t]*[(<][\w.+-]+@"
)
_NAME_PART: Final = compiled(r"[^\W\d_][\w'\u2019-]*\.?")


def mailbox_owners(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """The name right before an e-mail address in brackets: its last words that are each
    an initial, a name-list word or a word in no dictionary (not "Support <help@...>")."""
    if "@" not in text:
        return
    for at in _at_signs(text):
        m = _BEFORE_MAILBOX.search(text, max(0, at - 80), at + 1)
        if m is None or m.end() != at + 1:
            continue
        start = None
        for w in reversed(list(_NAME_PART.finditer(text, *m.span("name")))):
            word = w.group().rstrip(".")
            low = word.lower()
            initial = len(word) == 1 and word.isupper()
            if not initial and (
                low in lex.closed
                or low in lex.never
                or low in lex.only_common
                or low in PERSON_NOUNS
                or agent_noun(lex, low)
            ):
                break
            start = w.start()
        if start is not None and m.end("name") - start > 1:
            yield start, m.end("name")


def _at_signs(text: str) -> Iterator[int]:
    at = text.find("@")
    while at >= 0:
        yield at
        at = text.find("@", at + 1)


# A message signed after a dash at its end: "Call me at 0412 555 123. - Lot", "See you
# then!\n-- Mere". The words are name-list words or words in no dictionary.
_DASH_SIGNATURE: Final = compiled(
    r"(?:[.!?)][ \t]+|\n[ \t]*)(?:-{1,2}|\u2013|\u2014|~)[ \t]*"
    r"(?P<name>" + UPPER + r"[\w'\u2019-]*(?:[ \t]+" + UPPER + r"[\w'\u2019-]*)?)[ \t]*\s*$"
)


def dash_signatures(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """The name a message is signed with after a dash, at its end."""
    tail = text.rstrip()[-3:]
    if not tail[-1:].isalpha():
        return
    m = _DASH_SIGNATURE.search(text, max(0, len(text) - 60))
    if m is None:
        return
    lows = [w.lower() for w in m.group("name").split()]
    if all(
        w not in lex.closed
        and w not in lex.never
        and w not in lex.only_common
        and not agent_noun(lex, w)
        for w in lows
    ):
        yield m.span("name")


# An initial and a surname after a cue that introduces or credits a person: "I'm E. Hall",
# "Minutes taken by P. Pastor", "co-signed by s. pozo", "approved: r. köhler". The cue
# makes the surname a name though it is a word ("Hall"); in lower case it must be none.
_INITIAL_CUES: Final = cue_words(
    word_set("i'm i\u2019m am is by dear approved signed contact behalf")
)
_CUED_INITIAL: Final = compiled(
    r"(?i:i['\u2019]m|am|is|by|dear|approved:|signed:|contact|behalf of)[ \t]+"
    r"(?P<name>[^\W\d_]\.[ \t]?(?:(?:van|von|de|der|den|da|di|del|du|dos|das|ten|ter)[ \t]+)"
    r"{0,3}[^\W\d_][\w'\u2019]+(?:-[^\W\d_][\w'\u2019]+)?)(?![\w@])"
)


# A genus's initial and its species are no person ("caused by E. coli", "by S. aureus").
_SPECIES: Final = word_set(
    "coli aureus pylori diff difficile pneumoniae aeruginosa gonorrhoeae gondii tuberculosis "
    "fragilis monocytogenes influenzae lamblia vaginalis epidermidis pyogenes faecalis "
    "mutans cerevisiae albicans trachomatis burgdorferi pallidum typhi enterica jejuni "
    "sonnei marcescens cloacae mirabilis baumannii agalactiae sapiens"
)


# An initial, then a surname's particles and the surname: "L. de Hoog", "Y. van den
# Nuwenhuysen" (the particles make it a name wherever it stands). In lower case, an
# initial and a surname in no dictionary: "attendees: m. barrio", "and m. wickstead".
_INITIAL_PARTICLES: Final = compiled(
    r"(?<![\w.])[A-Z]\.[ \t]?(?:(?:van|von|de|der|den|da|di|del|du|dos|das|ten|ter)[ \t]+){1,3}"
    r"[A-Z][\w'\u2019]+(?:-[A-Z][\w'\u2019]+)?"
)
_LOWER_INITIAL: Final = compiled(
    r"(?<![\w.])[a-z]\.[ \t](?P<surname>[a-z\u00df-\u024f][\w'\u2019]{2,})\b"
)


_PARTICLE_CUES: Final = cue_words(word_set("van von de der den da di del du dos das ten ter"))


def initials_and_surnames(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """An initial before particles and a surname ("L. de Hoog"), and in text in lower case,
    an initial before a surname in no dictionary ("m. barrio")."""
    if ". " not in text:
        return
    for tok in tokens_for(text, _PARTICLE_CUES):
        # Tried only where an initial stands just before the particle ("L. de", "L.de").
        at = tok.start - 3 if text[tok.start - 1 : tok.start] == " " else tok.start - 2
        if at >= 0 and text[at + 1 : at + 2] == "." and text[at].isupper():
            m = _INITIAL_PARTICLES.match(text, at)
            if m is not None:
                yield m.span()
    if not text.islower():
        return
    for m in _LOWER_INITIAL.finditer(text):
        low = m.group("surname")
        if (
            low not in lex.common
            and low not in lex.closed
            and low not in lex.never
            and low not in lex.drugs
            and low not in _SPECIES
        ):
            yield m.span()


def cued_initials(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """An initial and a surname after "I'm", "this is", "by", "dear", "approved:"."""
    for tok in tokens_for(text, _INITIAL_CUES):
        if "." not in text[tok.end : tok.end + 8]:
            continue  # (most "is" and "by": no initial after them)
        m = _CUED_INITIAL.match(text, tok.start)
        if m is None:
            continue
        name = m.group("name")
        surname = name.split()[-1]
        low = surname.lower()
        if name[0].isupper() != surname[0].isupper():
            continue  # "by a. Then": a letter and a sentence
        if low in lex.closed or low in lex.never or low in lex.drugs or low in _SPECIES:
            continue
        if surname.islower() and low in lex.common:
            continue  # "by a. time"
        yield m.span("name")
