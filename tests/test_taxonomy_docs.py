"""docs/taxonomy.md shows the current coverage of the built-in taxonomy."""

from __future__ import annotations

from pathlib import Path

from talentmatch.taxonomy import Taxonomy
from talentmatch.taxonomy.coverage import coverage_markdown

DOC = Path(__file__).resolve().parent.parent / "docs" / "taxonomy.md"


def test_coverage_table_in_the_docs_is_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("<!-- coverage:start -->") + len("<!-- coverage:start -->")
    end = text.index("<!-- coverage:end -->")
    expected = coverage_markdown(Taxonomy.builtin())
    assert text[start:end].strip() == expected, (
        "docs/taxonomy.md coverage is out of date: replace the table between the coverage "
        "markers with the output of `python -m talentmatch.taxonomy.coverage`."
    )


def test_table_counts_match_the_taxonomy() -> None:
    table = coverage_markdown(Taxonomy.builtin())
    total = table.splitlines()[-1]
    assert f"**{len(Taxonomy.builtin()):,}**" in total
    assert table.count("\n") == len(Taxonomy.builtin().coverage()) + 2
