"""Find the column gutter of a page and split its text into zones in reading order.

Engines emit text in content-stream order, which for many two-column resumes interleaves
the columns (row by row) or glues both columns into one run. Reading order is therefore
rebuilt from geometry: a gutter is a vertical band, starting where the lines of a column
start (a left edge shared by several lines), that no text crosses over a tall region, with
substantial text on both sides. Lines above and below the region (the full-width header and
footer) are read before and after the columns.

A false split scrambles a one-column resume, which is worse than not splitting a real
two-column one, so a candidate is rejected when either side looks like an annotation
column (right-aligned dates, a narrow margin of year ranges), when either side is sparse
(labels beside content), or when the sides move in lockstep with short cells (a table, which
reads row by row).

When the C accelerator is built, its ``column_split`` does what ``_best_split`` does, with
the same arithmetic in the same order (tests/test_pdf_columns_native.py), and orders the
segments when there is no split; segments or runs of unusual values (anything but finite
floats and small ints) are left to the Python code.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from statistics import median

from talentmatch.documents.pdf._pdfium_api import Native, native
from talentmatch.documents.pdf._scene import TextRun

__all__ = ["SEGMENT_SLOTS", "Segment", "Zone", "split_columns", "split_columns_with"]

ALIGN_TOLERANCE = 3.0
"""Points within which left edges count as one column start."""
MIN_COLUMN_LINES = 3
MIN_REGION_SHARE = 0.5
"""The two-column region must span this share of the page's text height."""
MIN_SIDE_CHARS = 0.10
MIN_DENSITY = 0.25
"""Share of its own height a column's lines must fill (labels and dates fill less)."""
MIN_SIDE_EXTENT = 0.3
"""Share of the two-column region's height each column must span."""
MIN_LEFT_WIDTH = 0.15
MIN_RIGHT_WIDTH = 0.20
INDENT = 2.5
"""Ems a column's lines may be indented from its start (bullets, body under headings)."""
LOCKSTEP = 0.8
PROSE_CHARS = 25
MAX_DEPTH = 2


@dataclass(slots=True, init=False)
class Segment:
    """Runs of one row that sit together (no gap wider than a gutter between them).

    The bounds (``x0``, ``x1``, ``top``, ``bottom``), the largest ``size`` and the number of
    ``chars`` are computed from ``runs`` on construction (a page builds thousands).
    """

    runs: list[TextRun]
    row: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    chars: int

    def __init__(self, runs: list[TextRun], row: int) -> None:
        self.runs = runs
        self.row = row
        first = runs[0]
        x0, x1, top, bottom, size = first.x0, first.x1, first.top, first.bottom, first.size
        chars = len(first.text)
        if len(runs) > 1:  # most segments are one run: no slice, no loop
            for r in runs[1:]:
                x0 = r.x0 if r.x0 < x0 else x0
                x1 = r.x1 if r.x1 > x1 else x1
                top = r.top if r.top < top else top
                bottom = r.bottom if r.bottom > bottom else bottom
                size = r.size if r.size > size else size
                chars += len(r.text)
        self.x0, self.x1, self.top, self.bottom, self.size, self.chars = (
            x0,
            x1,
            top,
            bottom,
            size,
            chars,
        )


SEGMENT_SLOTS = tuple(
    Segment.__dict__[name] for name in ("runs", "row", "x0", "x1", "top", "bottom", "size", "chars")
)
"""Segment's slot descriptors in field order: the accelerator reads and sets fields by them."""


@dataclass(slots=True)
class Zone:
    """Segments read together, top to bottom, and the column they belong to."""

    segments: list[Segment]
    column: int = 0


@dataclass(slots=True)
class _Split:
    score: float
    header: list[Segment] = field(default_factory=list)
    left: list[Segment] = field(default_factory=list)
    right: list[Segment] = field(default_factory=list)
    footer: list[Segment] = field(default_factory=list)


def _candidates(segments: list[Segment], left: float, width: float) -> list[float]:
    edges = sorted(s.x0 for s in segments)
    clusters: list[list[float]] = []
    for x in edges:
        if clusters and x - clusters[-1][-1] <= ALIGN_TOLERANCE:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    lo = left + MIN_LEFT_WIDTH * width
    hi = left + (1 - MIN_RIGHT_WIDTH) * width
    return [c[0] for c in clusters if len(c) >= MIN_COLUMN_LINES and lo <= c[0] <= hi]


def _rows_height(segments: list[Segment]) -> float:
    spans: dict[int, tuple[float, float]] = {}
    for s in segments:
        top, bottom = spans.get(s.row, (s.top, s.bottom))
        spans[s.row] = (min(top, s.top), max(bottom, s.bottom))
    return sum(bottom - top for top, bottom in spans.values())


def _annotation_like(side: list[Segment]) -> bool:
    """Short fragments flush right (dates, places): notes beside the text, not a column."""
    right = max(s.x1 for s in side)
    flush = sum(1 for s in side if s.x1 >= right - ALIGN_TOLERANCE)
    return median(s.chars for s in side) < 20 and flush >= 0.7 * len(side)


def _divide(segment: Segment, gutter: float, gap: float) -> list[Segment] | None:
    """Cut a segment at the gutter into its left and right parts; None if a run crosses it."""
    if len(segment.runs) == 1:  # most segments: one run, no list or Segment to build
        run = segment.runs[0]
        on_left = run.x1 <= gutter - gap
        on_right = run.x0 >= gutter - ALIGN_TOLERANCE
        if on_left != on_right:
            return [segment]
        if not on_left:
            return None
    left = [r for r in segment.runs if r.x1 <= gutter - gap]
    right = [r for r in segment.runs if r.x0 >= gutter - ALIGN_TOLERANCE]
    if len(left) + len(right) < len(segment.runs):
        return None
    if not left or not right:
        return [segment]
    return [Segment(left, row=segment.row), Segment(right, row=segment.row)]


@dataclass(slots=True, init=False)
class _Ordered:
    """The segments top to bottom, with what every candidate gutter reads from them: sorted
    left and right edges (side counts by bisection) and which segments are one run.

    A NaN edge leaves ``sorted`` without an order to bisect: the counts are then made one
    segment at a time (``bisected`` is False), as a NaN never counts on either side.
    """

    segments: list[Segment]
    x0s: list[float]
    x1s: list[float]
    shapes: list[tuple[bool, float, float]]
    bisected: bool

    def __init__(self, segments: list[Segment]) -> None:
        self.segments = sorted(segments, key=lambda s: (s.top, s.x0))
        self.x0s = sorted(s.x0 for s in segments)
        self.x1s = sorted(s.x1 for s in segments)
        self.shapes = [(len(s.runs) == 1, s.x0, s.x1) for s in self.segments]
        self.bisected = all(x == x for x in self.x0s) and all(x == x for x in self.x1s)

    def sides(self, left_of: float, right_of: float) -> tuple[int, int]:
        """Segments starting left of ``left_of``, and ending right of ``right_of``."""
        if self.bisected:
            return bisect_left(self.x0s, left_of), len(self.x1s) - bisect_right(self.x1s, right_of)
        return sum(1 for x in self.x0s if x < left_of), sum(1 for x in self.x1s if x > right_of)


def _evaluate(
    view: _Ordered,
    gutter: float,
    gap: float,
    text_height: float,
    left: float,
    width: float,
) -> _Split | None:
    """Score the split at ``gutter``; ``view`` holds the segments top to bottom."""
    ordered = view.segments
    left_of, right_of = gutter - gap, gutter - ALIGN_TOLERANCE
    lefts, rights = view.sides(left_of, right_of)
    if min(lefts, rights) < MIN_COLUMN_LINES:
        return None  # not enough text on one side to be a column at all
    # Segments that are one run wholly on one side stay whole (_divide's answer without the
    # call); only the others are divided, and one crossing the gutter ends a region.
    others = [
        index
        for index, (one, x0, x1) in enumerate(view.shapes)
        if not (one and (x1 <= left_of) != (x0 >= right_of))
    ]
    regions: list[tuple[int, int, list[Segment]]] = []  # (first, last) index in ordered, parts
    current: list[Segment] = []
    start = 0
    done = 0  # ordered[:done] is in a region or dropped
    for index in others:
        current.extend(ordered[done:index])
        done = index + 1
        parts = _divide(ordered[index], gutter, gap)
        if parts is None:
            if current:
                regions.append((start, index - 1, current))
            current = []
            start = index + 1
        else:
            current.extend(parts)
    current.extend(ordered[done:])
    if current:
        regions.append((start, len(ordered) - 1, current))
    best: _Split | None = None
    for first, last, parts in regions:
        lside = [s for s in parts if s.x1 <= left_of]
        rside = [s for s in parts if s.x0 >= right_of]
        if len(lside) < MIN_COLUMN_LINES or len(rside) < MIN_COLUMN_LINES:
            continue  # fewer rows than a column needs: _acceptable would refuse it
        score = float(min(sum(s.chars for s in lside), sum(s.chars for s in rside)))
        if score <= 0 or (best is not None and score <= best.score):
            continue
        if _acceptable(lside, rside, parts, gutter, text_height, left, width):
            best = _Split(
                score=score,
                header=ordered[:first],
                left=lside,
                right=rside,
                footer=ordered[last + 1 :],
            )
    return best


def _acceptable(
    lside: list[Segment],
    rside: list[Segment],
    region: list[Segment],
    gutter: float,
    text_height: float,
    left: float,
    width: float,
) -> bool:
    lrows = {s.row for s in lside}
    rrows = {s.row for s in rside}
    if len(lrows) < MIN_COLUMN_LINES or len(rrows) < MIN_COLUMN_LINES:
        return False
    region_height = max(s.bottom for s in region) - min(s.top for s in region)
    if region_height < MIN_REGION_SHARE * text_height or region_height <= 0:
        return False
    lchars = sum(s.chars for s in lside)
    rchars = sum(s.chars for s in rside)
    if min(lchars, rchars) < MIN_SIDE_CHARS * (lchars + rchars):
        return False
    if gutter - min(s.x0 for s in lside) < MIN_LEFT_WIDTH * width:
        return False
    if max(s.x1 for s in rside) - gutter < MIN_RIGHT_WIDTH * width:
        return False
    for side in (lside, rside):
        # Density is judged over the side's own extent: a sidebar that ends half-way down
        # the page is dense where it is, while labels beside content are sparse everywhere.
        extent = max(s.bottom for s in side) - min(s.top for s in side)
        if extent < MIN_SIDE_EXTENT * region_height:
            return False
        if _rows_height(side) < MIN_DENSITY * extent or _annotation_like(side):
            return False
    aligned = sum(1 for s in rside if s.x0 <= gutter + ALIGN_TOLERANCE + INDENT * s.size)
    if aligned < 0.5 * len(rside):
        return False
    return not _grid_like(lside, rside)  # a table reads row by row


def _grid_like(lside: list[Segment], rside: list[Segment]) -> bool:
    """Rows move in lockstep across the gutter with short cells, or hold several cells."""
    cells: dict[int, int] = {}
    for s in rside:
        cells[s.row] = cells.get(s.row, 0) + 1
    if sum(1 for n in cells.values() if n > 1) >= 0.5 * len(cells):
        return True
    top = max(min(s.top for s in lside), min(s.top for s in rside))
    bottom = min(max(s.bottom for s in lside), max(s.bottom for s in rside))
    lrows = {s.row for s in lside if s.bottom >= top and s.top <= bottom}
    rrows = {s.row for s in rside if s.bottom >= top and s.top <= bottom}
    if not lrows or not rrows:
        return False
    shared = len(lrows & rrows)
    if min(shared / len(lrows), shared / len(rrows)) < LOCKSTEP:
        return False
    prose = max(median(s.chars for s in lside), median(s.chars for s in rside))
    return prose < PROSE_CHARS
    return True


def _best_split(segments: list[Segment]) -> _Split | None:
    if len(segments) < 2 * MIN_COLUMN_LINES:
        return None
    left = min(s.x0 for s in segments)
    width = max(s.x1 for s in segments) - left
    text_height = max(s.bottom for s in segments) - min(s.top for s in segments)
    if width <= 0 or text_height <= 0:
        return None
    best: _Split | None = None
    candidates = _candidates(segments, left, width)
    if not candidates:
        return None
    # Neither depends on the gutter: computed once, not once per candidate.
    gap = 0.8 * median(s.size for s in segments)
    view = _Ordered(segments)
    for gutter in candidates:
        split = _evaluate(view, gutter, gap, text_height, left, width)
        if split is not None and (best is None or split.score > best.score):
            best = split
    return best


# What the accelerator's column_split needs to do what _best_split does.
_SPLIT_CONTEXT = (
    Segment,
    SEGMENT_SLOTS,
    TextRun,
    tuple(TextRun.__dict__[name] for name in ("text", "x0", "x1", "top", "bottom", "size")),
    (
        ALIGN_TOLERANCE,
        MIN_COLUMN_LINES,
        MIN_REGION_SHARE,
        MIN_SIDE_CHARS,
        MIN_DENSITY,
        MIN_SIDE_EXTENT,
        MIN_LEFT_WIDTH,
        MIN_RIGHT_WIDTH,
        INDENT,
        LOCKSTEP,
        PROSE_CHARS,
    ),
)


def split_columns(segments: list[Segment], depth: int = 0) -> tuple[list[Zone], int]:
    """Return zones in reading order and how many columns they use.

    Example:
        >>> run = TextRun("Python developer", 50, 100, 150, 112, size=10)
        >>> zones, columns = split_columns([Segment([run], row=0)])
        >>> columns, len(zones[0].segments)
        (1, 1)
    """
    return split_columns_with(segments, native(), depth)


def split_columns_with(
    segments: list[Segment], accelerator: Native | None, depth: int = 0
) -> tuple[list[Zone], int]:
    """``split_columns`` with the accelerator to use (None: the pure path), which a caller
    laying out a document's pages looks up once."""
    split: _Split | None = None
    if depth <= MAX_DEPTH:
        # The accelerator finds the split as _best_split does (None: it left the segments
        # to it); when there is none, it gives the segments top to bottom.
        found = accelerator.column_split(segments, _SPLIT_CONTEXT) if accelerator else None
        if isinstance(found, list):
            return [Zone(segments=found)], 1
        split = _best_split(segments) if found is None else _Split(*found)
    if split is None:
        return [Zone(segments=sorted(segments, key=lambda s: (s.top, s.x0)))], 1
    zones: list[Zone] = []
    columns = 0
    for part in (split.header, split.left, split.right, split.footer):
        if not part:
            continue
        inner, used = split_columns_with(part, accelerator, depth + 1)
        is_column = part is split.left or part is split.right
        base = columns if is_column else 0
        for zone in inner:
            zones.append(Zone(segments=zone.segments, column=base + zone.column))
        if is_column:
            columns += used
    return zones, max(columns, 1)
