"""Hostile input: whatever the bytes, load_document returns a Document or a typed error.

"Typed" is checked strictly for the DOCX and text readers: load_document's last-resort
handler (which turns any unexpected exception into CorruptDocumentError and logs a warning)
must never be reached, because that would mean a reader missed a failure mode. PDF inputs
go through two third-party engines, so for them the typed outcome is what is asserted.
Every example must finish well within a generous time bound, and loading the same bytes
twice must give the same result.
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from talentmatch.documents import load_document
from talentmatch.errors import DocumentError, InputError
from talentmatch.models import Document
from tests.conftest import FIXTURES, SHARED_DATA
from tests.test_docx import build_docx

SECONDS_PER_EXAMPLE = 10.0
DOCX_FIXTURES = sorted(
    p
    for p in (FIXTURES / "documents" / "docx").glob("*.docx")
    if not p.name.startswith("zip_")  # bombs are refused from the directory alone
)
WELL_FORMED_DOCX = [
    FIXTURES / "documents" / "docx" / f"{name}.docx"
    for name in (
        "one_column",
        "two_column_table",
        "header_footer_textbox",
        "lists",
        "hidden_vanish",
        "white_text",
        "tiny_text",
        "unicode_smuggling",
    )
]
TEXT_FIXTURES = sorted((FIXTURES / "documents" / "text").glob("*.txt"))
TEMPLATE_PDFS = sorted((SHARED_DATA / "resumes" / "templates").glob("*.pdf"))
GENERATED_PDFS = sorted((FIXTURES / "documents" / "pdf").glob("*.pdf"))

Outcome = Document | DocumentError | InputError


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def _unexpected_failures() -> Iterator[list[logging.LogRecord]]:
    logger = logging.getLogger("talentmatch.documents")
    recorder = _Recorder()
    logger.addHandler(recorder)
    try:
        yield recorder.records
    finally:
        logger.removeHandler(recorder)


def _outcome(load: Callable[[], Document], *, strict: bool) -> Outcome:
    with _unexpected_failures() as failures:
        start = time.perf_counter()
        result: Outcome
        try:
            result = load()
        except (DocumentError, InputError) as exc:
            result = exc
        elapsed = time.perf_counter() - start
    assert elapsed < SECONDS_PER_EXAMPLE
    if strict:
        assert not failures, getattr(failures[0], "error_type", "unexpected failure")
    return result


def _same(first: Outcome, second: Outcome) -> None:
    if isinstance(first, Document):
        assert first == second
    else:
        assert type(first) is type(second)
        assert str(first) == str(second)


def _check_bytes(data: bytes, *, strict: bool) -> Outcome:
    first = _outcome(lambda: load_document(data), strict=strict)
    _same(first, _outcome(lambda: load_document(data), strict=strict))
    event(type(first).__name__)  # the statistics show the mix of outcomes
    return first


@functools.cache
def _read(path: Path) -> bytes:
    return path.read_bytes()


# Random input ------------------------------------------------------------------------------

MAGIC_PREFIXES = [
    b"",
    b"PK\x03\x04",
    b"%PDF-1.7\n",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"{\\rtf1",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x00\x00\xfe\xff",
    b"<html>",
]


@settings(max_examples=300)
@given(st.sampled_from(MAGIC_PREFIXES), st.binary(max_size=2048))
def test_random_bytes(prefix: bytes, tail: bytes) -> None:
    data = prefix + tail
    _check_bytes(data, strict=b"%PDF-" not in data[:1024])


@settings(max_examples=150)
@given(st.text(max_size=3000))
def test_random_unicode_text(text: str) -> None:
    first = _outcome(lambda: load_document(text), strict=True)
    _same(first, _outcome(lambda: load_document(text), strict=True))
    if isinstance(first, Document):
        assert "\x00" not in first.text
        assert first.text == first.text.strip("\n")


@settings(max_examples=60)
@given(st.text(max_size=2000), st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1252"]))
def test_random_unicode_encoded(text: str, codec: str) -> None:
    data = text.encode(codec, errors="replace")
    _check_bytes(data, strict=b"%PDF-" not in data[:1024])


# Damaged real files ------------------------------------------------------------------------


@st.composite
def _damaged(draw: st.DrawFn, files: list[Path]) -> bytes:
    data = bytearray(_read(draw(st.sampled_from(files))))
    if draw(st.booleans()):
        data = data[: draw(st.integers(min_value=0, max_value=len(data)))]
    if data:
        bits = st.integers(min_value=0, max_value=8 * len(data) - 1)
        for bit in draw(st.lists(bits, max_size=8)):
            data[bit // 8] ^= 1 << (bit % 8)
    return bytes(data)


@settings(max_examples=120)
@given(st.data())
def test_truncated_and_bit_flipped_docx(data: st.DataObject) -> None:
    _check_bytes(data.draw(_damaged(DOCX_FIXTURES)), strict=True)


@settings(max_examples=40)
@given(st.data())
def test_truncated_and_bit_flipped_text(data: st.DataObject) -> None:
    _check_bytes(data.draw(_damaged(TEXT_FIXTURES)), strict=True)


@pytest.mark.skipif(not TEMPLATE_PDFS, reason=f"shared data not available: {SHARED_DATA}")
@settings(max_examples=80)
@given(st.data())
def test_truncated_and_bit_flipped_pdf(data: st.DataObject) -> None:
    _check_bytes(data.draw(_damaged(TEMPLATE_PDFS + GENERATED_PDFS)), strict=False)


@pytest.mark.skipif(not GENERATED_PDFS, reason="the generated PDF fixtures are missing")
@settings(max_examples=20)
@given(st.data())
def test_truncated_and_bit_flipped_generated_pdf(data: st.DataObject) -> None:
    _check_bytes(data.draw(_damaged(GENERATED_PDFS)), strict=False)


@functools.cache
def _members(path: Path) -> tuple[tuple[str, bytes], ...]:
    with zipfile.ZipFile(io.BytesIO(_read(path))) as archive:
        return tuple((info.filename, archive.read(info)) for info in archive.infolist())


@st.composite
def _damaged_xml(draw: st.DrawFn) -> bytes:
    """A DOCX whose zip is intact but one XML part is truncated or has altered bytes."""
    members = list(_members(draw(st.sampled_from(WELL_FORMED_DOCX))))
    xml_indexes = [i for i, (name, _) in enumerate(members) if name.endswith(".xml")]
    index = draw(st.sampled_from(xml_indexes))
    name, part = members[index]
    damaged = bytearray(part)
    if draw(st.booleans()):
        damaged = damaged[: draw(st.integers(min_value=0, max_value=len(damaged)))]
    if damaged:
        positions = st.integers(min_value=0, max_value=len(damaged) - 1)
        for position in draw(st.lists(positions, max_size=6)):
            damaged[position] = draw(st.sampled_from(b'<>/"=&;:wx0 \x00\xff'))
    members[index] = (name, bytes(damaged))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for member, data in members:
            archive.writestr(member, data)
    return buffer.getvalue()


@settings(max_examples=40)
@given(_damaged_xml())
def test_damaged_xml_inside_an_intact_docx(data: bytes) -> None:
    _check_bytes(data, strict=True)


# Random WordprocessingML -------------------------------------------------------------------
# Grammar-shaped documents (paragraphs, runs, tables, content controls, text boxes, lists,
# styles) with hostile attribute values: they reach deep into the reader, unlike random
# bytes, which mostly stop at the zip directory.

VALUES = st.sampled_from(
    ["0", "1", "-3", "2", "9", "42", "99999999999999", "x", "", "FFFFFF", "000000", "auto",
     "restart", "continue", "solid", "pct50", "F0B7", "D800", "110000", "accent1", "S1",
     "Heading1", "true", "off", "1e308", "inf", "nan", "background1", "\u00e9"]
)  # fmt: skip
WORDS = st.text(
    st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\ufffe\uffff<&"),
    min_size=1,
    max_size=10,
)
RUN_PROPERTIES = ["w:vanish", "w:specVanish", "w:webHidden", "w:b", "w:sz", "w:szCs", "w:w",
                  "w:color", "w:highlight", "w:rStyle", "w:cs", "w:rtl"]  # fmt: skip


@st.composite
def _properties(draw: st.DrawFn, wrapper: str, names: list[str]) -> str:
    chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=4))
    inner = "".join(f'<{name} w:val="{draw(VALUES)}"/>' for name in chosen)
    if draw(st.booleans()):
        inner += (
            f'<w:shd w:val="{draw(VALUES)}" w:fill="{draw(VALUES)}" w:color="{draw(VALUES)}" '
            f'w:themeFill="{draw(VALUES)}" w:themeFillShade="{draw(VALUES)}"/>'
        )
    if draw(st.booleans()):
        inner += (
            f'<w:color w:val="{draw(VALUES)}" w:themeColor="{draw(VALUES)}" '
            f'w:themeTint="{draw(VALUES)}"/>'
        )
    return f"<{wrapper}>{inner}</{wrapper}>"


def _paragraphs(depth: int) -> st.SearchStrategy[str]:
    run_content = [
        WORDS.map(lambda t: f'<w:t xml:space="preserve">{t}</w:t>'),
        st.sampled_from(["<w:tab/>", "<w:br/>", "<w:cr/>", "<w:noBreakHyphen/>"]),
        VALUES.map(lambda v: f'<w:sym w:char="{v}"/>'),
        WORDS.map(lambda t: f"<w:delText>{t}</w:delText>"),
        WORDS.map(lambda t: f"<w:instrText>{t}</w:instrText>"),
    ]
    if depth > 0:
        box = st.tuples(VALUES, _blocks(depth - 1)).map(
            lambda fill_blocks: (
                '<w:drawing><wps:wsp><wps:spPr><a:solidFill><a:srgbClr val="'
                + fill_blocks[0]
                + '"/></a:solidFill></wps:spPr><wps:txbx><w:txbxContent>'
                + fill_blocks[1]
                + "</w:txbxContent></wps:txbx></wps:wsp></w:drawing>"
            )
        )
        run_content.append(box)
    run = st.builds(
        lambda rpr, contents: f"<w:r>{rpr}{''.join(contents)}</w:r>",
        _properties("w:rPr", RUN_PROPERTIES),
        st.lists(st.one_of(run_content), max_size=3),
    )
    inline = st.one_of(
        run,
        run,
        run.map(lambda r: f'<w:hyperlink w:anchor="a">{r}</w:hyperlink>'),
        run.map(lambda r: f"<w:ins>{r}</w:ins>"),
        run.map(lambda r: f"<w:del>{r}</w:del>"),
        run.map(lambda r: f"<w:sdt><w:sdtContent>{r}</w:sdtContent></w:sdt>"),
        st.tuples(run, run).map(
            lambda rs: (
                f"<mc:AlternateContent><mc:Choice>{rs[0]}</mc:Choice>"
                f"<mc:Fallback>{rs[1]}</mc:Fallback></mc:AlternateContent>"
            )
        ),
        WORDS.map(lambda t: f"<m:oMath><m:r><m:t>{t}</m:t></m:r></m:oMath>"),
    )
    paragraph_properties = st.builds(
        lambda style, num, level, outline, rpr: (
            f'<w:pPr><w:pStyle w:val="{style}"/><w:numPr><w:ilvl w:val="{level}"/>'
            f'<w:numId w:val="{num}"/></w:numPr><w:outlineLvl w:val="{outline}"/>{rpr}</w:pPr>'
        ),
        VALUES,
        VALUES,
        VALUES,
        VALUES,
        _properties("w:rPr", ["w:vanish", "w:sz"]),
    )
    return st.builds(
        lambda ppr, inlines: f"<w:p>{ppr}{''.join(inlines)}</w:p>",
        st.one_of(st.just(""), paragraph_properties),
        st.lists(inline, max_size=4),
    )


def _blocks(depth: int) -> st.SearchStrategy[str]:
    paragraph = _paragraphs(depth)
    if depth == 0:
        return st.lists(paragraph, min_size=1, max_size=3).map("".join)
    inner = _blocks(depth - 1)
    cell = st.builds(
        lambda props, content: f"<w:tc>{props}{content}</w:tc>",
        _properties("w:tcPr", ["w:vMerge", "w:hMerge", "w:gridSpan"]),
        inner,
    )
    row = st.builds(
        lambda props, cells: f"<w:tr>{props}{''.join(cells)}</w:tr>",
        _properties("w:trPr", ["w:gridBefore", "w:del"]),
        st.lists(cell, min_size=1, max_size=3),
    )
    block = st.one_of(
        paragraph,
        paragraph,
        st.lists(row, min_size=1, max_size=3).map(lambda rows: f"<w:tbl>{''.join(rows)}</w:tbl>"),
        inner.map(lambda b: f"<w:sdt><w:sdtContent>{b}</w:sdtContent></w:sdt>"),
        inner.map(lambda b: f"<w:customXml>{b}</w:customXml>"),
    )
    return st.lists(block, min_size=1, max_size=3).map("".join)


@st.composite
def _styles(draw: st.DrawFn) -> str:
    parts = []
    for style_id in draw(st.lists(st.sampled_from(["S0", "S1", "Heading1", "x"]), max_size=4)):
        parts.append(
            f'<w:style w:type="{draw(st.sampled_from(["paragraph", "character", "table"]))}" '
            f'w:styleId="{style_id}" w:default="{draw(VALUES)}"><w:name w:val="{draw(VALUES)}"/>'
            f'<w:basedOn w:val="{draw(VALUES)}"/>'
            f"{draw(_properties('w:rPr', RUN_PROPERTIES))}"
            f'<w:pPr><w:numPr><w:numId w:val="{draw(VALUES)}"/></w:numPr>'
            f'<w:outlineLvl w:val="{draw(VALUES)}"/></w:pPr></w:style>'
        )
    return "".join(parts)


FORMATS = st.sampled_from(["bullet", "decimal", "upperRoman", "lowerLetter", "none", "x"])


@st.composite
def _numbering(draw: st.DrawFn) -> str:
    parts = []
    for number in draw(st.lists(VALUES, max_size=3)):
        levels = "".join(
            f'<w:lvl w:ilvl="{draw(VALUES)}"><w:start w:val="{draw(VALUES)}"/>'
            f'<w:numFmt w:val="{draw(FORMATS)}"/>'
            f'<w:lvlText w:val="%{draw(st.integers(0, 9))}.%1"/></w:lvl>'
            for _ in range(draw(st.integers(0, 3)))
        )
        parts.append(
            f'<w:abstractNum w:abstractNumId="{number}">{levels}'
            f'<w:numStyleLink w:val="{draw(VALUES)}"/></w:abstractNum>'
            f'<w:num w:numId="{draw(VALUES)}"><w:abstractNumId w:val="{number}"/>'
            f'<w:lvlOverride w:ilvl="{draw(VALUES)}"><w:startOverride w:val="{draw(VALUES)}"/>'
            "</w:lvlOverride></w:num>"
        )
    return "".join(parts)


@settings(max_examples=150)
@given(_blocks(2), _styles(), _numbering())
def test_random_wordprocessingml(body: str, styles: str, numbering: str) -> None:
    data = build_docx(body, styles=styles, numbering=numbering)
    _check_bytes(data, strict=True)
