"""The accelerator's column finder (``column_split``) and ``_best_split`` agree exactly.

Both must pick the same gutter and region, put the same segments on each side in the same
order, and cut divided segments into equal new ones (bounds taken from the same runs). They
are compared on generated two-column pages, tables and annotation columns (divided rows,
ties, int coordinates, NaN and infinite values), on a sweep across every threshold of
``_columns`` (each sweep must flip the verdict, so it really crosses one), and on every page
of the fixtures and shared documents.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentmatch.config import Limits
from talentmatch.documents._raw import Deadline
from talentmatch.documents.pdf._columns import (
    _SPLIT_CONTEXT,
    Segment,
    _best_split,
    split_columns_with,
)
from talentmatch.documents.pdf._layout import _prepared, _rows, _segments
from talentmatch.documents.pdf._pdfium import read_pdfium
from talentmatch.documents.pdf._pdfium_api import Native, native
from talentmatch.documents.pdf._scene import TextRun
from talentmatch.documents.pdf._visibility import classify_hidden
from talentmatch.errors import DocumentError
from tests.conftest import SHARED_DATA, require_built
from tests.test_pdf_speed_paths import corpus

_EDGES = ("x0", "x1", "top", "bottom", "size")


def accelerator() -> Native:
    return require_built(native())


_INTS = sys.version_info < (3, 12)
"""Int coordinates are taken before Python 3.12 (whose sum() adds ints among floats without
compensation: the accelerator leaves them to Python there)."""


def _plain(value: object) -> bool:
    if type(value) is float:
        return math.isfinite(value)
    return _INTS and type(value) is int and abs(value) <= 2**31


def _unusual(segments: list[Segment]) -> bool:
    """A value the accelerator leaves to Python (on a segment or one of its runs)."""
    return any(
        not _plain(getattr(item, name))
        for s in segments
        for item in (s, *s.runs)
        for name in _EDGES
    )


def _shapes(lists: Sequence[list[Segment]], inputs: list[Segment]) -> list[list[Any]]:
    """Each list's segments: which input segment, or a new one by its fields, the runs its
    bounds come from, and which new object it is (one divided part can sit on both sides)."""
    fresh: dict[int, int] = {}
    shapes: list[list[Any]] = []
    for segments in lists:
        shape: list[Any] = []
        for segment in segments:
            index = next((i for i, s in enumerate(inputs) if s is segment), None)
            if index is not None:
                shape.append(("input", index))
                continue
            sources = [
                next(i for i, r in enumerate(segment.runs) if getattr(r, f) is getattr(segment, f))
                for f in _EDGES
            ]
            number = fresh.setdefault(id(segment), len(fresh))
            shape.append(("new", number, repr(segment), sources))
        shapes.append(shape)
    return shapes


def _agree(segments: list[Segment]) -> bool | None:
    """Assert both column finders agree; return whether Python split (None: left to it)."""
    found = accelerator().column_split(segments, _SPLIT_CONTEXT)
    expected = _best_split(segments)
    zones, columns = split_columns_with(segments, accelerator())
    pure_zones, pure_columns = split_columns_with(segments, None)
    assert columns == pure_columns
    assert [z.column for z in zones] == [z.column for z in pure_zones]
    assert _shapes([z.segments for z in zones], segments) == _shapes(
        [z.segments for z in pure_zones], segments
    )
    if found is None:
        assert _unusual(segments)
        return None
    if isinstance(found, list):  # no split: the segments top to bottom
        assert expected is None
        ordered = sorted(segments, key=lambda s: (s.top, s.x0))
        assert _shapes([found], segments) == _shapes([ordered], segments)
        return False
    assert expected is not None
    score, *parts = found
    assert score == expected.score
    assert type(score) is float
    wanted = [expected.header, expected.left, expected.right, expected.footer]
    assert _shapes(parts, segments) == _shapes(wanted, segments)
    return True


# ---- Generated pages --------------------------------------------------------------------

_GUTTER = 300.0
_SIZES = st.sampled_from([10.0, 10.0, 9.0, 12.0, 10])
_CHARS = st.sampled_from([1, 5, 9, 10, 19, 20, 21, 24, 25, 26, 40, 90])
# Edges at and beside the thresholds for size 10 (gap 8: left_of 292, right_of 297; aligned
# up to 328), and ints.
_LEFT_ENDS = st.sampled_from([280.0, 292.0, math.nextafter(292.0, 300), 293.0, 150.0, 280])
_RIGHT_STARTS = st.sampled_from(
    [_GUTTER, _GUTTER, 297.0, math.nextafter(297.0, 0), 303.0, 328.0, 329.0, 450.0, 300]
)
_ODD = st.sampled_from([float("nan"), float("inf"), -float("inf"), 2**40])


def _run(chars: int, x0: float, top: float, x1: float, size: float) -> TextRun:
    return TextRun("x" * chars, x0, top, x1, top + 10.0, size)


@st.composite
def _pages(draw: st.DrawFn) -> list[Segment]:
    """Header rows, a two-column body (some rows one segment of two runs, some with several
    right cells, some full-width rows splitting it into regions) and footer rows. The page
    draws its usual rows once; a row departs from them now and then."""
    segments: list[Segment] = []
    step = draw(st.sampled_from([14.0, 14.0, 12.0, 0.0, 30.0]))
    kinds = ["both"] * 6 + ["joined"] * 2 + ["left", "right", "full", "cells"]
    often = st.sampled_from([40, 40, 90, 26, 25, 24, 20, 19])
    usual = [
        draw(often),
        draw(st.sampled_from([50.0, 50.0, 60.0, 225.0])),
        draw(st.just(280.0) | _LEFT_ENDS),
        draw(often),
        draw(st.just(_GUTTER) | _RIGHT_STARTS),
        draw(st.sampled_from([550.0, 500.0, 400.0, 547.0])),
        draw(_SIZES),
    ]
    odds = draw(st.sampled_from([0, 4, 8]))  # one row in `odds` departs (0: none)

    def pick(k: int, values: st.SearchStrategy[Any]) -> Any:
        return draw(values) if odds and draw(st.integers(1, odds)) == 1 else usual[k]

    for row in range(draw(st.integers(2, 16))):
        top = 100.0 + step * row
        size = pick(6, _SIZES)
        kind = draw(st.sampled_from(kinds)) if odds else "both"
        left = _run(pick(0, _CHARS), pick(1, st.just(50.0)), top, pick(2, _LEFT_ENDS), size)
        right = _run(pick(3, _CHARS), pick(4, _RIGHT_STARTS), top, pick(5, st.just(520.0)), size)
        number = row if draw(st.integers(0, 4)) else row + 1000  # rows out of lockstep
        if kind == "joined":
            runs = [left, right] if draw(st.booleans()) else [right, left]
            segments.append(Segment(runs, row=number))
        elif kind == "full":
            segments.append(Segment([_run(draw(_CHARS), 50.0, top, 550.0, size)], row=number))
        else:
            if kind != "right":
                segments.append(Segment([left], row=number))
            if kind != "left":
                segments.append(Segment([right], row=number))
            if kind == "cells":
                cell = _run(5, 460.0, top, 550.0, size)
                segments.append(Segment([cell], row=number))
    for top in draw(st.lists(st.sampled_from([20.0, 40.0, 400.0, 420.0]), max_size=3)):
        segments.append(Segment([_run(40, 50.0, top, 550.0, 10.0)], row=int(top)))
    draw(st.randoms()).shuffle(segments)
    if segments and draw(st.integers(0, 9)) == 0:  # an unusual value: Python decides
        victim = draw(st.sampled_from(segments))
        setattr(victim, draw(st.sampled_from(_EDGES)), draw(_ODD))
    return segments


@settings(max_examples=1000)
@given(segments=_pages())
def test_both_finders_split_generated_pages_alike(segments: list[Segment]) -> None:
    split = _agree(segments)  # the two finders' zones, columns and splits are equal
    if split is not None:  # and a split at the top is what makes a page read as columns
        assert (split_columns_with(segments, accelerator())[1] > 1) is split


_grid = st.sampled_from([0.0, 3.0, 6.0, 50.0, 297.0, 300.0, 303.0])


@st.composite
def _scattered(draw: st.DrawFn) -> Segment:
    """Segments of one to three runs anywhere on a coarse grid: ties everywhere."""
    runs = [
        TextRun(
            "x" * draw(st.integers(0, 30)),
            x0 := draw(_grid | st.floats(0, 600, allow_nan=False)),
            top := draw(st.sampled_from([10.0, 20.0, 20.0, 200.0]) | st.integers(0, 300)),
            x0 + draw(st.sampled_from([0.0, 2.0, 40.0, 250.0, -1.0])),
            top + draw(st.sampled_from([10.0, 0.0, 100.0])),
            draw(st.sampled_from([10.0, 2.0, 3])),
        )
        for _ in range(draw(st.integers(1, 3)))
    ]
    return Segment(runs, row=draw(st.integers(0, 8)))


@settings(max_examples=400)
@given(segments=st.lists(_scattered(), min_size=5, max_size=30))
def test_both_finders_split_scattered_segments_alike(segments: list[Segment]) -> None:
    split = _agree(segments)  # the two finders' zones, columns and splits are equal
    if split is not None:  # and a split at the top is what makes a page read as columns
        assert (split_columns_with(segments, accelerator())[1] > 1) is split


# ---- Every threshold, crossed --------------------------------------------------------------


def _body(
    rows: int = 10,
    left_x0: float = 50.0,
    left_chars: int = 90,
    right_chars: Callable[[int], int] = lambda i: 40,
    right_x0: Callable[[int], float] = lambda i: _GUTTER,
    right_x1: Callable[[int], float] = lambda i: 550.0 - 40.0 * (i % 3),
    right_row: Callable[[int], int] = lambda i: i,
    height: Callable[[int], float] = lambda i: 10.0,
    right_rows: int | None = None,
    header_top: float | None = None,
    cells: int = 0,
) -> list[Segment]:
    """A two-column body the finder accepts as is (a full-width header row above it when
    header_top is given); each argument moves one thing the rules measure."""
    segments = []
    for i in range(rows):
        top = 100.0 + 14.0 * i
        left = TextRun("x" * left_chars, left_x0, top, 280.0, top + height(i), 10.0)
        segments.append(Segment([left], row=i))
        if right_rows is None or i < right_rows:
            right = TextRun(
                "x" * right_chars(i), right_x0(i), top, right_x1(i), top + height(i), 10.0
            )
            segments.append(Segment([right], row=right_row(i)))
        if i < cells:
            segments.append(Segment([TextRun("x" * 5, 560.0, top, 590.0, top + 10, 10.0)], row=i))
    if header_top is not None:
        segments.append(
            Segment([TextRun("x" * 40, 50.0, header_top, 550.0, header_top + 10, 10.0)], row=-1)
        )
    return segments


def _around(value: float) -> list[float]:
    return [
        value - 1.0,
        math.nextafter(value, -math.inf),
        value,
        math.nextafter(value, math.inf),
        value + 1.0,
    ]


def _floats(rule: Callable[[int, float], float]) -> Callable[[float], Callable[[int], float]]:
    """A row's value by rule(row, the sweep's value)."""
    return lambda value: lambda i: rule(i, value)


def _ints(rule: Callable[[int, int], int]) -> Callable[[int], Callable[[int], int]]:
    return lambda value: lambda i: rule(i, value)


_each, _each_int = _floats(lambda i, v: v), _ints(lambda i, v: v)
_SWEEPS: dict[str, list[list[Segment]]] = {
    # ALIGN_TOLERANCE: right lines starting 3 points apart still share one column start
    "align": [
        _body(right_x0=_floats(lambda i, d: _GUTTER + d * i)(d)) for d in (2.9, 3.0, 3.0000001, 3.1)
    ],
    # MIN_COLUMN_LINES
    "lines": [_body(rows=n) for n in (2, 3, 4)],
    # MIN_REGION_SHARE: the body is 136 points of a text height set by the header
    "region": [_body(header_top=t) for t in _around(236.0 - 272.0)],
    # MIN_SIDE_CHARS: the right side holds a tenth of the characters
    "side chars": [_body(right_chars=_each_int(c)) for c in (9, 10, 11)],
    # MIN_LEFT_WIDTH: 0.15 of a 500-point width
    "left width": [_body(left_x0=x, header_top=60.0) for x in _around(_GUTTER - 75.0)],
    # MIN_RIGHT_WIDTH: 0.2 of the width; the header keeps the width at 500
    "right width": [_body(right_x1=_each(x), header_top=60.0) for x in _around(_GUTTER + 100.0)],
    # INDENT: lines past gutter + 3 + 2.5 ems are not aligned with the column (3 lines
    # at the gutter, then one every 3.5 points: half the lines aligned or not)
    "indent": [
        _body(right_x0=_floats(lambda i, x: _GUTTER if i < 3 else x + 3.5 * (i - 3))(x))
        for x in _around(328.0 - 3.5)
    ],
    # MIN_SIDE_EXTENT: the right column ends after a few rows of growing height
    "extent": [
        _body(right_rows=3, height=_floats(lambda i, h: h if i == 2 else 10.0)(h))
        for h in _around(0.3 * 136.0 - 28.0)
    ],
    # MIN_DENSITY: thin rows fill less of the column's height
    "density": [_body(height=_each(h)) for h in _around(31.5 / 9.75)],
    # the annotation rule: short flush-right fragments (median 20 characters, 70% flush)
    "annotation chars": [
        _body(right_chars=_each_int(c), right_x1=_each(550.0)) for c in (19, 20, 21)
    ]
    + [_body(right_chars=lambda i: 19 + i % 2, right_x1=_each(550.0))],
    "annotation flush": [
        _body(
            right_chars=_each_int(10),
            right_x1=_floats(lambda i, k: 550.0 if i < k else 500.0)(k),
        )
        for k in (6, 7, 8)
    ],
    # LOCKSTEP and PROSE_CHARS: rows shared across the gutter, short cells
    "lockstep": [
        _body(
            left_chars=20,
            right_chars=_each_int(20),
            right_row=_ints(lambda i, k: i if i < k else 100 + i)(k),
        )
        for k in (7, 8, 9)
    ],
    "prose": [_body(left_chars=c, right_chars=_each_int(c)) for c in (24, 25, 26)]
    + [_body(left_chars=24, right_chars=lambda i: 24 + i % 2)],
    # cells: half the right rows holding several segments reads as a table
    "cells": [_body(cells=k, right_x1=lambda i: 550.0 - 40.0 * (i % 3) - 60.0) for k in (4, 5, 6)],
}


@pytest.mark.parametrize("name", sorted(_SWEEPS))
def test_both_finders_agree_either_side_of_each_threshold(name: str) -> None:
    verdicts = {_agree(segments) for segments in _SWEEPS[name]}
    assert verdicts == {True, False}, f"the {name} sweep does not cross its threshold"


def test_ints_are_split_as_python_does_and_odd_values_left_to_it() -> None:
    body = _body()
    for segment in body:
        run = segment.runs[0]
        run.x0, run.x1 = int(run.x0), int(run.x1)
        segment.x0, segment.x1 = run.x0, run.x1
    assert _agree(body) is (True if _INTS else None)
    body[0].runs[0].x1 = body[0].x1 = float("nan")
    assert _agree(body) is None
    few = _body()[:5]
    assert accelerator().column_split(few, _SPLIT_CONTEXT) == sorted(few, key=lambda s: s.top)


def test_divided_rows_become_new_segments_equal_to_pythons() -> None:
    body = _body()
    # every other row one segment of both runs (the others start the right column)
    pairs = list(zip(body[0::2], body[1::2], strict=True))
    mixed = [
        segment
        for i, (left, right) in enumerate(pairs)
        for segment in ([left, right] if i % 2 else [Segment([*left.runs, *right.runs], left.row)])
    ]
    assert _agree(mixed) is True
    found = accelerator().column_split(mixed, _SPLIT_CONTEXT)
    assert isinstance(found, tuple)
    created = [s for s in found[2] + found[3] if not any(s is m for m in mixed)]
    assert len(created) == len(pairs)


def test_a_run_on_both_sides_is_divided_into_two_parts_as_python_does() -> None:
    # An inverted box (x1 < x0) ends left of the gutter and starts right of it: _divide
    # makes a part of it for each side, and each part then counts on both sides.
    body = _body()
    body.append(Segment([TextRun("x" * 30, 299.0, 170.0, 200.0, 180.0, 10.0)], row=5))
    assert _agree(body) is True
    found = accelerator().column_split(body, _SPLIT_CONTEXT)
    assert isinstance(found, tuple)
    shared = [s for s in found[2] if any(s is t for t in found[3])]
    assert len(shared) == 2


def test_row_heights_add_up_as_this_pythons_sum_does() -> None:
    # Left to right these heights add up to one ulp below a quarter of the columns' extent
    # (too sparse); Neumaier's compensated sum, sum()'s since Python 3.12, reaches it.
    tops = [0.0, 1.5, 1.6, 1.8, 4.1, 6.3]
    heights = [0.1, 0.3, 0.2, 0.2, 0.7, 0.1]
    page = []
    for row, (top, height) in enumerate(zip(tops, heights, strict=True)):
        left = TextRun("x" * 90, 50.0, top, 280.0, top + height, 10.0)
        right = TextRun("x" * 40, _GUTTER, top, 550.0 - 40.0 * (row % 3), top + height, 10.0)
        page += [Segment([left], row=row), Segment([right], row=row)]
    assert _agree(page) is (sys.version_info >= (3, 12))


# ---- Real pages -------------------------------------------------------------------------


@pytest.mark.slow
def test_both_finders_split_every_page_alike() -> None:
    accelerator()
    pages = splits = 0
    for path in corpus():
        try:
            scenes = read_pdfium(path.read_bytes(), limits=Limits(), deadline=Deadline.after(60))
        except DocumentError:
            continue
        for scene in scenes:
            classify_hidden(scene)
            visible, _ = _prepared(scene.runs)
            if visible:
                pages += 1
                splits += bool(_agree(_segments(_rows(visible))))
    assert pages > 0
    if SHARED_DATA.exists():
        assert splits > 0  # two-column resumes among the templates
