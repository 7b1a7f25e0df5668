"""Properties that must hold for any input (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sealbook.core.deid import Packet, Roster, RosterClient, analyse

ROSTER = Roster(
    (RosterClient("c0ffee00-3333-4333-8333-000000000001", names=("Katherine Moore",),
                  phones=("617-555-0142",), emails=("kmoore@example.org",)),)
)  # fmt: skip
COMPILED = ROSTER.compile()

# Text built from pieces that exercise the detectors, joined by arbitrary glue.
PIECES = st.sampled_from(
    [
        "Kate", "kate", "KATE", "Moore", "Katherine's", "Dr.", "Ms.", "J.M.", "her sister",
        "Dana", "my boss", "Ray", "3/4/21", "March 4th", "the 4th of March", "2021-03-04",
        "(617) 555-0142", "kmoore@example.org", "www.example.com", "1423 Maple Street",
        "Springfield, IL", "62704", "MRN:", "00482913", "93-year-old", "192.168.0.1",
        "Lincoln Middle School", "works at", "Acme Inc", "123-45-6789", "[NAME]", "'s", ".",
        ",", " ", "\n", "the", "client", "felt", "anxious", "Grace", "Will", "May", "0", "9",
        "6750 Koskikatu 25", "Apt. 864", "ΠΑΦΟΣ", "Uruguay", "64677", "> ", "ul.", "út",
        "Client:", "was seen", "Hanne I. Kreutzmann", "+46 (0)8 928 571 38", "office",
    ]
)  # fmt: skip
GLUE = st.sampled_from([" ", "", ", ", ". ", "\n", "-", "/", "'", ":"])
TEXTS = st.one_of(
    st.text(max_size=200),
    st.lists(st.tuples(PIECES, GLUE), max_size=30).map(lambda xs: "".join(a + b for a, b in xs)),
)
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXTS)
def test_any_text_gives_valid_non_overlapping_spans(text: str) -> None:
    spans = analyse(text, COMPILED)
    last_end = 0
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.start >= last_end
        last_end = span.end


@FAST
@given(
    TEXTS, st.sampled_from(["redact", "pseudonym"]), st.sampled_from(["safe-harbor", "disguise"])
)
@example("A.B.Ka", "redact", "safe-harbor")  # found by Hypothesis: "A.B.[NAME]" read as initials
@example("A.B. AAAa", "redact", "safe-harbor")  # and "[NAME] AAAa": no longer a sentence start
# A name that is a surname particle, where the pseudonym "della" falls: it ended the text (an
# index past the last word) or stood before a label ("della:CLIENT" taken as one name).
@example("CLIENT: ul", "pseudonym", "safe-harbor")
@example("ul:CLIENT: UL", "pseudonym", "safe-harbor")
@example("SISTEr, AB", "pseudonym", "safe-harbor")  # "SISTEr, DIANA": a role, not a list
def test_de_identifying_again_finds_nothing_new(text: str, operator: str, policy: str) -> None:
    packet = Packet(policy, operator, COMPILED, secret=b"k" * 32)
    out = packet.deidentify(text).text
    assert packet.new_findings(out) == []


@FAST
@given(st.lists(st.sampled_from(["Kate", "Moore", "Zuzu Okafor", "Dana", "kate"]), min_size=1))
def test_pseudonyms_are_consistent_within_a_packet_and_differ_between_packets(
    names: list[str],
) -> None:
    text = " and ".join(f"Dr. {n}" for n in names) + "."
    one = Packet("safe-harbor", "pseudonym", secret=b"1" * 32)
    first, again = one.deidentify(text).text, one.deidentify(text).text
    assert first == again
    other = Packet("safe-harbor", "pseudonym", secret=b"2" * 32).deidentify(text).text
    assert other != first


# Digit-rich text for the fast matchers, which must find what the windowed scan finds.
DIGITS_TEXT = st.one_of(
    st.text(alphabet="0123456789 -.,/+()ABZabz\u00e9_\n", max_size=120),
    st.lists(st.sampled_from(["1999", "2024", "-", "/", ".", "12", "3", "96", "110", "'s", " ",
                              "12345", "123", "45", "6789", "x"]), max_size=20).map("".join),
)  # fmt: skip


@given(DIGITS_TEXT)
@settings(max_examples=300, deadline=None)
def test_matching_from_runs_of_digits_finds_what_scanning_finds(text: str) -> None:
    from sealbook.core.deid import datetext
    from sealbook.core.deid.detectors import (
        ages,
        devices,
        european_streets,
        payment_numbers,
        phones,
        ssn,
        street_patterns,
        unique_codes,
        zip_codes,
    )
    from sealbook.core.deid.tokens import digit_matches, near_digits

    for pattern, lead in (
        (street_patterns.STREET, ""), (european_streets.NUMBER_NAME_NUMBER, ""),
        (zip_codes.ZIP, ""), (phones.CANDIDATE, "+("), (unique_codes.LONG_DIGITS, ""),
        (devices.IMEI, ""), (payment_numbers.CARD, ""), (ssn.FORMATTED, ""), (ssn.BARE, ""),
        (ages.NUMBER, ""), (zip_codes.CANADIAN, zip_codes._CANADIAN_FIRST),
        (ages._DECADE_CORE, ""), (zip_codes._CODE_AFTER_SPACE, ""),
        *((pattern, "") for style, pattern in datetext.PATTERNS if style in ("iso", "numeric")),
    ):  # fmt: skip
        fast = [m.span() for m in digit_matches(pattern, text, lead)]
        assert fast == [m.span() for m in near_digits(pattern, text)], pattern.pattern
    assert [m.span() for m in unique_codes.mixed_codes(text)] == [
        m.span() for m in unique_codes.MIXED.finditer(text)
    ]


# Postal-code and school-name shaped text: the patterns tried only where they can begin
# must find what scanning the whole text finds.
SHAPED_TEXT = st.lists(
    st.sampled_from(["K1A 0B1", "k1a", "M5V3L9", "Z1A", "0", "9", "University of ", "College of ",
                     "Institute of", "UNIVERSITY of ", "Texas ", "Law", "_", "x", "'s", " ", "\n",
                     ", "]),
    max_size=30,
).map("".join)  # fmt: skip


@given(SHAPED_TEXT)
@example("University of Texas College of Law")
@settings(max_examples=300, deadline=None)
def test_matching_where_a_pattern_can_begin_finds_what_scanning_finds(text: str) -> None:
    from sealbook.core.deid.detectors import organisations, zip_codes
    from sealbook.core.deid.tokens import digit_matches, forget_texts

    canadian = digit_matches(zip_codes.CANADIAN, text, zip_codes._CANADIAN_FIRST)
    assert [m.span() for m in canadian] == [m.span() for m in zip_codes.CANADIAN.finditer(text)]
    schools = [m.span() for m in organisations.named_schools(text)]
    assert schools == [m.span() for m in organisations._UNIVERSITY_OF.finditer(text)]
    forget_texts()


URL_TEXT = st.lists(
    st.sampled_from(["https://", "www.", "WWW.", "wW", "w", "example", ".com", ".org", ".CO",
                     ".", "/path", "-", "mail", "@", " ", "\t", "\n", "(", ")", '"', "'", "<",
                     "é", "x", "_", ":", "//", ".info"]),
    max_size=30,
).map("".join)  # fmt: skip


@given(URL_TEXT)
@settings(max_examples=300, deadline=None)
def test_web_addresses_are_found_as_the_windowed_scan_found_them(text: str) -> None:
    from sealbook.core.deid.detectors import urls

    expected, last_end = [], -1
    for hint in urls._HINT.finditer(text):
        if hint.start() < last_end:
            continue
        before = urls._BEFORE.get(hint.group()[0], 0)
        for m in urls.URL.finditer(text, max(0, hint.start() - before), hint.end() + 200):
            if m.start() >= last_end and m.start() <= hint.start() < m.end():
                expected.append(m.span())
                last_end = m.end()
    assert [m.span() for m in urls._candidates(text)] == expected
    assert urls._hints(text) == [m.span() for m in urls._HINT.finditer(text)]


EMAIL_TEXT = st.lists(
    st.sampled_from(["kate", "a", "@", "@@", ".", "com", "org", "x.y", "mail.example.co.uk", "-",
                     "+", "_", " ", "\n", "1", "\u00e9", "Ab"]),
    max_size=30,
).map("".join)  # fmt: skip


@given(EMAIL_TEXT)
@settings(max_examples=300, deadline=None)
def test_e_mail_addresses_are_found_as_the_windowed_scan_found_them(text: str) -> None:
    from sealbook.core.deid.detectors import email

    expected, last_end, at = [], -1, text.find("@")
    while at >= 0:
        if at >= last_end:
            for m in email.EMAIL.finditer(text, max(last_end, at - 70), at + 260):
                if m.start() < at < m.end() and m.start() >= last_end:
                    expected.append(m.span())
                    last_end = m.end()
        at = text.find("@", at + 1)
    assert [m.span() for m in email.near_at_signs(text)] == expected


CUE_TEXT = st.lists(
    st.sampled_from(["Street", "street's", "St", "zip", "ZIP", "Zip's", "corner", "Corner",
                     "works", "employed", "in", "Main", "the", "x", "'s", " ", ", ", ".\n"]),
    max_size=30,
).map("".join)  # fmt: skip


@given(CUE_TEXT)
@settings(max_examples=300, deadline=None)
def test_the_tokens_of_declared_cue_sets_are_the_tokens_in_those_sets(text: str) -> None:
    from sealbook.core.deid.detectors import organisations, street_patterns, zip_codes
    from sealbook.core.deid.tokens import forget_texts, tokenize, tokens_for

    for cues in (street_patterns._STREET_NAME_ENDS, street_patterns._CORNER_WORDS,
                 zip_codes._CUE_WORDS, organisations._ORG_CUE_WORDS):  # fmt: skip
        expected = sorted(
            {t.start for t in tokenize(text) if t.lower in cues or t.text.lower() in cues}
        )
        assert sorted({t.start for t in tokens_for(text, cues)}) == expected
        assert tokens_for(text, cues) == tokens_for(text, set(cues))
    forget_texts()


@FAST
@given(TEXTS, st.lists(st.sampled_from(["kate", "moore", "dana", "grace", "okafor"])))
def test_detecting_elsewhere_then_analysing_gives_what_one_analysis_gives(
    text: str, seeds: list[str]
) -> None:
    # `sealbook deid` runs the detectors of later chunks in child processes; the rest of the
    # analysis, with the names of the chunks before, must give the same spans.
    from sealbook.core.deid.engine import detect_all
    from sealbook.core.deid.spans import Label

    named = {word: Label.NAME for word in seeds}
    detected = detect_all(text, COMPILED)
    assert analyse(text, COMPILED, seeds=named, detected=detected) == analyse(
        text, COMPILED, seeds=named
    )


def test_every_pseudonym_the_packet_may_write_is_read_again_without_error() -> None:
    # Pseudonyms are drawn from these lists; one of them ("della") is also a surname
    # particle, and its output crashed the analysis of the de-identified text.
    from sealbook.core.deid.lexicon import surrogate_given_names, surrogate_surnames

    for name in surrogate_given_names() + surrogate_surnames():
        for text in (f"CLIENT: {name.lower()}", f"{name.lower()}:CLIENT: {name.upper()}"):
            assert all(0 <= s.start < s.end <= len(text) for s in analyse(text))


@FAST
@given(TEXTS, st.lists(st.sampled_from(["kate", "moore", "dana", "grace", "okafor"])))
def test_detecting_then_analysing_with_the_words_at_hand_gives_what_one_analysis_gives(
    text: str, seeds: list[str]
) -> None:
    # A child process of `sealbook deid` runs the detectors, waits for the seeds, then
    # finishes the analysis with the words the detectors read (`scanned=True`).
    from sealbook.core.deid.engine import detect
    from sealbook.core.deid.spans import Label

    named = {word: Label.NAME for word in seeds}
    detected = detect(text, COMPILED)
    finished = analyse(text, COMPILED, seeds=named, detected=detected, scanned=True)
    assert finished == analyse(text, COMPILED, seeds=named)


# Shapes of device, vehicle and bank numbers, and full stops, for the patterns rewritten to
# begin with a character class (their word boundary checked behind the first character).
CODE_TEXT = st.lists(
    st.sampled_from(["1HGCM82633A004352", "1HGCM8263", "3A004352", "0a:1b:2c:3d:4e:5f",
                     "0A-1B-2C-3D-4E-5F", "a0", ":", "-", "GB82 WEST 1234 5698 7654 32",
                     "GB82WEST12345698765432", "DE89", "x", "_", "9", " ", ".", ". ", "\n",
                     "Acme.", "é"]),
    max_size=20,
).map("".join)  # fmt: skip


@given(CODE_TEXT, st.integers(0, 40), st.integers(0, 200))
@settings(max_examples=300, deadline=None)
def test_patterns_that_begin_with_a_class_match_as_their_boundary_first_forms(
    text: str, lo: int, hi: int
) -> None:
    import re

    from sealbook.core.deid.detectors import devices, organisations, payment_numbers, vehicles

    for ours, boundary_first in (
        (vehicles.VIN, r"\b[A-HJ-NPR-Z0-9]{17}\b"),
        (devices.MAC, r"\b[0-9A-Fa-f]{2}(?:([:-])[0-9A-Fa-f]{2})(?:\1[0-9A-Fa-f]{2}){4}\b"),
        (payment_numbers.IBAN, r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b"),
        (organisations._STOP_INSIDE, r"(?<=\S)\.(?=\s)"),
    ):  # (windows too: near_digits searches between offsets)
        plain = re.compile(boundary_first)
        assert [m.span() for m in ours.finditer(text, lo, hi)] == [
            m.span() for m in plain.finditer(text, lo, hi)
        ], boundary_first


FIELD_TEXT = st.lists(
    st.sampled_from(["name", "Name:", "my ", "MY NAME IS ", "call", "CALLS ME ", "client:",
                     "\u017figned: ", "with ", "Session with ", "met ", "x", " ", "\t", ":", "?",
                     "contact: ", "Emergency ", "referred by ", "kin: ", "next of ", ",", "\n",
                     "our client, ", "the case of "]),
    max_size=20,
).map("".join)  # fmt: skip


@given(FIELD_TEXT, st.integers(0, 40), st.integers(0, 200))
@settings(max_examples=300, deadline=None)
def test_a_pattern_behind_its_first_character_guard_matches_as_the_pattern(
    text: str, lo: int, hi: int
) -> None:
    import re

    from sealbook.core.deid.detectors import name_neighbours
    from sealbook.core.deid.patterns import first_character_guard

    guarded = name_neighbours._FIELD_CUE
    plain = re.compile(guarded.pattern.split("]))(?:", 1)[1][:-1])
    assert first_character_guard(plain.pattern) == guarded.pattern
    assert [m.span() for m in guarded.finditer(text, lo, hi)] == [
        m.span() for m in plain.finditer(text, lo, hi)
    ]


NAME_TEXT = st.lists(
    st.sampled_from(["Kate", "kate", "KATE", "Moore", "Dr.", "Ms.", "de", "Jong", "Kia", "ora",
                     "Do", "-", "yoon", "Re", "eval", "June", "Saturdays", "PsyD", "I'll", "So",
                     "The", "the", "Call", "Grace", "Brown", "was", "seen", "said", "J.", "Ana",
                     "Kate's", "Okafor", "Šušulić", "dos", "ten", "Santos", " ", ", ", ". ", "\n",
                     ": "]),
    max_size=30,
).map("".join)  # fmt: skip


@given(NAME_TEXT)
@example("Kia ora Kate. Dr. de Jong met Do-yoon, PsyD, on Saturdays.")
@example("Ms. dos Santos and Dr. ten Boom")  # particles that are ordinary words
@settings(max_examples=300, deadline=None)
def test_name_candidates_and_decisions_are_those_of_every_rule_on_every_word(text: str) -> None:
    from sealbook.core.deid.detectors import name_rules as r
    from sealbook.core.deid.detectors.name_extent import PARTICLES
    from sealbook.core.deid.detectors.name_lexicon import CAPS, TITLES, NameLexicon
    from sealbook.core.deid.lexicon import closed_phrases
    from sealbook.core.deid.tokens import forget_texts, tokenize

    lex, tokens = NameLexicon(), tokenize(text)
    # The candidates as the rules once read them, word by word.
    blocked = {
        k
        for i, t in enumerate(tokens[:-1])
        if (t.lower, tokens[i + 1].lower) in closed_phrases()
        for k in (i, i + 1)
    }
    expected = []
    for k, t in enumerate(tokens):
        titled = k > 0 and tokens[k - 1].lower in TITLES
        low, shape = t.lower, t.shape
        if k not in blocked and (
            (
                (shape in CAPS or (shape == "L" and (low in lex.given or low not in lex.common))
                 or (titled and low in PARTICLES))
                and ((low not in lex.only_common and not r._never_by_class(lex, t))
                     or titled or (shape == "C" and low in lex.month_given))
            )
            or (text[t.end : t.end + 1] == "-" and r.hyphenated_given_name(lex, tokens, k, text))
        ):  # fmt: skip
            expected.append(k)
    assert r._candidates(lex, tokens, text) == expected
    # Each decision is the first of every rule's, tried on every word.
    for i in expected:
        ours = r._decide(lex, tokens, i, text)
        first = r._first_decision(lex, tokens, i, text)
        if first is not None and (first.score >= r._PAIR_SCORE or not tokens[i].sentence_start):
            assert ours == first
            continue
        c = r.Candidate(lex, tokens, text, i, tokens[i], r._sentence_opener(lex, tokens, i, text))
        if first is not None:
            assert ours == (r._pair_before_verb(c) or first)
            continue
        assert ours == next((d for d in map(lambda rule: rule(c), r._RULES) if d), None)
    forget_texts()


OWNER_TEXT = st.lists(
    st.sampled_from(["Acme", "Co.", "'s", "\u2019s", "s", "'", " ", "\t", "\n", "x", "Dana", ",",
                     "and", "Brightly"]),
    max_size=12,
).map("".join)  # fmt: skip


@given(OWNER_TEXT)
@settings(max_examples=300, deadline=None)
def test_an_owner_or_list_mate_is_looked_for_only_where_its_pattern_can_end(text: str) -> None:
    from sealbook.core.deid.detectors import organisations

    end = len(text)
    if organisations._ORG_OWNS.search(text, max(0, end - 60), end) is not None:
        assert organisations.ends_before_blanks(text, end, organisations._POSSESSIVE_ENDS)
    if organisations._MATE_BEFORE.search(text, max(0, end - 60), end) is not None:
        assert organisations.ends_before_blanks(text, end, organisations._MATE_JOINS)


VENUE_TEXT = st.lists(
    st.sampled_from(["at", "At", "Acme", "Big Red", " in ", " In ", "in", ",", ", ", " ", "\t",
                     "\n", "x", "'", "-"]),
    max_size=12,
).map("".join)  # fmt: skip


@given(VENUE_TEXT)
@example("met at Acme in ")
@example("at Big Red, \n")
@settings(max_examples=300, deadline=None)
def test_a_venue_is_looked_for_only_where_its_pattern_can_end(text: str) -> None:
    from sealbook.core.deid.detectors import organisations

    end = len(text)
    if organisations._VENUE_BEFORE.search(text, max(0, end - 80), end) is not None:
        assert organisations.ends_before_blanks(text, end, organisations._VENUE_JOINS)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["NAME", "RELATIVE", "CITY", "DATE", "OCCUPATION"]),
            st.sampled_from([0.5, 0.6, 0.8, 0.8, 0.9]),
            st.sampled_from(["person_name", "later_mention", "place"]),
            st.sampled_from(["", "e1"]),
        ),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from(["Dana", "  ", "Dana Morrow", "--"]),
)
@settings(max_examples=300, deadline=None)
def test_spans_over_the_same_characters_resolve_as_contested_ones_do(
    kinds: list[tuple[str, float, str, str]], text: str
) -> None:
    from sealbook.core.deid.spans import Label, Span, _resolve_cluster, _resolve_contested

    cluster = [Span(0, len(text), Label(label), detector, f"reason {n}", score, (), entity)
               for n, (label, score, detector, entity) in enumerate(kinds)]  # fmt: skip

    def full(spans: list[Span]) -> list[tuple[object, ...]]:
        return [(s.start, s.end, s.label, s.detector, s.reason, s.score, s.entity) for s in spans]

    for within in (text, None):
        limit = None if within is None else len(text)
        assert full(_resolve_cluster(cluster, within, limit)) == full(
            _resolve_contested(list(cluster), within, limit)
        )


@given(st.text(alphabet="0123456789-٣৪., x", max_size=40))
@settings(max_examples=300, deadline=None)
def test_a_long_number_counts_its_digits_as_all_but_its_hyphens(text: str) -> None:
    from sealbook.core.deid.detectors import unique_codes

    for m in unique_codes.LONG_DIGITS.finditer(text):
        code = m.group()
        assert len(code) - code.count("-") == sum(c.isdigit() for c in code)


SPEAKER_TEXT = st.lists(
    st.sampled_from(["T", "Sung-min", "Ana Lu", "CLIENT", ":", ": ", " ", "\t", "\n", "\r\n",
                     "I said", "x", "Dr. Kim", "Ó", "'s", "Sincerely", "kind regards", ","]),
    max_size=25,
).map("".join)  # fmt: skip


@given(SPEAKER_TEXT)
@settings(max_examples=300, deadline=None)
def test_speakers_and_closings_matched_at_line_starts_are_those_scanning_finds(text: str) -> None:
    from sealbook.core.deid.detectors import name_neighbours
    from sealbook.core.deid.tokens import at_line_starts

    for pattern in (name_neighbours._SPEAKER, name_neighbours._CLOSING):
        found = at_line_starts(pattern, text)
        assert [m.span() for m in found] == [m.span() for m in pattern.finditer(text)]


WORD_TEXT = st.one_of(
    st.text(max_size=80),
    st.lists(
        st.sampled_from(["Kate", "o'Neil", "Ó", "ΠΑΦΟΣ", "Жанна", "٣৪", "x2", "_", "__init__",
                         "\u2019s", "'", " ", ", ", ". ", "\n", "\u00a0", "—", "…", "\t", "-",
                         "ǅ"]),
        max_size=25,
    ).map("".join),
)  # fmt: skip


@given(WORD_TEXT)
@settings(max_examples=300, deadline=None)
def test_the_tokeniser_reads_the_same_gaps_and_words_with_or_without_an_underscore(
    text: str,
) -> None:
    from sealbook.core.deid import tokens

    assert tokens.gaps_and_words(text) == tokens._GAP_WORD.findall(text)
    plain = text.replace("_", "")
    assert tokens._GAP_WORD_NO_UNDERSCORE.findall(plain) == tokens._GAP_WORD.findall(plain)


TOWN_LINES_TEXT = st.lists(
    st.sampled_from(["OSLO", "SAINT-DENIS", "LE MANS", "Norway", "France", "Ó", "x", "12",
                     " ", "\t", "\n", "\r\n", "-", "'", ".", ":", "Dear Kim,"]),
    max_size=25,
).map("".join)  # fmt: skip


@given(TOWN_LINES_TEXT)
@settings(max_examples=300, deadline=None)
def test_towns_above_countries_matched_at_line_starts_are_those_scanning_finds(
    text: str,
) -> None:
    # The pattern spans two lines: a match at a line start inside the last match is skipped.
    from sealbook.core.deid.detectors import places
    from sealbook.core.deid.tokens import at_line_starts

    pattern = places._TOWN_ABOVE_COUNTRY
    found = at_line_starts(pattern, text)
    assert [m.span() for m in found] == [m.span() for m in pattern.finditer(text)]


@given(st.text(alphabet="0123456789\u0663\u09eax ,.\n-\u00e9", max_size=60))
@settings(max_examples=300, deadline=None)
def test_runs_of_digits_are_those_of_a_plain_digit_pattern(text: str) -> None:
    import re

    from sealbook.core.deid import tokens

    starts, ends = tokens._digit_runs.__wrapped__(text)
    assert list(zip(starts, ends, strict=True)) == [m.span() for m in re.finditer(r"\d+", text)]


@given(
    st.text(alphabet="0123456789\u0663\u00b2x ,.\n-\u00e9", max_size=60),
    st.integers(0, 70),
    st.integers(0, 70),
)
@settings(max_examples=300, deadline=None)
def test_a_digit_between_two_offsets_is_one_a_plain_digit_pattern_finds(
    text: str, lo: int, hi: int
) -> None:
    import re

    from sealbook.core.deid import tokens

    tokens.forget_texts()
    assert tokens.digit_between(text, lo, hi) == bool(re.search(r"\d", text[lo:hi]))
    tokens.forget_texts()


RELATION_TEXT = st.lists(
    st.sampled_from(["her", "sister", "Sister", "ex", "ex-husband", "Ex-Wife", "mom", "Mother",
                     "fiancée", "FIANCE", "foster mother", "best friend", "boss", "named",
                     "called", "Dana", "jo", "K\u212aate", "93", "(", ")", "'s", " ", ", ", "\n",
                     "-", "is", "now"]),
    max_size=25,
).map("".join)  # fmt: skip


@given(RELATION_TEXT, st.integers(0, 40))
@settings(max_examples=300, deadline=None)
def test_cue_words_grouped_by_first_letter_match_as_their_plain_alternation(
    text: str, at: int
) -> None:
    import re

    from sealbook.core.deid.detectors import ages, relation_cues
    from sealbook.core.deid.patterns import by_first_letter

    for ours, alternations in (
        (relation_cues.CUE, (relation_cues.FAMILY, relation_cues.OTHERS)),
        (ages._FAMILY_BEFORE, (relation_cues.FAMILY,)),
    ):
        source = ours.pattern
        for plain in alternations:
            assert by_first_letter(plain) in source
            source = source.replace(by_first_letter(plain), plain)
        plain_pattern = re.compile(source, ours.flags)
        assert [(m.span(), m.groupdict()) for m in ours.finditer(text)] == [
            (m.span(), m.groupdict()) for m in plain_pattern.finditer(text)
        ]
        mine, theirs = ours.match(text, at), plain_pattern.match(text, at)
        assert (mine and mine.span()) == (theirs and theirs.span())


# Text with IP and MAC addresses' parts: a pattern searched only where its declared part is
# (`tokens.holding`) must find what searching every stretch near digits finds.
ADDRESS_TEXT = st.lists(
    st.sampled_from(["10", "0", "255", "192.168", ".", "..", ":", "::", "fe80", "3a", "Bc", "-",
                     "00-1a", ":2b", "1.2.3.4", "g", "x", " ", "\n", "_", "é"]),
    max_size=30,
).map("".join)  # fmt: skip


@given(ADDRESS_TEXT)
@example("at 10.0.0.1 and fe80::1, MAC 00:1a:2B:3c:4d:5e or 00-1a-2b-3c-4d-5e")
@settings(max_examples=300, deadline=None)
def test_a_pattern_searched_where_its_part_is_finds_what_searching_near_digits_finds(
    text: str,
) -> None:
    from sealbook.core.deid import tokens
    from sealbook.core.deid.detectors import devices, ip_addresses

    for pattern in (ip_addresses.CANDIDATE, devices.MAC):
        assert id(pattern) in tokens._PARTS
        expected, last_end = [], -1
        for lo, hi in tokens.digit_windows(text):
            for m in pattern.finditer(text, lo, min(hi, len(text))):
                if m.start() >= last_end:
                    last_end = m.end()
                    expected.append(m.span())
        assert [m.span() for m in tokens.near_digits(pattern, text)] == expected
    tokens.forget_texts()


FIELD_TEXT = st.lists(
    st.sampled_from(["with", "With", "WITH", "contact", "client", "Client", "session", "Sessions",
                     "met", "reappointment", "call", "consultation", "our", "mutual", "emergency",
                     "Kate", "x", "\u0131", "\u017f", " ", "  ", "\t", ":", ",", "'s", ".", "\n"]),
    max_size=30,
).map("".join)  # fmt: skip


@given(FIELD_TEXT)
@example("Session with Kate, SESSIONS WITH Ana, a reappointment with Lee; our client, Mo")
@settings(max_examples=300, deadline=None)
def test_a_field_cue_is_passed_over_only_where_its_pattern_cannot_reach_the_word(
    text: str,
) -> None:
    from sealbook.core.deid.detectors import name_neighbours as nn
    from sealbook.core.deid.tokens import forget_texts, tokens_for

    for tok in tokens_for(text, nn._FIELD_CUE_WORDS):
        if nn._may_end_a_field_cue(text, tok):
            continue
        window = nn._FIELD_CUE.finditer(text, max(0, tok.start - 12), tok.end + 6)
        assert all(cue.end() < tok.end for cue in window), (text, tok)
    forget_texts()


def test_the_words_before_with_that_a_field_cue_needs_are_those_of_its_pattern() -> None:
    import re

    from sealbook.core.deid.detectors import name_neighbours as nn

    branch = re.search(r"\(\?:([a-z|]+)\) with\)", nn._FIELD_CUE.pattern)
    assert branch is not None
    assert {w + " " for w in branch.group(1).split("|")} == set(nn._WITH_CUES)


CODE_TEXT = st.lists(
    st.sampled_from(["1HGCM82633A004352", "GB82", "WEST", "1234", "5698", "Gb82", "G", "B", "8",
                     "12", "ABCDEFGHJKLMNPRST", "countertransference", "_", "'", "\u2019", "-",
                     " ", "\n", "x", "\u0660"]),
    max_size=20,
).map("".join)  # fmt: skip


@given(CODE_TEXT)
@example("VIN 1HGCM82633A004352, IBAN GB82 WEST 1234 5698 7654 32")
@settings(max_examples=300, deadline=None)
def test_a_vin_or_an_iban_is_looked_for_only_in_texts_that_can_hold_one(text: str) -> None:
    from sealbook.core.deid.detectors import payment_numbers, vehicles
    from sealbook.core.deid.tokens import forget_texts, near_digits

    if not vehicles._may_hold_a_vin(text):
        assert not list(near_digits(vehicles.VIN, text))
    if not payment_numbers._may_hold_an_iban(text):
        assert not list(near_digits(payment_numbers.IBAN, text))
    forget_texts()


INITIALS_TEXT = st.lists(
    st.sampled_from(["J", "M", "Ş", "Ł", "j", "e.g", ".", ". ", ".\n", " ", "Kim", "x", "[", "_"]),
    max_size=25,
).map("".join)  # fmt: skip


@given(INITIALS_TEXT)
@example("J.M. and E.j.Y. met K. L.")
@settings(max_examples=300, deadline=None)
def test_dotted_initials_are_looked_for_only_in_texts_holding_their_full_stops(text: str) -> None:
    from sealbook.core.deid.detectors import initials

    if initials._DOTS.search(text) is None:
        assert initials.DOTTED.search(text) is None


@given(
    st.lists(
        st.tuples(
            st.integers(0, 14),
            st.integers(1, 6),
            st.sampled_from(["NAME", "CITY", "DATE", "SCHOOL"]),
            st.sampled_from([0.5, 0.8, 0.9]),
            st.sampled_from([(), ("c1",)]),
        ),
        max_size=8,
    ),
    st.sampled_from(["Dana Morrow", "a -- b  c", "Lincoln School"]),
)
@settings(max_examples=300, deadline=None)
def test_resolving_keeps_spans_alone_as_resolving_each_cluster_does(
    found: list[tuple[int, int, str, float, tuple[str, ...]]], text: str
) -> None:
    from sealbook.core.deid.spans import Label, Span, _resolve_cluster, resolve_overlaps

    spans = [Span(start, start + length, Label(label), "place", f"reason {n}", score, refs)
             for n, (start, length, label, score, refs) in enumerate(found)]  # fmt: skip

    def by_cluster(within: str | None) -> list[Span]:
        # The plain reading: sorted by (start, end), each cluster of touching spans resolved.
        limit = None if within is None else len(within)
        result: list[Span] = []
        cluster: list[Span] = []
        cluster_end = -1
        for span in sorted(spans, key=lambda s: (s.start, s.end)):
            if cluster and span.start < cluster_end:
                cluster.append(span)
                cluster_end = max(cluster_end, span.end)
                continue
            result.extend(_resolve_cluster(cluster, within, limit))
            cluster, cluster_end = [span], span.end
        result.extend(_resolve_cluster(cluster, within, limit))
        return result

    def full(spans: list[Span]) -> list[tuple[object, ...]]:
        return [(s.start, s.end, s.label, s.reason, s.score, s.client_refs) for s in spans]

    for within in (text, None):
        assert full(resolve_overlaps(spans, within)) == full(by_cluster(within))
