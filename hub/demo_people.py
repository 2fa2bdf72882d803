"""Invented material for the demo membership: name parts, countries, organisations.

Every person the demo seed makes up is built from these lists by a seeded random
generator, so each run gives the same people. The names are common given names and
surnames of each language area, combined at random; the organisations are generic
("National Police — Cybercrime Unit") or invented, never a real person or company.
"""

from dataclasses import dataclass

from hub.auth.models import Sector


@dataclass(frozen=True)
class NamePool:
    given: tuple[str, ...]
    family: tuple[str, ...]


NAME_POOLS: dict[str, NamePool] = {
    "english": NamePool(
        given=("James", "Sarah", "Michael", "Emma", "David", "Laura", "Daniel", "Rachel",
               "Thomas", "Hannah", "Andrew", "Olivia", "Mark", "Chloe"),
        family=("Walker", "Bennett", "Hughes", "Carter", "Fletcher", "Morgan", "Reid",
                "Turner", "Hayes", "Doyle", "Brennan", "Sutton", "Ellis", "Parker"),
    ),
    "french": NamePool(
        given=("Julien", "Camille", "Nicolas", "Élodie", "Mathieu", "Claire", "Antoine",
               "Sophie", "Guillaume", "Amélie", "Laurent", "Céline"),
        family=("Lefèvre", "Moreau", "Girard", "Rousseau", "Fontaine", "Chevalier",
                "Lambert", "Bonnet", "Mercier", "Dupont", "Marchand", "Perrin"),
    ),
    "spanish": NamePool(
        given=("Javier", "Lucía", "Carlos", "Marta", "Diego", "Elena", "Alejandro",
               "Paula", "Sergio", "Carmen", "Andrés", "Valentina"),
        family=("García", "Fernández", "Navarro", "Ruiz", "Ortega", "Castillo",
                "Romero", "Delgado", "Morales", "Vargas", "Herrera", "Medina"),
    ),
    "portuguese": NamePool(
        given=("João", "Mariana", "Rafael", "Beatriz", "Tiago", "Ana", "Gustavo",
               "Carolina", "Pedro", "Inês"),
        family=("Silva", "Ferreira", "Almeida", "Costa", "Ribeiro", "Carvalho",
                "Pereira", "Rocha", "Mendes", "Barbosa"),
    ),
    "italian": NamePool(
        given=("Marco", "Giulia", "Luca", "Francesca", "Alessandro", "Chiara",
               "Matteo", "Valeria", "Stefano", "Silvia"),
        family=("Rossi", "Bianchi", "Ferrari", "Esposito", "Romano", "Colombo",
                "Ricci", "Marino", "Greco", "Conti"),
    ),
    "german": NamePool(
        given=("Stefan", "Katrin", "Markus", "Julia", "Tobias", "Sabine", "Florian",
               "Anja", "Lukas", "Miriam"),
        family=("Müller", "Schneider", "Becker", "Hoffmann", "Wagner", "Schulz",
                "Krüger", "Zimmermann", "Braun", "Vogel"),
    ),
    "dutch": NamePool(
        given=("Pieter", "Sanne", "Joris", "Lotte", "Bram", "Eva", "Maarten", "Femke"),
        family=("de Vries", "Jansen", "Visser", "van Dijk", "Bakker", "Smit",
                "Mulder", "Peeters"),
    ),
    "nordic": NamePool(
        given=("Erik", "Ingrid", "Lars", "Sofie", "Anders", "Karin", "Henrik",
               "Maja", "Nils", "Freja"),
        family=("Lindqvist", "Johansen", "Nilsson", "Berg", "Andersen", "Holm",
                "Sandberg", "Dahl", "Eriksson", "Lund"),
    ),
    "finnish": NamePool(
        given=("Mikko", "Aino", "Juha", "Liisa", "Antti", "Riikka"),
        family=("Virtanen", "Korhonen", "Mäkinen", "Laine", "Heikkinen", "Koskinen"),
    ),
    "estonian": NamePool(
        given=("Kristjan", "Kadri", "Tanel", "Triin"),
        family=("Tamm", "Saar", "Kask", "Sepp"),
    ),
    "west_slavic": NamePool(
        given=("Tomasz", "Katarzyna", "Piotr", "Agnieszka", "Jan", "Petra", "Marek",
               "Lucie"),
        # Surnames with one form for women and men, so any pairing reads right.
        family=("Nowak", "Kowalczyk", "Wójcik", "Mazur", "Kaczmarek", "Krawczyk", "Dudek",
                "Sikora"),
    ),
    "south_slavic": NamePool(
        given=("Ivan", "Ana", "Milan", "Jelena", "Marko", "Ivana"),
        family=("Horvat", "Kovačević", "Marković", "Petrović", "Babić", "Jovanović"),
    ),
    "romanian": NamePool(
        given=("Andrei", "Ioana", "Mihai", "Elena"),
        family=("Popescu", "Ionescu", "Dumitru", "Stan"),
    ),
    "lithuanian": NamePool(
        # Lithuanian surnames differ for women; these are the men's forms.
        given=("Mantas", "Tomas", "Jonas", "Darius"),
        family=("Kazlauskas", "Jankauskas", "Butkus", "Žukauskas"),
    ),
    "greek": NamePool(
        # Greek surnames differ for women; these are the men's forms.
        given=("Giorgos", "Dimitris", "Nikos", "Kostas", "Yannis", "Stavros"),
        family=("Papadopoulos", "Georgiou", "Nikolaidis", "Konstantinou", "Alexiou",
                "Vlachos"),
    ),
    "turkish": NamePool(
        given=("Emre", "Zeynep", "Mehmet", "Elif", "Burak", "Ayşe"),
        family=("Yılmaz", "Demir", "Şahin", "Çelik", "Aydın", "Kaya"),
    ),
    "arabic": NamePool(
        given=("Omar", "Layla", "Khalid", "Noura", "Youssef", "Mariam", "Hassan",
               "Salma", "Tariq", "Huda"),
        family=("Al-Mansouri", "Haddad", "El-Amrani", "Al-Harbi", "Nasser", "Khalil",
                "Bennani", "Al-Kuwari", "Saleh", "Farouk"),
    ),
    "indian": NamePool(
        given=("Arjun", "Priya", "Rahul", "Ananya", "Vikram", "Kavya", "Suresh", "Nisha"),
        family=("Sharma", "Iyer", "Reddy", "Nair", "Patel", "Banerjee", "Menon", "Rao"),
    ),
    "sri_lankan": NamePool(
        given=("Chaminda", "Dilani", "Ruwan", "Sanduni"),
        family=("Perera", "Fernando", "Jayasinghe", "Wickramasinghe"),
    ),
    "chinese": NamePool(
        given=("Wei Ming", "Hui Min", "Jun Hao", "Li Ting", "Kai Wen", "Mei Ling"),
        family=("Tan", "Lim", "Ong", "Goh", "Chua", "Lee"),
    ),
    "malay": NamePool(
        given=("Ahmad", "Siti", "Nurul", "Rizal", "Putri", "Faizal"),
        family=("Abdullah", "Rahman", "Ismail", "Yusof", "Hidayat", "Wijaya"),
    ),
    "filipino": NamePool(
        given=("Jose", "Kristine", "Paolo", "Maricel"),
        family=("Santos", "Reyes", "Cruz", "Bautista"),
    ),
    "thai": NamePool(
        given=("Somchai", "Nattapong", "Suda", "Kanya"),
        family=("Srisuk", "Chaiyaporn", "Rattanakorn", "Wongsakul"),
    ),
    "vietnamese": NamePool(
        given=("Minh", "Thu", "Hoang", "Lan"),
        family=("Nguyen", "Tran", "Le", "Pham"),
    ),
    "japanese": NamePool(
        given=("Hiroshi", "Yuki", "Takeshi", "Aiko", "Kenji", "Naoko"),
        family=("Sato", "Suzuki", "Takahashi", "Watanabe", "Yamamoto", "Nakamura"),
    ),
    "korean": NamePool(
        given=("Min-jun", "Seo-yeon", "Ji-ho", "Hye-jin", "Dong-hyun", "Su-bin"),
        family=("Kim", "Lee", "Park", "Choi", "Jung", "Kang"),
    ),
    "nigerian": NamePool(
        given=("Chinedu", "Ngozi", "Oluwaseun", "Adaeze", "Emeka", "Funmilayo"),
        family=("Okafor", "Adeyemi", "Nwosu", "Eze", "Balogun", "Okonkwo"),
    ),
    "ghanaian": NamePool(
        given=("Kwame", "Ama", "Kofi", "Yaa"),
        family=("Mensah", "Boateng", "Owusu", "Asante"),
    ),
    "kenyan": NamePool(
        given=("Brian", "Wanjiru", "Peter", "Achieng", "Samuel", "Grace"),
        family=("Kamau", "Otieno", "Mwangi", "Njoroge", "Mutua", "Wambui"),
    ),
    "rwandan": NamePool(
        given=("Aline", "Eric", "Claudine", "Jean-Paul"),
        family=("Uwimana", "Habimana", "Mukamana", "Niyonzima"),
    ),
    "south_african": NamePool(
        given=("Thabo", "Naledi", "Pieter", "Zanele", "Sipho", "Anri"),
        family=("Nkosi", "Dlamini", "Ndlovu", "van der Merwe", "Botha", "Mokoena"),
    ),
}  # fmt: skip


#: The hub language a person from each language area reads the hub in; the others read
#: it in English.
POOL_LANGUAGES = {"french": "fr", "spanish": "es", "arabic": "ar"}


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    names: str  # key into NAME_POOLS
    cities: tuple[str, ...]  # for universities
    weight: int = 1  # how many members, relatively, come from here


COUNTRIES: tuple[Country, ...] = (
    Country("GB", "english", ("Leeds", "Glasgow"), 4),
    Country("IE", "english", ("Galway",)),
    Country("US", "english", ("Chicago", "Austin"), 5),
    Country("CA", "english", ("Ottawa", "Calgary"), 2),
    Country("AU", "english", ("Brisbane", "Adelaide"), 2),
    Country("NZ", "english", ("Wellington",)),
    Country("FR", "french", ("Lyon", "Toulouse"), 4),
    Country("BE", "dutch", ("Ghent", "Leuven"), 2),
    Country("LU", "french", ("Luxembourg",)),
    Country("CH", "german", ("Zurich", "Lausanne")),
    Country("ES", "spanish", ("Valencia", "Seville"), 3),
    Country("PT", "portuguese", ("Porto", "Coimbra")),
    Country("IT", "italian", ("Turin", "Bologna"), 3),
    Country("DE", "german", ("Hamburg", "Munich"), 4),
    Country("AT", "german", ("Graz",)),
    Country("NL", "dutch", ("Utrecht", "Eindhoven"), 3),
    Country("SE", "nordic", ("Gothenburg", "Uppsala"), 2),
    Country("NO", "nordic", ("Bergen", "Trondheim")),
    Country("DK", "nordic", ("Aarhus",)),
    Country("FI", "finnish", ("Tampere", "Oulu")),
    Country("EE", "estonian", ("Tartu",)),
    Country("LT", "lithuanian", ("Kaunas",)),
    Country("PL", "west_slavic", ("Kraków", "Wrocław"), 2),
    Country("CZ", "west_slavic", ("Brno",)),
    Country("HR", "south_slavic", ("Zagreb",)),
    Country("RS", "south_slavic", ("Novi Sad",)),
    Country("RO", "romanian", ("Cluj-Napoca",)),
    Country("GR", "greek", ("Thessaloniki",)),
    Country("CY", "greek", ("Limassol",)),
    Country("TR", "turkish", ("Ankara", "Izmir")),
    Country("AE", "arabic", ("Abu Dhabi", "Dubai"), 3),
    Country("SA", "arabic", ("Riyadh",)),
    Country("QA", "arabic", ("Doha",)),
    Country("JO", "arabic", ("Amman",)),
    Country("MA", "arabic", ("Rabat",)),
    Country("EG", "arabic", ("Alexandria",)),
    Country("IN", "indian", ("Pune", "Hyderabad"), 3),
    Country("LK", "sri_lankan", ("Colombo",)),
    Country("SG", "chinese", ("Singapore",), 4),
    Country("MY", "malay", ("Kuala Lumpur",)),
    Country("ID", "malay", ("Bandung",)),
    Country("PH", "filipino", ("Quezon City",)),
    Country("TH", "thai", ("Chiang Mai",)),
    Country("VN", "vietnamese", ("Da Nang",)),
    Country("JP", "japanese", ("Osaka", "Sendai"), 2),
    Country("KR", "korean", ("Daejeon", "Busan"), 2),
    Country("BR", "portuguese", ("Campinas", "Recife"), 2),
    Country("AR", "spanish", ("Córdoba",)),
    Country("CO", "spanish", ("Medellín",)),
    Country("MX", "spanish", ("Guadalajara",)),
    Country("CL", "spanish", ("Valparaíso",)),
    Country("NG", "nigerian", ("Lagos", "Ibadan"), 2),
    Country("GH", "ghanaian", ("Kumasi",)),
    Country("KE", "kenyan", ("Nairobi",), 2),
    Country("RW", "rwandan", ("Kigali",)),
    Country("ZA", "south_african", ("Stellenbosch", "Pretoria"), 2),
)

#: How the invented members' sectors are drawn (a guess for the demo, not a published figure):
#: mostly police, then researchers, then industry.
SECTOR_WEIGHTS: dict[Sector, int] = {
    Sector.LAW_ENFORCEMENT: 55,
    Sector.ACADEMIA: 22,
    Sector.PRIVATE_INDUSTRY: 16,
    Sector.INTERNATIONAL_ORGANISATION: 7,
}

LAW_ENFORCEMENT_UNITS: tuple[str, ...] = (
    "National Police — Cybercrime Unit",
    "National Police — Digital Forensics Laboratory",
    "Federal Criminal Police Office",
    "Criminal Investigation Department — Innovation Unit",
    "State Police — Technology and Innovation Division",
    "Ministry of the Interior — Forensic Science Centre",
    "National Crime Agency — Data Analytics Team",
    "Police Academy — Research and Development",
    "Gendarmerie — Criminal Intelligence Service",
    "Border Police — Technology Unit",
    "Metropolitan Police — Real-Time Crime Centre",
    "Public Prosecutor's Office — Digital Evidence Unit",
    "Financial Crimes Investigation Service",
    "Counter-Terrorism Police — Online Threats Unit",
)

#: "{city}" is replaced by a city of the member's country.
ACADEMIC_INSTITUTIONS: tuple[str, ...] = (
    "University of {city}",
    "University of {city} — Department of Computer Science",
    "University of {city} — Faculty of Law",
    "University of {city} — Centre for Security Studies",
    "{city} Institute of Technology",
    "{city} Police University College",
)

COMPANIES: tuple[str, ...] = (
    "Veritrace Analytics",
    "Kestrelview Robotics",
    "Clearline Vision Systems",
    "Lumenvoice Speech Technologies",
    "Haldengrid Data Labs",
    "Arcwise Security",
    "Tessellon AI",
    "Quillbright Language Tools",
    "Northspire Forensics",
    "Brightlattice Imaging",
    "Sentrado Systems",
    "Ombrelune Software",
)

INTERNATIONAL_ORGANISATIONS: tuple[str, ...] = (
    "Regional Police Cooperation Bureau",
    "International Centre for Crime Prevention Research",
    "Intergovernmental Justice Research Institute",
    "Regional Counter-Terrorism Centre",
    "International Cybercrime Cooperation Office",
)
