"""Custom taxonomies from CSV, TSV or JSON, and the row format they share with the built-in.

Columns (CSV/TSV header, or keys of each JSON object); only ``label`` is required:

=============  ==========================================================================
``id``         stable id ``namespace:local``; default ``<namespace>:<slug of label>``
``label``      preferred label
``type``       hard_skill | soft_skill | knowledge | tool | language | certification
               (default hard_skill)
``category``   free text (default empty)
``aliases``    ``|``-separated surface forms; prefix ``~`` for ones that need context
``broader``    ``|``-separated ids of broader concepts
``related``    ``|``-separated ids of related concepts (made symmetric)
``flags``      ``|``-separated flags (``in_demand``, ``hot_technology``)
``source_id``  identifier in your own system (optional)
=============  ==========================================================================

In JSON, list fields may be lists instead of ``|`` strings; the file is either a list of
concept objects or ``{"name": ..., "version": ..., "concepts": [...]}`` as ``to_json`` writes.

Example:
    >>> row = {"label": "Widget Studio", "aliases": "WS|~Studio", "type": "tool"}
    >>> c = parse_row(row, origin="example", namespace="acme", source="custom")
    >>> c.id, c.aliases, c.ambiguous
    ('acme:widget_studio', ('WS',), ('Studio',))
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from os import PathLike, fspath
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from talentmatch.errors import TaxonomyError
from talentmatch.models.skills import ConceptType
from talentmatch.taxonomy.concept import Concept

if TYPE_CHECKING:
    from talentmatch.taxonomy.model import Taxonomy

__all__ = [
    "COLUMNS",
    "load_csv",
    "load_json",
    "parse_row",
    "slugify",
    "split_list",
    "write_json",
]

COLUMNS = ("id", "label", "type", "category", "aliases", "broader", "related", "flags")
"""The built-in TSV header, in order; custom files may add ``source_id``."""

_TYPES = {t.value for t in ConceptType}
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lowercase ASCII slug of ``[a-z0-9_]`` ("C++" -> "c_plus_plus", "C#" -> "c_sharp").

    Example:
        >>> slugify("Node.js"), slugify("C#"), slugify("Café au lait")
        ('node_js', 'c_sharp', 'cafe_au_lait')
    """
    text = text.replace("++", " plus plus ").replace("#", " sharp ").replace("&", " and ")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_SLUG.sub("_", ascii_text.lower()).strip("_") or "x"


def split_list(value: Any) -> tuple[str, ...]:
    """Split a ``|``-separated string (or accept a list) into stripped, non-empty items.

    Example:
        >>> split_list("a | b||c"), split_list(["x", " y "])
        (('a', 'b', 'c'), ('x', 'y'))
    """
    if value is None:
        return ()
    items = value.split("|") if isinstance(value, str) else [str(v) for v in value]
    return tuple(item.strip() for item in items if item and item.strip())


def parse_row(row: Mapping[str, Any], *, origin: str, namespace: str, source: str) -> Concept:
    """Build a ``Concept`` from one row of the documented columns.

    Args:
        row: column name -> value (strings, or lists for list columns).
        origin: where the row comes from (file and line), for error messages.
        namespace: id namespace when the row has no ``id``.
        source: value of ``Concept.source``.

    Returns:
        The concept.

    Raises:
        TaxonomyError: a required value is missing or a value is invalid.
    """
    label = str(row.get("label") or "").strip()
    if not label:
        raise TaxonomyError(f"{origin}: the label is empty; every concept needs one.")
    concept_type = str(row.get("type") or "hard_skill").strip()
    if concept_type not in _TYPES:
        raise TaxonomyError(
            f"{origin}: type {concept_type!r} is not one of {', '.join(sorted(_TYPES))}."
        )
    aliases: list[str] = []
    ambiguous: list[str] = []
    for alias in split_list(row.get("aliases")):
        if alias.startswith("~"):
            ambiguous.append(alias[1:].strip())
        elif alias.casefold() != label.casefold():
            aliases.append(alias)
    concept_id = str(row.get("id") or "").strip() or f"{namespace}:{slugify(label)}"
    try:
        return Concept(
            id=concept_id,
            label=label,
            type=ConceptType(concept_type),
            category=str(row.get("category") or "").strip(),
            aliases=tuple(aliases),
            ambiguous=tuple(ambiguous),
            broader=split_list(row.get("broader")),
            related=split_list(row.get("related")),
            source=source,
            source_id=(str(row.get("source_id") or "").strip() or None),
            flags=split_list(row.get("flags")),
        )
    except ValidationError as exc:
        detail = exc.errors()[0]
        where = ".".join(map(str, detail["loc"]))
        raise TaxonomyError(f"{origin}: {detail['msg']} ({where}).") from None


def _read_text(path: str | PathLike[str]) -> tuple[Path, str]:
    file = Path(fspath(path))
    try:
        return file, file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise TaxonomyError(f"No taxonomy file at {file}; check the path.") from None
    except IsADirectoryError:
        raise TaxonomyError(f"{file} is a directory; pass the taxonomy file itself.") from None
    except UnicodeDecodeError:
        raise TaxonomyError(f"{file} is not UTF-8 text; save it as UTF-8.") from None
    except OSError as exc:
        raise TaxonomyError(f"{file} cannot be read ({type(exc).__name__}).") from None


def _build(concepts: Iterable[Concept], name: str, version: str) -> Taxonomy:
    from talentmatch.taxonomy.model import Taxonomy

    return Taxonomy(concepts, name=name, version=version)


def load_csv(path: str | PathLike[str], *, name: str | None = None, version: str = "1") -> Taxonomy:
    """Load a custom taxonomy from a CSV (comma) or TSV (``.tsv``/``.tab``: tab) file.

    Lines starting with ``#`` are comments. Ids default to ``<file stem>:<slug of label>``.

    Args:
        path: the file.
        name: taxonomy name (default: the file stem).
        version: content version (default "1").

    Returns:
        The taxonomy.

    Raises:
        TaxonomyError: unreadable file, no ``label`` column, or an invalid row.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "acme.csv").write_text("label,aliases,type\\nWidget Studio,WS,tool\\n")
        >>> load_csv(folder / "acme.csv").concept("acme:widget_studio").aliases
        ('WS',)
    """
    file, text = _read_text(path)
    delimiter = "\t" if file.suffix.lower() in {".tsv", ".tab"} else ","
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter=delimiter)
    if reader.fieldnames is None or "label" not in [f.strip() for f in reader.fieldnames]:
        raise TaxonomyError(
            f"{file.name}: the header must name a 'label' column (columns: {', '.join(COLUMNS)})."
        )
    namespace = slugify(file.stem)
    concepts = []
    for number, row in enumerate(reader, start=2):
        clean = {(k or "").strip(): v for k, v in row.items()}
        concepts.append(
            parse_row(clean, origin=f"{file.name}:{number}", namespace=namespace, source="custom")
        )
    return _build(concepts, name or file.stem, version)


def load_json(path: str | PathLike[str]) -> Taxonomy:
    """Load a taxonomy from JSON: a list of concept objects, or ``to_json`` output.

    Raises:
        TaxonomyError: unreadable or malformed file, or an invalid concept.

    Example:
        >>> import tempfile, pathlib, json
        >>> file = pathlib.Path(tempfile.mkdtemp()) / "t.json"
        >>> _ = file.write_text(json.dumps([{"id": "acme:ws", "label": "Widget Studio"}]))
        >>> load_json(file).concept("acme:ws").type.value
        'hard_skill'
    """
    file, text = _read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TaxonomyError(f"{file.name} is not valid JSON (line {exc.lineno}).") from None
    name, version, source = file.stem, "1", "custom"
    if isinstance(data, dict):
        name = str(data.get("name") or name)
        version = str(data.get("version") or version)
        data = data.get("concepts")
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise TaxonomyError(
            f"{file.name}: expected a list of concept objects or an object with 'concepts'."
        )
    namespace = slugify(file.stem)
    concepts = [
        parse_row(
            item,
            origin=f"{file.name}[{number}]",
            namespace=namespace,
            source=str(item.get("source") or source),
        )
        for number, item in enumerate(data)
    ]
    return _build(concepts, name, version)


def write_json(taxonomy: Taxonomy, path: str | PathLike[str]) -> None:
    """Write ``taxonomy`` as JSON (``{"name", "version", "concepts"}``), deterministic.

    Raises:
        TaxonomyError: the file cannot be written.
    """
    concepts = []
    for concept in taxonomy.concepts:
        concepts.append(
            {
                "id": concept.id,
                "label": concept.label,
                "type": concept.type.value,
                "category": concept.category,
                "aliases": [*concept.aliases, *("~" + a for a in concept.ambiguous)],
                "broader": list(concept.broader),
                "related": list(concept.related),
                "flags": list(concept.flags),
                "source": concept.source,
                "source_id": concept.source_id,
            }
        )
    payload = {"name": taxonomy.name, "version": taxonomy.version, "concepts": concepts}
    try:
        Path(fspath(path)).write_text(
            json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    except OSError as exc:
        raise TaxonomyError(f"Cannot write {path} ({type(exc).__name__}).") from None
