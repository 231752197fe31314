"""Text folding shared by the parsing rules: case, accents, apostrophes, dashes.

Vocabularies in this package are written folded (lower case, no accents), and text is
folded with ``fold`` before lookup, so "EXPÉRIENCE", "Expérience" and "experience" meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "words"]

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Return ``text`` lower-cased, without accents, with plain apostrophes.

    Example:
        >>> fold("Expérience Professionnelle – Aujourd’hui")
        "experience professionnelle – aujourd'hui"
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def words(text: str) -> list[str]:
    """Return the folded words of ``text`` (letters only, apostrophes kept inside words).

    Example:
        >>> words("Centres d'intérêt & Loisirs:")
        ['centres', "d'interet", 'loisirs']
    """
    return _WORD.findall(fold(text))
