"""Resolve the run and paragraph properties that decide visibility and structure.

A run's effective formatting comes from, strongest first: its own ``w:rPr``, its character
style, the paragraph style, the table style, then the document defaults; each style is
followed up its ``basedOn`` chain. Toggle properties (bold, hidden) set by more than one
style level cancel out in pairs, as in Word; a run's own setting always wins.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass, fields, replace
from xml.etree.ElementTree import Element

from talentmatch.documents.docx import _names as n

__all__ = [
    "RGB",
    "WHITE",
    "RunFormat",
    "StyleSheet",
    "Theme",
    "contrast",
    "parse_hex",
    "shading_colour",
]

RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)
_MAX_CHAIN = 32

_HIGHLIGHTS: dict[str, RGB] = {
    "black": (0, 0, 0),
    "blue": (0, 0, 255),
    "cyan": (0, 255, 255),
    "green": (0, 255, 0),
    "magenta": (255, 0, 255),
    "red": (255, 0, 0),
    "yellow": (255, 255, 0),
    "white": (255, 255, 255),
    "darkBlue": (0, 0, 128),
    "darkCyan": (0, 128, 128),
    "darkGreen": (0, 128, 0),
    "darkMagenta": (128, 0, 128),
    "darkRed": (128, 0, 0),
    "darkYellow": (128, 128, 0),
    "darkGray": (128, 128, 128),
    "lightGray": (192, 192, 192),
}
_FALSE = frozenset(["0", "false", "off", "none"])
_FILL = n.W + "fill"
_SHADING_INK = n.W + "color"


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
        return {"black": (0, 0, 0), "white": WHITE}.get(value.lower())
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


def _on(element: Element | None) -> bool | None:
    """Value of an on/off property element: None when absent."""
    if element is None:
        return None
    return element.get(n.VAL, "true").lower() not in _FALSE


def _int(element: Element | None, attribute: str = n.VAL) -> int | None:
    if element is None:
        return None
    try:
        return int(float(element.get(attribute, "")))
    except ValueError:
        return None


def shading_colour(shd: Element | None) -> RGB | None:
    """The colour a ``w:shd`` paints behind text, or None when it paints nothing."""
    if shd is None:
        return None
    pattern = (shd.get(n.VAL) or "clear").lower()
    fill = parse_hex(shd.get(_FILL))
    colour = parse_hex(shd.get(_SHADING_INK))
    if pattern == "nil":
        return None
    if pattern == "solid":
        return colour or (0, 0, 0)
    if pattern.startswith("pct") and pattern[3:].isdigit():
        share = int(pattern[3:]) / 100
        base = fill or WHITE
        ink = colour or (0, 0, 0)
        return (
            round(base[0] * (1 - share) + ink[0] * share),
            round(base[1] * (1 - share) + ink[1] * share),
            round(base[2] * (1 - share) + ink[2] * share),
        )
    return fill


@dataclass(frozen=True, slots=True)
class RunFormat:
    """Run properties as set at one level; None means "not set here"."""

    style: str | None = None
    vanish: bool | None = None
    bold: bool | None = None
    size: int | None = None
    size_cs: int | None = None
    colour: RGB | None = None
    colour_auto: bool | None = None
    shading: RGB | None = None
    highlight: RGB | None = None
    scale: int | None = None
    complex_script: bool | None = None

    @classmethod
    def read(cls, rpr: Element | None) -> RunFormat:
        """Read a ``w:rPr`` element (None gives an empty format)."""
        if rpr is None:
            return _EMPTY
        colour_element = rpr.find(n.COLOR)
        colour_value = colour_element.get(n.VAL) if colour_element is not None else None
        vanish = _on(rpr.find(n.VANISH))
        spec_vanish = _on(rpr.find(n.SPEC_VANISH))
        highlight = rpr.find(n.HIGHLIGHT)
        style = rpr.find(n.R_STYLE)
        cs = _on(rpr.find(n.CS))
        rtl = _on(rpr.find(n.RTL))
        return cls(
            style=style.get(n.VAL) if style is not None else None,
            vanish=True if spec_vanish else vanish,
            bold=_on(rpr.find(n.BOLD)),
            size=_int(rpr.find(n.SZ)),
            size_cs=_int(rpr.find(n.SZ_CS)),
            colour=parse_hex(colour_value),
            colour_auto=None if colour_value is None else colour_value.lower() == "auto",
            shading=shading_colour(rpr.find(n.SHD)),
            highlight=_HIGHLIGHTS.get(highlight.get(n.VAL, "")) if highlight is not None else None,
            scale=_int(rpr.find(n.SCALE)),
            complex_script=True if (cs or rtl) else (cs if cs is not None else rtl),
        )

    def under(self, weaker: RunFormat) -> RunFormat:
        """This format with unset fields taken from ``weaker`` (no toggling)."""
        if weaker is _EMPTY:
            return self
        updates = {
            name: value
            for name in _INHERITED
            if getattr(self, name) is None and (value := getattr(weaker, name)) is not None
        }
        return replace(self, **updates) if updates else self


_EMPTY = RunFormat()
_INHERITED = tuple(f.name for f in fields(RunFormat) if f.name != "style")


@dataclass(frozen=True, slots=True)
class Style:
    """One ``w:style``, resolved up its ``basedOn`` chain."""

    style_id: str
    kind: str
    name: str
    run: RunFormat
    num_id: str | None
    ilvl: int | None
    outline_level: int | None
    shading: RGB | None
    cell_shading: RGB | None


@dataclass(frozen=True, slots=True)
class Effective:
    """What the reader needs to know about one run."""

    hidden: bool
    bold: bool
    size_pt: float | None


class StyleSheet:
    """The styles of one document, each resolved along its ``basedOn`` chain."""

    def __init__(self, root: Element | None) -> None:
        self.defaults = _EMPTY
        self.default_paragraph: str | None = None
        self.default_character: str | None = None
        self.default_table: str | None = None
        self._raw: dict[str, Element] = {}
        # Resolved on first use: templates define hundreds of styles, documents use a few.
        self._resolved: dict[str, Style] = {}
        if root is None:
            return
        defaults = root.find(n.DOC_DEFAULTS)
        if defaults is not None:
            rpr_default = defaults.find(n.RPR_DEFAULT)
            if rpr_default is not None:
                self.defaults = RunFormat.read(rpr_default.find(n.RPR))
        raw = self._raw
        for element in root.iter(n.STYLE):
            style_id = element.get(n.STYLE_ID)
            if style_id is None or style_id in raw:
                continue
            raw[style_id] = element
            if element.get(n.DEFAULT, "").lower() in ("1", "true", "on"):
                kind = element.get(n.TYPE, "paragraph")
                if kind == "paragraph" and self.default_paragraph is None:
                    self.default_paragraph = style_id
                elif kind == "character" and self.default_character is None:
                    self.default_character = style_id
                elif kind == "table" and self.default_table is None:
                    self.default_table = style_id

    def get(self, style_id: str | None) -> Style | None:
        """The resolved style, or None when the id is unknown or None."""
        if style_id is None or style_id not in self._raw:
            return None
        style = self._resolved.get(style_id)
        if style is None:
            style = self._resolved[style_id] = _resolve(style_id, self._raw)
        return style

    def paragraph_style(self, style_id: str | None) -> Style | None:
        """A paragraph's style, falling back to the document's default paragraph style."""
        return self.get(style_id) or self.get(self.default_paragraph)

    def effective(
        self,
        direct: RunFormat,
        paragraph: Style | None,
        table: Style | None,
        background: RGB,
    ) -> Effective:
        """Combine a run's direct formatting with its styles and judge its visibility."""
        character = self.get(direct.style) or self.get(self.default_character)
        levels = [s.run for s in (character, paragraph, table) if s is not None]
        merged = direct
        for level in levels:
            merged = merged.under(level)
        merged = merged.under(self.defaults)
        vanish = _toggle(direct.vanish, [lv.vanish for lv in levels], self.defaults.vanish)
        bold = _toggle(direct.bold, [lv.bold for lv in levels], self.defaults.bold)
        size = merged.size_cs if merged.complex_script and merged.size_cs else merged.size
        ground = merged.highlight or merged.shading or background
        invisible_colour = (
            merged.colour is not None
            and not merged.colour_auto
            and contrast(merged.colour, ground) < MIN_CONTRAST
        )
        tiny = (size is not None and size < MIN_HALF_POINTS) or (
            merged.scale is not None and merged.scale < MIN_SCALE_PERCENT
        )
        return Effective(
            hidden=vanish or invisible_colour or tiny,
            bold=bold,
            size_pt=size / 2 if size is not None else None,
        )


MIN_CONTRAST = 1.25
"""Below this contrast with its background, text is invisible (e.g. #E8E8E8 on white)."""
MIN_HALF_POINTS = 3
"""Text smaller than 1.5 pt (3 half-points) cannot be read."""
MIN_SCALE_PERCENT = 10
"""Characters squeezed below 10 % of their width cannot be read."""


def _toggle(direct: bool | None, styles: list[bool | None], default: bool | None) -> bool:
    if direct is not None:
        return direct
    set_values = [value for value in styles if value is not None]
    if not set_values:
        return bool(default)
    result = False
    for value in set_values:
        result ^= value
    return result


def _chain(style_id: str, raw: dict[str, Element]) -> list[Element]:
    chain: list[Element] = []
    seen: set[str] = set()
    current: str | None = style_id
    while current is not None and current in raw and current not in seen:
        if len(chain) >= _MAX_CHAIN:
            break
        seen.add(current)
        element = raw[current]
        chain.append(element)
        based_on = element.find(n.BASED_ON)
        current = based_on.get(n.VAL) if based_on is not None else None
    return chain


def _resolve(style_id: str, raw: dict[str, Element]) -> Style:
    chain = _chain(style_id, raw)
    run = _EMPTY
    num_id: str | None = None
    ilvl: int | None = None
    outline: int | None = None
    shading: RGB | None = None
    cell_shading: RGB | None = None
    have_num = have_outline = have_shading = have_cell = False
    for element in chain:
        run = run.under(RunFormat.read(element.find(n.RPR)))
        ppr = element.find(n.PPR)
        if ppr is not None:
            num_pr = ppr.find(n.NUM_PR)
            if num_pr is not None and not have_num:
                have_num = True
                num_element = num_pr.find(n.NUM_ID)
                num_id = num_element.get(n.VAL) if num_element is not None else None
                ilvl = _int(num_pr.find(n.ILVL))
            if not have_outline and ppr.find(n.OUTLINE_LVL) is not None:
                have_outline = True
                outline = _int(ppr.find(n.OUTLINE_LVL))
            if not have_shading and ppr.find(n.SHD) is not None:
                have_shading = True
                shading = shading_colour(ppr.find(n.SHD))
        for holder in (element.find(n.TC_PR), element.find(n.TBL_PR)):
            if holder is not None and not have_cell and holder.find(n.SHD) is not None:
                have_cell = True
                cell_shading = shading_colour(holder.find(n.SHD))
    own = chain[0] if chain else None
    name_element = own.find(n.NAME) if own is not None else None
    return Style(
        style_id=style_id,
        kind=own.get(n.TYPE, "paragraph") if own is not None else "paragraph",
        name=(name_element.get(n.VAL, "") if name_element is not None else "").lower(),
        run=run,
        num_id=num_id,
        ilvl=ilvl,
        outline_level=outline,
        shading=shading,
        cell_shading=cell_shading,
    )


_SCHEME_ALIASES = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}


class Theme:
    """Theme colours, for shapes whose fill names a scheme colour (``accent1``)."""

    def __init__(self, root: Element | None) -> None:
        self._colours: dict[str, RGB] = {}
        if root is None:
            return
        for scheme in root.iter(n.A + "clrScheme"):
            for slot in scheme:
                name = slot.tag.rsplit("}", 1)[-1]
                for colour in slot:
                    value = colour.get("val") if colour.tag == n.A + "srgbClr" else None
                    value = value or colour.get("lastClr")
                    rgb = parse_hex(value)
                    if rgb is not None:
                        self._colours.setdefault(name, rgb)
            break

    def colour(self, element: Element) -> RGB | None:
        """Colour of a DrawingML colour element (srgbClr, schemeClr, sysClr, prstClr)."""
        local = element.tag.rsplit("}", 1)[-1]
        base: RGB | None
        if local == "srgbClr":
            base = parse_hex(element.get("val"))
        elif local == "schemeClr":
            name = element.get("val", "")
            base = self._colours.get(_SCHEME_ALIASES.get(name, name))
        elif local == "sysClr":
            base = parse_hex(element.get("lastClr"))
        elif local == "prstClr":
            base = parse_hex(element.get("val"))
        else:
            return None
        if base is None:
            return None
        return _modulate(base, element)


def _modulate(rgb: RGB, element: Element) -> RGB:
    """Apply DrawingML lumMod/lumOff (how themes express lighter and darker tints)."""
    mod = off = None
    for child in element:
        local = child.tag.rsplit("}", 1)[-1]
        if local == "lumMod":
            mod = _int(child, "val")
        elif local == "lumOff":
            off = _int(child, "val")
    if mod is None and off is None:
        return rgb
    h, lightness, s = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    lightness = lightness * ((mod if mod is not None else 100_000) / 100_000)
    lightness = min(1.0, max(0.0, lightness + (off or 0) / 100_000))
    r, g, b = colorsys.hls_to_rgb(h, lightness, s)
    return (round(r * 255), round(g * 255), round(b * 255))
