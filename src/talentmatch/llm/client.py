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

from talentmatch.errors import InputError
from talentmatch.llm.models import LLMRequest, LLMResponse

__all__ = ["LLMClient", "WrappingClient"]


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


class WrappingClient:
    """Base class of the wrappers: holds an inner ``LLMClient`` and reports its model id.

    Subclass it to write a wrapper of your own; override ``complete``.

    Args:
        inner: the wrapped client.

    Raises:
        InputError: ``inner`` is not an ``LLMClient``.

    Example:
        >>> from talentmatch.llm import ScriptedClient
        >>> WrappingClient(ScriptedClient([{}], model_id="m")).model_id
        'm'
    """

    def __init__(self, inner: LLMClient) -> None:
        if not isinstance(inner, LLMClient):
            raise InputError("inner must be an LLMClient (model_id and complete()).")
        self._inner = inner

    @property
    def model_id(self) -> str:
        """The inner client's model id."""
        return self._inner.model_id

    @property
    def inner(self) -> LLMClient:
        """The wrapped client."""
        return self._inner

    def complete(self, request: LLMRequest) -> LLMResponse:
        """Pass ``request`` to the inner client (subclasses add their behaviour).

        Raises:
            LLMError: the inner client's failure.
        """
        return self._inner.complete(request)
