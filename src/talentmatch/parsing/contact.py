"""Contact details: name (with a confidence), emails, phones in E.164, links, location.

Phones are normalised with ``phonenumbers`` when the number carries its country code or the
country can be inferred from the candidate's location ("Lyon, France", "Austin, TX"); a
number whose country cannot be inferred keeps its text and gets no E.164 form, rather than a
guessed one. Everything here is personal data: it is returned, never logged.

Example:
    >>> from talentmatch import load_document
    >>> from talentmatch.parsing._lines import document_lines
    >>> doc = load_document("Ana Lima\\nPorto, Portugal\\nana@example.com | 912 345 678")
    >>> lines = document_lines(doc)
    >>> c = read_contact(doc.text, lines, lines)
    >>> c.name.text, c.phones[0].e164, c.location.country_code
    ('Ana Lima', '+351912345678', 'PT')
"""

from __future__ import annotations

import re

import phonenumbers

from talentmatch.models import Span
from talentmatch.models.resume import Contact, Link, LinkKind, Location, Phone, TextValue
from talentmatch.parsing._lines import Line
from talentmatch.parsing._normalise import words
from talentmatch.parsing.dates import find_date_tokens
from talentmatch.parsing.geography import read_location
from talentmatch.parsing.headings import heading_kind
from talentmatch.parsing.positions import title_score

__all__ = ["read_contact"]

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w])")
_URL = re.compile(
    r"(?:https?://|www\.)[^\s|,;<>()\"']+|"
    r"(?<![\w@.])(?:[\w-]+\.)*(?:linkedin\.com|github\.com|gitlab\.com|behance\.net|"
    r"dribbble\.com|medium\.com|stackoverflow\.com|twitter\.com|x\.com)/[^\s|,;<>()\"']*",
    re.IGNORECASE,
)
_BARE_DOMAIN = re.compile(
    r"(?<![\w@./-])(?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|me|info|co|de|fr|es|pt|br|uk|ca|"
    r"ai|app|xyz|site|tech|page|blog|eu|ch|nl|it)(?:/[^\s|,;<>()]*)?(?![\w@])"
)
_HANDLE = re.compile(
    r"\b(linkedin|github)\b\s*(?::\s*/*|/{2})\s*@?((?:/?in/)?[\w.-]+)", re.IGNORECASE
)
_PHONE = re.compile(r"(?<![\w+/.])(?:\(?\+\d{1,3}\)?[\s.\-]?)?\(?\d[\d\s().\-/]{5,20}\d(?![\w])")
_PHONE_LABEL = re.compile(
    r"\b(?:tel|tél|phone|mobile|mob|cell|telefone?|teléfono|telefono|handy|portable|"
    r"celular|móvil|movil)\b|☎|📱|✆",
    re.IGNORECASE,
)
_NAME_LABEL = re.compile(r"^(?:name|nom|nombre|nome)\s*:\s*", re.IGNORECASE)
_NAME_WORD = re.compile(
    r"^(?:[A-ZÀ-ÞĀ-Ž][\w'’\-]*\.?|[A-Z]\.|(?:de|da|do|dos|das|van|von|der|"
    r"den|del|la|le|di|du|bin|al|y|e)\b)$"
)
_SEGMENTS = re.compile(r"\s*[|•·]\s*|\s{3,}|\t+|\s+[–—-]\s+")
_TITLE_WORDS = frozenset({"curriculum", "vitae", "resume", "cv", "lebenslauf", "curriculo"})


def _value(text: str, start: int, end: int) -> TextValue:
    return TextValue(text=text[start:end], span=Span(start=start, end=end))


def _emails(text: str) -> list[TextValue]:
    seen: set[str] = set()
    out = []
    for match in _EMAIL.finditer(text):
        key = match.group(0).lower()
        if key not in seen:
            seen.add(key)
            out.append(_value(text, match.start(), match.end()))
    return out


def _link_kind(url: str) -> LinkKind:
    lower = url.lower()
    if "linkedin.com" in lower:
        return LinkKind.LINKEDIN
    if "github.com" in lower:
        return LinkKind.GITHUB
    if any(
        host in lower
        for host in (
            "twitter.com",
            "x.com/",
            "facebook.com",
            "fb.co",
            "instagram.com",
            "youtube.com",
            "quora.com",
        )
    ):
        return LinkKind.OTHER
    return LinkKind.PORTFOLIO


def _normal_url(raw: str) -> str:
    url = raw.rstrip(".,;:)/")
    url = re.sub(r"^https?://", "", url, flags=re.IGNORECASE)
    url = re.sub(r"[?#].*$", "", url)
    host, _, path = url.partition("/")
    host = host.lower()
    if host.endswith("linkedin.com"):
        host = "www.linkedin.com"
    elif host == "www.github.com":
        host = "github.com"
    return "https://" + host + ("/" + path if path else "")


def _links(text: str, contact_lines: list[Line], emails: list[TextValue]) -> list[Link]:
    taken: list[tuple[int, int]] = [(e.span.start, e.span.end) for e in emails]
    out: list[Link] = []
    seen: set[str] = set()

    def add(kind: LinkKind, url: str, start: int, end: int) -> None:
        if any(lo < end and start < hi for lo, hi in taken) or url.lower() in seen:
            return
        taken.append((start, end))
        seen.add(url.lower())
        out.append(Link(kind=kind, url=url, text=_value(text, start, end)))

    for match in _URL.finditer(text):
        end = match.start() + len(match.group(0).rstrip(".,;:)"))
        url = _normal_url(match.group(0))
        add(_link_kind(url), url, match.start(), end)
    for match in _HANDLE.finditer(text):
        network, handle = match.group(1).lower(), match.group(2).strip("/")
        handle = handle.removeprefix("in/")
        if not handle:
            continue
        url = (
            f"https://www.linkedin.com/in/{handle}"
            if network == "linkedin"
            else f"https://github.com/{handle}"
        )
        add(
            LinkKind.LINKEDIN if network == "linkedin" else LinkKind.GITHUB,
            url,
            match.start(),
            match.end(),
        )
    for line in contact_lines:
        for match in _BARE_DOMAIN.finditer(line.text):
            start = line.start + match.start()
            url = _normal_url(match.group(0))
            add(_link_kind(url), url, start, start + len(match.group(0).rstrip(".,;:)")))
    out.sort(key=lambda link: link.text.span.start)
    return out


def _location(text: str, lines: list[Line]) -> Location | None:
    for line in lines:
        for segment in _segments(line):
            lo, hi = segment
            piece = text[lo:hi]
            if "@" in piece or sum(ch.isdigit() for ch in piece) > 6 or len(piece) > 90:
                continue
            found = read_location(piece)
            if found is None or title_score(piece):
                continue
            city, region, country = found
            return Location(
                text=_value(text, lo, hi), city=city, region=region, country_code=country
            )
    return None


def _segments(line: Line) -> list[tuple[int, int]]:
    out = []
    position = 0
    for match in _SEGMENTS.finditer(line.text):
        out.append((position, match.start()))
        position = match.end()
    out.append((position, len(line.text)))
    return [
        (
            line.start + lo + (len(line.text[lo:hi]) - len(line.text[lo:hi].lstrip())),
            line.start + hi - (len(line.text[lo:hi]) - len(line.text[lo:hi].rstrip())),
        )
        for lo, hi in out
        if line.text[lo:hi].strip()
    ]


def _phones(text: str, lines: list[Line], region: str | None) -> list[Phone]:
    out: list[Phone] = []
    seen: set[str] = set()
    for line in lines:
        labelled = _PHONE_LABEL.search(line.text) is not None
        for match in _PHONE.finditer(line.text):
            raw = match.group(0).strip()
            digits = re.sub(r"\D", "", raw)
            if not 7 <= len(digits) <= 15 or _is_dates(raw):
                continue
            start = (
                line.start + match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
            )
            phone = _phone(raw, region, labelled=labelled)
            if phone is None:
                continue
            e164, number_region = phone
            key = e164 or digits
            if key in seen:
                continue
            seen.add(key)
            out.append(
                Phone(text=_value(text, start, start + len(raw)), e164=e164, region=number_region)
            )
    return out


def _is_dates(raw: str) -> bool:
    tokens = [t for t in find_date_tokens(raw) if t.value is not None]
    covered = sum(t.end - t.start for t in tokens)
    return bool(tokens) and covered >= len(re.sub(r"\D", "", raw)) - 1


def _phone(
    raw: str, region: str | None, *, labelled: bool = False
) -> tuple[str | None, str | None] | None:
    """Return (E.164 or None, region or None) for a plausible number, else None."""
    cleaned = re.sub(r"^\(\+(\d{1,3})\)", r"+\1", raw).replace("(0)", "")
    international = cleaned.startswith(("+", "00"))
    if cleaned.startswith("00"):
        cleaned = "+" + cleaned[2:]
    try:
        number = phonenumbers.parse(cleaned, None if international else region)
    except phonenumbers.NumberParseException:
        plausible = labelled or _plausible(raw)
        return (None, None) if not international and region is None and plausible else None
    if not phonenumbers.is_possible_number(number):
        return None
    # A written country code makes E.164 unambiguous; an inferred one must give a valid number.
    if international or phonenumbers.is_valid_number(number):
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        region_code = phonenumbers.region_code_for_number(number)
        if region_code is None and number.country_code is not None:
            region_code = phonenumbers.region_code_for_country_code(number.country_code)
        return e164, region_code if region_code not in (None, "ZZ", "001") else None
    return None, None


def _plausible(raw: str) -> bool:
    """A national number with typical grouping ("(555) 123-4567", "06 12 34 56 78")."""
    return bool(re.fullmatch(r"[\d\s().\-]{9,20}", raw)) and len(re.findall(r"\d+", raw)) >= 3


def _name(text: str, header: list[Line], lines: list[Line]) -> tuple[TextValue | None, float]:
    """Best name candidate: an early header line, a "Name:" line, or the page's largest type.

    The largest type counts wherever it is on the first page: exports such as LinkedIn's put
    a sidebar (contact, skills) before the name.
    """
    sizes = sorted(line.font_size for line in lines if line.font_size)
    largest = sizes[-1] if sizes else None
    body = sizes[len(sizes) // 2] if sizes else None
    standout = largest is not None and body is not None and largest >= 1.25 * body
    candidates: list[tuple[Line, float]] = [
        (line, 0.35 if rank == 0 else 0.2 if rank <= 2 else 0.0)
        for rank, line in enumerate(header[:8])
    ]
    candidates += [(line, 0.0) for line in lines[:25] if _NAME_LABEL.match(line.text)]
    if standout:
        candidates += [
            (line, 0.0) for line in lines if line.font_size == largest and line.page in (None, 1)
        ]
    best: tuple[float, int, int] | None = None
    for line, bonus in candidates:
        labelled = _NAME_LABEL.match(line.text)
        for lo, hi in _segments(line)[:2]:
            if labelled is not None and lo == line.start:
                lo = line.start + labelled.end()
            piece = text[lo:hi].strip(" ,;:")
            score = _name_score(piece)
            if score <= 0:
                continue
            score += bonus + (0.4 if labelled is not None else 0.0)
            if standout and line.font_size == largest:
                score += 0.4
            if best is None or score > best[0]:
                start = lo + text[lo:hi].index(piece)
                best = (score, start, start + len(piece))
    if best is None:
        return None, 0.0
    return _value(text, best[1], best[2]), round(min(best[0], 1.0), 2)


def _name_score(piece: str) -> float:
    if not piece or len(piece) > 50 or any(ch.isdigit() for ch in piece) or "@" in piece:
        return 0.0
    if re.search(r"[\u3400-\u9fff]", piece):
        compact = piece.replace(" ", "")
        return 0.3 if 2 <= len(compact) <= 4 and compact.isalpha() else 0.0
    tokens = piece.split()
    if not 2 <= len(tokens) <= 5 or not all(_NAME_WORD.match(t) for t in tokens):
        return 0.0
    folded = set(words(piece))
    if folded & _TITLE_WORDS or heading_kind(piece) is not None:
        return 0.0
    if title_score(piece) or read_location(piece) is not None:
        return 0.0
    return 0.45


def read_contact(text: str, lines: list[Line], header: list[Line]) -> Contact:
    """Read contact details.

    Args:
        text: ``Document.text``.
        lines: all lines of the document (page headers and footers included: contact
            details often sit there).
        header: the lines before the first section heading (name, title, contact).

    Returns:
        A ``Contact``; fields are empty when nothing is found.

    Example:
        >>> from talentmatch import load_document
        >>> from talentmatch.parsing._lines import document_lines
        >>> doc = load_document("Jo Roe\\njo@example.com")
        >>> lines = document_lines(doc)
        >>> read_contact(doc.text, lines, lines).emails[0].text
        'jo@example.com'
    """
    name_lines = header
    header = header or lines[:6]
    emails = _emails(text)
    header_starts = {line.start for line in header}
    email_lines = {line.index for line in lines if "@" in line.text}
    contact_lines = [
        line
        for line in lines
        if line.start in header_starts
        or line.index in email_lines
        or _PHONE_LABEL.search(line.text)
        or (line.index - 1) in email_lines
        or (line.index + 1) in email_lines
    ]
    location = _location(text, header) or _location(text, contact_lines)
    region = location.country_code if location is not None else None
    name, confidence = _name(text, name_lines, lines)
    return Contact(
        name=name,
        name_confidence=confidence if name is not None else 0.0,
        emails=tuple(emails),
        phones=tuple(_phones(text, contact_lines, region)),
        links=tuple(_links(text, contact_lines, emails)),
        location=location,
    )
