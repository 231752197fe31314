"""Font-name verdicts: the ASCII fast path gives the case-insensitive pattern's answer."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from talentmatch.documents.pdf import _fontnames
from talentmatch.documents.pdf._pdfium_objects import _font_verdict

# Letters of the patterns in both cases, the characters around \b, digits, and the
# non-ASCII letters Unicode folds to ASCII ones (Kelvin sign, long s, dotted capital I).
_ALPHABET = st.sampled_from(
    list("boldBOLDblackheavydemisemibextrabultrabcmbxsfbxBXawesomeicomoonmaterialsymbols")
    + list("-+_ .0123456789")
    + ["\u212a", "\u017f", "\u0130", "é", "ß"]
)
_NAMES = st.text(_ALPHABET, max_size=24) | st.text(max_size=24)


@given(_NAMES)
@example("ABCDEF+SourceSansPro-Bold")
@example("Arial-BD")
@example("CMBX12")
@example("Font-Bx9")
@example("MaterialSymbols-Outlined")
@example("\u212aaBold")
def test_verdicts_equal_the_case_insensitive_patterns(name: str) -> None:
    assert _fontnames.is_bold_name(name) == (_fontnames._BOLD.search(name) is not None)
    assert _fontnames.is_icon_font(name) == (_fontnames._ICON.search(name) is not None)


@pytest.mark.parametrize(
    ("name", "bold", "icon"),
    [
        ("ABCDEF+SourceSansPro-Bold", True, False),
        ("TimesNewRomanPS-BOLDMT", True, False),
        ("LMRoman10-Regular", False, False),
        ("XYAXGM+FontAwesome5Free-Solid", False, True),
        ("Material-Icons", False, True),
        ("Calibri-Light", False, False),
        ("NotoSansCJKjp-BLACK", True, False),
    ],
)
def test_known_names(name: str, bold: bool, icon: bool) -> None:
    assert (_fontnames.is_bold_name(name), _fontnames.is_icon_font(name)) == (bold, icon)


@pytest.mark.parametrize(
    ("facts", "bold", "icon"),
    [
        ((b"ABCDEF+Roboto-Regular", 400, 0), False, False),
        ((b"ABCDEF+Roboto-Bold", 400, 0), True, False),  # by name
        ((b"Roboto", 700, 0), True, False),  # by weight
        ((b"Roboto", 400, 1 << 18), True, False),  # by the ForceBold flag
        ((b"XYAXGM+FontAwesome5Free-Solid", 400, 0), False, True),
        ((b"Caf\xe9-Bold", -1, 0), True, False),  # a Latin-1 byte in the name
    ],
)
def test_font_verdicts_rest_on_weight_flags_and_name(
    facts: tuple[bytes, int, int], bold: bool, icon: bool
) -> None:
    # Remembered across documents: the same facts give the very same verdict.
    verdict = _font_verdict(facts)
    assert (verdict.bold, verdict.icon) == (bold, icon)
    assert _font_verdict(facts) is verdict
