"""The ``Resume`` contract: what ``parse_resume`` reads from a ``Document``, with evidence.

Every extracted value that comes from the document carries a ``Span`` into
``Document.text`` (a ``TextValue`` is a string with its span), so any field can be quoted and
highlighted in place. Normalised values (an ISO language code, a CEFR level, an education
level, an E.164 phone number, a ``PartialDate``) sit beside the text they were read from.

Dates are partial: ``PartialDate`` keeps the precision the resume stated (year, month or
day) and never invents more. A season ("Summer 2018") is a year-precision date with its
``season`` noted, because a season names no single month.

Durations use month arithmetic documented on ``PartialDate.month_index`` and
``Resume.experience_months``: an open position ("2020 - present") runs to an explicit
reference date, never to the wall clock.

Example:
    >>> d = PartialDate.of(2019)
    >>> d.iso(), d.precision.value
    ('2019', 'year')
    >>> PartialDate.of(2020, 3).iso()
    '2020-03'
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from talentmatch.errors import InputError
from talentmatch.models.document import SCHEMA_VERSION, Document, Span

__all__ = [
    "Certification",
    "Contact",
    "DatePrecision",
    "Education",
    "EducationLevel",
    "EntryIssue",
    "Language",
    "LanguageLevel",
    "Link",
    "LinkKind",
    "Location",
    "ParseQuality",
    "PartialDate",
    "Phone",
    "Position",
    "QualityReason",
    "QualityReasonCode",
    "Resume",
    "Season",
    "Section",
    "SectionKind",
    "TextValue",
    "merged_months",
]

JSON_RESUME_SCHEMA_URL = (
    "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.2.1/schema.json"
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TextValue(_Frozen):
    """A piece of the document's visible text and where it lies.

    Example:
        >>> TextValue(text="Acme Corp", span=Span(start=10, end=19)).text
        'Acme Corp'
    """

    text: str = Field(description="The characters as written (whitespace trimmed).")
    span: Span = Field(description="Where the text lies in Document.text.")


class DatePrecision(StrEnum):
    """How much of a date the resume stated.

    Example:
        >>> PartialDate.of(2019, 3).precision is DatePrecision.MONTH
        True
    """

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


class Season(StrEnum):
    """A season named instead of a month ("Summer 2018").

    Example:
        >>> Season("summer").value
        'summer'
    """

    SPRING = "spring"
    SUMMER = "summer"
    AUTUMN = "autumn"
    WINTER = "winter"


# The month that stands for a season in duration arithmetic (northern-hemisphere middle).
_SEASON_MONTH = {Season.SPRING: 4, Season.SUMMER: 7, Season.AUTUMN: 10, Season.WINTER: 1}


class PartialDate(_Frozen):
    """A date known to the year, the month or the day, exactly as precise as written.

    ``month`` and ``day`` are set only when stated. A season is kept in ``season`` with year
    precision: "Summer 2018" is ``year=2018, precision=year, season=summer``.

    Example:
        >>> PartialDate.of(2018, season=Season.SUMMER).iso()
        '2018'
        >>> PartialDate.of(2021, 6, 30).precision.value
        'day'
    """

    year: int = Field(ge=1900, le=2100, description="Four-digit year.")
    month: int | None = Field(default=None, ge=1, le=12, description="Month 1-12, if stated.")
    day: int | None = Field(default=None, ge=1, le=31, description="Day of month, if stated.")
    precision: DatePrecision = Field(description="The finest part that was stated.")
    season: Season | None = Field(
        default=None, description="Season named instead of a month (year precision only)."
    )

    @model_validator(mode="after")
    def _consistent(self) -> PartialDate:
        expected = (
            DatePrecision.DAY
            if self.day is not None
            else DatePrecision.MONTH
            if self.month is not None
            else DatePrecision.YEAR
        )
        if self.precision is not expected:
            raise ValueError(f"precision {self.precision.value} does not match the parts given")
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if (
            self.day is not None
            and self.month is not None
            and self.day > calendar.monthrange(self.year, self.month)[1]
        ):
            raise ValueError(f"{self.year}-{self.month:02d} has no day {self.day}")
        if self.season is not None and self.precision is not DatePrecision.YEAR:
            raise ValueError("a season goes with year precision only")
        return self

    @classmethod
    def of(
        cls,
        year: int,
        month: int | None = None,
        day: int | None = None,
        *,
        season: Season | None = None,
    ) -> PartialDate:
        """Build a date from its parts; the precision follows from what is given.

        Example:
            >>> PartialDate.of(2020, 1).precision.value
            'month'
        """
        precision = (
            DatePrecision.DAY
            if day is not None
            else DatePrecision.MONTH
            if month is not None
            else DatePrecision.YEAR
        )
        return cls(year=year, month=month, day=day, precision=precision, season=season)

    def iso(self) -> str:
        """Return ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` according to the precision.

        Example:
            >>> PartialDate.of(2019, 3, 5).iso()
            '2019-03-05'
        """
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def month_index(self) -> int:
        """Return ``year * 12 + month - 1`` for duration arithmetic.

        An unstated month is estimated, never stored: July (the middle of the year) for a
        year, the middle month of a named season. The estimate is unbiased: "2018 - 2020"
        counts 24 months.

        Example:
            >>> PartialDate.of(2020, 3).month_index() - PartialDate.of(2020).month_index()
            -4
        """
        if self.month is not None:
            month = self.month
        elif self.season is not None:
            month = _SEASON_MONTH[self.season]
        else:
            month = 7
        return self.year * 12 + month - 1

    def sort_key(self) -> tuple[int, int, int]:
        """Key that orders dates chronologically, unstated parts counting as earliest.

        Example:
            >>> PartialDate.of(2019).sort_key() < PartialDate.of(2019, 2).sort_key()
            True
        """
        return (self.year, self.month or 0, self.day or 0)


class EntryIssue(StrEnum):
    """Something doubtful about a dated entry, kept so a reviewer can see it.

    Example:
        >>> EntryIssue.END_BEFORE_START.value
        'end_before_start'
    """

    END_BEFORE_START = "end_before_start"
    """The end date precedes the start date; the entry is left out of durations."""
    NO_START_DATE = "no_start_date"
    """No start date was found; the entry is left out of durations."""
    FUTURE_START = "future_start"
    """The start lies after the reference date used for open-ended entries."""


class SectionKind(StrEnum):
    """What a section of a resume is about.

    Example:
        >>> SectionKind("experience") is SectionKind.EXPERIENCE
        True
    """

    SUMMARY = "summary"
    EXPERIENCE = "experience"
    EDUCATION = "education"
    SKILLS = "skills"
    PROJECTS = "projects"
    CERTIFICATIONS = "certifications"
    LANGUAGES = "languages"
    PUBLICATIONS = "publications"
    AWARDS = "awards"
    VOLUNTEERING = "volunteering"
    INTERESTS = "interests"
    REFERENCES = "references"
    OTHER = "other"


class Section(_Frozen):
    """A section: its kind, its heading as written (None when inferred) and its extent.

    Example:
        >>> s = Section(kind=SectionKind.SKILLS, heading=None, span=Span(start=0, end=9),
        ...             body=Span(start=0, end=9))
        >>> s.kind.value
        'skills'
    """

    kind: SectionKind
    heading: TextValue | None = Field(
        description="The heading line; None when the section was inferred without one."
    )
    span: Span = Field(description="The whole section, heading included.")
    body: Span = Field(description="The section's content, heading excluded.")


class Position(_Frozen):
    """One job, internship or research post, with its dates and description.

    ``current`` is true for an open end ("- present", "Since 2021"); ``end`` is then None.
    ``issues`` lists doubts (end before start, no start) that keep the entry out of
    durations without dropping it.

    Example:
        >>> p = Position(title=None, employer=None, start=PartialDate.of(2020, 1), end=None,
        ...              current=True, span=Span(start=0, end=40))
        >>> p.current, p.start.iso()
        (True, '2020-01')
    """

    title: TextValue | None = Field(default=None, description="Job title as written.")
    employer: TextValue | None = Field(default=None, description="Employer as written.")
    location: TextValue | None = Field(default=None, description="Place of work as written.")
    start: PartialDate | None = Field(default=None, description="Start date, if stated.")
    end: PartialDate | None = Field(default=None, description="End date; None when open.")
    current: bool = Field(default=False, description="The position is ongoing.")
    date_text: TextValue | None = Field(default=None, description="The dates as written.")
    description: tuple[TextValue, ...] = Field(
        default=(), description="Bullets and description lines, in order."
    )
    span: Span = Field(description="The whole entry.")
    section_index: int | None = Field(
        default=None, ge=0, description="Index in Resume.sections of the enclosing section."
    )
    issues: tuple[EntryIssue, ...] = ()

    def month_interval(self, as_of: PartialDate | None) -> tuple[int, int] | None:
        """Return the half-open month interval ``[start, end)`` this position covers.

        The end month counts (Jan-Mar is three months); a year-only end stands for July. An
        open end runs to ``as_of`` (its month included); without ``as_of`` it has no
        interval. Entries with ``issues`` about their dates have no interval. At least one
        month is counted.

        Example:
            >>> p = Position(start=PartialDate.of(2020, 1), end=PartialDate.of(2020, 3),
            ...              span=Span(start=0, end=1))
            >>> p.month_interval(None)
            (24240, 24243)
        """
        if self.start is None or EntryIssue.END_BEFORE_START in self.issues:
            return None
        begin = self.start.month_index()
        if self.end is not None:
            finish = self.end.month_index() + (0 if self.end.month is None else 1)
        elif self.current and as_of is not None:
            finish = as_of.month_index() + 1
        else:
            finish = begin + 1
        return begin, max(finish, begin + 1)


class EducationLevel(StrEnum):
    """Normalised level of a degree or school qualification (ISCED-like bands).

    Example:
        >>> EducationLevel.MASTER.value
        'master'
    """

    SECONDARY = "secondary"
    VOCATIONAL = "vocational"
    ASSOCIATE = "associate"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"
    OTHER = "other"


class Education(_Frozen):
    """A degree, diploma or school qualification.

    Example:
        >>> e = Education(level=EducationLevel.MASTER, span=Span(start=0, end=10))
        >>> e.level.value
        'master'
    """

    institution: TextValue | None = Field(default=None, description="School or university.")
    degree: TextValue | None = Field(default=None, description="The degree as written.")
    level: EducationLevel | None = Field(
        default=None, description="Normalised level; OTHER when a degree is not recognised."
    )
    field_of_study: TextValue | None = Field(default=None, description="Subject, if stated.")
    start: PartialDate | None = None
    end: PartialDate | None = Field(default=None, description="End or graduation date.")
    current: bool = Field(default=False, description="Studies are ongoing.")
    date_text: TextValue | None = None
    grade: TextValue | None = Field(default=None, description="GPA, honours or mark.")
    span: Span
    section_index: int | None = Field(default=None, ge=0)
    issues: tuple[EntryIssue, ...] = ()


class LanguageLevel(StrEnum):
    """Proficiency on the CEFR scale, or native.

    Descriptors are mapped as documented in docs/parsing.md ("fluent" -> C1, "bilingual" ->
    native, "intermediate" -> B1, "basic" -> A2, ...).

    Example:
        >>> LanguageLevel("C1") is LanguageLevel.C1
        True
    """

    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"
    NATIVE = "native"


class Language(_Frozen):
    """A spoken language with its ISO 639-1 code and proficiency when stated.

    Example:
        >>> lang = Language(name=TextValue(text="Deutsch", span=Span(start=0, end=7)),
        ...                 iso639_1="de", span=Span(start=0, end=7))
        >>> lang.iso639_1
        'de'
    """

    name: TextValue = Field(description="The language's name as written.")
    iso639_1: str | None = Field(
        default=None, pattern=r"^[a-z]{2}$", description="ISO 639-1 code, when known."
    )
    level: LanguageLevel | None = Field(default=None, description="Normalised proficiency.")
    level_text: TextValue | None = Field(default=None, description="The proficiency as written.")
    span: Span


class Certification(_Frozen):
    """A certification or licence with its issuer and dates when stated.

    Example:
        >>> c = Certification(name=TextValue(text="CKA", span=Span(start=0, end=3)),
        ...                   span=Span(start=0, end=3))
        >>> c.issuer is None
        True
    """

    name: TextValue
    issuer: TextValue | None = None
    date: PartialDate | None = Field(default=None, description="Date obtained.")
    expires: PartialDate | None = Field(default=None, description="Expiry date, if stated.")
    date_text: TextValue | None = None
    span: Span


class Phone(_Frozen):
    """A phone number as written and in E.164 when its country is known or inferable.

    Example:
        >>> Phone(text=TextValue(text="030 1234567", span=Span(start=0, end=11)),
        ...       e164="+49301234567", region="DE").e164
        '+49301234567'
    """

    text: TextValue
    e164: str | None = Field(
        default=None, pattern=r"^\+[1-9]\d{6,14}$", description="E.164 form, when known."
    )
    region: str | None = Field(
        default=None, description="ISO 3166-1 alpha-2 region the number belongs to."
    )


class LinkKind(StrEnum):
    """What a link points to.

    Example:
        >>> LinkKind.GITHUB.value
        'github'
    """

    LINKEDIN = "linkedin"
    GITHUB = "github"
    PORTFOLIO = "portfolio"
    OTHER = "other"


class Link(_Frozen):
    """A profile or website link, normalised to an https URL.

    Example:
        >>> Link(kind=LinkKind.GITHUB, url="https://github.com/octo",
        ...      text=TextValue(text="github.com/octo", span=Span(start=0, end=15))).kind.value
        'github'
    """

    kind: LinkKind
    url: str = Field(description="Normalised URL (https scheme).")
    text: TextValue = Field(description="The link as written.")


class Location(_Frozen):
    """Where the candidate lives, best effort.

    Example:
        >>> Location(text=TextValue(text="Lyon, France", span=Span(start=0, end=12)),
        ...          city="Lyon", country_code="FR").country_code
        'FR'
    """

    text: TextValue
    city: str | None = None
    region: str | None = Field(default=None, description="State, province or region.")
    country_code: str | None = Field(
        default=None, pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 country code."
    )


class Contact(_Frozen):
    """Name and contact details. Personal data: never log it.

    Example:
        >>> Contact().name_confidence
        0.0
    """

    name: TextValue | None = Field(default=None, description="Candidate's name, best effort.")
    name_confidence: float = Field(
        default=0.0, ge=0.0, le=1.0, description="How sure the name guess is (0-1)."
    )
    emails: tuple[TextValue, ...] = ()
    phones: tuple[Phone, ...] = ()
    links: tuple[Link, ...] = ()
    location: Location | None = None


class QualityReasonCode(StrEnum):
    """Why a parse may be unreliable; later layers route low-quality parses to a person.

    Example:
        >>> QualityReasonCode.NO_SECTIONS.value
        'no_sections'
    """

    NO_SECTIONS = "no_sections"
    HEADINGS_INFERRED = "headings_inferred"
    FEW_SECTION_KINDS = "few_section_kinds"
    NO_POSITIONS = "no_positions"
    FEW_DATED_POSITIONS = "few_dated_positions"
    DATE_ISSUES = "date_issues"
    VERY_SHORT_TEXT = "very_short_text"
    NO_CONTACT = "no_contact"
    HIDDEN_TEXT = "hidden_text"
    PAGES_WITHOUT_TEXT = "pages_without_text"
    MANY_UNREADABLE_CHARACTERS = "many_unreadable_characters"


class QualityReason(_Frozen):
    """One reason that lowered the parse quality, with its weight.

    Example:
        >>> QualityReason(code=QualityReasonCode.NO_CONTACT, detail="none", penalty=0.1).penalty
        0.1
    """

    code: QualityReasonCode
    detail: str = Field(description="Machine-made detail; never personal data.")
    penalty: float = Field(ge=0.0, le=1.0, description="How much it lowered the score.")


class ParseQuality(_Frozen):
    """A 0-1 score of how trustworthy the parse is, with the reasons it is below 1.

    Example:
        >>> ParseQuality(score=1.0).reasons
        ()
    """

    score: float = Field(ge=0.0, le=1.0)
    reasons: tuple[QualityReason, ...] = ()


def merged_months(intervals: Iterable[tuple[int, int]]) -> int:
    """Count the months covered by half-open month intervals, overlaps counted once.

    Example:
        >>> merged_months([(0, 12), (6, 18), (30, 31)])
        19
    """
    total = 0
    current_start: int | None = None
    current_end = 0
    for start, end in sorted(intervals):
        if current_start is None or start > current_end:
            if current_start is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_start is not None:
        total += current_end - current_start
    return total


class Resume(_Frozen):
    """A parsed resume: contact, sections, positions, education, languages, certifications.

    ``total_experience_months`` merges overlapping positions and measures open positions to
    ``experience_as_of`` (the reference date given to ``parse_resume``, else the latest
    date written in the document). Call ``experience_months(as_of)`` for another reference.

    Example:
        >>> from talentmatch.parsing import parse_resume
        >>> resume = parse_resume("Jo Roe\\n\\nEXPERIENCE\\nNurse, City Clinic  2019 - 2021")
        >>> resume.positions[0].start.iso(), resume.total_experience_months
        ('2019', 24)
    """

    schema_version: str = Field(default=SCHEMA_VERSION, description="JSON shape version.")
    id: str = Field(description="Stable id: derived from the document's SHA-256 unless given.")
    parser_version: str = Field(description="Version of the parsing rules that produced this.")
    language: str | None = Field(
        default=None, description="ISO 639-1 code of the resume's main language, if detected."
    )
    document: Document
    contact: Contact = Field(default_factory=Contact)
    summary: TextValue | None = None
    sections: tuple[Section, ...] = ()
    positions: tuple[Position, ...] = ()
    education: tuple[Education, ...] = ()
    languages: tuple[Language, ...] = ()
    certifications: tuple[Certification, ...] = ()
    total_experience_months: int = Field(
        default=0, ge=0, description="Months of work, overlaps merged, to experience_as_of."
    )
    experience_as_of: PartialDate | None = Field(
        default=None, description="Reference date that open positions run to."
    )
    parse_quality: ParseQuality

    def experience_months(self, as_of: date | PartialDate | None = None) -> int:
        """Return months of experience, overlaps merged, open positions ending at ``as_of``.

        Args:
            as_of: reference date for open positions; ``experience_as_of`` when None.

        Returns:
            The number of distinct months covered by dated positions.

        Raises:
            InputError: ``as_of`` is of another type.

        Example:
            >>> from datetime import date
            >>> from talentmatch.parsing import parse_resume
            >>> r = parse_resume("EXPERIENCE\\nChef, Bistro Uno  Jan 2020 - present")
            >>> r.experience_months(date(2020, 12, 15))
            12
        """
        if as_of is not None and not isinstance(as_of, date | PartialDate):
            raise InputError("as_of must be a datetime.date, a PartialDate or None.")
        reference = self.experience_as_of
        if isinstance(as_of, date):
            reference = PartialDate.of(as_of.year, as_of.month)
        elif isinstance(as_of, PartialDate):
            reference = as_of
        intervals = [p.month_interval(reference) for p in self.positions]
        return merged_months(i for i in intervals if i is not None)

    def to_json_resume(self, skills: Iterable[object] | None = None) -> dict[str, Any]:
        """Export in the JSON Resume v1.2.1 shape.

        Args:
            skills: optional skill concepts (objects or mappings with ``label`` and
                ``concept_id`` or ``id``); each becomes ``{"name": label, "keywords":
                [concept id]}``. The parser itself extracts no skills.

        Returns:
            A dict with ``basics``, ``work``, ``education``, ``skills``, ``languages``,
            ``certificates`` and ``meta``; dates as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

        Raises:
            InputError: a skill has no label.

        Example:
            >>> from talentmatch.parsing import parse_resume
            >>> doc = parse_resume("EXPERIENCE\\nChef, Bistro Uno  2019 - 2021")
            >>> doc.to_json_resume()["work"][0]["startDate"]
            '2019'
        """
        return _json_resume(self, skills)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _present(pairs: dict[str, TextValue | PartialDate | str | None]) -> dict[str, Any]:
    """Keep the stated values: text of a ``TextValue``, ISO form of a ``PartialDate``."""
    out: dict[str, Any] = {}
    for key, value in pairs.items():
        if isinstance(value, TextValue):
            out[key] = _flat(value.text)
        elif isinstance(value, PartialDate):
            out[key] = value.iso()
        elif value:
            out[key] = value
    return out


def _json_resume(resume: Resume, skills: Iterable[object] | None) -> dict[str, Any]:
    contact = resume.contact
    portfolio = next((link.url for link in contact.links if link.kind is LinkKind.PORTFOLIO), None)
    phone = contact.phones[0] if contact.phones else None
    basics = _present(
        {
            "name": contact.name,
            "email": contact.emails[0] if contact.emails else None,
            "phone": (phone.e164 or phone.text.text) if phone else None,
            "url": portfolio,
            "summary": resume.summary,
        }
    )
    if contact.location is not None:
        place = contact.location
        basics["location"] = _present(
            {
                "address": place.text,
                "city": place.city,
                "region": place.region,
                "countryCode": place.country_code,
            }
        )
    basics["profiles"] = [
        {
            "network": "LinkedIn" if link.kind is LinkKind.LINKEDIN else "GitHub",
            "username": link.url.rstrip("/").rsplit("/", 1)[-1],
            "url": link.url,
        }
        for link in contact.links
        if link.kind in (LinkKind.LINKEDIN, LinkKind.GITHUB)
    ]
    work = [
        {
            **_present(
                {
                    "name": p.employer,
                    "position": p.title,
                    "location": p.location,
                    "startDate": p.start,
                    "endDate": p.end,
                }
            ),
            "highlights": [_flat(line.text) for line in p.description],
        }
        for p in resume.positions
    ]
    education = [
        _present(
            {
                "institution": e.institution,
                "area": e.field_of_study,
                "studyType": e.degree,
                "startDate": e.start,
                "endDate": e.end,
                "score": e.grade,
            }
        )
        for e in resume.education
    ]
    languages = [
        _present(
            {
                "language": lang.name,
                "fluency": lang.level_text or (lang.level.value if lang.level else None),
            }
        )
        for lang in resume.languages
    ]
    certificates = [
        _present({"name": c.name, "issuer": c.issuer, "date": c.date})
        for c in resume.certifications
    ]
    return {
        "$schema": JSON_RESUME_SCHEMA_URL,
        "basics": basics,
        "work": work,
        "education": education,
        "skills": _json_skills(skills),
        "languages": languages,
        "certificates": certificates,
        "meta": {"version": "v1.2.1", "canonical": JSON_RESUME_SCHEMA_URL},
    }


def _json_skills(skills: Iterable[object] | None) -> list[dict[str, Any]]:
    if skills is None:
        return []
    if isinstance(skills, str | bytes) or not isinstance(skills, Iterable):
        raise InputError("skills must be an iterable of skill objects or mappings, or None.")
    out: list[dict[str, Any]] = []
    for skill in skills:
        if isinstance(skill, Mapping):
            label = skill.get("label")
            concept = skill.get("concept_id", skill.get("id"))
        else:
            label = getattr(skill, "label", None)
            concept = getattr(skill, "concept_id", getattr(skill, "id", None))
        if not isinstance(label, str) or not label:
            raise InputError(
                "Each skill needs a non-empty 'label' (and ideally a 'concept_id'); "
                f"got {type(skill).__name__}."
            )
        out.append({"name": label, "keywords": [str(concept)] if concept is not None else []})
    return out
