"""Open a DOCX (an OPC zip package) defensively and parse the parts that carry text.

Only the parts a reader sees are decompressed: the main document, its styles, numbering,
theme, headers and footers. Everything else (images, fonts, custom XML, glossary) stays
compressed. Before anything is decompressed the zip central directory is checked against
``Limits`` (total declared size, compression ratio, member count), and each part read is
capped again; ``zipfile`` never returns more than a member's declared size, so the
declared sizes are a real bound.

XML is parsed with the standard library (expat) after refusing any DTD: Word never writes
one, and a DTD is the only way to declare entities (the "billion laughs" attack). The
encoding declaration is restricted to the UTF and Latin-1 family so the DTD check cannot
be dodged by an exotic 8-bit encoding. Nesting depth is bounded by the walkers.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from talentmatch.config import Limits
from talentmatch.documents.docx import _names as n
from talentmatch.errors import CorruptDocumentError, DocumentTooLargeError, EncryptedDocumentError

__all__ = ["DocxParts", "check_zip_limits", "open_archive", "read_parts"]

MIB = 1024 * 1024
MAX_MEMBERS = 10_000
"""Most zip members accepted; real DOCX files have tens, a few hundred with many images."""
MAX_XML_PART_BYTES = 8 * MIB
"""Largest XML part decompressed. A long resume's document.xml is well under 1 MiB; 8 MiB of
tiny elements already costs about 120 MB of memory and seconds to parse."""
_RATIO_CHECK_FROM = 1 * MIB
"""Members smaller than this may compress very well (empty XML) without being a bomb."""

_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MAIN_FALLBACK = "word/document.xml"
_REFERENCES = {n.HEADER_REFERENCE: "header", n.FOOTER_REFERENCE: "footer"}
_DOCTYPE_MARKERS = (
    b"<!DOCTYPE",
    "<!DOCTYPE".encode("utf-16-le"),
    "<!DOCTYPE".encode("utf-16-be"),
)
_STRICT_NAMESPACES = (
    (
        b"http://purl.oclc.org/ooxml/wordprocessingml/main",
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    ),
    (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    ),
    (
        b"http://purl.oclc.org/ooxml/drawingml/main",
        b"http://schemas.openxmlformats.org/drawingml/2006/main",
    ),
)
_XML_ENCODING = re.compile(
    rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']"""
)
_SAFE_ENCODINGS = frozenset(
    ["utf-8", "utf8", "utf-16", "utf-16le", "utf-16be", "us-ascii", "ascii", "iso-8859-1"]
)


def _corrupt(what: str) -> CorruptDocumentError:
    return CorruptDocumentError(
        f"The DOCX cannot be read: {what}. It is damaged or was not written by a word "
        "processor; ask for a new copy or re-save it from Word as .docx."
    )


def open_archive(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """Open ``data`` as a zip after checking its central directory against ``limits``.

    Raises:
        CorruptDocumentError: the zip directory cannot be read or names a part twice.
        DocumentTooLargeError: too many members, or the declared expansion is too large.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:
        # zipfile raises a mix of BadZipFile, ValueError, OSError, struct and Unicode errors
        # on hostile directories; to the caller they all mean the same thing.
        raise _corrupt(f"its zip directory is damaged ({type(exc).__name__})") from None
    try:
        _check_directory(archive.infolist(), limits)
    except Exception:
        archive.close()
        raise
    return archive


def _check_directory(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > MAX_MEMBERS:
        raise DocumentTooLargeError(
            f"The DOCX holds {len(infos):,} files, more than the {MAX_MEMBERS:,} a real "
            "document has. It is not a genuine Word document; ask for a new copy."
        )
    total = sum(info.file_size for info in infos)
    if total > limits.max_docx_uncompressed_bytes:
        raise DocumentTooLargeError(
            f"The DOCX would expand to {total:,} bytes, more than the limit of "
            f"{limits.max_docx_uncompressed_bytes:,} (a zip bomb or a document full of media). "
            "Raise Limits.max_docx_uncompressed_bytes only if you trust the file."
        )
    for info in infos:
        if info.file_size > _RATIO_CHECK_FROM:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_docx_compression_ratio:
                raise DocumentTooLargeError(
                    f"A part of the DOCX expands {ratio:,.0f} times, more than the limit of "
                    f"{limits.max_docx_compression_ratio:g} (a zip bomb). Raise "
                    "Limits.max_docx_compression_ratio only if you trust the file."
                )
    seen: set[str] = set()
    for info in infos:
        # OPC part names are case-insensitive: two spellings of one name would let two
        # readers see two different documents.
        key = info.filename.lower()
        if key in seen:
            raise _corrupt("it names the same part twice (a sign of tampering)")
        seen.add(key)


def check_zip_limits(data: bytes, limits: Limits) -> None:
    """Refuse archives whose zip directory breaks ``limits``; nothing is decompressed.

    Args:
        data: the bytes of a zip container (DOCX).
        limits: the limits to apply (``max_docx_uncompressed_bytes``,
            ``max_docx_compression_ratio``).

    Raises:
        DocumentTooLargeError: the archive would expand past the configured limits.
        CorruptDocumentError: the zip directory cannot be read.

    Example:
        >>> import io, zipfile
        >>> buffer = io.BytesIO()
        >>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        ...     zf.writestr("word/document.xml", "<w/>" * 1000)
        >>> check_zip_limits(buffer.getvalue(), Limits())  # passes silently
        >>> check_zip_limits(buffer.getvalue(), Limits(max_docx_uncompressed_bytes=100))
        Traceback (most recent call last):
        ...
        talentmatch.errors.DocumentTooLargeError: The DOCX would expand to 4,000 bytes, ...
    """
    open_archive(data, limits).close()


@dataclass(slots=True)
class DocxParts:
    """The parsed XML parts of one DOCX that matter for its text."""

    document: ElementTree.Element
    styles: ElementTree.Element | None = None
    numbering: ElementTree.Element | None = None
    theme: ElementTree.Element | None = None
    headers: list[ElementTree.Element] = field(default_factory=list)
    footers: list[ElementTree.Element] = field(default_factory=list)
    has_images: bool = False
    """Whether the package holds media: an empty DOCX with images needs OCR."""


@dataclass(frozen=True, slots=True)
class _Rel:
    kind: str
    target: str


class _Reader:
    """Reads members of an opened archive by OPC part name, with limits."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive
        self._infos = {info.filename.lower(): info for info in archive.infolist()}

    def has(self, name: str) -> bool:
        return name.lower() in self._infos

    def read(self, name: str) -> bytes:
        info = self._infos.get(name.lower())
        if info is None:
            raise _corrupt(f"the part {name!r} is missing")
        if info.file_size > MAX_XML_PART_BYTES:
            raise DocumentTooLargeError(
                f"The DOCX part {name!r} expands to {info.file_size:,} bytes, more than the "
                f"{MAX_XML_PART_BYTES:,} any real document needs. Ask for a PDF export."
            )
        if info.flag_bits & 0x1:
            raise EncryptedDocumentError(
                "The DOCX is encrypted at the zip level. Ask the candidate for an unprotected "
                "copy, or remove the password and load it again."
            )
        try:
            return self._archive.read(info)
        except Exception as exc:
            # CRC mismatch, truncated deflate stream, unknown compression method, ...
            raise _corrupt(f"the part {name!r} is damaged ({type(exc).__name__})") from None

    def has_media(self) -> bool:
        return any("/media/" in name for name in self._infos)

    def xml(self, name: str) -> ElementTree.Element:
        return parse_xml(self.read(name), name)

    def rels(self, source: str) -> dict[str, _Rel]:
        """Relationships of part ``source`` ('' for the package), by id."""
        folder, base = posixpath.split(source)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels_name):
            return {}
        out: dict[str, _Rel] = {}
        for rel in self.xml(rels_name).iter(_REL_NS + "Relationship"):
            rel_id, kind, target = rel.get("Id"), rel.get("Type", ""), rel.get("Target")
            if rel_id is None or target is None or rel.get("TargetMode") == "External":
                continue
            out[rel_id] = _Rel(kind=kind.rsplit("/", 1)[-1], target=_resolve(folder, target))
        return out


def _resolve(folder: str, target: str) -> str:
    path = target if target.startswith("/") else posixpath.join("/", folder, target)
    return posixpath.normpath(path).lstrip("/")


def parse_xml(blob: bytes, name: str) -> ElementTree.Element:
    """Parse one XML part, refusing DTDs and exotic encodings.

    Raises:
        CorruptDocumentError: the part is not well-formed or declares a DTD.
    """
    match = _XML_ENCODING.match(blob[:200])
    if match and match.group(1).decode("ascii").lower() not in _SAFE_ENCODINGS:
        raise _corrupt(f"the part {name!r} declares an unusual text encoding")
    if any(marker in blob for marker in _DOCTYPE_MARKERS):
        raise _corrupt(
            f"the part {name!r} declares a DTD, which Word never writes (it can hide an "
            "XML entity-expansion attack)"
        )
    for strict, transitional in _STRICT_NAMESPACES:
        # Strict OOXML differs from the usual (transitional) flavour mainly in namespace
        # URIs; mapping them lets one set of tag names serve both.
        if strict in blob:
            blob = blob.replace(strict, transitional)
    try:
        return ElementTree.fromstring(blob)
    except (ElementTree.ParseError, ValueError, LookupError) as exc:
        raise _corrupt(f"the part {name!r} is not well-formed XML ({type(exc).__name__})") from None


def read_parts(data: bytes, limits: Limits) -> DocxParts:
    """Open the DOCX in ``data`` and parse the parts that carry visible text.

    Headers and footers come in the order the document's sections first refer to them,
    each part once.

    Raises:
        CorruptDocumentError: the zip or one of its XML parts is damaged.
        DocumentTooLargeError: the zip directory or a part breaks the limits.
        EncryptedDocumentError: the parts are encrypted at the zip level.
    """
    with open_archive(data, limits) as archive:
        reader = _Reader(archive)
        main = _MAIN_FALLBACK
        for rel in reader.rels("").values():
            if rel.kind == "officeDocument" and reader.has(rel.target):
                main = rel.target
                break
        parts = DocxParts(document=reader.xml(main), has_images=reader.has_media())
        rels = reader.rels(main)
        first: dict[str, str] = {}
        for rel in rels.values():
            if reader.has(rel.target):
                first.setdefault(rel.kind, rel.target)
        parts.styles = reader.xml(first["styles"]) if "styles" in first else None
        parts.numbering = reader.xml(first["numbering"]) if "numbering" in first else None
        parts.theme = reader.xml(first["theme"]) if "theme" in first else None
        done: set[str] = set()
        for kind, rel_id in _section_references(parts.document):
            found = rels.get(rel_id)
            if found is None or found.kind != kind or found.target in done:
                continue
            if not reader.has(found.target):
                continue
            done.add(found.target)
            target = parts.headers if kind == "header" else parts.footers
            target.append(reader.xml(found.target))
        return parts


def _section_references(document: ElementTree.Element) -> list[tuple[str, str]]:
    """(``header``/``footer``, relationship id) for every section, in document order."""
    out: list[tuple[str, str]] = []
    for section in document.iter(n.SECT_PR):
        for reference in section:
            kind = _REFERENCES.get(reference.tag)
            rel_id = reference.get(n.R_ID)
            if kind is not None and rel_id is not None:
                out.append((kind, rel_id))
    return out
