"""Certifications and licences: name, issuer and dates, one per line of their section.

The issuer is what the line states: after "issued by" / "by" / "délivré par" / "emitido
por" / "ausgestellt von", in the last parentheses (unless they hold the name's own acronym,
as in "Project Management Professional (PMP)"), or the part after a comma, an em dash or a
bar. A trailing level word ("– Associate", "- Professional") stays in the name.

Example:
    >>> [(c.name.text, c.issuer.text) for c in certifications_in(
    ...     "CompTIA Security+ (CompTIA) 2019")]
    [('CompTIA Security+', 'CompTIA')]
"""

from __future__ import annotations

import re

from talentmatch.models import Span
from talentmatch.models.resume import Certification, TextValue
from talentmatch.parsing._lines import Line
from talentmatch.parsing._normalise import fold
from talentmatch.parsing.dates import DateKind, DateRange, find_date_ranges

__all__ = ["certifications_from", "certifications_in"]

_META = re.compile(
    r"^(?:credential(?:\s+id)?|license\s+(?:number|no)|id|issued|expires?|expiry|expiration|"
    r"valid(?:\s+until)?|délivré|obtenu|emitido|obtenido|ausgestellt|gültig|válido)\b",
    re.IGNORECASE,
)
_BY = re.compile(
    r"\s*(?:,\s*)?\b(?:issued\s+by|certified\s+by|awarded\s+by|by|from|délivré\s+par|"
    r"emitido\s+por|expedido\s+por|ausgestellt\s+von|von)\s+(?=\S)",
    re.IGNORECASE,
)
_EXPIRES = re.compile(
    r"\b(?:expires?|expiry|expiration|valid until|gültig bis|válido hasta|"
    r"valable jusqu'au|até)\b",
    re.IGNORECASE,
)
_STRONG = re.compile(r"\s+[—|]\s+|\s*\|\s*|\t+|\s{3,}")
_DASH = re.compile(r"\s+[–-]\s+")
_LEVEL_WORDS = frozenset(
    "associate professional expert foundation foundations fundamentals practitioner "
    "specialty specialist advanced intermediate level i ii iii 1 2 3".split()
)
_TRIM = " \t,;:|-–—()."


def _acronym_of(inner: str, name: str) -> bool:
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w+]*", name) if w[0].isupper())
    return inner.replace(" ", "").upper() in initials.upper() and len(inner) <= 8


def _split(text: str) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """Return the (start, end) of the name and of the issuer within ``text``."""
    by = _BY.search(text)
    if by is not None and by.start() > 0:
        return (0, by.start()), (by.end(), len(text))
    paren = list(re.finditer(r"\(([^()]+)\)", text))
    if paren:
        last = paren[-1]
        inner = last.group(1).strip()
        before = text[: last.start()]
        if not _acronym_of(inner, before) and not text[last.end() :].strip(_TRIM):
            return (0, last.start()), (last.start(1), last.end(1))
    for pattern in (_STRONG, re.compile(r",\s+"), _DASH):
        cuts = list(pattern.finditer(text))
        if not cuts:
            continue
        cut = cuts[-1]
        right = text[cut.end() :]
        if fold(right.strip(_TRIM)) in _LEVEL_WORDS or not right.strip(_TRIM):
            continue
        return (0, cut.start()), (cut.end(), len(text))
    return (0, len(text)), None


def _trimmed(text: str, lo: int, hi: int) -> tuple[int, int]:
    piece = text[lo:hi]
    stripped = piece.strip(_TRIM)
    if (
        stripped
        and piece[piece.index(stripped) + len(stripped) :].startswith(")")
        and (stripped.count("(") > stripped.count(")"))
    ):
        stripped += ")"  # keep the closing parenthesis of "(PMP)"
    if not stripped:
        return lo, lo
    start = lo + piece.index(stripped)
    return start, start + len(stripped)


def _certification(text: str, base: int, mentions: list[DateRange]) -> Certification | None:
    """Read one line (offset ``base`` in the document) as a certification."""
    cut = len(text)
    issued = expires = None
    date_span: tuple[int, int] | None = None
    lead = 0  # where the name starts: after a date written first ("2023 CKA, CNCF")
    for mention in mentions:
        lo = mention.start - base
        if not any(ch.isalpha() for ch in text[lead:lo]) and lead == 0 and lo < cut:
            lead = mention.end - base
        elif lo < cut:
            cut = lo
        before = text[max(0, lo - 16) : lo]
        if _EXPIRES.search(before):
            expires = mention.last or mention.first
        elif issued is None:
            issued = mention.first
            date_span = (mention.start, mention.end)
            if mention.kind is DateKind.RANGE and mention.last is not None:
                expires = mention.last
    head = text[:cut]
    head = re.sub(
        r"\b(?:issued|obtained|obtenu|obtenido|expires?|expiry)\s*:?\s*$",
        "",
        head,
        flags=re.IGNORECASE,
    )
    head = head.rstrip(" \t,;:|-–—")
    lead = min(lead, len(head))
    (name_lo, name_hi), issuer_range = _split(head[lead:])
    name_lo, name_hi = name_lo + lead, name_hi + lead
    if issuer_range is not None:
        issuer_range = (issuer_range[0] + lead, issuer_range[1] + lead)
    name_lo, name_hi = _trimmed(text, name_lo, name_hi)
    if name_hi - name_lo < 2 or not any(ch.isalpha() for ch in text[name_lo:name_hi]):
        return None
    issuer = None
    if issuer_range is not None:
        lo, hi = _trimmed(text, *issuer_range)
        if hi - lo >= 2 and any(ch.isalpha() for ch in text[lo:hi]):
            issuer = TextValue(text=text[lo:hi], span=Span(start=base + lo, end=base + hi))
    return Certification(
        name=TextValue(
            text=text[name_lo:name_hi], span=Span(start=base + name_lo, end=base + name_hi)
        ),
        issuer=issuer,
        date=issued,
        expires=expires,
        date_text=(
            TextValue(
                text=text[date_span[0] - base : date_span[1] - base],
                span=Span(start=date_span[0], end=date_span[1]),
            )
            if date_span is not None
            else None
        ),
        span=Span(start=base, end=base + len(text)),
    )


def certifications_in(text: str) -> list[Certification]:
    """Read each line of ``text`` as a certification (spans are offsets into ``text``).

    Example:
        >>> c = certifications_in("Certified Kubernetes Administrator — CNCF — Mar 2022")[0]
        >>> c.issuer.text, c.date.iso()
        ('CNCF', '2022-03')
    """
    out: list[Certification] = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        base = offset + raw.index(stripped) if stripped else offset
        offset += len(raw) + 1
        if not stripped:
            continue
        mentions = [
            DateRange(m.start + base, m.end + base, m.first, m.last, m.current, m.kind)
            for m in find_date_ranges(stripped)
        ]
        cert = _certification(stripped, base, mentions)
        if cert is not None:
            out.append(cert)
    return out


def _outside(text: str, base: int, mentions: list[DateRange]) -> str:
    """``text`` with its date mentions blanked out."""
    chars = list(text)
    for mention in mentions:
        for i in range(max(0, mention.start - base), min(len(chars), mention.end - base)):
            chars[i] = " "
    return "".join(chars)


def certifications_from(
    lines: list[Line], mentions: dict[int, list[DateRange]]
) -> list[Certification]:
    """Read a certifications section: one certification per line; "Issued"/"Expires"/
    "Credential ID" lines add to the certification above them.

    Example:
        >>> from talentmatch import load_document
        >>> from talentmatch.parsing._lines import document_lines
        >>> doc = load_document("CKA, CNCF\\nIssued Mar 2022")
        >>> [c.name.text for c in certifications_from(document_lines(doc), {})]
        ['CKA']
    """
    out: list[Certification] = []
    for line in lines:
        on_line = mentions.get(line.index, [])
        body = line.body
        only_dates = bool(on_line) and not any(
            ch.isalpha() for ch in _outside(body, line.body_start, on_line)
        )
        if (_META.match(body) or only_dates) and out:
            last = out[-1]
            updates: dict[str, object] = {}
            for mention in on_line:
                before = line.text[
                    max(0, mention.start - line.start - 16) : mention.start - line.start
                ]
                if _EXPIRES.search(before) or fold(body).startswith(("expir", "valid")):
                    updates["expires"] = mention.last or mention.first
                elif last.date is None:
                    updates["date"] = mention.first
                    if mention.kind is DateKind.RANGE and mention.last is not None:
                        updates["expires"] = mention.last
            if updates:
                out[-1] = last.model_copy(update=updates)
            continue
        cert = _certification(body, line.body_start, on_line)
        if cert is not None:
            out.append(cert)
    return out
