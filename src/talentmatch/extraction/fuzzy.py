"""Near-miss matching for misspelt skills ("Javscript", "Kubernates"), where it pays.

Fuzzy matching runs only on tokens that no alias matched, that sit where skills are listed
(a skills zone or list line) or right next to a matched skill, that look like a name (6+
letters, not an English word), and only against unambiguous one-word surfaces of about the
same length and the same first letter. Two adjacent unmatched words are also tried joined
("Java Script" -> "javascript"). There is never a scan of every n-gram.

Example:
    >>> from talentmatch.taxonomy import Taxonomy
    >>> best_fuzzy("kubernates", Taxonomy.builtin().matcher)
    ('kubernetes', 90.0)
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from talentmatch.taxonomy.matcher import AliasMatcher, common_words

__all__ = ["MIN_LENGTH", "best_fuzzy", "fuzzy_cutoff"]

MIN_LENGTH = 6
"""Shortest token tried: shorter words have too many one-edit neighbours."""


def fuzzy_cutoff(length: int) -> float:
    """Minimum rapidfuzz ratio (0-100) accepted for a token of ``length`` characters.

    Example:
        >>> fuzzy_cutoff(6), fuzzy_cutoff(10)
        (83.0, 88.0)
    """
    return 83.0 if length < 9 else 88.0


def best_fuzzy(key: str, matcher: AliasMatcher) -> tuple[str, float] | None:
    """The closest unambiguous one-word surface key to ``key`` and its score, or None.

    Args:
        key: a lower-case token key.
        matcher: the compiled matcher whose surfaces are searched.

    Returns:
        ``(surface key, score)`` above ``fuzzy_cutoff``, or None.
    """
    if len(key) < MIN_LENGTH or not key.isalpha() or key in common_words():
        return None
    buckets = matcher.single_token_keys()
    choices = [
        choice
        for length in range(len(key) - 1, len(key) + 2)
        for choice in buckets.get((key[0], length), ())
    ]
    if not choices:
        return None
    found = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=fuzzy_cutoff(len(key)))
    if found is None or found[0] == key:
        return None
    return str(found[0]), float(found[1])
