"""Turn a classified ``PageScene`` into lines (``RawBlock``) in reading order.

Steps, all engine-neutral:

1. Fake bold: a run repeated at (nearly) the same position is drawn once more for weight,
   not content; the copies are dropped. Only exact repeats a fraction of a glyph apart
   count, so genuine doubles ("committee", "2000") are untouched.
2. Rows: runs whose vertical centres agree form a row, left to right (right to left when
   the row is mostly Arabic or Hebrew).
3. Segments: a row is cut where the horizontal gap is wider than a word space could be.
4. Columns: ``split_columns`` orders the segments into zones (header, each column, footer).
5. Lines: the segments of one row within one zone form a line; runs are joined with a
   space when their gap shows one, which restores spaces that a producer positioned
   instead of typing. A blank block marks a paragraph gap.

When the C accelerator is built, it cuts rows and segments (``segments``) and builds the
visible lines (``zone_blocks``, each line by ``line_block``) as ``_rows``, ``_segments``,
``_zone_lines`` and ``_block`` do; runs of unusual field types are left to them.

Hidden runs are kept out of the layout and emitted after the visible lines as hidden
blocks, grouped by reason, so they never move or split visible text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from operator import attrgetter

from talentmatch.documents._raw import RawBlock
from talentmatch.documents.pdf._columns import (
    SEGMENT_SLOTS,
    Segment,
    Zone,
    split_columns_with,
)
from talentmatch.documents.pdf._pdfium_api import Native, native
from talentmatch.documents.pdf._scene import PageScene, TextRun
from talentmatch.models import BlockKind, FindingKind

__all__ = ["PageLayout", "layout_page", "layout_page_with"]

ROW_TOLERANCE = 0.45
"""Vertical centres closer than this share of the smaller run height share a row."""
SEGMENT_GAP = 1.0
"""Gap, in ems, beyond which a row is cut into separate segments."""
SPACE_GAP = 0.13
"""Gap, in ems, beyond which two runs are separated by a space."""
PARAGRAPH_GAP = 0.7
"""Vertical gap, in ems, beyond which a blank line marks a new paragraph."""
DUPLICATE_OFFSET = 0.2
"""Copies of a run closer than this share of its size are fake bold."""
_SPACES = re.compile(" {2,}")
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]")
# A soft hyphen drawn on a PDF page is a visible hyphen (fonts map their hyphen glyph to
# U+00AD); the shared cleaner would drop it as an invisible hint.
_DRAWN_HYPHEN = str.maketrans({"\u00ad": "-"})
_left_edge = attrgetter("x0")


@dataclass(slots=True)
class PageLayout:
    """The blocks of one page and how many text columns were found."""

    blocks: list[RawBlock]
    columns: int


# RawBlock is a frozen dataclass: its __init__ sets each field through object.__setattr__,
# a third of a line's layout. The slots' own descriptors set the same fields directly.
_new = object.__new__
_LINE_SLOTS = tuple(
    RawBlock.__dict__[name]
    for name in ("text", "kind", "hidden", "font_size", "bold", "x0", "column")
)
_SET_TEXT, _SET_KIND, _SET_HIDDEN, _SET_SIZE, _SET_BOLD, _SET_X0, _SET_COLUMN = (
    slot.__set__ for slot in _LINE_SLOTS
)


# What the accelerator's line_block needs to build a line as _block and _raw_block do.
_LINE_CONTEXT = (
    RawBlock,
    _LINE_SLOTS,
    BlockKind.LINE,
    round,
    SPACE_GAP,
)

_GAP = RawBlock(text="")
"""The empty block that marks a paragraph gap (immutable, so one serves every gap)."""


def _raw_block(
    text: str,
    hidden: FindingKind | None,
    size: float,
    bold: bool,
    x0: float,
    column: int | None,
) -> RawBlock:
    """``RawBlock(text, BlockKind.LINE, hidden, size, bold, x0, column)``, built per line."""
    block: RawBlock = _new(RawBlock)
    _SET_TEXT(block, text)
    _SET_KIND(block, BlockKind.LINE)
    _SET_HIDDEN(block, hidden)
    _SET_SIZE(block, size)
    _SET_BOLD(block, bold)
    _SET_X0(block, x0)
    _SET_COLUMN(block, column)
    return block


def _drop_fake_bold(runs: list[TextRun]) -> list[TextRun]:
    kept: list[TextRun] = []
    seen: dict[str, list[TextRun]] = {}
    for run in runs:
        key = run.text.strip()
        twins = seen.get(key)
        if twins is None:  # most texts occur once: nothing to compare with
            seen[key] = [run]
            kept.append(run)
            continue
        limit = DUPLICATE_OFFSET * max(run.size, 1.0)
        if any(
            abs(t.x0 - run.x0) < limit and abs(t.top - run.top) < limit and t.hidden == run.hidden
            for t in twins
        ):
            continue
        twins.append(run)
        kept.append(run)
    return kept


def _is_rtl(runs: Iterable[TextRun]) -> bool:
    texts = [run.text for run in runs]
    if not _RTL.search("".join(texts)):
        return False
    rtl = sum(len(_RTL.findall(text)) for text in texts)
    ltr = sum(1 for text in texts for ch in text if ch.isalpha()) - rtl
    return rtl > ltr


def _rows(runs: list[TextRun]) -> list[list[TextRun]]:
    rows: list[list[TextRun]] = []
    # TextRun.center_y and .height, computed here rather than through the properties; the
    # conditional expressions are max() and min() of two, without the builtin calls.
    anchor_centre = anchor_height = 0.0
    row: list[TextRun] = []
    for run in sorted(runs, key=lambda r: ((r.top + r.bottom) / 2, r.x0)):
        centre, height = (run.top + run.bottom) / 2, run.bottom - run.top
        if rows:
            smaller = height if height < anchor_height else anchor_height
            if abs(centre - anchor_centre) <= ROW_TOLERANCE * (0.5 if smaller < 0.5 else smaller):
                row.append(run)
                continue
        row = [run]
        rows.append(row)
        anchor_centre, anchor_height = centre, height
    for row in rows:
        if len(row) > 1:
            row.sort(key=_right_to_left if _is_rtl(row) else _left_edge)
    return rows


def _right_to_left(run: TextRun) -> float:
    return -run.x1


def _segments(rows: list[list[TextRun]]) -> list[Segment]:
    segments: list[Segment] = []
    for index, row in enumerate(rows):
        if len(row) == 1:
            segments.append(Segment(row, row=index))
            continue
        current: list[TextRun] = []
        previous: TextRun | None = None
        for run in row:
            if previous is not None:
                # max(gap either way) > SEGMENT_GAP * max(sizes), as conditional expressions
                ahead, behind = run.x0 - previous.x1, previous.x0 - run.x1
                size = run.size if run.size > previous.size else previous.size
                if (behind if behind > ahead else ahead) > SEGMENT_GAP * size:
                    segments.append(Segment(current, row=index))
                    current = []
            current.append(run)
            previous = run
        if current:
            segments.append(Segment(current, row=index))
    return segments


# What the accelerator's segments needs to build _segments(_rows(runs)) as they do.
_SEGMENT_CONTEXT = (
    Segment,
    SEGMENT_SLOTS,
    _left_edge,
    _right_to_left,
    _is_rtl,
    ROW_TOLERANCE,
    SEGMENT_GAP,
)


def _join(runs: list[TextRun]) -> str:
    parts: list[str] = []
    previous: TextRun | None = None
    for run in runs:
        text = run.text
        if previous is not None and parts:
            ahead, behind = run.x0 - previous.x1, previous.x0 - run.x1
            gap = behind if behind > ahead else ahead
            needs_space = not parts[-1].endswith(" ") and not text.startswith(" ")
            size = run.size if run.size < previous.size else previous.size
            if needs_space and gap > SPACE_GAP * size:
                parts.append(" ")
        parts.append(text)
        previous = run
    return _SPACES.sub(" ", "".join(parts)).strip()


def _block(runs: list[TextRun], column: int | None, hidden: FindingKind | None) -> RawBlock:
    if len(runs) == 1:
        run = runs[0]
        text = run.text
        return _raw_block(
            (_SPACES.sub(" ", text) if "  " in text else text).strip(),
            hidden,
            round(run.size, 2),
            run.bold,
            round(run.x0, 2),
            column,
        )
    weights = [(max(len(r.text.strip()), 1), r) for r in runs]
    total = sum(w for w, _ in weights)
    return _raw_block(
        _join(runs),
        hidden,
        round(max(weights, key=lambda wr: wr[0])[1].size, 2),
        sum(w for w, r in weights if r.bold) * 2 > total,
        round(min(r.x0 for r in runs), 2),
        column,
    )


def _zone_blocks(zone: Zone) -> Iterable[tuple[list[TextRun], float, float]]:
    zone_segments = zone.segments
    if len({s.row for s in zone_segments}) == len(zone_segments) and all(
        a.top <= b.top for a, b in pairwise(zone_segments)
    ):
        # One segment per row, already top to bottom (a NaN top fails the test): the rows
        # sorted by top, below, would keep this order, so no grouping is needed.
        for segment in zone_segments:
            yield segment.runs, segment.top, segment.bottom
        return
    by_row: dict[int, list[Segment]] = {}
    for segment in zone.segments:
        by_row.setdefault(segment.row, []).append(segment)
    tops = {
        row: segments[0].top if len(segments) == 1 else min(s.top for s in segments)
        for row, segments in by_row.items()
    }
    for row in sorted(by_row, key=tops.__getitem__):
        segments = by_row[row]
        if len(segments) == 1:
            yield segments[0].runs, segments[0].top, segments[0].bottom
            continue
        segments.sort(key=lambda s: s.x0)
        runs = [run for s in segments for run in s.runs]
        if _is_rtl(runs):
            runs.sort(key=lambda r: -r.x1)
        yield runs, tops[row], max(s.bottom for s in segments)


def _visible_blocks(
    runs: list[TextRun], accelerator: Native | None = None
) -> tuple[list[RawBlock], int]:
    # The accelerator cuts rows and segments as _rows and _segments do (None: it left them).
    segments = accelerator.segments(runs, _SEGMENT_CONTEXT) if accelerator is not None else None
    zones, columns = split_columns_with(
        segments if segments is not None else _segments(_rows(runs)), accelerator
    )
    blocks: list[RawBlock] = []
    # The accelerator builds the lines as _zone_lines does (False: it left them all to it).
    if accelerator is None or not accelerator.zone_blocks(zones, blocks, _ZONE_CONTEXT):
        _zone_lines(zones, blocks)
    return blocks, columns


def _zone_lines(zones: list[Zone], blocks: list[RawBlock]) -> None:
    """Append the zones' lines to ``blocks``, a gap before a new zone and a paragraph."""
    for zone_index, zone in enumerate(zones):
        previous_bottom: float | None = None
        previous_size = 0.0
        column = zone.column
        for line_runs, top, bottom in _zone_blocks(zone):
            block = _block(line_runs, column, None)
            if not block.text:
                continue
            size = block.font_size or 0.0
            new_zone = previous_bottom is None and zone_index > 0
            larger = previous_size if previous_size > size else size  # max(size, previous_size)
            paragraph = (
                previous_bottom is not None and top - previous_bottom > PARAGRAPH_GAP * larger
            )
            if (new_zone or paragraph) and blocks:
                blocks.append(_GAP)
            blocks.append(block)
            previous_bottom, previous_size = bottom, size


# What the accelerator's zone_blocks needs to do what _zone_lines does.
_ZONE_CONTEXT = (_LINE_CONTEXT, _block, _zone_blocks, _GAP, PARAGRAPH_GAP)


def _hidden_blocks(runs: list[TextRun]) -> list[RawBlock]:
    kinds: list[FindingKind] = []
    for run in sorted(runs, key=lambda r: (r.top, r.x0)):
        if run.hidden is not None and run.hidden not in kinds:
            kinds.append(run.hidden)
    blocks: list[RawBlock] = []
    for kind in kinds:
        for row in _rows([r for r in runs if r.hidden is kind]):
            block = _block(row, None, kind)
            if block.text:
                blocks.append(block)
    return blocks


def layout_page(scene: PageScene) -> PageLayout:
    """Return the page's lines in reading order, visible first, then hidden ones.

    ``scene`` must already be classified (``classify_hidden``).

    Example:
        >>> a = TextRun("Senior", 50, 100, 80, 110, size=10)
        >>> b = TextRun("nurse", 83, 100, 110, 110, size=10)
        >>> [blk.text for blk in layout_page(PageScene(600, 800, runs=[b, a])).blocks]
        ['Senior nurse']
    """
    return layout_page_with(scene, native())


def layout_page_with(scene: PageScene, accelerator: Native | None) -> PageLayout:
    """``layout_page`` with the accelerator to use (None: the pure path), which a caller
    laying out a document's pages looks up once."""
    # The accelerator does what _prepared does (None: it left the page to it).
    prepared = (
        accelerator.prepare_runs(scene.runs, DUPLICATE_OFFSET) if accelerator is not None else None
    )
    visible, hidden = prepared if prepared is not None else _prepared(scene.runs)
    blocks, columns = _visible_blocks(visible, accelerator) if visible else ([], 1)
    return PageLayout(blocks=blocks + _hidden_blocks(hidden), columns=columns)


def _prepared(scene_runs: list[TextRun]) -> tuple[list[TextRun], list[TextRun]]:
    """The runs with text, line breaks and soft hyphens drawn as such, fake bold dropped, as
    (visible, hidden)."""
    runs = [r for r in scene_runs if r.text.strip()]
    for run in runs:
        if "\n" in run.text or "\r" in run.text:
            run.text = run.text.replace("\r", " ").replace("\n", " ")
        if "\u00ad" in run.text:
            run.text = run.text.translate(_DRAWN_HYPHEN)
    runs = _drop_fake_bold(runs)
    return [r for r in runs if r.hidden is None], [r for r in runs if r.hidden is not None]
