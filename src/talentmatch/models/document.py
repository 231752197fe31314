"""The ``Document`` contract: visible text, pages, blocks, findings.

A ``Document`` is what every later step reads. Its ``text`` holds only what a human reader
of the file would see; anything hidden (white text, invisible render mode, tiny or off-page
text, DOCX hidden runs, zero-width and tag characters) is removed from ``text``, kept in
``hidden_text`` and reported in ``findings``.

Offsets are Python string indices (code points) into ``Document.text`` unless a field says
otherwise. Pages are joined by a blank line (``"\\n\\n"``); ``Page.start``/``Page.end`` locate
each page's text.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

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

SCHEMA_VERSION = "1.0"
"""Version of the JSON shape of every output model; bumped on any breaking change."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(_Frozen):
    """A half-open character range ``[start, end)`` into a text, with its page when known.

    Example:
        >>> Span(start=0, end=4, page=1).length
        4
    """

    start: int = Field(ge=0, description="Offset of the first character.")
    end: int = Field(ge=0, description="Offset one past the last character.")
    page: int | None = Field(default=None, ge=1, description="1-based page number, if known.")

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before start {self.start}")
        return self

    @property
    def length(self) -> int:
        """Number of characters covered."""
        return self.end - self.start

    def slice(self, text: str) -> str:
        """Return the characters of ``text`` this span covers.

        Example:
            >>> Span(start=6, end=11).slice("hello world")
            'world'
        """
        return text[self.start : self.end]


class DocumentFormat(StrEnum):
    """Formats talentmatch reads, detected from magic bytes."""

    PDF = "pdf"
    DOCX = "docx"
    TEXT = "text"


class FindingKind(StrEnum):
    """What a ``Finding`` reports.

    The ``hidden_*`` kinds and ``docx_hidden_run`` point into ``Document.hidden_text``;
    the others point into ``Document.text`` (or carry no span).
    """

    HIDDEN_INVISIBLE_RENDER = "hidden_invisible_render"
    """PDF text drawn with render mode 3 (neither filled nor stroked)."""
    HIDDEN_BACKGROUND_COLOR = "hidden_background_color"
    """PDF text whose fill colour is white or indistinguishable from the page background."""
    HIDDEN_TINY_TEXT = "hidden_tiny_text"
    """PDF text smaller than 1.5 pt, unreadable to a person."""
    HIDDEN_OFF_PAGE = "hidden_off_page"
    """PDF text positioned outside the visible page box."""
    DOCX_HIDDEN_RUN = "docx_hidden_run"
    """DOCX run marked hidden (``w:vanish``) or drawn in white / tiny type."""
    ZERO_WIDTH_CHARACTERS = "zero_width_characters"
    """Zero-width characters (U+200B-U+200D, U+2060, U+FEFF) were stripped."""
    UNICODE_TAG_CHARACTERS = "unicode_tag_characters"
    """Unicode tag characters (U+E0000-U+E007F), invisible and able to smuggle text."""
    PAGES_WITHOUT_TEXT = "pages_without_text"
    """Some pages have no text layer (scanned images): their content is missing."""
    ENGINE_FALLBACK = "engine_fallback"
    """The preferred PDF engine failed; the fallback engine produced the text."""
    ENGINE_WARNING = "engine_warning"
    """The engine reported a recoverable problem with the file."""
    ENCODING_FALLBACK = "encoding_fallback"
    """Text was not valid UTF-8/UTF-16; it was decoded as cp1252 or latin-1."""
    MOJIBAKE_REPAIRED = "mojibake_repaired"
    """Text showed UTF-8 read as cp1252 ("â€™") and was repaired."""
    COLUMNS_REORDERED = "columns_reordered"
    """A page laid out in columns was read column by column."""


class Finding(_Frozen):
    """Something notable about a document, for review and for later layers.

    ``excerpt`` is a short extract (at most 120 characters) for a reviewer; it is document
    content, so it never goes into logs.

    Example:
        >>> f = Finding(kind=FindingKind.HIDDEN_TINY_TEXT, page=1, span=Span(start=0, end=5))
        >>> f.kind.value
        'hidden_tiny_text'
    """

    kind: FindingKind
    page: int | None = Field(default=None, ge=1, description="1-based page, when known.")
    span: Span | None = Field(
        default=None,
        description="Where the finding lies: into hidden_text for hidden kinds, else text.",
    )
    excerpt: str = Field(default="", max_length=120, description="Short extract for review.")
    detail: str = Field(default="", description="Machine-generated detail, never PII.")


class Page(_Frozen):
    """One page of a document and where its text lies in ``Document.text``.

    DOCX and plain text have no fixed pages: they are one page.
    """

    number: int = Field(ge=1, description="1-based page number.")
    start: int = Field(ge=0, description="Offset of the page's first character in text.")
    end: int = Field(ge=0, description="Offset one past the page's last character.")
    width: float | None = Field(default=None, description="Page width in points, PDF only.")
    height: float | None = Field(default=None, description="Page height in points, PDF only.")
    has_text: bool = Field(default=True, description="False when the page has no text layer.")


class BlockKind(StrEnum):
    """What a ``Block`` of text is."""

    LINE = "line"
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"
    HEADER = "header"
    FOOTER = "footer"
    TEXT_BOX = "text_box"


class Block(_Frozen):
    """A line (PDF), paragraph or cell (DOCX) of ``Document.text`` with its style hints.

    The parser uses ``bold``, ``font_size`` and ``kind`` to find headings. Hints are ``None``
    when the engine does not report them.
    """

    span: Span
    kind: BlockKind = BlockKind.LINE
    font_size: float | None = Field(default=None, description="Median font size in points.")
    bold: bool | None = Field(default=None, description="Most characters are bold.")
    x0: float | None = Field(default=None, description="Left edge in points (PDF).")
    column: int | None = Field(default=None, ge=0, description="Column index on the page.")


class Document(_Frozen):
    """Visible text of a resume or job posting, with pages, blocks and findings.

    Example:
        >>> from talentmatch import load_document
        >>> doc = load_document("Jane Roe\\nPython developer")
        >>> doc.format.value, doc.page_count, doc.text
        ('text', 1, 'Jane Roe\\nPython developer')
    """

    schema_version: str = Field(default=SCHEMA_VERSION, description="JSON shape version.")
    format: DocumentFormat
    engine: str = Field(description="What produced the text: pdfium, pypdf, docx or text.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the input bytes.")
    byte_size: int = Field(ge=0, description="Size of the input in bytes.")
    page_count: int = Field(ge=1)
    text: str = Field(description="The visible text, cleaned and normalised to NFC.")
    pages: tuple[Page, ...]
    blocks: tuple[Block, ...] = ()
    hidden_text: str = Field(
        default="", description="Text present in the file but invisible to a reader."
    )
    findings: tuple[Finding, ...] = ()
    filename: str | None = Field(
        default=None, description="Base name given by the caller, informational only."
    )

    @property
    def has_hidden_text(self) -> bool:
        """True when any invisible text or smuggling characters were found.

        Example:
            >>> from talentmatch import load_document
            >>> load_document("plain").has_hidden_text
            False
        """
        return bool(self.hidden_text) or any(
            f.kind is FindingKind.UNICODE_TAG_CHARACTERS for f in self.findings
        )

    def page_of(self, offset: int) -> int | None:
        """Return the 1-based page holding character ``offset`` of ``text``, or None.

        Example:
            >>> from talentmatch import load_document
            >>> load_document("abc").page_of(1)
            1
        """
        for page in self.pages:
            if page.start <= offset < page.end or (offset == page.end == len(self.text)):
                return page.number
        return None
