"""Lines written in another language than English, inside an English record.

Notes quote clients in the language they spoke ("Le client présente une incongruence de
genre ...", a letter in French, a Tagalog or Urdu sentence), and the name rules, which read
English, take its short function words for names: "Le", "Les", "Une" are given names or
surnames of some list, and once one is taken, every "le" of the text was followed. A line
whose words in lower case are mostly in no English dictionary is read as another
language's: there a word of three letters or fewer found only by a name list is none, and
a name found elsewhere is not followed into it in lower case. (Issue 13, fifteenth session,
source clinical-notes-2: no line of any other source's dev part reads so, e-mail headers
apart, which are left out.)
"""

from __future__ import annotations

from typing import Final

from sealbook.core.deid.lexicon import closed_class, common_words
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.tokens import per_text_cache

# Words in lower case of two letters or more, accented letters too.
_LOWER_WORD: Final = compiled(r"(?<![\w'\u2019-])[^\W\d_A-Z\u00c0-\u00de]{2,}(?![\w'\u2019-])")
# The least number of lower-case words a line needs to be judged, and the share of them in
# an English dictionary below which it is another language's.
LEAST_WORDS: Final = 5
ENGLISH_SHARE: Final = 0.5


@per_text_cache
def _verdicts(text: str) -> dict[int, bool]:
    """Whether each line of `text` read so far is in another language, by its start (filled
    as asked: most texts never ask, and those that do ask of a few lines)."""
    return {}


def in_another_language_line(text: str, position: int) -> bool:
    """Is `position` of `text` on a line written in another language?"""
    start = text.rfind("\n", 0, position) + 1
    known = _verdicts(text)
    verdict = known.get(start)
    if verdict is None:
        end = text.find("\n", position)
        line = text[start : end if end >= 0 else len(text)]
        verdict = known[start] = _another_language(line)
    return verdict


def _another_language(line: str) -> bool:
    if "@" in line:
        return False  # (an e-mail header's address reads as no language)
    words = _LOWER_WORD.findall(line)
    if len(words) < LEAST_WORDS:
        return False
    english, closed = common_words(), closed_class()
    known = sum(1 for w in words if w in english or w in closed)
    return known < ENGLISH_SHARE * len(words)
