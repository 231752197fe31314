"""The data a language-model call exchanges: ``LLMRequest`` in, ``LLMResponse`` out.

Both are frozen pydantic models, provider-neutral: ``BedrockClient`` turns them into a
Converse call, ``ScriptedClient`` answers them from a script, and every wrapper in
``talentmatch.llm`` passes them through unchanged apart from the fields it documents.

Example:
    >>> request = LLMRequest(
    ...     system="Extract skills.",
    ...     messages=(Message.user("<resume>Python developer</resume>"),),
    ...     output=OutputSchema(name="skills", json_schema={"type": "object"}),
    ... )
    >>> request.messages[0].role, request.max_tokens
    ('user', 1024)
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from talentmatch.errors import LLMOutputError

__all__ = [
    "LLMRequest",
    "LLMResponse",
    "Message",
    "OutputSchema",
    "RequestMetadata",
    "StopReason",
    "Usage",
    "approx_tokens",
]

_NAME_PATTERN = r"^[a-zA-Z][a-zA-Z0-9_-]{0,63}$"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Message(_Frozen):
    """One turn of the conversation sent to the model.

    Example:
        >>> Message.assistant('{"skills": []}').role
        'assistant'
    """

    role: Literal["user", "assistant"] = Field(description="Who speaks: user or assistant.")
    text: str = Field(min_length=1, description="The turn's text.")

    @classmethod
    def user(cls, text: str) -> Message:
        """Return a user turn.

        Example:
            >>> Message.user("hi").text
            'hi'
        """
        return cls(role="user", text=text)

    @classmethod
    def assistant(cls, text: str) -> Message:
        """Return an assistant turn (a previous answer, used when re-asking).

        Example:
            >>> Message.assistant("ok").role
            'assistant'
        """
        return cls(role="assistant", text=text)


class OutputSchema(_Frozen):
    """The JSON Schema the model's answer must follow, sent as a forced tool.

    Example:
        >>> OutputSchema(name="skills", json_schema={"type": "object"}).name
        'skills'
    """

    name: str = Field(
        pattern=_NAME_PATTERN,
        description="Tool name: a letter, then letters, digits, '_' or '-' (at most 64).",
    )
    description: str = Field(
        default="Return the answer by calling this tool.",
        min_length=1,
        description="What the tool is for; the model reads it.",
    )
    json_schema: dict[str, Any] = Field(
        description="JSON Schema (an object schema) of the tool's input."
    )

    @field_validator("json_schema")
    @classmethod
    def _object_schema(cls, value: dict[str, Any]) -> dict[str, Any]:
        if value.get("type", "object") != "object":
            raise ValueError("the output schema must describe a JSON object ('type': 'object')")
        return value

    @classmethod
    def from_model(
        cls, model: type[BaseModel], *, name: str | None = None, description: str | None = None
    ) -> OutputSchema:
        """Build the schema from a pydantic model, the usual way to define an answer shape.

        Args:
            model: the pydantic model the answer is validated against.
            name: tool name; defaults to the model's class name.
            description: tool description; defaults to the model's docstring's first line.

        Returns:
            An ``OutputSchema`` whose ``json_schema`` is ``model.model_json_schema()``.

        Example:
            >>> class Answer(BaseModel):
            ...     skills: list[str]
            >>> OutputSchema.from_model(Answer).json_schema["required"]
            ['skills']
        """
        doc = (model.__doc__ or "").strip().splitlines()
        return cls(
            name=name or model.__name__,
            description=description or (doc[0] if doc else "Return the answer."),
            json_schema=model.model_json_schema(),
        )


class RequestMetadata(_Frozen):
    """Who asks and why: recorded with the call, part of the cache key, never sent as prompt.

    Example:
        >>> RequestMetadata(tenant="acme", prompt_id="skills", prompt_version="3").tenant
        'acme'
    """

    tenant: str = Field(default="default", min_length=1, description="Tenant the call serves.")
    purpose: str = Field(
        default="unspecified", min_length=1, description="What the call is for, e.g. 'skills'."
    )
    prompt_id: str = Field(default="adhoc", min_length=1, description="Prompt template id.")
    prompt_version: str = Field(
        default="0", min_length=1, description="Prompt template version or content hash."
    )


class LLMRequest(_Frozen):
    """A provider-neutral request: system text, conversation, answer schema, limits.

    The document under analysis belongs in ``messages`` as clearly delimited data, never in
    ``system``: the system text is the only place instructions come from.

    Example:
        >>> LLMRequest(messages=(Message.user("hello"),), temperature=0.0).temperature
        0.0
    """

    system: str = Field(default="", description="Instructions; never document content.")
    messages: tuple[Message, ...] = Field(
        min_length=1, description="Conversation, first and last turn from the user."
    )
    output: OutputSchema | None = Field(
        default=None, description="Schema of the structured answer; None for free text."
    )
    temperature: float = Field(default=0.0, ge=0.0, le=1.0, description="Sampling temperature.")
    max_tokens: int = Field(default=1024, gt=0, le=200_000, description="Most output tokens.")
    cache_prompt: bool = Field(
        default=False,
        description=(
            "Ask the provider to cache the system prompt (Bedrock prompt caching). Only for "
            "models that support it; cache reads and writes are then priced separately."
        ),
    )
    metadata: RequestMetadata = Field(default_factory=RequestMetadata)

    @model_validator(mode="after")
    def _turns(self) -> LLMRequest:
        if self.messages[0].role != "user" or self.messages[-1].role != "user":
            raise ValueError("the conversation must start and end with a user message")
        for before, after in zip(self.messages, self.messages[1:], strict=False):
            if before.role == after.role:
                raise ValueError("user and assistant messages must alternate")
        return self

    def approx_input_tokens(self) -> int:
        """Estimate the input tokens (about four characters a token), for rate limits.

        Example:
            >>> request = LLMRequest(system="abcd", messages=(Message.user("abcdefgh"),))
            >>> request.approx_input_tokens()
            3
        """
        chars = len(self.system) + sum(len(m.text) for m in self.messages)
        if self.output is not None:
            chars += len(str(self.output.json_schema))
        return approx_tokens(chars)


def approx_tokens(chars: int) -> int:
    """Estimate tokens from a character count: one token per four characters, rounded up.

    Example:
        >>> approx_tokens(9)
        3
    """
    return -(-chars // 4)


class Usage(_Frozen):
    """Tokens a call consumed, each kind priced separately.

    ``input_tokens`` excludes tokens read from or written to the provider's prompt cache,
    as Bedrock reports them.

    Example:
        >>> (Usage(input_tokens=10, output_tokens=2) + Usage(cache_read_tokens=5)).total_tokens
        17
    """

    input_tokens: int = Field(default=0, ge=0, description="Uncached input tokens.")
    output_tokens: int = Field(default=0, ge=0, description="Generated tokens.")
    cache_read_tokens: int = Field(default=0, ge=0, description="Input tokens read from cache.")
    cache_write_tokens: int = Field(
        default=0, ge=0, description="Input tokens written to the prompt cache."
    )

    @property
    def total_tokens(self) -> int:
        """All tokens of every kind."""
        cached = self.cache_read_tokens + self.cache_write_tokens
        return self.input_tokens + self.output_tokens + cached

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            input_tokens=self.input_tokens + other.input_tokens,
            output_tokens=self.output_tokens + other.output_tokens,
            cache_read_tokens=self.cache_read_tokens + other.cache_read_tokens,
            cache_write_tokens=self.cache_write_tokens + other.cache_write_tokens,
        )


class StopReason(StrEnum):
    """Why the model stopped, provider-neutral (Bedrock's values, renamed where vague)."""

    TOOL_USE = "tool_use"
    """The model called the output tool: the structured answer is in ``output``."""
    END_TURN = "end_turn"
    """The model finished in text; ``output`` holds JSON found in the text, if any."""
    STOP_SEQUENCE = "stop_sequence"
    """A stop sequence ended the answer."""
    MALFORMED_OUTPUT = "malformed_output"
    """The provider could not parse the model's answer or tool call: re-ask."""


class LLMResponse(_Frozen):
    """The model's answer, with what it cost and how long it took.

    ``output`` is the structured answer when the request had an ``output`` schema and the
    model produced a JSON object; otherwise ``None`` and ``problem`` says why, in words that
    can be sent back to the model in a re-ask. Output is *not* validated against the schema
    here: validate it with ``talentmatch.llm.parse_output``.

    Example:
        >>> r = LLMResponse(output={"a": 1}, text='{"a": 1}', stop_reason=StopReason.TOOL_USE,
        ...                 model_id="m")
        >>> r.require_output()
        {'a': 1}
    """

    output: dict[str, Any] | None = Field(default=None, description="Parsed JSON answer.")
    text: str = Field(default="", description="Raw text of the answer (tool input as JSON).")
    stop_reason: StopReason
    problem: str | None = Field(
        default=None, description="Why output is missing, phrased for a re-ask; else None."
    )
    usage: Usage = Field(default_factory=Usage, description="Tokens of this attempt.")
    retried_usage: Usage = Field(
        default_factory=Usage, description="Tokens of failed attempts before this one."
    )
    attempts: int = Field(default=1, ge=1, description="Attempts made, this one included.")
    model_id: str = Field(min_length=1, description="Model that answered.")
    latency_seconds: float = Field(default=0.0, ge=0.0, description="Wall time of the call.")
    request_id: str = Field(default="", description="Provider request id, for support.")
    cache_hit: bool = Field(default=False, description="True when served from a cache.")

    @property
    def total_usage(self) -> Usage:
        """Usage of this attempt plus every failed attempt before it: what was billed."""
        return self.usage + self.retried_usage

    def require_output(self) -> dict[str, Any]:
        """Return ``output`` or raise ``LLMOutputError`` saying why it is missing.

        Raises:
            LLMOutputError: the model produced no JSON object.

        Example:
            >>> LLMResponse(stop_reason=StopReason.END_TURN, model_id="m",
            ...             problem="no JSON").require_output()
            Traceback (most recent call last):
            ...
            talentmatch.errors.LLMOutputError: The model returned no structured output: no JSON
        """
        if self.output is None:
            raise LLMOutputError(
                f"The model returned no structured output: {self.problem or 'unknown reason'}"
            )
        return self.output
