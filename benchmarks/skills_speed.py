"""Skill extraction speed: milliseconds per two-page resume, and built-in taxonomy load time.

Measures, in one run and on the same text:

- ``floor_regex_ms``: a bare ``re.findall(r"\\w+")`` scan of the resume (the least any
  tokenising extractor must do) and ``floor_lookup_ms``: that scan plus one set lookup per
  word against the built-in surface forms;
- ``scan_ms``: the compiled matcher's tokenise-and-scan alone;
- ``extract_ms``: ``TaxonomyExtractor.extract`` end to end (context rules, fuzzy near
  misses, assertions, output models), with the built-in taxonomy and with ESCO + O*NET +
  built-in merged (needs ``../shared/data``);
- ``extract_unseen_words_ms``: the same, with the extractor's memo of near-miss answers
  emptied before each call (the words of a resume it has not met before);
- ``corpus``: the built-in extractor over the 58 SkillSpan dev postings (needs
  ``../shared/data``), each extracted once per round, in ms per 1,000 characters against the
  lookup floor on the same texts: speed work must hold beyond the one resume. A fresh
  extractor runs the first round (``first_round_ms_per_1k_chars``) before the timed rounds;
- built-in taxonomy load in fresh interpreters (imports excluded), median of several
  processes: ``load_floor_ms`` reads and splits every built-in TSV (the least a loader must
  do); ``load_ms`` is ``Taxonomy.builtin()`` plus its matcher with a warm compiled cache
  (the usual case), ``load_cold_ms`` the same with the cache off (``TALENTMATCH_NO_CACHE``)
  and ``load_miss_ms`` the one-off first load that writes the cache entry;
  ``load_cpu_ms`` / ``load_cold_cpu_ms`` are the CPU time of the same loads (steadier than
  wall time on a shared machine); ``first_extract_*_ms`` is the first extraction after
  that load (lazy matcher work included), ``extract_ms`` the steady state. The cache lives
  in a temporary folder, never the user's.

Times are medians of wall time (the headline figures, ``*_ms``); ``*_cpu_ms`` are medians
of CPU time per call (``time.process_time`` over a batch of calls, divided by the batch
size), which other processes on a shared machine do not inflate; the gap between the two is
time the process waited for a CPU. Both include garbage collection: a collection-free
figure would describe no real caller. Ratios compare against the floor measured in the same
run (wall with wall, CPU with CPU). ``accelerated`` says whether the optional C accelerator
was used (``TALENTMATCH_PURE_PYTHON=1`` measures the pure-Python path). Usage::

    python benchmarks/skills_speed.py [--data DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from talentmatch.extraction import TaxonomyExtractor
from talentmatch.taxonomy import Taxonomy
from talentmatch.taxonomy._accelerator import native

ROOT = Path(__file__).resolve().parent.parent

_PARAGRAPHS = [
    "JANE ROE\nSenior Software Engineer | jane.roe@example.com | +1 555 0100 | Berlin",
    "SUMMARY\nBackend engineer with ten years of experience building distributed systems, "
    "data pipelines and developer tooling. I enjoy mentoring, code review and pragmatic "
    "architecture; comfortable across Python, Go and Java, and at home in cloud platforms.",
    "EXPERIENCE\nStaff Engineer, Northwind Payments (Mar 2021 - Present)\n"
    "- Led the migration of 40 services from a monolith to microservices on Kubernetes (EKS), "
    "cutting deployment time from hours to minutes with GitHub Actions and Argo CD.\n"
    "- Designed an event-driven ledger on Apache Kafka and PostgreSQL handling 3k events/s.\n"
    "- Introduced OpenTelemetry tracing, Prometheus alerts and Grafana dashboards.\n"
    "- Mentored six engineers; ran the architecture review and the on-call rotation.",
    "Senior Software Engineer, Contoso Logistics (Jan 2017 - Feb 2021)\n"
    "- Built routing APIs in Go and gRPC; REST gateway in Node.js and TypeScript.\n"
    "- Data platform: Airflow, Spark on EMR, dbt models in Snowflake, Looker dashboards.\n"
    "- Terraform for AWS (VPC, ECS, RDS, S3, Lambda); Ansible for legacy VMs.\n"
    "- Improved p99 latency by 45% through profiling, caching in Redis and query tuning.",
    "Software Engineer, Fabrikam Health (Jun 2013 - Dec 2016)\n"
    "- Java 8 and Spring Boot services for claims processing; Hibernate, Oracle, JUnit.\n"
    "- Front end in React and Redux; accessibility (WCAG 2.1) and Cypress end-to-end tests.\n"
    "- Agile team of eight practising Scrum, TDD and pair programming.",
    "EDUCATION\nM.Sc. Computer Science, Technical University (2011 - 2013)\n"
    "B.Sc. Mathematics, State University (2008 - 2011)",
    "SKILLS\nLanguages: Python, Go, Java, TypeScript, SQL, Bash\n"
    "Cloud and DevOps: AWS, GCP, Docker, Kubernetes, Helm, Terraform, Jenkins, CI/CD\n"
    "Data: PostgreSQL, MySQL, Redis, Kafka, Spark, Airflow, pandas, scikit-learn\n"
    "Practices: system design, observability, security reviews, A/B testing, mentoring",
    "PROJECTS\nOpen-source maintainer of a Python library for rate limiting (2k stars); "
    "talks on Kubernetes operators and on testing data pipelines with Great Expectations.",
    "CERTIFICATIONS\nAWS Certified Solutions Architect - Associate (2022); CKA (2021)",
    "LANGUAGES\nEnglish (native), German (C1), Spanish (B1)",
]

_SECOND_PAGE = [
    "EARLIER EXPERIENCE\nJunior Developer, Adventure Works (Sep 2011 - May 2013)\n"
    "- Maintained an e-commerce site in PHP 7 and Laravel with MySQL; moved builds to "
    "Jenkins and added PHPUnit tests, lifting coverage from 20% to 70%.\n"
    "- Wrote internal dashboards in Tableau and Excel with VBA macros for the finance team.\n"
    "- Automated server provisioning on Ubuntu with Bash and Ansible; Nginx and Varnish.",
    "Intern, Litware Research (Jun 2010 - Aug 2011)\n"
    "- Image classification experiments in MATLAB and Python (NumPy, OpenCV, TensorFlow); "
    "co-authored a workshop paper on transfer learning for medical images.\n"
    "- Helped run a small Hadoop cluster; Hive queries for the analytics group.",
    "SELECTED PROJECTS\n"
    "- Payments reconciliation service: Go, gRPC, PostgreSQL, Kafka Streams; idempotent "
    "consumers, exactly-once semantics, chaos tests in staging.\n"
    "- Developer platform: Backstage portal, Terraform modules, Helm charts and a golden "
    "path for new services; cut time-to-first-deploy from two weeks to one day.\n"
    "- Search: Elasticsearch cluster migration to OpenSearch with zero downtime; query "
    "latency dashboards in Grafana; synonyms and relevance tuning with the product team.\n"
    "- Mobile: React Native app for field technicians with offline sync (SQLite) and push "
    "notifications through Firebase; CI on GitHub Actions with Fastlane releases.",
    "PUBLICATIONS AND TALKS\n"
    "- 'Operating Kafka at scale', Berlin Buzzwords 2023.\n"
    "- 'Testing data pipelines', PyData Berlin 2022.\n"
    "- 'Transfer learning for dermatology images', MICCAI workshop 2012.",
    "VOLUNTEERING\nCoach at a weekend coding school teaching HTML, CSS and JavaScript to "
    "teenagers; organiser of the local Python user group (monthly meetups, 80 members).",
    "INTERESTS\nClimbing, cycling, chess, and building keyboards.",
    "REFERENCES\nAvailable on request. I have no experience with Rust yet but I am keen to "
    "learn it; I am not familiar with COBOL.",
]


def two_page_resume() -> str:
    """A deterministic resume of about two pages (~6,000 characters)."""
    # Long resumes describe earlier roles at the same depth: repeat the three detailed jobs
    # as consulting engagements so the text reaches two pages (~6,000 characters).
    consulting = [
        p.replace("Northwind", "Client A").replace("Contoso", "Client B")
        .replace("Fabrikam", "Client C").replace("20", "19")
        for p in _PARAGRAPHS[2:5]
    ]  # fmt: skip
    return "\n\n".join([*_PARAGRAPHS, *_SECOND_PAGE, "CONSULTING", *consulting])


def median_ms(func: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``func`` in milliseconds, after one warm-up call."""
    func()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 4)


def median_cpu_ms(func: Callable[[], object], repeat: int, batch: int = 10) -> float:
    """Median CPU time per call of ``func`` in milliseconds, over batches of ``batch`` calls.

    One call is too short for the CPU clock of some systems, so each sample times a batch
    and divides by its size; ``repeat`` calls in all (at least one batch).
    """
    func()
    samples = []
    for _ in range(max(1, repeat // batch)):
        started = time.process_time()
        for _ in range(batch):
            func()
        samples.append((time.process_time() - started) * 1000 / batch)
    return round(statistics.median(samples), 4)


_LOAD_PROBE = """
import sys, time
import talentmatch.extraction
from talentmatch.extraction import TaxonomyExtractor
from talentmatch.taxonomy import Taxonomy
from talentmatch.taxonomy.builtin import builtin_files
text = sys.stdin.read()
started = time.perf_counter()
rows = [line.split("\\t") for f in builtin_files() for line in f.read_text().splitlines()]
floor = time.perf_counter() - started
started, cpu = time.perf_counter(), time.process_time()
taxonomy = Taxonomy.builtin()
taxonomy.matcher
load, cpu = time.perf_counter() - started, time.process_time() - cpu
started = time.perf_counter()
TaxonomyExtractor(taxonomy).extract(text)
first = time.perf_counter() - started
print(floor * 1000, load * 1000, first * 1000, cpu * 1000)
"""


def _probe(text: str, env: dict[str, str]) -> tuple[float, float, float, float]:
    """(floor, load, first extraction, load CPU time) in ms from one fresh interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", _LOAD_PROBE],
        input=text,
        env={**os.environ, **env},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return float(out[0]), float(out[1]), float(out[2]), float(out[3])


def load_ms(text: str, runs: int, folder: Path) -> dict[str, float]:
    """Median load figures over fresh interpreters: cold (no cache), miss, warm (cache hit).

    ``folder`` is an empty temporary cache folder; the miss run fills it for the warm runs.
    """
    no_cache = {"TALENTMATCH_NO_CACHE": "1"}
    cached = {"TALENTMATCH_NO_CACHE": "0", "TALENTMATCH_CACHE_DIR": str(folder)}
    cold = [_probe(text, no_cache) for _ in range(runs)]
    miss = _probe(text, cached)
    warm = [_probe(text, cached) for _ in range(runs)]

    def median(samples: list[tuple[float, float, float, float]], column: int) -> float:
        return round(statistics.median(s[column] for s in samples), 1)

    return {
        "load_floor_ms": median(cold + warm, 0),
        "load_ms": median(warm, 1),
        "load_cold_ms": median(cold, 1),
        "load_miss_ms": round(miss[1], 1),
        "load_cpu_ms": median(warm, 3),
        "load_cold_cpu_ms": median(cold, 3),
        "first_extract_warm_ms": median(warm, 2),
        "first_extract_cold_ms": median(cold, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--load-runs", type=int, default=5)
    args = parser.parse_args(argv)

    text = two_page_resume()
    scratch = Path(tempfile.mkdtemp(prefix="tm-bench-cache-"))
    os.environ["TALENTMATCH_CACHE_DIR"] = str(scratch / "parent")
    builtin = Taxonomy.builtin()
    words = re.compile(r"\w+")
    surfaces = {key for concept in builtin.concepts for key in concept.surfaces()}
    lowered = {s.lower() for s in surfaces}

    def floor_lookup() -> int:
        return sum(1 for w in words.findall(text.lower()) if w in lowered)

    result: dict[str, Any] = {
        # Whether the C accelerator (tokenising, alias scan, output models) was used:
        # TALENTMATCH_PURE_PYTHON=1 measures the pure-Python path.
        "accelerated": native() is not None,
        "resume_chars": len(text),
        "resume_words": len(words.findall(text)),
        "floor_regex_ms": median_ms(lambda: words.findall(text), args.repeat),
        "floor_lookup_ms": median_ms(floor_lookup, args.repeat),
        "floor_lookup_cpu_ms": median_cpu_ms(floor_lookup, args.repeat),
    }
    try:
        result.update(load_ms(text, args.load_runs, scratch / "probes"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result["load_over_floor"] = round(result["load_ms"] / result["load_floor_ms"], 1)
    result["load_cold_over_warm"] = round(result["load_cold_ms"] / result["load_ms"], 1)
    configs = {"builtin": builtin}
    esco = args.data / "taxonomy" / "esco-1.2.0"
    onet = args.data / "taxonomy" / "onet-29.2" / "technology_skills.txt"
    if esco.exists() and onet.exists():
        configs["builtin+esco+onet"] = builtin.merge(
            Taxonomy.from_esco(esco), Taxonomy.from_onet(onet)
        )
    floor = float(result["floor_lookup_ms"])
    floor_cpu = float(result["floor_lookup_cpu_ms"])
    for name, taxonomy in configs.items():
        extractor = TaxonomyExtractor(taxonomy)
        extract = median_ms(partial(extractor.extract, text), args.repeat)
        extract_cpu = median_cpu_ms(partial(extractor.extract, text), args.repeat)

        def unseen(extractor: TaxonomyExtractor = extractor) -> object:
            # An extractor remembers its near-miss answers by word: this is the price of a
            # resume whose near-miss words it has not met (the memo is private).
            extractor._facts._near.clear()
            return extractor.extract(text)

        result[name] = {
            "surface_forms": taxonomy.matcher.size,
            "skills_found": len(extractor.extract(text)),
            "scan_ms": median_ms(partial(taxonomy.matcher.scan_tokens, text), args.repeat),
            "extract_ms": extract,
            "extract_cpu_ms": extract_cpu,
            "extract_unseen_words_ms": median_ms(unseen, args.repeat),
            "extract_over_floor_lookup": round(extract / floor, 1),
            "extract_cpu_over_floor_lookup": round(extract_cpu / floor_cpu, 1),
        }
    dev = args.data / "skills" / "skillspan" / "dev.json"
    if dev.exists():
        result["corpus"] = corpus_ms(TaxonomyExtractor(builtin), dev, lowered, words)
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


def corpus_ms(
    extractor: TaxonomyExtractor, path: Path, lowered: set[str], words: re.Pattern[str]
) -> dict[str, float | int]:
    """Extraction time over many texts: the SkillSpan dev postings, each extracted once per
    round (median of five rounds), per 1,000 characters and against the lookup floor on the
    same texts. A check that speed work holds beyond the one benchmark resume."""
    from skills_accuracy import read_postings  # the benchmark beside this one

    texts = [posting.text for posting in read_postings(path)]
    chars = sum(len(text) for text in texts)

    def extract_all() -> None:
        for text in texts:
            extractor.extract(text)

    def floor_all() -> None:
        for text in texts:
            sum(1 for w in words.findall(text.lower()) if w in lowered)

    started = time.perf_counter()
    extract_all()  # the first round: nothing remembered yet but the taxonomy's own tables
    first = (time.perf_counter() - started) * 1000
    extract, floor = median_ms(extract_all, 5), median_ms(floor_all, 5)
    return {
        "texts": len(texts),
        "chars": chars,
        "first_round_ms_per_1k_chars": round(first * 1000 / chars, 4),
        "extract_ms_per_1k_chars": round(extract * 1000 / chars, 4),
        "floor_lookup_ms_per_1k_chars": round(floor * 1000 / chars, 4),
        "extract_over_floor_lookup": round(extract / floor, 1),
    }


if __name__ == "__main__":
    raise SystemExit(main())
