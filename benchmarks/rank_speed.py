"""Ranking speed: vectorised scoring of many synthetic profiles, against two floors.

Prints JSON with:

* ``score_100k_ms``: median time of ``score_index`` (what ``rank`` runs) for 100,000
  profiles x 1 job, with the profiles indexed once beforehand (goal < 50 ms);
* ``bare_numpy_ms`` and ``ratio_vs_bare_numpy``: the same arithmetic on dense arrays that
  already hold each candidate's best strength per requirement, i.e. the least work any
  implementation must do (goal ratio <= 2);
* ``python_loop_match_ms_per_candidate`` and ``ratio_vs_python_loop``: ``match()`` called in
  a Python loop, timed on a sample and scaled to 100,000;
* ``rank_top100_ms``: ``rank(index, job, top_k=100)``, scoring plus 100 explanations;
* ``matrix_10k_x_1k_s`` and ``matrix_peak_mib``: ``match_matrix`` for 10,000 profiles x
  1,000 jobs, with the peak memory traced by ``tracemalloc``.

Run: ``.venv/bin/python benchmarks/rank_speed.py [--quick]``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

from talentmatch.config import MatchSettings, Weights
from talentmatch.matching import match, match_matrix, rank
from talentmatch.matching.scoring import ProfileIndex, score_index
from talentmatch.models.job import (
    EducationRequirement,
    Importance,
    JobPosting,
    LanguageRequirement,
    SkillRequirement,
)
from talentmatch.models.profile import CandidateProfile, ProfileLanguage, ProfileSkill
from talentmatch.models.resume import EducationLevel, LanguageLevel
from talentmatch.taxonomy import Taxonomy

TITLES = [
    "backend engineer",
    "senior software engineer",
    "data analyst",
    "nurse",
    "accountant",
    "sales manager",
    "warehouse supervisor",
    "teacher",
]


def _profiles(n: int, concepts: list[str], seed: int) -> list[CandidateProfile]:
    rng = random.Random(seed)
    reference = 2024 * 12
    levels = list(EducationLevel)
    profiles = []
    for i in range(n):
        held = rng.sample(concepts, rng.randint(5, 25))
        skills = tuple(
            ProfileSkill.model_construct(
                concept_id=cid,
                label=cid,
                strength=rng.choice((1.0, 0.85)),
                months_used=rng.choice((None, rng.randint(1, 120))),
                last_used_month=reference - rng.randint(0, 120),
                skills_section_only=False,
                source="taxonomy",
                evidence=(),
            )
            for cid in sorted(held)
        )
        profiles.append(
            CandidateProfile.model_construct(
                schema_version="1.0",
                candidate_id=f"c{i}",
                skills=skills,
                total_experience_months=rng.randint(0, 360),
                titles=tuple(rng.sample(TITLES, rng.randint(1, 3))),
                education_level=rng.choice(levels),
                languages=(ProfileLanguage(iso639_1="en", level=LanguageLevel.C1),),
                reference_month=reference,
                parse_quality=1.0,
                degraded=False,
                degraded_reason=None,
                hidden_text=False,
                injection_suspected=False,
            )
        )
    return profiles


def _job(concepts: list[str], seed: int, job_id: str = "job") -> JobPosting:
    rng = random.Random(seed)
    chosen = rng.sample(concepts, 12)
    return JobPosting(
        id=job_id,
        title="Senior Backend Engineer",
        normalized_title="senior backend engineer",
        skills=tuple(
            SkillRequirement(
                concept_id=cid,
                label=cid,
                importance=Importance.REQUIRED if k < 8 else Importance.PREFERRED,
                min_years=3.0 if k == 0 else None,
            )
            for k, cid in enumerate(chosen)
        ),
        min_years_experience=5.0,
        education=EducationRequirement(level=EducationLevel.BACHELOR),
        languages=(LanguageRequirement(iso639_1="en", name="English", min_level=LanguageLevel.B2),),
    )


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _bare_numpy(index: ProfileIndex, job: JobPosting, taxonomy: Taxonomy) -> Callable[[], object]:
    """Dense inputs prepared outside the timing: per requirement, each candidate's best
    strength and months; the timed part is only the scoring arithmetic."""
    arrays = score_index(index, job, taxonomy=taxonomy)
    n = len(index)
    strength = np.ascontiguousarray(arrays.skill_credit.T)
    months = np.full_like(strength, 48.0)
    required = [k for k, s in enumerate(job.skills) if s.importance is Importance.REQUIRED]
    preferred = [k for k, s in enumerate(job.skills) if s.importance is Importance.PREFERRED]
    experience = index.experience_months
    education = index.education
    title = np.ascontiguousarray(arrays.components[3])
    language = np.ascontiguousarray(arrays.language_credit[0])
    w = Weights()

    def run() -> object:
        years = np.minimum(1.0, months[:, 0] / 36.0)
        credit = strength.copy()
        credit[:, 0] *= years
        req = credit[:, required].mean(axis=1)
        pref = credit[:, preferred].mean(axis=1)
        exp = np.minimum(1.0, experience / 60.0)
        edu = np.where(education >= 4, 1.0, np.where(education == 3, 0.5, 0.0))
        total = (
            w.required_skills * req
            + w.preferred_skills * pref
            + w.experience * exp
            + w.title * title
            + w.education * edu
            + w.languages * language
        )
        return np.round(100.0 * total / sum(w.as_dict().values()), 2) + 0 * n

    return run


def main() -> None:
    """Run the benchmark and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes for a smoke run")
    args = parser.parse_args()
    n = 10_000 if args.quick else 100_000
    matrix_rows, matrix_jobs = (1_000, 50) if args.quick else (10_000, 1_000)

    taxonomy = Taxonomy.builtin()
    concepts = sorted(c.id for c in taxonomy if c.category in ("software", "data", "cloud_devops"))
    if len(concepts) < 50:
        concepts = sorted(c.id for c in taxonomy)[:600]
    concepts = concepts[:600]
    settings = MatchSettings()
    profiles = _profiles(n, concepts, seed=7)
    job = _job(concepts, seed=11)

    start = time.perf_counter()
    index = ProfileIndex.build(profiles, settings)
    build_s = time.perf_counter() - start

    score_ms = _median_ms(lambda: score_index(index, job, taxonomy=taxonomy), repeat=15)
    bare_ms = _median_ms(_bare_numpy(index, job, taxonomy), repeat=15)
    top_ms = _median_ms(lambda: rank(index, job, taxonomy=taxonomy, top_k=100), repeat=5)

    sample = profiles[:300]
    start = time.perf_counter()
    loop_scores = [match(p, job, taxonomy=taxonomy).score for p in sample]
    loop_per = (time.perf_counter() - start) * 1000 / len(sample)
    together = score_index(ProfileIndex.build(sample, settings), job, taxonomy=taxonomy).scores
    assert loop_scores == together.tolist(), "match() and the vectorised core disagree"

    matrix_profiles = profiles[:matrix_rows]
    jobs = [_job(concepts, seed=100 + j, job_id=f"job{j}") for j in range(matrix_jobs)]
    matrix_index = ProfileIndex.build(matrix_profiles, settings)
    tracemalloc.start()
    start = time.perf_counter()
    matrix = match_matrix(matrix_index, jobs, taxonomy=taxonomy)
    matrix_s = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(
        json.dumps(
            {
                "profiles": n,
                "index_build_s": round(build_s, 3),
                "score_100k_ms" if not args.quick else "score_10k_ms": round(score_ms, 2),
                "goal_ms": 50 if not args.quick else None,
                "bare_numpy_ms": round(bare_ms, 2),
                "ratio_vs_bare_numpy": round(score_ms / bare_ms, 2),
                "python_loop_match_ms_per_candidate": round(loop_per, 3),
                "python_loop_extrapolated_ms": round(loop_per * n, 1),
                "ratio_vs_python_loop": round(loop_per * n / score_ms, 1),
                "rank_top100_ms": round(top_ms, 2),
                "matrix_shape": list(matrix.shape),
                "matrix_s": round(matrix_s, 2),
                "matrix_peak_mib": round(peak / 2**20, 1),
                "match_equals_vectorised_on_sample": True,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
