"""Pricing table, cost arithmetic and the thread-safe ledger."""

from __future__ import annotations

from decimal import Decimal

import pytest

from talentmatch.errors import ConfigError, LLMOutputError, LLMThrottledError
from talentmatch.llm.failures import annotate
from talentmatch.llm.ledger import CostLedger, MeteredClient
from talentmatch.llm.models import LLMRequest, Message, Usage
from talentmatch.llm.pricing import Cost, ModelPrice, PricingTable, base_model_id
from talentmatch.llm.scripted import Scripted, ScriptedClient

REQUEST = LLMRequest(messages=(Message.user("x"),))
HAIKU = "anthropic.claude-3-5-haiku-20241022-v1:0"


@pytest.mark.parametrize(
    "model_id",
    [
        "anthropic.claude-3-haiku-20240307-v1:0",
        HAIKU,
        "anthropic.claude-sonnet-4-20250514-v1:0",
        "amazon.nova-micro-v1:0",
        "amazon.nova-lite-v1:0",
        "amazon.nova-pro-v1:0",
        "meta.llama3-1-8b-instruct-v1:0",
        "meta.llama3-3-70b-instruct-v1:0",
        "mistral.mistral-large-2402-v1:0",
    ],
)
def test_default_table_covers_main_bedrock_families(model_id: str) -> None:
    price = PricingTable.default().price_for(model_id)
    assert price is not None
    assert price.output >= price.input > 0


def test_each_token_kind_is_priced_separately() -> None:
    usage = Usage(
        input_tokens=1_000, output_tokens=2_000, cache_read_tokens=10_000, cache_write_tokens=4_000
    )
    cost = PricingTable.default().cost(HAIKU, usage)
    # Haiku 3.5 list prices: 0.80 in, 4.00 out, 0.08 cache read, 1.00 cache write per MTok.
    assert cost.input == Decimal("0.0008")
    assert cost.output == Decimal("0.008")
    assert cost.cache_read == Decimal("0.0008")
    assert cost.cache_write == Decimal("0.004")
    assert cost.total == Decimal("0.0136")
    assert cost.priced


def test_batch_prices_are_half_and_missing_batch_is_unpriced() -> None:
    table = PricingTable.default()
    usage = Usage(input_tokens=2_000_000, output_tokens=1_000_000)
    assert table.cost("amazon.nova-pro-v1:0", usage, batch=True).total == Decimal("2.4")
    assert table.cost("amazon.nova-pro-v1:0", usage).total == Decimal("4.8")
    assert not table.cost("mistral.mistral-large-2402-v1:0", usage, batch=True).priced


def test_inference_profiles_and_arns_price_as_their_base_model() -> None:
    table = PricingTable.default()
    arn = f"arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.{HAIKU}"
    assert base_model_id(arn) == HAIKU
    for model_id in (f"us.{HAIKU}", f"eu.{HAIKU}", f"global.{HAIKU}", arn):
        assert table.price_for(model_id) == table.price_for(HAIKU)


def test_unknown_model_is_flagged_unpriced_not_free() -> None:
    cost = PricingTable.default().cost("acme.unknown-v1", Usage(input_tokens=1))
    assert (cost.total, cost.priced) == (Decimal(0), False)
    assert PricingTable.default().cost("acme.unknown-v1", Usage()).priced


def test_prices_are_overridable_without_touching_the_default() -> None:
    custom = ModelPrice(input=Decimal("1"), output=Decimal("2"))
    table = PricingTable.default().with_prices({f"us.{HAIKU}": custom, "acme.m": custom})
    assert table.price_for(HAIKU) == custom
    assert PricingTable.default().price_for(HAIKU) != custom
    with pytest.raises(ConfigError):
        PricingTable.default().with_prices({"x": {"input": 1}})  # type: ignore[dict-item]


def test_cost_addition_is_exact_and_keeps_unpriced() -> None:
    total = Cost()
    for _ in range(10):
        total = total + Cost(input=Decimal("0.1"))
    assert total.total == Decimal("1.0")
    assert not (total + Cost(priced=False)).priced


def test_ledger_counts_successes_failures_cache_hits_and_rolls_up() -> None:
    pipeline = CostLedger()
    extractor = CostLedger(parent=pipeline)
    nova = "amazon.nova-lite-v1:0"
    extractor.record(nova, Usage(input_tokens=1_000_000), attempts=2)
    extractor.record(nova, Usage(output_tokens=1_000_000), outcome="failure", attempts=3)
    extractor.record(nova, Usage(), outcome="cache_hit")
    for ledger in (extractor, pipeline):
        totals = ledger.totals()
        assert (totals.calls, totals.attempts, totals.failures, totals.cache_hits) == (3, 5, 1, 1)
        assert totals.cost.total == Decimal("0.30")
    assert list(extractor.by_model()) == [nova]


def test_metered_client_records_failed_attempt_tokens() -> None:
    ledger = CostLedger()
    inner = ScriptedClient(
        [
            annotate(LLMOutputError("cut"), usage=Usage(input_tokens=10, output_tokens=90)),
            annotate(LLMThrottledError("busy"), attempts=4),
            Scripted(output={}, usage=Usage(input_tokens=10, output_tokens=5)),
        ],
        model_id=HAIKU,
    )
    client = MeteredClient(inner, ledger)
    with pytest.raises(LLMOutputError):
        client.complete(REQUEST)
    with pytest.raises(LLMThrottledError):
        client.complete(REQUEST)
    client.complete(REQUEST)
    totals = ledger.totals()
    assert (totals.calls, totals.failures, totals.attempts) == (3, 2, 6)
    assert totals.usage == Usage(input_tokens=20, output_tokens=95)
    assert totals.cost.total == Decimal("0.000396")
