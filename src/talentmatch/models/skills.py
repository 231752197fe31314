"""Skill output models: what an extractor found, where, and how sure it is.

A ``SkillMention`` is one taxonomy concept found in a document, with every occurrence as an
``Occurrence`` (a ``Span`` into ``Document.text`` plus the surface text, section, position,
how it matched and whether the writer claimed it). Mentions are what matching consumes and
what explanations quote.

Example:
    >>> from talentmatch.models.document import Span
    >>> occ = Occurrence(span=Span(start=0, end=6), surface="Python", confidence=0.95)
    >>> m = SkillMention(
    ...     concept_id="tm:python", label="Python", type=ConceptType.TOOL,
    ...     category="software", surface="Python", occurrences=(occ,), confidence=0.95,
    ... )
    >>> m.claimed, [s.start for s in m.evidence]
    (True, [0])
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from talentmatch.models.document import SCHEMA_VERSION, Span

__all__ = [
    "Assertion",
    "ConceptType",
    "MatchKind",
    "Occurrence",
    "SkillMention",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ConceptType(StrEnum):
    """What kind of skill a taxonomy concept is."""

    HARD_SKILL = "hard_skill"
    """A practical ability ("bookkeeping", "welding", "load balancing")."""
    SOFT_SKILL = "soft_skill"
    """An interpersonal or personal ability ("teamwork", "negotiation")."""
    KNOWLEDGE = "knowledge"
    """A field of knowledge or a method ("machine learning", "Agile", "GAAP")."""
    TOOL = "tool"
    """A named software product, language or technology ("PostgreSQL", "Python")."""
    LANGUAGE = "language"
    """A spoken or written human language ("French")."""
    CERTIFICATION = "certification"
    """A certificate or licence ("PMP", "Registered Nurse")."""


class MatchKind(StrEnum):
    """How an occurrence's surface text matched the taxonomy."""

    LABEL = "label"
    """The preferred label, up to case, unicode form and spacing."""
    ALIAS = "alias"
    """A listed alias."""
    VARIANT = "variant"
    """A generated form of a label or alias: plural, possessive, spelling, punctuation, or a
    verb phrase ("administered medications" for Medication Administration)."""
    FUZZY = "fuzzy"
    """A near miss ("Javscript"), accepted only next to other skills or in a skills list."""


class Assertion(StrEnum):
    """Whether the writer claims the skill at an occurrence."""

    CLAIMED = "claimed"
    """Stated as held or required: the default."""
    NEGATED = "negated"
    """Explicitly not held: "no experience with Kubernetes"."""
    ASPIRATIONAL = "aspirational"
    """Wished for, not held: "willing to learn Rust"."""
    ROLE = "role"
    """Part of a job title ("Senior Java Developer"): names a role rather than claiming a skill."""


class Occurrence(_Frozen):
    """One place in the text where a concept was found.

    Example:
        >>> Occurrence(span=Span(start=3, end=5), surface="Go", confidence=0.8).match.value
        'alias'
    """

    span: Span = Field(description="Characters of Document.text (or the given text) matched.")
    surface: str = Field(description="The matched text exactly as written.")
    section_kind: str | None = Field(
        default=None, description="Kind of the resume section holding it, when known."
    )
    position_index: int | None = Field(
        default=None, ge=0, description="Index into Resume.positions of the enclosing job."
    )
    match: MatchKind = Field(default=MatchKind.ALIAS, description="How the surface matched.")
    assertion: Assertion = Field(default=Assertion.CLAIMED, description="Claimed or not.")
    confidence: float = Field(ge=0.0, le=1.0, description="Belief that this occurrence is right.")
    reason: str = Field(
        default="",
        description=(
            "Why an ambiguous or fuzzy surface was accepted (e.g. 'skills_section', "
            "'neighbours:tm:java'); empty for plain matches."
        ),
    )


class SkillMention(_Frozen):
    """A taxonomy concept found in a document, with all of its evidence.

    ``evidence`` lists every occurrence's span, claimed or not, in text order. ``confidence``
    is the best claimed occurrence's, raised a little when the skill is written more than
    once. ``negated``, ``aspirational`` and ``role_only`` are true when no occurrence is
    claimed and the occurrences carry that assertion; extractors drop such mentions unless
    asked to keep them.

    ``months_used`` and ``last_used`` come from the dated positions whose text mentions the
    skill (only for a parsed resume); ``skills_section_only`` is true when every claimed
    occurrence lies in a skills section.

    Example:
        >>> occ = Occurrence(span=Span(start=0, end=3), surface="AWS", confidence=0.9)
        >>> SkillMention(concept_id="tm:aws", label="Amazon Web Services",
        ...              type=ConceptType.TOOL, category="cloud_devops", surface="AWS",
        ...              occurrences=(occ,), confidence=0.9).evidence[0].end
        3
    """

    schema_version: str = Field(default=SCHEMA_VERSION, description="JSON shape version.")
    concept_id: str = Field(description="Stable taxonomy id, e.g. 'tm:python' or an ESCO URI id.")
    label: str = Field(description="The concept's preferred label.")
    type: ConceptType = Field(description="Kind of skill.")
    category: str = Field(description="The concept's category in its taxonomy.")
    surface: str = Field(description="How the text wrote it first (first claimed occurrence).")
    occurrences: tuple[Occurrence, ...] = Field(
        min_length=1, description="Every occurrence, in text order."
    )
    confidence: float = Field(ge=0.0, le=1.0, description="Belief that the skill is claimed.")
    source: str = Field(
        default="taxonomy", description="Which extractor produced it: 'taxonomy' or 'llm'."
    )
    taxonomy: str = Field(
        default="", description="Taxonomy reference 'name@version#hash' the id belongs to."
    )
    negated: bool = Field(default=False, description="Only negated occurrences were found.")
    aspirational: bool = Field(
        default=False, description="Only aspirational occurrences ('willing to learn') were found."
    )
    role_only: bool = Field(
        default=False, description="Only found inside job titles ('Java Developer')."
    )
    skills_section_only: bool = Field(
        default=False, description="Every claimed occurrence lies in a skills section."
    )
    months_used: int | None = Field(
        default=None,
        ge=0,
        description="Months of dated positions mentioning it, overlaps merged (resumes only).",
    )
    last_used: str | None = Field(
        default=None,
        pattern=r"^\d{4}(-\d{2})?$",
        description="End (YYYY or YYYY-MM) of the latest dated position mentioning it.",
    )

    @property
    def evidence(self) -> tuple[Span, ...]:
        """Spans of every occurrence, in text order."""
        return tuple(occurrence.span for occurrence in self.occurrences)

    @property
    def claimed(self) -> bool:
        """True when at least one occurrence is claimed."""
        return not (self.negated or self.aspirational or self.role_only)

    @property
    def section_kinds(self) -> tuple[str, ...]:
        """Distinct section kinds of the occurrences, in first-seen order."""
        return tuple(
            dict.fromkeys(o.section_kind for o in self.occurrences if o.section_kind is not None)
        )

    @property
    def position_indices(self) -> tuple[int, ...]:
        """Distinct position indices of the occurrences, ascending."""
        return tuple(
            sorted({o.position_index for o in self.occurrences if o.position_index is not None})
        )
