"""Near-miss matching for misspelt skills ("Javscript", "Kubernates"), where it pays.

Fuzzy matching runs only on tokens that no alias matched, that sit where skills are listed
(a skills zone or list line) or right next to a matched skill, that look like a name (6+
letters, not an English word or an inflection of one, no derivational ending such as
"-tion" or "-ics"), and only against unambiguous one-word surfaces of about the same length
and the same first letter, never a surface that only adds or drops a final letter
("degree" / "Degreed", "fluent" / "Fluentd": those are different words, not typos). Two
adjacent unmatched words are also tried joined ("Java Script" -> "javascript"). There is
never a scan of every n-gram.

Example:
    >>> from talentmatch.taxonomy import Taxonomy
    >>> best_fuzzy("kubernates", Taxonomy.builtin().matcher)
    ('kubernetes', 90.0)
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from talentmatch.taxonomy.matcher import AliasMatcher, common_words

__all__ = ["MIN_LENGTH", "best_fuzzy", "fuzzy_cutoff", "looks_english"]

MIN_LENGTH = 6
"""Shortest token tried: shorter words have too many one-edit neighbours."""


def fuzzy_cutoff(length: int) -> float:
    """Minimum rapidfuzz ratio (0-100) accepted for a token of ``length`` characters.

    Example:
        >>> fuzzy_cutoff(6), fuzzy_cutoff(10)
        (83.0, 88.0)
    """
    return 83.0 if length < 9 else 88.0


_INFLECTIONS = (
    ("ies", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""),
    ("ers", ""), ("er", ""), ("ly", ""),
)  # fmt: skip
# Derivational endings of English words ("medication", "mathematics", "sharing"): a token
# ending so is far likelier an ordinary word than a misspelt product name.
_ENGLISH_ENDINGS = (
    "tion", "sion", "ment", "ness", "ity", "ics", "ing", "ance", "ence", "ship", "ous", "ive",
    "ful", "less", "able", "ible", "ists", "ians", "ents", "ants",
)  # fmt: skip


def looks_english(key: str) -> bool:
    """True for a common English word, an inflection of one, or a word with an English ending.

    Example:
        >>> looks_english("degrees"), looks_english("medication"), looks_english("kubernates")
        (True, True, False)
    """
    commons = common_words()
    if key in commons or key.endswith(_ENGLISH_ENDINGS):
        return True
    # A plain loop: a generator under any() costs more than the tests it runs.
    for suffix, stem in _INFLECTIONS:
        if key.endswith(suffix) and key[: len(key) - len(suffix)] + stem in commons:
            return True
    return False


def best_fuzzy(key: str, matcher: AliasMatcher) -> tuple[str, float] | None:
    """The closest unambiguous one-word surface key to ``key`` and its score, or None.

    Args:
        key: a lower-case token key.
        matcher: the compiled matcher whose surfaces are searched.

    Returns:
        ``(surface key, score)`` above ``fuzzy_cutoff``, or None.
    """
    if len(key) < MIN_LENGTH or not key.isalpha() or looks_english(key):
        return None
    choices = matcher.fuzzy_choices(key[0], len(key))
    if not choices:
        return None
    found = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=fuzzy_cutoff(len(key)))
    if found is None or found[0] == key:
        return None
    shorter, longer = sorted((key, str(found[0])), key=len)
    if len(longer) == len(shorter) + 1 and longer.startswith(shorter):
        return None
    return str(found[0]), float(found[1])
