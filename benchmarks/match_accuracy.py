"""Ranking accuracy of ``talentmatch.rank`` against two keyword baselines on the same texts.

Ground truth: ``fixtures/matching/expected.json`` (graded relevance 0-3 of every resume for
every job, and pairwise orderings a recruiter is sure of), written before any scorer ran.
For each job, every resume in ``fixtures/matching/resumes/`` is ranked by:

- ``talentmatch``: ``parse_job`` on the posting text, ``rank`` over the resume texts (one
  profile per resume, built once and reused for all jobs, with "present" pinned to the
  fixtures' ``as_of`` date so the figures do not drift with the wall clock);
- ``bm25``: Okapi BM25 (k1=1.2, b=0.75, Lucene's non-negative idf), the posting as the query;
- ``tfidf``: cosine of tf-idf vectors (raw counts, smoothed idf fitted on the resumes, L2).

Both baselines tokenise the same way: lower case, runs of letters and digits, English stop
words removed. Metrics per method, averaged over jobs: NDCG@5 and NDCG over the whole list
(gain 2^grade - 1), mean average precision (grade >= 2 is relevant), and the share of the
explicit pairs ordered right (a tie counts as wrong: a ranking must decide).

The floor is measured in the same run: the issue's target is talentmatch MAP >= the better
baseline MAP (``target_met``). The benchmark reports; it always exits 0.

Usage: ``.venv/bin/python benchmarks/match_accuracy.py [--details]``; ``--details`` adds,
per job, talentmatch's top five and the pairs it gets wrong (fixture ids only, never text).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "matching"
RELEVANT_GRADE = 2
BM25_K1 = 1.2
BM25_B = 0.75

# A standard English stop-word list (the classic SMART/NLTK core), so the baselines are the
# textbook ones a reader would build, not tuned to these fixtures.
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves""".split()
)
_TOKEN = re.compile(r"[a-z0-9]+")

FloatArray = npt.NDArray[np.float64]
Scorer = Callable[[str], FloatArray]


def tokenize(text: str) -> list[str]:
    """Lower-case alphanumeric tokens without stop words."""
    return [t for t in _TOKEN.findall(text.lower()) if t not in STOPWORDS]


@dataclass(frozen=True)
class Corpus:
    """Tokenised resumes as a term-count matrix, shared by both baselines."""

    vocabulary: dict[str, int]
    counts: FloatArray  # documents x terms

    @classmethod
    def build(cls, texts: Sequence[str]) -> Corpus:
        docs = [Counter(tokenize(t)) for t in texts]
        vocabulary = {term: i for i, term in enumerate(sorted(set().union(*docs)))}
        counts = np.zeros((len(docs), len(vocabulary)), dtype=np.float64)
        for row, doc in enumerate(docs):
            for term, n in doc.items():
                counts[row, vocabulary[term]] = n
        return cls(vocabulary, counts)

    def query_counts(self, text: str) -> FloatArray:
        """Counts of the query's terms that occur in the collection (others cannot match)."""
        vector = np.zeros(len(self.vocabulary), dtype=np.float64)
        for term, n in Counter(tokenize(text)).items():
            column = self.vocabulary.get(term)
            if column is not None:
                vector[column] = n
        return vector


def bm25_scorer(corpus: Corpus) -> Scorer:
    """Okapi BM25; a query term counts as often as it occurs in the query (as rank_bm25)."""
    n_docs = corpus.counts.shape[0]
    df = (corpus.counts > 0).sum(axis=0)
    idf = np.log((n_docs - df + 0.5) / (df + 0.5) + 1.0)
    lengths = corpus.counts.sum(axis=1)
    norm = BM25_K1 * (1.0 - BM25_B + BM25_B * lengths / lengths.mean())
    tf = corpus.counts
    saturated = tf * (BM25_K1 + 1.0) / (tf + norm[:, None])

    def score(query: str) -> FloatArray:
        return np.asarray(saturated @ (idf * corpus.query_counts(query)), dtype=np.float64)

    return score


def tfidf_scorer(corpus: Corpus) -> Scorer:
    """Cosine similarity of tf-idf vectors (smoothed idf as scikit-learn's default)."""
    n_docs = corpus.counts.shape[0]
    df = (corpus.counts > 0).sum(axis=0)
    idf = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
    docs = corpus.counts * idf
    docs /= np.maximum(np.linalg.norm(docs, axis=1, keepdims=True), 1e-12)

    def score(query: str) -> FloatArray:
        q = corpus.query_counts(query) * idf
        q /= max(float(np.linalg.norm(q)), 1e-12)
        return np.asarray(docs @ q, dtype=np.float64)

    return score


def ranking(scores: FloatArray) -> list[int]:
    """Positions best first; ties keep input order (as ``talentmatch.rank`` does)."""
    return [int(i) for i in np.lexsort((np.arange(len(scores)), -scores))]


def ndcg(grades_in_order: Sequence[int], k: int | None = None) -> float:
    """NDCG with gain 2^grade - 1 over the first ``k`` positions (all when None)."""
    ideal = sorted(grades_in_order, reverse=True)
    cut = len(grades_in_order) if k is None else k

    def dcg(grades: Sequence[int]) -> float:
        return sum((2.0**g - 1.0) / math.log2(i + 2) for i, g in enumerate(grades[:cut]))

    best = dcg(ideal)
    return dcg(grades_in_order) / best if best > 0 else 0.0


def average_precision(grades_in_order: Sequence[int]) -> float:
    """Average precision; grade >= RELEVANT_GRADE is relevant."""
    hits, total = 0, 0.0
    for position, grade in enumerate(grades_in_order, start=1):
        if grade >= RELEVANT_GRADE:
            hits += 1
            total += hits / position
    return total / hits if hits else 0.0


@dataclass(frozen=True)
class Fixtures:
    """Job texts, resume texts (sorted by id) and the expected grades and pairs."""

    job_ids: tuple[str, ...]
    job_texts: dict[str, str]
    resume_ids: tuple[str, ...]
    resume_texts: tuple[str, ...]
    grades: dict[str, dict[str, int]]
    pairs: dict[str, list[dict[str, str]]]
    as_of: date

    @classmethod
    def load(cls, root: Path = FIXTURES) -> Fixtures:
        expected = json.loads((root / "expected.json").read_text(encoding="utf-8"))
        paths = sorted((root / "resumes").glob("*.txt"))
        resume_ids = tuple(p.stem for p in paths)
        default = int(expected["default_grade"])
        jobs: dict[str, Any] = expected["jobs"]
        return cls(
            job_ids=tuple(sorted(jobs)),
            job_texts={
                j: (root / spec["file"]).read_text(encoding="utf-8") for j, spec in jobs.items()
            },
            resume_ids=resume_ids,
            resume_texts=tuple(p.read_text(encoding="utf-8") for p in paths),
            grades={
                j: {r: int(spec["relevance"].get(r, default)) for r in resume_ids}
                for j, spec in jobs.items()
            },
            pairs={j: list(spec["pairs"]) for j, spec in jobs.items()},
            as_of=date.fromisoformat(expected["as_of"]),
        )


def evaluate(
    fixtures: Fixtures, scores_by_job: Mapping[str, FloatArray], *, details: bool = False
) -> dict[str, Any]:
    """Mean metrics over jobs for one method, plus per-job figures."""
    position = {r: i for i, r in enumerate(fixtures.resume_ids)}
    per_job: dict[str, Any] = {}
    held = total = ties = 0
    for job in fixtures.job_ids:
        scores = scores_by_job[job]
        grades = [fixtures.grades[job][fixtures.resume_ids[i]] for i in ranking(scores)]
        failed = []
        for pair in fixtures.pairs[job]:
            above, below = scores[position[pair["above"]]], scores[position[pair["below"]]]
            total += 1
            if above > below:
                held += 1
            else:
                ties += int(above == below)
                failed.append(f"{pair['above']} > {pair['below']}")
        entry: dict[str, Any] = {
            "ndcg@5": round(ndcg(grades, 5), 4),
            "ndcg": round(ndcg(grades), 4),
            "ap": round(average_precision(grades), 4),
            "pairs_ok": f"{len(fixtures.pairs[job]) - len(failed)}/{len(fixtures.pairs[job])}",
        }
        if details:
            entry["top5"] = [
                f"{fixtures.resume_ids[i]} ({fixtures.grades[job][fixtures.resume_ids[i]]}): "
                f"{scores[i]:.3g}"
                for i in ranking(scores)[:5]
            ]
            entry["failed_pairs"] = failed
        per_job[job] = entry
    return {
        "map": round(float(np.mean([e["ap"] for e in per_job.values()])), 4),
        "ndcg@5": round(float(np.mean([e["ndcg@5"] for e in per_job.values()])), 4),
        "ndcg": round(float(np.mean([e["ndcg"] for e in per_job.values()])), 4),
        "pair_accuracy": round(held / total, 4) if total else None,
        "pairs": f"{held}/{total}",
        "pair_ties": ties,
        "per_job": per_job,
    }


def talentmatch_scores(fixtures: Fixtures) -> dict[str, FloatArray] | str:
    """Scores of every resume for every job with ``rank``, or why they cannot be computed."""
    try:
        from talentmatch.matching import ProfileIndex, profile_of, rank
        from talentmatch.parsing import parse_resume  # noqa: F401  (needed by profile_of)
        from talentmatch.parsing.job_posting import parse_job
    except ImportError as exc:
        return (
            f"talentmatch cannot rank yet ({exc}); this benchmark needs "
            "talentmatch.parsing.parse_resume and talentmatch.matching.rank."
        )
    from talentmatch.errors import TalentMatchError

    out: dict[str, FloatArray] = {}
    try:
        index = ProfileIndex.build(
            [profile_of(text, as_of=fixtures.as_of) for text in fixtures.resume_texts]
        )
        for job in fixtures.job_ids:
            scores = np.zeros(len(fixtures.resume_ids), dtype=np.float64)
            for result in rank(index, parse_job(fixtures.job_texts[job])):
                assert result.index is not None
                scores[result.index] = result.score
            out[job] = scores
    except TalentMatchError as exc:
        # A broken taxonomy or parser is a finding to report, not a crash of the report.
        return f"talentmatch failed on the fixtures: {type(exc).__name__}: {exc}"
    return out


def _jobs_behind(report: Mapping[str, Any]) -> dict[str, str]:
    """Jobs where talentmatch's average precision is below the better baseline's."""
    behind = {}
    for job, entry in report["talentmatch"]["per_job"].items():
        best = max(report["bm25"]["per_job"][job]["ap"], report["tfidf"]["per_job"][job]["ap"])
        if entry["ap"] < best:
            behind[job] = f"AP {entry['ap']:.3f} vs {best:.3f}"
    return behind


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--details", action="store_true", help="per-job top 5 and failed pairs")
    args = parser.parse_args(argv)
    fixtures = Fixtures.load()
    corpus = Corpus.build(fixtures.resume_texts)
    report: dict[str, Any] = {
        "jobs": len(fixtures.job_ids),
        "resumes": len(fixtures.resume_ids),
        "pairs": sum(len(p) for p in fixtures.pairs.values()),
        "relevant_grade": RELEVANT_GRADE,
    }
    for name, scorer in (("bm25", bm25_scorer(corpus)), ("tfidf", tfidf_scorer(corpus))):
        scores = {job: scorer(fixtures.job_texts[job]) for job in fixtures.job_ids}
        report[name] = evaluate(fixtures, scores, details=False)
    started = time.perf_counter()
    tm = talentmatch_scores(fixtures)
    if isinstance(tm, str):
        print(tm, file=sys.stderr)
        report["talentmatch"] = {"error": tm}
    else:
        report["talentmatch"] = evaluate(fixtures, tm, details=args.details)
        report["talentmatch"]["seconds"] = round(time.perf_counter() - started, 2)
        floor = max(report["bm25"]["map"], report["tfidf"]["map"])
        report["target"] = {
            "rule": "talentmatch MAP >= max(BM25 MAP, TF-IDF MAP)",
            "floor_map": floor,
            "talentmatch_map": report["talentmatch"]["map"],
            "ratio": round(report["talentmatch"]["map"] / floor, 4) if floor else None,
            "target_met": report["talentmatch"]["map"] >= floor,
            "jobs_behind": _jobs_behind(report),
        }
    if not args.details:
        for name in ("bm25", "tfidf", "talentmatch"):
            if isinstance(report.get(name), dict):
                report[name].pop("per_job", None)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
