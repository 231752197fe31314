"""Font-name verdicts: the ASCII fast path gives the case-insensitive pattern's answer."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from talentmatch.documents.pdf import _fontnames

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
