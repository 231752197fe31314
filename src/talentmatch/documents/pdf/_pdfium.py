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
from talentmatch.documents.pdf._pdfium_api import api, handle, native
from talentmatch.documents.pdf._pdfium_page import PdfiumPage, Scratch
from talentmatch.documents.pdf._scene import PageScene
from talentmatch.errors import DocumentError

__all__ = ["read_pdfium"]

# pdfium keeps global state and must never run on two threads at once; this lock is the
# one piece of process-wide state, and it guards the library, not data.
_PDFIUM_LOCK = threading.Lock()


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise encrypted() from None
        raise corrupt("pdfium", exc) from None


def read_pdfium(data: bytes, *, limits: Limits, deadline: Deadline) -> list[PageScene]:
    """Return one ``PageScene`` per page, read with pdfium.

    Raises:
        EncryptedDocumentError: the empty password does not open the file.
        CorruptDocumentError: pdfium cannot parse the file or one of its pages.
        DocumentTooLargeError: more pages than ``limits.max_pages``, or out of time.
    """
    scenes: list[PageScene] = []
    with _PDFIUM_LOCK:
        document = _open(data)
        try:
            count = len(document)
            if count > limits.max_pages:
                raise too_many_pages(count, limits)
            scratch = Scratch(native())
            f = api()
            raw = ctypes.c_void_p(handle(document.raw))
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
            document.close()
    return scenes
