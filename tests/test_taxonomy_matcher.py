"""Tokenisation, surface-form variants and the compiled alias matcher."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from talentmatch.taxonomy import Ambiguity, Concept, Taxonomy
from talentmatch.taxonomy.matcher import AliasMatcher
from talentmatch.taxonomy.tokens import alias_variants, normalize_key, surface_keys, tokenize


def test_tokens_keep_names_with_punctuation_and_original_offsets() -> None:
    text = "C++17, C#/.NET, Node.js & CI/CD; ASP.NET-based; API’s"
    tokens = tokenize(text)
    pieces = [text[a:b] for a, b in zip(tokens.starts, tokens.ends, strict=True)]
    assert pieces == [
        "C++", "17", ",", "C#", "/", ".NET", ",", "Node.js", "&", "CI", "/", "CD", ";",
        "ASP.NET", "based", ";", "API", "’", "s",
    ]  # fmt: skip
    assert tokens.keys[0] == "c++"
    assert tokens.keys[-3] == "api"


def test_unicode_text_is_normalised_but_offsets_stay_original() -> None:
    text = "Ｐｙｔｈｏｎ and Ünïcode"
    tokens = tokenize(text)
    assert tokens.keys == ["python", "and", "ünïcode"]
    assert text[tokens.starts[0] : tokens.ends[0]] == "Ｐｙｔｈｏｎ"
    assert normalize_key("ＡＰＩ’s") == "api's"


@given(st.text(max_size=200))
def test_token_offsets_always_slice_the_original_text(text: str) -> None:
    tokens = tokenize(text)
    assert len(tokens.keys) == len(tokens.starts) == len(tokens.ends) == len(tokens.seps)
    previous_end = 0
    for key, start, end in zip(tokens.keys, tokens.starts, tokens.ends, strict=True):
        assert previous_end <= start < end <= len(text)
        assert key == normalize_key(text[start:end])
        previous_end = end


def test_variants_cover_plurals_spelling_punctuation_and_singulars() -> None:
    def forms(surface: str, **kw: bool) -> set[str]:
        return {" ".join(v) for v in alias_variants(surface, singular_ok=False, **kw)}

    assert "apis" in forms("API")
    assert {"nodejs", "node js"} <= forms("Node.js")
    assert "ci cd" in forms("CI/CD")
    assert "frontend" in forms("front-end")
    assert "optimization" in forms("Optimisation")
    assert forms("C++") == set()
    assert "microservice" in {
        " ".join(v) for v in alias_variants("microservices", singular_ok=True)
    }
    assert "data analyses" in forms("data analysis")
    assert forms("Kubernetes", plural_ok=False) == set()


def test_keys_treat_hyphens_as_spaces() -> None:
    assert surface_keys("Front-End") == surface_keys("front end") == ("front", "end")


def make(*concepts: Concept) -> AliasMatcher:
    return AliasMatcher.compile(list(concepts))


def c(cid: str, label: str, **extra: object) -> Concept:
    return Concept.model_validate(
        {"id": cid, "label": label, "type": "tool", "category": "software", **extra}
    )


def test_longest_match_and_every_shorter_candidate_are_reported() -> None:
    matcher = make(c("x:s", "Spring", ambiguous=("Spring",)), c("x:sb", "Spring Boot"))
    scan = matcher.scan_tokens("Spring Boot and Spring")
    assert [(k.first, k.last) for k in scan.candidates] == [(0, 0), (0, 1), (3, 3)]


def test_matches_never_cross_a_blank_line() -> None:
    matcher = make(c("x:ml", "Machine Learning", type="knowledge"))
    assert matcher.scan_tokens("machine\nlearning").candidates
    assert not matcher.scan_tokens("machine\n\nlearning").candidates


def test_ambiguity_levels() -> None:
    matcher = make(
        c("x:go", "Go", ambiguous=("Go",)),
        c("x:r", "R"),
        c("x:ai", "AI", type="knowledge"),
        c("x:excel", "Excel"),
        c("x:k8s", "Kubernetes"),
        c("x:fin", "Finance", type="knowledge"),
    )

    def level(word: str) -> Ambiguity:
        return matcher.lookup([word])[0].ambiguity

    assert level("go") is Ambiguity.CONTEXT
    assert level("r") is Ambiguity.CONTEXT
    assert level("ai") is Ambiguity.CASE
    assert level("excel") is Ambiguity.CASE
    assert level("kubernetes") is Ambiguity.NONE
    assert level("finance") is Ambiguity.CONTEXT


def test_variants_never_create_everyday_words_and_never_displace_written_surfaces() -> None:
    matcher = make(
        c("x:wills", "Wills", type="knowledge"),
        c("x:apis", "APIs", type="knowledge"),
        c("x:api", "API Gateway", aliases=("API",)),
    )
    assert matcher.lookup(["will"]) == ()
    assert matcher.lookup(["api"])[0].concept == 2
    assert matcher.knows("apis")
    assert not matcher.knows("zebra")


def test_skill_groups_are_not_matchable() -> None:
    matcher = make(c("x:g", "computer programming", flags=("skill_group",)))
    assert matcher.size == 0


def test_builtin_matcher_is_cached_on_the_taxonomy() -> None:
    taxonomy = Taxonomy.builtin()
    assert taxonomy.matcher is taxonomy.matcher
    assert taxonomy.matcher.size > 10_000
