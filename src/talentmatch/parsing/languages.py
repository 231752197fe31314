"""Spoken languages: names in five languages to ISO 639-1, proficiency to CEFR or native.

Descriptors map to the CEFR as the Council of Europe's self-assessment grid reads them:
"fluent", "courant", "fließend", "fluido", "fluente", "advanced" and "verhandlungssicher"
are C1; "upper intermediate" and "professional working proficiency" are B2; "intermediate",
"conversational" are B1; "basic", "notions", "Grundkenntnisse", "elementary" are A2;
"beginner" is A1; "native", "mother tongue", "bilingual", "langue maternelle", "bilingue",
"Muttersprache", "nativo", "lengua materna" are native. A stated CEFR code always wins.

Example:
    >>> [(m.iso, m.level.value) for m in find_languages("Deutsch (Muttersprache)")]
    [('de', 'native')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from talentmatch.models.resume import LanguageLevel
from talentmatch.parsing._normalise import fold

__all__ = ["LanguageMatch", "find_languages", "language_label", "mentions_language"]

# ISO 639-1 code -> names as written in English, French, Spanish, German, Portuguese and
# the language itself. Folded spellings are derived automatically.
_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("english", "anglais", "inglés", "englisch", "inglês", "英语", "英文"),
    "fr": ("french", "français", "francés", "französisch", "francês", "法语"),
    "es": (
        "spanish",
        "espagnol",
        "español",
        "castellano",
        "spanisch",
        "espanhol",
        "castilian",
        "西班牙语",
    ),
    "de": ("german", "allemand", "alemán", "deutsch", "alemão", "德语"),
    "pt": ("portuguese", "portugais", "portugués", "portugiesisch", "português", "葡萄牙语"),
    "it": ("italian", "italien", "italiano", "italienisch"),
    "nl": (
        "dutch",
        "néerlandais",
        "neerlandés",
        "niederländisch",
        "holandês",
        "nederlands",
        "flemish",
    ),
    "zh": (
        "chinese",
        "mandarin",
        "cantonese",
        "chinois",
        "chino",
        "chinesisch",
        "chinês",
        "mandarim",
        "普通话",
        "中文",
        "汉语",
        "粤语",
    ),
    "ja": ("japanese", "japonais", "japonés", "japanisch", "japonês", "日语", "日本語"),
    "ko": ("korean", "coréen", "coreano", "koreanisch", "韩语", "한국어"),
    "ar": ("arabic", "arabe", "árabe", "arabisch"),
    "ru": ("russian", "russe", "ruso", "russisch", "russo"),
    "hi": ("hindi",),
    "bn": ("bengali", "bangla"),
    "ur": ("urdu", "ourdou"),
    "pa": ("punjabi", "panjabi"),
    "ta": ("tamil",),
    "te": ("telugu",),
    "mr": ("marathi",),
    "gu": ("gujarati",),
    "pl": ("polish", "polonais", "polaco", "polnisch", "polonês"),
    "tr": ("turkish", "turc", "turco", "türkisch"),
    "sv": ("swedish", "suédois", "sueco", "schwedisch"),
    "no": ("norwegian", "norvégien", "noruego", "norwegisch", "norueguês"),
    "da": ("danish", "danois", "danés", "dänisch", "dinamarquês"),
    "fi": ("finnish", "finnois", "finlandés", "finnisch", "finlandês"),
    "el": ("greek", "grec", "griego", "griechisch", "grego"),
    "he": ("hebrew", "hébreu", "hebreo", "hebräisch", "hebraico"),
    "vi": ("vietnamese", "vietnamien", "vietnamita", "vietnamesisch"),
    "th": ("thai", "thaï", "tailandés", "thailändisch", "tailandês"),
    "id": ("indonesian", "indonésien", "indonesio", "indonesisch", "indonésio", "bahasa"),
    "ms": ("malay", "malais", "malayo", "malaiisch", "malaio"),
    "ro": ("romanian", "roumain", "rumano", "rumänisch", "romeno"),
    "cs": ("czech", "tchèque", "checo", "tschechisch", "tcheco"),
    "sk": ("slovak", "slovaque", "eslovaco", "slowakisch"),
    "hu": ("hungarian", "hongrois", "húngaro", "ungarisch"),
    "uk": ("ukrainian", "ukrainien", "ucraniano", "ukrainisch"),
    "bg": ("bulgarian", "bulgare", "búlgaro", "bulgarisch"),
    "hr": ("croatian", "croate", "croata", "kroatisch"),
    "sr": ("serbian", "serbe", "serbio", "serbisch"),
    "ca": ("catalan", "català", "catalán", "katalanisch", "catalão"),
    "eu": ("basque", "euskera", "vasco", "baskisch"),
    "gl": ("galician", "galicien", "gallego", "galego", "galicisch"),
    "fa": ("persian", "farsi", "persan", "persa", "persisch"),
    "tl": ("tagalog", "filipino"),
    "sw": ("swahili", "kiswahili"),
    "af": ("afrikaans",),
    "lt": ("lithuanian", "lituanien", "lituano", "litauisch"),
    "lv": ("latvian", "letton", "letón", "lettisch"),
    "et": ("estonian", "estonien", "estonio", "estnisch"),
    "sq": ("albanian", "albanais", "albanés", "albanisch"),
    "hy": ("armenian", "arménien", "armenio", "armenisch"),
    "ka": ("georgian", "géorgien", "georgiano", "georgisch"),
    "la": ("latin", "latín", "latein", "latim"),
    "eo": ("esperanto",),
}

_LEVEL_WORDS: dict[LanguageLevel, tuple[str, ...]] = {
    LanguageLevel.NATIVE: (
        "native speaker",
        "native or bilingual proficiency",
        "native or bilingual",
        "native",
        "mother tongue",
        "first language",
        "bilingual",
        "bilingue",
        "langue maternelle",
        "maternelle",
        "natif",
        "native",
        "nativo",
        "nativa",
        "lengua materna",
        "idioma materno",
        "muttersprache",
        "muttersprachlich",
        "língua materna",
        "lingua materna",
        "língua nativa",
        "母语",
    ),
    LanguageLevel.C2: ("mastery", "expert", "near-native", "near native", "quasi bilingue"),
    LanguageLevel.C1: (
        "fluent",
        "fluency",
        "fluently",
        "full professional proficiency",
        "full professional",
        "proficient",
        "advanced",
        "excellent",
        "courant",
        "couramment",
        "maîtrise",
        "avancé",
        "très bon",
        "tres bon",
        "fluido",
        "fluida",
        "avanzado",
        "dominio",
        "fluente",
        "avançado",
        "fließend",
        "fliessend",
        "verhandlungssicher",
        "fortgeschritten",
        "sehr gut",
        "sehr gute kenntnisse",
    ),
    LanguageLevel.B2: (
        "upper intermediate",
        "upper-intermediate",
        "professional working proficiency",
        "professional working",
        "good",
        "bon",
        "bon niveau",
        "bueno",
        "gute kenntnisse",
        "gut",
        "bom",
        "intermédiaire avancé",
    ),
    LanguageLevel.B1: (
        "intermediate",
        "conversational",
        "limited working proficiency",
        "limited working",
        "intermédiaire",
        "conversationnel",
        "intermedio",
        "intermedia",
        "conversacional",
        "mittelstufe",
        "mittel",
        "intermediário",
        "intermediario",
    ),
    LanguageLevel.A2: (
        "basic",
        "elementary",
        "elementary proficiency",
        "notions",
        "élémentaire",
        "scolaire",
        "básico",
        "basico",
        "básica",
        "elemental",
        "grundkenntnisse",
        "grundlagen",
        "basiskenntnisse",
    ),
    LanguageLevel.A1: (
        "beginner",
        "débutant",
        "débutante",
        "principiante",
        "iniciante",
        "anfänger",
        "anfanger",
    ),
}

_CEFR = re.compile(r"(?<![\w])([ABC][12])(?![\w])")
_LANGUAGE_LABEL = re.compile(
    r"^\s*(?:spoken\s+|foreign\s+)?(?:languages?|langues?|idiomas?|lenguas|sprachen|"
    r"sprachkenntnisse|fremdsprachen|l[íi]nguas|语言能力|语言)\s*[:：\-–—|]?\s*",
    re.IGNORECASE,
)


def _variants(word: str) -> set[str]:
    return {word, fold(word)}


@lru_cache(maxsize=1)
def _name_index() -> tuple[re.Pattern[str], dict[str, str]]:
    lookup: dict[str, str] = {}
    for iso, names in _NAMES.items():
        for name in names:
            for variant in _variants(name):
                lookup[fold(variant)] = iso
    spellings = {v for names in _NAMES.values() for n in names for v in _variants(n)}
    ordered = sorted(spellings, key=lambda s: (-len(s), s))
    pattern = re.compile(
        r"(?<![\w])(?:" + "|".join(re.escape(s) for s in ordered) + r")(?![\w])", re.IGNORECASE
    )
    return pattern, lookup


@lru_cache(maxsize=1)
def _level_index() -> tuple[re.Pattern[str], dict[str, LanguageLevel]]:
    lookup: dict[str, LanguageLevel] = {}
    for level, phrases in _LEVEL_WORDS.items():
        for phrase in phrases:
            lookup.setdefault(fold(phrase), level)
    spellings = {v for phrases in _LEVEL_WORDS.values() for p in phrases for v in _variants(p)}
    ordered = sorted(spellings, key=lambda s: (-len(s), s))
    pattern = re.compile(
        r"(?<![\w])(?:" + "|".join(re.escape(s) for s in ordered) + r")(?![\w])", re.IGNORECASE
    )
    return pattern, lookup


@dataclass(frozen=True, slots=True)
class LanguageMatch:
    """A language named in a text, with its level when one follows it.

    Example:
        >>> find_languages("Spanish (B2)")[0].level_span
        (9, 11)
    """

    name: tuple[int, int]
    iso: str
    level: LanguageLevel | None
    level_span: tuple[int, int] | None


def mentions_language(text: str) -> bool:
    """True when ``text`` names at least one spoken language.

    Example:
        >>> mentions_language("Python, Go, Rust"), mentions_language("English, Polish")
        (False, True)
    """
    pattern, _ = _name_index()
    return pattern.search(text) is not None


def language_label(text: str) -> int | None:
    """Return where the content starts when ``text`` opens with a "Languages" label.

    Example:
        >>> language_label("Languages: English, French")
        11
    """
    match = _LANGUAGE_LABEL.match(text)
    return match.end() if match is not None and match.end() < len(text) else None


def _level_in(text: str, lo: int, hi: int) -> tuple[LanguageLevel, tuple[int, int]] | None:
    cefr = _CEFR.search(text, lo, hi)
    pattern, lookup = _level_index()
    word = pattern.search(text, lo, hi)
    if cefr is not None:
        return LanguageLevel(cefr.group(1)), (cefr.start(), cefr.end())
    if word is not None:
        return lookup[fold(word.group(0))], (word.start(), word.end())
    return None


def find_languages(text: str) -> list[LanguageMatch]:
    """Find languages named in ``text`` with the level written after each (or before all).

    Args:
        text: a line or a few lines of a languages section.

    Returns:
        One match per language, in order; offsets are into ``text``.

    Example:
        >>> [(m.iso, m.level.value if m.level else None)
        ...  for m in find_languages("English (native), French – B2, Korean")]
        [('en', 'native'), ('fr', 'B2'), ('ko', None)]
    """
    pattern, lookup = _name_index()
    names = list(pattern.finditer(text))
    out: list[LanguageMatch] = []
    leading = _level_in(text, 0, names[0].start()) if names else None
    for index, match in enumerate(names):
        zone_end = names[index + 1].start() if index + 1 < len(names) else len(text)
        found = _level_in(text, match.end(), zone_end)
        if found is None and leading is not None and text[leading[1][1] :].lstrip()[:1] in ":-–":
            found = leading
        out.append(
            LanguageMatch(
                name=(match.start(), match.end()),
                iso=lookup[fold(match.group(0))],
                level=found[0] if found else None,
                level_span=found[1] if found else None,
            )
        )
    return out
