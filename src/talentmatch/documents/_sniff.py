"""Format detection from the content alone; the file name is never trusted.

A ``.doc`` that is really RTF, a ``.pdf`` that is really a JPEG, a ``.docx`` that is really
a spreadsheet: each gets a typed error naming what the file actually is and what to do.
Only the first kilobyte is examined, plus, for zip and OLE containers, their directory
(never decompressing anything larger than a few kilobytes).

Example:
    >>> sniff(b"%PDF-1.7 ...")
    <DocumentFormat.PDF: 'pdf'>
    >>> sniff(b"Jane Roe, nurse")
    <DocumentFormat.TEXT: 'text'>
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

from talentmatch.errors import CorruptDocumentError, EncryptedDocumentError, UnsupportedFormatError
from talentmatch.models import DocumentFormat

__all__ = ["sniff"]

_CONVERT = "Convert it to PDF, DOCX or plain text and load that file."
_OCR = "Run OCR on the image first (for example ocrmypdf), or ask for a PDF or DOCX."
_UNPACK = "Extract the resume from the archive and load that file."
_NOT_A_DOCUMENT = "It is not a document; do not process it."
_RESAVE = "Open it in a word processor, save it as DOCX or PDF, and load that file."

# (magic, offset, what it is, what to do, printable): a printable magic (such as "BM")
# could begin a real text, so it only counts when binary bytes follow.
_MAGIC: tuple[tuple[bytes, int, str, str, bool], ...] = (
    (b"{\\rtf", 0, "an RTF document", _RESAVE, False),
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image", _OCR, False),
    (b"\xff\xd8\xff", 0, "a JPEG image", _OCR, False),
    (b"GIF87a", 0, "a GIF image", _OCR, True),
    (b"GIF89a", 0, "a GIF image", _OCR, True),
    (b"II*\x00", 0, "a TIFF image", _OCR, False),
    (b"MM\x00*", 0, "a TIFF image", _OCR, False),
    (b"BM", 0, "a BMP image", _OCR, True),
    (b"WEBP", 8, "a WebP image", _OCR, False),
    (b"ftypheic", 4, "a HEIC image", _OCR, False),
    (b"ftypheix", 4, "a HEIC image", _OCR, False),
    (b"ftypmif1", 4, "a HEIF image", _OCR, False),
    (b"ftypavif", 4, "an AVIF image", _OCR, False),
    (b"\x1f\x8b", 0, "a gzip archive", _UNPACK, False),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive", _UNPACK, False),
    (b"Rar!\x1a\x07", 0, "a RAR archive", _UNPACK, False),
    (b"BZh", 0, "a bzip2 archive", _UNPACK, True),
    (b"\xfd7zXZ\x00", 0, "an xz archive", _UNPACK, False),
    (b"MZ", 0, "a Windows executable", _NOT_A_DOCUMENT, True),
    (b"\x7fELF", 0, "an ELF executable", _NOT_A_DOCUMENT, False),
    (b"%!PS-Adobe", 0, "a PostScript file", _CONVERT, False),
    (b"AT&TFORM", 0, "a DjVu document", _CONVERT, False),
    (b"\xffWPC", 0, "a WordPerfect document", _RESAVE, False),
    (b"ID3", 0, "an MP3 audio file", _NOT_A_DOCUMENT, True),
)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# OLE directory stream names that identify what a compound file holds.
_OLE_KINDS: tuple[tuple[str, str], ...] = (
    ("WordDocument", "a Word 97-2003 document (.doc)"),
    ("Workbook", "an Excel 97-2003 spreadsheet (.xls)"),
    ("Book", "an Excel 5 spreadsheet (.xls)"),
    ("PowerPoint Document", "a PowerPoint 97-2003 presentation (.ppt)"),
    ("__properties_version1.0", "an Outlook message (.msg)"),
)
_OLE_ENCRYPTED = ("EncryptedPackage", "EncryptionInfo")

_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_WORD_MAIN_TYPES = (
    b"wordprocessingml.document.main+xml",
    b"wordprocessingml.template.main+xml",
    b"ms-word.document.macroEnabled.main+xml",
    b"ms-word.template.macroEnabledTemplate.main+xml",
)
_SMALL_MEMBER = 256 * 1024
_HTML_START = re.compile(
    rb"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.S
)


def sniff(data: bytes) -> DocumentFormat:
    """Return the format of ``data`` judged from its content.

    Args:
        data: the whole file.

    Returns:
        ``DocumentFormat.PDF``, ``DOCX`` or ``TEXT`` (anything not recognised as binary).

    Raises:
        UnsupportedFormatError: a known format talentmatch does not read (legacy .doc,
            RTF, images, HTML, archives, spreadsheets, presentations), naming the format
            and what to do instead.
        EncryptedDocumentError: a password-protected Office document.
        CorruptDocumentError: a zip container that cannot be opened.

    Example:
        >>> sniff(b"{\\\\rtf1\\\\ansi Jane}")
        Traceback (most recent call last):
        ...
        talentmatch.errors.UnsupportedFormatError: The file is an RTF document, ...
    """
    head = data[:1024]
    if b"%PDF-" in head:
        return DocumentFormat.PDF
    if data.startswith(_OLE):
        _refuse_ole(data)
    if data.startswith(_ZIP_MAGICS):
        return _sniff_zip(data)
    binary_follows = any(byte < 0x09 for byte in head[:64])
    for magic, offset, name, advice, printable in _MAGIC:
        if data[offset : offset + len(magic)] != magic:
            continue
        if magic == b"WEBP" and not data.startswith(b"RIFF"):
            continue
        if printable and not binary_follows:
            continue
        raise UnsupportedFormatError(
            f"The file is {name}, not a format talentmatch reads. {advice}"
        )
    _refuse_markup(head)
    return DocumentFormat.TEXT


def _refuse_markup(head: bytes) -> None:
    text = head.lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if _HTML_START.match(text):
        raise UnsupportedFormatError(
            "The file is an HTML page, which talentmatch does not read. Save it as PDF, or "
            "copy its text into a plain-text file, and load that."
        )
    if text.startswith(b"mime-version:") and b"multipart/related" in text:
        raise UnsupportedFormatError(
            "The file is a web archive (MHTML, Word's 'single file web page'), which "
            f"talentmatch does not read. {_RESAVE}"
        )
    if text.startswith(b"<?xml") and (
        b"word.document" in text or b"<w:worddocument" in text or b"<pkg:package" in text
    ):
        raise UnsupportedFormatError(
            "The file is a Word XML document (Word 2003 XML or flat XML), which talentmatch "
            f"does not read. {_RESAVE}"
        )


def _ole_streams(data: bytes, names: tuple[str, ...]) -> set[str]:
    """Which of ``names`` appear as entries in the compound file's directory.

    Directory entries are 128-byte records starting with the UTF-16 name and, at offset
    64, its byte length with terminator; matching the whole record shape (not just the
    name somewhere in the file) keeps a .doc that merely mentions a name from matching.
    """
    found: set[str] = set()
    for name in names:
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        start = data.find(encoded)
        while start != -1:
            length = int.from_bytes(data[start + 64 : start + 66], "little")
            if (
                start % 128 == 0
                and start + 128 <= len(data)
                and length == len(encoded)
                and data[start + 66] in (1, 2, 5)
            ):
                found.add(name)
                break
            start = data.find(encoded, start + 1)
    return found


def _refuse_ole(data: bytes) -> None:
    if _ole_streams(data, _OLE_ENCRYPTED):
        raise EncryptedDocumentError(
            "The Office document is password protected. Ask the candidate for an unprotected "
            "copy, or remove the password and load it again."
        )
    present = _ole_streams(data, tuple(name for name, _ in _OLE_KINDS))
    kind = next((label for name, label in _OLE_KINDS if name in present), None)
    if kind == _OLE_KINDS[0][1] or kind is None:
        what = kind or "a legacy Microsoft Office (OLE) file"
        raise UnsupportedFormatError(
            f"The file is {what}, an old binary format talentmatch does not read. Save it as "
            "DOCX or PDF (in Word: File > Save As, or 'libreoffice --headless --convert-to "
            "docx FILE') and load that file."
        )
    raise UnsupportedFormatError(f"The file is {kind}, not a resume document. {_CONVERT}")


def _sniff_zip(data: bytes) -> DocumentFormat:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = {info.filename.lower(): info for info in archive.infolist()}

            def small(name: str) -> bytes:
                info = infos.get(name)
                if info is None or info.file_size > _SMALL_MEMBER:
                    return b""
                return archive.read(info)

            return _zip_kind(set(infos), small)
    except (UnsupportedFormatError, CorruptDocumentError):
        raise
    except Exception as exc:
        # zipfile raises BadZipFile, ValueError, OSError, EOFError, struct.error, ... on a
        # damaged directory; to the caller all mean "damaged".
        raise CorruptDocumentError(
            f"The file looks like a zip container (DOCX) but cannot be opened "
            f"({type(exc).__name__}). It is truncated or damaged; ask for a new copy."
        ) from None


def _zip_kind(members: set[str], read: Callable[[str], bytes]) -> DocumentFormat:
    if "word/document.xml" in members:
        return DocumentFormat.DOCX
    if "[content_types].xml" in members:
        content_types = read("[content_types].xml")
        if any(marker in content_types for marker in _WORD_MAIN_TYPES):
            return DocumentFormat.DOCX
    for marker, name in (
        ("xl/workbook.xml", "an Excel spreadsheet (XLSX)"),
        ("ppt/presentation.xml", "a PowerPoint presentation (PPTX)"),
        ("visio/document.xml", "a Visio drawing (VSDX)"),
        ("fixeddocumentsequence.fdseq", "an XPS document"),
    ):
        if marker in members:
            raise UnsupportedFormatError(f"The file is {name}, not a resume document. {_CONVERT}")
    if "mimetype" in members:
        mimetype = read("mimetype").strip().decode("ascii", errors="replace")
        raise UnsupportedFormatError(f"The file is {_odf_name(mimetype)}. {_RESAVE}")
    if "index.xml" in members or "index/document.iwa" in members:
        raise UnsupportedFormatError(
            "The file is an Apple Pages document. Export it from Pages as PDF or Word, and "
            "load that file."
        )
    if "[content_types].xml" in members:
        raise CorruptDocumentError(
            "The file is an Office Open XML package without a Word document part. It is "
            "damaged or not a Word document; ask for a new copy."
        )
    raise UnsupportedFormatError(f"The file is a zip archive, not a document. {_UNPACK}")


def _odf_name(mimetype: str) -> str:
    if mimetype == "application/epub+zip":
        return "an EPUB e-book, not a resume document"
    for suffix, name in (
        ("text", "an OpenDocument text (ODT), which talentmatch does not read"),
        ("spreadsheet", "an OpenDocument spreadsheet (ODS), not a resume document"),
        ("presentation", "an OpenDocument presentation (ODP), not a resume document"),
    ):
        if mimetype.startswith("application/vnd.oasis.opendocument." + suffix):
            return name
    return "an OpenDocument file, which talentmatch does not read"
