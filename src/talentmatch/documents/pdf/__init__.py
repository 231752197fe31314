"""PDF reading: two engines behind one small interface, with fallback.

An engine turns the file into one ``PageScene`` per page (positioned text runs with their
style, and the filled areas drawn on the page). Everything after that is shared, so both
engines produce the same ``RawExtraction`` contract:

* ``classify_hidden`` marks runs a reader cannot see (``_visibility``);
* ``layout_page`` rebuilds reading order, columns and lines (``_layout``, ``_columns``).

``read_pdf`` tries the engine named by ``Limits.pdf_engine`` (pypdfium2 by default) and, on
a file it cannot parse or open with the empty password, the other one (unless
``Limits.pdf_fallback`` is off). Page and time limits are final: the other engine would
fail the same way. Engine log
records never reach the caller's logs; they are counted into an ``engine_warning`` finding.
"""

from __future__ import annotations

from collections.abc import Callable

from talentmatch.config import Limits
from talentmatch.documents._raw import Deadline, RawExtraction, RawPage
from talentmatch.documents.pdf._layout import layout_page_with
from talentmatch.documents.pdf._pdfium import read_pdfium
from talentmatch.documents.pdf._pdfium_api import native
from talentmatch.documents.pdf._pypdf import read_pypdf
from talentmatch.documents.pdf._quiet import captured_engine_logs
from talentmatch.documents.pdf._scene import PageScene
from talentmatch.documents.pdf._visibility import classify_hidden_with
from talentmatch.errors import CorruptDocumentError, DocumentError, EncryptedDocumentError
from talentmatch.models import DocumentFormat, Finding, FindingKind

__all__ = ["ENGINES", "SceneReader", "extract_with", "read_pdf"]

SceneReader = Callable[..., list[PageScene]]
"""An engine: ``(data, *, limits, deadline) -> list[PageScene]``."""

ENGINES: dict[str, SceneReader] = {"pdfium": read_pdfium, "pypdf": read_pypdf}

# The smallest useful PDF (no cross-reference table; pdfium rebuilds it), for examples.
_EXAMPLE = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n4 0 obj<</Length 35>>stream\n"
    b"BT /F1 12 Tf 10 50 Td (ICU nurse) Tj ET\nendstream endobj\n"
    b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF"
)


def extract_with(engine: str, data: bytes, *, limits: Limits, deadline: Deadline) -> RawExtraction:
    """Read ``data`` with one engine, no fallback, and lay out its pages.

    Args:
        engine: a key of ``ENGINES`` ("pdfium" or "pypdf").
        data: the bytes of a PDF.
        limits: page and time limits.
        deadline: when reading must stop.

    Returns:
        The pages' blocks in reading order, with engine-level findings.

    Raises:
        EncryptedDocumentError, CorruptDocumentError, DocumentTooLargeError: as ``read_pdf``.
        KeyError: ``engine`` is not a name in ``ENGINES``.

    Example:
        >>> from talentmatch.documents._raw import Deadline
        >>> raw = extract_with("pdfium", _EXAMPLE, limits=Limits(), deadline=Deadline.after(5))
        >>> raw.engine, [block.text for block in raw.pages[0].blocks]
        ('pdfium', ['ICU nurse'])
    """
    read = ENGINES[engine]
    with captured_engine_logs() as log:
        scenes = read(data, limits=limits, deadline=deadline)
    findings: list[Finding] = []
    pages: list[RawPage] = []
    accelerator = native()  # the switch is read once per document, not per page
    for number, scene in enumerate(scenes, start=1):
        deadline.check()
        classify_hidden_with(scene, accelerator)
        layout = layout_page_with(scene, accelerator)
        if layout.columns > 1:
            findings.append(
                Finding(
                    kind=FindingKind.COLUMNS_REORDERED,
                    page=number,
                    detail=f"columns={layout.columns}",
                )
            )
        pages.append(
            RawPage(
                blocks=layout.blocks,
                width=round(scene.width, 2),
                height=round(scene.height, 2),
                has_text_layer=bool(scene.runs),
            )
        )
    if log.total:
        findings.append(
            Finding(
                kind=FindingKind.ENGINE_WARNING,
                detail=f"engine={engine} warnings={log.warnings} errors={log.errors}",
            )
        )
    return RawExtraction(format=DocumentFormat.PDF, engine=engine, pages=pages, findings=findings)


def read_pdf(data: bytes, *, limits: Limits, deadline: Deadline) -> RawExtraction:
    """Extract the pages of a PDF with the configured engine, falling back on failure.

    Args:
        data: the bytes of a PDF.
        limits: engine choice, fallback, page and time limits.
        deadline: when reading must stop.

    Returns:
        The pages' blocks in reading order; an ``engine_fallback`` finding when the second
        engine produced them.

    Raises:
        EncryptedDocumentError: the empty password does not open the file.
        CorruptDocumentError: neither engine can read the file.
        DocumentTooLargeError: more pages than ``limits.max_pages``, or out of time.

    Example:
        >>> from talentmatch.documents._raw import Deadline
        >>> raw = read_pdf(_EXAMPLE, limits=Limits(), deadline=Deadline.after(5))
        >>> raw.pages[0].blocks[0].text, raw.pages[0].blocks[0].font_size
        ('ICU nurse', 12.0)
    """
    order = [limits.pdf_engine] + [name for name in ENGINES if name != limits.pdf_engine]
    if not limits.pdf_fallback:
        order = order[:1]
    first_error: DocumentError | None = None
    for attempt, name in enumerate(order):
        try:
            extraction = extract_with(name, data, limits=limits, deadline=deadline)
        except (CorruptDocumentError, EncryptedDocumentError) as exc:
            # pypdf opens some files pdfium refuses with the empty password (and the other
            # way round); a file either engine opens without a password is not locked.
            first_error = first_error or exc
            continue
        if attempt > 0:
            extraction.findings.append(
                Finding(kind=FindingKind.ENGINE_FALLBACK, detail=f"engine={name}")
            )
        return extraction
    assert first_error is not None
    raise first_error
