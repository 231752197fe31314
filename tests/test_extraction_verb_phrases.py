"""Verb phrases that state a skill ("administered medications" -> Medication Administration)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentmatch import load_document
from talentmatch._compiled import PURE_PYTHON_ENV
from talentmatch.extraction import TaxonomyExtractor, extract_skills
from talentmatch.extraction._rules_accelerator import native
from talentmatch.extraction.verb_phrases import VERB_FORMS, members, verb_phrases
from talentmatch.models.skills import Assertion, MatchKind
from talentmatch.taxonomy import Taxonomy
from talentmatch.taxonomy.concept import Concept
from talentmatch.taxonomy.tokens import tokenize
from tests.conftest import load_script, require_built

ROOT = Path(__file__).resolve().parent.parent


def found(text: str) -> dict[str, str]:
    """Concept id -> surface of the verb-phrase occurrences of ``text``."""
    return {
        m.concept_id: o.surface
        for m in extract_skills(text)
        for o in m.occurrences
        if o.reason == "verb_phrase"
    }


@pytest.mark.parametrize("pure", ["0", "1"])
@pytest.mark.parametrize(
    ("text", "concept_id", "surface"),
    [
        (
            "Administered medications to 30 patients.",
            "tm:medication_administration",
            "Administered medications",
        ),
        ("Negotiated contracts with suppliers.", "tm:contract_negotiation", "Negotiated contracts"),
        ("Welded steel and read blueprints daily.", "tm:blueprint_reading", "read blueprints"),
        (
            "Negotiated the contracts for the region.",
            "tm:contract_negotiation",
            "Negotiated the contracts",
        ),
        ("Translated documents from German.", "tm:translation", "Translated documents"),
        ("Served customers at a busy counter.", "tm:customer_service", "Served customers"),
    ],
)
def test_a_verb_phrase_names_the_skill(
    pure: str, text: str, concept_id: str, surface: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PURE_PYTHON_ENV, pure)
    assert found(text).get(concept_id) == surface


def test_a_verb_after_a_relative_pronoun_is_a_verb() -> None:
    assert "tm:inventory_management" in found("Led a team that managed inventory for 3 stores.")


def test_the_occurrence_says_how_it_matched() -> None:
    text = "Administered medications on a ward."
    (mention,) = [m for m in extract_skills(text) if m.concept_id == "tm:medication_administration"]
    (occurrence,) = mention.occurrences
    assert occurrence.match is MatchKind.VARIANT
    assert occurrence.reason == "verb_phrase"
    assert (occurrence.span.start, occurrence.span.end) == (0, len("Administered medications"))
    assert occurrence.assertion is Assertion.CLAIMED


@pytest.mark.parametrize("pure", ["0", "1"])
def test_a_verb_phrase_never_takes_a_word_from_a_written_skill(
    pure: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PURE_PYTHON_ENV, pure)
    # "managed accounts" would be Account Management, but "accounts payable" is written.
    ids = [m.concept_id for m in extract_skills("Managed accounts payable and receivable.")]
    assert "tm:accounts_payable" in ids
    assert "tm:account_management" not in ids


@pytest.mark.parametrize(
    "text",
    [
        "Managed, inventory and more",  # a comma between verb and object
        "Managed\ninventory",  # a line break
        "Managed-inventory tools",  # a hyphen
        "Managed to reduce costs",  # a function word is no object
        "We managed a $50k budget",  # no alphabetic object
        "Managed a portfolio of key accounts",  # the object is what follows "of"
        "Designed mechanical components",  # an adjective before its noun
    ],
)
def test_only_a_verb_and_its_object_on_one_line_count(text: str) -> None:
    assert found(text).get("tm:inventory_management") is None
    assert found(text).get("tm:budgeting") is None
    assert found(text).get("tm:portfolio_management") is None
    assert found(text).get("tm:mechanical_engineering") is None


def test_a_negated_verb_phrase_is_not_claimed() -> None:
    text = "No experience managing inventory."
    assert "tm:inventory_management" not in [m.concept_id for m in extract_skills(text)]
    kept = TaxonomyExtractor(keep_unclaimed=True).extract(text)
    (mention,) = [m for m in kept if m.concept_id == "tm:inventory_management"]
    assert mention.occurrences[0].assertion is Assertion.NEGATED


def test_only_surfaces_that_need_no_context_count() -> None:
    taxonomy = Taxonomy(
        [
            Concept(id="x:widget_repair", label="Widget Repair", type="hard_skill", category="c"),
            Concept(
                id="x:gizmo_repair",
                label="Gizmo Fixing",
                type="hard_skill",
                category="c",
                ambiguous=("Gizmo Repair",),
            ),
        ],
        name="custom",
        version="1",
    )
    extractor = TaxonomyExtractor(taxonomy)
    assert [m.concept_id for m in extractor.extract("Repaired widgets weekly.")] == [
        "x:widget_repair"
    ]
    # "Gizmo Repair" is marked "~": a verb phrase gives it no context.
    assert extractor.extract("Repaired gizmos weekly.") == []


def test_verb_phrases_reads_open_tokens_only_and_marks_what_it_takes() -> None:
    matcher = Taxonomy.builtin().matcher
    tokens = tokenize("negotiated contracts and negotiated contracts")
    covered = bytearray(len(tokens.keys))
    covered[1] = 1  # the first object is another hit's
    found_ = verb_phrases(tokens, covered, matcher)
    assert [(first, last) for first, last, _ in found_] == [(3, 4)]
    assert list(covered) == [0, 1, 0, 1, 1]


def test_every_verb_form_maps_to_a_nominalisation() -> None:
    assert VERB_FORMS["administered"] == ("administration",)
    assert VERB_FORMS["read"] == ("reading",)
    assert set(VERB_FORMS["analyzing"]) == {"analysis"}
    assert "optimization" in VERB_FORMS["optimised"]
    assert "optimisation" in VERB_FORMS["optimized"]
    assert all(form.isalpha() and form.islower() for form in VERB_FORMS)


def test_a_loaded_document_gets_the_same_phrases(tmp_path: Path) -> None:
    path = tmp_path / "resume.txt"
    path.write_text("Experience\nAdministered medications and monitored vital signs.\n")
    document = load_document(path)
    assert "tm:medication_administration" in [m.concept_id for m in extract_skills(document)]


def test_the_benchmark_scores_verb_phrases_as_skill_spans() -> None:
    bench = load_script(ROOT / "benchmarks" / "skills_accuracy.py", "skills_accuracy_bench")
    text = "Negotiated contracts and used Python ."
    tokens, offset = [], 0
    for word in text.split(" "):
        tokens.append((0, offset, offset + len(word)))
        offset += len(word) + 1
    post = bench.Posting(
        source="tech", text=text, tokens=tokens, gold_knowledge=set(), gold_skill=set()
    )
    knowledge, skill = bench.predict(TaxonomyExtractor(), post)
    assert (0, 1) in skill
    assert (0, 1) not in knowledge
    assert (4, 4) in knowledge  # Python, a tool, stays a KNOWLEDGE span
    assert bench.predict_with_phrases(TaxonomyExtractor(), post)[2] == {(0, 1)}
    tally = bench.Tally()
    tally.add_phrases({(0, 0)}, {(0, 1), (3, 4)})
    assert tally.report()["verb_phrases"] == 2
    assert tally.report()["verb_phrases_overlapping_gold"] == 0.5


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["managed", "led", "a", "team", "Managed", "read", "x"]), max_size=30)
)
def test_members_in_c_is_the_python_expression(keys: list[str]) -> None:
    module = require_built(native())
    wanted = frozenset({"managed", "led", "read"})
    assert module.members(keys, wanted) == [i for i, key in enumerate(keys) if key in wanted]


def test_members_hands_keys_that_are_no_exact_str_back() -> None:
    module = require_built(native())

    class Key(str):
        pass

    assert module.members(["led", Key("managed")], frozenset({"managed"})) is None
    # The Python path answers then.
    assert members(["led", Key("managed")], frozenset({"managed"})) == [1]


@pytest.mark.parametrize("pure", ["0", "1"])
@pytest.mark.parametrize(
    "text",
    [
        "Managing Partner at a law firm",  # a job title
        "Lead Retail Associate",
        "lead product designer at Acme",  # a role noun after the object
        "Joined a leading retail chain",  # an adjective after an article
        "Maintained written policies",  # a participle that works as an adjective
        "Exceeded forecasted sales by 10%",
        "Managed time-sensitive projects",  # the object goes on after a hyphen
        "Managed data-driven teams",
        "Managed client's budgets",  # a possessive
        "Managed\u2028inventory",  # a line separator
        "Managed\rinventory",
    ],
)
def test_adjectives_titles_and_cut_objects_state_no_skill(
    pure: str, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PURE_PYTHON_ENV, pure)
    assert found("Experience\n" + text) == {}


def test_the_longer_object_is_tried_first() -> None:
    taxonomy = Taxonomy(
        [
            Concept(id="x:gear_repair", label="Gear Repair", type="hard_skill", category="c"),
            Concept(
                id="x:gear_box_repair", label="Gear Box Repair", type="hard_skill", category="c"
            ),
        ],
        name="custom",
        version="1",
    )
    extractor = TaxonomyExtractor(taxonomy)
    assert [m.concept_id for m in extractor.extract("Repaired gear boxes weekly.")] == [
        "x:gear_box_repair"
    ]
    assert [m.concept_id for m in extractor.extract("Repaired gears weekly.")] == ["x:gear_repair"]


def test_members_survives_a_set_whose_elements_change_the_keys() -> None:
    module = require_built(native())
    keys = [f"aa{i}" for i in range(50)]

    class Evil:
        def __init__(self, value: int) -> None:
            self.value = value

        def __hash__(self) -> int:
            return self.value

        def __eq__(self, other: object) -> bool:
            keys.clear()
            return False

    # Before the fix this read freed list items (a crash); now it stops at the new end.
    assert module.members(keys, frozenset(Evil(hash(k)) for k in keys)) == []


def test_members_hands_a_frozenset_subclass_back() -> None:
    module = require_built(native())

    class Everything(frozenset[str]):
        def __contains__(self, item: object) -> bool:
            return True

    assert module.members(["a", "b"], Everything({"a"})) is None
    assert members(["a", "b"], Everything({"a"})) == [0, 1]


def test_no_experience_before_a_preposition_in_ing_negates_nothing() -> None:
    text = "No experience during college, Python and SQL daily."
    assert {"tm:python", "tm:sql"} <= {m.concept_id for m in extract_skills(text)}
