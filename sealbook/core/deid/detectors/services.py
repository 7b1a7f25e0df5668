"""Generic services and roles named in title case: "the Community Mental Health Team", "the
Emergency Department", "Veterans Crisis Line", "Attending Psychiatrist, MD".

Clinical records name the services and roles a person passes through in capitals, as
proper nouns, and their shape is that of a named organisation ("... Team", "... Service",
"... Clinic") or of a town and a state code ("Attending Psychiatrist, MD": Maryland). Such a
phrase names no one when every word of it is a word of the language of services: whom a
service is for (adult, child, veterans, perinatal), what it treats (mental, health, crisis,
eating, disorders, memory), how and where it works (outpatient, community, home, liaison,
early, intervention, mobile), at what level it is run (national, district, regional), and
who works in it (psychologist, clinician, worker, officer, attending). A named one holds a
word of another kind: a place ("Harbourside Mental Health Team"), a person
("Kennedy Community Health Center"), a made-up or decorative word ("Blue Heron Clinic"), an
acronym that is not a clinical one ("KRT Group"). (Issue 13, fifteenth session: 40 % of
the words wrongly flagged on hand-written clinical documents were such phrases.)
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Final

from sealbook.core.deid.lexicon import clinical_words, is_country, word_set
from sealbook.core.deid.patterns import compiled

SERVICE_WORDS: Final = word_set(
    """
    adult adults child children childrens adolescent adolescents youth young people persons
    older elderly aged family families parent parents parenting women womens men mens
    student students veterans veteran maternal perinatal infant infants paediatric pediatric
    geriatric carer carers caregiver caregivers survivors victims client clients patient
    patients member members participant participants

    mental health wellbeing well-being wellness crisis anxiety depression mood eating
    disorder disorders psychosis trauma memory dementia substance addiction addictions
    alcohol drug drugs gambling pain sleep autism neurodevelopmental learning disability
    disabilities behavioural behavioral emotional suicide self-harm domestic violence
    abuse sexual assault grief bereavement forensic personality obsessive compulsive
    psychiatric psychological psychology psychiatry psychotherapy counselling counseling
    therapies therapy therapeutic neuropsychology neuropsychological cognitive

    outpatient outpatients inpatient inpatients day home community residential liaison
    consultation assessment assessments treatment intervention interventions early
    support supports supported skills peer management protective protection services
    service social specialist specialty specialised specialized intensive partial
    hospitalization hospitalisation stabilization stabilisation access response
    resolution mobile outreach duty triage referral referrals intake navigation recovery
    rehabilitation rehab integrated primary secondary tertiary acute care clinical
    emergency urgent medical medicine surgical talking psychology-led nurse-led
    vocational employment housing options benefits income welfare work job
    non-insured insured disability-funded school-based hospital-based home-based
    community-based telehealth telepsychiatry virtual private public crisis-line

    group groups program programs programme programmes unit units ward wards team teams
    agency agencies whole safety plan plans planning persistent chronic rural remote urban
    prison prisons correctional corrections probation parole pretrial court courts bureau
    custody offender offenders secure coach coaches physio physiotherapist physiotherapy
    sports athletic trainer students barangay head chief deputy
    clinic clinics centre centres center centers department departments hospital
    line lines hotline helpline helplines hub pathway pathways network practice office

    national regional district local area state provincial federal municipal government
    tribal statewide

    nhs hse va vha acc ndis nimh samhsa medicare medicaid tricare centrelink camhs iapt

    maori māori pasifika aboriginal indigenous inuit metis métis first nations lgbt lgbtq
    lgbtqia lgbtqi

    psychologist psychologists psychiatrist psychiatrists psychotherapist therapist
    therapists counsellor counsellors counselor counselors clinician clinicians nurse
    nurses nursing worker workers officer officers coordinator co-ordinator coordinators
    manager managers consultant consultants registrar resident residents attending
    physician physicians doctor doctors practitioner practitioners advisor adviser
    navigator aide aides assistant assistants trainee trainees supervisor supervisors
    lead senior junior staff occupational physical speech language dietitian dietician
    pharmacist pharmacy midwife midwives visitor visitors paramedic chaplain chaplaincy
    interpreter interpreters licensed registered certified qualified professional
    professionals case key link marriage counselling-psychologist educational
    """
)
# Degrees, licences and memberships written after a clinician's role or name ("Attending
# Psychiatrist, MD", "Program Therapist, LMFT", "Counselling Psychologist, CPsychol").
CREDENTIALS: Final = word_set(
    """
    md do phd psyd edd dclinpsy dpsych dcounspsych cpsychol afbps fbps mrcpsych frcpc frcp
    franzcp mbbs mbchb lcsw lmsw msw lmft mft lpc lpcc lcpc lmhc lcat ncc bcba rn rmn np
    aprn pmhnp pmhnp-bc dnp pa pa-c cadc ladc lac lcdc cnc hcpc bacp mbacp ukcp macp
    ma ms msc bsc ba bs med mphil dipl cert bachelor bachelors master masters doctoral
    """
)
# Small words inside a service's name ("Child and Adolescent Mental Health Service").
_SMALL: Final = word_set("and of the for & in with to")
_WORD: Final = compiled(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*")


def is_service_word(word: str) -> bool:
    """Is `word` (any case) a word of the language of services, or a clinical acronym
    ("PTSD", "DBT", "CBT", from the clinical word list)?"""
    low = word.lower()
    if low.endswith(("'s", "\u2019s")):
        low = low[:-2]
    return low in _every_service_word()


@functools.cache
def _every_service_word() -> frozenset[str]:
    """The words of services, small words, credentials and clinical words, as one set (one
    look-up per word; made on first use, when the clinical word list is loaded anyway)."""
    return SERVICE_WORDS | _SMALL | CREDENTIALS | clinical_words()


def generic_service(words: Iterable[str]) -> bool:
    """Are `words` (a phrase's words, as written) a generic service or role: each a word of
    services or a country's name ("NHS Wales"), and one at least not a small word?"""
    seen = False
    for word in words:
        for part in _WORD.findall(word):
            if not is_service_word(part) and not is_country(part):
                return False
            seen = seen or part.lower() not in _SMALL
    return seen


def generic_service_text(phrase: str) -> bool:
    """`generic_service` of the words of `phrase`."""
    return generic_service(_WORD.findall(phrase))
