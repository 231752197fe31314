"""Fault injection and concurrency through the full wrapper stack.

Every call must end in a response or a typed ``LLMError``; tokens and dollars in the ledger
must equal, exactly, what the scripted provider billed.
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from pydantic import BaseModel

from talentmatch.errors import (
    LLMError,
    LLMOutputError,
    LLMThrottledError,
    LLMTimeoutError,
    LLMUnavailableError,
)
from talentmatch.llm.cache import MemoryCache
from talentmatch.llm.client import LLMClient
from talentmatch.llm.clock import FakeClock
from talentmatch.llm.failures import annotate
from talentmatch.llm.ledger import CostLedger
from talentmatch.llm.models import LLMRequest, LLMResponse, Message, OutputSchema, Usage
from talentmatch.llm.pricing import PricingTable
from talentmatch.llm.retry import RetryPolicy
from talentmatch.llm.scripted import Scripted, ScriptedClient, ScriptStep
from talentmatch.llm.stack import resilient
from talentmatch.llm.structured import parse_output, reask_request

MODEL = "amazon.nova-lite-v1:0"


class Echo(BaseModel):
    echo: str


SCHEMA = OutputSchema.from_model(Echo)


def request_for(text: str) -> LLMRequest:
    return LLMRequest(messages=(Message.user(text),), output=SCHEMA, max_tokens=50)


class FaultyProvider:
    """Per-request fault plan, independent of thread interleaving, with exact billing."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.attempts: Counter[str] = Counter()
        self.billed = Usage()
        self.reasks = 0

    def bill(self, usage: Usage) -> Usage:
        with self.lock:
            self.billed = self.billed + usage
        return usage

    def __call__(self, request: LLMRequest, index: int) -> ScriptStep:
        text = request.messages[0].text
        n = int(text.rsplit("-", 1)[1])
        with self.lock:
            self.attempts[text] += 1
            attempt = self.attempts[text]
        reask = len(request.messages) > 1
        if reask:
            with self.lock:
                self.reasks += 1
        if n % 11 == 0:  # a hard outage for this request: every attempt fails (5xx)
            return LLMUnavailableError("5xx")
        if n % 7 == 0 and attempt <= 2:  # throttle burst, billed nothing
            return LLMThrottledError("busy")
        if n % 5 == 0 and attempt == 1:  # read timeout after the model billed input
            return annotate(LLMTimeoutError("slow"), usage=self.bill(Usage(input_tokens=40)))
        if n % 13 == 0:  # truncated answer, billed in full, not retryable
            usage = self.bill(Usage(input_tokens=40, output_tokens=50))
            return annotate(LLMOutputError("cut"), usage=usage)
        usage = self.bill(Usage(input_tokens=40, output_tokens=10))
        if n % 3 == 0 and not reask:  # malformed JSON, then schema-invalid on other requests
            return Scripted(text="{not json", usage=usage)
        if n % 4 == 0 and not reask:
            return Scripted(output={"echo": 123, "extra": True}, usage=usage)
        return Scripted(output={"echo": text}, usage=usage)


def ask(client: LLMClient, text: str) -> Echo | LLMError:
    """One extraction with at most one re-ask, the way LLMExtractor will do it."""
    request = request_for(text)
    try:
        response = client.complete(request)
        try:
            return parse_output(response, Echo)
        except LLMOutputError as exc:
            return parse_output(client.complete(reask_request(request, response, str(exc))), Echo)
    except LLMError as exc:
        return exc


def build(provider: FaultyProvider, clock: FakeClock, ledger: CostLedger) -> LLMClient:
    return resilient(
        ScriptedClient(provider, model_id=MODEL),
        ledger=ledger,
        cache=MemoryCache(),
        retry=RetryPolicy(max_attempts=4),
        failure_threshold=1_000,  # the breaker is exercised elsewhere; keep outcomes exact
        requests_per_minute=10_000,
        clock=clock,
        sleep=clock.sleep,
    )


def expected_outcome(n: int) -> type[LLMError] | None:
    if n % 11 == 0:
        return LLMUnavailableError
    if n % 13 == 0:
        return LLMOutputError
    return None


def check(
    results: dict[str, Echo | LLMError], provider: FaultyProvider, ledger: CostLedger
) -> None:
    for text, result in results.items():
        n = int(text.rsplit("-", 1)[1])
        expected = expected_outcome(n)
        if expected is None:
            assert result == Echo(echo=text), text  # never another request's answer
        else:
            assert type(result) is expected, text
    totals = ledger.totals()
    assert totals.usage == provider.billed
    assert totals.cost == PricingTable.default().cost(MODEL, provider.billed)
    assert totals.cost.total > Decimal(0)


def test_every_call_ends_in_a_result_or_a_typed_error() -> None:
    provider, clock, ledger = FaultyProvider(), FakeClock(), CostLedger()
    client = build(provider, clock, ledger)
    texts = [f"resume-{n}" for n in range(1, 121)]
    results = {text: ask(client, text) for text in texts}
    check(results, provider, ledger)
    totals = ledger.totals()
    failing = [n for n in range(1, 121) if expected_outcome(n)]
    malformed = [n for n in range(1, 121) if not expected_outcome(n) and (n % 3 == 0 or n % 4 == 0)]
    assert totals.failures == len(failing)
    assert provider.reasks == len(malformed)
    assert totals.calls == len(texts) + len(malformed)
    assert clock.slept > 0  # throttles and timeouts were retried with backoff


def test_repeated_calls_are_cache_hits_at_zero_cost() -> None:
    provider, clock, ledger = FaultyProvider(), FakeClock(), CostLedger()
    client = build(provider, clock, ledger)
    first = {f"resume-{n}": ask(client, f"resume-{n}") for n in (1, 2, 5, 7)}
    billed = provider.billed
    again = {f"resume-{n}": ask(client, f"resume-{n}") for n in (1, 2, 5, 7)}
    assert again == first
    assert provider.billed == billed
    assert ledger.totals().cache_hits == 4


@pytest.mark.parametrize("threads", [8])
def test_threads_share_one_stack_without_lost_or_mixed_results(threads: int) -> None:
    provider, clock, ledger = FaultyProvider(), FakeClock(), CostLedger()
    client = build(provider, clock, ledger)
    texts = [f"t{t}-resume-{n}" for t in range(threads) for n in range(1, 41)]
    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = dict(zip(texts, pool.map(lambda text: ask(client, text), texts), strict=True))
    assert len(results) == len(texts)
    check(results, provider, ledger)
    single_provider, single_ledger = FaultyProvider(), CostLedger()
    single = build(single_provider, FakeClock(), single_ledger)
    for text in texts:
        ask(single, text)
    # Same work sequentially: identical totals, so nothing was lost or double counted.
    assert ledger.totals().usage == single_ledger.totals().usage
    assert ledger.totals().calls == single_ledger.totals().calls
    assert ledger.totals().attempts == single_ledger.totals().attempts


def test_scripted_latency_uses_the_injected_sleep() -> None:
    clock = FakeClock()
    client = ScriptedClient([{"echo": "x"}], latency_seconds=0.25, cycle=True, sleep=clock.sleep)
    responses: list[LLMResponse] = [client.complete(request_for("r-1")) for _ in range(4)]
    assert clock.slept == 1.0
    assert {r.latency_seconds for r in responses} == {0.25}
    assert [r.request_id for r in responses] == [
        "scripted-1",
        "scripted-2",
        "scripted-3",
        "scripted-4",
    ]
