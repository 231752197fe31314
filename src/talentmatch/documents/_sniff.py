"""Format detection from magic bytes; the file name is never trusted.

Example:
    >>> sniff(b"%PDF-1.7 ...")
    <DocumentFormat.PDF: 'pdf'>
    >>> sniff(b"Jane Roe, nurse")
    <DocumentFormat.TEXT: 'text'>
"""

from __future__ import annotations

import io
import zipfile

from talentmatch.errors import CorruptDocumentError, EncryptedDocumentError, UnsupportedFormatError
from talentmatch.models import DocumentFormat

__all__ = ["sniff"]

_CONVERT = "Convert it to PDF, DOCX or plain text and load that file."

# (prefix, offset, human name, advice)
_UNSUPPORTED_MAGIC: tuple[tuple[bytes, int, str, str], ...] = (
    (b"{\\rtf", 0, "RTF", "Save it as DOCX or PDF from the word processor, then load that."),
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image", "Run OCR on the image first, or ask for a PDF."),
    (b"\xff\xd8\xff", 0, "a JPEG image", "Run OCR on the image first, or ask for a PDF."),
    (b"GIF87a", 0, "a GIF image", "Run OCR on the image first, or ask for a PDF."),
    (b"GIF89a", 0, "a GIF image", "Run OCR on the image first, or ask for a PDF."),
    (b"II*\x00", 0, "a TIFF image", "Run OCR on the image first, or ask for a PDF."),
    (b"MM\x00*", 0, "a TIFF image", "Run OCR on the image first, or ask for a PDF."),
    (b"BM", 0, "a BMP image", "Run OCR on the image first, or ask for a PDF."),
    (b"WEBP", 8, "a WebP image", "Run OCR on the image first, or ask for a PDF."),
    (b"ftypheic", 4, "a HEIC image", "Run OCR on the image first, or ask for a PDF."),
    (b"ftypmif1", 4, "a HEIF image", "Run OCR on the image first, or ask for a PDF."),
    (b"\x1f\x8b", 0, "a gzip archive", "Extract the document from the archive first."),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive", "Extract the document from the archive first."),
    (b"Rar!", 0, "a RAR archive", "Extract the document from the archive first."),
    (b"MZ", 0, "a Windows executable", "This is not a document; do not process it."),
    (b"\x7fELF", 0, "an ELF executable", "This is not a document; do not process it."),
    (b"%!PS", 0, "PostScript", _CONVERT),
    (b"AT&TFORM", 0, "a DjVu document", _CONVERT),
)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_OOXML_MARKER = "EncryptedPackage".encode("utf-16-le")


def sniff(data: bytes) -> DocumentFormat:
    """Return the format of ``data`` judged from its content.

    Raises:
        UnsupportedFormatError: a known format talentmatch does not read (legacy .doc,
            RTF, images, archives, spreadsheets, presentations), with what to do instead.
        EncryptedDocumentError: a password-protected Office document.
        CorruptDocumentError: a zip container that cannot be opened.
    """
    head = data[:1024]
    if b"%PDF-" in head:
        return DocumentFormat.PDF
    if data.startswith(_OLE):
        if _ENCRYPTED_OOXML_MARKER in data[:1_000_000]:
            raise EncryptedDocumentError(
                "The Office document is password protected. Ask the candidate for an "
                "unprotected copy, or remove the password and load it again."
            )
        raise UnsupportedFormatError(
            "The file is a legacy Microsoft Office (OLE) document such as a Word 97-2003 .doc, "
            "which talentmatch does not read. Save it as DOCX or PDF (for example with "
            "'libreoffice --headless --convert-to docx') and load that file."
        )
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data)
    for magic, offset, name, advice in _UNSUPPORTED_MAGIC:
        if data[offset : offset + len(magic)] == magic:
            if magic == b"WEBP" and not data.startswith(b"RIFF"):
                continue
            raise UnsupportedFormatError(f"The file is {name}, not a resume document. {advice}")
    stripped = head.lstrip().lower()
    if stripped.startswith((b"<!doctype html", b"<html")):
        raise UnsupportedFormatError(
            "The file is an HTML page, which talentmatch does not read yet. Save it as PDF or "
            "copy its text into a plain-text file and load that."
        )
    return DocumentFormat.TEXT


def _sniff_zip(data: bytes) -> DocumentFormat:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise CorruptDocumentError(
            f"The file looks like a zip container (DOCX) but cannot be opened "
            f"({type(exc).__name__}). It is truncated or damaged; ask for a new copy."
        ) from None
    if "word/document.xml" in names:
        return DocumentFormat.DOCX
    kinds = (
        ("xl/workbook.xml", "an Excel spreadsheet (XLSX)"),
        ("ppt/presentation.xml", "a PowerPoint presentation (PPTX)"),
    )
    for marker, name in kinds:
        if marker in names:
            raise UnsupportedFormatError(f"The file is {name}, not a resume document. {_CONVERT}")
    if "mimetype" in names and "content.xml" in names:
        raise UnsupportedFormatError(
            "The file is an OpenDocument file (ODT/ODS), which talentmatch does not read. "
            "Save it as DOCX or PDF and load that."
        )
    if "[Content_Types].xml" in names:
        raise CorruptDocumentError(
            "The file is an Office Open XML package without a word/document.xml part. It is "
            "damaged or not a Word document; ask for a new copy."
        )
    raise UnsupportedFormatError(
        "The file is a zip archive, not a document. Extract the resume from it and load that."
    )
