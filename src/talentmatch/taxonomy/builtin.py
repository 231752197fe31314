"""The built-in taxonomy: every ``data/builtin/*.tsv`` file shipped with the package.

The files are authored by the talentmatch project (not copied from ESCO or O*NET) in the
format of ``docs/taxonomy.md``: a header ``id label type category aliases broader related
flags``, tab-separated, ``#`` comments. They are read once per process, on first use.

Loading parses every file, resolves links and checks them; the first extraction then
compiles matcher phrases and hashes the content. All of that is stored in the per-user
compiled cache (``taxonomy.cache``) keyed by the files' bytes, the code that reads them and
the library version, so later processes restore it instead: same concepts, same hash, same
matches. The cache is optional; without it (off, unwritable, damaged) loading is unchanged.

Example:
    >>> taxonomy = load_builtin()
    >>> taxonomy.name, taxonomy.concept("tm:postgresql").label
    ('talentmatch-builtin', 'PostgreSQL')
"""

from __future__ import annotations

import functools
import logging
import re
import sys
import threading
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from talentmatch._version import __version__
from talentmatch.errors import TaxonomyError
from talentmatch.models._trusted import trusted_model
from talentmatch.models.skills import ConceptType
from talentmatch.taxonomy import cache
from talentmatch.taxonomy.concept import BUILTIN_CATEGORIES, FLAGS, Concept
from talentmatch.taxonomy.model import Taxonomy
from talentmatch.taxonomy.snapshot import restore_taxonomy, taxonomy_state
from talentmatch.taxonomy.tabular import COLUMNS

__all__ = [
    "BUILTIN_NAME",
    "BUILTIN_VERSION",
    "builtin_cache_name",
    "builtin_files",
    "load_builtin",
    "load_builtin_from",
    "parse_builtin",
    "read_builtin_file",
]

BUILTIN_NAME = "talentmatch-builtin"
BUILTIN_VERSION = "2025.1"
"""Bumped when the built-in files change in a way users should notice; the hash always moves."""

_ID = re.compile(r"^tm:[a-z0-9_]+$")
_HEADER = "\t".join(COLUMNS)
_TYPES = {t.value: t for t in ConceptType}
_CACHE_FORMAT = b"builtin-taxonomy/1"
"""Bump when the cached layout changes in a way the hashed sources below would not show."""
_COMPILER_SOURCES = (
    ("talentmatch.taxonomy", "builtin.py"),
    ("talentmatch.taxonomy", "cache.py"),
    ("talentmatch.taxonomy", "concept.py"),
    ("talentmatch.taxonomy", "matcher.py"),
    ("talentmatch.taxonomy", "model.py"),
    ("talentmatch.taxonomy", "snapshot.py"),
    ("talentmatch.taxonomy", "tabular.py"),
    ("talentmatch.taxonomy", "tokens.py"),
    ("talentmatch.taxonomy", "data/common_words.txt"),
    ("talentmatch.models", "skills.py"),
)
"""Package files whose content decides what a cached taxonomy holds (keyed with the data)."""
_log = logging.getLogger(__name__)
_LOAD_LOCK = threading.Lock()
"""Makes concurrent first calls share one load (and ``builtin() is builtin()`` hold)."""


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


def load_builtin() -> Taxonomy:
    """Return the built-in taxonomy: the same object on every call in a process.

    The first call restores it from the compiled cache when a valid entry exists, and
    otherwise reads the files (then stores the entry for the next process). Thread-safe:
    concurrent first calls wait for one load.

    Raises:
        TaxonomyError: a built-in file is malformed (a packaging bug; please report it).
    """
    with _LOAD_LOCK:
        return _load_once()


@functools.cache
def _load_once() -> Taxonomy:
    return load_builtin_from(cache.cache_dir())


def load_builtin_from(folder: Path | None) -> Taxonomy:
    """Load the built-in taxonomy through the compiled cache in ``folder`` (None: no cache).

    What ``load_builtin`` does on its first call, without the per-process memo: restore a
    valid entry, or parse the files and store the entry. Never fails because of the cache.

    Args:
        folder: cache folder (``cache.cache_dir()`` by default), or None to parse the files.

    Returns:
        A new taxonomy object, equal whichever way it was obtained.

    Raises:
        TaxonomyError: a built-in file is malformed.

    Example:
        >>> load_builtin_from(None).content_hash == load_builtin().content_hash
        True
    """
    files = [(entry.name, entry.read_bytes()) for entry in builtin_files()]
    key = None if folder is None else _cache_key(files)
    if folder is None or key is None:
        return parse_builtin(files)
    path = folder / builtin_cache_name()
    state = cache.read_entry(path, key)
    if state is not None:
        try:
            return restore_taxonomy(state)
        except Exception:  # a damaged or foreign entry: rebuild and replace it
            _log.debug("cached built-in taxonomy is malformed; rebuilding")
    taxonomy = parse_builtin(files)
    cache.write_entry(path, key, lambda: taxonomy_state(taxonomy))
    return taxonomy


def builtin_cache_name() -> str:
    """File name of the built-in taxonomy's cache entry (per library and Python version).

    Example:
        >>> builtin_cache_name().startswith("builtin-")
        True
    """
    return f"builtin-{__version__}-{sys.implementation.cache_tag}.bin"


def parse_builtin(files: list[tuple[str, bytes]]) -> Taxonomy:
    """Build the built-in taxonomy from ``(file name, UTF-8 bytes)`` pairs, no cache involved.

    Args:
        files: the built-in files in load order.

    Returns:
        The taxonomy.

    Raises:
        TaxonomyError: a file is malformed.

    Example:
        >>> files = [(f.name, f.read_bytes()) for f in builtin_files()]
        >>> parse_builtin(files).content_hash == load_builtin().content_hash
        True
    """
    concepts: list[Concept] = []
    for name, data in files:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise TaxonomyError(f"{name}: not UTF-8 ({exc.reason}).") from exc
        concepts.extend(read_builtin_file(name, text))
    return Taxonomy(concepts, name=BUILTIN_NAME, version=BUILTIN_VERSION)


def _cache_key(files: list[tuple[str, bytes]]) -> bytes | None:
    """Key of the cached taxonomy, or None when the package's sources cannot be read."""
    try:
        sources = [
            resources.files(package).joinpath(name).read_bytes()
            for package, name in _COMPILER_SOURCES
        ]
    except OSError:
        return None
    parts = [_CACHE_FORMAT, __version__.encode(), BUILTIN_NAME.encode(), BUILTIN_VERSION.encode()]
    for name, data in files:
        parts += [name.encode(), data]
    return cache.cache_key([*parts, *sources])
