"""Colours as Word draws them: hex values, theme colours, shading, highlight, contrast.

Visibility is judged by contrast between text and what lies behind it, so every colour a
document can name must resolve the way Word resolves it. In particular a theme colour
(``w:themeColor="background1"``) wins over the hex value stored next to it; reading only
the hex would let white-on-white text pass as black.
"""

from __future__ import annotations

import colorsys
import math
from xml.etree.ElementTree import Element

from talentmatch.documents.docx import _names as n

__all__ = ["RGB", "WHITE", "Theme", "contrast", "parse_hex"]

RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)

_HIGHLIGHTS: dict[str, RGB] = {
    "black": BLACK,
    "blue": (0, 0, 255),
    "cyan": (0, 255, 255),
    "green": (0, 255, 0),
    "magenta": (255, 0, 255),
    "red": (255, 0, 0),
    "yellow": (255, 255, 0),
    "white": WHITE,
    "darkBlue": (0, 0, 128),
    "darkCyan": (0, 128, 128),
    "darkGreen": (0, 128, 0),
    "darkMagenta": (128, 0, 128),
    "darkRed": (128, 0, 0),
    "darkYellow": (128, 128, 0),
    "darkGray": (128, 128, 128),
    "lightGray": (192, 192, 192),
}
# The Office theme, used when a document names theme colours but carries no theme part.
_OFFICE_THEME: dict[str, RGB] = {
    "dk1": BLACK,
    "lt1": WHITE,
    "dk2": (0x44, 0x54, 0x6A),
    "lt2": (0xE7, 0xE6, 0xE6),
    "accent1": (0x44, 0x72, 0xC4),
    "accent2": (0xED, 0x7D, 0x31),
    "accent3": (0xA5, 0xA5, 0xA5),
    "accent4": (0xFF, 0xC0, 0x00),
    "accent5": (0x5B, 0x9B, 0xD5),
    "accent6": (0x70, 0xAD, 0x47),
    "hlink": (0x05, 0x63, 0xC1),
    "folHlink": (0x95, 0x4F, 0x72),
}
# WordprocessingML and DrawingML names for the same theme slots.
_SLOT = {
    "dark1": "dk1",
    "light1": "lt1",
    "dark2": "dk2",
    "light2": "lt2",
    "text1": "dk1",
    "background1": "lt1",
    "text2": "dk2",
    "background2": "lt2",
    "tx1": "dk1",
    "bg1": "lt1",
    "tx2": "dk2",
    "bg2": "lt2",
    "hyperlink": "hlink",
    "followedHyperlink": "folHlink",
}


def parse_hex(value: str | None) -> RGB | None:
    """``"1F3864"`` or ``"#1f3864"`` -> RGB; ``"auto"``, names and junk -> None.

    Example:
        >>> parse_hex("FFFFFF"), parse_hex("auto")
        ((255, 255, 255), None)
    """
    if not value:
        return None
    value = value.strip().lstrip("#").split(" ", 1)[0]
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    if len(value) != 6:
        return {"black": BLACK, "white": WHITE}.get(value.lower())
    try:
        number = int(value, 16)
    except ValueError:
        return None
    return (number >> 16, (number >> 8) & 0xFF, number & 0xFF)


def _luminance(rgb: RGB) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(first: RGB, second: RGB) -> float:
    """WCAG contrast ratio, 1 (identical) to 21 (black on white).

    Example:
        >>> round(contrast((0, 0, 0), (255, 255, 255)))
        21
    """
    a, b = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _lightness(rgb: RGB, scale: float, offset: float) -> RGB:
    h, lightness, s = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    lightness = min(1.0, max(0.0, lightness * scale + offset))
    r, g, b = colorsys.hls_to_rgb(h, lightness, s)
    return (round(r * 255), round(g * 255), round(b * 255))


def _byte(value: str | None) -> float | None:
    try:
        return int(value, 16) / 255 if value else None
    except ValueError:
        return None


def _number(value: str | None) -> float | None:
    try:
        number = float(value) if value else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


class Theme:
    """The document's theme colours (or Office's), and colour resolution through them."""

    def __init__(self, root: Element | None) -> None:
        self._colours = dict(_OFFICE_THEME)
        if root is None:
            return
        for scheme in root.iter(n.A + "clrScheme"):
            for slot in scheme:
                name = slot.tag.rsplit("}", 1)[-1]
                for colour in slot:
                    value = colour.get("val") if colour.tag == n.A + "srgbClr" else None
                    rgb = parse_hex(value or colour.get("lastClr"))
                    if rgb is not None:
                        self._colours[name] = rgb
                        break
            break

    def slot(self, name: str | None) -> RGB | None:
        """A theme colour by WordprocessingML or DrawingML name (``background1``, ``bg1``)."""
        if not name:
            return None
        return self._colours.get(_SLOT.get(name, name))

    def _themed(
        self, element: Element, slot: str, tint: str, shade: str, fallback: RGB | None
    ) -> RGB | None:
        base = self.slot(element.get(n.W + slot))
        if base is None:
            return fallback
        tint_value, shade_value = _byte(element.get(n.W + tint)), _byte(element.get(n.W + shade))
        if tint_value is not None:
            base = _lightness(base, tint_value, 1 - tint_value)
        if shade_value is not None:
            base = _lightness(base, shade_value, 0.0)
        return base

    def text_colour(
        self, element: Element | None, attribute: str = n.VAL
    ) -> tuple[RGB | None, bool | None]:
        """(colour, is automatic) of a ``w:color`` (or ``w:background``); (None, None) if absent."""
        if element is None:
            return None, None
        value = element.get(attribute)
        fallback = parse_hex(value)
        colour = self._themed(element, "themeColor", "themeTint", "themeShade", fallback)
        automatic = colour is None and (value or "").lower() == "auto"
        return colour, automatic

    def highlight(self, element: Element | None) -> RGB | None:
        """The colour of a ``w:highlight`` marker, or None."""
        return _HIGHLIGHTS.get(element.get(n.VAL, "")) if element is not None else None

    def shading(self, shd: Element | None) -> RGB | None:
        """The colour a ``w:shd`` paints behind text, or None when it paints nothing."""
        if shd is None:
            return None
        pattern = (shd.get(n.VAL) or "clear").lower()
        if pattern == "nil":
            return None
        fill = self._themed(
            shd, "themeFill", "themeFillTint", "themeFillShade", parse_hex(shd.get(n.W + "fill"))
        )
        ink = self._themed(
            shd, "themeColor", "themeTint", "themeShade", parse_hex(shd.get(n.W + "color"))
        )
        if pattern == "solid":
            return ink or BLACK
        if pattern.startswith("pct") and pattern[3:].isdigit():
            share = min(int(pattern[3:]), 100) / 100
            base, pen = fill or WHITE, ink or BLACK
            mixed = (round(b * (1 - share) + p * share) for b, p in zip(base, pen, strict=True))
            red, green, blue = mixed
            return (red, green, blue)
        return fill

    def drawing_colour(self, element: Element) -> RGB | None:
        """Colour of a DrawingML colour element (srgbClr, schemeClr, sysClr, prstClr)."""
        local = element.tag.rsplit("}", 1)[-1]
        base: RGB | None
        if local == "srgbClr":
            base = parse_hex(element.get("val"))
        elif local == "schemeClr":
            base = self.slot(element.get("val"))
        elif local == "sysClr":
            base = parse_hex(element.get("lastClr"))
        elif local == "prstClr":
            base = parse_hex(element.get("val"))
        else:
            return None
        if base is None:
            return None
        scale = offset = None
        for child in element:
            local = child.tag.rsplit("}", 1)[-1]
            if local == "lumMod":
                scale = _number(child.get("val"))
            elif local == "lumOff":
                offset = _number(child.get("val"))
        if scale is None and offset is None:
            return base
        # DrawingML expresses tints as lightness modulation, in thousandths of a percent.
        return _lightness(base, (scale or 100_000) / 100_000, (offset or 0) / 100_000)
