"""The ``LLMClient`` protocol: the one seam between talentmatch and any language model.

A client has a ``model_id`` and a ``complete`` method. ``BedrockClient`` is the production
client, ``ScriptedClient`` the deterministic double; every resilience wrapper (retry,
circuit breaker, rate limit, timeout, cache, ledger) is itself an ``LLMClient`` around
another, so they compose in any order without global state.

Contract for implementers:

- return an ``LLMResponse``, or raise an ``LLMError`` subclass (never a raw library error);
- attach tokens billed for a failed call with ``talentmatch.llm.annotate(exc, usage=...)``;
- be safe to call from several threads at once.

Example:
    >>> from talentmatch.llm import ScriptedClient
    >>> client: LLMClient = ScriptedClient([{"skills": []}])
    >>> isinstance(client, LLMClient)
    True
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from talentmatch.llm.models import LLMRequest, LLMResponse

__all__ = ["LLMClient"]


@runtime_checkable
class LLMClient(Protocol):
    """Anything that answers an ``LLMRequest`` with an ``LLMResponse``."""

    @property
    def model_id(self) -> str:
        """Id of the model that answers (used for pricing, cache keys, audit records)."""
        ...

    def complete(self, request: LLMRequest) -> LLMResponse:
        """Answer ``request``.

        Args:
            request: what to ask.

        Returns:
            The model's answer with usage and latency.

        Raises:
            LLMError: any failure, as one of its typed subclasses.
        """
        ...
