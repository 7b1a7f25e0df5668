"""Source (d): e-mails, text threads, forms, genograms and supervision notes.

Written after the dev parts of transcripts and world-names had no misses left, as new
development text the engine was not tuned on. Its people come from `more_names` (24
traditions, none of `names.py`'s parts), and its shapes are not world-names' eight:

- a clinical e-mail with From/To/Subject headers, a greeting ("Hi Ana,") and a sign-off
  ("Best,", "Thanks,", "Warm regards,") before a name alone on its line;
- a text-message thread with the sender's name or "Clinic" before each line, names in
  lower case, followed by "!!" or "?";
- a form of "label: value" lines (a surname in capitals, given names, preferred name,
  next of kin, interpreter language, referrer, completed by);
- a family history told as a genogram ("maternal aunt X (d. 2019)", a grandparent's age
  over 89, a half-sister, children listed "A and B");
- a supervision note with dotted initials, initials after "client", a supervisee by name;
- a letter under a header with the client's name in capitals ("RE: DUBOIS, Théo");
- a telephone message slip (For, From, Message, Taken by);
- an attendance list with one name a line and "Apologies:".

Names are followed by possessives and by every punctuation mark; sign-off words, form
labels, headings in capitals and interpreter languages are traps.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from tests.deid_eval import EvalDoc, document
from tests.deid_eval.more_names import LANGUAGES, MORE_TOWNS, MORE_TRADITIONS, Someone, someone

SOURCE = "messages"
SEED = 2712
DOCUMENTS = 128
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip


def _n(s: str, label: str = "NAME") -> str:
    return f"[[{label}|{s}]]"


def _t(category: str, word: str) -> str:
    return f"<<{category}|{word}>>"


class _Cast:
    """The people and details of one document: a client of one tradition, two relatives
    of the same, and clinicians and others of any."""

    def __init__(self, rng: random.Random, tradition: str) -> None:
        self.rng = rng
        self.p = someone(rng, tradition)
        self.she = rng.random() < 0.5
        self.rel = self._other_than(tradition, self.p)
        self.rel2 = self._other_than(tradition, self.p, self.rel)
        self.clin = someone(rng)
        self.colleague = someone(rng)
        while self.colleague.given == self.clin.given:
            self.colleague = someone(rng)

    def _other_than(self, tradition: str, *people: Someone) -> Someone:
        while True:
            s = someone(self.rng, tradition)
            if all(s.first != o.first for o in people):
                return s

    @property
    def pro(self) -> str:
        return "she" if self.she else "he"

    @property
    def obj(self) -> str:
        return "her" if self.she else "him"

    @property
    def poss(self) -> str:
        return "her" if self.she else "his"

    def town(self) -> str:
        return _n(self.rng.choice(MORE_TOWNS), "CITY")

    def date(self) -> str:
        r = self.rng
        y, m, d = r.randint(2019, 2026), r.randint(1, 12), r.randint(1, 28)
        forms = [f"{d} {MONTHS[m - 1]} {y}", f"{d:02d}/{m:02d}/{y}", f"{y}-{m:02d}-{d:02d}",
                 f"{MONTHS[m - 1]} {d}", f"{d} {MONTHS[m - 1][:3]}"]  # fmt: skip
        return _n(r.choice(forms), "DATE")

    def phone(self) -> str:
        r = self.rng
        forms = [
            f"+61 4{r.randint(10, 99)} {r.randint(100, 999)} {r.randint(100, 999)}",
            f"0{r.randint(20, 99)} {r.randint(1000, 9999)} {r.randint(1000, 9999)}",
            f"+46 70 {r.randint(100, 999)} {r.randint(10, 99)} {r.randint(10, 99)}",
            f"{r.randint(201, 989)}-{r.randint(200, 999)}-{r.randint(1000, 9999)}",
        ]
        return _n(r.choice(forms), "PHONE")

    def email(self, who: Someone) -> str:
        def ascii_part(s: str) -> str:
            return "".join(c for c in s.lower() if c.isascii() and c.isalpha())

        local = f"{ascii_part(who.first) or 'x'}.{ascii_part(who.family.split()[-1]) or 'y'}"
        domain = self.rng.choice(["clinic.example", "health.example.org", "mail.example.net"])
        return _n(f"{local}@{domain}", "EMAIL")

    def age(self) -> str:
        return _n(str(self.rng.randint(90, 99)), "AGE_OVER_89")

    def relation(self) -> str:
        return self.rng.choice(["sister", "brother", "mother", "father", "husband", "wife",
                                "partner", "son", "daughter", "cousin", "uncle"])  # fmt: skip

    def sign_off(self) -> str:
        return _t("sign-off", self.rng.choice(["Best", "Thanks", "Cheers", "Regards",
                                               "Warm regards", "Many thanks", "Best wishes"]))


def _email(c: _Cast) -> str:
    p, r = c.p, c.rng
    greeting = r.choice(["Hi", "Hello", "Dear", "Morning"])
    return (
        f"From: {_n(c.clin.full)} <{c.email(c.clin)}>\n"
        f"To: {_n(c.colleague.full)}\n"
        f"Subject: {_t('heading', 'Re')}: {_n(p.first)}'s appointment\n\n"
        f"{greeting} {_n(c.colleague.first)},\n\n"
        f"Quick update on {_n(p.full)}. {_n(p.first)} came in on {c.date()} with "
        f"{c.poss} {c.relation()}, {_n(c.rel.first, 'RELATIVE')}. "
        f"{_n(p.first)}'s mood is better, though {c.pro} is still not sleeping. "
        f"Could you ring {c.obj} on {c.phone()} before Friday? "
        f"If {_n(c.rel.first, 'RELATIVE')} answers, that's fine: {_n(p.first)} said so.\n\n"
        f"{c.sign_off()},\n{_n(c.clin.first)}\n"
    )


def _sms(c: _Cast) -> str:
    p, rel = c.p, c.rel
    low = p.first.lower()
    clin = c.clin.first
    return (
        f"Text thread, {c.date()}\n"
        f"{_n(p.first)}: hi is it still ok to come at 4\n"
        f"Clinic: Yes {_n(p.first)}, see you at 4. Reply {_t('heading', 'STOP')} to opt out\n"
        f"{_n(p.first)}: {_n(rel.first.lower(), 'RELATIVE')} might drive me is that ok?\n"
        f"Clinic: Of course. Ask for {_n(clin)} at the desk.\n"
        f"{_n(p.first)}: ty {_n(clin.lower())}!! see u then\n"
        f"Clinic: Thanks {_n(low)}. Running 10 min late today, sorry!\n"
    )


def _form(c: _Cast) -> str:
    p, rel, r = c.p, c.rel, c.rng
    language = _t("language", r.choice(LANGUAGES))
    given = p.given
    return (
        f"{_t('heading', 'REFERRAL FORM')}\n"
        f"Surname: {_n(p.family.upper())}\n"
        f"Given names: {_n(given)}\n"
        f"Preferred name: {_n(p.first)}\n"
        f"Date of birth: {c.date()}\n"
        f"Town of residence: {c.town()}\n"
        f"Next of kin: {_n(rel.full, 'RELATIVE')} ({c.relation()})\n"
        f"Contact number: {c.phone()}\n"
        f"Interpreter: yes, {language}\n"
        f"Referrer: {_n(c.clin.full)}, general practitioner\n"
        f"Completed by: {_n(c.colleague.full)}\n"
    )


def _genogram(c: _Cast) -> str:
    p, a, g = c.p, c.rel, c.rel2
    kids = [someone(c.rng, p.tradition).first for _ in range(2)]
    while kids[0] == kids[1]:
        kids[1] = someone(c.rng, p.tradition).first
    return (
        f"FAMILY HISTORY\n"
        f"{_n(p.first)} is the second of three children. {c.poss.capitalize()} maternal aunt "
        f"{_n(a.full, 'RELATIVE')} (d. 2019) raised {c.obj} for two years in {c.town()}. "
        f"The paternal grandfather, {_n(g.first, 'RELATIVE')}, is {c.age()} and still "
        f"farms. {_n(p.first)}'s half-sister {_n(kids[0], 'RELATIVE')} was born in 2004; "
        f"{_n(kids[0], 'RELATIVE')}'s own children, {_n(kids[1], 'RELATIVE')} and a baby, "
        f"live nearby. Mother: {_n(a.family.split()[-1], 'RELATIVE')}, remarried. "
        f"No one else in the family has sought treatment, says {_n(p.first)}.\n"
    )


def _supervision(c: _Cast) -> str:
    p, sup, trainee, r = c.p, c.clin, c.colleague, c.rng
    other = someone(r)
    undotted = "".join(x for x in other.initials if x.isalpha())
    return (
        f"SUPERVISION NOTE {c.date()}\n"
        f"Supervisor: {_n(sup.full)}. Supervisee: {_n(trainee.full)}.\n"
        f"1. {_n(p.initials)} (referred by {c.poss} {c.relation()}, "
        f"{_n(c.rel.first, 'RELATIVE')}): engagement better; {_n(trainee.first)} to "
        f"review the risk plan.\n"
        f"2. Client {_n(undotted)}: missed two sessions; letter to go out.\n"
        f"3. {_n(other.initials)}'s family meeting moved to {c.date()}.\n"
        f"{_n(trainee.first)} will bring a recording next time.\n"
        f"{_n(sup.initials)}\n"
    )


def _header(c: _Cast) -> str:
    p = c.p
    family = p.family.upper()
    return (
        f"{_t('heading', 'CONFIDENTIAL')}\n"
        f"RE: {_n(family)}, {_n(p.given)} (DOB {c.date()})\n\n"
        f"Dear colleague,\n\n{_n(p.first)} was discharged on {c.date()}. "
        f"Please see {_n(p.first)}; {c.pro} has agreed to follow-up in {c.town()}. "
        f"Is {_n(p.first)} still on your list? Thank you, {_n(c.colleague.first)}!\n\n"
        f"{c.sign_off()},\n\n{_n(c.clin.full.upper())}\nConsultant psychiatrist\n"
    )


def _phone_message(c: _Cast) -> str:
    p, rel = c.p, c.rel
    return (
        f"{_t('heading', 'PHONE MESSAGE')}\n"
        f"For: {_n(c.clin.first)}\n"
        f"From: {_n(rel.full, 'RELATIVE')} ({c.relation()} of {_n(p.first)})\n"
        f"Number: {c.phone()}\n"
        f"Message: {_n(rel.first, 'RELATIVE')} rang to say {_n(p.first)} will be late; "
        f"asked if {_n(c.clin.first)} could call back before 5.\n"
        f"Taken by: {_n(c.colleague.first)}\n"
    )


def _attendance(c: _Cast) -> str:
    r = c.rng
    a, b, d = someone(r), someone(r), someone(r)
    return (
        f"Group attendance, {c.date()}\n"
        f"{_n(c.p.full)}\n{_n(a.first)}\n{_n(b.full)}\n"
        f"Apologies:\n{_n(d.first)}\n"
        f"Facilitator: {_n(c.clin.full)}\n"
        f"Notes: {_n(a.first)} arrived late. {_n(c.p.first)}; quiet again. "
        f"({_n(b.first)} left early.)\n"
    )


SHAPES: list[tuple[str, Callable[[_Cast], str]]] = [
    ("e-mail", _email), ("text-thread", _sms), ("form", _form), ("genogram", _genogram),
    ("supervision", _supervision), ("letter", _header), ("phone-message", _phone_message),
    ("attendance", _attendance),
]  # fmt: skip


def generate() -> list[EvalDoc]:
    rng = random.Random(SEED)
    traditions = sorted(MORE_TRADITIONS)
    docs = []
    for n in range(DOCUMENTS):
        kind, shape = SHAPES[(n + n // len(traditions)) % len(SHAPES)]
        cast = _Cast(rng, traditions[n % len(traditions)])
        docs.append(document(SOURCE, f"ms-{n:04d}", kind, shape(cast)))
    return docs
