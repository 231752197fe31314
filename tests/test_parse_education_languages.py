"""Education levels, fields and grades; spoken languages with ISO codes and CEFR levels;
certifications with issuers and dates."""

from __future__ import annotations

import pytest

from talentmatch.models.resume import EducationLevel, LanguageLevel
from talentmatch.parsing import parse_resume
from talentmatch.parsing.certifications import certifications_in
from talentmatch.parsing.education import degree_level
from talentmatch.parsing.languages import find_languages

L = EducationLevel


@pytest.mark.parametrize(
    ("degree", "level"),
    [
        ("B.Sc. in Computer Science", L.BACHELOR),
        ("BSc Economics", L.BACHELOR),
        ("BA in History", L.BACHELOR),
        ("Bachelor of Arts", L.BACHELOR),
        ("Licence en informatique", L.BACHELOR),
        ("Licenciatura en Derecho", L.BACHELOR),
        ("Bacharelado em Direito", L.BACHELOR),
        ("Grado en Ingeniería Informática", L.BACHELOR),
        ("MBA", L.MASTER),
        ("M.Sc. Data Science", L.MASTER),
        ("Master Finance", L.MASTER),
        ("Máster en Finanzas", L.MASTER),
        ("Mestrado em Engenharia", L.MASTER),
        ("Diplom-Ingenieur Maschinenbau", L.MASTER),
        ("Diplom Kaufmann", L.MASTER),
        ("MEng in Computer Science", L.MASTER),
        ("PhD in Chemistry", L.DOCTORATE),
        ("Doctorat en physique", L.DOCTORATE),
        ("Doctorado en Biología", L.DOCTORATE),
        ("Doutorado em Economia", L.DOCTORATE),
        ("Promotion in Chemie (Dr. rer. nat.)", L.DOCTORATE),
        ("Associate of Applied Science in Nursing", L.ASSOCIATE),
        ("BTS Commerce international", L.ASSOCIATE),
        ("High School Diploma", L.SECONDARY),
        ("GED", L.SECONDARY),
        ("Abitur", L.SECONDARY),
        ("Baccalauréat scientifique", L.SECONDARY),
        ("Bachillerato", L.SECONDARY),
        ("Ensino Médio", L.SECONDARY),
        ("A-Levels", L.SECONDARY),
        ("CAP Électricien", L.VOCATIONAL),
        ("Ausbildung zum Elektroniker", L.VOCATIONAL),
        ("Técnico Superior en Electricidad", L.VOCATIONAL),
        ("Certificate in Welding", L.VOCATIONAL),
        ("Bac+5 Finance", L.MASTER),
    ],
)
def test_degree_levels(degree: str, level: EducationLevel) -> None:
    assert degree_level(degree) is level


def test_education_entries_with_field_grade_and_dates() -> None:
    text = (
        "EDUCATION\n"
        "University of Leeds\nBSc in Mathematics    2012 - 2015\nGPA: 3.8/4.0\n\n"
        "Lycée Victor Hugo\nBaccalauréat scientifique, mention très bien    2012\n"
    )
    resume = parse_resume(text)
    first, second = resume.education
    source = resume.document.text
    assert first.level is L.BACHELOR
    assert first.institution is not None
    assert first.institution.text == "University of Leeds"
    assert first.field_of_study is not None
    assert first.field_of_study.text == "Mathematics"
    assert first.start is not None
    assert first.end is not None
    assert (first.start.iso(), first.end.iso()) == ("2012", "2015")
    assert first.grade is not None
    assert first.grade.span.slice(source).startswith("GPA")
    assert second.level is L.SECONDARY
    assert second.start is None
    assert second.end is not None
    assert second.end.iso() == "2012"
    assert second.degree is not None
    assert second.degree.span.slice(source) == second.degree.text


def test_undated_education_splits_on_degrees() -> None:
    resume = parse_resume("EDUCATION\nMSc Physics, Uni Alpha\nBSc Physics, Uni Beta\n")
    assert [e.level for e in resume.education] == [L.MASTER, L.BACHELOR]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("English (native), French (B2)", [("en", "native"), ("fr", "B2")]),
        ("Anglais : courant | Espagnol : notions", [("en", "C1"), ("es", "A2")]),
        ("Français – langue maternelle, Allemand – bilingue", [("fr", "native"), ("de", "native")]),
        ("Deutsch: Muttersprache; Englisch: verhandlungssicher", [("de", "native"), ("en", "C1")]),
        ("Español nativo, Inglés fluido", [("es", "native"), ("en", "C1")]),
        ("Português (nativo), Inglês (intermediário)", [("pt", "native"), ("en", "B1")]),
        ("Korean, English, Japanese", [("ko", None), ("en", None), ("ja", None)]),
        ("Italian - Advanced (C1)", [("it", "C1")]),
        ("Mandarin: conversational", [("zh", "B1")]),
        ("Fluent: English, German", [("en", "C1"), ("de", "C1")]),
    ],
)
def test_languages_and_levels(text: str, expected: list[tuple[str, str | None]]) -> None:
    found = [(m.iso, m.level.value if m.level else None) for m in find_languages(text)]
    assert found == expected


def test_languages_from_sections_and_skill_lines() -> None:
    resume = parse_resume(
        "SKILLS\nPython, SQL\nLanguages: Korean, English\n\n"
        "LANGUAGES\nSpanish (native)\nFrench\n(B2)\n"
    )
    got = [(lang.iso639_1, lang.level) for lang in resume.languages]
    assert got == [
        ("ko", None),
        ("en", None),
        ("es", LanguageLevel.NATIVE),
        ("fr", LanguageLevel.B2),
    ]
    spanish = resume.languages[2]
    assert spanish.name.span.slice(resume.document.text) == "Spanish"
    assert spanish.level_text is not None
    assert spanish.level_text.text == "native"


def test_certifications_issuers_and_dates() -> None:
    certs = certifications_in(
        "AWS Certified Solutions Architect – Associate, Amazon Web Services, 2021\n"
        "Project Management Professional (PMP) — Project Management Institute  2019\n"
        "CompTIA Security+ (CompTIA) 2018\n"
        "2023 Certified Kubernetes Administrator, CNCF\n"
        "Registered Nurse License - issued by NMC, Jan 2015 - expires Jan 2025\n"
    )
    got = [
        (c.name.text, c.issuer.text if c.issuer else None, c.date.iso() if c.date else None)
        for c in certs
    ]
    assert got == [
        ("AWS Certified Solutions Architect – Associate", "Amazon Web Services", "2021"),
        ("Project Management Professional (PMP)", "Project Management Institute", "2019"),
        ("CompTIA Security+", "CompTIA", "2018"),
        ("Certified Kubernetes Administrator", "CNCF", "2023"),
        ("Registered Nurse License", "NMC", "2015-01"),
    ]
    assert certs[-1].expires is not None
    assert certs[-1].expires.iso() == "2025-01"
