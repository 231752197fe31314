"""Retry, circuit breaker, rate limit and timeout wrappers, on a fake clock."""

from __future__ import annotations

import threading

import pytest

from talentmatch.errors import (
    CircuitOpenError,
    InputError,
    LLMContentFilteredError,
    LLMOutputError,
    LLMThrottledError,
    LLMTimeoutError,
    LLMUnavailableError,
)
from talentmatch.llm.breaker import CircuitBreakerClient
from talentmatch.llm.clock import FakeClock
from talentmatch.llm.failures import annotate, failure_info
from talentmatch.llm.models import LLMRequest, LLMResponse, Message, Usage
from talentmatch.llm.ratelimit import RateLimitedClient, TokenBucket
from talentmatch.llm.retry import RetryingClient, RetryPolicy
from talentmatch.llm.scripted import Scripted, ScriptedClient
from talentmatch.llm.timeout import TimeoutClient

REQUEST = LLMRequest(messages=(Message.user("Python developer"),), max_tokens=100)


def throttled(tokens: int = 0) -> LLMThrottledError:
    return annotate(LLMThrottledError("busy"), usage=Usage(input_tokens=tokens))


# --- retry -------------------------------------------------------------------------------


def test_retry_succeeds_after_transient_failures_and_folds_usage() -> None:
    clock = FakeClock()
    inner = ScriptedClient(
        [throttled(7), LLMUnavailableError("5xx"), Scripted(output={}, usage=Usage(input_tokens=3))]
    )
    client = RetryingClient(inner, clock=clock, sleep=clock.sleep, jitter=lambda: 1.0)
    response = client.complete(REQUEST)
    assert response.attempts == 3
    assert response.usage == Usage(input_tokens=3)
    assert response.retried_usage == Usage(input_tokens=7)
    assert response.total_usage.input_tokens == 10
    assert clock.slept == pytest.approx(0.5 + 1.0)  # full backoff caps with jitter=1


def test_retry_gives_up_after_max_attempts_with_total_usage() -> None:
    clock = FakeClock()
    inner = ScriptedClient([throttled(5)], cycle=True)
    policy = RetryPolicy(max_attempts=3)
    client = RetryingClient(inner, policy, clock=clock, sleep=clock.sleep, jitter=lambda: 0.5)
    with pytest.raises(LLMThrottledError) as caught:
        client.complete(REQUEST)
    info = failure_info(caught.value)
    assert (info.attempts, info.usage.input_tokens, inner.call_count) == (3, 15, 3)


@pytest.mark.parametrize(
    "error",
    [
        LLMOutputError("cut"),
        LLMContentFilteredError("blocked"),
        CircuitOpenError("open"),
        annotate(LLMUnavailableError("access denied"), retryable=False),
    ],
)
def test_non_retryable_errors_are_not_retried(error: Exception) -> None:
    clock = FakeClock()
    inner = ScriptedClient([error, {}])
    with pytest.raises(type(error)):
        RetryingClient(inner, clock=clock, sleep=clock.sleep).complete(REQUEST)
    assert inner.call_count == 1
    assert clock.slept == 0


def test_retry_respects_total_time_budget() -> None:
    clock = FakeClock()
    timeouts = ScriptedClient([LLMTimeoutError("slow")], cycle=True, sleep=clock.sleep)
    policy = RetryPolicy(
        max_attempts=10, base_delay_seconds=1, max_delay_seconds=1, max_elapsed_seconds=3.5
    )
    client = RetryingClient(timeouts, policy, clock=clock, sleep=clock.sleep, jitter=lambda: 1.0)
    with pytest.raises(LLMTimeoutError):
        client.complete(REQUEST)
    # Each retry waits 1 s; the fourth retry would start after 4 s > 3.5 s.
    assert timeouts.call_count == 4
    assert clock() <= 3.5


def test_backoff_is_exponential_capped_and_jittered() -> None:
    policy = RetryPolicy(base_delay_seconds=0.25, max_delay_seconds=2.0)
    assert [policy.backoff_cap(n) for n in range(2, 8)] == [0.25, 0.5, 1.0, 2.0, 2.0, 2.0]
    sleeps: list[float] = []
    clock = FakeClock()
    draws = iter([0.0, 0.5, 0.99])
    inner = ScriptedClient([throttled(), throttled(), throttled(), {}])
    client = RetryingClient(
        inner, policy, clock=clock, sleep=sleeps.append, jitter=lambda: next(draws)
    )
    client.complete(REQUEST)
    assert sleeps == [0.0, 0.25, pytest.approx(0.99)]


def test_default_jitter_stays_within_cap() -> None:
    sleeps: list[float] = []
    inner = ScriptedClient([throttled()] * 3 + [{}])
    RetryingClient(inner, sleep=sleeps.append).complete(REQUEST)
    caps = [RetryPolicy().backoff_cap(n) for n in (2, 3, 4)]
    assert all(0 <= s <= cap for s, cap in zip(sleeps, caps, strict=True))


def test_retry_policy_validates() -> None:
    with pytest.raises(ValueError, match="max_delay_seconds"):
        RetryPolicy(base_delay_seconds=5, max_delay_seconds=1)
    with pytest.raises(InputError):
        RetryingClient(object())  # type: ignore[arg-type]


# --- circuit breaker -----------------------------------------------------------------------


def test_breaker_opens_then_half_opens_and_closes_on_success() -> None:
    clock = FakeClock()
    inner = ScriptedClient(
        [LLMUnavailableError("a"), LLMUnavailableError("b"), {"ok": 1}, {"ok": 2}]
    )
    breaker = CircuitBreakerClient(inner, failure_threshold=2, cooldown_seconds=10, clock=clock)
    for _ in range(2):
        with pytest.raises(LLMUnavailableError):
            breaker.complete(REQUEST)
    assert breaker.state == "open"
    with pytest.raises(CircuitOpenError, match="10 s"):
        breaker.complete(REQUEST)
    assert inner.call_count == 2  # refused without calling
    clock.advance(10)
    assert breaker.state == "half_open"
    assert breaker.complete(REQUEST).output == {"ok": 1}
    assert breaker.state == "closed"
    assert breaker.complete(REQUEST).output == {"ok": 2}


def test_failed_probe_reopens_for_another_cooldown() -> None:
    clock = FakeClock()
    inner = ScriptedClient([LLMUnavailableError("x")], cycle=True)
    breaker = CircuitBreakerClient(inner, failure_threshold=1, cooldown_seconds=5, clock=clock)
    with pytest.raises(LLMUnavailableError):
        breaker.complete(REQUEST)
    clock.advance(5)
    with pytest.raises(LLMUnavailableError):
        breaker.complete(REQUEST)  # the probe
    assert breaker.state == "open"
    clock.advance(4)
    with pytest.raises(CircuitOpenError):
        breaker.complete(REQUEST)


def test_only_one_probe_passes_while_half_open() -> None:
    clock = FakeClock()
    entered, release = threading.Event(), threading.Event()

    def slow_ok(request: LLMRequest, index: int) -> dict[str, int]:
        if index == 0:
            raise LLMUnavailableError("down")
        entered.set()
        release.wait(5)
        return {"ok": 1}

    breaker = CircuitBreakerClient(
        ScriptedClient(slow_ok), failure_threshold=1, cooldown_seconds=1, clock=clock
    )
    with pytest.raises(LLMUnavailableError):
        breaker.complete(REQUEST)
    clock.advance(1)
    results: list[LLMResponse] = []
    probe = threading.Thread(target=lambda: results.append(breaker.complete(REQUEST)))
    probe.start()
    assert entered.wait(5)
    with pytest.raises(CircuitOpenError):
        breaker.complete(REQUEST)
    release.set()
    probe.join(5)
    assert results[0].output == {"ok": 1}
    assert breaker.state == "closed"


def test_answers_that_are_wrong_do_not_count_as_outage() -> None:
    clock = FakeClock()
    inner = ScriptedClient(
        [LLMUnavailableError("a"), LLMOutputError("bad"), LLMUnavailableError("b"), {}]
    )
    breaker = CircuitBreakerClient(inner, failure_threshold=2, clock=clock)
    for error in (LLMUnavailableError, LLMOutputError, LLMUnavailableError):
        with pytest.raises(error):
            breaker.complete(REQUEST)
    assert breaker.state == "closed"


def test_breaker_inside_retry_stops_retries_when_open() -> None:
    clock = FakeClock()
    inner = ScriptedClient([LLMUnavailableError("down")], cycle=True)
    breaker = CircuitBreakerClient(inner, failure_threshold=2, clock=clock)
    client = RetryingClient(breaker, RetryPolicy(max_attempts=6), clock=clock, sleep=clock.sleep)
    with pytest.raises(CircuitOpenError) as caught:
        client.complete(REQUEST)
    assert inner.call_count == 2
    assert failure_info(caught.value).attempts == 3


# --- rate limit ------------------------------------------------------------------------


def test_token_bucket_refills_continuously() -> None:
    clock = FakeClock()
    bucket = TokenBucket(60, clock=clock)
    assert bucket.reserve(60) == 0
    assert bucket.reserve(30) == pytest.approx(30)
    clock.advance(30)
    assert bucket.reserve(1) == pytest.approx(1)


def test_requests_per_minute_paces_calls() -> None:
    clock = FakeClock()
    client = RateLimitedClient(
        ScriptedClient([{}], cycle=True), requests_per_minute=30, clock=clock, sleep=clock.sleep
    )
    for _ in range(40):
        client.complete(REQUEST)
    # 30 at once, then one every 2 s.
    assert clock.slept == pytest.approx(20.0)


def test_tokens_per_minute_reserves_max_tokens_and_settles_to_actual() -> None:
    clock = FakeClock()
    inner = ScriptedClient(
        [Scripted(output={}, usage=Usage(input_tokens=5, output_tokens=5))], cycle=True
    )
    client = RateLimitedClient(inner, tokens_per_minute=1000, clock=clock, sleep=clock.sleep)
    for _ in range(50):
        client.complete(REQUEST)  # ~104 tokens reserved, 10 used: refunds keep it flowing
    assert clock.slept == 0
    assert inner.call_count == 50


def test_rate_limit_fails_fast_beyond_max_wait_and_gives_capacity_back() -> None:
    clock = FakeClock()
    inner = ScriptedClient([{}], cycle=True)
    client = RateLimitedClient(
        inner, requests_per_minute=1, max_wait_seconds=5, clock=clock, sleep=clock.sleep
    )
    client.complete(REQUEST)
    with pytest.raises(LLMThrottledError) as caught:
        client.complete(REQUEST)
    assert failure_info(caught.value).retryable
    clock.advance(60)
    client.complete(REQUEST)  # the refused call did not keep its reservation
    assert inner.call_count == 2


def test_rate_limit_needs_a_limit() -> None:
    with pytest.raises(InputError):
        RateLimitedClient(ScriptedClient([{}]))


def test_rate_limit_reservations_are_exact_across_threads() -> None:
    clock = FakeClock()  # frozen: sleeps are recorded, time does not move
    waits: list[float] = []
    client = RateLimitedClient(
        ScriptedClient([{}], cycle=True), requests_per_minute=60, clock=clock, sleep=waits.append
    )
    for _ in range(60):
        client.complete(REQUEST)
    threads = [threading.Thread(target=client.complete, args=(REQUEST,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Eight calls beyond the burst each reserve the next free second: 1, 2, ... 8 s.
    assert sorted(waits) == pytest.approx([float(n) for n in range(1, 9)])


# --- timeout ---------------------------------------------------------------------------


def test_timeout_client_raises_retryable_timeout() -> None:
    release = threading.Event()

    def stuck(request: LLMRequest, index: int) -> dict[str, int]:
        release.wait(5)
        return {}

    client = TimeoutClient(ScriptedClient(stuck), timeout_seconds=0.05)
    with pytest.raises(LLMTimeoutError) as caught:
        client.complete(REQUEST)
    release.set()
    assert failure_info(caught.value).retryable


def test_timeout_client_passes_results_and_errors_through() -> None:
    client = TimeoutClient(ScriptedClient([{"a": 1}, LLMOutputError("x")]), timeout_seconds=5)
    assert client.complete(REQUEST).output == {"a": 1}
    with pytest.raises(LLMOutputError):
        client.complete(REQUEST)
    with pytest.raises(InputError):
        TimeoutClient(ScriptedClient([{}]), timeout_seconds=0)
