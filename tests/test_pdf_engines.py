"""The two PDF engines: one contract, engine choice and fallback, errors, limits, quiet logs."""

from __future__ import annotations

import logging
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from pypdf.generic import DecodedStreamObject, DictionaryObject

from talentmatch.config import Limits
from talentmatch.documents import load_document
from talentmatch.documents._raw import Deadline
from talentmatch.documents.pdf import ENGINES
from talentmatch.documents.pdf._pypdf_content import ContentReader
from talentmatch.documents.pdf._quiet import captured_engine_logs
from talentmatch.documents.pdf._scene import PageFrame
from talentmatch.errors import (
    CorruptDocumentError,
    DocumentTimeoutError,
    DocumentTooLargeError,
    EncryptedDocumentError,
    NoTextError,
)
from talentmatch.models import Document, FindingKind
from tests.conftest import FIXTURES, shared

PDF = FIXTURES / "documents" / "pdf"
ENGINE_NAMES = ["pdfium", "pypdf"]


def load(path: Path, engine: str, **limits: Any) -> Document:
    return load_document(path, limits=Limits(pdf_engine=engine, pdf_fallback=False, **limits))


def block_of(document: Document, line: str) -> Any:
    start = document.text.index(line)
    return next(b for b in document.blocks if b.span.start == start)


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_every_line_carries_its_style(engine: str) -> None:
    document = load(PDF / "one_column.pdf", engine)

    assert document.engine == engine
    name = block_of(document, "Avery Quinn")
    contact = block_of(document, "avery.quinn@example.com | +1 555 0100 | Springfield")
    heading = block_of(document, "Experience")
    bullet = block_of(
        document, "monthly close from five days to two; mentored two junior analysts."
    )
    assert (name.bold, name.font_size) == (True, pytest.approx(20, abs=0.01))
    assert (contact.bold, contact.font_size) == (False, pytest.approx(9, abs=0.01))
    assert (heading.bold, heading.font_size) == (True, pytest.approx(12, abs=0.01))
    assert name.x0 == pytest.approx(56, abs=1.5)
    assert bullet.x0 > name.x0 + 8
    assert {b.column for b in document.blocks} == {0}
    assert all(b.span.page == 1 for b in document.blocks)
    page = document.pages[0]
    assert (page.width, page.height) == (
        pytest.approx(595.28, abs=0.01),
        pytest.approx(841.89, abs=0.01),
    )


def test_both_engines_give_the_same_text_on_clean_fixtures() -> None:
    for name in ("one_column.pdf", "two_column_rows.pdf", "sidebar.pdf", "table.pdf"):
        assert load(PDF / name, "pdfium").text == load(PDF / name, "pypdf").text


def test_pdfium_is_the_default_and_pypdf_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_document(PDF / "one_column.pdf").engine == "pdfium"

    def broken(data: bytes, **kwargs: Any) -> Any:
        raise CorruptDocumentError("pdfium could not parse the file")

    monkeypatch.setitem(ENGINES, "pdfium", broken)
    document = load_document(PDF / "one_column.pdf")
    assert document.engine == "pypdf"
    fallbacks = [f for f in document.findings if f.kind is FindingKind.ENGINE_FALLBACK]
    assert [f.detail for f in fallbacks] == ["engine=pypdf"]
    with pytest.raises(CorruptDocumentError):
        load_document(PDF / "one_column.pdf", limits=Limits(pdf_fallback=False))


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_encryption(engine: str) -> None:
    with pytest.raises(EncryptedDocumentError, match="password"):
        load(PDF / "encrypted_user_password.pdf", engine)
    # Only an owner password: the empty user password opens it.
    assert load(PDF / "encrypted_owner_only.pdf", engine).text.startswith("Riley Morgan")


@pytest.mark.parametrize("engine", ENGINE_NAMES)
@pytest.mark.parametrize("name", ["truncated.pdf", "corrupt.pdf"])
def test_damaged_files_are_corrupt(name: str, engine: str) -> None:
    with pytest.raises(CorruptDocumentError, match=engine):
        load(PDF / name, engine)


@pytest.mark.parametrize("name", ["truncated.pdf", "corrupt.pdf"])
def test_damaged_files_fail_only_after_the_fallback_also_fails(name: str) -> None:
    with pytest.raises(CorruptDocumentError, match="pdfium"):
        load_document(PDF / name)


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_no_text_layer_asks_for_ocr(engine: str) -> None:
    with pytest.raises(NoTextError, match="OCR"):
        load(PDF / "no_text.pdf", engine)


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_page_limit(engine: str) -> None:
    with pytest.raises(DocumentTooLargeError, match="6 pages"):
        load(PDF / "many_pages.pdf", engine, max_pages=5)
    document = load(PDF / "many_pages.pdf", engine, max_pages=6)
    assert document.page_count == 6
    assert document.text.split("\n\n")[5] == "Page 6 of a long portfolio"


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_time_budget_is_enforced(engine: str) -> None:
    with pytest.raises(DocumentTimeoutError):
        load(PDF / "one_column.pdf", engine, time_budget_seconds=1e-9)


def test_pypdf_interpreter_checks_the_deadline_inside_a_page() -> None:
    stream = DecodedStreamObject()
    stream.set_data(b"q Q\n" * 2_000)
    reader = ContentReader(
        pdf=None,
        frame=PageFrame(box=(0.0, 0.0, 600.0, 800.0), rotation=0),
        deadline=Deadline(expires_at=0.0, budget=1.0),
    )
    with pytest.raises(DocumentTimeoutError):
        reader.read(stream, DictionaryObject())


def test_pypdf_warnings_become_a_finding_not_log_noise(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    path = shared("documents", "pypdf-resources", "toy.pdf")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        document = load(path, "pypdf")

    assert [r for r in caplog.records if r.name.startswith("pypdf")] == []
    assert caught == []
    details = [f.detail for f in document.findings if f.kind is FindingKind.ENGINE_WARNING]
    assert len(details) == 1
    assert details[0].startswith("engine=pypdf warnings=")
    assert "toy" not in details[0]  # counts only, never document content


def test_engine_logs_pass_through_outside_a_read(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    logger = logging.getLogger("pypdf._reader")
    with captured_engine_logs() as log:
        logger.warning("inside a read")
        logger.error("inside a read")
    logger.warning("outside a read")

    assert (log.warnings, log.errors) == (1, 1)
    assert [r.getMessage() for r in caplog.records] == ["outside a read"]


def test_engine_logs_pass_through_after_a_read_that_failed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    logger = logging.getLogger("pypdf._reader")

    def failing_read() -> None:
        logger.warning("inside a read")
        raise ValueError("damaged")

    capture = captured_engine_logs()
    with pytest.raises(ValueError, match="damaged"), capture as log:
        failing_read()
    logger.warning("after the read")

    assert log.warnings == 1
    assert [r.getMessage() for r in caplog.records] == ["after the read"]


def test_concurrent_reads_match_sequential_reads() -> None:
    jobs = [
        (name, engine)
        for name in ("one_column.pdf", "sidebar.pdf", "hidden_white.pdf", "two_column_glued.pdf")
        for engine in ENGINE_NAMES
    ] * 3
    expected = {job: load(PDF / job[0], job[1]).model_dump_json() for job in set(jobs)}
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda job: load(PDF / job[0], job[1]).model_dump_json(), jobs))

    assert results == [expected[job] for job in jobs]


def test_same_input_same_output() -> None:
    first = load_document(PDF / "sidebar.pdf").model_dump_json()
    assert load_document(PDF / "sidebar.pdf").model_dump_json() == first
