"""``MatchResult``: a score with every reason behind it.

The explanation is data first (``MatchResult.explanation``), then text (``summary()``), a
flat dict for a DataFrame row (``to_dict()``) and an HTML card in notebooks
(``_repr_html_``).

Example:
    >>> r = MatchResult(candidate_id="c1", job_id="j1", score=72.5, confidence=0.9)
    >>> r.summary()
    'Score 72.5/100.'
"""

from __future__ import annotations

import html
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from talentmatch.models.document import SCHEMA_VERSION
from talentmatch.models.job import Importance
from talentmatch.models.profile import EvidenceQuote

__all__ = [
    "ComponentName",
    "ComponentScore",
    "Explanation",
    "MatchResult",
    "RequirementKind",
    "RequirementResult",
    "ReviewFlag",
    "ReviewReason",
    "Verdict",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Verdict(StrEnum):
    """How well one requirement is met."""

    MET = "met"
    PARTIAL = "partial"
    MISSING = "missing"


class RequirementKind(StrEnum):
    """What a requirement is about."""

    SKILL = "skill"
    EXPERIENCE = "experience"
    EDUCATION = "education"
    LANGUAGE = "language"
    TITLE = "title"


class ComponentName(StrEnum):
    """The score's components; names match the fields of ``Weights``."""

    REQUIRED_SKILLS = "required_skills"
    PREFERRED_SKILLS = "preferred_skills"
    EXPERIENCE = "experience"
    TITLE = "title"
    EDUCATION = "education"
    LANGUAGES = "languages"


class ComponentScore(_Frozen):
    """One component: its value, its weight and the points it gave.

    ``value`` is None when the job asks nothing of that kind; the component then takes no
    part and the other weights share its place.
    """

    name: ComponentName
    value: float | None = Field(default=None, ge=0.0, le=1.0)
    weight: float = Field(ge=0.0, description="Configured weight.")
    effective_weight: float = Field(ge=0.0, le=1.0, description="Share of the 100 points.")
    points: float = Field(ge=0.0, le=100.0, description="Points contributed to the score.")


class RequirementResult(_Frozen):
    """The verdict on one requirement, with its evidence and its points.

    Example:
        >>> RequirementResult(kind=RequirementKind.SKILL, label="Python",
        ...                   verdict=Verdict.MET, credit=1.0).verdict.value
        'met'
    """

    kind: RequirementKind
    label: str = Field(description="What was asked, e.g. 'Kubernetes' or '5 years'.")
    concept_id: str | None = None
    importance: Importance = Importance.REQUIRED
    must_have: bool = False
    verdict: Verdict
    credit: float = Field(ge=0.0, le=1.0, description="0-1 credit earned.")
    points: float = Field(default=0.0, ge=0.0, le=100.0, description="Points in the score.")
    max_points: float = Field(default=0.0, ge=0.0, le=100.0, description="Points if fully met.")
    reason: str = Field(default="", description="Why this verdict, in a short phrase.")
    matched_concept_id: str | None = Field(
        default=None, description="The candidate's concept that earned the credit."
    )
    matched_label: str | None = None
    relation: str | None = Field(default=None, description="exact, narrower, broader or related.")
    evidence: tuple[EvidenceQuote, ...] = ()


class ReviewReason(StrEnum):
    """Why a result should be looked at by a person."""

    BORDERLINE_SCORE = "borderline_score"
    LOW_PARSE_QUALITY = "low_parse_quality"
    FEW_SKILLS = "few_skills"
    DEGRADED_EXTRACTION = "degraded_extraction"
    HIDDEN_TEXT = "hidden_text"
    SUSPECTED_INJECTION = "suspected_injection"
    KNOCKOUT = "knockout"


class ReviewFlag(_Frozen):
    """One reason for human review, with machine-made detail (never personal data)."""

    reason: ReviewReason
    detail: str = ""


class Explanation(_Frozen):
    """Everything behind a score, as data."""

    components: tuple[ComponentScore, ...] = ()
    requirements: tuple[RequirementResult, ...] = ()
    experience_years: float = Field(default=0.0, ge=0.0)
    required_years: float | None = None
    knocked_out_by: tuple[str, ...] = Field(
        default=(), description="Labels of missing must-haves that capped the score."
    )
    uncapped_score: float = Field(default=0.0, ge=0.0, le=100.0)


class MatchResult(_Frozen):
    """A candidate's score for a job (0-100), with components, verdicts and review flags.

    Example:
        >>> MatchResult(candidate_id="c", job_id="j", score=50.0, confidence=1.0).index is None
        True
    """

    schema_version: str = Field(default=SCHEMA_VERSION, description="JSON shape version.")
    candidate_id: str
    job_id: str
    index: int | None = Field(
        default=None, ge=0, description="The candidate's position in the input to rank()."
    )
    score: float = Field(ge=0.0, le=100.0)
    explanation: Explanation = Field(default_factory=Explanation)
    confidence: float = Field(ge=0.0, le=1.0, description="How far to trust the score.")
    needs_review: bool = False
    review_flags: tuple[ReviewFlag, ...] = ()
    taxonomy: str = ""
    library_version: str = ""
    weights: dict[str, float] = Field(default_factory=dict)

    def requirements_of(self, kind: RequirementKind) -> tuple[RequirementResult, ...]:
        """Requirement results of one kind, in the posting's order.

        Example:
            >>> MatchResult(candidate_id="c", job_id="j", score=0, confidence=1
            ...             ).requirements_of(RequirementKind.SKILL)
            ()
        """
        return tuple(r for r in self.explanation.requirements if r.kind is kind)

    def summary(self) -> str:
        """Short recruiter-facing text.

        Example:
            >>> MatchResult(candidate_id="c", job_id="j", score=40, confidence=1).summary()
            'Score 40.0/100.'
        """
        parts = [f"Score {self.score:.1f}/100."]
        required = [
            r
            for r in self.requirements_of(RequirementKind.SKILL)
            if r.importance is Importance.REQUIRED
        ]
        if required:
            met = sum(1 for r in required if r.verdict is Verdict.MET)
            partial = [r.label for r in required if r.verdict is Verdict.PARTIAL]
            missing = [r.label for r in required if r.verdict is Verdict.MISSING]
            text = f"Meets {met} of {len(required)} required skills"
            if partial:
                text += "; partly " + ", ".join(partial)
            if missing:
                text += "; missing " + ", ".join(missing)
            parts.append(text + ".")
        preferred = [
            r
            for r in self.requirements_of(RequirementKind.SKILL)
            if r.importance is Importance.PREFERRED
        ]
        if preferred:
            met = sum(1 for r in preferred if r.verdict is not Verdict.MISSING)
            parts.append(f"Has {met} of {len(preferred)} preferred skills.")
        exp = self.explanation
        if exp.required_years is not None:
            parts.append(
                f"{exp.experience_years:.1f} years of experience vs {exp.required_years:g} "
                "required."
            )
        elif exp.experience_years:
            parts.append(f"{exp.experience_years:.1f} years of experience.")
        for kind in (RequirementKind.EDUCATION, RequirementKind.LANGUAGE):
            for r in self.requirements_of(kind):
                if r.verdict is not Verdict.MET:
                    parts.append(f"{r.label}: {r.verdict.value} ({r.reason}).")
        if exp.knocked_out_by:
            parts.append("Capped: missing must-have " + ", ".join(exp.knocked_out_by) + ".")
        if self.needs_review:
            reasons = ", ".join(f.reason.value.replace("_", " ") for f in self.review_flags)
            parts.append(f"Needs review: {reasons}.")
        return " ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """A flat dict for one DataFrame row: ids, score, components, counts, flags.

        Example:
            >>> MatchResult(candidate_id="c", job_id="j", score=10, confidence=1
            ...             ).to_dict()["score"]
            10.0
        """
        row: dict[str, Any] = {
            "candidate_id": self.candidate_id,
            "job_id": self.job_id,
            "index": self.index,
            "score": self.score,
            "confidence": self.confidence,
            "needs_review": self.needs_review,
            "review_reasons": ";".join(f.reason.value for f in self.review_flags),
        }
        for component in self.explanation.components:
            row[f"component_{component.name.value}"] = component.value
        skills = self.requirements_of(RequirementKind.SKILL)
        for verdict in Verdict:
            row[f"skills_{verdict.value}"] = sum(1 for r in skills if r.verdict is verdict)
        row["missing_skills"] = ";".join(r.label for r in skills if r.verdict is Verdict.MISSING)
        row["experience_years"] = self.explanation.experience_years
        row["knocked_out"] = bool(self.explanation.knocked_out_by)
        return row

    def _repr_html_(self) -> str:
        return render_html(self)


_VERDICT_COLOURS = {Verdict.MET: "#1a7f37", Verdict.PARTIAL: "#9a6700", Verdict.MISSING: "#cf222e"}


def render_html(result: MatchResult) -> str:
    """A compact HTML card: score, component bars, requirement table with evidence.

    Every value is escaped; evidence quotes are short resume extracts.

    Example:
        >>> "<table" in render_html(MatchResult(candidate_id="c", job_id="j", score=1,
        ...                                     confidence=1))
        True
    """
    esc = html.escape
    rows = []
    for component in result.explanation.components:
        if component.value is None:
            continue
        width = round(component.value * 100)
        rows.append(
            f"<tr><td>{esc(component.name.value.replace('_', ' '))}</td>"
            f'<td><div style="background:#ddd;width:120px;height:8px">'
            f'<div style="background:#0969da;width:{width}%;height:8px"></div></div></td>'
            f"<td>{component.value:.2f}</td><td>{component.points:.1f} pts</td></tr>"
        )
    reqs = []
    for req in result.explanation.requirements:
        colour = _VERDICT_COLOURS[req.verdict]
        quote = "; ".join(esc(e.quote) for e in req.evidence[:2])
        reqs.append(
            f"<tr><td>{esc(req.label)}</td><td>{esc(req.importance.value)}</td>"
            f'<td style="color:{colour}">{esc(req.verdict.value)}</td>'
            f"<td>{req.points:.1f}</td><td>{esc(req.reason)}</td><td>{quote}</td></tr>"
        )
    flags = ""
    if result.needs_review:
        flags = (
            '<p style="color:#9a6700">Needs review: '
            + esc(", ".join(f.reason.value for f in result.review_flags))
            + "</p>"
        )
    return (
        '<div style="font-family:sans-serif;font-size:13px">'
        f"<h4>Score {result.score:.1f}/100 "
        f'<small style="color:#666">confidence {result.confidence:.2f}</small></h4>'
        f"{flags}<p>{esc(result.summary())}</p>"
        f"<table>{''.join(rows)}</table>"
        "<table><tr><th>requirement</th><th>importance</th><th>verdict</th><th>points</th>"
        f"<th>reason</th><th>evidence</th></tr>{''.join(reqs)}</table></div>"
    )
