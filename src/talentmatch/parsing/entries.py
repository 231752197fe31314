"""Split an experience or education section into entries around their dates.

Resumes lay an entry out as a few short header lines (title, employer, school, degree,
location), a date line or a date at the end or start of a header line, then bullets or
description. The dates are the most reliable landmark, so each dated line anchors one
entry. How many header lines sit above the dates is read once, from the first entry of the
section, and applied to the others: layouts are consistent within a section, and this is
what keeps a previous entry's description from being mistaken for the next entry's title.

A section without dates falls back to grouping header lines with the bullets that follow.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from talentmatch.parsing._lines import Line
from talentmatch.parsing.dates import DateKind, DateRange
from talentmatch.parsing.geography import is_place
from talentmatch.parsing.headings import is_rule

__all__ = ["Entry", "Fragment", "MissingPart", "anchor_of", "is_header_like", "segment"]

_DETAIL = re.compile(
    r"^(?:gpa|cgpa|grade|grades|note|mention|thesis|th[eè]se|tesis|tese|abschlussarbeit|"
    r"courses?|coursework|relevant coursework|technologies|tools|environment|stack|"
    r"tech stack|keywords|skills|achievements?|responsibilities|tasks|aufgaben|t[aâ]ches|"
    r"missions?|logros|tareas|atividades|projects?|clients?|major|minor|honou?rs|"
    r"supervisors?|advisors?|description|sujet|tema|thema)\b[^:]{0,20}:",
    re.IGNORECASE,
)
_SEPARATORS = " \t|,;:()[]–—-•·/"
_CONTACT = re.compile(r"@|https?://|www\.|\.(?:com|org|net|io)/|(?:\d[\s().-]*){7}")


@dataclass(frozen=True, slots=True)
class Fragment:
    """A piece of header text with its offsets in ``Document.text``.

    Example:
        >>> Fragment("Acme Corp", 10, 19, 0).text
        'Acme Corp'
    """

    text: str
    start: int
    end: int
    line: int  # index of the line within the entry's header, in reading order
    on_date_line: bool = False


@dataclass(slots=True)
class Entry:
    """One entry: header fragments, its date mention, description lines, all its lines.

    Example:
        >>> Entry().header
        []
    """

    header: list[Fragment] = field(default_factory=list)
    date: DateRange | None = None
    date_text: tuple[int, int] | None = None
    body: list[Line] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    above: int = 0  # header lines above the date line
    layout_k: int = 0  # header lines above the date line in this section's first entry

    @property
    def start(self) -> int:
        """Offset of the entry's first character."""
        return self.lines[0].start

    @property
    def end(self) -> int:
        """Offset one past the entry's last character."""
        return self.lines[-1].end


def _words(text: str) -> int:
    return len(text.split())


def is_header_like(line: Line) -> bool:
    """True for a short line that can name a title, employer, school, degree or place.

    Example:
        >>> from talentmatch import load_document
        >>> from talentmatch.parsing._lines import document_lines
        >>> [is_header_like(line) for line in document_lines(load_document("Acme Corp\\n• Did x"))]
        [True, False]
    """
    if line.bullet or is_rule(line.text):
        return False
    text = line.text
    count = _words(text)
    if count > 14 or (count > 8 and text.endswith(".")):
        return False
    if _DETAIL.match(text) or _CONTACT.search(text):
        return False
    first = next((ch for ch in text if ch.isalpha()), "")
    return not (first and first.islower() and count > 3)


def anchor_of(line: Line, mentions: list[DateRange]) -> DateRange | None:
    """Return the date mention that anchors an entry on ``line``, if any.

    Ranges and "since" starts anchor anywhere but in long sentences; a single date anchors
    only when it reads as the line's date (at its start or end, or most of a short line).

    Example:
        >>> from talentmatch import load_document
        >>> from talentmatch.parsing._lines import document_lines
        >>> from talentmatch.parsing.dates import find_date_ranges
        >>> doc = load_document("Cook, Cafe Uno  2019 - 2021")
        >>> anchor_of(document_lines(doc)[0], find_date_ranges(doc.text)).first.iso()
        '2019'
    """
    if not mentions:
        return None
    body = line.text
    count = _words(body)
    ranked = sorted(mentions, key=lambda m: (m.kind is DateKind.SINGLE, m.start))
    for mention in ranked:
        lo, hi = mention.start - line.start, mention.end - line.start
        before, after = body[:lo].strip(_SEPARATORS), body[hi:].strip(_SEPARATORS + ".")
        at_edge = not before or not after or _edge_gap(body, lo, hi)
        if line.bullet and (mention.kind is DateKind.SINGLE or count > 9):
            continue
        if mention.kind is not DateKind.SINGLE:
            if count <= 16 or at_edge:
                return mention
            continue
        share = (hi - lo) / max(1, len(body))
        if (at_edge and count <= 12) or share >= 0.4:
            return mention
    return None


def _edge_gap(body: str, lo: int, hi: int) -> bool:
    """A date set apart by a tab, a wide gap or a bar ("Acme   2019", "Acme | 2019")."""
    left, right = body[max(0, lo - 3) : lo], body[hi : hi + 3]
    return any(mark in left + right for mark in ("\t", "   ", "|")) or left.endswith("  ")


def _trim(piece: str) -> str:
    """Strip separators, and brackets only when unbalanced: "(Compulsory Service)" stays."""
    piece = piece.strip(_SEPARATORS.replace("(", "").replace(")", ""))
    while piece.startswith("(") and ")" not in piece:
        piece = piece[1:].strip(_SEPARATORS)
    while piece.endswith(")") and piece.count(")") > piece.count("("):
        piece = piece[:-1].strip(_SEPARATORS)
    while piece.endswith(("(", "[")):
        piece = piece[:-1].strip(_SEPARATORS)
    return piece


def _fragments_of(line: Line, header_index: int, mentions: list[DateRange]) -> list[Fragment]:
    """The line's text outside its date mentions, as fragments."""
    cuts = sorted((m.start, m.end) for m in mentions if line.start <= m.start < line.end)
    bounds = [line.body_start]
    for lo, hi in cuts:
        bounds += [max(lo, line.body_start), min(hi, line.end)]
    bounds.append(line.end)
    out = []
    for lo, hi in zip(bounds[::2], bounds[1::2], strict=True):
        if hi <= lo:
            continue
        piece = line.text[lo - line.start : hi - line.start]
        stripped = _trim(piece)
        if any(ch.isalpha() for ch in stripped):
            offset = lo + piece.index(stripped)
            out.append(
                Fragment(
                    stripped, offset, offset + len(stripped), header_index, on_date_line=bool(cuts)
                )
            )
    return out


MissingPart = Callable[[str, list[Fragment]], bool]
"""Whether a line supplies what an entry's header lacks (a title, a degree)."""


def segment(
    lines: list[Line],
    mentions: dict[int, list[DateRange]],
    completes: MissingPart | None = None,
) -> list[Entry]:
    """Split a section's lines into entries.

    Args:
        lines: the section's lines, heading excluded.
        mentions: date mentions by line index (``Line.index``).
        completes: tells whether a line under the date line supplies what the header lacks
            ("ACME CORP, Dallas, TX   2018 - Present" over "Senior Accountant").

    Returns:
        Entries in order; lines before the first entry (an intro) belong to none.

    Example:
        >>> from talentmatch import load_document
        >>> from talentmatch.parsing._lines import document_lines
        >>> from talentmatch.parsing.dates import find_date_ranges
        >>> doc = load_document("Cook, Uno  2019 - 2021\\n- Fed guests\\nChef, Due  2016 - 2019")
        >>> lines = document_lines(doc)
        >>> dates = find_date_ranges(doc.text)
        >>> by_line = {0: dates[:1], 2: dates[1:]}
        >>> [len(e.body) for e in segment(lines, by_line)]
        [1, 0]
    """
    anchors: dict[int, DateRange] = {}
    for position, line in enumerate(lines):
        mention = anchor_of(line, mentions.get(line.index, []))
        if mention is None:
            continue
        if mention.kind is DateKind.SINGLE and _continues_bullet(lines, position):
            continue  # "... introduced in\n2019." is the end of a bullet, not an entry
        anchors[position] = mention
    if not anchors:
        return _undated(lines)
    order = sorted(anchors)
    k = 0
    while (
        k < 3
        and order[0] - k - 1 >= 0
        and is_header_like(lines[order[0] - k - 1])
        and not (k > 0 and lines[order[0] - k].blank_before)
    ):
        k += 1
    entries: list[Entry] = []
    floor = 0
    for n, position in enumerate(order):
        mention = anchors[position]
        above = 0
        while (
            above < 3
            and position - above - 1 >= floor
            and (position - above - 1) not in anchors
            and is_header_like(lines[position - above - 1])
            and (above < k or (n > 0 and _title_cased(lines[position - above - 1].text)))
            and not (above > 0 and lines[position - above].blank_before)
        ):
            above += 1
        if entries:
            _close(entries[-1], lines, floor, position - above)
        date_line = lines[position]
        entry = Entry(date=mention, date_text=(mention.start, mention.end), above=above, layout_k=k)
        for index, line in enumerate(lines[position - above : position]):
            entry.header.extend(_fragments_of(line, index, []))
        on_line = _fragments_of(date_line, above, mentions.get(date_line.index, [mention]))
        entry.header.extend(on_line)
        below_max = _below_allowance(k, date_line, mention, on_line)
        nxt = order[n + 1] if n + 1 < len(order) else len(lines)
        below = 0
        while position + below + 1 < nxt and below < 2:
            candidate = lines[position + below + 1]
            if not is_header_like(candidate) or candidate.blank_before:
                break
            missing = (
                below == 0
                and completes is not None
                and not candidate.text.endswith(".")
                and completes(candidate.text, entry.header)
            )
            if not (below < below_max or missing or (below == 0 and _is_place(candidate))):
                break
            below += 1
            entry.header.extend(_fragments_of(candidate, above + below, []))
        entry.lines = list(lines[position - above : position + below + 1])
        floor = position + below + 1
        entries.append(entry)
    _close(entries[-1], lines, floor, len(lines))
    return entries


def _continues_bullet(lines: list[Line], position: int) -> bool:
    """The line carries on a bullet or sentence left open on the line before."""
    line = lines[position]
    if line.text.rstrip().endswith(".") and (len(line.text.split()) > 6 or line.text[0].isdigit()):
        return True
    if position == 0 or line.blank_before:
        return False
    previous = lines[position - 1]
    return previous.bullet and not previous.text.rstrip().endswith((".", "!", "?", ";", ":"))


def _title_cased(text: str) -> bool:
    """Most words capitalised, as names, titles and degrees are and sentences are not."""
    long_words = [w for w in text.split() if len(w) >= 3 and w[0].isalpha()]
    if not long_words or (text.rstrip().endswith(".") and len(text.split()) > 3):
        return False
    capitalised = sum(1 for w in long_words if w[0].isupper())
    return capitalised / len(long_words) >= 0.6


def _below_allowance(k: int, line: Line, mention: DateRange, on_line: list[Fragment]) -> int:
    """How many header lines may follow the date line.

    Dates first ("2019 - 2021  Engineer" or a date alone, nothing above): the title or the
    employer may follow. Dates at the end of a header line: what follows is description,
    except a place.
    """
    if k > 0:
        return 0
    if not on_line:
        return 2
    date_first = not line.text[: mention.start - line.start].strip(_SEPARATORS)
    return 1 if date_first and len(on_line) == 1 else 0


def _is_place(line: Line) -> bool:
    return is_place(line.text)


def _close(entry: Entry, lines: list[Line], lo: int, hi: int) -> None:
    """Attach lines ``lo:hi`` to ``entry`` as its description."""
    body = [line for line in lines[lo:hi] if not is_rule(line.text)]
    entry.body.extend(body)
    entry.lines.extend(body)


def _undated(lines: list[Line]) -> list[Entry]:
    """Group undated lines: each run of header lines opens an entry, bullets follow it."""
    entries: list[Entry] = []
    current: Entry | None = None
    header_lines = 0
    for line in lines:
        if is_rule(line.text):
            continue
        if is_header_like(line):
            if current is None or current.body or header_lines >= 3:
                current = Entry()
                entries.append(current)
                header_lines = 0
            current.header.extend(_fragments_of(line, header_lines, []))
            current.lines.append(line)
            header_lines += 1
        elif current is not None:
            current.body.append(line)
            current.lines.append(line)
    return entries
