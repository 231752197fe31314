"""The whole built-in taxonomy (every data/builtin/*.tsv) against the shared format contract.

Checks: exact header and column count, id shape and uniqueness across files, valid types,
categories and flags, every referenced id exists, no surface form claimed by two concepts
unless both mark it "~", no broader cycles, aliases clean, and the coverage the issue asks
for (at least 3,000 concepts; the aliases people really write).
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from talentmatch.taxonomy import Taxonomy
from talentmatch.taxonomy.builtin import builtin_files, read_builtin_file
from talentmatch.taxonomy.concept import BUILTIN_CATEGORIES, FLAGS
from talentmatch.taxonomy.tabular import COLUMNS
from talentmatch.taxonomy.tokens import surface_keys

HEADER = "\t".join(COLUMNS)
TYPES = {"hard_skill", "soft_skill", "knowledge", "tool", "language", "certification"}
TECH_FILES = {"software.tsv", "data.tsv", "cloud_devops.tsv", "design.tsv"}


def _rows() -> list[tuple[str, int, list[str]]]:
    rows = []
    for entry in builtin_files():
        seen_header = False
        for number, line in enumerate(entry.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            if not seen_header:
                assert line == HEADER, f"{entry.name}:{number} header is {line!r}"
                seen_header = True
                continue
            rows.append((entry.name, number, line.split("\t")))
        assert seen_header, f"{entry.name} has no header"
    return rows


ROWS = _rows()


def _split(value: str) -> list[str]:
    return [v for v in value.split("|") if v] if value else []


def test_every_row_has_eight_clean_fields() -> None:
    bad = [(f, n) for f, n, fields in ROWS if len(fields) != 8]
    assert not bad
    for file, number, fields in ROWS:
        for value in fields:
            assert value == value.strip(), f"{file}:{number} has padded field {value!r}"
            assert "||" not in value
            assert not value.startswith("|")
            assert not value.endswith("|")


def test_ids_are_well_formed_and_unique_across_files() -> None:
    where: dict[str, str] = {}
    for file, number, fields in ROWS:
        concept_id = fields[0]
        assert re.fullmatch(r"tm:[a-z0-9_]+", concept_id), f"{file}:{number} {concept_id}"
        assert concept_id not in where, f"{concept_id} in {where.get(concept_id)} and {file}"
        where[concept_id] = file


def test_types_categories_and_flags_are_known() -> None:
    for file, number, fields in ROWS:
        assert fields[2] in TYPES, f"{file}:{number} type {fields[2]}"
        assert fields[3] in BUILTIN_CATEGORIES, f"{file}:{number} category {fields[3]}"
        assert set(_split(fields[7])) <= set(FLAGS), f"{file}:{number} flags {fields[7]}"


def test_every_referenced_id_exists() -> None:
    ids = {fields[0] for _, _, fields in ROWS}
    missing = [
        (file, number, ref)
        for file, number, fields in ROWS
        for ref in (*_split(fields[5]), *_split(fields[6]))
        if ref not in ids or ref == fields[0]
    ]
    assert not missing


def test_no_surface_form_is_shared_unless_every_owner_marks_it_ambiguous() -> None:
    owners: dict[tuple[str, ...], set[tuple[str, bool]]] = defaultdict(set)
    for _, _, fields in ROWS:
        concept_id, label = fields[0], fields[1]
        aliases = _split(fields[4])
        marked = {a[1:].casefold() for a in aliases if a.startswith("~")}
        for surface in (label, *(a.lstrip("~") for a in aliases)):
            owners[surface_keys(surface)].add((concept_id, surface.casefold() in marked))
    clashes = {
        " ".join(keys): sorted(found)
        for keys, found in owners.items()
        if len({cid for cid, _ in found}) > 1 and not all(flag for _, flag in found)
    }
    assert not clashes


def test_aliases_do_not_repeat_the_label_unless_marking_it_ambiguous() -> None:
    for file, number, fields in ROWS:
        plain = [a for a in _split(fields[4]) if not a.startswith("~")]
        assert fields[1].casefold() not in {a.casefold() for a in plain}, f"{file}:{number}"


def test_broader_links_have_no_cycles() -> None:
    parents = {fields[0]: _split(fields[5]) for _, _, fields in ROWS}
    state: dict[str, int] = {}

    def visit(node: str, path: tuple[str, ...]) -> None:
        if state.get(node) == 2:
            return
        assert state.get(node) != 1, f"broader cycle: {' -> '.join((*path, node))}"
        state[node] = 1
        for parent in parents.get(node, []):
            visit(parent, (*path, node))
        state[node] = 2

    for node in parents:
        visit(node, ())


def test_loader_agrees_with_the_rows_and_meets_the_size_targets() -> None:
    taxonomy = Taxonomy.builtin()
    assert len(taxonomy) == len(ROWS)
    assert len(taxonomy) >= 3000
    tech = sum(1 for file, _, _ in ROWS if file in TECH_FILES)
    assert tech >= 1200
    per_file = [read_builtin_file(f.name, f.read_text(encoding="utf-8")) for f in builtin_files()]
    assert sum(len(c) for c in per_file) == len(taxonomy)


@pytest.mark.parametrize(
    ("surface", "concept_id"),
    [
        ("JS", "tm:javascript"),
        ("ECMAScript", "tm:javascript"),
        ("k8s", "tm:kubernetes"),
        ("Postgres", "tm:postgresql"),
        ("GCP", "tm:gcp"),
        (".NET", "tm:dotnet"),
        ("C#", "tm:csharp"),
        ("C++", "tm:cpp"),
        ("CI/CD", "tm:cicd"),
        ("A/B testing", "tm:ab_testing"),
        ("MS Excel", "tm:microsoft_excel"),
        ("Golang", "tm:go"),
        ("Node.js", "tm:nodejs"),
        ("NodeJS", "tm:nodejs"),
        ("Spring Boot", "tm:spring_boot"),
    ],
)
def test_people_write_these_and_the_taxonomy_knows_them(surface: str, concept_id: str) -> None:
    assert concept_id in [c.id for c in Taxonomy.builtin().lookup(surface)]


def test_ambiguous_short_names_are_marked_as_needing_context() -> None:
    taxonomy = Taxonomy.builtin()
    for concept_id, surface in [
        ("tm:go", "Go"),
        ("tm:nodejs", "Node"),
        ("tm:spring", "Spring"),
        ("tm:chef", "Chef"),
        ("tm:puppet", "Puppet"),
        ("tm:microsoft_word", "Word"),
        ("tm:ms_access", "Access"),
        ("tm:sas", "SAS"),
    ]:
        assert surface in taxonomy.concept(concept_id).ambiguous


def test_hierarchy_and_partial_credit_links() -> None:
    taxonomy = Taxonomy.builtin()
    assert taxonomy.broader_ids("tm:react", transitive=True)[:2] == (
        "tm:javascript",
        "tm:frontend_development",
    ) or "tm:javascript" in taxonomy.broader_ids("tm:react")
    assert "tm:programming" in taxonomy.broader_ids("tm:react", transitive=True)
    assert "tm:mysql" in taxonomy.related_ids("tm:postgresql")
    assert "tm:postgresql" in taxonomy.related_ids("tm:mysql")


def test_every_certification_reaches_the_skill_it_evidences() -> None:
    # A certification earns partial credit for its field in matching, and a "~" licence
    # ("RN") is supported in text by skills of that field: both need a link from the
    # certification, or a broader certification, to a concept that is no certification.
    # Language proficiency certificates are the one family without a single field: each
    # narrower certificate links the language it tests.
    taxonomy = Taxonomy.builtin()
    missing = []
    for concept in taxonomy.concepts:
        if concept.type != "certification" or concept.id == "tm:cert_language":
            continue
        ids = [concept.id, *taxonomy.broader_ids(concept.id, transitive=True)]
        linked = [
            taxonomy.concept(other)
            for node in ids
            for other in (*taxonomy.related_ids(node), *taxonomy.broader_ids(node))
        ]
        if all(other.type == "certification" for other in linked):
            missing.append(concept.id)
    assert missing == []
