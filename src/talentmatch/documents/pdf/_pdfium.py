"""The pypdfium2 engine: native, fast, and the default.

pdfium's text page decodes fonts, merges fake-bold duplicates, generates the spaces that
kerning implies and orders characters into lines; ``PdfiumPage`` turns that into runs with
positions and style at the coarsest grain that stays exact (see its module).

pdfium is not thread-safe, so every call into it happens under one process-wide lock;
the layout and everything after it run outside the lock.
"""

from __future__ import annotations

import ctypes
import threading

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from talentmatch.config import Limits
from talentmatch.documents._raw import Deadline
from talentmatch.documents.pdf._errors import corrupt, encrypted, too_many_pages
from talentmatch.documents.pdf._pdfium_api import api, native
from talentmatch.documents.pdf._pdfium_page import PdfiumPage, Scratch
from talentmatch.documents.pdf._scene import PageScene
from talentmatch.errors import DocumentError

__all__ = ["read_pdfium"]

# pdfium keeps global state and must never run on two threads at once; this lock is the
# one piece of process-wide state, and it guards the library, not data.
_PDFIUM_LOCK = threading.Lock()


def _open(data: bytes) -> tuple[ctypes.c_void_p, int]:
    """pdfium's handle of the document in ``data`` and its page count, as pypdfium2's
    PdfDocument opens it (close the handle with ``api().document_close``; ``data`` must
    outlive it: pdfium reads it in place)."""
    if type(data) is not bytes:
        raise TypeError(f"Invalid input type '{type(data).__name__}'")
    f = api()
    document = ctypes.c_void_p(f.document_load(data, len(data), None))
    count = f.page_count(document)
    if count < 1:
        code = f.last_error()
        if document:
            f.document_close(document)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise encrypted()
        raise corrupt("pdfium", pdfium.PdfiumError("Failed to load document.", err_code=code))
    return document, count


def read_pdfium(data: bytes, *, limits: Limits, deadline: Deadline) -> list[PageScene]:
    """Return one ``PageScene`` per page, read with pdfium.

    Raises:
        EncryptedDocumentError: the empty password does not open the file.
        CorruptDocumentError: pdfium cannot parse the file or one of its pages.
        DocumentTooLargeError: more pages than ``limits.max_pages``, or out of time.
    """
    scenes: list[PageScene] = []
    with _PDFIUM_LOCK:
        raw, count = _open(data)
        f = api()
        try:
            if count > limits.max_pages:
                raise too_many_pages(count, limits)
            scratch = Scratch(native())
            for index in range(count):
                deadline.check()
                page = f.page_load(raw, index)
                if not page:
                    raise pdfium.PdfiumError("Failed to load page.")
                try:
                    textpage = f.text_load(page)
                    if not textpage:
                        raise pdfium.PdfiumError("Failed to load text page.")
                    try:
                        reader = PdfiumPage(page, textpage, deadline, scratch)
                        reader.walk()
                        scenes.append(reader.scene())
                    finally:
                        f.text_close(textpage)
                finally:
                    f.page_close(page)
        except DocumentError:
            raise
        except (pdfium.PdfiumError, OSError, ValueError, TypeError, ctypes.ArgumentError) as exc:
            raise corrupt("pdfium", exc) from None
        finally:
            f.document_close(raw)
    return scenes
