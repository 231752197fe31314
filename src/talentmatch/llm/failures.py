"""What a failed call leaves behind: retryable or not, tokens billed, provider code.

Errors keep the classes of ``talentmatch.errors`` (so ``except LLMThrottledError`` and the
stable ``code`` work everywhere); this module attaches a ``FailureInfo`` to the exception
object. Clients of your own need not know about it: an error without info gets defaults by
class (throttled, unavailable and timeout errors are retryable; output, content-filter and
open-circuit errors are not) and zero usage.

Example:
    >>> from talentmatch.errors import LLMUnavailableError
    >>> err = annotate(LLMUnavailableError("Access denied."), retryable=False)
    >>> failure_info(err).retryable, failure_info(LLMUnavailableError("5xx")).retryable
    (False, True)
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field

from talentmatch.errors import LLMThrottledError, LLMTimeoutError, LLMUnavailableError
from talentmatch.llm.models import Usage

__all__ = ["FailureInfo", "annotate", "failure_info"]

_ATTRIBUTE = "_talentmatch_failure"
_RETRYABLE_BY_DEFAULT = (LLMThrottledError, LLMTimeoutError, LLMUnavailableError)

E = TypeVar("E", bound=BaseException)


class FailureInfo(BaseModel):
    """Facts about a failed call that the resilience wrappers and the ledger need.

    Example:
        >>> FailureInfo(retryable=True).usage.total_tokens
        0
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    retryable: bool = Field(description="True when the same request may succeed later.")
    usage: Usage = Field(default_factory=Usage, description="Tokens billed for the failure.")
    attempts: int = Field(default=1, ge=1, description="Attempts made before giving up.")
    provider_code: str | None = Field(default=None, description="Provider error code.")
    request_id: str = Field(default="", description="Provider request id, for support.")


def failure_info(exc: BaseException) -> FailureInfo:
    """Return the ``FailureInfo`` attached to ``exc``, or defaults by class.

    Args:
        exc: any exception (non-LLM exceptions are never retryable).

    Returns:
        The attached info, or a default one.

    Example:
        >>> from talentmatch.errors import LLMThrottledError
        >>> failure_info(LLMThrottledError("slow down")).retryable
        True
    """
    info = getattr(exc, _ATTRIBUTE, None)
    if isinstance(info, FailureInfo):
        return info
    return FailureInfo(retryable=isinstance(exc, _RETRYABLE_BY_DEFAULT))


def annotate(
    exc: E,
    *,
    retryable: bool | None = None,
    usage: Usage | None = None,
    attempts: int | None = None,
    provider_code: str | None = None,
    request_id: str | None = None,
) -> E:
    """Attach (or update) the ``FailureInfo`` of ``exc`` and return ``exc``.

    Arguments left as ``None`` keep their current value.

    Args:
        exc: the exception to annotate (mutated in place).
        retryable: whether the request may succeed later.
        usage: tokens billed for the failure.
        attempts: attempts made before giving up.
        provider_code: the provider's error code.
        request_id: the provider's request id.

    Returns:
        ``exc`` itself, so ``raise annotate(Error("..."), retryable=False)`` reads well.

    Example:
        >>> from talentmatch.errors import LLMOutputError
        >>> failure_info(annotate(LLMOutputError("cut"), usage=Usage(output_tokens=9))).usage
        Usage(input_tokens=0, output_tokens=9, cache_read_tokens=0, cache_write_tokens=0)
    """
    current = failure_info(exc)
    updates = {
        "retryable": retryable,
        "usage": usage,
        "attempts": attempts,
        "provider_code": provider_code,
        "request_id": request_id,
    }
    info = current.model_copy(update={k: v for k, v in updates.items() if v is not None})
    setattr(exc, _ATTRIBUTE, info)
    return exc
