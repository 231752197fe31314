"""Response cache keys, the LRU and SQLite stores, and the caching client."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from talentmatch.errors import ConfigError, InputError
from talentmatch.llm.cache import CachingClient, MemoryCache, SqliteCache, cache_key
from talentmatch.llm.ledger import CostLedger, MeteredClient
from talentmatch.llm.models import (
    LLMRequest,
    LLMResponse,
    Message,
    OutputSchema,
    RequestMetadata,
    StopReason,
    Usage,
)
from talentmatch.llm.scripted import ScriptedClient

SCHEMA = OutputSchema(name="skills", json_schema={"type": "object"})
REQUEST = LLMRequest(
    system="s",
    messages=(Message.user("SQL"),),
    output=SCHEMA,
    metadata=RequestMetadata(tenant="acme", prompt_id="skills", prompt_version="1"),
)


def response(n: int) -> LLMResponse:
    return LLMResponse(output={"n": n}, stop_reason=StopReason.TOOL_USE, model_id="m")


@pytest.mark.parametrize(
    "change",
    [
        {"metadata": RequestMetadata(tenant="other", prompt_id="skills", prompt_version="1")},
        {"metadata": RequestMetadata(tenant="acme", prompt_id="skills", prompt_version="2")},
        {"output": OutputSchema(name="skills", json_schema={"type": "object", "title": "x"})},
        {"messages": (Message.user("SQL "),)},
        {"system": "t"},
        {"temperature": 0.5},
    ],
)
def test_key_changes_with_tenant_prompt_schema_and_content(change: dict[str, object]) -> None:
    assert cache_key("m", REQUEST) != cache_key("m", REQUEST.model_copy(update=change))


def test_key_is_stable_and_depends_on_model() -> None:
    assert cache_key("m", REQUEST) == cache_key("m", REQUEST.model_copy())
    assert cache_key("m", REQUEST) != cache_key("n", REQUEST)


def test_memory_cache_evicts_least_recently_used() -> None:
    cache = MemoryCache(max_entries=2)
    cache.put("a", response(1))
    cache.put("b", response(2))
    assert cache.get("a") == response(1)  # a is now most recent
    cache.put("c", response(3))
    assert (cache.get("b"), len(cache)) == (None, 2)
    with pytest.raises(InputError):
        MemoryCache(max_entries=0)


def test_sqlite_cache_persists_across_instances(tmp_path: Path) -> None:
    path = tmp_path / "llm.sqlite"
    first = SqliteCache(path)
    first.put("k", response(1))
    first.put("k", response(2))
    first.close()
    second = SqliteCache(path)
    assert (second.get("k"), second.get("missing"), len(second)) == (response(2), None, 1)
    second.close()


def test_sqlite_cache_is_thread_safe(tmp_path: Path) -> None:
    cache = SqliteCache(tmp_path / "c.sqlite")

    def work(offset: int) -> None:
        for i in range(25):
            cache.put(f"{offset}-{i}", response(i))
            assert cache.get(f"{offset}-{i}") == response(i)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cache) == 200
    cache.close()


def test_sqlite_cache_bad_path_is_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        SqliteCache(tmp_path / "missing-dir" / "c.sqlite")


def test_hit_costs_zero_tokens_and_is_marked() -> None:
    inner = ScriptedClient([{"skills": ["SQL"]}])
    ledger = CostLedger()
    client = MeteredClient(CachingClient(inner, MemoryCache()), ledger)
    first = client.complete(REQUEST)
    second = client.complete(REQUEST)
    assert (first.cache_hit, second.cache_hit) == (False, True)
    assert second.output == first.output
    assert second.usage == Usage()
    assert inner.call_count == 1
    totals = ledger.totals()
    assert (totals.calls, totals.cache_hits, totals.usage) == (2, 1, first.usage)


def test_tenants_do_not_share_answers() -> None:
    inner = ScriptedClient([{"n": 1}, {"n": 2}])
    client = CachingClient(inner, MemoryCache())
    other = REQUEST.model_copy(
        update={"metadata": RequestMetadata(tenant="b", prompt_id="skills", prompt_version="1")}
    )
    assert client.complete(REQUEST).output == {"n": 1}
    assert client.complete(other).output == {"n": 2}
    assert client.stats == {"hits": 0, "misses": 2}


def test_malformed_answers_are_not_cached() -> None:
    inner = ScriptedClient(["not json", {"n": 1}])
    client = CachingClient(inner, MemoryCache())
    assert client.complete(REQUEST).output is None
    assert client.complete(REQUEST).output == {"n": 1}
    assert client.complete(REQUEST).cache_hit


def test_sqlite_backed_client_serves_hits_after_restart(tmp_path: Path) -> None:
    path = tmp_path / "llm.sqlite"
    store = SqliteCache(path)
    CachingClient(ScriptedClient([{"n": 1}]), store).complete(REQUEST)
    store.close()
    store = SqliteCache(path)
    replay = CachingClient(ScriptedClient([{"n": 99}]), store).complete(REQUEST)
    assert (replay.output, replay.cache_hit) == ({"n": 1}, True)
    store.close()
