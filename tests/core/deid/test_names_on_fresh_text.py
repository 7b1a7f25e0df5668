"""Names the eval generators write with seeds nobody tuned on (issue 13, eighth round).

Synthetic sentences, each showing one mechanism, with the sentence it must leave alone.
"""

from __future__ import annotations

from tests.core.deid.test_names_forms_and_threads import names


def test_a_surname_in_capitals_keeps_its_particles_in_capitals() -> None:
    assert "VAN WOERKOM" in names("RE: VAN WOERKOM, Pieterke (DOB 23 Oct)\n")
    assert "LO QUARTARO" in names("RE: LO QUARTARO, Rosalba\n")
    # An acronym before the surname is no particle.
    assert "CBT" not in " ".join(names("RE: CBT VELDKAMP, Pieterke\n"))


def test_a_given_name_opening_an_action_item_takes_the_task() -> None:
    assert "Maria" in names("Engagement better; Maria to review the risk plan.")
    # A team, a service, a relative or a verb that takes "to" opens action items too.
    text = "GP to review. Staff to call. Mum to ring. Hope to discuss it next week."
    assert names(text) == []


def test_a_word_never_a_name_alone_is_a_surname_before_has_attended() -> None:
    assert "Joy Christian" in names("To whom it may concern,\n\nJoy Christian has attended.")
    assert names("Early Christian art was discussed. Christian values matter to her.") == []


def test_a_field_that_names_a_person_takes_ordinary_words() -> None:
    found = names(
        "Given names: Davit\nPreferred name: Davit\nEmergency contact: Will Christian (wife)\n"
    )
    assert found.count("Davit") == 2 and "Will Christian" in found
    # A role, a relation or a form's no-value is no name.
    text = "Preferred name: None\nEmergency contact: Mother\nNext of kin: Reception, 0\n"
    assert names(text) == []


def test_a_hyphenated_given_name_and_a_surname_that_is_a_word_are_a_person() -> None:
    assert "Hyun-woo Park" in names("I would ask you to see Hyun-woo Park, whom I have treated.")
    assert "Ji-woo Park" in names("Emergency contact: Ji-woo Park (partner)\n")
    assert names("We walked through the park-like grounds of Hyde Park.") == []


def test_a_language_after_an_interpreter_field_is_no_name() -> None:
    assert names("Contact number: 0414 555 123\nInterpreter: yes, Czech\n") == []
    assert "Ondra Czech" in names("Referrer: Ondra Czech, general practitioner\n")


def test_an_ordinary_word_in_a_list_of_names_one_to_a_line() -> None:
    text = "Group attendance\nDavit Kobaidze\nImani\nApologies:\nDavit\nFacilitator: Ana Lima\n"
    found = names(text)
    assert "Davit Kobaidze" in found and found.count("Davit") >= 1
    # Before prose, an ordinary word after the list is its heading, not a name.
    assert "Summary" not in names("Present:\nKawika Kalama\nSummary\nThe group met.\n")


def test_a_lower_case_word_after_thanks_the_thread_writes_with_a_capital() -> None:
    thread = (
        "Tomas: hi can i come in at 4\nClinic: Of course. Ask for Davit at the desk.\n"
        "Tomas: ty davit!! see u then\n"
    )
    found = names(thread)
    assert "davit" in found and "Davit" in found
    # The same word after thanks, never capitalised mid-sentence, is the word.
    plain = "Tomas: is the gate open?\nClinic: yes, the gate is open\nTomas: ty heaps!! see u\n"
    assert names(plain) == ["Tomas", "Tomas"]


def test_an_ordinary_word_opening_a_note_before_a_surname_and_a_note_verb() -> None:
    assert "Mere Rangitaane" in names("Memo: Mere Rangitaane cancelled today.")
    # An imperative or an adverb of time is the sentence's word, not the name's.
    found = names("Ask Rangitaane. Yesterday Rangitaane cancelled. Call Rangitaane was late.")
    assert all(name == "Rangitaane" for name in found)


def test_a_word_opening_a_sentence_that_speaks_of_its_relative_is_a_person() -> None:
    found = names("Present: M.T., W.Z. and Jun.\nJun spoke about his father Xiaoling Zhou.")
    assert found.count("Jun") == 2
    assert names("Mum spoke to her sister. Staff spoke with her mother.") == []


def test_a_short_capitalised_syllable_after_a_relatives_name_is_its_rest() -> None:
    assert "Liu Jun" in names("Mei spoke about his daughter Liu Jun for the first time.")
    assert "Dana Church" not in names("Her sister Dana Church visited.")


def test_a_weekday_short_form_after_a_word_in_no_dictionary_is_a_surname() -> None:
    assert "Yuxuan Sun" in names("A letter in support of Yuxuan Sun's application.")
    assert names("Open Mon to Sun each week.") == []


def test_a_relatives_name_with_an_apostrophe_after_a_label() -> None:
    assert "Salave'a" in names("Father: Sione, 62. Mother: Salave'a, remarried.")
    assert names("Mother: Don't know.\nFather: Can't say.\n") == []


def test_an_ordinary_word_alone_after_session_with_is_a_name() -> None:
    found = names("PROGRESS NOTE\nSession with Mere, Jul 21.\nMere mentioned her grandmother.")
    assert found.count("Mere") == 2
    text = "Session with Mum. Meeting with Housing. Session with Supervisor, Tuesday."
    assert names(text) == []


def test_a_lower_case_word_that_does_for_the_writer_what_a_person_does() -> None:
    thread = "Clinic: See you at 4.\nEka: davit might drive me is that ok?\nClinic: Yes.\nEka: ok\n"
    assert "davit" in names(thread)
    quoted = 'One read: "tane here. tell mum i said sorry, mere pls call me".'
    assert "mere" in names(quoted)
    plain = "Clinic: See you at 4.\nEka: mum might drive me\nEka: rain might stop me\n"
    assert names(plain) == ["Eka", "Eka"]


def test_the_one_a_message_thanks_by_name() -> None:
    assert "Pita" in names("Is Imani still on your list? Thank you, Pita!\n")
    assert names("Thanks, Mum! Thanks, Team. Cheers, All. Thanks, Everyone!") == []


def test_a_name_list_word_mid_sentence_before_a_word_in_no_dictionary() -> None:
    found = names("Quick update on Pita Salave'a. Pita came in on 21 Sep.")
    assert "Pita Salave'a" in found and found.count("Pita") == 1
    # Contractions and short words with an apostrophe are no names.
    assert names("Don't worry. Ma'am, I can't. We'll see. Y'all come.") == []


def test_the_relative_a_family_word_is_of() -> None:
    found = names("From: Mariam Beridze (daughter of Davit)\nMessage: Davit will be late.")
    assert found.count("Davit") == 2
    assert names("She is a child of God. He was Father of the Year. The mother of two came.") == []


def test_an_ordinary_word_as_a_speakers_label_the_thread_capitalises_mid_sentence() -> None:
    thread = (
        "Davit: hi is it still ok to come at 4\nClinic: Yes Davit, see you at 4.\n"
        "Davit: ty!! see u then\n"
    )
    assert names(thread).count("Davit") == 3
    assert names("Plan: rest\nNote: the Plan is fine\nPlan: more rest\n") == []


def test_a_capitalised_word_after_a_semicolon_taking_a_task() -> None:
    text = "1. Client AB: engagement better; Davit to review the risk plan.\n"
    assert "Davit" in names(text)
    assert names("Stable; Mum to ring school; Staff to call; Plan to review; GP to check.") == []


def test_the_person_one_is_to_ask_for() -> None:
    assert "Davit" in names("Clinic: Of course. Ask for Davit at the desk.")
    text = "Ask for Help at the desk. Ask for Reception. Please ask for Security when you come."
    assert names(text) == []


def test_a_name_list_word_taking_up_what_only_a_person_does() -> None:
    assert "Walker" in names("Walker began writing as a teenager, publishing poems.")
    assert names("Rain began falling. Work began in May. Summer started early.") == []


def test_a_weekday_short_form_before_who_and_a_never_name_before_an_interview() -> None:
    assert "Yan Sun" in names("Supervision notes. Discussed Yan Sun, who is the owner.")
    assert "Bill Christian" in names("VOCATIONAL NOTE\nBill Christian has an interview today.")
    assert names("Open Mon, Tue and Sun, who knows. Early Christian art has an audience.") == []


def test_a_name_addressed_between_commas() -> None:
    assert "Ryō" in names("THERAPIST: Right, Ryō, can I ask you something?")
    assert names("Well, Honestly, can we stop? Right, Okay, can I go?") == []


# Ninth round (issue 13): names on fresh text by their context; places a name rule took.


def test_a_pair_whose_surname_is_a_word_by_what_only_a_person_does() -> None:
    assert "Kit Woods" in names("Kit Woods read out a message from a friend.")
    assert "Kit Fields" in names("Re: Kit Fields, sales assistant\n")
    text = "Salt Lake, a care worker team. Early Start, support worker office. Rose read out."
    assert names(text) == []


def test_a_given_name_word_telling_the_writer_and_told_by_the_writer() -> None:
    assert "Autumn" in names("Autumn keeps telling me I should rest.")
    assert "Joy" in names("Will: Joy says I'm overreacting.")
    assert "Autumn Christian" in names("Last week I told Autumn Christian about it.")
    text = "Autumn came early. Spring is here. Time told us nothing. We sang Grace Notes."
    assert names(text) == []


def test_a_short_pair_ending_a_line_after_a_heading_dash() -> None:
    assert "Hao Sun" in names("EMPLOYMENT HISTORY - Hao Sun\n2019: cook\n")
    assert names("OPENING HOURS - Mon Sun\nCLOSED - Sat\n") == []


def test_an_initial_and_a_hyphenated_surname_after_a_family_word() -> None:
    assert "D. Bat-Erdene" in names("She lives with her aunt D. Bat-Erdene in town.")
    assert names("My son A. The doctor came. My mother B. When she left.") == []


def test_a_small_word_a_capitalised_message_thanks() -> None:
    assert "davit" in names("Hi all. Can you call me back about the forms? Thanks davit.")
    text = "Got it. Thanks heaps!\nGreat. Thanks mate.\nOK. Thanks anyway.\nSee you. Thanks again."
    assert names(text) == []


def test_a_short_word_in_no_dictionary_before_a_persons_verb() -> None:
    assert "Yui" in names("THERAPIST: You said Yui called. What did you want to say?")
    assert names("The Nhs said no. We met at the gym.") == []


def test_an_ordinary_word_before_a_word_in_no_dictionary_and_who() -> None:
    found = names("Supervision notes. Discussed Mere Rangihau, who is the owner.")
    assert "Mere Rangihau" in found


def test_regions_towns_and_hospitals_are_no_names() -> None:
    text = (
        "Family moved from South Korea. She has family in North Wales. Leeds, where she grew "
        "up, is cold. Referred by St Mary's Hospital's team on 3 May."
    )
    assert names(text) == []
    assert "Leeds" in names("Mr Leeds, where were you?")
    assert "Harry West" in names("She lives with Harry West now.")


def test_a_name_addressed_at_a_questions_end() -> None:
    assert "Mere" in names("THERAPIST: Yes, what was that like for you, Mere? CLIENT: Yeah.")
    text = "Was it hard, Honestly? Really, Mum? Sounds good, Okay! Ready, Team? Is it, Again?"
    assert names(text) == []


def test_a_given_name_and_surname_ending_a_headings_line() -> None:
    assert "Kit Woods" in names("EMPLOYMENT HISTORY - Kit Woods\n2016-2019: junior accountant\n")
    assert names("CONTACT - Main Office\nLOCATION: Early Years\nNOTE - Grace Notes\n") == []


def test_a_calendar_words_short_form_after_a_family_word() -> None:
    assert "Jun" in names("Discussed his wife, Jun, who visits often.")
    assert names("Her mother Jun 3 visit. Her son Mar 2021 came. My mother, Sat with me.") == []


def test_a_small_word_thanked_before_the_next_sentence() -> None:
    assert "pita" in names("Clinic: Thanks pita. Running 10 min late today, sorry!")
    assert names("Clinic: Thanks again. Running late. Ok. Thanks for that. See you") == []
