"""The generated resumes (fixtures/resumes) parse to their expected JSON.

Single-column layouts (plain text, DOCX paragraphs and tables, one-column PDF) must match
exactly: every position's title, employer, dates and precision, every education level and
spoken language. Multi-column PDFs depend on the PDF reader's column order as well, so here
they must only keep their contact details and most section kinds; benchmarks/
parse_accuracy.py reports their field accuracy.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from talentmatch.models.resume import PartialDate, Resume
from talentmatch.parsing import parse_resume

from .conftest import FIXTURES, load_script

FOLDER = FIXTURES / "resumes"
INDEX = json.loads((FOLDER / "index.json").read_text(encoding="utf-8"))
SINGLE_COLUMN = {"txt", "txt_no_headings", "docx_paragraphs", "docx_table", "pdf_one_column"}


def _expected(item: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FOLDER / item["expected"]).read_text(encoding="utf-8"))
    return data


def _date(value: PartialDate | None) -> dict[str, Any] | None:
    return None if value is None else value.model_dump(mode="json")


def _norm(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


def _position_rows(resume: Resume) -> list[dict[str, Any]]:
    return [
        {
            "title": _norm(p.title.text if p.title else None),
            "employer": _norm(p.employer.text if p.employer else None),
            "start": _date(p.start),
            "end": _date(p.end),
            "current": p.current,
        }
        for p in resume.positions
    ]


def test_fixture_set_is_broad_enough() -> None:
    expected = [_expected(item) for item in INDEX]
    assert len(expected) >= 40
    assert {e["language"] for e in expected} == {"en", "fr", "es", "de", "pt"}
    assert {e["layout"] for e in expected} >= SINGLE_COLUMN | {"pdf_two_column", "pdf_sidebar"}
    levels = {edu["level"] for e in expected for edu in e["education"]}
    assert levels == {"secondary", "vocational", "associate", "bachelor", "master", "doctorate"}
    assert len({e["date_style"] for e in expected}) >= 14


@pytest.mark.parametrize(
    "item",
    [i for i in INDEX if _expected(i)["layout"] in SINGLE_COLUMN],
    ids=lambda i: i["id"],
)
def test_single_column_fixture_parses_exactly(item: dict[str, str]) -> None:
    expected = _expected(item)
    resume = parse_resume(Path(FOLDER / item["file"]))
    wanted = [
        {
            "title": _norm(p["title"]),
            "employer": _norm(p["employer"]),
            "start": p["start"],
            "end": p["end"],
            "current": p["current"],
        }
        for p in expected["positions"]
    ]
    assert _position_rows(resume) == wanted
    assert [e.level.value if e.level else None for e in resume.education] == [
        e["level"] for e in expected["education"]
    ]
    assert [
        (lang.iso639_1, lang.level.value if lang.level else None) for lang in resume.languages
    ] == [(e["iso"], e["level"]) for e in expected["languages"]]
    headed = [s.kind.value for s in resume.sections if s.heading is not None]
    assert headed == expected["sections"]
    contact = expected["contact"]
    assert [e.text for e in resume.contact.emails] == contact["emails"]
    assert [p.e164 for p in resume.contact.phones] == contact["phones_e164"]
    assert resume.contact.name is not None
    assert resume.contact.name.text == contact["name"]


@pytest.mark.parametrize(
    "item",
    [i for i in INDEX if _expected(i)["layout"] not in SINGLE_COLUMN],
    ids=lambda i: i["id"],
)
def test_multi_column_fixture_keeps_contact_and_sections(item: dict[str, str]) -> None:
    expected = _expected(item)
    resume = parse_resume(Path(FOLDER / item["file"]))
    assert [e.text for e in resume.contact.emails] == expected["contact"]["emails"]
    kinds = {s.kind.value for s in resume.sections}
    assert len(kinds & set(expected["sections"])) >= 3
    assert resume.positions


def _members(data: bytes) -> list[tuple[str, int, int]]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(i.filename, i.CRC, i.file_size) for i in archive.infolist()]


def test_generator_reproduces_the_committed_fixtures(tmp_path: Path) -> None:
    module = load_script(FIXTURES / "make_resume_fixtures.py", "make_resume_fixtures")
    module.main(tmp_path)
    committed = sorted(p.name for p in FOLDER.iterdir() if p.is_file())
    assert sorted(p.name for p in tmp_path.iterdir()) == committed
    for name in committed:
        fresh, kept = (tmp_path / name).read_bytes(), (FOLDER / name).read_bytes()
        if name.endswith(".docx"):
            # Deflate output may differ between zlib builds; the members must not.
            assert _members(fresh) == _members(kept), name
        else:
            assert fresh == kept, name
