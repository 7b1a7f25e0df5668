"""Social media handles: "@sunny_vibes_91", "snap: maren.l", "her username is kit_22".

A handle names one account, so one person: Safe Harbor's "any other unique identifying
number, characteristic or code" (item R). Two shapes: an "@" that opens a word (not an
e-mail address's, which has a word before it; not "@ 4:30" or "@3pm", a time), and the
word after a platform's name or "username" and a colon or "is" ("insta: luna.moth").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import cue_words, cued_matches

# A handle's characters: letters, digits, "_" and inner full stops (Instagram's, TikTok's).
_HANDLE: Final = r"[^\W][\w.]{0,28}[^\W]|[^\W]"
_AT_HANDLE: Final = compiled(r"@(?P<handle>" + _HANDLE + r")")
# A time written after "@" ("@3pm", "@ 10:30", "@4"): a meeting's hour, no account.
_TIME: Final = compiled(r"\d{1,2}(?:[:.]\d\d)?(?:am|pm)?", re.IGNORECASE)
# The word after a platform's name or "username", a colon, "is" or "as" between them.
_PLATFORM_WORDS: Final = (
    "snap snapchat insta instagram ig twitter tiktok facebook fb discord telegram reddit "
    "threads bluesky mastodon twitch youtube handle username usernames gamertag psn xbox steam"
)
_AFTER_PLATFORM: Final = compiled(
    r"(?i:snap(?:chat)?|insta(?:gram)?|ig|twitter|tiktok|facebook|fb|discord|telegram|reddit|"
    r"threads|bluesky|mastodon|twitch|youtube|handle|usernames?|gamertag|psn|xbox|steam)"
    r"(?i:[ \t]+(?:handle|name|username|account|id))?"
    r"(?:[ \t]*:[ \t]*|[ \t]+(?i:is|as)[ \t]+)@?(?P<handle>" + _HANDLE + r")"
)
_PLATFORM_CUES: Final = cue_words(_PLATFORM_WORDS.split())
# A handle after a platform must look made, not like a word of the sentence ("insta: no
# account", "username is unknown"): a digit, "_" or an inner full stop in it.
_MADE: Final = compiled(r".*(?:\d|_|\.\w)")


@register("social_handle", [Label.ID], "social media handles: '@name', 'insta: name'")
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    at = text.find("@")
    while at >= 0:
        m = _AT_HANDLE.match(text, at)
        # An "@" after a word or a full stop belongs to an e-mail address ("kit@x.org").
        opens = at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "._-+")
        if m is not None and opens and not _TIME.fullmatch(m.group("handle")):
            yield Span(m.start(), m.end(), Label.ID, "social_handle",
                       "a social media handle ('@name')", 0.85)  # fmt: skip
        at = text.find("@", at + 1)
    for m in cued_matches(text, _PLATFORM_CUES, _AFTER_PLATFORM):
        if _MADE.match(m.group("handle")):
            yield Span(m.start("handle"), m.end("handle"), Label.ID, "social_handle",
                       "a handle after a platform's name", 0.85)  # fmt: skip
