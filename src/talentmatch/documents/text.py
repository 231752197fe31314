"""Plain-text reading: encoding detection and confident mojibake repair.

Order of attempts: a UTF-8 / UTF-16 byte-order mark decides; then strict UTF-8; then
UTF-16 without BOM when every other byte is NUL in ASCII-heavy text; then cp1252, then
latin-1 (which decodes anything) with an ``encoding_fallback`` finding. Binary data that
decodes to mostly control characters is refused as an unknown format.
"""

from __future__ import annotations

import re

from talentmatch.documents._raw import RawBlock, RawExtraction, RawPage
from talentmatch.errors import UnsupportedFormatError
from talentmatch.models import BlockKind, DocumentFormat, Finding, FindingKind

__all__ = ["decode_text", "read_text", "repair_mojibake"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# Characters that cp1252 (or latin-1) gives for the continuation bytes 0x80-0xBF of UTF-8.
_CONTINUATION = "".join(
    sorted(
        {bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xC0)}
        | {chr(b) for b in range(0x80, 0xC0)}
    )
)
# A UTF-8 lead byte (0xC2-0xF4) read as cp1252/latin-1, then 1-3 continuation characters.
_MOJIBAKE_RUN = re.compile(
    "[\u00c2-\u00f4][" + re.escape(_CONTINUATION) + "]{1,3}",
)


def _to_cp1252_bytes(fragment: str) -> bytes | None:
    out = bytearray()
    for ch in fragment:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) < 256:
                out.append(ord(ch))
            else:
                return None
    return bytes(out)


def repair_mojibake(text: str) -> tuple[str, int]:
    """Repair UTF-8 text that was decoded as cp1252/latin-1, when confidently detected.

    A run is repaired only if its bytes form valid UTF-8; the text is changed only when at
    least one three-byte sequence (curly quotes, dashes: "â€™") or two two-byte sequences
    ("Ã©") are found, so a lone "Â" or "Ã" in genuine text is left alone.

    Returns the text and the number of repaired sequences.

    Example:
        >>> repair_mojibake("Iâ€™m a cafÃ© owner")
        ('I’m a café owner', 2)
        >>> repair_mojibake("Ã la carte")
        ('Ã la carte', 0)
    """
    repairs: list[tuple[int, int, str]] = []
    long_runs = 0
    for match in _MOJIBAKE_RUN.finditer(text):
        raw = _to_cp1252_bytes(match.group())
        if raw is None:
            continue
        try:
            fixed = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(fixed) != 1:
            continue
        if len(raw) >= 3:
            long_runs += 1
        repairs.append((match.start(), match.end(), fixed))
    if not repairs or (long_runs == 0 and len(repairs) < 2):
        return text, 0
    parts: list[str] = []
    last = 0
    for start, end, fixed in repairs:
        parts.append(text[last:start])
        parts.append(fixed)
        last = end
    parts.append(text[last:])
    return "".join(parts), len(repairs)


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    sample = text[:20_000]
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f") or ch == "\x7f")
    return controls > max(8, len(sample) // 20)


def decode_text(data: bytes) -> tuple[str, list[Finding]]:
    """Decode bytes of a plain-text document; return the text and any findings.

    Raises:
        UnsupportedFormatError: the bytes are binary data of an unknown format.

    Example:
        >>> decode_text("café".encode("cp1252"))[0]
        'café'
    """
    findings: list[Finding] = []
    text: str | None = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(codec, errors="replace")
            break
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_utf16_without_bom(data)
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

    Example:
        >>> [b.text for b in read_text("a\\r\\nb").pages[0].blocks]
        ['a', 'b']
    """
    findings = list(findings or [])
    text, repaired = repair_mojibake(text)
    if repaired:
        findings.append(Finding(kind=FindingKind.MOJIBAKE_REPAIRED, detail=f"sequences={repaired}"))
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
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
