"""BedrockClient against botocore's Stubber: real request validation, no network."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore import exceptions as bex
from botocore.stub import Stubber

from talentmatch.errors import (
    InputError,
    LLMContentFilteredError,
    LLMError,
    LLMOutputError,
    LLMThrottledError,
    LLMTimeoutError,
    LLMUnavailableError,
)
from talentmatch.llm.bedrock import BedrockClient
from talentmatch.llm.failures import failure_info
from talentmatch.llm.models import LLMRequest, Message, OutputSchema, StopReason, Usage

MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0"
SCHEMA = OutputSchema(
    name="skills",
    json_schema={
        "type": "object",
        "properties": {"skills": {"type": "array", "items": {"type": "string"}}},
        "required": ["skills"],
    },
)
REQUEST = LLMRequest(
    system="Extract skills from the delimited document.",
    messages=(Message.user("<<<BEGIN>>>Python, SQL<<<END>>>"),),
    output=SCHEMA,
    max_tokens=500,
)


def boto_client() -> Any:
    return boto3.client(
        "bedrock-runtime",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def converse_response(
    reason: str, content: list[dict[str, Any]], usage: dict[str, int] | None = None
) -> dict[str, Any]:
    return {
        "output": {"message": {"role": "assistant", "content": content}},
        "stopReason": reason,
        "usage": usage or {"inputTokens": 120, "outputTokens": 30, "totalTokens": 150},
        "metrics": {"latencyMs": 420},
    }


def tool_use(data: dict[str, Any], name: str = "skills") -> dict[str, Any]:
    return {"toolUse": {"toolUseId": "tooluse_1", "name": name, "input": data}}


def expected_params(choice: dict[str, Any] | None) -> dict[str, Any]:
    tool_config: dict[str, Any] = {
        "tools": [
            {
                "toolSpec": {
                    "name": "skills",
                    "description": SCHEMA.description,
                    "inputSchema": {"json": SCHEMA.json_schema},
                }
            }
        ]
    }
    if choice is not None:
        tool_config["toolChoice"] = choice
    return {
        "modelId": MODEL,
        "messages": [{"role": "user", "content": [{"text": REQUEST.messages[0].text}]}],
        "system": [{"text": REQUEST.system}],
        "inferenceConfig": {"maxTokens": 500, "temperature": 0.0},
        "toolConfig": tool_config,
    }


@pytest.fixture
def stubbed() -> Any:
    client = boto_client()
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def test_tool_use_answer_is_parsed_with_forced_tool_choice(stubbed: Any) -> None:
    client, stubber = stubbed
    stubber.add_response(
        "converse",
        converse_response("tool_use", [tool_use({"skills": ["Python", "SQL"]})]),
        expected_params({"tool": {"name": "skills"}}),
    )
    response = BedrockClient(MODEL, client=client).complete(REQUEST)
    assert response.output == {"skills": ["Python", "SQL"]}
    assert response.stop_reason is StopReason.TOOL_USE
    assert response.problem is None
    assert response.usage == Usage(input_tokens=120, output_tokens=30)
    assert response.model_id == MODEL


def test_cache_tokens_are_reported_separately_and_cache_point_sent(stubbed: Any) -> None:
    client, stubber = stubbed
    usage = {
        "inputTokens": 20,
        "outputTokens": 10,
        "totalTokens": 1030,
        "cacheReadInputTokens": 800,
        "cacheWriteInputTokens": 200,
    }
    params = expected_params({"tool": {"name": "skills"}})
    params["system"] = [{"text": REQUEST.system}, {"cachePoint": {"type": "default"}}]
    stubber.add_response(
        "converse", converse_response("tool_use", [tool_use({"skills": []})], usage), params
    )
    request = REQUEST.model_copy(update={"cache_prompt": True})
    response = BedrockClient(MODEL, client=client).complete(request)
    assert response.usage == Usage(
        input_tokens=20, output_tokens=10, cache_read_tokens=800, cache_write_tokens=200
    )


def test_end_turn_with_json_text_gives_output(stubbed: Any) -> None:
    client, stubber = stubbed
    stubber.add_response(
        "converse",
        converse_response("end_turn", [{"text": 'Here: ```json\n{"skills": ["Go"]}\n```'}]),
    )
    response = BedrockClient(MODEL, client=client).complete(REQUEST)
    assert response.output == {"skills": ["Go"]}
    assert response.stop_reason is StopReason.END_TURN


def test_end_turn_without_tool_call_is_a_reask_signal(stubbed: Any) -> None:
    client, stubber = stubbed
    stubber.add_response(
        "converse", converse_response("end_turn", [{"text": "I think they know Python."}])
    )
    response = BedrockClient(MODEL, client=client).complete(REQUEST)
    assert response.output is None
    assert response.problem is not None
    assert "was not called" in response.problem
    with pytest.raises(LLMOutputError):
        response.require_output()


def test_free_text_request_returns_text(stubbed: Any) -> None:
    client, stubber = stubbed
    stubber.add_response("converse", converse_response("end_turn", [{"text": "Hello"}]))
    request = REQUEST.model_copy(update={"output": None})
    response = BedrockClient(MODEL, client=client).complete(request)
    assert (response.text, response.output, response.problem) == ("Hello", None, None)


def test_stop_sequence_is_mapped(stubbed: Any) -> None:
    client, stubber = stubbed
    stubber.add_response(
        "converse", converse_response("stop_sequence", [tool_use({"skills": ["R"]})])
    )
    response = BedrockClient(MODEL, client=client).complete(REQUEST)
    assert response.stop_reason is StopReason.STOP_SEQUENCE
    assert response.output == {"skills": ["R"]}


@pytest.mark.parametrize("reason", ["malformed_model_output", "malformed_tool_use"])
def test_malformed_output_is_a_reask_signal(stubbed: Any, reason: str) -> None:
    client, stubber = stubbed
    stubber.add_response("converse", converse_response(reason, [{"text": "{bad"}]))
    response = BedrockClient(MODEL, client=client).complete(REQUEST)
    assert response.stop_reason is StopReason.MALFORMED_OUTPUT
    assert response.output is None
    assert response.problem
    assert response.usage.total_tokens == 150


def test_max_tokens_is_a_truncation_error_with_usage(stubbed: Any) -> None:
    client, stubber = stubbed
    stubber.add_response("converse", converse_response("max_tokens", [{"text": '{"sk'}]))
    with pytest.raises(LLMOutputError, match="max_tokens=500") as caught:
        BedrockClient(MODEL, client=client).complete(REQUEST)
    info = failure_info(caught.value)
    assert not info.retryable
    assert info.usage == Usage(input_tokens=120, output_tokens=30)
    assert info.provider_code == "max_tokens"


@pytest.mark.parametrize("reason", ["guardrail_intervened", "content_filtered"])
def test_content_filters_raise_content_filtered(stubbed: Any, reason: str) -> None:
    client, stubber = stubbed
    stubber.add_response("converse", converse_response(reason, [{"text": "blocked"}]))
    with pytest.raises(LLMContentFilteredError) as caught:
        BedrockClient(MODEL, client=client).complete(REQUEST)
    assert not failure_info(caught.value).retryable
    assert failure_info(caught.value).usage.input_tokens == 120


def test_context_window_exceeded_is_not_retryable(stubbed: Any) -> None:
    client, stubber = stubbed
    stubber.add_response(
        "converse", converse_response("model_context_window_exceeded", [{"text": ""}])
    )
    with pytest.raises(LLMOutputError, match="context window") as caught:
        BedrockClient(MODEL, client=client).complete(REQUEST)
    assert not failure_info(caught.value).retryable


@pytest.mark.parametrize(
    ("code", "status", "error_type", "retryable"),
    [
        ("ThrottlingException", 429, LLMThrottledError, True),
        ("ModelNotReadyException", 429, LLMUnavailableError, True),
        ("InternalServerException", 500, LLMUnavailableError, True),
        ("ServiceUnavailableException", 503, LLMUnavailableError, True),
        ("ModelErrorException", 424, LLMUnavailableError, True),
        ("ModelTimeoutException", 408, LLMTimeoutError, True),
        ("ValidationException", 400, LLMError, False),
        ("AccessDeniedException", 403, LLMUnavailableError, False),
        ("ResourceNotFoundException", 404, LLMUnavailableError, False),
        ("ServiceQuotaExceededException", 400, LLMThrottledError, False),
        ("SomethingNewException", 502, LLMUnavailableError, True),
        ("SomethingElseException", 418, LLMError, False),
    ],
)
def test_error_codes_map_to_typed_errors(
    stubbed: Any, code: str, status: int, error_type: type[LLMError], retryable: bool
) -> None:
    client, stubber = stubbed
    stubber.add_client_error(
        "converse", service_error_code=code, service_message="detail", http_status_code=status
    )
    with pytest.raises(error_type) as caught:
        BedrockClient(MODEL, client=client).complete(REQUEST)
    assert type(caught.value) is error_type
    info = failure_info(caught.value)
    assert info.retryable is retryable
    assert info.provider_code == code
    assert MODEL in str(caught.value)


def test_permanent_errors_say_what_to_fix(stubbed: Any) -> None:
    client, stubber = stubbed
    stubber.add_client_error("converse", "AccessDeniedException", "no", http_status_code=403)
    stubber.add_client_error("converse", "ResourceNotFoundException", "no", http_status_code=404)
    bedrock = BedrockClient(MODEL, client=client)
    with pytest.raises(LLMUnavailableError, match="bedrock:InvokeModel"):
        bedrock.complete(REQUEST)
    with pytest.raises(LLMUnavailableError, match="inference profile"):
        bedrock.complete(REQUEST)


def test_forced_tool_choice_rejection_falls_back_and_is_remembered(stubbed: Any) -> None:
    client, stubber = stubbed
    rejected = "This model doesn't support the toolChoice field. Remove toolChoice and retry."
    stubber.add_client_error("converse", "ValidationException", rejected, 400)
    stubber.add_client_error("converse", "ValidationException", rejected, 400)
    answer = converse_response("tool_use", [tool_use({"skills": ["C"]})])
    stubber.add_response("converse", answer, expected_params(None))
    stubber.add_response("converse", answer, expected_params(None))
    bedrock = BedrockClient(MODEL, client=client)
    assert bedrock.complete(REQUEST).output == {"skills": ["C"]}
    assert bedrock.tool_choice == "auto"
    assert bedrock.complete(REQUEST).output == {"skills": ["C"]}  # straight to auto


def test_any_is_tried_before_auto(stubbed: Any) -> None:
    client, stubber = stubbed
    stubber.add_client_error("converse", "ValidationException", "toolChoice.tool unsupported")
    stubber.add_response(
        "converse",
        converse_response("tool_use", [tool_use({"skills": []})]),
        expected_params({"any": {}}),
    )
    bedrock = BedrockClient(MODEL, client=client)
    assert bedrock.complete(REQUEST).output == {"skills": []}
    assert bedrock.tool_choice == "any"


def test_other_validation_errors_do_not_downgrade(stubbed: Any) -> None:
    client, stubber = stubbed
    stubber.add_client_error("converse", "ValidationException", "maxTokens exceeds limit")
    bedrock = BedrockClient(MODEL, client=client)
    with pytest.raises(LLMError, match="maxTokens exceeds limit"):
        bedrock.complete(REQUEST)
    assert bedrock.tool_choice == "tool"


def test_tool_choice_memory_is_per_instance(stubbed: Any) -> None:
    client, stubber = stubbed
    stubber.add_client_error("converse", "ValidationException", "toolChoice not supported")
    stubber.add_response("converse", converse_response("tool_use", [tool_use({"skills": []})]))
    first = BedrockClient(MODEL, client=client)
    first.complete(REQUEST)
    assert (first.tool_choice, BedrockClient(MODEL, client=client).tool_choice) == ("any", "tool")


class RaisingClient:
    """A stand-in boto3 client whose converse raises a botocore transport error."""

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc
        self.meta = type("Meta", (), {"region_name": "eu-west-1"})()

    def converse(self, **params: Any) -> dict[str, Any]:
        raise self.exc


@pytest.mark.parametrize(
    ("exc", "error_type", "retryable"),
    [
        (bex.ReadTimeoutError(endpoint_url="https://x"), LLMTimeoutError, True),
        (bex.ConnectTimeoutError(endpoint_url="https://x"), LLMUnavailableError, True),
        (bex.EndpointConnectionError(endpoint_url="https://x"), LLMUnavailableError, True),
        (bex.ConnectionClosedError(endpoint_url="https://x"), LLMUnavailableError, True),
        (bex.NoCredentialsError(), LLMUnavailableError, False),
        (bex.NoRegionError(), LLMUnavailableError, False),
        (bex.ParamValidationError(report="bad"), LLMError, False),
        (RuntimeError("boom"), LLMUnavailableError, False),
    ],
)
def test_transport_errors_map_to_typed_errors(
    exc: BaseException, error_type: type[LLMError], retryable: bool
) -> None:
    with pytest.raises(error_type) as caught:
        BedrockClient(MODEL, client=RaisingClient(exc)).complete(REQUEST)
    assert type(caught.value) is error_type
    assert failure_info(caught.value).retryable is retryable


def test_creating_the_client_touches_nothing_and_disables_botocore_retries() -> None:
    bedrock = BedrockClient(MODEL, region="eu-central-1", connect_timeout=2, read_timeout=7)
    assert bedrock._client is None  # created lazily, on the first call
    created = bedrock._boto_client()
    config = created.meta.config
    assert config.retries == {"mode": "standard", "total_max_attempts": 1}
    assert (config.connect_timeout, config.read_timeout) == (2, 7)
    assert created.meta.region_name == "eu-central-1"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"model_id": ""},
        {"model_id": MODEL, "read_timeout": 0},
        {"model_id": MODEL, "tool_choice": "x"},
    ],
)
def test_invalid_arguments_raise_input_error(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InputError):
        BedrockClient(**kwargs)
