"""``Pipeline``: the configured composition of every step, for services and batch jobs.

The top-level functions (``talentmatch.match`` and friends) use an offline default
pipeline. A service builds one ``Pipeline`` with its taxonomy, extractor (an
``LLMExtractor`` behind a ``FallbackExtractor``, say), weights, limits and tenant, keeps it
for its lifetime and shares it across threads: a pipeline holds configuration only, and
every method is a pure function of its arguments and that configuration.

Example:
    >>> from datetime import date
    >>> pipe = Pipeline(as_of=date(2026, 1, 1))
    >>> result = pipe.process("EXPERIENCE\\nNurse, City Clinic  2019 - 2021\\nBLS, ACLS",
    ...                       "Nurse\\nRequirements: BLS, ACLS")
    >>> result.score > 50
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from talentmatch.config import Limits, MatchSettings, Weights
from talentmatch.documents import DocumentSource, load_document
from talentmatch.errors import ConfigError, InputError
from talentmatch.extraction import SkillExtractor, TaxonomyExtractor
from talentmatch.extraction.fallback import ResultExtractor
from talentmatch.llm import CostLedger
from talentmatch.matching import ProfileIndex, build_profile, match_matrix, rank
from talentmatch.matching import match as match_one
from talentmatch.models import Document
from talentmatch.models.job import JobPosting
from talentmatch.models.match import MatchResult
from talentmatch.models.profile import CandidateProfile
from talentmatch.models.resume import Resume
from talentmatch.models.skills import SkillMention
from talentmatch.parsing import parse_resume
from talentmatch.parsing.job_posting import parse_job
from talentmatch.safety import screen_document
from talentmatch.taxonomy import Taxonomy

__all__ = ["Pipeline", "SkillsOutcome"]


@dataclass(frozen=True, slots=True)
class SkillsOutcome:
    """Skills of one resume with how they were obtained.

    ``degraded_reason`` is the error code when a model-backed extractor fell back to the
    offline one; ``injection_suspected`` reflects the document screen.
    """

    mentions: tuple[SkillMention, ...]
    degraded_reason: str | None = None
    injection_suspected: bool = False
    run: Any = None


@dataclass(frozen=True)
class Pipeline:
    """Configuration of every step; pure methods over it; safe to share across threads.

    Args:
        taxonomy: skills taxonomy (default ``Taxonomy.builtin()``).
        extractor: a ``SkillExtractor`` (default: offline ``TaxonomyExtractor``); an
            extractor with ``extract_result`` (``LLMExtractor``, ``FallbackExtractor``) also
            reports degradation, which becomes a review flag.
        limits: document limits (``Limits``).
        weights: default component weights (a job's own and a call's win over them).
        settings: scoring knobs (``MatchSettings``).
        tenant: tenant id recorded on results' metadata by callers (no effect on scores).
        as_of: the date open positions run to and recency is measured to; today when
            None. Pin it to make decisions reproducible.

    Raises:
        ConfigError: a setting has the wrong type.

    Example:
        >>> Pipeline().limits.max_pages
        50
    """

    taxonomy: Taxonomy = field(default_factory=Taxonomy.builtin)
    extractor: SkillExtractor | None = None
    limits: Limits = field(default_factory=Limits)
    weights: Weights | None = None
    settings: MatchSettings = field(default_factory=MatchSettings)
    tenant: str | None = None
    as_of: date | None = None

    def __post_init__(self) -> None:
        checks: tuple[tuple[str, object, type | tuple[type, ...]], ...] = (
            ("taxonomy", self.taxonomy, Taxonomy),
            ("limits", self.limits, Limits),
            ("settings", self.settings, MatchSettings),
            ("weights", self.weights, (Weights, type(None))),
            ("tenant", self.tenant, (str, type(None))),
            ("as_of", self.as_of, (date, type(None))),
        )
        for name, value, expected in checks:
            if not isinstance(value, expected):
                raise ConfigError(f"Pipeline {name} has the wrong type ({type(value).__name__}).")
        if self.extractor is not None and not callable(getattr(self.extractor, "extract", None)):
            raise ConfigError("Pipeline extractor must have an extract() method.")

    # -- steps ------------------------------------------------------------------------------

    @property
    def ledger(self) -> CostLedger | None:
        """The extractor's cost ledger (tokens and cost of every model call, failed ones
        included), or None for an offline pipeline.

        To total several extractors per pipeline, give each ``LLMExtractor`` the same
        parent: ``LLMExtractor(client, ledger=CostLedger())``.

        Example:
            >>> Pipeline().ledger is None
            True
        """
        ledger = getattr(self.extractor, "ledger", None)
        return ledger if isinstance(ledger, CostLedger) else None

    def _as_of(self) -> date:
        return self.as_of or date.today()

    def _extractor(self) -> SkillExtractor:
        return self.extractor or TaxonomyExtractor(self.taxonomy, limits=self.limits)

    def load(self, source: DocumentSource, *, filename: str | None = None) -> Document:
        """Load a document with this pipeline's limits (see ``load_document``).

        Example:
            >>> Pipeline().load("Jane Roe, nurse").format.value
            'text'
        """
        return load_document(source, filename=filename, limits=self.limits)

    def parse(self, source: DocumentSource | Document, *, filename: str | None = None) -> Resume:
        """Parse a resume (see ``parse_resume``).

        Example:
            >>> Pipeline().parse("EXPERIENCE\\nChef, Bistro  2019 - 2021").positions[0].title.text
            'Chef'
        """
        return parse_resume(source, filename=filename, pipeline=self)

    def skills(self, resume: Resume) -> SkillsOutcome:
        """Skills of a parsed resume with this pipeline's extractor.

        Raises:
            InputError: ``resume`` is not a ``Resume``.

        Example:
            >>> p = Pipeline()
            >>> [m.label for m in p.skills(p.parse("SKILLS\\nPython, SQL")).mentions]
            ['Python', 'SQL']
        """
        if not isinstance(resume, Resume):
            raise InputError("skills() takes a parsed Resume (use Pipeline.parse first).")
        extractor = self._extractor()
        screened = screen_document(resume.document).suspected
        if isinstance(extractor, ResultExtractor):
            names = (resume.contact.name.text,) if resume.contact.name else ()
            result = extractor.extract_result(resume, as_of=self._as_of(), names=names)
            return SkillsOutcome(
                mentions=tuple(result.mentions),
                degraded_reason=result.degraded_reason if result.degraded else None,
                injection_suspected=screened or result.injection.suspected,
                run=result.run,
            )
        mentions = extractor.extract(resume, as_of=self._as_of())
        return SkillsOutcome(mentions=tuple(mentions), injection_suspected=screened)

    def profile(self, source: DocumentSource | Document | Resume) -> CandidateProfile:
        """The candidate's job-relevant profile: parse, extract skills, keep no personal data.

        Example:
            >>> Pipeline().profile("SKILLS\\nPython").skills[0].label
            'Python'
        """
        resume = source if isinstance(source, Resume) else self.parse(source)
        outcome = self.skills(resume)
        return build_profile(
            resume,
            outcome.mentions,
            settings=self.settings,
            degraded_reason=outcome.degraded_reason,
            injection_suspected=outcome.injection_suspected,
            as_of=self._as_of(),
        )

    def job(self, source: str | Document | JobPosting) -> JobPosting:
        """A job posting from text, a loaded document, or as given.

        Example:
            >>> Pipeline().job("Data Analyst\\nRequirements: SQL").skills[0].label
            'SQL'
        """
        if isinstance(source, JobPosting):
            return source
        return parse_job(source, taxonomy=self.taxonomy)

    def index(
        self, sources: Iterable[DocumentSource | Document | Resume | CandidateProfile]
    ) -> ProfileIndex:
        """Profiles of many candidates, indexed once for any number of jobs.

        Example:
            >>> len(Pipeline().index(["SKILLS\\nPython", "SKILLS\\nSQL"]))
            2
        """
        profiles = [s if isinstance(s, CandidateProfile) else self.profile(s) for s in sources]
        return ProfileIndex.build(profiles, self.settings)

    # -- decisions -------------------------------------------------------------------------

    def process(
        self,
        source: DocumentSource | Document | Resume | CandidateProfile,
        job: str | Document | JobPosting,
        *,
        weights: Weights | None = None,
    ) -> MatchResult:
        """Every step for one candidate and one job: load, parse, extract, profile, score.

        Raises:
            DocumentError: the resume cannot be read.
            InputError: an argument has an unsupported type.

        Example:
            >>> Pipeline().process("SKILLS\\nSQL", "Analyst\\nRequirements: SQL").score > 0
            True
        """
        profile = source if isinstance(source, CandidateProfile) else self.profile(source)
        return match_one(
            profile,
            self.job(job),
            weights=weights or self.weights,
            taxonomy=self.taxonomy,
            settings=self.settings,
            as_of=self._as_of(),
        )

    def rank(
        self,
        sources: ProfileIndex | Sequence[DocumentSource | Document | Resume | CandidateProfile],
        job: str | Document | JobPosting,
        *,
        top_k: int | None = None,
        weights: Weights | None = None,
    ) -> list[MatchResult]:
        """Rank candidates for one job, best first (see ``talentmatch.rank``).

        Example:
            >>> [r.index for r in Pipeline().rank(["SKILLS\\nExcel", "SKILLS\\nSQL"],
            ...                                    "Analyst\\nRequirements: SQL")]
            [1, 0]
        """
        index = sources if isinstance(sources, ProfileIndex) else self.index(sources)
        return rank(
            index,
            self.job(job),
            weights=weights or self.weights,
            taxonomy=self.taxonomy,
            settings=self.settings,
            top_k=top_k,
        )

    def match_matrix(
        self,
        sources: ProfileIndex | Sequence[DocumentSource | Document | Resume | CandidateProfile],
        jobs: Sequence[str | Document | JobPosting],
    ) -> npt.NDArray[np.float64]:
        """Scores of every candidate (rows) for every job (columns).

        Example:
            >>> Pipeline().match_matrix(["SKILLS\\nSQL"], ["Requirements: SQL"]).shape
            (1, 1)
        """
        index = sources if isinstance(sources, ProfileIndex) else self.index(sources)
        return match_matrix(
            index,
            [self.job(j) for j in jobs],
            weights=self.weights,
            taxonomy=self.taxonomy,
            settings=self.settings,
        )
