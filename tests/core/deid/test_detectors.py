"""Known-answer tables: what each detector must find, and what it must leave alone."""

from __future__ import annotations

import pytest

from sealbook.core.deid.detectors import REGISTRY, DetectionContext
from sealbook.core.deid.roster import Roster, RosterClient, RosterContact
from sealbook.core.deid.spans import Label

ROSTER = Roster(
    (
        RosterClient(
            "6f1c2a4e-0000-4000-8000-000000000001",
            names=("Katherine Moore",),
            nicknames=("Kit",),
            phones=("(617) 555-0142",),
            emails=("kmoore@example.org",),
            addresses=("1423 Maple Street, Springfield, IL 62704",),
            employers=("Harbor Freight",),
            schools=("Lincoln Middle School",),
            contacts=(RosterContact(names=("Dana Moore",), relation="sister"),),
        ),
        RosterClient("6f1c2a4e-0000-4000-8000-000000000002", names=("Hope Sandoval",)),
    )
)
CONTEXT = DetectionContext(ROSTER.compile())

# (detector, text, the text it must flag, label)
MUST_MATCH: list[tuple[str, str, str, Label]] = [
    ("email", "write to kmoore@example.org today", "kmoore@example.org", Label.EMAIL),
    ("email", "J.Doe+notes@mail.co.uk.", "J.Doe+notes@mail.co.uk", Label.EMAIL),
    ("url", "see https://example.com/path?a=1.", "https://example.com/path?a=1", Label.URL),
    ("url", "her blog www.katesgarden.net", "www.katesgarden.net", Label.URL),
    ("url", "posted on katesgarden.com", "katesgarden.com", Label.URL),
    ("ip_address", "logged from 192.168.10.4", "192.168.10.4", Label.IP),
    ("ip_address", "v6 2001:db8::ff00:42:8329", "2001:db8::ff00:42:8329", Label.IP),
    ("phone", "call (617) 555-0142 after 5", "(617) 555-0142", Label.PHONE),
    ("phone", "cell 617.555.0142", "617.555.0142", Label.PHONE),
    ("phone", "reach her at +44 20 7946 0958", "+44 20 7946 0958", Label.PHONE),
    ("phone", "Fax: 617-555-0199", "617-555-0199", Label.FAX),
    ("phone", "home 555-0142", "555-0142", Label.PHONE),
    ("phone", "416 60 039 office", "416 60 039", Label.PHONE),
    ("phone", "Mobile: 432 03 163", "432 03 163", Label.PHONE),
    ("phone", "messages to 699 956 915", "699 956 915", Label.PHONE),
    ("phone", "+46 (0)8 928 571 38 fax", "+46 (0)8 928 571 38", Label.FAX),
    ("phone", "082 490 1693-Office", "082 490 1693", Label.PHONE),
    ("ssn", "SSN 123-45-6789", "123-45-6789", Label.SSN),
    ("ssn", "social security number: 123456789", "123456789", Label.SSN),
    ("record_number", "MRN: 00482913", "00482913", Label.MRN),
    ("record_number", "member ID XJH-448-2210", "XJH-448-2210", Label.HEALTH_PLAN),
    ("record_number", "account #44021-88", "44021-88", Label.ACCOUNT),
    ("record_number", "driver's license S530-4412-9921", "S530-4412-9921", Label.LICENSE),
    ("record_number", "plate 7ABC123", "7ABC123", Label.VEHICLE),
    ("record_number", "serial number SN-44X1290", "SN-44X1290", Label.DEVICE),
    ("record_number", "case number 2021-CV-0042", "2021-CV-0042", Label.ID),
    ("payment_number", "card 4111 1111 1111 1111", "4111 1111 1111 1111", Label.ACCOUNT),
    (
        "payment_number",
        "IBAN GB82 WEST 1234 5698 7654 32",
        "GB82 WEST 1234 5698 7654 32",
        Label.ACCOUNT,
    ),
    ("vehicle", "VIN 1HGCM82633A004352", "1HGCM82633A004352", Label.VEHICLE),
    ("device", "router 00:1A:2B:3C:4D:5E", "00:1A:2B:3C:4D:5E", Label.DEVICE),
    ("device", "IMEI 490154203237518", "490154203237518", Label.DEVICE),
    ("unique_code", "ticket 88412903", "88412903", Label.ID),
    ("unique_code", "code AB-20391-ZK", "AB-20391-ZK", Label.ID),
    ("date", "seen 3/4/21 for intake", "3/4/21", Label.DATE),
    ("date", "on March 4th she", "March 4th", Label.DATE),
    ("date", "since the 4th of March", "the 4th of March", Label.DATE),
    ("date", "born 4 Mar 2021 in", "4 Mar 2021", Label.DATE),
    ("date", "Tuesday, March 4 was", "Tuesday, March 4", Label.DATE),
    ("date", "on 2021-03-04.", "2021-03-04", Label.DATE),
    ("date", "admitted 04-Mar-2021", "04-Mar-2021", Label.DATE),
    ("date", "in March 2021 she", "March 2021", Label.DATE),
    ("date", "seen on 3/4 again", "3/4", Label.DATE),
    ("age", "a 93-year-old widow", "93", Label.AGE_OVER_89),
    ("age", "she is in her 90s", "in her 90s", Label.AGE_OVER_89),
    ("age", "aged 101", "101", Label.AGE_OVER_89),
    ("social_handle", "she posts as @kit_22 daily", "@kit_22", Label.ID),
    ("social_handle", "snap: maren.l", "maren.l", Label.ID),
    ("table_column", "id,first_name,postcode\n1043,Kiri,6011\n", "6011", Label.ZIP),
    ("zip_code", "Springfield, IL 62704", "62704", Label.ZIP),
    ("zip_code", "zip code 02139", "02139", Label.ZIP),
    ("zip_code", "ZIP: 394 13", "394 13", Label.ZIP),
    ("zip_code", "she lives in København K 1421 now", "1421", Label.ZIP),
    ("zip_code", "Boston, Massachusetts 02139-4307", "02139-4307", Label.ZIP),
    (
        "street_address",
        "lives at 1423 Maple Street, Apt 4B now",
        "1423 Maple Street, Apt 4B",
        Label.ADDRESS,
    ),
    ("street_address", "moved to 77 N. Oak Ave.", "77 N. Oak Ave.", Label.ADDRESS),
    ("street_address", "mail to PO Box 4412", "PO Box 4412", Label.ADDRESS),
    ("street_address", "at Hammarvägen 15", "Hammarvägen 15", Label.ADDRESS),
    # International addresses: the street, then town, region, country and postcode after it.
    ("street_address", "Via Garibaldi 12, 00184 Roma, Italy", "00184", Label.ZIP),
    ("street_address", "Via Garibaldi 12, 00184 Roma, Italy", "Roma", Label.CITY),
    ("street_address", "Hauptstraße 5\n10115 Berlin\nGermany", "Berlin", Label.CITY),
    ("street_address", "ul. Długa 7, 00-238 Warszawa", "ul. Długa 7", Label.ADDRESS),
    ("street_address", "ul. Długa 7, 00-238 Warszawa", "00-238", Label.ZIP),
    ("street_address", "Andrássy út 22., Budapest", "Andrássy út 22.", Label.ADDRESS),
    (
        "street_address",
        "25 rue de la Paix, 75002 Paris, France",
        "25 rue de la Paix",
        Label.ADDRESS,
    ),
    ("street_address", "221B Baker Street, London NW1 6XE, UK", "NW1 6XE", Label.ZIP),
    ("street_address", "Λεωφόρος Κηφισίας 44, Αθήνα 11526", "Λεωφόρος Κηφισίας 44", Label.ADDRESS),
    ("street_address", "Λεωφόρος Κηφισίας 44, Αθήνα 11526", "Αθήνα", Label.CITY),
    (
        "street_address",
        "at 88 Storgata 3 Apt. 12\nDRAMMEN\n, BU\n Norway 3015",
        "DRAMMEN",
        Label.CITY,
    ),
    ("street_address", "at 88 Storgata 3 Apt. 12\nDRAMMEN\n, BU\n Norway 3015", "BU", Label.CITY),
    ("street_address", "at 88 Storgata 3 Apt. 12\nDRAMMEN\n, BU\n Norway 3015", "3015", Label.ZIP),
    (
        "street_address",
        "at 88 Storgata 3 Apt. 12\nDRAMMEN\n, BU\n Norway 3015",
        "88 Storgata 3",
        Label.ADDRESS,
    ),
    ("street_address", "sent to 12 Oak Road Suite 4 PERTH Australia", "PERTH", Label.CITY),
    (
        "street_address",
        "1600 Pennsylvania Avenue NW, Washington, DC 20500",
        "Washington",
        Label.CITY,
    ),
    (
        "street_address",
        "lives at 2505 Heatherleigh Suite 620, Lyon",
        "2505 Heatherleigh",
        Label.ADDRESS,
    ),
    ("street_address", "the bus stops at 40 kirkegata 12 st.", "40 kirkegata 12", Label.ADDRESS),
    ("street_address", "write to Postbox 53, 3900 Nuuk", "Postbox 53", Label.ADDRESS),
    ("street_address", "a walk on Tarsicio Lane at dusk", "Tarsicio Lane", Label.ADDRESS),
    (
        "street_address",
        "The bus station is on Pod Floriánem 1677",
        "Pod Floriánem 1677",
        Label.ADDRESS,
    ),
    (
        "street_address",
        "Jane Doe, PhD\nSunrise Counseling LLC\n12 Main Street\nSpringfield, IL 62704",
        "Sunrise Counseling LLC",
        Label.ORGANIZATION,
    ),
    ("place", "she grew up in San Diego", "San Diego", Label.CITY),
    ("place", "moved to Ashford, CT", "Ashford", Label.CITY),
    ("place", "court in Cook County", "Cook County", Label.COUNTY),
    ("place", "she grew up in ΑΛΑΣΣΑ.", "ΑΛΑΣΣΑ", Label.CITY),
    ("place", "originally from KIIKOINEN, she", "KIIKOINEN", Label.CITY),
    ("place", "we returned to kiel by train", "kiel", Label.CITY),
    (
        "place",
        "When: 3/4/21\nWhere: Unionville (Orange) Country Club.",
        "Unionville (Orange)",
        Label.CITY,
    ),
    ("place", "When: 3/4/21\nWhere: Kestrelmoor.", "Kestrelmoor", Label.PLACE),
    ("place", "grew up in Mobile", "Mobile", Label.CITY),
    ("person_name", "Kate's mother called", "Kate", Label.NAME),
    ("person_name", "met KATE MOORE today", "KATE MOORE", Label.NAME),
    ("person_name", "talked with kate about it", "kate", Label.NAME),
    ("person_name", "then Dr. Okafor arrived", "Okafor", Label.NAME),
    ("person_name", "I spoke to Grace Brown.", "Grace Brown", Label.NAME),
    ("person_name", "player Teresa Kreutzmann was", "Teresa Kreutzmann", Label.NAME),
    ("person_name", "we saw Vanessa P. Hertzog", "Vanessa P. Hertzog", Label.NAME),
    ("person_name", "Ken N. Fukuda called", "Ken N. Fukuda", Label.NAME),
    ("person_name", "Lóa F Sigmundsdóttir lives here", "Lóa F Sigmundsdóttir", Label.NAME),
    ("person_name", "Maika van de Noort wrote", "Maika van de Noort", Label.NAME),
    ("person_name", "Zuzana: Who are you?", "Zuzana", Label.NAME),
    ("person_name", "Astrid K. Oddsdóttir spoke first", "Astrid K. Oddsdóttir", Label.NAME),
    ("person_name", "follow up with benjamin a seiler soon", "benjamin a seiler", Label.NAME),
    ("person_name", "we met olga krylova's sister", "olga krylova", Label.NAME),
    ("person_name", "Aloisia, can you call me back?", "Aloisia", Label.NAME),
    ("person_name", "the founders: Monjeau, Graves and Reed.", "Graves", Label.NAME),
    ("person_name", "the founders: Monjeau, Graves and Reed.", "Monjeau", Label.NAME),
    ("person_name", "Usamov and Bowers were engineers.", "Bowers", Label.NAME),
    ("person_name", "What is your last name? Matthíasson", "Matthíasson", Label.NAME),
    ("person_name", "Name: chise t. horiguchi\n", "chise t. horiguchi", Label.NAME),
    ("person_name", "everyone calls me višeslav", "višeslav", Label.NAME),
    ("person_name", "Kevin Veitonen II was here", "Kevin Veitonen II", Label.NAME),
    ("person_name", "Willemine ten Pas will speak", "Willemine ten Pas", Label.NAME),
    ("person_name", "What's your name? Jildau S Bouts", "Jildau S Bouts", Label.NAME),
    ("person_name", "please correct it to Dr. Justin Beet?", "Justin Beet", Label.NAME),
    ("person_name", "our founders: Šušulić, Bowman and White.", "Šušulić", Label.NAME),
    ("person_name", "they had 3: silvana, adam and chad.", "chad", Label.NAME),
    ("person_name", "Client: Orlaigh\nDOB: 3/2/1988", "Orlaigh", Label.NAME),
    (
        "person_name",
        "our mutual client, KONSTANTY SZYNKIEWICZ, whom",
        "KONSTANTY SZYNKIEWICZ",
        Label.NAME,
    ),
    ("person_name", "presented the case of bernabé. He", "bernabé", Label.NAME),
    ("person_name", "PROGRESS NOTE\nTroy was seen for", "Troy", Label.NAME),
    ("person_name", "later Naomi Courtier became tearful", "Naomi Courtier", Label.NAME),
    ("person_name", "Notes.\nélise was seen today", "élise", Label.NAME),
    # A person's name ends before a school word; the organisation detector finds the school.
    ("person_name", "Kids go to Washington Elementary.", "Washington", Label.NAME),
    # A word opening a sentence is taken into the name after it only when it is a name in
    # earnest: a frequent given name, or a name after a title.
    ("person_name", "Rose Kate Morrow came.", "Rose Kate Morrow", Label.NAME),
    ("person_name", "Sari J. Koski called.", "Sari J. Koski", Label.NAME),
    ("person_name", "Dr. Call arrived.", "Call", Label.NAME),
    ("person_name", "Mr. Tell was calm.", "Tell", Label.NAME),
    ("person_name", "Kate Call arrived.", "Kate Call", Label.NAME),
    ("person_name", "Call Kate Morrow at 503-555-0142.", "Kate Morrow", Label.NAME),
    ("person_name", "Call J. Smith today.", "J. Smith", Label.NAME),
    ("initials", "J.M. reported", "J.M.", Label.NAME),
    ("initials", "client JM reported", "JM", Label.NAME),
    ("person_role", "It helps, says Tulip.", "Tulip", Label.NAME),
    ("relation_cue", "her sister Dana came", "Dana", Label.RELATIVE),
    ("relation_cue", "my boss Ray yelled", "Ray", Label.NAME),
    ("relation_cue", "her son, Tyler, is", "Tyler", Label.RELATIVE),
    ("relation_cue", "a friend named jo", "jo", Label.NAME),
    ("organisation", "she attends Lincoln Middle School", "Lincoln Middle School", Label.SCHOOL),
    ("organisation", "he works at Dunkin' Donuts", "Dunkin' Donuts", Label.EMPLOYER),
    ("organisation", "went to St. Mark's Church", "St. Mark's Church", Label.PLACE),
    ("organisation", "sued Acme Logistics Inc", "Acme Logistics Inc", Label.ORGANIZATION),
    # A full stop that ends the sentence is not part of the name; an abbreviation's is.
    ("organisation", "We met at Blue Harbor Church. Then", "Blue Harbor Church", Label.PLACE),
    (
        "organisation",
        "He volunteers at Blue Harbor Church.\nNext week",
        "Blue Harbor Church",
        Label.EMPLOYER,
    ),
    (
        "organisation",
        "She studied at the University of Nicosia.",
        "University of Nicosia",
        Label.SCHOOL,
    ),
    ("organisation", "We sued Acme Logistics Inc.", "Acme Logistics Inc.", Label.ORGANIZATION),
    # Places named after people, and nothing of the words before them.
    ("organisation", "Session at Lincoln Middle School.", "Lincoln Middle School", Label.SCHOOL),
    ("organisation", "We met at Kennedy High School today", "Kennedy High School", Label.SCHOOL),
    ("organisation", "Admitted to St. Mary's Hospital.", "St. Mary's Hospital", Label.PLACE),
    ("organisation", "Kids go to Washington Elementary.", "Washington Elementary", Label.SCHOOL),
    ("organisation", "Parents of Kennedy High School met", "Kennedy High School", Label.SCHOOL),
    ("organisation", "Kate's Lincoln Middle School friends", "Lincoln Middle School", Label.SCHOOL),
    ("organisation", "Her boss at Acme Logistics yelled", "Acme Logistics", Label.ORGANIZATION),
    ("organisation", "She quit Acme Labs in May", "Acme Labs", Label.ORGANIZATION),
    ("street_address", "Write to 233 Erzsébet tér 19.", "233 Erzsébet tér 19", Label.ADDRESS),
    ("street_address", "They live at 12 Elm St. in Springfield.", "12 Elm St.", Label.ADDRESS),
    ("occupation", "her father was a state senator", "senator", Label.OCCUPATION),
    ("roster", "Kit's birthday", "Kit", Label.NAME),
    ("roster", "talked about katie all day", "katie", Label.NAME),
    ("roster", "KATHERINE MOORE came in", "KATHERINE MOORE", Label.NAME),
    ("roster", "Katherine's sister", "Katherine", Label.NAME),
    ("roster", "Kathrine was late", "Kathrine", Label.NAME),
    ("roster", "her sister dana moore", "dana moore", Label.RELATIVE),
    ("roster", "call 617 555 0142", "617 555 0142", Label.PHONE),
    ("roster", "KMoore@Example.org wrote", "KMoore@Example.org", Label.EMAIL),
    ("roster", "she lives at 1423 Maple St. now", "1423 Maple St", Label.ADDRESS),
    ("roster", "shifts at harbor freight", "harbor freight", Label.EMPLOYER),
    ("roster", "We hope Hope is well", "Hope", Label.NAME),
]

# (detector, text): the detector must find nothing here.
MUST_NOT_MATCH: list[tuple[str, str]] = [
    ("email", "an @ sign alone, or user@localhost"),
    ("url", "the end.Next sentence"),
    ("ip_address", "version 1.2.3 and 10:30:00"),
    ("phone", "took 20 mg twice, PHQ-9 score 14, 2019-2021"),
    ("phone", "on 03/04/2021 she"),
    ("phone", "scored 12 14 16 on the three tests, seen 12 03 2021"),
    ("ssn", "a score of 123 45 on two tests"),
    ("record_number", "her account of the day, record low mood"),
    ("payment_number", "4111 1111 1111 1112"),
    ("vehicle", "ABCDEFGHJKLMNPRST"),
    ("device", "a ratio of 12:30 to 14:45"),
    ("unique_code", "PHQ-9 of 14, GAD-7, F41.1, DSM-5, 2021"),
    ("date", "scored 3/4 on the quiz in 2019"),
    ("date", "we may go in May"),
    ("age", "a 45-year-old man, 90 minutes, the 1990s"),
    ("social_handle", "mail kit@harbour.example; meet @ 4:30 or @3pm; insta: none"),
    ("table_column", "Mood, sleep, appetite\n6, 4, 7\n"),
    ("zip_code", "she paid $12000 for 45000 miles"),
    ("zip_code", "in room 4410 and in about 1500, in Boston 2019"),
    ("street_address", "took 20 Tylenol in the street"),
    ("street_address", "Seen on March 10, 2021 and again on March 17, 2021."),
    ("street_address", "took 2 pills at 9 and 3 more at 11 on the road"),
    ("street_address", "a 5 mile run down Main Street on May 3"),
    ("street_address", "she is on Trintellix 10 mg, is on Vyvanse 30 daily, is on March 12"),
    ("place", "Mobile phones and Normal sleep"),
    ("place", "she is in PAIN and works at NASA; I am in IOP; imported from CSV"),
    ("place", "Location: Telehealth (Zoom)\nLocation: office"),
    ("person_name", "The client reported improved sleep and less anxiety this week."),
    ("person_name", "She will hope for grace; she speaks French and English."),
    ("person_name", "On Monday in March she felt sad."),
    ("person_name", "take vitamin d daily and plan b later"),
    ("person_name", "Mom, can you help? Monday and Tuesday were hard."),
    ("person_name", "My name is not important, call me later."),
    ("person_name", "Patient was seen for a session. Client reported less worry; she was late."),
    ("person_name", "In the case of panic, call me. Our client, who was seen twice, improved."),
    ("person_name", "Ask about it. Tell me more. Call back. See you then."),
    ("initials", "in the U.S. at 9 A.M. with an M.D."),
    ("person_role", "She is the second of three children, says the report."),
    ("relation_cue", "her mother was worried and her sister who lives nearby"),
    ("organisation", "she likes school and her work"),
    ("occupation", "she works as a nurse and a teacher"),
    ("roster", "we hope that more catharsis helps; the moor was cold"),
    ("roster", "the more she tried, the harder it got"),
]


def _found(detector: str, text: str) -> list[tuple[str, Label]]:
    return [(text[s.start : s.end], s.label) for s in REGISTRY[detector].find(text, CONTEXT)]


@pytest.mark.parametrize(("detector", "text", "expected", "label"), MUST_MATCH)
def test_detector_finds_its_identifier(
    detector: str, text: str, expected: str, label: Label
) -> None:
    assert (expected, label) in _found(detector, text)


@pytest.mark.parametrize(("detector", "text"), MUST_NOT_MATCH)
def test_detector_leaves_ordinary_text_alone(detector: str, text: str) -> None:
    assert _found(detector, text) == []


def test_every_registered_detector_has_cases_both_ways() -> None:
    matched = {case[0] for case in MUST_MATCH}
    unmatched = {case[0] for case in MUST_NOT_MATCH}
    assert set(REGISTRY) <= matched
    assert set(REGISTRY) <= unmatched


def test_roster_hits_point_to_their_client() -> None:
    spans = list(REGISTRY["roster"].find("Kit called", CONTEXT))
    assert spans[0].client_refs == ("6f1c2a4e-0000-4000-8000-000000000001",)


def test_an_address_does_not_swallow_the_sentence_after_it() -> None:
    for text in (
        "lives at 12 Maple Street\nHer mother called.",
        "She moved to 12 Maple Street, Kate said, in May.",
        "We met at 12 Maple Street Monday and Tuesday.",
        "She moved last week.\n12 Maple Street",
        "Plan\nContinue weekly sessions\n12 Maple Street",
    ):
        assert _found("street_address", text) == [("12 Maple Street", Label.ADDRESS)], text
    assert _found("street_address", "at 12 Elm St, Boston, MA 02139.") == [
        ("12 Elm St", Label.ADDRESS), ("Boston", Label.CITY), ("02139", Label.ZIP)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "institution"),
    [
        ("Session at Lincoln Middle School.", "Lincoln Middle School"),
        ("Parents of Kennedy High School met.", "Kennedy High School"),
        ("Kate's Lincoln Middle School friends came.", "Lincoln Middle School"),
        ("Her boss Kate Moore at Acme Logistics yelled.", "Acme Logistics"),
    ],
)
def test_a_named_organisation_begins_at_its_name(text: str, institution: str) -> None:
    assert [t for t, _ in _found("organisation", text)] == [institution]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Call Kate Morrow at 503-555-0142.", ["Kate Morrow"]),
        ("Ask Kate Morrow about it.", ["Kate Morrow"]),
        ("Tell Kate Morrow.", ["Kate Morrow"]),
        ("See Kate N. Morrow today.", ["Kate N. Morrow"]),
        ("Ask Okafor about it.", ["Okafor"]),
        ("Tell Kate Morrow was seen today.", ["Kate Morrow"]),
        ("TELL KATE MORROW.", ["KATE MORROW"]),
        ("Call J. Smith today.", ["J. Smith"]),
    ],
)
def test_an_ordinary_word_opening_a_sentence_is_not_the_first_word_of_a_name(
    text: str, names: list[str]
) -> None:
    assert [t for t, _ in _found("person_name", text)] == names


def test_a_contacts_phone_and_email_are_described_to_the_reviewer_as_the_contacts() -> None:
    contact = RosterContact(
        names=("Dana Moore",), phones=("(617) 555-0199",), emails=("dana@example.org",)
    )
    client = RosterClient("6f1c2a4e-0000-4000-8000-000000000003", names=("Hope Sandoval",),
                          contacts=(contact,))  # fmt: skip
    compiled = Roster((client,)).compile()
    [phone] = compiled.phones["6175550199"]
    [email] = compiled.emails["dana@example.org"]
    assert (phone.what, email.what) == ("contact's phone", "contact's e-mail")
