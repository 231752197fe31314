"""Countries (names in five languages) and US states, for locations and phone regions.

Only what a resume needs: recognising "Lyon, France", "Austin, TX" or "Seoul, S.Korea" and
turning the country into an ISO 3166-1 alpha-2 code, from which phone numbers written in
national form can be normalised.

Example:
    >>> read_location("Mapo-gu, Seoul, Republic of Korea")
    ('Seoul', None, 'KR')
    >>> read_location("Austin, TX")
    ('Austin', 'TX', 'US')
"""

from __future__ import annotations

import re
from functools import lru_cache

from talentmatch.parsing._normalise import fold

__all__ = ["city_words", "country_code", "is_place", "read_location"]

# ISO 3166-1 alpha-2 -> names and common abbreviations (folded spellings derived).
_COUNTRIES: dict[str, tuple[str, ...]] = {
    "US": (
        "united states",
        "united states of america",
        "usa",
        "u.s.a.",
        "u.s.a",
        "u.s.",
        "us",
        "états-unis",
        "etats-unis",
        "estados unidos",
        "eeuu",
        "ee.uu.",
        "vereinigte staaten",
        "eua",
    ),
    "GB": (
        "united kingdom",
        "uk",
        "u.k.",
        "great britain",
        "england",
        "scotland",
        "wales",
        "northern ireland",
        "royaume-uni",
        "reino unido",
        "vereinigtes königreich",
        "großbritannien",
        "grossbritannien",
        "angleterre",
        "inglaterra",
    ),
    "CA": ("canada", "canadá", "kanada"),
    "AU": ("australia", "australie", "australien", "austrália"),
    "NZ": ("new zealand", "nouvelle-zélande", "nueva zelanda", "neuseeland", "nova zelândia"),
    "IE": ("ireland", "irlande", "irlanda", "irland"),
    "FR": ("france", "francia", "frankreich", "frança"),
    "BE": ("belgium", "belgique", "bélgica", "belgien"),
    "CH": ("switzerland", "suisse", "suiza", "schweiz", "suíça"),
    "LU": ("luxembourg", "luxemburgo", "luxemburg"),
    "MC": ("monaco", "mónaco"),
    "ES": ("spain", "espagne", "españa", "spanien", "espanha"),
    "PT": ("portugal",),
    "BR": ("brazil", "brésil", "brasil", "brasilien"),
    "DE": ("germany", "allemagne", "alemania", "deutschland", "alemanha"),
    "AT": ("austria", "autriche", "österreich", "áustria"),
    "IT": ("italy", "italie", "italia", "italien", "itália"),
    "NL": (
        "netherlands",
        "the netherlands",
        "holland",
        "pays-bas",
        "países bajos",
        "niederlande",
        "holanda",
        "países baixos",
    ),
    "DK": ("denmark", "danemark", "dinamarca", "dänemark"),
    "SE": ("sweden", "suède", "suecia", "schweden", "suécia"),
    "NO": ("norway", "norvège", "noruega", "norwegen"),
    "FI": ("finland", "finlande", "finlandia", "finnland", "finlândia"),
    "PL": ("poland", "pologne", "polonia", "polen", "polônia"),
    "CZ": ("czech republic", "czechia", "république tchèque", "república checa", "tschechien"),
    "RO": ("romania", "roumanie", "rumania", "rumänien", "romênia"),
    "GR": ("greece", "grèce", "grecia", "griechenland", "grécia"),
    "TR": ("turkey", "türkiye", "turquie", "turquía", "türkei", "turquia"),
    "RU": ("russia", "russie", "rusia", "russland", "rússia"),
    "UA": ("ukraine", "ucrania", "ucrânia"),
    "IL": ("israel", "israël"),
    "AE": ("united arab emirates", "uae", "émirats arabes unis", "emiratos árabes unidos", "dubai"),
    "SA": ("saudi arabia", "arabie saoudite", "arabia saudita", "saudi-arabien"),
    "EG": ("egypt", "égypte", "egipto", "ägypten", "egito"),
    "MA": ("morocco", "maroc", "marruecos", "marokko", "marrocos"),
    "DZ": ("algeria", "algérie", "argelia", "algerien", "argélia"),
    "TN": ("tunisia", "tunisie", "túnez", "tunesien", "tunísia"),
    "SN": ("senegal", "sénégal"),
    "CI": ("côte d'ivoire", "ivory coast", "costa de marfil"),
    "NG": ("nigeria",),
    "KE": ("kenya", "kenia", "quênia"),
    "ZA": ("south africa", "afrique du sud", "sudáfrica", "südafrika", "áfrica do sul"),
    "IN": ("india", "inde", "indien", "índia"),
    "PK": ("pakistan", "paquistán"),
    "BD": ("bangladesh",),
    "LK": ("sri lanka",),
    "CN": ("china", "chine", "p.r. china", "prc", "中国"),
    "HK": ("hong kong",),
    "TW": ("taiwan", "taïwan", "taiwán"),
    "JP": ("japan", "japon", "japón", "japão"),
    "KR": (
        "south korea",
        "korea",
        "republic of korea",
        "rep. of korea",
        "s.korea",
        "s. korea",
        "corée du sud",
        "corea del sur",
        "südkorea",
        "coreia do sul",
    ),
    "SG": ("singapore", "singapour", "singapur", "cingapura"),
    "MY": ("malaysia", "malaisie", "malasia", "malásia"),
    "ID": ("indonesia", "indonésie", "indonesien", "indonésia"),
    "PH": ("philippines", "filipinas", "philippinen"),
    "VN": ("vietnam", "viet nam", "viêt nam"),
    "TH": ("thailand", "thaïlande", "tailandia", "tailândia"),
    "MX": ("mexico", "méxico", "mexique", "mexiko"),
    "AR": ("argentina", "argentine", "argentinien"),
    "CL": ("chile", "chili"),
    "CO": ("colombia", "colombie", "kolumbien", "colômbia"),
    "PE": ("peru", "pérou", "perú"),
    "VE": ("venezuela",),
    "UY": ("uruguay", "uruguai"),
    "EC": ("ecuador", "équateur", "equador"),
    "AO": ("angola",),
    "MZ": ("mozambique", "moçambique"),
}

_US_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV "
    "NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
).split()
_US_STATE_NAMES = (
    "alabama alaska arizona arkansas california colorado connecticut delaware florida georgia "
    "hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland "
    "massachusetts michigan minnesota mississippi missouri montana nebraska nevada ohio "
    "oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington wisconsin "
    "wyoming"
).split()
_CA_PROVINCES = "AB BC MB NB NL NS ON PE QC SK".split()

_MULTIWORD_CITY_START = frozenset(
    fold(w)
    for w in "new san los las santa são sao rio hong kuala mountain palo salt buenos el la le "
    "st. st saint sainte tel mexico porto belo den bad cape ho frankfurt hong ciudad "
    "santo port fort grand north south east west".split()
)
_CITY_CONNECTORS = frozenset({"de", "do", "da", "del", "am", "an", "upon", "on", "sur"})
_REMOTE = frozenset({"remote", "hybrid", "teletravail", "remoto", "home office", "a distance"})


@lru_cache(maxsize=1)
def _country_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for code, names in _COUNTRIES.items():
        for name in names:
            lookup[fold(name)] = code
    return lookup


def country_code(text: str) -> str | None:
    """Return the ISO 3166-1 alpha-2 code of a country name or abbreviation, else None.

    Example:
        >>> country_code("Deutschland"), country_code("España"), country_code("Atlantis")
        ('DE', 'ES', None)
    """
    key = fold(text.strip().strip(".,;:()"))
    if key in _country_lookup():
        return _country_lookup()[key]
    if key.endswith(".") and key[:-1] in _country_lookup():
        return _country_lookup()[key[:-1]]
    return None


_POSTAL = re.compile(r"\b\d{4,6}\b")


def _region(part: str) -> tuple[str, str] | None:
    """Return (region, country) for a US state or Canadian province, else None."""
    stripped = part.strip().strip(".")
    upper = stripped.upper()
    tokens = upper.split()
    if tokens and tokens[0] in _US_STATES and len(stripped) <= 8 and stripped.isupper():
        return tokens[0], "US"
    if tokens and tokens[0] in _CA_PROVINCES and len(stripped) <= 8 and stripped.isupper():
        return tokens[0], "CA"
    if fold(stripped) in _US_STATE_NAMES:
        return stripped, "US"
    return None


def read_location(text: str) -> tuple[str | None, str | None, str | None] | None:
    """Read ``(city, region, country code)`` from a place written as "City, Country".

    Returns None when ``text`` does not end with a known country, a US state code or a
    Canadian province code. The city is the part just before, postal codes removed.

    Example:
        >>> read_location("Lyon, France")
        ('Lyon', None, 'FR')
        >>> read_location("Senior engineer, Acme") is None
        True
    """
    parts = [p.strip() for p in re.split(r",|\s[-–—|/]\s", text) if p.strip()]
    if len(parts) < 1 or len(text) > 90:
        return None
    region: str | None = None
    country = country_code(parts[-1])
    rest = parts[:-1]
    if country is None:
        found = _region(parts[-1])
        if found is None:
            return None
        region, country = found
    elif rest and _region(rest[-1]) is not None:
        region = _region(rest[-1])[0]  # type: ignore[index]
        rest = rest[:-1]
    city = None
    for part in reversed(rest):
        cleaned = _POSTAL.sub("", part).strip(" .")
        if cleaned and not any(ch.isdigit() for ch in cleaned) and len(cleaned.split()) <= 4:
            city = cleaned
            break
    if not rest and region is None and len(parts) == 1:
        return None if len(parts[0].split()) > 4 else (None, None, country)
    return city, region, country


def city_words(text: str) -> int:
    """How many trailing words of ``text`` can be a city name (0 when the last word cannot).

    One capitalised word, or two or three when the name opens with a word that starts
    multi-word city names ("New York", "Palo Alto", "Rio de Janeiro", "Frankfurt am Main").

    Example:
        >>> city_words("Acme Corp New York"), city_words("Acme Seoul"), city_words("acme")
        (2, 1, 0)
    """
    tokens = text.split()
    if not tokens or not tokens[-1][:1].isupper() or not tokens[-1][:1].isalpha():
        return 0
    if len(tokens) >= 2 and fold(tokens[-2]) in _MULTIWORD_CITY_START:
        return 2
    if (
        len(tokens) >= 3
        and fold(tokens[-2]) in _CITY_CONNECTORS
        and fold(tokens[-3]) in _MULTIWORD_CITY_START
    ):
        return 3
    return 1


def is_place(text: str) -> bool:
    """True when ``text`` is only a place: "Berlin, Germany", "Mountain View, CA", "Remote",
    or several joined by "&" ("Palo Alto, CA & Ithaca, NY").

    Example:
        >>> is_place("Palo Alto, CA & Ithaca, NY"), is_place("Kasa Seoul, S.Korea")
        (True, False)
    """
    if fold(text.strip()) in _REMOTE:
        return True
    pieces = re.split(r"\s+(?:&|and|et|y|und|e)\s+|\s+/\s+", text.strip())
    return all(_single_place(piece) for piece in pieces)


def _single_place(text: str) -> bool:
    parts = [p.strip() for p in text.split(",")]
    if not 2 <= len(parts) <= 3 or not all(parts):
        return False
    tail = parts[-1].strip(" .")
    if country_code(tail) is None and read_location("x, " + tail) is None:
        return False
    if len(parts) == 3 and (len(parts[1].split()) > 3 or country_code(tail) is None):
        return False  # "City, Region, Country"; "KPMG, Boston, MA" is an employer and a place
    city = parts[0]
    return city_words(city) == len(city.split())
