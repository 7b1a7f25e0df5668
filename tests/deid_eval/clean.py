"""Source (c): identifier-free clinical prose and dialogue, for measuring over-redaction.

Hand-written sentences with no identifier in them, composed at random into paragraphs
(prose) and into T/C exchanges (dialogue). They are full of words an engine may take for
names or places: names that are words at a sentence start ("Hope is an important
factor", "Grace period", "Will you be able", "Bill the insurer", "Kit contents"), drug
names, weekdays in the plural, credentials, diagnoses with numerals, back-channels and
discourse markers. No document has a gold span; the benchmark reports the share of words
flagged, and which traps were flagged.
"""

from __future__ import annotations

import random

from tests.deid_eval import EvalDoc, document

SOURCE = "clean"
SEED = 4077
PROSE = 64
DIALOGUES = 56

PROSE_SENTENCES = [
    "<<word-name|Hope>> is an important factor in recovery from depression.",
    "<<word-name|Grace>> period for late cancellations is twenty-four hours.",
    "<<word-name|Will>> you be able to complete the mood diary before the next session?",
    "<<word-name|Bill>> the insurer only after the authorisation has been confirmed.",
    "<<word-name|Kit>> contents: breathing cards, a grounding stone and a feelings wheel.",
    "<<word-name|Faith>> communities can be a source of support or of shame.",
    "<<word-name|Joy>> and grief often sit side by side after a loss.",
    "<<word-name|Rose>> tinted memories of early childhood were explored gently.",
    "<<word-name|Dawn>> is the hardest time of day for many people with insomnia.",
    "<<word-name|Sky>> high expectations at work were discussed.",
    "<<word-name|Stone>> faced silence in the room was named and explored.",
    "<<word-name|Woods>> and parks were suggested for behavioural activation walks.",
    "The client reported improved sleep and fewer panic attacks this week.",
    "Cognitive restructuring focused on catastrophic predictions about work.",
    "We reviewed the safety plan and updated the list of coping strategies.",
    "Symptoms are consistent with generalised anxiety disorder, moderate severity.",
    "The PHQ-9 score fell from eighteen to eleven over six weeks.",
    "Exposure exercises were graded from least to most feared situations.",
    "The client tolerated the imaginal exposure with moderate distress.",
    "Medication is managed by the prescriber; <<drug|Sertraline>> was increased last month.",
    "The client stopped <<drug|Lexapro>> without telling anyone and felt worse.",
    "Sleep hygiene was reviewed, including caffeine after midday.",
    "<<weekday|Mondays>> and <<weekday|Fridays>> are the client's most anxious days.",
    "The referral came from a <<credential|PsyD>> who works in primary care.",
    "An <<credential|LCSW>> co-facilitates the group on <<weekday|Thursdays>>.",
    "Diabetes, <<type|Type II>>, complicates the client's fatigue and low mood.",
    "Rumination increases in the evening and after conflict.",
    "Values clarification identified family, creativity and health as priorities.",
    "The therapeutic alliance appears strong despite missed sessions.",
    "Homework was completed in part; the thought record was left blank.",
    "No suicidal ideation, intent or plan was reported today.",
    "Grief work continued with an empty chair exercise.",
    "The client described a pattern of people pleasing and resentment.",
    "Mindfulness practice was introduced for five minutes a day.",
    "Attachment themes emerged in the discussion of the new relationship.",
    "Behavioural experiments tested the belief that others will reject the client.",
    "Progress toward goals is steady though slower than the client hoped.",
    "Trauma processing was postponed until stabilisation skills are stronger.",
    "The client grew up in the <<decade|90s>> and remembers the recession well.",
    "Psychoeducation covered the fight, flight and freeze responses.",
    "<<word-name|June>> and July are usually quieter months at the clinic.",
    "<<word-name|Hardy>> perennials in the garden were a metaphor the client chose.",
    "<<word-name|Booth>> seating at the restaurant felt safer than open tables.",
    "Parenting stress was high after the move to a new school district.",
    "Alcohol use has decreased to two drinks on weekends.",
    "A release of information was discussed but not signed.",
    "<<word-name|Autumn>> tends to bring a dip in mood for this client.",
    "<<word-name|Christian>> counselling was offered elsewhere, but the client declined.",
    "The IP-based telehealth platform dropped twice during the session.",
    "<<programme|Head Start>> eligibility was discussed for the client's youngest child.",
]

DIALOGUE_LINES = [
    ("T", "How has the week been?"),
    ("C", "<<backchannel|Mm>>, up and down, honestly."),
    ("T", "<<discourse|So>>, what was the up part?"),
    ("C", "<<discourse|Well>>, I actually went for a walk on <<weekday|Sundays>>, both of them."),
    ("T", "<<backchannel|Mm-hmm>>."),
    ("C", "<<discourse|And>> then the down part was, like, everything else."),
    ("T", "<<backchannel|Right>>. Say more about everything else."),
    ("C", "<<discourse|But>> I don't know where to start."),
    ("T", "<<discourse|Okay>>, start wherever feels easiest."),
    ("C", "<<backchannel|Yeah>>. Um. Work, I guess. <<contraction|I've>> been behind."),
    ("T", "<<word-name|Will>> you be able to talk to your manager about it?"),
    ("C", "<<backchannel|Hmm>>. Maybe. <<contraction|I'll>> try."),
    ("C", "<<discourse|Like>>, I know what to do, I just- I don't do it."),
    ("T", "That gap between knowing and doing is really common."),
    ("C", "My doctor put me on <<drug|Wellbutrin>> and it helps a bit."),
    ("C", "<<drug|Suboxone>> has kept me steady for a year now."),
    ("C", "<<contraction|I'd>> rather not talk about that today."),
    ("T", "<<backchannel|Sure>>. We can leave it there."),
    ("C", "<<greeting|Hola>> is how my grandmother answers every call, it's sweet."),
    ("T", "<<discourse|Actually>>, let's look at the worksheet together."),
    ("C", "<<backchannel|Uh-huh>>."),
    ("T", "<<word-name|Hope>> is something we can build, it's not just a feeling."),
    ("C", "<<discourse|Oh>>, I never thought of it like that."),
    ("T", "<<word-name|Grace>> toward yourself might be part of the homework."),
    ("C", "<<backchannel|Yeah>>, yeah. <<contraction|I'm>> bad at that."),
    ("T", "<<word-name|Bill>> the insurer directly, or do you want the office to do it?"),
    ("C", "<<discourse|Honestly>>, the office, please."),
    ("T", "<<word-name|Kit>> contents are in the folder: the cards and the timer."),
    ("C", "<<discourse|Anyway>>, <<weekday|Tuesdays>> are when it all piles up."),
    ("T", "<<backchannel|Okay>>. What's different about <<weekday|Tuesdays>>?"),
    ("C", "Back in the <<decade|90s>> nobody talked about any of this."),
    ("C", "They said <<type|Type II>>, so I'm doing the diet thing."),
    ("T", "<<discourse|I mean>>, that's a lot of change at once."),
    ("C", "<<backchannel|No>>, it's fine. It's fine."),
    ("T", "What would fine look like, if it were really fine?"),
    ("C", "<<discourse|Gosh>>. Sleeping through the night, for a start."),
    ("T", "<<discourse|Well>>, let's make that the goal for this month."),
    ("C", "<<greeting|Salaam>>, sorry, I was on the phone with my aunt."),
    ("C", "<<contraction|We'll>> see how it goes."),
    ("T", "<<backchannel|Right>>, we have a few minutes left."),
]


def _prose(rng: random.Random) -> str:
    return " ".join(rng.sample(PROSE_SENTENCES, rng.randint(4, 8))) + "\n"


def _dialogue(rng: random.Random) -> str:
    start = rng.randrange(len(DIALOGUE_LINES))
    lines = [DIALOGUE_LINES[(start + i) % len(DIALOGUE_LINES)] for i in range(rng.randint(8, 14))]
    rng.shuffle(lines)
    return "\n".join(f"{who}: {line}" for who, line in lines) + "\n"


def generate() -> list[EvalDoc]:
    rng = random.Random(SEED)
    docs = [document(SOURCE, f"cp-{n:04d}", "prose", _prose(rng)) for n in range(PROSE)]
    docs += [document(SOURCE, f"cd-{n:04d}", "dialogue", _dialogue(rng)) for n in range(DIALOGUES)]
    return docs
