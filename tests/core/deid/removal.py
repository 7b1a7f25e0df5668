"""What the engine removes from a sentence, for the tests of its mechanisms: which letters
and digits a policy takes out, and which labels cover a part of the text."""

from __future__ import annotations

from sealbook.core.deid import analyse
from sealbook.core.deid.policies import SAFE_HARBOR, Policy
from sealbook.core.deid.spans import Label


def removed(text: str, policy: Policy = SAFE_HARBOR) -> set[int]:
    """The offsets of the letters and digits `policy` removes from `text`."""
    return {
        i
        for s in analyse(text)
        if s.label in policy.labels
        for i in range(s.start, s.end)
        if text[i].isalnum()
    }


def all_removed(text: str, part: str, policy: Policy = SAFE_HARBOR) -> bool:
    """Is every letter and digit of `part` (its first occurrence) removed?"""
    at = text.index(part)
    gone = removed(text, policy)
    return all(i in gone for i in range(at, at + len(part)) if text[i].isalnum())


def none_removed(text: str, part: str, policy: Policy = SAFE_HARBOR) -> bool:
    """Is nothing of `part` (its first occurrence) removed?"""
    at = text.index(part)
    gone = removed(text, policy)
    return not any(i in gone for i in range(at, at + len(part)))


def labels_over(text: str, part: str) -> set[Label]:
    """The labels of every span that touches `part` (its first occurrence)."""
    at = text.index(part)
    return {s.label for s in analyse(text) if s.start < at + len(part) and s.end > at}
