"""The structure of names (issue 13, world-names-2): surname particles, initials in a list,
East Asian name order, salutations, and capitals outside ASCII.

Synthetic sentences, each showing one mechanism, with the sentence it must leave alone.
"""

from __future__ import annotations

from sealbook.core.deid.engine import analyse
from sealbook.core.deid.spans import NAME_LABELS


def names(text: str) -> list[str]:
    return [text[s.start : s.end] for s in analyse(text) if s.label in NAME_LABELS]


def covered(text: str, part: str) -> bool:
    """Is every letter of `part` (found once in `text`) inside some span of any label?"""
    at = text.index(part)
    cov = {k for s in analyse(text) for k in range(s.start, s.end)}
    return all(k in cov for k in range(at, at + len(part)) if text[k].isalnum())


def test_two_particles_of_a_spanish_surname_belong_to_the_name() -> None:
    text = "With best wishes.\n\nYours faithfully,\nMarisol de los Arcos\nCase manager\n"
    assert "Marisol de los Arcos" in names(text)
    assert "de las Fuentes" in names("Mr. de las Fuentes will phone you on Monday.")


def test_the_portuguese_particle_do_belongs_to_the_name() -> None:
    text = "Kind regards,\nBeatriz do Vale Quaresma\nSchool counsellor\n"
    assert any(n.startswith("Beatriz do Vale") for n in names(text))
    assert covered("INTAKE\nClient: Madalena do Carmo\nDate: today\n", "Madalena do Carmo")
    assert "Kofi do Pilates" not in names("Did Kofi do Pilates on Monday?")
    # "do" is also a verb: after a name, before no capitalised word, it stays a word.
    assert "Beatriz do" not in " ".join(names("Will Beatriz do the reading tonight?"))


def test_the_dutch_elided_article_belongs_to_the_name() -> None:
    text = "Client: Femke van 't Veldhuis\nEmergency contact: Joost van 't Veldhuis (brother)\n"
    found = names(text)
    assert "Femke van 't Veldhuis" in found
    assert "Joost van 't Veldhuis" in found
    assert "van 't Veldhuis" in names("Mr. van 't Veldhuis phoned about the invoice.")


def test_an_arabic_article_joined_by_a_hyphen_belongs_to_the_name() -> None:
    assert "R. al-Masoudi" in names("Sincerely,\nR. al-Masoudi\n")
    assert "Samira el-Tawil" in names("I spoke with Samira el-Tawil on the phone.")


def test_abbreviation_shaped_initials_in_a_list_of_initials_are_initials() -> None:
    found = names("GROUP NOTE\nPresent: K.V., P.A., D.O. and Wilhelmina.\n")
    for initials in ("K.V.", "P.A.", "D.O."):
        assert initials in found, initials
    # A single initial in the list is a person's too, and the list goes on past it.
    found = names("Present: W.E., T., M.A. and Hildegard.\n")
    for initials in ("W.E.", "T.", "M.A."):
        assert initials in found, initials
    assert names("Vitamin D. was low; plan A. and B. were discussed.") == []
    # After an attendance label, a list of abbreviation-shaped initials is people.
    found = names("GROUP NOTE\nAttendees: P.A., D.O., R.N. and Ingeborg.\n")
    for initials in ("P.A.", "D.O.", "R.N."):
        assert initials in found, initials
    assert names("Qualifications: B.A., M.A. in history.") == []
    # A list of abbreviations only stays abbreviations.
    assert names("She moved from the U.S. to the U.K. and then to D.C. last year.") == []


def test_abbreviation_shaped_initials_opening_a_case_list_item_are_initials() -> None:
    text = "Caseload:\n1. P.M. (referred by her aunt): settling.\n- A.D. (new, self-referred)\n"
    assert names(text) == ["P.M.", "A.D."]
    # A time, or a degree in a list with a year in brackets, is no one.
    assert names("Seen at 9 A.M. (briefly), then at 2 P.M. (by phone).") == []
    assert names("Training:\n- M.A. (2011), counselling\n- B.A. (2008)\n") == []


def test_initials_that_spell_a_time_after_client_head_a_case() -> None:
    assert names("2. Client AM: missed two sessions.\nClient PM's mother phoned.") == ["AM", "PM"]
    assert names("Saw the client AM, then wrote notes.") == []


def test_initials_with_a_lower_case_syllable_letter_are_initials() -> None:
    found = names("Present: T.K., S.y.P., H.j.L. and Quennell.\n")
    assert "S.y.P." in found
    assert "H.j.L." in found
    assert names("Take one tablet, e.g. after food, i.e. twice a day.") == []


def test_a_dotted_capital_i_opens_a_word_like_any_capital() -> None:
    # "İ" lowers to "i" and a combining dot (no letter): "İdrelkan" is then a word in no
    # dictionary or name list, as "Idrelkan" is.
    assert "İdrelkan" in names("We talked about İdrelkan's return to school next week.")
    assert "İdrelkan" in names("İdrelkan came to the session on time.")


def test_a_surname_before_a_hyphenated_given_name_is_the_family_name() -> None:
    text = "To whom it may concern,\n\nSong Ji-wook has attended every session since March."
    assert "Song Ji-wook" in names(text)
    # A month's abbreviation after a given name's syllable is the syllable of a name.
    assert "Hye-jun" in names("Hye-jun consents to the release of this letter.")
    assert names("The clinic is open Mon-fri and closed Sat-sun.") == []


def test_a_surname_after_a_hyphenated_given_name_is_the_family_name() -> None:
    assert "Ye-jin Park" in names("Thank you for agreeing to see Ye-jin Park next week.")
    assert "Tae-hoon Park" in names("Emergency contact: Tae-hoon Park (father), 555 0100\n")
    # A compound before a park's name leaves it a place.
    assert "Follow-up Park" not in names("We had a Follow-up Park meeting.")


def test_a_short_syllable_after_a_name_and_before_a_note_verb_is_the_given_name() -> None:
    assert "Zhou Sun" in names("Memo: Zhou Sun cancelled today and will call back.")
    assert "Liang Jun" in names("Liang Jun cancelled the appointment on Friday.")
    # Without a note's verb after it, a short ordinary word stays a word.
    assert "Liang Jun 5" not in " ".join(names("Liang Jun 5 at the clinic."))


def test_a_letters_salutation_names_its_reader() -> None:
    assert "Ffion Thatcher" in names("Dear Ffion Thatcher,\n\nI am writing about the plan.")
    assert "Ailsa Marsh" in names("Dear Ailsa Marsh,\n\nThank you for your letter.")
    # Ordinary words, plurals, abbreviations and lower-case words are no reader's name.
    for salutation in ("Sir or Madam", "Colleagues", "Parents", "All", "Hiring Manager", "GP",
                       "Friends and Family"):  # fmt: skip
        assert names(f"Dear {salutation},\n\nPlease find the report attached.") == [], salutation


def test_a_surname_that_is_a_word_follows_a_given_name_in_no_list() -> None:
    text = "Thank you for agreeing to see Eilidh Baker, whom I have treated since May."
    assert "Eilidh Baker" in names(text)
    # A surname-list word after a place is no surname ("Brampton Park" stays a place).
    assert "Brampton Park" not in names("We walked around Brampton Park on Sunday.")
