"""The compiled assembly (documents/_native.c) gives what the pure-Python assembly gives.

``assemble`` with the accelerator and with ``TALENTMATCH_PURE_PYTHON=1`` must build the same
``Document`` (same JSON, same models, same fields set) or raise the same error, for any
reader output: printable ASCII and anything else, blank and hidden blocks, hyphen breaks,
invisible characters, odd field types, and text that meets ``max_chars`` exactly.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentmatch._compiled import PURE_PYTHON_ENV
from talentmatch.config import Limits
from talentmatch.documents import load_document
from talentmatch.documents._assemble import _page, assemble, native
from talentmatch.documents._raw import RawBlock, RawExtraction, RawPage
from talentmatch.errors import TalentMatchError
from talentmatch.models import BlockKind, Document, DocumentFormat, FindingKind, Page
from talentmatch.models._trusted import model_builder, trusted_model
from tests.conftest import FIXTURES, SHARED_DATA, require_built
from tests.test_pdf_assembly import assert_same_model
from tests.test_pdf_speed_paths import corpus


@contextmanager
def pure_python() -> Iterator[None]:
    with mock.patch.dict(os.environ, {PURE_PYTHON_ENV: "1"}):
        yield


def outcome(run: Callable[..., Document], *args: Any, **kwargs: Any) -> Document | tuple[str, str]:
    """The document, or the error's type and message."""
    try:
        return run(*args, **kwargs)
    except (TalentMatchError, AttributeError, TypeError, ValueError) as error:
        return type(error).__name__, str(error)


def assert_same_outcome(
    run: Callable[..., Document], *args: Any, **kwargs: Any
) -> Document | tuple[str, str]:
    """Call ``run`` on both paths; assert they agree and return the result."""
    require_built(native())
    compiled = outcome(run, *args, **kwargs)
    with pure_python():
        assert native() is None
        reference = outcome(run, *args, **kwargs)
    if isinstance(reference, Document):
        assert isinstance(compiled, Document), compiled
        assert compiled == reference
        assert compiled.model_dump_json() == reference.model_dump_json()
        assert compiled.__pydantic_fields_set__ == reference.__pydantic_fields_set__
        for built, expected in zip(compiled.blocks, reference.blocks, strict=True):
            assert_same_model(built, expected)
        for page, expected_page in zip(compiled.pages, reference.pages, strict=True):
            assert page.__pydantic_fields_set__ == expected_page.__pydantic_fields_set__
            assert [type(v) for v in page.__dict__.values()] == [
                type(v) for v in expected_page.__dict__.values()
            ]
    else:
        assert compiled == reference
    return reference


# Pieces of text that exercise each rule: plain ASCII and trailing spaces (the compiled
# case), hyphen breaks, and what clean_line handles (controls, non-ASCII, "(cid:", bullets,
# zero-width and tag characters, private use, ligatures, decomposed accents).
FRAGMENTS = [
    "Python",
    "developer",
    "experi-",
    "self-",
    "ence",
    "motivated",
    " ",
    "  ",
    "-",
    "\t",
    "\n",
    "-\n",
    "\x7f",
    "\x00",
    "(cid:12)",
    "(cid:",
    "•",
    "• ",
    "é",
    "e\u0301",
    "–",
    "\u00a0",
    "\u200b",
    "\U000e0041\U000e0042",
    "\uf0b7",
    "\ufb01",
    "\u3000",
    "数据",
    "Ａ",
]

texts = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=6).map("".join),
    st.text(max_size=12),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=12),
)
maybe_float = st.none() | st.floats(allow_nan=False, width=32) | st.integers(-3, 3)


def raw_blocks(odd: bool) -> st.SearchStrategy[RawBlock]:
    return st.builds(
        RawBlock,
        text=texts,
        kind=st.sampled_from(list(BlockKind)) | (st.just("line") if odd else st.nothing()),
        hidden=st.none() | st.none() | st.sampled_from(list(FindingKind)),
        font_size=maybe_float if odd else st.none() | st.floats(allow_nan=False, width=32),
        bold=st.none() | st.booleans() | (st.integers(0, 1) if odd else st.nothing()),
        x0=maybe_float if odd else st.none() | st.floats(0, 600),
        column=st.none() | (st.integers(-1, 3) if odd else st.integers(0, 3)),
    )


def extractions(odd: bool) -> st.SearchStrategy[RawExtraction]:
    page = st.builds(
        RawPage,
        blocks=st.lists(raw_blocks(odd), max_size=8),
        width=maybe_float if odd else st.none() | st.just(612.0),
        height=st.none() | st.just(792.0),
    )
    return st.builds(
        RawExtraction,
        format=st.sampled_from(list(DocumentFormat)),
        engine=st.just("pdfium"),
        pages=st.lists(page, max_size=4),
        prefer_ocr_message=st.booleans(),
    )


@given(extraction=extractions(odd=False), max_chars=st.integers(1, 120))
def test_readers_output_assembles_identically(extraction: RawExtraction, max_chars: int) -> None:
    limits = Limits(max_chars=max_chars)
    assert_same_outcome(assemble, b"%PDF", extraction, limits=limits)


@given(extraction=extractions(odd=True), max_chars=st.integers(1, 120))
def test_odd_field_types_assemble_identically(extraction: RawExtraction, max_chars: int) -> None:
    limits = Limits(max_chars=max_chars)
    assert_same_outcome(assemble, b"%PDF", extraction, limits=limits)


@given(extraction=extractions(odd=False))
def test_the_text_limit_is_met_exactly_on_both_paths(extraction: RawExtraction) -> None:
    full = assert_same_outcome(assemble, b"x", extraction, limits=Limits())
    if not isinstance(full, Document):
        return
    length = len(full.text)
    for max_chars in (length - 1, length, length + 1):
        if max_chars >= 1:
            limits = Limits(max_chars=max_chars)
            assert_same_outcome(assemble, b"x", extraction, limits=limits)


def test_a_page_the_accelerator_does_not_take_is_placed_in_python() -> None:
    blocks: Any = (RawBlock("Python"), RawBlock("developer"))  # a tuple, not a list
    odd_text: Any = [RawBlock("Python"), RawBlock(b"bytes")]  # type: ignore[arg-type]
    empty: Any = [RawBlock("Python"), object.__new__(RawBlock)]  # its slots never set
    for page_blocks in (blocks, odd_text, empty):
        extraction = RawExtraction(
            format=DocumentFormat.TEXT, engine="text", pages=[RawPage(blocks=page_blocks)]
        )
        assert_same_outcome(assemble, b"x", extraction, limits=Limits())
    extraction = RawExtraction(format=DocumentFormat.TEXT, engine="text", pages=[RawPage(blocks)])
    result = assert_same_outcome(assemble, b"x", extraction, limits=Limits())
    assert isinstance(result, Document)
    assert result.text == "Python\ndeveloper"


def test_too_large_text_raises_the_same_error() -> None:
    extraction = RawExtraction(
        format=DocumentFormat.PDF,
        engine="pdfium",
        pages=[RawPage(blocks=[RawBlock("a" * 10), RawBlock("b" * 10)])],
    )
    result = assert_same_outcome(assemble, b"x", extraction, limits=Limits(max_chars=20))
    assert not isinstance(result, Document)
    assert result[0] == "DocumentTooLargeError"
    assert "20 characters" in result[1]


@given(
    width=maybe_float | st.just(float("nan")),
    height=maybe_float,
    start=st.integers(0, 9),
    length=st.integers(0, 9),
    has_text=st.booleans(),
)
def test_a_page_equals_the_validated_page(
    width: float | None, height: float | None, start: int, length: int, has_text: bool
) -> None:
    raw = RawPage(width=width, height=height)
    validated = Page(
        number=2, start=start, end=start + length, width=width, height=height, has_text=has_text
    )
    for new_model in (trusted_model, model_builder()):
        built = _page(2, start, start + length, raw, has_text, new_model)
        assert built.model_dump_json() == validated.model_dump_json()
        assert built.__pydantic_fields_set__ == validated.__pydantic_fields_set__
        assert [type(v) for v in built.__dict__.values()] == [
            type(v) for v in validated.__dict__.values()
        ]


def one_line_per_block(texts: list[str]) -> RawExtraction:
    return RawExtraction(
        format=DocumentFormat.TEXT,
        engine="text",
        pages=[RawPage(blocks=[RawBlock(text), RawBlock("")]) for text in texts],
    )


def test_every_character_is_cleaned_identically() -> None:
    # The accelerator skips clean_line for the characters it takes for inert: every code
    # point of the BMP, inside a word, at the start of a line and after a bullet.
    # (Lone surrogates cannot be serialised, by either path.)
    bmp = [c for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
    characters = [chr(c) for c in bmp] + ["\U000e0041", "\U000f0000", "\U0001f600"]
    for context in ("a{}a", "{} x", "• {}x"):
        texts = [context.format(c) for c in characters]
        result = assert_same_outcome(assemble, b"x", one_line_per_block(texts), limits=Limits())
        assert isinstance(result, Document)
        assert len(result.pages) == len(texts)


def test_every_canonical_composition_is_normalised_identically() -> None:
    # NFC joins a character to the one before it only for these pairs.
    pairs = []
    for code in range(sys.maxunicode + 1):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            first, second = (chr(int(part, 16)) for part in parts)
            pairs += [first + second, "a" + first + second + "a"]
    assert len(pairs) > 1000
    result = assert_same_outcome(assemble, b"x", one_line_per_block(pairs), limits=Limits())
    assert isinstance(result, Document)
    assert len(result.pages) == len(pairs)


def documents() -> list[Path]:
    suffixes = {".docx", ".txt", ".md"}
    roots = [FIXTURES, SHARED_DATA] if SHARED_DATA.exists() else [FIXTURES]
    found = [p for root in roots for p in sorted(root.rglob("*")) if p.suffix in suffixes]
    return corpus() + found


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["pdfium", "pypdf"])
def test_every_fixture_and_corpus_document_loads_identically(engine: str) -> None:
    loaded = 0
    for path in documents():
        if engine == "pypdf" and path.suffix != ".pdf":
            continue
        limits = Limits(pdf_engine=engine)
        result = assert_same_outcome(load_document, path, limits=limits)
        loaded += isinstance(result, Document)
    assert loaded >= 10  # the fixtures alone hold more readable documents than this
