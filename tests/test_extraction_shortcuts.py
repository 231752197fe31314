"""Second round of extraction speed shortcuts, each held to the plain formulation it replaces.

- Skills headings and labelled lines of ASCII text are found case-sensitively in the
  lowered text.
- Word tokens of a sentence are counted with the loop in C.
- Assertion cues are located by a set test over all tokens at once.
- The resolver accepts the longest candidate's first entry inline when it needs no context.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from talentmatch.extraction import TaxonomyExtractor
from talentmatch.extraction.assertions import _CUE_WORDS, assertion_scopes
from talentmatch.extraction.context import _HEADING, _LABELLED_LINE, TextLayout, _labelled_line
from talentmatch.taxonomy.tokens import tokenize
from tests.conftest import load_script

ROOT = Path(__file__).resolve().parent.parent

_LINES = [
    "Skills", "SKILLS:", "  • Technical Skills :", "Tech Stack", "tools and technologies",
    "Languages", "Experience", "Python, Go", "  ", "", "Core   competencies", "Skill set",
    "Industry:", "- Domains", "skills\t", "We use Java.", "no experience with Rust",
    "Haven't used Go", "keen to learn Kotlin", "not familiar with COBOL; but SQL",
    "don't know Rust", "I doesn't have experience with Go", "the team's tools", "'", "''",
    "hadn't touched C'", "never used R", "Don't'",
    "ＳＫＩＬＬＳ", "Compétences", "İndustry:", "ſkills:", "Technolog\u0130es",
]  # fmt: skip


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_LINES), max_size=12), st.sampled_from(["\n", "\n\n", " \n"]))
def test_headings_of_lowered_ascii_text_are_the_case_insensitive_ones(
    lines: list[str], joiner: str
) -> None:
    text = joiner.join(lines)
    layout = TextLayout(tokenize(text))
    assert layout._headings() == [m.span() for m in _HEADING.finditer(text)]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_LINES), max_size=12), st.sampled_from([" ", ". ", "\n"]))
def test_cue_offsets_from_tokens_find_every_cue_the_text_search_finds(
    lines: list[str], joiner: str
) -> None:
    text = joiner.join(lines)
    tokens = tokenize(text)
    # Word cues found by the token test are the same scopes as those of the text search,
    # which tries every word boundary.
    assert assertion_scopes(text, tokens.keys, tokens.starts) == assertion_scopes(text)
    assert _CUE_WORDS.pattern  # the text search the token test stands for


def _plain_pass(extractor: TaxonomyExtractor, text: str) -> list[tuple[object, ...]]:
    """The first pass written plainly: ``_plain`` for every uncovered first token."""
    scan = extractor.taxonomy.matcher.scan_tokens(text)
    layout = TextLayout(scan.tokens)
    groups: dict[int, list[int]] = {}
    for index, candidate in enumerate(scan.candidates):
        groups.setdefault(candidate.first, []).append(index)
    layout.skill_starts = groups.keys()
    found: list[tuple[object, ...]] = []
    covered_to = -1
    for first, group in groups.items():
        hit = None
        if first > covered_to:
            hit = extractor._plain(scan.candidates, range(group[0], group[-1] + 1), layout)
        if hit is not None:
            found.append((hit.first, hit.last, hit.entry, hit.kind, hit.confidence, hit.reason))
            covered_to = hit.last
    return found


def test_inline_acceptance_agrees_with_the_plain_rule() -> None:
    extractor = TaxonomyExtractor(fuzzy=False)
    speed = load_script(ROOT / "benchmarks" / "skills_speed.py", "skills_speed")
    texts = [
        speed.two_page_resume(),
        "Python, AWS and SQL on Kubernetes; Java 8 developer. Excel and Swift. R, C.",
        "Portland, OR. SOLID understanding of APIs; Json and JSON; San Diego; k8s pods.",
    ]
    compared = 0
    for text in texts:
        hits, _, _ = extractor._resolve(text, None)
        first_pass = [
            (h.first, h.last, h.entry, h.kind, h.confidence, h.reason)
            for h in hits
            if h.reason in ("", "capitalisation")
        ]
        assert first_pass == _plain_pass(extractor, text)
        compared += len(first_pass)
    assert compared >= 100


@settings(max_examples=400)
@given(
    st.lists(
        st.sampled_from([*_LINES, "Skills - Python", "TOOLS | Git", "İndustry: x"]), max_size=3
    )
)
def test_labelled_lines_of_lowered_ascii_text_are_the_case_insensitive_ones(
    lines: list[str],
) -> None:
    content = " ".join(lines)
    assert _labelled_line(content) == bool(_LABELLED_LINE.match(content))


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("aZ9_.'-, \n•é١")), max_size=30))
def test_word_tokens_count_keys_led_by_a_letter_or_digit(text: str) -> None:
    layout = TextLayout(tokenize(text))
    keys = layout.tokens.keys
    assert layout.word_tokens(0, len(keys)) == sum([key[:1].isalnum() for key in keys])
