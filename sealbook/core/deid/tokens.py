"""Words of a text with their offsets, computed once per text and shared by detectors."""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Final, TypeVar

from sealbook.core.deid.patterns import compiled

WORD: Final = compiled(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def _char_class(*tests: Callable[[str], bool], last: int = 0x2FFF) -> str:
    """A regex character class of the characters up to `last` that pass one of `tests`
    (string methods, such as `str.isupper`)."""
    characters = "".join(map(chr, range(last + 1)))
    # (`filter` calls a string method on every character in C: a test in Python, once per
    # character, was a fiftieth of the engine's load.)
    codes = sorted({ord(c) for test in tests for c in filter(test, characters)})
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    parts = (re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)
    return "[" + "".join(parts) + "]"


# Capital letters of every cased script (Latin, Greek, Cyrillic...), for regular
# expressions: "[A-Z]" misses "Ó", "Λ" and "Ж".
UPPER: Final = _char_class(str.isupper, str.istitle)
# A closing bracket too: a placeholder ("[NAME]") may have replaced the full stop that ended
# a sentence ("A.B. Ka" -> "[NAME] Ka"), so the word after it may open one.
_BREAK: Final = compiled(r"[.!?:;\n\u2022*\"\u201c(\]-]")


class Token:
    """A word: `text[start:end]`; `base` drops a possessive "'s" ("Kate's" -> "Kate").

    A plain slotted class rather than a dataclass: a long text has hundreds of
    thousands of tokens, and construction cost dominates.
    """

    __slots__ = ("base", "base_end", "end", "lower", "sentence_start", "shape", "start", "text")

    def __init__(self, start: int, end: int, text: str, sentence_start: bool) -> None:
        self.start = start
        self.end = end
        self.text = text
        # (What a word's letters say is kept by word across texts: see `_WORD_INFO`.)
        _, self.base, self.lower, self.shape, cut = _WORD_INFO.get(text) or _known_word_info(text)
        self.base_end = end - cut
        self.sentence_start = sentence_start

    def is_capitalised(self) -> bool:
        return self.shape == "C"

    def is_upper(self) -> bool:
        return self.shape == "U"

    def is_lower(self) -> bool:
        return self.shape == "L"

    def __repr__(self) -> str:
        return f"Token({self.start}, {self.end}, {self.text!r})"


_POSSESSIVES: Final = frozenset({"'s", "\u2019s", "'S", "\u2019S"})


def tokenize(text: str) -> tuple[Token, ...]:
    """Every word of `text`, and whether it starts a sentence or line.

    Cached for the last two texts, so the detectors of one analysis share it (the
    analysis drops the cache when it ends); detectors must not call it on fragments
    (that would evict the document).
    """
    return _scan(text).tokens


T = TypeVar("T")

# What is learnt about the texts being analysed, kept for the last two texts so the
# detectors of one analysis share it; the analysis drops it all when it ends.
_PER_TEXT_CACHES: Final[list[functools._lru_cache_wrapper[object]]] = []


def per_text_cache(function: Callable[[str], T]) -> functools._lru_cache_wrapper[T]:
    """Decorator: keep `function(text)` for the last two texts, until `forget_texts`."""
    cached = functools.lru_cache(maxsize=2)(function)
    _PER_TEXT_CACHES.append(cached)
    return cached


# The fixed sets of cue words the detectors look for (see `cue_words`), numbered, and for
# each of their words the numbers of the sets that hold it.
_CUE_SET_NUMBERS: Final[dict[frozenset[str], int]] = {}
_CUE_SETS_OF_WORD: Final[dict[str, list[int]]] = {}


def cue_words(words: Iterable[str]) -> frozenset[str]:
    """A fixed set of lower-case cue words for `tokens_for` and `cued_matches`.

    The detectors look for some thirty such sets in every text, several of them more than
    once. Declared here, they are all looked up in one pass over the text's distinct
    words, instead of one intersection with those words per set and call: most of the
    fixed cost of analysing a short text.
    """
    cues = frozenset(words)
    if cues not in _CUE_SET_NUMBERS:
        number = _CUE_SET_NUMBERS[cues] = len(_CUE_SET_NUMBERS)
        for word in cues:
            _CUE_SETS_OF_WORD.setdefault(word, []).append(number)
    return cues


# Classes of words by a test of the lower-case word alone ("ends as a surname does", "may
# start a European street's name"), declared by the detectors (see `word_class`), and each
# word's classes as a bit mask, kept by word for the words of the texts before.
_WORD_CLASS_TESTS: Final[list[Callable[[str], bool]]] = []
_WORD_CLASSES: Final[dict[str, int]] = {}
_WORD_CLASSES_SIZE: Final = 40_000


def word_class(test: Callable[[str], bool]) -> int:
    """Declare a class of words by `test` of a lower-case word alone, whose answer for a word
    never changes (it reads fixed word lists only); its bit, for `words_in_class`.

    Several detectors each walked every distinct word of a text in Python to pick out the
    few they can use. Declared here, each word is tested once, when first seen in any text;
    a text's words then have their classes read in one pass in C (see `_classed_words`).
    """
    _WORD_CLASS_TESTS.append(test)
    _WORD_CLASSES.clear()  # (the words kept have no answer for the new class)
    return 1 << (len(_WORD_CLASS_TESTS) - 1)


def words_in_class(text: str, bit: int) -> list[str]:
    """The words of `word_index(text)` in the class of `bit` (see `word_class`), in its order."""
    words, classes = _classed_words(text)
    # (Each word's bits tested in C: `classes & bit` for each word, no step per word here.)
    return list(itertools.compress(words, map(bit.__and__, classes)))


@per_text_cache
def _classed_words(text: str) -> tuple[list[str], list[int]]:
    """The words of `word_index(text)` in one class or more, and their classes' bits (the
    two lists in the same order)."""
    words = list(_scan(text).index)
    # Most words are in no class, and most were seen in the texts before: their classes
    # are read with `map` (in C); the new words, found by `list.index` (in C), are tested.
    classes: list[int | None] = list(map(_WORD_CLASSES.get, words))
    k = _next_none(classes, 0)
    while k >= 0:
        word = words[k]
        bits = 0
        for number, test in enumerate(_WORD_CLASS_TESTS):
            if test(word):
                bits |= 1 << number
        classes[k] = bits
        if len(_WORD_CLASSES) < _WORD_CLASSES_SIZE:
            _WORD_CLASSES[word] = bits
        k = _next_none(classes, k + 1)
    return list(itertools.compress(words, classes)), list(filter(None, classes))


def _next_none(items: list[int | None], start: int) -> int:
    """The index of the first None in `items` from `start`, or -1."""
    try:
        return items.index(None, start)
    except ValueError:
        return -1


class _Scan:
    """What `_scan` learns about a text: its tokens and its word index (see `word_index`);
    and, once a detector asks, its tokens in each set of `cue_words` and the tokens' starts
    (for `index_of`; made in one call when first asked, instead of one step per word)."""

    __slots__ = ("cue_hits", "index", "starts", "tokens")

    def __init__(self, tokens: tuple[Token, ...], index: dict[str, list[Token]]) -> None:
        self.tokens = tokens
        self.index = index
        self.starts: list[int] | None = None
        self.cue_hits: list[list[Token] | None] | None = None

    def sort_into_cue_sets(self) -> list[list[Token] | None]:
        """Set `cue_hits`: for each set of `cue_words` by number, its tokens in text order,
        or None when the text holds none of its words.

        (None rather than an empty list of its own for each of the ninety sets, most of
        which a text holds no word of: one step in C instead of a fixed cost per text.)"""
        hits: list[list[Token] | None] = [None] * len(_CUE_SET_NUMBERS)
        index = self.index
        # The sets that hold two of the text's words or more: only their tokens need sorting
        # (one word's tokens are in text order already; most sets hold one of its words).
        mixed: dict[int, list[Token]] = {}
        # (The intersection walks the smaller side, the text's words, in C.) A set that holds
        # one of the text's words shares that word's list of the index (no caller changes
        # either); one that holds more has a list of its own, made when its second word comes.
        for word in index.keys() & _CUE_SETS_OF_WORD.keys():
            toks = index[word]
            for number in _CUE_SETS_OF_WORD[word]:
                found = hits[number]
                if found is None:
                    hits[number] = toks
                elif number in mixed:
                    found.extend(toks)
                else:
                    hits[number] = mixed[number] = found + toks
        for found in mixed.values():
            found.sort(key=_BY_START)
        self.cue_hits = hits
        return hits


@per_text_cache
def _scan(text: str) -> _Scan:
    """The tokens of `text` and its word index, built in one pass."""
    tokens: list[Token] = []
    index: dict[str, list[Token]] = {}
    gaps = _GAPS
    end = 0
    # The gaps and words tile the text (every character is a word character or not), so
    # offsets follow from their lengths, and `findall` spares a match object per word.
    # (The lists' own `append` is called each time: Python 3.11 runs `list.append(x)` in
    # place, and a bound method kept in a local as an ordinary call.)
    for gap, word in gaps_and_words(text):
        # Most gaps are one space; the others are few and recur (", ", ". ", "\n"): their
        # length and whether they open a sentence are read once (`_gap`). (The first word
        # opens a sentence whatever its gap: set after the loop, so the loop keeps no flag.)
        if gap == " ":
            start = end + 1
            opens = False
        else:
            gap_length, opens = gaps.get(gap) or _gap(gap)
            start = end + gap_length
        end = start + len(word)
        # (Made by the constructor, which the compiled engine (native.py) runs in C; an
        # interpreted engine's tokens were cheaper made bare, with their slots filled here.)
        tok = Token(start, end, word, opens)
        lower = tok.lower
        tokens.append(tok)
        # The word index: its keys in the order the words first come, a possessive under
        # its base's lower case, then under its own. (Written out twice, not as a helper or
        # `setdefault(key, [])`: this runs once per word of every text; a call or a new empty
        # list per word shows in the count, and a `defaultdict` index, tried in the
        # fifteenth round, made ~800-character documents slower.)
        same = index.get(lower)
        if same is None:
            index[lower] = [tok]
        else:
            same.append(tok)
        if tok.base_end != end:  # (a possessive)
            whole = word.lower()
            same = index.get(whole)
            if same is None:
                index[whole] = [tok]
            else:
                same.append(tok)
    if tokens:
        tokens[0].sentence_start = True
    return _Scan(tuple(tokens), index)


def _known_word_info(word: str) -> tuple[int, str, str, str, int]:
    """The length of `word` and its `_word_info`, kept in `_WORD_INFO` (bounded)."""
    base, lower, shape, cut = _word_info(word)
    info = (len(word), base, lower, shape, cut)
    if len(_WORD_INFO) < _WORD_INFO_SIZE:
        _WORD_INFO[word] = info
    return info


# The length and `_word_info` of the words seen in earlier texts: a short document's words
# are mostly words of the documents before it, and working out each one's case and
# possessive again was a tenth of reading it. Bounded; it holds single words, never a text.
_WORD_INFO: Final[dict[str, tuple[int, str, str, str, int]]] = {}
_WORD_INFO_SIZE: Final = 40_000
# The length of a gap between words and whether it opens a sentence (`_BREAK`), by gap,
# for the gaps of the texts read before (punctuation and blanks only). Bounded.
_GAPS: Final[dict[str, tuple[int, bool]]] = {}
_GAPS_SIZE: Final = 10_000


def _gap(gap: str) -> tuple[int, bool]:
    """The length of `gap` and whether it opens a sentence, kept in `_GAPS`."""
    info = (len(gap), _BREAK.search(gap) is not None)
    if len(_GAPS) < _GAPS_SIZE:
        _GAPS[gap] = info
    return info


# Possessive quantifiers (`*+`, `++`): each part of a word or gap is taken whole, and the
# classes either side of each part are disjoint, so what matches is what the greedy form
# matches; the engine only keeps no states to backtrack to (a tenth of the tokeniser's scan).
_GAP_WORD: Final = compiled(r"([\W_]*+)([^\W_]++(?:['\u2019][^\W_]++)*+)")
# The same for a text without "_", where `[^\W_]` is `\w`: written as a class that lists
# the ASCII letters and digits before `\w`, which the regex engine tests as one bitmap
# look-up, so most characters skip the Unicode category test (a fifth of the scan's regex
# time); the gap class lists the usual gaps before `\W` likewise. Same matches, a property
# test compares the two.
_GAP_WORD_NO_UNDERSCORE: Final = compiled(
    r"([ ,.\n\W]*+)([a-zA-Z0-9\w]++(?:['\u2019][a-zA-Z0-9\w]++)*+)"
)


def gaps_and_words(text: str) -> list[tuple[str, str]]:
    """`_GAP_WORD.findall(text)`: each word of `text` and the gap before it."""
    return (_GAP_WORD if "_" in text else _GAP_WORD_NO_UNDERSCORE).findall(text)


def _word_info(word: str) -> tuple[str, str, str, int]:
    """The base (possessive dropped), lower case, shape and possessive length of `word`."""
    base, cut = word, 0
    if word[-1] in "sS" and word[-2:] in _POSSESSIVES and len(word) > 2:
        base, cut = word[:-2], 2
    lower = base.lower()
    if "\u0307" in lower:
        # Turkish "İ" (dotted) lowers to "i" and a combining dot, which no word list holds
        # and which is no letter ("İlker" -> "ilker", a word in no dictionary).
        lower = lower.replace("i\u0307", "i")
    if lower == base:
        shape = "L" if base.islower() else ""
    elif base[0].isupper():
        shape = "U" if len(base) > 1 and base.isupper() else "C"
    else:
        shape = ""
    return base, lower, shape, cut


def words_of(fragment: str) -> Iterator[str]:
    """The lower-cased words of a short fragment, possessives dropped (no caching)."""
    for word in WORD.findall(fragment):  # (no groups: the words themselves, no match objects)
        if len(word) > 2 and word[-2:] in _POSSESSIVES:
            word = word[:-2]
        yield word.lower()


def word_index(text: str) -> dict[str, list[Token]]:
    """The tokens of `text` grouped by lower-case word (with and without a possessive)."""
    return _scan(text).index


def longest_word(text: str) -> int:
    """The length of the longest word of `text` (a word of `word_index`; 0 if none)."""
    # (A word's lower case is never shorter than the word: `_word_info` only undoes what
    # `lower` added.)
    return max(map(len, _scan(text).index), default=0)


def word_index_of(text: str, words: Collection[str]) -> dict[str, list[Token]]:
    """`word_index(text)` for the tokens of `words` (lower case, possessives dropped) only.

    For a text whose detectors ran in another process: making a token of every word of it
    again, to find the few that are names, would be most of the work left.
    """
    index: dict[str, list[Token]] = {}
    if not words:
        return index
    search = _BREAK.search
    first = True
    end = 0
    for gap, word in gaps_and_words(text):
        start = end + len(gap)
        end = start + len(word)
        opens = first
        first = False
        low = word.lower()
        if low not in words and not (low[-2:] in _LOWER_POSSESSIVES and low[:-2] in words):
            continue
        tok = Token(start, end, word, opens or (gap != " " and search(gap) is not None))
        index.setdefault(tok.lower, []).append(tok)
        if tok.base_end != end:
            index.setdefault(low, []).append(tok)
    return index


_LOWER_POSSESSIVES: Final = frozenset({"'s", "\u2019s"})


def index_of(text: str, tok: Token) -> int:
    """The position of `tok` in `tokenize(text)`."""
    return bisect.bisect_left(token_starts(text), tok.start)


def token_starts(text: str) -> list[int]:
    """Where each token of `tokenize(text)` starts, in order (for `bisect`, as `index_of`
    does, in a loop over many tokens). Shared: do not change it."""
    scan = _scan(text)
    starts = scan.starts
    if starts is None:
        starts = scan.starts = list(map(_BY_START, scan.tokens))
    return starts


def tokens_for(text: str, words: Iterable[str]) -> list[Token]:
    """The tokens of `text` that are one of `words` (lower case), in text order.

    For a set of `cue_words` the list is shared by every caller: do not change it.
    """
    scan = _scan(text)
    # (A set of `cue_words` is a frozenset, whose hash CPython keeps: one look-up; `type`
    # rather than `isinstance`, as most of the few dozen calls per text pass such a set.)
    number = _CUE_SET_NUMBERS.get(words) if type(words) is frozenset else None
    if number is not None:
        sorted_hits = scan.cue_hits
        if sorted_hits is None:
            sorted_hits = scan.sort_into_cue_sets()
        if number < len(sorted_hits):  # else a set declared after this text was sorted
            return sorted_hits[number] or _NO_TOKENS
    index = scan.index
    if isinstance(words, (set, frozenset)):
        # Intersect in C, walking the smaller side: a short text's own words, or the cue
        # words (most of them are not in the text).
        hits = words.intersection(index) if len(words) > len(index) else index.keys() & words
        found = [tok for word in hits for tok in index[word]]
    else:
        found = [tok for word in words for tok in index.get(word, ())]
    found.sort(key=_BY_START)
    return found


_BY_START: Final = operator.attrgetter("start")
# The tokens of a set of `cue_words` none of whose words a text holds (shared: see above).
_NO_TOKENS: Final[list[Token]] = []


def cued_matches(
    text: str, cues: frozenset[str], pattern: re.Pattern[str]
) -> Iterator[re.Match[str]]:
    """`pattern.match` at every word whose lower-case form is in `cues`.

    Much faster than `pattern.finditer` for patterns that begin with a long
    alternation of cue words, which the regex engine would try at every position.
    """
    cued = tokens_for(text, cues)
    # (No generator when the text holds no cue word, as for most sets and short texts.)
    return _matches_at(text, cued, pattern) if cued else _NO_MATCHES


_NO_MATCHES: Final[Iterator[re.Match[str]]] = iter(())


def _matches_at(text: str, cued: list[Token], pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """`pattern.match` at each token of `cued` (in text order), once per start."""
    seen = -1
    for tok in cued:
        if tok.start == seen:
            continue
        seen = tok.start
        m = pattern.match(text, tok.start)
        if m is not None:
            yield m


# A run of digits, written to begin with one digit (`\d+` begins with a repeat): the regex
# engine then skips to the next digit with one class test per character instead of trying
# the whole pattern at every character (half the cost of the tokeniser's own scan). On an
# ASCII text `[0-9]` is `\d`, and a bitmap test instead of a Unicode category test.
_DIGITS: Final = compiled(r"\d\d*+")
_ASCII_DIGITS: Final = compiled(r"[0-9][0-9]*+")
BEFORE_DIGITS: Final = 40
AFTER_DIGITS: Final = 64


@per_text_cache
def _digit_runs(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Where each run of digits in `text` begins, and where it ends."""
    starts: list[int] = []
    ends: list[int] = []
    for m in (_ASCII_DIGITS if text.isascii() else _DIGITS).finditer(text):
        start, end = m.span()
        starts.append(start)
        ends.append(end)
    return tuple(starts), tuple(ends)


@per_text_cache
def digit_windows(text: str) -> tuple[tuple[int, int], ...]:
    """Stretches of `text` around its digits, merged: where number-shaped identifiers can be."""
    starts, ends = _digit_runs(text)
    if not starts:
        return ()
    # The runs end in order, so a run's window joins the one before unless the run begins
    # more than BEFORE_DIGITS + AFTER_DIGITS characters after the last run's end: where
    # those gaps are is found in C, and each window spans its runs from first to last.
    reach = BEFORE_DIGITS + AFTER_DIGITS
    gaps = map(operator.sub, starts[1:], ends)
    breaks = list(itertools.compress(range(1, len(starts)), map(reach.__lt__, gaps)))
    firsts = [0, *breaks]
    lasts = [k - 1 for k in breaks]
    lasts.append(len(starts) - 1)
    return tuple(
        (max(0, starts[first] - BEFORE_DIGITS), ends[last] + AFTER_DIGITS)
        for first, last in zip(firsts, lasts, strict=True)
    )


def digit_starts(text: str) -> tuple[int, ...]:
    """Where each run of digits in `text` begins."""
    return _digit_runs(text)[0]


def digit_between(text: str, lo: int, hi: int) -> bool:
    """Is there a digit in `text[lo:hi]`? (From the runs of digits found once per text.)"""
    starts, ends = _digit_runs(text)
    k = bisect.bisect_right(ends, lo)  # the first run that ends after `lo`
    return k < len(starts) and max(starts[k], lo) < hi


# The least number of digits the matches of some patterns begin with, declared beside each
# pattern (`begins_with_digits`), by the pattern's id (a pattern's own hash reads its code).
_LEAST_DIGITS: Final[dict[int, tuple[re.Pattern[str], int]]] = {}


def begins_with_digits(pattern: re.Pattern[str], least: int) -> re.Pattern[str]:
    """`pattern`, declared to begin each match with `least` digits or more (a test reads
    the pattern and checks it): `digit_matches` tries it only at runs of digits that long.

    Most runs of digits in a text are short (a day, an hour, a count), and a pattern for a
    postal code or an account number fails at each of them, one call each.
    """
    _LEAST_DIGITS[id(pattern)] = (pattern, least)
    return pattern


@per_text_cache
def _long_run_starts(text: str) -> dict[int, tuple[int, ...]]:
    """Where the runs of digits of `text` at least so long begin, by length (filled as asked)."""
    return {}


def _starts_of_runs(text: str, least: int) -> tuple[int, ...]:
    """Where each run of `least` digits or more in `text` begins."""
    if least <= 1:
        return _digit_runs(text)[0]
    known = _long_run_starts(text)
    starts = known.get(least)
    if starts is None:
        # (The runs' lengths compared in C: `end - start >= least` for each run.)
        all_starts, ends = _digit_runs(text)
        long_enough = map(least.__le__, map(operator.sub, ends, all_starts))
        starts = known[least] = tuple(itertools.compress(all_starts, long_enough))
    return starts


def digit_matches(pattern: re.Pattern[str], text: str, lead: str = "") -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a pattern that can only begin where a run of digits
    begins (or one character earlier, when that character is in `lead`, such as "+(").

    Much faster than `near_digits` for such patterns: one `match` per run of digits.
    Matches do not overlap, as with `finditer`.
    """
    if lead:
        # (No generator when the text holds no digit: a dozen calls per text.)
        return _led_digit_matches(pattern, text, lead) if digit_starts(text) else _NO_MATCHES
    # A run shorter than the digits the pattern begins with cannot start a match.
    declared = _LEAST_DIGITS.get(id(pattern))
    starts = _starts_of_runs(text, declared[1] if declared is not None else 1)
    return _matches_at_starts(pattern, text, starts) if starts else _NO_MATCHES


def _matches_at_starts(
    pattern: re.Pattern[str], text: str, starts: tuple[int, ...]
) -> Iterator[re.Match[str]]:
    """`digit_matches` without `lead`: `pattern.match` at each of `starts`, no overlaps."""
    # A pattern tried at every run's start in one call (`map` runs the loop in C): the
    # match at a start does not depend on the matches before it, so trying the starts
    # inside an earlier match too, and dropping those matches, changes nothing.
    last_end = -1
    for found in filter(None, map(pattern.match, itertools.repeat(text), starts)):
        if found.start() >= last_end:
            last_end = found.end()
            yield found


def _led_digit_matches(pattern: re.Pattern[str], text: str, lead: str) -> Iterator[re.Match[str]]:
    """`digit_matches` with `lead`."""
    last_end = -1
    match = pattern.match
    for start in digit_starts(text):
        if start < last_end:
            continue
        m: re.Match[str] | None = None
        if start > 0 and text[start - 1] in lead and start - 1 >= last_end:
            m = match(text, start - 1)
        if m is None:
            m = match(text, start)
        if m is not None:
            last_end = m.end()
            yield m


def at_line_starts(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a pattern that begins with `(?m)^` and never matches
    nothing: its match at each line's start after the last match (the regex engine tried
    every character)."""
    # Tried at every line's start in one call (`map` runs the loop in C): the match at a
    # line's start does not depend on the matches before it, so trying the lines inside an
    # earlier match too, and dropping those matches, changes nothing (as `digit_matches`).
    last_end = 0
    for m in filter(None, map(pattern.match, itertools.repeat(text), _line_starts(text))):
        if m.start() >= last_end:
            last_end = m.end()
            yield m


@per_text_cache
def _line_starts(text: str) -> tuple[int, ...]:
    """Where each line of `text` begins (after its last newline too, at its end)."""
    starts = [0]
    at = text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return tuple(starts)


def lines_holding(text: str, part: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of `text` that holds a match of `part`, in order; `end` is
    the line's newline, or the end of the text.

    For `pattern.finditer(text)` where no match of `pattern` crosses a line's end and each
    holds a match of `part` (a literal the regex engine skips to): `pattern.finditer(text,
    start, end)` on these lines finds the same matches, when `pattern` reads the end of a
    line as it reads the end of the text (a look-behind still sees the newline before a
    line). For a pattern that begins with a look-behind or a word boundary, which the regex
    engine tries at every character of the text, instead of on the few lines that matter.
    """
    end = -1
    for m in part.finditer(text):
        if m.start() < end:
            continue  # (on the line given last)
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        if end < 0:
            end = len(text)
        yield start, end


def forget_texts() -> None:
    """Drop the cached words, digit runs and dates of the last texts (see `tokenize`)."""
    for cache in _PER_TEXT_CACHES:
        cache.cache_clear()


# A part that every match of some patterns holds, declared beside each pattern (`holding`),
# by the pattern's id (as `_LEAST_DIGITS`).
_PARTS: Final[dict[int, tuple[re.Pattern[str], re.Pattern[str]]]] = {}


def holding(pattern: re.Pattern[str], part: str) -> re.Pattern[str]:
    """`pattern`, declared to hold a match of `part` inside each of its matches: `near_digits`
    searches a stretch of text for `pattern` only where it finds `part` there.

    For a pattern the regex engine tries at most characters of a stretch (one that begins
    with a look-behind, or with a class of hex digits, which most words hold), and a part
    it skips to in one step: one that begins with a literal character ("." or ":" of an IP
    address). Most stretches around digits (dates, times, counts) hold no such part.
    """
    _PARTS[id(pattern)] = (pattern, compiled(part))
    return pattern


def near_digits(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a pattern that must contain a digit, searched only near
    digits (look-behinds still see the whole text). A match must lie within
    BEFORE_DIGITS characters before and AFTER_DIGITS after a digit."""
    last_end = -1
    declared = _PARTS.get(id(pattern))
    part = declared[1] if declared is not None else None
    for lo, hi in digit_windows(text):
        hi = min(hi, len(text))
        if part is not None and part.search(text, lo, hi) is None:
            continue  # (no match of `pattern` lies here: each would hold one of `part`)
        for m in pattern.finditer(text, lo, hi):
            if m.start() >= last_end:
                last_end = m.end()
                yield m
