"""The pdfium engine's C accelerator and its pure-Python path give identical scenes.

The accelerator (``_native.c``) makes the same pdfium calls as the Python code and returns
their raw values; these tests hold it to that over every PDF the project can read.
"""

from __future__ import annotations

import math
from array import array
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from talentmatch.config import Limits
from talentmatch.documents import load_document
from talentmatch.documents._raw import Deadline
from talentmatch.documents.pdf._pdfium import read_pdfium
from talentmatch.documents.pdf._pdfium_api import PURE_PYTHON_ENV, Native, handle, native
from talentmatch.documents.pdf._pdfium_page import PdfiumPage, Scratch
from talentmatch.documents.pdf._scene import TextRun
from talentmatch.errors import DocumentError
from tests.conftest import FIXTURES, SHARED_DATA

pytestmark = pytest.mark.slow


def accelerator() -> Native:
    found = native()
    if found is None:
        pytest.skip("the C accelerator is not built here (installed without a compiler)")
    return found


def corpus() -> list[Path]:
    paths = sorted((FIXTURES / "documents" / "pdf").glob("*.pdf"))
    if SHARED_DATA.exists():
        paths += sorted((SHARED_DATA / "resumes" / "templates").glob("*.pdf"))
        paths += sorted((SHARED_DATA / "documents").rglob("*.pdf"))
    return paths


def test_the_environment_switch_selects_the_path(monkeypatch: pytest.MonkeyPatch) -> None:
    built = accelerator()
    monkeypatch.setenv(PURE_PYTHON_ENV, "1")
    assert native() is None
    monkeypatch.setenv(PURE_PYTHON_ENV, "0")
    assert native() is built
    monkeypatch.delenv(PURE_PYTHON_ENV)
    assert native() is built


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
