"""The document as lines with offsets and the style hints of the block each line sits in."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace

from talentmatch.models import BlockKind, Document
from talentmatch.parsing._normalise import fold

__all__ = ["Line", "document_lines", "without_page_furniture"]

_RUNNING_FOOTER = re.compile(
    r"(?:r[ée]sum[ée]|\bcv|curriculum vitae|lebenslauf|curr[íi]culo|page|seite|p[áa]gina)"
    r"\s*\d{1,2}(?:\s*(?:/|of|de|von|sur)\s*\d{1,2})?$",
    re.IGNORECASE,
)
_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|seite|p[áa]gina|p\.)\s*)?\d{1,3}(?:\s*(?:/|of|de|von|sur|di)\s*\d{1,3})?$",
    re.IGNORECASE,
)

# A bullet glyph, a dash, an asterisk, an icon-font character (private use area), "o" used
# as a bullet by word processors, or a list number ("1.", "a)") at the start of a line.
_BULLET = re.compile(
    r"^(?:[•●○◦▪▫■□►▸▹‣⁃∙·*➢➤✓✔❖◆◇♦→⇒»\uf0b7\uf0a7\uf076\uf0d8\uf0fc\ue000-\uf8ff{]"
    r"|[-–—](?=\s)|o(?=\s+[A-ZÀ-Þ])|\d{1,2}[.)](?=\s)|[a-z][.)](?=\s))\s*"
)


@dataclass(frozen=True, slots=True)
class Line:
    """One non-empty line of ``Document.text``, stripped, with its block's hints.

    ``start``/``end`` bound the stripped text; ``body_start`` skips a leading bullet.

    Example:
        >>> from talentmatch import load_document
        >>> line = document_lines(load_document("• Led a team"))[0]
        >>> line.bullet, line.body
        (True, 'Led a team')
    """

    index: int
    start: int
    end: int
    text: str
    page: int | None
    bold: bool | None
    font_size: float | None
    x0: float | None
    kind: BlockKind
    blank_before: bool
    bullet: bool
    body_start: int

    @property
    def body(self) -> str:
        """The text after any bullet glyph."""
        return self.text[self.body_start - self.start :]


def document_lines(document: Document) -> list[Line]:
    """Split ``document.text`` into stripped non-empty lines, each with its block's hints.

    Example:
        >>> from talentmatch import load_document
        >>> [line.text for line in document_lines(load_document("a\\n\\n  • b "))]
        ['a', '• b']
    """
    text = document.text
    blocks = sorted(document.blocks, key=lambda b: b.span.start)
    lines: list[Line] = []
    block_index = 0
    offset = 0
    blank = False
    for raw in text.split("\n"):
        line_start, line_end = offset, offset + len(raw)
        offset = line_end + 1
        stripped = raw.strip()
        if not stripped:
            blank = bool(lines)
            continue
        start = line_start + (len(raw) - len(raw.lstrip()))
        end = start + len(stripped)
        while block_index < len(blocks) and blocks[block_index].span.end <= start:
            block_index += 1
        block = None
        if block_index < len(blocks) and blocks[block_index].span.start <= start:
            block = blocks[block_index]
        bullet = _BULLET.match(stripped)
        is_bullet = bullet is not None and len(stripped) > bullet.end()
        if block is not None and block.kind is BlockKind.LIST_ITEM:
            is_bullet = True
        lines.append(
            Line(
                index=len(lines),
                start=start,
                end=end,
                text=stripped,
                page=block.span.page if block is not None else document.page_of(start),
                bold=block.bold if block is not None else None,
                font_size=block.font_size if block is not None else None,
                x0=block.x0 if block is not None else None,
                kind=block.kind if block is not None else BlockKind.LINE,
                blank_before=blank,
                bullet=is_bullet,
                body_start=start + (bullet.end() if bullet is not None and is_bullet else 0),
            )
        )
        blank = False
    return lines


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(fold(text).split()))


def without_page_furniture(lines: list[Line], page_count: int) -> list[Line]:
    """Drop running headers and footers and page numbers; renumber the lines.

    A line is furniture when the reader marked it header or footer, when it is a bare page
    number ("3", "Page 2 of 4", "2/4"), or when the same text (digits aside) opens or closes
    at least two pages.

    Example:
        >>> from talentmatch import load_document
        >>> doc = load_document("Jo\\nPage 1 of 2")
        >>> [line.text for line in without_page_furniture(document_lines(doc), 1)]
        ['Jo']
    """
    edges: dict[str, set[int]] = defaultdict(set)
    by_page: dict[int | None, list[Line]] = defaultdict(list)
    for line in lines:
        by_page[line.page].append(line)
    if page_count > 1:
        for page, page_lines in by_page.items():
            for line in page_lines[:2] + page_lines[-2:]:
                edges[_furniture_key(line.text)].add(page or 0)
    kept: list[Line] = []
    for line in lines:
        if line.kind in (BlockKind.HEADER, BlockKind.FOOTER) or _PAGE_NUMBER.match(line.text):
            continue
        if _RUNNING_FOOTER.search(line.text) and line in by_page[line.page][-2:]:
            continue
        if page_count > 1 and len(edges.get(_furniture_key(line.text), ())) >= 2:
            page_lines = by_page[line.page]
            if line in page_lines[:2] or line in page_lines[-2:]:
                continue
        kept.append(line if line.index == len(kept) else replace(line, index=len(kept)))
    return kept
