"""Scoring core: partial credit, years, recency, knock-outs, weights, flags, explanations."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentmatch.config import MatchSettings, Weights
from talentmatch.matching.explain import explain_row
from talentmatch.matching.scoring import (
    COMPONENTS,
    ProfileIndex,
    expand_requirement,
    recency_factor,
    score_index,
)
from talentmatch.models import Span
from talentmatch.models.job import (
    EducationRequirement,
    Importance,
    JobPosting,
    LanguageRequirement,
    Seniority,
    SkillRequirement,
)
from talentmatch.models.match import ComponentName, RequirementKind, ReviewReason, Verdict
from talentmatch.models.profile import (
    CandidateProfile,
    EvidenceQuote,
    ProfileLanguage,
    ProfileSkill,
)
from talentmatch.models.resume import EducationLevel, LanguageLevel
from talentmatch.models.skills import ConceptType
from talentmatch.taxonomy import Concept, Taxonomy


def _concept(cid: str, label: str, broader: tuple[str, ...] = (), related: tuple[str, ...] = ()):
    return Concept(
        id=cid,
        label=label,
        type=ConceptType.TOOL,
        category="software",
        broader=broader,
        related=related,
    )


TAX = Taxonomy(
    [
        _concept("tm:programming", "Programming"),
        _concept("tm:javascript", "JavaScript", broader=("tm:programming",)),
        _concept("tm:react", "React", broader=("tm:javascript",)),
        _concept("tm:postgresql", "PostgreSQL", related=("tm:mysql",)),
        _concept("tm:mysql", "MySQL"),
        _concept("tm:python", "Python", broader=("tm:programming",)),
        _concept("tm:kubernetes", "Kubernetes"),
    ],
    name="test",
    version="1",
)
REF_MONTH = 2024 * 12 + 5  # June 2024


def _skill(
    cid: str,
    label: str,
    *,
    months: int | None = 36,
    last: int | None = REF_MONTH,
    strength: float = 1.0,
) -> ProfileSkill:
    return ProfileSkill(
        concept_id=cid,
        label=label,
        strength=strength,
        months_used=months,
        last_used_month=last,
        skills_section_only=months is None,
        evidence=(EvidenceQuote(quote=label, span=Span(start=0, end=len(label))),),
    )


def _profile(
    cid: str = "c", skills: tuple[ProfileSkill, ...] = (), **kw: object
) -> CandidateProfile:
    defaults: dict[str, object] = {
        "total_experience_months": 60,
        "titles": ("backend engineer",),
        "reference_month": REF_MONTH,
    }
    defaults.update(kw)
    return CandidateProfile(candidate_id=cid, skills=skills, **defaults)  # type: ignore[arg-type]


def _job(*skills: SkillRequirement, **kw: object) -> JobPosting:
    return JobPosting(id="j", title=str(kw.pop("title", "Backend Engineer")), skills=skills, **kw)  # type: ignore[arg-type]


def _result(profile: CandidateProfile, job: JobPosting, **kw: object):
    arrays = score_index(ProfileIndex.build([profile]), job, taxonomy=TAX, **kw)  # type: ignore[arg-type]
    return explain_row(arrays, 0, profile, index=None, taxonomy_ref=TAX.ref)


REQ_PG = SkillRequirement(concept_id="tm:postgresql", label="PostgreSQL")
REQ_JS = SkillRequirement(concept_id="tm:javascript", label="JavaScript")
REQ_REACT = SkillRequirement(concept_id="tm:react", label="React")


@pytest.mark.parametrize(
    ("requirement", "held", "credit", "verdict", "relation"),
    [
        (REQ_PG, ("tm:postgresql", "PostgreSQL"), 1.0, Verdict.MET, "exact"),
        (REQ_PG, ("tm:mysql", "MySQL"), 0.5, Verdict.PARTIAL, "related"),
        (REQ_JS, ("tm:react", "React"), 0.9, Verdict.MET, "narrower"),
        (REQ_REACT, ("tm:javascript", "JavaScript"), 0.4, Verdict.PARTIAL, "broader"),
        (REQ_PG, ("tm:kubernetes", "Kubernetes"), 0.0, Verdict.MISSING, None),
    ],
)
def test_partial_credit_through_taxonomy_links(
    requirement, held, credit, verdict, relation
) -> None:
    result = _result(_profile(skills=(_skill(*held),)), _job(requirement))
    req = result.requirements_of(RequirementKind.SKILL)[0]
    assert req.credit == pytest.approx(credit)
    assert req.verdict is verdict
    assert req.relation == relation
    if relation is not None:
        assert req.evidence
        assert req.evidence[0].quote == held[1]
        assert req.matched_concept_id == held[0]


def test_umbrella_parent_never_stands_in_two_levels_up() -> None:
    expansion = expand_requirement("tm:react", TAX, MatchSettings())
    assert "tm:javascript" in expansion.concept_ids
    assert "tm:programming" not in expansion.concept_ids


def test_per_skill_years_scale_credit_and_unknown_duration_is_partial() -> None:
    req = SkillRequirement(concept_id="tm:python", label="Python", min_years=4)
    two_years = _result(_profile(skills=(_skill("tm:python", "Python", months=24),)), _job(req))
    listed = _result(_profile(skills=(_skill("tm:python", "Python", months=None),)), _job(req))
    assert two_years.requirements_of(RequirementKind.SKILL)[0].credit == pytest.approx(0.5)
    assert "2.0 of 4 years" in two_years.requirements_of(RequirementKind.SKILL)[0].reason
    assert listed.requirements_of(RequirementKind.SKILL)[0].credit == pytest.approx(0.6)


def test_recency_curve_is_documented_shape() -> None:
    s = MatchSettings()
    assert recency_factor(0, s) == 1.0
    assert recency_factor(24, s) == 1.0
    assert recency_factor(24 + 48, s) == pytest.approx(0.5)
    assert recency_factor(24 + 96, s) == pytest.approx(0.3)  # floor beats 0.25
    assert recency_factor(1000, s) == s.recency_floor


def test_old_skill_counts_less_and_says_when() -> None:
    recent = _skill("tm:python", "Python", last=REF_MONTH)
    old = _skill("tm:python", "Python", last=REF_MONTH - 12 * 8)
    job = _job(SkillRequirement(concept_id="tm:python", label="Python"))
    r_recent, r_old = (
        _result(_profile(skills=(recent,)), job),
        _result(_profile(skills=(old,)), job),
    )
    assert r_old.score < r_recent.score
    assert "last used 2016-06" in r_old.requirements_of(RequirementKind.SKILL)[0].reason


def test_knockout_caps_score_and_flags_review() -> None:
    job = _job(
        SkillRequirement(concept_id="tm:kubernetes", label="Kubernetes", must_have=True),
        REQ_PG,
        min_years_experience=2,
    )
    result = _result(_profile(skills=(_skill("tm:postgresql", "PostgreSQL"),)), job)
    assert result.explanation.uncapped_score > MatchSettings().knockout_cap
    cap = MatchSettings().knockout_cap
    assert result.score == round(result.explanation.uncapped_score * cap / 100, 2)
    assert result.score <= cap
    assert result.explanation.knocked_out_by == ("Kubernetes",)
    assert ReviewReason.KNOCKOUT in {f.reason for f in result.review_flags}


def test_components_not_asked_are_excluded_and_weights_renormalised() -> None:
    job = _job(REQ_PG, title="")
    result = _result(_profile(skills=(_skill("tm:postgresql", "PostgreSQL"),)), job)
    assert result.score == 100.0
    values = {c.name: c.value for c in result.explanation.components}
    assert values[ComponentName.REQUIRED_SKILLS] == 1.0
    assert values[ComponentName.EDUCATION] is None
    assert sum(c.effective_weight for c in result.explanation.components) == pytest.approx(1.0)


def test_weights_override_per_call_and_per_job() -> None:
    profile = _profile(skills=(_skill("tm:postgresql", "PostgreSQL"),), titles=("nurse",))
    base = _job(REQ_PG)
    default = _result(profile, base)
    title_heavy = _result(profile, base, weights=Weights(title=5.0))
    per_job = _result(profile, base.model_copy(update={"weights": Weights(title=5.0)}))
    assert title_heavy.score < default.score
    assert per_job.score == title_heavy.score
    call_wins = _result(
        profile, base.model_copy(update={"weights": Weights(title=5.0)}), weights=Weights()
    )
    assert call_wins.score == default.score


def test_explanation_points_add_up_to_score() -> None:
    job = _job(
        REQ_PG,
        SkillRequirement(concept_id="tm:python", label="Python", importance=Importance.PREFERRED),
        min_years_experience=8,
        education=EducationRequirement(level=EducationLevel.MASTER),
        languages=(LanguageRequirement(iso639_1="de", name="German", min_level=LanguageLevel.B2),),
    )
    profile = _profile(
        skills=(_skill("tm:mysql", "MySQL"),),
        education_level=EducationLevel.BACHELOR,
        languages=(ProfileLanguage(iso639_1="de", level=LanguageLevel.B1),),
    )
    result = _result(profile, job)
    total = sum(c.points for c in result.explanation.components)
    assert total == pytest.approx(result.score, abs=0.01)
    assert sum(r.points for r in result.explanation.requirements) == pytest.approx(
        result.score, abs=0.01
    )
    kinds = [r.kind for r in result.explanation.requirements]
    assert kinds.count(RequirementKind.SKILL) == 2
    assert RequirementKind.EDUCATION in kinds
    assert RequirementKind.LANGUAGE in kinds
    language = result.requirements_of(RequirementKind.LANGUAGE)[0]
    assert language.verdict is Verdict.PARTIAL
    assert language.reason == "level B1"


def test_seniority_implies_years_when_none_stated() -> None:
    senior = _profile(total_experience_months=96)
    junior = _profile(total_experience_months=12)
    job = _job(REQ_PG, seniority=Seniority.SENIOR)
    assert _result(senior, job).score > _result(junior, job).score


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"parse_quality": 0.2}, ReviewReason.LOW_PARSE_QUALITY),
        ({"degraded": True, "degraded_reason": "llm_timeout"}, ReviewReason.DEGRADED_EXTRACTION),
        ({"hidden_text": True}, ReviewReason.HIDDEN_TEXT),
        ({"injection_suspected": True}, ReviewReason.SUSPECTED_INJECTION),
        ({}, ReviewReason.FEW_SKILLS),
    ],
)
def test_review_flags(change: dict[str, object], reason: ReviewReason) -> None:
    result = _result(
        _profile(skills=(_skill("tm:postgresql", "PostgreSQL"),), **change), _job(REQ_PG)
    )
    assert result.needs_review
    assert reason in {f.reason for f in result.review_flags}


def test_borderline_band_flags_scores_near_threshold() -> None:
    settings = MatchSettings(decision_threshold=100.0, borderline_band=1.0)
    result = _result(
        _profile(skills=(_skill("tm:postgresql", "PostgreSQL"),)),
        _job(REQ_PG, title=""),
        settings=settings,
    )
    assert ReviewReason.BORDERLINE_SCORE in {f.reason for f in result.review_flags}


def test_summary_dict_and_html() -> None:
    job = _job(REQ_PG, REQ_JS, min_years_experience=5)
    result = _result(_profile(skills=(_skill("tm:postgresql", "<b>PostgreSQL</b>"),)), job)
    summary = result.summary()
    assert "Meets 1 of 2 required skills; missing JavaScript." in summary
    assert "5.0 years of experience vs 5 required." in summary
    row = result.to_dict()
    assert row["skills_met"] == 1
    assert row["missing_skills"] == "JavaScript"
    assert all(not isinstance(v, dict | list | tuple) for v in row.values())
    html = result._repr_html_()
    assert "<b>PostgreSQL</b>" not in html
    assert "&lt;b&gt;PostgreSQL&lt;/b&gt;" in html


_CONCEPTS = [c.id for c in TAX]


@st.composite
def _profiles(draw: st.DrawFn, i: int) -> CandidateProfile:
    held = draw(st.lists(st.sampled_from(_CONCEPTS), unique=True, max_size=5))
    skills = tuple(
        _skill(
            cid,
            cid,
            months=draw(st.none() | st.integers(0, 200)),
            last=draw(st.none() | st.integers(REF_MONTH - 300, REF_MONTH)),
            strength=draw(st.floats(0.1, 1.0)),
        )
        for cid in sorted(held)
    )
    return _profile(
        f"c{i}",
        skills,
        total_experience_months=draw(st.integers(0, 400)),
        titles=tuple(
            draw(
                st.lists(
                    st.sampled_from(["backend engineer", "nurse", "senior data analyst"]),
                    max_size=3,
                )
            )
        ),
        education_level=draw(st.none() | st.sampled_from(list(EducationLevel))),
    )


@settings(max_examples=40)
@given(
    data=st.data(),
    required=st.lists(st.sampled_from(_CONCEPTS), unique=True, min_size=0, max_size=4),
    years=st.none() | st.floats(0, 15),
)
def test_rank_scores_equal_single_match_scores(
    data: st.DataObject, required: list[str], years: float | None
) -> None:
    profiles = [data.draw(_profiles(i)) for i in range(data.draw(st.integers(1, 6)))]
    job = _job(
        *(
            SkillRequirement(concept_id=c, label=c, must_have=(k == 0))
            for k, c in enumerate(required)
        ),
        min_years_experience=years,
    )
    together = score_index(ProfileIndex.build(profiles), job, taxonomy=TAX)
    for i, profile in enumerate(profiles):
        alone = score_index(ProfileIndex.build([profile]), job, taxonomy=TAX)
        assert alone.scores[0] == together.scores[i]
        assert (alone.components[:, 0] == together.components[:, i]).all()
        assert 0.0 <= together.scores[i] <= 100.0
        assert not math.isnan(together.scores[i])


def test_components_order_matches_weights_fields() -> None:
    assert [c.value for c in COMPONENTS] == list(Weights.model_fields)


@settings(max_examples=20)
@given(data=st.data())
def test_match_matrix_and_rank_equal_match(data: st.DataObject) -> None:
    from talentmatch.matching import match, match_matrix, rank

    profiles = [data.draw(_profiles(i)) for i in range(data.draw(st.integers(1, 5)))]
    jobs = [
        _job(
            *(
                SkillRequirement(concept_id=c, label=c)
                for c in data.draw(st.lists(st.sampled_from(_CONCEPTS), unique=True, max_size=3))
            ),
            min_years_experience=data.draw(st.none() | st.integers(0, 10)),
        ).model_copy(update={"id": f"j{k}"})
        for k in range(data.draw(st.integers(1, 3)))
    ]
    matrix = match_matrix(profiles, jobs, taxonomy=TAX)
    for column, job in enumerate(jobs):
        ranked = {r.index: r.score for r in rank(profiles, job, taxonomy=TAX)}
        for row, profile in enumerate(profiles):
            single = match(profile, job, taxonomy=TAX).score
            assert matrix[row, column] == single == ranked[row]
