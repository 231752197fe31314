"""Assembly builds blocks without re-validation; the result must equal validated models.

``assemble`` skips pydantic validation for blocks whose values a reader already produced
with the field types, and skips ``clean_line`` for printable ASCII. These tests hold both
shortcuts to the slow path: equal models, identical JSON, the same fields marked as set.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from talentmatch.config import Limits
from talentmatch.documents import load_document
from talentmatch.documents._assemble import _block
from talentmatch.documents._clean import clean_line
from talentmatch.documents._raw import RawBlock
from talentmatch.errors import DocumentError, InputError
from talentmatch.models import Block, BlockKind, Document
from tests.test_pdf_speed_paths import corpus


def assert_same_model(built: Block, validated: Block) -> None:
    assert built == validated
    assert built.model_dump_json() == validated.model_dump_json()
    assert built.__pydantic_fields_set__ == validated.__pydantic_fields_set__
    assert built.span.__pydantic_fields_set__ == validated.span.__pydantic_fields_set__
    assert [type(v) for v in built.__dict__.values()] == [
        type(v) for v in validated.__dict__.values()
    ]


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["pdfium", "pypdf"])
def test_assembled_documents_equal_their_validated_copies(engine: str) -> None:
    checked = 0
    for path in corpus():
        try:
            document = load_document(path, limits=Limits(pdf_engine=engine, pdf_fallback=False))
        except DocumentError:
            continue
        assert_same_document(document)
        checked += 1
    assert checked >= 10  # the fixtures alone hold more readable PDFs than this


def assert_same_document(document: Document) -> None:
    """``document`` (built without re-validation) equals its validated copy, field by field."""
    validated = Document.model_validate(document.model_dump())
    assert document == validated
    assert document.model_dump_json() == validated.model_dump_json()
    assert document.__pydantic_fields_set__ == validated.__pydantic_fields_set__
    assert list(document.__dict__) == list(validated.__dict__)
    assert [type(v) for v in document.__dict__.values()] == [
        type(v) for v in validated.__dict__.values()
    ]
    for built, again in zip(document.blocks, validated.blocks, strict=True):
        assert_same_model(built, again)


def test_docx_and_text_documents_equal_their_validated_copies() -> None:
    folder = Path(__file__).resolve().parent.parent / "fixtures" / "documents"
    checked = 0
    for path in sorted((folder / "docx").glob("*.docx")) + sorted((folder / "text").glob("*")):
        try:
            document = load_document(path, filename=path.name)
        except DocumentError:
            continue
        assert_same_document(document)
        checked += 1
    assert checked >= 5
    assert_same_document(load_document("Jane Roe\nICU nurse"))  # text given as a str


def test_a_filename_of_another_type_is_still_refused() -> None:
    with pytest.raises(InputError):
        load_document("ICU nurse", filename=b"cv.pdf")  # type: ignore[arg-type]


def raw_blocks() -> st.SearchStrategy[RawBlock]:
    maybe_float = st.none() | st.floats(allow_nan=False) | st.integers(-5, 5)
    return st.builds(
        RawBlock,
        text=st.just("x"),
        kind=st.sampled_from(list(BlockKind)),
        font_size=maybe_float,
        bold=st.none() | st.booleans(),
        x0=maybe_float,
        column=st.none() | st.integers(-1, 3),
    )


@given(raw=raw_blocks(), start=st.integers(0, 50), length=st.integers(0, 50))
def test_a_block_equals_the_validated_block(raw: RawBlock, start: int, length: int) -> None:
    values = {
        "span": {"start": start, "end": start + length, "page": 2},
        "kind": raw.kind,
        "font_size": raw.font_size,
        "bold": raw.bold,
        "x0": raw.x0,
        "column": raw.column,
    }
    try:
        validated = Block.model_validate(values)
    except ValidationError:
        with pytest.raises(ValidationError):
            _block(raw, start, start + length, 2)
        return
    assert_same_model(_block(raw, start, start + length, 2), validated)


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40))
def test_printable_ascii_only_loses_trailing_spaces(text: str) -> None:
    text = text.replace("(cid:", "(cid")  # what clean_line removes; not on the fast path
    cleaned = clean_line(text)
    assert (cleaned.text, cleaned.zero_width, cleaned.tag_payload) == (text.rstrip(), 0, "")
