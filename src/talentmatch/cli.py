"""The ``talentmatch`` command: a thin layer over the public functions.

Each sub-command parses arguments, calls one public function and formats its result. Errors
print their stable code and message to stderr and exit with status 2 (bad input) or 1.
Document text is printed only when asked for (``--text``); it is the caller's data.

Usage::

    $ talentmatch load resume.pdf
    pdf via pdfium: 1 page(s), 3,412 characters, 61 blocks
    findings: none
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from talentmatch.config import Limits
from talentmatch.documents import load_document
from talentmatch.errors import TalentMatchError
from talentmatch.matching import match
from talentmatch.models import Document
from talentmatch.models.match import MatchResult
from talentmatch.parsing import parse_resume, run_parse_command
from talentmatch.parsing.job_posting import parse_job

__all__ = ["main"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_BAD_INPUT = 2


def _summary(document: Document) -> dict[str, object]:
    counts: dict[str, int] = {}
    for finding in document.findings:
        counts[finding.kind.value] = counts.get(finding.kind.value, 0) + 1
    return {
        "format": document.format.value,
        "engine": document.engine,
        "pages": document.page_count,
        "characters": len(document.text),
        "blocks": len(document.blocks),
        "hidden_characters": len(document.hidden_text),
        "findings": counts,
        "sha256": document.sha256,
        "byte_size": document.byte_size,
    }


def _cmd_load(args: argparse.Namespace) -> int:
    limits = Limits(pdf_engine=args.engine) if args.engine else None
    document = load_document(Path(args.file), limits=limits)
    if args.json:
        if args.full:
            print(document.model_dump_json(indent=2))
        else:
            print(json.dumps(_summary(document), indent=2, sort_keys=True))
        return EXIT_OK
    summary = _summary(document)
    print(
        f"{summary['format']} via {summary['engine']}: {summary['pages']} page(s), "
        f"{summary['characters']:,} characters, {summary['blocks']} blocks"
    )
    findings = summary["findings"]
    assert isinstance(findings, dict)
    if findings:
        print("findings: " + ", ".join(f"{k} x{v}" for k, v in sorted(findings.items())))
    else:
        print("findings: none")
    if args.text:
        print()
        print(document.text)
    return EXIT_OK


def _requirement_table(result: MatchResult) -> str:
    rows = [("requirement", "importance", "verdict", "points", "reason / evidence")]
    for req in result.explanation.requirements:
        evidence = req.evidence[0].quote if req.evidence else ""
        reason = req.reason + (f' ("{evidence}")' if evidence and evidence != req.label else "")
        rows.append(
            (
                req.label[:32],
                req.importance.value + (" (must)" if req.must_have else ""),
                req.verdict.value,
                f"{req.points:.1f}/{req.max_points:.1f}",
                reason[:70],
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join(
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4]
        for row in rows
    )


def _cmd_parse(args: argparse.Namespace) -> int:
    print(run_parse_command(args.file, as_json=args.json, as_json_resume=args.json_resume))
    return EXIT_OK


def _cmd_match(args: argparse.Namespace) -> int:
    resume = parse_resume(Path(args.resume))
    job = parse_job(load_document(Path(args.job)))
    result = match(resume, job)
    if args.json:
        print(result.model_dump_json(indent=2))
        return EXIT_OK
    print(result.summary())
    print()
    print(_requirement_table(result))
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    from talentmatch import __version__

    parser = argparse.ArgumentParser(
        prog="talentmatch",
        description="Resume intelligence and explainable candidate-job matching.",
    )
    parser.add_argument("--version", action="version", version=f"talentmatch {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    load = commands.add_parser("load", help="Load a document and summarise it.")
    load.add_argument("file", help="PDF, DOCX or text file")
    load.add_argument("--json", action="store_true", help="print a JSON summary")
    load.add_argument("--full", action="store_true", help="with --json: the whole Document")
    load.add_argument("--text", action="store_true", help="also print the visible text")
    load.add_argument("--engine", choices=["pdfium", "pypdf"], help="PDF engine to try first")
    load.set_defaults(handler=_cmd_load)

    parse = commands.add_parser("parse", help="Parse a resume and summarise it.")
    parse.add_argument("file", help="resume file: PDF, DOCX or text")
    output = parse.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="the whole Resume as JSON")
    output.add_argument(
        "--json-resume", action="store_true", help="JSON Resume v1.2.1 export (personal data)"
    )
    parse.set_defaults(handler=_cmd_parse)

    match_cmd = commands.add_parser("match", help="Score a resume against a job posting.")
    match_cmd.add_argument("resume", help="resume file: PDF, DOCX or text")
    match_cmd.add_argument("job", help="job posting file: PDF, DOCX or text")
    match_cmd.add_argument("--json", action="store_true", help="print the MatchResult as JSON")
    match_cmd.set_defaults(handler=_cmd_match)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Example:
        >>> main(["load", "/nonexistent/file.pdf"])
        2
    """
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.handler(args)
    except TalentMatchError as exc:
        payload = exc.to_dict()
        if getattr(args, "json", False):
            print(json.dumps({"error": payload}, indent=2, sort_keys=True))
        print(f"error [{exc.code}]: {exc.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
