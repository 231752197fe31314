"""``CircuitBreakerClient``: stop calling a model that keeps failing, probe it after a pause.

States: *closed* (calls pass), *open* after ``failure_threshold`` consecutive transient
failures (calls are refused at once with ``CircuitOpenError``), *half-open* once
``cooldown_seconds`` have passed (one probe call passes; success closes the circuit,
failure opens it again for another cool-down).

Only transient failures count (retryable errors: throttling, 5xx, timeouts). An answer the
model got wrong, or a content filter, shows the service is up and resets the count.

Wrap each model's client in its own breaker, so one failing model never blocks another
(for example the fallback model). Put it *inside* ``RetryingClient``: an open circuit is
not retryable, so retries stop as soon as it opens.

Example:
    >>> from talentmatch.errors import LLMUnavailableError, CircuitOpenError
    >>> from talentmatch.llm.clock import FakeClock
    >>> from talentmatch.llm.models import LLMRequest, Message
    >>> from talentmatch.llm.scripted import ScriptedClient
    >>> clock = FakeClock()
    >>> inner = ScriptedClient([LLMUnavailableError("5xx")], cycle=True)
    >>> client = CircuitBreakerClient(inner, failure_threshold=2, clock=clock)
    >>> request = LLMRequest(messages=(Message.user("x"),))
    >>> for _ in range(3):
    ...     try:
    ...         client.complete(request)
    ...     except LLMUnavailableError as exc:
    ...         print(exc.code)
    ...     except CircuitOpenError as exc:
    ...         print(exc.code)
    llm_unavailable
    llm_unavailable
    circuit_open
"""

from __future__ import annotations

import threading
import time
from typing import Literal

from talentmatch.errors import CircuitOpenError, InputError, LLMError
from talentmatch.llm.client import LLMClient, WrappingClient
from talentmatch.llm.clock import Clock
from talentmatch.llm.failures import annotate, failure_info
from talentmatch.llm.models import LLMRequest, LLMResponse

__all__ = ["CircuitBreakerClient", "CircuitState"]

CircuitState = Literal["closed", "open", "half_open"]


class CircuitBreakerClient(WrappingClient):
    """A circuit breaker around one model's client; thread-safe.

    Args:
        inner: the client to protect.
        failure_threshold: consecutive transient failures that open the circuit (default 5).
        cooldown_seconds: how long the circuit stays open before a probe (default 30).
        clock: monotonic clock.

    Raises (from ``complete``):
        CircuitOpenError: the circuit is open, or a probe is already in flight.
        LLMError: whatever the inner client raised.
    """

    def __init__(
        self,
        inner: LLMClient,
        *,
        failure_threshold: int = 5,
        cooldown_seconds: float = 30.0,
        clock: Clock = time.monotonic,
    ) -> None:
        super().__init__(inner)
        if failure_threshold < 1 or cooldown_seconds <= 0:
            raise InputError("failure_threshold must be >= 1 and cooldown_seconds > 0.")
        self._threshold = failure_threshold
        self._cooldown = cooldown_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self._probing = False

    @property
    def state(self) -> CircuitState:
        """``closed``, ``open`` or ``half_open`` (cool-down over, next call probes)."""
        with self._lock:
            return self._state_locked()

    def _state_locked(self) -> CircuitState:
        if self._opened_at is None:
            return "closed"
        if self._clock() - self._opened_at >= self._cooldown:
            return "half_open"
        return "open"

    def complete(self, request: LLMRequest) -> LLMResponse:
        """Call the inner client unless the circuit is open.

        Args:
            request: what to ask.

        Returns:
            The inner client's response.

        Raises:
            CircuitOpenError: calls are refused for now (not retryable).
            LLMError: the inner client's failure.
        """
        self._admit()
        try:
            response = self._inner.complete(request)
        except LLMError as exc:
            self._settle(transient_failure=failure_info(exc).retryable)
            raise
        except BaseException:
            self._settle(transient_failure=False)
            raise
        self._settle(transient_failure=False)
        return response

    def _admit(self) -> None:
        with self._lock:
            state = self._state_locked()
            if state == "closed":
                return
            if state == "half_open" and not self._probing:
                self._probing = True
                return
            opened_at = self._opened_at if self._opened_at is not None else self._clock()
            wait = max(0.0, self._cooldown - (self._clock() - opened_at))
        raise annotate(
            CircuitOpenError(
                f"The circuit for {self._inner.model_id} is open after {self._threshold} "
                f"consecutive failures; calls resume in about {wait:.0f} s. Use the offline "
                "extractor meanwhile."
            ),
            retryable=False,
        )

    def _settle(self, *, transient_failure: bool) -> None:
        with self._lock:
            was_probe, self._probing = self._probing, False
            if not transient_failure:
                self._failures = 0
                self._opened_at = None
                return
            self._failures += 1
            if was_probe or self._failures >= self._threshold:
                self._opened_at = self._clock()
