"""Format detection from content: every refused format is named, with what to do."""

from __future__ import annotations

import io
import zipfile
from types import ModuleType

import pytest

from talentmatch.documents import load_document
from talentmatch.documents._sniff import sniff
from talentmatch.errors import CorruptDocumentError, EncryptedDocumentError, UnsupportedFormatError
from talentmatch.models import DocumentFormat
from tests.conftest import FIXTURES, load_script


def _fixture_script() -> ModuleType:
    return load_script(FIXTURES / "make_docx_fixtures.py", "make_docx_fixtures")


compound_file = _fixture_script().compound_file

TEXT = FIXTURES / "documents" / "text"
DOCX = FIXTURES / "documents" / "docx"
BINARY_TAIL = b"\x00\x01\x02\x03" * 16


def _zip(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "advice"),
    [
        (b"\x89PNG\r\n\x1a\n" + BINARY_TAIL, "PNG image", "OCR"),
        (b"\xff\xd8\xff\xe0" + BINARY_TAIL, "JPEG image", "OCR"),
        (b"GIF89a" + BINARY_TAIL, "GIF image", "OCR"),
        (b"II*\x00" + BINARY_TAIL, "TIFF image", "OCR"),
        (b"BM" + BINARY_TAIL, "BMP image", "OCR"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 " + BINARY_TAIL, "WebP image", "OCR"),
        (b"\x00\x00\x00\x18ftypheic" + BINARY_TAIL, "HEIC image", "OCR"),
        (b"\x1f\x8b\x08\x00" + BINARY_TAIL, "gzip archive", "Extract"),
        (b"7z\xbc\xaf\x27\x1c" + BINARY_TAIL, "7-Zip archive", "Extract"),
        (b"Rar!\x1a\x07\x00" + BINARY_TAIL, "RAR archive", "Extract"),
        (b"MZ\x90\x00" + BINARY_TAIL, "Windows executable", "not a document"),
        (b"\x7fELF" + BINARY_TAIL, "ELF executable", "not a document"),
        (b"%!PS-Adobe-3.0\n", "PostScript", "Convert"),
        (b"\xffWPC" + BINARY_TAIL, "WordPerfect", "save it as DOCX"),
    ],
)
def test_binary_formats_are_named(data: bytes, name: str, advice: str) -> None:
    with pytest.raises(UnsupportedFormatError, match=name) as caught:
        sniff(data)
    assert advice in str(caught.value)
    assert caught.value.code == "unsupported_format"


@pytest.mark.parametrize(
    "text",
    [b"BMW Group engineer", b"MZ Consulting Ltd", b"GIF89a is an image format", b"ID3 tags"],
)
def test_text_that_starts_like_a_magic_number_is_text(text: bytes) -> None:
    assert sniff(text) is DocumentFormat.TEXT


def test_fixture_formats_are_refused_by_content() -> None:
    with pytest.raises(UnsupportedFormatError, match=r"Word 97-2003 document \(\.doc\)"):
        load_document(TEXT / "fake.doc")
    with pytest.raises(UnsupportedFormatError, match="RTF document") as rtf:
        load_document(TEXT / "sample.rtf")
    assert "save it as DOCX or PDF" in str(rtf.value)
    with pytest.raises(UnsupportedFormatError, match="HTML page"):
        load_document(TEXT / "page.html")


def test_the_file_name_is_never_trusted() -> None:
    png = b"\x89PNG\r\n\x1a\n" + BINARY_TAIL
    with pytest.raises(UnsupportedFormatError, match="PNG"):
        load_document(png, filename="resume.pdf")
    text = load_document(b"Jane Roe\nNurse", filename="resume.docx")
    assert text.format is DocumentFormat.TEXT
    assert text.filename == "resume.docx"


@pytest.mark.parametrize(
    ("streams", "name"),
    [
        (["WordDocument", "1Table"], "Word 97-2003 document"),
        (["Workbook"], "Excel 97-2003 spreadsheet"),
        (["PowerPoint Document"], "PowerPoint 97-2003 presentation"),
        (["__properties_version1.0"], "Outlook message"),
        (["Contents"], r"legacy Microsoft Office \(OLE\) file"),
    ],
)
def test_ole_files_are_named_by_their_directory(streams: list[str], name: str) -> None:
    with pytest.raises(UnsupportedFormatError, match=name):
        sniff(compound_file(streams))


def test_encrypted_ooxml_is_reported_as_encrypted() -> None:
    with pytest.raises(EncryptedDocumentError, match="password protected"):
        load_document(DOCX / "encrypted.docx")


def test_a_doc_that_mentions_encryptedpackage_in_its_text_is_not_encrypted() -> None:
    data = compound_file(["WordDocument"], stream_size=4096)
    # Word stores text as UTF-16: the name appears, but not as a directory entry.
    data += b"\x00" * 7 + "EncryptedPackage".encode("utf-16-le") + b"\x00\x00" + bytes(200)
    with pytest.raises(UnsupportedFormatError, match="Word 97-2003"):
        sniff(data)


def test_docx_is_recognised_by_part_name_or_content_type() -> None:
    assert sniff(_zip({"word/document.xml": b"<x/>"})) is DocumentFormat.DOCX
    content_types = (
        b'<Types><Override PartName="/word/document2.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    renamed = _zip({"[Content_Types].xml": content_types, "word/document2.xml": b"<x/>"})
    assert sniff(renamed) is DocumentFormat.DOCX
    macro = content_types.replace(
        b"openxmlformats-officedocument.wordprocessingml.document.main",
        b"ms-word.document.macroEnabled.main",
    )
    assert sniff(_zip({"[Content_Types].xml": macro, "word/x.xml": b""})) is DocumentFormat.DOCX


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ({"xl/workbook.xml": b""}, "Excel spreadsheet"),
        ({"ppt/presentation.xml": b""}, "PowerPoint presentation"),
        ({"visio/document.xml": b""}, "Visio drawing"),
        ({"FixedDocumentSequence.fdseq": b""}, "XPS document"),
        (
            {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b""},
            r"OpenDocument text \(ODT\)",
        ),
        (
            {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"},
            r"OpenDocument spreadsheet \(ODS\)",
        ),
        (
            {"mimetype": b"application/vnd.oasis.opendocument.presentation"},
            r"OpenDocument presentation \(ODP\)",
        ),
        ({"mimetype": b"application/epub+zip"}, "EPUB e-book"),
        ({"mimetype": b"application/x-unknown"}, "OpenDocument file"),
        ({"Index/Document.iwa": b""}, "Apple Pages document"),
        ({"photos/cv.jpg": b""}, "zip archive"),
    ],
)
def test_other_zip_containers_are_named(names: dict[str, bytes], expected: str) -> None:
    with pytest.raises(UnsupportedFormatError, match=expected):
        sniff(_zip(names))


def test_empty_zip_is_an_archive_not_a_document() -> None:
    with pytest.raises(UnsupportedFormatError, match="zip archive"):
        sniff(_zip({}))


def test_ooxml_without_a_word_part_is_corrupt() -> None:
    with pytest.raises(CorruptDocumentError, match="without a Word document part"):
        sniff(_zip({"[Content_Types].xml": b"<Types/>", "docProps/core.xml": b""}))


def test_broken_zip_is_corrupt() -> None:
    with pytest.raises(CorruptDocumentError, match="truncated or damaged"):
        load_document(DOCX / "truncated.docx")
    with pytest.raises(CorruptDocumentError):
        sniff(b"PK\x03\x04" + b"\x00" * 100)


def test_large_members_are_not_decompressed_while_sniffing() -> None:
    huge_types = b"<Types>" + b" " * (300 * 1024) + b"wordprocessingml.document.main+xml</Types>"
    data = _zip({"[Content_Types].xml": huge_types, "word/x.xml": b""})
    with pytest.raises(CorruptDocumentError, match="without a Word document part"):
        sniff(data)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"<!DOCTYPE html><html><body>Jane</body></html>", "HTML page"),
        (b"\xef\xbb\xbf  <html lang='en'><body>Jane</body></html>", "HTML page"),
        (b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', "HTML page"),
        (b"<!-- saved --><HTML><BODY>x</BODY></HTML>", "HTML page"),
        (b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=x", "MHTML"),
        (b'<?xml version="1.0"?><?mso-application progid="Word.Document"?>', "Word XML"),
        (b'<?xml version="1.0"?><pkg:package xmlns:pkg="x">', "Word XML"),
    ],
)
def test_markup_formats_are_named(data: bytes, name: str) -> None:
    with pytest.raises(UnsupportedFormatError, match=name):
        sniff(data)


@pytest.mark.parametrize(
    "text",
    [
        b"<h1>Jane</h1> is how I write headings",
        b'{"name": "Jane Roe", "skills": ["Python"]}',
        b'<?xml version="1.0"?><resume><name>Jane</name></resume>',
        b"",
    ],
)
def test_other_text_stays_text(text: bytes) -> None:
    assert sniff(text) is DocumentFormat.TEXT


def test_pdf_header_after_junk_within_the_first_kilobyte() -> None:
    assert sniff(b"\x00" * 500 + b"%PDF-1.4\n") is DocumentFormat.PDF
    assert sniff(b"x" * 2000 + b"%PDF-1.4\n") is DocumentFormat.TEXT
