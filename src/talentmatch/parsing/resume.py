"""``parse_resume``: from a document to a ``Resume``, every value with its evidence span.

The steps run once each, in one direction: lines with style hints, section headings,
contact details, one pass of the date scanner over the whole text, then per-section readers
(positions, education, languages, certifications, summary), the experience total and the
parse quality. No step reads the wall clock: open positions run to a reference date that is
given (``as_of``) or read from the document.
"""

from __future__ import annotations

import logging
import os
from bisect import bisect_right
from datetime import date
from typing import IO, Any

from talentmatch.config import Limits
from talentmatch.documents import load_document
from talentmatch.errors import InputError, TalentMatchError
from talentmatch.models import Document, Span
from talentmatch.models.resume import (
    Certification,
    Contact,
    Education,
    EntryIssue,
    Language,
    PartialDate,
    Position,
    Resume,
    Section,
    SectionKind,
    TextValue,
    merged_months,
)
from talentmatch.parsing._lines import Line, document_lines, without_page_furniture
from talentmatch.parsing.certifications import certifications_from
from talentmatch.parsing.contact import read_contact
from talentmatch.parsing.dates import DateRange, find_date_ranges, find_date_tokens
from talentmatch.parsing.education import degree_level, education_from, segment_education
from talentmatch.parsing.entries import segment
from talentmatch.parsing.languages import find_languages, language_label
from talentmatch.parsing.positions import completes_position, positions_from, title_score
from talentmatch.parsing.quality import assess
from talentmatch.parsing.sections import SectionSlice, find_sections
from talentmatch.parsing.text_language import detect_language

__all__ = ["PARSER_VERSION", "parse_resume"]

PARSER_VERSION = "1.0.0"
"""Version of the parsing rules; recorded on every ``Resume`` for audit."""

logger = logging.getLogger(__name__)

_MONTH_FIRST_COUNTRIES = frozenset({"US", "CA", "PH", "FM", "MH", "PW"})
_SOURCE_TYPES = (str, bytes, bytearray, memoryview, os.PathLike, Document)


def parse_resume(
    source: str | bytes | bytearray | memoryview | os.PathLike[str] | IO[bytes] | Document,
    *,
    filename: str | None = None,
    pipeline: object | None = None,
    resume_id: str | None = None,
    as_of: date | None = None,
) -> Resume:
    """Parse a resume into contact details, sections, positions, education, languages and
    certifications, each value with its evidence span in ``Document.text``.

    Args:
        source: what ``load_document`` accepts (text, bytes, a ``pathlib.Path``, a binary
            file object) or an already loaded ``Document``.
        filename: the original file name, kept on the ``Document`` (informational).
        pipeline: an object whose ``limits`` attribute (a ``Limits``) bounds document
            loading; only that attribute is read. None uses the default limits.
        resume_id: the id to give the resume; by default derived from the document's
            SHA-256, so the same file always gets the same id.
        as_of: reference date that open positions ("2020 - present") run to. By default the
            latest date written in the document outside its education section, so the
            result never depends on the day it is computed.

    Returns:
        A frozen ``Resume``.

    Raises:
        InputError: an argument has the wrong type or value.
        ConfigError: ``pipeline.limits`` is not a valid ``Limits``.
        DocumentError: the document cannot be read (see ``load_document``).
        TalentMatchError: an unexpected internal failure, reported with its cause's type.

    Example:
        >>> r = parse_resume("Ana Lima\\nana@example.com\\n\\nEXPERIENCE\\n"
        ...                  "Nurse, Santa Clara Hospital  Mar 2019 - Jun 2021")
        >>> p = r.positions[0]
        >>> p.title.text, p.employer.text, p.start.iso(), p.end.iso()
        ('Nurse', 'Santa Clara Hospital', '2019-03', '2021-06')
    """
    _validate(source, filename, resume_id, as_of)
    if isinstance(source, Document):
        document = source
    else:
        document = load_document(source, filename=filename, limits=_limits(pipeline))
    try:
        return _parse(document, resume_id=resume_id, as_of=as_of)
    except TalentMatchError:
        raise
    except (RecursionError, MemoryError, Exception) as exc:
        # A parser bug must never surface as a library-internal exception in the caller.
        logger.warning("resume parsing failed", extra={"error_type": type(exc).__name__})
        raise TalentMatchError(
            f"Parsing the resume failed unexpectedly ({type(exc).__name__}). The document "
            "was read; this is a parser defect: report it with the document's sha256."
        ) from None


def _validate(source: Any, filename: Any, resume_id: Any, as_of: Any) -> None:
    if not isinstance(source, _SOURCE_TYPES) and not callable(getattr(source, "read", None)):
        raise InputError(
            f"Cannot parse a resume from {type(source).__name__}. Pass text, bytes, a "
            "pathlib.Path, a binary file object or a talentmatch Document."
        )
    if filename is not None and not isinstance(filename, str):
        raise InputError("filename must be a str or None.")
    if resume_id is not None and (
        not isinstance(resume_id, str) or not resume_id.strip() or len(resume_id) > 200
    ):
        raise InputError("resume_id must be a non-empty str of at most 200 characters.")
    if as_of is not None and not isinstance(as_of, date):
        raise InputError("as_of must be a datetime.date or None.")


def _limits(pipeline: object | None) -> Limits:
    return Limits.coerce(getattr(pipeline, "limits", None) if pipeline is not None else None)


def _mentions_by_line(lines: list[Line], mentions: list[DateRange]) -> dict[int, list[DateRange]]:
    starts = [line.start for line in lines]
    out: dict[int, list[DateRange]] = {}
    for mention in mentions:
        index = bisect_right(starts, mention.start) - 1
        if index >= 0 and mention.start < lines[index].end:
            out.setdefault(lines[index].index, []).append(mention)
    return out


def _infer_sections(
    lines: list[Line], by_line: dict[int, list[DateRange]]
) -> tuple[list[SectionSlice], int]:
    """Without headings: dated entries become experience or education sections."""
    entries = [e for e in segment(lines, by_line) if e.date is not None]
    if not entries:
        return [], len(lines)
    slices: list[SectionSlice] = []
    for entry in entries:
        school = any(degree_level(f.text) is not None for f in entry.header)
        kind = SectionKind.EDUCATION if school else SectionKind.EXPERIENCE
        if slices and slices[-1].kind is kind:
            slices[-1].lines.extend(entry.lines)
        else:
            slices.append(SectionSlice(kind, None, list(entry.lines), inferred=True))
    return slices, entries[0].lines[0].index


def _section(text: str, piece: SectionSlice, fallback: int) -> Section:
    heading = piece.heading
    first = (
        heading.start
        if heading is not None
        else (piece.lines[0].start if piece.lines else fallback)
    )
    last = max(
        [first]
        + [line.end for line in piece.lines]
        + ([heading.end] if heading is not None else [])
    )
    body_lines = piece.lines
    if piece.inline_start is not None:
        body_start = piece.inline_start
    elif body_lines:
        body_start = body_lines[0].start
    else:
        body_start = last
    heading_value = None
    if heading is not None:
        end = heading.end if piece.inline_start is None else piece.inline_start
        head_text = text[heading.start : end].rstrip(" :：")
        heading_value = TextValue(
            text=head_text,
            span=Span(start=heading.start, end=heading.start + len(head_text), page=heading.page),
        )
    page = heading.page if heading is not None else (piece.lines[0].page if piece.lines else None)
    return Section(
        kind=piece.kind,
        heading=heading_value,
        span=Span(start=first, end=last, page=page),
        body=Span(start=min(body_start, last), end=last),
    )


def _languages(text: str, slices: list[SectionSlice], header: list[Line]) -> list[Language]:
    out: list[Language] = []
    seen: set[str] = set()

    def read(lo: int, hi: int) -> None:
        for match in find_languages(text[lo:hi]):
            if match.iso in seen:
                known = next(i for i, lang in enumerate(out) if lang.iso639_1 == match.iso)
                if out[known].level is not None or match.level is None:
                    continue
                del out[known]  # a later mention that states the level is more useful
            seen.add(match.iso)
            name_lo, name_hi = lo + match.name[0], lo + match.name[1]
            level_text = None
            end = name_hi
            if match.level_span is not None:
                l_lo, l_hi = lo + match.level_span[0], lo + match.level_span[1]
                level_text = TextValue(text=text[l_lo:l_hi], span=Span(start=l_lo, end=l_hi))
                end = max(end, l_hi)
            out.append(
                Language(
                    name=TextValue(
                        text=text[name_lo:name_hi], span=Span(start=name_lo, end=name_hi)
                    ),
                    iso639_1=match.iso,
                    level=match.level,
                    level_text=level_text,
                    span=Span(start=name_lo, end=end),
                )
            )

    for piece in slices:
        if piece.kind is SectionKind.LANGUAGES and piece.lines:
            # Read the section as one text: a level may wrap onto the next line.
            read(piece.inline_start or piece.lines[0].body_start, piece.lines[-1].end)
            continue
        for line in piece.lines:
            lo = line.body_start
            if piece.inline_start is not None and line is piece.heading:
                lo = piece.inline_start
            label = language_label(text[lo : line.end])
            if label is not None:
                read(lo + label, line.end)
    for line in header:
        label = language_label(line.body)
        if label is not None:
            read(line.body_start + label, line.end)
    return out


def _summary(text: str, slices: list[SectionSlice], header: list[Line]) -> TextValue | None:
    for piece in slices:
        if piece.kind is SectionKind.SUMMARY and piece.lines:
            start = piece.inline_start or piece.lines[0].start
            end = piece.lines[-1].end
            return TextValue(text=text[start:end], span=Span(start=start, end=end))
    run: list[Line] = []
    for line in [*header, None]:
        prose = line is not None and "@" not in line.text and len(line.text.split()) >= 6
        if prose and line is not None:
            run.append(line)
            continue
        if sum(len(item.text.split()) for item in run) >= 25:
            return TextValue(
                text=text[run[0].start : run[-1].end],
                span=Span(start=run[0].start, end=run[-1].end),
            )
        run = []
    return None


def _reference(mentions: list[DateRange], sections: tuple[Section, ...]) -> PartialDate | None:
    """The latest date written outside education and certification sections (which hold
    expected graduations and expiry dates, possibly in the future)."""
    education = [
        s.span for s in sections if s.kind in (SectionKind.EDUCATION, SectionKind.CERTIFICATIONS)
    ]
    latest: PartialDate | None = None
    for mention in mentions:
        if any(span.start <= mention.start < span.end for span in education):
            continue
        for value in (mention.first, mention.last):
            if value is not None and (latest is None or value.sort_key() > latest.sort_key()):
                latest = value
    return latest


def _day_first(language: str | None, contact: Contact) -> bool:
    country = contact.location.country_code if contact.location else None
    if country is not None:
        return country not in _MONTH_FIRST_COUNTRIES
    return language != "en"


def _parse(document: Document, *, resume_id: str | None, as_of: date | None) -> Resume:
    text = document.text
    all_lines = document_lines(document)
    lines = without_page_furniture(all_lines, document.page_count)
    slices, header_end = find_sections(lines)
    language = detect_language(text)
    contact = read_contact(text, all_lines, lines[:header_end])
    day_first = _day_first(language, contact)
    tokens = find_date_tokens(text, day_first=day_first)
    mentions = find_date_ranges(text, day_first=day_first, tokens=tokens)
    by_line = _mentions_by_line(lines, mentions)
    inferred = False
    if not slices:
        slices, header_end = _infer_sections(lines, by_line)
        inferred = bool(slices)
        if inferred:
            contact = read_contact(text, all_lines, lines[:header_end])
    _cut_at_name(slices, contact)
    sections = tuple(_section(text, piece, 0) for piece in slices)

    positions: list[Position] = []
    education: list[Education] = []
    certifications: list[Certification] = []
    for index, piece in enumerate(slices):
        if piece.kind is SectionKind.EXPERIENCE:
            entries = segment(piece.lines, by_line, completes_position)
            positions += positions_from(entries, text, section_index=index)
        elif piece.kind is SectionKind.EDUCATION:
            entries = segment_education(piece.lines, by_line)
            education += education_from(entries, text, section_index=index)
        elif piece.kind is SectionKind.CERTIFICATIONS:
            certifications += certifications_from(piece.lines, by_line)
    if not any(piece.kind is SectionKind.EXPERIENCE for piece in slices):
        positions = _positions_without_heading(text, slices, lines[:header_end], by_line)

    reference = (
        PartialDate.of(as_of.year, as_of.month)
        if as_of is not None
        else _reference(mentions, sections)
    )
    positions = [_check_future(p, reference) for p in positions]
    intervals = [p.month_interval(reference) for p in positions]
    header = lines[:header_end]
    resume = Resume(
        id=resume_id or f"res_{document.sha256[:32]}",
        parser_version=PARSER_VERSION,
        language=language,
        document=document,
        contact=contact,
        summary=_summary(text, slices, header),
        sections=sections,
        positions=tuple(positions),
        education=tuple(education),
        languages=tuple(_languages(text, slices, header)),
        certifications=tuple(certifications),
        total_experience_months=merged_months(i for i in intervals if i is not None),
        experience_as_of=reference,
        parse_quality=assess(document, sections, tuple(positions), contact, inferred=inferred),
    )
    logger.debug(
        "resume parsed",
        extra={"sections": len(sections), "positions": len(positions), "chars": len(text)},
    )
    return resume


_HOSTS = frozenset({SectionKind.SUMMARY, SectionKind.OTHER, SectionKind.SKILLS})


def _positions_without_heading(
    text: str,
    slices: list[SectionSlice],
    header: list[Line],
    by_line: dict[int, list[DateRange]],
) -> list[Position]:
    """No experience heading was recognised ("Where I've worked", or a heading lost in a
    two-column layout): take dated entries whose header names a job from the header lines
    and from summary, skills and unnamed sections."""
    found: list[Position] = []
    hosts = [(None, header)] + [
        (index, piece.lines) for index, piece in enumerate(slices) if piece.kind in _HOSTS
    ]
    for index, host_lines in hosts:
        entries = [e for e in segment(host_lines, by_line) if e.date is not None]
        for position in positions_from(entries, text, section_index=index):
            if position.title is not None and title_score(position.title.text) > 0:
                found.append(position)
    return sorted(found, key=lambda p: p.span.start)


def _cut_at_name(slices: list[SectionSlice], contact: Contact) -> None:
    """End a section where the candidate's name appears inside it: exports that print a
    sidebar before the name (LinkedIn's) would otherwise run the sidebar's last section on
    into the name, headline and location."""
    if contact.name is None:
        return
    start = contact.name.span.start
    for piece in slices:
        for index, line in enumerate(piece.lines):
            if line.start <= start < line.end and line is not piece.heading:
                del piece.lines[index:]
                return


def _check_future(position: Position, reference: PartialDate | None) -> Position:
    if reference is None or position.start is None:
        return position
    if position.start.month_index() > reference.month_index() + 1:
        return position.model_copy(update={"issues": (*position.issues, EntryIssue.FUTURE_START)})
    return position
