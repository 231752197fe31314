"""Benchmark PDF loading: documents per second per engine, against the engine's own raw text.

Run: ``.venv/bin/python benchmarks/load.py [--rounds N]``. Prints JSON.

The floor is measured in the same run on the same files: for pdfium, opening the document
and calling ``get_textpage().get_text_range()`` per page; for pypdf, ``extract_text()`` per
page. Each file's floor run is followed at once by its ``load_document`` run, so a slow
spell of a shared machine hits both alike. Times are CPU seconds of this process (medians
over rounds). ``ratio`` is the median over rounds of ``load_document`` time (hidden-text
rules, reading order, cleaning, assembly included) divided by the floor, with the
rounds' range beside it; the goal for the default engine is 1.3 or less.

Files: the resume templates and every text-bearing PDF of the shared corpus that pdfium
loads within the default limits (../shared/data; see its README for licences).

Also reported for pdfium: whether the optional C accelerator is in use, the ratio on the
pure-Python path (``TALENTMATCH_PURE_PYTHON=1``, same output) and the CPU seconds of each
stage of ``load_document`` over all files (one pass; the rest is sniffing and bookkeeping).
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
from typing import TypedDict

import pypdf
import pypdfium2 as pdfium

from talentmatch._compiled import PURE_PYTHON_ENV
from talentmatch.config import Limits
from talentmatch.documents import load_document
from talentmatch.documents._assemble import assemble
from talentmatch.documents._raw import Deadline, RawExtraction, RawPage
from talentmatch.documents.pdf._layout import layout_page
from talentmatch.documents.pdf._pdfium import read_pdfium
from talentmatch.documents.pdf._pdfium_api import native
from talentmatch.documents.pdf._visibility import classify_hidden
from talentmatch.errors import DocumentError
from talentmatch.models import DocumentFormat

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


class Speed(TypedDict):
    docs_per_s: float
    raw_docs_per_s: float
    load_seconds: float
    raw_seconds: float
    ratio: float
    ratio_range: list[float]


def measure(engine: str, files: list[bytes], rounds: int) -> Speed:
    limits = Limits(pdf_engine=engine, pdf_fallback=False)
    raw_times: list[float] = []
    load_times: list[float] = []
    ratios: list[float] = []
    clock = time.process_time
    for _ in range(rounds):
        # Each file's floor and load run back to back, so a slow spell of a shared machine
        # (it lasts seconds here) hits both alike; CPU time of this process, so other
        # processes do not blur the ratio. The ratio is the median of the rounds' ratios.
        raw_total = load_total = 0.0
        for data in files:
            start = clock()
            RAW[engine](data)
            middle = clock()
            load_document(data, limits=limits)
            end = clock()
            raw_total += middle - start
            load_total += end - middle
        raw_times.append(raw_total)
        load_times.append(load_total)
        ratios.append(load_total / raw_total)
    raw = statistics.median(raw_times)
    load = statistics.median(load_times)
    return {
        "docs_per_s": round(len(files) / load, 1),
        "raw_docs_per_s": round(len(files) / raw, 1),
        "load_seconds": round(load, 4),
        "raw_seconds": round(raw, 4),
        "ratio": round(statistics.median(ratios), 3),
        "ratio_range": [round(min(ratios), 3), round(max(ratios), 3)],
    }


def pdfium_stages(files: list[bytes]) -> dict[str, float]:
    """CPU seconds of each stage of loading ``files`` with pdfium, over one pass."""
    limits = Limits(pdf_fallback=False)
    seconds = dict.fromkeys(("scene", "hidden", "layout", "assemble"), 0.0)
    for data in files:
        start = time.process_time()
        scenes = read_pdfium(data, limits=limits, deadline=Deadline.after(60))
        scened = time.process_time()
        for scene in scenes:
            classify_hidden(scene)
        classified = time.process_time()
        pages = [RawPage(blocks=layout_page(scene).blocks) for scene in scenes]
        laid_out = time.process_time()
        raw = RawExtraction(format=DocumentFormat.PDF, engine="pdfium", pages=pages)
        assemble(data, raw, limits=limits)
        done = time.process_time()
        seconds["scene"] += scened - start
        seconds["hidden"] += classified - scened
        seconds["layout"] += laid_out - classified
        seconds["assemble"] += done - laid_out
    return {name: round(value, 4) for name, value in seconds.items()}


def pure_python_ratio(files: list[bytes], rounds: int) -> float:
    """The pdfium ratio with the C accelerator switched off."""
    previous = os.environ.get(PURE_PYTHON_ENV)
    os.environ[PURE_PYTHON_ENV] = "1"
    try:
        return measure("pdfium", files, rounds)["ratio"]
    finally:
        if previous is None:
            del os.environ[PURE_PYTHON_ENV]
        else:
            os.environ[PURE_PYTHON_ENV] = previous


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
    engines: dict[str, dict[str, Speed]] = {}
    for engine in ("pdfium", "pypdf"):
        rounds = args.rounds if engine == "pdfium" else max(1, args.rounds // 3)
        engines[engine] = {name: measure(engine, files, rounds) for name, files in sets.items()}
    result["engines"] = engines
    result["pdfium_detail"] = {
        "accelerator": native() is not None,
        "pure_python_ratio": pure_python_ratio(sets["all"], max(1, args.rounds // 2)),
        "stage_seconds": pdfium_stages(sets["all"]),
    }
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
