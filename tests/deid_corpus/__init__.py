"""A synthetic corpus of psychotherapy documents with gold identifier spans.

Deterministic for a given seed (and Faker version); every person, place and
number is made up by Faker or by the lists below. Five genres: intake
summaries, progress notes, letters to other providers, supervision notes and
forum-style case vignettes, plus identifier-free clinical prose for measuring
false positives. Each client of the corpus is on a `Roster`, and documents
mention roster clients in the forms the roster detector must handle
(nickname, possessive, lower case, ALL CAPS, one-letter typo).

Used by the tests (gold spans checked against the text) and by bench/deid.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from faker import Faker

from sealbook.core.deid import Roster, RosterClient, RosterContact
from sealbook.core.deid.lexicon import name_variants
from tests.deid_corpus.vocabulary import (
    CHURCHES,
    CLINICAL_SENTENCES,
    DATE_FORMS,
    FAMILY_RELATIONS,
    LOCALES,
    ORG_FIRST,
    ORG_WORDS,
    OTHER_RELATIONS,
    RARE_JOBS,
    SCHOOL_KINDS,
    US_STATES,
)


@dataclass(frozen=True)
class GoldSpan:
    start: int
    end: int
    kind: str
    text: str
    form: str = ""  # how a name is written: "nickname", "possessive", "lowercase", "typo"...
    client_ref: str | None = None  # set when the identifier is on the roster


@dataclass(frozen=True)
class Document:
    doc_id: str
    genre: str
    text: str
    spans: tuple[GoldSpan, ...]


@dataclass(frozen=True)
class Corpus:
    documents: tuple[Document, ...]
    prose: tuple[str, ...]
    roster: Roster


@dataclass
class _Builder:
    parts: list[str] = field(default_factory=list)
    spans: list[GoldSpan] = field(default_factory=list)
    length: int = 0

    def text(self, s: str) -> _Builder:
        self.parts.append(s)
        self.length += len(s)
        return self

    def ident(
        self, s: str, kind: str, form: str = "", client: str | None = None, suffix: str = ""
    ) -> _Builder:
        self.spans.append(GoldSpan(self.length, self.length + len(s), kind, s, form, client))
        return self.text(s).text(suffix)

    def build(self, doc_id: str, genre: str) -> Document:
        return Document(doc_id, genre, "".join(self.parts), tuple(self.spans))


@dataclass
class _Person:
    given: str
    family: str
    nickname: str | None = None


@dataclass
class _Client:
    ref: str
    person: _Person
    pronoun: str
    possessive: str
    dob: datetime.date
    street: str
    city: str
    state: str
    zip: str
    phone: str
    email: str
    employer: str
    school: str
    relatives: list[tuple[str, _Person]]


def _typo(name: str, rng: random.Random) -> str:
    """One edit: drop, double or swap a letter inside the name (never the first)."""
    i = rng.randrange(1, len(name) - 1)
    kind = rng.choice(["drop", "double", "swap"])
    if kind == "drop":
        return name[:i] + name[i + 1 :]
    if kind == "double":
        return name[:i] + name[i] + name[i:]
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


class _Maker:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.fakers = {loc: Faker(loc) for loc in sorted(set(LOCALES))}
        for n, f in enumerate(self.fakers.values()):
            f.seed_instance(seed + n)
        self.us = self.fakers["en_US"]

    def person(self, female: bool | None = None) -> _Person:
        fake = self.fakers[self.rng.choice(LOCALES)]
        female = self.rng.random() < 0.5 if female is None else female
        given = fake.first_name_female() if female else fake.first_name_male()
        given = given.split()[0]
        family = fake.last_name()
        while " " in family or not family[:1].isupper():
            family = fake.last_name()  # "da Silva", "van Dijk": keep to one-word surnames
        nicks = sorted(n for n in name_variants(given) if n != given.lower() and len(n) > 2)
        nickname = self.rng.choice(nicks).capitalize() if nicks else None
        return _Person(given, family, nickname)

    def org(self) -> str:
        return f"{self.rng.choice(ORG_FIRST)} {self.rng.choice(ORG_WORDS)}"

    def school(self) -> str:
        if self.rng.random() < 0.2:
            return f"University of {self.us.state()}"
        return f"{self.us.last_name()} {self.rng.choice(SCHOOL_KINDS)}"

    def phone(self) -> str:
        n = [self.rng.randint(201, 989), self.rng.randint(200, 999), self.rng.randint(0, 9999)]
        form = self.rng.choice(
            ["({}) {}-{:04d}", "{}-{}-{:04d}", "{}.{}.{:04d}", "+1 {} {} {:04d}"]
        )
        return form.format(*n)

    def date(self, start_year: int = 2019, end_year: int = 2025) -> datetime.date:
        start = datetime.date(start_year, 1, 1).toordinal()
        return datetime.date.fromordinal(
            self.rng.randint(start, datetime.date(end_year, 12, 28).toordinal())
        )

    def client(self, n: int) -> _Client:
        female = self.rng.random() < 0.6
        person = self.person(female)
        relatives = [(self.rng.choice(FAMILY_RELATIONS), self.person()) for _ in range(2)]
        relatives.append((self.rng.choice(OTHER_RELATIONS), self.person()))
        return _Client(
            ref=f"00000000-0000-4000-8000-{n:012d}",
            person=person,
            pronoun="she" if female else "he",
            possessive="her" if female else "his",
            dob=self.date(1950, 2008),
            street=self.us.street_address(),
            city=self.us.city(),
            state=self.rng.choice(US_STATES),
            zip=self.us.zipcode(),
            phone=self.phone(),
            email=self.us.free_email(),
            employer=self.org(),
            school=self.school(),
            relatives=relatives,
        )


class _Writer:
    """Writes one document about one client, recording every identifier as gold."""

    def __init__(self, maker: _Maker, client: _Client) -> None:
        self.m = maker
        self.rng = maker.rng
        self.c = client
        self.b = _Builder()

    def name(self, suffix: str = "") -> None:
        """Mention the client by one of the forms a roster and the detectors must handle."""
        p, ref, rng = self.c.person, self.c.ref, self.rng
        forms = ["full", "given", "possessive", "lowercase", "caps", "title", "initials"]
        if p.nickname:
            forms.append("nickname")
        if len(p.given) >= 5 and p.given.isalpha():
            forms.append("typo")
        form = rng.choice(forms)
        if form == "full":
            self.b.ident(f"{p.given} {p.family}", "NAME", form, ref, suffix)
        elif form == "given":
            self.b.ident(p.given, "NAME", form, ref, suffix)
        elif form == "possessive":
            self.b.ident(p.given, "NAME", form, ref, "'s" + suffix)
        elif form == "lowercase":
            self.b.ident(p.given.lower(), "NAME", form, ref, suffix)
        elif form == "caps":
            self.b.ident(f"{p.given} {p.family}".upper(), "NAME", form, ref, suffix)
        elif form == "title":
            self.b.text("Ms. " if self.c.pronoun == "she" else "Mr. ")
            self.b.ident(p.family, "NAME", form, ref, suffix)
        elif form == "initials":
            self.b.ident(f"{p.given[0]}.{p.family[0]}.", "NAME", form, None, suffix)
        elif form == "nickname":
            self.b.ident(p.nickname or p.given, "NAME", form, ref, suffix)
        else:
            self.b.ident(_typo(p.given, rng), "NAME", form, ref, suffix)

    def relative(self) -> None:
        relation, person = self.rng.choice(self.c.relatives)
        kind = "RELATIVE" if relation in FAMILY_RELATIONS else "NAME"
        self.b.text(f"{self.c.possessive} {relation} ")
        if self.rng.random() < 0.5:
            self.b.ident(person.given, kind, "cue", self.c.ref)
        else:
            self.b.ident(person.given.lower(), kind, "cue-lowercase", self.c.ref)

    def date(self, value: datetime.date | None = None) -> None:
        value = value or self.m.date()
        form, write = self.rng.choice(DATE_FORMS)
        self.b.ident(write(value), "DATE", form)

    def address(self) -> None:
        self.b.ident(self.c.street, "ADDRESS", "", self.c.ref).text(", ")
        self.b.ident(self.c.city, "CITY").text(f", {self.c.state} ")
        self.b.ident(self.c.zip, "ZIP")

    def sentence_pool(self) -> list[Callable[[], None]]:
        b, c, rng, m = self.b, self.c, self.rng, self.m

        def seen() -> None:
            self.name()
            b.text(" was seen for an individual session on ")
            self.date()
            b.text(". ")

        def relative() -> None:
            b.text(f"{c.pronoun.capitalize()} described conflict with ")
            self.relative()
            b.text(", which has worsened since ")
            self.date()
            b.text(". ")

        def work() -> None:
            b.text(f"{c.pronoun.capitalize()} works at ")
            b.ident(c.employer, "EMPLOYER", "", c.ref)
            b.text(f" and reports that {c.possessive} supervisor is critical. ")

        def school() -> None:
            b.text(f"{c.pronoun.capitalize()} attends ")
            b.ident(c.school, "SCHOOL", "", c.ref)
            b.text(" and is struggling with attendance. ")

        def contact() -> None:
            b.text("Best contact is ")
            b.ident(c.phone, "PHONE", "", c.ref)
            b.text(" or ")
            b.ident(c.email, "EMAIL", "", c.ref)
            b.text(". ")

        def address() -> None:
            b.text(f"{c.pronoun.capitalize()} lives at ")
            self.address()
            b.text(". ")

        def dob() -> None:
            b.text("DOB: ")
            b.ident(f"{c.dob.month}/{c.dob.day}/{c.dob.year}", "DATE", "dob", c.ref)
            b.text(". ")

        def ids() -> None:
            kind, cue, value = rng.choice(
                [
                    ("MRN", "MRN:", str(rng.randint(10**7, 10**8 - 1))),
                    ("HEALTH_PLAN", "Member ID:", m.us.bothify("???#########").upper()),
                    ("SSN", "SSN", m.us.ssn()),
                    ("ACCOUNT", "account #", str(rng.randint(10**5, 10**9))),
                    ("LICENSE", "driver's license", m.us.bothify("?#######").upper()),
                    ("VEHICLE", "plate", m.us.license_plate()),
                    ("DEVICE", "serial number", m.us.bothify("SN-##??####").upper()),
                ]
            )
            b.text(f"Billing note: {cue}{'' if cue.endswith('#') else ' '}")
            b.ident(value, kind)
            b.text(". ")

        def web() -> None:
            b.text(f"{c.pronoun.capitalize()} keeps a public blog at ")
            b.ident(m.us.domain_name(), "URL")
            b.text(" and logged in from ")
            b.ident(m.us.ipv4(), "IP")
            b.text(". ")

        def grandparent() -> None:
            age = rng.randint(90, 104)
            b.text(f"{c.possessive.capitalize()} grandmother, a ")
            b.ident(str(age), "AGE_OVER_89", suffix="-year-old")
            b.text(" widow, moved in recently. ")

        def young_age() -> None:
            b.text(f"The client is a {rng.randint(19, 70)}-year-old adult. ")

        def later() -> None:
            b.text("Later in the session ")
            self.name()
            b.text(" became tearful when ")
            self.relative()
            b.text(" was mentioned. ")

        def place() -> None:
            b.text(f"{c.pronoun.capitalize()} finds support at ")
            b.ident(rng.choice(CHURCHES), "PLACE")
            b.text(". ")

        def job() -> None:
            b.text(f"{c.possessive.capitalize()} father is a well-known ")
            b.ident(rng.choice(RARE_JOBS), "OCCUPATION")
            b.text(". ")

        return [seen, relative, work, school, contact, address, dob, ids, web, grandparent,
                young_age, later, place, job]  # fmt: skip

    def clinical(self, n: int) -> None:
        for sentence in self.rng.sample(CLINICAL_SENTENCES, n):
            self.b.text(sentence + " ")


def _intake(w: _Writer) -> None:
    w.b.text("INTAKE SUMMARY\n\nClient: ")
    w.name()
    w.b.text("\n")
    pool = w.sentence_pool()
    for f in [pool[6], pool[5], pool[4], pool[1], pool[2], pool[7], pool[9]]:
        f()
    w.clinical(3)


def _progress(w: _Writer) -> None:
    w.b.text("PROGRESS NOTE\n")
    pool = w.sentence_pool()
    pool[0]()
    w.clinical(3)
    for f in w.rng.sample(pool, 4):
        f()
    w.clinical(2)


def _letter(w: _Writer) -> None:
    provider = w.m.person()
    w.b.text("Dear Dr. ")
    w.b.ident(provider.family, "NAME", "title")
    w.b.text(",\n\nI am writing about our mutual client, ")
    w.name()
    w.b.text(", whom I have seen since ")
    w.date()
    w.b.text(". ")
    pool = w.sentence_pool()
    for f in w.rng.sample(pool, 3):
        f()
    w.clinical(2)
    w.b.text("\n\nPlease call me at ")
    w.b.ident(w.m.phone(), "PHONE")
    w.b.text(" or fax ")
    w.b.ident(w.m.phone(), "FAX")
    w.b.text(".\n")


def _supervision(w: _Writer) -> None:
    w.b.text("SUPERVISION NOTE\nTrainee presented the case of ")
    w.name()
    w.b.text(". ")
    pool = w.sentence_pool()
    for f in w.rng.sample(pool, 4):
        f()
    w.clinical(3)


def _vignette(w: _Writer) -> None:
    w.b.text("Looking for advice on a tricky case. My client (I'll call her ")
    w.b.ident(w.c.person.given[0], "NAME", "initial")
    w.b.text(") ")
    pool = w.sentence_pool()
    w.clinical(2)
    for f in w.rng.sample(pool, 3):
        f()
    w.b.text("Any thoughts welcome.")


GENRES: dict[str, Callable[[_Writer], None]] = {
    "intake": _intake,
    "progress": _progress,
    "letter": _letter,
    "supervision": _supervision,
    "vignette": _vignette,
}


def generate(seed: int = 2026, documents: int = 250, clients: int = 40, prose: int = 60) -> Corpus:
    """Build the corpus: `documents` across the five genres, and `prose` clean paragraphs."""
    maker = _Maker(seed)
    people = [maker.client(n) for n in range(1, clients + 1)]
    docs: list[Document] = []
    genres = list(GENRES.items())
    for n in range(documents):
        genre, write = genres[n % len(genres)]
        writer = _Writer(maker, maker.rng.choice(people))
        write(writer)
        docs.append(writer.b.build(f"{genre}-{n:04d}", genre))
    paragraphs = tuple(
        " ".join(maker.rng.sample(CLINICAL_SENTENCES, maker.rng.randint(4, 9)))
        for _ in range(prose)
    )
    roster = Roster(tuple(_roster_entry(c) for c in people))
    return Corpus(tuple(docs), paragraphs, roster)


def _roster_entry(c: _Client) -> RosterClient:
    return RosterClient(
        c.ref,
        names=(f"{c.person.given} {c.person.family}",),
        nicknames=(c.person.nickname,) if c.person.nickname else (),
        addresses=(f"{c.street}, {c.city}, {c.state} {c.zip}",),
        phones=(c.phone,),
        emails=(c.email,),
        dates_of_birth=(c.dob,),
        employers=(c.employer,),
        schools=(c.school,),
        contacts=tuple(
            RosterContact(names=(f"{p.given} {p.family}",), relation=r) for r, p in c.relatives
        ),
    )
