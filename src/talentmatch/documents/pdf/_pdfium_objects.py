"""The objects of one pdfium page: text-object styles, fonts and painted areas.

Step 1 of reading a page (``_pdfium_page`` does the rest): one walk over the page objects
records each text object's render mode, fill colour and font, and the filled areas (paths,
images, shadings) that could lie under text. Text objects that could be hidden (invisible
render mode, transparent, a colour close to white or to a large area painted in a close
colour) or that come from an icon font are *special*; only their boxes are fetched, and the
lines near them are read object by object.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from talentmatch.documents._raw import Deadline
from talentmatch.documents.pdf._fontnames import is_bold_name, is_icon_font
from talentmatch.documents.pdf._pdfium_api import Box, Handle, Native, api
from talentmatch.documents.pdf._scene import RGB, PageFrame, Paint
from talentmatch.documents.pdf._visibility import MIN_CONTRAST, OCR_IMAGE_SHARE, contrast_ratio

__all__ = ["FontStyle", "Matrix", "PageObjects", "Scratch", "TextStyle"]

_TEXT, _PATH, _IMAGE, _SHADING, _FORM = 1, 2, 3, 4, 5
_FORCE_BOLD = 1 << 18
_WHITE: RGB = (1.0, 1.0, 1.0)
_MAX_OBJECTS = 200_000
# Drawings hold tens of thousands of paths; past this many a page's paths are not examined
# as backdrops that could hide text (a cost bound, noted in docs/documents.md).
_MAX_BACKDROP_PATHS = 3000
_MIN_BACKDROP = 4.0
"""Points both sides of a painted area must span to hide text beneath it."""
Matrix = tuple[float, float, float, float, float, float]


@dataclass(frozen=True, slots=True)
class TextStyle:
    """Style of one text object; ``fill`` None when its colour cannot be read."""

    render: int
    fill: RGB | None
    alpha: float
    order: int
    matrix: Matrix | None


# (render mode, fill as 0-255 RGBA or None, paint order, form matrix, font handle): kept raw
# in the walk, which visits every object of the page, and turned into a TextStyle only
# when read.
_RawText = tuple[int, tuple[int, int, int, int] | None, int, Matrix | None, int]
# (render mode, fill as 0-255 RGBA or None): what the hidden-text verdict of an object rests on.
_StyleKey = tuple[int, tuple[int, int, int, int] | None]


@dataclass(frozen=True, slots=True)
class FontStyle:
    """What a font says about its text: bold (by weight, flags or name), an icon font."""

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


def _transform_box(m: Matrix, left: float, bottom: float, right: float, top: float) -> Box:
    a, b, c, d, e, f = m
    xs = [a * x + c * y + e for x, y in ((left, bottom), (left, top), (right, bottom))]
    ys = [b * x + d * y + f for x, y in ((left, bottom), (left, top), (right, bottom))]
    xs.append(a * right + c * top + e)
    ys.append(b * right + d * top + f)
    return min(xs), min(ys), max(xs), max(ys)


@lru_cache(maxsize=1024)
def _font_verdict(facts: tuple[bytes, int, int]) -> FontStyle:
    """The style of a font with these (base name, weight, flags).

    A verdict depends only on these facts, not on the font's handle (pdfium may reuse a
    closed page's font address). Documents of one producer share their fonts, so verdicts
    are remembered across pages and documents.
    """
    name = facts[0].decode("latin-1")
    bold = facts[1] >= 600 or bool(facts[2] & _FORCE_BOLD) or is_bold_name(name)
    return FontStyle(bold=bold, icon=is_icon_font(name))


# A pure function of two colours that every document asks about again (dark text against
# white above all): remembered across pages and documents rather than per document.
_remembered_contrast = lru_cache(maxsize=1024)(contrast_ratio)


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


class Scratch:
    """What a document's pages share: ctypes out-parameters for the native calls (made once
    per document, not per page) and the C accelerator to use (None for the pure-Python
    path). Font verdicts are remembered across documents (``_font_verdict``)."""

    def __init__(self, accelerator: Native | None = None) -> None:
        self.accelerator = accelerator
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


class PageObjects:
    """One page's handles (addresses of pdfium's page and text page), its objects' styles
    and the per-page caches; ``PdfiumPage`` reads the page's text on top of it."""

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
        self.texts: dict[int, TextStyle] = {}
        # Objects are Handle instances on the pure path and ints from the accelerator.
        self.filled: list[tuple[Handle | int, RGB | None, float, int, Matrix | None]] = []
        self.fonts: dict[int, FontStyle] = {}
        self.object_fonts: dict[int, FontStyle] = {}
        self.by_colour: dict[
            RGB, list[tuple[Handle | int, RGB | None, float, int, Matrix | None]]
        ] = {}
        self.backdrops: dict[RGB, bool] = {}
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

    def _text(self, obj: int) -> TextStyle:
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
        known = TextStyle(render, colour, alpha, order, matrix)
        self.texts[obj] = known
        return known

    def _font_of(self, obj: int) -> FontStyle:
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

    def _font(self, font: int) -> FontStyle:
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
                known = _font_verdict(facts)
            else:
                known = FontStyle(bold=False, icon=False)
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

    # Objects are Handles on the pure path and ints from the accelerator's walk (hence Any).
    def _boxes(self, objects: list[tuple[Any, Matrix | None]]) -> list[Box]:
        """``_object_box`` of each (object, form matrix), in one accelerator call when the
        accelerator can measure them (it measures as ``_object_box`` does)."""
        if self.accelerator is not None and self.upright is not None:
            boxes = self.accelerator.object_boxes(objects, self.upright)
            if boxes is not None:
                return boxes
        return [self._object_box(obj, matrix) for obj, matrix in objects]

    def _paints(self, images_only: bool) -> list[Paint]:
        entries = [e for e in self.filled if not images_only or e[1] is None]
        boxes = self._boxes([(obj, matrix) for obj, _, _, _, matrix in entries])
        return [
            Paint(x0, top, x1, bottom, fill=fill, alpha=alpha, order=order)
            for (x0, top, x1, bottom), (_, fill, alpha, order, _) in zip(
                boxes, entries, strict=True
            )
        ]

    def _hides(self, colour: RGB) -> bool:
        """Could text of ``colour`` vanish into the page or into an area painted under it?"""
        if self._contrast(colour, _WHITE) < MIN_CONTRAST:
            return True
        return any(
            self._contrast(colour, fill) < MIN_CONTRAST and self._backdrop(fill)
            for fill in self.by_colour
        )

    def _backdrop(self, fill: RGB) -> bool:
        """Is an area painted in ``fill`` opaque and big enough to lie under text (thin rules
        are not)? It does not depend on the text's colour, so a page answers it once per
        fill, however many text styles ask (a drawing has many, and hundreds of areas)."""
        known = self.backdrops.get(fill)
        if known is None:
            # "not alpha < 0.5": a NaN opacity counts, as it did when the loop skipped
            # only what compared below one half.
            entries = self.by_colour[fill]
            opaque = [(obj, matrix) for obj, _, alpha, _, matrix in entries if not alpha < 0.5]
            known = self.backdrops[fill] = any(
                x1 - x0 >= _MIN_BACKDROP and bottom - top >= _MIN_BACKDROP
                for x0, top, x1, bottom in self._boxes(opaque)
            )
        return known

    def _contrast(self, a: RGB, b: RGB) -> float:
        """``contrast_ratio(a, b)``, remembered across pages and documents."""
        return _remembered_contrast(a, b)

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
            self.special.extend(self._boxes(self._special_objects(odd_keys, icon_fonts)))
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
