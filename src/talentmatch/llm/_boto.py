"""The only module that touches boto3/botocore: client creation and error description.

boto3 ships no type information, so its untyped surface stays here; ``bedrock.py`` sees
plain dicts and a typed ``BotoFailure``. boto3 is imported lazily, inside the functions:
importing talentmatch never loads it, and creating a ``BedrockClient`` never touches the
network or reads credentials.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["BotoFailure", "converse", "describe_failure", "new_client", "region_of"]

FailureKind = Literal[
    "service", "read_timeout", "connect", "credentials", "region", "param", "botocore", "other"
]


@dataclass(frozen=True)
class BotoFailure:
    """A boto3/botocore exception reduced to the facts the error mapping needs."""

    kind: FailureKind
    code: str
    message: str
    status: int | None = None
    request_id: str = ""


def new_client(
    *,
    region: str | None,
    profile_name: str | None,
    connect_timeout: float,
    read_timeout: float,
    max_pool_connections: int,
) -> Any:
    """Create a bedrock-runtime client whose botocore layer never retries.

    ``total_max_attempts=1`` (not ``max_attempts``, which counts *retries* in botocore)
    turns botocore's own retries off, so talentmatch's ``RetryingClient`` is the only retry
    layer: stacked layers multiply attempts (3 x 4 = 12 calls) and hide throttling.
    """
    import boto3
    from botocore.config import Config

    config = Config(
        retries={"mode": "standard", "total_max_attempts": 1},
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        max_pool_connections=max_pool_connections,
    )
    session = boto3.session.Session(profile_name=profile_name, region_name=region)
    return session.client("bedrock-runtime", config=config)


def region_of(client: Any) -> str:
    """Return the region a boto3 client talks to, or ``"unknown"``."""
    meta = getattr(client, "meta", None)
    return str(getattr(meta, "region_name", None) or "unknown")


def converse(client: Any, params: dict[str, Any]) -> dict[str, Any]:
    """Call ``converse`` and return its response as a plain dict."""
    response = client.converse(**params)
    return dict(response)


def describe_failure(exc: BaseException) -> BotoFailure:
    """Classify any exception raised by a boto3 call."""
    from botocore import exceptions as bex

    if isinstance(exc, bex.ClientError):
        error = exc.response.get("Error", {})
        meta = exc.response.get("ResponseMetadata", {})
        return BotoFailure(
            kind="service",
            code=str(error.get("Code", "Unknown")),
            message=str(error.get("Message", "")),
            status=meta.get("HTTPStatusCode"),
            request_id=str(meta.get("RequestId", "")),
        )
    name = type(exc).__name__
    kind: FailureKind
    if isinstance(exc, bex.ReadTimeoutError):
        kind = "read_timeout"
    elif isinstance(exc, bex.ConnectionError | bex.ConnectionClosedError):
        kind = "connect"
    elif isinstance(
        exc, bex.NoCredentialsError | bex.PartialCredentialsError | bex.ProfileNotFound
    ):
        kind = "credentials"
    elif isinstance(exc, bex.NoRegionError):
        kind = "region"
    elif isinstance(exc, bex.ParamValidationError):
        kind = "param"
    elif isinstance(exc, bex.BotoCoreError):
        kind = "botocore"
    else:
        kind = "other"
    return BotoFailure(kind=kind, code=name, message=str(exc))
