"""The ``JobPosting`` contract: what a job asks for, with evidence into its text.

A posting is built by ``parse_job`` from text, or directly from structured requirements by
an ATS integration (``talentmatch.parsing.job_from_requirements``). Every requirement says
whether it is required or preferred, and where the posting said so.

Example:
    >>> req = SkillRequirement(concept_id="tm:python", label="Python")
    >>> req.importance.value, req.must_have
    ('required', False)
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from talentmatch.config import Weights
from talentmatch.models.document import SCHEMA_VERSION, Span
from talentmatch.models.resume import EducationLevel, LanguageLevel

__all__ = [
    "EDUCATION_ORDER",
    "EducationRequirement",
    "Importance",
    "JobPosting",
    "LanguageRequirement",
    "RemotePolicy",
    "Seniority",
    "SkillRequirement",
]

EDUCATION_ORDER: dict[EducationLevel, int] = {
    EducationLevel.OTHER: 0,
    EducationLevel.SECONDARY: 1,
    EducationLevel.VOCATIONAL: 2,
    EducationLevel.ASSOCIATE: 3,
    EducationLevel.BACHELOR: 4,
    EducationLevel.MASTER: 5,
    EducationLevel.DOCTORATE: 6,
}
"""Order of education levels for "at least" comparisons (OTHER is unranked: lowest)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Importance(StrEnum):
    """Whether the posting requires something or merely prefers it."""

    REQUIRED = "required"
    PREFERRED = "preferred"


class Seniority(StrEnum):
    """Seniority the posting asks for, from its title and text."""

    INTERN = "intern"
    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    LEAD = "lead"
    MANAGER = "manager"
    DIRECTOR = "director"
    EXECUTIVE = "executive"


class RemotePolicy(StrEnum):
    """Where the work happens."""

    ONSITE = "onsite"
    HYBRID = "hybrid"
    REMOTE = "remote"


class SkillRequirement(_Frozen):
    """One skill the posting asks for, mapped to a taxonomy concept.

    Example:
        >>> SkillRequirement(concept_id="tm:kubernetes", label="Kubernetes", min_years=3,
        ...                  must_have=True).min_years
        3.0
    """

    concept_id: str = Field(description="Taxonomy concept id.")
    label: str = Field(description="The concept's preferred label ('A or B' for alternatives).")
    alternatives: tuple[str, ...] = Field(
        default=(),
        description=(
            "Other concept ids that satisfy the requirement as well ('Tableau or Power BI'): "
            "the best of them earns the credit."
        ),
    )
    importance: Importance = Importance.REQUIRED
    min_years: float | None = Field(
        default=None, ge=0.0, le=50.0, description="Years of use asked for this skill."
    )
    must_have: bool = Field(
        default=False, description="A knock-out: missing it caps the score (see MatchSettings)."
    )
    weight: float = Field(default=1.0, gt=0.0, le=10.0, description="Weight within its group.")
    quote: str | None = Field(default=None, description="How the posting wrote it.")
    span: Span | None = Field(default=None, description="Where, in JobPosting.text.")


class EducationRequirement(_Frozen):
    """The education level asked for.

    Example:
        >>> EducationRequirement(level=EducationLevel.BACHELOR).or_equivalent_experience
        False
    """

    level: EducationLevel
    importance: Importance = Importance.REQUIRED
    fields: tuple[str, ...] = Field(default=(), description="Fields of study named, as written.")
    or_equivalent_experience: bool = Field(
        default=False, description="'or equivalent experience': experience can stand in."
    )
    quote: str | None = None
    span: Span | None = None


class LanguageRequirement(_Frozen):
    """A spoken language asked for, with the least level accepted.

    Example:
        >>> LanguageRequirement(iso639_1="de", name="German").min_level is None
        True
    """

    iso639_1: str = Field(pattern=r"^[a-z]{2}$")
    name: str
    min_level: LanguageLevel | None = Field(
        default=None, description="Least proficiency accepted; None: any stated knowledge."
    )
    importance: Importance = Importance.REQUIRED
    quote: str | None = None
    span: Span | None = None


class JobPosting(_Frozen):
    """A job posting: title, requirements and context.

    ``weights`` overrides the match weights for this job only (the call's ``weights``
    argument wins over it).

    Example:
        >>> job = JobPosting(id="job-1", title="Backend Engineer",
        ...                  skills=(SkillRequirement(concept_id="tm:python", label="Python"),))
        >>> [s.label for s in job.required_skills]
        ['Python']
    """

    schema_version: str = Field(default=SCHEMA_VERSION, description="JSON shape version.")
    id: str = Field(min_length=1, description="Stable id: content hash unless given.")
    title: str = Field(default="", description="The title as written.")
    normalized_title: str = Field(
        default="", description="Lower-case title, abbreviations expanded."
    )
    seniority: Seniority | None = None
    skills: tuple[SkillRequirement, ...] = ()
    min_years_experience: float | None = Field(default=None, ge=0.0, le=50.0)
    experience_quote: str | None = None
    education: EducationRequirement | None = None
    languages: tuple[LanguageRequirement, ...] = ()
    location: str | None = None
    remote: RemotePolicy | None = None
    text: str = Field(default="", description="The posting's text, when parsed from text.")
    taxonomy: str = Field(default="", description="Taxonomy reference the concept ids belong to.")
    weights: Weights | None = Field(default=None, description="Per-job weight override.")

    @property
    def required_skills(self) -> tuple[SkillRequirement, ...]:
        """Skills with ``Importance.REQUIRED``."""
        return tuple(s for s in self.skills if s.importance is Importance.REQUIRED)

    @property
    def preferred_skills(self) -> tuple[SkillRequirement, ...]:
        """Skills with ``Importance.PREFERRED``."""
        return tuple(s for s in self.skills if s.importance is Importance.PREFERRED)
