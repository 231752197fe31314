"""Candidate resolution's C accelerator and its pure-Python rules agree exactly.

The accelerator (``extraction/_rules.c``) re-implements ``_plain``/``_fits``,
``_contextual``/``_decide``/``_mutual`` and ``_widen`` of ``TaxonomyExtractor``; these tests
hold it to the Python code, which stays the reference, over real postings, fixture resumes
(as text and with their sections) and generated texts full of ambiguous surfaces, and check
that it reaches every rule, hands odd inputs back and keeps memory flat.
"""

from __future__ import annotations

import gc
import tracemalloc
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentmatch._compiled import PURE_PYTHON_ENV, pure_python
from talentmatch.errors import DocumentError
from talentmatch.extraction import TaxonomyExtractor
from talentmatch.extraction import taxonomy_extractor as te
from talentmatch.extraction._rules_accelerator import Native, native
from talentmatch.extraction.context import TextLayout
from talentmatch.extraction.protocols import section_kind
from talentmatch.parsing import parse_resume
from talentmatch.taxonomy import Taxonomy
from talentmatch.taxonomy.matcher import Ambiguity
from talentmatch.taxonomy.tokens import tokenize
from tests.conftest import FIXTURES, load_script, require_built, shared

ROOT = Path(__file__).resolve().parent.parent

HitRow = tuple[int, int, int, object, float, str, int, int]
Resolved = tuple[list[HitRow], list[int]]


def accelerator() -> Native:
    return require_built(native())


def resolve(
    extractor: TaxonomyExtractor, text: str, sections: list[te._Region] | None, pure: str
) -> Resolved:
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv(PURE_PYTHON_ENV, pure)
        hits, _, taken = extractor._resolve(text, sections)
    rows = [
        (h.first, h.last, h.entry.concept, h.kind, h.confidence, h.reason, h.start, h.end)
        for h in hits
    ]
    return rows, sorted(taken)


def assert_alike(
    extractor: TaxonomyExtractor, text: str, sections: list[te._Region] | None = None
) -> list[HitRow]:
    accelerated = resolve(extractor, text, sections, "0")
    assert accelerated == resolve(extractor, text, sections, "1")
    return accelerated[0]


def regions(resume: Any) -> list[te._Region]:
    return [te._Region(s.span.start, s.span.end, section_kind(s)) for s in resume.sections]


@pytest.fixture(scope="module")
def resumes() -> list[Any]:
    found = []
    for path in sorted((FIXTURES / "resumes").iterdir()):
        if path.suffix in {".pdf", ".docx", ".txt"}:
            try:
                found.append(parse_resume(path))
            except DocumentError:  # fixtures of unreadable documents
                continue
    assert len(found) >= 20
    return found


@pytest.fixture(scope="module")
def postings() -> list[str]:
    accuracy = load_script(ROOT / "benchmarks" / "skills_accuracy.py", "skills_accuracy")
    path = shared("skills", "skillspan", "dev.json")
    return [posting.text for posting in accuracy.read_postings(path)]


class Counting:
    """``native()`` of the extractor, counting the texts the C resolved itself."""

    def __init__(self, module: Native) -> None:
        self.module = module
        self.resolved = 0
        self.handed_back = 0

    def resolve(self, *args: Any) -> Any:
        done = self.module.resolve(*args)
        if done is None:
            self.handed_back += 1
        else:
            self.resolved += 1
        return done

    def widen(self, *args: Any) -> Any:
        return self.module.widen(*args)

    def list_neighbours(self, *args: Any) -> Any:
        return self.module.list_neighbours(*args)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> Counting:
    counter = Counting(accelerator())
    monkeypatch.setattr(te, "rules_native", lambda: None if pure_python() else counter)
    return counter


def test_postings_resolve_alike(postings: list[str]) -> None:
    accelerator()
    extractor = TaxonomyExtractor()
    found = sum(bool(assert_alike(extractor, text)) for text in postings)
    assert found >= len(postings) // 2


def test_fixture_resumes_resolve_alike_as_text_and_with_sections(resumes: list[Any]) -> None:
    accelerator()
    for keep in (False, True):
        extractor = TaxonomyExtractor(keep_unclaimed=keep, fuzzy=keep)
        for resume in resumes:
            assert assert_alike(extractor, resume.document.text)
            assert_alike(extractor, resume.document.text, regions(resume))


def test_every_rule_is_reached_on_the_c_path(
    postings: list[str], resumes: list[Any], counting: Counting
) -> None:
    speed = load_script(ROOT / "benchmarks" / "skills_speed.py", "skills_speed")
    extractor = TaxonomyExtractor()
    reasons: Counter[str] = Counter()
    widened: Counter[str] = Counter()
    texts = [(speed.two_page_resume(), None), *((text, None) for text in postings)]
    texts += [(r.document.text, regions(r)) for r in resumes]
    for text, sections in texts:
        hits, layout, _ = extractor._resolve(text, sections)
        tokens = layout.tokens
        for hit in hits:
            reasons[hit.reason] += 1
            widened["before"] += hit.start < tokens.starts[hit.first]
            widened["after"] += hit.end > tokens.ends[hit.last]
    assert counting.resolved == len(texts)
    assert counting.handed_back == 0
    for reason in ("", "capitalisation", "skills_section", "skills_list", "neighbours"):
        assert reasons[reason] > 0, reason
    assert widened["before"] > 0
    assert widened["after"] > 0
    # "Rust and Go" in prose: the two capitalised ambiguous tools support each other.
    hits, _, _ = extractor._resolve("We wrote it in Rust and Go last year.", None)
    assert [h.reason for h in hits] == ["mutual", "mutual"]
    assert counting.resolved == len(texts) + 1


# Texts that each take one rule's rarer branch (see the comments); both paths must agree.
_RULE_TEXTS = [
    "We work with pharmacists daily.",  # the plural of a person noun: other people
    "Grew from 8K to 31K followers; filed the 8-K.",  # a code joined into a quantity
    "Offices in Portland, OR and Salem OR. Skills: OR, SAN",  # a state code after a place
    "Moved to San Diego. Solid understanding of SOLID and San storage.",  # acronyms in words
    "Designed REST APIs and ADLs for Json payloads in Cedar Rapids.",  # plural, mixed case
    "Bundled with Parcel Platform tools, then Parcel and Webpack.",  # "~" name in a name
    "Go-to-market plan, C-level staff, R&D budget, R‐squared and B‑tree.",  # glued
    "Castellano (fluent), speaks Polish; polish the deck.",  # language cues
    "We wrote it in Rust and Go last year.",  # capitalised tools support each other
    "Java 8, PHP 7.4+, Python v3.2.x, Java 8 years, Microsoft SQL Server, cloud technologies",
    "team lead- Excel and Word\n– Swift, Spring – Access",  # a dash ends the sentence
    "Set up CI / CD and ci/cd with A / B TESTING, ＡＩ and ＳＯＣ.",  # capitals, spaced or wide
    "Skills: Chef, Resolve, Access\nTechnologies: cloud java spring\nIV access",  # zones
    "R, C, Go\nWe used R and C daily with SQL.\nC-suite.",  # one-letter names
    "Tableau\n- Excel\nNice to have: Tableau",  # whole items
]


@pytest.mark.parametrize("text", _RULE_TEXTS)
def test_rare_rule_branches_resolve_alike(text: str, counting: Counting) -> None:
    extractor = _extractor()
    assert_alike(extractor, text)
    assert_alike(extractor, text, [te._Region(0, len(text) // 2, "skills")])
    assert counting.resolved == 2
    assert counting.handed_back == 0


# -- generated texts ---------------------------------------------------------------------------


def _surfaces() -> list[str]:
    """Taxonomy surfaces of every kind of ambiguity: one-letter names, names marked "~",
    acronyms, common words, variants and plain names (a fixed sample of each)."""
    matcher = Taxonomy.builtin().matcher
    kinds: dict[str, list[str]] = {"letter": [], "context": [], "acronym": [], "case": []}
    plain: list[str] = []
    for concept in Taxonomy.builtin().concepts:
        for surface in (concept.label, *concept.aliases, *concept.ambiguous):
            entries = matcher.lookup([surface.lower()])
            ambiguity = entries[0].ambiguity if entries else Ambiguity.NONE
            if len(surface) == 1:
                kinds["letter"].append(surface)
            elif surface.isupper():
                kinds["acronym"].append(surface)
            elif ambiguity is Ambiguity.CONTEXT:
                kinds["context"].append(surface)
            elif ambiguity is Ambiguity.CASE:
                kinds["case"].append(surface)
            else:
                plain.append(surface)
    picked = [s for found in kinds.values() for s in sorted(set(found))[::7][:40]]
    # Language names that need context (cues), variants of person nouns and of codes.
    languages = [
        s
        for c in Taxonomy.builtin().concepts
        if c.type == "language"
        for s in (*c.ambiguous, *c.aliases)
    ]
    people = [s for s in plain if s.lower().endswith(te._PERSON_ENDINGS)]
    codes = [s for s in plain if "-" in s and s.split("-")[0].isdigit()]
    return picked + sorted(set(plain))[::40][:40] + languages[:40] + people[::5][:20] + codes


_SURFACES = _surfaces()
_WORDS = [
    "Portland,", "Cedar", "San", "Solid", "Platform", "team", "built", "with", "and", "the",
    "fluent", "English", "Spanish", "pharmacists", "8K", "Microsoft", "Apache", "framework",
    "technologies", "tools", "developer", "skills", "experience", "v3.2.x", "7.4+", "2019",
    "8", "10.1", "years", "%", "x", "OR", "IN", "CA", "Skills:", "TECHNICAL SKILLS\n",
    "Tech stack:", "Industry:", "-to-market", "&D", "-level", "(", ")", "- ", "• ", "We",
]  # fmt: skip
_JOINERS = [
    " ", " ", " ", ", ", "\n", " / ", "; ", " | ", ". ", "-", "&", "", "\t", "\n\n", "- ",
    "– ", "‐", "‑", ": ", " (", ") ", "\n- ",
]  # fmt: skip


@st.composite
def _texts(draw: st.DrawFn) -> str:
    pieces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(_SURFACES).map(
                    lambda s: s  # as authored, or in another case
                )
                | st.sampled_from(_SURFACES).map(str.lower)
                | st.sampled_from(_SURFACES).map(str.upper)
                | st.sampled_from(_SURFACES).map(str.title)
                | st.sampled_from(_SURFACES).map(lambda s: s + "s")
                | st.sampled_from(_SURFACES).map(lambda s: s.replace("/", " / ").replace("-", "")),
                st.sampled_from(_WORDS),
            ),
            max_size=30,
        )
    )
    joiners = draw(st.lists(st.sampled_from(_JOINERS), min_size=len(pieces), max_size=len(pieces)))
    return "".join(p + j for p, j in zip(pieces, joiners, strict=True))


@settings(max_examples=700)
@given(_texts(), st.booleans())
def test_generated_texts_resolve_alike(text: str, zoned: bool) -> None:
    accelerator()
    extractor = _extractor()
    sections = [te._Region(0, len(text) // 2, "skills")] if zoned else None
    assert_alike(extractor, text, sections)


_EXTRACTORS: dict[str, TaxonomyExtractor] = {}


def _extractor() -> TaxonomyExtractor:
    # One extractor for every example: its facts fill as texts name concepts.
    return _EXTRACTORS.setdefault("builtin", TaxonomyExtractor())


@settings(max_examples=1500)
@given(
    st.text(alphabet=st.sampled_from(list("v0123456789.x+\n٣a")), max_size=12)
    | st.from_regex(r"v?\d{1,6}(\.\d{1,6}){0,3}(\.x)?\+?\n?", fullmatch=True)
)
def test_the_version_scanner_is_the_version_pattern(key: str) -> None:
    # widen() takes a tool over the token after it when _VERSION matches that token.
    module = accelerator()
    hit = te._Hit(0, 0, _java_entry(), te._VARIANT, 0.9, "")
    taken = module.widen(
        [hit], ["java", key], ["", " "], [0, 5], [4, 5 + len(key)], _types(),
        te._TOOL, te._FUZZY, frozenset(), frozenset(), frozenset(),
    )  # fmt: skip
    assert taken == {0}
    assert (hit.end == 5 + len(key)) == bool(te._VERSION.match(key))


def _java_entry() -> Any:
    entry = Taxonomy.builtin().matcher.lookup(["java"])[0]
    assert _types()[entry.concept] is te._TOOL
    return entry


def _types() -> list[Any]:
    return _extractor()._facts.types


# -- odd inputs ----------------------------------------------------------------------------------


def _arguments(text: str) -> list[Any]:
    extractor = _extractor()
    scan = extractor.taxonomy.matcher.scan_tokens(text)
    tokens = scan.tokens
    layout = TextLayout(tokens)
    return [
        text, list(tokens.keys), list(tokens.starts), list(tokens.ends), list(tokens.seps),
        list(scan.candidates), layout, extractor._facts.rules(),
    ]  # fmt: skip


def test_odd_inputs_are_handed_back_to_the_python_path() -> None:
    module = accelerator()
    text = "Skills: Go, R, Python. Rust and Go"
    assert module.resolve(*_arguments(text)) is not None
    entry = _arguments(text)[5][0].entries[0]
    odd: list[tuple[int, Any]] = [
        (1, [1, *_arguments(text)[1][1:]]),  # a key that is no str
        (2, [0, len(text) + 5, *_arguments(text)[2][2:]]),  # an offset past the text
        (3, [-1, *_arguments(text)[3][1:]]),  # an end before its start
        (4, _arguments(text)[4][:-1]),  # lists of different lengths
        (5, list(reversed(_arguments(text)[5]))),  # candidates out of token order
        (5, [te.Candidate(0, 0, (entry._replace(ambiguity=7),))]),  # an unknown ambiguity
        (5, [te.Candidate(0, 0, (entry._replace(concept=10**9),))]),  # no such concept
        (5, [te.Candidate(0, 0, (entry._replace(kind="label"),))]),  # an unknown match kind
        (5, [te.Candidate(0, 99, (entry,))]),  # a candidate past the last token
        (5, [te.Candidate(0, 0, ())]),  # no entries
        (5, [(0, 0)]),  # no candidate
        (7, ()),  # rules of another shape
    ]
    for position, value in odd:
        arguments = _arguments(text)
        arguments[position] = value
        assert module.resolve(*arguments) is None, (position, value)


def _rows(done: Any) -> list[tuple[object, ...]]:
    assert done is not None
    return [(h.first, h.last, h.entry, h.kind, h.confidence, h.reason) for h in done[0]]


@dataclass
class _PlainHit:
    """A hit type without slots: the C builds it by calling it."""

    first: int
    last: int
    entry: Any
    kind: Any
    confidence: float
    reason: str
    start: int = 0
    end: int = 0


def test_zones_and_hit_types_of_another_shape_give_the_same_hits() -> None:
    module = accelerator()
    text = "Skills: Go, R, Python, Chef\nRust and Go. Chef and Resolve\nC"
    arguments = _arguments(text)
    tokens = arguments[6].tokens
    arguments[6] = TextLayout(tokens, [(0, 28)])
    expected = _rows(module.resolve(*arguments))
    assert any(row[5] == "skills_section" for row in expected)
    arguments[6] = TextLayout(tokens, [[0, 28]])  # zones of lists: the layout is asked
    assert _rows(module.resolve(*arguments)) == expected
    arguments[6] = TextLayout(tokens, [(0, 28)])
    arguments[7] = (_PlainHit, *arguments[7][1:])
    done = module.resolve(*arguments)
    assert done is not None
    assert all(type(hit) is _PlainHit for hit in done[0])
    assert _rows(done) == expected


_SENTENCES = ["Go", "Rust", "C", "Java", "ok", ".", "!", "?", "…", " ", "  ", "\t", "\n", "\n\n",
              "\u00a0", "\u2028", '"', "(", "[", "A", "7", "•", "*", "-", "a"]  # fmt: skip


@settings(max_examples=1000)
@given(st.lists(st.sampled_from(_SENTENCES), max_size=40))
def test_the_c_reads_the_layouts_sentences_as_the_layout_answers(pieces: list[str]) -> None:
    # resolve() answers segment_of and segment_bounds from TextLayout.segment_table();
    # every offset of the text gets the layout's own answers.
    module = accelerator()
    text = "".join(pieces)
    layout = TextLayout(tokenize(text))
    offsets = list(range(len(text) + 1))
    expected = [
        (layout.segment_of(o), layout.segment_bounds(layout.segment_of(o))) for o in offsets
    ]
    assert module.segments(layout, offsets) == expected


class _OddTable(TextLayout):
    """A layout whose sentence table is of another shape: the C asks it per hit instead."""

    asked = 0

    def segment_table(self) -> Any:
        return list(super().segment_table())

    def segment_of(self, offset: int) -> tuple[int, int]:
        _OddTable.asked += 1
        return super().segment_of(offset)


def test_a_sentence_table_of_another_shape_gives_the_same_hits() -> None:
    module = accelerator()
    text = "Skills: Go, R, Python. Chef and Puppet\nRust and Go. Chef and Resolve. C, C++ and Go"
    arguments = _arguments(text)
    tokens = arguments[6].tokens
    expected = _rows(module.resolve(*arguments))
    assert len({row[0] for row in expected}) >= 5
    arguments[6] = _OddTable(tokens)
    assert module.segments(arguments[6], [0]) is None
    assert _rows(module.resolve(*arguments)) == expected
    assert _OddTable.asked > 0


def test_odd_hits_are_handed_back_by_widen() -> None:
    module = accelerator()
    text = "Java 8"
    tokens = Taxonomy.builtin().matcher.scan_tokens(text).tokens
    lists = (tokens.keys, tokens.seps, tokens.starts, tokens.ends, _types())
    tail = (te._TOOL, te._FUZZY, te._GENERIC_TAILS, te._NOT_VERSION_AFTER, te.VENDORS)
    good = te._Hit(0, 0, _java_entry(), te._VARIANT, 0.9, "")
    assert module.widen([good], *lists, *tail) == {0}
    assert (good.start, good.end) == (0, 6)
    assert module.widen([good], *lists[:3], lists[3][:1], lists[4], *tail) is None
    for odd in (
        te._Hit(0, 5, _java_entry(), te._VARIANT, 0.9, ""),  # past the last token
        te._Hit(1, 0, _java_entry(), te._VARIANT, 0.9, ""),  # last before first
        te._Hit(0, 0, _java_entry()._replace(concept=10**9), te._VARIANT, 0.9, ""),
    ):
        odd.start = odd.end = -1
        assert module.widen([good, odd], *lists, *tail) is None
        assert (odd.start, odd.end) == (-1, -1)  # nothing changed before handing back


class _Key(str):
    """A token key of another str type: the C hands the text back rather than assume."""

    __slots__ = ()


def test_extraction_hands_an_odd_text_back_whole(
    monkeypatch: pytest.MonkeyPatch, counting: Counting
) -> None:
    extractor = TaxonomyExtractor()
    text = "Skills: Go, R, Python. Rust and Go, Java 8"
    expected = [(m.label, m.surface) for m in extractor.extract(text)]
    assert counting.resolved == 1
    assert counting.handed_back == 0
    matcher = extractor.taxonomy.matcher
    scan_tokens = type(matcher).scan_tokens

    def odd_scan(self: Any, source: Any) -> Any:
        scan = scan_tokens(self, source)
        scan.tokens.keys[:] = [_Key(key) for key in scan.tokens.keys]
        return scan

    monkeypatch.setattr(type(matcher), "scan_tokens", odd_scan)
    assert [(m.label, m.surface) for m in extractor.extract(text)] == expected
    assert counting.resolved == 1
    assert counting.handed_back == 1


# -- memory --------------------------------------------------------------------------------------


def test_memory_stays_flat_over_repeated_extractions() -> None:
    accelerator()
    speed = load_script(ROOT / "benchmarks" / "skills_speed.py", "skills_speed")
    extractor = TaxonomyExtractor()
    text = speed.two_page_resume()
    for _ in range(20):  # the extractor's per-concept facts fill on first use
        extractor.extract(text)
    gc.collect()
    objects = len(gc.get_objects())
    for _ in range(100):
        extractor.extract(text)
    gc.collect()
    assert len(gc.get_objects()) - objects < 20
    tracemalloc.start()
    try:
        extractor.extract(text)
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(100):
            extractor.extract(text)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # Each extraction makes hundreds of hits, ints and strings: a leak of any of them per
    # extraction (a missing decref, a buffer not freed) grows by more than this.
    assert grown < 100 * 24, grown


def hit_at(first: int, last: int) -> te._Hit:
    """A hit of Python over tokens ``first`` to ``last`` (only the tokens matter here)."""
    entry = Taxonomy.builtin().matcher.lookup(["python"])[0]
    return te._Hit(first, last, entry, entry.kind, 0.9, "")


@settings(max_examples=400, deadline=None)
@given(
    keys=st.lists(
        st.sampled_from(["python", ",", "and", "/", "go", "|", "rust", "·"]), max_size=15
    ),
    spans=st.lists(st.tuples(st.integers(0, 14), st.integers(0, 2)), max_size=6),
    marks=st.lists(st.booleans(), min_size=15, max_size=15),
)
def test_list_neighbours_in_c_are_the_python_ones(
    keys: list[str], spans: list[tuple[int, int]], marks: list[bool]
) -> None:
    module = accelerator()
    hits = [
        hit_at(first, min(first + extra, len(keys) - 1))
        for first, extra in spans
        if first < len(keys)
    ]
    covered = bytearray(marks[: len(keys)])
    expected = te._list_neighbours(hits, keys, covered)
    assert module.list_neighbours(hits, keys, covered, te._LIST_JOINERS) == expected


def test_list_neighbours_of_odd_input_are_left_to_python() -> None:
    module = accelerator()
    keys = ["python", ",", "go", "and", "rust"]
    hit = hit_at(2, 2)
    assert module.list_neighbours([hit], keys, bytearray(5), te._LIST_JOINERS) == {0, 4}
    odd: list[tuple[list[Any], list[Any], bytearray]] = [
        ([hit], [*keys[:4], type("Key", (str,), {})("rust")], bytearray(5)),  # a str subclass
        ([hit], keys, bytearray(4)),  # covered shorter than the keys
        ([hit_at(2, 9)], keys, bytearray(5)),  # a token past the text
        ([hit_at(True, True)], keys, bytearray(5)),  # bools, not ints
    ]
    for hits, odd_keys, covered in odd:
        assert module.list_neighbours(hits, odd_keys, covered, te._LIST_JOINERS) is None
    with pytest.raises(AttributeError):
        module.list_neighbours([object()], keys, bytearray(5), te._LIST_JOINERS)


# -- review findings: what Python code may change while the C runs, and long sentences -----------


def test_a_links_entry_replaced_while_resolving_changes_nothing() -> None:
    accelerator()
    extractor = TaxonomyExtractor()
    facts = extractor._facts
    text = "Worked with Go, CPR, phlebotomy, bookkeeping, Rust, Chef, payroll, Swift and Access. "
    expected, _, _ = extractor._resolve(text * 3, None)
    rules = list(facts.rules())
    real_family = facts.family

    class Equal(tuple):  # type: ignore[type-arg]
        """An equal tuple, as another thread sharing the facts might store."""

    def family(index: int) -> str:
        for key, value in list(facts._links.items()):
            facts._links[key] = Equal(value)  # frees the tuple unless the C holds it
        return real_family(index)

    rules[21], rules[22] = family, {}  # the C then asks family() for every concept
    facts._rules = tuple(rules)
    try:
        hits, _, _ = extractor._resolve(text * 3, None)
    finally:
        facts._rules = None
    assert [(h.first, h.last, h.reason) for h in hits] == [
        (h.first, h.last, h.reason) for h in expected
    ]


def test_widen_holds_its_inputs_while_python_code_runs() -> None:
    module = accelerator()
    hits: list[Any] = []

    class Emptying:
        entry, kind, last = (0,), None, 0

        @property
        def first(self) -> int:
            hits.clear()  # drops the list's reference to this hit
            return 0

    hits.append(Emptying())
    args = (
        ["a"],
        [""],
        [0],
        [1],
        [None],
        object(),
        object(),
        frozenset(),
        frozenset(),
        frozenset(),
    )
    assert module.widen(hits, *args) in (None, {0})  # handed back or widened; no crash


def test_one_long_sentence_resolves_alike() -> None:
    accelerator()
    words = ["Python", "payroll", "Go", "Chef", "bookkeeping", "Rust", "Access", "phlebotomy"]
    text = ", ".join(words[i % len(words)] for i in range(3_000))  # one line, one sentence
    assert_alike(TaxonomyExtractor(), text)
