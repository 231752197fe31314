"""The engine-neutral intermediate every format reader produces.

Readers (PDF engines, DOCX, text) turn bytes into a ``RawExtraction``: pages of blocks in
reading order, each block marked visible or hidden with the reason. ``assemble`` then builds
the public ``Document`` the same way for every reader, so cleaning, offsets, hidden-text
findings and limits behave identically whatever the format or engine.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from talentmatch.errors import DocumentTimeoutError
from talentmatch.models import BlockKind, DocumentFormat, Finding, FindingKind

__all__ = ["Deadline", "RawBlock", "RawExtraction", "RawPage"]


@dataclass(frozen=True, slots=True)
class RawBlock:
    """One line (PDF) or paragraph / cell (DOCX, text) as the reader produced it.

    ``hidden`` is None for visible text, otherwise the finding kind that explains why a
    reader would not see it. ``text`` must not contain newlines for PDF lines; DOCX
    paragraphs may contain them (soft line breaks).
    """

    text: str
    kind: BlockKind = BlockKind.LINE
    hidden: FindingKind | None = None
    font_size: float | None = None
    bold: bool | None = None
    x0: float | None = None
    column: int | None = None


@dataclass(slots=True)
class RawPage:
    """The blocks of one page, in reading order."""

    blocks: list[RawBlock] = field(default_factory=list)
    width: float | None = None
    height: float | None = None
    has_text_layer: bool = True


@dataclass(slots=True)
class RawExtraction:
    """Everything a reader learned from one file."""

    format: DocumentFormat
    engine: str
    pages: list[RawPage]
    findings: list[Finding] = field(default_factory=list)
    """Engine-level findings (fallbacks, warnings, reordered columns); spans are not used."""
    prefer_ocr_message: bool = True
    """Whether an empty result means OCR is needed (PDF) rather than an empty file."""


@dataclass(frozen=True, slots=True)
class Deadline:
    """A monotonic-clock deadline for reading one document.

    Readers call ``check()`` between pages or parts; native code inside one call cannot be
    interrupted, which is why the batch runner also enforces a per-document limit.
    """

    expires_at: float
    budget: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        """Return a deadline ``seconds`` from now."""
        return cls(expires_at=time.monotonic() + seconds, budget=seconds)

    def check(self) -> None:
        """Raise ``DocumentTimeoutError`` once the deadline has passed."""
        if time.monotonic() > self.expires_at:
            raise DocumentTimeoutError(
                f"Reading the document took longer than its time budget of {self.budget:g} s. "
                "It is unusually large or complex; raise Limits.time_budget_seconds or "
                "simplify the file (e.g. print it to a new PDF)."
            )


def hidden_kind_label(kind: FindingKind) -> str:
    """Short reviewer-facing description of why text is hidden."""
    return {
        FindingKind.HIDDEN_INVISIBLE_RENDER: "text drawn in invisible render mode",
        FindingKind.HIDDEN_BACKGROUND_COLOR: "text coloured like the page background",
        FindingKind.HIDDEN_TINY_TEXT: "text too small to read",
        FindingKind.HIDDEN_OFF_PAGE: "text outside the visible page",
        FindingKind.DOCX_HIDDEN_RUN: "text marked hidden in the document",
        FindingKind.UNICODE_TAG_CHARACTERS: "invisible Unicode tag characters",
    }.get(kind, kind.value)
