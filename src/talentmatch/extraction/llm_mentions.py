"""Assemble ``SkillMention``s from occurrences, the same way for every extractor.

``SourceView`` reads what extraction needs from a text, a ``Document`` or a parsed resume
(text, sections, dated positions, the candidate's name for redaction) and says, for any
offset, which section, position and page it lies in. ``mention_from`` groups a concept's
occurrences into one mention: duplicates by span removed, confidence from the best claimed
occurrence, months used and last used from the dated positions (resumes only), so the LLM
and merged results read like the offline extractor's.

Example:
    >>> from talentmatch.models.document import Span
    >>> from talentmatch.models.skills import Occurrence
    >>> from talentmatch.taxonomy import Taxonomy
    >>> view = SourceView.of("Python and more Python")
    >>> occurrences = [Occurrence(span=Span(start=s, end=s + 6), surface="Python",
    ...                           confidence=0.9) for s in (16, 0, 16)]
    >>> mention = mention_from(Taxonomy.builtin().concept("tm:python"), occurrences,
    ...                        view=view, source="llm", taxonomy_ref="t", as_of=None)
    >>> [o.span.start for o in mention.occurrences], mention.confidence
    ([0, 16], 0.92)
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from talentmatch.config import Limits
from talentmatch.errors import DocumentTooLargeError, InputError
from talentmatch.extraction.protocols import PositionLike, ResumeLike, section_kind
from talentmatch.extraction.usage import months_and_last
from talentmatch.models.document import Document
from talentmatch.models.skills import Assertion, Occurrence, SkillMention
from talentmatch.taxonomy.concept import Concept

__all__ = ["SourceView", "mention_from"]


@dataclass(frozen=True, slots=True)
class SourceView:
    """The text an extractor reads and the resume structure around it.

    ``sections`` is None when the source is not a parsed resume.

    Example:
        >>> from talentmatch.parsing import parse_resume
        >>> view = SourceView.of(parse_resume("Jo Roe\\n\\nSKILLS\\nSQL\\n\\nEXPERIENCE\\n"
        ...                                   "Analyst, Initech  2019 - 2021\\nSQL reports"))
        >>> offset = view.text.index("SQL reports")
        >>> view.names, view.section_at(offset), view.position_at(offset), view.page_at(offset)
        (('Jo Roe',), 'experience', 0, 1)
    """

    text: str
    document: Document | None
    sections: tuple[tuple[int, int, str], ...] | None
    positions: tuple[tuple[int, int, PositionLike], ...]
    names: tuple[str, ...]

    @classmethod
    def of(cls, source: object, limits: Limits | None = None) -> SourceView:
        """Read ``source``: a str, a ``Document`` or a parsed resume.

        Args:
            source: what to extract from.
            limits: ``max_chars`` bounds the text (default ``Limits()``).

        Returns:
            The view.

        Raises:
            InputError: ``source`` is of another type.
            DocumentTooLargeError: the text is longer than ``limits.max_chars``.

        Example:
            >>> SourceView.of("SQL").sections is None
            True
        """
        if isinstance(source, str):
            view = cls(source, None, None, (), ())
        elif isinstance(source, Document):
            view = cls(source.text, source, None, (), ())
        elif isinstance(source, ResumeLike) and isinstance(source.document, Document):
            sections = tuple((s.span.start, s.span.end, section_kind(s)) for s in source.sections)
            positions = tuple((p.span.start, p.span.end, p) for p in source.positions)
            view = cls(source.document.text, source.document, sections, positions, _names(source))
        else:
            raise InputError(
                f"Cannot extract skills from {type(source).__name__}: pass text (str), a "
                "Document, or a parsed Resume."
            )
        maximum = Limits.coerce(limits).max_chars
        if len(view.text) > maximum:
            raise DocumentTooLargeError(
                f"The text has {len(view.text):,} characters, more than Limits.max_chars "
                f"({maximum:,}); raise the limit or pass a shorter text."
            )
        return view

    @property
    def is_resume(self) -> bool:
        """True when the source was a parsed resume (sections and positions known)."""
        return self.sections is not None

    def section_at(self, offset: int) -> str | None:
        """Kind of the section holding ``offset``, or None."""
        for start, end, kind in self.sections or ():
            if start <= offset < end:
                return kind
        return None

    def position_at(self, offset: int) -> int | None:
        """Index of the dated position holding ``offset``, or None."""
        for index, (start, end, _) in enumerate(self.positions):
            if start <= offset < end:
                return index
        return None

    def page_at(self, offset: int) -> int | None:
        """1-based page holding ``offset``, or None for plain text."""
        if self.document is None or not self.document.pages:
            return None
        starts = [page.start for page in self.document.pages]
        slot = bisect_right(starts, offset) - 1
        return self.document.pages[slot].number if slot >= 0 else None


def _names(resume: object) -> tuple[str, ...]:
    """The candidate's name from ``resume.contact.name.text``, when the parser found one."""
    name = getattr(getattr(getattr(resume, "contact", None), "name", None), "text", None)
    return (name,) if isinstance(name, str) and name.strip() else ()


def mention_from(
    concept: Concept,
    occurrences: Iterable[Occurrence],
    *,
    view: SourceView,
    source: str,
    taxonomy_ref: str,
    as_of: date | None,
) -> SkillMention | None:
    """One mention of ``concept`` from its occurrences, or None when none is claimed.

    Occurrences with the same span are kept once (the most confident). Confidence is the
    best claimed occurrence's plus 0.02 per further claimed occurrence, at most 0.99.

    Args:
        concept: the taxonomy concept.
        occurrences: where it was found, any order.
        view: the source, for positions (months used) and sections.
        source: provenance recorded on the mention ("llm", "taxonomy", "llm+taxonomy").
        taxonomy_ref: the taxonomy's ``ref``.
        as_of: the date ongoing positions run to (default today).

    Returns:
        The ``SkillMention``, or None when every occurrence is negated or aspirational.
    """
    by_span: dict[tuple[int, int], Occurrence] = {}
    for occurrence in occurrences:
        key = (occurrence.span.start, occurrence.span.end)
        kept = by_span.get(key)
        if kept is None or occurrence.confidence > kept.confidence:
            by_span[key] = occurrence
    found = [by_span[key] for key in sorted(by_span)]
    claimed = [o for o in found if o.assertion is Assertion.CLAIMED]
    if not claimed:
        return None
    best = max(o.confidence for o in claimed)
    months = last = None
    section_only = False
    if view.is_resume:
        used = {o.position_index for o in claimed if o.position_index is not None}
        if used:
            months, last = months_and_last(
                [view.positions[i][2] for i in sorted(used)], as_of=as_of or date.today()
            )
        section_only = not used and all(
            o.section_kind is not None and "skill" in o.section_kind for o in claimed
        )
    return SkillMention(
        concept_id=concept.id,
        label=concept.label,
        type=concept.type,
        category=concept.category,
        surface=claimed[0].surface,
        occurrences=tuple(found),
        confidence=round(min(0.99, best + 0.02 * (len(claimed) - 1)), 3),
        source=source,
        taxonomy=taxonomy_ref,
        skills_section_only=section_only,
        months_used=months,
        last_used=last,
    )
