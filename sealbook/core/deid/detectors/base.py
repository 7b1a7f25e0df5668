"""The detector registry: every detector is registered here, by name."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

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


REGISTRY: dict[str, Detector] = {}


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
