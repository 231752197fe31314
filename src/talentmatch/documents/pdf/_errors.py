"""The errors both PDF engines raise, with messages that say what to do."""

from __future__ import annotations

from talentmatch.config import Limits
from talentmatch.errors import CorruptDocumentError, DocumentTooLargeError, EncryptedDocumentError

__all__ = ["corrupt", "encrypted", "too_many_pages"]


def encrypted() -> EncryptedDocumentError:
    """The file needs a password: the empty user password did not open it."""
    return EncryptedDocumentError(
        "The PDF is password protected and the empty password does not open it. Ask the "
        "candidate for an unprotected copy."
    )


def corrupt(engine: str, exc: BaseException) -> CorruptDocumentError:
    """``engine`` could not parse the file (the exception type only, never its text)."""
    return CorruptDocumentError(
        f"The PDF cannot be read by {engine} ({type(exc).__name__}); it is truncated or "
        "damaged. Ask for a new copy, or re-save it with a PDF printer."
    )


def too_many_pages(count: int, limits: Limits) -> DocumentTooLargeError:
    """More pages than ``limits.max_pages``."""
    return DocumentTooLargeError(
        f"The PDF has {count} pages, more than the limit of {limits.max_pages}. Raise "
        "Limits.max_pages or send only the resume pages."
    )
