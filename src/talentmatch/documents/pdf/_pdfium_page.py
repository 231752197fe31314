"""Read one pdfium page into a ``PageScene`` with as few native calls as the page allows.

Every ctypes call costs about a microsecond, and pdfium's own text extraction costs a few
milliseconds per page, so the reader works at the coarsest grain that is still exact:

1. One walk over the page objects records each text object's render mode and fill colour,
   and the filled areas. Text objects that could be hidden (invisible render mode,
   transparent, a colour close to white or to a large area painted in a close colour) or
   that come from an icon font are *special*; only their boxes are fetched.
2. The page text is read in one call and cut into pdfium's lines. A line that touches no
   special object becomes one run: its box from its first and last character, its size
   from its first character, its style from its text object. Where a line holds several
   objects, each word that spans two of them is probed for a space pdfium missed.
3. A line that touches a special object, or whose characters are too dense for its size
   (tiny text appended to a normal line), is cut into per-object runs instead: consecutive
   characters of one object, found by galloping search over ``FPDFText_GetTextObject``.
4. A line much wider than its characters explain is checked at its spaces for a gap as
   wide as a gutter (two columns glued into one text object) and cut there.

When the optional C accelerator (``_native.c``, via ``_pdfium_api.native``) is built, it
runs the walk, fetches each line's facts, probes spaces and gutters and finishes the plain
lines and per-object runs; the methods here keep the same logic as the pure-Python path and
take every case the accelerator hands back. Both paths give identical scenes.
"""

from __future__ import annotations

import ctypes
import math
import re
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from talentmatch.documents._clean import is_bullet_glyph
from talentmatch.documents._raw import Deadline
from talentmatch.documents.pdf._fontnames import is_bold_name, is_icon_font
from talentmatch.documents.pdf._layout import SPACE_GAP
from talentmatch.documents.pdf._pdfium_api import (
    Box,
    Handle,
    LineFacts,
    Native,
    api,
)
from talentmatch.documents.pdf._scene import RGB, PageFrame, PageScene, Paint, TextRun
from talentmatch.documents.pdf._visibility import (
    MIN_CONTRAST,
    MIN_GLYPH_ADVANCE,
    OCR_IMAGE_SHARE,
    contrast_ratio,
)

__all__ = ["PdfiumPage", "Scratch"]

_TEXT, _PATH, _IMAGE, _SHADING, _FORM = 1, 2, 3, 4, 5
_FORCE_BOLD = 1 << 18
_WHITE: RGB = (1.0, 1.0, 1.0)
# pdfium marks a hyphen that ends a line with U+FFFE (0x02 in some paths); U+00AD from a
# font's ToUnicode is a hyphen the reader sees, not an invisible soft hyphen.
_HYPHENS = str.maketrans({"\x02": "-", "\ufffe": "-", "\u00ad": "-"})
_SURROGATES = re.compile("[\ud800-\udfff]")
_SPECIAL_CHARS = re.compile("[\x02\ufffe\u00ad\ud800-\udfff]")
# pdfium joins a hyphenated line to the next one without a line break: cut after the mark.
_LINES = re.compile("[^\r\n\ufffe\x02]+[\ufffe\x02]?")
_MAX_OBJECTS = 200_000
# Drawings hold tens of thousands of paths; past this many a page's paths are not examined
# as backdrops that could hide text (a cost bound, noted in docs/documents.md).
_MAX_BACKDROP_PATHS = 3000
_MIN_BACKDROP = 4.0
"""Points both sides of a painted area must span to hide text beneath it."""
# Ems per character beyond which a line may hide a gutter (Latin glyphs average ~0.5 em).
_WIDE_LINE = 0.55
# Ems per character below which a line may hold tiny text next to normal text.
_DENSE_LINE = 0.3
Matrix = tuple[float, float, float, float, float, float]


@dataclass(frozen=True, slots=True)
class _TextObject:
    """Style of one text object; ``fill`` None when its colour cannot be read."""

    render: int
    fill: RGB | None
    alpha: float
    order: int
    matrix: Matrix | None


# (render mode, fill as 0-255 RGBA or None, paint order, form matrix, font handle): kept raw
# in the walk, which visits every object of the page, and turned into a _TextObject only
# when read.
_RawText = tuple[int, tuple[int, int, int, int] | None, int, Matrix | None, int]
# (render mode, fill as 0-255 RGBA or None): what the hidden-text verdict of an object rests on.
_StyleKey = tuple[int, tuple[int, int, int, int] | None]


@dataclass(frozen=True, slots=True)
class _Font:
    bold: bool
    icon: bool


def _compose(own: Matrix, parent: Matrix | None) -> Matrix:
    if parent is None:
        return own
    a, b, c, d, e, f = parent
    return (
        own[0] * a + own[1] * c,
        own[0] * b + own[1] * d,
        own[2] * a + own[3] * c,
        own[2] * b + own[3] * d,
        own[4] * a + own[5] * c + e,
        own[4] * b + own[5] * d + f,
    )


def _size_of(
    raw: float, has_matrix: bool, a: float, b: float, c: float, d: float, f: float
) -> tuple[float, float | None]:
    """Effective font size, and the baseline when the text is upright (see ``_char_size``)."""
    size = float(raw)
    if not has_matrix:
        return size, None
    size *= math.hypot(c, d)
    upright = abs(b) < 1e-6 and abs(c) < 1e-6 and a > 0 and d > 0
    return size, (float(f) if upright else None)


def _transform_box(m: Matrix, left: float, bottom: float, right: float, top: float) -> Box:
    a, b, c, d, e, f = m
    xs = [a * x + c * y + e for x, y in ((left, bottom), (left, top), (right, bottom))]
    ys = [b * x + d * y + f for x, y in ((left, bottom), (left, top), (right, bottom))]
    xs.append(a * right + c * top + e)
    ys.append(b * right + d * top + f)
    return min(xs), min(ys), max(xs), max(ys)


def _frame(page: ctypes.c_void_p) -> PageFrame:
    # FPDF_GetPageBoundingBox is the CropBox clipped to the MediaBox, inherited boxes
    # included (FPDFPage_GetMediaBox reads only the page's own dictionary).
    f = api()
    rect = pdfium_c.FS_RECTF()
    if f.page_box(page, rect):
        box = (rect.left, rect.bottom, rect.right, rect.top)
    else:
        box = (0.0, 0.0, f.page_width(page), f.page_height(page))
    rotation = f.page_rotation(page)
    if rotation not in (0, 1, 2, 3):
        raise pdfium.PdfiumError("Failed to get page rotation.")
    return PageFrame.from_boxes(box, None, 90 * rotation)


def _page_text(textpage: ctypes.c_void_p) -> str:
    f = api()
    count = f.text_count_chars(textpage)
    if count <= 0:
        return ""
    buffer = (ctypes.c_ushort * (count + 1))()
    f.text_get_text(textpage, 0, count, buffer)
    raw = ctypes.string_at(buffer, 2 * count)
    text = raw.decode("utf-16-le", "surrogatepass")
    if len(text) != count:
        # One character index per UTF-16 unit: keep surrogate halves apart until runs are cut.
        text = "".join(map(chr, array("H", raw)))
    return text


def _has_actual_text(obj: int) -> bool:
    """True when a marked-content mark of the object carries /ActualText (rarely called)."""
    raw = ctypes.cast(ctypes.c_void_p(obj), pdfium_c.FPDF_PAGEOBJECT)
    for index in range(pdfium_c.FPDFPageObj_CountMarks(raw)):
        mark = pdfium_c.FPDFPageObj_GetMark(raw, index)
        if mark and pdfium_c.FPDFPageObjMark_GetParamValueType(mark, b"ActualText") == (
            pdfium_c.FPDF_OBJECT_STRING
        ):
            return True
    return False


def _fix_surrogates(text: str) -> str:
    if _SURROGATES.search(text):
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


class Scratch:
    """What a document's pages share: ctypes out-parameters for the native calls (made once
    per document, not per page), the C accelerator to use (None for the pure-Python path),
    and verdicts that depend only on their inputs (fonts, contrast ratios)."""

    def __init__(self, accelerator: Native | None = None) -> None:
        self.accelerator = accelerator
        # Font verdicts by (base name, weight, flags), shared by the document's pages.
        self.font_verdicts: dict[tuple[bytes, int, int], _Font] = {}
        self.contrasts: dict[tuple[RGB, RGB], float] = {}
        rect = pdfium_c.FS_RECTF()
        matrix = pdfium_c.FS_MATRIX()
        self.rect, self.rect_ref = rect, ctypes.byref(rect)
        self.matrix, self.matrix_ref = matrix, ctypes.byref(matrix)
        self.bounds = [ctypes.c_float() for _ in range(4)]
        self.bounds_refs = [ctypes.byref(v) for v in self.bounds]
        self.rgba = [ctypes.c_uint() for _ in range(4)]
        self.rgba_refs = [ctypes.byref(v) for v in self.rgba]
        self.mode, self.stroke = ctypes.c_int(), ctypes.c_int()
        self.mode_refs = (ctypes.byref(self.mode), ctypes.byref(self.stroke))


class PdfiumPage:
    """Reads one page; holds the page's handles (addresses of pdfium's page and text page)
    and per-page caches."""

    def __init__(
        self,
        page: int,
        textpage: int,
        deadline: Deadline,
        scratch: Scratch | None = None,
    ):
        self.f = api()
        # c_void_p instances: the hottest bindings take no argument types (_pdfium_api).
        self.page = ctypes.c_void_p(page)
        self.textpage = ctypes.c_void_p(textpage)
        self.deadline = deadline
        self.frame = _frame(self.page)
        box = self.frame.box
        self.upright = (box[0], box[3]) if self.frame.rotation == 0 else None
        self.raw_texts: dict[int, _RawText] = {}
        self.texts: dict[int, _TextObject] = {}
        # Objects are Handle instances on the pure path and ints from the accelerator.
        self.filled: list[tuple[Handle | int, RGB | None, float, int, Matrix | None]] = []
        self.fonts: dict[int, _Font] = {}
        self.object_fonts: dict[int, _Font] = {}
        self.by_colour: dict[
            RGB, list[tuple[Handle | int, RGB | None, float, int, Matrix | None]]
        ] = {}
        self.special: list[Box] = []
        self.positions = 0
        self.marks = False
        self.surrogates = False
        buffers = scratch if scratch is not None else Scratch()
        self.rect, self.rect_ref = buffers.rect, buffers.rect_ref
        self.matrix, self.matrix_ref = buffers.matrix, buffers.matrix_ref
        self.bounds, self.bounds_refs = buffers.bounds, buffers.bounds_refs
        self.rgba, self.rgba_refs = buffers.rgba, buffers.rgba_refs
        self.mode, self.stroke, self.mode_refs = buffers.mode, buffers.stroke, buffers.mode_refs
        self.accelerator = buffers.accelerator
        self.font_verdicts = buffers.font_verdicts
        self.contrasts = buffers.contrasts
        self.paths = 0

    # ---- 1. the object walk -------------------------------------------------------------

    def walk(self) -> None:
        """Record text objects' style and filled areas, in paint order."""
        if self.accelerator is not None:
            self.positions, self.paths = self.accelerator.walk(
                self.page.value or 0,
                self.raw_texts,
                self.filled,
                self.deadline.check,
                _compose,
                _MAX_OBJECTS,
                _MAX_BACKDROP_PATHS,
            )
            return
        f = self.f
        self._walk(f.page_count_objects(self.page), partial(f.page_get_object, self.page), None)

    def _walk(self, count: int, get: Callable[[int], Handle], matrix: Matrix | None) -> None:
        f = self.f
        obj_type, render_of, fill_of = f.obj_type, f.text_render_mode, f.obj_fill_color
        font_of = f.text_font
        r_ref, g_ref, b_ref, a_ref = self.rgba_refs
        r, g, b, a = self.rgba
        raw_texts = self.raw_texts
        # The counter lives in a local in this loop (one attribute write per object is
        # measurable) and is stored back before a form is walked and at the end.
        position = self.positions
        for index in range(count):
            obj = get(index)
            if not obj:
                continue
            position += 1
            if position > _MAX_OBJECTS:
                break
            if position % 2000 == 0:
                self.deadline.check()
            # The render mode is -1 for anything but text: one call sorts out most objects.
            render = render_of(obj)
            if render >= 0:
                fill = (
                    (r.value, g.value, b.value, a.value)
                    if fill_of(obj, r_ref, g_ref, b_ref, a_ref)
                    else None
                )
                raw_texts[obj.value or 0] = (render, fill, position, matrix, font_of(obj) or 0)
                continue
            kind = obj_type(obj)
            if kind == _PATH:
                self.paths += 1
                filled = (
                    self.paths <= _MAX_BACKDROP_PATHS
                    and f.path_draw_mode(obj, *self.mode_refs)
                    and self.mode.value
                )
                colour = self._fill(obj) if filled else None
                if colour is not None:
                    self.filled.append((obj, colour[0], colour[1], position, matrix))
            elif kind in (_IMAGE, _SHADING):
                self.filled.append((obj, None, 1.0, position, matrix))
            elif kind == _FORM:
                inner = matrix
                if f.obj_matrix(obj, self.matrix_ref):
                    m = self.matrix
                    inner = _compose((m.a, m.b, m.c, m.d, m.e, m.f), matrix)
                self.positions = position
                self._walk(f.form_count_objects(obj), partial(f.form_get_object, obj), inner)
                position = self.positions
        self.positions = position

    def _text(self, obj: int) -> _TextObject:
        """Style of a text object, from the walk or, failing that, from the object itself."""
        known = self.texts.get(obj)
        if known is not None:
            return known
        raw = self.raw_texts.get(obj)
        if raw is None:
            # The text page knows an object the walk did not meet (pdfium synthesises some
            # for odd glyph codes): ask the object itself rather than drop its text.
            r, g, b, a = self.rgba
            pointer = ctypes.c_void_p(obj)
            has_fill = self.f.obj_fill_color(pointer, *self.rgba_refs)
            fill_values = (r.value, g.value, b.value, a.value) if has_fill else None
            render = max(self.f.text_render_mode(pointer), 0)
            font = self.f.text_font(pointer) or 0
            raw = (render, fill_values, self.positions + 1, None, font)
            self.raw_texts[obj] = raw
        render, fill, order, matrix, _ = raw
        colour = (fill[0] / 255.0, fill[1] / 255.0, fill[2] / 255.0) if fill else None
        alpha = fill[3] / 255.0 if fill else 1.0
        known = _TextObject(render, colour, alpha, order, matrix)
        self.texts[obj] = known
        return known

    def _font_of(self, obj: int) -> _Font:
        known = self.object_fonts.get(obj)
        if known is None:
            raw = self.raw_texts.get(obj)
            font = raw[4] if raw is not None else self.f.text_font(ctypes.c_void_p(obj)) or 0
            known = self.object_fonts[obj] = self._font(font)
        return known

    def _fill(self, obj: Handle) -> tuple[RGB, float] | None:
        if not self.f.obj_fill_color(obj, *self.rgba_refs):
            return None
        r, g, b, a = self.rgba
        return (r.value / 255.0, g.value / 255.0, b.value / 255.0), a.value / 255.0

    def _font(self, font: int) -> _Font:
        known = self.fonts.get(font)
        if known is None:
            if font:
                if self.accelerator is not None:
                    facts = self.accelerator.font_facts(font)
                else:
                    f = self.f
                    buffer = ctypes.create_string_buffer(256)
                    f.font_base_name(font, buffer, 256)
                    facts = (buffer.value, f.font_weight(font), f.font_flags(font))
                # A verdict depends only on these facts, so the document's pages share it
                # (not the handle: pdfium may reuse a closed page's font address).
                known = self.font_verdicts.get(facts)
                if known is None:
                    name = facts[0].decode("latin-1")
                    bold = facts[1] >= 600 or bool(facts[2] & _FORCE_BOLD) or is_bold_name(name)
                    known = self.font_verdicts[facts] = _Font(bold=bold, icon=is_icon_font(name))
            else:
                known = _Font(bold=False, icon=False)
            self.fonts[font] = known
        return known

    def _object_box(self, obj: int | Handle, matrix: Matrix | None) -> Box:
        """Display box of a page object (forms' matrices applied)."""
        if not self.f.obj_bounds(obj, *self.bounds_refs):
            return (0.0, 0.0, 0.0, 0.0)
        left, bottom, right, top = (v.value for v in self.bounds)
        if matrix is not None:
            left, bottom, right, top = _transform_box(matrix, left, bottom, right, top)
        return self.frame.to_display(left, bottom, right, top)

    def _paints(self, images_only: bool) -> list[Paint]:
        paints = []
        for obj, fill, alpha, order, matrix in self.filled:
            if images_only and fill is not None:
                continue
            x0, top, x1, bottom = self._object_box(obj, matrix)
            paints.append(Paint(x0, top, x1, bottom, fill=fill, alpha=alpha, order=order))
        return paints

    def _hides(self, colour: RGB) -> bool:
        """Could text of ``colour`` vanish into the page or into an area painted under it?"""
        if self._contrast(colour, _WHITE) < MIN_CONTRAST:
            return True
        for fill, entries in self.by_colour.items():
            if self._contrast(colour, fill) >= MIN_CONTRAST:
                continue
            for obj, _, alpha, _, matrix in entries:
                if alpha < 0.5:
                    continue
                x0, top, x1, bottom = self._object_box(obj, matrix)
                if x1 - x0 >= _MIN_BACKDROP and bottom - top >= _MIN_BACKDROP:
                    return True  # big enough to lie under text (thin rules are not)
        return False

    def _contrast(self, a: RGB, b: RGB) -> float:
        """``contrast_ratio(a, b)``, remembered for the document (pages share colours)."""
        ratio = self.contrasts.get((a, b))
        if ratio is None:
            ratio = self.contrasts[(a, b)] = contrast_ratio(a, b)
        return ratio

    def _mark_special(self) -> tuple[bool, bool]:
        """Find objects that need per-object runs; say which paints the rules will need."""
        for entry in self.filled:
            if entry[1] is not None:
                self.by_colour.setdefault(entry[1], []).append(entry)
        page_area = self.frame.width * self.frame.height
        images = self._paints(images_only=True) if self.filled else []
        scanned = any(p.area >= OCR_IMAGE_SHARE * page_area for p in images)
        invisible, firsts, fonts = self._summary()
        ocr_layer = scanned and invisible >= 0.9 * len(self.raw_texts)
        # A verdict depends only on (render mode, fill) and the font; pages hold a handful of
        # each, so they are judged once each and the per-object pass runs only if one is odd.
        odd_keys: set[_StyleKey] = set()
        need_colours = False
        for key, obj in firsts.items():
            style = self._text(obj)
            low = style.fill is not None and self._hides(style.fill)
            need_colours = need_colours or low
            if (
                low
                or style.fill is None
                or style.alpha < 0.99
                or (key[0] in (3, 7) and not ocr_layer)
            ):
                odd_keys.add(key)
        icon_fonts = {font for font in fonts if self._font(font).icon}
        if odd_keys or icon_fonts:
            for obj, matrix in self._special_objects(odd_keys, icon_fonts):
                self.special.append(self._object_box(obj, matrix))
        return need_colours, invisible > 0

    def _summary(self) -> tuple[int, dict[_StyleKey, int], set[int]]:
        """Invisible text objects, the first object of each style key, the fonts used."""
        if self.accelerator is not None:
            return self.accelerator.summarize(self.raw_texts)
        values = self.raw_texts.values()
        invisible = sum(1 for raw in values if raw[0] in (3, 7))
        firsts = {(raw[0], raw[1]): obj for obj, raw in reversed(self.raw_texts.items())}
        return invisible, firsts, {raw[4] for raw in values}

    def _special_objects(
        self, odd_keys: set[_StyleKey], icon_fonts: set[int]
    ) -> list[tuple[int, Matrix | None]]:
        """(object, form matrix) of the text objects that need per-object runs."""
        if self.accelerator is not None:
            return self.accelerator.special_objects(self.raw_texts, odd_keys, icon_fonts)
        return [
            (obj, matrix)
            for obj, (render, fill, _, matrix, font) in self.raw_texts.items()
            if (render, fill) in odd_keys or font in icon_fonts
        ]

    # ---- 2-4. runs -------------------------------------------------------------------------

    def _char_box(self, index: int) -> Box:
        """Loose box of a character in user space (left, bottom, right, top)."""
        self.f.text_loose_box(self.textpage, index, self.rect_ref)
        r = self.rect
        return r.left, r.bottom, r.right, r.top

    def _char_size(self, index: int) -> tuple[float, float | None]:
        """Effective font size at ``index``, and the baseline when the text is upright."""
        f = self.f
        size = f.text_font_size(self.textpage, index)
        m = self.matrix
        if not f.text_matrix(self.textpage, index, self.matrix_ref):
            return _size_of(size, False, 0.0, 0.0, 0.0, 0.0, 0.0)
        return _size_of(size, True, m.a, m.b, m.c, m.d, m.f)

    def _lines(self, text: str, bounds: array[int]) -> list[LineFacts] | list[LineFacts | TextRun]:
        """Per line, its ``LineFacts``, or the finished run when the accelerator could build it.

        The accelerator finishes a line exactly as ``_line`` would when it becomes one run of
        a known object and font (the common case), and leaves every other line to ``_line``.
        """
        if self.accelerator is None:
            return self._line_facts(bounds)
        return self.accelerator.fast_lines(
            self.textpage.value or 0,
            text,
            bounds.tobytes(),
            self.raw_texts,
            self.fonts,
            self.special,
            self.upright,
            math.hypot,
            TextRun,
            (SPACE_GAP, _DENSE_LINE, _WIDE_LINE),
        )

    def _line_facts(self, bounds: array[int]) -> list[LineFacts]:
        """``LineFacts`` of each line (the pure path); ``bounds`` holds (first, last) pairs."""
        f, tp, m = self.f, self.textpage, self.matrix
        get, font_size, text_matrix = f.text_get_object, f.text_font_size, f.text_matrix
        facts: list[LineFacts] = []
        for i in range(0, len(bounds), 2):
            first, last = bounds[i], bounds[i + 1]
            has_matrix = bool(text_matrix(tp, first, self.matrix_ref))
            matrix = (m.a, m.b, m.c, m.d, m.f) if has_matrix else (0.0, 0.0, 0.0, 0.0, 0.0)
            first_box = self._char_box(first)
            facts.append(
                (
                    get(tp, first),
                    get(tp, (first + last) // 2),
                    get(tp, last),
                    font_size(tp, first),
                    has_matrix,
                    *matrix,
                    first_box,
                    self._char_box(last) if last != first else first_box,
                )
            )
        return facts

    def _touches_special(self, box: Box) -> bool:
        x0, top, x1, bottom = box
        if self.accelerator is not None:
            return self.accelerator.touches(self.special, x0, top, x1, bottom)
        return any(
            sx0 <= x1 + 1 and sx1 >= x0 - 1 and stop <= bottom + 1 and sbottom >= top - 1
            for sx0, stop, sx1, sbottom in self.special
        )

    def scene(self) -> PageScene:
        """Build the page's runs and the paints the hidden-text rules need."""
        need_colours, invisible = self._mark_special()
        if self.accelerator is not None:
            text = self.accelerator.page_text(self.textpage.value or 0)
        else:
            text = _page_text(self.textpage)
        self.marks = bool(_SPECIAL_CHARS.search(text))
        self.surrogates = self.marks and bool(_SURROGATES.search(text))
        runs: list[TextRun] = []
        bounds = array("i")
        for match in _LINES.finditer(text):
            start = match.start()
            chunk = match.group()
            first = start + len(chunk) - len(chunk.lstrip())
            last = start + len(chunk.rstrip()) - 1
            if last >= first:
                bounds.append(first)
                bounds.append(last)
        ends = iter(bounds)
        texts = self.texts
        for first, last, facts in zip(ends, ends, self._lines(text, bounds), strict=True):
            if isinstance(facts, TextRun):  # finished by the accelerator
                if self.marks:
                    facts.text = self._marked(facts.text)
                runs.append(facts)
                continue
            obj = facts[0]
            style = (texts.get(obj) or self._text(obj)) if obj else None
            if style is None or not self._line(text, first, last, facts, style, runs):
                self._object_runs(text, first, last + 1, runs)
        if need_colours:
            paints = self._paints(images_only=False)
        elif invisible:
            paints = self._paints(images_only=True)
        else:
            paints = []
        return PageScene(width=self.frame.width, height=self.frame.height, runs=runs, paints=paints)

    def _line(
        self,
        text: str,
        first: int,
        last: int,
        facts: LineFacts,
        style: _TextObject,
        runs: list[TextRun],
    ) -> bool:
        """Emit one pdfium line as one run (or pieces cut at gutters); False if it needs detail."""
        obj, middle, last_obj, raw_size, has_matrix, a, b, c, d, f, first_box, last_box = facts
        assert obj is not None
        font = self.object_fonts.get(obj) or self._font_of(obj)
        if font.icon:
            return False
        size, baseline = _size_of(raw_size, has_matrix, a, b, c, d, f)
        width = last_box[2] - first_box[0]
        glyphs = last - first + 1
        em = max(size, 1.0)
        if width < _DENSE_LINE * em * glyphs and glyphs > 8:
            return False
        if self.special:
            box = self.frame.to_display(first_box[0], first_box[1], last_box[2], last_box[3])
            if self._touches_special(box):
                return False
        bold = font.bold
        if bold:
            bold = not middle or middle == obj or self._font_of(middle).bold
        several = last_obj != obj
        known = {first: obj, last: last_obj} if several else {}
        pieces = [(first, last)]
        if width > (glyphs * _WIDE_LINE + 2) * em and " " in text[first:last]:
            pieces = self._split_wide(text, first, last, em)
        if len(pieces) == 1:
            spaced = self._respace(text, first, last, em, known) if several else None
            self._append(
                text, first, last, size, baseline, style, bold, runs, first_box, last_box, spaced
            )
        else:
            for a, b in pieces:
                spaced = self._respace(text, a, b, em, known) if several else None
                self._append(text, a, b, size, baseline, style, bold, runs, spaced=spaced)
        return True

    def _append(
        self,
        text: str,
        a: int,
        b: int,
        size: float,
        baseline: float | None,
        style: _TextObject,
        bold: bool,
        runs: list[TextRun],
        first_box: Box | None = None,
        last_box: Box | None = None,
        spaced: str | None = None,
        replaced: bool = False,
    ) -> None:
        left, bottom, right, top = first_box if first_box is not None else self._char_box(a)
        if last_box is not None:
            _, b_bottom, right, b_top = last_box
        elif b != a:
            _, b_bottom, right, b_top = self._char_box(b)
        else:
            b_bottom, b_top = bottom, top
        if baseline is not None:
            # Upright text: the box spans descender to ascender of the effective size, the
            # same convention as the pypdf engine, so both lay out alike.
            bottom, top = baseline - 0.2 * size, baseline + 0.8 * size
        else:
            bottom, top = min(bottom, b_bottom), max(top, b_top)
        upright = self.upright
        if upright is not None:  # PageFrame.to_display for an unrotated page, inlined
            px0, py1 = upright
            x0, y0 = min(left, right) - px0, py1 - max(bottom, top)
            x1, y1 = max(left, right) - px0, py1 - min(bottom, top)
        else:
            x0, y0, x1, y1 = self.frame.to_display(left, bottom, right, top)
        piece = text[a : b + 1] if spaced is None else spaced
        if self.marks:
            piece = self._marked(piece)
        render = style.render
        runs.append(
            TextRun(
                piece,
                x0,
                y0,
                x1,
                y1,
                size,
                bold or render == 2 or render == 6,
                render,
                style.fill,
                style.alpha,
                style.order,
                None,
                replaced,
            )
        )

    def _marked(self, piece: str) -> str:
        """``piece`` with pdfium's hyphen marks as hyphens and lone surrogates replaced."""
        return (_fix_surrogates(piece) if self.surrogates else piece).translate(_HYPHENS)

    def _respace(
        self, text: str, first: int, last: int, em: float, known: dict[int, int | None]
    ) -> str:
        """``text[first:last + 1]`` with the spaces pdfium missed between two objects.

        pdfium judges a gap between objects against the width of the glyph before it, so a
        word space after a narrow letter can vanish ("forthe"). Each word whose first and
        last characters belong to different objects is probed at its first object boundary;
        a gap wider than a word space there becomes a space, and the rest of the word is
        probed the same way. ``known`` holds objects already fetched, by character index.
        """
        if self.accelerator is not None:
            inserts = self.accelerator.respace(
                self.textpage.value or 0, text, first, last, SPACE_GAP * em
            )
        else:
            inserts = self._respace_at(text, first, last, em, known)
        if not inserts:
            return text[first : last + 1]
        parts, previous = [], first
        for index in inserts:
            parts.append(text[previous:index])
            previous = index
        parts.append(text[previous : last + 1])
        return " ".join(parts)

    def _respace_at(
        self, text: str, first: int, last: int, em: float, known: dict[int, int | None]
    ) -> list[int]:
        """Where ``_respace`` inserts spaces (the accelerator's ``respace`` in Python)."""
        get = self.f.text_get_object
        tp = self.textpage
        inserts: list[int] = []
        position = first
        for word in text[first : last + 1].split(" "):
            lo, hi = position, position + len(word) - 1
            position += len(word) + 1
            if hi <= lo:
                continue
            lo_obj = known[lo] if lo in known else get(tp, lo)
            hi_obj = known[hi] if hi in known else get(tp, hi)
            while lo_obj != hi_obj:
                differ = self._boundary(lo_obj, lo, hi)
                same = differ - 1
                if self._char_box(differ)[0] - self._char_box(same)[2] <= SPACE_GAP * em:
                    break  # glyph-by-glyph objects with ordinary spacing: nothing missed
                inserts.append(differ)
                lo = differ
                if hi <= lo:
                    break
                lo_obj = get(tp, lo)
        return inserts

    def _split_wide(self, text: str, first: int, last: int, em: float) -> list[tuple[int, int]]:
        """Cut at spaces that span a gutter-wide gap (columns glued into one line)."""
        if self.accelerator is not None:
            return self.accelerator.split_wide(self.textpage.value or 0, text, first, last, em)
        pieces: list[tuple[int, int]] = []
        begin = index = first
        while index < last:
            space = text.find(" ", index, last)
            if space < 0:
                break
            after = space + 1
            while after < last and text[after] == " ":
                after += 1
            before = space - 1
            gutter = (
                before >= begin
                and text[before] != " "
                and self._char_box(after)[0] - self._char_box(before)[2] > em
            )
            if gutter:
                pieces.append((begin, before))
                begin = after
            index = after
        pieces.append((begin, last))
        return pieces

    def _boundary(self, obj: int | None, same: int, differ: int) -> int:
        """First index in (same, differ] whose object is not ``obj`` (binary search).

        ``same`` belongs to ``obj``; ``differ`` does not, or is the end of the range.
        """
        get, tp = self.f.text_get_object, self.textpage
        while differ - same > 1:
            middle = (same + differ) // 2
            if get(tp, middle) == obj:
                same = middle
            else:
                differ = middle
        return differ

    def _object_runs(self, text: str, start: int, end: int, runs: list[TextRun]) -> None:
        """Cut ``text[start:end]`` into runs of one text object each (galloping search)."""
        if self.accelerator is not None and self.upright is not None:
            # The accelerator finishes the plain pieces; the others come back as
            # (start, stop, object) for _object_run, in order.
            for item in self.accelerator.object_runs(
                self.textpage.value or 0,
                text,
                start,
                end,
                self.raw_texts,
                self.fonts,
                self.upright,
                math.hypot,
                TextRun,
                (_WIDE_LINE, MIN_GLYPH_ADVANCE),
            ):
                if isinstance(item, TextRun):
                    if self.marks:
                        item.text = self._marked(item.text)
                    runs.append(item)
                else:
                    a, b, obj = item
                    self._object_run(text, a, b, obj, self._text(obj), runs)
            return
        get = self.f.text_get_object
        tp = self.textpage
        i = start
        while i < end:
            obj = get(tp, i)
            if obj and get(tp, end - 1) == obj:
                stop = end
            else:
                same, step = i, 1
                while same + step < end and get(tp, same + step) == obj:
                    same += step
                    step *= 2
                stop = self._boundary(obj, same, min(same + step, end))
            style = self._text(obj) if obj else None
            if style is not None:
                self._object_run(text, i, stop, obj, style, runs)
            i = stop

    def _object_run(
        self, text: str, start: int, stop: int, obj: int, style: _TextObject, runs: list[TextRun]
    ) -> None:
        chunk = text[start:stop]
        stripped = chunk.strip()
        if not stripped:
            return
        font = self._font_of(obj)
        if font.icon and len(stripped) <= 2 and not is_bullet_glyph(stripped):
            # An icon glyph (a phone, an envelope) whose code maps to a stray letter. Bullet
            # glyphs stay: they carry list structure. Longer "icon" runs carry /ActualText
            # that pdfium gives the icon's object (awesome-cv puts the phone there): kept.
            return
        first = start + len(chunk) - len(chunk.lstrip())
        last = start + len(chunk.rstrip()) - 1
        size, baseline = self._char_size(first)
        first_box = self._char_box(first)
        last_box = self._char_box(last) if last != first else first_box
        em = max(size, 1.0)
        if last_box[2] - first_box[0] > ((last - first + 1) * _WIDE_LINE + 2) * em:
            for a, b in self._split_wide(text, first, last, em):
                self._append(text, a, b, size, baseline, style, font.bold, runs)
            return
        # /ActualText: pdfium spreads the replacement's characters over the box of the glyphs
        # it replaces (often one icon), which would look like squeezed, unreadable text.
        squeezed = last_box[2] - first_box[0] < MIN_GLYPH_ADVANCE * (last - first + 1)
        replaced = squeezed and last > first and _has_actual_text(obj)
        self._append(
            text,
            first,
            last,
            size,
            baseline,
            style,
            font.bold,
            runs,
            first_box,
            last_box,
            replaced=replaced,
        )
