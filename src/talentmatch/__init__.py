"""talentmatch: resume intelligence and explainable candidate-job skill matching.

The public API is what ``__all__`` lists; everything else is private and may change.

Example:
    >>> import talentmatch
    >>> doc = talentmatch.load_document("Jane Roe\\nPython developer")
    >>> doc.page_count
    1
"""

from talentmatch import errors
from talentmatch._version import __version__
from talentmatch.config import Limits
from talentmatch.documents import load_document
from talentmatch.errors import (
    CircuitOpenError,
    ConfigError,
    CorruptDocumentError,
    DocumentError,
    DocumentTimeoutError,
    DocumentTooLargeError,
    EncryptedDocumentError,
    InputError,
    LLMContentFilteredError,
    LLMError,
    LLMOutputError,
    LLMThrottledError,
    LLMTimeoutError,
    LLMUnavailableError,
    NoTextError,
    TalentMatchError,
    TaxonomyError,
    UnsupportedFormatError,
)
from talentmatch.models import (
    SCHEMA_VERSION,
    Block,
    BlockKind,
    Document,
    DocumentFormat,
    Finding,
    FindingKind,
    Page,
    Span,
)


__all__ = [
    "SCHEMA_VERSION",
    "Block",
    "BlockKind",
    "CircuitOpenError",
    "ConfigError",
    "CorruptDocumentError",
    "Document",
    "DocumentError",
    "DocumentFormat",
    "DocumentTimeoutError",
    "DocumentTooLargeError",
    "EncryptedDocumentError",
    "Finding",
    "FindingKind",
    "InputError",
    "LLMContentFilteredError",
    "LLMError",
    "LLMOutputError",
    "LLMThrottledError",
    "LLMTimeoutError",
    "LLMUnavailableError",
    "Limits",
    "NoTextError",
    "Page",
    "Span",
    "TalentMatchError",
    "TaxonomyError",
    "UnsupportedFormatError",
    "__version__",
    "errors",
    "load_document",
]
