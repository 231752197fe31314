"""Load ESCO skills from its CSV download (``skills_en.csv`` or the skill collections).

Reads ``conceptUri``, ``preferredLabel``, ``altLabels`` (newline- or ``|``-separated),
``skillType``, ``reuseLevel`` and, when present, ``broaderConceptUri``/``broaderConceptPT``.
When the folder holds the relation files, hierarchy comes from
``broaderRelationsSkillPillar_en.csv`` (broader links; the skill groups they reach, from
``skillGroups_en.csv``, are kept as non-matching ``skill_group`` concepts) and
``skillSkillRelations_en.csv`` (related links).

Mapping: id ``esco:<path after /esco/>`` (e.g. ``esco:skill/<uuid>``), ``source_id`` the URI;
type ``knowledge`` -> knowledge, ``skill/competence`` -> hard_skill, except under the
"languages" branch (language) and the transversal branch or reuse level (soft_skill);
category = label of the first broader concept. A label qualified in parentheses ("Python
(computer programming)") also matches without the qualifier. The default overrides
(``data/esco_overrides.tsv``) drop a few misleading synonyms, such as "Mocha" for JavaScript;
pass ``overrides=None`` for the raw data or a path for your own.

Example:
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "skills_en.csv").write_text(
    ...     "conceptUri,preferredLabel,altLabels,skillType,reuseLevel\\n"
    ...     "http://data.europa.eu/esco/skill/1,Python (computer programming),Python 3K,"
    ...     "knowledge,sector-specific\\n")
    >>> t = load_esco(folder)
    >>> t.concept("esco:skill/1").aliases
    ('Python 3K', 'Python')
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from importlib import resources
from os import PathLike, fspath
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from talentmatch.errors import TaxonomyError
from talentmatch.models.skills import ConceptType
from talentmatch.taxonomy.concept import Concept
from talentmatch.taxonomy.model import Taxonomy
from talentmatch.taxonomy.overrides import Overrides, apply_overrides, load_overrides

__all__ = ["load_esco"]

_PREFIX = "http://data.europa.eu/esco/"
_QUALIFIED = re.compile(r"^(?P<name>.+?)\s*\((?P<qualifier>[^()]+)\)$")
_VERSION = re.compile(r"esco[-_ ]?v?(\d+(?:\.\d+)+)", re.IGNORECASE)
_LANGUAGE_ROOTS = frozenset({"languages", "language skills and knowledge"})
_TRANSVERSAL_ROOTS = frozenset({"transversal skills and competences"})


def _esco_id(uri: str) -> str:
    return "esco:" + (uri[len(_PREFIX) :] if uri.startswith(_PREFIX) else uri.rsplit("/", 1)[-1])


def _split(value: str | None) -> list[str]:
    if not value:
        return []
    return [part.strip() for part in re.split(r"[\n|]", value) if part.strip()]


def _rows(file: Path) -> Iterator[dict[str, str]]:
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            yield from csv.DictReader(handle)
    except OSError as exc:
        raise TaxonomyError(f"Cannot read {file} ({type(exc).__name__}).") from None
    except (UnicodeDecodeError, csv.Error):
        raise TaxonomyError(f"{file.name} is not a UTF-8 ESCO CSV file.") from None


def _skill_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise TaxonomyError(f"No ESCO file or folder at {path}; check the path.")
    full = path / "skills_en.csv"
    if full.exists():
        return [full]
    collections = sorted(path.glob("*SkillsCollection_en.csv"))
    if not collections:
        raise TaxonomyError(
            f"{path} holds neither skills_en.csv nor *SkillsCollection_en.csv files; download "
            "the ESCO CSV package and point at its folder."
        )
    return collections


class _Skill:
    """Mutable accumulator for one ESCO concept while the files are read."""

    __slots__ = ("alt", "broader", "category", "group", "label", "related", "type", "uri")

    def __init__(self, uri: str, label: str, concept_type: ConceptType, group: bool) -> None:
        self.uri = uri
        self.label = label
        self.type = concept_type
        self.group = group
        self.alt: list[str] = []
        self.broader: list[str] = []
        self.related: list[str] = []
        self.category = ""


def _type_of(row: dict[str, str]) -> ConceptType:
    if (row.get("reuseLevel") or "").strip() == "transversal" and row.get(
        "skillType", ""
    ).strip() != "knowledge":
        return ConceptType.SOFT_SKILL
    if (row.get("skillType") or "").strip() == "knowledge":
        return ConceptType.KNOWLEDGE
    return ConceptType.HARD_SKILL


def load_esco(
    path: str | PathLike[str],
    *,
    overrides: Overrides | str | PathLike[str] | None = "default",
    version: str | None = None,
) -> Taxonomy:
    """Load ESCO skills; see the module docstring for the mapping.

    Args:
        path: ``skills_en.csv`` (or a collection CSV), or the folder holding the ESCO CSVs.
        overrides: ``"default"`` for the shipped clean-up, None for raw data, or your own
            overrides (path or ``Overrides``).
        version: ESCO version; default: read from the path ("esco-1.2.0") or "unknown".

    Returns:
        A taxonomy named "esco".

    Raises:
        TaxonomyError: missing or malformed files.
    """
    root = Path(fspath(path))
    files = _skill_files(root)
    folder = root if root.is_dir() else root.parent
    skills: dict[str, _Skill] = {}
    for file in files:
        for row in _rows(file):
            uri = (row.get("conceptUri") or "").strip()
            label = (row.get("preferredLabel") or "").strip()
            if not uri or not label:
                continue
            skill = skills.get(uri)
            if skill is None:
                skill = skills[uri] = _Skill(uri, label, _type_of(row), group=False)
                skill.alt = _split(row.get("altLabels"))
                pts = _split(row.get("broaderConceptPT"))
                skill.category = pts[0] if pts else ""
            skill.broader.extend(u for u in _split(row.get("broaderConceptUri")) if u)
    if not skills:
        raise TaxonomyError(f"No ESCO skills found in {', '.join(f.name for f in files)}.")
    _read_relations(folder, skills)
    concepts = list(_concepts(skills))
    taxonomy = Taxonomy(
        concepts,
        name="esco",
        version=version or _version_from(root),
        drop_dangling_links=True,
    )
    if overrides is None:
        return taxonomy
    if isinstance(overrides, str) and overrides == "default":
        return _apply_default_overrides(taxonomy)
    return apply_overrides(taxonomy, overrides)


def _version_from(path: Path) -> str:
    match = _VERSION.search(str(path))
    return match.group(1) if match else "unknown"


def _read_relations(folder: Path, skills: dict[str, _Skill]) -> None:
    broader_file = folder / "broaderRelationsSkillPillar_en.csv"
    parents: dict[str, list[str]] = {}
    if broader_file.exists():
        for row in _rows(broader_file):
            child, parent = row.get("conceptUri", ""), row.get("broaderUri", "")
            if child and parent:
                parents.setdefault(child, []).append(parent)
    groups_file = folder / "skillGroups_en.csv"
    group_labels: dict[str, str] = {}
    if groups_file.exists():
        for row in _rows(groups_file):
            uri, label = row.get("conceptUri", ""), (row.get("preferredLabel") or "").strip()
            if uri and label:
                group_labels[uri] = label
    for uri, skill in list(skills.items()):
        skill.broader.extend(parents.get(uri, ()))
    # Keep the groups reachable from the loaded skills: hierarchy without matching noise.
    frontier = [p for s in skills.values() for p in s.broader]
    while frontier:
        uri = frontier.pop()
        if uri in skills or uri not in group_labels:
            continue
        group = skills[uri] = _Skill(uri, group_labels[uri], ConceptType.KNOWLEDGE, group=True)
        group.broader = list(parents.get(uri, ()))
        frontier.extend(group.broader)
    related_file = folder / "skillSkillRelations_en.csv"
    if related_file.exists():
        for row in _rows(related_file):
            source = skills.get(row.get("originalSkillUri", ""))
            target = row.get("relatedSkillUri", "")
            if source is not None and target in skills:
                source.related.append(target)
    for skill in skills.values():
        skill.broader = [u for u in dict.fromkeys(skill.broader) if u in skills and u != skill.uri]
    for skill in skills.values():
        if not skill.category and skill.broader:
            skill.category = skills[skill.broader[0]].label
        ancestors = _ancestor_labels(skill, skills)
        if not skill.group and ancestors & _LANGUAGE_ROOTS:
            skill.type = ConceptType.LANGUAGE
        elif not skill.group and ancestors & _TRANSVERSAL_ROOTS:
            skill.type = ConceptType.SOFT_SKILL


def _ancestor_labels(skill: _Skill, skills: dict[str, _Skill]) -> set[str]:
    labels: set[str] = set()
    seen: set[str] = set()
    frontier = list(skill.broader)
    while frontier and len(seen) < 50:
        uri = frontier.pop()
        if uri in seen:
            continue
        seen.add(uri)
        parent = skills[uri]
        labels.add(parent.label.casefold())
        frontier.extend(parent.broader)
    return labels


def _concepts(skills: dict[str, _Skill]) -> Iterator[Concept]:
    for skill in skills.values():
        aliases = [a for a in skill.alt if a.casefold() != skill.label.casefold()]
        qualified = _QUALIFIED.match(skill.label)
        if qualified and not skill.group:
            aliases.append(qualified.group("name"))
        try:
            yield Concept(
                id=_esco_id(skill.uri),
                label=skill.label,
                type=skill.type,
                category=skill.category or "esco",
                aliases=tuple(aliases),
                broader=tuple(_esco_id(u) for u in skill.broader),
                related=tuple(_esco_id(u) for u in dict.fromkeys(skill.related) if u != skill.uri),
                source="esco",
                source_id=skill.uri,
                flags=("skill_group",) if skill.group else (),
            )
        except ValidationError as exc:
            raise TaxonomyError(
                f"ESCO concept {skill.uri} is invalid: {exc.errors()[0]['msg']}."
            ) from None


def _apply_default_overrides(taxonomy: Taxonomy) -> Taxonomy:
    shipped = resources.files("talentmatch.taxonomy").joinpath("data/esco_overrides.tsv")
    with resources.as_file(shipped) as file:
        items = load_overrides(file).items
    known = {c.id for c in taxonomy.concepts}
    applicable: Any = tuple(i for i in items if i.concept_id == "*" or i.concept_id in known)
    return apply_overrides(taxonomy, Overrides(items=applicable))
