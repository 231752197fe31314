"""Resume parsing: sections, contact details, positions with dates, education, languages,
certifications, and the JSON Resume export.

Example:
    >>> from talentmatch.parsing import parse_resume
    >>> resume = parse_resume("EXPERIENCE\\nWelder, Northline Fabrication  2016 - 2020")
    >>> resume.positions[0].title.text
    'Welder'
"""

from talentmatch.parsing.report import run_parse_command
from talentmatch.parsing.resume import PARSER_VERSION, parse_resume

__all__ = ["PARSER_VERSION", "parse_resume", "run_parse_command"]
