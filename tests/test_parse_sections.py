"""Section headings: styles, synonyms, five languages, inline headings, the fallback."""

from __future__ import annotations

import pytest

from talentmatch.models.resume import SectionKind
from talentmatch.parsing import parse_resume
from talentmatch.parsing.headings import heading_kind, is_rule, strip_decoration

K = SectionKind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("EXPERIENCE", K.EXPERIENCE),
        ("Work History", K.EXPERIENCE),
        ("Professional Experience", K.EXPERIENCE),
        ("Employment", K.EXPERIENCE),
        ("Career History", K.EXPERIENCE),
        ("Relevant Experience", K.EXPERIENCE),
        ("Expérience professionnelle", K.EXPERIENCE),
        ("Parcours professionnel", K.EXPERIENCE),
        ("Experiencia laboral", K.EXPERIENCE),
        ("Berufserfahrung", K.EXPERIENCE),
        ("Beruflicher Werdegang", K.EXPERIENCE),
        ("Experiência profissional", K.EXPERIENCE),
        ("Histórico profissional", K.EXPERIENCE),
        ("工作经历", K.EXPERIENCE),
        ("Education", K.EDUCATION),
        ("Formation", K.EDUCATION),
        ("Formación académica", K.EDUCATION),
        ("Ausbildung", K.EDUCATION),
        ("Schulischer Werdegang", K.EDUCATION),
        ("Formação acadêmica", K.EDUCATION),
        ("1 教育背景", K.EDUCATION),
        ("Technical Skills", K.SKILLS),
        ("Compétences", K.SKILLS),
        ("Kenntnisse", K.SKILLS),
        ("Programming Languages", K.SKILLS),
        ("Languages", K.LANGUAGES),
        ("Langues", K.LANGUAGES),
        ("Idiomas", K.LANGUAGES),
        ("Sprachkenntnisse", K.LANGUAGES),
        ("Summary", K.SUMMARY),
        ("Professional Summary", K.SUMMARY),
        ("Career Summary", K.SUMMARY),
        ("À propos", K.SUMMARY),
        ("Sobre mim", K.SUMMARY),
        ("Über mich", K.SUMMARY),
        ("Licenses & Certifications", K.CERTIFICATIONS),
        ("Zertifikate", K.CERTIFICATIONS),
        ("Projects", K.PROJECTS),
        ("Publications", K.PUBLICATIONS),
        ("Honors & Awards", K.AWARDS),
        ("Volunteering", K.VOLUNTEERING),
        ("Centres d'intérêt", K.INTERESTS),
        ("Hobbies", K.INTERESTS),
        ("References", K.REFERENCES),
        ("Additional Information", K.OTHER),
    ],
)
def test_heading_vocabulary(text: str, kind: SectionKind) -> None:
    assert heading_kind(text) is kind


@pytest.mark.parametrize(
    "text",
    [
        "PROFESSIONAL EXPERIENCE:",
        "— Experience —",
        "== Experience ==",
        "2. Experience",
        "E X P E R I E N C E",
        "EXPERIENCE ____________",
        "Experience. . . . . . .",
    ],
)
def test_decorated_headings(text: str) -> None:
    assert heading_kind(text) is K.EXPERIENCE


@pytest.mark.parametrize(
    "text",
    [
        "Experience Designer",
        "Licence en informatique",
        "Skills in Python and SQL were used daily",
        "Senior Software Engineer",
        "Vocational",
    ],
)
def test_non_headings(text: str) -> None:
    assert heading_kind(text) is None


def test_rules_and_decoration() -> None:
    assert is_rule("-------")
    assert is_rule("═════")
    assert not is_rule("--- a ---")
    assert strip_decoration("## Skills:") == "Skills"


def _kinds(text: str) -> list[str]:
    return [s.kind.value for s in parse_resume(text).sections]


def test_heading_styles_in_one_document() -> None:
    text = (
        "Jo Roe\njo@example.com\n\n"
        "SUMMARY\nNurse with ten years on wards.\n\n"
        "Work History:\nStaff Nurse, City Clinic  2015 - 2020\n\n"
        "Education\n---------\nBSc Nursing, University of Leeds, 2014\n\n"
        "Skills: triage, wound care\n\n"
        "Languages: English (native), French (B2)\n"
    )
    assert _kinds(text) == ["summary", "experience", "education", "skills", "languages"]


def test_inline_languages_line_inside_skills_does_not_open_a_section() -> None:
    text = "SKILLS\nPython, SQL\nLanguages: Python, Go, Rust\n\nEDUCATION\nBSc Physics, 2010"
    assert _kinds(text) == ["skills", "education"]


def test_heading_spans_point_at_the_heading() -> None:
    resume = parse_resume("Jo Roe\n\nEXPERIENCE\nCook, Cafe Uno 2019 - 2020\n")
    section = resume.sections[0]
    text = resume.document.text
    assert section.heading is not None
    assert section.heading.span.slice(text) == "EXPERIENCE"
    assert section.body.slice(text) == "Cook, Cafe Uno 2019 - 2020"
    assert section.span.start == section.heading.span.start


def test_document_title_is_not_a_section() -> None:
    assert _kinds("Curriculum Vitae\nJo Roe\n\nSKILLS\nExcel") == ["skills"]


def test_bold_headings_from_style_hints() -> None:
    # A DOCX heading style carries the heading even when the words are unusual.
    import io

    import docx

    document = docx.Document()
    document.add_heading("Jo Roe", level=0)
    document.add_heading("Experience", level=1)
    document.add_paragraph("Baker, Pain Doré  2018 - 2021")
    document.add_heading("Skills", level=1)
    document.add_paragraph("Sourdough, lamination")
    document.add_heading("Side Quests", level=1)
    document.add_paragraph("Marathons")
    buffer = io.BytesIO()
    document.save(buffer)
    resume = parse_resume(buffer.getvalue())
    assert [s.kind.value for s in resume.sections] == ["experience", "skills", "other"]
    assert resume.positions[0].title is not None
    assert resume.positions[0].title.text == "Baker"


def test_no_headings_fallback_infers_sections() -> None:
    text = (
        "Jo Roe\njo@example.com\n"
        "Line Cook, Bistro Nord          2019 - 2022\n"
        "- Prepared 200 covers a night\n"
        "Commis Chef, Hotel Sud          2016 - 2019\n"
        "BTS Hôtellerie, Lycée Hôtelier de Nice  2016\n"
    )
    resume = parse_resume(text)
    assert [s.kind.value for s in resume.sections] == ["experience", "education"]
    assert all(s.heading is None for s in resume.sections)
    assert len(resume.positions) == 2
    codes = [r.code.value for r in resume.parse_quality.reasons]
    assert "headings_inferred" in codes
    assert "no_sections" in codes
