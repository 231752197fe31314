"""FallbackExtractor: degraded offline results on model failure; merge with provenance."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest

from talentmatch.errors import (
    CircuitOpenError,
    ConfigError,
    InputError,
    LLMOutputError,
    LLMThrottledError,
)
from talentmatch.extraction.fallback import FallbackExtractor
from talentmatch.extraction.llm_extractor import LLMExtractor
from talentmatch.extraction.llm_result import ExtractionResult
from talentmatch.extraction.taxonomy_extractor import SkillSource, TaxonomyExtractor
from talentmatch.llm.failures import annotate
from talentmatch.llm.models import Usage
from talentmatch.llm.pricing import PricingTable
from talentmatch.llm.scripted import Scripted, ScriptedClient, ScriptStep
from talentmatch.parsing import parse_resume

MODEL = "amazon.nova-micro-v1:0"

RESUME = """Sam Lee

SKILLS
Python, SQL

EXPERIENCE
Analyst, Initech  2020 - 2022
Automated reports with Python; coached two junior analysts.
"""


def primary(*steps: ScriptStep) -> LLMExtractor:
    return LLMExtractor(ScriptedClient(list(steps), model_id=MODEL))


def answer(*pairs: tuple[str, str]) -> dict[str, Any]:
    return {"skills": [{"name": name, "quote": quote} for name, quote in pairs]}


def test_a_working_model_gives_its_own_result() -> None:
    result = FallbackExtractor(primary(answer(("SQL", "SQL")))).extract_result("Python, SQL")
    assert [(m.label, m.source) for m in result.mentions] == [("SQL", "llm")]
    assert not result.degraded
    assert result.run.mode == "llm"
    assert result.provenance == {"tm:sql": ("llm",)}


def test_a_failure_after_a_reask_reports_what_the_failed_attempt_cost() -> None:
    bad = Scripted(output={"skills": 3}, usage=Usage(input_tokens=200, output_tokens=10))
    throttled = annotate(LLMThrottledError("busy"), usage=Usage(input_tokens=250))
    result = FallbackExtractor(primary(bad, throttled)).extract_result("Python, SQL")
    assert (result.degraded, result.degraded_reason) == (True, "llm_throttled")
    assert [m.label for m in result.mentions] == ["Python", "SQL"]
    assert all(m.source == "taxonomy" for m in result.mentions)
    run = result.run
    assert (run.mode, run.model_id, run.calls, run.reasks) == ("taxonomy", MODEL, 2, 1)
    assert run.usage == Usage(input_tokens=450, output_tokens=10)
    assert run.cost == PricingTable.default().cost(MODEL, run.usage)
    assert run.prompt_id == "skills"


def test_an_open_circuit_gives_the_offline_result() -> None:
    result = FallbackExtractor(primary(CircuitOpenError("open"))).extract_result("Kubernetes")
    assert (result.degraded_reason, [m.label for m in result.mentions]) == (
        "circuit_open",
        ["Kubernetes"],
    )


class PlainPrimary:
    """A model-backed extractor of someone else's: reports results, raises LLM errors."""

    model_id = "their-model"

    def extract_result(
        self, source: SkillSource, *, as_of: date | None = None, names: Sequence[str] = ()
    ) -> ExtractionResult:
        raise annotate(LLMOutputError("truncated"), usage=Usage(output_tokens=7), attempts=2)


def test_any_result_extractor_can_be_the_primary() -> None:
    result = FallbackExtractor(PlainPrimary()).extract_result("SQL")
    assert (result.degraded_reason, result.run.model_id) == ("llm_output", "their-model")
    assert (result.run.usage, result.run.attempts) == (Usage(output_tokens=7), 2)


def test_errors_that_are_not_the_models_are_raised() -> None:
    exhausted = FallbackExtractor(primary(answer()))
    exhausted.extract("SQL")
    with pytest.raises(ConfigError, match="script"):
        exhausted.extract("SQL again")  # a test-setup error, not a model failure
    with pytest.raises(InputError):
        exhausted.extract_result(42)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="as_of"):
        exhausted.extract_result("SQL", as_of="today")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("not an extractor",), {}),
        ((primary(answer()), "not an extractor"), {}),
        ((primary(answer()),), {"mode": "both"}),
    ],
)
def test_invalid_settings_raise_input_error(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    with pytest.raises(InputError):
        FallbackExtractor(*args, **kwargs)


def test_merge_unites_concepts_with_provenance_and_dedupes_spans() -> None:
    resume = parse_resume(RESUME)
    model = primary(
        answer(
            ("Python", "Automated reports with Python"),
            ("Python", "Python, SQL"),
            ("Coaching", "coached two junior analysts"),
        )
    )
    offline = TaxonomyExtractor().extract(resume, as_of=date(2024, 1, 1))
    result = FallbackExtractor(model, mode="merge").extract_result(resume, as_of=date(2024, 1, 1))
    by_id = {m.concept_id: m for m in result.mentions}
    assert result.run.mode == "merge"
    assert not result.degraded
    assert result.provenance["tm:python"] == ("llm", "taxonomy")
    assert result.provenance["tm:sql"] == ("taxonomy",)
    coaching = [cid for cid, sources in result.provenance.items() if sources == ("llm",)]
    assert len(coaching) == 1
    assert by_id[coaching[0]].source == "llm"
    python = by_id["tm:python"]
    offline_python = next(m for m in offline if m.concept_id == "tm:python")
    assert python.source == "llm+taxonomy"
    spans = [(o.span.start, o.span.end) for o in python.occurrences]
    assert (
        spans
        == sorted(set(spans))
        == [(o.span.start, o.span.end) for o in offline_python.occurrences]
    )
    assert python.confidence > offline_python.confidence
    assert python.months_used == offline_python.months_used
    starts = [m.occurrences[0].span.start for m in result.mentions]
    assert starts == sorted(starts)


def test_merge_falls_back_to_the_offline_result_when_the_model_fails() -> None:
    result = FallbackExtractor(primary(LLMThrottledError("busy")), mode="merge").extract_result(
        "Python, SQL"
    )
    assert result.degraded
    assert result.run.mode == "taxonomy"
    assert result.provenance == {"tm:python": ("taxonomy",), "tm:sql": ("taxonomy",)}


def test_extract_returns_the_mentions_and_the_ledger_is_the_primarys() -> None:
    model = primary(answer(("SQL", "SQL")))
    fallback = FallbackExtractor(model)
    assert [m.label for m in fallback.extract("SQL")] == ["SQL"]
    assert fallback.ledger is model.ledger
    assert model.totals().calls == 1
