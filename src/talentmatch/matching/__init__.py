"""Match candidates to jobs: explainable scores, review flags, vectorised ranking.

``match`` scores one candidate, ``rank`` many (best first), ``match_matrix`` many against
many. All three run the same vectorised core (``matching.scoring``), so their numbers are
identical. Profiles (``build_profile`` / ``profile_of``) hold the per-resume work and can be
computed once and reused for any number of jobs.

Example:
    >>> from talentmatch.matching import match
    >>> result = match("EXPERIENCE\\nBackend Engineer, Acme  2018 - 2023\\nPython, Django",
    ...                "Backend Engineer\\nRequirements: Python, Django")
    >>> result.score > 50, [r.verdict.value for r in result.explanation.requirements][:2]
    (True, ['met', 'met'])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt

from talentmatch.config import MatchSettings, Weights
from talentmatch.errors import InputError
from talentmatch.extraction import TaxonomyExtractor
from talentmatch.matching.explain import explain_row
from talentmatch.matching.profile import build_profile
from talentmatch.matching.scoring import ProfileIndex, score_index
from talentmatch.models import Document
from talentmatch.models.job import JobPosting
from talentmatch.models.match import MatchResult
from talentmatch.models.profile import CandidateProfile
from talentmatch.models.resume import Resume
from talentmatch.parsing.job_posting import parse_job
from talentmatch.safety import screen_document
from talentmatch.taxonomy import Taxonomy

__all__ = [
    "CandidateInput",
    "ProfileIndex",
    "build_profile",
    "match",
    "match_matrix",
    "profile_of",
    "rank",
]

CandidateInput = Resume | CandidateProfile | Document | str | bytes | Path
"""What scoring accepts for a candidate: a profile, a parsed resume, or anything
``parse_resume`` reads."""


def profile_of(
    candidate: CandidateInput,
    *,
    taxonomy: Taxonomy | None = None,
    settings: MatchSettings | None = None,
    as_of: date | None = None,
) -> CandidateProfile:
    """Return the ``CandidateProfile`` of a candidate given in any accepted form.

    Parses and extracts skills when needed (offline taxonomy extractor). Open positions
    ("2019 - present") run to ``as_of`` and recency is measured to it: today's date when None.
    Pin ``as_of`` to reproduce a past decision exactly.

    Raises:
        InputError: ``candidate`` is of an unsupported type.
        DocumentError: the candidate's document cannot be read.

    Example:
        >>> profile_of("SKILLS\\nPython, SQL").skills[0].label
        'Python'
    """
    if isinstance(candidate, CandidateProfile):
        return candidate
    if isinstance(candidate, Resume):
        resume = candidate
    elif isinstance(candidate, Document | str | bytes | Path):
        from talentmatch.parsing import parse_resume

        resume = parse_resume(candidate)
    else:
        raise InputError(
            f"Cannot score a candidate given as {type(candidate).__name__}; pass a Resume, "
            "a CandidateProfile, a Document, text, bytes or a pathlib.Path."
        )
    reference = as_of or date.today()
    mentions = TaxonomyExtractor(taxonomy).extract(resume, as_of=reference)
    return build_profile(
        resume,
        mentions,
        settings=settings,
        as_of=reference,
        injection_suspected=screen_document(resume.document).suspected,
    )


def _job_of(job: JobPosting | str, taxonomy: Taxonomy | None) -> JobPosting:
    if isinstance(job, JobPosting):
        return job
    if isinstance(job, str):
        return parse_job(job, taxonomy=taxonomy)
    raise InputError(
        f"Cannot match against a job given as {type(job).__name__}; pass a JobPosting or the "
        "posting's text."
    )


def _taxonomy(taxonomy: Taxonomy | None) -> Taxonomy:
    if taxonomy is None:
        return Taxonomy.builtin()
    if not isinstance(taxonomy, Taxonomy):
        raise InputError("taxonomy must be a talentmatch Taxonomy or None.")
    return taxonomy


def _weights(weights: Weights | None) -> Weights | None:
    if weights is not None and not isinstance(weights, Weights):
        raise InputError("weights must be a talentmatch.config.Weights or None.")
    return weights


def match(
    resume: CandidateInput,
    job: JobPosting | str,
    *,
    weights: Weights | None = None,
    taxonomy: Taxonomy | None = None,
    settings: MatchSettings | None = None,
    as_of: date | None = None,
) -> MatchResult:
    """Score one candidate against one job, 0-100, with every reason.

    Args:
        resume: a parsed ``Resume``, a ``CandidateProfile``, or anything ``parse_resume``
            accepts (text, bytes, a ``pathlib.Path``, a ``Document``).
        job: a ``JobPosting`` or the posting's text.
        weights: component weights; the job's own, then the documented defaults.
        taxonomy: for skill extraction and partial credit; the built-in one by default.
        settings: scoring knobs (``MatchSettings``).
        as_of: the date open positions run to and recency is measured to (today when None).

    Returns:
        A ``MatchResult`` (``index`` is None).

    Raises:
        InputError: an argument has an unsupported type.
        DocumentError: the resume cannot be read.

    Example:
        >>> r = match("SKILLS\\nPython", "Data Analyst\\nRequirements: Python, SQL")
        >>> [(x.label, x.verdict.value) for x in r.explanation.requirements[:2]]
        [('Python', 'met'), ('SQL', 'missing')]
    """
    tax = _taxonomy(taxonomy)
    posting = _job_of(job, tax)
    profile = profile_of(resume, taxonomy=tax, settings=settings, as_of=as_of)
    index = ProfileIndex.build([profile], settings)
    arrays = score_index(index, posting, taxonomy=tax, weights=_weights(weights))
    return explain_row(arrays, 0, profile, index=None, taxonomy_ref=tax.ref)


def rank(
    resumes: Iterable[CandidateInput] | ProfileIndex,
    job: JobPosting | str,
    *,
    weights: Weights | None = None,
    taxonomy: Taxonomy | None = None,
    settings: MatchSettings | None = None,
    top_k: int | None = None,
    as_of: date | None = None,
) -> list[MatchResult]:
    """Score many candidates against one job; best first, ties by input order.

    Each result's ``index`` is the candidate's position in ``resumes``. Scores equal those of
    ``match`` exactly. For large pools, build a ``ProfileIndex`` once and pass it, and set
    ``top_k`` to explain only the best candidates (scoring itself is vectorised; building
    the explanation objects is the costly part).

    Args:
        resumes: candidates in any form ``match`` accepts, or a prebuilt ``ProfileIndex``.
        job: a ``JobPosting`` or the posting's text.
        weights, taxonomy, settings: as for ``match``.
        top_k: return only the best ``top_k`` results (all when None).
        as_of: as for ``match``.

    Returns:
        ``MatchResult`` objects, best first.

    Raises:
        InputError: an argument has an unsupported type or ``top_k`` is negative.

    Example:
        >>> results = rank(["SKILLS\\nExcel", "SKILLS\\nPython, SQL"],
        ...                "Data Analyst\\nRequirements: Python, SQL")
        >>> [r.index for r in results]
        [1, 0]
    """
    if top_k is not None and (not isinstance(top_k, int) or top_k < 0):
        raise InputError("top_k must be a non-negative integer or None.")
    tax = _taxonomy(taxonomy)
    posting = _job_of(job, tax)
    if isinstance(resumes, ProfileIndex):
        index = resumes
    else:
        profiles = [profile_of(r, taxonomy=tax, settings=settings, as_of=as_of) for r in resumes]
        index = ProfileIndex.build(profiles, settings)
    arrays = score_index(index, posting, taxonomy=tax, weights=_weights(weights), settings=settings)
    order = np.lexsort((np.arange(len(index)), -arrays.scores))
    if top_k is not None:
        order = order[:top_k]
    return [
        explain_row(arrays, int(i), index.profiles[int(i)], index=int(i), taxonomy_ref=tax.ref)
        for i in order
    ]


def match_matrix(
    resumes: Sequence[CandidateInput] | ProfileIndex,
    jobs: Sequence[JobPosting | str],
    *,
    weights: Weights | None = None,
    taxonomy: Taxonomy | None = None,
    settings: MatchSettings | None = None,
    as_of: date | None = None,
) -> npt.NDArray[np.float64]:
    """Scores of every candidate (rows) against every job (columns), same numbers as ``match``.

    Raises:
        InputError: an argument has an unsupported type.

    Example:
        >>> match_matrix(["SKILLS\\nPython"], ["Requirements: Python", "Requirements: Java"]
        ...              ).shape
        (1, 2)
    """
    tax = _taxonomy(taxonomy)
    if isinstance(resumes, ProfileIndex):
        index = resumes
    else:
        index = ProfileIndex.build(
            [profile_of(r, taxonomy=tax, settings=settings, as_of=as_of) for r in resumes],
            settings,
        )
    postings = [_job_of(j, tax) for j in jobs]
    out = np.zeros((len(index), len(postings)), dtype=np.float64)
    for column, posting in enumerate(postings):
        arrays = score_index(
            index, posting, taxonomy=tax, weights=_weights(weights), settings=settings
        )
        out[:, column] = arrays.scores
    return out
