"""Load a resume or job document from a path, bytes, a file object or text.

``load_document`` sniffs the format from magic bytes, applies ``Limits`` before any heavy
work (a path's size is checked with ``stat`` before it is read; a DOCX's zip directory
before anything is decompressed), dispatches to the format reader, and assembles a
``Document`` whose ``text`` holds only what a reader can see.
"""

from __future__ import annotations

import io
import logging
import os
import re
import stat
from pathlib import Path
from typing import IO, Any

from talentmatch.config import Limits
from talentmatch.documents._assemble import assemble
from talentmatch.documents._raw import Deadline, RawExtraction
from talentmatch.documents._sniff import sniff
from talentmatch.documents.docx import read_docx
from talentmatch.documents.text import decode_text, read_text
from talentmatch.errors import (
    ConfigError,
    CorruptDocumentError,
    DocumentTooLargeError,
    InputError,
    TalentMatchError,
)
from talentmatch.models import Document, DocumentFormat

__all__ = ["DocumentSource", "load_document"]

DocumentSource = str | bytes | bytearray | memoryview | os.PathLike[str] | IO[bytes]
"""What ``load_document`` accepts: text, raw bytes, a path, or a binary file object."""

logger = logging.getLogger(__name__)

_FILE_SUFFIXES = (
    ".pdf",
    ".docx",
    ".docm",
    ".dotx",
    ".doc",
    ".txt",
    ".text",
    ".md",
    ".rtf",
    ".odt",
    ".pages",
    ".htm",
    ".html",
)
# An absolute, home-relative, dot-relative or Windows path without spaces: "/home/j/cv".
_PATH_SHAPE = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\|/|\.{1,2}/|~[\\/])\S*$")
_MAX_PATH_CHARS = 4096


def _too_large(size: int, limits: Limits) -> DocumentTooLargeError:
    return DocumentTooLargeError(
        f"The input is {size:,} bytes, more than the limit of {limits.max_bytes:,}. Raise "
        "Limits.max_bytes or send a smaller file."
    )


def _looks_like_path(text: str) -> bool:
    stripped = text.strip()
    if not stripped or "\n" in stripped or len(stripped) > _MAX_PATH_CHARS:
        return False
    if len(stripped) < 260 and stripped.lower().endswith(_FILE_SUFFIXES):
        return True
    return bool(_PATH_SHAPE.match(stripped))


def _read_path(path: Path, limits: Limits) -> bytes:
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise InputError(
                "The path is not a regular file (a directory, device or pipe). Pass a file; "
                "use the batch runner for folders."
            )
        # Checked before reading, so an oversized file costs one stat call, not a read.
        if status.st_size > limits.max_bytes:
            raise _too_large(status.st_size, limits)
        with path.open("rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    except FileNotFoundError:
        raise InputError("No file exists at the given path; check the path.") from None
    except PermissionError:
        raise InputError("The file cannot be read: permission denied.") from None
    except OSError as exc:
        raise InputError(f"The file cannot be read ({type(exc).__name__}).") from None
    if len(data) > limits.max_bytes:  # the file grew after stat
        raise _too_large(len(data), limits)
    return data


def _read_file_object(source: Any, limits: Limits) -> bytes:
    if isinstance(source, io.TextIOBase):
        raise InputError("The file object is open in text mode; open it with 'rb'.")
    try:
        chunk = source.read(limits.max_bytes + 1)
    except Exception as exc:
        raise InputError(f"Reading from the file object failed ({type(exc).__name__}).") from None
    if isinstance(chunk, str):
        raise InputError("The file object is open in text mode; open it with 'rb'.")
    if not isinstance(chunk, bytes | bytearray | memoryview):
        raise InputError(
            "The file object's read() must return bytes (a non-blocking stream returned "
            f"{type(chunk).__name__}). Pass a blocking binary file."
        )
    data = bytes(chunk)
    if len(data) > limits.max_bytes:
        raise _too_large(len(data), limits)
    return data


def _read_source(source: Any, limits: Limits) -> tuple[bytes, str | None, str | None]:
    """Return (bytes, text if the caller gave text, base file name if known)."""
    if isinstance(source, str):
        if _looks_like_path(source):
            raise InputError(
                "A str is read as the document's text, but this one looks like a file path. "
                "To load a file, pass a pathlib.Path (or bytes or an open binary file)."
            )
        data = source.encode("utf-8", errors="surrogatepass")
        if len(data) > limits.max_bytes:
            raise _too_large(len(data), limits)
        return data, source, None
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        if len(data) > limits.max_bytes:
            raise _too_large(len(data), limits)
        return data, None, None
    if isinstance(source, os.PathLike):
        path = Path(os.fsdecode(os.fspath(source)))
        return _read_path(path, limits), None, path.name
    if callable(getattr(source, "read", None)):
        name = getattr(source, "name", None)
        base = Path(name).name if isinstance(name, str) else None
        return _read_file_object(source, limits), None, base
    raise InputError(
        f"Cannot load a document from {type(source).__name__}. Pass a str of text, bytes, "
        "a pathlib.Path or a binary file object."
    )


def load_document(
    source: DocumentSource,
    *,
    filename: str | None = None,
    limits: Limits | None = None,
) -> Document:
    """Read a document and return its visible text, pages, blocks and findings.

    The format comes from the content (magic bytes), never from ``filename``, which is kept
    only as information. A ``str`` is always the document's text, never a path: pass a
    ``pathlib.Path`` to read a file.

    Args:
        source: text, bytes, a ``pathlib.Path`` or a binary file object.
        filename: the original file name, recorded in ``Document.filename``.
        limits: size, page, character and time limits; ``Limits()`` when None.

    Returns:
        A frozen ``Document``.

    Raises:
        UnsupportedFormatError: legacy .doc, RTF, HTML, images, archives, spreadsheets and
            other formats; the message names the format and what to do.
        EncryptedDocumentError: a password-protected PDF or Office file.
        CorruptDocumentError: a truncated or malformed file that no engine can read.
        NoTextError: no visible text (a scanned PDF needs OCR).
        DocumentTooLargeError: a limit in ``limits`` was exceeded
            (``DocumentTimeoutError`` for the time budget).
        InputError: ``source`` is of an unsupported type, a ``str`` that looks like a file
            path, a file object open in text mode, or a path that is missing, not a
            regular file or unreadable.
        ConfigError: ``limits`` is invalid, or PDF support cannot be loaded (a broken
            install: pypdfium2 or pypdf missing).

    Example:
        >>> doc = load_document("Jane Roe\\nSenior nurse, ICU")
        >>> doc.format.value, doc.text.splitlines()[1]
        ('text', 'Senior nurse, ICU')
    """
    limits = Limits.coerce(limits)
    if filename is not None and not isinstance(filename, str):
        raise InputError("filename must be a str (the original file's name) or None.")
    data, given_text, source_name = _read_source(source, limits)
    try:
        return _load(data, given_text, limits, filename or source_name)
    except TalentMatchError:
        raise
    except Exception as exc:  # MemoryError and RecursionError included
        # Defence in depth: a hostile file must never crash the caller with a library's
        # internal exception. Readers convert what they expect; this catches the rest.
        logger.warning(
            "document reader failed unexpectedly", extra={"error_type": type(exc).__name__}
        )
        raise CorruptDocumentError(
            f"The document could not be read ({type(exc).__name__}); it is malformed or "
            "uses features the readers do not support. Ask for a new copy or a PDF export."
        ) from None


def _load(data: bytes, given_text: str | None, limits: Limits, filename: str | None) -> Document:
    kind = None if given_text is not None else sniff(data)
    if kind is DocumentFormat.PDF:
        # The PDF engines (pypdfium2, pypdf and what they pull in) are imported on the
        # first PDF, before the clock starts: a caller who never loads a PDF does not pay
        # their import time or the tens of thousands of objects they leave for the
        # garbage collector to walk on every full collection. A broken install is the
        # install's fault, not the file's: it is said so, not reported as a corrupt PDF.
        try:
            from talentmatch.documents.pdf import read_pdf
        except ImportError as exc:
            raise ConfigError(
                f"PDF support could not be loaded ({type(exc).__name__}: {exc.name or exc}); "
                "reinstall talentmatch with its dependencies (pypdfium2, pypdf)."
            ) from exc
    deadline = Deadline.after(limits.time_budget_seconds)
    extraction: RawExtraction
    if given_text is not None:
        extraction = read_text(given_text)
    else:
        if kind is DocumentFormat.PDF:
            extraction = read_pdf(data, limits=limits, deadline=deadline)
        elif kind is DocumentFormat.DOCX:
            extraction = read_docx(data, limits=limits, deadline=deadline)
        else:
            text, findings = decode_text(data)
            extraction = read_text(text, findings)
    deadline.check()
    return assemble(data, extraction, limits=limits, filename=filename)
