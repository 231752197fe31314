"""Lean ctypes prototypes for the pdfium calls made once per character, run or object.

pypdfium2's raw bindings wrap every handle in a typed ctypes pointer, which costs more than
the call itself when made thousands of times per page. These prototypes point at the same
C functions (taken from ``pypdfium2_raw``) but pass handles as plain integers. They are built
once, lazily, on first use.

The hottest ones are bound by ``_loose``, without argument types: ctypes then skips a
conversion per argument, about a third of the cost of a call.
Without argument types a Python int is passed as a C ``int``, which would truncate a
pointer, so handles given to them must be ``ctypes.c_void_p`` instances; ``page_get_object``
and ``form_get_object`` return ``Handle`` instances for that reason (its ``.value`` is the
address), and the page and text page handles are wrapped once per page.

``native()`` returns the optional C accelerator (``_native``) bound to the same pdfium
functions, or None when it was not built or ``TALENTMATCH_PURE_PYTHON=1`` asks for the pure
path; both paths give identical scenes (tests/test_pdf_speed_paths.py).
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable
from ctypes import (
    POINTER,
    c_char,
    c_char_p,
    c_double,
    c_float,
    c_int,
    c_size_t,
    c_ulong,
    c_void_p,
)
from dataclasses import dataclass
from typing import Any, Protocol, cast

import pypdfium2.raw as pdfium_c

from talentmatch._compiled import compiled, pure_python
from talentmatch.documents.pdf._scene import TextRun

__all__ = [
    "Box",
    "Handle",
    "LineFacts",
    "Native",
    "PdfiumApi",
    "api",
    "handle",
    "native",
]

Fn = Any  # a ctypes foreign function
Box = tuple[float, float, float, float]
LineFacts = tuple[
    int | None, int | None, int | None, float, bool, float, float, float, float, float, Box, Box
]
"""Of a line (first, last): the text objects of its first, middle and last characters; the
font size, whether the matrix was read, and the matrix's a, b, c, d, f at the first
character; the loose boxes (left, bottom, right, top) of the first and last characters."""


class Native(Protocol):
    """The C accelerator's functions (``_native.c``), as ``native()`` returns them.

    The one statement of their types: the module is imported by name, so mypy needs no
    stub of the compiled module.
    """

    def bind(self, addresses: tuple[int, ...], /) -> None: ...

    def walk(
        self,
        page: int,
        raw_texts: dict[int, Any],
        filled: list[Any],
        check: Callable[[], None],
        compose: Callable[..., Any],
        max_objects: int,
        max_paths: int,
        /,
    ) -> tuple[int, int]: ...

    def font_facts(self, font: int, /) -> tuple[bytes, int, int]: ...

    def page_text(self, textpage: int, /) -> str: ...

    def text_marks(self, text: str, /) -> int: ...

    def object_runs(
        self,
        textpage: int,
        text: str,
        start: int,
        end: int,
        raw_texts: dict[int, Any],
        fonts: dict[int, Any],
        origin: tuple[float, float],
        hypot: Callable[[float, float], float],
        run_type: type[TextRun],
        constants: tuple[float, float],
        /,
    ) -> list[TextRun | tuple[int, int, int]]: ...

    def fast_lines(
        self,
        textpage: int,
        text: str,
        bounds: bytes,
        raw_texts: dict[int, Any],
        fonts: dict[int, Any],
        special: list[Box],
        origin: tuple[float, float] | None,
        hypot: Callable[[float, float], float],
        run_type: type[TextRun],
        constants: tuple[float, float, float],
        /,
    ) -> list[LineFacts | TextRun | list[TextRun]]: ...

    def summarize(self, raw_texts: dict[int, Any], /) -> tuple[int, dict[Any, int], set[int]]: ...

    def special_objects(
        self, raw_texts: dict[int, Any], odd_keys: set[Any], fonts: set[int], /
    ) -> list[tuple[int, Any]]: ...

    def split_wide(
        self, textpage: int, text: str, first: int, last: int, em: float, /
    ) -> list[tuple[int, int]]: ...

    def object_boxes(
        self, objects: list[tuple[int, Any]], origin: tuple[float, float], /
    ) -> list[Box] | None: ...

    def touches(
        self, boxes: list[Box], x0: float, top: float, x1: float, bottom: float, /
    ) -> bool: ...

    def respace(
        self, textpage: int, text: str, first: int, last: int, gap: float, /
    ) -> list[int]: ...

    def classify_runs(
        self,
        runs: list[TextRun],
        width: float,
        height: float,
        paints: list[Any],
        images: list[Any],
        kinds: tuple[Any, Any, Any, Any],
        contrasts: dict[Any, float],
        white: tuple[float, float, float],
        ratio: Callable[[Any, float, Any], float],
        fallback: Callable[[TextRun], Any],
        constants: tuple[float, float, float],
        /,
    ) -> bool: ...

    def line_block(
        self, runs: list[TextRun], column: int | None, hidden: Any, context: tuple[Any, ...], /
    ) -> Any: ...

    def segments(self, runs: list[TextRun], context: tuple[Any, ...], /) -> list[Any] | None: ...

    def zone_blocks(
        self, zones: list[Any], blocks: list[Any], context: tuple[Any, ...], /
    ) -> bool: ...

    def line_bounds(self, text: str, /) -> bytes: ...

    def prepare_runs(
        self, runs: list[TextRun], offset: float, /
    ) -> tuple[list[TextRun], list[TextRun]] | None: ...

    def round_two(self, value: float, round_fn: Callable[[float, int], float], /) -> float: ...

    def column_split(
        self, segments: list[Any], context: tuple[Any, ...], /
    ) -> tuple[float, list[Any], list[Any], list[Any], list[Any]] | list[Any] | None: ...


class Handle(c_void_p):
    """A pdfium handle returned as a ctypes object, so it can be passed back as a pointer.

    A subclass of ``c_void_p`` as a return type is not converted to an int by ctypes.
    """


@dataclass(frozen=True, slots=True)
class PdfiumApi:
    """The pdfium functions the engine calls in hot loops, with integer handles."""

    text_count_chars: Fn
    text_get_text: Fn
    text_get_object: Fn
    text_loose_box: Fn
    text_font_size: Fn
    text_matrix: Fn
    page_count_objects: Fn
    page_get_object: Fn
    form_count_objects: Fn
    form_get_object: Fn
    obj_type: Fn
    obj_bounds: Fn
    obj_matrix: Fn
    obj_fill_color: Fn
    path_draw_mode: Fn
    text_render_mode: Fn
    text_obj_font_size: Fn
    text_font: Fn
    font_weight: Fn
    font_flags: Fn
    font_base_name: Fn
    document_load: Fn
    document_close: Fn
    page_count: Fn
    last_error: Fn
    page_load: Fn
    page_close: Fn
    text_load: Fn
    text_close: Fn
    page_box: Fn
    page_width: Fn
    page_height: Fn
    page_rotation: Fn


def _address(name: str) -> int:
    address = ctypes.cast(getattr(pdfium_c, name), c_void_p).value
    if not address:
        raise RuntimeError(f"pdfium function {name} is not available")
    return address


def _bind(name: str, restype: Any, *argtypes: Any) -> Fn:
    return ctypes.CFUNCTYPE(restype, *argtypes)(_address(name))


def _loose(name: str, restype: Any) -> Fn:
    """Bind without argument types (see the module docstring: handles as ``c_void_p``)."""
    function = _bind(name, restype)
    function.argtypes = None
    return function


@functools.cache
def api() -> PdfiumApi:
    """Return the prototypes, building them on first use."""
    matrix = POINTER(pdfium_c.FS_MATRIX)
    pf = POINTER(c_float)
    return PdfiumApi(
        text_count_chars=_bind("FPDFText_CountChars", c_int, c_void_p),
        text_get_text=_bind(
            "FPDFText_GetText", c_int, c_void_p, c_int, c_int, POINTER(ctypes.c_ushort)
        ),
        text_get_object=_loose("FPDFText_GetTextObject", c_void_p),
        text_loose_box=_loose("FPDFText_GetLooseCharBox", c_int),
        text_font_size=_loose("FPDFText_GetFontSize", c_double),
        text_matrix=_loose("FPDFText_GetMatrix", c_int),
        page_count_objects=_bind("FPDFPage_CountObjects", c_int, c_void_p),
        page_get_object=_loose("FPDFPage_GetObject", Handle),
        form_count_objects=_bind("FPDFFormObj_CountObjects", c_int, c_void_p),
        form_get_object=_bind("FPDFFormObj_GetObject", Handle, c_void_p, c_ulong),
        obj_type=_loose("FPDFPageObj_GetType", c_int),
        obj_bounds=_bind("FPDFPageObj_GetBounds", c_int, c_void_p, pf, pf, pf, pf),
        obj_matrix=_bind("FPDFPageObj_GetMatrix", c_int, c_void_p, matrix),
        obj_fill_color=_loose("FPDFPageObj_GetFillColor", c_int),
        path_draw_mode=_loose("FPDFPath_GetDrawMode", c_int),
        text_render_mode=_loose("FPDFTextObj_GetTextRenderMode", c_int),
        text_obj_font_size=_bind("FPDFTextObj_GetFontSize", c_int, c_void_p, pf),
        text_font=_loose("FPDFTextObj_GetFont", c_void_p),
        font_weight=_bind("FPDFFont_GetWeight", c_int, c_void_p),
        font_flags=_bind("FPDFFont_GetFlags", c_int, c_void_p),
        font_base_name=_bind(
            "FPDFFont_GetBaseFontName", c_size_t, c_void_p, POINTER(c_char), c_size_t
        ),
        # Documents, pages and text pages are opened and closed here rather than through
        # pypdfium2's PdfDocument, PdfPage and PdfTextPage, whose finalizer bookkeeping costs
        # about a tenth of pdfium's own page loading.
        document_load=_bind("FPDF_LoadMemDocument64", c_void_p, c_char_p, c_size_t, c_char_p),
        document_close=_bind("FPDF_CloseDocument", None, c_void_p),
        page_count=_bind("FPDF_GetPageCount", c_int, c_void_p),
        last_error=_bind("FPDF_GetLastError", c_ulong),
        page_load=_bind("FPDF_LoadPage", c_void_p, c_void_p, c_int),
        page_close=_bind("FPDF_ClosePage", None, c_void_p),
        text_load=_bind("FPDFText_LoadPage", c_void_p, c_void_p),
        text_close=_bind("FPDFText_ClosePage", None, c_void_p),
        page_box=_bind("FPDF_GetPageBoundingBox", c_int, c_void_p, POINTER(pdfium_c.FS_RECTF)),
        page_width=_bind("FPDF_GetPageWidthF", c_float, c_void_p),
        page_height=_bind("FPDF_GetPageHeightF", c_float, c_void_p),
        page_rotation=_bind("FPDFPage_GetRotation", c_int, c_void_p),
    )


def handle(raw: Any) -> int:
    """Return the address of a pypdfium2 raw handle (0 for NULL)."""
    return ctypes.cast(raw, c_void_p).value or 0


# The order _native.bind() expects.
_NATIVE_FUNCTIONS = (
    "FPDFPage_CountObjects",
    "FPDFPage_GetObject",
    "FPDFFormObj_CountObjects",
    "FPDFFormObj_GetObject",
    "FPDFPageObj_GetType",
    "FPDFTextObj_GetTextRenderMode",
    "FPDFPageObj_GetFillColor",
    "FPDFTextObj_GetFont",
    "FPDFPath_GetDrawMode",
    "FPDFPageObj_GetMatrix",
    "FPDFText_GetTextObject",
    "FPDFText_GetLooseCharBox",
    "FPDFText_GetFontSize",
    "FPDFText_GetMatrix",
    "FPDFFont_GetBaseFontName",
    "FPDFFont_GetWeight",
    "FPDFFont_GetFlags",
    "FPDFText_CountChars",
    "FPDFText_GetText",
    "FPDFPageObj_GetBounds",
)


@functools.cache
def _bound_native() -> Native | None:
    accelerator = cast(Native | None, compiled("talentmatch.documents.pdf._native", Native))
    if accelerator is None:
        return None
    accelerator.bind(tuple(_address(name) for name in _NATIVE_FUNCTIONS))
    return accelerator


def native() -> Native | None:
    """Return the bound C accelerator, or None for the pure-Python path."""
    return None if pure_python() else _bound_native()
