"""The pieces of ``benchmarks/skills_ceiling.py``, whose figures docs/skills.md quotes."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from tests.conftest import load_script

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_script(ROOT / "benchmarks" / "skills_ceiling.py", "skills_ceiling_bench")


def test_tags_become_token_spans(bench: ModuleType) -> None:
    o, b, i = bench.O_TAG, bench.B_TAG, bench.I_TAG
    assert bench.tags_to_spans([o, b, i, i, o, b, b, i], 10) == {(11, 13), (15, 15), (16, 17)}
    # an I with nothing open starts a span, as SkillSpan's reader treats it
    assert bench.tags_to_spans([i, i, o, i], 0) == {(0, 1), (3, 3)}
    assert bench.tags_to_spans([], 0) == set()


def test_viterbi_never_puts_inside_after_outside(bench: ModuleType) -> None:
    # Emissions favour O then I; the ban on O->I must turn the I into a B (or keep O).
    emissions = np.array([[5.0, 0.0, 0.0], [0.0, 1.0, 3.0]])
    transitions, starts = bench.Perceptron._masked(np.zeros((3, 3)), np.zeros(3))
    path = bench.viterbi(emissions, transitions, starts)
    assert path == [bench.O_TAG, bench.B_TAG]
    free = bench.viterbi(emissions, np.zeros((3, 3)), np.zeros(3))
    assert free == [bench.O_TAG, bench.I_TAG]


def test_the_perceptron_learns_a_separable_pattern(bench: ModuleType) -> None:
    # A two-word name after "know" is a span; anything else is not.
    def sentence(words: list[str]) -> list[list[str]]:
        return [
            ["bias", "w=" + w, "prev=" + (words[k - 1] if k else "<S>")]
            for k, w in enumerate(words)
        ]

    o, b, i = bench.O_TAG, bench.B_TAG, bench.I_TAG
    data = [
        (sentence(["we", "know", "deep", "learning"]), [o, o, b, i]),
        (sentence(["deep", "water", "is", "cold"]), [o, o, o, o]),
        (sentence(["they", "know", "data", "science"]), [o, o, b, i]),
        (sentence(["learning", "is", "fun", "here"]), [o, o, o, o]),
    ]
    model = bench.Perceptron().fit(data, epochs=10)
    for features, gold in data:
        assert model.predict(features, 0.0) == gold
    # a large negative bias suppresses every span; a large positive one marks every token
    assert set(model.predict(data[0][0], -100.0)) == {o}
    assert o not in model.predict(data[1][0], 100.0)


def test_missing_data_is_reported(
    bench: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bench.main(["--data", str(tmp_path)]) == 2
    assert "SkillSpan not found" in json.loads(capsys.readouterr().out)["error"]
