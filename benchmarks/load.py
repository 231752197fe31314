"""Benchmark PDF loading: documents per second per engine, against the engine's own raw text.

Run: ``.venv/bin/python benchmarks/load.py [--rounds N]``. Prints JSON.

The floor is measured in the same run on the same files: for pdfium, opening the document
and calling ``get_textpage().get_text_range()`` per page; for pypdf, ``extract_text()`` per
page. Times are CPU seconds of this process (medians over rounds). ``ratio`` is the time of
``load_document`` (hidden-text rules, reading order, cleaning,
assembly included) divided by that floor; the goal for the default engine is 1.3 or less.

Files: the resume templates and every text-bearing PDF of the shared corpus that pdfium
loads within the default limits (../shared/data; see its README for licences).
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pypdf
import pypdfium2 as pdfium

from talentmatch.config import Limits
from talentmatch.documents import load_document
from talentmatch.errors import DocumentError

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TALENTMATCH_SHARED_DATA", ROOT.parent / "shared" / "data"))
GOAL_RATIO = 1.3


def raw_pdfium(data: bytes) -> int:
    document = pdfium.PdfDocument(data)
    chars = 0
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            chars += len(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        document.close()
    return chars


def raw_pypdf(data: bytes) -> int:
    reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    return sum(len(page.extract_text() or "") for page in reader.pages)


RAW: dict[str, Callable[[bytes], int]] = {"pdfium": raw_pdfium, "pypdf": raw_pypdf}


def corpus() -> tuple[list[Path], list[Path]]:
    templates = sorted((SHARED / "resumes" / "templates").glob("*.pdf"))
    shared = sorted((SHARED / "documents").rglob("*.pdf"))
    text_bearing = []
    strict = Limits(pdf_fallback=False)
    for path in shared:
        try:
            load_document(path, limits=strict)
        except DocumentError:
            continue
        text_bearing.append(path)
    return templates, text_bearing


def measure(engine: str, files: list[bytes], rounds: int) -> dict[str, float]:
    limits = Limits(pdf_engine=engine, pdf_fallback=False)
    raw_times: list[float] = []
    load_times: list[float] = []
    for _ in range(rounds):
        # Interleave floor and measured runs so machine noise hits both alike; CPU time of
        # this process, so other processes on a shared machine do not blur the ratio.
        start = time.process_time()
        for data in files:
            RAW[engine](data)
        raw_times.append(time.process_time() - start)
        start = time.process_time()
        for data in files:
            load_document(data, limits=limits)
        load_times.append(time.process_time() - start)
    raw = statistics.median(raw_times)
    load = statistics.median(load_times)
    return {
        "docs_per_s": round(len(files) / load, 1),
        "raw_docs_per_s": round(len(files) / raw, 1),
        "load_seconds": round(load, 4),
        "raw_seconds": round(raw, 4),
        "ratio": round(load / raw, 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    if not SHARED.exists():
        print(json.dumps({"skipped": f"shared data not found at {SHARED}"}))
        return 0
    logging.disable(logging.CRITICAL)  # pypdf's own floor run logs about damaged files
    templates, shared = corpus()
    sets = {
        "templates": [p.read_bytes() for p in templates],
        "shared_text_pdfs": [p.read_bytes() for p in shared],
    }
    sets["all"] = sets["templates"] + sets["shared_text_pdfs"]
    result: dict[str, object] = {
        "files": {name: len(files) for name, files in sets.items()},
        "rounds": args.rounds,
    }
    engines: dict[str, dict[str, dict[str, float]]] = {}
    for engine in ("pdfium", "pypdf"):
        rounds = args.rounds if engine == "pdfium" else max(1, args.rounds // 3)
        engines[engine] = {name: measure(engine, files, rounds) for name, files in sets.items()}
    result["engines"] = engines
    ratio = engines["pdfium"]["all"]["ratio"]
    result["goal"] = {
        "pdfium_ratio_max": GOAL_RATIO,
        "pdfium_ratio": ratio,
        "met": ratio <= GOAL_RATIO,
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
