"""Finders of personal data in text: each yields ``(start, end, kind)`` candidates.

Best effort by design: formats vary by country and a resume is free text. The finders
prefer catching a bit too much of a contact line over missing a phone number, but avoid
the words resumes are made of (skills, dates, figures, job titles).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

import phonenumbers

__all__ = ["find_addresses", "find_emails", "find_names", "find_phones", "find_urls"]

Candidate = tuple[int, int]

_EMAIL = re.compile(
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
    # Obfuscated forms: jane [at] example [dot] com
    r"|[A-Za-z0-9._%+-]+\s*[\[(]\s*at\s*[\])]\s*[A-Za-z0-9-]+(?:\s*[\[(]\s*dot\s*[\])]\s*[A-Za-z0-9-]+)+",
    re.IGNORECASE,
)

_PROFILE_HOSTS = (
    "linkedin|github|gitlab|bitbucket|twitter|x|facebook|instagram|behance|dribbble|medium"
    "|stackoverflow|kaggle|youtube|tiktok|xing|about\\.me|angel|wellfound"
)
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"')\]]+"
    rf"|(?i:\b(?:[a-z]{{2,3}}\.)?(?:{_PROFILE_HOSTS})\.(?:com|co|me|de|io)/[^\s<>\"')\]]+)"
    # Other bare domains only lowercase and with a path: "ASP.NET/MVC" and "Node.js" stay.
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|dev|me|co|info|app|ai|tech|site"
    r"|de|fr|es|pt|br|uk|eu|ca|au|in|nl|it|ch|se)/[^\s<>\"')\]]*"
)
_TRAILING = ".,;:!?"

_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*"
_ADDRESS_PATTERNS = (
    # US, UK, Canada, Australia, Ireland: 221B Baker Street, Apt 4, London NW1 6XE
    rf"\b\d{{1,6}}[A-Za-z]?(?:-\d{{1,4}})?[ \t]+(?:{_CAP}[ \t]+){{1,4}}"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl"
    r"|Terrace|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Square|Sq|Crescent|Close|Grove|Mews|Row"
    r"|Trail|Gardens)\b\.?"
    r"(?:,?[ \t]*(?:Apt|Apartment|Suite|Ste|Unit|Flat|#)\.?[ \t]*[\w-]+)?"
    rf"(?:,[ \t]*{_CAP}(?:[ \t]+{_CAP}){{0,2}})?"
    r"(?:,?[ \t]*[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?)?"
    r"(?:,?[ \t]*[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}\b)?",
    # France: 12 bis, rue de la Paix, 75002 Paris
    r"\b\d{1,4}(?:[ \t]?(?:bis|ter))?,?[ \t]+(?i:rue|avenue|av\.|boulevard|bd|place|chemin|allée"
    r"|impasse|quai|route|cours|square)[ \t]+[^\n,;]{2,40}"
    r"(?:,?[ \t]*\d{5}[ \t]+[A-ZÀ-Ý][^\n,;]{1,30})?",
    # Germany, Austria, Switzerland: Berliner Straße 12a, 10115 Berlin
    r"\b[A-ZÄÖÜ][\wäöüß.-]*(?:straße|strasse|str\.|allee|gasse|platz|damm|weg)"
    r"[ \t]+\d{1,3}[ \t]?[a-z]?\b"
    r"(?:,?[ \t]*\d{4,5}[ \t]+[A-ZÄÖÜ][\wäöüß-]+)?",
    r"\b[A-ZÄÖÜ][\wäöüß-]+[ \t]+(?:Straße|Strasse|Str\.|Weg|Platz|Allee|Gasse|Ring|Damm)[ \t]+"
    r"\d{1,3}[ \t]?[a-z]?\b(?:,?[ \t]*\d{4,5}[ \t]+[A-ZÄÖÜ][\wäöüß-]+)?",
    # Spain, Portugal, Brazil: Calle Mayor, 5; Rua Augusta, 120, 1100-053 Lisboa
    r"\b(?:Calle|C/|Avenida|Avda\.?|Av\.|Plaza|Pza\.|Paseo|Camino|Carrer|Ronda|Travesía|Rua"
    r"|R\.|Travessa|Praça|Alameda|Estrada|Largo|Rodovia)[ \t]+[^\n,;]{2,40},?[ \t]*"
    r"(?:n[º°o]\.?[ \t]*)?\d{1,5}\b"
    r"(?:,?[ \t]*(?:\d{5}-\d{3}|\d{4}-\d{3}|\d{5})(?:[ \t]+[A-ZÀ-Ý][^\n,;]{1,30})?)?",
    # A UK postcode after a town: London SW1A 1AA
    r"\b[A-Z][a-z]+,?[ \t]+[A-Z]{1,2}\d[A-Z\d]?[ \t]\d[A-Z]{2}\b",
)
_ADDRESS = re.compile("|".join(f"(?:{p})" for p in _ADDRESS_PATTERNS))

_DATE_LIKE = re.compile(r"/|\b(?:19|20)\d{2}\b.*\b(?:19|20)\d{2}\b")
_MIN_PHONE_DIGITS = 7
_PHONE_HINT = re.compile(r"[+(]?\d[\d \t().\-/–]{5,}\d")
_CONTEXT = 12
_YEAR_RANGE = re.compile(r"(?:19|20)\d{2}\s*[-–/]\s*(?:19|20)\d{2}")


def find_emails(text: str) -> Iterator[Candidate]:
    """Email addresses, including ``name [at] domain [dot] com`` forms."""
    for match in _EMAIL.finditer(text):
        yield match.span()


def find_urls(text: str) -> Iterator[Candidate]:
    """Web addresses: with a scheme or www, profile links, lowercase domains with a path."""
    for match in _URL.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        yield start, end


def find_phones(text: str, regions: Sequence[str]) -> Iterator[Candidate]:
    """Valid phone numbers: international (+CC) in any region, national in ``regions``."""
    seen: set[Candidate] = set()
    # libphonenumber's matcher is slow over long text; run it only on digit runs that
    # could be numbers (with a little context, which its leniency checks look at).
    for hint in _PHONE_HINT.finditer(text):
        found = hint.group()
        international = found.startswith("+")
        if sum(c.isdigit() for c in found) < _MIN_PHONE_DIGITS or (
            not international and ("/" in found or _YEAR_RANGE.fullmatch(found.strip("( ")))
        ):
            continue  # too short, a date ("03/2015") or a year range ("2019 - 2021")
        offset = max(0, hint.start() - _CONTEXT)
        window = text[offset : hint.end() + _CONTEXT]
        # A +CC number parses the same in any region: one pass is enough.
        for region in ("US",) if international else regions or ("US",):
            spans = list(_valid_numbers(window, region, offset))
            if spans:  # the first region that reads the run as a number is enough
                for span in spans:
                    if span not in seen:
                        seen.add(span)
                        yield span
                break


def _valid_numbers(window: str, region: str, offset: int) -> Iterator[Candidate]:
    for match in phonenumbers.PhoneNumberMatcher(
        window, region, leniency=phonenumbers.Leniency.VALID
    ):
        raw = match.raw_string
        if sum(c.isdigit() for c in raw) < _MIN_PHONE_DIGITS:
            continue
        if not raw.startswith("+") and _DATE_LIKE.search(raw):
            continue  # "01/2018 - 12/2020" is a date range, not a number
        yield offset + match.start, offset + match.end


def find_addresses(text: str) -> Iterator[Candidate]:
    """Street addresses in US/UK/CA/AU, FR, DE/AT/CH, ES, PT/BR forms (best effort)."""
    for match in _ADDRESS.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1] in _TRAILING + " ":
            end -= 1
        yield start, end


def _name_pattern(name: str, parts: bool) -> re.Pattern[str] | None:
    tokens = [t for t in re.findall(r"[^\W\d_](?:[\w'’-]*\w)?", name) if len(t) >= 2]
    if not tokens:
        return None
    escaped = [re.escape(t) for t in tokens]
    # "Jane Roe", "Jane A. Roe", "JANE ROE", "Roe, Jane"
    full = r"(?:\s+[^\W\d_]\.?)?\s+".join(escaped)
    alternatives = [f"(?i:{full})"]
    if len(tokens) >= 2:
        alternatives.append(f"(?i:{escaped[-1]},\\s*{escaped[0]})")
    if parts:
        # Single parts only in name casing, so "Will" (a name) is caught and "will" is not.
        for token in tokens:
            alternatives += [re.escape(token[0].upper() + token[1:]), re.escape(token.upper())]
    return re.compile(r"(?<![\w@])(?:" + "|".join(alternatives) + r")(?![\w@])")


def find_names(text: str, names: Iterable[str], *, parts: bool) -> Iterator[Candidate]:
    """Occurrences of the given names (full, reordered, and optionally each part)."""
    for name in names:
        pattern = _name_pattern(" ".join(name.split()), parts)
        if pattern is None:
            continue
        for match in pattern.finditer(text):
            yield match.span()
