"""``CandidateProfile``: the only view of a candidate that scoring reads.

A profile keeps what a job can legitimately ask about — skills with their evidence, months
used and recency, total experience, recent titles, highest education level, languages —
and nothing else. Name, contact details, links, location, photo, pronouns, age and
graduation years are not in it, which is how "scoring never reads them" is enforced by
construction rather than by discipline. Counterfactual tests check it.

Example:
    >>> p = CandidateProfile(candidate_id="r1", total_experience_months=60)
    >>> p.total_experience_years
    5.0
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from talentmatch.models.document import SCHEMA_VERSION, Span
from talentmatch.models.resume import EducationLevel, LanguageLevel

__all__ = ["CandidateProfile", "EvidenceQuote", "ProfileLanguage", "ProfileSkill"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EvidenceQuote(_Frozen):
    """A quote of the resume that supports a claim, and where it lies.

    Example:
        >>> EvidenceQuote(quote="Python", span=Span(start=0, end=6)).section is None
        True
    """

    quote: str = Field(description="The matched text as written.")
    span: Span = Field(description="Where it lies in the resume's Document.text.")
    section: str | None = Field(default=None, description="Section kind, when known.")
    position_index: int | None = Field(
        default=None, ge=0, description="Index of the position (job) it belongs to."
    )


class ProfileSkill(_Frozen):
    """A claimed skill with its strength for scoring.

    ``strength`` is 1 for a skill used in dated work, lower for one only listed; recency is
    applied at scoring time from ``last_used`` (YYYY-MM month index) against the reference
    date, so a profile stays valid over time.
    """

    concept_id: str
    label: str
    strength: float = Field(ge=0.0, le=1.0, description="Evidence strength before recency.")
    months_used: int | None = Field(default=None, ge=0, description="Months of dated use.")
    last_used_month: int | None = Field(
        default=None, description="Month index (year*12 + month - 1) of the latest use."
    )
    skills_section_only: bool = False
    source: str = Field(default="taxonomy", description="Extractor that found it.")
    evidence: tuple[EvidenceQuote, ...] = ()


class ProfileLanguage(_Frozen):
    """A spoken language and the stated level."""

    iso639_1: str = Field(pattern=r"^[a-z]{2}$")
    level: LanguageLevel | None = None


class CandidateProfile(_Frozen):
    """The job-relevant facts of one candidate, computed once and reused for every job.

    Example:
        >>> CandidateProfile(candidate_id="r1").skills
        ()
    """

    schema_version: str = Field(default=SCHEMA_VERSION, description="JSON shape version.")
    candidate_id: str
    skills: tuple[ProfileSkill, ...] = ()
    total_experience_months: int = Field(default=0, ge=0)
    titles: tuple[str, ...] = Field(
        default=(), description="Normalised position titles, most recent first."
    )
    education_level: EducationLevel | None = None
    languages: tuple[ProfileLanguage, ...] = ()
    reference_month: int | None = Field(
        default=None, description="Month index that recency is measured to."
    )
    parse_quality: float = Field(default=1.0, ge=0.0, le=1.0)
    degraded: bool = Field(default=False, description="Skill extraction fell back or failed.")
    degraded_reason: str | None = None
    hidden_text: bool = Field(default=False, description="The document held hidden text.")
    injection_suspected: bool = Field(
        default=False, description="Instruction-like content found in the document."
    )

    @property
    def total_experience_years(self) -> float:
        """Total experience in years (months / 12)."""
        return self.total_experience_months / 12.0
