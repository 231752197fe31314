"""The public API surface and JSON Schemas change only deliberately."""

from __future__ import annotations

import json

import talentmatch
from talentmatch._schemas import json_schemas, render_schema
from talentmatch._surface import public_surface

from .conftest import ROOT


def test_public_surface_matches_snapshot() -> None:
    snapshot = (ROOT / "tests" / "snapshots" / "public_api.txt").read_text(encoding="utf-8")
    assert public_surface() == snapshot, (
        "The public API changed. If deliberate, run `python scripts/export_api.py`, bump the "
        "version when it breaks callers, and add a CHANGELOG line."
    )


def test_every_public_name_exists_and_is_documented() -> None:
    for name in talentmatch.__all__:
        obj = getattr(talentmatch, name)
        if callable(obj):
            assert obj.__doc__, f"{name} has no docstring"


def test_json_schemas_match_docs() -> None:
    folder = ROOT / "docs" / "schemas"
    on_disk = {p.name.removesuffix(".schema.json") for p in folder.glob("*.schema.json")}
    schemas = json_schemas()
    assert on_disk == set(schemas), "run `make schemas` and commit docs/schemas/"
    for name, schema in schemas.items():
        text = (folder / f"{name}.schema.json").read_text(encoding="utf-8")
        assert text == render_schema(schema), (
            f"docs/schemas/{name}.schema.json is stale: run `make schemas`; bump SCHEMA_VERSION "
            "and add a CHANGELOG line when the change breaks readers"
        )
        assert json.loads(text)["title"] == name


def test_schema_version_is_on_every_exported_model() -> None:
    for name, schema in json_schemas().items():
        assert "schema_version" in schema["properties"], name
