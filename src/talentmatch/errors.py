"""Every error talentmatch raises, each with a stable ``code``.

The hierarchy::

    TalentMatchError                      code "talentmatch_error"
    ├── DocumentError                     code "document_error"
    │   ├── UnsupportedFormatError        code "unsupported_format"
    │   ├── CorruptDocumentError          code "corrupt_document"
    │   ├── EncryptedDocumentError        code "encrypted_document"
    │   ├── DocumentTooLargeError         code "document_too_large"
    │   │   └── DocumentTimeoutError      code "document_timeout"
    │   └── NoTextError                   code "no_text"
    ├── TaxonomyError                     code "taxonomy_error"
    ├── LLMError                          code "llm_error"
    │   ├── LLMTimeoutError               code "llm_timeout"
    │   ├── LLMThrottledError             code "llm_throttled"
    │   ├── LLMUnavailableError           code "llm_unavailable"
    │   ├── LLMOutputError                code "llm_output"
    │   ├── LLMContentFilteredError       code "llm_content_filtered"
    │   └── CircuitOpenError              code "circuit_open"
    ├── ConfigError                       code "config_error"
    └── InputError                        code "invalid_input"

``code`` is part of the public contract: batch output records, audit records and the CLI
carry it, and it never changes for an existing class. Messages say what the caller can do
about the problem. They never contain resume text or personal data.

``DocumentTimeoutError`` is a ``DocumentTooLargeError`` because a document that cannot be
read within its time budget is, for the caller, too big or too complex to process; catching
the parent catches both. ``InputError`` (a ``ValueError`` too) is for arguments that are
wrong in themselves, such as a negative limit or a source of an unsupported Python type.

Example:
    >>> from talentmatch.errors import EncryptedDocumentError, DocumentError
    >>> err = EncryptedDocumentError("The PDF is password protected.")
    >>> isinstance(err, DocumentError), err.code
    (True, 'encrypted_document')
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "CircuitOpenError",
    "ConfigError",
    "CorruptDocumentError",
    "DocumentError",
    "DocumentTimeoutError",
    "DocumentTooLargeError",
    "EncryptedDocumentError",
    "InputError",
    "LLMContentFilteredError",
    "LLMError",
    "LLMOutputError",
    "LLMThrottledError",
    "LLMTimeoutError",
    "LLMUnavailableError",
    "NoTextError",
    "TalentMatchError",
    "TaxonomyError",
    "UnsupportedFormatError",
]


class TalentMatchError(Exception):
    """Base class of every error talentmatch raises on purpose.

    Attributes:
        code: a stable, machine-readable identifier of the error class.
        message: a human-readable explanation that says what to do.

    Example:
        >>> try:
        ...     raise TalentMatchError("Something went wrong; retry.")
        ... except TalentMatchError as exc:
        ...     (exc.code, str(exc))
        ('talentmatch_error', 'Something went wrong; retry.')
    """

    code: ClassVar[str] = "talentmatch_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_dict(self) -> dict[str, str]:
        """Return ``{"code": ..., "message": ..., "type": ...}`` for records and JSON output.

        Example:
            >>> NoTextError("Run OCR first.").to_dict()["code"]
            'no_text'
        """
        return {"code": self.code, "message": self.message, "type": type(self).__name__}


class DocumentError(TalentMatchError):
    """A document could not be turned into text."""

    code = "document_error"


class UnsupportedFormatError(DocumentError):
    """The bytes are not a format talentmatch reads (PDF, DOCX, plain text)."""

    code = "unsupported_format"


class CorruptDocumentError(DocumentError):
    """The file claims a supported format but is truncated or malformed."""

    code = "corrupt_document"


class EncryptedDocumentError(DocumentError):
    """The document is password protected and the empty password does not open it."""

    code = "encrypted_document"


class DocumentTooLargeError(DocumentError):
    """The document exceeds a configured limit (bytes, pages, characters, decompressed size)."""

    code = "document_too_large"


class DocumentTimeoutError(DocumentTooLargeError):
    """Reading the document took longer than its time budget."""

    code = "document_timeout"


class NoTextError(DocumentError):
    """The document has no text layer (scanned or image-only): OCR is needed."""

    code = "no_text"


class TaxonomyError(TalentMatchError):
    """A taxonomy file or concept is invalid."""

    code = "taxonomy_error"


class LLMError(TalentMatchError):
    """A call to a language model failed."""

    code = "llm_error"


class LLMTimeoutError(LLMError):
    """The model did not answer within the time allowed."""

    code = "llm_timeout"


class LLMThrottledError(LLMError):
    """The provider throttled the request; retry later or lower the request rate."""

    code = "llm_throttled"


class LLMUnavailableError(LLMError):
    """The model or the provider is unavailable (5xx, not ready, access denied, not found)."""

    code = "llm_unavailable"


class LLMOutputError(LLMError):
    """The model's output was truncated, malformed or failed validation after all re-asks."""

    code = "llm_output"


class LLMContentFilteredError(LLMError):
    """A guardrail or content filter blocked the request or the response."""

    code = "llm_content_filtered"


class CircuitOpenError(LLMError):
    """The circuit breaker for this model is open after repeated failures; calls are refused."""

    code = "circuit_open"


class ConfigError(TalentMatchError):
    """A configuration value is invalid."""

    code = "config_error"


class InputError(TalentMatchError, ValueError):
    """An argument passed to a public function is invalid in itself."""

    code = "invalid_input"
