"""Prices per model and the cost of a call, in exact decimal US dollars.

``PricingTable.default()`` holds public on-demand list prices for the main Bedrock models,
per million tokens, US East (N. Virginia), as known when this table was written (2025):
source, date and caveats are in ``docs/llm.md``. Prices change and differ by region:
check them against the Bedrock pricing page and override what differs with
``PricingTable.default().with_prices({...})``.

Bedrock reports ``inputTokens`` *without* cache reads and writes, so each kind is priced
on its own: ``input * input price + cache_read * cache-read price + cache_write *
cache-write price + output * output price``.

Example:
    >>> from talentmatch.llm.models import Usage
    >>> table = PricingTable.default()
    >>> cost = table.cost("us.amazon.nova-lite-v1:0", Usage(input_tokens=1_000_000))
    >>> cost.total == Decimal("0.06"), cost.priced
    (True, True)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from talentmatch.errors import ConfigError
from talentmatch.llm.models import Usage

__all__ = ["Cost", "ModelPrice", "PricingTable", "base_model_id"]

_MILLION = Decimal(1_000_000)
# Cross-region inference profiles prefix the model id with a geography: same price basis.
_PROFILE_PREFIX = re.compile(r"^(?:us|eu|apac|jp|au|ca|us-gov|global)\.")


class ModelPrice(BaseModel):
    """US dollars per million tokens of each kind for one model.

    Cache and batch prices left ``None`` fall back to the input/output price (caching) or
    mean batch inference is not priced (``cost(batch=True)`` then reports unpriced).

    Example:
        >>> ModelPrice(input=Decimal("1"), output=Decimal("5")).cache_read_price
        Decimal('1')
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    input: Decimal = Field(ge=0, description="Uncached input, USD per million tokens.")
    output: Decimal = Field(ge=0, description="Output, USD per million tokens.")
    cache_read: Decimal | None = Field(default=None, ge=0, description="Cache read, USD/MTok.")
    cache_write: Decimal | None = Field(
        default=None, ge=0, description="Cache write, USD per million tokens."
    )
    batch_input: Decimal | None = Field(default=None, ge=0, description="Batch input, USD/MTok.")
    batch_output: Decimal | None = Field(
        default=None, ge=0, description="Batch output, USD per million tokens."
    )

    @property
    def cache_read_price(self) -> Decimal:
        """Cache-read price, or the input price when the model has none listed."""
        return self.input if self.cache_read is None else self.cache_read

    @property
    def cache_write_price(self) -> Decimal:
        """Cache-write price, or the input price when the model has none listed."""
        return self.input if self.cache_write is None else self.cache_write


class Cost(BaseModel):
    """What a call (or many) cost, per token kind, in US dollars.

    ``priced`` is False when a model had no price: amounts are then zero and must not be
    read as free.

    Example:
        >>> (Cost(input=Decimal("0.1")) + Cost(output=Decimal("0.2"))).total
        Decimal('0.3')
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    input: Decimal = Field(default=Decimal(0), ge=0, description="USD for uncached input.")
    output: Decimal = Field(default=Decimal(0), ge=0, description="USD for output.")
    cache_read: Decimal = Field(default=Decimal(0), ge=0, description="USD for cache reads.")
    cache_write: Decimal = Field(default=Decimal(0), ge=0, description="USD for cache writes.")
    priced: bool = Field(default=True, description="False when some usage had no price.")

    @property
    def total(self) -> Decimal:
        """Sum of every kind, in US dollars."""
        return self.input + self.output + self.cache_read + self.cache_write

    def __add__(self, other: Cost) -> Cost:
        return Cost(
            input=self.input + other.input,
            output=self.output + other.output,
            cache_read=self.cache_read + other.cache_read,
            cache_write=self.cache_write + other.cache_write,
            priced=self.priced and other.priced,
        )


def base_model_id(model_id: str) -> str:
    """Reduce an inference-profile id or ARN to the base model id used for pricing.

    Example:
        >>> base_model_id("arn:aws:bedrock:eu-west-1:123:inference-profile/eu.amazon.nova-pro-v1:0")
        'amazon.nova-pro-v1:0'
    """
    if model_id.startswith("arn:"):
        model_id = model_id.rsplit("/", 1)[-1]
    return _PROFILE_PREFIX.sub("", model_id)


def _price(
    inp: str,
    out: str,
    read: str | None = None,
    write: str | None = None,
    *,
    batch: bool = True,
) -> ModelPrice:
    # Bedrock batch inference is listed at 50% of on-demand for the models it supports.
    half = Decimal("0.5")
    return ModelPrice(
        input=Decimal(inp),
        output=Decimal(out),
        cache_read=Decimal(read) if read is not None else None,
        cache_write=Decimal(write) if write is not None else None,
        batch_input=Decimal(inp) * half if batch else None,
        batch_output=Decimal(out) * half if batch else None,
    )


@cache
def _default_prices() -> dict[str, ModelPrice]:
    sonnet = _price("3.00", "15.00", "0.30", "3.75")
    return {
        # Anthropic Claude (on Bedrock).
        "anthropic.claude-3-haiku-20240307-v1:0": _price("0.25", "1.25"),
        "anthropic.claude-3-5-haiku-20241022-v1:0": _price("0.80", "4.00", "0.08", "1.00"),
        "anthropic.claude-haiku-4-5-20251001-v1:0": _price("1.00", "5.00", "0.10", "1.25"),
        "anthropic.claude-3-5-sonnet-20240620-v1:0": _price("3.00", "15.00"),
        "anthropic.claude-3-5-sonnet-20241022-v2:0": sonnet,
        "anthropic.claude-3-7-sonnet-20250219-v1:0": sonnet,
        "anthropic.claude-sonnet-4-20250514-v1:0": sonnet,
        "anthropic.claude-sonnet-4-5-20250929-v1:0": sonnet,
        # Amazon Nova: cache reads at 25% of input; writes priced as input (conservative).
        "amazon.nova-micro-v1:0": _price("0.035", "0.14", "0.00875"),
        "amazon.nova-lite-v1:0": _price("0.06", "0.24", "0.015"),
        "amazon.nova-pro-v1:0": _price("0.80", "3.20", "0.20"),
        # Meta Llama.
        "meta.llama3-1-8b-instruct-v1:0": _price("0.22", "0.22"),
        "meta.llama3-1-70b-instruct-v1:0": _price("0.72", "0.72"),
        "meta.llama3-3-70b-instruct-v1:0": _price("0.72", "0.72"),
        # Mistral: batch prices not listed when this was written.
        "mistral.mistral-7b-instruct-v0:2": _price("0.15", "0.20", batch=False),
        "mistral.mixtral-8x7b-instruct-v0:1": _price("0.45", "0.70", batch=False),
        "mistral.mistral-small-2402-v1:0": _price("1.00", "3.00", batch=False),
        "mistral.mistral-large-2402-v1:0": _price("4.00", "12.00", batch=False),
    }


class PricingTable(BaseModel):
    """Prices by base model id; immutable, overridable by building a new table.

    Example:
        >>> table = PricingTable.default().with_prices(
        ...     {"my.custom-model": ModelPrice(input=Decimal("2"), output=Decimal("4"))})
        >>> table.price_for("my.custom-model").output
        Decimal('4')
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    prices: dict[str, ModelPrice] = Field(description="Prices keyed by base model id.")

    @classmethod
    def default(cls) -> PricingTable:
        """Return the built-in table (public list prices; verify before relying on them)."""
        return cls(prices=dict(_default_prices()))

    def with_prices(self, prices: Mapping[str, ModelPrice]) -> PricingTable:
        """Return a copy with ``prices`` added or replacing existing entries.

        Args:
            prices: model id (or inference profile id) to price.

        Returns:
            A new table; this one is unchanged.

        Raises:
            ConfigError: a value is not a ``ModelPrice``.
        """
        for model_id, price in prices.items():
            if not isinstance(price, ModelPrice):
                raise ConfigError(f"Price for {model_id!r} must be a talentmatch ModelPrice.")
        merged = dict(self.prices)
        merged.update({base_model_id(k): v for k, v in prices.items()})
        return PricingTable(prices=merged)

    def price_for(self, model_id: str) -> ModelPrice | None:
        """Return the price of ``model_id`` (profile prefixes and ARNs accepted), or None.

        Example:
            >>> PricingTable.default().price_for("eu.amazon.nova-micro-v1:0").input
            Decimal('0.035')
        """
        return self.prices.get(model_id) or self.prices.get(base_model_id(model_id))

    def cost(self, model_id: str, usage: Usage, *, batch: bool = False) -> Cost:
        """Price ``usage`` of ``model_id``; unknown models give ``priced=False``.

        Args:
            model_id: model or inference profile id.
            usage: tokens to price.
            batch: price at batch-inference rates.

        Returns:
            The cost per token kind.

        Example:
            >>> PricingTable.default().cost("unknown", Usage(input_tokens=5)).priced
            False
        """
        price = self.price_for(model_id)
        if price is None or (batch and (price.batch_input is None or price.batch_output is None)):
            return Cost(priced=usage.total_tokens == 0)
        input_price = price.batch_input if batch and price.batch_input is not None else price.input
        output_price = (
            price.batch_output if batch and price.batch_output is not None else price.output
        )
        return Cost(
            input=usage.input_tokens * input_price / _MILLION,
            output=usage.output_tokens * output_price / _MILLION,
            cache_read=usage.cache_read_tokens * price.cache_read_price / _MILLION,
            cache_write=usage.cache_write_tokens * price.cache_write_price / _MILLION,
        )
