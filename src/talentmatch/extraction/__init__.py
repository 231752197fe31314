"""Skill extraction: the ``SkillExtractor`` protocol, the offline ``TaxonomyExtractor`` and
``extract_skills``.

Example:
    >>> from talentmatch.extraction import extract_skills
    >>> [m.label for m in extract_skills("Python, k8s and CI/CD pipelines")]
    ['Python', 'Kubernetes', 'CI/CD']
"""

from __future__ import annotations

from datetime import date

from talentmatch.extraction.protocols import (
    PartialDateLike,
    PositionLike,
    ResumeLike,
    SectionLike,
)
from talentmatch.extraction.taxonomy_extractor import (
    SkillExtractor,
    SkillSource,
    TaxonomyExtractor,
)
from talentmatch.models.skills import SkillMention
from talentmatch.taxonomy.model import Taxonomy

__all__ = [
    "PartialDateLike",
    "PositionLike",
    "ResumeLike",
    "SectionLike",
    "SkillExtractor",
    "SkillSource",
    "TaxonomyExtractor",
    "extract_skills",
]


def extract_skills(
    source: SkillSource,
    *,
    taxonomy: Taxonomy | None = None,
    as_of: date | None = None,
    keep_unclaimed: bool = False,
) -> list[SkillMention]:
    """Skills claimed in a text, a ``Document`` or a parsed resume, with their evidence.

    Runs ``TaxonomyExtractor`` (offline, deterministic). Every occurrence carries a span into
    the text; for a parsed resume also its section kind, position index, and per skill the
    months used and last used (see ``extraction.usage``). With the default taxonomy, every
    call shares one extractor per ``keep_unclaimed`` setting, so what it remembers of the
    taxonomy serves the next call; with another taxonomy, make one ``TaxonomyExtractor``
    and reuse it for many texts.

    Args:
        source: text (str), a ``Document``, or a parsed resume.
        taxonomy: the taxonomy to match; default ``Taxonomy.builtin()``.
        as_of: the date ongoing positions run to (default today); pass it for reproducible
            months used.
        keep_unclaimed: also return skills only negated ("no experience with X") or
            aspirational ("willing to learn X"), flagged; by default they are dropped.

    Returns:
        One ``SkillMention`` per concept, in order of first occurrence.

    Raises:
        InputError: ``source`` or ``taxonomy`` is of an unsupported type.
        DocumentTooLargeError: the text exceeds ``Limits().max_chars``.

    Example:
        >>> text = "Senior engineer: Go, Rust, Postgres; willing to learn Elixir"
        >>> [(m.label, m.occurrences[0].span.start) for m in extract_skills(text)]
        [('Go', 17), ('Rust', 21), ('PostgreSQL', 27)]
    """
    if taxonomy is None:
        extractor = _default_extractor(keep_unclaimed)
    else:
        extractor = TaxonomyExtractor(taxonomy, keep_unclaimed=keep_unclaimed)
    return extractor.extract(source, as_of=as_of)


_DEFAULT_EXTRACTORS: dict[bool, TaxonomyExtractor] = {}


def _default_extractor(keep_unclaimed: bool) -> TaxonomyExtractor:
    """The extractor of the built-in taxonomy for ``keep_unclaimed``, made on first use.

    Extraction never changes an extractor, so threads may share it; a new one is made if
    ``Taxonomy.builtin()`` has since become another object.
    """
    extractor = _DEFAULT_EXTRACTORS.get(keep_unclaimed)
    if extractor is None or extractor.taxonomy is not Taxonomy.builtin():
        extractor = TaxonomyExtractor(keep_unclaimed=keep_unclaimed)
        _DEFAULT_EXTRACTORS[keep_unclaimed] = extractor
    return extractor
