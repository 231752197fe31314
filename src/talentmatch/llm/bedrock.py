"""``BedrockClient``: an ``LLMClient`` over the Amazon Bedrock Converse API (boto3).

The answer schema is sent as a single tool the model is forced to call
(``toolChoice: {"tool": ...}``). Some models reject forced tool choice with a
ValidationException about ``toolChoice``; the client then falls back to ``any`` and then
to ``auto`` (no ``toolChoice`` field), and remembers the mode that works for the model, per
client instance, so later calls go straight to it.

Errors become typed ``LLMError``s carrying a ``FailureInfo`` (retryable, tokens billed,
provider code, request id). botocore's own retries are off: wrap the client in
``RetryingClient`` (or use ``resilient()``), the single retry layer.

Example:
    >>> client = BedrockClient("amazon.nova-lite-v1:0", region="us-east-1")  # no network yet
    >>> client.model_id, client.tool_choice
    ('amazon.nova-lite-v1:0', 'tool')
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from typing import Any, Literal

from talentmatch.errors import (
    InputError,
    LLMContentFilteredError,
    LLMError,
    LLMOutputError,
    LLMThrottledError,
    LLMTimeoutError,
    LLMUnavailableError,
)
from talentmatch.llm import _boto
from talentmatch.llm.clock import Clock
from talentmatch.llm.failures import annotate
from talentmatch.llm.models import LLMRequest, LLMResponse, StopReason, Usage
from talentmatch.llm.structured import json_object_in

__all__ = ["BedrockClient", "ToolChoice"]

logger = logging.getLogger(__name__)

ToolChoice = Literal["tool", "any", "auto"]
"""How the output tool is offered: forced by name, any tool, or the model's choice."""

_NEXT_CHOICE: dict[ToolChoice, ToolChoice | None] = {"tool": "any", "any": "auto", "auto": None}
_TOOL_CHOICE_REJECTED = re.compile(r"tool.?choice", re.IGNORECASE)
_MAX_PROVIDER_MESSAGE = 300

_RETRYABLE_SERVICE: dict[str, tuple[type[LLMError], str]] = {
    "ThrottlingException": (
        LLMThrottledError,
        "Bedrock throttled the request to {model}; retry with backoff, lower the request "
        "rate (RateLimitedClient) or ask AWS for a higher quota.",
    ),
    "ModelNotReadyException": (
        LLMUnavailableError,
        "Model {model} is not ready yet (loading); retry shortly.",
    ),
    "InternalServerException": (
        LLMUnavailableError,
        "Bedrock had an internal error serving {model}; retry shortly.",
    ),
    "ServiceUnavailableException": (
        LLMUnavailableError,
        "Bedrock is unavailable for {model} in {region}; retry shortly or use another region.",
    ),
    "ModelErrorException": (
        LLMUnavailableError,
        "Model {model} failed while processing the request; retry shortly.",
    ),
    "ModelTimeoutException": (
        LLMTimeoutError,
        "Model {model} took too long to answer; retry, shorten the input or lower max_tokens.",
    ),
}
_PERMANENT_SERVICE: dict[str, tuple[type[LLMError], str]] = {
    "ValidationException": (
        LLMError,
        "Bedrock rejected the request to {model} as invalid ({detail}). Check the model id, "
        "that max_tokens is within the model's limit and that the model supports tool use "
        "in the Converse API.",
    ),
    "AccessDeniedException": (
        LLMUnavailableError,
        "Access to {model} was denied in {region}. Grant bedrock:InvokeModel on the model "
        "(and on the inference profile when you use one) to this identity, and enable "
        "access to the model in the Bedrock console.",
    ),
    "ResourceNotFoundException": (
        LLMUnavailableError,
        "Model {model} was not found in {region}. Check the model id, use an inference "
        "profile id (such as 'us.' + model id) for models that require one, or change region.",
    ),
    "ServiceQuotaExceededException": (
        LLMThrottledError,
        "A Bedrock quota for {model} is exhausted (for example tokens per day); wait for it "
        "to reset or ask AWS for a higher quota.",
    ),
}


class BedrockClient:
    """An ``LLMClient`` for one Bedrock model through ``bedrock-runtime`` ``converse``.

    Args:
        model_id: a Bedrock model id or inference profile id/ARN, e.g.
            ``"anthropic.claude-3-5-haiku-20241022-v1:0"`` or
            ``"us.anthropic.claude-3-5-haiku-20241022-v1:0"``.
        client: a ready boto3 ``bedrock-runtime`` client (tests pass one wrapped in
            ``botocore.stub.Stubber``). Its retry settings are yours: turn botocore retries
            off (``total_max_attempts=1``) to avoid stacking retry layers.
        region: AWS region when the client is created here (default: boto3's resolution).
        profile_name: AWS profile when the client is created here.
        connect_timeout: seconds to open a connection (default 5).
        read_timeout: seconds to wait for the answer (default 60); the per-attempt timeout.
        max_pool_connections: HTTP connections kept for concurrent calls (default 32).
        tool_choice: starting tool-choice mode (default ``"tool"``: forced).
        clock: monotonic clock used to measure latency.

    The boto3 client is created on the first call, never at construction or import.

    Raises:
        InputError: an argument is invalid.

    Example:
        >>> BedrockClient("amazon.nova-micro-v1:0", read_timeout=30).model_id
        'amazon.nova-micro-v1:0'
    """

    def __init__(
        self,
        model_id: str,
        *,
        client: Any = None,
        region: str | None = None,
        profile_name: str | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 60.0,
        max_pool_connections: int = 32,
        tool_choice: ToolChoice = "tool",
        clock: Clock = time.monotonic,
    ) -> None:
        if not isinstance(model_id, str) or not model_id.strip():
            raise InputError("model_id must be a Bedrock model id such as 'amazon.nova-lite-v1:0'.")
        if connect_timeout <= 0 or read_timeout <= 0:
            raise InputError("connect_timeout and read_timeout must be positive seconds.")
        if max_pool_connections < 1:
            raise InputError("max_pool_connections must be at least 1.")
        if tool_choice not in _NEXT_CHOICE:
            raise InputError("tool_choice must be 'tool', 'any' or 'auto'.")
        self._model_id = model_id
        self._client = client
        self._region = region
        self._profile_name = profile_name
        self._timeouts = (connect_timeout, read_timeout)
        self._pool = max_pool_connections
        self._clock = clock
        self._lock = threading.Lock()
        self._choice_by_model: dict[str, ToolChoice] = {model_id: tool_choice}

    @property
    def model_id(self) -> str:
        """The Bedrock model id or inference profile this client calls."""
        return self._model_id

    @property
    def tool_choice(self) -> ToolChoice:
        """The tool-choice mode currently used for this model (learned from rejections)."""
        with self._lock:
            return self._choice_by_model[self._model_id]

    def complete(self, request: LLMRequest) -> LLMResponse:
        """Send ``request`` through Converse and return the parsed answer.

        Args:
            request: what to ask.

        Returns:
            The answer. ``output`` is ``None`` with a ``problem`` (a re-ask signal) when the
            model answered without usable JSON or the provider reported malformed output.

        Raises:
            LLMThrottledError: throttled (retryable) or a quota is exhausted (not retryable).
            LLMUnavailableError: 5xx, model not ready, connection failure (retryable);
                access denied, model not found, missing credentials (not retryable).
            LLMTimeoutError: the model or the read timed out (retryable).
            LLMOutputError: the answer was truncated at max_tokens, or the input exceeds the
                model's context window.
            LLMContentFilteredError: a guardrail or content filter intervened.
            LLMError: the request was invalid for this model (ValidationException).
        """
        if not isinstance(request, LLMRequest):
            raise InputError("complete() takes a talentmatch.llm.LLMRequest.")
        choice = self.tool_choice
        while True:
            params = self._params(request, choice)
            started = self._clock()
            try:
                raw = _boto.converse(self._boto_client(), params)
            except Exception as exc:
                failure = _boto.describe_failure(exc)
                following = _NEXT_CHOICE[choice]
                if request.output is not None and following and _rejects_choice(failure):
                    choice = self._downgrade(choice, following)
                    continue
                raise self._error(failure) from None
            return self._response(request, raw, max(0.0, self._clock() - started))

    def _boto_client(self) -> Any:
        with self._lock:
            if self._client is None:
                connect, read = self._timeouts
                self._client = _boto.new_client(
                    region=self._region,
                    profile_name=self._profile_name,
                    connect_timeout=connect,
                    read_timeout=read,
                    max_pool_connections=self._pool,
                )
            return self._client

    def _downgrade(self, rejected: ToolChoice, following: ToolChoice) -> ToolChoice:
        with self._lock:
            self._choice_by_model[self._model_id] = following
        logger.info(
            "model rejected tool choice; falling back",
            extra={"model_id": self._model_id, "rejected": rejected, "now": following},
        )
        return following

    def _params(self, request: LLMRequest, choice: ToolChoice) -> dict[str, Any]:
        params: dict[str, Any] = {
            "modelId": self._model_id,
            "messages": [{"role": m.role, "content": [{"text": m.text}]} for m in request.messages],
            "inferenceConfig": {
                "maxTokens": request.max_tokens,
                "temperature": request.temperature,
            },
        }
        if request.system:
            system: list[dict[str, Any]] = [{"text": request.system}]
            if request.cache_prompt:
                system.append({"cachePoint": {"type": "default"}})
            params["system"] = system
        if request.output is not None:
            spec = {
                "name": request.output.name,
                "description": request.output.description,
                "inputSchema": {"json": request.output.json_schema},
            }
            tool_config: dict[str, Any] = {"tools": [{"toolSpec": spec}]}
            if choice == "tool":
                tool_config["toolChoice"] = {"tool": {"name": request.output.name}}
            elif choice == "any":
                tool_config["toolChoice"] = {"any": {}}
            params["toolConfig"] = tool_config
        return params

    def _response(self, request: LLMRequest, raw: dict[str, Any], latency: float) -> LLMResponse:
        reason = str(raw.get("stopReason", ""))
        usage = _usage(raw.get("usage", {}))
        request_id = str(raw.get("ResponseMetadata", {}).get("RequestId", ""))
        content = raw.get("output", {}).get("message", {}).get("content", [])
        if reason == "max_tokens":
            raise annotate(
                LLMOutputError(
                    f"The answer of {self._model_id} was cut off at max_tokens="
                    f"{request.max_tokens}; raise max_tokens or send a shorter document."
                ),
                usage=usage,
                retryable=False,
                provider_code=reason,
                request_id=request_id,
            )
        if reason == "model_context_window_exceeded":
            raise annotate(
                LLMOutputError(
                    f"The request exceeds the context window of {self._model_id}; send a "
                    "shorter document (Limits.max_chars) or use a model with a larger window."
                ),
                usage=usage,
                retryable=False,
                provider_code=reason,
                request_id=request_id,
            )
        if reason in ("guardrail_intervened", "content_filtered"):
            raise annotate(
                LLMContentFilteredError(
                    f"A {'guardrail' if reason == 'guardrail_intervened' else 'content filter'}"
                    f" blocked the answer of {self._model_id}; the document cannot be "
                    "processed by this model (use the offline extractor)."
                ),
                usage=usage,
                retryable=False,
                provider_code=reason,
                request_id=request_id,
            )
        texts = [str(block["text"]) for block in content if "text" in block]
        tool_inputs = [
            block["toolUse"].get("input")
            for block in content
            if "toolUse" in block
            and (request.output is None or block["toolUse"].get("name") == request.output.name)
        ]
        text = "\n".join(texts)
        output: dict[str, Any] | None = None
        problem: str | None = None
        if reason in ("malformed_model_output", "malformed_tool_use"):
            stop = StopReason.MALFORMED_OUTPUT
            problem = (
                "the tool call was malformed"
                if reason == "malformed_tool_use"
                else "the answer was malformed"
            )
        else:
            stop = {
                "tool_use": StopReason.TOOL_USE,
                "stop_sequence": StopReason.STOP_SEQUENCE,
            }.get(reason, StopReason.END_TURN)
            if tool_inputs and isinstance(tool_inputs[0], dict):
                output = tool_inputs[0]
                text = json.dumps(output, ensure_ascii=False, sort_keys=True)
            elif tool_inputs:
                problem = "the tool input is not a JSON object"
            elif request.output is not None:
                output, problem = json_object_in(text)
                if output is None:
                    problem = f"the tool `{request.output.name}` was not called and {problem}"
        return LLMResponse(
            output=output,
            text=text,
            stop_reason=stop,
            problem=problem,
            usage=usage,
            model_id=self._model_id,
            latency_seconds=latency,
            request_id=request_id,
        )

    def _error(self, failure: _boto.BotoFailure) -> LLMError:
        region = self._region or (
            _boto.region_of(self._client) if self._client is not None else "the default region"
        )
        values = {"model": self._model_id, "region": region, "detail": _short(failure.message)}
        retryable = False
        if failure.kind == "service" and failure.code in _RETRYABLE_SERVICE:
            cls, template = _RETRYABLE_SERVICE[failure.code]
            error, retryable = cls(template.format(**values)), True
        elif failure.kind == "service" and failure.code in _PERMANENT_SERVICE:
            cls, template = _PERMANENT_SERVICE[failure.code]
            error = cls(template.format(**values))
        elif failure.kind == "service":
            retryable = (failure.status or 0) >= 500
            error = (LLMUnavailableError if retryable else LLMError)(
                f"Bedrock returned {failure.code} (HTTP {failure.status}) for {self._model_id}"
                f"{'; retry shortly' if retryable else ''}."
            )
        elif failure.kind == "read_timeout":
            error, retryable = (
                LLMTimeoutError(
                    f"No answer from {self._model_id} within read_timeout={self._timeouts[1]} s; "
                    "retry, or raise read_timeout for long documents."
                ),
                True,
            )
        elif failure.kind == "connect":
            error, retryable = (
                LLMUnavailableError(
                    f"Could not connect to Bedrock in {region}; check network access to the "
                    "bedrock-runtime endpoint (VPC endpoint, proxy) and retry."
                ),
                True,
            )
        elif failure.kind in ("credentials", "region"):
            error = LLMUnavailableError(
                f"AWS is not configured for Bedrock ({failure.code}): set credentials (role, "
                "profile or environment) and a region (region= or AWS_REGION)."
            )
        elif failure.kind == "param":
            error = LLMError(
                f"The Converse request failed client-side validation: {_short(failure.message)}"
            )
        else:
            error = LLMUnavailableError(
                f"Calling Bedrock failed unexpectedly ({failure.code}); see the logs and retry."
            )
        logger.warning(
            "bedrock call failed",
            extra={
                "model_id": self._model_id,
                "code": failure.code,
                "retryable": retryable,
                "request_id": failure.request_id,
            },
        )
        return annotate(
            error,
            retryable=retryable,
            provider_code=failure.code,
            request_id=failure.request_id,
        )


def _rejects_choice(failure: _boto.BotoFailure) -> bool:
    return (
        failure.kind == "service"
        and failure.code == "ValidationException"
        and bool(_TOOL_CHOICE_REJECTED.search(failure.message))
    )


def _usage(raw: dict[str, Any]) -> Usage:
    # Bedrock's inputTokens already excludes cache reads and writes: no subtraction needed.
    return Usage(
        input_tokens=int(raw.get("inputTokens", 0)),
        output_tokens=int(raw.get("outputTokens", 0)),
        cache_read_tokens=int(raw.get("cacheReadInputTokens", 0)),
        cache_write_tokens=int(raw.get("cacheWriteInputTokens", 0)),
    )


def _short(message: str) -> str:
    # Provider messages explain what is invalid; they are cut short so that nothing long
    # (such as an echoed piece of the request) can reach logs through them.
    message = " ".join(message.split())
    if len(message) > _MAX_PROVIDER_MESSAGE:
        return message[: _MAX_PROVIDER_MESSAGE - 3] + "..."
    return message or "no detail"
