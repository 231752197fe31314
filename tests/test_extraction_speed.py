"""The shortcuts taken for extraction speed answer exactly as the plain rules they stand for.

Each fast path (a pre-test before a rule, a memo, a cheaper regex) is checked against the
plain formulation on generated input, so a later edit of one side cannot drift silently.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from talentmatch.extraction import TaxonomyExtractor
from talentmatch.extraction import taxonomy_extractor as te
from talentmatch.extraction.assertions import (
    ORG_NOUNS,
    ROLE_NOUNS,
    TITLE_HEADS,
    ends_in_role,
    starts_after_role,
)
from talentmatch.extraction.context import (
    _LABELLED_LINE,
    _SENTENCE_END,
    _SEPARATORS,
    TextLayout,
)
from talentmatch.extraction.fuzzy import best_fuzzy
from talentmatch.extraction.taxonomy_extractor import _LIST_JOINERS, _Hit, _list_neighbours
from talentmatch.models._trusted import trusted_model
from talentmatch.models.document import Span
from talentmatch.models.skills import Assertion, MatchKind, Occurrence
from talentmatch.taxonomy import Taxonomy
from talentmatch.taxonomy.concept import Concept
from talentmatch.taxonomy.matcher import AliasEntry, AliasMatcher, Ambiguity
from talentmatch.taxonomy.tokens import _SPLIT, tokenize
from tests.conftest import load_script

ROOT = Path(__file__).resolve().parent.parent

_ENTRY = AliasEntry(0, "Python", MatchKind.LABEL, Ambiguity.NONE)
_WORDS = [
    "python", "java", "engineer", "developer", "team", "senior", "and", ",", "/", "of", "head",
    "manager", "skills", "go", "we", "use", "(", ")", ".", "lead", "data", "platform",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    keys=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12),
    newlines=st.lists(st.booleans(), min_size=12, max_size=12),
    skills=st.sets(st.integers(0, 11)),
    after=st.integers(0, 12),
)
def test_role_pretests_never_skip_a_role(
    keys: list[str], newlines: list[bool], skills: set[int], after: int
) -> None:
    seps = ["\n" if newline else " " for newline in newlines[: len(keys)]]
    # The extractor calls ends_in_role only when a role noun is within five tokens or an
    # organisation noun comes right after, and starts_after_role only after "of" or a head.
    if ends_in_role(keys, seps, after, skills):
        assert after < len(keys)
        assert keys[after] in ORG_NOUNS or not ROLE_NOUNS.isdisjoint(keys[after : after + 5])
    first = min(after, len(keys) - 1)
    if starts_after_role(keys, seps, first):
        assert first > 0
        assert keys[first - 1] == "of" or keys[first - 1] in TITLE_HEADS


_OLD_SENTENCE_END = re.compile(r"(?<=[.!?])[^\S\n]+(?=[\"'(\[A-Z0-9•*-])")
# Text pieces that exercise sentence stops, list separators and a skills label.
_TEXT = st.lists(
    st.sampled_from([*"ab A.!?,;|/ \t\n\"'(-•·:", " / ", "Skills", "Tools: ", "- "]), max_size=40
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
def test_sentence_ends_match_the_lookbehind_form(text: str) -> None:
    assert [m.end() for m in _SENTENCE_END.finditer(text)] == [
        m.end() for m in _OLD_SENTENCE_END.finditer(text)
    ]


@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
def test_list_segments_match_the_split_rule(text: str) -> None:
    layout = TextLayout(tokenize(text))
    segments = {layout.segment_of(offset) for offset, char in enumerate(text) if char != "\n"}
    for segment in segments:
        start, end = layout.segment_bounds(segment)
        content = text[start:end]
        pieces = [p for p in _SEPARATORS.split(content) if p.strip()]
        short = [p for p in pieces if len(p.split()) <= 3]
        expected = bool(_LABELLED_LINE.match(content)) or (
            len(pieces) >= 3 and len(short) * 10 >= len(pieces) * 7
        )
        assert layout.is_list_segment(segment) is expected


_OLD_SPLIT = re.compile(r"((?:\.(?=\w))?\w+(?:\.\w+|['’](?![sS]\b)\w+)*[+#]*|[^\w\s\-‐‑‒–—])")


@settings(max_examples=500, deadline=None)
@given(
    text=st.lists(st.sampled_from([*".a1_'’sS+# -\n—é.", ".NET", "C++", "'s "]), max_size=30).map(
        "".join
    )
)
def test_token_split_matches_the_lookahead_form(text: str) -> None:
    assert _SPLIT.split(text) == _OLD_SPLIT.split(text)


@settings(max_examples=300, deadline=None)
@given(
    keys=st.lists(st.sampled_from(["python", ",", "and", "/", "go", "|", "rust"]), max_size=15),
    spans=st.lists(st.tuples(st.integers(0, 14), st.integers(0, 2)), max_size=6),
    marks=st.lists(st.booleans(), min_size=15, max_size=15),
)
def test_list_neighbours_match_the_stepping_rule(
    keys: list[str], spans: list[tuple[int, int]], marks: list[bool]
) -> None:
    covered = bytearray(marks[: len(keys)])
    hits = [
        _Hit(first, min(first + extra, len(keys) - 1), _ENTRY, MatchKind.LABEL, 0.9, "")
        for first, extra in spans
        if first < len(keys)
    ]
    expected = set()
    for hit in hits:
        for step, edge in ((1, hit.last), (-1, hit.first)):
            index, hops = edge + step, 0
            while 0 <= index < len(keys) and keys[index] in _LIST_JOINERS and hops < 2:
                index, hops = index + step, hops + 1
            if 0 <= index < len(keys) and not covered[index]:
                expected.add(index)
    assert _list_neighbours(hits, keys, covered) == expected


def test_fuzzy_choices_are_the_neighbouring_buckets() -> None:
    matcher = Taxonomy.builtin().matcher
    buckets = matcher.single_token_keys()
    expected = [key for size in (9, 10, 11) for key in buckets.get(("k", size), [])]
    assert list(matcher.fuzzy_choices("k", 10)) == expected
    assert "kubernetes" in expected
    assert matcher.fuzzy_choices("ж", 10) == ()


def test_trusted_models_equal_validated_ones_and_share_a_fields_set_safely() -> None:
    values = {
        "span": trusted_model(Span, {"start": 0, "end": 6, "page": None}),
        "surface": "Python",
        "section_kind": None,
        "position_index": None,
        "match": MatchKind.LABEL,
        "assertion": Assertion.CLAIMED,
        "confidence": 0.95,
        "reason": "",
    }
    first = trusted_model(Occurrence, dict(values))
    second = trusted_model(Occurrence, dict(values))
    assert first == Occurrence.model_validate(first.model_dump())
    assert first.model_fields_set == set(Occurrence.model_fields)
    # One set per class: pydantic never changes a frozen model's set, and copies it for an
    # update, so the models that share it keep every field marked set.
    assert first.model_fields_set is second.model_fields_set
    copied = first.model_copy(update={"surface": "python"})
    assert copied.surface == "python"
    assert first.surface == "Python"
    assert copied.model_fields_set is not first.model_fields_set
    with pytest.raises(ValidationError):
        first.surface = "python"  # type: ignore[misc]
    assert second.model_fields_set == set(Occurrence.model_fields)


def test_reassigned_taxonomy_is_used() -> None:
    extractor = TaxonomyExtractor()
    assert [m.label for m in extractor.extract("Kubernetes and Zorblax")] == ["Kubernetes"]
    custom = Taxonomy(
        [Concept(id="x:zorblax", label="Zorblax", type="tool", category="software")],
        name="custom",
        version="1",
    )
    extractor.taxonomy = custom
    assert [m.concept_id for m in extractor.extract("Kubernetes and Zorblax")] == ["x:zorblax"]


def test_benchmark_cpu_median_times_batches() -> None:
    bench = load_script(ROOT / "benchmarks" / "skills_speed.py", "skills_speed_bench")
    calls: list[int] = []
    figure = bench.median_cpu_ms(lambda: calls.append(1), repeat=30, batch=10)
    assert len(calls) == 1 + 30  # one warm-up call, then three batches of ten
    assert figure >= 0.0
    assert bench.median_cpu_ms(lambda: sum(range(20_000)), repeat=4, batch=2) > 0.0


def test_near_miss_answers_are_remembered_across_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def counting(key: str, matcher: AliasMatcher) -> tuple[str, float] | None:
        asked.append(key)
        return best_fuzzy(key, matcher)

    monkeypatch.setattr(te, "best_fuzzy", counting)
    extractor = TaxonomyExtractor()
    first = extractor.extract("Skills: Python, Javscript, Kubernates, Terraform")
    assert {"JavaScript", "Kubernetes"} <= {m.label for m in first}
    assert {"javscript", "kubernates"} <= set(asked)
    asked.clear()
    # Another text with the same words: the answers are remembered, and equal.
    again = extractor.extract("Tools: Javscript, Python, Kubernates")
    assert asked == []
    assert [m.label for m in again if m.occurrences[0].match == "fuzzy"] == [
        "JavaScript",
        "Kubernetes",
    ]
    # A fresh extractor asks again: the memo belongs to one extractor and taxonomy.
    TaxonomyExtractor().extract("Tools: Javscript, Python, Kubernates")
    assert {"javscript", "kubernates"} <= set(asked)


def test_the_near_miss_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(te, "_NEAR_MISS_WORDS", 3)
    facts = te._Facts(Taxonomy.builtin())
    for word in ("javscript", "kubernates", "terraformm"):
        facts.near_miss(word)
    assert len(facts._near) == 3
    assert facts.near_miss("postgress") == best_fuzzy("postgress", facts.taxonomy.matcher)
    assert list(facts._near) == ["postgress"]  # full: it started over
    long_word = "kubernates" * 5
    assert facts.near_miss(long_word) is None
    assert long_word not in facts._near


def test_extract_skills_shares_one_default_extractor_per_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from talentmatch import extraction

    asked: list[str] = []

    def counting(key: str, matcher: AliasMatcher) -> tuple[str, float] | None:
        asked.append(key)
        return best_fuzzy(key, matcher)

    monkeypatch.setattr(te, "best_fuzzy", counting)
    monkeypatch.setattr(extraction, "_DEFAULT_EXTRACTORS", {})
    text = "Tools: Javscript, Python, Kubernates; no experience with Rust"
    first = extraction.extract_skills(text)
    assert {"javscript", "kubernates"} <= set(asked)
    asked.clear()
    assert extraction.extract_skills(text) == first
    assert asked == []  # the shared extractor remembered its near-miss answers
    assert first == TaxonomyExtractor().extract(text)
    kept = extraction.extract_skills(text, keep_unclaimed=True)
    assert {m.label for m in kept} - {m.label for m in first} == {"Rust"}
    assert set(extraction._DEFAULT_EXTRACTORS) == {False, True}
    assert extraction._DEFAULT_EXTRACTORS[True].keep_unclaimed
    # Another taxonomy gets an extractor of its own, which is not kept.
    custom = Taxonomy(
        [Concept(id="x:zorblax", label="Zorblax", type="tool", category="software")],
        name="custom",
        version="1",
    )
    assert [m.label for m in extraction.extract_skills("Zorblax", taxonomy=custom)] == ["Zorblax"]
    assert len(extraction._DEFAULT_EXTRACTORS) == 2
    # A built-in taxonomy that has become another object (its cache was reset) is followed.
    monkeypatch.setattr(Taxonomy, "builtin", classmethod(lambda cls: custom))
    assert extraction._default_extractor(False).taxonomy is custom
