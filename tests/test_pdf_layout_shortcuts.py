"""The layout's shortcuts give what the plain code gives.

Side counts by bisection (a page's candidate gutters share one sort) must equal counting
segment by segment, NaN edges included; lines built through RawBlock's slots must equal
RawBlocks built by their constructor; pdfium's hyphen marks are translated only in runs that
hold one, with the same result.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from talentmatch.documents._raw import RawBlock
from talentmatch.documents.pdf._columns import Segment, _Ordered
from talentmatch.documents.pdf._layout import _raw_block
from talentmatch.documents.pdf._pdfium_page import _HYPHENS, PdfiumPage, _fix_surrogates
from talentmatch.documents.pdf._scene import TextRun
from talentmatch.models import BlockKind, FindingKind

edges = st.floats(-50, 650, allow_nan=False) | st.just(float("nan"))


@given(
    boxes=st.lists(st.tuples(edges, st.floats(0, 200, allow_nan=False)), min_size=1, max_size=30),
    left_of=st.floats(-60, 660, allow_nan=False),
    right_of=st.floats(-60, 660, allow_nan=False),
)
def test_side_counts_equal_counting_each_segment(
    boxes: list[tuple[float, float]], left_of: float, right_of: float
) -> None:
    segments = [
        Segment([TextRun("word", x0, row * 12.0, x0 + w, row * 12.0 + 10, size=10)], row=row)
        for row, (x0, w) in enumerate(boxes)
    ]
    expected = (
        sum(1 for s in segments if s.x0 < left_of),
        sum(1 for s in segments if s.x1 > right_of),
    )
    assert _Ordered(segments).sides(left_of, right_of) == expected


@given(
    text=st.text(max_size=10),
    hidden=st.none() | st.sampled_from(list(FindingKind)),
    size=st.floats(allow_nan=False),
    bold=st.booleans(),
    x0=st.floats(allow_nan=False),
    column=st.none() | st.integers(0, 3),
)
def test_a_line_built_through_slots_equals_the_constructed_one(
    text: str,
    hidden: FindingKind | None,
    size: float,
    bold: bool,
    x0: float,
    column: int | None,
) -> None:
    built = _raw_block(text, hidden, size, bold, x0, column)
    made = RawBlock(text, BlockKind.LINE, hidden, size, bold, x0, column)
    assert built == made
    assert hash(built) == hash(made)
    assert repr(built) == repr(made)


@given(text=st.text(alphabet="ab -\x02\ufffe\u00ad\ud800", max_size=12), surrogates=st.booleans())
def test_hyphen_marks_are_translated_only_where_a_run_has_one(text: str, surrogates: bool) -> None:
    page = PdfiumPage.__new__(PdfiumPage)
    page.surrogates = surrogates
    piece = _fix_surrogates(text) if surrogates else text
    assert page._marked(text) == piece.translate(_HYPHENS)
