"""Per-field accuracy of ``parse_resume`` on the generated resumes in fixtures/resumes.

Run from the repository root::

    .venv/bin/python benchmarks/parse_accuracy.py [--details]

Prints JSON: overall accuracy per field, the same by layout and by language, and the goals
with whether they are met (positions with correct dates >= 0.95, titles and employers >=
0.90). Expected positions are located in the text by their date text, then matched to the
parsed position whose date evidence overlaps them, so matching does not depend on the
fields being scored. ``--details`` adds every mismatch (fixture content only: these are
fictional people).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from talentmatch.models.resume import PartialDate, Resume
from talentmatch.parsing import parse_resume

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "resumes"
GOALS = {"dates_exact": 0.95, "titles": 0.90, "employers": 0.90}


def _norm(text: str | None) -> str:
    return " ".join((text or "").casefold().replace("’", "'").split()).strip(" .,;:")


def _date(value: PartialDate | None) -> dict[str, Any] | None:
    return None if value is None else value.model_dump(mode="json")


class Tally:
    """Counts of correct answers out of expected ones, per field."""

    def __init__(self) -> None:
        self.hits: dict[str, int] = defaultdict(int)
        self.totals: dict[str, int] = defaultdict(int)

    def add(self, field: str, ok: bool) -> None:
        self.totals[field] += 1
        self.hits[field] += int(ok)

    def merge(self, other: Tally) -> None:
        for field, total in other.totals.items():
            self.totals[field] += total
            self.hits[field] += other.hits[field]

    def rates(self) -> dict[str, float]:
        return {
            f: round(self.hits[f] / t, 4) if (t := self.totals[f]) else 0.0
            for f in sorted(self.totals)
        }


def _match_positions(resume: Resume, expected: list[dict[str, Any]]) -> list[int | None]:
    text = resume.document.text
    cursor = 0
    out: list[int | None] = []
    for item in expected:
        at = text.find(item["date_text"], cursor)
        if at < 0:
            at = text.find(" ".join(item["date_text"].split()), cursor)
        if at < 0:
            out.append(None)
            continue
        cursor = at + 1
        hi = at + len(item["date_text"])
        found = None
        for index, position in enumerate(resume.positions):
            span = position.date_text.span if position.date_text else None
            if span is not None and span.start < hi and at < span.end:
                found = index
                break
        out.append(found)
    return out


def score(resume: Resume, expected: dict[str, Any], details: list[dict[str, Any]]) -> Tally:
    """Compare one parse with its expected JSON."""
    tally = Tally()
    ident = expected["id"]
    matches = _match_positions(resume, expected["positions"])
    for item, index in zip(expected["positions"], matches, strict=True):
        found = resume.positions[index] if index is not None else None
        tally.add("positions_found", found is not None)
        got = {
            "start": _date(found.start) if found else None,
            "end": _date(found.end) if found else None,
            "current": found.current if found else None,
            "title": found.title.text if found and found.title else None,
            "employer": found.employer.text if found and found.employer else None,
        }
        dates_ok = found is not None and (got["start"], got["end"], got["current"]) == (
            item["start"],
            item["end"],
            item["current"],
        )
        title_ok = _norm(got["title"]) == _norm(item["title"])
        employer_ok = _norm(got["employer"]) == _norm(item["employer"])
        tally.add("dates_exact", dates_ok)
        tally.add("titles", title_ok)
        tally.add("employers", employer_ok)
        if not (dates_ok and title_ok and employer_ok):
            details.append({"id": ident, "field": "position", "expected": item, "got": got})
    extra = len(resume.positions) - sum(1 for m in matches if m is not None)
    tally.totals["extra_positions"] += max(extra, 0)

    parsed_levels = [e.level.value if e.level else None for e in resume.education]
    for item in expected["education"]:
        ok = item["level"] in parsed_levels
        if ok:
            parsed_levels.remove(item["level"])
        tally.add("education_level", ok)
        if not ok:
            details.append(
                {
                    "id": ident,
                    "field": "education",
                    "expected": item,
                    "got": [e.level for e in resume.education],
                }
            )

    got_languages = {
        (lang.iso639_1, lang.level.value if lang.level else None) for lang in resume.languages
    }
    for item in expected["languages"]:
        ok = (item["iso"], item["level"]) in got_languages
        tally.add("languages", ok)
        if not ok:
            details.append(
                {
                    "id": ident,
                    "field": "language",
                    "expected": item,
                    "got": sorted(got_languages, key=str),
                }
            )

    headed = {s.kind.value for s in resume.sections if s.heading is not None}
    sections_ok = headed == set(expected["sections"])
    tally.add("sections_exact", sections_ok)
    for kind in expected["sections"]:
        tally.add("section_kind_recall", kind in headed)
    if not sections_ok:
        details.append(
            {
                "id": ident,
                "field": "sections",
                "expected": expected["sections"],
                "got": sorted(headed),
            }
        )

    contact = expected["contact"]
    tally.add("emails", [e.text for e in resume.contact.emails] == contact["emails"])
    tally.add("phones_e164", [p.e164 for p in resume.contact.phones] == contact["phones_e164"])
    tally.add("linkedin", contact["linkedin"] in [link.url for link in resume.contact.links])
    tally.add(
        "name", resume.contact.name is not None and resume.contact.name.text == contact["name"]
    )
    for item in expected["certifications"]:
        names = {_norm(c.name.text): c for c in resume.certifications}
        cert = names.get(_norm(item["name"]))
        tally.add(
            "certifications",
            cert is not None
            and _norm(cert.issuer.text if cert.issuer else None) == _norm(item["issuer"])
            and _date(cert.date) == item["date"],
        )
    return tally


def main(argv: list[str]) -> int:
    """Score every fixture and print JSON."""
    index = json.loads((FIXTURES / "index.json").read_text(encoding="utf-8"))
    overall = Tally()
    by_layout: dict[str, Tally] = defaultdict(Tally)
    by_language: dict[str, Tally] = defaultdict(Tally)
    details: list[dict[str, Any]] = []
    for item in index:
        expected = json.loads((FIXTURES / item["expected"]).read_text(encoding="utf-8"))
        resume = parse_resume(FIXTURES / item["file"])
        tally = score(resume, expected, details)
        overall.merge(tally)
        by_layout[expected["layout"]].merge(tally)
        by_language[expected["language"]].merge(tally)
    rates = overall.rates()
    report: dict[str, Any] = {
        "resumes": len(index),
        "positions_expected": overall.totals["positions_found"],
        "extra_positions": overall.totals["extra_positions"],
        "accuracy": {k: v for k, v in rates.items() if k != "extra_positions"},
        "goals": {
            k: {"goal": g, "measured": rates[k], "met": rates[k] >= g} for k, g in GOALS.items()
        },
        "by_layout": {
            k: {
                f: r
                for f, r in v.rates().items()
                if f in ("positions_found", "dates_exact", "titles", "employers", "sections_exact")
            }
            for k, v in sorted(by_layout.items())
        },
        "by_language": {
            k: {
                f: r
                for f, r in v.rates().items()
                if f in ("positions_found", "dates_exact", "titles", "employers", "languages")
            }
            for k, v in sorted(by_language.items())
        },
    }
    if "--details" in argv:
        report["details"] = details
    print(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
