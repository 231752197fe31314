"""The tokeniser's and alias scan's C accelerator and their pure-Python path agree exactly.

The accelerator (``taxonomy/_native.c``) re-implements ``tokens.tokenize`` and the loop of
``AliasMatcher.scan_tokens``; these tests hold it to the Python code, which stays the
reference, over real postings, every fixture text and generated text full of the characters
the token pattern treats specially.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentmatch._compiled import PURE_PYTHON_ENV
from talentmatch.documents import load_document
from talentmatch.errors import DocumentError
from talentmatch.extraction import TaxonomyExtractor
from talentmatch.taxonomy import Taxonomy
from talentmatch.taxonomy._accelerator import Native, native
from talentmatch.taxonomy.concept import Concept
from talentmatch.taxonomy.matcher import AliasMatcher, Candidate
from talentmatch.taxonomy.tokens import tokenize
from tests.conftest import FIXTURES, load_script, require_built, shared

ROOT = Path(__file__).resolve().parent.parent

Tokens = tuple[list[str], list[int], list[int], list[str]]


def accelerator() -> Native:
    return require_built(native())


def both_paths(monkeypatch: pytest.MonkeyPatch, text: str) -> tuple[Tokens, Tokens]:
    results = []
    for pure in ("0", "1"):
        monkeypatch.setenv(PURE_PYTHON_ENV, pure)
        tokens = tokenize(text)
        results.append((tokens.keys, tokens.starts, tokens.ends, tokens.seps))
    monkeypatch.delenv(PURE_PYTHON_ENV)
    return results[0], results[1]


def scans(monkeypatch: pytest.MonkeyPatch, matcher: AliasMatcher, text: str) -> list[object]:
    results: list[object] = []
    for pure in ("0", "1"):
        monkeypatch.setenv(PURE_PYTHON_ENV, pure)
        candidates = matcher.scan_tokens(text).candidates
        assert all(type(c) is Candidate for c in candidates)
        results.append(candidates)
    monkeypatch.delenv(PURE_PYTHON_ENV)
    return results


# Characters the pattern decides on: word characters of every script, dots, apostrophes
# before "s" or not, +/#, the hyphens and dashes that separate, Unicode spaces and digits,
# and letters whose NFKC or case folding changes length ("ﬁ", "ß", "İ").
_ALPHABET = list("aAzZsS09_'’.+#-‐‑‒–—/& \t\n\x0b\x1c\u00a0\u2028éÉßﬁİıǅ١Ａ５•,;:()")


@settings(max_examples=1500)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=40))
def test_generated_text_tokenises_alike(text: str) -> None:
    accelerator()
    with pytest.MonkeyPatch.context() as monkeypatch:
        native_tokens, pure_tokens = both_paths(monkeypatch, text)
    assert native_tokens == pure_tokens


@settings(max_examples=300)
@given(st.text(max_size=60))
def test_any_text_tokenises_alike(text: str) -> None:
    accelerator()
    with pytest.MonkeyPatch.context() as monkeypatch:
        native_tokens, pure_tokens = both_paths(monkeypatch, text)
    assert native_tokens == pure_tokens


def corpus_texts() -> list[str]:
    texts = []
    for path in sorted(FIXTURES.rglob("*")):
        if path.suffix in {".txt", ".docx"}:
            try:
                texts.append(load_document(path).text)
            except DocumentError:  # fixtures of unreadable documents
                continue
    return texts


def test_fixture_texts_tokenise_and_scan_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    accelerator()
    matcher = Taxonomy.builtin().matcher
    texts = corpus_texts()
    assert len(texts) >= 20
    for text in texts:
        native_tokens, pure_tokens = both_paths(monkeypatch, text)
        assert native_tokens == pure_tokens
        native_found, pure_found = scans(monkeypatch, matcher, text)
        assert native_found == pure_found


def test_postings_scan_alike_against_the_merged_taxonomy(monkeypatch: pytest.MonkeyPatch) -> None:
    accelerator()
    accuracy = load_script(ROOT / "benchmarks" / "skills_accuracy.py", "skills_accuracy")
    data = shared()
    postings = accuracy.read_postings(data / "skills" / "skillspan" / "dev.json")
    merged = accuracy.taxonomies(data, ["builtin+esco+onet"])["builtin+esco+onet"]
    compared = 0
    for posting in postings:
        native_tokens, pure_tokens = both_paths(monkeypatch, posting.text)
        assert native_tokens == pure_tokens
        native_found, pure_found = scans(monkeypatch, merged.matcher, posting.text)
        assert native_found == pure_found
        compared += bool(native_found)
    assert compared >= len(postings) // 2


def test_a_phrase_group_missing_from_the_table_is_built_on_the_native_path() -> None:
    accelerator()
    matcher = Taxonomy.builtin().matcher
    # A fresh matcher builds each first token's phrases the first time a text holds it.
    fresh = AliasMatcher.restore(matcher.concepts, matcher.snapshot())
    found = fresh.scan_tokens("Spring Boot on Kubernetes").candidates
    assert [(c.first, c.last) for c in found] == [(0, 0), (0, 1), (3, 3)]


def test_extraction_is_identical_on_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    accelerator()
    speed = load_script(ROOT / "benchmarks" / "skills_speed.py", "skills_speed")
    texts = [speed.two_page_resume(), *corpus_texts()]
    extractor = TaxonomyExtractor(keep_unclaimed=True)
    results = []
    for pure in ("0", "1"):
        monkeypatch.setenv(PURE_PYTHON_ENV, pure)
        mentions = [extractor.extract(text, as_of=date(2026, 1, 1)) for text in texts]
        results.append([[m.model_dump_json() for m in found] for found in mentions])
        assert results[-1][0]
    assert results[0] == results[1]


_WIDE = Taxonomy(
    [
        Concept(id="t:1", label="Gestión de proyectos", type="knowledge", category="x"),
        Concept(id="t:2", label="Москва Python", type="tool", category="x"),
        Concept(id="t:3", label="日本語 能力 試験", type="certification", category="x"),
        Concept(id="t:4", label="Ĳssel 😀 emoji", type="tool", category="x"),
    ],
    name="wide",
    version="1",
)


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(["gestión", "de", "proyectos", "Москва", "python", "日本語", "能力",
                         "試験", "Ĳssel", "😀", "emoji", "plain", "\n\n", "-"]),
        max_size=12,
    )
)  # fmt: skip
def test_phrases_of_wide_characters_scan_alike(words: list[str]) -> None:
    # A phrase key grows by one token at a time; its characters may be wider than the key's
    # so far (Latin-1, Cyrillic, CJK, astral), and the joined key must still be found.
    accelerator()
    text = " ".join(words)
    with pytest.MonkeyPatch.context() as monkeypatch:
        native_found, pure_found = scans(monkeypatch, _WIDE.matcher, text)
    assert native_found == pure_found


def test_each_wide_phrase_is_found_on_the_native_path() -> None:
    accelerator()
    text = "Gestión de proyectos, Москва Python, 日本語 能力 試験 and Ĳssel 😀 emoji"
    found = _WIDE.matcher.scan_tokens(text).candidates
    ids = {_WIDE.matcher.concepts[e.concept].id for c in found for e in c.entries}
    assert sorted(ids) == ["t:1", "t:2", "t:3", "t:4"]


def test_the_scan_refuses_a_token_key_that_is_not_a_str() -> None:
    built = accelerator()
    table: dict[object, tuple[tuple[()], bool]] = {1: ((), True)}
    with pytest.raises(TypeError, match="not a str"):
        built.scan([1, "b"], ["", " "], table, set(), print, Candidate, " ")  # type: ignore[list-item]
