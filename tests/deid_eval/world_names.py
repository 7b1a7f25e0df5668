"""Source (b): notes and letters naming people of 24 naming traditions.

Each document is one of eight hand-written shapes (referral letter, progress note, intake
sheet, quoted messages, legal/employment letter, group note, school letter, short memo),
filled with a person of the next tradition in turn and their relatives, all composed at
random from `names.TRADITIONS`. The shapes put names where notes put them and where
engines miss them: lone given names at a sentence start with no cue, signature lines after
"Sincerely,", "Emergency contact:", names that are words, lower-case names in quoted
messages, particles, initials (non-ASCII too), ages over 89 as "(93)" after a relative,
a town inside a club's name, companies with legal suffixes, family businesses, and law
firms written as one name ("Webb, Bowen and Ruiz").
"""

from __future__ import annotations

import random
from collections.abc import Callable

from tests.deid_eval import EvalDoc, document
from tests.deid_eval.names import TOWNS, TRADITIONS, Person, person

SOURCE = "world-names"
SEED = 1342
DOCUMENTS = 192
# The same shapes with a new seed (added 2026-12-06, sixth round): new development text
# once the engine had no misses left on the first seed's dev part, yet missed 0.019 of
# its held-back part, fitted to that seed's particular combinations of names.
SECOND_SOURCE = "world-names-2"
SECOND_SEED = 777
SECOND_DOCUMENTS = 400


def _n(s: str, label: str = "NAME") -> str:
    return f"[[{label}|{s}]]"


class _Fill:
    def __init__(self, rng: random.Random, tradition: str) -> None:
        self.rng = rng
        self.p = person(rng, tradition)
        self.she = rng.random() < 0.55
        self.rel = person(rng, tradition)
        while self.rel.given == self.p.given:
            self.rel = person(rng, tradition)
        self.other = person(rng)
        self.clinician = person(rng)

    @property
    def pro(self) -> str:
        return "she" if self.she else "he"

    @property
    def poss(self) -> str:
        return "her" if self.she else "his"

    def town(self) -> str:
        return _n(self.rng.choice(TOWNS), "CITY")

    def date(self) -> str:
        r = self.rng
        y, m, d = r.randint(2018, 2026), r.randint(1, 12), r.randint(1, 28)
        months = ["January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December"]  # fmt: skip
        forms = [f"{d} {months[m - 1]} {y}", f"{m}/{d}/{y % 100:02d}", f"{y}-{m:02d}-{d:02d}",
                 f"{months[m - 1]} {d}, {y}", f"{d}.{m}.{y}",
                 f"{months[m - 1][:3]} {d}"]  # fmt: skip
        return _n(r.choice(forms), "DATE")

    def phone(self) -> str:
        r = self.rng
        forms = [
            f"+31 6 {r.randint(1000, 9999)} {r.randint(1000, 9999)}",
            f"({r.randint(201, 989)}) {r.randint(200, 999)}-{r.randint(1000, 9999)}",
            f"07{r.randint(100, 999)} {r.randint(100000, 999999)}",
            f"+90 5{r.randint(10, 99)} {r.randint(100, 999)} {r.randint(1000, 9999)}",
            f"{r.randint(201, 989)}.{r.randint(200, 999)}.{r.randint(1000, 9999)}",
        ]  # fmt: skip
        return _n(r.choice(forms), "PHONE")

    def email(self, who: Person) -> str:
        local = "".join(c for c in who.given.split()[0].lower() if c.isascii() and c.isalpha())
        local = (local or "client") + str(self.rng.randint(1, 99))
        domain = self.rng.choice(["mailbox.example", "post.example.org", "kiwi.example.net"])
        return _n(f"{local}@{domain}", "EMAIL")

    def age(self) -> str:
        return _n(str(self.rng.randint(90, 101)), "AGE_OVER_89")

    def company(self) -> str:
        r, f = self.rng, self.other.family.split()[-1]
        shapes = [f"{f} and Sons", f"{f} Family Dental", f"{f} Holdings Ltd", f"{f} PLC",
                  f"{f} Logistics LLC", f"{f} & Daughters Bakery", f"{f} Inc.",
                  f"{f} Brothers Roofing"]  # fmt: skip
        return _n(r.choice(shapes), "EMPLOYER")

    def law_firm(self) -> str:
        surnames = TRADITIONS["word-names"][1] + ["Webb", "Bowen", "Ruiz", "Okafor", "Kaya"]
        a, b, c = self.rng.sample(surnames, 3)
        return _n(f"{a}, {b} and {c}", "ORGANIZATION")

    def relation(self) -> str:
        return self.rng.choice(["sister", "brother", "mother", "father", "daughter", "son",
                                "husband", "wife", "partner", "aunt", "cousin"])  # fmt: skip


def _referral(f: _Fill) -> str:
    p, c = f.p, f.clinician
    name = f.rng.choice([c.full, f"{c.given[0]}. {c.family}"])
    credential = f.rng.choice(["", ", <<credential|PsyD>>", ", <<credential|LCSW>>"])
    sign_mark = _n(name) + credential
    return (
        f"{f.date()}\n\nDear Dr. {_n(f.other.family)},\n\n"
        f"Thank you for agreeing to see {_n(p.full)}, whom I have treated since {f.date()}. "
        f"{_n(p.given)} is a thoughtful client who has made real progress with panic symptoms. "
        f"{f.pro.capitalize()} lives with {f.poss} {f.relation()} {_n(f.rel.given, 'RELATIVE')} in "
        f"{f.town()} and can be reached on {f.phone()}. "
        f"{_n(p.given)} asked me to mention that {f.pro} prefers afternoon appointments.\n\n"
        f"Sincerely,\n{sign_mark}\n"
    )


def _progress(f: _Fill) -> str:
    p = f.p
    lines = [
        f"Session with {_n(p.given)}, {f.date()}.",
        f"{_n(p.given)} mentioned that {f.poss} grandmother ({f.age()}) had a fall last week.",
        f"{f.pro.capitalize()} has started rowing with the {f.town()} Rowing Club again.",
        f"{_n(p.given)} works at {f.company()} and finds the evening shifts hard.",
        f"Discussed {f.poss} {f.relation()}, {_n(f.rel.given, 'RELATIVE')}, who visits often.",
        f"Plan: continue weekly sessions; next appointment {f.date()}.",
    ]
    f.rng.shuffle(lines[1:5])
    return "PROGRESS NOTE\n" + "\n".join(lines) + "\n"


def _intake(f: _Fill) -> str:
    p, r = f.p, f.rel
    return (
        f"INTAKE\nClient: {_n(p.full)}\nDate of birth: {f.date()}\n"
        f"Emergency contact: {_n(r.full, 'RELATIVE')} ({f.relation()}), {f.phone()}\n"
        f"E-mail: {f.email(p)}\n"
        f"Referred by: Dr. {_n(f.clinician.family)}\n"
        f"Presenting concern: low mood after moving from {f.town()}.\n"
    )


def _messages(f: _Fill) -> str:
    p, r = f.p, f.rel
    low, rlow = p.given.split()[0].lower(), r.given.split()[0].lower()
    return (
        f"{_n(p.given)} showed me messages from {f.poss} {f.relation()} on {f.poss} phone. "
        f'One read: "{_n(rlow, "RELATIVE")} here. tell mum i said sorry, {_n(low)} pls call me". '
        f'Another, from a friend: "i told {_n(f.other.given.split()[0].lower())} we would come '
        f'on {f.date()}, dont be late". '
        f"{_n(p.given)} said the messages made {'her' if f.she else 'him'} feel guilty.\n"
    )


def _legal(f: _Fill) -> str:
    p = f.p
    return (
        f"To whom it may concern,\n\n{_n(p.full)} has attended counselling at this practice "
        f"since {f.date()}. {f.pro.capitalize()} is employed by {f.company()}. "
        f"{f.poss.capitalize()} solicitors, {f.law_firm()}, requested this letter. "
        f"{_n(p.given)} consents to its release.\n\nYours faithfully,\n{_n(f.clinician.full)}\n"
    )


def _group(f: _Fill) -> str:
    a, b = person(f.rng), person(f.rng)
    initials = [a.initials, b.initials, f.rng.choice(["S.Ş.", "Ö.Ç.", "Ł.W.", "M.S.", "A.D."])]
    names = ", ".join(_n(i) for i in initials)
    return (
        f"GROUP NOTE ({f.date()})\nPresent: {names} and {_n(f.p.given)}.\n"
        f"{_n(f.p.given)} spoke about {f.poss} {f.relation()} "
        f"{_n(f.rel.full, 'RELATIVE')} for the first time. The group responded warmly.\n"
    )


def _school(f: _Fill) -> str:
    p, r = f.p, f.rel
    return (
        f"Dear {_n(r.full, 'RELATIVE')},\n\nI am writing about {_n(p.given)}'s return to "
        f"class on {f.date()}. Ms. {_n(f.other.family)} from student services will meet you both. "
        f"Please call {f.phone()} if the date does not suit.\n\nKind regards,\n"
        f"{_n(f.clinician.full)}\nSchool counsellor\n"
    )


def _memo(f: _Fill) -> str:
    p = f.p
    return (
        f"Memo: {_n(p.full)} cancelled today. {_n(p.given)} will call back. "
        f"{f.poss.capitalize()} father ({f.age()}) is unwell in {f.town()}.\n"
    )


SHAPES: list[tuple[str, Callable[[_Fill], str]]] = [
    ("letter", _referral), ("note", _progress), ("intake", _intake), ("messages", _messages),
    ("letter", _legal), ("note", _group), ("letter", _school), ("memo", _memo),
]  # fmt: skip


def generate(
    source: str = SOURCE, seed: int = SEED, documents: int = DOCUMENTS, prefix: str = "wn"
) -> list[EvalDoc]:
    rng = random.Random(seed)
    traditions = sorted(TRADITIONS)
    docs = []
    for n in range(documents):
        kind, shape = SHAPES[(n + n // len(traditions)) % len(SHAPES)]
        fill = _Fill(rng, traditions[n % len(traditions)])
        docs.append(document(source, f"{prefix}-{n:04d}", kind, shape(fill)))
    return docs


def generate_second() -> list[EvalDoc]:
    """The second seed's documents ("world-names-2", ids "x-0000"...)."""
    return generate(SECOND_SOURCE, SECOND_SEED, SECOND_DOCUMENTS, "x")
