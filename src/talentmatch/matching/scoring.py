"""The vectorised scoring core shared by ``match``, ``rank`` and ``match_matrix``.

``ProfileIndex`` stores many profiles column-wise: for each skill concept, the candidates
that hold it with their recency-weighted strength and months used (postings); the same for
title tokens and languages; plain arrays for experience and education. Scoring a job then
touches only the postings of the concepts the job asks for, so 100,000 candidates score in
milliseconds. ``match()`` runs the very same code on an index of one, which is why
``rank()`` and ``match()`` give identical numbers.

The score multiplies fit by eligibility rather than adding them::

    score = 100 * fit * (1 - s + s * eligibility)

``fit`` is the weighted mean of the skills and title components, ``eligibility`` that of
experience, education and languages, ``s`` is ``MatchSettings.eligibility_share``. Years
of experience, a degree or a language say nothing about the field, so an off-field
candidate cannot climb on them; within the field, they still move the score by up to ``s``.

Per skill requirement ``r`` and candidate ``i`` the credit is::

    credit[i, r] = max over concepts c that satisfy r of
                   relation(r, c) * strength[i, c] * recency[i, c] * years(months[i, c], r)

with ``relation`` 1 for the exact concept, ``narrower_credit`` for a narrower one (asked
JavaScript, has React), ``broader_credit`` for a direct broader one, ``related_credit`` for
a related sibling; ``recency`` the documented curve in ``recency_factor``; ``years`` the share
of a per-skill years requirement met.

Example:
    >>> from talentmatch.models.profile import CandidateProfile
    >>> index = ProfileIndex.build([CandidateProfile(candidate_id="a")])
    >>> len(index)
    1
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from talentmatch.config import MatchSettings, Weights
from talentmatch.models.job import (
    EDUCATION_ORDER,
    Importance,
    JobPosting,
    LanguageRequirement,
    Seniority,
)
from talentmatch.models.match import ComponentName
from talentmatch.models.profile import CandidateProfile
from talentmatch.models.resume import LanguageLevel
from talentmatch.parsing.titles import title_tokens
from talentmatch.taxonomy import Taxonomy

__all__ = [
    "COMPONENTS",
    "ELIGIBILITY_COMPONENTS",
    "FIT_COMPONENTS",
    "Expansion",
    "ProfileIndex",
    "ScoreArrays",
    "expand_alternatives",
    "expand_requirement",
    "recency_factor",
    "score_index",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

COMPONENTS: tuple[ComponentName, ...] = tuple(ComponentName)
FIT_COMPONENTS: tuple[ComponentName, ...] = (
    ComponentName.REQUIRED_SKILLS,
    ComponentName.PREFERRED_SKILLS,
    ComponentName.TITLE,
)
"""What the candidate does: skills and titles. Their weighted mean is the fit, 0-1."""
ELIGIBILITY_COMPONENTS: tuple[ComponentName, ...] = (
    ComponentName.EXPERIENCE,
    ComponentName.EDUCATION,
    ComponentName.LANGUAGES,
)
"""Field-agnostic conditions: years, degree, languages. Their weighted mean is eligibility."""
EQUIVALENT_EXPERIENCE_MONTHS = 48.0
"""Work that stands in for a degree when a posting accepts 'or equivalent experience'."""
EQUIVALENT_EXPERIENCE_CREDIT = 0.75
"""Education credit such experience earns."""
TITLE_DECAY = 0.8
"""Each older title counts this much less than the one after it."""

# Years a seniority implies when a posting gives no number.
SENIORITY_YEARS: dict[Seniority, float] = {
    Seniority.INTERN: 0.0,
    Seniority.JUNIOR: 1.0,
    Seniority.MID: 3.0,
    Seniority.SENIOR: 5.0,
    Seniority.LEAD: 7.0,
    Seniority.MANAGER: 5.0,
    Seniority.DIRECTOR: 10.0,
    Seniority.EXECUTIVE: 12.0,
}
_LANGUAGE_ORDER = {level: i for i, level in enumerate(LanguageLevel)}
_UNKNOWN_LEVEL = -1.0


def recency_factor(months_ago: float, settings: MatchSettings) -> float:
    """Weight of a skill last used ``months_ago`` months before the reference date.

    1 within ``recency_full_years``; then halving every ``recency_half_life_years``; never
    below ``recency_floor``.

    Example:
        >>> s = MatchSettings()
        >>> recency_factor(12, s), recency_factor(72, s), recency_factor(600, s)
        (1.0, 0.5, 0.3)
    """
    years = max(0.0, months_ago) / 12.0
    if years <= settings.recency_full_years:
        return 1.0
    decayed = 0.5 ** ((years - settings.recency_full_years) / settings.recency_half_life_years)
    return float(max(settings.recency_floor, decayed))


@dataclass(frozen=True, slots=True)
class _Postings:
    rows: IntArray
    values: FloatArray
    months: FloatArray  # NaN where unknown


@dataclass(frozen=True, slots=True)
class Expansion:
    """The concepts that satisfy one skill requirement, with their credit and relation."""

    concept_ids: tuple[str, ...]
    credits: tuple[float, ...]
    relations: tuple[str, ...]


def expand_alternatives(
    concept_ids: Sequence[str], taxonomy: Taxonomy | None, settings: MatchSettings
) -> Expansion:
    """Union of ``expand_requirement`` over alternatives, each concept at its best credit.

    Example:
        >>> e = expand_alternatives(["tm:tableau", "tm:power_bi"], None, MatchSettings())
        >>> e.concept_ids, e.relations
        (('tm:power_bi', 'tm:tableau'), ('exact', 'exact'))
    """
    best: dict[str, tuple[float, str]] = {}
    for concept_id in concept_ids:
        expansion = expand_requirement(concept_id, taxonomy, settings)
        for cid, credit, relation in zip(
            expansion.concept_ids, expansion.credits, expansion.relations, strict=True
        ):
            if cid not in best or best[cid][0] < credit:
                best[cid] = (credit, relation)
    ordered = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))
    return Expansion(
        concept_ids=tuple(cid for cid, _ in ordered),
        credits=tuple(c for _, (c, _) in ordered),
        relations=tuple(r for _, (_, r) in ordered),
    )


def expand_requirement(
    concept_id: str, taxonomy: Taxonomy | None, settings: MatchSettings
) -> Expansion:
    """Concepts that satisfy a requirement for ``concept_id``: exact, narrower, broader, related.

    Narrower concepts are followed three levels down (asked "JavaScript", "React" counts);
    broader ones only one level up, so an umbrella such as "programming" never stands in
    for a specific skill.

    Example:
        >>> from talentmatch.taxonomy import Taxonomy
        >>> e = expand_requirement("tm:postgresql", Taxonomy.builtin(), MatchSettings())
        >>> e.relations[0], e.credits[0]
        ('exact', 1.0)
    """
    best: dict[str, tuple[float, str]] = {concept_id: (1.0, "exact")}

    def offer(cid: str, credit: float, relation: str) -> None:
        if credit <= 0.0:
            return
        if cid not in best or best[cid][0] < credit:
            best[cid] = (credit, relation)

    if taxonomy is not None and concept_id in taxonomy:
        frontier = [concept_id]
        for _ in range(3):
            nxt: list[str] = []
            for cid in frontier:
                for child in taxonomy.narrower_ids(cid):
                    if child not in best:
                        offer(child, settings.narrower_credit, "narrower")
                        nxt.append(child)
            frontier = nxt
        for parent in taxonomy.broader_ids(concept_id):
            offer(parent, settings.broader_credit, "broader")
        for sibling in taxonomy.related_ids(concept_id):
            offer(sibling, settings.related_credit, "related")
    ordered = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))
    return Expansion(
        concept_ids=tuple(cid for cid, _ in ordered),
        credits=tuple(c for _, (c, _) in ordered),
        relations=tuple(r for _, (_, r) in ordered),
    )


@dataclass(frozen=True)
class ProfileIndex:
    """Many candidate profiles stored column-wise for fast scoring; build once, reuse.

    Example:
        >>> from talentmatch.models.profile import CandidateProfile, ProfileSkill
        >>> p = CandidateProfile(candidate_id="a", skills=(ProfileSkill(
        ...     concept_id="tm:python", label="Python", strength=1.0),))
        >>> ProfileIndex.build([p]).concepts()
        ('tm:python',)
    """

    profiles: tuple[CandidateProfile, ...]
    settings: MatchSettings
    experience_months: FloatArray
    education: FloatArray
    skill_counts: FloatArray
    _skills: dict[str, _Postings] = field(repr=False)
    _titles: dict[str, tuple[IntArray, FloatArray]] = field(repr=False)
    _languages: dict[str, tuple[IntArray, FloatArray]] = field(repr=False)

    def __len__(self) -> int:
        return len(self.profiles)

    def concepts(self) -> tuple[str, ...]:
        """Concept ids held by at least one candidate, sorted."""
        return tuple(sorted(self._skills))

    @classmethod
    def build(
        cls, profiles: Sequence[CandidateProfile], settings: MatchSettings | None = None
    ) -> ProfileIndex:
        """Index ``profiles`` (in order) for scoring.

        Args:
            profiles: candidate profiles; their order is the ``index`` of each result.
            settings: recency and strength settings baked into the index.

        Returns:
            A ``ProfileIndex``.

        Example:
            >>> len(ProfileIndex.build([]))
            0
        """
        settings = settings or MatchSettings()
        skills: dict[str, tuple[list[int], list[float], list[float]]] = {}
        titles: dict[str, tuple[list[int], list[float]]] = {}
        languages: dict[str, tuple[list[int], list[float]]] = {}
        n = len(profiles)
        experience = np.zeros(n, dtype=np.float64)
        education = np.full(n, -1.0, dtype=np.float64)
        counts = np.zeros(n, dtype=np.float64)
        for row, profile in enumerate(profiles):
            experience[row] = profile.total_experience_months
            if profile.education_level is not None:
                education[row] = EDUCATION_ORDER[profile.education_level]
            counts[row] = len(profile.skills)
            for skill in profile.skills:
                value = skill.strength
                if skill.last_used_month is not None and profile.reference_month is not None:
                    ago = profile.reference_month - skill.last_used_month
                    value *= recency_factor(ago, settings)
                entry = skills.setdefault(skill.concept_id, ([], [], []))
                entry[0].append(row)
                entry[1].append(value)
                entry[2].append(math.nan if skill.months_used is None else float(skill.months_used))
            factor = 1.0
            seen: dict[str, float] = {}
            for title in profile.titles:
                for token in title_tokens(title):
                    if token not in seen:
                        seen[token] = factor
                factor *= TITLE_DECAY
            for token, credit in seen.items():
                t_entry = titles.setdefault(token, ([], []))
                t_entry[0].append(row)
                t_entry[1].append(credit)
            for language in profile.languages:
                level = (
                    _UNKNOWN_LEVEL
                    if language.level is None
                    else float(_LANGUAGE_ORDER[language.level])
                )
                l_entry = languages.setdefault(language.iso639_1, ([], []))
                l_entry[0].append(row)
                l_entry[1].append(level)
        return cls(
            profiles=tuple(profiles),
            settings=settings,
            experience_months=experience,
            education=education,
            skill_counts=counts,
            _skills={
                cid: _Postings(
                    rows=np.asarray(r, dtype=np.int64),
                    values=np.asarray(v, dtype=np.float64),
                    months=np.asarray(m, dtype=np.float64),
                )
                for cid, (r, v, m) in skills.items()
            },
            _titles={
                tok: (np.asarray(r, dtype=np.int64), np.asarray(v, dtype=np.float64))
                for tok, (r, v) in titles.items()
            },
            _languages={
                iso: (np.asarray(r, dtype=np.int64), np.asarray(v, dtype=np.float64))
                for iso, (r, v) in languages.items()
            },
        )

    def skill_postings(self, concept_id: str) -> _Postings | None:
        """Candidates holding ``concept_id``, or None."""
        return self._skills.get(concept_id)

    def title_postings(self, token: str) -> tuple[IntArray, FloatArray] | None:
        """Candidates whose titles contain ``token`` with their recency credit, or None."""
        return self._titles.get(token)

    def language_postings(self, iso: str) -> tuple[IntArray, FloatArray] | None:
        """Candidates speaking ``iso`` with their level order (-1 unknown), or None."""
        return self._languages.get(iso)


@dataclass(frozen=True, slots=True)
class ScoreArrays:
    """Everything scoring computed for one job over an index, as arrays.

    Arrays are requirement-major (one contiguous row per requirement or component, one
    column per candidate) because scoring fills them a requirement at a time.
    ``components[k]`` is component ``COMPONENTS[k]``; ``applicable[k]`` says whether the
    job asks anything of that kind. ``skill_credit[r]`` and ``skill_best[r]`` (index
    into ``expansions[r]``, -1 for none) hold per-requirement detail for explanations.
    """

    job: JobPosting
    weights: Weights
    settings: MatchSettings
    expansions: tuple[Expansion, ...]
    skill_credit: FloatArray
    skill_best: npt.NDArray[np.int16]
    language_credit: FloatArray
    components: FloatArray
    applicable: npt.NDArray[np.bool_]
    effective_weights: FloatArray
    fit: FloatArray
    eligibility: FloatArray
    multiplier: FloatArray
    eligibility_share: float
    uncapped: FloatArray
    scores: FloatArray
    knocked_out: npt.NDArray[np.bool_]
    required_months: float | None


def _years_factor(
    months: FloatArray, min_years: float | None, settings: MatchSettings
) -> FloatArray:
    if min_years is None or min_years <= 0:
        return np.ones_like(months)
    factor = np.minimum(1.0, months / (12.0 * min_years))
    return np.where(np.isnan(months), settings.unknown_months_years_credit, factor)


def _skill_credits(
    index: ProfileIndex, job: JobPosting, expansions: tuple[Expansion, ...]
) -> tuple[FloatArray, npt.NDArray[np.int16]]:
    n = len(index)
    credit = np.zeros((len(job.skills), n), dtype=np.float64)
    best = np.full((len(job.skills), n), -1, dtype=np.int16)
    for r, (requirement, expansion) in enumerate(zip(job.skills, expansions, strict=True)):
        column = credit[r]
        chosen = best[r]
        for k, (cid, relation_credit) in enumerate(
            zip(expansion.concept_ids, expansion.credits, strict=True)
        ):
            postings = index.skill_postings(cid)
            if postings is None:
                continue
            values = (
                relation_credit
                * postings.values
                * _years_factor(postings.months, requirement.min_years, index.settings)
            )
            better = values > column[postings.rows]
            rows = postings.rows[better]
            column[rows] = values[better]
            chosen[rows] = k
    return credit, best


def _weighted_sum(rows: FloatArray, weights: Sequence[float]) -> FloatArray:
    """Row-wise weighted sum, column by column in a fixed order.

    A BLAS matrix product may sum in a different order for different numbers of rows, so a
    candidate could score differently alone and in a batch by one unit in the last place;
    element-wise accumulation gives the same bits whatever the batch size.
    """
    total = np.zeros(rows.shape[1], dtype=np.float64)
    for k, weight in enumerate(weights):
        if weight:
            total += rows[k] * weight
    return total


def _weighted_mean(credit: FloatArray, weights: Sequence[float]) -> FloatArray:
    return _weighted_sum(credit, weights) / float(sum(weights))


def _title_component(index: ProfileIndex, job: JobPosting) -> FloatArray | None:
    tokens = title_tokens(job.normalized_title or job.title)
    total = sum(tokens.values())
    if total == 0:
        return None
    value = np.zeros(len(index), dtype=np.float64)
    for token, weight in tokens.items():
        postings = index.title_postings(token)
        if postings is not None:
            rows, credit = postings
            value[rows] += weight * credit
    return np.asarray(value / total, dtype=np.float64)


def required_months(job: JobPosting) -> float | None:
    """Months of experience the job asks for: stated years, else implied by seniority.

    Example:
        >>> required_months(JobPosting(id="j", min_years_experience=3))
        36.0
    """
    if job.min_years_experience is not None:
        return 12.0 * job.min_years_experience
    if job.seniority is not None:
        return 12.0 * SENIORITY_YEARS[job.seniority]
    return None


def _education_component(index: ProfileIndex, job: JobPosting) -> FloatArray | None:
    requirement = job.education
    if requirement is None:
        return None
    wanted = float(EDUCATION_ORDER[requirement.level])
    have = index.education
    value = np.where(have >= wanted, 1.0, np.where(have == wanted - 1, 0.5, 0.0))
    if requirement.or_equivalent_experience:
        # Four years of work stand in for the missing degree, for partial credit.
        value = np.maximum(
            value,
            np.where(
                index.experience_months >= EQUIVALENT_EXPERIENCE_MONTHS,
                EQUIVALENT_EXPERIENCE_CREDIT,
                0.0,
            ),
        )
    return np.asarray(value, dtype=np.float64)


def language_weight(requirement: LanguageRequirement) -> float:
    """A preferred language ("German is a plus") weighs half a required one."""
    return 1.0 if requirement.importance is Importance.REQUIRED else 0.5


def _language_credits(index: ProfileIndex, job: JobPosting) -> FloatArray:
    credit = np.zeros((len(job.languages), len(index)), dtype=np.float64)
    for k, requirement in enumerate(job.languages):
        postings = index.language_postings(requirement.iso639_1)
        if postings is None:
            continue
        rows, levels = postings
        if requirement.min_level is None:
            values = np.ones_like(levels)
        else:
            wanted = float(_LANGUAGE_ORDER[requirement.min_level])
            values = np.where(levels == _UNKNOWN_LEVEL, 0.8, np.where(levels >= wanted, 1.0, 0.5))
        credit[k, rows] = values
    return credit


def score_index(
    index: ProfileIndex,
    job: JobPosting,
    *,
    taxonomy: Taxonomy | None,
    weights: Weights | None = None,
    settings: MatchSettings | None = None,
) -> ScoreArrays:
    """Score every candidate of ``index`` against ``job``.

    Args:
        index: candidates, built once with ``ProfileIndex.build``.
        job: the posting.
        taxonomy: the taxonomy the concept ids belong to (for partial credit); None
            disables partial credit.
        weights: component weights; the job's own, then the defaults, when None.
        settings: scoring knobs; the index's when None.

    Returns:
        ``ScoreArrays`` with final scores (0-100, rounded to 2 decimals).

    Example:
        >>> from talentmatch.models.profile import CandidateProfile
        >>> idx = ProfileIndex.build([CandidateProfile(candidate_id="a")])
        >>> score_index(idx, JobPosting(id="j", title="Nurse"), taxonomy=None).scores.tolist()
        [0.0]
    """
    settings = settings or index.settings
    if settings != index.settings:
        index = ProfileIndex.build(index.profiles, settings)
    weights = weights or job.weights or Weights()
    n = len(index)
    expansions = tuple(
        expand_alternatives((s.concept_id, *s.alternatives), taxonomy, settings) for s in job.skills
    )
    skill_credit, skill_best = _skill_credits(index, job, expansions)
    components = np.zeros((len(COMPONENTS), n), dtype=np.float64)
    applicable = np.zeros(len(COMPONENTS), dtype=np.bool_)

    def put(name: ComponentName, values: FloatArray | None) -> None:
        if values is None:
            return
        k = COMPONENTS.index(name)
        components[k] = values
        applicable[k] = True

    for importance, name in (
        (Importance.REQUIRED, ComponentName.REQUIRED_SKILLS),
        (Importance.PREFERRED, ComponentName.PREFERRED_SKILLS),
    ):
        columns = [r for r, s in enumerate(job.skills) if s.importance is importance]
        if columns:
            put(
                name,
                _weighted_mean(skill_credit[columns], [job.skills[r].weight for r in columns]),
            )
    months_needed = required_months(job)
    if months_needed is not None:
        put(
            ComponentName.EXPERIENCE,
            np.ones(n)
            if months_needed < 1.0  # under a month asked: nothing to measure
            else np.minimum(1.0, index.experience_months / months_needed),
        )
    put(ComponentName.TITLE, _title_component(index, job))
    put(ComponentName.EDUCATION, _education_component(index, job))
    language_credit = _language_credits(index, job)
    if job.languages:
        put(
            ComponentName.LANGUAGES,
            _weighted_mean(language_credit, [language_weight(lang) for lang in job.languages]),
        )

    configured = np.asarray([weights.as_dict()[c.value] for c in COMPONENTS], dtype=np.float64)
    active = np.where(applicable, configured, 0.0)
    effective = np.zeros(len(COMPONENTS), dtype=np.float64)
    group_sums = {}
    for group in (FIT_COMPONENTS, ELIGIBILITY_COMPONENTS):
        ks = [COMPONENTS.index(c) for c in group]
        group_sums[group] = float(active[ks].sum())
        if group_sums[group] > 0:
            effective[ks] = active[ks] / group_sums[group]
    has_fit = group_sums[FIT_COMPONENTS] > 0
    has_eligibility = group_sums[ELIGIBILITY_COMPONENTS] > 0
    fit_mask = np.asarray([c in FIT_COMPONENTS for c in COMPONENTS])
    fit = (
        _weighted_sum(components, np.where(fit_mask, effective, 0.0).tolist())
        if has_fit
        else np.ones(n, dtype=np.float64)
    )
    eligibility = _weighted_sum(components, np.where(fit_mask, 0.0, effective).tolist())
    share = (settings.eligibility_share if has_fit else 1.0) if has_eligibility else 0.0
    multiplier = (1.0 - share) + share * eligibility
    uncapped = (
        np.round(100.0 * fit * multiplier, 2)
        if (has_fit or has_eligibility)
        else (np.zeros(n, dtype=np.float64))
    )
    must = [r for r, s in enumerate(job.skills) if s.must_have]
    knocked = (skill_credit[must] <= 0.0).any(axis=0) if must else np.zeros(n, dtype=np.bool_)
    # A knock-out scales the score into [0, cap] rather than clamping it, so candidates who
    # miss a must-have still rank among themselves by everything else.
    scores = np.where(knocked, np.round(uncapped * (settings.knockout_cap / 100.0), 2), uncapped)
    return ScoreArrays(
        job=job,
        weights=weights,
        settings=settings,
        expansions=expansions,
        skill_credit=skill_credit,
        skill_best=skill_best,
        language_credit=language_credit,
        components=components,
        applicable=applicable,
        effective_weights=effective,
        fit=fit,
        eligibility=eligibility,
        multiplier=multiplier,
        eligibility_share=share,
        uncapped=uncapped,
        scores=np.asarray(scores, dtype=np.float64),
        knocked_out=np.asarray(knocked, dtype=np.bool_),
        required_months=months_needed,
    )
