"""``TimeoutClient``: bound how long a caller waits for one call.

The inner call runs in a daemon thread; when it does not finish in ``timeout_seconds`` the
caller gets a retryable ``LLMTimeoutError`` and moves on. Python cannot cancel a blocked
thread, so the abandoned call finishes (or times out at the provider) in the background
and its tokens, if any, are not counted. For Bedrock, ``BedrockClient(read_timeout=...)``
is the precise per-attempt bound that also closes the connection; this wrapper is the
provider-neutral guard for any client, and bounds a whole wrapped stack when put outside.

Example:
    >>> from talentmatch.llm.models import LLMRequest, Message
    >>> from talentmatch.llm.scripted import ScriptedClient
    >>> client = TimeoutClient(ScriptedClient([{"ok": 1}]), timeout_seconds=5)
    >>> client.complete(LLMRequest(messages=(Message.user("x"),))).output
    {'ok': 1}
"""

from __future__ import annotations

import threading

from talentmatch.errors import InputError, LLMTimeoutError
from talentmatch.llm.client import LLMClient, WrappingClient
from talentmatch.llm.failures import annotate
from talentmatch.llm.models import LLMRequest, LLMResponse

__all__ = ["TimeoutClient"]


class TimeoutClient(WrappingClient):
    """Fail a call with ``LLMTimeoutError`` when it takes longer than ``timeout_seconds``.

    Args:
        inner: the client to bound.
        timeout_seconds: the most a caller waits for one call.

    Raises:
        InputError: ``timeout_seconds`` is not positive.
    """

    def __init__(self, inner: LLMClient, *, timeout_seconds: float) -> None:
        super().__init__(inner)
        if timeout_seconds <= 0:
            raise InputError(f"timeout_seconds must be positive, got {timeout_seconds}.")
        self._timeout = timeout_seconds

    def complete(self, request: LLMRequest) -> LLMResponse:
        """Call the inner client, waiting at most ``timeout_seconds``.

        Args:
            request: what to ask.

        Returns:
            The inner client's response.

        Raises:
            LLMTimeoutError: no answer in time (retryable).
            BaseException: whatever the inner client raised, re-raised here.
        """
        outcome: list[LLMResponse | BaseException] = []
        done = threading.Event()

        def run() -> None:
            try:
                outcome.append(self._inner.complete(request))
            except BaseException as exc:  # re-raised in the caller's thread below
                outcome.append(exc)
            finally:
                done.set()

        threading.Thread(target=run, name="talentmatch-llm-call", daemon=True).start()
        if not done.wait(self._timeout):
            raise annotate(
                LLMTimeoutError(
                    f"{self.model_id} did not answer within {self._timeout} s; retry, or raise "
                    "timeout_seconds for long documents."
                ),
                retryable=True,
                provider_code="client_timeout",
            )
        result = outcome[0]
        if isinstance(result, BaseException):
            raise result
        return result
