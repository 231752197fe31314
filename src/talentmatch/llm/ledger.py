"""``CostLedger`` and ``MeteredClient``: cumulative tokens and dollars, failures included.

A ledger is thread-safe and may have a parent: an extractor's ledger with the pipeline's
ledger as parent rolls every call up to the pipeline, and the pipeline's totals equal the
sum of its extractors'. ``MeteredClient`` records every call it sees: successes (all
attempts, retried ones included), failures (tokens billed for failed attempts) and cache
hits (zero tokens).

Put ``MeteredClient`` outermost, around ``CachingClient`` and ``RetryingClient``, so one
call is one entry whatever happened inside.

Example:
    >>> from talentmatch.llm.models import LLMRequest, Message, Usage
    >>> from talentmatch.llm.scripted import Scripted, ScriptedClient
    >>> ledger = CostLedger()
    >>> inner = ScriptedClient([Scripted(output={}, usage=Usage(input_tokens=100))],
    ...                        model_id="amazon.nova-micro-v1:0")
    >>> _ = MeteredClient(inner, ledger).complete(LLMRequest(messages=(Message.user("x"),)))
    >>> totals = ledger.totals()
    >>> totals.calls, totals.usage.input_tokens, str(totals.cost.total)
    (1, 100, '0.0000035')
"""

from __future__ import annotations

import threading
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from talentmatch.errors import InputError, LLMError
from talentmatch.llm.client import LLMClient, WrappingClient
from talentmatch.llm.failures import failure_info
from talentmatch.llm.models import LLMRequest, LLMResponse, Usage
from talentmatch.llm.pricing import Cost, PricingTable

__all__ = ["CallOutcome", "CostLedger", "LedgerTotals", "MeteredClient"]

CallOutcome = Literal["success", "failure", "cache_hit"]


class LedgerTotals(BaseModel):
    """Cumulative figures of a ledger (or of one model in it).

    Example:
        >>> LedgerTotals().cost.total
        Decimal('0')
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    calls: int = Field(default=0, ge=0, description="Calls recorded, whatever the outcome.")
    attempts: int = Field(default=0, ge=0, description="Provider attempts, retries included.")
    failures: int = Field(default=0, ge=0, description="Calls that ended in an error.")
    cache_hits: int = Field(default=0, ge=0, description="Calls served from a cache.")
    usage: Usage = Field(default_factory=Usage, description="Tokens billed, failures included.")
    cost: Cost = Field(default_factory=Cost, description="US dollars, failures included.")

    def plus(self, outcome: CallOutcome, attempts: int, usage: Usage, cost: Cost) -> LedgerTotals:
        """Return these totals with one more call added.

        Example:
            >>> LedgerTotals().plus("failure", 3, Usage(), Cost()).attempts
            3
        """
        return LedgerTotals(
            calls=self.calls + 1,
            attempts=self.attempts + (0 if outcome == "cache_hit" else attempts),
            failures=self.failures + (outcome == "failure"),
            cache_hits=self.cache_hits + (outcome == "cache_hit"),
            usage=self.usage + usage,
            cost=self.cost + cost,
        )


class CostLedger:
    """Thread-safe running totals of LLM calls, overall and per model.

    Args:
        pricing: prices used to turn usage into dollars (default ``PricingTable.default()``).
        parent: another ledger that receives every record too (e.g. the pipeline's).
        batch: price at batch-inference rates.
    """

    def __init__(
        self,
        pricing: PricingTable | None = None,
        *,
        parent: CostLedger | None = None,
        batch: bool = False,
    ) -> None:
        if parent is not None and not isinstance(parent, CostLedger):
            raise InputError("parent must be a CostLedger or None.")
        self._pricing = pricing or PricingTable.default()
        self._parent = parent
        self._batch = batch
        self._lock = threading.Lock()
        self._totals = LedgerTotals()
        self._by_model: dict[str, LedgerTotals] = {}

    @property
    def pricing(self) -> PricingTable:
        """The prices this ledger applies."""
        return self._pricing

    def record(
        self, model_id: str, usage: Usage, *, outcome: CallOutcome = "success", attempts: int = 1
    ) -> Cost:
        """Add one call; return its cost (also recorded in the parent, priced by the parent).

        Args:
            model_id: the model called.
            usage: tokens billed for the call, failed attempts included.
            outcome: ``success``, ``failure`` or ``cache_hit``.
            attempts: provider attempts the call made.

        Returns:
            The call's cost under this ledger's prices.

        Example:
            >>> from decimal import Decimal
            >>> ledger = CostLedger()
            >>> cost = ledger.record("amazon.nova-lite-v1:0", Usage(output_tokens=1_000_000))
            >>> cost.total == Decimal("0.24")
            True
        """
        cost = self._pricing.cost(model_id, usage, batch=self._batch)
        with self._lock:
            self._totals = self._totals.plus(outcome, attempts, usage, cost)
            previous = self._by_model.get(model_id, LedgerTotals())
            self._by_model[model_id] = previous.plus(outcome, attempts, usage, cost)
        if self._parent is not None:
            self._parent.record(model_id, usage, outcome=outcome, attempts=attempts)
        return cost

    def totals(self) -> LedgerTotals:
        """Totals over every call recorded so far."""
        with self._lock:
            return self._totals

    def by_model(self) -> dict[str, LedgerTotals]:
        """Totals per model id, sorted by id."""
        with self._lock:
            return dict(sorted(self._by_model.items()))


class MeteredClient(WrappingClient):
    """Record every call through ``inner`` in a ``CostLedger``.

    Args:
        inner: the client to meter.
        ledger: where calls are recorded.
    """

    def __init__(self, inner: LLMClient, ledger: CostLedger) -> None:
        super().__init__(inner)
        if not isinstance(ledger, CostLedger):
            raise InputError("ledger must be a talentmatch.llm.CostLedger.")
        self.ledger = ledger

    def complete(self, request: LLMRequest) -> LLMResponse:
        """Call the inner client and record the outcome.

        Args:
            request: what to ask.

        Returns:
            The inner client's response.

        Raises:
            LLMError: the inner client's failure, after its tokens were recorded.
        """
        try:
            response = self._inner.complete(request)
        except LLMError as exc:
            info = failure_info(exc)
            self.ledger.record(self.model_id, info.usage, outcome="failure", attempts=info.attempts)
            raise
        self.ledger.record(
            response.model_id,
            response.total_usage,
            outcome="cache_hit" if response.cache_hit else "success",
            attempts=response.attempts,
        )
        return response
