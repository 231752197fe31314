"""Lean ctypes prototypes for the pdfium calls made once per character, run or object.

pypdfium2's raw bindings wrap every handle in a typed ctypes pointer, which costs more than
the call itself when made thousands of times per page. These prototypes point at the same
C functions (taken from ``pypdfium2_raw``) but pass handles as plain integers. They are built
once, lazily, on first use.
"""

from __future__ import annotations

import ctypes
import functools
from ctypes import POINTER, c_char, c_double, c_float, c_int, c_size_t, c_uint, c_ulong, c_void_p
from dataclasses import dataclass
from typing import Any

import pypdfium2.raw as pdfium_c

__all__ = ["PdfiumApi", "api", "handle"]

Fn = Any  # a ctypes foreign function


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


@functools.cache
def api() -> PdfiumApi:
    """Return the prototypes, building them on first use."""
    rect = POINTER(pdfium_c.FS_RECTF)
    matrix = POINTER(pdfium_c.FS_MATRIX)
    pf = POINTER(c_float)
    pu = POINTER(c_uint)
    return PdfiumApi(
        text_count_chars=_bind("FPDFText_CountChars", c_int, c_void_p),
        text_get_text=_bind(
            "FPDFText_GetText", c_int, c_void_p, c_int, c_int, POINTER(ctypes.c_ushort)
        ),
        text_get_object=_bind("FPDFText_GetTextObject", c_void_p, c_void_p, c_int),
        text_loose_box=_bind("FPDFText_GetLooseCharBox", c_int, c_void_p, c_int, rect),
        text_font_size=_bind("FPDFText_GetFontSize", c_double, c_void_p, c_int),
        text_matrix=_bind("FPDFText_GetMatrix", c_int, c_void_p, c_int, matrix),
        page_count_objects=_bind("FPDFPage_CountObjects", c_int, c_void_p),
        page_get_object=_bind("FPDFPage_GetObject", c_void_p, c_void_p, c_int),
        form_count_objects=_bind("FPDFFormObj_CountObjects", c_int, c_void_p),
        form_get_object=_bind("FPDFFormObj_GetObject", c_void_p, c_void_p, c_ulong),
        obj_type=_bind("FPDFPageObj_GetType", c_int, c_void_p),
        obj_bounds=_bind("FPDFPageObj_GetBounds", c_int, c_void_p, pf, pf, pf, pf),
        obj_matrix=_bind("FPDFPageObj_GetMatrix", c_int, c_void_p, matrix),
        obj_fill_color=_bind("FPDFPageObj_GetFillColor", c_int, c_void_p, pu, pu, pu, pu),
        path_draw_mode=_bind(
            "FPDFPath_GetDrawMode", c_int, c_void_p, POINTER(c_int), POINTER(c_int)
        ),
        text_render_mode=_bind("FPDFTextObj_GetTextRenderMode", c_int, c_void_p),
        text_obj_font_size=_bind("FPDFTextObj_GetFontSize", c_int, c_void_p, pf),
        text_font=_bind("FPDFTextObj_GetFont", c_void_p, c_void_p),
        font_weight=_bind("FPDFFont_GetWeight", c_int, c_void_p),
        font_flags=_bind("FPDFFont_GetFlags", c_int, c_void_p),
        font_base_name=_bind(
            "FPDFFont_GetBaseFontName", c_size_t, c_void_p, POINTER(c_char), c_size_t
        ),
    )


def handle(raw: Any) -> int:
    """Return the address of a pypdfium2 raw handle (0 for NULL)."""
    return ctypes.cast(raw, c_void_p).value or 0
