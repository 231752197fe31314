"""Plain-text reading: encoding detection and confident mojibake repair.

Order of attempts: a UTF-32 / UTF-8 / UTF-16 byte-order mark decides; then UTF-16 without
BOM when every other byte is NUL (ASCII-heavy text); then strict UTF-8; then cp1252, then
latin-1 (which decodes anything), with an ``encoding_fallback`` finding. Binary data that
decodes to mostly control characters is refused as an unknown format.

Mojibake is UTF-8 that something decoded as cp1252 or latin-1 ("â€™" for "’", "Ã©" for
"é"). It is repaired only on strong evidence, so genuine text in any language is left alone;
see ``repair_mojibake``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from talentmatch.documents._raw import RawBlock, RawExtraction, RawPage
from talentmatch.errors import UnsupportedFormatError
from talentmatch.models import BlockKind, DocumentFormat, Finding, FindingKind

__all__ = ["decode_text", "read_text", "repair_mojibake"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _continuation_chars() -> str:
    # What cp1252 (or latin-1, for the five bytes cp1252 leaves undefined) shows for the
    # UTF-8 continuation bytes 0x80-0xBF.
    chars = {chr(b) for b in range(0x80, 0xC0)}
    for b in range(0x80, 0xC0):
        try:
            chars.add(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            continue
    return "".join(sorted(chars))


_CONT = "[" + re.escape(_continuation_chars()) + "]"
# A UTF-8 lead byte read as cp1252/latin-1 followed by exactly as many continuation
# characters as that lead byte announces.
_SEQUENCE = re.compile(
    "[\u00c2-\u00df]" + _CONT + "|[\u00e0-\u00ef]" + _CONT + "{2}|[\u00f0-\u00f4]" + _CONT + "{3}"
)
# "â€" followed by U+FFFD: a closing quote (0x9D, undefined in cp1252) lost by a decoder
# that replaced it.
_LOST_CLOSING_QUOTE = "â€\ufffd"
# "â€", "â‚", "â„" start the UTF-8 of punctuation, currency and letterlike symbols (’ “ – …
# € ™): by far the most common mojibake, and never genuine text.
_STRONG_PREFIXES = ("â€", "â‚", "â„")
# Characters that genuinely follow a word: after "Ã" (Portuguese "IRMÃ”") or another
# accented capital they prove nothing.
_CLOSERS = frozenset("’”“‘…»›•·–—")
_WORD_SUFFIXES = _CLOSERS | frozenset("\u00a0®™©°¹²³ªº´¨§¶‰")
# Where the repaired character may lie: scripts and symbols real text uses. Anything else
# (IPA, NKo, combining marks alone, unassigned) means the "mojibake" was genuine text.
_PLAUSIBLE = (
    (0x00A0, 0x024F),  # Latin-1 supplement, Latin extended A/B
    (0x0370, 0x058F),  # Greek, Cyrillic, Armenian
    (0x0590, 0x06FF),  # Hebrew, Arabic
    (0x0900, 0x0E7F),  # Indic scripts, Thai
    (0x10A0, 0x10FF),  # Georgian
    (0x1E00, 0x1EFF),  # Latin extended additional (Vietnamese)
    (0x2000, 0x27BF),  # punctuation, currency, letterlike, arrows, maths, shapes, dingbats
    (0x3000, 0x30FF),  # CJK punctuation, kana
    (0x3400, 0x9FFF),  # CJK ideographs
    (0xAC00, 0xD7AF),  # Hangul
    (0xFF00, 0xFFEF),  # full-width forms
    (0x1F300, 0x1FAFF),  # emoji
)
_MAX_PASSES = 2


def _plausible(ch: str) -> bool:
    cp = ord(ch)
    if unicodedata.category(ch) in ("Cn", "Co", "Cs", "Cc"):
        return False
    return any(low <= cp <= high for low, high in _PLAUSIBLE)


def _to_bytes(fragment: str) -> bytes | None:
    out = bytearray()
    for ch in fragment:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) >= 0x100:
                return None
            out.append(ord(ch))
    return bytes(out)


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    fixed: str
    strong: bool
    distinctive: bool


def _candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for match in _SEQUENCE.finditer(text):
        raw = _to_bytes(match.group())
        if raw is None:
            continue
        try:
            fixed = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(fixed) != 1 or not _plausible(fixed):
            continue
        lead, follower = match.group()[0], match.group()[1]
        distinctive = False
        if len(raw) == 2:
            ignorable = _CLOSERS if lead in "ÂÃ" else _WORD_SUFFIXES
            distinctive = follower not in ignorable
        # Emoji (4 bytes) and "Ã©"-style sequences never occur in genuine text.
        strong = (
            match.group().startswith(_STRONG_PREFIXES)
            or len(raw) == 4
            or (distinctive and lead in "ÂÃ")
        )
        found.append(_Candidate(match.start(), match.end(), fixed, strong, distinctive))
    start = 0
    while (index := text.find(_LOST_CLOSING_QUOTE, start)) != -1:
        found.append(_Candidate(index, index + 3, "”", True, False))
        start = index + 3
    found.sort(key=lambda c: c.start)
    return found


def _confident(candidates: list[_Candidate]) -> bool:
    if any(c.strong for c in candidates):
        return True
    # Adjacent sequences ("Ã©Ã¨", "Ð¿Ñ€Ð¸") are whole mojibake words.
    for previous, current in itertools.pairwise(candidates):
        if previous.end == current.start:
            return True
    return sum(c.distinctive for c in candidates) >= 2


def _repair_once(text: str) -> tuple[str, int]:
    candidates = _candidates(text)
    if not candidates or not _confident(candidates):
        return text, 0
    parts: list[str] = []
    last = 0
    for candidate in candidates:
        if candidate.start < last:
            continue
        parts.append(text[last : candidate.start])
        parts.append(candidate.fixed)
        last = candidate.end
    parts.append(text[last:])
    return "".join(parts), len(candidates)


def repair_mojibake(text: str) -> tuple[str, int]:
    """Repair UTF-8 text that was decoded as cp1252/latin-1, when confidently detected.

    A sequence is a candidate only if its characters, turned back into bytes, form valid
    UTF-8 for one character of a script or symbol block real text uses. The text changes
    only on strong evidence: one sequence no genuine text contains ("â€™", "Ã©", an
    emoji's "ðŸ"), two adjacent sequences ("Ð¿Ñ€"), or two telling ones elsewhere ("Å‚").
    Then every candidate is repaired; doubly encoded text gets a second pass.

    Args:
        text: the decoded text.

    Returns:
        The text and the number of repaired sequences (0 when unchanged).

    Example:
        >>> repair_mojibake("Iâ€™m a cafÃ© owner")
        ('I’m a café owner', 2)
        >>> repair_mojibake("Ã la carte, SÃO PAULO, Grüße“, résumé")
        ('Ã la carte, SÃO PAULO, Grüße“, résumé', 0)
    """
    total = 0
    for _ in range(_MAX_PASSES):
        text, count = _repair_once(text)
        if not count:
            break
        total += count
    return text, total


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    sample = text[:20_000]
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f") or ch == "\x7f")
    return controls > max(8, len(sample) // 20)


def decode_text(data: bytes) -> tuple[str, list[Finding]]:
    """Decode bytes of a plain-text document; return the text and any findings.

    Args:
        data: the file's bytes.

    Returns:
        The decoded text and findings (``encoding_fallback`` when the bytes were not
        clean UTF-8 / UTF-16 / UTF-32).

    Raises:
        UnsupportedFormatError: the bytes are binary data of an unknown format.

    Example:
        >>> text, findings = decode_text("café".encode("cp1252"))
        >>> text, findings[0].detail
        ('café', 'codec=cp1252')
    """
    findings: list[Finding] = []
    text: str | None = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                text = body.decode(codec)
            except UnicodeDecodeError:
                text = body.decode(codec, errors="replace")
                findings.append(
                    Finding(
                        kind=FindingKind.ENCODING_FALLBACK,
                        detail=f"codec={codec},errors=replace",
                    )
                )
            break
    if text is None:
        # Before UTF-8: NUL bytes are valid UTF-8, so UTF-16 would "decode" as binary junk.
        text = _decode_utf16_without_bom(data)
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
    if text is None:
        for codec in ("cp1252", "latin-1"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            findings.append(Finding(kind=FindingKind.ENCODING_FALLBACK, detail=f"codec={codec}"))
            break
    assert text is not None  # latin-1 decodes every byte sequence
    if _looks_binary(text):
        raise UnsupportedFormatError(
            "The file is binary data of an unknown format, not text. talentmatch reads PDF, "
            "DOCX and plain text; convert the document to one of those."
        )
    return text, findings


def _decode_utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    codec = None
    if odd_nuls > half * 0.6 and even_nuls < half * 0.1:
        codec = "utf-16-le"
    elif even_nuls > half * 0.6 and odd_nuls < half * 0.1:
        codec = "utf-16-be"
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def read_text(text: str, findings: list[Finding] | None = None) -> RawExtraction:
    """Split decoded text into one page of paragraph blocks (one per line).

    Mojibake is repaired here, so text given as ``str`` is treated like decoded bytes.

    Args:
        text: the decoded text.
        findings: findings from decoding, carried into the extraction.

    Returns:
        A ``RawExtraction`` with one page and one block per line.

    Example:
        >>> [b.text for b in read_text("a\\r\\nb").pages[0].blocks]
        ['a', 'b']
    """
    findings = list(findings or [])
    text, repaired = repair_mojibake(text)
    if repaired:
        findings.append(Finding(kind=FindingKind.MOJIBAKE_REPAIRED, detail=f"sequences={repaired}"))
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    normalised = normalised.replace("\u2028", "\n").replace("\u2029", "\n")
    if normalised.startswith("\ufeff"):
        normalised = normalised[1:]
    blocks = [RawBlock(text=line, kind=BlockKind.PARAGRAPH) for line in normalised.split("\n")]
    return RawExtraction(
        format=DocumentFormat.TEXT,
        engine="text",
        pages=[RawPage(blocks=blocks)],
        findings=findings,
        prefer_ocr_message=False,
    )
