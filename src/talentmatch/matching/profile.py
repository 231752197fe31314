"""Build a ``CandidateProfile`` from a parsed resume and its skill mentions.

This is the one place that decides what scoring may see. It copies skills, dated
experience, titles, education level and languages, and deliberately drops the name,
contact details, links, location, summary prose and graduation years.

Example:
    >>> from talentmatch.parsing import parse_resume
    >>> resume = parse_resume("EXPERIENCE\\nNurse, City Clinic  2019 - 2021")
    >>> build_profile(resume, []).total_experience_months
    24
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from talentmatch.config import MatchSettings
from talentmatch.models import FindingKind, Span
from talentmatch.models.job import EDUCATION_ORDER
from talentmatch.models.profile import (
    CandidateProfile,
    EvidenceQuote,
    ProfileLanguage,
    ProfileSkill,
)
from talentmatch.models.resume import EducationLevel, LanguageLevel, Position, Resume
from talentmatch.models.skills import SkillMention
from talentmatch.parsing.titles import normalize_title

__all__ = ["build_profile"]

_LEVEL_ORDER = {level: i for i, level in enumerate(LanguageLevel)}
_WORD = re.compile(r"\w+")
_JOINERS = frozenset({"and", "or", "und", "et", "y"})
_MAX_EVIDENCE = 3


def _month_of(iso: str | None) -> int | None:
    if not iso:
        return None
    parts = iso.split("-")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else 7
    return year * 12 + month - 1


def _contact_spans(resume: Resume) -> list[Span]:
    """Spans of personal data: a skill word there ("Ruby" as a first name) is no evidence."""
    contact = resume.contact
    spans = [value.span for value in contact.emails]
    spans += [phone.text.span for phone in contact.phones]
    spans += [link.text.span for link in contact.links]
    if contact.name is not None:
        spans.append(contact.name.span)
    if contact.location is not None:
        spans.append(contact.location.text.span)
    return spans


def _employer_spans(resume: Resume, mentions: Sequence[SkillMention]) -> list[Span]:
    """Spans of employer names: "Java Solutions Ltd" names an organisation, and working there
    is no evidence of the skill in its name; the work described under it is.

    Only a name that holds more than skills counts: when every word of the "employer" is a
    skill ("Python, Django" read as the line under a title), it is a skills line the parser
    took for an employer, and its skills stay. School names stay too: "School of Nursing"
    does tell what was studied.
    """
    text = resume.document.text
    found = [(o.span.start, o.span.end) for m in mentions for o in m.occurrences]
    spans = []
    for position in resume.positions:
        if position.employer is None:
            continue
        span = position.employer.span
        inside = [(a, b) for a, b in found if a >= span.start and b <= span.end]
        words = _WORD.finditer(text, span.start, span.end)
        if any(
            w.group().lower() not in _JOINERS
            and not any(a <= w.start() and w.end() <= b for a, b in inside)
            for w in words
        ):
            spans.append(span)
    return spans


def _outside(span: Span, excluded: list[Span]) -> bool:
    return all(span.end <= other.start or span.start >= other.end for other in excluded)


def _skill(
    mention: SkillMention, text: str, settings: MatchSettings, excluded: list[Span]
) -> ProfileSkill | None:
    claimed = [
        o
        for o in mention.occurrences
        if o.assertion.value == "claimed" and _outside(o.span, excluded)
    ]
    if not claimed:
        return None
    evidence = tuple(
        EvidenceQuote(
            quote=text[o.span.start : o.span.end] if text else o.surface,
            span=o.span,
            section=o.section_kind,
            position_index=o.position_index,
        )
        for o in claimed[:_MAX_EVIDENCE]
    )
    dated = mention.months_used is not None and mention.months_used > 0
    strength = (
        1.0 if dated or not mention.skills_section_only else (settings.skills_section_only_strength)
    )
    return ProfileSkill(
        concept_id=mention.concept_id,
        label=mention.label,
        strength=round(strength * mention.confidence, 6),
        months_used=mention.months_used,
        last_used_month=_month_of(mention.last_used),
        skills_section_only=mention.skills_section_only,
        source=mention.source,
        evidence=evidence,
    )


def _recency_key(position: Position) -> tuple[bool, tuple[int, int, int]]:
    latest = position.end or position.start
    return position.current, latest.sort_key() if latest is not None else (0, 0, 0)


def build_profile(
    resume: Resume,
    mentions: Sequence[SkillMention],
    *,
    settings: MatchSettings | None = None,
    degraded_reason: str | None = None,
    injection_suspected: bool = False,
    as_of: date | None = None,
) -> CandidateProfile:
    """Return the job-relevant profile of ``resume`` given its skill mentions.

    Args:
        resume: a parsed resume.
        mentions: skills found in it (negated and aspirational ones are ignored).
        settings: scoring knobs (strength of skills only listed).
        degraded_reason: set when skill extraction fell back (marks the profile degraded).
        injection_suspected: set when the document screened positive for injection.
        as_of: the date open positions run to and recency is measured to; the resume's own
            ``experience_as_of`` when None. ``match`` passes today's date unless told.

    Returns:
        A ``CandidateProfile`` with no personal data.

    Example:
        >>> from talentmatch.parsing import parse_resume
        >>> build_profile(parse_resume("SKILLS\\nPython"), []).skills
        ()
    """
    settings = settings or MatchSettings()
    text = resume.document.text
    excluded = _contact_spans(resume) + _employer_spans(resume, mentions)
    found = (_skill(m, text, settings, excluded) for m in mentions if m.claimed)
    skills = tuple(sorted((s for s in found if s is not None), key=lambda s: s.concept_id))
    dated = sorted(
        (p for p in resume.positions if p.title is not None),
        key=_recency_key,
        reverse=True,
    )
    titles = tuple(
        dict.fromkeys(normalize_title(p.title.text) for p in dated if p.title is not None)
    )
    titles = tuple(t for t in titles if t)
    levels = [e.level for e in resume.education if e.level is not None]
    education_level: EducationLevel | None = (
        max(levels, key=lambda lv: EDUCATION_ORDER[lv]) if levels else None
    )
    languages: dict[str, LanguageLevel | None] = {}
    for language in resume.languages:
        if language.iso639_1 is None:
            continue
        known = languages.get(language.iso639_1)
        level = language.level
        if known is None or (level is not None and _LEVEL_ORDER[level] > _LEVEL_ORDER[known]):
            languages[language.iso639_1] = level
    if resume.language and resume.language not in languages:
        # A resume written in a language shows working command of it, level unstated.
        languages[resume.language] = None
    if as_of is not None:
        reference: int | None = as_of.year * 12 + as_of.month - 1
        total_months = resume.experience_months(as_of)
    else:
        reference = resume.experience_as_of.month_index() if resume.experience_as_of else None
        total_months = resume.total_experience_months
    hidden = bool(resume.document.hidden_text) or any(
        f.kind is FindingKind.UNICODE_TAG_CHARACTERS for f in resume.document.findings
    )
    return CandidateProfile(
        candidate_id=resume.id,
        skills=skills,
        total_experience_months=total_months,
        titles=titles,
        education_level=education_level,
        languages=tuple(
            ProfileLanguage(iso639_1=iso, level=level) for iso, level in sorted(languages.items())
        ),
        reference_month=reference,
        parse_quality=resume.parse_quality.score,
        degraded=degraded_reason is not None,
        degraded_reason=degraded_reason,
        hidden_text=hidden,
        injection_suspected=injection_suspected,
    )
