"""``ScriptedClient``: a deterministic ``LLMClient`` for tests, docs and your own test suites.

It answers from a script (a list of steps, or a function of the request and call index),
simulates latency through an injectable ``sleep``, raises scripted faults, and records
every request it received. Like httpx's ``MockTransport``, it lets the real code above it
run unchanged.

A step is one of:

- a ``dict``: the model calls the output tool with it (``stop_reason`` ``tool_use``);
- a ``str``: a text answer; JSON found in it becomes ``output`` when the request has a
  schema, otherwise ``output`` is ``None`` with a ``problem`` (malformed JSON);
- a ``Scripted``: full control (usage, latency, stop reason);
- an ``LLMResponse``: returned as is;
- an exception instance: raised (a fault), e.g. ``LLMThrottledError("...")``.

Example:
    >>> from talentmatch.errors import LLMThrottledError
    >>> from talentmatch.llm.models import LLMRequest, Message
    >>> client = ScriptedClient([LLMThrottledError("busy"), {"skills": ["SQL"]}])
    >>> request = LLMRequest(messages=(Message.user("SQL developer"),))
    >>> try:
    ...     client.complete(request)
    ... except LLMThrottledError:
    ...     pass
    >>> client.complete(request).output, client.call_count
    ({'skills': ['SQL']}, 2)
"""

from __future__ import annotations

import copy
import json
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from talentmatch.errors import ConfigError, InputError
from talentmatch.llm.clock import Sleep
from talentmatch.llm.models import (
    LLMRequest,
    LLMResponse,
    StopReason,
    Usage,
    approx_tokens,
)
from talentmatch.llm.structured import json_object_in

__all__ = ["ScriptStep", "Scripted", "ScriptedClient"]


class Scripted(BaseModel):
    """One scripted answer with every detail under control.

    Example:
        >>> Scripted(output={"a": 1}, usage=Usage(input_tokens=5)).usage.input_tokens
        5
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    output: dict[str, Any] | None = Field(default=None, description="Tool input, if any.")
    text: str | None = Field(default=None, description="Text answer (parsed for JSON).")
    stop_reason: StopReason | None = Field(default=None, description="Override the reason.")
    usage: Usage | None = Field(default=None, description="Override the estimated usage.")
    latency_seconds: float | None = Field(default=None, ge=0, description="Simulated latency.")


ScriptStep = Mapping[str, Any] | str | Scripted | LLMResponse | BaseException
"""What a script holds for one call."""


class ScriptedClient:
    """An ``LLMClient`` that replays a script; thread-safe; records calls.

    Args:
        script: the steps, in call order, or ``responder(request, call_index) -> step``.
        model_id: reported as the answering model.
        latency_seconds: simulated latency of every step without its own.
        faults: ``{call_index: exception}`` raised instead of the script's step
            (0-based, in arrival order); handy for "fail the 3rd call".
        cycle: restart the script when it ends instead of raising ``ConfigError``.
        sleep: how latency is simulated; pass ``FakeClock().sleep`` for instant tests.

    Usage is estimated deterministically (four characters a token) unless a step sets it.

    Example:
        >>> client = ScriptedClient(lambda request, i: {"call": i}, model_id="fake")
        >>> from talentmatch.llm.models import LLMRequest, Message
        >>> client.complete(LLMRequest(messages=(Message.user("x"),))).output
        {'call': 0}
    """

    def __init__(
        self,
        script: Sequence[ScriptStep] | Callable[[LLMRequest, int], ScriptStep],
        *,
        model_id: str = "scripted-model",
        latency_seconds: float = 0.0,
        faults: Mapping[int, BaseException] | None = None,
        cycle: bool = False,
        sleep: Sleep = time.sleep,
    ) -> None:
        if latency_seconds < 0:
            raise InputError(f"latency_seconds must be >= 0, got {latency_seconds}.")
        if not model_id:
            raise InputError("model_id must be a non-empty string.")
        if isinstance(script, str | bytes) or not (callable(script) or len(script) > 0):
            raise InputError("script must be a non-empty sequence of steps or a callable.")
        self._script = script if callable(script) else tuple(script)
        self._model_id = model_id
        self._latency = latency_seconds
        self._faults = dict(faults or {})
        self._cycle = cycle
        self._sleep = sleep
        self._lock = threading.Lock()
        self._calls: list[LLMRequest] = []

    @property
    def model_id(self) -> str:
        """The scripted model's id."""
        return self._model_id

    @property
    def calls(self) -> tuple[LLMRequest, ...]:
        """Every request received, in arrival order."""
        with self._lock:
            return tuple(self._calls)

    @property
    def call_count(self) -> int:
        """How many requests were received."""
        with self._lock:
            return len(self._calls)

    def complete(self, request: LLMRequest) -> LLMResponse:
        """Answer ``request`` with the next step of the script.

        Args:
            request: what to ask.

        Returns:
            The scripted answer.

        Raises:
            BaseException: the scripted fault for this call, when there is one.
            ConfigError: the script ran out (pass ``cycle=True`` or add steps).
        """
        with self._lock:
            index = len(self._calls)
            self._calls.append(request)
        step = self._step(request, index)
        latency = step.latency_seconds if isinstance(step, Scripted) else None
        latency = self._latency if latency is None else latency
        if latency:
            self._sleep(latency)
        if isinstance(step, BaseException):
            # A fresh copy per raise: the same instance re-raised would pile up tracebacks
            # and share annotations between calls.
            raise copy.copy(step)
        if isinstance(step, LLMResponse):
            return step
        return self._response(request, step, latency, index)

    def _step(self, request: LLMRequest, index: int) -> ScriptStep:
        if index in self._faults:
            return self._faults[index]
        if callable(self._script):
            return self._script(request, index)
        if index >= len(self._script) and not self._cycle:
            raise ConfigError(
                f"ScriptedClient's script has {len(self._script)} steps and call "
                f"{index + 1} arrived; add steps or pass cycle=True."
            )
        return self._script[index % len(self._script)]

    def _response(
        self,
        request: LLMRequest,
        step: Mapping[str, Any] | str | Scripted,
        latency: float,
        index: int,
    ) -> LLMResponse:
        if not isinstance(step, Scripted):
            step = Scripted(text=step) if isinstance(step, str) else Scripted(output=dict(step))
        output, problem = step.output, None
        if step.text is not None:
            text = step.text
            if output is None and request.output is not None:
                output, problem = json_object_in(text)
        else:
            text = json.dumps(output, sort_keys=True) if output is not None else ""
            if output is None and request.output is not None:
                problem = "the answer is empty"
        reason = step.stop_reason or (
            StopReason.TOOL_USE if step.output is not None else StopReason.END_TURN
        )
        if reason is StopReason.MALFORMED_OUTPUT:
            output, problem = None, problem or "the provider could not parse the answer"
        usage = step.usage or Usage(
            input_tokens=request.approx_input_tokens(), output_tokens=approx_tokens(len(text))
        )
        return LLMResponse(
            output=output,
            text=text,
            stop_reason=reason,
            problem=problem,
            usage=usage,
            model_id=self._model_id,
            latency_seconds=latency,
            request_id=f"scripted-{index + 1}",
        )
