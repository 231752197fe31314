"""Configuration values with documented defaults.

Every limit is a plain, frozen pydantic model: override it per call
(``load_document(..., limits=Limits(max_pages=5))``) or per pipeline.

Example:
    >>> from talentmatch.config import Limits
    >>> Limits().max_bytes
    10485760
    >>> Limits(max_pages=5).max_pages
    5
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from talentmatch.errors import ConfigError

__all__ = ["Limits", "PdfEngineName"]

PdfEngineName = Literal["pdfium", "pypdf"]

MIB = 1024 * 1024


class Limits(BaseModel):
    """Limits that protect the caller from hostile or oversized input.

    Defaults suit resumes (typically 1-3 pages, under 1 MB, under 20,000 characters) with a
    wide margin. Exceeding any of them raises ``DocumentTooLargeError`` (or its subclass
    ``DocumentTimeoutError`` for the time budget).

    Example:
        >>> Limits(max_chars=1_000).max_chars
        1000
        >>> Limits.model_validate({"max_pages": 0})
        Traceback (most recent call last):
        ...
        pydantic_core._pydantic_core.ValidationError: 1 validation error for Limits
        ...
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_bytes: int = Field(
        default=10 * MIB, gt=0, description="Largest input accepted, in bytes (default 10 MiB)."
    )
    max_pages: int = Field(default=50, gt=0, description="Most PDF pages read (default 50).")
    max_docx_uncompressed_bytes: int = Field(
        default=100 * MIB,
        gt=0,
        description=(
            "Largest total uncompressed size of a DOCX (zip) archive, read from the zip "
            "directory before anything is decompressed (default 100 MiB). Guards against zip "
            "bombs."
        ),
    )
    max_docx_compression_ratio: float = Field(
        default=200.0,
        gt=1.0,
        description=(
            "Largest uncompressed/compressed ratio of any DOCX member larger than 1 MiB "
            "(default 200). Real documents compress XML about 5-20x."
        ),
    )
    max_chars: int = Field(
        default=1_000_000,
        gt=0,
        description="Most characters of extracted text (default 1,000,000).",
    )
    time_budget_seconds: float = Field(
        default=30.0,
        gt=0,
        description="Wall-clock time allowed to read one document (default 30 s).",
    )
    pdf_engine: PdfEngineName = Field(
        default="pdfium",
        description=(
            "PDF engine tried first: 'pdfium' (pypdfium2, default, fast) or 'pypdf' (pure "
            "Python). The other engine is the fallback when the first fails on a file."
        ),
    )
    pdf_fallback: bool = Field(
        default=True,
        description="Try the other PDF engine when the chosen one cannot read a file.",
    )

    @classmethod
    def coerce(cls, value: Limits | None) -> Limits:
        """Return ``value`` or the defaults; raise ``ConfigError`` for anything else.

        Example:
            >>> Limits.coerce(None) == Limits()
            True
        """
        if value is None:
            return cls()
        if isinstance(value, Limits):
            return value
        try:
            return cls.model_validate(value)
        except ValidationError as exc:
            raise ConfigError(
                f"Invalid limits: {exc.errors()[0]['msg']}. Pass a talentmatch.config.Limits "
                "instance or None for the defaults."
            ) from None
