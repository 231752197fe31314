"""Language-model clients for talentmatch: one protocol, Bedrock, a scripted double, and
composable resilience, cost and cache wrappers.

Everything here is provider-neutral except ``BedrockClient``. Nothing here reads resumes:
redact with ``talentmatch.safety`` before building a request.

Example:
    >>> from talentmatch.llm import LLMRequest, Message, ScriptedClient, resilient
    >>> client = resilient(ScriptedClient([{"skills": ["SQL"]}]))
    >>> client.complete(LLMRequest(messages=(Message.user("SQL analyst"),))).output
    {'skills': ['SQL']}
"""

from talentmatch.llm.bedrock import BedrockClient, ToolChoice
from talentmatch.llm.breaker import CircuitBreakerClient, CircuitState
from talentmatch.llm.cache import CachingClient, MemoryCache, ResponseCache, SqliteCache, cache_key
from talentmatch.llm.client import LLMClient, WrappingClient
from talentmatch.llm.clock import Clock, FakeClock, Sleep
from talentmatch.llm.failures import FailureInfo, annotate, failure_info
from talentmatch.llm.ledger import CallOutcome, CostLedger, LedgerTotals, MeteredClient
from talentmatch.llm.models import (
    LLMRequest,
    LLMResponse,
    Message,
    OutputSchema,
    RequestMetadata,
    StopReason,
    Usage,
    approx_tokens,
)
from talentmatch.llm.pricing import Cost, ModelPrice, PricingTable, base_model_id
from talentmatch.llm.prompts import PromptTemplate, delimit
from talentmatch.llm.ratelimit import RateLimitedClient, TokenBucket
from talentmatch.llm.retry import RetryingClient, RetryPolicy
from talentmatch.llm.scripted import Scripted, ScriptedClient, ScriptStep
from talentmatch.llm.stack import resilient
from talentmatch.llm.structured import (
    json_object_in,
    parse_output,
    reask_request,
    validation_problem,
)
from talentmatch.llm.timeout import TimeoutClient

__all__ = [
    "BedrockClient",
    "CachingClient",
    "CallOutcome",
    "CircuitBreakerClient",
    "CircuitState",
    "Clock",
    "Cost",
    "CostLedger",
    "FailureInfo",
    "FakeClock",
    "LLMClient",
    "LLMRequest",
    "LLMResponse",
    "LedgerTotals",
    "MemoryCache",
    "Message",
    "MeteredClient",
    "ModelPrice",
    "OutputSchema",
    "PricingTable",
    "PromptTemplate",
    "RateLimitedClient",
    "RequestMetadata",
    "ResponseCache",
    "RetryPolicy",
    "RetryingClient",
    "ScriptStep",
    "Scripted",
    "ScriptedClient",
    "Sleep",
    "SqliteCache",
    "StopReason",
    "TimeoutClient",
    "TokenBucket",
    "ToolChoice",
    "Usage",
    "WrappingClient",
    "annotate",
    "approx_tokens",
    "base_model_id",
    "cache_key",
    "delimit",
    "failure_info",
    "json_object_in",
    "parse_output",
    "reask_request",
    "resilient",
    "validation_problem",
]
