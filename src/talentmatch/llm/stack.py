"""``resilient()``: the recommended composition of the wrappers around a provider client.

From the outside in::

    MeteredClient        one ledger entry per call: tokens and dollars, failures included
      CachingClient      a repeated request is answered from the cache, at zero tokens
        RetryingClient   retryable failures retried with backoff and full jitter
          CircuitBreakerClient   refuses calls while the model keeps failing
            RateLimitedClient    paces every attempt to the quotas
              TimeoutClient      bounds each attempt (optional)
                provider         BedrockClient, ScriptedClient, ...

The order matters: the breaker and the rate limit sit inside the retry so each attempt is
counted and paced; the cache sits outside the retry so a hit costs nothing; the ledger sits
outside everything so retried and cached calls are each one entry with exact totals.

Example:
    >>> from talentmatch.llm.clock import FakeClock
    >>> from talentmatch.llm.ledger import CostLedger
    >>> from talentmatch.llm.models import LLMRequest, Message
    >>> from talentmatch.llm.scripted import ScriptedClient
    >>> clock, ledger = FakeClock(), CostLedger()
    >>> client = resilient(ScriptedClient([{"ok": 1}]), ledger=ledger, clock=clock,
    ...                    sleep=clock.sleep)
    >>> client.complete(LLMRequest(messages=(Message.user("x"),))).output
    {'ok': 1}
    >>> ledger.totals().calls
    1
"""

from __future__ import annotations

import time

from talentmatch.errors import InputError
from talentmatch.llm.breaker import CircuitBreakerClient
from talentmatch.llm.cache import CachingClient, MemoryCache, ResponseCache
from talentmatch.llm.client import LLMClient
from talentmatch.llm.clock import Clock, Sleep
from talentmatch.llm.ledger import CostLedger, MeteredClient
from talentmatch.llm.ratelimit import RateLimitedClient
from talentmatch.llm.retry import RetryingClient, RetryPolicy
from talentmatch.llm.timeout import TimeoutClient

__all__ = ["resilient"]


def resilient(
    client: LLMClient,
    *,
    ledger: CostLedger | None = None,
    cache: ResponseCache | None = None,
    retry: RetryPolicy | None = None,
    failure_threshold: int = 5,
    cooldown_seconds: float = 30.0,
    requests_per_minute: float | None = None,
    tokens_per_minute: float | None = None,
    attempt_timeout_seconds: float | None = None,
    use_cache: bool = True,
    clock: Clock = time.monotonic,
    sleep: Sleep = time.sleep,
) -> LLMClient:
    """Wrap ``client`` in the standard stack (see the module docstring for the order).

    Args:
        client: the provider client.
        ledger: where calls are recorded (default: a new ``CostLedger``, reachable as
            ``.ledger`` on the returned client).
        cache: response store (default: a ``MemoryCache`` when ``use_cache``).
        retry: retry policy (default ``RetryPolicy()``).
        failure_threshold: consecutive transient failures that open the circuit.
        cooldown_seconds: how long the circuit stays open.
        requests_per_minute: request quota, or None.
        tokens_per_minute: token quota, or None.
        attempt_timeout_seconds: bound on each attempt, or None (use the provider's).
        use_cache: set False to leave the cache out.
        clock: monotonic clock for every wrapper.
        sleep: how every wrapper waits.

    Returns:
        A ``MeteredClient`` (an ``LLMClient``) around the whole stack.

    Raises:
        InputError: ``client`` is not an ``LLMClient`` or a setting is invalid.
    """
    if not isinstance(client, LLMClient):
        raise InputError("client must be an LLMClient (model_id and complete()).")
    stacked: LLMClient = client
    if attempt_timeout_seconds is not None:
        stacked = TimeoutClient(stacked, timeout_seconds=attempt_timeout_seconds)
    if requests_per_minute is not None or tokens_per_minute is not None:
        stacked = RateLimitedClient(
            stacked,
            requests_per_minute=requests_per_minute,
            tokens_per_minute=tokens_per_minute,
            clock=clock,
            sleep=sleep,
        )
    stacked = CircuitBreakerClient(
        stacked, failure_threshold=failure_threshold, cooldown_seconds=cooldown_seconds, clock=clock
    )
    stacked = RetryingClient(stacked, retry, clock=clock, sleep=sleep)
    if use_cache:
        stacked = CachingClient(stacked, cache if cache is not None else MemoryCache(), clock=clock)
    return MeteredClient(stacked, ledger if ledger is not None else CostLedger())
