"""JSON Schemas of the public output models, as exported to ``docs/schemas/``.

``scripts/export_schemas.py`` writes them; a test fails when the code's schema and the file
differ, so a change to the JSON contract is always deliberate (bump ``SCHEMA_VERSION`` and
add a changelog line when it breaks readers).

Example:
    >>> "Document" in json_schemas()
    True
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from talentmatch.extraction.llm_result import ExtractionResult
from talentmatch.models.document import Document
from talentmatch.models.job import JobPosting
from talentmatch.models.match import MatchResult
from talentmatch.models.profile import CandidateProfile
from talentmatch.models.resume import Resume
from talentmatch.models.skills import SkillMention

__all__ = ["EXPORTED_MODELS", "json_schemas", "render_schema"]

EXPORTED_MODELS: tuple[type[BaseModel], ...] = (
    Document,
    Resume,
    SkillMention,
    ExtractionResult,
    JobPosting,
    CandidateProfile,
    MatchResult,
)


def json_schemas() -> dict[str, dict[str, Any]]:
    """Return ``{model name: JSON Schema}`` for every exported model.

    Example:
        >>> json_schemas()["Document"]["title"]
        'Document'
    """
    return {
        model.__name__: model.model_json_schema(mode="serialization") for model in EXPORTED_MODELS
    }


def render_schema(schema: dict[str, Any]) -> str:
    """Serialise a schema deterministically (sorted keys, two-space indent, final newline).

    Example:
        >>> render_schema({"b": 1, "a": 2})
        '{\\n  "a": 2,\\n  "b": 1\\n}\\n'
    """
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
