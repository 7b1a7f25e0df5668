"""Source (a): therapy session transcripts, turn by turn.

A session is a walk through hand-written turns: the therapist (T) and the client (C)
alternate; some turns are only a back-channel ("Mm-hmm.", "Yeah.", "Right.", "Hmm."); many
start with a discourse marker ("So,", "Well,", "And", "But", "Like,", "Okay,"); the client's
lines have fillers, false starts and quoted speech. Speaker labels are "T:"/"C:",
"THERAPIST:"/"CLIENT:" or the speakers' names. Into this go words that are not
identifiers but look like them to a rule-based engine (drug names, plural weekdays,
contractions, greetings in other languages, "90s", "Type II", "Head Start", credentials,
"IP" before an address), each marked as a trap, and real identifiers: the client
addressed by name, relatives, friends, towns, dates, a phone number, an e-mail address,
an IP address, an employer, a grandparent's age over 89.
"""

from __future__ import annotations

import calendar
import random

from tests.deid_eval import EvalDoc, document
from tests.deid_eval.names import TOWNS, person

SOURCE = "transcripts"
SEED = 913
SESSIONS = 72

# Words that open an utterance and are never names (the benchmark counts flags on them).
BACKCHANNELS = ["Mm-hmm", "Mm", "Yeah", "Right", "Hmm", "Uh-huh", "Okay", "Sure", "Yes", "No"]
# fmt: off
DISCOURSE = ["So", "Well", "And", "But", "Like", "Okay", "Um", "Uh", "Anyway", "Actually",
             "I mean", "You know", "Honestly", "Oh", "Wow", "Gosh", "Yep", "Nah", "See"]
DRUGS = ["Narcan", "Suboxone", "Percocet", "Zoloft", "Lexapro", "Adderall", "Seroquel",
         "Klonopin", "Wellbutrin", "Xanax", "Vyvanse", "Lamictal", "Ativan", "Prozac"]
WEEKDAYS = ["Saturdays", "Sundays", "Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays"]
HAVE = ["I've", "We've", "You've", "They've"]  # contractions, by the verb that follows
WILL = ["I'll", "We'll", "I'd", "We'd"]
BE = ["I'm", "We're", "They're", "She's", "You're"]
GREETINGS = ["Hola", "Salaam", "Kia ora", "Namaste", "Bonjour", "Ciao", "Merhaba", "Xin chào",
             "Sawubona", "Shalom", "Konnichiwa", "Jambo", "Habari", "Olá", "Dzień dobry"]
RELATIONS = ["sister", "brother", "mom", "dad", "mother", "father", "husband", "wife",
             "partner", "son", "daughter", "stepdad", "grandma", "auntie", "cousin"]
# fmt: on


def _t(category: str, word: str) -> str:
    return f"<<{category}|{word}>>"


class _Session:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.client = person(rng)
        self.therapist = person(rng)
        self.rel = person(rng, self.client.tradition)
        self.friend = person(rng)
        self.relation = rng.choice(RELATIONS)

    def fill(self) -> dict[str, str]:
        r = self.rng
        y, m, d = r.randint(2019, 2026), r.randint(1, 12), r.randint(1, 28)
        months = list(calendar.month_name)[1:]
        nth = f"{d}{'th' if 11 <= d <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"
        date = r.choice([f"{months[m - 1]} {nth}", f"the {nth} of {months[m - 1]}",
                         f"{m}/{d}", f"{months[m - 1]} {d}, {y}"])  # fmt: skip
        local = "".join(c for c in self.client.given.lower() if c.isascii() and c.isalpha())
        return {
            "name": f"[[NAME|{self.client.given}]]",
            "rel": self.relation,
            "relname": f"[[RELATIVE|{self.rel.given}]]",
            "friend": f"[[NAME|{self.friend.given}]]",
            "friendfull": f"[[NAME|{self.friend.full}]]",
            "town": f"[[CITY|{r.choice(TOWNS)}]]",
            "date": f"[[DATE|{date}]]",
            "phone": f"[[PHONE|{r.randint(201, 989)}-{r.randint(200, 999)}-{r.randint(1000, 9999)}]]",  # noqa: E501
            "email": f"[[EMAIL|{local or 'me'}.{r.randint(10, 99)}@inbox.example.com]]",
            "ip": f"[[IP|{'.'.join(str(r.randint(1, 223)) for _ in range(4))}]]",
            "age": f"[[AGE_OVER_89|{r.randint(90, 99)}]]",
            "employer": f"[[EMPLOYER|{self.friend.family.split()[-1]} Hardware]]",
            "drug": _t("drug", r.choice(DRUGS)),
            "drug2": _t("drug", r.choice(DRUGS)),
            "days": _t("weekday", r.choice(WEEKDAYS)),
            "greeting": _t("greeting", r.choice(GREETINGS)),
            "have": _t("contraction", r.choice(HAVE)),
            "will": _t("contraction", r.choice(WILL)),
            "be": _t("contraction", r.choice(BE)),
        }


CLIENT_LINES = [
    "{have} been trying, I- I really have, but {days} are the worst.",
    "My {rel} {relname} called again on {date} and I just, I didn't pick up.",
    "It's like, um, I'm fine at work and then I get home and it all- it all falls apart.",
    "The doctor switched me from {drug} to {drug2} and honestly I feel kind of flat.",
    'She goes, "{be} not doing this again," and I said, "Fine, then don\'t."',
    "We moved to {town} when I was little, so I don't really know anyone here.",
    "{friend} keeps telling me to just, you know, get out more.",
    "I work at {employer} now, the early shift, which is- it's okay.",
    "My grandpa's {age}, he still lives alone, which scares me.",
    "I keep {drug} in the car now, just in case, after what happened with my cousin.",
    "I was on {drug} back in the <<decade|90s>> and it didn't really do anything.",
    "They said it's <<type|Type II>>, so I have to watch what I eat now, which, ugh.",
    "My daughter started at <<programme|Head Start>> and she loves it.",
    '{will} tell you what she said. She said, "You never listen to me."',
    "I- no, wait, that's not right. It was the week before.",
    "He texted me, like, forty times. I blocked him.",
    'My mom always answers the phone with "{greeting}" and it drives my {rel} nuts.',
    "The counselor before you, she was a <<credential|PsyD>> I think, or an "
    "<<credential|LCSW>>, I don't remember.",
    "Someone logged into my account from <<ip-word|IP>> address {ip}, so I changed everything.",
    "You can text me at {phone} if you need to move the time.",
    "My e-mail changed, it's {email} now.",
    "{relname} says I'm overreacting. {have} heard that my whole life.",
    "It was {date}, I remember because it was right before my birthday.",
    "I just- I don't know. I don't know what I want.",
    "Uh, we went to {town} for the weekend and I actually slept.",
    "I told {friendfull} I couldn't do the wedding, and she hasn't talked to me since.",
    "Sometimes I think, what's the point, you know? But not like that. Not like before.",
    "My {rel} brought over soup and we actually talked for once.",
]
THERAPIST_LINES = [
    "What was that like for you, {name}?",
    "{name}, can I ask you something about that?",
    "It sounds like {days} carry a lot of weight.",
    "How has the {drug} been since the switch?",
    "When you say flat, what do you notice in your body?",
    "Let's slow down there for a second.",
    "You said {relname} called. What did you want to say to {rel}?",
    "That makes sense, given everything.",
    "How did you sleep this week?",
    "What would you like to focus on today?",
    "{greeting}, come on in, take whichever chair you like.",
    "I'm noticing you went quiet just now.",
    "Is there anything from last week you want to pick up?",
    "On a scale of one to ten, where's the anxiety right now?",
    "Who else knows about this?",
    "I'll send the worksheet to {email} after the session.",
    "{have} written that down; we can come back to it.",
    "What do you need from {friend} right now?",
    "We have about ten minutes left. Let's think about the week ahead.",
    "So next time is {date}, same time?",
]


def _opening(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.22:
        word = rng.choice(DISCOURSE)
        sep = " " if word in {"And", "But", "I mean"} and rng.random() < 0.5 else ", "
        return _t("discourse", word) + sep
    if roll < 0.32:
        return _t("backchannel", rng.choice(BACKCHANNELS)) + ", "
    return ""


def _turn(rng: random.Random, line: str, values: dict[str, str]) -> str:
    text = line.format_map(values)
    opening = _opening(rng)
    if opening and text[:1].isupper() and not (text[:1] == "I" and not text[1:2].isalpha()):
        text = text[0].lower() + text[1:]
    return opening + text


def _session(rng: random.Random) -> str:
    s = _Session(rng)
    style = rng.random()
    if style < 0.6:
        tl, cl = "T: ", "C: "
    elif style < 0.8:
        tl, cl = "THERAPIST: ", "CLIENT: "
    else:
        tl = f"Dr. [[NAME|{s.therapist.family}]]: "
        cl = f"[[NAME|{s.client.given}]]: "
    when = f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/{rng.randint(20, 26)}"
    header = f"Session transcript, [[DATE|{when}]]\n\n"
    turns = []
    for n in range(rng.randint(10, 18)):
        values = s.fill()
        therapist = n % 2 == 0
        if rng.random() < 0.2:
            word = _t("backchannel", rng.choice(BACKCHANNELS))
            turns.append((tl if therapist else cl) + word + rng.choice([".", "...", "?"]))
            continue
        pool = THERAPIST_LINES if therapist else CLIENT_LINES
        line = rng.choice(pool)
        turns.append((tl if therapist else cl) + _turn(rng, line, values))
    return header + "\n".join(turns) + "\n"


def generate() -> list[EvalDoc]:
    rng = random.Random(SEED)
    return [document(SOURCE, f"tx-{n:04d}", "transcript", _session(rng)) for n in range(SESSIONS)]
