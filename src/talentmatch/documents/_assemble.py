"""Build the public ``Document`` from a reader's ``RawExtraction``.

One place decides offsets, cleaning, hidden-text bookkeeping and the text-size limit, so
every format and engine gives the same contract. ``_place_page`` is the reference for one
page; the optional C accelerator (``_native.c``, ``native()``) places the common lines itself
and calls the functions here for every other case, with identical results.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from typing import Protocol, cast

from talentmatch._compiled import compiled, pure_python
from talentmatch.config import Limits
from talentmatch.documents._clean import clean_line, join_hyphenated
from talentmatch.documents._raw import RawBlock, RawExtraction, RawPage
from talentmatch.errors import DocumentTooLargeError, NoTextError
from talentmatch.models import (
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
from talentmatch.models._trusted import ModelBuilder, model_builder, trusted_model

__all__ = ["Native", "assemble", "native"]

PAGE_SEPARATOR = "\n\n"
EXCERPT_CHARS = 120


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 1] + "…"


@dataclass(slots=True)
class _Hidden:
    """Accumulates hidden text; consecutive fragments of one kind on one page merge."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    findings: list[tuple[FindingKind, int | None, int, int]] = field(default_factory=list)

    def add(self, kind: FindingKind, page: int | None, text: str) -> None:
        text = text.strip()
        if not text:
            return
        if self.parts:
            self.parts.append("\n")
            self.length += 1
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        last = self.findings[-1] if self.findings else None
        if last is not None and last[0] is kind and last[1] == page:
            self.findings[-1] = (kind, page, last[2], self.length)
        else:
            self.findings.append((kind, page, start, self.length))

    def text(self) -> str:
        return "".join(self.parts)


def _cleaned(text: str, hidden: _Hidden, page_number: int) -> tuple[str, int]:
    """``clean_line(text)``'s text and zero-width count; a tag payload goes to ``hidden``."""
    cleaned = clean_line(text)
    if cleaned.tag_payload:
        hidden.add(FindingKind.UNICODE_TAG_CHARACTERS, page_number, cleaned.tag_payload)
    return cleaned.text, cleaned.zero_width


def _visible_lines(
    blocks: list[RawBlock], hidden: _Hidden, page_number: int
) -> tuple[list[tuple[str, RawBlock, bool]], int]:
    """The page's visible lines as (text, block, blank line before), and the number of
    zero-width characters removed. Tuples, not objects: this runs once per block."""
    lines: list[tuple[str, RawBlock, bool]] = []
    zero_width = 0
    blank = False
    for block in blocks:
        text = block.text
        if text.isascii() and text.isprintable() and "(cid:" not in text:
            # Most lines: clean_line would only strip trailing spaces (its other rules need
            # a control, a non-ASCII character or "(cid:"); skipping it is a third of assembly.
            text = text.rstrip()
        else:
            text, removed = _cleaned(text, hidden, page_number)
            zero_width += removed
        if block.hidden is not None:
            hidden.add(block.hidden, page_number, text)
            continue
        if not text.strip():
            # An empty block is a paragraph gap: keep one blank line between text.
            blank = bool(lines)
            continue
        # join_hyphenated's own first test, here: most lines do not end with a hyphen.
        if lines and not blank and lines[-1][0].endswith(("-", "-\n")):
            last_text, last_block, last_blank = lines[-1]
            joined = join_hyphenated(last_text, text.lstrip())
            if joined is not None and last_block.kind == block.kind:
                lines[-1] = (joined, last_block, last_blank)
                continue
        lines.append((text, block, blank))
        blank = False
    return lines, zero_width


# Blocks are built without re-validation when the reader's values already have the field
# types the model would produce (every reader in this package gives floats, bools and ints);
# anything else goes through validation. Offsets are made here and are ordered by
# construction.
def _block(
    raw: RawBlock,
    start: int,
    end: int,
    page: int,
    new_model: ModelBuilder = trusted_model,
) -> Block:
    """The ``Block`` for ``raw`` at ``[start, end)``, equal to the validated one.

    ``new_model`` is ``trusted_model`` or its compiled copy (``model_builder()``).
    """
    size, bold, x0, column = raw.font_size, raw.bold, raw.x0, raw.column
    if (
        (size is None or type(size) is float)
        and (bold is None or type(bold) is bool)
        and (x0 is None or type(x0) is float)
        and (column is None or (type(column) is int and column >= 0))
        and type(raw.kind) is BlockKind
        and 0 <= start <= end
        and page >= 1
    ):
        span = new_model(Span, {"start": start, "end": end, "page": page})
        return new_model(
            Block,
            {
                "span": span,
                "kind": raw.kind,
                "font_size": size,
                "bold": bold,
                "x0": x0,
                "column": column,
            },
        )
    return Block.model_validate(
        {
            "span": {"start": start, "end": end, "page": page},
            "kind": raw.kind,
            "font_size": size,
            "bold": bold,
            "x0": x0,
            "column": column,
        }
    )


def _too_large(max_chars: int) -> DocumentTooLargeError:
    return DocumentTooLargeError(
        f"The document has more than {max_chars:,} characters of text. "
        "Raise Limits.max_chars or split the document."
    )


def _place_page(
    blocks: list[RawBlock],
    page_number: int,
    offset: int,
    max_chars: int,
    pieces: list[str],
    out: list[Block],
    hidden: _Hidden,
    new_model: ModelBuilder,
) -> tuple[int, int, int]:
    """Append one page's visible lines to ``pieces`` and their blocks to ``out``, the first
    at ``offset``; return the new offset, the number of lines and of zero-width characters
    removed.

    Raises:
        DocumentTooLargeError: the text would pass ``max_chars``.
    """
    lines, zero_width = _visible_lines(blocks, hidden, page_number)
    for line_index, (line_text, raw, blank_before) in enumerate(lines):
        if line_index > 0:
            separator = "\n\n" if blank_before else "\n"
            pieces.append(separator)
            offset += len(separator)
        start = offset
        pieces.append(line_text)
        offset += len(line_text)
        if offset > max_chars:
            raise _too_large(max_chars)
        out.append(_block(raw, start, offset, page_number, new_model))
    return offset, len(lines), zero_width


# Pages, like blocks, skip validation when the reader's sizes are floats (or absent).
def _page(
    number: int,
    start: int,
    end: int,
    raw: RawPage,
    has_text: bool,
    new_model: ModelBuilder,
) -> Page:
    width, height = raw.width, raw.height
    if (
        (width is None or type(width) is float)
        and (height is None or type(height) is float)
        and number >= 1
        and 0 <= start <= end
    ):
        return new_model(
            Page,
            {
                "number": number,
                "start": start,
                "end": end,
                "width": width,
                "height": height,
                "has_text": has_text,
            },
        )
    return Page(number=number, start=start, end=end, width=width, height=height, has_text=has_text)


class Native(Protocol):
    """The accelerator's function (``_native.c``), the one statement of its types."""

    def place_page(
        self,
        blocks: list[RawBlock],
        page_number: int,
        offset: int,
        max_chars: int,
        pieces: list[str],
        out: list[Block],
        hidden: _Hidden,
        context: tuple[object, ...],
        /,
    ) -> tuple[int, int, int] | None: ...


@functools.cache
def _loaded() -> Native | None:
    return cast(Native | None, compiled("talentmatch.documents._native", Native))


def native() -> Native | None:
    """Return the C accelerator of ``_place_page``, or None for the pure-Python path.

    ``_place_page`` stays the reference; the accelerator places the common lines itself and
    calls the functions of ``_context`` for the rest (tests/test_assembly_native.py).

    Example:
        >>> native() is None or callable(native().place_page)
        True
    """
    return None if pure_python() else _loaded()


def _context(new_model: ModelBuilder) -> tuple[object, ...]:
    """What the accelerator calls back or compares with, in its order."""
    return (
        RawBlock,
        BlockKind,
        Span,
        Block,
        new_model,
        _cleaned,
        join_hyphenated,
        _block,
        _too_large,
    )


def assemble(
    data: bytes,
    extraction: RawExtraction,
    *,
    limits: Limits,
    filename: str | None = None,
) -> Document:
    """Return the ``Document`` for ``extraction`` of ``data``.

    Raises:
        NoTextError: no visible text at all (for PDF: OCR is needed).
        DocumentTooLargeError: the text exceeds ``limits.max_chars``.
    """
    hidden = _Hidden()
    new_model = model_builder()
    accelerator = native()
    context = _context(new_model) if accelerator is not None else ()
    max_chars = limits.max_chars
    pieces: list[str] = []
    offset = 0
    pages: list[Page] = []
    blocks: list[Block] = []
    zero_width = 0
    empty_pages: list[int] = []
    for index, raw_page in enumerate(extraction.pages):
        number = index + 1
        if index > 0:
            pieces.append(PAGE_SEPARATOR)
            offset += len(PAGE_SEPARATOR)
        page_start = offset
        placed = None
        if accelerator is not None:
            placed = accelerator.place_page(
                raw_page.blocks, number, offset, max_chars, pieces, blocks, hidden, context
            )
        if placed is None:
            placed = _place_page(
                raw_page.blocks, number, offset, max_chars, pieces, blocks, hidden, new_model
            )
        offset, line_count, removed = placed
        zero_width += removed
        if not line_count:
            empty_pages.append(number)
        pages.append(_page(number, page_start, offset, raw_page, line_count > 0, new_model))
    text = "".join(pieces)
    if not text.strip():
        raise _no_text(extraction, hidden_found=bool(hidden.parts))

    findings: list[Finding] = list(extraction.findings)
    hidden_text = hidden.text()
    for kind, page, start, end in hidden.findings:
        findings.append(
            Finding(
                kind=kind,
                page=page,
                span=Span(start=start, end=end, page=page),
                excerpt=_excerpt(hidden_text[start:end]),
            )
        )
    if zero_width:
        findings.append(
            Finding(kind=FindingKind.ZERO_WIDTH_CHARACTERS, detail=f"removed={zero_width}")
        )
    if empty_pages and extraction.format is DocumentFormat.PDF:
        findings.append(
            Finding(
                kind=FindingKind.PAGES_WITHOUT_TEXT,
                page=empty_pages[0],
                detail="pages=" + ",".join(str(n) for n in empty_pages),
            )
        )
    values = {  # in the order of Document's fields, as validation would store them
        "schema_version": SCHEMA_VERSION,
        "format": extraction.format,
        "engine": extraction.engine,
        "sha256": hashlib.sha256(data).hexdigest(),
        "byte_size": len(data),
        "page_count": max(1, len(pages)),
        "text": text,
        "pages": tuple(pages) if pages else (Page(number=1, start=0, end=len(text)),),
        "blocks": tuple(blocks),
        "hidden_text": hidden_text,
        "findings": tuple(findings),
        "filename": filename,
    }
    # Every value is one this function or a reader built with the field's type (pages,
    # blocks and findings are models already); a caller's filename is checked here.
    if (filename is None or type(filename) is str) and type(extraction.engine) is str:
        return new_model(Document, values)
    return Document.model_validate(values)


def _no_text(extraction: RawExtraction, *, hidden_found: bool) -> NoTextError:
    if hidden_found:
        return NoTextError(
            "The document has no visible text; all of its text is hidden from a reader "
            "(white, invisible or off-page). Ask the candidate for a genuine document."
        )
    if extraction.prefer_ocr_message:
        return NoTextError(
            "The document has no text layer: it is scanned or made of images. Run OCR "
            "(for example ocrmypdf) to add a text layer, or ask for a text-based PDF or DOCX."
        )
    return NoTextError("The document contains no text. Check that the right file was sent.")


def block_kind_counts(document: Document) -> dict[BlockKind, int]:
    """Count blocks by kind (used in summaries and tests)."""
    counts: dict[BlockKind, int] = {}
    for block in document.blocks:
        counts[block.kind] = counts.get(block.kind, 0) + 1
    return counts
