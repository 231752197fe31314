"""Cleaning PDF text: fake bold, missing spaces, hyphenation, ligatures, icons, bullets, CJK."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from talentmatch.config import Limits
from talentmatch.documents import load_document
from talentmatch.documents._clean import clean_line, is_bullet_glyph, join_hyphenated
from talentmatch.models import Document
from tests.conftest import FIXTURES, shared

PDF = FIXTURES / "documents" / "pdf"
ENGINES = ["pdfium", "pypdf"]
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def load(path: Path, engine: str) -> Document:
    return load_document(path, limits=Limits(pdf_engine=engine, pdf_fallback=False))


def template(name: str, engine: str) -> Document:
    return load(shared("resumes", "templates", name), engine)


def lines(document: Document) -> list[str]:
    return [line for line in document.text.splitlines() if line.strip()]


@pytest.mark.parametrize("engine", ENGINES)
def test_fake_bold_copies_collapse_but_real_doubles_survive(engine: str) -> None:
    document = load(PDF / "fake_bold.pdf", engine)

    assert "Skills" in lines(document)
    assert "Team lead" in lines(document)
    assert "SSkills" not in document.text
    assert "TTeam" not in document.text
    assert "Committee member since 2000, bookkeeper at Mississippi balloon shop." in lines(document)


@pytest.mark.parametrize("engine", ENGINES)
def test_cjk_fake_bold_is_collapsed_and_cjk_stays_readable(engine: str) -> None:
    moderncv = template("moderncv_template-zh.pdf", engine)
    awesome = template("awesomecv_fork_resume-zh.pdf", engine)

    assert "学位" in moderncv.text
    assert "职位" in moderncv.text
    assert "学学" not in moderncv.text
    assert "位位" not in moderncv.text
    assert "计算机科学与技术学士 清华大学" in lines(awesome)
    assert "• 实现用户认证、课程管理和在线测试功能" in lines(awesome)


@pytest.mark.parametrize("engine", ENGINES)
def test_spaces_shown_only_by_position_are_restored(engine: str) -> None:
    fixture = lines(load(PDF / "missing_spaces.pdf", engine))
    deedy = template("deedy_resume-openfont.pdf", engine).text
    twocolumn = template("awesomecv_fork_resume-twocolumn.pdf", engine).text

    assert "Managed the payroll for the regional office" in fixture
    assert "Reduced costs by twelve percent" in fixture
    # deedy's open-font build draws each word separately, some without a space glyph.
    assert "the admin interface for the new Phoenix platform." in deedy
    assert "Phabricator is used daily by Facebook" in deedy
    # awesome-cv justifies with TJ offsets instead of space glyphs.
    assert "Must be the change that you want to see in the world." in twocolumn


@pytest.mark.parametrize("engine", ENGINES)
def test_hyphenated_line_breaks_are_joined(engine: str) -> None:
    document = load(PDF / "one_column.pdf", engine)

    assert (
        "Designed a forecasting service with strong experience in time series and a highly "
        "self-motivated approach to testing." in lines(document)
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_ligatures_expand_and_drawn_soft_hyphens_are_hyphens(engine: str) -> None:
    deedy = template("deedy_resume-openfont.pdf", engine).text
    awesome = template("awesomecv_cv.pdf", engine).text

    assert "Artificial Intelligence" in deedy
    assert "\ufb01" not in deedy
    # The font maps its hyphen glyph to U+00AD; on a page it is a visible hyphen.
    assert "Mar. 2010 - Aug. 2017" in awesome
    assert "Back-end" in awesome


@pytest.mark.parametrize("engine", ENGINES)
def test_icons_go_and_bullets_stay(engine: str) -> None:
    bullets = lines(load(PDF / "bullets.pdf", engine))
    moderncv = lines(template("moderncv_template_classic_green.pdf", engine))
    french = template("awesomecv_fork_cv_french.pdf", engine).text

    assert "• Managed budgets of four projects" in bullets
    assert "• Led a team of six" in bullets
    # moderncv's phone and e-mail icons map to the letters "H", "T", "B": dropped.
    assert "+1 (234) 567 890" in moderncv
    assert "john@doe.org" in moderncv
    assert PRIVATE_USE.search(french) is None
    assert "(+33) 06.45.37.40.34" in french


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "name",
    [
        "awesomecv_cv.pdf",
        "awesomecv_fork_resume-twocolumn.pdf",
        "moderncv_template_banking_red.pdf",
        "moderncv_template-es.pdf",
    ],
)
def test_no_private_use_or_control_characters_reach_the_text(name: str, engine: str) -> None:
    text = template(name, engine).text

    assert PRIVATE_USE.search(text) is None
    assert not any(ord(ch) < 32 and ch != "\n" for ch in text)
    assert "\ufffe" not in text
    assert "\x02" not in text


def test_clean_line_handles_junk_glyphs() -> None:
    assert clean_line("\x7f Managed budgets").text == "• Managed budgets"
    assert clean_line("(cid:127) Led a team").text == "• Led a team"
    assert clean_line("Python(cid:3)Java").text == "PythonJava"
    assert clean_line("\uf0b7 Wingdings bullet").text == "• Wingdings bullet"
    assert clean_line("Call \ue000 555 0100").text == "Call  555 0100"
    assert clean_line("co\u00adordinated").text == "coordinated"
    cleaned = clean_line("note\U000e0041\U000e0042")
    assert (cleaned.text, cleaned.tag_payload) == ("note", "AB")


def test_bullet_glyphs_are_recognised() -> None:
    assert is_bullet_glyph("\u25aa")
    assert is_bullet_glyph("\u2022 ")
    assert not is_bullet_glyph("B")
    assert not is_bullet_glyph("")


def test_hyphen_joining_keeps_compound_prefixes() -> None:
    assert join_hyphenated("strong experi-", "ence in Python") == "strong experience in Python"
    assert join_hyphenated("highly self-", "motivated") == "highly self-motivated"
    assert join_hyphenated("Python -", "Django") is None
    assert join_hyphenated("Worked at ACME-", "Corp") is None
