"""What talentmatch's LLM wrapper stack costs per call, and whether it limits concurrency.

A ``ScriptedClient`` with a fixed, real latency stands in for the model. The floor is the
bare scripted client measured in the same run; the stack is ``resilient()`` (ledger, cache,
retry, circuit breaker, rate limit) around the same client. Every request is distinct, so
the cache misses (its lookup and store are still paid); a separate figure gives a cache hit.

Prints JSON:
- ``overhead_us_per_call``: stack minus floor at zero latency (pure CPU cost, many calls);
- ``overhead_us_per_call_at_latency``: the same with the simulated latency (noisier);
- ``throughput``: calls per second with N concurrent callers, against the ideal N / latency.

Run: ``.venv/bin/python benchmarks/llm_overhead.py [--latency-ms 20] [--calls 200]``
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from concurrent.futures import ThreadPoolExecutor

from talentmatch.llm import (
    CostLedger,
    LLMClient,
    LLMRequest,
    Message,
    OutputSchema,
    RetryPolicy,
    ScriptedClient,
    resilient,
)

MODEL = "amazon.nova-lite-v1:0"
SCHEMA = OutputSchema(
    name="skills",
    json_schema={"type": "object", "properties": {"skills": {"type": "array"}}},
)
TEXT = "Senior data engineer. Python, SQL, Spark, Airflow, AWS. " * 40  # ~2,300 characters


def request(i: int) -> LLMRequest:
    return LLMRequest(
        system="Extract the skills from the delimited document.",
        messages=(Message.user(f"<<<BEGIN {i}>>>\n{TEXT}\n<<<END {i}>>>"),),
        output=SCHEMA,
        max_tokens=400,
    )


def scripted(latency: float) -> ScriptedClient:
    return ScriptedClient(
        lambda req, i: {"skills": ["Python", "SQL", "Spark"]},
        model_id=MODEL,
        latency_seconds=latency,
    )


def stack(latency: float) -> LLMClient:
    return resilient(
        scripted(latency),
        ledger=CostLedger(),
        retry=RetryPolicy(),
        requests_per_minute=1_000_000,
        tokens_per_minute=1_000_000_000,
    )


def per_call_seconds(client: LLMClient, requests: list[LLMRequest], repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for req in requests:
            client.complete(req)
        best = min(best, (time.perf_counter() - started) / len(requests))
    return best


def throughput(client: LLMClient, callers: int, calls: int, offset: int) -> float:
    requests = [request(offset + i) for i in range(calls)]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=callers) as pool:
        list(pool.map(client.complete, requests))
    return calls / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    latency = args.latency_ms / 1000.0

    cpu_requests = [request(i) for i in range(2_000)]
    bare_cpu = per_call_seconds(scripted(0.0), cpu_requests)
    # A fresh stack per repeat would be fairer to the cache; distinct requests keep it cold.
    stack_cpu = per_call_seconds(stack(0.0), cpu_requests, repeats=1)

    hit_client = stack(0.0)
    hit_request = request(-1)
    hit_client.complete(hit_request)
    hit_cpu = per_call_seconds(hit_client, [hit_request] * 2_000)

    slow_requests = [request(10_000 + i) for i in range(args.calls // 2)]
    bare_slow = per_call_seconds(scripted(latency), slow_requests, repeats=1)
    stack_slow = per_call_seconds(stack(latency), slow_requests, repeats=1)

    results = []
    for callers in (1, 4, 8, 16):
        measured = throughput(stack(latency), callers, args.calls, offset=100_000 * callers)
        floor = throughput(scripted(latency), callers, args.calls, offset=100_000 * callers)
        ideal = callers / latency
        results.append(
            {
                "callers": callers,
                "calls_per_second": round(measured, 1),
                "floor_calls_per_second": round(floor, 1),
                "ideal_calls_per_second": round(ideal, 1),
                "ratio_to_ideal": round(measured / ideal, 3),
                "ratio_to_floor": round(measured / floor, 3),
            }
        )

    print(
        json.dumps(
            {
                "benchmark": "llm_overhead",
                "python": platform.python_version(),
                "latency_ms": args.latency_ms,
                "stack": "MeteredClient>CachingClient>RetryingClient>CircuitBreaker>RateLimited",
                "floor_us_per_call": round(bare_cpu * 1e6, 1),
                "stack_us_per_call": round(stack_cpu * 1e6, 1),
                "overhead_us_per_call": round((stack_cpu - bare_cpu) * 1e6, 1),
                "cache_hit_us_per_call": round(hit_cpu * 1e6, 1),
                "floor_ms_per_call_at_latency": round(bare_slow * 1e3, 3),
                "stack_ms_per_call_at_latency": round(stack_slow * 1e3, 3),
                "overhead_us_per_call_at_latency": round((stack_slow - bare_slow) * 1e6, 1),
                "median_ratio_to_ideal": statistics.median(r["ratio_to_ideal"] for r in results),
                "throughput": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
