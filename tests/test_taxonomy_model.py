"""Taxonomy model: construction rules, identity, links, merge, overrides, CSV/JSON round trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from talentmatch.errors import TaxonomyError
from talentmatch.models.skills import ConceptType
from talentmatch.taxonomy import Concept, Override, Overrides, Taxonomy, load_overrides
from talentmatch.taxonomy.builtin import read_builtin_file


def concept(cid: str, label: str, **extra: object) -> Concept:
    return Concept.model_validate(
        {"id": cid, "label": label, "type": "tool", "category": "software", **extra}
    )


def small() -> Taxonomy:
    return Taxonomy(
        [
            concept("x:lang", "Programming", type="knowledge"),
            concept("x:pg", "PostgreSQL", aliases=("Postgres",), broader=("x:db",)),
            concept("x:db", "Databases", type="knowledge"),
            concept("x:my", "MySQL", broader=("x:db",), related=("x:pg",)),
        ],
        name="small",
        version="1",
    )


def test_concept_rejects_bad_ids_blank_labels_and_self_links() -> None:
    with pytest.raises(ValueError, match="namespace"):
        concept("python", "Python")
    with pytest.raises(ValueError, match="blank"):
        concept("x:a", "   ")
    with pytest.raises(ValueError, match="itself"):
        concept("x:a", "A", broader=("x:a",))


def test_concept_cleans_surfaces_and_reports_an_ambiguous_label() -> None:
    c = concept("x:go", " Go ", aliases=("Golang", "Golang", "  "), ambiguous=("Go",))
    assert c.label == "Go"
    assert c.aliases == ("Golang",)
    assert c.label_is_ambiguous
    assert c.surfaces() == ("Go", "Golang")


def test_taxonomy_rejects_duplicates_unknown_links_and_cycles() -> None:
    with pytest.raises(TaxonomyError, match="twice"):
        Taxonomy([concept("x:a", "A"), concept("x:a", "B")], name="t", version="1")
    with pytest.raises(TaxonomyError, match="unknown id"):
        Taxonomy([concept("x:a", "A", broader=("x:zz",))], name="t", version="1")
    with pytest.raises(TaxonomyError, match="cycle"):
        Taxonomy(
            [concept("x:a", "A", broader=("x:b",)), concept("x:b", "B", broader=("x:a",))],
            name="t",
            version="1",
        )
    with pytest.raises(TaxonomyError):
        Taxonomy([concept("x:a", "A")], name="", version="1")
    with pytest.raises(TaxonomyError, match="Concept instances"):
        Taxonomy(["not a concept"], name="t", version="1")  # type: ignore[list-item]


def test_dangling_links_can_be_dropped_for_external_data() -> None:
    t = Taxonomy([concept("x:a", "A", broader=("x:zz",))], name="t", version="1",
                 drop_dangling_links=True)  # fmt: skip
    assert t.concept("x:a").broader == ()


def test_related_links_are_symmetric_and_narrower_is_derived() -> None:
    t = small()
    assert t.related_ids("x:pg") == ("x:my",)
    assert set(t.narrower_ids("x:db")) == {"x:pg", "x:my"}
    assert t.broader_ids("x:pg", transitive=True) == ("x:db",)


def test_identity_hash_is_deterministic_and_tracks_content() -> None:
    a, b = small(), small()
    assert a.content_hash == b.content_hash
    assert a.ref == f"small@1#{a.content_hash[:12]}"
    changed = Taxonomy([*a.concepts, concept("x:new", "New")], name="small", version="1")
    assert changed.content_hash != a.content_hash


def test_access_errors_are_typed() -> None:
    t = small()
    assert t.get("x:nope") is None
    assert "x:pg" in t
    assert "x:nope" not in t
    with pytest.raises(TaxonomyError, match="No concept"):
        t.concept("x:nope")
    with pytest.raises(TaxonomyError):
        t.lookup(3)  # type: ignore[arg-type]


def test_lookup_ignores_case_unicode_and_plurals() -> None:
    t = small()
    assert [c.id for c in t.lookup("POSTGRES")] == ["x:pg"]
    assert [c.id for c in t.lookup("ＭｙＳＱＬ")] == ["x:my"]
    assert [c.id for c in t.lookup("databases")] == ["x:db"]


def test_merge_keeps_order_priority_and_rejects_id_clashes() -> None:
    extra = Taxonomy([concept("y:pg", "Postgres DB", aliases=("Postgres",))], name="y",
                     version="2")  # fmt: skip
    merged = small().merge(extra)
    assert merged.name == "small+y"
    assert merged.version == "1+2"
    assert merged.lookup("postgres")[0].id == "x:pg"
    with pytest.raises(TaxonomyError, match="twice"):
        small().merge(small())
    with pytest.raises(TaxonomyError, match="Taxonomy objects"):
        small().merge("esco")  # type: ignore[arg-type]


def test_coverage_counts_concepts_and_surfaces_per_category() -> None:
    cov = small().coverage()
    assert cov == {"software": {"concepts": 4, "surfaces": 5}}


def test_overrides_every_action() -> None:
    t = small()
    fixed = t.with_overrides(
        Overrides(
            items=(
                Override(action="drop_alias", concept_id="x:pg", value="postgres"),
                Override(action="add_alias", concept_id="x:pg", value="PGSQL"),
                Override(action="add_alias", concept_id="x:my", value="~My"),
                Override(action="mark_ambiguous", concept_id="x:pg", value="PGSQL"),
                Override(action="set_label", concept_id="x:db", value="Database Systems"),
                Override(action="set_type", concept_id="x:db", value="hard_skill"),
                Override(action="add_broader", concept_id="x:lang", value="x:db"),
                Override(action="add_related", concept_id="x:lang", value="x:my"),
                Override(action="drop_concept", concept_id="x:pg"),
            )
        )
    )
    assert "x:pg" not in fixed
    assert fixed.concept("x:my").related == ("x:lang",)
    assert fixed.concept("x:my").ambiguous == ("My",)
    db = fixed.concept("x:db")
    assert db.label == "Database Systems"
    assert "Databases" in db.aliases
    assert db.type is ConceptType.HARD_SKILL
    assert fixed.concept("x:lang").broader == ("x:db",)
    assert fixed.version == "1+overrides"


def test_overrides_reject_unknown_ids_and_bad_values() -> None:
    t = small()
    with pytest.raises(TaxonomyError, match="unknown concept"):
        t.with_overrides(Overrides(items=(Override(action="drop_concept", concept_id="x:zz"),)))
    with pytest.raises(TaxonomyError, match="needs a value"):
        t.with_overrides(Overrides(items=(Override(action="add_alias", concept_id="x:pg"),)))
    with pytest.raises(TaxonomyError, match="not a concept type"):
        t.with_overrides(
            Overrides(items=(Override(action="set_type", concept_id="x:pg", value="x"),))
        )
    with pytest.raises(TaxonomyError):
        t.with_overrides(42)


def test_overrides_files_in_csv_tsv_and_json(tmp_path: Path) -> None:
    csv_file = tmp_path / "fix.csv"
    csv_file.write_text("# comment\naction,concept_id,value\ndrop_alias,*,Postgres\n")
    tsv_file = tmp_path / "fix.tsv"
    tsv_file.write_text("action\tconcept_id\tvalue\nadd_alias\tx:my\tMariaDB-ish\n")
    json_file = tmp_path / "fix.json"
    json_file.write_text(json.dumps([{"action": "drop_concept", "concept_id": "x:lang"}]))
    t = small().with_overrides(csv_file).with_overrides(tsv_file).with_overrides(json_file)
    assert t.concept("x:pg").aliases == ()
    assert "MariaDB-ish" in t.concept("x:my").aliases
    assert "x:lang" not in t
    assert len(load_overrides(csv_file).items) == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("what,ever\n1,2\n")
    with pytest.raises(TaxonomyError, match="header"):
        load_overrides(bad)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("action,concept_id,value\nexplode,x:pg,\n")
    with pytest.raises(TaxonomyError, match="invalid override"):
        load_overrides(wrong)
    with pytest.raises(TaxonomyError):
        load_overrides(tmp_path / "missing.csv")


def test_csv_loader_defaults_and_errors(tmp_path: Path) -> None:
    file = tmp_path / "acme skills.csv"
    file.write_text(
        "label,type,category,aliases,broader\n"
        "Widget Studio,tool,design,WS|~Studio,acme_skills:widgets\n"
        "Widgets,knowledge,design,,\n"
    )
    t = Taxonomy.from_csv(file, version="3")
    ws = t.concept("acme_skills:widget_studio")
    assert ws.aliases == ("WS",)
    assert ws.ambiguous == ("Studio",)
    assert ws.broader == ("acme_skills:widgets",)
    assert ws.source == "custom"
    assert t.name == "acme skills"
    assert t.version == "3"
    tsv = tmp_path / "t.tsv"
    tsv.write_text("id\tlabel\tflags\nx:a\tA\tin_demand\n")
    assert Taxonomy.from_csv(tsv).concept("x:a").flags == ("in_demand",)
    no_label = tmp_path / "n.csv"
    no_label.write_text("name,type\nA,tool\n")
    with pytest.raises(TaxonomyError, match="label"):
        Taxonomy.from_csv(no_label)
    bad_type = tmp_path / "b.csv"
    bad_type.write_text("label,type\nA,wizardry\n")
    with pytest.raises(TaxonomyError, match="type"):
        Taxonomy.from_csv(bad_type)
    with pytest.raises(TaxonomyError, match="No taxonomy file"):
        Taxonomy.from_csv(tmp_path / "missing.csv")
    with pytest.raises(TaxonomyError, match="directory"):
        Taxonomy.from_csv(tmp_path)


def test_json_round_trip_is_exact(tmp_path: Path) -> None:
    original = small().with_overrides(
        Overrides(items=(Override(action="add_alias", concept_id="x:my", value="~My"),))
    )
    path = tmp_path / "t.json"
    original.to_json(path)
    again = Taxonomy.from_json(path)
    assert again.content_hash == original.content_hash
    assert (again.name, again.version) == (original.name, original.version)
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps([{"id": "z:a", "label": "A", "aliases": ["AA"]}]))
    assert Taxonomy.from_json(plain).concept("z:a").aliases == ("AA",)
    broken = tmp_path / "broken.json"
    broken.write_text("{nope")
    with pytest.raises(TaxonomyError, match="not valid JSON"):
        Taxonomy.from_json(broken)
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"concepts": "nope"}))
    with pytest.raises(TaxonomyError, match="list of concept"):
        Taxonomy.from_json(wrong)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id\tlabel\n", "header"),
        ("id\tlabel\ttype\tcategory\taliases\tbroader\trelated\tflags\ntm:a\tA\ttool\n", "8"),
        (
            "id\tlabel\ttype\tcategory\taliases\tbroader\trelated\tflags\n"
            "x:a\tA\ttool\tsoftware\t\t\t\t\n",
            "tm:",
        ),
        (
            "id\tlabel\ttype\tcategory\taliases\tbroader\trelated\tflags\n"
            "tm:a\tA\ttool\tspace\t\t\t\t\n",
            "category",
        ),
        (
            "id\tlabel\ttype\tcategory\taliases\tbroader\trelated\tflags\n"
            "tm:a\tA\tmagic\tsoftware\t\t\t\t\n",
            "type",
        ),
        (
            "id\tlabel\ttype\tcategory\taliases\tbroader\trelated\tflags\n"
            "tm:a\tA\ttool\tsoftware\t\t\t\tshiny\n",
            "flag",
        ),
        (
            "id\tlabel\ttype\tcategory\taliases\tbroader\trelated\tflags\n"
            "tm:a\tA\ttool\tsoftware\t\ttm:a\t\t\n",
            "self link",
        ),
    ],
)
def test_builtin_format_errors_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(TaxonomyError, match=message) as info:
        read_builtin_file("bad.tsv", text)
    assert "bad.tsv:" in str(info.value)
