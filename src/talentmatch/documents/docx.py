"""DOCX reading with python-docx, guarded against zip bombs."""

from __future__ import annotations

import io
import zipfile

import docx

from talentmatch.config import Limits
from talentmatch.documents._raw import Deadline, RawBlock, RawExtraction, RawPage
from talentmatch.errors import CorruptDocumentError, DocumentTooLargeError
from talentmatch.models import BlockKind, DocumentFormat

__all__ = ["check_zip_limits", "read_docx"]

_LARGE_MEMBER = 1024 * 1024


def check_zip_limits(data: bytes, limits: Limits) -> None:
    """Refuse archives whose declared uncompressed size or ratio exceeds the limits.

    Reads only the zip central directory; nothing is decompressed.

    Raises:
        DocumentTooLargeError: the archive would expand past the configured limits.
        CorruptDocumentError: the zip directory cannot be read.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise CorruptDocumentError(
            f"The DOCX cannot be opened ({type(exc).__name__}); it is truncated or damaged."
        ) from None
    total = sum(info.file_size for info in infos)
    if total > limits.max_docx_uncompressed_bytes:
        raise DocumentTooLargeError(
            f"The DOCX would expand to {total:,} bytes, more than the limit of "
            f"{limits.max_docx_uncompressed_bytes:,} (a zip bomb or a document full of media). "
            "Raise Limits.max_docx_uncompressed_bytes only if you trust the file."
        )
    for info in infos:
        if info.file_size > _LARGE_MEMBER:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_docx_compression_ratio:
                raise DocumentTooLargeError(
                    f"A part of the DOCX expands {ratio:,.0f} times, more than the limit of "
                    f"{limits.max_docx_compression_ratio:g} (a zip bomb). Raise "
                    "Limits.max_docx_compression_ratio only if you trust the file."
                )


def read_docx(data: bytes, *, limits: Limits, deadline: Deadline) -> RawExtraction:
    """Extract body paragraphs of a DOCX."""
    check_zip_limits(data, limits)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise CorruptDocumentError(
            f"The DOCX cannot be read ({type(exc).__name__}); it is damaged. Ask for a new copy "
            "or re-save it from Word."
        ) from None
    deadline.check()
    blocks = [RawBlock(text=p.text, kind=BlockKind.PARAGRAPH) for p in document.paragraphs]
    return RawExtraction(
        format=DocumentFormat.DOCX,
        engine="docx",
        pages=[RawPage(blocks=blocks)],
        prefer_ocr_message=False,
    )
