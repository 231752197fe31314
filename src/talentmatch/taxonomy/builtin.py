"""The built-in taxonomy: every ``data/builtin/*.tsv`` file shipped with the package.

The files are authored by the talentmatch project (not copied from ESCO or O*NET) in the
format of ``docs/taxonomy.md``: a header ``id label type category aliases broader related
flags``, tab-separated, ``#`` comments. They are read once per process, on first use.

Example:
    >>> taxonomy = load_builtin()
    >>> taxonomy.name, taxonomy.concept("tm:postgresql").label
    ('talentmatch-builtin', 'PostgreSQL')
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from importlib.resources.abc import Traversable

from talentmatch.errors import TaxonomyError
from talentmatch.models.skills import ConceptType
from talentmatch.taxonomy.concept import BUILTIN_CATEGORIES, FLAGS, Concept, trusted_model
from talentmatch.taxonomy.model import Taxonomy
from talentmatch.taxonomy.tabular import COLUMNS

__all__ = ["BUILTIN_NAME", "BUILTIN_VERSION", "builtin_files", "load_builtin", "read_builtin_file"]

BUILTIN_NAME = "talentmatch-builtin"
BUILTIN_VERSION = "2025.1"
"""Bumped when the built-in files change in a way users should notice; the hash always moves."""

_ID = re.compile(r"^tm:[a-z0-9_]+$")
_HEADER = "\t".join(COLUMNS)
_TYPES = {t.value: t for t in ConceptType}


def builtin_files() -> list[Traversable]:
    """The built-in TSV files, sorted by name.

    Example:
        >>> "software.tsv" in [f.name for f in builtin_files()]
        True
    """
    folder = resources.files("talentmatch.taxonomy").joinpath("data/builtin")
    return sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".tsv")),
        key=lambda entry: entry.name,
    )


def read_builtin_file(name: str, text: str) -> list[Concept]:
    """Parse one built-in TSV file and check the built-in rules row by row.

    Args:
        name: file name, for messages.
        text: the file's content.

    Returns:
        Its concepts, in file order.

    Raises:
        TaxonomyError: wrong header, wrong column count, bad id, type, category or flag.

    Example:
        >>> header = "id\\tlabel\\ttype\\tcategory\\taliases\\tbroader\\trelated\\tflags"
        >>> row = "tm:x\\tX Lang\\ttool\\tsoftware\\tXL\\t\\t\\t"
        >>> read_builtin_file("x.tsv", header + "\\n" + row)[0].aliases
        ('XL',)
    """
    concepts: list[Concept] = []
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        origin = f"{name}:{number}"
        if not header_seen:
            if line.rstrip("\r") != _HEADER:
                raise TaxonomyError(f"{origin}: the header must be exactly {_HEADER!r}.")
            header_seen = True
            continue
        fields = line.rstrip("\r").split("\t")
        if len(fields) != len(COLUMNS):
            raise TaxonomyError(
                f"{origin}: expected {len(COLUMNS)} tab-separated fields, found {len(fields)}."
            )
        concepts.append(_concept(dict(zip(COLUMNS, fields, strict=True)), origin))
    return concepts


def _concept(row: dict[str, str], origin: str) -> Concept:
    """Check a row against the built-in rules and build its concept without re-validation.

    Every rule ``Concept`` validates is checked here first; skipping pydantic validation
    keeps loading the built-in taxonomy within its time budget.
    """
    concept_id, label = row["id"], " ".join(row["label"].split())
    if not _ID.match(concept_id):
        raise TaxonomyError(f"{origin}: id {concept_id!r} must be 'tm:' + [a-z0-9_].")
    if not label:
        raise TaxonomyError(f"{origin}: the label is empty.")
    if row["type"] not in _TYPES:
        raise TaxonomyError(f"{origin}: unknown type {row['type']!r}.")
    if row["category"] not in BUILTIN_CATEGORIES:
        raise TaxonomyError(f"{origin}: unknown category {row['category']!r}.")
    aliases: dict[str, None] = {}
    ambiguous: dict[str, None] = {}
    folded_label = label.casefold()
    for raw in _split(row["aliases"]):
        alias = raw.lstrip("~").strip()
        if "  " in alias or not alias:
            alias = " ".join(alias.split())
            if not alias:
                raise TaxonomyError(f"{origin}: an alias is empty.")
        if raw[0] == "~":
            ambiguous[alias] = None
        elif alias.casefold() != folded_label:
            aliases[alias] = None
    broader, related, flags = _split(row["broader"]), _split(row["related"]), _split(row["flags"])
    bad_links = [i for i in (*broader, *related) if not _ID.match(i) or i == concept_id]
    if bad_links:
        raise TaxonomyError(f"{origin}: invalid or self link(s) {', '.join(bad_links)}.")
    unknown = [flag for flag in flags if flag not in FLAGS]
    if unknown:
        raise TaxonomyError(f"{origin}: unknown flag(s) {', '.join(unknown)}.")
    return trusted_model(
        Concept,
        {
            "id": concept_id,
            "label": label,
            "type": _TYPES[row["type"]],
            "category": row["category"],
            "aliases": tuple(aliases),
            "ambiguous": tuple(ambiguous),
            "broader": broader,
            "related": related,
            "source": "talentmatch",
            "source_id": None,
            "flags": flags,
        },
    )


def _split(value: str) -> tuple[str, ...]:
    """Split a "|" list of a built-in row (already clean: the validation test checks it)."""
    if not value:
        return ()
    if "||" in value or value[0] == "|" or value[-1] == "|":
        return tuple(part.strip() for part in value.split("|") if part.strip())
    return tuple(value.split("|"))


@functools.cache
def load_builtin() -> Taxonomy:
    """Read every built-in file once and return the (cached) taxonomy.

    Raises:
        TaxonomyError: a built-in file is malformed (a packaging bug; please report it).
    """
    concepts: list[Concept] = []
    for entry in builtin_files():
        concepts.extend(read_builtin_file(entry.name, entry.read_text(encoding="utf-8")))
    return Taxonomy(concepts, name=BUILTIN_NAME, version=BUILTIN_VERSION)
