"""Walk a DOCX's XML in reading order and produce ``RawBlock`` objects.

What a reader of the printed page sees is what becomes visible text: body paragraphs and
tables in document order, content controls, text boxes (once, although Word stores a
modern and a legacy copy), headers before the body and footers after it, list bullets and
numbers, tabs and line breaks. Tracked deletions, field instructions and comments are not
on the page and are skipped. Runs a reader cannot see (hidden, white on white, tiny) become
hidden blocks, which the assembler reports as ``docx_hidden_run`` findings.

Tables are read row by row, each cell's paragraphs as their own blocks; resumes laid out
as one big two-column table thus read as the left column, then the right one. Merged cells
are read once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from xml.etree.ElementTree import Element

from talentmatch.config import Limits
from talentmatch.documents._raw import Deadline, RawBlock
from talentmatch.documents.docx import _names as n
from talentmatch.documents.docx._colours import RGB, WHITE, Theme, parse_hex
from talentmatch.documents.docx._numbering import ListCounters, Numbering
from talentmatch.documents.docx._package import DocxParts
from talentmatch.documents.docx._styles import RunFormat, Style, StyleSheet
from talentmatch.errors import CorruptDocumentError, DocumentTooLargeError
from talentmatch.models import BlockKind, FindingKind

__all__ = ["BodyReader"]

MAX_DEPTH = 64
"""Deepest nesting of tables, content controls and text boxes read; real files use < 10."""

_HEADING_NAME = re.compile(r"^(heading [1-9]|title)$")
_INLINE_WRAPPERS = frozenset(
    [n.HYPERLINK, n.INS, n.MOVE_TO, n.SMART_TAG, n.CUSTOM_XML, n.FLD_SIMPLE, n.DIR, n.BDO]
)
_BLOCK_WRAPPERS = frozenset([n.CUSTOM_XML, n.INS, n.MOVE_TO])
_OUTER_KINDS = frozenset([BlockKind.HEADER, BlockKind.FOOTER, BlockKind.TEXT_BOX])
_VML_SHAPES = frozenset(
    n.V + local for local in ("shape", "rect", "roundrect", "oval", "polyline", "group")
)


@dataclass(frozen=True, slots=True)
class _Context:
    kind: BlockKind
    background: RGB
    column: int | None = None
    table_style: Style | None = None


@dataclass(slots=True)
class _Piece:
    text: str
    hidden: bool
    bold: bool
    size: float | None


@dataclass(slots=True)
class _Paragraph:
    style: Style | None
    context: _Context
    background: RGB
    pieces: list[_Piece] = field(default_factory=list)
    boxes: list[tuple[Element, RGB | None]] = field(default_factory=list)


def _val(element: Element | None) -> str | None:
    return element.get(n.VAL) if element is not None else None


def _int_val(element: Element | None) -> int | None:
    value = _val(element)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _choose(alternate: Element) -> Element | None:
    """The branch of ``mc:AlternateContent`` a current Word displays (read only one)."""
    choice = alternate.find(n.CHOICE)
    return choice if choice is not None else alternate.find(n.FALLBACK)


class BodyReader:
    """Turns the parts of one DOCX into raw blocks; one instance per reading."""

    def __init__(self, parts: DocxParts, *, limits: Limits, deadline: Deadline) -> None:
        self._parts = parts
        self._theme = Theme(parts.theme)
        self._styles = StyleSheet(parts.styles, self._theme)
        self._numbering = Numbering(parts.numbering, self._styles)
        self._counters = ListCounters()
        self._deadline = deadline
        self._max_chars = limits.max_chars
        self._visible_chars = 0
        self._blocks: list[RawBlock] = []
        background = parts.document.find(n.BACKGROUND)
        self._page = self._theme.text_colour(background, n.W + "color")[0]

    def read(self) -> list[RawBlock]:
        """Return the blocks: headers, body, footers."""
        body = self._parts.document.find(n.BODY)
        if body is None:
            raise CorruptDocumentError(
                "The DOCX has no document body; it is damaged. Ask for a new copy or re-save "
                "it from Word."
            )
        page = _Context(kind=BlockKind.PARAGRAPH, background=self._page or WHITE)
        seen: set[tuple[str, ...]] = set()
        for header in self._parts.headers:
            self._margin_part(header, replace(page, kind=BlockKind.HEADER), seen)
        # A blank line between the page margins and the body keeps them apart as sections.
        if self._blocks:
            self._emit(RawBlock(text="", kind=BlockKind.HEADER))
        self._container(body, page, 0)
        if self._parts.footers:
            self._emit(RawBlock(text="", kind=BlockKind.FOOTER))
        for footer in self._parts.footers:
            self._margin_part(footer, replace(page, kind=BlockKind.FOOTER), seen)
        return self._blocks

    def _margin_part(self, root: Element, context: _Context, seen: set[tuple[str, ...]]) -> None:
        # The first-page and default headers often say the same thing: read it once.
        outer, self._blocks = self._blocks, []
        self._container(root, context, 0)
        blocks, self._blocks = self._blocks, outer
        key = tuple(block.text for block in blocks if block.text.strip())
        if key and key not in seen:
            seen.add(key)
            self._blocks.extend(blocks)
        else:
            self._visible_chars -= sum(len(b.text) for b in blocks if b.hidden is None)

    def _guard(self, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise CorruptDocumentError(
                f"The DOCX nests tables, content controls or text boxes more than {MAX_DEPTH} "
                "levels deep, which no real document does. Ask for a new copy or a PDF export."
            )

    def _emit(self, block: RawBlock) -> None:
        if block.hidden is None:
            self._visible_chars += len(block.text)
            if self._visible_chars > self._max_chars:
                raise DocumentTooLargeError(
                    f"The document has more than {self._max_chars:,} characters of text. "
                    "Raise Limits.max_chars or split the document."
                )
        self._blocks.append(block)

    # Block level -------------------------------------------------------------------------

    def _container(self, element: Element, context: _Context, depth: int) -> None:
        self._guard(depth)
        for child in element:
            tag = child.tag
            if tag == n.P:
                self._paragraph(child, context, depth + 1)
            elif tag == n.TBL:
                self._table(child, context, depth + 1)
            elif tag == n.SDT:
                content = child.find(n.SDT_CONTENT)
                if content is not None:
                    self._container(content, context, depth + 1)
            elif tag in _BLOCK_WRAPPERS:
                self._container(child, context, depth + 1)
            elif tag == n.ALTERNATE_CONTENT:
                branch = _choose(child)
                if branch is not None:
                    self._container(branch, context, depth + 1)

    def _table(self, table: Element, context: _Context, depth: int) -> None:
        self._guard(depth)
        properties = table.find(n.TBL_PR)
        style_id = _val(properties.find(n.T_STYLE)) if properties is not None else None
        style = self._styles.get(style_id) or self._styles.get(self._styles.default_table)
        ground = (
            self._theme.shading(properties.find(n.SHD)) if properties is not None else None
        ) or (style.cell_shading if style is not None else None)
        background = ground or context.background
        kind = context.kind if context.kind in _OUTER_KINDS else BlockKind.TABLE_CELL
        for index, row in enumerate(_unwrap(table, n.TR, depth)):
            row_properties = row.find(n.TR_PR)
            if row_properties is not None and row_properties.find(n.DEL) is not None:
                continue  # a tracked row deletion
            if index:
                self._emit(RawBlock(text="", kind=kind))  # rows are separate entries
            column = 0
            if row_properties is not None:
                column = max(0, _int_val(row_properties.find(n.GRID_BEFORE)) or 0)
            for cell in _unwrap(row, n.TC, depth):
                cell_properties = cell.find(n.TC_PR)
                span, merged, cell_ground = 1, False, None
                if cell_properties is not None:
                    span = max(1, _int_val(cell_properties.find(n.GRID_SPAN)) or 1)
                    merged = _continues_merge(cell_properties)
                    cell_ground = self._theme.shading(cell_properties.find(n.SHD))
                if not merged:
                    cell_context = _Context(
                        kind=kind,
                        background=cell_ground or background,
                        column=context.column if context.column is not None else column,
                        table_style=style,
                    )
                    self._container(cell, cell_context, depth + 1)
                column += span

    # Paragraph level ---------------------------------------------------------------------

    def _paragraph(self, paragraph: Element, context: _Context, depth: int) -> None:
        self._deadline.check()
        properties = paragraph.find(n.PPR)
        style_id = _val(properties.find(n.P_STYLE)) if properties is not None else None
        style = self._styles.paragraph_style(style_id)
        shading = properties.find(n.SHD) if properties is not None else None
        background = (
            self._theme.shading(shading)
            if shading is not None
            else (style.shading if style is not None else None)
        ) or context.background
        state = _Paragraph(style=style, context=context, background=background)
        self._inline(paragraph, state, depth + 1)
        visible = "".join(piece.text for piece in state.pieces if not piece.hidden)
        hidden = _hidden_text(state.pieces)
        only_hidden = bool(hidden.strip()) and not visible.strip()
        kind = self._kind(properties, style, context)
        reference = None if only_hidden else _list_reference(properties, style)
        if reference is not None:
            prefix = self._numbering.prefix(*reference, self._counters)
            if prefix is not None:
                if kind not in _OUTER_KINDS and kind is not BlockKind.HEADING:
                    kind = BlockKind.LIST_ITEM
                if visible.strip():
                    visible = prefix + visible.lstrip(" \t")
        bold, size = _hints(state.pieces)
        if not only_hidden:
            self._emit(
                RawBlock(text=visible, kind=kind, bold=bold, font_size=size, column=context.column)
            )
        if hidden.strip():
            self._emit(
                RawBlock(
                    text=hidden,
                    kind=kind,
                    hidden=FindingKind.DOCX_HIDDEN_RUN,
                    column=context.column,
                )
            )
        for box, fill in state.boxes:
            box_context = _Context(
                kind=context.kind if context.kind in _OUTER_KINDS else BlockKind.TEXT_BOX,
                background=fill or context.background,
                column=context.column,
            )
            self._container(box, box_context, depth + 1)

    def _kind(
        self, properties: Element | None, style: Style | None, context: _Context
    ) -> BlockKind:
        if context.kind in (BlockKind.HEADER, BlockKind.FOOTER):
            return context.kind
        outline = _int_val(properties.find(n.OUTLINE_LVL)) if properties is not None else None
        if outline is None and style is not None:
            outline = style.outline_level
        named = style is not None and bool(_HEADING_NAME.match(style.name))
        if named or (outline is not None and 0 <= outline <= 8):
            return BlockKind.HEADING
        return context.kind

    def _inline(self, element: Element, state: _Paragraph, depth: int) -> None:
        self._guard(depth)
        for child in element:
            tag = child.tag
            if tag == n.R_RUN:
                self._run(child, state, depth + 1)
            elif tag in _INLINE_WRAPPERS:
                self._inline(child, state, depth + 1)
            elif tag == n.SDT:
                content = child.find(n.SDT_CONTENT)
                if content is not None:
                    self._inline(content, state, depth + 1)
            elif tag == n.ALTERNATE_CONTENT:
                branch = _choose(child)
                if branch is not None:
                    self._inline(branch, state, depth + 1)
            elif tag in (n.MATH_PARA, n.MATH):
                text = "".join(t.text or "" for t in child.iter(n.MATH_TEXT))
                if text:
                    state.pieces.append(_Piece(text, hidden=False, bold=False, size=None))
            # w:del and w:moveFrom hold tracked deletions: not on the page.

    def _run(self, run: Element, state: _Paragraph, depth: int) -> None:
        direct = RunFormat.read(run.find(n.RPR), self._theme)
        table_style = state.context.table_style
        effective = self._styles.effective(direct, state.style, table_style, state.background)
        parts: list[str] = []
        for child in run:
            tag = child.tag
            if tag == n.T:
                parts.append(child.text or "")
            elif tag in (n.TAB, n.PTAB):
                parts.append("\t")
            elif tag in (n.BR, n.CR):
                parts.append("\n")
            elif tag == n.NO_BREAK_HYPHEN:
                parts.append("-")
            elif tag == n.SOFT_HYPHEN:
                parts.append("\u00ad")
            elif tag == n.SYM:
                parts.append(_symbol(child))
            elif tag == n.RUBY:
                base = child.find(n.RUBY_BASE)
                if base is not None:
                    parts.extend(t.text or "" for t in base.iter(n.T))
            elif tag in (n.DRAWING, n.PICT, n.OBJECT, n.ALTERNATE_CONTENT):
                self._find_boxes(child, state.boxes, None, depth + 1)
            # w:delText (deleted) and w:instrText (field code) are not on the page.
        text = "".join(parts)
        if text:
            state.pieces.append(
                _Piece(text, hidden=effective.hidden, bold=effective.bold, size=effective.size_pt)
            )

    # Text boxes --------------------------------------------------------------------------

    def _find_boxes(
        self,
        element: Element,
        out: list[tuple[Element, RGB | None]],
        fill: RGB | None,
        depth: int,
    ) -> None:
        """Collect the text boxes inside a drawing, with the fill of the shape around them."""
        self._guard(depth)
        tag = element.tag
        if tag == n.TXBX_CONTENT:
            out.append((element, fill))
            return
        if tag == n.ALTERNATE_CONTENT:
            branch = _choose(element)
            if branch is not None:
                self._find_boxes(branch, out, fill, depth + 1)
            return
        if tag == n.WPS + "wsp":
            fill = self._shape_fill(element) or fill
        elif tag in _VML_SHAPES:
            fill = _vml_fill(element) or fill
        for child in element:
            self._find_boxes(child, out, fill, depth + 1)

    def _shape_fill(self, shape: Element) -> RGB | None:
        properties = shape.find(n.WPS + "spPr")
        if properties is not None:
            for child in properties:
                local = child.tag.rsplit("}", 1)[-1]
                if local == "noFill":
                    return None
                if local == "solidFill":
                    return next((self._theme.drawing_colour(c) for c in child), None)
        style = shape.find(n.WPS + "style")
        reference = style.find(n.A + "fillRef") if style is not None else None
        if reference is not None and reference.get("idx", "0") != "0":
            return next((self._theme.drawing_colour(c) for c in reference), None)
        return None


def _vml_fill(shape: Element) -> RGB | None:
    if shape.get("filled", "t").lower() in ("f", "false"):
        return None
    return parse_hex(shape.get("fillcolor"))


def _unwrap(parent: Element, tag: str, depth: int) -> list[Element]:
    """Children with ``tag``, looking through content controls and custom XML wrappers."""
    out: list[Element] = []
    for child in parent:
        if child.tag == tag:
            out.append(child)
        elif depth < MAX_DEPTH and child.tag in (n.SDT, n.CUSTOM_XML):
            inner = child.find(n.SDT_CONTENT) if child.tag == n.SDT else child
            if inner is not None:
                out.extend(_unwrap(inner, tag, depth + 1))
    return out


def _continues_merge(cell_properties: Element) -> bool:
    for tag in (n.V_MERGE, n.H_MERGE):
        merge = cell_properties.find(tag)
        if merge is not None and merge.get(n.VAL, "continue") == "continue":
            return True
    return False


def _list_reference(properties: Element | None, style: Style | None) -> tuple[str, int] | None:
    num_id: str | None = None
    ilvl: int | None = None
    if properties is not None:
        numbering = properties.find(n.NUM_PR)
        if numbering is not None:
            num_id = _val(numbering.find(n.NUM_ID))
            ilvl = _int_val(numbering.find(n.ILVL))
    if num_id is None and style is not None:
        num_id = style.num_id
        ilvl = ilvl if ilvl is not None else style.ilvl
    if num_id is None or num_id == "0":
        return None
    return num_id, ilvl or 0


def _symbol(element: Element) -> str:
    try:
        code = int(element.get(n.W + "char", ""), 16)
    except ValueError:
        return ""
    # Symbol-font characters (U+F000-U+F0FF) are icons; the cleaner drops them.
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else ""


def _hidden_text(pieces: list[_Piece]) -> str:
    groups: list[str] = []
    current: list[str] = []
    for piece in pieces:
        if piece.hidden:
            current.append(piece.text)
        elif current:
            groups.append("".join(current))
            current = []
    if current:
        groups.append("".join(current))
    return " ".join(group.strip() for group in groups if group.strip())


def _hints(pieces: list[_Piece]) -> tuple[bool | None, float | None]:
    """Whether most visible characters are bold, and the most common size in points."""
    total = bold = 0
    sizes: dict[float, int] = {}
    for piece in pieces:
        if piece.hidden:
            continue
        count = len(piece.text.strip())
        total += count
        bold += count if piece.bold else 0
        if piece.size is not None and count:
            sizes[piece.size] = sizes.get(piece.size, 0) + count
    if not total:
        return None, None
    size = max(sizes.items(), key=lambda item: (item[1], item[0]))[0] if sizes else None
    return bold * 2 > total, size
