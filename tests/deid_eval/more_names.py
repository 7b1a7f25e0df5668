"""Name parts of 24 more naming traditions, for the `messages` source.

Written after the engine's dev misses on world-names ran out, so that there is text the
engine was never tuned on: none of these parts is in `names.py` (a test checks it), and
where a tradition is the same (Yoruba beside Nigerian, Brazilian beside Portuguese,
Bengali beside Indian) the parts are other ones. Every person is a random pairing of
common name parts of one tradition, never a chosen real person. Some traditions write
two given names ("Ana Clara", "Ahmad Shah"), a hyphenated one ("Jean-Baptiste",
"Maj-Britt", "Bat-Erdene"), particles ("du Plessis", "de la Tour", "Le Goff", "Di
Stefano"), apostrophes ("Fa'amausili") or a patronymic initial before the given name
(Tamil "S. Karthik", Mongolian "B. Ganbaatar").
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# fmt: off
# tradition -> (given names, family names, how a full name is written): "gf" given first,
# "initial" the family name's initial before the given name ("S. Karthik").
MORE_TRADITIONS: dict[str, tuple[list[str], list[str], str]] = {
    "persian": (
        ["Shirin", "Dariush", "Parisa", "Kourosh", "Niloufar", "Babak", "Golnaz", "Arash",
         "Roya", "Farhad", "Mahsa", "Siavash"],
        ["Hosseini", "Rahimi", "Karimi", "Mohammadi", "Tehrani", "Jafari", "Ghorbani",
         "Sadeghi", "Rezaei", "Moradi", "Kazemi", "Navabi"],
        "gf",
    ),
    "hebrew": (
        ["Noa", "Yael", "Avraham", "Tamar", "Eitan", "Shira", "Yosef", "Michal", "Oren",
         "Liora", "Ariel", "Tzipora"],
        ["Cohen", "Levi", "Mizrahi", "Peretz", "Biton", "Friedman", "Azoulay", "Katz",
         "Ben-David", "Shapiro", "Rosenthal", "Dahan"],
        "gf",
    ),
    "czech": (
        ["Jiří", "Kateřina", "Tomáš", "Lenka", "Petr", "Markéta", "Vojtěch", "Zdeňka",
         "Ondřej", "Radka"],
        ["Novák", "Svobodová", "Dvořák", "Černá", "Procházka", "Kučerová", "Veselý",
         "Horáková", "Němec", "Pokorná"],
        "gf",
    ),
    "romanian": (
        ["Ioana", "Mihai", "Andreea", "Răzvan", "Cristina", "Bogdan", "Florentina", "Ștefan",
         "Iulia", "Dragoș"],
        ["Popescu", "Ionescu", "Dumitru", "Gheorghiu", "Marinescu", "Munteanu", "Lupu",
         "Bălan", "Țurcanu", "Stoica"],
        "gf",
    ),
    "ukrainian": (
        ["Oksana", "Taras", "Olena", "Bohdan", "Iryna", "Mykola", "Halyna", "Yaroslav",
         "Nataliia", "Andriy"],
        ["Shevchenko", "Kovalenko", "Bondarenko", "Tkachuk", "Melnyk", "Kravets", "Hrytsenko",
         "Savchuk", "Lysenko", "Moroz"],
        "gf",
    ),
    "bengali": (
        ["Anirban", "Sharmila", "Sourav", "Moumita", "Arnab", "Tanusree", "Debashis",
         "Rituparna", "Subhajit", "Nusrat"],
        ["Mukherjee", "Ganguly", "Chowdhury", "Sen", "Basu", "Dutta", "Haque", "Sarkar",
         "Majumdar", "Ghosh"],
        "gf",
    ),
    "tamil": (
        ["Karthik", "Meena", "Senthil", "Revathi", "Murugan", "Kavitha", "Arun", "Thenmozhi",
         "Selvam", "Janani"],
        ["Subramaniam", "Ramasamy", "Krishnan", "Palaniappan", "Natarajan", "Sundaram",
         "Rajendran", "Arumugam", "Shanmugam", "Velusamy"],
        "initial",
    ),
    "thai": (
        ["Somchai", "Nattaya", "Kittisak", "Pimchanok", "Anucha", "Siriporn", "Thanawat",
         "Wannisa", "Prasert", "Supaporn"],
        ["Srisuk", "Chaiyaporn", "Wongsawat", "Rattanakorn", "Kongkaew", "Thongchai",
         "Boonmee", "Saetang", "Phromma", "Jaidee"],
        "gf",
    ),
    "indonesian": (
        ["Budi", "Siti", "Agus", "Dewi", "Wahyu", "Rina", "Eko", "Ayu", "Bambang", "Fitri"],
        ["Santoso", "Wijaya", "Hidayat", "Kurniawan", "Susanti", "Prasetyo", "Setiawan",
         "Nugroho", "Lestari", "Saputra"],
        "gf",
    ),
    "swahili": (
        ["Amani", "Zawadi", "Baraka", "Neema", "Juma", "Rehema", "Hamisi", "Upendo", "Saidi",
         "Imani"],
        ["Mushi", "Massawe", "Mrema", "Lyimo", "Kimaro", "Shayo", "Mwakyusa", "Mfinanga",
         "Temba", "Swai"],
        "gf",
    ),
    "yoruba": (
        ["Adunni", "Olamide", "Temitope", "Ayodele", "Oluwafemi", "Bukola", "Kehinde",
         "Abiodun", "Morenike", "Damilola"],
        ["Ogunbiyi", "Adebisi", "Oyelaran", "Afolabi", "Bankole", "Olatunji", "Fashola",
         "Adeleke", "Ogundipe", "Ajayi"],
        "gf",
    ),
    "hawaiian": (
        ["Keoni", "Leilani", "Kawika", "Malia", "Kainoa", "Noelani", "Makana", "Healani",
         "Ikaika", "Pualani"],
        ["Kahananui", "Kealoha", "Kanahele", "Akana", "Kahale", "Kamakau", "Keawe", "Mahoe",
         "Kalama", "Kaleikini"],
        "gf",
    ),
    "samoan": (
        ["Sione", "Losa", "Tavita", "Sina", "Iosefa", "Malu", "Fetu", "Mele", "Pita", "Lagi"],
        ["Tuilagi", "Faleolo", "Leota", "Aumua", "Sapolu", "Fa'amausili", "Tuimavave",
         "Lemalu", "Salave'a", "Toleafoa"],
        "gf",
    ),
    "sami": (
        ["Ánde", "Máret", "Nils Ante", "Biret", "Jovnna", "Elle", "Issát", "Sunná", "Piera",
         "Risten"],
        ["Somby", "Gaup", "Sara", "Utsi", "Eira", "Hætta", "Triumf", "Balto", "Buljo", "Turi"],
        "gf",
    ),
    "brazilian": (
        ["Ana Clara", "Pedro Henrique", "Thiago", "Luana", "Rafaela", "Gabriel", "Thaís",
         "Vinícius", "Letícia", "Maria Eduarda"],
        ["Oliveira da Silva", "Rodrigues", "Cavalcanti", "Nascimento", "Albuquerque",
         "Carvalho Lima", "Barbosa", "Moreira", "Teixeira", "Araújo"],
        "gf",
    ),
    "italian": (
        ["Giuseppe", "Francesca", "Alessandro", "Chiara", "Gianluca", "Serena", "Maurizio",
         "Giulia", "Salvatore", "Rosaria"],
        ["Esposito", "Romano", "Colombo", "Ricci", "Marino", "Greco", "De Luca", "Di Stefano",
         "Lo Presti", "Caruso"],
        "gf",
    ),
    "swedish": (
        ["Karl-Johan", "Ingrid", "Björn", "Astrid", "Sven-Erik", "Linnéa", "Gunnar",
         "Maj-Britt", "Oskar", "Ebba"],
        ["Lindqvist", "Bergström", "Sjöberg", "Åkesson", "Holmgren", "Nyström", "Lundgren",
         "Engström", "Wallin", "Forsberg"],
        "gf",
    ),
    "french": (
        ["Jean-Baptiste", "Marie-Claire", "Théo", "Océane", "Benoît", "Élodie", "Gaël",
         "Solène", "Jean-Luc", "Anne-Sophie"],
        ["de la Tour", "Le Goff", "Le Gall", "Dubois", "Lefèvre", "de Villiers", "du Bois",
         "Rousseau", "Girard", "Lemaire"],
        "gf",
    ),
    "afrikaans": (
        ["Pieter", "Annelie", "Johannes", "Marlize", "Riaan", "Elsabé", "Gerhard", "Sunette",
         "Francois", "Lizelle"],
        ["van der Merwe", "Botha", "du Plessis", "le Roux", "Pretorius", "van Wyk", "Steyn",
         "Venter", "Nel", "Coetzee"],
        "gf",
    ),
    "armenian": (
        ["Anahit", "Aram", "Lilit", "Tigran", "Siranush", "Gor", "Nare", "Vardan", "Hasmik",
         "Armen"],
        ["Hakobyan", "Petrosyan", "Grigoryan", "Sargsyan", "Avetisyan", "Harutyunyan",
         "Khachatryan", "Mkrtchyan", "Ghazaryan", "Vardanyan"],
        "gf",
    ),
    "georgian": (
        ["Nino", "Giorgi", "Ketevan", "Levan", "Mariam", "Davit", "Tinatin", "Zurab", "Eka",
         "Irakli"],
        ["Beridze", "Kapanadze", "Gelashvili", "Tsiklauri", "Lomidze", "Maisuradze",
         "Javakhishvili", "Abashidze", "Kvaratskhelia", "Chkheidze"],
        "gf",
    ),
    "mongolian": (
        ["Bat-Erdene", "Oyuntsetseg", "Ganbaatar", "Enkhjargal", "Temuulen", "Sarangerel",
         "Bolormaa", "Tserendorj", "Altansukh", "Nomin"],
        ["Dorj", "Batbayar", "Tsogt", "Ganzorig", "Purev", "Sukhbaatar", "Erdenebat", "Munkh",
         "Baatar", "Ochir"],
        "initial",
    ),
    "somali": (
        ["Hodan", "Abdirahman", "Faadumo", "Mahad", "Ayaan", "Cabdi", "Hibaaq", "Liban",
         "Sahra", "Guled"],
        ["Warsame", "Farah", "Jama", "Abdullahi", "Mohamud", "Hirsi", "Egal", "Dualeh",
         "Ismail", "Abdi"],
        "gf",
    ),
    "pashto": (
        ["Zarmina", "Ahmad Shah", "Palwasha", "Gulalai", "Naqibullah", "Spozhmai",
         "Rahmatullah", "Malalai", "Wahid", "Shabnam"],
        ["Khan", "Yousafzai", "Durrani", "Popalzai", "Afridi", "Wardak", "Stanikzai",
         "Mohmand", "Noorzai", "Ahmadzai"],
        "gf",
    ),
}

# Languages an interpreter is booked for: words that are not names (traps).
LANGUAGES = ["Farsi", "Hebrew", "Czech", "Romanian", "Ukrainian", "Bengali", "Tamil", "Thai",
             "Bahasa", "Swahili", "Yoruba", "Samoan", "Portuguese", "Italian", "Swedish",
             "French", "Afrikaans", "Armenian", "Georgian", "Mongolian", "Somali", "Pashto"]

# Towns and cities, none of them in `names.TOWNS`.
MORE_TOWNS = [
    "Tabriz", "Haifa", "Brno", "Olomouc", "Cluj-Napoca", "Iași", "Lviv", "Poltava", "Khulna",
    "Madurai", "Chiang Mai", "Yogyakarta", "Arusha", "Mwanza", "Osogbo", "Kailua", "Apia",
    "Kautokeino", "Recife", "Bergamo", "Umeå", "Rennes", "Stellenbosch", "Gyumri", "Kutaisi",
    "Darkhan", "Hargeisa", "Jalalabad", "Tromsø", "Salvador", "Palermo", "Limoges",
]
# fmt: on


@dataclass(frozen=True)
class Someone:
    tradition: str
    given: str
    family: str
    style: str  # "gf" or "initial"

    @property
    def full(self) -> str:
        if self.style == "initial":
            return f"{self.family[0]}. {self.given}"
        return f"{self.given} {self.family}"

    @property
    def first(self) -> str:
        """The first given name ("Ana" of "Ana Clara"; "Jean-Baptiste" stays whole)."""
        return self.given.split()[0]

    @property
    def initials(self) -> str:
        given = [p[0] for p in self.given.replace("-", " ").split()]
        family = [p[0] for p in self.family.replace("-", " ").split() if p[:1].isupper()]
        return "".join(f"{c}." for c in given[:1] + family[-1:])


def someone(rng: random.Random, tradition: str | None = None) -> Someone:
    tradition = tradition or rng.choice(sorted(MORE_TRADITIONS))
    given, family, style = MORE_TRADITIONS[tradition]
    return Someone(tradition, rng.choice(given), rng.choice(family), style)
