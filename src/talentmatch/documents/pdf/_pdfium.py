"""The pypdfium2 engine: fast, native, and the default.

Per page it loads pdfium's text page (which decodes fonts, merges fake-bold duplicates and
generates the spaces that kerning implies), reads the whole text in one call, and maps the
characters back to their text objects. Consecutive characters of one object form a run;
the boundaries are found by galloping search, so a run costs a handful of native calls
rather than one per character. Each run takes its box from its first and last character
and its style (size, weight, render mode, colour, paint order) from its text object.

pdfium is not thread-safe, so every call into it happens under one process-wide lock;
layout and everything after it run outside the lock.
"""

from __future__ import annotations

import ctypes
import math
import threading
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from talentmatch.config import Limits
from talentmatch.documents._raw import Deadline
from talentmatch.documents.pdf._errors import corrupt, encrypted, too_many_pages
from talentmatch.documents.pdf._fontnames import is_bold_name, is_icon_font
from talentmatch.documents.pdf._pdfium_api import PdfiumApi, api, handle
from talentmatch.documents.pdf._scene import PageFrame, PageScene, Paint, TextRun
from talentmatch.errors import DocumentError

__all__ = ["read_pdfium"]

# pdfium keeps global state and must never run on two threads at once.
_PDFIUM_LOCK = threading.Lock()

_TEXT, _PATH, _IMAGE, _SHADING, _FORM = 1, 2, 3, 4, 5
_FORCE_BOLD = 1 << 18
# pdfium marks a hyphen that ends a line with U+FFFE (0x02 in some paths); U+00AD from a
# font's ToUnicode is a hyphen the reader sees, not an invisible soft hyphen.
_HYPHENS = str.maketrans({"\x02": "-", "\ufffe": "-", "\u00ad": "-"})
_MAX_OBJECTS = 200_000
# Ems per character beyond which a run may hide a gutter (average Latin glyphs are ~0.5 em);
# only such runs pay for per-character box lookups.
_WIDE_RUN = 0.55
Matrix = tuple[float, float, float, float, float, float]


@dataclass(frozen=True, slots=True)
class _Style:
    bold: bool
    icon: bool
    render_mode: int
    fill: tuple[float, float, float] | None
    alpha: float
    order: int


class _PageReader:
    """Reads one page; holds the per-page handles and caches."""

    def __init__(self, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, deadline: Deadline):
        self.f: PdfiumApi = api()
        self.page = handle(page.raw)
        self.textpage = handle(textpage.raw)
        self.deadline = deadline
        self.frame = _frame(page)
        self.order: dict[int, int] = {}
        self.paints: list[Paint] = []
        self.styles: dict[int, _Style] = {}
        self.fonts: dict[int, tuple[bool, bool]] = {}
        self.rect = pdfium_c.FS_RECTF()
        self.matrix = pdfium_c.FS_MATRIX()
        self.bounds = [ctypes.c_float() for _ in range(4)]
        self.rgba = [ctypes.c_uint() for _ in range(4)]

    # ---- page objects: paint order and filled areas ----------------------------------

    def walk(self) -> None:
        f = self.f
        self._walk(f.page_count_objects(self.page), partial(f.page_get_object, self.page))

    def _walk(
        self, count: int, get: Callable[[int], int | None], matrix: Matrix | None = None
    ) -> None:
        f = self.f
        for index in range(count):
            obj = get(index)
            if not obj:
                continue
            position = len(self.order) + len(self.paints) + 1
            if position > _MAX_OBJECTS:
                return
            if position % 2000 == 0:
                self.deadline.check()
            kind = f.obj_type(obj)
            if kind == _TEXT:
                self.order[obj] = position
            elif kind == _FORM:
                inner = self._matrix_of(obj, matrix)
                self._walk(f.form_count_objects(obj), partial(f.form_get_object, obj), inner)
            elif kind in (_PATH, _IMAGE, _SHADING):
                self._paint(obj, kind, matrix, position)

    def _matrix_of(self, obj: int, parent: Matrix | None) -> Matrix | None:
        if not self.f.obj_matrix(obj, ctypes.byref(self.matrix)):
            return parent
        m = self.matrix
        own = (m.a, m.b, m.c, m.d, m.e, m.f)
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

    def _paint(self, obj: int, kind: int, matrix: Matrix | None, position: int) -> None:
        f = self.f
        fill: tuple[float, float, float] | None = None
        alpha = 1.0
        if kind == _PATH:
            mode, stroke = ctypes.c_int(), ctypes.c_int()
            if not f.path_draw_mode(obj, ctypes.byref(mode), ctypes.byref(stroke)):
                return
            if mode.value == 0:
                return  # stroked lines and clip paths paint no background
            colour = self._fill(obj)
            if colour is None:
                return
            fill, alpha = colour
        b = self.bounds
        if not f.obj_bounds(obj, *(ctypes.byref(v) for v in b)):
            return
        left, bottom, right, top = (v.value for v in b)
        if matrix is not None:
            left, bottom, right, top = _transform_box(matrix, left, bottom, right, top)
        x0, y0, x1, y1 = self.frame.to_display(left, bottom, right, top)
        self.paints.append(Paint(x0, y0, x1, y1, fill=fill, alpha=alpha, order=position))

    def _fill(self, obj: int) -> tuple[tuple[float, float, float], float] | None:
        c = self.rgba
        if not self.f.obj_fill_color(obj, *(ctypes.byref(v) for v in c)):
            return None
        r, g, b, a = (v.value / 255.0 for v in c)
        return (r, g, b), a

    # ---- text: runs of characters of one text object ---------------------------------

    def _style(self, obj: int) -> _Style:
        style = self.styles.get(obj)
        if style is None:
            f = self.f
            mode = f.text_render_mode(obj)
            colour = self._fill(obj)
            bold, icon = self._font(f.text_font(obj))
            style = _Style(
                bold=bold or mode in (2, 6),
                icon=icon,
                render_mode=mode,
                fill=colour[0] if colour else None,
                alpha=colour[1] if colour else 1.0,
                order=self.order.get(obj, len(self.order) + len(self.paints) + 1),
            )
            self.styles[obj] = style
        return style

    def _font(self, font: int | None) -> tuple[bool, bool]:
        """(bold, icon font) for a font handle, cached per page."""
        if not font:
            return False, False
        known = self.fonts.get(font)
        if known is None:
            f = self.f
            buffer = ctypes.create_string_buffer(256)
            f.font_base_name(font, buffer, 256)
            name = buffer.value.decode("latin-1")
            bold = (
                f.font_weight(font) >= 600
                or bool(f.font_flags(font) & _FORCE_BOLD)
                or is_bold_name(name)
            )
            known = (bold, is_icon_font(name))
            self.fonts[font] = known
        return known

    def _user_box(self, index: int) -> tuple[float, float, float, float]:
        """Loose box of the character at ``index`` in user space (left, bottom, right, top)."""
        self.f.text_loose_box(self.textpage, index, ctypes.byref(self.rect))
        r = self.rect
        return r.left, r.bottom, r.right, r.top

    def _box(self, index: int) -> tuple[float, float, float, float]:
        return self.frame.to_display(*self._user_box(index))

    def _size(self, index: int) -> tuple[float, float | None]:
        """Effective font size at ``index``, and the baseline when the text is upright."""
        f = self.f
        size = float(f.text_font_size(self.textpage, index))
        m = self.matrix
        if not f.text_matrix(self.textpage, index, ctypes.byref(m)):
            return size, None
        size *= math.hypot(m.c, m.d)
        upright = abs(m.b) < 1e-6 and abs(m.c) < 1e-6 and m.a > 0 and m.d > 0
        return size, (float(m.f) if upright else None)

    def runs(self, text: str) -> list[TextRun]:
        runs: list[TextRun] = []
        start = 0
        for end in _line_ends(text):
            self._gallop(text, start, end, runs)
            start = end + 1
        return runs

    def _gallop(self, text: str, start: int, end: int, runs: list[TextRun]) -> None:
        get = self.f.text_get_object
        tp = self.textpage
        i = start
        while i < end:
            if text[i] in "\r\n":
                i += 1
                continue
            obj = get(tp, i)
            if obj and get(tp, end - 1) == obj:
                stop = end
            else:
                same, step = i, 1
                while same + step < end and get(tp, same + step) == obj:
                    same += step
                    step *= 2
                differ = min(same + step, end)
                while differ - same > 1:
                    middle = (same + differ) // 2
                    if get(tp, middle) == obj:
                        same = middle
                    else:
                        differ = middle
                stop = differ
            if obj:
                self._emit(text, i, stop, obj, runs)
            i = stop

    def _emit(self, text: str, start: int, stop: int, obj: int, runs: list[TextRun]) -> None:
        chunk = text[start:stop]
        stripped = chunk.strip()
        if not stripped:
            return
        first = start + (len(chunk) - len(chunk.lstrip()))
        last = start + len(chunk.rstrip()) - 1
        style = self._style(obj)
        if style.icon and len(stripped) <= 2:
            # An icon glyph. Longer "icon" runs carry /ActualText that pdfium attributes to
            # the icon's object (awesome-cv puts the phone number there): keep those.
            return
        size, baseline = self._size(first)
        pieces = [(first, last)]
        x0, _, _, _ = self._box(first)
        _, _, x1, _ = self._box(last)
        if x1 - x0 > (len(stripped) * _WIDE_RUN + 2) * max(size, 1.0) and " " in stripped:
            pieces = self._split_wide(text, first, last, size)
        for a, b in pieces:
            left, bottom, right, top = self._user_box(a)
            b_bottom, b_top = bottom, top
            if b != a:
                _, b_bottom, right, b_top = self._user_box(b)
            if baseline is not None:
                # Upright text: the box spans descender to ascender of the effective size,
                # the same convention as the pypdf engine, so both lay out alike.
                bottom, top = baseline - 0.2 * size, baseline + 0.8 * size
            else:
                bottom, top = min(bottom, b_bottom), max(top, b_top)
            dx0, dtop, dx1, dbottom = self.frame.to_display(left, bottom, right, top)
            runs.append(
                TextRun(
                    text=_fix_surrogates(text[a : b + 1]).translate(_HYPHENS),
                    x0=dx0,
                    top=dtop,
                    x1=dx1,
                    bottom=dbottom,
                    size=size,
                    bold=style.bold,
                    render_mode=style.render_mode,
                    fill=style.fill,
                    alpha=style.alpha,
                    order=style.order,
                )
            )

    def _split_wide(self, text: str, first: int, last: int, size: float) -> list[tuple[int, int]]:
        """Cut a run at spaces that cover a gutter-wide gap (columns glued in one object)."""
        pieces: list[tuple[int, int]] = []
        begin = first
        index = first
        while index < last:
            space = text.find(" ", index, last)
            if space < 0:
                break
            before = space - 1
            after = space + 1
            while after < last and text[after] == " ":
                after += 1
            if before >= begin and text[before] != " ":
                gap = self._box(after)[0] - self._box(before)[2]
                if gap > 1.0 * max(size, 1.0):
                    pieces.append((begin, before))
                    begin = after
            index = after
        pieces.append((begin, last))
        return pieces

    def scene(self, textpage_text: str) -> PageScene:
        return PageScene(
            width=self.frame.width,
            height=self.frame.height,
            runs=self.runs(textpage_text),
            paints=self.paints,
        )


def _line_ends(text: str) -> list[int]:
    ends = [i for i, ch in enumerate(text) if ch == "\n"] if "\n" in text else []
    ends.append(len(text))
    return ends


def _fix_surrogates(text: str) -> str:
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


def _frame(page: pdfium.PdfPage) -> PageFrame:
    # FPDF_GetPageBoundingBox is the CropBox clipped to the MediaBox, inherited boxes
    # included (FPDFPage_GetMediaBox reads only the page's own dictionary).
    rect = pdfium_c.FS_RECTF()
    if pdfium_c.FPDF_GetPageBoundingBox(page.raw, rect):
        box = (rect.left, rect.bottom, rect.right, rect.top)
    else:
        width, height = page.get_size()
        box = (0.0, 0.0, width, height)
    return PageFrame.from_boxes(box, None, int(page.get_rotation()))


def _transform_box(
    m: Matrix, left: float, bottom: float, right: float, top: float
) -> tuple[float, float, float, float]:
    a, b, c, d, e, f = m
    xs, ys = [], []
    for x, y in ((left, bottom), (left, top), (right, bottom), (right, top)):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return min(xs), min(ys), max(xs), max(ys)


def _page_text(textpage: int) -> str:
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


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise encrypted() from None
        raise corrupt("pdfium", exc) from None


def read_pdfium(data: bytes, *, limits: Limits, deadline: Deadline) -> list[PageScene]:
    """Return one ``PageScene`` per page, read with pdfium.

    Raises:
        EncryptedDocumentError: the empty password does not open the file.
        CorruptDocumentError: pdfium cannot parse the file or one of its pages.
        DocumentTooLargeError: more pages than ``limits.max_pages``, or out of time.
    """
    scenes: list[PageScene] = []
    with _PDFIUM_LOCK:
        document = _open(data)
        try:
            count = len(document)
            if count > limits.max_pages:
                raise too_many_pages(count, limits)
            for index in range(count):
                deadline.check()
                page = document[index]
                try:
                    textpage = page.get_textpage()
                    try:
                        reader = _PageReader(page, textpage, deadline)
                        reader.walk()
                        scenes.append(reader.scene(_page_text(reader.textpage)))
                    finally:
                        textpage.close()
                finally:
                    page.close()
        except DocumentError:
            raise
        except (pdfium.PdfiumError, OSError, ValueError, TypeError, ctypes.ArgumentError) as exc:
            raise corrupt("pdfium", exc) from None
        finally:
            document.close()
    return scenes
