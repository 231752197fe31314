"""parse_resume as a public entry point: inputs, errors, ids, evidence, exports, CLI."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pydantic import BaseModel

from talentmatch import load_document
from talentmatch.config import Limits
from talentmatch.errors import ConfigError, DocumentTooLargeError, InputError, TalentMatchError
from talentmatch.models.resume import QualityReasonCode, Resume, TextValue
from talentmatch.parsing import PARSER_VERSION, parse_resume, run_parse_command
from talentmatch.parsing import resume as resume_module

from .conftest import FIXTURES, ROOT

SAMPLE = (
    "Ana Lima\nPorto, Portugal\nana.lima@example.com | +351 912 345 678\n"
    "linkedin.com/in/ana-lima\n\n"
    "SUMMARY\nIntensive-care nurse with eight years of experience.\n\n"
    "EXPERIENCE\nStaff Nurse, Hospital Santa Clara    Mar 2019 – Present\n"
    "• Led night shifts on a 20-bed ward.\n"
    "Nurse, Clínica Bem Estar    Jan 2015 – Feb 2019\n\n"
    "EDUCATION\nLicenciatura em Enfermagem, Universidade do Porto, 2014\n\n"
    "LANGUAGES\nPortuguês (nativo), English (C1)\n\n"
    "CERTIFICATIONS\nAdvanced Life Support — European Resuscitation Council, 2020\n"
)


def test_parse_text_path_bytes_and_document_agree(tmp_path: Path) -> None:
    path = tmp_path / "cv.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    from_text = parse_resume(SAMPLE)
    from_path = parse_resume(path)
    from_bytes = parse_resume(SAMPLE.encode("utf-8"))
    from_document = parse_resume(load_document(SAMPLE))
    assert from_path.document.filename == "cv.txt"
    for other in (from_path, from_bytes, from_document):
        assert other.positions == from_text.positions
        assert other.id == from_text.id
    assert from_text.id == "res_" + from_text.document.sha256[:32]
    assert from_text.parser_version == PARSER_VERSION


def test_given_id_and_reference_date() -> None:
    resume = parse_resume(SAMPLE, resume_id="cand-42", as_of=date(2024, 2, 29))
    assert resume.id == "cand-42"
    assert resume.experience_as_of is not None
    assert resume.experience_as_of.iso() == "2024-02"
    # Mar 2019 - Feb 2024 is 60 months, Jan 2015 - Feb 2019 is 50.
    assert resume.total_experience_months == 110


@pytest.mark.parametrize(
    "kwargs",
    [
        {"source": 42},
        {"source": ["not", "a", "document"]},
        {"source": SAMPLE, "filename": 3},
        {"source": SAMPLE, "resume_id": ""},
        {"source": SAMPLE, "resume_id": 7},
        {"source": SAMPLE, "as_of": "2024-01-01"},
    ],
)
def test_bad_arguments_raise_input_error(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InputError):
        parse_resume(**kwargs)


def test_pipeline_limits_are_used() -> None:
    with pytest.raises(DocumentTooLargeError):
        parse_resume(SAMPLE, pipeline=SimpleNamespace(limits=Limits(max_chars=100)))
    with pytest.raises(ConfigError):
        parse_resume(SAMPLE, pipeline=SimpleNamespace(limits={"max_pages": -1}))
    assert parse_resume(SAMPLE, pipeline=object()).positions


def test_internal_failures_surface_as_talentmatch_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(resume_module, "find_sections", broken)
    with pytest.raises(TalentMatchError) as caught:
        parse_resume(SAMPLE)
    assert "ZeroDivisionError" in caught.value.message
    assert "Ana" not in caught.value.message


def test_parsing_is_deterministic() -> None:
    assert parse_resume(SAMPLE).model_dump_json() == parse_resume(SAMPLE).model_dump_json()


def _text_values(value: object) -> list[TextValue]:
    if isinstance(value, TextValue):
        return [value]
    if isinstance(value, BaseModel):
        return [
            v
            for name in type(value).model_fields
            if name != "document"
            for v in _text_values(getattr(value, name))
        ]
    if isinstance(value, tuple | list):
        return [v for item in value for v in _text_values(item)]
    return []


def _fixture_files() -> list[Path]:
    return sorted(
        p for p in (FIXTURES / "resumes").iterdir() if p.suffix in {".pdf", ".docx", ".txt"}
    )


@pytest.mark.parametrize("path", _fixture_files()[::5], ids=lambda p: p.name)
def test_every_extracted_value_quotes_the_document(path: Path) -> None:
    resume = parse_resume(path)
    text = resume.document.text
    values = _text_values(resume)
    assert values
    for value in values:
        assert value.span.slice(text) == value.text


def test_summary_and_sections_and_quality() -> None:
    resume = parse_resume(SAMPLE)
    assert [s.kind.value for s in resume.sections] == [
        "summary",
        "experience",
        "education",
        "languages",
        "certifications",
    ]
    assert resume.summary is not None
    assert resume.summary.text.startswith("Intensive-care nurse")
    assert resume.parse_quality.score >= 0.8
    assert resume.certifications[0].issuer is not None
    assert resume.certifications[0].issuer.text == "European Resuscitation Council"


def test_quality_reasons() -> None:
    short = parse_resume("Jo Roe")
    codes = {r.code for r in short.parse_quality.reasons}
    assert {
        QualityReasonCode.NO_SECTIONS,
        QualityReasonCode.VERY_SHORT_TEXT,
        QualityReasonCode.NO_CONTACT,
        QualityReasonCode.NO_POSITIONS,
    } <= codes
    assert short.parse_quality.score < 0.3
    hidden = parse_resume(SAMPLE + "\U000e0041\U000e0042")
    assert QualityReasonCode.HIDDEN_TEXT in {r.code for r in hidden.parse_quality.reasons}
    assert all(r.detail and "Ana" not in r.detail for r in hidden.parse_quality.reasons)


# --------------------------------------------------------------------- JSON Resume export

RULES = json.loads((ROOT / "tests" / "data" / "json_resume_v1.2.1_rules.json").read_text())
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URI = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$")


def _check(value: Any, rule: dict[str, Any], where: str) -> list[str]:
    """Check ``value`` against the subset of JSON Schema draft-04 the rules file uses."""
    if "$ref" in rule:
        rule = RULES["definitions"][rule["$ref"].rsplit("/", 1)[-1]]
    problems: list[str] = []
    kind = rule.get("type")
    types = {"object": dict, "array": list, "string": str}
    if kind and not isinstance(value, types[kind]):
        return [f"{where}: expected {kind}, got {type(value).__name__}"]
    if kind == "string":
        if "pattern" in rule and not re.search(rule["pattern"], value):
            problems.append(f"{where}: {value!r} does not match {rule['pattern']}")
        if rule.get("format") == "email" and not _EMAIL.match(value):
            problems.append(f"{where}: {value!r} is not an email")
        if rule.get("format") == "uri" and not _URI.match(value):
            problems.append(f"{where}: {value!r} is not a URI")
    if kind == "object":
        properties = rule.get("properties", {})
        for key, item in value.items():
            if key in properties:
                problems += _check(item, properties[key], f"{where}.{key}")
            elif rule.get("additionalProperties") is False:
                problems.append(f"{where}: unexpected key {key!r}")
    if kind == "array" and "items" in rule:
        for index, item in enumerate(value):
            problems += _check(item, rule["items"], f"{where}[{index}]")
    return problems


@pytest.mark.parametrize("path", _fixture_files()[::4], ids=lambda p: p.name)
def test_json_resume_export_follows_the_published_rules(path: Path) -> None:
    exported = parse_resume(path).to_json_resume()
    assert _check(exported, RULES, "$") == []
    assert set(exported) >= {"basics", "work", "education", "skills", "languages", "certificates"}
    assert exported["skills"] == []


def test_json_resume_dates_follow_precision_and_skills_keep_ids() -> None:
    resume = parse_resume(SAMPLE)
    skills = [
        SimpleNamespace(label="Critical care", concept_id="tm:skill/critical-care"),
        {"label": "Triage", "id": "tm:skill/triage"},
    ]
    exported = resume.to_json_resume(skills=skills)
    assert _check(exported, RULES, "$") == []
    assert [w.get("startDate") for w in exported["work"]] == ["2019-03", "2015-01"]
    assert "endDate" not in exported["work"][0]  # current position: open end
    assert exported["education"][0]["endDate"] == "2014"
    assert exported["basics"]["phone"] == "+351912345678"
    assert exported["skills"] == [
        {"name": "Critical care", "keywords": ["tm:skill/critical-care"]},
        {"name": "Triage", "keywords": ["tm:skill/triage"]},
    ]
    with pytest.raises(InputError):
        resume.to_json_resume(skills=[{"concept_id": "x"}])
    with pytest.raises(InputError):
        resume.to_json_resume(skills="Python")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------- CLI


def test_cli_summary_has_no_personal_data(tmp_path: Path) -> None:
    path = tmp_path / "cv.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    summary = run_parse_command(str(path), as_json=False, as_json_resume=False)
    for secret in ("Ana", "Lima", "ana.lima@example.com", "912 345 678", "linkedin"):
        assert secret not in summary
    assert "Staff Nurse" in summary
    assert "2019-03 - present" in summary
    assert "sections: summary, experience, education, languages, certifications" in summary
    full = json.loads(run_parse_command(str(path), as_json=True, as_json_resume=False))
    assert Resume.model_validate(full).positions == parse_resume(path).positions
    exported = json.loads(run_parse_command(str(path), as_json=False, as_json_resume=True))
    assert exported["basics"]["email"] == "ana.lima@example.com"
    with pytest.raises(InputError):
        run_parse_command(str(path), as_json=True, as_json_resume=True)
