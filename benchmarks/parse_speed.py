"""Cost of ``parse_resume`` relative to ``load_document`` on the same files, same run.

Run from the repository root::

    .venv/bin/python benchmarks/parse_speed.py [--repeat 5]

For every generated resume in fixtures/resumes (and the real templates in
../shared/data/resumes/templates when present), times ``load_document(path)`` and
``parse_resume(document)`` on the loaded document, keeping the best of ``--repeat`` runs of
each, and prints JSON: total seconds of each and their ratio (goal: parse <= 1.3 x load),
overall and per format. Parsing must stay cheap next to reading the file.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

from talentmatch import load_document
from talentmatch.parsing import parse_resume

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TALENTMATCH_SHARED_DATA", ROOT.parent / "shared" / "data"))
GOAL = 1.3


def _best(function: object, argument: object, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function(argument)  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str]) -> int:
    """Time every file and print JSON."""
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 5
    files = sorted(
        p
        for p in (ROOT / "fixtures" / "resumes").iterdir()
        if p.suffix in {".pdf", ".docx", ".txt"}
    )
    templates = SHARED / "resumes" / "templates"
    if templates.is_dir():
        files += sorted(p for p in templates.glob("*.pdf") if "coverletter" not in p.name)
    load_total = parse_total = 0.0
    by_format: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    slowest: tuple[float, str] = (0.0, "")
    for path in files:
        document = load_document(path)
        load_time = _best(load_document, path, repeat)
        parse_time = _best(parse_resume, document, repeat)
        load_total += load_time
        parse_total += parse_time
        fmt = document.format.value
        by_format[fmt][0] += load_time
        by_format[fmt][1] += parse_time
        slowest = max(slowest, (parse_time, path.name))
    ratio = parse_total / load_total
    print(
        json.dumps(
            {
                "files": len(files),
                "repeat": repeat,
                "load_seconds": round(load_total, 4),
                "parse_seconds": round(parse_total, 4),
                "parse_over_load": round(ratio, 3),
                # parse_resume(path) loads too: its time over load_document(path) alone.
                "end_to_end_over_load": round(1.0 + ratio, 3),
                "goal": GOAL,
                "met": ratio <= GOAL,
                "by_format": {
                    fmt: {
                        "load_seconds": round(load, 4),
                        "parse_seconds": round(parse, 4),
                        "parse_over_load": round(parse / load, 3),
                    }
                    for fmt, (load, parse) in sorted(by_format.items())
                },
                "slowest_parse": {"file": slowest[1], "seconds": round(slowest[0], 4)},
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
