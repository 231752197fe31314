"""Time, injectable: every wrapper takes a ``clock`` and a ``sleep`` so tests run instantly.

``FakeClock`` is public: use it in your own tests of code built on ``talentmatch.llm``.

Example:
    >>> clock = FakeClock()
    >>> clock.sleep(2.5)
    >>> clock()
    2.5
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from talentmatch.errors import InputError

__all__ = ["Clock", "FakeClock", "Sleep"]

Clock = Callable[[], float]
"""Returns monotonic seconds, like ``time.monotonic``."""

Sleep = Callable[[float], None]
"""Blocks for the given seconds, like ``time.sleep``."""


class FakeClock:
    """A thread-safe clock that only moves when ``sleep`` or ``advance`` is called.

    Pass the instance as ``clock`` and its ``sleep`` method as ``sleep``.

    Example:
        >>> clock = FakeClock(start=10.0)
        >>> clock.advance(1.0)
        >>> clock(), clock.slept
        (11.0, 0.0)
    """

    def __init__(self, start: float = 0.0) -> None:
        self._now = start
        self._slept = 0.0
        self._lock = threading.Lock()

    def __call__(self) -> float:
        """Return the current fake time in seconds."""
        with self._lock:
            return self._now

    def sleep(self, seconds: float) -> None:
        """Advance time by ``seconds`` without blocking; the total is kept in ``slept``.

        Raises:
            InputError: ``seconds`` is negative.
        """
        if seconds < 0:
            raise InputError(f"Cannot sleep a negative time ({seconds}); pass seconds >= 0.")
        with self._lock:
            self._now += seconds
            self._slept += seconds

    def advance(self, seconds: float) -> None:
        """Move time forward as if the world went on; not counted in ``slept``.

        Raises:
            InputError: ``seconds`` is negative.
        """
        if seconds < 0:
            raise InputError(f"Cannot move time backwards ({seconds}); pass seconds >= 0.")
        with self._lock:
            self._now += seconds

    @property
    def slept(self) -> float:
        """Total seconds passed to ``sleep`` so far."""
        with self._lock:
            return self._slept
