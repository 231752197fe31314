"""The pdfium engine's C accelerator and its pure-Python path give identical scenes.

The accelerator (``_native.c``) makes the same pdfium calls as the Python code and returns
their raw values; these tests hold it to that over every PDF the project can read. Its
engine-neutral functions (hidden-text rules, rows and segments, lines, rounding, line
bounds, run preparation, object boxes) are held to their Python originals on generated
input at every threshold.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import random
from array import array
from collections.abc import Iterator
from fractions import Fraction
from itertools import pairwise
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentmatch._compiled import PURE_PYTHON_ENV
from talentmatch.config import Limits
from talentmatch.documents import load_document
from talentmatch.documents._raw import Deadline, RawBlock
from talentmatch.documents.pdf._columns import Segment, Zone
from talentmatch.documents.pdf._layout import (
    _LINE_CONTEXT,
    _SEGMENT_CONTEXT,
    _ZONE_CONTEXT,
    DUPLICATE_OFFSET,
    _block,
    _prepared,
    _rows,
    _segments,
    _zone_lines,
)
from talentmatch.documents.pdf._pdfium import read_pdfium
from talentmatch.documents.pdf._pdfium_api import Native, handle, native
from talentmatch.documents.pdf._pdfium_page import (
    _SPECIAL_CHARS,
    _SURROGATES,
    PdfiumPage,
    Scratch,
    _line_bounds,
)
from talentmatch.documents.pdf._scene import PageScene, Paint, TextRun
from talentmatch.documents.pdf._visibility import classify_hidden
from talentmatch.errors import DocumentError
from talentmatch.models import FindingKind
from tests.conftest import FIXTURES, SHARED_DATA, require_built

pytestmark = pytest.mark.slow

_FIELDS = ("text", "kind", "hidden", "font_size", "bold", "x0", "column")
_EDGES = ("x0", "x1", "top", "bottom", "size")


def accelerator() -> Native:
    return require_built(native())


def corpus() -> list[Path]:
    paths = sorted((FIXTURES / "documents" / "pdf").glob("*.pdf"))
    if SHARED_DATA.exists():
        paths += sorted((SHARED_DATA / "resumes" / "templates").glob("*.pdf"))
        paths += sorted((SHARED_DATA / "documents").rglob("*.pdf"))
    return paths


def test_both_paths_read_identical_scenes_and_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    accelerator()
    compared = 0
    limits = Limits(pdf_fallback=False)
    for path in corpus():
        data = path.read_bytes()
        results: list[tuple[object, object]] = []
        for pure in ("0", "1"):
            monkeypatch.setenv(PURE_PYTHON_ENV, pure)
            try:
                scenes = read_pdfium(data, limits=limits, deadline=Deadline.after(30))
                document = load_document(data, limits=limits).model_dump()
            except DocumentError as exc:
                results.append((type(exc), str(exc)))
                continue
            results.append((scenes, document))
        assert results[0] == results[1], path.name
        compared += isinstance(results[0][0], list)
    assert compared >= 10  # the fixtures alone hold more readable PDFs than this


def test_the_walk_checks_the_deadline_as_often_on_both_paths() -> None:
    # A page with thousands of drawn paths (a CAD drawing or a generated one) crosses the
    # check interval many times.
    built = accelerator()
    data = _many_objects_pdf(4500)
    counts = []
    for use in (built, None):
        calls: list[int] = []
        deadline = Deadline.after(30)
        document = pdfium.PdfDocument(data)
        try:
            page = document[0]
            textpage = page.get_textpage()
            reader = PdfiumPage(handle(page.raw), handle(textpage.raw), deadline, Scratch(use))
            reader.deadline = _Recorder(calls)  # type: ignore[assignment]
            reader.walk()
            counts.append((len(calls), reader.positions, reader.paths, len(reader.filled)))
            textpage.close()
            page.close()
        finally:
            document.close()
    assert counts[0] == counts[1]
    assert counts[0][0] == 4500 // 2000


class _Recorder:
    def __init__(self, calls: list[int]) -> None:
        self.calls = calls

    def check(self) -> None:
        self.calls.append(1)


def test_a_deadline_raised_inside_the_walk_propagates() -> None:
    built = accelerator()
    data = _many_objects_pdf(2500)
    document = pdfium.PdfDocument(data)
    try:
        page = document[0]
        textpage = page.get_textpage()
        reader = PdfiumPage(
            handle(page.raw), handle(textpage.raw), Deadline.after(30), Scratch(built)
        )
        reader.deadline = _Expired()  # type: ignore[assignment]
        with pytest.raises(TimeoutError):
            reader.walk()
        textpage.close()
        page.close()
    finally:
        document.close()


class _Expired:
    def check(self) -> None:
        raise TimeoutError("out of time")


def test_the_accelerator_rejects_bad_arguments() -> None:
    built = accelerator()

    def lines(textpage: int, bounds: bytes) -> object:
        return built.fast_lines(
            textpage, "ab", bounds, {}, {}, [], None, math.hypot, TextRun, (0.1, 0.3, 0.5)
        )

    with pytest.raises(ValueError, match="NULL"):
        lines(0, array("i", [0, 0]).tobytes())
    with pytest.raises(ValueError, match="pairs"):
        lines(1, b"\x00\x00\x00")
    with pytest.raises(IndexError):
        lines(1, array("i", [0, 2]).tobytes())
    with pytest.raises(IndexError):
        built.respace(1, "ab", 0, 5, 1.0)
    with pytest.raises(TypeError):
        built.walk(1, [], [], print, print, 1, 1)  # type: ignore[arg-type]


def _many_objects_pdf(paths: int) -> bytes:
    """One page holding ``paths`` small filled squares and a line of text."""
    squares = "".join(f"{(i % 50) * 10} {(i // 50) * 8} 4 4 re f\n" for i in range(paths))
    stream = f"0.9 g\n{squares}0 g BT /F1 12 Tf 72 700 Td (Registered nurse) Tj ET\n".encode()
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj" % number + body + b"endobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF" % (len(objects) + 1, xref)
    return bytes(out)


def test_the_generated_page_is_read_alike_by_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    accelerator()
    data = _many_objects_pdf(3100)  # past the cap on paths examined as backdrops
    texts = []
    for pure in ("0", "1"):
        monkeypatch.setenv(PURE_PYTHON_ENV, pure)
        texts.append(load_document(data).model_dump())
    assert texts[0] == texts[1]
    assert texts[0]["text"] == "Registered nurse"


# ---- engine-neutral steps: the hidden-text rules and line building ------------------------

# Few distinct values, so boxes meet edge to edge and paints share a run's order and colour.
_grid = st.sampled_from([0.0, 5.0, 10.0, 50.0, 100.0, 650.0])
_coordinates = _grid | st.floats(-20, 700) | st.sampled_from([float("nan"), float("inf")])
_texts = st.text(alphabet=" \t\u00a0\u3000aZ.é-", max_size=8)
_colours = st.none() | st.tuples(*[st.sampled_from([0.0, 0.97, 1.0])] * 3)


@st.composite
def _runs(draw: st.DrawFn, plain: bool = False) -> TextRun:
    def number() -> float | int:
        if plain:
            return draw(_coordinates)
        return draw(_coordinates | st.integers(-5, 700))

    x0, top = number(), number()
    return TextRun(
        draw(_texts),
        x0,
        top,
        x0 + draw(_grid | st.floats(-2, 300)),
        top + draw(_grid | st.floats(-2, 30)),
        draw(st.sampled_from([0.5, 1.4, 1.5, 9.0, 10.0, 12.5, float("nan")])),
        bold=draw(st.booleans()),
        render_mode=draw(st.sampled_from([0, 1, 2, 3, 5, 7])),
        fill=draw(_colours),
        alpha=draw(st.sampled_from([1.0, 0.3, 0.6, float("nan")])),
        order=draw(st.integers(0, 4)),
        replaced=draw(st.booleans()),
    )


@st.composite
def _paints(draw: st.DrawFn) -> Paint:
    x0, top = draw(_coordinates), draw(_coordinates)
    return Paint(
        x0,
        top,
        x0 + draw(_grid | st.floats(0, 700)),
        top + draw(_grid | st.floats(0, 800)),
        fill=draw(_colours),
        alpha=draw(st.sampled_from([1.0, 0.4, 0.6, 2.0])),
        order=draw(st.integers(0, 4)),
    )


def _classified(
    runs: list[TextRun], paints: list[Paint], pure: str, monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    monkeypatch.setenv(PURE_PYTHON_ENV, pure)
    copies = [dataclasses.replace(run) for run in runs]
    classify_hidden(PageScene(600.0, 800.0, runs=copies, paints=list(paints)))
    return [repr(run.hidden) for run in copies]


@settings(max_examples=500, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(runs=st.lists(_runs(), max_size=8), paints=st.lists(_paints(), max_size=4))
def test_both_paths_find_the_same_hidden_runs(
    runs: list[TextRun], paints: list[Paint], monkeypatch: pytest.MonkeyPatch
) -> None:
    accelerator()
    expected = _classified(runs, paints, "1", monkeypatch)
    assert _classified(runs, paints, "0", monkeypatch) == expected


@settings(max_examples=300)
@given(
    runs=st.lists(_runs(), min_size=1, max_size=5),
    column=st.none() | st.integers(0, 3),
    hidden=st.none() | st.sampled_from(list(FindingKind)),
)
def test_both_paths_build_the_same_line(
    runs: list[TextRun], column: int | None, hidden: FindingKind | None
) -> None:
    built = accelerator().line_block(runs, column, hidden, _LINE_CONTEXT)
    # A line whose coordinates are not floats is left to the Python path (None).
    edges = [r.x0 for r in runs] + ([r.x1 for r in runs] if len(runs) > 1 else [])
    assert (built is None) == any(type(x) is not float for x in edges)
    if built is not None:
        expected = _block(runs, column, hidden)
        assert repr(built) == repr(expected)
        assert [type(getattr(built, f)) for f in _FIELDS] == [
            type(getattr(expected, f)) for f in _FIELDS
        ]


def _grid_runs() -> list[TextRun]:
    """Runs on every side of the rules' thresholds: boxes inside, exactly half under and
    beside a paint at (0, 0, 100, 100), flat, off the page; orders before, at and after it."""
    boxes = [
        (10.0, 10.0, 60.0, 20.0),
        (50.0, 10.0, 150.0, 20.0),  # exactly half over the paint
        (51.0, 10.0, 150.0, 20.0),
        (100.0, 10.0, 160.0, 20.0),  # touching its edge
        (20.0, 30.0, 20.0, 40.0),  # flat: judged by its centre
        (20.0, 30.0, 80.0, 30.0),
        (598.0, 10.0, 604.0, 20.0),  # centre exactly one point off the page
        (-5.0, 795.0, 3.0, 807.0),
        (float("nan"), 10.0, 60.0, 20.0),
        (10.0, 10.0, 11.0, 20.0),  # squeezed glyphs
    ]
    runs = []
    for (x0, top, x1, bottom), order, fill, alpha, render, size, text in itertools.product(
        boxes,
        (1, 2, 3),
        (None, (1.0, 1.0, 1.0), (0.97, 0.97, 0.97), (0.0, 0.0, 0.0)),
        (1.0, 0.3),
        (0, 1, 3),
        (1.0, 1.5, 10.0),
        ("hello", "ab cd", "a b", "  "),
    ):
        runs.append(
            TextRun(text, x0, top, x1, bottom, size, render_mode=render, fill=fill, alpha=alpha)
        )
        runs[-1].order = order
    return runs


@pytest.mark.parametrize(
    "paints",
    [
        [],
        [Paint(0.0, 0.0, 100.0, 100.0, fill=(0.0, 0.0, 0.0), alpha=1.0, order=2)],
        [Paint(0.0, 0.0, 100.0, 100.0, fill=(0.97, 0.97, 0.97), alpha=0.5, order=2)],
        [Paint(0.0, 0.0, 100.0, 100.0, fill=(0.0, 0.0, 0.0), alpha=0.49, order=2)],
        [Paint(0.0, 0.0, 100.0, 100.0, fill=(0.0, 0.0, 0.0), alpha=0.5, order=2)],
        [Paint(0.0, 0.0, 100.0, 100.0, fill=None, alpha=1.0, order=2)],
        [  # a scan: invisible text over it is its OCR layer
            Paint(0.0, 0.0, 600.0, 800.0, fill=None, alpha=1.0, order=0),
            Paint(0.0, 0.0, 100.0, 100.0, fill=(0.0, 0.0, 0.0), alpha=1.0, order=2),
        ],
        [  # a paint with an int edge: the whole page takes the Python path
            Paint(0, 0.0, 100.0, 100.0, fill=(0.0, 0.0, 0.0), alpha=1.0, order=2),
        ],
    ],
)
def test_both_paths_judge_runs_at_the_thresholds_alike(
    paints: list[Paint], monkeypatch: pytest.MonkeyPatch
) -> None:
    accelerator()
    runs = _grid_runs()
    expected = _classified(runs, paints, "1", monkeypatch)
    assert _classified(runs, paints, "0", monkeypatch) == expected
    assert len(set(expected)) >= 3  # the grid reaches several verdicts


@pytest.mark.parametrize(
    "texts",
    [
        ["Senior", "nurse"],
        ["Senior ", "nurse"],
        ["  two  spaces ", "\u00a0x", ""],
        ["a", "b", "c"],
        ["\t", " "],
    ],
)
@pytest.mark.parametrize("gap", [0.0, 6.5, 6.50001, -4.0, float("nan")])
def test_both_paths_join_runs_alike(texts: list[str], gap: float) -> None:
    # 6.5 is exactly SPACE_GAP times the smaller size (50), and 76.5 - 70.0 is exactly 6.5.
    built = accelerator()
    runs, x = [], 50.0
    for index, text in enumerate(texts):
        runs.append(TextRun(text, x, 100.0, x + 20.0, 110.0, 50.0 + index, bold=index == 1))
        x += 20.0 + gap
    line = built.line_block(runs, 1, None, _LINE_CONTEXT)
    assert repr(line) == repr(_block(runs, 1, None))


_row_texts = st.sampled_from(["Senior", "nurse ", "שלום", "مرحبا بك", "", "a  b", "2019"])


@st.composite
def _row_runs(draw: st.DrawFn) -> TextRun:
    # Few distinct positions: runs share rows and edges, sort keys tie, and gaps equal the
    # larger size exactly (50.0 + 10.0 = 60.0).
    x0 = draw(st.sampled_from([10.0, 50.0, 60.0, 62.0, 200.0, float("nan")]) | st.floats(0, 600))
    top = draw(st.sampled_from([100.0, 102.0, 104.5, 130.0, float("nan")]))
    height = draw(st.sampled_from([10.0, 0.2, 0.0]))
    size = draw(st.sampled_from([10.0, 12.0, 0.2, float("nan")]))
    width = draw(st.sampled_from([0.0, 40.0, 50.0]))
    return TextRun(draw(_row_texts), x0, top, x0 + width, top + height, size)


def _sources(segments: list[Segment]) -> list[list[int]]:
    """Which run each segment's bounds are taken from (min() and max() keep the first)."""
    return [
        [next(i for i, r in enumerate(s.runs) if getattr(r, f) is getattr(s, f)) for f in _EDGES]
        for s in segments
    ]


@settings(max_examples=400)
@given(runs=st.lists(_row_runs(), min_size=1, max_size=10), as_int=st.booleans())
def test_both_paths_cut_the_same_rows_and_segments(runs: list[TextRun], as_int: bool) -> None:
    if as_int:
        runs[0].top = 100  # an int edge: the accelerator leaves the page to the Python path
    built = accelerator().segments(runs, _SEGMENT_CONTEXT)
    if as_int:
        assert built is None
        return
    assert built is not None
    expected = _segments(_rows(runs))
    assert repr(built) == repr(expected)
    assert _sources(built) == _sources(expected)


def test_both_paths_cut_segments_at_the_thresholds_alike() -> None:
    built = accelerator()
    same = [float(v) for v in ("10", "10")]  # equal edges, two objects: min() keeps the first
    cases = [
        [
            TextRun("a", 50.0, 100.0, 50.0, 110.0, 10.0),
            TextRun("b", 60.0, 100.0, 90.0, 110.0, 10.0),
        ],
        [
            TextRun("a", same[0], 100.0, 40.0, 110.0, 10.0),
            TextRun("b", same[1], 100.0, 40.0, 110.0, 10.0),
        ],
        [TextRun("a", 10.0, 100.0, 40.0, 100.2, 0.2), TextRun("b", 60.0, 100.2, 90.0, 100.3, 0.2)],
    ]
    for runs in cases:
        made = built.segments(runs, _SEGMENT_CONTEXT)
        assert made is not None
        expected = _segments(_rows(runs))
        assert repr(made) == repr(expected)
        assert _sources(made) == _sources(expected)


@settings(max_examples=500)
@given(text=st.text(alphabet="ab \t\r\n\x02\ufffe\u00ad\x1c\u3000\u00a0-", max_size=30))
def test_both_paths_find_the_same_lines(text: str) -> None:
    assert accelerator().line_bounds(text) == _line_bounds(text).tobytes()


@settings(max_examples=500)
@given(text=st.text(alphabet="ab\x02\ufffe\u00ad\u00e9\u2022\ud800\udfff\U0001f600", max_size=30))
def test_both_paths_find_the_same_marks(text: str) -> None:
    marks = accelerator().text_marks(text)
    assert (marks > 0, marks > 1) == (
        bool(_SPECIAL_CHARS.search(text)),
        bool(_SURROGATES.search(text)),
    )


def test_marks_in_one_byte_text() -> None:
    # Latin-1 text takes the memchr path: only the hyphen mark and the soft hyphen occur.
    for text, marks in (("caf\u00e9", 0), ("co\u00adop", 1), ("end\x02", 1), ("", 0)):
        assert accelerator().text_marks(text) == marks
    with pytest.raises(TypeError):
        accelerator().text_marks(b"bytes")  # type: ignore[arg-type]


_TIES = [0.125, 0.375, -0.125, 2.675, 1.005, 0.005, -0.004, 0.0, -0.0, 5e-324, 1e11 + 0.125]


@settings(max_examples=2000)
@given(
    value=st.floats(allow_nan=False)
    | st.sampled_from(_TIES)
    | st.integers(-(10**7), 10**7).map(lambda n: n / 8)
    | st.integers(-(10**7), 10**7).map(lambda n: n / 1000 + 0.005)
)
def test_lines_round_like_python(value: float) -> None:
    # Line sizes and edges are rounded to two decimals without Python's decimal string.
    rounded = accelerator().round_two(value, round)
    expected = round(value, 2)
    assert (rounded, math.copysign(1.0, rounded)) == (expected, math.copysign(1.0, expected))


def _cut_into_zones(draw: st.DrawFn, runs: list[TextRun]) -> list[Zone]:
    """The runs' segments shuffled (rows out of order or repeated) and cut into zones."""
    segments = _segments(_rows(runs))
    draw(st.randoms()).shuffle(segments)
    cuts = sorted(draw(st.lists(st.integers(0, len(segments)), max_size=2)))
    bounds = [0, *cuts, len(segments)]
    return [Zone(segments[a:b], column=i) for i, (a, b) in enumerate(pairwise(bounds))]


@st.composite
def _zones(draw: st.DrawFn) -> list[Zone]:
    return _cut_into_zones(draw, draw(st.lists(_row_runs(), min_size=1, max_size=10)))


def _never_iterated(zone: Zone) -> Iterator[tuple[list[TextRun], float, float]]:
    raise AssertionError("the accelerator handed this zone to the Python path")
    yield  # a generator: the accelerator creates it for every zone, iterates it on fallback


# The zone context with a Python generator that fails if the accelerator falls back to it.
_C_ONLY = (*_ZONE_CONTEXT[:2], _never_iterated, *_ZONE_CONTEXT[3:])


def _both_zone_lines(
    zones: list[Zone], context: tuple[object, ...] = _ZONE_CONTEXT
) -> tuple[bool, list[RawBlock], list[RawBlock]]:
    """Whether the accelerator built the zones' lines, its lines and _zone_lines' lines."""
    made: list[RawBlock] = []
    handled = accelerator().zone_blocks(zones, made, context)
    expected: list[RawBlock] = []
    _zone_lines(zones, expected)
    return handled, made, expected


@settings(max_examples=400)
@given(zones=_zones())
def test_both_paths_build_the_same_zone_lines(zones: list[Zone]) -> None:
    handled, built, expected = _both_zone_lines(zones)
    assert handled
    assert repr(built) == repr(expected)


_GROUPED_ROWS = [
    # Two segments on one row (written right to left), a row above them given later, a
    # row whose second segment lies higher, equal tops (their order of appearance holds).
    TextRun("Acme Corp", 300.0, 120.0, 360.0, 130.0, 10.0),
    TextRun("Staff nurse", 50.0, 120.5, 120.0, 131.0, 11.0),
    TextRun("Experience", 50.0, 100.0, 140.0, 112.0, 12.0),
    TextRun("2019", 400.0, 140.0, 430.0, 150.0, 10.0),
    TextRun("ICU", 50.0, 139.5, 80.0, 149.0, 10.0),
    TextRun("Berlin", 200.0, 160.0, 240.0, 170.0, 10.0),
    TextRun("Remote", 50.0, 160.0, 95.0, 170.0, 10.0),
    TextRun("Skills", 50.0, 180.0, 95.0, 190.0, 10.0),
    TextRun("Python", 300.0, 180.0, 340.0, 200.0, 10.0),  # same top, another row
    TextRun("SQL", 400.0, 180.0, 430.0, 200.0, 10.0),
]


def test_rows_of_several_segments_are_grouped_by_the_accelerator() -> None:
    """Zones with several segments per row, or rows out of order, are grouped in C."""
    segments = _segments(_rows(_GROUPED_ROWS))
    assert len({s.row for s in segments}) < len(segments)  # rows with several segments
    for order in (segments, segments[::-1], segments[2:] + segments[:2]):
        handled, made, expected = _both_zone_lines([Zone(list(order))], _C_ONLY)
        assert handled
        assert repr(made) == repr(expected)
        assert [b.text for b in made if b.text][:2] == ["Experience", "Staff nurse Acme Corp"]


def _row_pairs() -> list[Segment]:
    runs = [
        TextRun("Acme Corp", 300.0, 120.0, 360.0, 130.0, 10.0),
        TextRun("Staff nurse", 50.0, 120.5, 120.0, 131.0, 11.0),
        TextRun("Experience", 50.0, 100.0, 140.0, 112.0, 12.0),
    ]
    return [Segment([runs[0]], row=1), Segment([runs[1]], row=1), Segment([runs[2]], row=0)]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("text", "مرحبا بك"),
        ("top", float("nan")),
        ("bottom", float("nan")),
        ("x0", float("nan")),
        ("top", 120),
    ],
    ids=["right-to-left row", "NaN top", "NaN bottom", "NaN left edge", "int top"],
)
def test_rows_the_accelerator_cannot_order_go_to_python(field: str, value: object) -> None:
    segments = _row_pairs()
    if field == "text":
        segments[0].runs[0].text = str(value)
    else:
        setattr(segments[0], field, value)
    zones = [Zone(segments)]
    with pytest.raises(AssertionError, match="handed this zone to the Python path"):
        accelerator().zone_blocks(zones, [], _C_ONLY)
    handled, made, expected = _both_zone_lines(zones)
    assert handled
    assert repr(made) == repr(expected)


def test_an_unhashable_row_raises_on_both_paths() -> None:
    segments = _row_pairs()
    segments[2].row = [0]  # type: ignore[assignment]
    with pytest.raises(TypeError):
        accelerator().zone_blocks([Zone(segments)], [], _ZONE_CONTEXT)
    with pytest.raises(TypeError):
        _zone_lines([Zone(segments)], [])


def test_a_zone_of_many_rows_is_grouped_like_python() -> None:
    # Thousands of rows of three segments each, rows and segments shuffled: grouping takes
    # one pass and two sorts (it used to scan every segment for each row).
    rng = random.Random(5)
    segments = [
        Segment(
            [
                TextRun(
                    f"r{row}c{col}",
                    100.0 * col,
                    12.0 * row,
                    100.0 * col + 40,
                    12.0 * row + 10,
                    10.0,
                )
            ],
            row=row,
        )
        for row in range(3000)
        for col in range(3)
    ]
    rng.shuffle(segments)
    handled, made, expected = _both_zone_lines([Zone(segments)], _C_ONLY)
    assert handled
    assert repr(made) == repr(expected)
    assert made[0].text == "r0c0 r0c1 r0c2"


@st.composite
def _plain_zones(draw: st.DrawFn) -> list[Zone]:
    # Left-to-right text and finite edges only: every zone is the accelerator's to group.
    def run(x0: float, top: float, height: float, width: float, text: str) -> TextRun:
        return TextRun(text, x0, top, x0 + width, top + height, 10.0)

    runs = draw(
        st.lists(
            st.builds(
                run,
                st.sampled_from([10.0, 50.0, 60.0, 200.0, 320.0]) | st.floats(0, 600),
                st.sampled_from([100.0, 102.0, 104.5, 130.0, 131.0]),
                st.sampled_from([10.0, 12.0, 30.0]),
                st.sampled_from([0.0, 40.0, 50.0]),
                st.sampled_from(["Senior", "nurse ", "a  b", "2019", "ICU"]),
            ),
            min_size=1,
            max_size=12,
        )
    )
    return _cut_into_zones(draw, runs)


@settings(max_examples=400)
@given(zones=_plain_zones())
def test_the_accelerator_groups_every_left_to_right_zone_like_python(zones: list[Zone]) -> None:
    handled, made, expected = _both_zone_lines(zones, _C_ONLY)
    assert handled
    assert repr(made) == repr(expected)


def test_zone_lines_break_paragraphs_at_the_threshold_alike() -> None:
    # 117.0 - 110.0 is exactly PARAGRAPH_GAP (0.7) times the size 10.
    for top in (117.0, 117.00001, 116.99999):
        runs = [
            TextRun("first", 50.0, 100.0, 90.0, 110.0, 10.0),
            TextRun("second", 50.0, top, 90.0, top + 10.0, 10.0),
            TextRun("third", 300.0, 100.0, 340.0, 110.0, 10.0),
        ]
        segments = _segments(_rows(runs))
        for zones in ([Zone(segments)], [Zone(segments[:2]), Zone(segments[2:], column=1)]):
            handled, made, expected = _both_zone_lines(zones)
            assert handled
            assert repr(made) == repr(expected)


def test_zone_lines_of_unusual_values_are_left_to_python() -> None:
    built = accelerator()
    ints = TextRun("Senior nurse", 50, 100, 90, 110, 10)  # a caller's own scene
    exact = TextRun("Senior nurse", 50.0, Fraction(100), 90.0, Fraction(110), 10.0)
    for run, handled in ((ints, True), (exact, False)):
        zones = [Zone([Segment([run], row=0)])]
        blocks: list[RawBlock] = []
        assert built.zone_blocks(zones, blocks, _ZONE_CONTEXT) is handled
        if handled:
            expected: list[RawBlock] = []
            _zone_lines(zones, expected)
            assert repr(blocks) == repr(expected)
        else:
            assert blocks == []


@st.composite
def _drawn_runs(draw: st.DrawFn) -> TextRun:
    # Repeated texts at nearby positions (fake bold), line breaks and soft hyphens.
    x0 = draw(st.sampled_from([50.0, 50.5, 51.9, 52.0, float("nan")]))
    top = draw(st.sampled_from([100.0, 100.5, 102.0]))
    run = TextRun(
        draw(
            st.sampled_from(
                ["Nurse", " Nurse", "Nurse\n", "co\u00adop", "co-op", " ", "\r", "RN\rBSN"]
            )
        ),
        x0,
        top,
        x0 + 40.0,
        top + 10.0,
        draw(st.sampled_from([10.0, 0.5, 5.0, float("nan")])),
    )
    run.hidden = draw(st.sampled_from([None, FindingKind.HIDDEN_TINY_TEXT]))
    return run


@settings(max_examples=400)
@given(runs=st.lists(_drawn_runs(), max_size=8))
def test_both_paths_prepare_the_same_runs(runs: list[TextRun]) -> None:
    copies = [dataclasses.replace(run) for run in runs]
    prepared = accelerator().prepare_runs(copies, DUPLICATE_OFFSET)
    assert prepared is not None
    expected = _prepared(runs)
    assert repr(prepared) == repr(expected)
    assert repr(copies) == repr(runs)  # the same texts rewritten on the scene's runs


def test_runs_of_unusual_values_are_prepared_by_python() -> None:
    runs = [TextRun("Nurse\n", 50, 100, 90, 110, 10)]
    assert accelerator().prepare_runs(runs, DUPLICATE_OFFSET) is None
    assert runs[0].text == "Nurse\n"  # untouched: the Python code rewrites it


def test_both_paths_measure_object_boxes_alike() -> None:
    built = accelerator()
    skewed = (0.5, 0.1, -0.2, 2.0, 10.0, -5.0)  # a form matrix that moves every corner
    measured = 0
    for path in corpus()[:16]:
        try:
            document = pdfium.PdfDocument(path.read_bytes())
        except pdfium.PdfiumError:
            continue  # damaged or encrypted: nothing to measure
        try:
            page = document[0]
            textpage = page.get_textpage()
            reader = PdfiumPage(handle(page.raw), handle(textpage.raw), Deadline.after(30))
            reader.walk()  # the pure path: objects' own form matrices
            if reader.upright is not None:
                objects = [(obj, raw[3]) for obj, raw in reader.raw_texts.items()]
                objects += [(obj, skewed) for obj, _ in objects]
                expected = [reader._object_box(obj, matrix) for obj, matrix in objects]
                assert built.object_boxes(objects, reader.upright) == expected
                measured += len(objects)
            textpage.close()
            page.close()
        finally:
            document.close()
    assert measured > 100
