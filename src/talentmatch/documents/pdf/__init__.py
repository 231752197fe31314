"""PDF reading: two engines behind one interface, with fallback.

``read_pdf`` tries the engine named by ``Limits.pdf_engine`` (pypdfium2 by default), and on
failure the other one (unless ``Limits.pdf_fallback`` is off). Encryption and limit errors
are final: the other engine would only fail the same way.
"""

from __future__ import annotations

from talentmatch.config import Limits
from talentmatch.documents._raw import Deadline, RawExtraction
from talentmatch.documents.pdf._engines import ENGINES
from talentmatch.errors import (
    CorruptDocumentError,
    DocumentError,
    DocumentTooLargeError,
    EncryptedDocumentError,
    NoTextError,
)
from talentmatch.models import Finding, FindingKind

__all__ = ["read_pdf"]


def read_pdf(data: bytes, *, limits: Limits, deadline: Deadline) -> RawExtraction:
    """Extract the pages of a PDF with the configured engine, falling back on failure.

    Raises:
        EncryptedDocumentError: the empty password does not open the file.
        CorruptDocumentError: neither engine can read the file.
        DocumentTooLargeError: more pages than ``limits.max_pages``, or out of time.
    """
    order = [limits.pdf_engine] + [name for name in ENGINES if name != limits.pdf_engine]
    if not limits.pdf_fallback:
        order = order[:1]
    first_error: DocumentError | None = None
    for attempt, name in enumerate(order):
        try:
            extraction = ENGINES[name](data, limits=limits, deadline=deadline)
        except (EncryptedDocumentError, DocumentTooLargeError):
            raise
        except (CorruptDocumentError, NoTextError) as exc:
            first_error = first_error or exc
            continue
        if attempt > 0:
            extraction.findings.append(
                Finding(kind=FindingKind.ENGINE_FALLBACK, detail=f"engine={name}")
            )
        return extraction
    assert first_error is not None
    raise first_error
