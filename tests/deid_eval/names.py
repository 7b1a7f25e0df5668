"""Name parts of 24 naming traditions, composed at random into synthetic people.

Every person of the evaluation sources is a random pairing of a given name and a family
name from one tradition below (common name parts, never a chosen real person). Each
tradition says how a full name is written: given first or family first, with particles
("van den", "dos", "Ó", "bin"), patronymics, or two surnames.
"""

# ruff: noqa: RUF001  (Turkish dotless i and other letters are the point of this table)
from __future__ import annotations

import random
from dataclasses import dataclass

# fmt: off
# tradition -> (given names, family names, order): order "gf" given first, "fg" family
# first (as the tradition writes it in notes), "either" one or the other per person.
TRADITIONS: dict[str, tuple[list[str], list[str], str]] = {
    "dutch": (
        ["Joost", "Maartje", "Sanne", "Daan", "Femke", "Bram", "Lieke", "Thijs", "Anouk",
         "Sjoerd", "Ilse", "Wouter"],
        ["van den Berg", "de Vries", "van Dijk", "Bakker", "Visser", "van der Meulen",
         "de Jong", "ter Horst", "van Leeuwen", "Dekker", "van 't Hof", "Verhoeven"],
        "gf",
    ),
    "turkish": (
        ["Ayşe", "Emre", "Zeynep", "Mehmet", "Elif", "Burak", "Gülşen", "Oğuz", "Şebnem",
         "Çağrı", "Selin", "İlker"],
        ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan", "Doğan",
         "Kılıç", "Erdoğdu", "Güneş"],
        "gf",
    ),
    "polish": (
        ["Małgorzata", "Krzysztof", "Agnieszka", "Wojciech", "Zofia", "Łukasz", "Grzegorz",
         "Katarzyna", "Jadwiga", "Bartosz"],
        ["Wiśniewska", "Kowalczyk", "Zieliński", "Wójcik", "Szymańska", "Dąbrowski",
         "Lewandowska", "Jabłoński", "Grabowska", "Pietrzak"],
        "gf",
    ),
    "indian": (
        ["Priya", "Arjun", "Lakshmi", "Rohan", "Ananya", "Vikram", "Sunita", "Kiran", "Deepa",
         "Harpreet", "Sandeep", "Meenakshi"],
        ["Raghunathan", "Iyer", "Chatterjee", "Deshpande", "Kulkarni", "Banerjee", "Menon",
         "Gill", "Bhattacharya", "Nair", "Sandhu", "Venkataraman"],
        "gf",
    ),
    "vietnamese": (
        ["Linh", "Tuấn", "Hương", "Minh", "Thảo", "Quang", "Ngọc", "Duy", "Phương", "Khánh"],
        ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ"],
        "either",
    ),
    "maori": (
        ["Aroha", "Tama", "Wiremu", "Ngaio", "Hēmi", "Mere", "Rāwiri", "Anahera", "Tāne",
         "Kahu", "Manaia", "Whetu"],
        ["Ngata", "Parata", "Tawhiri", "Herewini", "Te Huia", "Rangihau", "Tipene",
         "Te Rangi", "Horomona", "Waaka"],
        "gf",
    ),
    "nigerian": (
        ["Chidinma", "Oluwaseun", "Adebayo", "Ngozi", "Emeka", "Folake", "Chukwuemeka",
         "Yetunde", "Ifeoma", "Babatunde", "Tobiloba", "Nkechi"],
        ["Okonkwo", "Adeyemi", "Eze", "Balogun", "Nwosu", "Olaniyan", "Obi", "Adewale",
         "Okafor", "Ogunleye", "Nnamdi-Eze", "Akinwande"],
        "gf",
    ),
    "arabic": (
        ["Fatima", "Yusuf", "Layla", "Omar", "Nour", "Khalid", "Rania", "Tariq", "Samira",
         "Hamza", "Dalia", "Bilal"],
        ["al-Haddad", "El-Sayed", "Mansour", "bin Rashid", "Khoury", "Abdelrahman", "Nasser",
         "Saleh", "Al Masri", "Qasim", "Haddadin", "Barakat"],
        "gf",
    ),
    "chinese": (
        ["Wei", "Xiaoling", "Jun", "Mei", "Zhiwei", "Yan", "Hao", "Lixin", "Qing", "Yuxuan"],
        ["Zhang", "Liu", "Chen", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Guo"],
        "either",
    ),
    "korean": (
        ["Ji-woo", "Min-jun", "Seo-yeon", "Hyun-woo", "Eun-ji", "Do-yoon", "Soo-ah",
         "Jae-hyun", "Ha-eun", "Sung-min"],
        ["Kim", "Park", "Choi", "Jung", "Kang", "Yoon", "Jang", "Lim", "Han", "Shin"],
        "either",
    ),
    "spanish": (
        ["José Luis", "María Pilar", "Alejandro", "Lucía", "Iñaki", "Begoña", "Ainhoa",
         "Santiago", "Rocío", "Maite"],
        ["Fernández Ortega", "Ibáñez Lozano", "Sánchez y Herrero", "Castillo Núñez",
         "Vidal Gallego", "de la Fuente Prieto", "Ortiz de Zárate", "Muñoz Cabrera",
         "Arrieta Salinas", "Pascual Robles"],
        "gf",
    ),
    "portuguese": (
        ["João", "Inês", "Gonçalo", "Leonor", "Tiago", "Beatriz", "Rui", "Conceição",
         "Afonso", "Madalena"],
        ["dos Santos", "da Costa", "Ferreira", "de Sousa", "Gonçalves", "Pereira",
         "Magalhães", "do Carmo", "Azevedo", "Quaresma"],
        "gf",
    ),
    "german": (
        ["Jürgen", "Anneliese", "Lukas", "Jörg", "Uschi", "Matthias", "Birgit", "Sören",
         "Friederike", "Ulrich"],
        ["Müller", "Schröder", "Weiß", "Hoffmann", "Köhler", "Schäfer", "Brandt", "Vogel",
         "von der Heide", "Großmann"],
        "gf",
    ),
    "irish": (
        ["Siobhán", "Pádraig", "Aoife", "Ciarán", "Niamh", "Seán", "Orla", "Dervla",
         "Caoimhe", "Oisín"],
        ["O'Sullivan", "O'Brien", "Ní Bhriain", "Mac Giolla", "Ó Súilleabháin", "Nic Aodha",
         "Kavanagh", "Ó Ceallaigh", "O'Dowd", "Geraghty"],
        "gf",
    ),
    "scottish": (
        ["Ailsa", "Euan", "Morag", "Hamish", "Catriona", "Fraser", "Isla", "Lachlan",
         "Kirsty", "Ruaridh"],
        ["MacLeod", "MacKenzie", "McAllister", "Mackintosh", "Sutherland", "MacAulay",
         "Buchanan", "McIntyre", "Macrae", "Urquhart"],
        "gf",
    ),
    "greek": (
        ["Eleni", "Giorgos", "Dimitra", "Konstantinos", "Vasiliki", "Nikos", "Stavros",
         "Despina", "Paraskevi", "Thanasis"],
        ["Papadopoulos", "Georgiou", "Konstantinidou", "Athanasiou", "Christodoulou",
         "Nikolaidis", "Vlachou", "Karagiannis", "Theodorakopoulou", "Lambrou"],
        "gf",
    ),
    "hungarian": (
        ["Zsófia", "Bence", "Katalin", "Gergely", "Réka", "Levente", "Ildikó", "Balázs",
         "Enikő", "Csaba"],
        ["Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Molnár", "Fehér",
         "Szűcs", "Lengyel"],
        "either",
    ),
    "finnish": (
        ["Aino", "Juha", "Päivi", "Mikko", "Sirkka", "Teemu", "Hannele", "Jussi", "Outi",
         "Ville"],
        ["Virtanen", "Mäkinen", "Nieminen", "Heikkinen", "Koskinen", "Järvinen", "Lehtonen",
         "Hämäläinen", "Kärkkäinen", "Pitkänen"],
        "gf",
    ),
    "ethiopian": (
        ["Tigist", "Abebe", "Meron", "Dawit", "Selamawit", "Yonas", "Hiwot", "Bereket",
         "Mekdes", "Tewodros"],
        ["Alemu", "Tesfaye", "Girma", "Bekele", "Haile", "Mekonnen", "Woldemariam", "Kebede",
         "Gebremedhin", "Assefa"],
        "gf",
    ),
    "filipino": (
        ["Maricel", "Jerome", "Rowena", "Liezl", "Arnel", "Marilou", "Rodel", "Jhunmar",
         "Kristine Joy", "Rey"],
        ["dela Cruz", "Bautista", "Villanueva", "Macaraeg", "Dimaculangan", "Mendoza",
         "Pangilinan", "de los Reyes", "Sumalinog", "Tolentino"],
        "gf",
    ),
    "japanese": (
        ["Haruka", "Kenji", "Yui", "Takeshi", "Aiko", "Ryō", "Sakura", "Daisuke", "Megumi",
         "Shōta"],
        ["Tanaka", "Watanabe", "Yamamoto", "Kobayashi", "Nakamura", "Ishikawa", "Fujita",
         "Ōshima", "Matsuda", "Hasegawa"],
        "either",
    ),
    "kenyan": (
        ["Wanjiru", "Otieno", "Achieng", "Kamau", "Njeri", "Mwangi", "Akinyi", "Kiprono",
         "Wairimu", "Chebet"],
        ["Kariuki", "Odhiambo", "Mutua", "Wambui", "Ochieng", "Cheruiyot", "Njoroge",
         "Kiptoo", "Omondi", "Wekesa"],
        "gf",
    ),
    "russian": (
        ["Svetlana", "Dmitri", "Yekaterina", "Alexei", "Natalya", "Sergei", "Olga", "Pavel",
         "Lyudmila", "Arkady"],
        ["Ivanova", "Smirnov", "Kuznetsova", "Volkov", "Sokolova", "Morozov", "Lebedeva",
         "Novikov", "Zaitseva", "Belov"],
        "gf",
    ),
    "icelandic": (
        ["Guðrún", "Sigurður", "Þóra", "Ólafur", "Ragnheiður", "Einar", "Hildur", "Þórir"],
        ["Jónsdóttir", "Sigurðsson", "Magnúsdóttir", "Ólafsson", "Þórðardóttir",
         "Gunnarsson", "Halldórsdóttir", "Ásgeirsson"],
        "gf",
    ),
    # Names that are also English words or months: a different tradition of trouble.
    "word-names": (
        ["Will", "Hope", "June", "Sky", "Grace", "Bill", "Kit", "Rose", "Dawn", "Faith",
         "Joy", "Autumn"],
        ["Stone", "Woods", "Hardy", "Booth", "Cox", "Christian", "Baker", "Bishop", "Hill",
         "Fields", "Moss", "Marsh"],
        "gf",
    ),
}

# Towns and cities (places, not people), from many countries; a few are also words.
TOWNS = [
    "Tauranga", "Whanganui", "Enschede", "Zwolle", "Eskişehir", "Bydgoszcz", "Łódź",
    "Coimbatore", "Thrissur", "Đà Lạt", "Huế", "Rotorua", "Ibadan", "Enugu", "Irbid",
    "Zarqa", "Hangzhou", "Daejeon", "Jeonju", "Logroño", "Cáceres", "Braga", "Aveiro",
    "Göttingen", "Würzburg", "Ennis", "Tralee", "Oban", "Inverness", "Larissa", "Ioannina",
    "Debrecen", "Pécs", "Tampere", "Jyväskylä", "Bahir Dar", "Hawassa", "Iloilo", "Dumaguete",
    "Kanazawa", "Matsumoto", "Eldoret", "Kisumu", "Tver", "Akureyri", "Greeley", "Bozeman",
    "Muncie", "Kalamazoo", "Keene", "Bangor", "Hilo", "Ashland", "Laramie", "Truro",
    "Reading", "Bath", "Mobile", "Normal",
]
# fmt: on


@dataclass(frozen=True)
class Person:
    tradition: str
    given: str
    family: str
    family_first: bool

    @property
    def full(self) -> str:
        if self.family_first:
            return f"{self.family} {self.given}"
        return f"{self.given} {self.family}"

    @property
    def surname_for_title(self) -> str:
        """The family name as it follows "Dr." or "Ms." (particles kept: "van den Berg")."""
        return self.family

    @property
    def initials(self) -> str:
        given = [p[0] for p in self.given.replace("-", " ").split()]
        family = [p[0] for p in self.family.split() if p[:1].isupper()]
        return "".join(f"{c}." for c in given + family[-1:])


def person(rng: random.Random, tradition: str | None = None) -> Person:
    tradition = tradition or rng.choice(sorted(TRADITIONS))
    given, family, order = TRADITIONS[tradition]
    family_first = order == "fg" or (order == "either" and rng.random() < 0.5)
    return Person(tradition, rng.choice(given), rng.choice(family), family_first)
