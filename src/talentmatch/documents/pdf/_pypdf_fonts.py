"""Decode the bytes of a PDF text string into glyphs with pypdf's font model.

pypdf exposes no public per-glyph API, so this module leans on ``pypdf.generic._font.Font``
(pypdf >= 6): its encoding table, ToUnicode map and glyph widths, exactly as pypdf's own
``extract_text`` uses them. The dependency is kept to this one module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pypdf.generic import DictionaryObject
from pypdf.generic._font import Font

from talentmatch.documents.pdf._fontnames import is_bold_name, is_icon_font

__all__ = ["Glyph", "GlyphFont", "load_font"]

_FORCE_BOLD = 1 << 18
_BOLD_WEIGHTS = {"bold", "black", "heavy", "semibold", "demibold", "extrabold", "ultrabold"}


@dataclass(frozen=True, slots=True)
class Glyph:
    """One shown character code: its Unicode text, advance (1/1000 em), and word-space flag."""

    text: str
    width: float
    word_space: bool


@dataclass(frozen=True, slots=True)
class GlyphFont:
    """A font resource ready to decode strings."""

    font: Font | None
    bold: bool
    name: str
    icon: bool = False

    def glyphs(self, data: bytes) -> list[Glyph]:
        """Decode ``data`` (the bytes of a Tj string) into glyphs.

        Example:
            >>> GlyphFont(font=None, bold=False, name="").glyphs(b"Hi")[1].text
            'i'
        """
        font = self.font
        if font is None:
            return [Glyph(chr(b), 500.0, b == 32) for b in data]
        widths = font.character_widths
        default = float(widths.get("default", 500) or 500)
        cmap = font.character_map
        encoding = font.encoding
        out: list[Glyph] = []
        if isinstance(encoding, str):
            for code_text in _multi_byte(data, encoding):
                text = _unicode(cmap.get(code_text, code_text))
                out.append(Glyph(text, float(widths.get(code_text, default)), False))
            return out
        for byte in data:
            raw = chr(byte)
            mapped = encoding.get(byte, raw)
            text = _unicode(cmap.get(mapped, mapped))
            width = font.space_width if raw == font.space_char else widths.get(raw, default)
            out.append(Glyph(text, float(width), byte == 32))
        return out


def _multi_byte(data: bytes, encoding: str) -> list[str]:
    if encoding == "utf-16-be":
        if len(data) % 2:
            data = data + b"\x00"
        return [chr((data[i] << 8) | data[i + 1]) for i in range(0, len(data), 2)]
    return list(data.decode(encoding, "replace"))


def _unicode(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    if len(value) > 1 and value.startswith("/"):
        return ""  # an unmapped glyph name, not text
    return value


def _is_bold(font: Font, name: str) -> bool:
    descriptor = font.font_descriptor
    weight = str(getattr(descriptor, "weight", "")).lower().replace(" ", "")
    if weight in _BOLD_WEIGHTS:
        return True
    try:
        if float(weight) >= 600:
            return True
    except ValueError:
        pass
    flags = getattr(descriptor, "flags", 0)
    return bool(isinstance(flags, int) and flags & _FORCE_BOLD) or is_bold_name(name)


def load_font(resource: Any) -> GlyphFont:
    """Build a ``GlyphFont`` from a font resource dictionary (lenient on damage)."""
    resource = resource.get_object() if hasattr(resource, "get_object") else resource
    if not isinstance(resource, DictionaryObject):
        return GlyphFont(font=None, bold=False, name="")
    base = resource.get("/BaseFont", "")
    name = str(base) if isinstance(base, str) else ""
    try:
        font = Font.from_font_resource(resource)
    except Exception:  # a damaged font must not lose the page: read its bytes as Latin-1
        return GlyphFont(font=None, bold=is_bold_name(name), name=name, icon=is_icon_font(name))
    return GlyphFont(font=font, bold=_is_bold(font, name), name=name, icon=is_icon_font(name))
