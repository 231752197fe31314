"""Overrides: drop noisy aliases, add missing ones, fix labels and links of any taxonomy.

An overrides file is CSV or TSV (``.tsv``: tab) with the header ``action,concept_id,value``
(``#`` lines are comments), or JSON: a list of ``{"action", "concept_id", "value"}``.

================  =================================================================
``drop_alias``    remove a surface form (any case) from ``concept_id``; ``*`` means every
                  concept ("Mocha" listed as JavaScript by ESCO)
``add_alias``     add a surface form; prefix ``~`` when it needs context
``mark_ambiguous`` make an existing label or alias need context
``set_label``     replace the preferred label (the old one stays as an alias)
``set_type``      replace the type (hard_skill, tool, ...)
``drop_concept``  remove the concept and every link to it
``add_broader``   add a broader link (``value`` is the broader id)
``add_related``   add a related link
================  =================================================================

Unknown concept ids are an error (a typo should not pass silently), except for
``drop_alias`` with ``*``.

Example:
    >>> fix = Overrides(items=(Override(action="add_alias", concept_id="tm:kubernetes",
    ...                                 value="kubes"),))
    >>> from talentmatch.taxonomy import Taxonomy
    >>> "kubes" in Taxonomy.builtin().with_overrides(fix).concept("tm:kubernetes").aliases
    True
"""

from __future__ import annotations

import csv
import json
from os import PathLike, fspath
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from talentmatch.errors import TaxonomyError
from talentmatch.models.skills import ConceptType
from talentmatch.taxonomy.concept import Concept

if TYPE_CHECKING:
    from talentmatch.taxonomy.model import Taxonomy

__all__ = ["Override", "Overrides", "apply_overrides", "load_overrides"]

Action = Literal[
    "drop_alias",
    "add_alias",
    "mark_ambiguous",
    "set_label",
    "set_type",
    "drop_concept",
    "add_broader",
    "add_related",
]


class Override(BaseModel):
    """One change to a taxonomy.

    Example:
        >>> Override(action="drop_alias", concept_id="*", value="Mocha").action
        'drop_alias'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    action: Action = Field(description="What to change.")
    concept_id: str = Field(min_length=1, description="Concept id, or '*' for drop_alias.")
    value: str = Field(default="", description="Alias, label, type or linked id.")


class Overrides(BaseModel):
    """An ordered list of overrides, applied in order.

    Example:
        >>> len(Overrides(items=()).items)
        0
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    items: tuple[Override, ...] = Field(description="The overrides, in order.")


def load_overrides(path: str | PathLike[str]) -> Overrides:
    """Read an overrides file (CSV, TSV or JSON).

    Raises:
        TaxonomyError: unreadable file, wrong columns or an invalid row.

    Example:
        >>> import tempfile, pathlib
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "fix.csv"
        >>> _ = f.write_text("action,concept_id,value\\ndrop_alias,*,Mocha\\n")
        >>> load_overrides(f).items[0].value
        'Mocha'
    """
    file = Path(fspath(path))
    try:
        text = file.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise TaxonomyError(f"Cannot read overrides file {file} ({type(exc).__name__}).") from None
    except UnicodeDecodeError:
        raise TaxonomyError(f"Overrides file {file} is not UTF-8 text.") from None
    rows: list[Any]
    if file.suffix.lower() == ".json":
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as exc:
            raise TaxonomyError(f"{file.name} is not valid JSON (line {exc.lineno}).") from None
        if not isinstance(rows, list):
            raise TaxonomyError(f"{file.name}: expected a JSON list of overrides.")
    else:
        delimiter = "\t" if file.suffix.lower() in {".tsv", ".tab"} else ","
        lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
        reader = csv.DictReader(lines, delimiter=delimiter)
        if reader.fieldnames is None or {"action", "concept_id"} - set(reader.fieldnames):
            raise TaxonomyError(f"{file.name}: the header must be 'action,concept_id,value'.")
        rows = [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    try:
        return Overrides(items=tuple(Override.model_validate(row) for row in rows))
    except ValidationError as exc:
        detail = exc.errors()[0]
        raise TaxonomyError(
            f"{file.name}: invalid override ({detail['msg']} at "
            f"{'.'.join(map(str, detail['loc']))})."
        ) from None


def _coerce(overrides: Any) -> Overrides:
    if isinstance(overrides, Overrides):
        return overrides
    if isinstance(overrides, str | PathLike):
        return load_overrides(overrides)
    raise TaxonomyError("Pass overrides as an Overrides object or the path of an overrides file.")


def apply_overrides(taxonomy: Taxonomy, overrides: Overrides | str | PathLike[str]) -> Taxonomy:
    """Return a new taxonomy with ``overrides`` applied (same name, version '+overrides').

    Raises:
        TaxonomyError: invalid overrides, unknown ids, or a result that breaks the rules.
    """
    from talentmatch.taxonomy.model import Taxonomy

    items = _coerce(overrides).items
    if not items:
        return taxonomy
    concepts: dict[str, Concept] = {c.id: c for c in taxonomy.concepts}
    for item in items:
        if item.concept_id == "*" and item.action == "drop_alias":
            for cid, each in concepts.items():
                concepts[cid] = _drop_alias(each, item.value)
            continue
        found = concepts.get(item.concept_id)
        if found is None:
            raise TaxonomyError(
                f"Override {item.action} names unknown concept {item.concept_id!r} in "
                f"{taxonomy.name}; fix the id or remove the line."
            )
        if item.action == "drop_concept":
            del concepts[item.concept_id]
            continue
        concepts[item.concept_id] = _apply_one(found, item)
    dropped = {c.id for c in taxonomy.concepts} - set(concepts)
    if dropped:
        concepts = {
            cid: c.model_copy(
                update={
                    "broader": tuple(i for i in c.broader if i not in dropped),
                    "related": tuple(i for i in c.related if i not in dropped),
                }
            )
            for cid, c in concepts.items()
        }
    return Taxonomy(concepts.values(), name=taxonomy.name, version=f"{taxonomy.version}+overrides")


def _drop_alias(concept: Concept, value: str) -> Concept:
    folded = value.casefold()
    aliases = tuple(a for a in concept.aliases if a.casefold() != folded)
    ambiguous = tuple(a for a in concept.ambiguous if a.casefold() != folded)
    if len(aliases) == len(concept.aliases) and len(ambiguous) == len(concept.ambiguous):
        return concept
    return concept.model_copy(update={"aliases": aliases, "ambiguous": ambiguous})


def _apply_one(concept: Concept, item: Override) -> Concept:
    value = item.value.strip()
    if not value:
        raise TaxonomyError(f"Override {item.action} for {item.concept_id} needs a value.")
    update: dict[str, Any]
    if item.action == "drop_alias":
        return _drop_alias(concept, value)
    if item.action == "add_alias":
        if value.startswith("~"):
            update = {"ambiguous": (*concept.ambiguous, value[1:].strip())}
        else:
            update = {"aliases": (*concept.aliases, value)}
    elif item.action == "mark_ambiguous":
        update = {
            "aliases": tuple(a for a in concept.aliases if a.casefold() != value.casefold()),
            "ambiguous": (*concept.ambiguous, value),
        }
    elif item.action == "set_label":
        update = {"label": value, "aliases": (*concept.aliases, concept.label)}
    elif item.action == "set_type":
        try:
            update = {"type": ConceptType(value)}
        except ValueError:
            raise TaxonomyError(f"Override set_type: {value!r} is not a concept type.") from None
    elif item.action == "add_broader":
        update = {"broader": (*concept.broader, value)}
    else:
        update = {"related": (*concept.related, value)}
    try:
        return Concept.model_validate({**concept.model_dump(), **update})
    except ValidationError as exc:
        raise TaxonomyError(
            f"Override {item.action} for {item.concept_id}: {exc.errors()[0]['msg']}."
        ) from None
