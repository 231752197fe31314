"""What an extraction run returns besides the skills: provenance, cost, drops and flags.

``ExtractionResult`` is the rich answer of ``LLMExtractor.extract_result`` and
``FallbackExtractor.extract_result``: the ``SkillMention``s used for scoring, the grounded
skills the taxonomy does not know (for review, never scored), the run's metadata
(``ExtractionRun``: model, prompt id/version/hash, tokens, dollars, re-asks, drop counts)
and the flags that route a case to a person (degraded extraction, suspected injection).

Nothing here holds personal data: drop counts and redaction counts are numbers; unmapped
skills carry the model's short name and spans, not text of the resume.

Example:
    >>> result = ExtractionResult(run=ExtractionRun(mode="taxonomy", taxonomy="t@1#x"))
    >>> result.review_flags, result.run.usage.total_tokens
    ((), 0)
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from talentmatch.llm.models import Usage
from talentmatch.llm.pricing import Cost
from talentmatch.models.document import SCHEMA_VERSION, Span
from talentmatch.models.skills import SkillMention
from talentmatch.safety.injection import InjectionReport

__all__ = ["DroppedCounts", "ExtractionMode", "ExtractionResult", "ExtractionRun", "UnmappedSkill"]

ExtractionMode = Literal["llm", "taxonomy", "merge"]
"""Which extractor produced the mentions: the model, the offline taxonomy, or both."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DroppedCounts(_Frozen):
    """Skills the model reported that did not become mentions, by reason.

    Example:
        >>> DroppedCounts(ungrounded=2, hidden_only=1).total
        3
    """

    invalid: int = Field(default=0, ge=0, description="Items that failed schema validation.")
    ungrounded: int = Field(
        default=0, ge=0, description="Quote not found in the visible text (nor hidden text)."
    )
    hidden_only: int = Field(
        default=0, ge=0, description="Quote found only in text hidden from a reader."
    )
    injected: int = Field(
        default=0, ge=0, description="Quote lies in a passage flagged as prompt injection."
    )
    unsupported: int = Field(
        default=0,
        ge=0,
        description=(
            "Quote does not write the skill's name and cannot support it: the skill is a "
            "named tool, language or certification, or the quote is under three words."
        ),
    )
    unmapped: int = Field(
        default=0, ge=0, description="Grounded but not in the taxonomy: kept in 'unmapped'."
    )
    unclaimed: int = Field(
        default=0, ge=0, description="Only negated or aspirational where quoted ('no X')."
    )

    @property
    def total(self) -> int:
        """Every dropped skill, whatever the reason."""
        return (
            self.invalid
            + self.ungrounded
            + self.hidden_only
            + self.injected
            + self.unsupported
            + self.unmapped
            + self.unclaimed
        )


class UnmappedSkill(_Frozen):
    """A grounded skill the taxonomy does not know: shown for review, never scored.

    Example:
        >>> UnmappedSkill(name="Quantum basket weaving", evidence=(Span(start=0, end=9),)).name
        'Quantum basket weaving'
    """

    name: str = Field(description="The name the model gave (short, from the schema).")
    evidence: tuple[Span, ...] = Field(
        min_length=1, description="Where its quote lies in Document.text (the given text)."
    )


class ExtractionRun(_Frozen):
    """How a result was produced: extractor, model, prompt, tokens, dollars, drops.

    ``usage`` and ``cost`` include failed attempts, retries and re-asks: they are what the
    provider billed for this result. A cache hit costs zero tokens.

    Example:
        >>> ExtractionRun(mode="llm", taxonomy="t@1#x", model_id="m", calls=2, reasks=1).reasks
        1
    """

    mode: ExtractionMode = Field(description="Which extractor produced the mentions.")
    taxonomy: str = Field(description="Taxonomy reference 'name@version#hash'.")
    model_id: str | None = Field(default=None, description="Model asked, if any.")
    prompt_id: str | None = Field(default=None, description="Prompt template id.")
    prompt_version: str | None = Field(default=None, description="Prompt template version.")
    prompt_hash: str | None = Field(default=None, description="Prompt template content hash.")
    calls: int = Field(default=0, ge=0, description="Model calls: the first and each re-ask.")
    reasks: int = Field(default=0, ge=0, description="Re-asks after unusable answers.")
    attempts: int = Field(default=0, ge=0, description="Provider attempts, retries included.")
    cache_hits: int = Field(default=0, ge=0, description="Calls answered from a cache.")
    usage: Usage = Field(default_factory=Usage, description="Tokens billed, failures included.")
    cost: Cost = Field(default_factory=Cost, description="US dollars, failures included.")
    redacted: dict[str, int] = Field(
        default_factory=dict,
        description="Personal data replaced before the prompt, per kind (counts only).",
    )
    skills_reported: int = Field(default=0, ge=0, description="Skills the model reported.")
    dropped: DroppedCounts = Field(default_factory=DroppedCounts)


class ExtractionResult(_Frozen):
    """Skills with evidence, plus the run's metadata and review flags.

    ``mentions`` are the only skills scoring may use: each is grounded in the visible text
    and normalised to the taxonomy. ``degraded`` is True when the language model failed
    and the offline extractor's result stands in; ``degraded_reason`` is the error code
    (e.g. ``llm_throttled``, ``circuit_open``).

    Example:
        >>> run = ExtractionRun(mode="taxonomy", taxonomy="t@1#x")
        >>> ExtractionResult(run=run, degraded=True, degraded_reason="circuit_open").review_flags
        ('degraded_extraction',)
    """

    schema_version: str = Field(default=SCHEMA_VERSION, description="JSON shape version.")
    mentions: tuple[SkillMention, ...] = Field(
        default=(), description="Grounded, taxonomy-normalised skills, in text order."
    )
    unmapped: tuple[UnmappedSkill, ...] = Field(
        default=(), description="Grounded skills outside the taxonomy (review only)."
    )
    provenance: dict[str, tuple[str, ...]] = Field(
        default_factory=dict,
        description="Concept id -> extractors that found it ('llm', 'taxonomy'), sorted.",
    )
    run: ExtractionRun
    degraded: bool = Field(default=False, description="The offline result stands in.")
    degraded_reason: str | None = Field(
        default=None, description="Error code of the model failure, when degraded."
    )
    degraded_message: str | None = Field(
        default=None, description="What failed and what to do, when degraded (no PII)."
    )
    injection: InjectionReport = Field(
        default_factory=InjectionReport, description="Screening of visible and hidden text."
    )

    @property
    def injection_suspected(self) -> bool:
        """True when the document holds instruction-like or hidden content."""
        return self.injection.suspected

    @property
    def review_flags(self) -> tuple[str, ...]:
        """``degraded_extraction`` and/or ``suspected_injection``, when they apply."""
        flags = []
        if self.degraded:
            flags.append("degraded_extraction")
        if self.injection_suspected:
            flags.append("suspected_injection")
        return tuple(flags)
