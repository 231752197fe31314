"""Properties of quote grounding and of LLMExtractor results, whatever the model says."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from talentmatch.documents import load_document
from talentmatch.errors import LLMOutputError
from talentmatch.extraction.llm_evidence import QuoteIndex, normalise_quote
from talentmatch.extraction.llm_extractor import LLMExtractor
from talentmatch.llm.scripted import ScriptedClient

WORDS = ["Python", "SQL", "Kubernetes", "led", "team", "of", "five", "Excel", "reports",
         "Terraform", "modules", "straße", "naïve", "Größe", "–", "“q”", "C++", "ﬁx"]  # fmt: skip
SPACES = [" ", "  ", "\n", "\t", "\u00a0", " \n "]
NAMES = ["Python", "SQL", "Kubernetes", "Team leadership", "Microsoft Excel", "Terraform",
         "Rust", "Quantum origami", "", "C++"]  # fmt: skip


@st.composite
def texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25))
    gaps = draw(st.lists(st.sampled_from(SPACES), min_size=len(words), max_size=len(words)))
    return "".join(w + g for w, g in zip(words, gaps, strict=True))


@given(texts(), st.data())
@settings(max_examples=150)
def test_every_substring_is_found_and_maps_to_an_equal_span(text: str, data: Any) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    spans = QuoteIndex(text).find(quote, limit=100)
    if not normalise_quote(quote):
        assert spans == []
        return
    assert spans
    for found_start, found_end in spans:
        assert normalise_quote(text[found_start:found_end]) == normalise_quote(quote)


@given(texts(), st.data())
@settings(max_examples=150)
def test_case_and_whitespace_changes_do_not_defeat_grounding(text: str, data: Any) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    respaced = " ".join(quote.split()).upper()
    assert bool(QuoteIndex(text).find(respaced)) == bool(normalise_quote(respaced))


@st.composite
def answers(draw: st.DrawFn, text: str, hidden: str) -> dict[str, Any]:
    items = []
    for _ in range(draw(st.integers(0, 8))):
        source = draw(st.sampled_from([text, hidden, "made up words entirely"]))
        start = draw(st.integers(0, max(0, len(source) - 1)))
        end = draw(st.integers(start, len(source)))
        items.append({"name": draw(st.sampled_from(NAMES)), "quote": source[start:end]})
    return {"skills": items}


@given(texts(), texts(), st.data())
@settings(max_examples=60)
def test_results_only_cite_visible_text_and_account_for_every_item(
    text: str, hidden: str, data: Any
) -> None:
    document = load_document(text).model_copy(update={"hidden_text": hidden})
    answer = data.draw(answers(document.text, hidden))
    try:
        result = LLMExtractor(ScriptedClient([answer], cycle=True)).extract_result(document)
    except LLMOutputError:  # unusable every time: only when no item is valid
        assert all(not i["name"] or not i["quote"].strip() for i in answer["skills"])
        return
    visible = document.text
    for mention in result.mentions:
        assert mention.source == "llm"
        for occurrence in mention.occurrences:
            assert occurrence.span.slice(visible) == occurrence.surface
            assert occurrence.surface.strip()
    for skill in result.unmapped:
        assert all(0 <= span.start < span.end <= len(visible) for span in skill.evidence)
    valid = [i for i in answer["skills"] if i["name"] and i["quote"].strip()]
    distinct = {(" ".join(i["name"].casefold().split()), normalise_quote(i["quote"]))
                for i in valid}  # fmt: skip
    dropped = result.run.dropped
    assert result.run.skills_reported == len(answer["skills"])
    assert dropped.invalid == len(answer["skills"]) - len(valid)
    # Each distinct valid item is dropped once, or feeds a mention (several may share one).
    assert dropped.total - dropped.invalid <= len(distinct)
    assert len(result.mentions) <= len(distinct) - (
        dropped.total - dropped.invalid - dropped.unclaimed
    )
