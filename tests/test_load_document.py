"""load_document: every kind of source, every limit, and errors that say what to do."""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path

import pytest

import talentmatch.documents as documents
from talentmatch.config import Limits
from talentmatch.documents import load_document
from talentmatch.errors import (
    ConfigError,
    CorruptDocumentError,
    DocumentTimeoutError,
    DocumentTooLargeError,
    InputError,
    NoTextError,
)
from talentmatch.models import DocumentFormat
from tests.conftest import FIXTURES

DOCX = FIXTURES / "documents" / "docx"
TEXT = FIXTURES / "documents" / "text"
RESUME = "Jane Roe\nRegistered nurse, ICU\nPython for data analysis"


class _PathLike:
    def __init__(self, path: Path) -> None:
        self._path = path

    def __fspath__(self) -> str:
        return str(self._path)


# Sources -----------------------------------------------------------------------------------


def test_str_is_always_text() -> None:
    doc = load_document(RESUME)
    assert doc.format is DocumentFormat.TEXT
    assert doc.text == RESUME
    assert doc.filename is None
    # Text that happens to mention a file name is still text.
    assert load_document("Skills\nSee portfolio.pdf").text == "Skills\nSee portfolio.pdf"


@pytest.mark.parametrize(
    "value",
    [
        "resume.pdf",
        "  CV Jane Roe.DOCX ",
        "C:\\Users\\jane\\cv.doc",
        "/home/jane/cv",
        "./cv",
        "../cv/latest",
        "~/Documents/cv.txt",
        "notes.md",
    ],
)
def test_str_that_looks_like_a_path_is_refused(value: str) -> None:
    with pytest.raises(InputError, match=r"pathlib\.Path"):
        load_document(value)


def test_bytes_bytearray_and_memoryview_give_the_same_document() -> None:
    data = (DOCX / "one_column.docx").read_bytes()
    expected = load_document(data)
    assert load_document(bytearray(data)) == expected
    assert load_document(memoryview(data)) == expected
    assert expected.format is DocumentFormat.DOCX
    assert expected.byte_size == len(data)


def test_paths_and_path_likes(tmp_path: Path) -> None:
    path = DOCX / "one_column.docx"
    from_path = load_document(path)
    assert from_path.filename == "one_column.docx"
    assert load_document(_PathLike(path)) == from_path
    copy = tmp_path / "résumé final.docx"
    copy.write_bytes(path.read_bytes())
    assert load_document(copy).text == from_path.text


def test_bytes_path_like(tmp_path: Path) -> None:
    class BytesPath:
        def __fspath__(self) -> bytes:
            return os.fsencode(TEXT / "utf8.txt")

    doc = load_document(BytesPath())  # type: ignore[arg-type]
    assert doc.filename == "utf8.txt"
    assert doc.text.startswith("Chloé Durand")


def test_binary_file_objects() -> None:
    with (DOCX / "one_column.docx").open("rb") as handle:
        doc = load_document(handle)
    assert doc.filename == "one_column.docx"
    assert doc.text.startswith("Jane Roe")
    buffered = load_document(io.BytesIO(RESUME.encode()), filename="cv.txt")
    assert buffered.filename == "cv.txt"
    assert buffered.text == RESUME


def test_text_mode_file_objects_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "cv.txt"
    path.write_text(RESUME, encoding="utf-8")
    with path.open(encoding="utf-8") as handle, pytest.raises(InputError, match="'rb'"):
        load_document(handle)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="text mode"):
        load_document(io.StringIO(RESUME))  # type: ignore[arg-type]

    class DuckText:
        def read(self, size: int = -1) -> str:
            return RESUME

    with pytest.raises(InputError, match="text mode"):
        load_document(DuckText())  # type: ignore[arg-type]


def test_file_objects_that_misbehave() -> None:
    class NonBlocking:
        def read(self, size: int = -1) -> None:
            return None

    class Failing:
        def read(self, size: int = -1) -> bytes:
            raise OSError("device gone")

    with pytest.raises(InputError, match="blocking binary file"):
        load_document(NonBlocking())  # type: ignore[arg-type]
    with pytest.raises(InputError, match="OSError"):
        load_document(Failing())  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [None, 42, 3.5, ["text"], {"text": "x"}, object()])
def test_unsupported_source_types(value: object) -> None:
    with pytest.raises(InputError, match="Cannot load a document from"):
        load_document(value)  # type: ignore[arg-type]


def test_missing_directories_and_special_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="No file exists"):
        load_document(tmp_path / "missing.pdf")
    with pytest.raises(InputError, match="not a regular file"):
        load_document(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # A pipe would block a read forever; it is refused after a stat call.
    with pytest.raises(InputError, match="not a regular file"):
        load_document(fifo)


def test_filename_must_be_a_string() -> None:
    with pytest.raises(InputError, match="filename"):
        load_document(RESUME, filename=Path("cv.txt"))  # type: ignore[arg-type]


# Limits ------------------------------------------------------------------------------------


def test_max_bytes_is_checked_with_stat_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2_000)

    def refuse_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", refuse_open)
    with pytest.raises(DocumentTooLargeError, match="2,000 bytes") as caught:
        load_document(path, limits=Limits(max_bytes=1_000))
    assert "Limits.max_bytes" in str(caught.value)


@pytest.mark.parametrize(
    "source",
    [
        "x" * 2_000,
        b"x" * 2_000,
        bytearray(b"x" * 2_000),
        memoryview(b"x" * 2_000),
    ],
)
def test_max_bytes_for_in_memory_sources(source: object) -> None:
    with pytest.raises(DocumentTooLargeError, match="max_bytes"):
        load_document(source, limits=Limits(max_bytes=1_000))  # type: ignore[arg-type]


def test_max_bytes_for_file_objects_reads_at_most_one_byte_over() -> None:
    requested: list[int] = []

    class Counting(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            requested.append(-1 if size is None else size)
            return super().read(size)

    stream = Counting(b"x" * 5_000)
    with pytest.raises(DocumentTooLargeError):
        load_document(stream, limits=Limits(max_bytes=1_000))
    assert requested == [1_001]


def test_max_chars_for_text_and_docx() -> None:
    with pytest.raises(DocumentTooLargeError, match="max_chars"):
        load_document("word " * 100, limits=Limits(max_chars=50))
    with pytest.raises(DocumentTooLargeError, match="max_chars"):
        load_document(DOCX / "one_column.docx", limits=Limits(max_chars=50))
    assert (
        load_document("word " * 5, limits=Limits(max_chars=50)).text == "word word word word word"
    )


def test_time_budget_raises_a_timeout() -> None:
    # A nanosecond budget is spent before the first check, whatever the machine.
    limits = Limits(time_budget_seconds=1e-9)
    with pytest.raises(DocumentTimeoutError, match="time budget") as caught:
        load_document(DOCX / "one_column.docx", limits=limits)
    assert caught.value.code == "document_timeout"
    assert isinstance(caught.value, DocumentTooLargeError)
    assert "Limits.time_budget_seconds" in str(caught.value)
    with pytest.raises(DocumentTimeoutError):
        load_document(RESUME, limits=limits)
    with pytest.raises(DocumentTimeoutError):
        load_document((TEXT / "cp1252.txt").read_bytes(), limits=limits)


def test_docx_limits_through_load_document() -> None:
    with pytest.raises(DocumentTooLargeError, match="zip bomb"):
        load_document(DOCX / "zip_bomb.docx")
    with pytest.raises(DocumentTooLargeError, match="max_docx_uncompressed_bytes"):
        load_document(DOCX / "one_column.docx", limits=Limits(max_docx_uncompressed_bytes=1_000))


def test_limits_may_be_a_mapping_and_are_validated() -> None:
    doc = load_document(RESUME, limits={"max_chars": 1_000})  # type: ignore[arg-type]
    assert doc.text == RESUME
    with pytest.raises(ConfigError, match="Invalid limits"):
        load_document(RESUME, limits={"max_pages": 0})  # type: ignore[arg-type]


# Results and errors ------------------------------------------------------------------------


def test_loading_is_deterministic() -> None:
    for path in sorted(DOCX.glob("*.docx")) + sorted(TEXT.glob("*.txt")):
        try:
            first = load_document(path)
        except DocumentTooLargeError:
            continue
        except Exception as exc:  # refused fixtures refuse the same way twice
            with pytest.raises(type(exc)):
                load_document(path)
            continue
        assert load_document(path) == first
        assert (
            first.model_dump_json()
            == load_document(path.read_bytes(), filename=path.name).model_dump_json()
        )


def test_empty_input_has_no_text() -> None:
    with pytest.raises(NoTextError, match="contains no text") as caught:
        load_document(b"")
    assert caught.value.to_dict()["code"] == "no_text"
    with pytest.raises(NoTextError):
        load_document("   \n\t ")


def test_unexpected_reader_failure_becomes_corrupt_and_logs_no_content(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("Jane Roe secret")

    monkeypatch.setattr(documents, "read_docx", broken)
    with caplog.at_level(logging.WARNING), pytest.raises(CorruptDocumentError, match="KeyError"):
        load_document(DOCX / "one_column.docx")
    assert "Jane Roe" not in caplog.text
    assert all("Jane" not in str(record.__dict__) for record in caplog.records)


# Lazy engines ------------------------------------------------------------------------------


def test_pdf_engines_are_imported_only_when_a_pdf_is_loaded() -> None:
    """``import talentmatch`` and text/DOCX loading leave pypdf and pypdfium2 unimported.

    The engines and what they pull in leave tens of thousands of objects that every full
    garbage collection walks; a caller who never loads a PDF should not carry them.
    """
    import subprocess
    import sys

    pdf = FIXTURES / "documents" / "pdf" / "one_column.pdf"
    docx = DOCX / "one_column.docx"
    script = (
        "import pathlib, sys, talentmatch\n"
        "engines = ('pypdf', 'pypdfium2', 'talentmatch.documents.pdf')\n"
        "print(sorted(m for m in engines if m in sys.modules))\n"
        "talentmatch.load_document('Jane Roe\\nPython developer')\n"
        f"talentmatch.load_document(pathlib.Path({str(docx)!r}))\n"
        "print(sorted(m for m in engines if m in sys.modules))\n"
        f"talentmatch.load_document(pathlib.Path({str(pdf)!r}))\n"
        "print(sorted(m for m in engines if m in sys.modules))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=120
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.splitlines() == [
        "[]",
        "[]",
        "['pypdf', 'pypdfium2', 'talentmatch.documents.pdf']",
    ]


def test_a_broken_pdf_engine_install_is_reported_as_such() -> None:
    """A missing engine is a ConfigError naming the install, not a corrupt file."""
    import subprocess
    import sys

    pdf = FIXTURES / "documents" / "pdf" / "one_column.pdf"
    script = (
        "import pathlib, sys\n"
        "sys.modules['pypdfium2'] = None\n"
        "import talentmatch\n"
        "from talentmatch.errors import ConfigError\n"
        "try:\n"
        f"    talentmatch.load_document(pathlib.Path({str(pdf)!r}))\n"
        "except ConfigError as exc:\n"
        "    print('config', 'reinstall' in str(exc))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=120
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.splitlines() == ["config True"]
