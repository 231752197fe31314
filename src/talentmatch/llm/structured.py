"""Structured answers: find JSON in text, validate it with pydantic, re-ask with the error.

These are the building blocks of a bounded re-ask loop::

    response = client.complete(request)
    for _ in range(max_reasks):
        try:
            return parse_output(response, Answer)
        except LLMOutputError as exc:
            request = reask_request(request, response, str(exc))
            response = client.complete(request)

Validation messages name fields and error types only, never the invalid values, so they
are safe to log and to send back to the model.

Example:
    >>> json_object_in('Sure! ```json\\n{"skills": ["SQL"]}\\n```')
    ({'skills': ['SQL']}, None)
"""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from talentmatch.errors import LLMOutputError
from talentmatch.llm.models import LLMRequest, LLMResponse, Message

__all__ = ["json_object_in", "parse_output", "reask_request", "validation_problem"]

T = TypeVar("T", bound=BaseModel)

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL | re.IGNORECASE)
_MAX_ERRORS_REPORTED = 5


def json_object_in(text: str) -> tuple[dict[str, Any] | None, str | None]:
    """Return the JSON object in ``text`` (bare, fenced or embedded) and ``None``, or the reason.

    Args:
        text: the model's text answer.

    Returns:
        ``(object, None)`` when a JSON object was found, else ``(None, problem)``.

    Example:
        >>> json_object_in("no json here")
        (None, 'the answer contains no JSON object')
    """
    candidates = [text.strip(), *(m.group(1).strip() for m in _FENCE.finditer(text))]
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        candidates.append(text[start : end + 1])
    saw_json = False
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        saw_json = True
        if isinstance(value, dict):
            return value, None
    if saw_json:
        return None, "the answer is JSON but not a JSON object"
    if start >= 0:
        return None, "the answer contains malformed JSON"
    return None, "the answer contains no JSON object"


def validation_problem(exc: ValidationError) -> str:
    """Describe a pydantic validation error by field and message, without the values.

    Args:
        exc: the validation error.

    Returns:
        A short, PII-free description such as ``"skills.0.quote: Field required"``.

    Example:
        >>> class A(BaseModel):
        ...     n: int
        >>> try:
        ...     A.model_validate({"n": "secret"})
        ... except ValidationError as e:
        ...     validation_problem(e)
        'n: Input should be a valid integer, unable to parse string as an integer'
    """
    parts = []
    for error in exc.errors(include_url=False, include_input=False)[:_MAX_ERRORS_REPORTED]:
        location = ".".join(str(p) for p in error["loc"]) or "(root)"
        parts.append(f"{location}: {error['msg']}")
    more = exc.error_count() - _MAX_ERRORS_REPORTED
    if more > 0:
        parts.append(f"and {more} more errors")
    return "; ".join(parts)


def parse_output(response: LLMResponse, model: type[T]) -> T:
    """Validate the response's structured output with ``model``.

    Args:
        response: the model's answer.
        model: the pydantic model the answer must satisfy.

    Returns:
        The validated model instance.

    Raises:
        LLMOutputError: no JSON object, or it fails validation; the message is fit for a
            re-ask and carries no values from the answer.

    Example:
        >>> from talentmatch.llm.models import StopReason
        >>> class A(BaseModel):
        ...     n: int
        >>> parse_output(LLMResponse(output={"n": 3}, stop_reason=StopReason.TOOL_USE,
        ...                          model_id="m"), A)
        A(n=3)
    """
    data = response.require_output()
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise LLMOutputError(
            f"The answer does not match the schema: {validation_problem(exc)}"
        ) from None


def reask_request(request: LLMRequest, response: LLMResponse, problem: str) -> LLMRequest:
    """Return ``request`` extended with the bad answer and a turn asking for a corrected one.

    Args:
        request: the request that produced ``response``.
        response: the unusable answer.
        problem: what was wrong (``str`` of the ``LLMOutputError``), without document text.

    Returns:
        A new request, two turns longer.

    Example:
        >>> from talentmatch.llm.models import StopReason
        >>> first = LLMRequest(messages=(Message.user("data"),))
        >>> bad = LLMResponse(text="oops", stop_reason=StopReason.END_TURN, model_id="m")
        >>> len(reask_request(first, bad, "no JSON").messages)
        3
    """
    how = (
        f"Answer again by calling the tool `{request.output.name}` with input that follows "
        "its schema exactly."
        if request.output is not None
        else "Answer again."
    )
    return request.model_copy(
        update={
            "messages": (
                *request.messages,
                Message.assistant(response.text.strip() or "(empty answer)"),
                Message.user(f"Your previous answer was not valid: {problem}. {how}"),
            )
        }
    )
