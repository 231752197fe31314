"""PDF engines: pypdfium2 (default) and pypdf (pure Python), one signature each."""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Callable

import pypdf
import pypdfium2 as pdfium

from talentmatch.config import Limits
from talentmatch.documents._raw import Deadline, RawBlock, RawExtraction, RawPage
from talentmatch.errors import CorruptDocumentError, DocumentTooLargeError, EncryptedDocumentError
from talentmatch.models import DocumentFormat

__all__ = ["ENGINES", "Engine"]

Engine = Callable[..., RawExtraction]

_ENCRYPTED = (
    "The PDF is password protected and the empty password does not open it. Ask the "
    "candidate for an unprotected copy."
)


def _too_many_pages(count: int, limits: Limits) -> DocumentTooLargeError:
    return DocumentTooLargeError(
        f"The PDF has {count} pages, more than the limit of {limits.max_pages}. Raise "
        "Limits.max_pages or send only the resume pages."
    )


def _corrupt(engine: str, exc: BaseException) -> CorruptDocumentError:
    return CorruptDocumentError(
        f"The PDF cannot be read by {engine} ({type(exc).__name__}); it is truncated or "
        "damaged. Ask for a new copy, or re-save it with a PDF printer."
    )


def _lines_to_page(text: str, width: float | None, height: float | None) -> RawPage:
    blocks = [
        RawBlock(text=line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    return RawPage(blocks=blocks, width=width, height=height, has_text_layer=bool(text.strip()))


def read_with_pdfium(data: bytes, *, limits: Limits, deadline: Deadline) -> RawExtraction:
    """Extract text with pypdfium2, page by page."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedDocumentError(_ENCRYPTED) from None
        raise _corrupt("pdfium", exc) from None
    try:
        count = len(document)
        if count > limits.max_pages:
            raise _too_many_pages(count, limits)
        pages: list[RawPage] = []
        for index in range(count):
            deadline.check()
            page = document[index]
            try:
                width, height = page.get_size()
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_range()
                finally:
                    textpage.close()
            finally:
                page.close()
            pages.append(_lines_to_page(text, width, height))
    except pdfium.PdfiumError as exc:
        raise _corrupt("pdfium", exc) from None
    finally:
        document.close()
    return RawExtraction(format=DocumentFormat.PDF, engine="pdfium", pages=pages)


def read_with_pypdf(data: bytes, *, limits: Limits, deadline: Deadline) -> RawExtraction:
    """Extract text with pypdf, page by page."""
    logger = logging.getLogger("pypdf")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
                if reader.is_encrypted and not reader.decrypt(""):
                    raise EncryptedDocumentError(_ENCRYPTED)
                count = len(reader.pages)
            except EncryptedDocumentError:
                raise
            except Exception as exc:
                if "decrypt" in str(exc).lower() or "password" in str(exc).lower():
                    raise EncryptedDocumentError(_ENCRYPTED) from None
                raise _corrupt("pypdf", exc) from None
            if count > limits.max_pages:
                raise _too_many_pages(count, limits)
            pages: list[RawPage] = []
            for index in range(count):
                deadline.check()
                try:
                    page = reader.pages[index]
                    box = page.mediabox
                    text = page.extract_text() or ""
                except Exception as exc:
                    raise _corrupt("pypdf", exc) from None
                pages.append(_lines_to_page(text, float(box.width), float(box.height)))
    finally:
        logger.setLevel(previous)
    return RawExtraction(format=DocumentFormat.PDF, engine="pypdf", pages=pages)


ENGINES: dict[str, Engine] = {"pdfium": read_with_pdfium, "pypdf": read_with_pypdf}
