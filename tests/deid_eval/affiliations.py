"""Source (d): employment histories, agency and school letters, referral forms.

Organisation-rich clinical paperwork, written apart from presidio-synth-v2's templates and
from the engine's cue lists: each document is one of eight hand-written shapes (an intake
employment history, a referral form with labelled fields, a school's letter, an agency's
letter, a vocational-rehabilitation note, a supervision note, an occupational-health
letter, a client's quoted messages), filled with a client of a random naming tradition and
organisations composed at random from parts: an invented stem ("Quorvane", "Brindlecott"),
a surname, or a pair of ordinary words ("Blue Heron", "Northgate"), with a head or industry
word ("Logistics", "Partners", "Housing Association", "Academy") or with none ("Tovantis"),
acronyms ("KRT Group"), partners joined by "&", and lower-case names in messages. None is
a real company or a real person's firm: the stems are made up, the pairings random.

Traps are words that look like an organisation and name none: the generic departments
and services every employer or hospital has ("Social Services", "Occupational Health",
"Human Resources", "Accident and Emergency").
"""

from __future__ import annotations

import random
from collections.abc import Callable

from tests.deid_eval import EvalDoc, document
from tests.deid_eval.names import TOWNS, Person, person

SOURCE = "affiliations"
SEED = 4077
DOCUMENTS = 96

# Invented stems: no English word, no real company (composed syllables).
_STEMS = [
    "Quorvane", "Brindlecott", "Tovantis", "Kelvora", "Marrowby", "Ostrelle", "Vantreel",
    "Hollowmere", "Pellacourt", "Dunmarrow", "Zelkova", "Orrinford", "Caskeby", "Trevanic",
    "Lumeris", "Arkwell", "Fennimore", "Sollace", "Ravensend", "Quillory", "Bexlowe",
    "Tamsford", "Varnick", "Ellesby",
]  # fmt: skip
# Pairs of ordinary words that make a name only together and capitalised.
_WORD_PAIRS = [
    "Blue Heron", "Northgate", "Silver Birch", "Red Kite", "Stonebridge", "Harbour Light",
    "Greenway", "Old Mill", "Clearwater", "Ironside", "Brightwater", "Fox Hollow",
    "Long Meadow", "Copper Beech", "Westbrook", "Tall Pines",
]  # fmt: skip
# Head or industry words after a name.
_COMPANY_HEADS = [
    "Logistics", "Partners", "Systems", "Labs", "Foods", "Solutions", "Technologies", "Media",
    "Studios", "Holdings", "Group", "Analytics", "Engineering", "Haulage", "Interiors",
    "Print", "Recruitment", "Security", "Catering", "Cleaning Services", "Joinery",
    "Freight", "Dental Care", "Veterinary Practice",
]  # fmt: skip
_AGENCY_HEADS = [
    "Housing Association", "Youth Trust", "Family Centre", "Community Foundation",
    "Advice Centre", "Carers' Network", "Recovery Service", "Food Bank", "Credit Union",
    "Counselling Service", "Tenants' Association", "Refugee Council",
]  # fmt: skip
_SCHOOL_HEADS = [
    "Academy", "Primary School", "High School", "College", "Sixth Form College",
    "Community School", "Grammar School", "Infant School",
]  # fmt: skip
_TRAPS = [
    ("generic-service", "Social Services"), ("generic-service", "Occupational Health"),
    ("generic-service", "Human Resources"), ("generic-service", "Student Services"),
    ("generic-service", "Payroll"), ("generic-service", "Accident and Emergency"),
]  # fmt: skip
_JOBS = [
    "warehouse operative", "care assistant", "junior accountant", "delivery driver",
    "line cook", "receptionist", "forklift driver", "sales assistant", "data analyst",
    "teaching assistant", "security officer", "bookkeeper",
]  # fmt: skip


def _m(s: str, label: str) -> str:
    return f"[[{label}|{s}]]"


def _trap(category: str, s: str) -> str:
    return f"<<{category}|{s}>>"


class _Fill:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.p = person(rng)
        self.clinician = person(rng)
        self.other = person(rng)
        self.she = rng.random() < 0.5

    @property
    def pro(self) -> str:
        return "she" if self.she else "he"

    @property
    def poss(self) -> str:
        return "her" if self.she else "his"

    def _stem(self) -> str:
        r = self.rng
        shape = r.randrange(4)
        if shape == 0:
            return r.choice(_STEMS)
        if shape == 1:
            return r.choice(_WORD_PAIRS)
        if shape == 2:
            return self.other.family.split()[-1]
        return "".join(r.choice("ABCDEFGHKLMNPRSTW") for _ in range(r.randint(2, 3)))

    def company(self, label: str = "EMPLOYER") -> str:
        r = self.rng
        shape = r.randrange(5)
        if shape == 0:
            name = r.choice(_STEMS)  # a name with no head word at all
        elif shape == 1:
            a, b = r.sample([person(r).family.split()[-1] for _ in range(4)], 2)
            name = f"{a} & {b}"
        else:
            name = f"{self._stem()} {r.choice(_COMPANY_HEADS)}"
        return _m(name, label)

    def agency(self) -> str:
        r = self.rng
        stem = r.choice([r.choice(_STEMS), r.choice(_WORD_PAIRS), r.choice(TOWNS)])
        return _m(f"{stem} {r.choice(_AGENCY_HEADS)}", "ORGANIZATION")

    def school(self) -> str:
        r = self.rng
        stem = r.choice([r.choice(_STEMS), r.choice(_WORD_PAIRS), f"St. {r.choice(_STEMS)}'s"])
        return _m(f"{stem} {r.choice(_SCHOOL_HEADS)}", "SCHOOL")

    def practice(self) -> str:
        r = self.rng
        stem = r.choice([r.choice(_STEMS), r.choice(_WORD_PAIRS)])
        head = r.choice(["Medical Centre", "Surgery", "Health Centre", "Family Practice"])
        return _m(f"{stem} {head}", "ORGANIZATION")

    def lower_company(self) -> str:
        return _m(self.rng.choice(_STEMS).lower(), "EMPLOYER")

    def town(self) -> str:
        return _m(self.rng.choice(TOWNS), "CITY")

    def year(self) -> str:
        return str(self.rng.randint(2009, 2025))

    def date(self) -> str:
        r = self.rng
        months = ["January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December"]  # fmt: skip
        y, m, d = r.randint(2019, 2026), r.randint(1, 12), r.randint(1, 28)
        return _m(r.choice([f"{d} {months[m - 1]} {y}", f"{d}/{m}/{y}", f"{y}-{m:02d}-{d:02d}"]),
                  "DATE")  # fmt: skip

    def phone(self) -> str:
        r = self.rng
        return _m(f"0{r.randint(1100, 1999)} {r.randint(100000, 999999)}", "PHONE")

    def trap(self) -> str:
        return _trap(*self.rng.choice(_TRAPS))

    def job(self) -> str:
        return self.rng.choice(_JOBS)


def _name(who: Person) -> str:
    return _m(who.full, "NAME")


def _history(f: _Fill) -> str:
    """An intake's employment history: dated lines and a sentence or two."""
    a, b, c = sorted(f.rng.sample(range(2009, 2026), 3))
    lines = [
        f"EMPLOYMENT HISTORY - {_name(f.p)}",
        f"{a}-{b}: {f.job()}, {f.company()} ({f.town()})",
        f"{b}-{c}: {f.job()} at {f.company()}",
        f"Left school at 16; later part-time study at {f.school()}.",
        f"{f.pro.capitalize()} was let go by {f.company()} after a restructure and has been "
        f"signed off since {f.date()}.",
        f"Currently on a zero-hours contract with {f.company()}; {f.trap()} have the sick notes.",
    ]
    return "\n".join(lines) + "\n"


def _referral_form(f: _Fill) -> str:
    return (
        "REFERRAL FORM\n"
        f"Client: {_name(f.p)}\n"
        f"Referring agency: {f.agency()}\n"
        f"GP practice: {f.practice()}\n"
        f"Employer: {f.company()}\n"
        f"School or college: {f.school()}\n"
        f"Reason for referral: low mood since the move from {f.town()}; "
        f"{f.trap()} involved since {f.date()}.\n"
    )


def _school_letter(f: _Fill) -> str:
    return (
        f"{f.date()}\n\nTo the counselling team,\n\n"
        f"I am the pastoral lead at {f.school()} and write about {_name(f.p)}, who joined us "
        f"from {f.school()} in Year 9. Attendance has fallen this term. "
        f"{f.pro.capitalize()} is also seen by {f.agency()} on Thursdays, and "
        f"{f.trap()} are aware.\n\nWith thanks,\n{_name(f.clinician)}\n"
    )


def _agency_letter(f: _Fill) -> str:
    return (
        f"Dear colleague,\n\nI write on behalf of {f.agency()} in support of {_name(f.p)}'s "
        f"application. {f.pro.capitalize()} has volunteered with us since {f.date()} and "
        f"before that worked for {f.company()} for six years. {f.poss.capitalize()} rent is "
        f"paid through {f.agency()}. Please contact me on {f.phone()}.\n\n"
        f"Yours sincerely,\n{_name(f.clinician)}\nSupport worker\n"
    )


def _vocational(f: _Fill) -> str:
    return (
        f"VOCATIONAL NOTE ({f.date()})\n"
        f"{_name(f.p)} has an interview with {f.company()} next week for a {f.job()} post. "
        f"{f.pro.capitalize()} was placed with {f.company()} through {f.agency()} last year and "
        f"enjoyed it. We discussed disclosure to {f.trap()} and a phased return.\n"
    )


def _supervision(f: _Fill) -> str:
    return (
        f"Supervision notes, {f.date()}.\n"
        f"Discussed {_name(f.p)}, who is the owner of {f.company()}, a small firm in "
        f"{f.town()}; {f.poss} business partner recently left to found {f.company()}. "
        f"{f.company()}, {f.poss} biggest client, has cancelled its contract. "
        f"Stress is high.\n"
    )


def _occupational(f: _Fill) -> str:
    return (
        f"{f.trap()}\n{f.company()}\n\nRe: {_name(f.p)}, {f.job()}\n\n"
        f"Thank you for seeing our employee, who has been with the company since {f.year()}. "
        f"{f.pro.capitalize()} transferred to us from {f.company()}. "
        f"The contract with {f.company()} requires night shifts.\n"
    )


def _messages(f: _Fill) -> str:
    return (
        f'{_name(f.p)} read out a message from a friend: "got the job at {f.lower_company()}!! '
        f'start monday". {f.pro.capitalize()} replied that {f.pro} had quit '
        f"{f.company()} and felt left behind.\n"
    )


SHAPES: list[tuple[str, Callable[[_Fill], str]]] = [
    ("history", _history), ("form", _referral_form), ("letter", _school_letter),
    ("letter", _agency_letter), ("note", _vocational), ("note", _supervision),
    ("letter", _occupational), ("messages", _messages),
]  # fmt: skip


def generate() -> list[EvalDoc]:
    rng = random.Random(SEED)
    docs = []
    for n in range(DOCUMENTS):
        kind, shape = SHAPES[n % len(SHAPES)]
        docs.append(document(SOURCE, f"af-{n:04d}", kind, shape(_Fill(rng))))
    return docs
