"""talentmatch: resume intelligence and explainable candidate-job skill matching.

The public API is what ``__all__`` lists; everything else is private and may change.
Simple functions use an offline default pipeline; services configure a ``Pipeline``.

Example:
    >>> import talentmatch
    >>> result = talentmatch.match("SKILLS\\nPython, SQL", "Data Analyst\\nRequirements: SQL")
    >>> [(r.label, r.verdict.value) for r in result.explanation.requirements[:1]]
    [('SQL', 'met')]
"""

from talentmatch import errors
from talentmatch._version import __version__
from talentmatch.config import Limits, MatchSettings, Weights
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
from talentmatch.extraction import SkillExtractor, TaxonomyExtractor, extract_skills
from talentmatch.extraction.fallback import FallbackExtractor
from talentmatch.extraction.llm_extractor import LLMExtractor
from talentmatch.extraction.llm_result import ExtractionResult
from talentmatch.llm import BedrockClient, ScriptedClient
from talentmatch.matching import ProfileIndex, match, match_matrix, profile_of, rank
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
from talentmatch.models.job import JobPosting, SkillRequirement
from talentmatch.models.match import MatchResult, Verdict
from talentmatch.models.profile import CandidateProfile
from talentmatch.models.resume import Resume
from talentmatch.models.skills import Assertion, ConceptType, MatchKind, Occurrence, SkillMention
from talentmatch.parsing import parse_resume
from talentmatch.parsing.job_posting import job_from_requirements, parse_job
from talentmatch.pipeline import Pipeline
from talentmatch.taxonomy import Concept, Override, Overrides, Taxonomy

__all__ = [
    "SCHEMA_VERSION",
    "Assertion",
    "BedrockClient",
    "Block",
    "BlockKind",
    "CandidateProfile",
    "CircuitOpenError",
    "Concept",
    "ConceptType",
    "ConfigError",
    "CorruptDocumentError",
    "Document",
    "DocumentError",
    "DocumentFormat",
    "DocumentTimeoutError",
    "DocumentTooLargeError",
    "EncryptedDocumentError",
    "ExtractionResult",
    "FallbackExtractor",
    "Finding",
    "FindingKind",
    "InputError",
    "JobPosting",
    "LLMContentFilteredError",
    "LLMError",
    "LLMExtractor",
    "LLMOutputError",
    "LLMThrottledError",
    "LLMTimeoutError",
    "LLMUnavailableError",
    "Limits",
    "MatchKind",
    "MatchResult",
    "MatchSettings",
    "NoTextError",
    "Occurrence",
    "Override",
    "Overrides",
    "Page",
    "Pipeline",
    "ProfileIndex",
    "Resume",
    "ScriptedClient",
    "SkillExtractor",
    "SkillMention",
    "SkillRequirement",
    "Span",
    "TalentMatchError",
    "Taxonomy",
    "TaxonomyError",
    "TaxonomyExtractor",
    "UnsupportedFormatError",
    "Verdict",
    "Weights",
    "__version__",
    "errors",
    "extract_skills",
    "job_from_requirements",
    "load_document",
    "match",
    "match_matrix",
    "parse_job",
    "parse_resume",
    "profile_of",
    "rank",
]
