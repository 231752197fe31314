"""Resolve the run and paragraph properties that decide visibility and structure.

A run's effective formatting comes from, strongest first: its own ``w:rPr``, its character
style, the paragraph style, the table style, then the document defaults; each style is
followed up its ``basedOn`` chain. Toggle properties (bold, hidden) set by more than one
style level cancel out in pairs, as in Word; a run's own setting always wins.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from xml.etree.ElementTree import Element

from talentmatch.documents.docx import _names as n
from talentmatch.documents.docx._colours import RGB, Theme, contrast

__all__ = ["Effective", "RunFormat", "Style", "StyleSheet"]

_MAX_CHAIN = 32
_FALSE = frozenset(["0", "false", "off", "none"])
_RUN_TAGS = frozenset(
    [
        n.COLOR,
        n.R_STYLE,
        n.CS,
        n.RTL,
        n.SPEC_VANISH,
        n.VANISH,
        n.BOLD,
        n.SZ,
        n.SZ_CS,
        n.SHD,
        n.HIGHLIGHT,
        n.SCALE,
    ]
)


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
    except (ValueError, OverflowError):  # junk, "inf", "nan"
        return None


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
    def read(cls, rpr: Element | None, theme: Theme) -> RunFormat:
        """Read a ``w:rPr`` element (None gives an empty format)."""
        if rpr is None or not len(rpr):
            return _EMPTY
        # One pass over the children: a run's rPr is read for every run of the document.
        found: dict[str, Element] = {}
        for child in rpr:
            if child.tag in _RUN_TAGS:
                found.setdefault(child.tag, child)
        if not found:
            return _EMPTY
        get = found.get
        colour, automatic = theme.text_colour(get(n.COLOR))
        style = get(n.R_STYLE)
        cs, rtl = _on(get(n.CS)), _on(get(n.RTL))
        return cls(
            style=style.get(n.VAL) if style is not None else None,
            vanish=True if _on(get(n.SPEC_VANISH)) else _on(get(n.VANISH)),
            bold=_on(get(n.BOLD)),
            size=_int(get(n.SZ)),
            size_cs=_int(get(n.SZ_CS)),
            colour=colour,
            colour_auto=automatic,
            shading=theme.shading(get(n.SHD)),
            highlight=theme.highlight(get(n.HIGHLIGHT)),
            scale=_int(get(n.SCALE)),
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

    def __init__(self, root: Element | None, theme: Theme) -> None:
        self._theme = theme
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
                self.defaults = RunFormat.read(rpr_default.find(n.RPR), theme)
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
            style = self._resolved[style_id] = _resolve(style_id, self._raw, self._theme)
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


def _resolve(style_id: str, raw: dict[str, Element], theme: Theme) -> Style:
    chain = _chain(style_id, raw)
    run = _EMPTY
    num_id: str | None = None
    ilvl: int | None = None
    outline: int | None = None
    shading: RGB | None = None
    cell_shading: RGB | None = None
    have_num = have_outline = have_shading = have_cell = False
    for element in chain:
        run = run.under(RunFormat.read(element.find(n.RPR), theme))
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
                shading = theme.shading(ppr.find(n.SHD))
        for holder in (element.find(n.TC_PR), element.find(n.TBL_PR)):
            if holder is not None and not have_cell and holder.find(n.SHD) is not None:
                have_cell = True
                cell_shading = theme.shading(holder.find(n.SHD))
    own = chain[0] if chain else None
    name_element = own.find(n.NAME) if own is not None else None
    return Style(
        style_id=style_id,
        name=(name_element.get(n.VAL, "") if name_element is not None else "").lower(),
        run=run,
        num_id=num_id,
        ilvl=ilvl,
        outline_level=outline,
        shading=shading,
        cell_shading=cell_shading,
    )
