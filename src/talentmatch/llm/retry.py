"""``RetryingClient``: retry retryable failures with capped exponential backoff, full jitter.

Why not tenacity or stamina: both are well kept, but tenacity measures its total-time
budget with ``time.monotonic`` directly (only ``sleep`` is injectable), and stamina's test
switch is process-global, against our no-global-state rule. The loop below is short, takes
``clock``, ``sleep`` and ``random`` as arguments, and folds the tokens of failed attempts
into the result, which neither library knows about.

Backoff before attempt ``n`` (``n >= 2``) is ``uniform(0, min(max_delay, base_delay *
2 ** (n - 2)))`` ("full jitter", AWS Architecture Blog, 2015): it spreads the retries of
many callers throttled at once. A retry is never started when the sleep would overrun
``max_elapsed_seconds``.

Example:
    >>> from talentmatch.errors import LLMThrottledError
    >>> from talentmatch.llm.clock import FakeClock
    >>> from talentmatch.llm.models import LLMRequest, Message
    >>> from talentmatch.llm.scripted import ScriptedClient
    >>> clock = FakeClock()
    >>> inner = ScriptedClient([LLMThrottledError("busy"), {"ok": True}])
    >>> client = RetryingClient(inner, clock=clock, sleep=clock.sleep)
    >>> response = client.complete(LLMRequest(messages=(Message.user("x"),)))
    >>> response.output, response.attempts
    ({'ok': True}, 2)
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict, Field, model_validator

from talentmatch.errors import LLMError
from talentmatch.llm.client import LLMClient, WrappingClient
from talentmatch.llm.clock import Clock, Sleep
from talentmatch.llm.failures import annotate, failure_info
from talentmatch.llm.models import LLMRequest, LLMResponse, Usage

__all__ = ["RetryPolicy", "RetryingClient"]

logger = logging.getLogger(__name__)


class RetryPolicy(BaseModel):
    """How often and how long to retry.

    Example:
        >>> RetryPolicy().max_attempts
        4
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_attempts: int = Field(default=4, ge=1, le=20, description="Attempts, the first included.")
    base_delay_seconds: float = Field(default=0.5, gt=0, description="First backoff cap.")
    max_delay_seconds: float = Field(default=8.0, gt=0, description="Largest backoff cap.")
    max_elapsed_seconds: float = Field(
        default=60.0, gt=0, description="No retry starts after this much time since the first."
    )

    @model_validator(mode="after")
    def _ordered(self) -> RetryPolicy:
        if self.max_delay_seconds < self.base_delay_seconds:
            raise ValueError("max_delay_seconds must be >= base_delay_seconds")
        return self

    def backoff_cap(self, attempt: int) -> float:
        """Largest sleep before ``attempt`` (2 for the first retry).

        Example:
            >>> [RetryPolicy().backoff_cap(n) for n in (2, 3, 4, 9)]
            [0.5, 1.0, 2.0, 8.0]
        """
        return min(self.max_delay_seconds, self.base_delay_seconds * 2.0 ** max(0, attempt - 2))


class RetryingClient(WrappingClient):
    """Retry an ``LLMClient`` on retryable ``LLMError``s only.

    Args:
        inner: the client to call.
        policy: attempts, delays and total time (default ``RetryPolicy()``).
        clock: monotonic clock for the total-time budget.
        sleep: how to wait between attempts.
        jitter: returns a float in ``[0, 1)``; default a private ``random.Random``.

    The response's ``attempts`` and ``retried_usage`` include the failed attempts; a final
    error's ``FailureInfo`` carries the tokens and attempts of all of them.

    Raises (from ``complete``):
        LLMError: the last error, when not retryable or the budget is spent.
    """

    def __init__(
        self,
        inner: LLMClient,
        policy: RetryPolicy | None = None,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        jitter: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(inner)
        self._policy = policy or RetryPolicy()
        self._clock = clock
        self._sleep = sleep
        if jitter is None:
            rng = random.Random()
            lock = threading.Lock()

            def jitter() -> float:
                with lock:
                    return rng.random()

        self._jitter = jitter

    @property
    def policy(self) -> RetryPolicy:
        """The retry policy in force."""
        return self._policy

    def complete(self, request: LLMRequest) -> LLMResponse:
        """Call the inner client, retrying retryable failures within the policy.

        Args:
            request: what to ask.

        Returns:
            The first successful response, with ``attempts`` and ``retried_usage`` set.

        Raises:
            LLMError: the last failure, annotated with the total usage and attempts.
        """
        started = self._clock()
        spent = Usage()
        attempt = 1
        while True:
            try:
                response = self._inner.complete(request)
            except LLMError as exc:
                info = failure_info(exc)
                spent = spent + info.usage
                delay = self._policy.backoff_cap(attempt + 1) * self._jitter()
                elapsed = self._clock() - started
                if (
                    not info.retryable
                    or attempt >= self._policy.max_attempts
                    or elapsed + delay > self._policy.max_elapsed_seconds
                ):
                    raise annotate(exc, usage=spent, attempts=attempt) from None
                logger.info(
                    "retrying llm call",
                    extra={"model_id": self.model_id, "code": exc.code, "attempt": attempt},
                )
                self._sleep(delay)
                attempt += 1
                continue
            if attempt == 1:
                return response
            return response.model_copy(
                update={
                    "attempts": response.attempts + attempt - 1,
                    "retried_usage": response.retried_usage + spent,
                }
            )
