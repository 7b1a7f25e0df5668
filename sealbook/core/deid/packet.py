"""A case packet: the documents a clinician shares together, de-identified consistently.

The web flow (APA 4.06/4.07) is: `findings = packet.analyse(text)`, shown with
their reasons; the clinician rejects some and marks others; `review(...)`
turns that into the final spans; `packet.apply(text, spans)` gives the text to
share. `packet.deidentify(text)` does all three without a reviewer (the CLI).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from sealbook.core.deid.engine import analyse, name_words
from sealbook.core.deid.operators import (
    Operator,
    Pseudonymiser,
    apply_operator,
    replacement_for,
)
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.policies import Policy, get_policy
from sealbook.core.deid.roster import CompiledRoster, Roster
from sealbook.core.deid.spans import Label, Span, resolve_overlaps

SECRET_BYTES = 32
_WORD_GAPS = compiled(r"[\s-]+")
MAX_ROUNDS = 3


@dataclass(frozen=True, slots=True)
class Deidentified:
    """De-identified text and the spans of the input that were replaced."""

    text: str
    spans: tuple[Span, ...]


def review(
    findings: Iterable[Span], rejected: Iterable[Span] = (), added: Iterable[Span] = ()
) -> list[Span]:
    """Findings less those the reviewer rejected, plus the spans the reviewer marked.

    A marked span wins over any finding it overlaps (score 1.0 is the highest).
    """
    dropped = {(s.start, s.end, s.label) for s in rejected}
    kept = [s for s in findings if (s.start, s.end, s.label) not in dropped]
    marked = [
        Span(s.start, s.end, s.label, s.detector or "reviewer",
             s.reason or "marked by the reviewer", 1.0, s.client_refs, s.entity)
        for s in added
    ]  # fmt: skip
    return resolve_overlaps([*kept, *marked])


class Packet:
    """De-identifies the documents of one packet under one policy, operator and secret.

    The secret (32 random bytes unless given) keys the pseudonyms and the date
    shift; keep it with the packet, encrypted, if more documents are to be
    added later, and never show it. `roster` may be a `Roster` or a compiled one.
    """

    def __init__(
        self,
        policy: Policy | str = "safe-harbor",
        operator: Operator | str = Operator.REDACT,
        roster: Roster | CompiledRoster | None = None,
        secret: bytes | None = None,
        date_shift_days: int | None = None,
    ) -> None:
        self.policy = get_policy(policy) if isinstance(policy, str) else policy
        self.operator = Operator(operator)
        self.roster = roster.compile() if isinstance(roster, Roster) else roster
        self.secret = secret if secret is not None else secrets.token_bytes(SECRET_BYTES)
        self._pseudonyms = Pseudonymiser(self.secret, date_shift_days)
        # Name words found in earlier documents, so every later mention is found too.
        self._names: dict[str, Label] = {}

    @property
    def date_shift_days(self) -> int:
        return self._pseudonyms.date_shift_days

    @property
    def seeds(self) -> Mapping[str, Label]:
        """The name words found so far, with their labels, in the order found (read-only):
        what `engine.analyse` is given as `seeds` for the next document."""
        return MappingProxyType(self._names)

    def analyse(
        self,
        text: str,
        detected: Iterable[Span] | None = None,
        analysed: Iterable[Span] | None = None,
    ) -> list[Span]:
        """Findings in `text` of the kinds this packet's policy removes, each with its reason.

        Names found here are remembered, so later documents of the packet find
        their other mentions too. `detected`: see `engine.analyse`. `analysed`:
        `engine.analyse(text, self.roster, seeds=self.seeds)` made elsewhere, with the seeds
        as they are now (`sealbook deid` analyses the chunks of a large file in other
        processes, each once the chunks before it are done here).
        """
        if analysed is not None:
            spans = list(analysed)
        else:
            spans = analyse(text, self.roster, seeds=self._names, detected=detected)
        for word, label in name_words(text, spans).items():
            if word not in self._pseudonyms.issued:
                self._names.setdefault(word, label)
        return [s for s in spans if s.label in self.policy.labels]

    def new_findings(self, text: str) -> list[Span]:
        """Findings other than the surrogates and shifted dates this packet wrote itself."""
        issued = self._pseudonyms.issued
        found = self.analyse(text)
        if not found:
            return []
        # A finding that holds a whole surrogate, word for word ("Tammy Barry Mi", "CY
        # Jeff"), is that surrogate read with the words beside it, which the analysis of the
        # input did not take for identifiers: not a new identifier. (A surrogate glued into
        # one word, "Jeffson", is not held word for word, and counts.)
        surrogates = [tuple(w for w in _WORD_GAPS.split(name) if w) for name in issued]
        return [s for s in found if not _holds_surrogate(s.text_in(text).lower(), surrogates)]

    def apply(self, text: str, spans: Iterable[Span]) -> str:
        """Replace the (reviewed) spans of `text` with this packet's operator."""
        return apply_operator(text, resolve_overlaps(spans, text), self.operator, self._pseudonyms)

    def deidentify(
        self,
        text: str,
        detected: Iterable[Span] | None = None,
        analysed: Iterable[Span] | None = None,
    ) -> Deidentified:
        """Analyse once and apply, without review.

        The output is not analysed again: a placeholder ("[NAME]") holds no letter
        of the text it replaced, no digit and no lower-case word, and a surrogate or
        shifted date is one this packet issued, so a replacement can make a new
        identifier only by gluing onto a word or number it touches ("[NAME]son",
        "Ann[DATE]"). Only the short stretches of output around such joins are
        analysed again (`_glued_windows`), and their new findings replaced too.
        `detected`, `analysed`: see `analyse`.
        """
        spans = self.analyse(text, detected, analysed)  # non-overlapping and in order already
        out, placed = self._apply_placed(text, spans)
        for _ in range(MAX_ROUNDS - 1):
            again: list[Span] = []
            for lo, hi in _glued_windows(out, placed):
                window = out[lo:hi]
                again.extend(_moved_by(s, lo) for s in self.new_findings(window))
            if not again:
                break
            out, placed = self._apply_placed(out, resolve_overlaps(again, out))
        # (`_apply_placed` needs non-overlapping spans in order.)
        return Deidentified(out, tuple(spans))

    def _apply_placed(self, text: str, spans: Iterable[Span]) -> tuple[str, list[tuple[int, int]]]:
        """`apply` of non-overlapping `spans` in order, and where each replacement lies in
        the output."""
        out: list[str] = []
        placed: list[tuple[int, int]] = []
        last = 0
        length = 0
        for span in spans:
            before = text[last : span.start]
            out.append(before)
            length += len(before)
            piece = replacement_for(span, text[span.start : span.end], self.operator,
                                    self._pseudonyms)  # fmt: skip
            out.append(piece)
            placed.append((length, length + len(piece)))
            length += len(piece)
            last = span.end
        out.append(text[last:])
        return "".join(out), placed


# How much output either side of a join is analysed again: a name or number and its cue.
GLUE_CONTEXT = 48


def _glued_windows(out: str, placed: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of `out` around replacements glued to a letter or digit, merged."""
    windows: list[tuple[int, int]] = []
    for start, end in placed:
        glued = (
            (start > 0 and _glues(out[start - 1]))
            or (end < len(out) and _glues(out[end]) and not _POSSESSIVE_AFTER.match(out, end))
            or _hyphen_joined(out, start, end)
        )
        if not glued:
            continue
        lo, hi = max(0, start - GLUE_CONTEXT), min(len(out), end + GLUE_CONTEXT)
        # Whole words only: widen to the blanks around the window.
        while lo > 0 and not out[lo - 1].isspace():
            lo -= 1
        while hi < len(out) and not out[hi].isspace():
            hi += 1
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
        else:
            windows.append((lo, hi))
    return windows


def _glues(char: str) -> bool:
    """Does `char` join what it touches into one word or token ("Ann'[NAME]", "[NAME]son",
    "[NAME]@example.org")? A hyphen does not: words are read on either side of it
    ("[AGE_OVER_89]-year-old")."""
    return char.isalnum() or char in "'\u2019@/"


def _holds_surrogate(found: str, surrogates: list[tuple[str, ...]]) -> bool:
    words = tuple(w for w in _WORD_GAPS.split(found) if w)
    for surrogate in surrogates:
        n = len(surrogate)
        if n and any(words[k : k + n] == surrogate for k in range(len(words) - n + 1)):
            return True
    return False


def _hyphen_joined(out: str, start: int, end: int) -> bool:
    """Is a surrogate (a word, not a "[PLACEHOLDER]") joined by a hyphen to a word of the
    text ("Raines-A")? The name detector reads a hyphenated word as one name, so the join
    may be a new name; a placeholder's brackets end every word."""
    if out[start] == "[":
        return False
    after = end + 1 < len(out) and out[end] == "-" and out[end + 1].isalnum()
    before = start > 1 and out[start - 1] == "-" and out[start - 2].isalnum()
    return after or before


# "[NAME]'s": a possessive after a replacement makes no new word.
_POSSESSIVE_AFTER = compiled(r"['\u2019][sS](?![^\W_])")


def _moved_by(span: Span, offset: int) -> Span:
    return Span(span.start + offset, span.end + offset, span.label, span.detector, span.reason,
                span.score, span.client_refs, span.entity)  # fmt: skip


def leak_check(text: str, roster: Roster | CompiledRoster | None = None) -> list[Span]:
    """Every direct identifier or roster hit in `text` (empty when the text is clean)."""
    compiled = roster.compile() if isinstance(roster, Roster) else roster
    from sealbook.core.deid.policies import SAFE_HARBOR

    return [s for s in analyse(text, compiled) if s.label in SAFE_HARBOR.labels or s.client_refs]
