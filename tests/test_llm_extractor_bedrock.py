"""LLMExtractor over BedrockClient with botocore's Stubber: the real request, no network.

Stubber checks the request against the bedrock-runtime service model and against the exact
parameters expected here: the redacted resume in the user message between markers, the
instructions alone in the system block, the answer schema as the forced tool.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from talentmatch.extraction.fallback import FallbackExtractor
from talentmatch.extraction.llm_extractor import LLMExtractor
from talentmatch.extraction.llm_prompts import answer_schema, skills_prompt
from talentmatch.llm.bedrock import BedrockClient
from talentmatch.llm.clock import FakeClock
from talentmatch.llm.ledger import CostLedger
from talentmatch.llm.models import Usage
from talentmatch.llm.pricing import PricingTable
from talentmatch.llm.stack import resilient
from talentmatch.parsing import parse_resume
from talentmatch.safety.redaction import redact

MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0"
RESUME = """Ana Silva
ana.silva@example.com

SKILLS
Terraform, AWS Lambda

EXPERIENCE
Cloud Engineer, Initech  2021 - 2024
Wrote Terraform modules for serverless APIs on AWS Lambda.
"""


def expected_params() -> dict[str, Any]:
    resume = parse_resume(RESUME)
    redacted = redact(resume.document.text, names=["Ana Silva"]).text
    request = skills_prompt().request(redacted, output=answer_schema(), max_tokens=4096)
    schema = answer_schema()
    return {
        "modelId": MODEL,
        "messages": [{"role": "user", "content": [{"text": request.messages[0].text}]}],
        "system": [{"text": skills_prompt().system}],
        "inferenceConfig": {"maxTokens": 4096, "temperature": 0.0},
        "toolConfig": {
            "tools": [
                {
                    "toolSpec": {
                        "name": schema.name,
                        "description": schema.description,
                        "inputSchema": {"json": schema.json_schema},
                    }
                }
            ],
            "toolChoice": {"tool": {"name": "report_skills"}},
        },
    }


def converse(reason: str, content: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "output": {"message": {"role": "assistant", "content": content}},
        "stopReason": reason,
        "usage": {"inputTokens": 1200, "outputTokens": 80, "totalTokens": 1280},
        "metrics": {"latencyMs": 640},
    }


def tool_use(data: dict[str, Any]) -> dict[str, Any]:
    return {"toolUse": {"toolUseId": "tooluse_1", "name": "report_skills", "input": data}}


@pytest.fixture
def stubbed() -> Iterator[tuple[Any, Stubber]]:
    client = boto3.client(
        "bedrock-runtime",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def test_extraction_over_bedrock_tool_use(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    skills = [
        {"name": "Terraform", "quote": "Wrote Terraform modules"},
        {"name": "AWS Lambda", "quote": "serverless APIs on AWS Lambda"},
        {"name": "Kubernetes", "quote": "ran Kubernetes at scale"},
    ]
    stubber.add_response(
        "converse", converse("tool_use", [tool_use({"skills": skills})]), expected_params()
    )
    clock, parent = FakeClock(), CostLedger()
    provider = resilient(BedrockClient(MODEL, client=client), clock=clock, sleep=clock.sleep)
    extractor = LLMExtractor(provider, ledger=parent)
    result = extractor.extract_result(parse_resume(RESUME))
    assert [m.concept_id for m in result.mentions] == ["tm:terraform", "tm:lambda"]
    assert all(m.occurrences[0].position_index == 0 for m in result.mentions)
    assert result.run.dropped.ungrounded == 1
    assert result.run.model_id == MODEL
    assert result.run.usage == Usage(input_tokens=1200, output_tokens=80)
    expected_cost = PricingTable.default().cost(MODEL, result.run.usage)
    assert result.run.cost == expected_cost == parent.totals().cost
    assert expected_cost.total == Decimal("0.00128")


def test_a_bedrock_reask_after_malformed_tool_use(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    stubber.add_response("converse", converse("malformed_tool_use", [{"text": "{bad"}]))
    answer = {"skills": [{"name": "Terraform", "quote": "Terraform, AWS Lambda"}]}
    stubber.add_response("converse", converse("tool_use", [tool_use(answer)]))
    result = LLMExtractor(BedrockClient(MODEL, client=client)).extract_result(RESUME)
    assert [m.concept_id for m in result.mentions] == ["tm:terraform"]
    assert (result.run.calls, result.run.reasks) == (2, 1)
    assert result.run.usage == Usage(input_tokens=2400, output_tokens=160)


def test_a_bedrock_guardrail_degrades_to_the_offline_result(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    stubber.add_response("converse", converse("guardrail_intervened", [{"text": "blocked"}]))
    primary = LLMExtractor(BedrockClient(MODEL, client=client))
    result = FallbackExtractor(primary).extract_result(RESUME)
    assert (result.degraded, result.degraded_reason) == (True, "llm_content_filtered")
    assert {"tm:terraform", "tm:lambda"} <= {m.concept_id for m in result.mentions}
    assert result.run.usage == Usage(input_tokens=1200, output_tokens=80)
