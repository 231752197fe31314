"""Every PDF of the shared corpus loads, or fails with its specific DocumentError, per engine.

The table was built by inspecting each file (pypdf-sample-files/files.json has metadata; the
encryption/ folder has r2-r6 files with empty, user-only and owner-only passwords). A file
loads when its expectation is ``None``. The time budget bounds each file: a file that takes
too long fails with ``DocumentTimeoutError``, which no expectation allows.
"""

from __future__ import annotations

import pytest

from talentmatch.config import Limits
from talentmatch.documents import load_document
from talentmatch.errors import (
    CorruptDocumentError,
    DocumentError,
    DocumentTooLargeError,
    EncryptedDocumentError,
    NoTextError,
    UnsupportedFormatError,
)
from talentmatch.models import Document, FindingKind
from tests.conftest import shared

pytestmark = pytest.mark.slow

ENGINES = ["pdfium", "pypdf"]
TIME_BUDGET_SECONDS = 20.0
Expectation = type[DocumentError] | None

RES = "documents/pypdf-resources/"
SAMPLES = "documents/pypdf-sample-files/"
TEMPLATES = "resumes/templates/"

ENCRYPTED = EncryptedDocumentError
IMAGE_ONLY = NoTextError

EXPECTED: dict[str, Expectation] = {
    RES + "AutoCad_Diagram.pdf": None,
    RES + "AutoCad_Simple.pdf": None,
    RES + "FormTestFromOo.pdf": None,
    RES + "GeoBase_NHNC1_Data_Model_UML_EN.pdf": None,
    RES + "SF424_page2.pdf": None,
    RES + "Sample_Td-matrix.pdf": None,
    RES + "Seige_of_Vicksburg_Sample_OCR-crazyones-merged.pdf": None,
    RES + "Seige_of_Vicksburg_Sample_OCR.pdf": None,
    RES + "attachment.pdf": None,
    RES + "box.pdf": IMAGE_ONLY,  # a drawn box, no text
    RES + "bytes.pdf": None,
    RES + "commented-xmp.pdf": None,
    RES + "commented.pdf": None,
    RES + "crazyones-encrypted-256.pdf": ENCRYPTED,
    RES + "crazyones.pdf": None,
    RES + "encrypted-file.pdf": ENCRYPTED,
    RES + "encrypted_doc_no_id.pdf": IMAGE_ONLY,  # opens with the empty password; no text
    RES + "encryption/r2-empty-password.pdf": None,
    RES + "encryption/r2-owner-password.pdf": None,
    RES + "encryption/r2-user-password.pdf": ENCRYPTED,
    RES + "encryption/r3-empty-password.pdf": None,
    RES + "encryption/r3-user-password.pdf": ENCRYPTED,
    RES + "encryption/r4-aes-user-password.pdf": ENCRYPTED,
    RES + "encryption/r4-aes-v2-no-key-length.pdf": None,
    RES + "encryption/r4-owner-password.pdf": None,
    RES + "encryption/r4-user-password.pdf": ENCRYPTED,
    RES + "encryption/r5-empty-password.pdf": None,
    RES + "encryption/r5-owner-password.pdf": None,
    RES + "encryption/r5-user-password.pdf": ENCRYPTED,
    RES + "encryption/r6-both-passwords.pdf": ENCRYPTED,
    RES + "encryption/r6-empty-password.pdf": None,
    RES + "encryption/r6-owner-password.pdf": None,
    RES + "encryption/r6-user-password.pdf": ENCRYPTED,
    RES + "encryption/unencrypted.pdf": None,
    RES + "example.pdf": None,
    RES + "form.pdf": None,
    RES + "form_acrobatReader.pdf": None,
    RES + "form_evince.pdf": None,
    RES + "git.pdf": IMAGE_ONLY,
    RES + "hello-world.pdf": None,
    RES + "imagemagick-ASCII85Decode.pdf": IMAGE_ONLY,
    RES + "imagemagick-CCITTFaxDecode.pdf": IMAGE_ONLY,
    RES + "imagemagick-images.pdf": IMAGE_ONLY,  # its only text lies outside the page
    RES + "imagemagick-lzw.pdf": IMAGE_ONLY,
    RES + "indirect-rotation.pdf": None,
    RES + "inkscape-abc.pdf": None,
    RES + "issue-297.pdf": None,
    RES + "issue-301.pdf": None,
    RES + "issue-3850-1bit-indexed-flate.pdf": IMAGE_ONLY,
    RES + "issue-914-xmp-data.pdf": None,
    RES + "jpeg.pdf": None,
    RES + "labeled-edges-center-image.pdf": None,
    RES + "libreoffice-form.pdf": None,
    RES + "libreoffice-writer-password.pdf": ENCRYPTED,
    RES + "lzw_decoder_table_overflow.bin": UnsupportedFormatError,  # a raw LZW stream
    RES + "metadata.pdf": None,
    RES + "missing_info.pdf": None,
    RES + "multilang.pdf": None,
    RES + "outline-without-title.pdf": None,
    RES + "outlines-with-invalid-destinations.pdf": None,
    RES + "pdflatex-forms.pdf": None,
    RES + "pdflatex-outline.pdf": None,
    RES + "reportlab-inline-image.pdf": None,
    RES + "selenium-pypdf-issue-177.pdf": None,
    RES + "side-by-side-subfig.pdf": None,
    RES + "test Orient.pdf": None,
    RES + "toy.pdf": None,
    RES + "two-different-pages.pdf": None,
    SAMPLES + "001-trivial/minimal-document.pdf": None,
    SAMPLES + "002-trivial-libre-office-writer/002-trivial-libre-office-writer.pdf": None,
    SAMPLES + "003-pdflatex-image/pdflatex-image.pdf": None,
    SAMPLES + "004-pdflatex-4-pages/pdflatex-4-pages.pdf": None,
    SAMPLES + "005-libreoffice-writer-password/libreoffice-writer-password.pdf": ENCRYPTED,
    SAMPLES + "006-pdflatex-outline/pdflatex-outline.pdf": None,
    SAMPLES + "007-imagemagick-images/imagemagick-ASCII85Decode.pdf": IMAGE_ONLY,
    SAMPLES + "007-imagemagick-images/imagemagick-CCITTFaxDecode.pdf": IMAGE_ONLY,
    SAMPLES + "007-imagemagick-images/imagemagick-images.pdf": IMAGE_ONLY,
    SAMPLES + "007-imagemagick-images/imagemagick-lzw.pdf": IMAGE_ONLY,
    SAMPLES + "008-reportlab-inline-image/inline-image.pdf": None,
    SAMPLES + "009-pdflatex-geotopo/GeoTopo-komprimiert.pdf": DocumentTooLargeError,  # 117 pp
    SAMPLES + "010-pdflatex-forms/pdflatex-forms.pdf": None,
    SAMPLES + "011-google-doc-document/google-doc-document.pdf": None,
    SAMPLES + "012-libreoffice-form/libreoffice-form.pdf": None,
    SAMPLES + "013-reportlab-overlay/reportlab-overlay.pdf": None,
    SAMPLES + "014-outlines/mistitled_outlines_example.pdf": None,
    SAMPLES + "015-arabic/habibi-oneline-cmap.pdf": None,
    SAMPLES + "015-arabic/habibi-rotated.pdf": None,
    SAMPLES + "015-arabic/habibi.pdf": None,
    SAMPLES + "016-libre-office-link/libre-office-link.pdf": None,
    SAMPLES + "017-unreadable-meta-data/unreadablemetadata.pdf": CorruptDocumentError,
    SAMPLES + "018-base64-image/base64image.pdf": None,
    SAMPLES + "019-grayscale-image/grayscale-image.pdf": IMAGE_ONLY,
    SAMPLES + "020-xmp/output_with_metadata_pymupdf.pdf": None,
    SAMPLES + "021-pdfa/crazyones-pdfa.pdf": None,
    SAMPLES + "022-pdfkit/pdfkit.pdf": None,
    SAMPLES + "023-cmyk-image/cmyk-image.pdf": IMAGE_ONLY,
    SAMPLES + "024-annotations/annotated_pdf.pdf": None,
    SAMPLES + "025-attachment/with-attachment.pdf": None,
    SAMPLES + "026-latex-multicolumn/multicolumn.pdf": None,
    TEMPLATES + "awesomecv_coverletter.pdf": None,
    TEMPLATES + "awesomecv_cv.pdf": None,
    TEMPLATES + "awesomecv_fork_cv_french.pdf": None,
    TEMPLATES + "awesomecv_fork_resume-twocolumn.pdf": None,
    TEMPLATES + "awesomecv_fork_resume-zh.pdf": None,
    TEMPLATES + "awesomecv_resume.pdf": None,
    TEMPLATES + "deedy_resume-macfonts.pdf": None,
    TEMPLATES + "deedy_resume-openfont.pdf": None,
    TEMPLATES + "moderncv_template-es.pdf": None,
    TEMPLATES + "moderncv_template-zh.pdf": None,
    TEMPLATES + "moderncv_template_banking_red.pdf": None,
    TEMPLATES + "moderncv_template_casual_orange.pdf": None,
    TEMPLATES + "moderncv_template_classic_green.pdf": None,
}

# pypdf accepts the empty password for these two AES-256 files (their /U entry validates it and
# the text decrypts correctly) where pdfium refuses; the default reader falls back to pypdf.
OVERRIDES: dict[str, dict[str, Expectation]] = {
    "pypdf": {
        RES + "encryption/r5-user-password.pdf": None,
        RES + "encryption/r6-user-password.pdf": None,
    },
    "default": {
        RES + "encryption/r5-user-password.pdf": None,
        RES + "encryption/r6-user-password.pdf": None,
    },
}


def expected(name: str, engine: str) -> Expectation:
    return OVERRIDES.get(engine, {}).get(name, EXPECTED[name])


def load(name: str, engine: str) -> Document:
    path = shared(*name.split("/"))
    if engine == "default":
        limits = Limits(time_budget_seconds=TIME_BUDGET_SECONDS)
    else:
        limits = Limits(
            pdf_engine=engine, pdf_fallback=False, time_budget_seconds=TIME_BUDGET_SECONDS
        )
    return load_document(path, limits=limits)


def test_the_table_covers_every_pdf_of_the_corpus() -> None:
    root = shared()
    found = {
        p.relative_to(root).as_posix()
        for folder in (root / "documents", root / "resumes" / "templates")
        for p in folder.rglob("*")
        if p.suffix in (".pdf", ".bin")
    }
    assert found == set(EXPECTED)


@pytest.mark.parametrize("engine", [*ENGINES, "default"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_file_loads_or_fails_with_its_error(name: str, engine: str) -> None:
    outcome = expected(name, engine)
    if outcome is None:
        document = load(name, engine)
        assert document.text.strip()
        if "encryption/" in name:
            assert document.text.startswith("pdf encryption test")
    else:
        with pytest.raises(outcome) as raised:
            load(name, engine)
        assert type(raised.value) is outcome  # the specific class, not a subclass
        if outcome is NoTextError:
            message = str(raised.value)
            assert "OCR" in message or "hidden" in message


def test_scans_without_a_text_layer_ask_for_ocr() -> None:
    with pytest.raises(NoTextError, match="OCR"):
        load(SAMPLES + "019-grayscale-image/grayscale-image.pdf", "default")


def test_default_reader_falls_back_for_files_pdfium_refuses() -> None:
    document = load(RES + "encryption/r6-user-password.pdf", "default")

    assert document.engine == "pypdf"
    assert any(f.kind is FindingKind.ENGINE_FALLBACK for f in document.findings)
