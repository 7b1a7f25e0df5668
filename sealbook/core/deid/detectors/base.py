"""The detector registry: every detector is registered here, by name."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from sealbook.core.deid.spans import Label, Span

if TYPE_CHECKING:
    from sealbook.core.deid.roster import CompiledRoster


@dataclass(frozen=True, slots=True)
class DetectionContext:
    """What a detector may use beside the text: the practice's roster, when there is one."""

    roster: CompiledRoster | None = None


FindFunction = Callable[[str, DetectionContext], Iterable[Span]]


@dataclass(frozen=True, slots=True)
class Detector:
    """A named detector: `find(text, context)` yields spans of the kinds in `labels`."""

    name: str
    labels: frozenset[Label]
    find: FindFunction
    description: str


REGISTRY: Final[dict[str, Detector]] = {}


def register(
    name: str, labels: Iterable[Label], description: str
) -> Callable[[FindFunction], FindFunction]:
    """Decorator: register `find` as the detector `name`."""

    def decorate(find: FindFunction) -> FindFunction:
        if name in REGISTRY:
            raise ValueError(f"detector {name!r} is registered twice")
        REGISTRY[name] = Detector(name, frozenset(labels), find, description)
        return find

    return decorate


def preceding(text: str, start: int, width: int = 40) -> str:
    """The lower-cased `width` characters before `start`, for context cues."""
    return text[max(0, start - width) : start].lower()


# Abbreviations whose full stop belongs to the word ("12 Elm St.", "Acme Inc."), so a span
# that ends with one keeps it.
ABBREVIATIONS: Final = frozenset(
    {
        "st", "ste", "ave", "av", "rd", "blvd", "dr", "ln", "ct", "pl", "sq", "hwy", "pkwy",
        "apt", "str", "inc", "ltd", "co", "corp", "bros", "dept", "assn", "jr", "sr", "mt",
        "ft", "no", "nr", "univ",
    }
)  # fmt: skip


def before_full_stop(text: str, start: int, end: int) -> int:
    """`end`, or the offset of the full stop that ends the span when it ends the sentence
    rather than an abbreviation ("Blue Harbor Church." but "Acme Inc.", "Ken N.", "U.S."),
    or a number ("Andrássy út 22., Budapest": a blank or the end of the text follows it)."""
    if end - start < 2 or text[end - 1] != ".":
        return end
    if end < len(text) and not text[end].isspace():
        return end
    words = text[start : end - 1].split()
    word = words[-1] if words else ""
    # (An initial's full stop stays: "Ken N."; a house number of one digit ends a sentence.)
    if (len(word) <= 1 and not word.isdigit()) or "." in word or word.lower() in ABBREVIATIONS:
        return end
    return end - 1
