"""The shape of a parsed resume that extraction reads, as structural protocols.

Extraction sits below parsing in the import layers, so it never imports the ``Resume``
model; any object with these attributes works (the parser's ``Resume`` does):

- ``resume.document``: the ``Document`` whose ``text`` every span points into;
- ``resume.sections``: items with ``kind`` (a str or str-valued enum: "skills",
  "experience", ...) and ``span``;
- ``resume.positions``: items with ``span``, ``start`` and ``end`` (partial dates with
  ``year`` and ``month``, month None when only the year is known, or None) and
  ``current`` (True for an ongoing job; its end is the ``as_of`` date).

Example:
    >>> from talentmatch.models.document import Span
    >>> class Section:
    ...     kind, span = "skills", Span(start=0, end=10)
    >>> section_kind(Section())
    'skills'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from talentmatch.models.document import Document, Span

__all__ = [
    "PartialDateLike",
    "PositionLike",
    "ResumeLike",
    "SectionLike",
    "section_kind",
]


class PartialDateLike(Protocol):
    """A date known to the year or the month."""

    @property
    def year(self) -> int: ...

    @property
    def month(self) -> int | None: ...


class SectionLike(Protocol):
    """A resume section: its kind and where it lies in ``Document.text``."""

    @property
    def kind(self) -> object: ...

    @property
    def span(self) -> Span: ...


class PositionLike(Protocol):
    """A dated job: where its text lies and when it ran."""

    @property
    def span(self) -> Span: ...

    @property
    def start(self) -> PartialDateLike | None: ...

    @property
    def end(self) -> PartialDateLike | None: ...

    @property
    def current(self) -> bool: ...


@runtime_checkable
class ResumeLike(Protocol):
    """What extraction needs from a parsed resume."""

    @property
    def document(self) -> Document: ...

    @property
    def sections(self) -> Sequence[SectionLike]: ...

    @property
    def positions(self) -> Sequence[PositionLike]: ...


def section_kind(section: SectionLike) -> str:
    """The section's kind as a plain lower-case string (enums give their value)."""
    kind = section.kind
    value = getattr(kind, "value", kind)
    return str(value).lower()
