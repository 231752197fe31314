"""Which of English, French, Spanish, German or Portuguese a resume is mostly written in.

Counts frequent function words of each language over the first few thousand characters;
only words that tell the languages apart are counted. Used to read ambiguous dates
(03/04/2019) the way the resume's language does.

Example:
    >>> detect_language("Responsable de l'équipe et des projets pour les clients")
    'fr'
    >>> detect_language("12345") is None
    True
"""

from __future__ import annotations

import re

from talentmatch.parsing._normalise import fold

__all__ = ["detect_language"]

_MARKERS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of with for to in on at as by from is was were our my".split()),
    "fr": frozenset("le les des et du pour avec au aux une sur dans est chez".split()),
    "es": frozenset("el los las y del con para por una en es como al".split()),
    "de": frozenset("der die das und mit fur von im bei ein eine zur zum den dem ist".split()),
    "pt": frozenset("o os as e do da dos das com para por uma em na no ao".split()),
}
_WORD = re.compile(r"[a-z]+")
_SAMPLE = 6000


def detect_language(text: str) -> str | None:
    """Return the ISO 639-1 code of the dominant language among en, fr, es, de, pt, or None.

    Ties and texts with fewer than three marker words give None.

    Example:
        >>> detect_language("Erfahrung mit der Planung und dem Bau von Anlagen bei der Firma")
        'de'
    """
    counts = dict.fromkeys(_MARKERS, 0)
    for word in _WORD.findall(fold(text[:_SAMPLE])):
        for language, markers in _MARKERS.items():
            if word in markers:
                counts[language] += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    best, second = ranked[0], ranked[1]
    if best[1] < 3 or best[1] == second[1]:
        return None
    return best[0]
