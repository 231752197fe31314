"""Public, frozen pydantic models: the contracts between talentmatch's steps.

Every output model carries ``schema_version``; JSON Schemas live in ``docs/schemas/``.

Example:
    >>> from talentmatch.models import Span
    >>> Span(start=1, end=3).model_dump()
    {'start': 1, 'end': 3, 'page': None}
"""

from talentmatch.models.document import (
    SCHEMA_VERSION,
    Block,
    BlockKind,
    Document,
    DocumentFormat,
    Finding,
    FindingKind,
    Page,
    Span,
)

__all__ = [
    "SCHEMA_VERSION",
    "Block",
    "BlockKind",
    "Document",
    "DocumentFormat",
    "Finding",
    "FindingKind",
    "Page",
    "Span",
]
