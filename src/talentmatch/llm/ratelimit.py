"""``RateLimitedClient``: stay under requests-per-minute and tokens-per-minute quotas.

Two token buckets (requests, tokens), each holding at most a minute's allowance and
refilling continuously. A call *reserves* what it needs and sleeps off any deficit, so
callers are served in arrival order without busy waiting. Tokens are reserved as the
request's estimated input plus ``max_tokens`` (how Bedrock counts a call against its
quota while it runs) and settled to the actual usage afterwards.

Put it inside ``RetryingClient``, so every retry is paced too.

Example:
    >>> from talentmatch.llm.clock import FakeClock
    >>> from talentmatch.llm.models import LLMRequest, Message
    >>> from talentmatch.llm.scripted import ScriptedClient
    >>> clock = FakeClock()
    >>> client = RateLimitedClient(ScriptedClient([{}], cycle=True), requests_per_minute=60,
    ...                            clock=clock, sleep=clock.sleep)
    >>> request = LLMRequest(messages=(Message.user("x"),))
    >>> for _ in range(62):
    ...     _ = client.complete(request)
    >>> clock.slept  # the 61st and 62nd calls waited a second each
    2.0
"""

from __future__ import annotations

import threading
import time

from talentmatch.errors import InputError, LLMError, LLMThrottledError
from talentmatch.llm.client import LLMClient, WrappingClient
from talentmatch.llm.clock import Clock, Sleep
from talentmatch.llm.failures import annotate, failure_info
from talentmatch.llm.models import LLMRequest, LLMResponse

__all__ = ["RateLimitedClient", "TokenBucket"]


class TokenBucket:
    """A bucket of ``per_minute`` units refilled continuously; not locked (callers lock).

    Example:
        >>> bucket = TokenBucket(120, clock=lambda: 0.0)
        >>> bucket.reserve(120), bucket.reserve(2)
        (0.0, 1.0)
    """

    def __init__(self, per_minute: float, *, clock: Clock) -> None:
        if per_minute <= 0:
            raise InputError(f"A rate limit must be positive per minute, got {per_minute}.")
        self.capacity = float(per_minute)
        self._rate = per_minute / 60.0
        self._clock = clock
        self._level = self.capacity
        self._updated = clock()

    def _refill(self) -> None:
        now = self._clock()
        self._level = min(self.capacity, self._level + (now - self._updated) * self._rate)
        self._updated = now

    def reserve(self, amount: float) -> float:
        """Take ``amount`` (capped at capacity) and return the seconds to wait for it.

        Args:
            amount: units needed.

        Returns:
            Seconds until the reservation is covered (0 when available now).
        """
        self._refill()
        self._level -= min(amount, self.capacity)
        return max(0.0, -self._level / self._rate)

    def give_back(self, amount: float) -> None:
        """Return ``amount`` units (negative takes more), e.g. to settle an estimate."""
        self._refill()
        self._level = min(self.capacity, self._level + amount)


class RateLimitedClient(WrappingClient):
    """Pace calls to the inner client to requests and tokens per minute; thread-safe.

    Args:
        inner: the client to pace.
        requests_per_minute: request quota, or None for no request limit.
        tokens_per_minute: token quota (input + output), or None for no token limit.
        max_wait_seconds: longest a call may wait for capacity before it fails with a
            retryable ``LLMThrottledError`` instead (default 60).
        clock: monotonic clock.
        sleep: how to wait.

    Raises:
        InputError: no limit given, or a limit is not positive.
    """

    def __init__(
        self,
        inner: LLMClient,
        *,
        requests_per_minute: float | None = None,
        tokens_per_minute: float | None = None,
        max_wait_seconds: float = 60.0,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
    ) -> None:
        super().__init__(inner)
        if requests_per_minute is None and tokens_per_minute is None:
            raise InputError("Give requests_per_minute, tokens_per_minute or both.")
        if max_wait_seconds < 0:
            raise InputError("max_wait_seconds must be >= 0.")
        self._requests = (
            TokenBucket(requests_per_minute, clock=clock) if requests_per_minute else None
        )
        self._tokens = TokenBucket(tokens_per_minute, clock=clock) if tokens_per_minute else None
        self._max_wait = max_wait_seconds
        self._sleep = sleep
        self._lock = threading.Lock()

    def complete(self, request: LLMRequest) -> LLMResponse:
        """Wait for capacity, then call the inner client.

        Args:
            request: what to ask.

        Returns:
            The inner client's response.

        Raises:
            LLMThrottledError: capacity would take longer than ``max_wait_seconds``
                (retryable).
            LLMError: the inner client's failure.
        """
        reserved = request.approx_input_tokens() + request.max_tokens
        with self._lock:
            waits = [0.0]
            if self._requests is not None:
                waits.append(self._requests.reserve(1))
            if self._tokens is not None:
                reserved = int(min(reserved, self._tokens.capacity))
                waits.append(self._tokens.reserve(reserved))
            wait = max(waits)
            if wait > self._max_wait:
                self._undo(reserved)
        if wait > self._max_wait:
            raise annotate(
                LLMThrottledError(
                    f"The client-side rate limit for {self.model_id} needs {wait:.1f} s of "
                    f"waiting, more than max_wait_seconds={self._max_wait}; send fewer "
                    "concurrent requests or raise the limits to match your quota."
                ),
                retryable=True,
                provider_code="client_rate_limit",
            )
        if wait:
            self._sleep(wait)
        try:
            response = self._inner.complete(request)
        except LLMError as exc:
            self._settle(reserved, failure_info(exc).usage.total_tokens)
            raise
        self._settle(reserved, response.usage.total_tokens)
        return response

    def _undo(self, reserved: int) -> None:
        if self._requests is not None:
            self._requests.give_back(1)
        if self._tokens is not None:
            self._tokens.give_back(reserved)

    def _settle(self, reserved: int, used: int) -> None:
        if self._tokens is None:
            return
        with self._lock:
            self._tokens.give_back(reserved - used)
