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
"""

from __future__ import annotations

import ctypes
import functools
from ctypes import POINTER, c_char, c_double, c_float, c_int, c_size_t, c_ulong, c_void_p
from dataclasses import dataclass
from typing import Any

import pypdfium2.raw as pdfium_c

__all__ = ["Handle", "PdfiumApi", "api", "handle"]

Fn = Any  # a ctypes foreign function


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


def _bind(name: str, restype: Any, *argtypes: Any) -> Fn:
    function = getattr(pdfium_c, name)
    address = ctypes.cast(function, c_void_p).value
    if not address:
        raise RuntimeError(f"pdfium function {name} is not available")
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


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
    )


def handle(raw: Any) -> int:
    """Return the address of a pypdfium2 raw handle (0 for NULL)."""
    return ctypes.cast(raw, c_void_p).value or 0
