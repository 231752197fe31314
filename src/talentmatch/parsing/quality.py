"""Parse quality: a 0-1 score with the reasons it is below 1.

Later layers route a resume whose parse is doubtful to a person rather than trusting its
numbers. Each reason subtracts a fixed, documented penalty from 1.0; the score is clamped
to [0, 1]. Reasons carry counts and thresholds, never document text.

Example:
    >>> from talentmatch.parsing import parse_resume
    >>> quality = parse_resume("Just a line of text").parse_quality
    >>> quality.score < 0.5, "no_sections" in [r.code.value for r in quality.reasons]
    (True, True)
"""

from __future__ import annotations

from talentmatch.models import Document, FindingKind
from talentmatch.models.resume import (
    Contact,
    EntryIssue,
    ParseQuality,
    Position,
    QualityReason,
    QualityReasonCode,
    Section,
)

__all__ = ["PENALTIES", "assess"]

Q = QualityReasonCode
PENALTIES: dict[QualityReasonCode, float] = {
    Q.NO_SECTIONS: 0.4,
    Q.HEADINGS_INFERRED: 0.15,
    Q.FEW_SECTION_KINDS: 0.15,
    Q.NO_POSITIONS: 0.2,
    Q.FEW_DATED_POSITIONS: 0.15,
    Q.DATE_ISSUES: 0.1,
    Q.VERY_SHORT_TEXT: 0.3,
    Q.NO_CONTACT: 0.1,
    Q.HIDDEN_TEXT: 0.2,
    Q.PAGES_WITHOUT_TEXT: 0.2,
    Q.MANY_UNREADABLE_CHARACTERS: 0.2,
}
"""Penalty subtracted from 1.0 for each reason present."""

SHORT_TEXT_CHARS = 400
MIN_SECTION_KINDS = 3
MIN_DATED_SHARE = 0.5


def _unreadable_share(text: str) -> float:
    if not text:
        return 0.0
    odd = sum(1 for ch in text if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff")
    return odd / len(text)


def assess(
    document: Document,
    sections: tuple[Section, ...],
    positions: tuple[Position, ...],
    contact: Contact,
    *,
    inferred: bool,
) -> ParseQuality:
    """Score a parse.

    Args:
        document: the document parsed.
        sections: sections found (inferred ones have no heading).
        positions: positions found.
        contact: contact details found.
        inferred: True when sections were inferred because no heading was found.

    Returns:
        The score and its reasons, in a fixed order.

    Example:
        >>> from talentmatch import load_document
        >>> from talentmatch.models.resume import Contact
        >>> assess(load_document("hi"), (), (), Contact(), inferred=False).score
        0.0
    """
    reasons: list[tuple[QualityReasonCode, str]] = []
    headed = [s for s in sections if s.heading is not None]
    if not headed:
        reasons.append((Q.NO_SECTIONS, "no section heading found"))
    if inferred:
        reasons.append((Q.HEADINGS_INFERRED, f"inferred_sections={len(sections)}"))
    kinds = {s.kind for s in sections}
    if headed and len(kinds) < MIN_SECTION_KINDS:
        reasons.append((Q.FEW_SECTION_KINDS, f"kinds={len(kinds)} min={MIN_SECTION_KINDS}"))
    if not positions:
        reasons.append((Q.NO_POSITIONS, "positions=0"))
    else:
        dated = sum(1 for p in positions if p.start is not None)
        if dated / len(positions) < MIN_DATED_SHARE:
            reasons.append((Q.FEW_DATED_POSITIONS, f"dated={dated} positions={len(positions)}"))
        doubtful = sum(1 for p in positions if EntryIssue.END_BEFORE_START in p.issues)
        if doubtful:
            reasons.append((Q.DATE_ISSUES, f"end_before_start={doubtful}"))
    if len(document.text) < SHORT_TEXT_CHARS:
        reasons.append((Q.VERY_SHORT_TEXT, f"chars={len(document.text)} min={SHORT_TEXT_CHARS}"))
    if not contact.emails and not contact.phones:
        reasons.append((Q.NO_CONTACT, "no email or phone found"))
    if document.has_hidden_text:
        reasons.append((Q.HIDDEN_TEXT, f"hidden_chars={len(document.hidden_text)}"))
    if any(f.kind is FindingKind.PAGES_WITHOUT_TEXT for f in document.findings):
        reasons.append((Q.PAGES_WITHOUT_TEXT, "some pages have no text layer"))
    share = _unreadable_share(document.text)
    if share > 0.02:
        reasons.append((Q.MANY_UNREADABLE_CHARACTERS, f"share={share:.3f}"))
    score = 1.0 - sum(PENALTIES[code] for code, _ in reasons)
    return ParseQuality(
        score=round(min(1.0, max(0.0, score)), 3),
        reasons=tuple(
            QualityReason(code=code, detail=detail, penalty=PENALTIES[code])
            for code, detail in reasons
        ),
    )
