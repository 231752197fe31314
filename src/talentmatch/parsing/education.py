"""Education entries: institution, degree as written, normalised level, field, dates, grade.

Levels follow ISCED-like bands and cover degree names in English, French, Spanish, German
and Portuguese: "B.Sc.", "BA", "Licence", "Licenciatura", "Bacharelado" and "Grado" are
bachelor; "MBA", "M.Sc.", "Master", "Mestrado", "Máster" and the German "Diplom" are master;
"PhD", "Doctorat", "Doctorado", "Doutorado" and "Promotion" are doctorate; "Associate of
Applied Science", "BTS", "DUT" are associate; "CAP", "Ausbildung", "Técnico Superior" and
trade certificates are vocational; "High School Diploma", "GED", "Baccalauréat", "Abitur",
"Bachillerato", "Ensino Médio" and "A-levels" are secondary. "Bac+N" reads by its N.

Example:
    >>> degree_level("M.Sc. Data Science").value
    'master'
    >>> degree_level("Baccalauréat scientifique").value
    'secondary'
"""

from __future__ import annotations

import re

from talentmatch.models import Span
from talentmatch.models.resume import Education, EducationLevel, EntryIssue, TextValue
from talentmatch.parsing._lines import Line
from talentmatch.parsing._normalise import fold, words
from talentmatch.parsing.dates import DateRange
from talentmatch.parsing.entries import Entry, Fragment, segment
from talentmatch.parsing.geography import read_location
from talentmatch.parsing.positions import Part, header_parts

__all__ = ["degree_level", "education_from", "segment_education"]

L = EducationLevel
_LEVELS: tuple[tuple[EducationLevel, re.Pattern[str]], ...] = tuple(
    (level, re.compile(pattern))
    for level, pattern in (
        (
            L.DOCTORATE,
            r"\b(?:ph\.?\s?d|d\.?\s?phil|doctorate|doctoral|doctor of|doctorat|"
            r"doctorado|doutorado|doutoramento|promotion|dr\.?\s?(?:rer|phil|ing|med|jur)\b|"
            r"dr\.-ing|ed\.\s?d|d\.\s?sc)|博士",
        ),
        (
            L.MASTER,
            r"\b(?:masters?|master's|mastere|m\.\s?sc|msc|m\.s\.|ms(?=\s+(?:in|of)\b)|"
            r"m\.a\.|ma(?=\s+in\b)|mba|m\.b\.a|m\.\s?eng|meng|m\.\s?ed|mphil|m\.\s?phil|ll\.?m|"
            r"m\.\s?tech|mtech|mestrado|mestre|maestria|magister|diplom\b(?:-?\s?[a-z]+)?|"
            r"diplom-[a-z]+|diplome d'ingenieur|ingenieur diplome|dea|dess|m[12])(?![\w])|硕士",
        ),
        (
            L.BACHELOR,
            r"\b(?:bachelors?|bachelor's|b\.\s?sc|bsc|b\.s\.|bs(?=\s+(?:in|of)\b)|"
            r"b\.a\.|ba(?=\s*(?:in|of|\(|hons|,|$))|b\.\s?eng|beng|b\.\s?tech|btech|b\.\s?com|"
            r"bcom|bba|b\.b\.a|b\.\s?ed|ll\.?b|licence|licenciatura|licenciad[oa]|grado(?=\s+en)|"
            r"graduacao|bacharelado|bacharel|laurea|undergraduate degree)(?![\w])|学士|本科",
        ),
        (
            L.ASSOCIATE,
            r"\b(?:associate'?s?(?:\s+degree|\s+of|\s+in)|a\.a\.s?\.?|a\.s\.|aas|"
            r"dut|bts|deug|tecnologo|tecnologa|hnd|hnc|foundation degree)(?![\w])|大专|专科",
        ),
        (
            L.SECONDARY,
            r"\b(?:high school|secondary school|secondary education|ged|a-levels?|"
            r"a levels?|gcse|igcse|baccalaureat|bac(?!\s*\+)|abitur|fachabitur|"
            r"fachhochschulreife|mittlere reife|realschulabschluss|hauptschulabschluss|matura|"
            r"bachillerato|ensino medio|ensino secundario|colegial|leaving certificate|"
            r"international baccalaureate)(?![\w])|高中",
        ),
        (
            L.VOCATIONAL,
            r"\b(?:vocational|apprenticeship|certificate (?:in|of)|certificat|"
            r"diploma (?:in|of)|cap|bep|ausbildung|berufsausbildung|lehre|gesellenbrief|"
            r"meisterbrief|tecnico superior|tecnico em|tecnico en|curso tecnico|ciclo formativo|"
            r"formacion profesional|nvq|btec|city & guilds|trade school|journeyman)(?![\w])",
        ),
    )
)
_BAC_PLUS = re.compile(r"\bbac\s*\+\s*(\d)")
_BAC_LEVELS = {2: L.ASSOCIATE, 3: L.BACHELOR, 4: L.MASTER, 5: L.MASTER, 8: L.DOCTORATE}

_INSTITUTION_WORDS = frozenset(
    """
    university universities universite universidad universidade universitat universita
    college school ecole escuela escola colegio colegiado lycee gymnasium gymnasio hochschule
    fachhochschule institute institut instituto academy academie academia polytechnic
    polytechnique politecnica politecnico faculdade facultad faculte conservatory
    conservatoire seminary ies cfa berufsschule handwerkskammer kolleg centre centro liceo
    iut insa cegep
    """.split()
)
_CJK_INSTITUTION = re.compile(r"大学|学院|中学|高中")
_FIELD_LEAD = re.compile(
    r"^[\s,.:;\-–—]*(?:(?:in|en|em|of|de|da|do|zum|zur|im|d'|der|des|du|\d)\b\s*[:\-]?\s*)*",
    re.IGNORECASE,
)
_GRADE = re.compile(
    r"(?:\b(?:c?gpa|grade|note|mention|nota|abschlussnote|media|média)\s*[:\-]?\s*"
    r"[\w.,/ ]{1,24}|\b\d\.\d{1,2}\s*/\s*\d(?:\.\d+)?|(?:summa |magna )?cum laude|"
    r"first[- ]class honou?rs|with (?:high )?distinction|mit auszeichnung|sobresaliente|"
    r"matr[ií]cula de honor|mention (?:tr[eè]s )?bien|mention assez bien)",
    re.IGNORECASE,
)


def degree_level(text: str) -> EducationLevel | None:
    """Return the normalised level of a degree written in ``text``, or None.

    Example:
        >>> degree_level("Associate of Applied Science in Nursing").value
        'associate'
        >>> degree_level("Bac+5 école de commerce").value
        'master'
        >>> degree_level("Lincoln High") is None
        True
    """
    folded = fold(text)
    bac = _BAC_PLUS.search(folded)
    if bac is not None:
        return _BAC_LEVELS.get(int(bac.group(1)), L.OTHER)
    for level, pattern in _LEVELS:
        if pattern.search(folded):
            return level
    return None


_DEGREE_NAME = re.compile(
    r"\b(?:bachelor|master|doctor|associate)(?:'?s)?\s+of\s+(?:applied\s+|fine\s+)?"
    r"(?:sciences?|arts|engineering|business administration|laws|education|technology|"
    r"commerce|music|nursing|philosophy|architecture|public health|social work)\b"
)
_ABBREVIATION = re.compile(
    r"^(?:b\.?\s?sc?|b\.?a|m\.?\s?sc?|m\.?a|b\.?eng|m\.?eng|ph\.?d|mba|bba|ll\.?[bm])\b\.?[,:]?\s*",
    re.IGNORECASE,
)


def _degree_span(text: str) -> tuple[int, int] | None:
    """Where the degree's name lies in ``text`` ("Bachelor of Science", "M.Sc.", "Licence").

    Folding keeps offsets for Latin text; other scripts get no field.
    """
    folded = fold(text)
    if len(folded) != len(text):
        return None
    named = _DEGREE_NAME.search(folded)
    if named is not None:
        return named.start(), named.end()
    for _, pattern in _LEVELS:
        match = pattern.search(folded)
        if match is not None:
            return match.start(), match.end()
    return None


def _is_institution(text: str) -> bool:
    return bool(set(words(text)) & _INSTITUTION_WORDS) or bool(_CJK_INSTITUTION.search(text))


def _completes_education(text: str, header: list[Fragment]) -> bool:
    """A degree or school line under the date line belongs to the entry lacking one."""
    if degree_level(text) is not None:
        return not any(degree_level(f.text) is not None for f in header)
    if _is_institution(text):
        return not any(_is_institution(f.text) for f in header)
    return False


def segment_education(lines: list[Line], mentions: dict[int, list[DateRange]]) -> list[Entry]:
    """Split an education section into entries: by dates, else by degree and school lines.

    Example:
        >>> from talentmatch import load_document
        >>> from talentmatch.parsing._lines import document_lines
        >>> doc = load_document("BSc Physics, Uni Alpha\\nMSc Physics, Uni Beta")
        >>> len(segment_education(document_lines(doc), {}))
        2
    """
    entries = segment(lines, mentions, _completes_education)
    if any(entry.date is not None for entry in entries):
        return entries
    out: list[Entry] = []
    has_degree = has_school = False
    for line in lines:
        degree, school = degree_level(line.text) is not None, _is_institution(line.text)
        opens = (degree and has_degree) or (school and has_school and not degree)
        if not out or (opens and not line.bullet):
            out.append(Entry())
            has_degree = has_school = False
        entry = out[-1]
        if not line.bullet and len(entry.header) < 4:
            entry.header.append(Fragment(line.body, line.body_start, line.end, len(entry.lines)))
        else:
            entry.body.append(line)
        entry.lines.append(line)
        has_degree = has_degree or degree
        has_school = has_school or school
    return [entry for entry in out if entry.header]


def _value(document_text: str, start: int, end: int) -> TextValue:
    return TextValue(text=document_text[start:end], span=Span(start=start, end=end))


def education_from(
    entries: list[Entry], document_text: str, *, section_index: int | None
) -> list[Education]:
    """Build ``Education`` items from entries (see ``segment_education``).

    Returns:
        One item per entry that names a degree or an institution.

    Example:
        >>> from talentmatch import load_document
        >>> from talentmatch.parsing._lines import document_lines
        >>> doc = load_document("MSc Physics, University of Leeds")
        >>> entries = segment_education(document_lines(doc), {})
        >>> education_from(entries, doc.text, section_index=None)[0].level.value
        'master'
    """
    out: list[Education] = []
    for entry in entries:
        parts, _ = header_parts(entry.header, document_text)
        degree = next((p for p in parts if degree_level(p.text) is not None), None)
        school = next((p for p in parts if p is not degree and _is_institution(p.text)), None)
        if school is None:
            school = next(
                (
                    p
                    for p in parts
                    if p is not degree and p.text[:1].isupper() and not _place_like(p)
                ),
                None,
            )
        if school is None:
            school = next(
                (
                    Part(line.body, line.body_start, line.end, 0, "line")
                    for line in entry.body
                    if not line.bullet and _is_institution(line.body)
                ),
                None,
            )
        if degree is None and school is None:
            continue
        if degree is None and entry.date is None and school and not _is_institution(school.text):
            continue  # a stray capitalised line ("GRADUATE"), not a qualification
        mention = entry.date
        start = mention.first if mention and mention.last != mention.first else None
        end = mention.last if mention else None
        if mention is not None and mention.current:
            start, end = mention.first, None
        issues = []
        if start is not None and end is not None and end.sort_key() < start.sort_key():
            issues.append(EntryIssue.END_BEFORE_START)
        out.append(
            Education(
                institution=_value(document_text, school.start, school.end) if school else None,
                degree=_value(document_text, degree.start, degree.end) if degree else None,
                level=(degree_level(degree.text) or L.OTHER) if degree else None,
                field_of_study=_field(degree, parts, document_text) if degree else None,
                start=start,
                end=end,
                current=bool(mention and mention.current),
                date_text=_value(document_text, mention.start, mention.end) if mention else None,
                grade=_grade(entry, document_text),
                span=Span(start=entry.start, end=entry.end, page=entry.lines[0].page),
                section_index=section_index,
                issues=tuple(issues),
            )
        )
    return out


def _place_like(part: Part) -> bool:
    return read_location(part.text) is not None


def _field(degree: Part, parts: list[Part], document_text: str) -> TextValue | None:
    """The subject: after the degree's name ("B.Sc. in Physics"), or the next part when the
    degree stands alone ("Bachelor of Science - BS, Computer Science")."""
    span = _degree_span(degree.text)
    if span is None:
        return None
    rest = degree.text[span[1] :]
    lead = _FIELD_LEAD.match(rest)
    offset = span[1] + (lead.end() if lead else 0)
    field = degree.text[offset:].strip(" ,.;:()-–—")
    source = degree
    if not field or not any(ch.isalpha() for ch in field):
        following = parts[parts.index(degree) + 1 :] if degree in parts else []
        if not following or _is_institution(following[0].text):
            return None
        source = following[0]
        abbreviation = _ABBREVIATION.match(source.text)
        offset = abbreviation.end() if abbreviation is not None else 0
        field = source.text[offset:].strip(" ,.;:()-–—")
    if not field or not any(ch.isalpha() for ch in field) or len(field.split()) > 8:
        return None
    if degree_level(field) is not None and source is not degree:
        return None
    start = source.start + source.text.index(field, offset)
    return _value(document_text, start, start + len(field))


def _grade(entry: Entry, document_text: str) -> TextValue | None:
    for line in entry.lines:
        match = _GRADE.search(line.text)
        if match is not None:
            start = line.start + match.start()
            text = match.group(0).rstrip(" ,.;")
            return _value(document_text, start, start + len(text))
    return None
