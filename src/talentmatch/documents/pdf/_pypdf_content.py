"""A small PDF content-stream interpreter on top of pypdf, for the pure-Python engine.

``extract_text`` in pypdf returns text only; hidden-text rules and reading order need each
run's position, size, render mode, fill colour and what was painted beneath it. This
interpreter walks the operators of a page (and of its form XObjects) keeping the graphics
and text state, and records:

* text runs, one per show operator, with glyph positions computed from the font widths, so
  a gap a producer made by positioning (TJ offsets, separate Tj) becomes a space and a gap
  as wide as a gutter cuts the run in two;
* filled areas (paths, images, inline images, shadings clipped to the current clip box).

Glyphs drawn again at (nearly) the same position -- fake bold -- are shown once. The
deadline is checked every few hundred operators, so a hostile stream cannot run forever.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, NameObject, StreamObject

from talentmatch.documents._clean import is_bullet_glyph
from talentmatch.documents._raw import Deadline
from talentmatch.documents.pdf._layout import SEGMENT_GAP, SPACE_GAP
from talentmatch.documents.pdf._pypdf_fonts import GlyphFont, load_font
from talentmatch.documents.pdf._scene import RGB, PageFrame, Paint, TextRun

__all__ = ["ContentReader"]

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_CHECK_EVERY = 500
_MAX_FORM_DEPTH = 10
_DUPLICATE = 0.2
_LATIN = GlyphFont(font=None, bold=False, name="")
_SPACE_COMPONENTS = {
    "/DeviceGray": 1,
    "/G": 1,
    "/CalGray": 1,
    "/DeviceRGB": 3,
    "/RGB": 3,
    "/CalRGB": 3,
    "/DeviceCMYK": 4,
    "/CMYK": 4,
}


def _mul(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    aa, bb, cc, dd, ee, ff = n
    return (
        a * aa + b * cc,
        a * bb + b * dd,
        c * aa + d * cc,
        c * bb + d * dd,
        e * aa + f * cc + ee,
        e * bb + f * dd + ff,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _num(value: Any, default: float = 0.0) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        return number if math.isfinite(number) else default
    return default


def _rgb(values: list[float]) -> RGB | None:
    if len(values) == 1:
        return (values[0], values[0], values[0])
    if len(values) == 3:
        return (values[0], values[1], values[2])
    if len(values) == 4:
        c, m, y, k = values
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


@dataclass(slots=True)
class _State:
    ctm: Matrix = IDENTITY
    fill: RGB | None = (0.0, 0.0, 0.0)
    components: int = 1  # of the fill colour space; 0 when unknown (pattern, Lab, DeviceN...)
    alpha: float = 1.0
    clip: Box | None = None
    font: GlyphFont = _LATIN
    size: float = 0.0
    char_space: float = 0.0
    word_space: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0
    render: int = 0


@dataclass(slots=True)
class _Glyph:
    text: str
    box: Box  # display coordinates


@dataclass(slots=True)
class ContentReader:
    """Interprets one page's content; ``runs`` and ``paints`` hold the result."""

    pdf: Any
    frame: PageFrame
    deadline: Deadline
    runs: list[TextRun] = field(default_factory=list)
    paints: list[Paint] = field(default_factory=list)
    _state: _State = field(default_factory=_State)
    _stack: list[_State] = field(default_factory=list)
    _tm: Matrix = IDENTITY
    _tlm: Matrix = IDENTITY
    _path: Box | None = None
    _clip_pending: bool = False
    _order: int = 0
    _ops: int = 0
    _fonts: dict[int, GlyphFont] = field(default_factory=dict)
    _recent: list[_Glyph] = field(default_factory=list)
    _forms: list[int] = field(default_factory=list)

    def read(self, content: Any, resources: Any) -> None:
        """Interpret ``content`` (a content stream or array) with ``resources``."""
        stream = ContentStream(content, self.pdf, "bytes")
        resources = resources.get_object() if hasattr(resources, "get_object") else resources
        if not isinstance(resources, DictionaryObject):
            resources = DictionaryObject()
        for operands, operator in stream.operations:
            self._ops += 1
            if self._ops % _CHECK_EVERY == 0:
                self.deadline.check()
            handler = _HANDLERS.get(operator)
            if handler is not None:
                handler(self, operands, resources)

    # ---- graphics state ----------------------------------------------------------------

    def _push(self, operands: list[Any], resources: Any) -> None:
        self._stack.append(replace(self._state))

    def _pop(self, operands: list[Any], resources: Any) -> None:
        if self._stack:
            self._state = self._stack.pop()

    def _cm(self, operands: list[Any], resources: Any) -> None:
        if len(operands) == 6:
            m = tuple(_num(v) for v in operands)
            self._state.ctm = _mul(m, self._state.ctm)  # type: ignore[arg-type]

    def _gs(self, operands: list[Any], resources: Any) -> None:
        params = _lookup(resources, "/ExtGState", operands)
        if isinstance(params, DictionaryObject) and "/ca" in params:
            self._state.alpha = min(1.0, max(0.0, _num(params.get("/ca"), 1.0)))

    def _gray(self, operands: list[Any], resources: Any) -> None:
        self._set_fill(operands, 1)

    def _rgb_op(self, operands: list[Any], resources: Any) -> None:
        self._set_fill(operands, 3)

    def _cmyk(self, operands: list[Any], resources: Any) -> None:
        self._set_fill(operands, 4)

    def _set_fill(self, operands: list[Any], components: int) -> None:
        self._state.components = components
        self._state.fill = (
            _rgb([_num(v) for v in operands]) if len(operands) == components else None
        )

    def _colour_space(self, operands: list[Any], resources: Any) -> None:
        name = operands[0] if operands else None
        components = _SPACE_COMPONENTS.get(name, 0) if isinstance(name, str) else 0
        if isinstance(name, str) and not components and name != "/Pattern":
            components = _components(_lookup(resources, "/ColorSpace", operands))
        self._state.components = components
        self._state.fill = _rgb([0.0] * (components - 1) + [1.0 if components == 4 else 0.0])
        if not components:
            self._state.fill = None

    def _colour(self, operands: list[Any], resources: Any) -> None:
        numbers = [_num(v) for v in operands if isinstance(v, int | float)]
        components = self._state.components
        ok = components and len(numbers) == components == len(operands)
        self._state.fill = _rgb(numbers) if ok else None

    # ---- paths, clipping, images --------------------------------------------------------

    def _extend(self, points: list[tuple[float, float]]) -> None:
        ctm = self._state.ctm
        xs, ys = [], []
        for x, y in points:
            px, py = _apply(ctm, x, y)
            xs.append(px)
            ys.append(py)
        box = (min(xs), min(ys), max(xs), max(ys))
        p = self._path
        self._path = (
            box
            if p is None
            else (min(p[0], box[0]), min(p[1], box[1]), max(p[2], box[2]), max(p[3], box[3]))
        )

    def _rect(self, operands: list[Any], resources: Any) -> None:
        if len(operands) == 4:
            x, y, w, h = (_num(v) for v in operands)
            self._extend([(x, y), (x + w, y + h)])

    def _point(self, operands: list[Any], resources: Any) -> None:
        numbers = [_num(v) for v in operands]
        self._extend(list(zip(numbers[0::2], numbers[1::2], strict=False)) or [(0.0, 0.0)])

    def _clip(self, operands: list[Any], resources: Any) -> None:
        self._clip_pending = True

    def _fill_path(self, operands: list[Any], resources: Any) -> None:
        if self._path is not None:
            self._add_paint(self._path, self._state.fill, self._state.alpha)
        self._end_path(operands, resources)

    def _end_path(self, operands: list[Any], resources: Any) -> None:
        if self._clip_pending and self._path is not None:
            self._state.clip = _intersect(self._state.clip, self._path)
        self._clip_pending = False
        self._path = None

    def _add_paint(self, box: Box, fill: RGB | None, alpha: float) -> None:
        self._order += 1
        x0, top, x1, bottom = self.frame.to_display(*box)
        self.paints.append(Paint(x0, top, x1, bottom, fill=fill, alpha=alpha, order=self._order))

    def _image_at_ctm(self) -> None:
        ctm = self._state.ctm
        corners = [_apply(ctm, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
        xs = [c[0] for c in corners]
        ys = [c[1] for c in corners]
        self._add_paint((min(xs), min(ys), max(xs), max(ys)), None, 1.0)

    def _inline_image(self, operands: list[Any], resources: Any) -> None:
        self._image_at_ctm()

    def _shading(self, operands: list[Any], resources: Any) -> None:
        x0, y0, x1, y1 = self.frame.box
        self._add_paint(self._state.clip or (x0, y0, x1, y1), None, 1.0)

    def _xobject(self, operands: list[Any], resources: Any) -> None:
        xobject = _lookup(resources, "/XObject", operands)
        if not isinstance(xobject, StreamObject):
            return
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            self._image_at_ctm()
        elif subtype == "/Form":
            self._form(xobject, resources)

    def _form(self, form: StreamObject, parent_resources: Any) -> None:
        key = id(form)
        if key in self._forms or len(self._forms) >= _MAX_FORM_DEPTH:
            return
        matrix = form.get("/Matrix")
        saved_state, saved_tm, saved_tlm = replace(self._state), self._tm, self._tlm
        if isinstance(matrix, ArrayObject) and len(matrix) == 6:
            m = tuple(_num(v) for v in matrix)
            self._state.ctm = _mul(m, self._state.ctm)  # type: ignore[arg-type]
        self._forms.append(key)
        try:
            self.read(form, form.get("/Resources") or parent_resources)
        finally:
            self._forms.pop()
            self._state, self._tm, self._tlm = saved_state, saved_tm, saved_tlm

    # ---- text -----------------------------------------------------------------------------

    def _begin_text(self, operands: list[Any], resources: Any) -> None:
        self._tm = self._tlm = IDENTITY

    def _font(self, operands: list[Any], resources: Any) -> None:
        if len(operands) < 2:
            return
        reference = _lookup(resources, "/Font", operands[:1])
        key = id(reference)
        font = self._fonts.get(key)
        if font is None:
            font = load_font(reference) if reference is not None else _LATIN
            self._fonts[key] = font
        self._state.font = font
        self._state.size = _num(operands[1])

    def _text_param(self, operands: list[Any], resources: Any, name: str) -> None:
        if operands:
            setattr(self._state, name, _num(operands[0]))

    def _char_space(self, operands: list[Any], resources: Any) -> None:
        self._text_param(operands, resources, "char_space")

    def _word_space(self, operands: list[Any], resources: Any) -> None:
        self._text_param(operands, resources, "word_space")

    def _leading(self, operands: list[Any], resources: Any) -> None:
        self._text_param(operands, resources, "leading")

    def _rise(self, operands: list[Any], resources: Any) -> None:
        self._text_param(operands, resources, "rise")

    def _scale(self, operands: list[Any], resources: Any) -> None:
        if operands:
            self._state.scale = _num(operands[0], 100.0) / 100.0

    def _render(self, operands: list[Any], resources: Any) -> None:
        if operands:
            self._state.render = int(_num(operands[0]))

    def _move(self, tx: float, ty: float) -> None:
        self._tlm = _mul((1.0, 0.0, 0.0, 1.0, tx, ty), self._tlm)
        self._tm = self._tlm

    def _td(self, operands: list[Any], resources: Any) -> None:
        if len(operands) >= 2:
            self._move(_num(operands[0]), _num(operands[1]))

    def _td_leading(self, operands: list[Any], resources: Any) -> None:
        if len(operands) >= 2:
            self._state.leading = -_num(operands[1])
            self._move(_num(operands[0]), _num(operands[1]))

    def _tm_op(self, operands: list[Any], resources: Any) -> None:
        if len(operands) == 6:
            self._tm = self._tlm = tuple(_num(v) for v in operands)  # type: ignore[assignment]

    def _next_line(self, operands: list[Any], resources: Any) -> None:
        self._move(0.0, -self._state.leading)

    def _show(self, operands: list[Any], resources: Any) -> None:
        if operands and isinstance(operands[0], bytes):
            self._flush(self._glyphs(operands[0]))

    def _show_next_line(self, operands: list[Any], resources: Any) -> None:
        self._next_line([], resources)
        self._show(operands, resources)

    def _show_spaced(self, operands: list[Any], resources: Any) -> None:
        if len(operands) >= 3:
            self._state.word_space = _num(operands[0])
            self._state.char_space = _num(operands[1])
            self._show_next_line(operands[2:], resources)

    def _show_array(self, operands: list[Any], resources: Any) -> None:
        if not operands or not isinstance(operands[0], list):
            return
        glyphs: list[_Glyph] = []
        state = self._state
        for item in operands[0]:
            if isinstance(item, bytes):
                glyphs.extend(self._glyphs(item))
            elif isinstance(item, int | float):
                shift = -_num(item) / 1000.0 * state.size * state.scale
                self._tm = _mul((1.0, 0.0, 0.0, 1.0, shift, 0.0), self._tm)
        self._flush(glyphs)

    def _glyphs(self, data: bytes) -> list[_Glyph]:
        state = self._state
        out: list[_Glyph] = []
        size, scale = state.size, state.scale
        base = (size * scale, 0.0, 0.0, size, 0.0, state.rise)
        for glyph in state.font.glyphs(data):
            trm = _mul(base, _mul(self._tm, state.ctm))
            advance = glyph.width / 1000.0
            x_a, y_a = _apply(trm, 0.0, -0.2)
            x_b, y_b = _apply(trm, advance, 0.8)
            box = self.frame.to_display(min(x_a, x_b), min(y_a, y_b), max(x_a, x_b), max(y_a, y_b))
            if glyph.text and not self._duplicate(glyph.text, box):
                out.append(_Glyph(glyph.text, box))
            space = state.word_space if glyph.word_space else 0.0
            tx = (advance * size + state.char_space + space) * scale
            self._tm = _mul((1.0, 0.0, 0.0, 1.0, tx, 0.0), self._tm)
        return out

    def _duplicate(self, text: str, box: Box) -> bool:
        limit = _DUPLICATE * max(box[3] - box[1], 1.0)
        for seen in self._recent:
            if (
                seen.text == text
                and abs(seen.box[0] - box[0]) < limit
                and abs(seen.box[1] - box[1]) < limit
            ):
                return True
        self._recent.append(_Glyph(text, box))
        if len(self._recent) > 4:
            del self._recent[0]
        return False

    def _flush(self, glyphs: list[_Glyph]) -> None:
        if not glyphs:
            return
        if self._state.font.icon and not is_bullet_glyph("".join(g.text for g in glyphs)):
            return  # icon-font pictures (phone, envelope) are not text; bullets are kept
        state = self._state
        m = _mul(self._tm, state.ctm)
        size = abs(state.size) * math.hypot(m[2], m[3])
        self._order += 1
        first, last = glyphs[0].box, glyphs[-1].box
        horizontal = abs(last[0] - first[0]) >= abs(last[1] - first[1])
        pieces: list[list[str]] = [[]]
        boxes: list[list[Box]] = [[]]
        previous: _Glyph | None = None
        for glyph in glyphs:
            if previous is not None and horizontal:
                gap = glyph.box[0] - previous.box[2]
                if abs(gap) > SEGMENT_GAP * max(size, 1.0):
                    pieces.append([])
                    boxes.append([])
                elif gap > SPACE_GAP * size and glyph.text != " " and previous.text != " ":
                    pieces[-1].append(" ")
            pieces[-1].append(glyph.text)
            boxes[-1].append(glyph.box)
            previous = glyph
        for text_parts, piece_boxes in zip(pieces, boxes, strict=True):
            self.runs.append(
                TextRun(
                    text="".join(text_parts),
                    x0=min(b[0] for b in piece_boxes),
                    top=min(b[1] for b in piece_boxes),
                    x1=max(b[2] for b in piece_boxes),
                    bottom=max(b[3] for b in piece_boxes),
                    size=size,
                    bold=state.font.bold or state.render in (2, 6),
                    render_mode=state.render,
                    fill=state.fill,
                    alpha=state.alpha,
                    order=self._order,
                )
            )


def _lookup(resources: Any, category: str, operands: list[Any]) -> Any:
    if not operands or not isinstance(operands[0], NameObject | str):
        return None
    group: Any = resources.get(category) if isinstance(resources, DictionaryObject) else None
    group = group.get_object() if hasattr(group, "get_object") else group
    if not isinstance(group, DictionaryObject):
        return None
    value: Any = group.get(operands[0])
    return value.get_object() if hasattr(value, "get_object") else value


def _components(space: Any) -> int:
    if isinstance(space, str):
        return _SPACE_COMPONENTS.get(space, 0)
    if isinstance(space, ArrayObject) and space:
        family = space[0]
        if family == "/ICCBased" and len(space) > 1:
            stream = space[1].get_object() if hasattr(space[1], "get_object") else space[1]
            n = stream.get("/N") if isinstance(stream, StreamObject) else None
            return int(n) if isinstance(n, int) and n in (1, 3, 4) else 0
        if isinstance(family, str):
            return _SPACE_COMPONENTS.get(family, 0)
    return 0


def _intersect(clip: Box | None, box: Box) -> Box:
    if clip is None:
        return box
    return (max(clip[0], box[0]), max(clip[1], box[1]), min(clip[2], box[2]), min(clip[3], box[3]))


_HANDLERS: dict[bytes, Any] = {
    b"q": ContentReader._push,
    b"Q": ContentReader._pop,
    b"cm": ContentReader._cm,
    b"gs": ContentReader._gs,
    b"g": ContentReader._gray,
    b"rg": ContentReader._rgb_op,
    b"k": ContentReader._cmyk,
    b"cs": ContentReader._colour_space,
    b"sc": ContentReader._colour,
    b"scn": ContentReader._colour,
    b"re": ContentReader._rect,
    b"m": ContentReader._point,
    b"l": ContentReader._point,
    b"c": ContentReader._point,
    b"v": ContentReader._point,
    b"y": ContentReader._point,
    b"W": ContentReader._clip,
    b"W*": ContentReader._clip,
    b"f": ContentReader._fill_path,
    b"F": ContentReader._fill_path,
    b"f*": ContentReader._fill_path,
    b"B": ContentReader._fill_path,
    b"B*": ContentReader._fill_path,
    b"b": ContentReader._fill_path,
    b"b*": ContentReader._fill_path,
    b"S": ContentReader._end_path,
    b"s": ContentReader._end_path,
    b"n": ContentReader._end_path,
    b"Do": ContentReader._xobject,
    b"INLINE IMAGE": ContentReader._inline_image,
    b"sh": ContentReader._shading,
    b"BT": ContentReader._begin_text,
    b"Tf": ContentReader._font,
    b"Tc": ContentReader._char_space,
    b"Tw": ContentReader._word_space,
    b"TL": ContentReader._leading,
    b"Ts": ContentReader._rise,
    b"Tz": ContentReader._scale,
    b"Tr": ContentReader._render,
    b"Td": ContentReader._td,
    b"TD": ContentReader._td_leading,
    b"Tm": ContentReader._tm_op,
    b"T*": ContentReader._next_line,
    b"Tj": ContentReader._show,
    b"'": ContentReader._show_next_line,
    b'"': ContentReader._show_spaced,
    b"TJ": ContentReader._show_array,
}
