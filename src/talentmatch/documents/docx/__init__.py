"""DOCX reading: safe package opening, then a walk of the XML in reading order.

The reader opens the zip itself (``_package``) instead of going through python-docx's
``Document``: it then decompresses only the parts that carry text, applies the zip-bomb
limits before any of them, parses XML with DTDs refused, and accepts macro-enabled and
template documents that python-docx refuses. See ``_body`` for what counts as visible.
"""

from __future__ import annotations

from talentmatch.config import Limits
from talentmatch.documents._raw import Deadline, RawExtraction, RawPage
from talentmatch.documents.docx._body import BodyReader
from talentmatch.documents.docx._package import check_zip_limits, read_parts
from talentmatch.models import DocumentFormat

__all__ = ["check_zip_limits", "read_docx"]


def read_docx(data: bytes, *, limits: Limits, deadline: Deadline) -> RawExtraction:
    """Extract the visible and hidden text of a DOCX as one page of raw blocks.

    Args:
        data: the bytes of the DOCX file.
        limits: zip-bomb, size and character limits.
        deadline: the time budget, checked between paragraphs.

    Returns:
        A ``RawExtraction`` with headers first, then the body, then footers.

    Raises:
        CorruptDocumentError: the zip or its XML is damaged, or nested absurdly deep.
        DocumentTooLargeError: a zip-bomb or size limit was hit (``DocumentTimeoutError``
            when the time budget runs out).
        EncryptedDocumentError: the parts are encrypted at the zip level.

    Example:
        >>> import io, zipfile
        >>> xml = (
        ...     '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
        ...     'main"><w:body><w:p><w:r><w:t>Nurse</w:t></w:r></w:p></w:body></w:document>'
        ... )
        >>> buffer = io.BytesIO()
        >>> with zipfile.ZipFile(buffer, "w") as zf:
        ...     zf.writestr("word/document.xml", xml)
        >>> raw = read_docx(buffer.getvalue(), limits=Limits(), deadline=Deadline.after(5))
        >>> [block.text for block in raw.pages[0].blocks]
        ['Nurse']
    """
    parts = read_parts(data, limits)
    deadline.check()
    blocks = BodyReader(parts, limits=limits, deadline=deadline).read()
    return RawExtraction(
        format=DocumentFormat.DOCX,
        engine="docx",
        pages=[RawPage(blocks=blocks)],
        prefer_ocr_message=parts.has_images,
    )
