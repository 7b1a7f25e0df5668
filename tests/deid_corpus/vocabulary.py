"""Words and phrases the synthetic corpus is written from (all made up or generic)."""

from __future__ import annotations

import datetime
from collections.abc import Callable


def ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


FAMILY_RELATIONS = ["sister", "brother", "mother", "father", "husband", "wife", "son",
                    "daughter", "partner", "cousin", "aunt", "grandmother", "boyfriend",
                    "girlfriend"]  # fmt: skip
OTHER_RELATIONS = ["boss", "coworker", "friend", "roommate", "neighbor", "coach"]
ORG_WORDS = ["Logistics", "Dental", "Bakery", "Hardware", "Credit Union", "Insurance",
             "Pharmacy", "Construction", "Consulting", "Auto Body", "Medical Group",
             "Realty", "Landscaping", "Foods"]  # fmt: skip
ORG_FIRST = ["Harbor", "Cedar Ridge", "Brightway", "Northgate", "Bluewater", "Summit",
             "Redwood", "Lakeshore", "Ironbridge", "Maplewood", "Silverline",
             "Oakhurst"]  # fmt: skip
SCHOOL_KINDS = ["Elementary School", "Middle School", "High School", "Academy",
                "Community College"]  # fmt: skip
CHURCHES = ["St. Brendan's Church", "Grace Fellowship Church", "Temple Beth Shalom",
            "Riverside Baptist Church", "Crossfit Ironworks Gym"]  # fmt: skip
RARE_JOBS = ["state senator", "news anchor", "NFL player", "astronaut", "rabbi", "mayor"]
US_STATES = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY",
]  # fmt: skip
LOCALES = ["en_US", "en_US", "en_US", "es_MX", "de_DE", "fr_FR", "it_IT", "pl_PL", "nl_NL",
           "pt_BR", "en_GB", "en_IE"]  # fmt: skip
DATE_FORMS: list[tuple[str, Callable[[datetime.date], str]]] = [
    ("m/d/yy", lambda d: f"{d.month}/{d.day}/{d.year % 100:02d}"),
    ("mm/dd/yyyy", lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}"),
    ("iso", lambda d: d.isoformat()),
    ("month d", lambda d: f"{d:%B} {d.day}"),
    ("month dth", lambda d: f"{d:%B} {ordinal(d.day)}"),
    ("mon. d, yyyy", lambda d: f"{d:%b}. {d.day}, {d.year}"),
    ("weekday, month d", lambda d: f"{d:%A}, {d:%B} {d.day}"),
    ("d mon yyyy", lambda d: f"{d.day} {d:%b} {d.year}"),
    ("the dth of month", lambda d: f"the {ordinal(d.day)} of {d:%B}"),
    ("month yyyy", lambda d: f"{d:%B} {d.year}"),
    ("dd-mon-yyyy", lambda d: f"{d.day:02d}-{d:%b}-{d.year}"),
]

CLINICAL_SENTENCES = [
    "The client reported improved sleep and fewer intrusive thoughts this week.",
    "We reviewed the thought record and practised paced breathing.",
    "Mood was described as low, with affect constricted but reactive.",
    "The client denied suicidal ideation, intent or plan.",
    "Homework compliance was partial; the client completed two of five exposure tasks.",
    "We explored avoidance patterns and their short-term and long-term consequences.",
    "Sleep hygiene strategies were revisited and a consistent wake time was agreed.",
    "The client identified catastrophic predictions about social evaluation.",
    "Progress toward treatment goals is steady but slower than expected.",
    "We discussed the limits of confidentiality again in light of the new situation.",
    "Appetite is reduced and the client reports low energy most afternoons.",
    "The therapeutic alliance appears strong and the client engaged well.",
    "Cognitive restructuring focused on self-critical automatic thoughts.",
    "The client practised grounding techniques during a moment of panic in session.",
    "Plan: continue weekly sessions and review the safety plan next time.",
    "The client was alert, oriented and cooperative throughout the session.",
    "Speech was normal in rate and volume, and thought process was goal directed.",
    "We normalised grief responses and discussed anniversary reactions.",
    "Behavioural activation scheduling was reviewed and adjusted for the coming week.",
    "The client described ruminating for hours after minor disagreements.",
    "We began a values clarification exercise and will continue it next session.",
    "No medication changes were reported since the last appointment.",
    "The client rated anxiety at six out of ten at the start and four at the end.",
    "We rehearsed assertive communication using role play.",
    "The client expressed ambivalence about reducing alcohol use.",
    "Motivational interviewing techniques were used to explore reasons for change.",
    "The client reports using the coping card when urges arise.",
    "Intrusive memories have decreased in frequency but remain distressing.",
    "We reviewed the hierarchy and agreed on the next exposure step.",
    "Supervisor recommended focusing on case conceptualisation before adding techniques.",
    "The trainee noticed strong countertransference and will bring it to supervision.",
    "Risk was assessed as low, and protective factors were reviewed.",
    "The client attended on time and paid the session fee.",
    "Family dynamics appear to maintain the avoidance, according to the client.",
    "The client reported a panic attack at work and left early.",
    "We discussed how perfectionism affects deadlines and relationships.",
    "Psychoeducation covered the cycle of worry and reassurance seeking.",
    "The client is considering a referral for a medication evaluation.",
    "We ended the session with a brief mindfulness exercise.",
    "The client reflected that the week felt more manageable than the last.",
]
