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


class Weights(BaseModel):
    """Relative weights of the match components; documented defaults, overridable.

    Weights need not sum to one: the score divides by the sum of the weights of the
    components that apply to the job (a job with no language requirement ignores
    ``languages``). Zero switches a component off.

    Defaults and why:

    * ``required_skills`` 0.40: the core of fit; what the posting says it needs.
    * ``title`` 0.20: the candidate's recent titles against the posting's; catches fit that
      skills miss (a nurse applying to a nurse role) and keeps keyword lists honest.
    * ``experience`` 0.15: total years (overlaps merged) against the posting's minimum.
    * ``preferred_skills`` 0.10: nice-to-haves move the order, not the verdict.
    * ``education`` 0.10: highest level against the required level.
    * ``languages`` 0.05: required languages at the required level.

    Example:
        >>> Weights().required_skills
        0.4
        >>> Weights(title=0.0).title
        0.0
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    required_skills: float = Field(default=0.40, ge=0.0, description="Required skills.")
    preferred_skills: float = Field(default=0.10, ge=0.0, description="Preferred skills.")
    experience: float = Field(default=0.15, ge=0.0, description="Years of experience.")
    title: float = Field(default=0.20, ge=0.0, description="Title similarity.")
    education: float = Field(default=0.10, ge=0.0, description="Education level.")
    languages: float = Field(default=0.05, ge=0.0, description="Spoken languages.")

    def as_dict(self) -> dict[str, float]:
        """Return ``{component name: weight}`` in a fixed order.

        Example:
            >>> list(Weights().as_dict())[:2]
            ['required_skills', 'preferred_skills']
        """
        return {name: float(getattr(self, name)) for name in type(self).model_fields}


class MatchSettings(BaseModel):
    """Scoring knobs besides the weights, with documented defaults (see docs/matching.md).

    Example:
        >>> MatchSettings().related_credit
        0.5
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    eligibility_share: float = Field(
        default=0.35,
        ge=0.0,
        le=1.0,
        description=(
            "How much experience, education and languages can move the score: the score is "
            "100 x fit x (1 - share + share x eligibility). 0 ignores them; 1 makes them "
            "multiply the fit fully."
        ),
    )
    narrower_credit: float = Field(
        default=0.9,
        ge=0.0,
        le=1.0,
        description=(
            "Credit when the candidate has a narrower concept than the one asked for "
            "(asked JavaScript, has React): knowing React implies JavaScript."
        ),
    )
    broader_credit: float = Field(
        default=0.4,
        ge=0.0,
        le=1.0,
        description="Credit when the candidate has only a broader concept (asked React, has JS).",
    )
    related_credit: float = Field(
        default=0.5,
        ge=0.0,
        le=1.0,
        description="Credit for a related sibling concept (asked PostgreSQL, has MySQL).",
    )
    skills_section_only_strength: float = Field(
        default=0.85,
        ge=0.0,
        le=1.0,
        description="Strength of a skill listed only in a skills section, with no dated use.",
    )
    recency_full_years: float = Field(
        default=2.0, ge=0.0, description="A skill used within this many years counts fully."
    )
    recency_half_life_years: float = Field(
        default=4.0, gt=0.0, description="After that, its weight halves every this many years."
    )
    recency_floor: float = Field(
        default=0.3, ge=0.0, le=1.0, description="The least weight an old skill keeps."
    )
    unknown_months_years_credit: float = Field(
        default=0.6,
        ge=0.0,
        le=1.0,
        description=(
            "Credit of a per-skill years requirement when the skill has no dated use to "
            "measure (listed only, so duration unknown)."
        ),
    )
    met_threshold: float = Field(
        default=0.7,
        ge=0.0,
        le=1.0,
        description=(
            "Credit at or above which a requirement is met: a skill only listed (0.85) or from "
            "a narrower concept (0.9) is met; a related (0.5) or broader (0.4) one is partial."
        ),
    )
    knockout_cap: float = Field(
        default=35.0,
        ge=0.0,
        le=100.0,
        description=(
            "When a must-have requirement is missing, the score is scaled into 0..knockout_cap "
            "(score x cap / 100), keeping the order among such candidates."
        ),
    )
    decision_threshold: float = Field(
        default=60.0, ge=0.0, le=100.0, description="Score that a typical shortlist cuts at."
    )
    borderline_band: float = Field(
        default=5.0,
        ge=0.0,
        le=50.0,
        description="Scores within this many points of the threshold go to review.",
    )
    min_parse_quality: float = Field(
        default=0.5, ge=0.0, le=1.0, description="Below this parse quality, review."
    )
    min_skills: int = Field(default=3, ge=0, description="Fewer skills found than this: review.")
