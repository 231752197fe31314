"""Turn one row of ``ScoreArrays`` into a ``MatchResult`` with verdicts and evidence.

Numbers are copied from the arrays, never recomputed, so an explanation always adds up to
the score that ``rank`` and ``match`` report.
"""

from __future__ import annotations

from talentmatch._version import __version__
from talentmatch.config import MatchSettings
from talentmatch.matching.scoring import (
    COMPONENTS,
    EQUIVALENT_EXPERIENCE_CREDIT,
    FIT_COMPONENTS,
    ScoreArrays,
    language_weight,
)
from talentmatch.models.job import EDUCATION_ORDER, Importance
from talentmatch.models.match import (
    ComponentName,
    ComponentScore,
    Explanation,
    MatchResult,
    RequirementKind,
    RequirementResult,
    ReviewFlag,
    ReviewReason,
    Verdict,
)
from talentmatch.models.profile import CandidateProfile, ProfileSkill

__all__ = ["explain_row"]


def scale(arrays: ScoreArrays, row: int, name: ComponentName) -> float:
    """Points that component ``name`` gives candidate ``row`` per unit of its value.

    The score ``100 * fit * (1 - s + s * eligibility)`` splits into ``100 * fit * (1 - s)``,
    shared by the fit components by weight, and ``100 * fit * s * eligibility``, shared by
    the eligibility components by weight; so every point is attributed once and the points
    add up to the score.
    """
    k = COMPONENTS.index(name)
    weight = float(arrays.effective_weights[k])
    if name in FIT_COMPONENTS:
        return 100.0 * weight * (1.0 - arrays.eligibility_share)
    return 100.0 * float(arrays.fit[row]) * arrays.eligibility_share * weight


def _verdict(credit: float, settings: MatchSettings) -> Verdict:
    if credit >= settings.met_threshold:
        return Verdict.MET
    if credit > 0.0:
        return Verdict.PARTIAL
    return Verdict.MISSING


def _month_text(month_index: int) -> str:
    return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}"


def _skill_results(
    arrays: ScoreArrays, row: int, profile: CandidateProfile
) -> list[RequirementResult]:
    job = arrays.job
    by_id: dict[str, ProfileSkill] = {s.concept_id: s for s in profile.skills}
    results = []
    for importance, name in (
        (Importance.REQUIRED, ComponentName.REQUIRED_SKILLS),
        (Importance.PREFERRED, ComponentName.PREFERRED_SKILLS),
    ):
        columns = [r for r, s in enumerate(job.skills) if s.importance is importance]
        if not columns:
            continue
        share = scale(arrays, row, name) / 100.0
        total_weight = sum(job.skills[r].weight for r in columns)
        for r in columns:
            requirement = job.skills[r]
            credit = float(arrays.skill_credit[r, row])
            max_points = 100.0 * share * requirement.weight / total_weight
            best = int(arrays.skill_best[r, row])
            matched: ProfileSkill | None = None
            relation: str | None = None
            reason = "not found in the resume"
            if best >= 0:
                expansion = arrays.expansions[r]
                matched = by_id.get(expansion.concept_ids[best])
                relation = expansion.relations[best]
            if matched is not None and relation is not None:
                reason = _skill_reason(
                    requirement.min_years,
                    matched,
                    relation,
                    profile,
                    requirement.label,
                    arrays.settings,
                )
            results.append(
                RequirementResult(
                    kind=RequirementKind.SKILL,
                    label=requirement.label,
                    concept_id=requirement.concept_id,
                    importance=importance,
                    must_have=requirement.must_have,
                    verdict=_verdict(credit, arrays.settings),
                    credit=round(credit, 6),
                    points=round(credit * max_points, 4),
                    max_points=round(max_points, 4),
                    reason=reason,
                    matched_concept_id=matched.concept_id if matched else None,
                    matched_label=matched.label if matched else None,
                    relation=relation if matched else None,
                    evidence=matched.evidence if matched else (),
                )
            )
    return results


def _skill_reason(
    min_years: float | None,
    skill: ProfileSkill,
    relation: str,
    profile: CandidateProfile,
    label: str,
    settings: MatchSettings,
) -> str:
    parts = []
    if relation == "exact":
        parts.append("found" if " or " not in label else f"found {skill.label}")
    elif relation == "narrower":
        parts.append(f"via {skill.label} (more specific)")
    elif relation == "broader":
        parts.append(f"only the broader {skill.label}")
    else:
        parts.append(f"related skill {skill.label}")
    if skill.skills_section_only:
        parts.append("listed in skills only")
    if min_years is not None:
        if skill.months_used is None:
            parts.append(f"duration unknown vs {min_years:g} years asked")
        else:
            parts.append(f"{skill.months_used / 12:.1f} of {min_years:g} years")
    if skill.last_used_month is not None and profile.reference_month is not None:
        years_ago = (profile.reference_month - skill.last_used_month) / 12
        if years_ago > settings.recency_full_years:
            parts.append(f"last used {_month_text(skill.last_used_month)}")
    return "; ".join(parts)


def _other_results(
    arrays: ScoreArrays, row: int, profile: CandidateProfile
) -> list[RequirementResult]:
    job = arrays.job
    results = []

    def points(name: ComponentName, credit: float) -> tuple[float, float]:
        share = scale(arrays, row, name)
        return round(credit * share, 4), round(share, 4)

    if arrays.required_months is not None:
        credit = float(arrays.components[COMPONENTS.index(ComponentName.EXPERIENCE), row])
        got, most = points(ComponentName.EXPERIENCE, credit)
        years = arrays.required_months / 12
        results.append(
            RequirementResult(
                kind=RequirementKind.EXPERIENCE,
                label=f"{years:g} years of experience",
                verdict=_verdict(credit, arrays.settings),
                credit=round(credit, 6),
                points=got,
                max_points=most,
                reason=f"{profile.total_experience_years:.1f} years (overlaps merged)",
            )
        )
    if job.education is not None:
        credit = float(arrays.components[COMPONENTS.index(ComponentName.EDUCATION), row])
        got, most = points(ComponentName.EDUCATION, credit)
        have = profile.education_level.value if profile.education_level else "none found"
        reason = f"highest level: {have}"
        if (
            job.education.or_equivalent_experience
            and credit == EQUIVALENT_EXPERIENCE_CREDIT
            and (
                profile.education_level is None
                or EDUCATION_ORDER[profile.education_level] < EDUCATION_ORDER[job.education.level]
            )
        ):
            reason += "; equivalent experience counted"
        results.append(
            RequirementResult(
                kind=RequirementKind.EDUCATION,
                label=f"{job.education.level.value} degree",
                importance=job.education.importance,
                verdict=_verdict(credit, arrays.settings),
                credit=round(credit, 6),
                points=got,
                max_points=most,
                reason=reason,
            )
        )
    if job.languages:
        share = scale(arrays, row, ComponentName.LANGUAGES)
        weights = [language_weight(r) for r in job.languages]
        spoken = {lang.iso639_1: lang.level for lang in profile.languages}
        for k, requirement in enumerate(job.languages):
            credit = float(arrays.language_credit[k, row])
            level = spoken.get(requirement.iso639_1)
            if requirement.iso639_1 not in spoken:
                reason = "not listed"
            else:
                reason = f"level {level.value}" if level else "level not stated"
            label = requirement.name
            if requirement.min_level is not None:
                label += f" ({requirement.min_level.value}+)"
            results.append(
                RequirementResult(
                    kind=RequirementKind.LANGUAGE,
                    label=label,
                    importance=requirement.importance,
                    verdict=_verdict(credit, arrays.settings),
                    credit=round(credit, 6),
                    points=round(credit * share * weights[k] / sum(weights), 4),
                    max_points=round(share * weights[k] / sum(weights), 4),
                    reason=reason,
                )
            )
    title_k = COMPONENTS.index(ComponentName.TITLE)
    if arrays.applicable[title_k]:
        credit = float(arrays.components[title_k, row])
        got, most = points(ComponentName.TITLE, credit)
        recent = profile.titles[0] if profile.titles else "no titles found"
        results.append(
            RequirementResult(
                kind=RequirementKind.TITLE,
                label=job.title or job.normalized_title,
                importance=Importance.PREFERRED,
                verdict=_verdict(credit, arrays.settings),
                credit=round(min(1.0, credit), 6),
                points=got,
                max_points=most,
                reason=f"most recent title: {recent}",
            )
        )
    return results


def _review(
    arrays: ScoreArrays, row: int, profile: CandidateProfile, score: float
) -> tuple[ReviewFlag, ...]:
    settings = arrays.settings
    flags = []
    if abs(score - settings.decision_threshold) <= settings.borderline_band:
        flags.append(
            ReviewFlag(
                reason=ReviewReason.BORDERLINE_SCORE,
                detail=f"within {settings.borderline_band:g} of {settings.decision_threshold:g}",
            )
        )
    if profile.parse_quality < settings.min_parse_quality:
        flags.append(
            ReviewFlag(reason=ReviewReason.LOW_PARSE_QUALITY, detail=f"{profile.parse_quality:.2f}")
        )
    if len(profile.skills) < settings.min_skills:
        flags.append(ReviewFlag(reason=ReviewReason.FEW_SKILLS, detail=str(len(profile.skills))))
    if profile.degraded:
        flags.append(
            ReviewFlag(
                reason=ReviewReason.DEGRADED_EXTRACTION, detail=profile.degraded_reason or ""
            )
        )
    if profile.hidden_text:
        flags.append(ReviewFlag(reason=ReviewReason.HIDDEN_TEXT))
    if profile.injection_suspected:
        flags.append(ReviewFlag(reason=ReviewReason.SUSPECTED_INJECTION))
    if bool(arrays.knocked_out[row]):
        flags.append(ReviewFlag(reason=ReviewReason.KNOCKOUT))
    return tuple(flags)


def _confidence(profile: CandidateProfile) -> float:
    """Documented heuristic: parse quality, times 0.7 if degraded, times a skill-count term."""
    skills_term = 0.7 + 0.3 * min(1.0, len(profile.skills) / 5.0)
    degraded = 0.7 if profile.degraded else 1.0
    return round(max(0.0, min(1.0, profile.parse_quality * degraded * skills_term)), 4)


def explain_row(
    arrays: ScoreArrays,
    row: int,
    profile: CandidateProfile,
    *,
    index: int | None,
    taxonomy_ref: str,
) -> MatchResult:
    """Build the ``MatchResult`` of candidate ``row``.

    Args:
        arrays: the scores of one job over an index.
        row: the candidate's row in the index.
        profile: that candidate's profile (for evidence).
        index: the position to report in ``MatchResult.index`` (None for ``match``).
        taxonomy_ref: the taxonomy reference to record.

    Returns:
        The result, with verdicts, evidence, review flags and confidence.
    """
    components = tuple(
        ComponentScore(
            name=name,
            value=round(float(arrays.components[k, row]), 6) if arrays.applicable[k] else None,
            weight=arrays.weights.as_dict()[name.value],
            effective_weight=round(float(arrays.effective_weights[k]), 6),
            points=round(float(arrays.components[k, row]) * scale(arrays, row, name), 4),
        )
        for k, name in enumerate(COMPONENTS)
    )
    requirements = _skill_results(arrays, row, profile) + _other_results(arrays, row, profile)
    score = float(arrays.scores[row])
    knocked_by = tuple(
        r.label
        for r in requirements
        if r.kind is RequirementKind.SKILL and r.must_have and r.verdict is Verdict.MISSING
    )
    flags = _review(arrays, row, profile, score)
    return MatchResult(
        candidate_id=profile.candidate_id,
        job_id=arrays.job.id,
        index=index,
        score=score,
        explanation=Explanation(
            components=components,
            requirements=tuple(requirements),
            experience_years=round(profile.total_experience_years, 2),
            required_years=(
                None if arrays.required_months is None else arrays.required_months / 12
            ),
            knocked_out_by=knocked_by,
            uncapped_score=float(arrays.uncapped[row]),
        ),
        confidence=_confidence(profile),
        needs_review=bool(flags),
        review_flags=flags,
        taxonomy=taxonomy_ref or arrays.job.taxonomy,
        library_version=__version__,
        weights=arrays.weights.as_dict(),
    )
