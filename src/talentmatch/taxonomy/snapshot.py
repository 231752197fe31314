"""A taxonomy as plain data (str, int, None, bytes, tuples, dicts) for the compiled cache.

``taxonomy_state`` captures what loading and the first extraction would otherwise compute:
the concepts with their links already resolved, the content hash, and the matcher's
compiled phrases (``AliasMatcher.snapshot``). ``restore_taxonomy`` turns it back into an
equal taxonomy, checking the shape of every field as it goes, so the data can be stored with
``marshal`` (which never runs code) and anything malformed fails loudly instead of yielding
a wrong taxonomy.

Example:
    >>> from talentmatch.taxonomy.model import Taxonomy
    >>> from talentmatch.taxonomy.concept import Concept
    >>> t = Taxonomy([Concept(id="x:pg", label="PostgreSQL", type="tool", category="data",
    ...                       aliases=("Postgres",))], name="demo", version="1")
    >>> back = restore_taxonomy(taxonomy_state(t))
    >>> back.content_hash == t.content_hash, [c.id for c in back.lookup("postgres")]
    (True, ['x:pg'])
"""

from __future__ import annotations

from itertools import chain
from typing import Any

from talentmatch.models._trusted import trusted_model
from talentmatch.models.skills import ConceptType
from talentmatch.taxonomy.concept import Concept
from talentmatch.taxonomy.matcher import AliasMatcher, MatcherSnapshot
from talentmatch.taxonomy.model import Taxonomy

__all__ = ["restore_taxonomy", "taxonomy_state"]

_FIELDS = tuple(Concept.model_fields)
_TEXT = ("id", "label", "category", "source")
_LISTS = ("aliases", "ambiguous", "broader", "related", "flags")
_TYPES = {t.value: t for t in ConceptType}


def taxonomy_state(taxonomy: Taxonomy) -> tuple[Any, ...]:
    """The taxonomy as plain data; builds every matcher phrase (a cache write pays this once).

    Concepts are stored as columns, one tuple per field, so restoring can check each
    column's types in a single C-level pass.

    Args:
        taxonomy: any taxonomy.

    Returns:
        ``(name, version, content_hash, concept columns, matcher snapshot)``.
    """
    columns = tuple(
        tuple(c.type.value if field == "type" else getattr(c, field) for c in taxonomy.concepts)
        for field in _FIELDS
    )
    matcher = tuple(taxonomy.matcher.snapshot())
    return (taxonomy.name, taxonomy.version, taxonomy.content_hash, columns, matcher)


def restore_taxonomy(state: Any) -> Taxonomy:
    """The taxonomy ``taxonomy_state`` captured, without re-resolving links or recompiling.

    Args:
        state: what ``taxonomy_state`` returned (typically read back from the cache).

    Returns:
        A taxonomy equal to the captured one: same concepts, hash and lookups.

    Raises:
        TypeError, ValueError, KeyError: ``state`` is not what ``taxonomy_state`` produces.
    """
    name, version, content_hash, columns, matcher = state
    if not (type(name) is type(version) is type(content_hash) is str) or len(content_hash) != 64:
        raise TypeError("not a taxonomy state")
    concepts = _concepts(columns)
    size, phrases, single = matcher
    restored = AliasMatcher.restore(concepts, MatcherSnapshot(size, phrases, single))
    return Taxonomy._restored(
        concepts, name=name, version=version, content_hash=content_hash, matcher=restored
    )


def _concepts(columns: Any) -> tuple[Concept, ...]:
    """Concepts from field columns, every value's type checked first."""
    named = dict(zip(_FIELDS, columns, strict=True))
    count = len(named["id"])
    for field, column in named.items():
        if type(column) is not tuple or len(column) != count:
            raise TypeError(f"concept column {field} is malformed")
    # str.join rejects any non-str item in C: the cheapest full type check of a column.
    for field in _TEXT:
        "".join(named[field])
    for field in _LISTS:
        if set(map(type, named[field])) - {tuple}:
            raise TypeError(f"concept column {field} holds a non-tuple")
        "".join(chain.from_iterable(named[field]))
    if set(map(type, named["source_id"])) - {str, type(None)}:
        raise TypeError("concept column source_id holds a non-str")
    if not all(named["label"]):
        raise ValueError("a concept label is empty")
    named["type"] = tuple(_TYPES[value] for value in named["type"])
    fields = tuple(named)
    # Columns have equal lengths (checked above), so plain zip cannot drop values.
    return tuple(
        trusted_model(Concept, dict(zip(fields, values)))  # noqa: B905
        for values in zip(*named.values())  # noqa: B905
    )
