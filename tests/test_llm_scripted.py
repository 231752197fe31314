"""ScriptedClient behaviour and the assembled stack around real Bedrock code paths."""

from __future__ import annotations

import threading
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from talentmatch.errors import ConfigError, InputError, LLMThrottledError, LLMUnavailableError
from talentmatch.llm.bedrock import BedrockClient
from talentmatch.llm.clock import FakeClock
from talentmatch.llm.ledger import CostLedger
from talentmatch.llm.models import LLMRequest, Message, OutputSchema, StopReason, Usage
from talentmatch.llm.scripted import Scripted, ScriptedClient
from talentmatch.llm.stack import resilient

REQUEST = LLMRequest(
    messages=(Message.user("abcd" * 10),), output=OutputSchema(name="o", json_schema={})
)


def test_steps_of_every_kind() -> None:
    client = ScriptedClient(
        [
            {"a": 1},
            'text with {"b": 2}',
            "no json",
            Scripted(output={"c": 3}, usage=Usage(input_tokens=1), stop_reason=StopReason.END_TURN),
            Scripted(text="{}", stop_reason=StopReason.MALFORMED_OUTPUT),
        ]
    )
    first, second, third, fourth, fifth = (client.complete(REQUEST) for _ in range(5))
    assert (first.output, first.stop_reason) == ({"a": 1}, StopReason.TOOL_USE)
    assert first.usage == Usage(input_tokens=REQUEST.approx_input_tokens(), output_tokens=2)
    assert (second.output, second.stop_reason) == ({"b": 2}, StopReason.END_TURN)
    assert third.output is None
    assert third.problem
    assert (fourth.output, fourth.usage, fourth.stop_reason) == (
        {"c": 3},
        Usage(input_tokens=1),
        StopReason.END_TURN,
    )
    assert fifth.output is None
    assert fifth.stop_reason is StopReason.MALFORMED_OUTPUT


def test_faults_by_call_index_and_exhaustion() -> None:
    client = ScriptedClient([{}], cycle=True, faults={1: LLMThrottledError("burst")})
    client.complete(REQUEST)
    with pytest.raises(LLMThrottledError):
        client.complete(REQUEST)
    client.complete(REQUEST)
    short = ScriptedClient([{}])
    short.complete(REQUEST)
    with pytest.raises(ConfigError, match="cycle=True"):
        short.complete(REQUEST)


def test_records_calls_from_many_threads() -> None:
    client = ScriptedClient(lambda request, index: {"i": index})
    outputs: list[int] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(50):
            value = client.complete(REQUEST).output
            assert value is not None
            with lock:
                outputs.append(value["i"])

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outputs) == list(range(400))
    assert client.call_count == len(client.calls) == 400


@pytest.mark.parametrize(
    "kwargs", [{"script": []}, {"script": "x"}, {"script": [{}], "latency_seconds": -1}]
)
def test_invalid_scripts(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InputError):
        ScriptedClient(**kwargs)


def stub_answer() -> dict[str, Any]:
    return {
        "output": {
            "message": {
                "role": "assistant",
                "content": [{"toolUse": {"toolUseId": "t", "name": "o", "input": {"ok": 1}}}],
            }
        },
        "stopReason": "tool_use",
        "usage": {"inputTokens": 100, "outputTokens": 10, "totalTokens": 110},
        "metrics": {"latencyMs": 5},
    }


def test_stack_over_stubbed_bedrock_retries_once_per_throttle_and_meters_exactly() -> None:
    boto = boto3.client(
        "bedrock-runtime",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    clock, ledger = FakeClock(), CostLedger()
    with Stubber(boto) as stubber:
        stubber.add_client_error("converse", "ThrottlingException", "slow down", 429)
        stubber.add_client_error("converse", "ServiceUnavailableException", "later", 503)
        stubber.add_response("converse", stub_answer())
        stubber.add_client_error("converse", "AccessDeniedException", "no", 403)
        client = resilient(
            BedrockClient("amazon.nova-micro-v1:0", client=boto),
            ledger=ledger,
            clock=clock,
            sleep=clock.sleep,
        )
        response = client.complete(REQUEST)
        assert (response.output, response.attempts) == ({"ok": 1}, 3)
        assert client.complete(REQUEST).cache_hit
        other = REQUEST.model_copy(update={"temperature": 0.5})
        with pytest.raises(LLMUnavailableError, match="bedrock:InvokeModel"):
            client.complete(other)
        stubber.assert_no_pending_responses()
    totals = ledger.totals()
    assert (totals.calls, totals.attempts, totals.failures, totals.cache_hits) == (3, 4, 1, 1)
    assert totals.usage == Usage(input_tokens=100, output_tokens=10)


def test_fake_clock_moves_only_when_told() -> None:
    clock = FakeClock(start=5.0)
    clock.sleep(1.5)
    clock.advance(2.0)
    assert (clock(), clock.slept) == (8.5, 1.5)
    with pytest.raises(InputError):
        clock.sleep(-1)
    with pytest.raises(InputError):
        clock.advance(-1)


def test_wrapping_client_is_a_transparent_base() -> None:
    from talentmatch.llm.client import LLMClient, WrappingClient

    inner = ScriptedClient([{"x": 1}], model_id="m")
    wrapper = WrappingClient(inner)
    assert isinstance(wrapper, LLMClient)
    assert (wrapper.model_id, wrapper.inner) == ("m", inner)
    assert wrapper.complete(REQUEST).output == {"x": 1}
    with pytest.raises(InputError):
        WrappingClient("not a client")  # type: ignore[arg-type]
