"""Streets in the European orders: step one of `street_address`, outside the US forms.

A street word and then the number ("Hammarvägen 15", "Rue de Rivoli 12", "ul.
Słowicza 10"), the number before a street word that begins the name ("25 rue de
la Paix", "69 Av Sidi Lakhmi"), a street-type word between the name and the
number ("Király u. 15.", "Kongens gate 3"), and numbers around street words
("5366 Pivovarská 276"). The number comes last in most of these, which the
detector needs to know when it reads the rest of the address.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.address_grammar import (
    NAME_LETTER,
    PARTICLE,
    PARTICLES,
    UNIT,
    UNIT_START,
    UP,
    at_house_numbers,
    at_words,
)
from sealbook.core.deid.lexicon import closed_class, common_words, given_names
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.tokens import (
    cue_words,
    digit_between,
    tokens_for,
    word_class,
    words_in_class,
)

# Street words that end a name in many languages: "-vägen", "-straße", "-katu", "-vej".
_EURO_END: Final = (
    r"(?:vägen|väg|gatan|gata|gate|gade|vej|veien|vegen|vegur|braut|stræde|straße|strasse|"
    r"str\.|weg|wei|laan|straat|steeg|dreef|gasse|plein|utca|katu|kuja|tie|polku|kaari|"
    r"rinne|tori|stígur|allé|alle|torv|plads|platz|markt|ring|damm|ufer|zeile|gränd|"
    r"singel|boulevard|kade|baan|pad|hof|allee|stigen|backen|gränden|torget|vägen|parken)"
)
_EURO_WORD: Final = r"(?:" + UP + r"[\w'\u2019-]*" + _EURO_END + r"|[a-zß-ÿ]{3,}" + _EURO_END + r")"
# Street words that begin a name: "Rue ..", "Via ..", "Calle ..", "ul. ..", "Λεωφόρος ..".
_EURO_START_WORDS: Final = (
    r"Rue|R\.|Via|Viale|Vicolo|Calle|C/|Avenida|Avda\.|Av\.|Avenue|Av|Rua|Rúa|Carrer|Plaza|"
    r"Praça|Piazza|Piazzale|Corso|Largo|Travessa|Strada|Paseo|Passeig|Ulica|Ul\.|ul\.|Aleja|"
    r"Al\.|Plac|Trg|Cesta|Náměstí|Nám\.|Boulevard|Bd|Chemin|Allée|Impasse|Quai|Route|"
    r"Λεωφόρος|Λ\.|Οδός|Πλατεία|rue|via|calle|avenida|avenue|rua|rúa|trg|strada|paseo|"
    # Greek in lower case, as addresses there write the type ("πλατεία Καραισκάκη 262"), and
    # a highway's kilometre ("χλμ Αλεξανδρούπολης 114").
    r"λεωφόρος|οδός|πλατεία|χλμ\.|χλμ|Cours|cours|"
    # Spanish, Portuguese, Italian, Polish, Romanian and French street types (the ones
    # Faker's providers write, less those that are English words: "Vale", "Largo" as the
    # dictionary has them),
    # capitalised as they begin a name and in lower case where the language writes them so
    # ("ulica Piwna 98", "1, chemin Ollivier").
    r"Pasaje|Pasadizo|Cuesta|Rambla|Glorieta|Vial|Callejón|Cañada|Alameda|Acceso|Ronda|"
    r"Camino|Carretera|Travesía|Urbanización|Avinguda|Viaduto|Favela|Núcleo|Pátio|Aeroporto|"
    r"Vila|Colônia|Trevo|Setor|Rodovia|Estrada|Ladeira|Quadra|Conjunto|Loteamento|Chácara|"
    r"Vereda|Esplanada|Residencial|Canale|Contrada|Incrocio|Rotonda|Stretto|Borgo|Osiedle|"
    r"Rondo|Skwer|Trecho|Passarela|Viela|Estação|Condomínio|Distrito|Recanto|Sítio|Fazenda|"
    r"Morro|Lagoa|Praia|Andador|Calzada|Cerrada|Circuito|Privada|Prolongación|Retorno|"
    r"Periférico|Viaducto|Área|Aleea|Intrarea|Bulevardul|Șoseaua|Soseaua|Drumul|"
    r"Parque|Jardim|Feira|Campo|Lago|"
    # Issue 13, value refill: the Indonesian, Latin American and Québec street types of
    # Faker's providers ("Jl. Merdeka 8", "Gang Melati 12", "Diagonal Morelos 51", "Eje vial
    # Saldívar 12", "montée Paul 486"), in the capitals they are written in.
    r"Jalan|Jl\.|Gang|Gg\.|Diagonal|Dg\.|Diag\.|Transversal|Carrera|Eje vial|Circunvalación|"
    r"Ampliación|Continuación|Corredor|Peatonal|Blv\.|Psje\.|Bulevar|montée|Montée|rang|allé|"
    # Spanish "C." (calle) only before "de" or "del" and two capitalised words: alone, or
    # before one ("C. de Vries 14 May"), it is a person's initial.
    r"C\.(?=[ \t]+del?[ \t]+[A-ZÀ-Þ][\w'-]*[ \t]+[A-ZÀ-Þ])|"
    # The Portuguese "R" (rua) undotted only after a house number and before a capitalised
    # word ("5816 R Capela 99"; twelfth round): alone, or after one digit ("Room 5 R Patel"),
    # it is a person's initial.
    r"R(?<=\d\d[ \t]R)(?=[ \t]+[A-ZÀ-Þ])|"
    r"ulica|aleja|plac|al\.|pl\.|os\.|boulevard|chemin|impasse|allée|quai"
)
# A floor, flat or door after the house number, in the languages of these streets
# ("Viale Bajardi, 34 Piano 7", "Calle Mayor 5 Piso 2", "Rua Augusta, 9 Apto. 12").
_EURO_UNIT: Final = (
    r"(?:,?[ \t]+(?:Piano|Interno|Scala|Appartamento|Piso|Puerta|Planta|Escalera|Apto\.?|"
    r"Apartamento|Bloco|Sala|Étage|Etage|lok\.|m\.)[ \t]*\d{1,4}[A-Za-z]?\b)?"
)
# A street named by a date, in the languages that name streets so ("Rue 9 Avril 1938",
# "Rua 25 de Março", "Calle 5 de Mayo", "Via XX Settembre"; eleventh session): the day, the
# month, the year if any, read as one word of the name.
_MONTHS: Final = (
    r"(?i:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    r"novembre|décembre|decembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
    r"septiembre|setiembre|octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|"
    r"julho|setembro|outubro|novembro|dezembro|gennaio|febbraio|aprile|maggio|giugno|luglio|"
    r"settembre|ottobre|dicembre)"
)
DATE_NAME: Final = (
    r"(?:\d{1,2}|[IVXL]{1,5})(?:er)?[ \t]+(?:de[ \t]+)?"
    + _MONTHS
    + r"(?:[ \t]+(?:de[ \t]+)?\d{4})?\b"
)
_DATED: Final = compiled(DATE_NAME)
EURO: Final = compiled(
    r"(?<![\w.-])(?:"
    + _EURO_WORD
    + r"|(?:"
    + _EURO_START_WORDS
    + r")(?:\s+(?:"
    + DATE_NAME  # ("Rua 1 de Maio 1778": a street named by a date)
    + r"|"
    + UP
    + r"[\w'\u2019.-]*|"
    + PARTICLE
    + r"(?=\s)|"
    + PARTICLE
    + r"(?="
    + UP
    + r")|[a-zß-ÿ][\w'\u2019-]*)){1,7})"
    r"(?:,?\s+\d{1,4}|\s+\d{5})[A-Za-z]?(?:[/-]\d{1,4}[A-Za-z]?)?\b\.?" + UNIT + _EURO_UNIT
)
# Street-type words after the name and before the number: "Király u. 15.", "Rákóczi út 13.",
# "Erzsébet tér 19.", "Trenerys gate 232", "Luite tee 87", "Merineitsi põik 87".
POST_TYPE_WORDS: Final = (
    r"u\.|utca|út|útja|tér|krt\.|körút|rkp\.|rakpart|kapu|sor|köz|fasor|sétány|lépcső|"
    r"gate|gata|gatan|vei|veien|veg|vegen|vej|väg|vägen|tee|põik|puiestee|maantee|terrasse|allé|"
    r"alle|plads|torv|straße|strasse|str\.|stræde|gade|weg|wei|laan|straat|plein|Str\.|"
    # Issue 13, value refill: the Croatian, Slovene, Czech and Slovak types after the name
    # ("Vulčeva ulica 54", "Zagrebačka cesta 12", "Masarykova třída 8").
    r"ulica|ulice|cesta|avenija|trieda|třída|nábřeží|nábrežie|náměstí|námestie|šetalište"
)
POST_TYPE: Final = compiled(
    r"(?<![\w.-])(?:(?:" + UP + r"[\w'\u2019-]*|" + PARTICLE + r")\s+){0,2}"
    r"(?:" + UP + r"[\w'\u2019-]*|[a-zß-ÿ\u0370-\u03ff]{4,})\s+"
    r"(?i:" + POST_TYPE_WORDS + r")\s+\d{1,5}[A-Za-z]?\b\.?"
)
# "25 rue de la Paix", "63 Avenue du Golf", "69 Av Sidi Lakhmi": a number, then a street word.
NUMBER_FIRST: Final = compiled(
    r"(?<![\w.,/-])\d{1,5}[A-Za-z]?,?\s+(?:" + _EURO_START_WORDS + r"|place|route"
    # "90 Place du Marché": the English word only before a French particle, or a name and
    # a particle or the line's end ("34 Place Charles de Gaulle", "8 Place Vendôme\n").
    r"|Place(?=[ \t]+(?:du|de|des|d['\u2019])\b|[ \t]+" + UP + r"[\w'\u2019-]*"
    r"(?:[ \t]+(?:du|de|des)\b|[ \t]*(?:[\n,]|$))))"
    r"(?P<words>(?:[ \t]+(?:"
    + DATE_NAME
    + r"|"
    + UP
    + r"[\w'\u2019.-]*|[ldLD]['\u2019]\w[\w-]*|"
    + PARTICLE
    + r"(?!\w)|"
    r"[a-zß-ÿ][\w'\u2019-]*)){1,5})"
)


def _named_after_ordinary_words(text: str, m: re.Match[str], common: frozenset[str]) -> bool:
    """After a French street type in lower case, are the words ordinary ones in lower case,
    no English small word among them, closed by one capitalised name in no dictionary
    ("rue des six frères Ruellan"; not "rue des blocks with Anna")?"""
    if not _FRENCH_TYPE.match(text, max(0, m.start("words") - 8), m.start("words")):
        return False
    words = m.group("words").split()
    for k, word in enumerate(words):
        if UNIT_START.match(word):
            words = words[:k]  # ("... frères Ruellan Apt. 432": the unit is no word of it)
            break
    if len(words) > 2 and _TYPE_AFTER.fullmatch(words[-1]):
        words = words[:-1]  # ("... frères Ruellan St.": the English type written after it)
    closed = closed_class()
    return (
        len(words) >= 2
        and words[-1][:1].isupper()
        and words[-1].lower() not in common
        and all(w.islower() and w not in closed for w in words[:-1])
    )


_TYPE_AFTER: Final = compiled(r"(?:St|Rd|Ave|Av)\.?")
# A French street type in lower case just before a street's name words.
_FRENCH_TYPE: Final = compiled(
    r".*\b(?:rue|chemin|avenue|allée|impasse|boulevard|quai|place|cours)$"
)
# A street named without a number, as French addresses often are ("rue Dubois", "chemin de
# Grégoire", "boulevard Laurent Legrand"): a street-type word that is not an English word
# (or "Via" before a particle: "Via da Rocha"), then its name in capitals.
_UNNUMBERED_TYPES: Final = (
    r"rue|Rue|chemin|Chemin|avenue|boulevard|impasse|Impasse|allée|Allée|quai|Calle|Rua|"
    r"Viale|ulica|Ulica|aleja|Aleja|Via(?=[ \t]+(?:da|do|dos|das|de|del|della|dei|delle|di)\b)"
)
UNNUMBERED: Final = compiled(
    r"(?<![\w.-])(?:"
    + _UNNUMBERED_TYPES
    + r")(?P<words>(?:[ \t]+(?:"
    + PARTICLE
    + r"(?=[ \t])|[ldLD]['\u2019](?="
    + UP
    + r")|"
    + UP
    + r"[\w'\u2019-]*)){1,4})"
)
_NAME_WORD: Final = compiled(r"[^\W\d_][\w'\u2019-]*")
_UNNUMBERED_WORDS: Final = cue_words(
    w.lower() for w in re.sub(r"\(\?=.*", "", _UNNUMBERED_TYPES).split("|")
)
# "5366 Pivovarská 276": a building number, street words, a house number.
NUMBER_NAME_NUMBER: Final = compiled(
    r"(?<![\w.,/-])\d{1,6}\s+(?P<words>(?:(?:"
    + UP
    + NAME_LETTER
    + r"*|[a-zß-ÿ\u0370-\u03ff][\w'-]*)\s+)"
    r"{1,4})\d{1,5}[A-Za-z]?\b(?![.,/:-]\d)"
)
# A street named after a person, its words joined by hyphens ("Konrad-Adenauer-Straße 12",
# "Anna-Maria-Schleich-Allee 9/2"): the street word is a token of its own after a hyphen,
# so the patterns above, which begin at a street word, do not see the name before it.
_HYPHEN_TYPE: Final = (
    r"Straße|Strasse|Str\.|Allee|Weg|Platz|Gasse|Ring|Damm|Ufer|Steig|Chaussee|Pfad"
)
HYPHEN_STREET: Final = compiled(
    r"(?<![\w.-])(?:" + UP + r"[\w'\u2019]*-){1,4}(?:" + _HYPHEN_TYPE + r")"
    r"\s+\d{1,4}[A-Za-z]?(?:[/-]\d{1,4}[A-Za-z]?)?\b"
)
_HYPHEN_TYPE_WORDS: Final = cue_words(
    w.lower().rstrip(".").replace("\\", "") for w in _HYPHEN_TYPE.split("|")
)
# A house number right after the words of a number-first street, taken in when it ends them.
_HOUSE_NUMBER: Final = compiled(r",?[ \t]+\d{1,4}[A-Za-z]?\b\.?")

_POST_TYPE_WORDS: Final = cue_words(
    w.lower().rstrip(".").replace("\\", "") for w in POST_TYPE_WORDS.split("|")
)
_EURO_START_LOWER: Final = frozenset(
    re.sub(r"\(\?=[^)]*\)", "", w).lower().replace("\\", "").rstrip("./")
    for w in _EURO_START_WORDS.split("|")
)
_EURO_ENDINGS: Final = tuple(
    w.replace("\\", "").rstrip(".") for w in _EURO_END.strip("(?:)").split("|")
)
# Their last two letters (one, were an ending one letter long): most words end otherwise,
# and one look-up turns them away before `endswith` tries each of the endings.
_EURO_TAIL: Final = min(2, *map(len, _EURO_ENDINGS))
_EURO_TAILS: Final = frozenset(ending[-_EURO_TAIL:] for ending in _EURO_ENDINGS)


_PAD_FORMS: Final = frozenset({"heli", "num", "dpad", "ipad", "micro", "mini"})


def _euro_word(w: str) -> bool:
    """May word `w` begin a European street name ("Rue", "-vägen")?"""
    if w.endswith("pad"):
        # The Dutch "-pad" (a path) after a person's name ("Charlottepad", "Daanpad") or a
        # word in no dictionary ("Fienpad", "Thijspad"), not the pads of devices, whose first
        # part is a word ("keypad", "trackpad", "notepad") or a short form ("helipad").
        first = w[:-3]
        return first in given_names() or (
            len(first) >= 3 and first not in common_words() and first not in _PAD_FORMS
        )
    return w in _EURO_START_LOWER or (
        len(w) > 4 and w[-_EURO_TAIL:] in _EURO_TAILS and w.endswith(_EURO_ENDINGS)
    )


_EURO_STREET_WORDS: Final = word_class(_euro_word)


def _euro_words(text: str) -> list[str]:
    """The words of `text` that may begin a European street name ("Rue", "-vägen")."""
    return words_in_class(text, _EURO_STREET_WORDS)


def european_streets(text: str) -> Iterator[tuple[int, int, str, float, bool]]:
    """(start, end, reason, score, number_last) of every street these patterns find."""
    common = common_words()
    for m in at_words(text, _euro_words(text), EURO):
        first = m.group().split()[0].lower().rstrip(",")
        if first in common and first.rstrip("./") not in _EURO_START_LOWER:
            continue  # "Spring 2021", "offering 12 sessions"
        if any(w in common and w not in PARTICLES for w in m.group().split()[1:] if w.islower()):
            continue  # "sent via email 3 times": a street's name has no ordinary word in lower case
        # A street-type word and a house number outrank a name or a town read inside them
        # ("Pasaje de Graciana Baños 5", "Via Roma 3"), as a US street does.
        score = 0.9 if first.rstrip("./") in _EURO_START_LOWER else 0.8
        yield m.start(), m.end(), "a street address", score, True
    for m in at_house_numbers(NUMBER_FIRST, text):
        end = m.start("words")
        named_later = _named_after_ordinary_words(text, m, common)
        for w in re.finditer(r"\S+", m.group("words")):
            low = w.group().lower()
            # "93 rue des six frères Ruellan": after a French street type, the words of
            # its name may be ordinary ones when a name closes it (fifteenth round).
            lower_word = (
                low in common and low not in PARTICLES and w.group().islower() and not named_later
            )
            if lower_word or UNIT_START.match(w.group()):
                break
            if low not in PARTICLES and not low.endswith("'"):
                end = m.start("words") + w.end()
        if end > m.start("words"):
            number = _HOUSE_NUMBER.match(text, end)
            numbered = number is not None and end == m.end("words")
            if number and numbered:
                end = number.end()
            # A street named by a date outranks the date and the given name read in it
            # ("14 Rue 9 Avril 1938": not a date of 1938 and a person, Avril), and so does
            # one with a house number after its name too ("832 Rua Marlene Pereira de Lima
            # 879": not a person).
            dated = _DATED.search(text, m.start("words"), end) is not None
            yield m.start(), end, "a street address", 0.9 if dated or numbered else 0.8, False
    done = -1
    for tok in tokens_for(text, _POST_TYPE_WORDS):
        lo, hi = max(0, tok.start - 80), tok.end + 10
        if tok.start < done or not digit_between(text, lo, hi):
            continue  # (the house number is in the window: "Kongens gate 3", not "a gate")
        for m in POST_TYPE.finditer(text, lo, hi):
            if tok.lower == "veg" and all(
                w.lower() in common for w in text[m.start() : tok.start].split()
            ):
                continue  # "Eats Fruit veg 5 a day": the English word, after English words
            if m.start() <= tok.start < m.end():
                yield m.start(), m.end(), "a street address", 0.8, True
                done = m.end()
                break
    for tok in tokens_for(text, _HYPHEN_TYPE_WORDS):
        if text[tok.start - 1 : tok.start] != "-":
            continue
        for m in HYPHEN_STREET.finditer(text, max(0, tok.start - 80), tok.end + 16):
            if m.start() < tok.start < m.end():
                yield m.start(), m.end(), "a street named after a person, and its number", 0.9, True
                break
    for tok in tokens_for(text, _UNNUMBERED_WORDS):
        named = UNNUMBERED.match(text, tok.start)
        if named is None or EURO.match(text, tok.start):
            continue  # (with its number after it, a pattern above reads it)
        words = _NAME_WORD.findall(named.group("words"))
        while words and words[-1].lower() in PARTICLES:
            words.pop()
        if words and any(w[:1].isupper() and w.lower() not in common for w in words):
            end = named.start("words") + named.group("words").rindex(words[-1]) + len(words[-1])
            yield named.start(), end, "a street-type word and a name, without a number", 0.9, True
    for m in at_house_numbers(NUMBER_NAME_NUMBER, text):
        words = [w.lower() for w in m.group("words").split()]
        if any(w in common and w not in PARTICLES for w in words if w.islower()) or all(
            w in common for w in words
        ):
            continue  # "took 2 pills at 9", "10, 2021 and again on March 17"
        yield m.start(), m.end(), "numbers around a street name, as in an address", 0.6, True
