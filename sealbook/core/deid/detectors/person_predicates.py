"""What only a person is or does, said right after a word that opens a sentence.

A name-list word that is an ordinary word too ("John", "Carol", "Cooper", "Hope") opening a
sentence is a name only when what follows could be said of a person alone: where one
lives ("lives on Via Tasso 12"), a trait of character ("is very reliable", "is so
impulsive"), what one is ("is a very sympathetic person"), handing someone one's address
("had given Amir his address"), or shouting at someone ("shouted at Velta:"). A word that
names a thing, a season or a virtue takes none of them: "Hope is important", "Rose lives
in the garden", "Work is very busy". `name_rules._takes_up` asks `person_predicate` of a
sentence's first word.
"""

from __future__ import annotations

from typing import Final

from sealbook.core.deid.patterns import compiled

# The traits of a person's character (not of a thing: "busy", "important", "quiet", "late"
# are left out, as a day, a place or a task is those too).
_TRAITS: Final = (
    r"(?:reliable|dependable|trustworthy|impulsive|sympathetic|empathetic|generous|stubborn|"
    r"kind|kind-hearted|honest|shy|rude|polite|lazy|hard-working|hardworking|talented|"
    r"selfish|moody|caring|considerate|thoughtful|outgoing|introverted|extroverted|arrogant|"
    r"humble|patient|impatient|friendly|unfriendly|reckless|cheerful|grumpy|jealous|"
    r"ambitious|loyal|clever|witty|charming|sensitive|insecure|confident)"
)
# What is said of a person: "is", "was" and an adverb of degree, then a trait; "is a very
# sympathetic person"; where one lives, before a house number or a capitalised street or
# town; one's address, number or e-mail handed to someone.
_PERSON_PREDICATE: Final = compiled(
    r" (?:is|was|seems|seemed)(?: (?:very|so|really|always|quite|extremely|incredibly|too))?"
    r" " + _TRAITS + r"\b|"
    r" (?:is|was) (?:a|an|such an?)(?: (?:very|really|truly|most))?"
    r" [a-z-]+ (?:person|man|woman|guy|girl|boy|lady|gentleman|individual|soul)\b|"
    r" (?:lives|lived|resides|resided) (?:on|at|in) (?:\d|[^\W\d_a-z])|"
    r" (?:had |has )?(?:given|gave) (?:\w+ )(?:his|her|their) (?:home )?"
    r"(?:address|phone number|number|e-mail|email)\b|"
    # Shouting or winking at someone named, or at a person's pronoun.
    r" (?:shouted|yelled|screamed|snapped|winked|smiled|sneered) at"
    r" (?:him|her|me|us|them|[^\W\d_a-z][\w'\u2019-]*[:,!])"
)
# "Why is Brewer so impulsive?": the same traits asked about, the name after the verb.
_ASKED_TRAIT: Final = compiled(r" (?:so|very|really|always) " + _TRAITS + r"\b")


def person_predicate(text: str, end: int) -> bool:
    """Does what only a person is or does follow the word that ends at `end`?"""
    return _PERSON_PREDICATE.match(text, end) is not None


def asked_trait(text: str, end: int) -> bool:
    """Does "so impulsive", "always reliable" follow the word that ends at `end`?"""
    return _ASKED_TRAIT.match(text, end) is not None
