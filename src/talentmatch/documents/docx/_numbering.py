"""List numbering: the "• " or "1." a reader sees before a list paragraph.

Word draws bullets and numbers from ``numbering.xml``; they are not in the paragraph's
text, yet they carry structure (a bullet list of duties, numbered achievements), so the
reader puts them back as plain text. Numbers are counted per list the way Word does: a
level restarts when a shallower level advances.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from talentmatch.documents.docx import _names as n
from talentmatch.documents.docx._styles import StyleSheet

__all__ = ["ListCounters", "Numbering"]

BULLET = "• "
_MAX_LEVEL = 8
_PLACEHOLDER = re.compile(r"%([1-9])")


@dataclass(frozen=True, slots=True)
class _Level:
    fmt: str
    text: str
    start: int


@dataclass(frozen=True, slots=True)
class _List:
    key: str
    levels: dict[int, _Level]


def _val(element: Element | None) -> str | None:
    return element.get(n.VAL) if element is not None else None


def _to_int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _levels(abstract: Element) -> dict[int, _Level]:
    levels: dict[int, _Level] = {}
    for lvl in abstract.findall(n.LVL):
        index = _to_int(lvl.get(n.ILVL), -1)
        if 0 <= index <= _MAX_LEVEL:
            levels[index] = _Level(
                fmt=_val(lvl.find(n.NUM_FMT)) or "decimal",
                text=_val(lvl.find(n.LVL_TEXT)) or "",
                start=_to_int(_val(lvl.find(n.START)), 1),
            )
    return levels


class Numbering:
    """The list definitions of one document."""

    def __init__(self, root: Element | None, styles: StyleSheet) -> None:
        self._lists: dict[str, _List] = {}
        if root is None:
            return
        abstracts = {a.get(n.ABSTRACT_NUM_ID, ""): a for a in root.findall(n.ABSTRACT_NUM)}
        nums = {num.get(n.NUM_ID, ""): num for num in root.findall(n.NUM)}
        for num_id, num in nums.items():
            abstract_id = _val(num.find(n.ABSTRACT_NUM_ID)) or ""
            abstract = abstracts.get(abstract_id)
            if abstract is None:
                continue
            link = _val(abstract.find(n.NUM_STYLE_LINK))
            if link is not None:
                # A list that borrows its definition from a numbering style.
                style = styles.get(link)
                linked = nums.get(style.num_id or "") if style is not None else None
                linked_abstract = _val(linked.find(n.ABSTRACT_NUM_ID)) if linked else None
                if linked_abstract is not None and linked_abstract in abstracts:
                    abstract_id = linked_abstract
                    abstract = abstracts[linked_abstract]
            levels = _levels(abstract)
            overrides = num.findall(n.LVL_OVERRIDE)
            for override in overrides:
                index = _to_int(override.get(n.ILVL), -1)
                redefined = override.find(n.LVL)
                start = _val(override.find(n.START_OVERRIDE))
                base = levels.get(index)
                if redefined is not None:
                    level = _levels(_wrap(redefined)).get(index)
                    if level is not None:
                        levels[index] = level
                        base = level
                if start is not None and base is not None:
                    levels[index] = _Level(base.fmt, base.text, _to_int(start, base.start))
            # Lists sharing one abstract definition continue each other's numbering in
            # Word unless a list restarts it explicitly.
            key = f"num:{num_id}" if overrides else f"abstract:{abstract_id}"
            self._lists[num_id] = _List(key=key, levels=levels)

    def prefix(self, num_id: str, ilvl: int, counters: ListCounters) -> str | None:
        """Advance the list's counter and return the visible prefix, or None.

        ``numId`` 0 (or an unknown id) means "no list"; a ``none`` format gives "".
        """
        definition = self._lists.get(num_id)
        if definition is None:
            return None
        ilvl = min(max(ilvl, 0), _MAX_LEVEL)
        level = definition.levels.get(ilvl, _Level("decimal", f"%{ilvl + 1}.", 1))
        values = counters.advance(definition, ilvl, level.start)
        if level.fmt == "bullet":
            return BULLET
        if level.fmt == "none":
            return ""

        def number(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            other = definition.levels.get(index)
            value = values.get(index, other.start if other else 1)
            return _format(value, other.fmt if other else "decimal")

        text = _PLACEHOLDER.sub(number, level.text).strip()
        return text + " " if text else ""


def _wrap(level: Element) -> Element:
    holder = Element(n.ABSTRACT_NUM)
    holder.append(level)
    return holder


@dataclass(slots=True)
class ListCounters:
    """Current counter values of every list in one reading of a document."""

    _values: dict[str, dict[int, int]] = field(default_factory=dict)

    def advance(self, definition: _List, ilvl: int, start: int) -> dict[int, int]:
        values = self._values.setdefault(definition.key, {})
        values[ilvl] = values[ilvl] + 1 if ilvl in values else start
        for deeper in [level for level in values if level > ilvl]:
            del values[deeper]
        return values


def _format(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = _letters(value)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _letters(value: int) -> str:
    # Word repeats the letter past z: a..z, aa..zz, aaa..
    if not 0 < value <= 26 * 10:
        return str(value)
    letter = chr(ord("a") + (value - 1) % 26)
    return letter * ((value - 1) // 26 + 1)


_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def _roman(value: int) -> str:
    if not 0 < value < 4000:
        return str(value)
    out = []
    for amount, numeral in _ROMAN:
        count, value = divmod(value, amount)
        out.append(numeral * count)
    return "".join(out)
