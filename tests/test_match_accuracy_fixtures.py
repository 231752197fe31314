"""The matching ground truth (fixtures/matching) is well formed, and rank() respects it.

The fixture checks guard the ground truth itself: every referenced file exists, grades are
0-3, explicit pairs never contradict the grades, every job has candidates on both sides,
and the people in it are visibly fictional. The last test runs the real scorer over all of
it and asserts that at least 90% of the explicit pairwise orderings hold; it does not skip
when the parser is missing, because CI must notice.
"""

from __future__ import annotations

import json
import re
from types import ModuleType
from typing import Any

import numpy as np
import pytest

from tests.conftest import FIXTURES, ROOT, load_script

MATCHING = FIXTURES / "matching"
PAIR_TARGET = 0.90


def _benchmark() -> ModuleType:
    # The test ranks exactly as the benchmark does, so the two cannot drift apart.
    return load_script(ROOT / "benchmarks" / "match_accuracy.py", "match_accuracy_benchmark")


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((MATCHING / "expected.json").read_text(encoding="utf-8"))
    return data


def _resume_ids() -> set[str]:
    return {p.stem for p in (MATCHING / "resumes").glob("*.txt")}


def _grade(expected: dict[str, Any], job: str, resume: str) -> int:
    return int(expected["jobs"][job]["relevance"].get(resume, expected["default_grade"]))


def test_fixture_set_is_as_large_as_the_issue_asks(expected: dict[str, Any]) -> None:
    assert len(expected["jobs"]) >= 10
    assert len(_resume_ids()) >= 30
    assert len(list((MATCHING / "jobs").glob("*.txt"))) == len(expected["jobs"])


def test_every_referenced_file_exists(expected: dict[str, Any]) -> None:
    resumes = _resume_ids()
    missing = []
    for job, spec in expected["jobs"].items():
        if not (MATCHING / spec["file"]).is_file():
            missing.append(spec["file"])
        named = set(spec["relevance"])
        named |= {p[side] for p in spec["pairs"] for side in ("above", "below")}
        missing += [f"{job}: {r}" for r in sorted(named - resumes)]
    assert missing == []


def test_grades_are_0_to_3(expected: dict[str, Any]) -> None:
    assert int(expected["default_grade"]) == 0
    bad = [
        (job, resume, grade)
        for job, spec in expected["jobs"].items()
        for resume, grade in spec["relevance"].items()
        if not (isinstance(grade, int) and 0 <= grade <= 3)
    ]
    assert bad == []


def test_pairs_agree_with_grades_and_each_other(expected: dict[str, Any]) -> None:
    problems = []
    for job, spec in expected["jobs"].items():
        seen: set[tuple[str, str]] = set()
        for pair in spec["pairs"]:
            above, below = pair["above"], pair["below"]
            if above == below or (above, below) in seen or (below, above) in seen:
                problems.append(f"{job}: {above} / {below} repeated or contradicted")
            seen.add((above, below))
            if _grade(expected, job, above) < _grade(expected, job, below):
                problems.append(f"{job}: {above} ranked above a better-graded {below}")
            if not pair.get("reason", "").strip():
                problems.append(f"{job}: {above} > {below} has no reason")
    assert problems == []


def test_every_job_has_relevant_and_irrelevant_candidates(expected: dict[str, Any]) -> None:
    resumes = _resume_ids()
    for job in expected["jobs"]:
        grades = [_grade(expected, job, r) for r in resumes]
        assert max(grades) >= 2, f"{job} has no relevant resume"
        assert min(grades) == 0, f"{job} has no off-field resume"
        assert 3 in grades, f"{job} has no strong candidate"


def test_the_issue_examples_are_pinned(expected: dict[str, Any]) -> None:
    pairs = {(p["above"], p["below"]) for p in expected["jobs"]["backend_engineer_senior"]["pairs"]}
    assert ("backend_senior_python", "icu_nurse_senior") in pairs
    assert ("backend_senior_python", "backend_junior_python") in pairs


def test_people_in_the_fixtures_are_visibly_fictional() -> None:
    emails = re.compile(r"[\w.+-]+@([\w-]+\.[\w.]+)")
    for path in sorted((MATCHING / "resumes").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        domains = set(emails.findall(text))
        assert domains == {"example.com"}, f"{path.name}: {domains}"
        assert "555" in text, f"{path.name} has no 555 phone number"


def test_metrics_on_known_rankings() -> None:
    bench = _benchmark()
    assert bench.ndcg([3, 2, 1, 0]) == pytest.approx(1.0)
    assert bench.ndcg([0, 1, 2, 3]) < 0.6
    assert bench.average_precision([2, 0, 3, 0]) == pytest.approx((1 / 1 + 2 / 3) / 2)
    assert bench.average_precision([1, 0]) == 0.0
    assert bench.ranking(np.array([0.5, 0.9, 0.5])) == [1, 0, 2]


def test_baselines_score_keyword_overlap() -> None:
    bench = _benchmark()
    corpus = bench.Corpus.build(
        ["Python developer with Django", "Nurse in the ICU", "Python and the ICU"]
    )
    for scorer in (bench.bm25_scorer(corpus), bench.tfidf_scorer(corpus)):
        scores = scorer("Django Python developer")
        assert scores[0] > scores[2] > scores[1] == 0.0
    assert bench.tokenize("The C++ and Go developer") == ["c", "go", "developer"]


def test_rank_orders_the_expected_pairs() -> None:
    bench = _benchmark()
    fixtures = bench.Fixtures.load(MATCHING)
    scores = bench.talentmatch_scores(fixtures)
    assert not isinstance(scores, str), scores
    position = {r: i for i, r in enumerate(fixtures.resume_ids)}
    failed, total = [], 0
    for job in fixtures.job_ids:
        for pair in fixtures.pairs[job]:
            total += 1
            above = scores[job][position[pair["above"]]]
            below = scores[job][position[pair["below"]]]
            if not above > below:
                failed.append(
                    f"{job}: {pair['above']} ({above:.1f}) should beat {pair['below']} "
                    f"({below:.1f}): {pair['reason']}"
                )
    share = 1 - len(failed) / total
    assert share >= PAIR_TARGET, (
        f"{share:.1%} of {total} expected orderings hold (target {PAIR_TARGET:.0%}); failing:\n"
        + "\n".join(failed)
    )
