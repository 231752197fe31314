"""The C accelerator of mention assembly (extraction/_native.c) gives what the Python loops give.

``TaxonomyExtractor._occurrences`` and ``_mentions`` stay the reference. With the accelerator
and with ``TALENTMATCH_PURE_PYTHON=1`` every extraction must return the same mentions: same
JSON, same model types, same value types and fields set, over real postings, every fixture
resume (as text, ``Document`` and ``Resume``), generated texts full of the cues the rules read,
and input of unexpected types, which the accelerator hands back to the Python loops.
"""

from __future__ import annotations

import functools
import gc
import weakref
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import talentmatch.extraction.taxonomy_extractor as extractor_module
from talentmatch._compiled import PURE_PYTHON_ENV
from talentmatch.errors import DocumentError
from talentmatch.extraction import TaxonomyExtractor
from talentmatch.extraction._accelerator import Native, native
from talentmatch.extraction.taxonomy_extractor import _Hit, _native_context
from talentmatch.models.document import Document
from talentmatch.models.skills import Assertion, Occurrence, SkillMention
from talentmatch.parsing import parse_resume
from talentmatch.taxonomy import Taxonomy
from talentmatch.taxonomy.concept import Concept
from tests.conftest import FIXTURES, load_script, require_built, shared

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 1, 1)


def accelerator() -> Native:
    return require_built(native())


def assert_same_model(built: BaseModel, expected: BaseModel) -> None:
    """Equal models of the same class, with the same value types, field order and fields set."""
    assert type(built) is type(expected)
    assert built.model_dump() == expected.model_dump()
    assert list(built.__dict__) == list(expected.__dict__)
    assert [type(v) for v in built.__dict__.values()] == [
        type(v) for v in expected.__dict__.values()
    ]
    assert built.__pydantic_fields_set__ == expected.__pydantic_fields_set__


def assert_same_mentions(built: list[SkillMention], expected: list[SkillMention]) -> None:
    assert type(built) is list
    assert len(built) == len(expected)
    for mention, reference in zip(built, expected, strict=True):
        assert_same_model(mention, reference)
        assert type(mention.occurrences) is tuple
        for occurrence, reference_occurrence in zip(
            mention.occurrences, reference.occurrences, strict=True
        ):
            assert_same_model(occurrence, reference_occurrence)
            assert_same_model(occurrence.span, reference_occurrence.span)


def both_paths(
    monkeypatch: pytest.MonkeyPatch,
    run: Callable[..., list[SkillMention]],
    *args: object,
    **kwargs: object,
) -> list[SkillMention]:
    """``run(*args, **kwargs)`` with the accelerator and on the pure path; assert they agree."""
    accelerator()
    built = run(*args, **kwargs)
    monkeypatch.setenv(PURE_PYTHON_ENV, "1")
    try:
        assert native() is None
        expected = run(*args, **kwargs)
    finally:
        monkeypatch.delenv(PURE_PYTHON_ENV)
    assert_same_mentions(built, expected)
    return expected


class Spy:
    """The accelerator, counting the calls it answered and those it handed back."""

    def __init__(self, module: Native) -> None:
        self.module = module
        self.answered: list[str] = []
        self.handed_back: list[str] = []

    def _record(self, name: str, result: object) -> None:
        (self.handed_back if result is None else self.answered).append(name)

    def occurrences(self, *args: Any) -> Any:
        result = self.module.occurrences(*args)
        self._record("occurrences", result)
        return result

    def mentions(self, *args: Any) -> Any:
        result = self.module.mentions(*args)
        self._record("mentions", result)
        return result


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Spy:
    found = Spy(accelerator())
    # Still switched off by the environment, as native() is.
    monkeypatch.setattr(extractor_module, "native", lambda: found if native() else None)
    return found


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, int]]:
    """Calls of each rule the accelerator calls back, by name (the context is rebuilt so that
    it holds the counting copies)."""
    counts: dict[str, int] = {}

    def counting(name: str, rule: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(rule)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counts[name] = counts.get(name, 0) + 1
            return rule(*args, **kwargs)

        return wrapper

    for name in ("application_language", "ends_in_role", "starts_after_role", "months_and_last"):
        monkeypatch.setattr(extractor_module, name, counting(name, getattr(extractor_module, name)))
    _native_context.cache_clear()
    yield counts
    _native_context.cache_clear()


# -- real text --------------------------------------------------------------------------------


@functools.cache
def fixture_resumes() -> list[Any]:
    resumes = []
    for path in sorted((FIXTURES / "resumes").iterdir()):
        if path.suffix in (".pdf", ".docx", ".txt"):
            try:
                resumes.append(parse_resume(path))
            except DocumentError:
                continue  # an unreadable fixture (a scan) has no text to extract from
    return resumes


@pytest.mark.parametrize("keep_unclaimed", [False, True])
def test_fixture_resumes_give_the_same_mentions(
    monkeypatch: pytest.MonkeyPatch, spy: Spy, keep_unclaimed: bool
) -> None:
    extractor = TaxonomyExtractor(keep_unclaimed=keep_unclaimed)
    resumes = fixture_resumes()
    assert len(resumes) >= 20
    found = 0
    for resume in resumes:
        document: Document = resume.document
        for source in (resume, document, document.text):
            mentions = both_paths(monkeypatch, extractor.extract, source, as_of=AS_OF)
            found += len(mentions)
    assert found > 1000
    assert spy.answered
    assert not spy.handed_back


def test_skillspan_postings_give_the_same_mentions(
    monkeypatch: pytest.MonkeyPatch, spy: Spy
) -> None:
    accuracy = load_script(ROOT / "benchmarks" / "skills_accuracy.py", "skills_accuracy")
    postings = accuracy.read_postings(shared("skills", "skillspan", "dev.json"))
    assert len(postings) >= 50
    for keep_unclaimed in (False, True):
        extractor = TaxonomyExtractor(keep_unclaimed=keep_unclaimed)
        for posting in postings:
            both_paths(monkeypatch, extractor.extract, posting.text)
    assert spy.answered
    assert not spy.handed_back


def test_the_speed_resume_gives_the_same_mentions(monkeypatch: pytest.MonkeyPatch) -> None:
    speed = load_script(ROOT / "benchmarks" / "skills_speed.py", "skills_speed")
    extractor = TaxonomyExtractor()
    assert len(both_paths(monkeypatch, extractor.extract, speed.two_page_resume())) > 50


def test_built_models_are_left_to_reference_counting() -> None:
    """The C path untracks the models it builds (and their dicts and tuples) from the garbage
    collector; nothing they reach refers back to them, so they cannot be part of a cycle, and
    reference counting still frees them."""
    accelerator()
    speed = load_script(ROOT / "benchmarks" / "skills_speed.py", "skills_speed")
    mentions = TaxonomyExtractor().extract(speed.two_page_resume())
    occurrences = [o for m in mentions for o in m.occurrences]
    assert len(mentions) > 50
    assert len(occurrences) > len(mentions)
    for model in [*mentions, *occurrences, *(o.span for o in occurrences)]:
        assert not gc.is_tracked(model)
        assert not gc.is_tracked(model.__dict__)
    assert not any(gc.is_tracked(m.occurrences) for m in mentions)

    def reaches_itself(root: object) -> bool:
        # Classes, enum members, strings and numbers never refer to these instances.
        containers = (BaseModel, dict, tuple, list, set, frozenset)
        stack, seen = [root], {id(root)}
        while stack:
            for referent in gc.get_referents(stack.pop()):
                if referent is root:
                    return True
                if isinstance(referent, containers) and id(referent) not in seen:
                    seen.add(id(referent))
                    stack.append(referent)
        return False

    assert not any(reaches_itself(m) for m in mentions)
    assert not any(reaches_itself(o) for o in occurrences)
    probes = [
        weakref.ref(mentions[0]),
        weakref.ref(occurrences[-1]),
        weakref.ref(occurrences[-1].span),
    ]
    enabled = gc.isenabled()
    gc.disable()
    try:
        del mentions, occurrences, model
        assert [probe() for probe in probes] == [None, None, None]
    finally:
        if enabled:
            gc.enable()


# -- generated text ---------------------------------------------------------------------------


@functools.cache
def surfaces() -> list[str]:
    """Labels and aliases of the built-in taxonomy, languages among them."""
    names = []
    for concept in Taxonomy.builtin().concepts[::7]:
        names.append(concept.label)
        names.extend(concept.aliases[:1])
    return names


_WORDS = [
    "no experience with", "willing to learn", "not", "never used", "eager to learn",
    "Senior", "Developer", "Engineer", "team", "Head of", "Manager", "Lead", "of",
    "English", "Spanish", "German", "fluent", "native", "(B2)", "Danish company",
    "application in English", "Python", "Java", "Go", "R", "Excel", "SQL", "Kubernetes",
    "Jan 2019 - Present", "2015 - 2018", "Acme Corp", "built", "and", "with", "using",
]  # fmt: skip
_HEADINGS = ["SKILLS", "Languages", "EXPERIENCE", "Education", "Technical skills", "Summary"]
_SEPARATORS = [" ", ", ", "\n", " and ", "; ", ". ", " / ", "\n- "]


@st.composite
def texts(draw: st.DrawFn) -> str:
    words = st.sampled_from(_WORDS) | st.sampled_from(surfaces())
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 5))):
        if draw(st.booleans()):
            parts.append(draw(st.sampled_from(_HEADINGS)) + "\n")
        for word in draw(st.lists(words, min_size=1, max_size=14)):
            parts.append(word + draw(st.sampled_from(_SEPARATORS)))
        parts.append("\n")
    return "".join(parts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts(), keep_unclaimed=st.booleans())
def test_generated_texts_give_the_same_mentions(text: str, keep_unclaimed: bool) -> None:
    # monkeypatch is function-scoped, so the environment is switched by hand here.
    with pytest.MonkeyPatch.context() as monkeypatch:
        extractor = TaxonomyExtractor(keep_unclaimed=keep_unclaimed)
        both_paths(monkeypatch, extractor.extract, text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts())
def test_generated_resumes_give_the_same_mentions(text: str) -> None:
    resume = parse_resume("Jane Roe\nEXPERIENCE\nEngineer, Acme Corp, Jan 2019 - Present\n" + text)
    with pytest.MonkeyPatch.context() as monkeypatch:
        extractor = TaxonomyExtractor(keep_unclaimed=True)
        both_paths(monkeypatch, extractor.extract, resume, as_of=AS_OF)


# -- the rules called back --------------------------------------------------------------------

RULES_TEXT = """Jane Roe
Senior Java Developer
EXPERIENCE
Python Engineer, Acme Corp, Jan 2019 - Present
Built services in Go and Kubernetes for the Salesforce team; reported to the Head of DevOps.
Send your application in English. Danish company.
Languages: English (native), Spanish (B2)
SKILLS
Terraform, Docker, no experience with Rust
Willing to learn Haskell.
"""


def test_each_rule_is_called_back_and_agrees(
    monkeypatch: pytest.MonkeyPatch, spy: Spy, counted: dict[str, int]
) -> None:
    resume = parse_resume(RULES_TEXT)
    extractor = TaxonomyExtractor(keep_unclaimed=True)
    mentions = both_paths(monkeypatch, extractor.extract, resume, as_of=AS_OF)
    assert spy.answered == ["occurrences", "mentions"]
    # Each rule ran on the accelerated path (and again on the pure path).
    assert counted["application_language"] >= 2
    assert counted["ends_in_role"] >= 2
    assert counted["starts_after_role"] >= 2
    assert counted["months_and_last"] >= 2
    by_label = {m.label: m for m in mentions}
    assert by_label["Java"].role_only
    assert by_label["Rust"].negated
    assert by_label["Haskell"].aspirational
    assert by_label["Kubernetes"].months_used is not None


# -- input the accelerator hands back ---------------------------------------------------------


def resolved(text: str) -> tuple[TaxonomyExtractor, list[_Hit], Any, set[int]]:
    extractor = TaxonomyExtractor(keep_unclaimed=True)
    hits, layout, taken = extractor._resolve(text, None)
    return extractor, hits, layout, taken


ODD_HITS: list[Callable[[_Hit], object]] = [
    lambda hit: replace(hit, confidence=1),  # an int where a float is
    lambda hit: replace(hit, reason=type("Reason", (str,), {})("")),  # a str subclass
    lambda hit: replace(hit, start=True),  # a bool offset
    lambda hit: replace(hit, end=hit.end + 10_000),  # past the text: Python clamps the slice
    lambda hit: replace(hit, entry=hit.entry._replace(concept=10**9)),  # no such concept
    lambda hit: type("Hit", (_Hit,), {})(**{f: getattr(hit, f) for f in _Hit.__slots__}),
]


@pytest.mark.parametrize("odd", ODD_HITS)
def test_hits_of_odd_types_are_handed_to_python(
    monkeypatch: pytest.MonkeyPatch, spy: Spy, odd: Callable[[_Hit], object]
) -> None:
    extractor, hits, layout, taken = resolved("Python, Java and SQL on AWS; fluent English")
    hits = [*hits[:-1], odd(hits[-1])]  # type: ignore[list-item]

    def grouped() -> list[SkillMention]:
        try:
            found = extractor._occurrences(hits, layout, taken, None, None, [])
        except IndexError as error:  # the concept that does not exist, on both paths
            return [str(error)]  # type: ignore[list-item]
        return [o for group in found.values() for o in group]  # type: ignore[misc]

    built = grouped()
    assert spy.handed_back == ["occurrences"]
    monkeypatch.setenv(PURE_PYTHON_ENV, "1")
    expected = grouped()
    assert len(built) == len(expected)
    for occurrence, reference in zip(built, expected, strict=True):
        if isinstance(reference, str):
            assert occurrence == reference
        else:
            assert_same_model(occurrence, reference)


def test_odd_per_text_inputs_are_handed_back() -> None:
    module = accelerator()
    extractor, hits, layout, taken = resolved("Python and Java")
    tokens = layout.tokens
    good: list[Any] = [
        hits, layout.text, tokens.keys, tokens.seps, taken, extractor._facts.types, [], [], 0,
        [0], [1], [], [], lambda hit: False, _native_context(),
    ]  # fmt: skip
    assert module.occurrences(*good) is not None
    odd_values = {
        1: b"Python and Java",  # bytes, not str
        2: tuple(tokens.keys),  # a tuple of keys
        6: [(0, 5)],  # a scope without its assertion
        7: [(0.0, 5)],  # a float offset
        8: 1.5,  # a float title end
        9: [0, 10],  # more page starts than page numbers
        11: [("0", 5, "skills")],  # a str offset
    }
    for index, value in odd_values.items():
        args = list(good)
        args[index] = value
        assert module.occurrences(*args) is None, index


# An assertion given as a plain str makes pydantic warn when the mention is dumped.
@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings:UserWarning")
def test_odd_occurrences_and_concepts_are_handed_back(
    monkeypatch: pytest.MonkeyPatch, spy: Spy
) -> None:
    extractor, hits, layout, taken = resolved("Python, Java and SQL on AWS")
    grouped = extractor._occurrences(hits, layout, taken, None, None, [])
    first = next(iter(grouped))
    occurrence = grouped[first][0]
    odd_groups: list[dict[int, list[Occurrence]]] = [
        {**grouped, first: []},  # no occurrence
        {**grouped, first: [occurrence.model_copy(update={"assertion": "claimed"})]},
        {**grouped, first: [occurrence.model_copy(update={"confidence": 1})]},
        {**grouped, first: [type("Odd", (Occurrence,), {})(**dict(occurrence))]},
        {**grouped, 10**9: [occurrence]},
    ]
    for odd in odd_groups:
        spy.handed_back.clear()
        try:
            built = extractor._mentions(odd, [], False, None)
        except IndexError as error:
            built = [str(error)]  # type: ignore[list-item]
        assert spy.handed_back == ["mentions"]
        monkeypatch.setenv(PURE_PYTHON_ENV, "1")
        try:
            expected = extractor._mentions(odd, [], False, None)
        except IndexError as error:
            expected = [str(error)]  # type: ignore[list-item]
        monkeypatch.delenv(PURE_PYTHON_ENV)
        if expected and isinstance(expected[0], str):
            assert built == expected
        else:
            assert_same_mentions(built, expected)


def test_a_concept_subclass_is_read_by_getattr(monkeypatch: pytest.MonkeyPatch, spy: Spy) -> None:
    class Named(Concept):
        @property
        def shown(self) -> str:
            return self.label.upper()

    builtin = Taxonomy.builtin()
    concepts = [Named(**dict(c)) for c in builtin.concepts[:300]]
    taxonomy = Taxonomy(concepts, name="subclassed", version="1", drop_dangling_links=True)
    text = " ".join(c.label for c in concepts[::5])
    extractor = TaxonomyExtractor(taxonomy)
    mentions = both_paths(monkeypatch, extractor.extract, text)
    assert len(mentions) > 10
    assert "mentions" in spy.answered


def test_the_context_and_the_argument_count_are_checked() -> None:
    module = accelerator()
    with pytest.raises(TypeError, match="context"):
        module.mentions({}, (), False, False, "ref", lambda used: (None, None), ())
    with pytest.raises(TypeError, match="takes 7 arguments"):
        module.mentions({})  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="takes 15 arguments"):
        module.occurrences([])  # type: ignore[call-arg]


def test_an_error_in_a_rule_propagates(monkeypatch: pytest.MonkeyPatch) -> None:
    accelerator()

    def broken(*args: object) -> bool:
        raise RuntimeError("rule failed")

    monkeypatch.setattr(extractor_module, "application_language", broken)
    with pytest.raises(RuntimeError, match="rule failed"):
        TaxonomyExtractor().extract("Fluent English and Python")
    assert Assertion.CLAIMED.value == "claimed"


# -- rules that change what the C holds (review findings; the C keeps its own copies) ----------


def occurrence_args(text: str, **inputs: Any) -> tuple[TaxonomyExtractor, list[Any]]:
    """The accelerator's arguments for ``text``, as ``_occurrences`` builds them."""
    extractor, hits, layout, taken = resolved(text)
    tokens = layout.tokens
    args: list[Any] = [
        hits, text, tokens.keys, tokens.seps, taken, extractor._facts.types, [], [], 0,
        inputs.get("page_starts", []), inputs.get("page_numbers", []),
        inputs.get("sections", []), inputs.get("positions", []), lambda hit: False,
        _native_context(),
    ]  # fmt: skip
    return extractor, args


def test_a_rule_that_empties_the_page_and_section_lists_changes_nothing() -> None:
    module = accelerator()
    text = "Fluent English. Python and Java."
    kind = "".join(["languages-", str(len(text))])  # held by the list's tuple alone
    _, args = occurrence_args(
        text, page_starts=[0], page_numbers=[7], sections=[(0, len(text), kind)]
    )
    del kind
    page_numbers, sections = args[10], args[11]
    calls = []

    def rejected(hit: _Hit) -> bool:  # the language rule, called back for "English"
        calls.append(hit)
        page_numbers.clear()
        sections.clear()
        return False

    args[13] = rejected
    grouped = module.occurrences(*args)
    assert calls, "the language rule was not called back"
    found = [o for group in grouped.values() for o in group]
    assert len(found) == 3
    assert {o.span.page for o in found} == {7}
    assert {o.section_kind for o in found} == {f"languages-{len(text)}"}


def test_a_months_rule_that_empties_a_concept_list_changes_nothing() -> None:
    module = accelerator()
    text = "Python and Kubernetes and Terraform."
    extractor, args = occurrence_args(text, positions=[(0, len(text), 0)])
    grouped = module.occurrences(*args)
    first = next(iter(grouped.values()))
    before = [o.surface for o in first]

    def months(used: set[int]) -> tuple[None, None]:
        first.clear()  # frees the occurrences unless the C holds them
        return (None, None)

    built = module.mentions(
        grouped, extractor._facts.concepts, False, True, "ref", months, _native_context()
    )
    assert [o.surface for o in built[0].occurrences] == before
    assert built[0].surface == before[0]


def test_a_concept_added_while_mentions_are_built_fails_as_in_python(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = accelerator()
    text = "Python and Kubernetes and Terraform."
    extractor, args = occurrence_args(text, positions=[(0, len(text), 0)])
    grouped = module.occurrences(*args)
    extra = list(next(iter(grouped.values())))

    def months(used: set[int]) -> tuple[None, None]:
        grouped.setdefault(10**6, extra)
        return (None, None)

    concepts = extractor._facts.concepts
    with pytest.raises(RuntimeError) as built:
        module.mentions(grouped, concepts, False, True, "ref", months, _native_context())
    # The Python loop over the same groups, with the same rule.
    del grouped[10**6]
    monkeypatch.setattr(extractor_module, "_months_of", lambda positions, as_of: months)
    monkeypatch.setenv(PURE_PYTHON_ENV, "1")
    with pytest.raises(RuntimeError) as expected:
        extractor._mentions(grouped, [], True, None)
    assert str(built.value) == str(expected.value) == "dictionary changed size during iteration"


def test_an_alias_entry_of_another_type_is_handed_to_python(
    monkeypatch: pytest.MonkeyPatch, spy: Spy
) -> None:
    extractor, hits, layout, taken = resolved("Python, Java and SQL on AWS")
    plain = [replace(hit, entry=tuple(hit.entry)) for hit in hits]
    with pytest.raises(AttributeError, match="concept"):
        extractor._occurrences(plain, layout, taken, None, None, [])
    assert spy.handed_back == ["occurrences"]
    monkeypatch.setenv(PURE_PYTHON_ENV, "1")
    with pytest.raises(AttributeError, match="concept"):
        extractor._occurrences(plain, layout, taken, None, None, [])
