"""Job-posting parsing: title, required vs preferred skills, years, education, languages.

How importance is decided, strongest rule first:

1. A cue on the same line: "must have", "required", "minimum", "you have", "essential"
   make it required; "nice to have", "preferred", "bonus", "a plus", "ideally",
   "desirable" make it preferred.
2. The section it sits in: "Requirements", "Qualifications", "What you'll bring", "Your
   profile" ... are required; "Nice to have", "Preferred qualifications", "Bonus points" ...
   are preferred; "Responsibilities" / "What you'll do" is not a requirement list: skills
   there count as preferred with half weight; "About us", "Benefits" are ignored.
3. A posting with no headings at all: every skill is required.

A skill found in several places takes its strongest importance. Only a predicate ("must
have X", "X is required", "X is mandatory") on a concrete skill, tool or licence makes a
knock-out (``must_have``). "Tableau or Power BI" is one requirement with ``alternatives``.

Example:
    >>> job = parse_job("Data Analyst\\nRequirements:\\n- 3+ years of SQL\\nNice to have: Power BI")
    >>> [(s.label, s.importance.value, s.min_years) for s in job.skills]
    [('SQL', 'required', 3.0), ('Power BI', 'preferred', None)]
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from talentmatch.documents import load_document
from talentmatch.errors import InputError, TaxonomyError
from talentmatch.extraction import TaxonomyExtractor
from talentmatch.models import Document, Span
from talentmatch.models.job import (
    EducationRequirement,
    Importance,
    JobPosting,
    LanguageRequirement,
    RemotePolicy,
    Seniority,
    SkillRequirement,
)
from talentmatch.models.resume import EducationLevel, LanguageLevel
from talentmatch.models.skills import ConceptType, SkillMention
from talentmatch.parsing.titles import normalize_title
from talentmatch.taxonomy import Taxonomy

__all__ = ["job_from_requirements", "parse_job"]

_REQUIRED_HEADINGS = re.compile(
    r"^(?:(?:minimum|basic|required|essential|key|core)\s+)?(?:requirements?|qualifications?"
    r"|skills(?:\s+(?:and|&)\s+(?:experience|qualifications))?|experience)"
    r"|what\s+you(?:'|’)?(?:ll)?\s+(?:bring|need|have)|who\s+you\s+are|you\s+have|you\s+are"
    r"|your\s+(?:profile|skills|background|experience)|must[\s-]haves?"
    r"|what\s+we(?:'|’)?re\s+looking\s+for|what\s+we\s+(?:expect|need|look\s+for)"
    r"|about\s+you|the\s+ideal\s+candidate|ideal\s+candidate|profile"
    r"|profil(?:\s+recherch[ée])?|comp[ée]tences(?:\s+requises)?|exigences|pr[ée]requis"
    r"|requisitos|perfil|ihr\s+profil|anforderungen|qualifikationen|voraussetzungen"
    r"|o\s+que\s+(?:procuramos|esperamos)|requisitos\s+obrigat[óo]rios",
    re.I,
)
_PREFERRED_HEADINGS = re.compile(
    r"^(?:nice[\s-]to[\s-]haves?|preferred(?:\s+(?:qualifications|skills|experience))?"
    r"|bonus(?:\s+points)?|(?:it(?:'|’)s\s+)?a\s+plus|pluses|desirable|desired(?:\s+skills)?"
    r"|good\s+to\s+have|extra\s+credit|ideally|additional\s+(?:qualifications|skills)"
    r"|atouts|souhait[ée]|un\s+plus|deseable|se\s+valorar[áa]|w[üu]nschenswert"
    r"|von\s+vorteil|diferenciais|desej[áa]vel)",
    re.I,
)
_DUTY_HEADINGS = re.compile(
    r"^(?:(?:key|main|your|the)\s+)?(?:responsibilities|duties|tasks|role)"
    r"|what\s+you(?:'|’)?(?:ll)?\s+do|the\s+role|about\s+the\s+(?:role|job|position)"
    r"|day[\s-]to[\s-]day|in\s+this\s+role|job\s+description|missions?|vos\s+missions"
    r"|responsabilidades|funciones|ihre\s+aufgaben|aufgaben|atividades",
    re.I,
)
_IGNORED_HEADINGS = re.compile(
    r"^(?:about\s+(?:us|the\s+company|the\s+team)|who\s+we\s+are|benefits|perks"
    r"|what\s+we\s+offer|compensation|salary|why\s+(?:join|work)|equal\s+opportunity"
    r"|how\s+to\s+apply|our\s+(?:company|mission|values)|nous\s+offrons|avantages"
    r"|ofrecemos|beneficios|wir\s+bieten|benef[íi]cios|[üu]ber\s+uns|qui\s+sommes)",
    re.I,
)

_REQUIRED_CUE = re.compile(
    r"\b(?:must|required|requires?|minimum|mandatory|essential|you\s+have|you\s+bring"
    r"|proven|strong|solid|expert|obligatoire|requis|imprescindible|obligatorio"
    r"|erforderlich|zwingend|obrigat[óo]rio)\b",
    re.I,
)
_PREFERRED_CUE = re.compile(
    r"\b(?:nice[\s-]to[\s-]have|preferred|preferably|bonus|a\s+plus|is\s+a\s+plus|plus\b"
    r"|ideally|desirable|desired|good\s+to\s+have|advantage|advantageous|beneficial"
    r"|familiarity|exposure\s+to|un\s+plus|souhait|apprécié|deseable|valorable"
    r"|w[üu]nschenswert|von\s+vorteil|diferencial|desej[áa]vel)",
    re.I,
)
# Knock-outs need an explicit predicate: "must have X", "X is required", "X is mandatory".
# A bare adjective ("mandatory reporter training") is not one.
_MUST_HAVE_CUE = re.compile(
    r"\b(?:must[\s-]haves?|must\s+(?:hold|have|possess)|(?:is|are)\s+(?:required|mandatory|"
    r"essential|a\s+must)|non[\s-]negotiable|required:)",
    re.I,
)
# Only concrete, checkable requirements can knock a candidate out.
_KNOCKOUT_TYPES = frozenset({ConceptType.CERTIFICATION, ConceptType.TOOL, ConceptType.HARD_SKILL})

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
}
_YEARS = re.compile(
    r"(?P<n>\d{1,2}(?:[.,]\d)?|" + "|".join(_NUMBER_WORDS) + r")\s*(?:\+|plus)?\s*"
    r"(?:(?:-|–|to)\s*\d{1,2}\s*)?(?:\(\d{1,2}\)\s*)?"
    r"(?:years?|yrs?|ans|años|anos|jahre)\b",
    re.I,
)
_EXPERIENCE_WORD = re.compile(
    r"\b(?:experience|exp\.|work|working|professional|industry|expérience|experiencia"
    r"|berufserfahrung|erfahrung|experiência)\b",
    re.I,
)

_EDUCATION_PATTERNS: tuple[tuple[re.Pattern[str], EducationLevel], ...] = (
    (
        re.compile(r"\b(?:ph\.?\s?d|doctora(?:te|l)|doctorat|doctorado|promotion)\b", re.I),
        EducationLevel.DOCTORATE,
    ),
    (
        re.compile(r"\b(?:master(?:'|’)?s?|m\.?sc?\.?|m\.?s\.?|mba|m\.?eng|ma)\b(?!\s+card)", re.I),
        EducationLevel.MASTER,
    ),
    (
        re.compile(
            r"\b(?:bachelor(?:'|’)?s?|b\.?sc?\.?|b\.?s\.?|b\.?a\.?|b\.?eng|undergraduate|"
            r"licence|licenciatura|bacharelado|(?:university|college|4[\s-]year)\s+degree)\b",
            re.I,
        ),
        EducationLevel.BACHELOR,
    ),
    (re.compile(r"\bassociate(?:'|’)?s?\s+degree\b", re.I), EducationLevel.ASSOCIATE),
    (
        re.compile(r"\b(?:vocational|apprenticeship|trade\s+school|technical\s+diploma)\b", re.I),
        EducationLevel.VOCATIONAL,
    ),
    (
        re.compile(
            r"\b(?:high\s+school|ged|secondary\s+school|a[\s-]levels?|abitur|"
            r"baccalaur[ée]at)\b",
            re.I,
        ),
        EducationLevel.SECONDARY,
    ),
)
_DEGREE_WORD = re.compile(r"\b(?:degree|diploma|dipl[ôo]me|t[íi]tulo|abschluss|studium)\b", re.I)
_EQUIVALENT = re.compile(
    r"\bor\s+(?:an?\s+)?equivalent\b|\bequivalent\s+(?:practical\s+)?"
    r"(?:work\s+)?experience\b",
    re.I,
)
_FIELD = re.compile(
    r"\bin\s+(?P<field>[A-Z][\w&/ ,.-]{2,80}?)(?=\s+or\s+(?:a\s+)?(?:related|equivalent|similar)"
    r"|[.;\n(]|$)"
)

_LEVEL_WORDS: tuple[tuple[re.Pattern[str], LanguageLevel], ...] = (
    (
        re.compile(r"\b(?:native|mother\s+tongue|langue\s+maternelle|nativo|muttersprach)", re.I),
        LanguageLevel.NATIVE,
    ),
    (re.compile(r"\bC2\b|\b(?:bilingual|bilingue|zweisprachig)\b", re.I), LanguageLevel.C2),
    (
        re.compile(
            r"\bC1\b|\b(?:fluent|fluency|excellent|business|professional|proficient|"
            r"courant|fluide|fluido|flie[sß]end|verhandlungssicher)\b",
            re.I,
        ),
        LanguageLevel.C1,
    ),
    (
        re.compile(r"\bB2\b|\b(?:good|working|upper[\s-]intermediate|bon|buen|gut)\b", re.I),
        LanguageLevel.B2,
    ),
    (
        re.compile(r"\bB1\b|\b(?:intermediate|conversational|interm[ée]dia(?:ire|rio))\b", re.I),
        LanguageLevel.B1,
    ),
    (
        re.compile(r"\bA2\b|\b(?:basic|elementary|notions|b[áa]sico|grundkenntnisse)\b", re.I),
        LanguageLevel.A2,
    ),
)

_SENIORITY: tuple[tuple[re.Pattern[str], Seniority], ...] = (
    (
        re.compile(
            r"\b(?:intern|internship|trainee|stagiaire|praktikant|estagi[áa]rio|"
            r"becario)\b",
            re.I,
        ),
        Seniority.INTERN,
    ),
    (re.compile(r"\b(?:chief|cto|ceo|cfo|coo|vp|vice\s+president)\b", re.I), Seniority.EXECUTIVE),
    (re.compile(r"\bdirector\b", re.I), Seniority.DIRECTOR),
    (re.compile(r"\b(?:lead|staff|principal|architect)\b", re.I), Seniority.LEAD),
    (re.compile(r"\b(?:senior|sr\.?|snr)\b", re.I), Seniority.SENIOR),
    (re.compile(r"\b(?:manager|head\s+of)\b", re.I), Seniority.MANAGER),
    (
        re.compile(r"\b(?:junior|jr\.?|entry[\s-]level|graduate|associate)\b", re.I),
        Seniority.JUNIOR,
    ),
)
_TITLE_LABEL = re.compile(
    r"^\s*(?:job\s+title|title|position|role|poste|puesto|stelle|cargo)\s*[:\-–]\s*(?P<t>.+)$",
    re.I,
)
_LOCATION_LABEL = re.compile(
    r"^\s*(?:location|lieu|ubicaci[óo]n|standort|local)\s*[:\-–]\s*"
    r"(?P<l>.+)$",
    re.I,
)
_REMOTE = re.compile(
    r"\b(?:fully\s+remote|remote|work\s+from\s+home|wfh|t[ée]l[ée]travail|"
    r"remoto|home[\s-]office)\b",
    re.I,
)
_HYBRID = re.compile(r"\b(?:hybrid|hybride|h[íi]brido)\b", re.I)
_ONSITE = re.compile(
    r"\b(?:on[\s-]?site|in[\s-]office|in\s+person|pr[ée]sentiel|presencial)\b", re.I
)
_NOT_REMOTE = re.compile(r"\b(?:not|no)\s+(?:a\s+)?remote\b", re.I)


class _Region:
    """Kinds of job-posting sections."""

    REQUIRED = "required"
    PREFERRED = "preferred"
    DUTIES = "duties"
    IGNORED = "ignored"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    text: str
    region: str


_BULLET = re.compile(r"^\s*(?:[-*•·▪◦–—]|\d{1,2}[.)])\s")
# A heading may carry a couple of extra words ("Requirements for this role").
_HEADING_TAIL = r"(?:\s+[\w'’&/().,-]+){0,3}"
_ABOUT_COMPANY = re.compile(
    r"about\s+(?!you\b|the\s+(?:role|job|position)\b)[\w&.'’ -]{1,40}", re.I
)


def _heading_kind(line: str) -> str | None:
    """The region a heading line opens, or None when the line is not a heading.

    A heading is a short line that is not a bullet, does not end a sentence, and consists of
    a known heading phrase with at most three more words.
    """
    if _BULLET.match(line):
        return None
    stripped = line.strip().strip("#*•:–— \t").strip()
    if not stripped or len(stripped) > 60 or len(stripped.split()) > 7:
        return None
    if stripped.endswith(".") and not stripped.endswith("etc."):
        return None
    for pattern, kind in (
        (_PREFERRED_HEADINGS, _Region.PREFERRED),
        (_IGNORED_HEADINGS, _Region.IGNORED),
        (_DUTY_HEADINGS, _Region.DUTIES),
        (_REQUIRED_HEADINGS, _Region.REQUIRED),
    ):
        if re.fullmatch(f"(?:{pattern.pattern}){_HEADING_TAIL}", stripped, re.I):
            return kind
    if _ABOUT_COMPANY.fullmatch(stripped):
        return _Region.IGNORED
    return None


def _lines(text: str) -> tuple[list[_Line], bool]:
    lines: list[_Line] = []
    region = _Region.NONE
    any_heading = False
    offset = 0
    for raw in text.split("\n"):
        start, end = offset, offset + len(raw)
        offset = end + 1
        head, sep, rest = raw.partition(":")
        kind = _heading_kind(raw)
        inline_kind = _heading_kind(head) if sep and rest.strip() else None
        if kind is not None and not (sep and rest.strip()):
            region = kind
            any_heading = True
            continue
        if inline_kind is not None:
            # "Nice to have: Tableau" sets the region for this line and the lines after it.
            region = inline_kind
            any_heading = True
        lines.append(_Line(start=start, end=end, text=raw, region=region))
    return lines, any_heading


def _line_at(lines: Sequence[_Line], offset: int) -> _Line | None:
    for line in lines:
        if line.start <= offset <= line.end:
            return line
    return None


_CLAUSE_END = re.compile(r"[;.!?]\s|[;!?]$|\.$")


def _clause(line: _Line, offset: int) -> str:
    """The clause of ``line`` around absolute ``offset``: cues apply within their clause."""
    local = offset - line.start
    start = 0
    for match in _CLAUSE_END.finditer(line.text):
        if match.end() <= local:
            start = match.end()
        elif match.start() >= local:
            return line.text[start : match.start() + 1]
    return line.text[start:]


def _importance(line: _Line, any_heading: bool, offset: int) -> tuple[str, float]:
    """Return (importance or 'ignored', weight) for a skill at ``offset`` on ``line``."""
    text = _clause(line, offset)
    if _PREFERRED_CUE.search(text):
        return Importance.PREFERRED.value, 1.0
    if _REQUIRED_CUE.search(text) and line.region != _Region.IGNORED:
        return Importance.REQUIRED.value, 1.0
    if line.region == _Region.REQUIRED:
        return Importance.REQUIRED.value, 1.0
    if line.region == _Region.PREFERRED:
        return Importance.PREFERRED.value, 1.0
    if line.region == _Region.DUTIES:
        return Importance.PREFERRED.value, 0.5
    if line.region == _Region.IGNORED:
        return "ignored", 0.0
    return (
        (Importance.REQUIRED.value, 1.0)
        if not any_heading
        else (
            Importance.PREFERRED.value,
            0.5,
        )
    )


def _years_value(match: re.Match[str]) -> float:
    raw = match.group("n").lower().replace(",", ".")
    return float(_NUMBER_WORDS[raw]) if raw in _NUMBER_WORDS else float(raw)


# Between "5+ years" and the skill: "of", "in", "with", "using" and a few words, no list comma.
_YEARS_THEN_SKILL = re.compile(
    r"\s*(?:(?:of|in|with|using|working|hands-on|professional|commercial|production|relevant|"
    r"experience|programming|development|developing|building)\b[\s-]*){1,5}$",
    re.I,
)
# Between the skill and its years: "Python (3+ years)", "Python: 3 years", "Python - 3 yrs".
_SKILL_THEN_YEARS = re.compile(r"\s*[(:\-–]\s*(?:at\s+least|min(?:imum)?\.?)?\s*$", re.I)


def _skill_years(line: _Line, mention_start: int, mention_end: int) -> float | None:
    """Years attached to one skill: '5+ years of Python', 'Python (3+ years)'.

    Years followed only by "of experience" on a line that lists skills are overall
    experience, not the skill's ("BLS, 5 years of experience").
    """
    start, end = mention_start - line.start, mention_end - line.start
    best: float | None = None
    for match in _YEARS.finditer(line.text):
        attached = False
        if match.end() <= start:
            attached = bool(_YEARS_THEN_SKILL.fullmatch(line.text[match.end() : start]))
        elif match.start() >= end:
            attached = bool(_SKILL_THEN_YEARS.fullmatch(line.text[end : match.start()]))
        if attached:
            value = _years_value(match)
            best = value if best is None else max(best, value)
    return best


def _title(lines: Sequence[_Line], text: str) -> tuple[str, Span | None]:
    for line in lines[:15]:
        labelled = _TITLE_LABEL.match(line.text)
        if labelled:
            title = labelled.group("t").strip()
            start = line.start + labelled.start("t")
            return title, Span(start=start, end=start + len(title))
    for line in lines[:5]:
        stripped = line.text.strip().strip("#*").strip()
        if not stripped or _heading_kind(stripped) is not None or len(stripped) > 90:
            continue
        # "Senior Engineer - Acme (Remote)" -> "Senior Engineer"
        title = re.split(r"\s+[-–—|@]\s+|\s+at\s+|\(", stripped, maxsplit=1)[0].strip()
        start = text.find(title, line.start)
        return title, Span(start=start, end=start + len(title)) if start >= 0 else None
    return "", None


def _overall_years(lines: Sequence[_Line]) -> tuple[float | None, str | None]:
    candidates: list[tuple[int, float, str]] = []
    for line in lines:
        if line.region == _Region.IGNORED:
            continue
        for match in _YEARS.finditer(line.text):
            tail = line.text[match.end() : match.end() + 60]
            head = line.text[max(0, match.start() - 40) : match.start()]
            if _EXPERIENCE_WORD.search(tail) or _EXPERIENCE_WORD.search(head):
                rank = 0 if line.region == _Region.REQUIRED else 1
                candidates.append((rank, _years_value(match), line.text.strip()))
    if not candidates:
        return None, None
    candidates.sort(key=lambda c: c[0])
    rank, years, quote = candidates[0]
    return years, quote[:200]


def _education(lines: Sequence[_Line]) -> EducationRequirement | None:
    found: list[tuple[int, EducationLevel, _Line]] = []
    for line in lines:
        if line.region == _Region.IGNORED:
            continue
        text = line.text
        has_degree_word = _DEGREE_WORD.search(text) is not None
        for pattern, level in _EDUCATION_PATTERNS:
            if pattern.search(text) and (
                has_degree_word
                or level in (EducationLevel.DOCTORATE, EducationLevel.SECONDARY)
                or re.search(r"bachelor|master|licenc|bachar|associate", text, re.I)
            ):
                preferred = line.region == _Region.PREFERRED or bool(_PREFERRED_CUE.search(text))
                found.append((1 if preferred else 0, level, line))
                break
        else:
            if has_degree_word and re.search(r"\b(?:university|college|academic)\b", text, re.I):
                found.append((0, EducationLevel.BACHELOR, line))
    if not found:
        return None
    found.sort(key=lambda f: f[0])
    rank, level, line = found[0]
    field_match = _FIELD.search(line.text)
    fields = (
        tuple(p.strip() for p in re.split(r",|\bor\b|/", field_match.group("field")) if p.strip())
        if field_match
        else ()
    )
    return EducationRequirement(
        level=level,
        importance=Importance.PREFERRED if rank else Importance.REQUIRED,
        fields=fields,
        or_equivalent_experience=bool(_EQUIVALENT.search(line.text)),
        quote=line.text.strip()[:200],
        span=Span(start=line.start, end=line.end),
    )


def _language_level(text: str) -> LanguageLevel | None:
    for pattern, level in _LEVEL_WORDS:
        if pattern.search(text):
            return level
    return None


def _iso_of(concept_id: str) -> str | None:
    match = re.fullmatch(r"tm:lang_([a-z]{2})(?:_[a-z]+)?", concept_id)
    return match.group(1) if match else None


def _seniority(title: str, years: float | None) -> Seniority | None:
    for pattern, level in _SENIORITY:
        if pattern.search(title):
            return level
    if years is not None:
        return Seniority.SENIOR if years >= 5 else Seniority.MID if years >= 2 else Seniority.JUNIOR
    return None


def _remote(text: str) -> RemotePolicy | None:
    if _HYBRID.search(text):
        return RemotePolicy.HYBRID
    if _REMOTE.search(text) and not _NOT_REMOTE.search(text):
        return RemotePolicy.REMOTE
    if _ONSITE.search(text):
        return RemotePolicy.ONSITE
    return None


def _requirements(
    mentions: Iterable[SkillMention], lines: Sequence[_Line], any_heading: bool, text: str
) -> tuple[list[SkillRequirement], list[LanguageRequirement]]:
    skills: list[SkillRequirement] = []
    languages: dict[str, LanguageRequirement] = {}
    rank = {Importance.REQUIRED.value: 2, Importance.PREFERRED.value: 1, "ignored": 0}
    for mention in mentions:
        best: tuple[int, float, _Line, Span] | None = None
        for occ in mention.occurrences:
            line = _line_at(lines, occ.span.start)
            if line is None:
                continue
            importance, weight = _importance(line, any_heading, occ.span.start)
            key = (rank[importance], weight)
            if best is None or key > (best[0], best[1]):
                best = (rank[importance], weight, line, occ.span)
        if best is None or best[0] == 0:
            continue
        level_rank, weight, line, span = best
        importance = Importance.REQUIRED if level_rank == 2 else Importance.PREFERRED
        if mention.type is ConceptType.LANGUAGE:
            iso = _iso_of(mention.concept_id)
            if iso is not None and iso not in languages:
                languages[iso] = LanguageRequirement(
                    iso639_1=iso,
                    name=mention.label,
                    min_level=_language_level(_clause(line, span.start)),
                    importance=importance,
                    quote=line.text.strip()[:200],
                    span=span,
                )
            continue
        if mention.type is ConceptType.SOFT_SKILL:
            weight *= 0.5
        if mention.type is ConceptType.KNOWLEDGE and _DEGREE_WORD.search(line.text):
            # "Bachelor's degree in Computer Science": the field belongs to the education
            # requirement; scoring it again as a skill would count the degree twice.
            continue
        skills.append(
            SkillRequirement(
                concept_id=mention.concept_id,
                label=mention.label,
                importance=importance,
                min_years=_skill_years(line, span.start, span.end),
                must_have=mention.type in _KNOCKOUT_TYPES
                and bool(_MUST_HAVE_CUE.search(_clause(line, span.start))),
                weight=weight,
                quote=text[span.start : span.end],
                span=span,
            )
        )
    return _group_alternatives(skills, text), list(languages.values())


_ALTERNATIVE_GAP = re.compile(r"\s*(?:,|/|\bor\b|,\s*or\b|\band/or\b|\|)\s*", re.I)


def _group_alternatives(skills: list[SkillRequirement], text: str) -> list[SkillRequirement]:
    """Merge "Tableau or Power BI", "NetSuite, SAP or Oracle", "AWS/GCP" into one requirement.

    Skills whose quotes follow each other separated only by commas, slashes or "or" form a
    group when a separator in it, or right after it, is "or" or "/"; "X and Y" and plain
    lists "Python, Go, SQL" stay separate requirements.
    """
    ordered = sorted(
        (s for s in skills if s.span is not None),
        key=lambda s: s.span.start if s.span is not None else 0,
    )
    runs: list[list[SkillRequirement]] = []
    for skill in ordered:
        if runs:
            previous = runs[-1][-1]
            assert previous.span is not None
            assert skill.span is not None
            gap = text[previous.span.end : skill.span.start]
            if "\n" not in gap and _ALTERNATIVE_GAP.fullmatch(gap):
                runs[-1].append(skill)
                continue
        runs.append([skill])
    groups: list[list[SkillRequirement]] = []
    for run in runs:
        if len(run) > 1 and _is_alternative_run(run, text):
            groups.append(run)
        else:
            groups.extend([s] for s in run)
    order = {id(s): i for i, s in enumerate(skills)}
    merged = [
        (min(order[id(s)] for s in group), _merge(group, text) if len(group) > 1 else group[0])
        for group in groups
    ]
    merged.extend((order[id(s)], s) for s in skills if s.span is None)
    return [requirement for _, requirement in sorted(merged, key=lambda item: item[0])]


def _is_alternative_run(run: list[SkillRequirement], text: str) -> bool:
    spans = [s.span for s in run if s.span is not None]
    gaps = [text[a.end : b.start] for a, b in itertools.pairwise(spans)]
    after = text[spans[-1].end : spans[-1].end + 12]
    return any(re.search(r"\bor\b|/|\|", gap, re.I) for gap in gaps) or bool(
        re.match(r"\s*,?\s*or\b", after, re.I)
    )


def _merge(group: list[SkillRequirement], text: str) -> SkillRequirement:
    first, last = group[0], group[-1]
    assert first.span is not None
    assert last.span is not None
    importance = (
        Importance.REQUIRED
        if any(s.importance is Importance.REQUIRED for s in group)
        else Importance.PREFERRED
    )
    years = [s.min_years for s in group if s.min_years is not None]
    return SkillRequirement(
        concept_id=first.concept_id,
        label=" or ".join(s.label for s in group),
        alternatives=tuple(s.concept_id for s in group[1:]),
        importance=importance,
        min_years=max(years) if years else None,
        must_have=any(s.must_have for s in group),
        weight=max(s.weight for s in group),
        quote=text[first.span.start : last.span.end],
        span=Span(start=first.span.start, end=last.span.end, page=first.span.page),
    )


def _posting_id(text: str) -> str:
    return "job-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def parse_job(
    source: str | Document,
    *,
    taxonomy: Taxonomy | None = None,
    job_id: str | None = None,
) -> JobPosting:
    """Parse a job posting's text into a ``JobPosting``.

    Args:
        source: the posting's text, or a ``Document`` loaded from a file.
        taxonomy: the taxonomy skills are mapped to; ``Taxonomy.builtin()`` by default.
        job_id: a stable id; by default derived from the text's hash.

    Returns:
        The posting with title, normalised title, seniority, required and preferred skills
        (with per-skill years), minimum years overall, education, languages, location and
        remote policy; every requirement quotes the text it came from.

    Raises:
        InputError: ``source`` is neither text nor a ``Document``, or is empty.
        DocumentTooLargeError: the text exceeds the default character limit.

    Example:
        >>> job = parse_job("Senior Nurse\\nRequirements: BLS, 5 years of experience")
        >>> job.seniority.value, job.min_years_experience, [s.label for s in job.skills]
        ('senior', 5.0, ['BLS'])
    """
    if isinstance(source, Document):
        document = source
    elif isinstance(source, str):
        if not source.strip():
            raise InputError("The job posting is empty; pass the posting's text.")
        document = load_document(source)
    else:
        raise InputError(
            f"parse_job takes the posting's text (str) or a Document, not {type(source).__name__}."
        )
    tax = taxonomy if taxonomy is not None else Taxonomy.builtin()
    text = document.text
    lines, any_heading = _lines(text)
    mentions = TaxonomyExtractor(tax).extract(document)
    skills, languages = _requirements(mentions, lines, any_heading, text)
    years, years_quote = _overall_years(lines)
    title, _ = _title(lines, text)
    location = None
    for line in lines[:40]:
        labelled = _LOCATION_LABEL.match(line.text)
        if labelled:
            location = labelled.group("l").strip()[:120]
            break
    return JobPosting(
        id=job_id or _posting_id(text),
        title=title,
        normalized_title=normalize_title(title),
        seniority=_seniority(title, years),
        skills=tuple(skills),
        min_years_experience=years,
        experience_quote=years_quote,
        education=_education(lines),
        languages=tuple(languages),
        location=location,
        remote=_remote(text),
        text=text,
        taxonomy=tax.ref,
    )


def job_from_requirements(
    title: str,
    *,
    required: Sequence[str] = (),
    preferred: Sequence[str] = (),
    must_have: Sequence[str] = (),
    min_years: float | None = None,
    skill_years: dict[str, float] | None = None,
    education: EducationLevel | None = None,
    languages: Sequence[tuple[str, LanguageLevel | None]] = (),
    taxonomy: Taxonomy | None = None,
    job_id: str | None = None,
) -> JobPosting:
    """Build a ``JobPosting`` from structured requirements, as an ATS already holds them.

    Skills are given as concept ids ("tm:python") or as names resolved through the taxonomy
    ("Python", "k8s"). ``must_have`` names skills (also required) whose absence caps the score.

    Raises:
        TaxonomyError: a skill name is unknown or ambiguous in the taxonomy.
        InputError: an argument has the wrong type or value.

    Example:
        >>> job = job_from_requirements("Backend Engineer", required=["Python", "k8s"],
        ...                             preferred=["Terraform"], min_years=3)
        >>> [(s.concept_id, s.importance.value) for s in job.skills]
        [('tm:python', 'required'), ('tm:kubernetes', 'required'), ('tm:terraform', 'preferred')]
    """
    if not isinstance(title, str):
        raise InputError("title must be a str.")
    tax = taxonomy if taxonomy is not None else Taxonomy.builtin()
    years = dict(skill_years or {})

    def resolve(name: str) -> tuple[str, str]:
        if not isinstance(name, str) or not name.strip():
            raise InputError("Each skill must be a non-empty str (a name or a concept id).")
        concept = tax.get(name)
        if concept is not None:
            return concept.id, concept.label
        found = tax.lookup(name)
        if not found:
            raise TaxonomyError(
                f"No concept in taxonomy {tax.name!r} matches the skill {name!r}; use a concept "
                "id, or add the skill to the taxonomy (see docs/taxonomy.md)."
            )
        if len(found) > 1:
            ids = ", ".join(c.id for c in found[:5])
            raise TaxonomyError(f"The skill {name!r} is ambiguous ({ids}); pass a concept id.")
        return found[0].id, found[0].label

    skills: list[SkillRequirement] = []
    seen: set[str] = set()
    for importance, names in (
        (Importance.REQUIRED, list(must_have) + [n for n in required if n not in must_have]),
        (Importance.PREFERRED, list(preferred)),
    ):
        for name in names:
            concept_id, label = resolve(name)
            if concept_id in seen:
                continue
            seen.add(concept_id)
            skills.append(
                SkillRequirement(
                    concept_id=concept_id,
                    label=label,
                    importance=importance,
                    min_years=years.get(name, years.get(concept_id)),
                    must_have=name in must_have,
                )
            )
    language_reqs = []
    for name, level in languages:
        concept_id, label = resolve(name)
        iso = _iso_of(concept_id)
        if iso is None:
            raise InputError(f"{name!r} is not a spoken language in the taxonomy.")
        language_reqs.append(LanguageRequirement(iso639_1=iso, name=label, min_level=level))
    return JobPosting(
        id=job_id or _posting_id(title + "|" + "|".join(s.concept_id for s in skills)),
        title=title,
        normalized_title=normalize_title(title),
        seniority=_seniority(title, min_years),
        skills=tuple(skills),
        min_years_experience=min_years,
        education=None if education is None else EducationRequirement(level=education),
        languages=tuple(language_reqs),
        taxonomy=tax.ref,
    )
