"""Write the JSON Schemas of talentmatch's output models to docs/schemas/.

Run after a deliberate change to a public model: ``make schemas``.
"""

from __future__ import annotations

from pathlib import Path

from talentmatch._schemas import json_schemas, render_schema

OUT = Path(__file__).resolve().parent.parent / "docs" / "schemas"


def main() -> None:
    """Write one ``<Model>.schema.json`` per exported model and remove stale files."""
    OUT.mkdir(parents=True, exist_ok=True)
    schemas = json_schemas()
    for stale in OUT.glob("*.schema.json"):
        if stale.name.removesuffix(".schema.json") not in schemas:
            stale.unlink()
    for name, schema in schemas.items():
        (OUT / f"{name}.schema.json").write_text(render_schema(schema), encoding="utf-8")
        print(f"wrote docs/schemas/{name}.schema.json")


if __name__ == "__main__":
    main()
