"""The pypdf engine: pure Python, the fallback when pdfium cannot parse a file.

It opens the file leniently (``strict=False``), tries the empty user password on encrypted
files (owner-password-only files open this way), and interprets each page's content with
``ContentReader`` to produce the same ``PageScene`` as the pdfium engine.
"""

from __future__ import annotations

import io
from typing import Any

import pypdf
from pypdf import PasswordType
from pypdf.errors import FileNotDecryptedError

from talentmatch.config import Limits
from talentmatch.documents._raw import Deadline
from talentmatch.documents.pdf._errors import corrupt, encrypted, too_many_pages
from talentmatch.documents.pdf._pypdf_content import ContentReader
from talentmatch.documents.pdf._scene import PageFrame, PageScene
from talentmatch.errors import DocumentError

__all__ = ["read_pypdf"]


def _box(value: Any) -> tuple[float, float, float, float] | None:
    try:
        return float(value.left), float(value.bottom), float(value.right), float(value.top)
    except (AttributeError, TypeError, ValueError):
        return None


def _open(data: bytes) -> pypdf.PdfReader:
    reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise encrypted()
    return reader


def _scene(reader: pypdf.PdfReader, page: pypdf.PageObject, deadline: Deadline) -> PageScene:
    media = _box(page.mediabox) or (0.0, 0.0, 612.0, 792.0)
    rotation = page.get("/Rotate", 0)
    frame = PageFrame.from_boxes(
        media, _box(page.cropbox), int(rotation) if isinstance(rotation, int | float) else 0
    )
    content = ContentReader(pdf=reader, frame=frame, deadline=deadline)
    contents = page.get("/Contents")
    if contents is not None:
        content.read(contents, page.get("/Resources"))
    return PageScene(
        width=frame.width, height=frame.height, runs=content.runs, paints=content.paints
    )


def read_pypdf(data: bytes, *, limits: Limits, deadline: Deadline) -> list[PageScene]:
    """Return one ``PageScene`` per page, read with pypdf.

    Raises:
        EncryptedDocumentError: the empty password does not open the file.
        CorruptDocumentError: pypdf cannot parse the file or one of its pages.
        DocumentTooLargeError: more pages than ``limits.max_pages``, or out of time.
    """
    try:
        reader = _open(data)
        count = len(reader.pages)
        if count > limits.max_pages:
            raise too_many_pages(count, limits)
        scenes: list[PageScene] = []
        for index in range(count):
            deadline.check()
            scenes.append(_scene(reader, reader.pages[index], deadline))
        return scenes
    except DocumentError:
        raise
    except FileNotDecryptedError:
        raise encrypted() from None
    except Exception as exc:
        # pypdf raises many exception types on damaged files (its own, ValueError,
        # KeyError, struct.error, zlib.error, ...); all mean the same to the caller.
        raise corrupt("pypdf", exc) from None
