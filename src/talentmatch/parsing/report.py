"""The ``talentmatch parse`` command's output: JSON, JSON Resume, or a summary without PII.

The summary shows counts, section kinds, position titles and dates, levels and quality;
never the name, emails, phones, links or address, so it is safe to paste into a ticket.
"""

from __future__ import annotations

import json
from pathlib import Path

from talentmatch.errors import InputError
from talentmatch.models.resume import Position, Resume
from talentmatch.parsing.resume import parse_resume

__all__ = ["run_parse_command", "summary_text"]


def _dates(position: Position) -> str:
    start = position.start.iso() if position.start else "?"
    end = "present" if position.current else position.end.iso() if position.end else "?"
    return f"{start} - {end}"


def summary_text(resume: Resume) -> str:
    """Return a human summary of ``resume`` that contains no contact details.

    Example:
        >>> from talentmatch.parsing import parse_resume
        >>> text = summary_text(parse_resume("jo@example.com\\n\\nSKILLS\\nPython"))
        >>> "jo@example.com" in text, "skills" in text
        (False, True)
    """
    document = resume.document
    quality = resume.parse_quality
    reasons = ", ".join(r.code.value for r in quality.reasons) or "none"
    lines = [
        f"resume {resume.id} ({document.format.value}, {document.page_count} page(s), "
        f"language {resume.language or 'unknown'})",
        f"parse quality {quality.score:.2f} (reasons: {reasons})",
        "sections: " + (", ".join(s.kind.value for s in resume.sections) or "none"),
    ]
    dated = sum(1 for p in resume.positions if p.start is not None)
    as_of = resume.experience_as_of.iso() if resume.experience_as_of else "n/a"
    lines.append(
        f"positions: {len(resume.positions)} ({dated} dated); experience "
        f"{resume.total_experience_months} months (open positions to {as_of})"
    )
    for position in resume.positions:
        title = position.title.text if position.title else "(no title)"
        lines.append(f"  {_dates(position):<22} {' '.join(title.split())}")
    levels = [e.level.value if e.level else "unknown" for e in resume.education]
    lines.append(f"education: {len(levels)}" + (f" ({', '.join(levels)})" if levels else ""))
    languages = [
        f"{lang.iso639_1 or '?'}" + (f" ({lang.level.value})" if lang.level else "")
        for lang in resume.languages
    ]
    lines.append("languages: " + (", ".join(languages) or "none"))
    lines.append(f"certifications: {len(resume.certifications)}")
    contact = resume.contact
    lines.append(
        f"contact: {len(contact.emails)} email(s), {len(contact.phones)} phone(s), "
        f"{len(contact.links)} link(s), name {'found' if contact.name else 'not found'}"
    )
    return "\n".join(lines)


def run_parse_command(path: str, *, as_json: bool = False, as_json_resume: bool = False) -> str:
    """Parse the file at ``path`` and return what ``talentmatch parse`` prints.

    Args:
        path: path of a PDF, DOCX or text file.
        as_json: return the whole ``Resume`` as JSON (includes personal data).
        as_json_resume: return the JSON Resume v1.2.1 export (includes personal data).

    Returns:
        The text to print: the summary by default.

    Raises:
        InputError: both output flags were set, or the path is not a file.
        DocumentError: the file cannot be read.

    Example:
        >>> run_parse_command("/nonexistent.pdf")
        Traceback (most recent call last):
        ...
        talentmatch.errors.InputError: No file exists at the given path; check the path.
    """
    if as_json and as_json_resume:
        raise InputError("Choose one output: --json or --json-resume, not both.")
    resume = parse_resume(Path(path), filename=Path(path).name)
    if as_json:
        return resume.model_dump_json(indent=2)
    if as_json_resume:
        return json.dumps(resume.to_json_resume(), indent=2, ensure_ascii=False)
    return summary_text(resume)
