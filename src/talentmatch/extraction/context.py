"""Where a token stands in the text: line, list-like lines, skills zones, sentence starts.

The extractor asks these questions only for ambiguous or near-miss candidates, so each answer
is computed on demand and remembered for the text being processed.

- A *skills zone* is a resume section of kind "skills" when the caller has a parsed resume;
  for plain text, the block under a heading such as "Technical Skills" or "Tech stack", or
  a line led by such a label ("Skills: Python, R, SQL") or by an industry, sector or
  domain field ("Industry: Financial Services").
- A *segment* is a sentence of a line (lines of prose hold several); context never crosses
  one.
- A *list segment* has three or more items split by list separators (",", ";", "|",
  " / ", bullets, tabs), most of them three words or shorter, or is led by a skills label.

Example:
    >>> from talentmatch.taxonomy.tokens import tokenize
    >>> layout = TextLayout(tokenize("Summary\\nSKILLS\\nPython, R, SQL\\n\\nEXPERIENCE\\nR&D"))
    >>> layout.in_skill_zone(layout.text.index("R,")), layout.in_skill_zone(layout.text.index("R&"))
    (True, False)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Sequence
from operator import itemgetter

from talentmatch.taxonomy.tokens import TokenizedText

__all__ = ["TextLayout"]

_LABEL = (
    r"(?:(?:technical|core|key|computer|it|software|professional|relevant|hard|digital|"
    r"programming|other)\s+)?"
    r"(?:skills?|skill\s*set|competenc(?:e|ies)|technolog(?:y|ies)|tools?|"
    r"tools\s+(?:and|&)\s+technologies|tech(?:nical)?\s+stack|stack|expertise|"
    r"proficienc(?:y|ies)|languages|frameworks|libraries|platforms|databases|software|"
    r"environment|technical\s+environment|industry|industries|sectors?|domains?)"
)
_HEADING = re.compile(rf"^[ \t•*#>\-–]*{_LABEL}\s*:?[ \t]*$", re.IGNORECASE | re.MULTILINE)
_HEADING_LOWER = re.compile(_HEADING.pattern, re.MULTILINE)
"""``_HEADING`` for lowered ASCII text (its letters are all lower case)."""
_LABELLED_LINE = re.compile(rf"^[ \t•*#>\-–]*{_LABEL}\s*[:\-–|]\s*\S", re.IGNORECASE)
_LABELLED_LOWER = re.compile(_LABELLED_LINE.pattern)
"""``_LABELLED_LINE`` for lowered ASCII text (see ``_labelled_line``)."""
_SEPARATORS = re.compile(r"[,;|•·▪●◦\t]| / ")

# Matched from the stop itself rather than after a lookbehind: the same match ends, found
# three times faster because the engine can skip to the next stop character.
_SENTENCE_END = re.compile(r"[.!?][^\S\n]+(?=[\"'(\[A-Z0-9•*-])")
_SENTENCE_BREAK = frozenset({".", "!", "?", ":", ";", "•", "*", "·", "|", "(", "[", "-", "–", "—"})
_MAX_ZONE_LINES = 20
_LEAD = itemgetter(slice(0, 1))


def _labelled_line(content: str) -> bool:
    """``_LABELLED_LINE`` matches ``content``: in ASCII text, ignoring case only folds ASCII
    letters, so the lowered text matched case-sensitively answers the same, faster."""
    if content.isascii():
        return _LABELLED_LOWER.match(content.lower()) is not None
    return _LABELLED_LINE.match(content) is not None


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped.split()) > 5 or _SEPARATORS.search(stripped):
        return False
    letters = [c for c in stripped if c.isalpha()]
    return bool(letters) and (stripped.endswith(":") or all(c.isupper() for c in letters))


class TextLayout:
    """Lazy answers about the layout of one tokenised text.

    Args:
        tokens: the tokenised text.
        zones: skills zones as ``(start, end)`` character ranges; None to detect them from
            headings in the text.
    """

    def __init__(
        self, tokens: TokenizedText, zones: Sequence[tuple[int, int]] | None = None
    ) -> None:
        self.tokens = tokens
        self.text = tokens.text
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        self._zones = list(zones) if zones is not None else None
        self._list_segments: dict[tuple[int, int], bool] = {}
        self._labelled: dict[tuple[int, int], bool] = {}
        self._segments: dict[int, list[int]] = {}
        self._bounds: dict[tuple[int, int], tuple[int, int]] = {}
        self._split = False
        self.skill_starts: Collection[int] = ()
        """Tokens where some surface form starts (set by the extractor after its scan)."""

    # -- lines --------------------------------------------------------------------------------

    def line_of(self, offset: int) -> int:
        """Index of the line holding character ``offset``."""
        return bisect_right(self._line_starts, offset) - 1

    def line_bounds(self, line: int) -> tuple[int, int]:
        """``(start, end)`` offsets of a line, without its newline."""
        start = self._line_starts[line]
        end = (
            self._line_starts[line + 1] - 1 if line + 1 < len(self._line_starts) else len(self.text)
        )
        return start, end

    def line_tokens(self, line: int) -> range:
        """Indices of the tokens on a line."""
        start, end = self.line_bounds(line)
        starts = self.tokens.starts
        return range(bisect_right(starts, start - 1), bisect_right(starts, end - 1))

    def _split_segments(self) -> None:
        """Cut every line into sentences with one pass over the text (asked per hit)."""
        # Only lines with a sentence break get an entry; the others are one segment.
        segments = self._segments
        line_starts = self._line_starts
        for match in _SENTENCE_END.finditer(self.text):
            end = match.end()
            line = bisect_right(line_starts, end) - 1
            segments.setdefault(line, [line_starts[line]]).append(end)
        self._split = True

    def segment_of(self, offset: int) -> tuple[int, int]:
        """``(line, index)`` of the sentence holding ``offset`` within its line."""
        if not self._split:
            self._split_segments()
        line = bisect_right(self._line_starts, offset) - 1
        starts = self._segments.get(line)
        return line, (0 if starts is None else bisect_right(starts, offset) - 1)

    def segment_table(self) -> tuple[list[int], dict[int, list[int]], int]:
        """What ``segment_of`` and ``segment_bounds`` read: the line starts, the sentence
        starts of each line with more than one sentence, and the text's length.

        For the C resolution (``extraction/_rules.c``), which answers those two questions
        from it without a call per hit. The lists are the layout's own: read, never change.

        Example:
            >>> from talentmatch.taxonomy.tokens import tokenize
            >>> TextLayout(tokenize("Go. Rust\\nC")).segment_table()
            ([0, 9], {0: [0, 4]}, 10)
        """
        if not self._split:
            self._split_segments()
        return self._line_starts, self._segments, len(self.text)

    def segment_bounds(self, segment: tuple[int, int]) -> tuple[int, int]:
        """``(start, end)`` offsets of a segment."""
        bounds = self._bounds.get(segment)
        if bounds is None:
            line, index = segment
            if not self._split:
                self._split_segments()
            starts = self._segments.get(line) or [self._line_starts[line]]
            end = starts[index + 1] if index + 1 < len(starts) else self.line_bounds(line)[1]
            bounds = self._bounds[segment] = starts[index], end
        return bounds

    def segment_words(self, segment: tuple[int, int]) -> int:
        """Number of word tokens in a segment."""
        start, end = self.segment_bounds(segment)
        starts = self.tokens.starts
        first, last = bisect_right(starts, start - 1), bisect_right(starts, end - 1)
        return self.word_tokens(first, last)

    def word_tokens(self, first: int, last: int) -> int:
        """Number of tokens from ``first`` to ``last - 1`` led by a letter or digit."""
        # key[:1].isalnum() per key, with the loop in C: it runs over whole sentences.
        return sum(map(str.isalnum, map(_LEAD, self.tokens.keys[first:last])))

    def is_list_segment(self, segment: tuple[int, int]) -> bool:
        """True for a sentence of short separated items or one led by a skills label."""
        cached = self._list_segments.get(segment)
        if cached is None:
            start, end = self.segment_bounds(segment)
            content = self.text[start:end]
            cached = False
            # Three items need two separators; counting them is much cheaper than splitting.
            if (
                content.count(",") + content.count(";") + content.count("|")
                + content.count("•") + content.count("·") + content.count("▪")
                + content.count("●") + content.count("◦") + content.count("\t")
                + content.count(" / ")
            ) >= 2:  # fmt: skip
                pieces = [p for p in _SEPARATORS.split(content) if p.strip()]
                short = sum(1 for p in pieces if len(p.split()) <= 3)
                cached = len(pieces) >= 3 and short * 10 >= len(pieces) * 7
            cached = cached or self._labelled_segment(segment)
            self._list_segments[segment] = cached
        return cached

    def _labelled_segment(self, segment: tuple[int, int]) -> bool:
        """The segment is led by a skills label ("Skills: ...")."""
        labelled = self._labelled.get(segment)
        if labelled is None:
            start, end = self.segment_bounds(segment)
            content = self.text[start:end]
            # _LABELLED_LINE needs one of these after the label; most prose has none of them.
            labelled = (
                ":" in content or "-" in content or "–" in content or "|" in content
            ) and _labelled_line(content)
            self._labelled[segment] = labelled
        return labelled

    # -- zones --------------------------------------------------------------------------------

    def in_skill_zone(self, offset: int, segment: tuple[int, int] | None = None) -> bool:
        """True when ``offset`` lies in a skills section or a labelled skills line.

        ``segment`` is ``segment_of(offset)`` when the caller has it.
        """
        zones = self._zones
        if zones is None:
            zones = self._zones = self._detect_zones()
        for start, end in zones:
            if start <= offset < end:
                return True
        return self._labelled_segment(self.segment_of(offset) if segment is None else segment)

    def skill_zones(self) -> list[tuple[int, int]]:
        """The skills zones as ``(start, end)`` offsets (``in_skill_zone``'s first test)."""
        if self._zones is None:
            self._zones = self._detect_zones()
        return self._zones

    def is_labelled_segment(self, segment: tuple[int, int]) -> bool:
        """True for a sentence led by a skills label (``in_skill_zone``'s second test)."""
        return self._labelled_segment(segment)

    def _detect_zones(self) -> list[tuple[int, int]]:
        zones = []
        for heading_start, heading_end in self._headings():
            line = self.line_of(heading_start) + 1
            zone_start = heading_end
            zone_end = zone_start
            seen_content = False
            for _ in range(_MAX_ZONE_LINES):
                if line >= len(self._line_starts):
                    break
                start, end = self.line_bounds(line)
                content = self.text[start:end]
                if not content.strip():
                    if seen_content:
                        break
                elif _looks_like_heading(content) and not _labelled_line(content):
                    break
                else:
                    seen_content = True
                    zone_end = end
                line += 1
            if zone_end > zone_start:
                zones.append((zone_start, zone_end))
        return zones

    def _headings(self) -> list[tuple[int, int]]:
        r"""Spans of what ``_HEADING.finditer`` finds in the text.

        The pattern is anchored to a line start, so it is tried there alone (a search tries
        it at every character); a match may run over line ends (``\s*``), and the next one
        starts after it, as with ``finditer``. In ASCII text, ignoring case only folds ASCII
        letters: the lowered text (same offsets) matched case-sensitively is the same.
        """
        text, pattern = self.text, _HEADING
        if text.isascii():
            text, pattern = text.lower(), _HEADING_LOWER
        match = pattern.match
        found = []
        resume_at = 0
        for start in self._line_starts:
            if start >= resume_at:
                heading = match(text, start)
                if heading is not None:
                    found.append(heading.span())
                    resume_at = heading.end()
        return found

    # -- tokens -------------------------------------------------------------------------------

    def sentence_initial(self, token: int) -> bool:
        """True when token ``token`` starts a line, a sentence or a list item."""
        if token == 0 or "\n" in self.tokens.seps[token]:
            return True
        return self.tokens.keys[token - 1] in _SENTENCE_BREAK or self.tokens.seps[token] in {
            "- ",
            "– ",
        }
