"""The practice roster: identifiers of its clients and their contacts, known in advance.

The web side fills a `Roster` from the vault while the practice is unsealed and
hands it to the engine; nothing here reads or stores it. `CompiledRoster` is the
in-memory index the roster detector searches. Both hold plaintext identifiers:
keep them only as long as the request or command that needs them, never in a
cache, a log or an exception.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

from sealbook.core.deid.lexicon import common_words, commoner_name, name_variants
from sealbook.core.deid.spans import Label
from sealbook.core.deid.tokens import WORD

TYPO_MIN_LENGTH: Final = 5  # one-edit typos are matched for names of five letters or more


def typo_distance(a: str, b: str) -> int:
    """How many letters added, dropped, changed or swapped with the next turn `a` into `b`
    (the optimal string alignment distance)."""
    # Imported here: only a roster asks, and loading rapidfuzz was a twentieth of the
    # start of `sealbook deid --no-roster`.
    from rapidfuzz.distance import OSA

    distance: int = OSA.distance(a, b)
    return distance


@dataclass(frozen=True, slots=True)
class RosterContact:
    """A relative, emergency contact or other person linked to a client."""

    names: tuple[str, ...] = ()
    nicknames: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    relation: str = ""


@dataclass(frozen=True, slots=True)
class RosterClient:
    """One client's known identifiers; `client_ref` is an opaque UUID string, never a name."""

    client_ref: str
    names: tuple[str, ...] = ()
    nicknames: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    dates_of_birth: tuple[datetime.date, ...] = ()
    employers: tuple[str, ...] = ()
    schools: tuple[str, ...] = ()
    contacts: tuple[RosterContact, ...] = ()


@dataclass(frozen=True, slots=True)
class Roster:
    """The known identifiers of a practice's clients, as the engine receives them."""

    clients: tuple[RosterClient, ...] = ()

    def compile(self) -> CompiledRoster:
        return CompiledRoster.build(self)


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """What a roster phrase stands for: which client, which kind, which part of a name."""

    client_ref: str
    label: Label
    entity: str
    what: str  # for the reviewer: "name", "nickname", "employer"...


_STREET_SUFFIXES: Final = {
    "street": "st", "avenue": "ave", "road": "rd", "boulevard": "blvd", "lane": "ln",
    "drive": "dr", "court": "ct", "place": "pl", "terrace": "ter", "circle": "cir",
    "parkway": "pkwy", "highway": "hwy", "square": "sq", "trail": "trl", "apartment": "apt",
    "suite": "ste", "north": "n", "south": "s", "east": "e", "west": "w",
}  # fmt: skip
_SUFFIX_BACK: Final = {v: k for k, v in _STREET_SUFFIXES.items()}


def words(text: str) -> tuple[str, ...]:
    return tuple(m.group().lower() for m in WORD.finditer(text))


def digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _address_variants(address: str) -> set[tuple[str, ...]]:
    """The street line of an address and its abbreviated or spelled-out forms."""
    out: set[tuple[str, ...]] = set()
    for part in re.split(r"[,\n]", address):
        toks = words(part)
        if len(toks) < 2:
            continue
        forms = [toks]
        if (
            toks[0].isdigit()
            and len(toks) > 2
            and (toks[-1] in _STREET_SUFFIXES or toks[-1] in _SUFFIX_BACK)
        ):
            forms.append(toks[1:])  # "Maple St": the client's street, without the house number
        for form in forms:
            out.add(form)
            out.add(tuple(_STREET_SUFFIXES.get(t, t) for t in form))
            out.add(tuple(_SUFFIX_BACK.get(t, t) for t in form))
        if not any(c.isdigit() for c in part):
            break  # after the street line comes the town, which is not this client's alone
    return out


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@dataclass(slots=True)
class CompiledRoster:
    """Indexes of a roster for fast matching; build with `Roster.compile()`."""

    phrases: dict[tuple[str, ...], list[RosterEntry]] = field(default_factory=dict)
    first_words: dict[str, set[int]] = field(default_factory=dict)
    typo_index: dict[str, set[str]] = field(default_factory=dict)
    typo_lengths: set[int] = field(default_factory=set)
    phones: dict[str, list[RosterEntry]] = field(default_factory=dict)
    emails: dict[str, list[RosterEntry]] = field(default_factory=dict)
    dates_of_birth: dict[datetime.date, list[RosterEntry]] = field(default_factory=dict)
    client_count: int = 0

    @classmethod
    def build(cls, roster: Roster) -> CompiledRoster:
        phrases: dict[tuple[str, ...], list[RosterEntry]] = defaultdict(list)
        compiled = cls(client_count=len(roster.clients))

        def add(phrase: Iterable[str], entry: RosterEntry) -> None:
            key = tuple(phrase)
            if key and entry not in phrases[key]:
                phrases[key].append(entry)

        def add_name(full: str, ref: str, label: Label, person: str, nick: bool) -> None:
            parts = words(full)
            if not parts:
                return
            what = "nickname" if nick else "name"
            if label is Label.RELATIVE:
                what = f"contact's {what}"
            if len(parts) > 1:
                add(parts, RosterEntry(ref, label, f"roster:{ref}:{person}:full", what))
            given = parts[0]
            if len(given) == 1 and len(parts) > 1:
                given = ""  # an initial ("I.A.", "J. Okafor") is no name alone: "I" is a word
            for variant in name_variants(given) if given else ():
                if (
                    variant != given
                    and typo_distance(variant, given) <= 1
                    and commoner_name(variant, given)
                ):
                    continue  # "Kelly" for "Kelley": a commoner spelling is another person
                kind = what if variant == given else f"{what} (nickname variant)"
                add((variant,), RosterEntry(ref, label, f"roster:{ref}:{person}:given", kind))
                if len(parts) > 1:
                    add((variant, *parts[1:]),
                        RosterEntry(ref, label, f"roster:{ref}:{person}:full", kind))  # fmt: skip
            for middle_or_family in parts[1:]:
                if len(middle_or_family) > 1:
                    entity = f"roster:{ref}:{person}:family:{middle_or_family}"
                    add((middle_or_family,), RosterEntry(ref, label, entity, what))

        for client in roster.clients:
            ref = client.client_ref
            for name in client.names:
                add_name(name, ref, Label.NAME, "client", nick=False)
            for name in client.nicknames:
                add_name(name, ref, Label.NAME, "client", nick=True)
            for n, contact in enumerate(client.contacts):
                person = f"contact{n}"
                for name in contact.names:
                    add_name(name, ref, Label.RELATIVE, person, nick=False)
                for name in contact.nicknames:
                    add_name(name, ref, Label.RELATIVE, person, nick=True)
                compiled._add_contact_points(ref, contact.phones, contact.emails, "contact's ")
                for address in contact.addresses:
                    for street in _address_variants(address):
                        add(street, RosterEntry(ref, Label.ADDRESS, "", "contact's address"))
            for address in client.addresses:
                for street in _address_variants(address):
                    add(street, RosterEntry(ref, Label.ADDRESS, "", "address"))
            for employer in client.employers:
                add(words(employer), RosterEntry(ref, Label.EMPLOYER, "", "employer"))
            for school in client.schools:
                add(words(school), RosterEntry(ref, Label.SCHOOL, "", "school"))
            compiled._add_contact_points(ref, client.phones, client.emails, "")
            for dob in client.dates_of_birth:
                compiled.dates_of_birth.setdefault(dob, []).append(
                    RosterEntry(ref, Label.DATE, "", "date of birth")
                )
        compiled.phrases = dict(phrases)
        common = common_words()
        for phrase, entries in compiled.phrases.items():
            compiled.first_words.setdefault(phrase[0], set()).add(len(phrase))
            is_name = any(e.label in (Label.NAME, Label.RELATIVE) for e in entries)
            if (
                len(phrase) == 1
                and is_name
                and len(phrase[0]) >= TYPO_MIN_LENGTH
                and phrase[0] not in common
            ):
                for shortened in _deletions(phrase[0]) | {phrase[0]}:
                    compiled.typo_index.setdefault(shortened, set()).add(phrase[0])
                compiled.typo_lengths.update(
                    {len(phrase[0]) - 1, len(phrase[0]), len(phrase[0]) + 1}
                )
        return compiled

    def _add_contact_points(
        self, ref: str, phones: Iterable[str], emails: Iterable[str], who: str
    ) -> None:
        for phone in phones:
            key = digits(phone)[-10:]
            if len(key) >= 7:
                self.phones.setdefault(key, []).append(
                    RosterEntry(ref, Label.PHONE, "", f"{who}phone".strip())
                )
        for email in emails:
            self.emails.setdefault(email.strip().lower(), []).append(
                RosterEntry(ref, Label.EMAIL, "", f"{who}e-mail".strip())
            )

    def typo_candidates(self, word: str) -> set[str]:
        """Roster names within one deletion of `word` (to be confirmed by edit distance)."""
        found: set[str] = set()
        for variant in _deletions(word) | {word}:
            found.update(self.typo_index.get(variant, ()))
        return found
