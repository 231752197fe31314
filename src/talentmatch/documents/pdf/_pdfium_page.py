"""Read one pdfium page into a ``PageScene`` with as few native calls as the page allows.

Every ctypes call costs about a microsecond, and pdfium's own text extraction costs a few
milliseconds per page, so the reader works at the coarsest grain that is still exact:

1. One walk over the page objects records each text object's style and the filled areas,
   and marks the text objects that could be hidden or come from an icon font as *special*
   (``_pdfium_objects``).
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

import pypdfium2.raw as pdfium_c

from talentmatch.documents._clean import is_bullet_glyph
from talentmatch.documents.pdf._layout import SPACE_GAP
from talentmatch.documents.pdf._pdfium_api import Box, LineFacts, api
from talentmatch.documents.pdf._pdfium_objects import PageObjects, Scratch, TextStyle
from talentmatch.documents.pdf._scene import PageScene, TextRun
from talentmatch.documents.pdf._visibility import MIN_GLYPH_ADVANCE

__all__ = ["PdfiumPage", "Scratch"]

# pdfium marks a hyphen that ends a line with U+FFFE (0x02 in some paths); U+00AD from a
# font's ToUnicode is a hyphen the reader sees, not an invisible soft hyphen.
_HYPHENS = str.maketrans({"\x02": "-", "\ufffe": "-", "\u00ad": "-"})
_SURROGATES = re.compile("[\ud800-\udfff]")
_SPECIAL_CHARS = re.compile("[\x02\ufffe\u00ad\ud800-\udfff]")
_HYPHEN_MARKS = re.compile("[\x02\ufffe\u00ad]")
# pdfium joins a hyphenated line to the next one without a line break: cut after the mark.
_LINES = re.compile("[^\r\n\ufffe\x02]+[\ufffe\x02]?")
# Ems per character beyond which a line may hide a gutter (Latin glyphs average ~0.5 em).
_WIDE_LINE = 0.55
# Ems per character below which a line may hold tiny text next to normal text.
_DENSE_LINE = 0.3


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


def _line_bounds(text: str) -> array[int]:
    """(first, last) of each of pdfium's lines in ``text``, surrounding whitespace left out."""
    bounds = array("i")
    for match in _LINES.finditer(text):
        start = match.start()
        chunk = match.group()
        first = start + len(chunk) - len(chunk.lstrip())
        last = start + len(chunk.rstrip()) - 1
        if last >= first:
            bounds.append(first)
            bounds.append(last)
    return bounds


def _fix_surrogates(text: str) -> str:
    if _SURROGATES.search(text):
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


class PdfiumPage(PageObjects):
    """Reads one page's text into a ``PageScene`` (its objects come from ``PageObjects``)."""

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

    def _lines(
        self, text: str, bounds: array[int]
    ) -> list[LineFacts] | list[LineFacts | TextRun | list[TextRun]]:
        """Per line, its ``LineFacts``, or the finished run(s) when the accelerator could
        build them.

        The accelerator finishes a line exactly as ``_line`` would when it becomes runs of
        one known object and font (the common case: one run, or a list of the pieces of a
        line cut at gutters), and leaves every other line to ``_line``.
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
            marks = self.accelerator.text_marks(text)  # what the two searches below find
            self.marks, self.surrogates = marks > 0, marks > 1
            bounds = array("i")
            bounds.frombytes(self.accelerator.line_bounds(text))
        else:
            text = _page_text(self.textpage)
            self.marks = bool(_SPECIAL_CHARS.search(text))
            self.surrogates = self.marks and bool(_SURROGATES.search(text))
            bounds = _line_bounds(text)
        runs: list[TextRun] = []
        ends = iter(bounds)
        texts = self.texts
        for first, last, facts in zip(ends, ends, self._lines(text, bounds), strict=True):
            if isinstance(facts, TextRun):  # finished by the accelerator
                if self.marks:
                    facts.text = self._marked(facts.text)
                runs.append(facts)
                continue
            if isinstance(facts, list):  # a wide line the accelerator cut at its gutters
                for run in facts:
                    if self.marks:
                        run.text = self._marked(run.text)
                    runs.append(run)
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
        style: TextStyle,
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
        style: TextStyle,
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
        if self.surrogates:
            piece = _fix_surrogates(piece)
        # A page with a mark anywhere has most of its runs without one: translate() looks up
        # every character, a search for the three marks does not.
        return piece.translate(_HYPHENS) if _HYPHEN_MARKS.search(piece) else piece

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
        self, text: str, start: int, stop: int, obj: int, style: TextStyle, runs: list[TextRun]
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
