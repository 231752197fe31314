"""Reading order of PDFs: columns read in turn, one-column pages never split, tables by row."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentmatch.config import Limits
from talentmatch.documents import load_document
from talentmatch.models import Document, FindingKind
from tests.conftest import FIXTURES, shared

PDF = FIXTURES / "documents" / "pdf"
ENGINES = ["pdfium", "pypdf"]

LEFT = ["Contact", "avery.quinn@example.com", "Python, SQL, Spark", "AWS Solutions Architect"]
RIGHT = [
    "Experience",
    "Senior Data Engineer at Acme Analytics",
    "and cut nightly processing time in half.",
    "BSc Mathematics, City College",
]


def load(path: Path, engine: str) -> Document:
    return load_document(path, limits=Limits(pdf_engine=engine, pdf_fallback=False))


def lines(document: Document) -> list[str]:
    return [line for line in document.text.splitlines() if line.strip()]


def columns_found(document: Document) -> list[int | None]:
    return [f.page for f in document.findings if f.kind is FindingKind.COLUMNS_REORDERED]


def assert_column_by_column(document: Document, left: list[str], right: list[str]) -> None:
    """Every left-column line comes before every right-column line, each in order."""
    text_lines = lines(document)
    left_at = [text_lines.index(line) for line in left]
    right_at = [text_lines.index(line) for line in right]
    assert left_at == sorted(left_at)
    assert right_at == sorted(right_at)
    assert max(left_at) < min(right_at)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "fixture", ["two_column.pdf", "two_column_rows.pdf", "two_column_glued.pdf"]
)
def test_two_columns_are_read_one_after_the_other(fixture: str, engine: str) -> None:
    document = load(PDF / fixture, engine)

    assert_column_by_column(document, LEFT, RIGHT)
    # The full-width header comes first, and no line mixes the two columns.
    assert lines(document)[:2] == [
        "Avery Quinn",
        "Data engineer with eight years of experience in analytics",
    ]
    assert not any("Contact" in line and "Experience" in line for line in lines(document))
    assert columns_found(document) == [1]


@pytest.mark.parametrize("engine", ENGINES)
def test_columns_carry_their_index_on_blocks(engine: str) -> None:
    document = load(PDF / "two_column_rows.pdf", engine)

    def column_of(line: str) -> int | None:
        start = document.text.index(line)
        return next(b.column for b in document.blocks if b.span.start == start)

    assert column_of("Python, SQL, Spark") == 0
    assert column_of("Led the migration of batch jobs to Spark") == 1


@pytest.mark.parametrize("engine", ENGINES)
def test_one_column_with_right_aligned_dates_is_not_split(engine: str) -> None:
    document = load(PDF / "one_column.pdf", engine)
    text_lines = lines(document)

    assert "Software Engineer 2019 – 2021" in text_lines
    assert "Acme Analytics Springfield, IL" in text_lines
    assert "Northwind Traders Shelbyville" in text_lines
    assert "BSc Computer Science, State University 2012 – 2016" in text_lines
    assert columns_found(document) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_sidebar_is_read_before_the_main_column(engine: str) -> None:
    document = load(PDF / "sidebar.pdf", engine)

    assert_column_by_column(
        document,
        ["Jordan Lee", "jordan.lee@example.com", "Epic EHR", "English, French"],
        [
            "Profile",
            "ICU Nurse, Mercy Hospital, 2019 – present",
            "BSc Nursing, State University, 2016",
        ],
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_table_cells_of_a_row_stay_on_one_line(engine: str) -> None:
    document = load(PDF / "table.pdf", engine)
    text_lines = lines(document)

    for row in ("Skill Level Years", "Python Expert 7 years", "Tableau Intermediate 3 years"):
        assert row in text_lines
    assert columns_found(document) == []


TWO_COLUMN_TEMPLATES = {
    "deedy_resume-openfont.pdf": (
        ["EDUCATION", "LINKS", "COURSEWORK", "SKILLS"],
        ["EXPERIENCE", "RESEARCH", "AWARDS", "PUBLICATIONS"],
    ),
    "deedy_resume-macfonts.pdf": (
        ["EDUCATION", "LINKS", "COURSEWORK", "SKILLS"],
        ["EXPERIENCE", "RESEARCH", "AWARDS", "PUBLICATIONS"],
    ),
    "awesomecv_fork_resume-twocolumn.pdf": (
        ["Summary", "Education", "Experience"],
        ["Honors & Awards", "Presentation", "Writing"],
    ),
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(TWO_COLUMN_TEMPLATES))
def test_two_column_templates_are_read_column_by_column(name: str, engine: str) -> None:
    document = load(shared("resumes", "templates", name), engine)
    left, right = TWO_COLUMN_TEMPLATES[name]

    assert_column_by_column(document, left, right)
    assert columns_found(document) == [1]


@pytest.mark.parametrize("engine", ENGINES)
def test_deedy_columns_keep_their_entries_together(engine: str) -> None:
    document = load(shared("resumes", "templates", "deedy_resume-openfont.pdf"), engine)
    text_lines = lines(document)

    degree = text_lines.index("MENG IN COMPUTER SCIENCE")
    assert text_lines[degree - 1] == "CORNELL UNIVERSITY"
    assert text_lines[degree + 1] == "Dec 2014 | Ithaca, NY"
    job = text_lines.index("FACEBOOK | SOFTWARE ENGINEER")
    assert text_lines[job + 1] == "Jan 2015 - Present | New York, NY"


ONE_COLUMN_TEMPLATES = [
    "awesomecv_coverletter.pdf",
    "awesomecv_cv.pdf",
    "awesomecv_fork_cv_french.pdf",
    "awesomecv_fork_resume-zh.pdf",
    "awesomecv_resume.pdf",
    "moderncv_template-es.pdf",
    "moderncv_template-zh.pdf",
    "moderncv_template_banking_red.pdf",
    "moderncv_template_casual_orange.pdf",
    "moderncv_template_classic_green.pdf",
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ONE_COLUMN_TEMPLATES)
def test_one_column_templates_are_never_split(name: str, engine: str) -> None:
    document = load(shared("resumes", "templates", name), engine)

    assert columns_found(document) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_titles_keep_their_right_aligned_dates_and_places(engine: str) -> None:
    resume = lines(load(shared("resumes", "templates", "awesomecv_resume.pdf"), engine))
    french = lines(load(shared("resumes", "templates", "awesomecv_fork_cv_french.pdf"), engine))
    moderncv = lines(
        load(shared("resumes", "templates", "moderncv_template_banking_red.pdf"), engine)
    )

    assert "Dunamu Inc. Seoul, S.Korea" in resume
    assert "DevOps Engineer Sep. 2023 - Mar. 2024" in resume
    assert "D2SI Paris, France" in french
    assert "Degree, Grade year–year" in moderncv
