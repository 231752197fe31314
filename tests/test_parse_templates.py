"""Real resume templates (../shared/data/resumes/templates): what each must parse to."""

from __future__ import annotations

from functools import cache

import pytest

from talentmatch.models.resume import EducationLevel, LanguageLevel, Position, Resume
from talentmatch.parsing import parse_resume

from .conftest import shared


@cache
def _parse(name: str) -> Resume:
    return parse_resume(shared("resumes", "templates", name))


def _kinds(resume: Resume) -> set[str]:
    return {s.kind.value for s in resume.sections}


def _find(resume: Resume, title: str) -> Position:
    for position in resume.positions:
        if position.title is not None and position.title.text == title:
            return position
    raise AssertionError(f"no position titled {title!r}")


def _dates(position: Position) -> tuple[str | None, str | None, bool]:
    return (
        position.start.iso() if position.start else None,
        position.end.iso() if position.end else None,
        position.current,
    )


RESUMES = [
    "awesomecv_cv.pdf",
    "awesomecv_resume.pdf",
    "awesomecv_fork_cv_french.pdf",
    "awesomecv_fork_resume-twocolumn.pdf",
    "awesomecv_fork_resume-zh.pdf",
    "deedy_resume-macfonts.pdf",
    "deedy_resume-openfont.pdf",
    "moderncv_template-es.pdf",
    "moderncv_template-zh.pdf",
    "moderncv_template_banking_red.pdf",
    "moderncv_template_casual_orange.pdf",
    "moderncv_template_classic_green.pdf",
]


@pytest.mark.parametrize("name", RESUMES)
def test_every_template_has_at_least_three_section_kinds(name: str) -> None:
    resume = _parse(name)
    assert len(_kinds(resume)) >= 3
    for position in resume.positions:
        if position.start is not None:
            assert position.start.year < 2026  # page footers ("February 10, 2026") are not jobs


def test_awesome_cv_one_column() -> None:
    resume = _parse("awesomecv_cv.pdf")
    assert {"education", "skills", "experience", "awards", "certifications"} <= _kinds(resume)
    assert len(resume.positions) >= 10
    first = resume.positions[0]
    assert first.title is not None
    assert first.employer is not None
    assert (
        first.title.text == "Founding Member & Site Reliability Engineer & Infrastructure Team Lead"
    )
    assert first.employer.text == "Danggeun Pay Inc. (KarrotPay)"
    assert first.location is not None
    assert first.location.text == "Seoul, S.Korea"
    assert _dates(first) == ("2021-03", None, True)
    assert len(first.description) >= 5
    architect = _find(resume, "Software Architect")
    assert architect.employer is not None
    assert architect.employer.text == "Omnious. Co., Ltd."
    assert _dates(architect) == ("2017-06", "2018-05", False)
    (degree,) = resume.education
    assert degree.level is EducationLevel.BACHELOR
    assert degree.start is not None
    assert degree.end is not None
    assert (degree.start.iso(), degree.end.iso()) == ("2010-03", "2017-08")
    assert {lang.iso639_1 for lang in resume.languages} == {"ko", "en", "ja"}
    assert resume.contact.phones[0].e164 == "+821090301843"
    assert resume.contact.location is not None
    assert resume.contact.location.country_code == "KR"


def test_awesome_resume_certifications() -> None:
    resume = _parse("awesomecv_resume.pdf")
    assert {"summary", "experience", "certifications", "education"} <= _kinds(resume)
    assert len(resume.positions) == 8
    assert len(resume.certifications) == 9
    cert = resume.certifications[0]
    assert cert.issuer is not None
    assert cert.date is not None
    assert cert.issuer.text == "Amazon Web Services (AWS)"
    assert cert.date.iso() == "2023"
    assert resume.summary is not None


def test_french_cv() -> None:
    resume = _parse("awesomecv_fork_cv_french.pdf")
    assert [s.kind.value for s in resume.sections] == [
        "skills",
        "experience",
        "education",
        "projects",
    ]
    employers = [p.employer.text if p.employer else None for p in resume.positions]
    assert employers == ["D2SI", "Linagora", "Thales Services"]
    assert _dates(resume.positions[0]) == ("2016-10", None, True)  # "Oct. 2016 - PRÉSENT"
    assert _dates(resume.positions[2]) == ("2014-09", "2015-09", False)
    assert resume.positions[0].location is not None
    assert resume.positions[0].location.text == "Paris, France"
    (degree,) = resume.education
    assert degree.level is EducationLevel.MASTER
    assert degree.institution is not None
    assert degree.institution.text.startswith("INSSET")


def test_two_column_resume() -> None:
    resume = _parse("awesomecv_fork_resume-twocolumn.pdf")
    assert {"summary", "education", "experience", "awards"} <= _kinds(resume)
    dated = [p for p in resume.positions if p.start is not None]
    assert len(dated) >= 5
    assert _dates(dated[0]) == ("2014-08", "2016-04", False)  # "Aug. 2014 - Exp. Apr. 2016"
    assert resume.education[0].level is EducationLevel.BACHELOR


def test_chinese_resume() -> None:
    resume = _parse("awesomecv_fork_resume-zh.pdf")
    assert [s.kind.value for s in resume.sections] == ["education", "skills", "projects"]
    (degree,) = resume.education
    assert degree.level is EducationLevel.BACHELOR
    assert degree.start is not None
    assert degree.end is not None
    assert (degree.start.iso(), degree.end.iso()) == ("2018", "2022")
    assert ("zh", LanguageLevel.NATIVE) in {
        (lang.iso639_1, lang.level) for lang in resume.languages
    }
    assert resume.positions == ()  # projects are not jobs


@pytest.mark.parametrize("name", ["deedy_resume-openfont.pdf", "deedy_resume-macfonts.pdf"])
def test_deedy_two_column(name: str) -> None:
    resume = _parse(name)
    assert {"education", "skills", "experience", "awards", "publications"} <= _kinds(resume)
    employers = [p.employer.text.casefold() for p in resume.positions if p.employer]
    assert employers[:4] == ["facebook", "coursera", "google", "phabricator"]
    assert _dates(resume.positions[0]) == ("2015-01", None, True)
    assert _dates(resume.positions[2]) == ("2013-05", "2013-08", False)
    levels = [e.level for e in resume.education]
    assert levels[:2] == [EducationLevel.MASTER, EducationLevel.BACHELOR]
    assert resume.education[0].end is not None
    assert resume.education[0].end.iso() == "2014-12"
    assert any(link.url == "https://github.com/deedydas" for link in resume.contact.links)


@pytest.mark.parametrize(
    "name",
    [
        "moderncv_template_banking_red.pdf",
        "moderncv_template_casual_orange.pdf",
        "moderncv_template_classic_green.pdf",
        "moderncv_template-es.pdf",
        "moderncv_template-zh.pdf",
    ],
)
def test_moderncv_placeholders(name: str) -> None:
    resume = _parse(name)
    assert {"education", "experience", "languages", "skills", "interests"} <= _kinds(resume)
    # The template's entries say "year–year" and "Job title": nothing to date, nothing to
    # invent. Placeholder lines must not become jobs.
    assert all(p.start is None for p in resume.positions)
    assert resume.total_experience_months == 0


def test_cover_letter_is_not_mistaken_for_a_resume() -> None:
    resume = _parse("awesomecv_coverletter.pdf")
    assert "experience" not in _kinds(resume)
    assert resume.positions == ()
    assert resume.parse_quality.score < 0.8
