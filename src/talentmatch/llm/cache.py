"""Response caches and ``CachingClient``: the same question is answered (and paid) once.

The key is a SHA-256 over the model id, the tenant, the prompt id and version, the output
schema and the full request content (system text, messages, temperature, max tokens), so a
new prompt version, schema, model or tenant never reuses an old answer. A hit returns the
stored response with ``cache_hit=True``, zero usage and the lookup's latency.

Only answers with a structured ``output`` (or free-text answers to schema-less requests)
are stored: a malformed answer is never replayed.

Stores: ``MemoryCache`` (LRU, per process) and ``SqliteCache`` (on disk, shared across
runs). The on-disk store holds model answers, which can quote redacted resume text: keep it
where resume data may live, and delete it with the data it came from.

Example:
    >>> from talentmatch.llm.models import LLMRequest, Message
    >>> from talentmatch.llm.scripted import ScriptedClient
    >>> inner = ScriptedClient([{"skills": ["SQL"]}])
    >>> client = CachingClient(inner, MemoryCache(max_entries=100))
    >>> request = LLMRequest(messages=(Message.user("SQL analyst"),))
    >>> first, second = client.complete(request), client.complete(request)
    >>> second.cache_hit, second.usage.total_tokens, inner.call_count
    (True, 0, 1)
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import time
from collections import OrderedDict
from typing import Protocol, runtime_checkable

from pydantic import ValidationError

from talentmatch.errors import ConfigError, InputError
from talentmatch.llm.client import LLMClient, WrappingClient
from talentmatch.llm.clock import Clock
from talentmatch.llm.models import LLMRequest, LLMResponse, Usage

__all__ = ["CachingClient", "MemoryCache", "ResponseCache", "SqliteCache", "cache_key"]

_KEY_VERSION = "1"


def cache_key(model_id: str, request: LLMRequest) -> str:
    """Return the hex SHA-256 key of ``request`` sent to ``model_id``.

    Example:
        >>> from talentmatch.llm.models import LLMRequest, Message, RequestMetadata
        >>> a = LLMRequest(messages=(Message.user("x"),))
        >>> b = a.model_copy(update={"metadata": RequestMetadata(tenant="other")})
        >>> cache_key("m", a) == cache_key("m", b), len(cache_key("m", a))
        (False, 64)
    """
    # pydantic's JSON is deterministic for a given request (field order is the class's),
    # and much faster than json.dumps(sort_keys=True) over a dumped dict.
    digest = hashlib.sha256(f"{_KEY_VERSION}\x00{model_id}\x00".encode())
    digest.update(request.model_dump_json().encode("utf-8"))
    return digest.hexdigest()


@runtime_checkable
class ResponseCache(Protocol):
    """A store of responses by key; implementations must be thread-safe."""

    def get(self, key: str) -> LLMResponse | None:
        """Return the stored response or None."""
        ...

    def put(self, key: str, response: LLMResponse) -> None:
        """Store ``response`` under ``key``."""
        ...


class MemoryCache:
    """A thread-safe in-memory LRU of at most ``max_entries`` responses.

    Example:
        >>> MemoryCache(max_entries=2).get("missing") is None
        True
    """

    def __init__(self, max_entries: int = 10_000) -> None:
        if max_entries < 1:
            raise InputError(f"max_entries must be >= 1, got {max_entries}.")
        self._max = max_entries
        self._entries: OrderedDict[str, LLMResponse] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def get(self, key: str) -> LLMResponse | None:
        """Return the response under ``key`` (marking it recently used) or None."""
        with self._lock:
            response = self._entries.get(key)
            if response is not None:
                self._entries.move_to_end(key)
            return response

    def put(self, key: str, response: LLMResponse) -> None:
        """Store ``response``, evicting the least recently used entry when full."""
        with self._lock:
            self._entries[key] = response
            self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)


class SqliteCache:
    """A thread-safe on-disk cache in one SQLite file (created when missing).

    Args:
        path: the database file.

    Raises:
        ConfigError: the file cannot be opened or is not a talentmatch cache.

    Example:
        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     store = SqliteCache(pathlib.Path(folder) / "llm.sqlite")
        ...     found = store.get("k")
        ...     store.close()
        >>> found is None
        True
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._lock = threading.Lock()
        try:
            # One connection shared under a lock: simple, and SQLite serialises writes anyway.
            self._db = sqlite3.connect(os.fspath(path), check_same_thread=False)
            with self._db:
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS llm_responses "
                    "(key TEXT PRIMARY KEY, response TEXT NOT NULL, created REAL NOT NULL)"
                )
        except sqlite3.Error as exc:
            raise ConfigError(
                f"Cannot open the LLM cache database ({type(exc).__name__}: {exc}); check "
                "the path and its permissions."
            ) from None

    def get(self, key: str) -> LLMResponse | None:
        """Return the response under ``key`` or None (also when the row is unreadable)."""
        with self._lock:
            row = self._db.execute(
                "SELECT response FROM llm_responses WHERE key = ?", (key,)
            ).fetchone()
        if row is None:
            return None
        try:
            return LLMResponse.model_validate_json(row[0])
        except ValidationError:
            return None  # written by an incompatible version: treat as a miss

    def put(self, key: str, response: LLMResponse) -> None:
        """Store ``response`` under ``key``, replacing any previous one."""
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO llm_responses (key, response, created) VALUES (?, ?, ?)",
                (key, response.model_dump_json(), time.time()),
            )

    def __len__(self) -> int:
        with self._lock:
            row = self._db.execute("SELECT COUNT(*) FROM llm_responses").fetchone()
        return int(row[0])

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._db.close()


class CachingClient(WrappingClient):
    """Serve repeated requests from ``cache``; thread-safe.

    Concurrent misses on the same key may both reach the inner client (no request
    coalescing); both answers are valid and the later one is kept.

    Args:
        inner: the client that answers misses.
        cache: a ``MemoryCache``, ``SqliteCache`` or any ``ResponseCache``.
        clock: monotonic clock for the hit's latency.
    """

    def __init__(
        self, inner: LLMClient, cache: ResponseCache, *, clock: Clock = time.monotonic
    ) -> None:
        super().__init__(inner)
        if not isinstance(cache, ResponseCache):
            raise InputError("cache must have get(key) and put(key, response).")
        self._cache = cache
        self._clock = clock
        self._lock = threading.Lock()
        self._hits = 0
        self._misses = 0

    @property
    def stats(self) -> dict[str, int]:
        """``{"hits": ..., "misses": ...}`` so far."""
        with self._lock:
            return {"hits": self._hits, "misses": self._misses}

    def complete(self, request: LLMRequest) -> LLMResponse:
        """Return the cached answer to ``request`` or ask the inner client and store it.

        Args:
            request: what to ask.

        Returns:
            The response; ``cache_hit=True`` and zero usage on a hit.

        Raises:
            LLMError: the inner client's failure on a miss.
        """
        started = self._clock()
        key = cache_key(self.model_id, request)
        cached = self._cache.get(key)
        if cached is not None:
            with self._lock:
                self._hits += 1
            return cached.model_copy(
                update={
                    "cache_hit": True,
                    "usage": Usage(),
                    "retried_usage": Usage(),
                    "attempts": 1,
                    "latency_seconds": max(0.0, self._clock() - started),
                }
            )
        with self._lock:
            self._misses += 1
        response = self._inner.complete(request)
        if response.output is not None or (request.output is None and response.text):
            self._cache.put(key, response)
        return response
