"""Find section headings and cut the document into sections.

A line is a heading when its words are heading vocabulary (``headings.heading_kind``), when
it is underlined by a rule ("EXPERIENCE" over "----------"), or when it opens with a heading
and a colon at the top of a paragraph ("Skills: Python, SQL"). When the reader reports font
sizes or bold, lines styled exactly like the recognised headings, and unlike body text, are
headings too (kind ``other`` unless their words say more). Everything before the first
heading is the header (name, contact details).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from talentmatch.models import BlockKind
from talentmatch.models.resume import SectionKind
from talentmatch.parsing._lines import Line
from talentmatch.parsing._normalise import words
from talentmatch.parsing.headings import heading_kind, is_rule, strip_decoration
from talentmatch.parsing.languages import mentions_language

__all__ = ["SectionSlice", "find_sections"]

_INLINE = re.compile(r"^([^:：]{2,40})[:：]\s*(\S.*)$")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DOCUMENT_TITLE = frozenset({"resume", "cv", "curriculum", "vitae", "lebenslauf", "curriculo"})


@dataclass(slots=True)
class SectionSlice:
    """A section as found: kind, heading line (None when inferred), and its lines.

    Example:
        >>> SectionSlice(SectionKind.SKILLS, None).lines
        []
    """

    kind: SectionKind
    heading: Line | None
    lines: list[Line] = field(default_factory=list)
    inline_start: int | None = None  # where content starts on an inline heading line
    inferred: bool = False


def _first_alpha_upper(text: str) -> bool:
    first = next((ch for ch in text if ch.isalpha()), "")
    return bool(first) and not first.islower()


def _heading(
    lines: list[Line], i: int, previous_heading: bool
) -> tuple[SectionKind, int | None] | None:
    line = lines[i]
    text = line.body if line.bullet else line.text
    icon = line.bullet and not line.text.startswith(("•", "-", "*", "–", "·", "o "))
    if line.bullet and not (text.isupper() or line.bold or icon):
        return None  # "• Education" in a list is content; " Education" is a heading
    next_is_rule = i + 1 < len(lines) and is_rule(lines[i + 1].text)
    kind = heading_kind(text)
    if kind is not None:
        if text.rstrip().endswith((",", ";")):
            return None
        if not _first_alpha_upper(text) and not (next_is_rule or line.bold):
            return None
        if i < 2 and set(words(strip_decoration(text))) <= _DOCUMENT_TITLE:
            return None
        return kind, None
    if (
        line.kind is BlockKind.HEADING
        and i >= 1
        and len(text.split()) <= 6
        and not _YEAR.search(text)
        and _first_alpha_upper(text)
    ):
        return SectionKind.OTHER, None  # the writer marked it a heading (DOCX style)
    if (
        next_is_rule
        and len(text.split()) <= 5
        and not _YEAR.search(text)
        and _first_alpha_upper(text)
        and not text.endswith((".", ","))
    ):
        return SectionKind.OTHER, None
    inline = _INLINE.match(text)
    if inline is None or not _first_alpha_upper(inline.group(1)):
        return None
    kind = heading_kind(inline.group(1))
    if kind is None:
        return None
    if not (line.blank_before or i == 0 or previous_heading or line.bold):
        return None
    if kind is SectionKind.LANGUAGES and not mentions_language(inline.group(2)):
        return None
    return kind, line.start + (len(line.text) - len(text)) + inline.start(2)


def _style(line: Line) -> tuple[bool, int] | None:
    if line.font_size is None and line.bold is None:
        return None
    return bool(line.bold), round(line.font_size or 0)


def _styled_headings(lines: list[Line], found: dict[int, tuple[SectionKind, int | None]]) -> None:
    """Add lines styled exactly like the recognised headings (and unlike body text)."""
    styles = Counter(
        s
        for i, (_, inline) in found.items()
        if inline is None and (s := _style(lines[i])) is not None
    )
    if not styles:
        return
    style, count = styles.most_common(1)[0]
    body = Counter(s for line in lines if (s := _style(line)) is not None)
    body_style = body.most_common(1)[0][0]
    if count < 2 or style == body_style or body[style] > max(count * 2, len(lines) // 8):
        return
    for i, line in enumerate(lines):
        if i in found or _style(line) != style or line.bullet:
            continue
        text = line.text
        if len(text.split()) > 4 or _YEAR.search(text) or text.endswith((".", ",", ";")):
            continue
        if _first_alpha_upper(text):
            found[i] = (SectionKind.OTHER, None)


def find_sections(lines: list[Line]) -> tuple[list[SectionSlice], int]:
    """Cut ``lines`` into sections.

    Args:
        lines: all lines of the document.

    Returns:
        The sections in reading order, and the number of header lines before the first one
        (all lines when there is no heading).

    Example:
        >>> from talentmatch import load_document
        >>> from talentmatch.parsing._lines import document_lines
        >>> slices, header = find_sections(document_lines(load_document("Jo\\nSKILLS\\nExcel")))
        >>> [s.kind.value for s in slices], header
        (['skills'], 1)
    """
    found: dict[int, tuple[SectionKind, int | None]] = {}
    previous = False
    for i, line in enumerate(lines):
        if is_rule(line.text):
            continue
        heading = _heading(lines, i, previous)
        if heading is not None:
            found[i] = heading
        previous = heading is not None and heading[1] is None
    _styled_headings(lines, found)
    if not found:
        return [], len(lines)
    sections: list[SectionSlice] = []
    order = sorted(found)
    for n, i in enumerate(order):
        kind, inline = found[i]
        stop = order[n + 1] if n + 1 < len(order) else len(lines)
        body = [line for line in lines[i + 1 : stop] if not is_rule(line.text)]
        if inline is not None:
            body = [lines[i], *body]
        sections.append(SectionSlice(kind, lines[i], body, inline))
    return sections, order[0]
