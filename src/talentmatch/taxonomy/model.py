"""``Taxonomy``: an immutable, versioned set of concepts with links and a compiled matcher.

A taxonomy has a ``name``, a ``version`` and a ``content_hash`` over its concepts; ``ref``
("name@version#hash12") is what results record. Concepts keep their given order, which is
also their priority when two claim the same surface form. ``related`` links are made
symmetric on construction.

Example:
    >>> from talentmatch.taxonomy.concept import Concept
    >>> t = Taxonomy([Concept(id="x:pg", label="PostgreSQL", type="tool", category="data",
    ...                       aliases=("Postgres",), related=("x:my",)),
    ...               Concept(id="x:my", label="MySQL", type="tool", category="data")],
    ...              name="demo", version="1")
    >>> t.related_ids("x:my"), [c.id for c in t.lookup("postgres")]
    (('x:pg',), ['x:pg'])
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from os import PathLike
from typing import Any

from talentmatch.errors import TaxonomyError
from talentmatch.taxonomy.concept import Concept
from talentmatch.taxonomy.matcher import AliasMatcher
from talentmatch.taxonomy.tokens import surface_keys

__all__ = ["Taxonomy"]

StrPath = str | PathLike[str]


class Taxonomy:
    """An immutable set of skill concepts; see the module docstring.

    Build one with a loader (``builtin``, ``from_esco``, ``from_onet``, ``from_csv``,
    ``from_json``), combine with ``merge`` and adjust with ``with_overrides``. Instances are
    safe to share between threads; the compiled ``matcher`` is built on first use and kept.

    Args:
        concepts: the concepts, in priority order; ids must be unique.
        name: short name recorded with results.
        version: version of the content (e.g. "1.2.0" for ESCO).
        drop_dangling_links: drop broader/related ids that are not in ``concepts`` instead of
            raising.

    Raises:
        TaxonomyError: duplicate ids, links to unknown ids, or a cycle of broader links.
    """

    def __init__(
        self,
        concepts: Iterable[Concept],
        *,
        name: str,
        version: str,
        drop_dangling_links: bool = False,
    ) -> None:
        if not name or not version:
            raise TaxonomyError("A taxonomy needs a non-empty name and version.")
        items = list(concepts)
        index: dict[str, int] = {}
        for position, concept in enumerate(items):
            if not isinstance(concept, Concept):
                raise TaxonomyError(
                    f"Taxonomy items must be Concept instances, got {type(concept).__name__}."
                )
            if concept.id in index:
                raise TaxonomyError(
                    f"Concept id {concept.id!r} appears twice in taxonomy {name!r}; ids must be "
                    "unique."
                )
            index[concept.id] = position
        self._name = name
        self._version = version
        self._index = index
        self._concepts = tuple(_resolve_links(items, index, drop_dangling_links, name))
        _check_acyclic(self._concepts, index, name)

    @classmethod
    def _restored(
        cls,
        concepts: tuple[Concept, ...],
        *,
        name: str,
        version: str,
        content_hash: str,
        matcher: AliasMatcher,
    ) -> Taxonomy:
        """A taxonomy from parts an earlier construction checked (``taxonomy.snapshot``).

        Links are taken as resolved and acyclic, the hash and matcher as computed for these
        concepts; only id uniqueness is checked again, since positions index the matcher.

        Raises:
            ValueError: two concepts share an id, or ``name`` / ``version`` is empty.
        """
        index = {concept.id: position for position, concept in enumerate(concepts)}
        if len(index) != len(concepts) or not name or not version:
            raise ValueError("restored taxonomy has duplicate ids or no name")
        taxonomy = cls.__new__(cls)
        taxonomy._name = name
        taxonomy._version = version
        taxonomy._index = index
        taxonomy._concepts = concepts
        # Fill the cached properties directly: what functools.cached_property would store.
        taxonomy.__dict__["content_hash"] = content_hash
        taxonomy.__dict__["matcher"] = matcher
        return taxonomy

    # -- identity ---------------------------------------------------------------------------

    @property
    def name(self) -> str:
        """Short name, e.g. 'talentmatch-builtin', 'esco'."""
        return self._name

    @property
    def version(self) -> str:
        """Content version as given by the source."""
        return self._version

    @cached_property
    def content_hash(self) -> str:
        """SHA-256 (hex) of the concepts in canonical form: changes whenever content does.

        Example:
            >>> len(Taxonomy.builtin().content_hash)
            64
        """
        digest = hashlib.sha256()
        for concept in sorted(self._concepts, key=lambda c: c.id):
            fields = (
                concept.id,
                concept.label,
                concept.type.value,
                concept.category,
                "|".join(concept.aliases),
                "|".join(concept.ambiguous),
                "|".join(sorted(concept.broader)),
                "|".join(sorted(concept.related)),
                concept.source,
                concept.source_id or "",
                "|".join(sorted(concept.flags)),
            )
            digest.update("\t".join(fields).encode("utf-8"))
            digest.update(b"\n")
        return digest.hexdigest()

    @property
    def ref(self) -> str:
        """'name@version#hash12', the reference results and audit records carry.

        Example:
            >>> Taxonomy.builtin().ref.startswith("talentmatch-builtin@")
            True
        """
        return f"{self._name}@{self._version}#{self.content_hash[:12]}"

    def __repr__(self) -> str:
        return f"Taxonomy(name={self._name!r}, version={self._version!r}, concepts={len(self)})"

    # -- access -----------------------------------------------------------------------------

    @property
    def concepts(self) -> tuple[Concept, ...]:
        """Every concept, in priority order."""
        return self._concepts

    def __len__(self) -> int:
        return len(self._concepts)

    def __iter__(self) -> Iterator[Concept]:
        return iter(self._concepts)

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self._index

    def get(self, concept_id: str) -> Concept | None:
        """The concept with this id, or None.

        Example:
            >>> Taxonomy.builtin().get("tm:python").label
            'Python'
        """
        position = self._index.get(concept_id)
        return None if position is None else self._concepts[position]

    def concept(self, concept_id: str) -> Concept:
        """The concept with this id.

        Raises:
            TaxonomyError: no concept has this id.

        Example:
            >>> Taxonomy.builtin().concept("tm:kubernetes").label
            'Kubernetes'
        """
        found = self.get(concept_id)
        if found is None:
            raise TaxonomyError(
                f"No concept {concept_id!r} in taxonomy {self.ref}; check the id or the "
                "taxonomy you loaded."
            )
        return found

    def index_of(self, concept_id: str) -> int:
        """Position of a concept in ``concepts`` (its matcher index).

        Raises:
            TaxonomyError: no concept has this id.
        """
        position = self._index.get(concept_id)
        if position is None:
            raise TaxonomyError(f"No concept {concept_id!r} in taxonomy {self.ref}.")
        return position

    def broader_ids(self, concept_id: str, *, transitive: bool = False) -> tuple[str, ...]:
        """Ids of broader concepts; with ``transitive`` every ancestor, nearest first.

        Example:
            >>> "tm:javascript" in Taxonomy.builtin().broader_ids("tm:react")
            True
        """
        start = self.concept(concept_id)
        if not transitive:
            return start.broader
        seen: dict[str, None] = {}
        frontier = list(start.broader)
        while frontier:
            current = frontier.pop(0)
            if current in seen:
                continue
            seen[current] = None
            frontier.extend(self.concept(current).broader)
        return tuple(seen)

    def narrower_ids(self, concept_id: str) -> tuple[str, ...]:
        """Ids of concepts that list ``concept_id`` as broader.

        Example:
            >>> "tm:react" in Taxonomy.builtin().narrower_ids("tm:javascript")
            True
        """
        self.concept(concept_id)
        return self._narrower.get(concept_id, ())

    def related_ids(self, concept_id: str) -> tuple[str, ...]:
        """Ids of related (sibling) concepts; symmetric.

        Example:
            >>> "tm:mysql" in Taxonomy.builtin().related_ids("tm:postgresql")
            True
        """
        return self.concept(concept_id).related

    @cached_property
    def _narrower(self) -> Mapping[str, tuple[str, ...]]:
        children: dict[str, list[str]] = {}
        for concept in self._concepts:
            for parent in concept.broader:
                children.setdefault(parent, []).append(concept.id)
        return {parent: tuple(ids) for parent, ids in children.items()}

    # -- matching ---------------------------------------------------------------------------

    @cached_property
    def matcher(self) -> AliasMatcher:
        """The compiled alias matcher, built on first use and kept with the taxonomy."""
        return AliasMatcher.compile(self._concepts)

    def lookup(self, surface: str) -> list[Concept]:
        """Concepts whose label, alias or generated variant is exactly ``surface``.

        Matching ignores case, unicode form and plural endings; context rules do not apply.

        Raises:
            TaxonomyError: ``surface`` is not a string.

        Example:
            >>> [c.id for c in Taxonomy.builtin().lookup("k8s")]
            ['tm:kubernetes']
        """
        if not isinstance(surface, str):
            raise TaxonomyError("lookup() takes the surface text as a str.")
        entries = self.matcher.lookup(surface_keys(surface))
        return [self._concepts[entry.concept] for entry in entries]

    def coverage(self) -> dict[str, dict[str, int]]:
        """Per category: number of concepts and of surface forms (labels and aliases).

        Example:
            >>> Taxonomy.builtin().coverage()["software"]["concepts"] > 100
            True
        """
        table: dict[str, dict[str, int]] = {}
        for concept in self._concepts:
            row = table.setdefault(concept.category, {"concepts": 0, "surfaces": 0})
            row["concepts"] += 1
            row["surfaces"] += len(concept.surfaces())
        return dict(sorted(table.items()))

    # -- combination --------------------------------------------------------------------------

    def merge(
        self, *others: Taxonomy, name: str | None = None, version: str | None = None
    ) -> Taxonomy:
        """Combine taxonomies; this one first, so it wins surface-form ties.

        Ids must not collide (each source uses its own namespace: 'tm:', 'esco:', 'onet:').

        Raises:
            TaxonomyError: an id appears in two taxonomies, or ``others`` holds a non-Taxonomy.

        Example:
            >>> from talentmatch.taxonomy.concept import Concept
            >>> extra = Taxonomy([Concept(id="acme:widgets", label="Widget Studio",
            ...                           type="tool", category="software")],
            ...                  name="acme", version="1")
            >>> merged = Taxonomy.builtin().merge(extra)
            >>> len(merged) == len(Taxonomy.builtin()) + 1, merged.name
            (True, 'talentmatch-builtin+acme')
        """
        parts = [self, *others]
        for part in parts:
            if not isinstance(part, Taxonomy):
                raise TaxonomyError(f"merge() takes Taxonomy objects, got {type(part).__name__}.")
        concepts = [concept for part in parts for concept in part.concepts]
        return Taxonomy(
            concepts,
            name=name or "+".join(part.name for part in parts),
            version=version or "+".join(part.version for part in parts),
        )

    def with_overrides(self, overrides: Any) -> Taxonomy:
        """Apply an overrides file or ``Overrides`` object; see ``talentmatch.taxonomy.overrides``.

        Raises:
            TaxonomyError: the overrides are malformed or name unknown concepts.

        Example:
            >>> from talentmatch.taxonomy.overrides import Override, Overrides
            >>> fix = Overrides(items=(Override(action="drop_alias", concept_id="tm:kubernetes",
            ...                                 value="kube"),))
            >>> "kube" in Taxonomy.builtin().with_overrides(fix).concept("tm:kubernetes").aliases
            False
        """
        from talentmatch.taxonomy.overrides import apply_overrides

        return apply_overrides(self, overrides)

    # -- loaders --------------------------------------------------------------------------------

    @classmethod
    def builtin(cls) -> Taxonomy:
        """The taxonomy shipped with talentmatch (cached: the same object on every call).

        The first call in a process restores it from the per-user compiled cache when the
        built-in files are unchanged (tens of milliseconds), else parses them and refreshes
        the cache; ``TALENTMATCH_CACHE_DIR`` moves the cache, ``TALENTMATCH_NO_CACHE=1``
        turns it off (``talentmatch.taxonomy.cache``).

        Example:
            >>> Taxonomy.builtin() is Taxonomy.builtin(), len(Taxonomy.builtin()) > 1000
            (True, True)
        """
        from talentmatch.taxonomy.builtin import load_builtin

        return load_builtin()

    @classmethod
    def from_esco(
        cls, path: StrPath, *, overrides: Any = "default", version: str | None = None
    ) -> Taxonomy:
        """Load ESCO skills from its CSV download (mapping in ``talentmatch.taxonomy.esco``).

        Args:
            path: ``skills_en.csv`` or a collection CSV, or the folder of the download (the
                relation files there add broader and related links).
            overrides: ``"default"`` (drop known-noisy synonyms), None (raw), or an
                ``Overrides`` / overrides file path.
            version: ESCO version; default: read from the path ("esco-1.2.0") or "unknown".

        Returns:
            A taxonomy named "esco" with ids ``esco:skill/<uuid>``.

        Raises:
            TaxonomyError: missing or malformed files.

        Example:
            >>> import pathlib, tempfile
            >>> folder = pathlib.Path(tempfile.mkdtemp())
            >>> _ = (folder / "skills_en.csv").write_text(
            ...     "conceptUri,preferredLabel,altLabels,skillType,reuseLevel\\n"
            ...     "http://data.europa.eu/esco/skill/1,Haskell,,knowledge,sector-specific\\n")
            >>> Taxonomy.from_esco(folder).concept("esco:skill/1").type.value
            'knowledge'
        """
        from talentmatch.taxonomy.esco import load_esco

        return load_esco(path, overrides=overrides, version=version)

    @classmethod
    def from_onet(cls, path: StrPath, *, version: str | None = None) -> Taxonomy:
        """Load O*NET Technology Skills (mapping in ``talentmatch.taxonomy.onet``).

        Args:
            path: ``technology_skills.txt`` (tab-separated, with its header) or its folder.
            version: O*NET release; default: read from the path ("onet-29.2") or "unknown".

        Returns:
            A taxonomy named "onet": one ``tool`` concept per distinct example.

        Raises:
            TaxonomyError: missing file or columns.

        Example:
            >>> import pathlib, tempfile
            >>> f = pathlib.Path(tempfile.mkdtemp()) / "technology_skills.txt"
            >>> head = "O*NET-SOC Code\\tExample\\tCommodity Code\\tCommodity Title\\t"
            >>> head += "Hot Technology\\tIn Demand\\n"
            >>> _ = f.write_text(head + "15-1252.00\\tMicrosoft Excel\\t1\\tSpreadsheet\\tY\\tN\\n")
            >>> Taxonomy.from_onet(f).concept("onet:microsoft_excel").aliases
            ('Excel',)
        """
        from talentmatch.taxonomy.onet import load_onet

        return load_onet(path, version=version)

    @classmethod
    def from_csv(cls, path: StrPath, *, name: str | None = None, version: str = "1") -> Taxonomy:
        """Load a custom CSV (comma) or TSV (``.tsv``) taxonomy; columns in ``taxonomy.tabular``.

        Args:
            path: the file; only a ``label`` column is required.
            name: taxonomy name (default: the file stem).
            version: content version (default "1").

        Returns:
            The taxonomy; ids default to ``<file stem>:<slug of label>``.

        Raises:
            TaxonomyError: unreadable file, no ``label`` column, or an invalid row.

        Example:
            >>> import pathlib, tempfile
            >>> f = pathlib.Path(tempfile.mkdtemp()) / "acme.csv"
            >>> _ = f.write_text("label,aliases,type\\nWidget Studio,WS,tool\\n")
            >>> Taxonomy.from_csv(f).lookup("ws")[0].id
            'acme:widget_studio'
        """
        from talentmatch.taxonomy.tabular import load_csv

        return load_csv(path, name=name, version=version)

    @classmethod
    def from_json(cls, path: StrPath) -> Taxonomy:
        """Load a taxonomy from JSON: a list of concept objects, or what ``to_json`` wrote.

        Args:
            path: the JSON file.

        Returns:
            The taxonomy (name and version from the file when present).

        Raises:
            TaxonomyError: unreadable or malformed file, or an invalid concept.

        Example:
            >>> import pathlib, tempfile
            >>> f = pathlib.Path(tempfile.mkdtemp()) / "t.json"
            >>> _ = f.write_text('[{"id": "acme:ws", "label": "Widget Studio"}]')
            >>> Taxonomy.from_json(f).concept("acme:ws").label
            'Widget Studio'
        """
        from talentmatch.taxonomy.tabular import load_json

        return load_json(path)

    def to_json(self, path: StrPath) -> None:
        """Write the taxonomy as JSON that ``from_json`` reads back with the same content hash.

        Args:
            path: the file to write.

        Raises:
            TaxonomyError: the file cannot be written.

        Example:
            >>> import pathlib, tempfile
            >>> f = pathlib.Path(tempfile.mkdtemp()) / "builtin.json"
            >>> Taxonomy.builtin().to_json(f)
            >>> Taxonomy.from_json(f).content_hash == Taxonomy.builtin().content_hash
            True
        """
        from talentmatch.taxonomy.tabular import write_json

        write_json(self, path)


def _resolve_links(
    items: list[Concept], index: dict[str, int], drop: bool, name: str
) -> Iterator[Concept]:
    """Check or drop dangling links and make ``related`` symmetric."""
    back: dict[str, list[str]] = {}
    for concept in items:
        for other in concept.related:
            if other in index:
                back.setdefault(other, []).append(concept.id)
    for concept in items:
        broader = concept.broader
        related = concept.related
        missing = [i for i in (*broader, *related) if i not in index]
        if missing and not drop:
            raise TaxonomyError(
                f"Concept {concept.id!r} in taxonomy {name!r} links to unknown id(s) "
                f"{', '.join(sorted(missing)[:5])}; add them or remove the links."
            )
        if missing:
            broader = tuple(i for i in broader if i in index)
            related = tuple(i for i in related if i in index)
        extra = [i for i in back.get(concept.id, ()) if i not in related]
        if extra:
            related = (*related, *dict.fromkeys(extra))
        if broader is not concept.broader or related is not concept.related:
            concept = concept.model_copy(update={"broader": broader, "related": related})
        yield concept


def _check_acyclic(concepts: tuple[Concept, ...], index: dict[str, int], name: str) -> None:
    """Raise when broader links form a cycle (iterative three-colour DFS)."""
    state = [0] * len(concepts)  # 0 unseen, 1 on the current path, 2 done
    for root in range(len(concepts)):
        if state[root]:
            continue
        stack: list[tuple[int, Iterator[str]]] = [(root, iter(concepts[root].broader))]
        state[root] = 1
        while stack:
            node, parents = stack[-1]
            parent_id = next(parents, None)
            if parent_id is None:
                state[node] = 2
                stack.pop()
                continue
            parent = index[parent_id]
            if state[parent] == 1:
                raise TaxonomyError(
                    f"Broader links in taxonomy {name!r} form a cycle through "
                    f"{concepts[parent].id!r}; remove one of the links."
                )
            if state[parent] == 0:
                state[parent] = 1
                stack.append((parent, iter(concepts[parent].broader)))
