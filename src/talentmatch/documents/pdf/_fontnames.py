"""What a font's name says about its text: bold weight, or pictures instead of letters.

Example:
    >>> is_bold_name("ABCDEF+SourceSansPro-Bold"), is_bold_name("LMRoman10-Regular")
    (True, False)
    >>> is_icon_font("XYAXGM+FontAwesome"), is_icon_font("Roboto-Regular")
    (True, False)
"""

from __future__ import annotations

import re

__all__ = ["is_bold_name", "is_icon_font"]

_BOLD_NAMES = r"bold|black|heavy|demi|semib|extrab|ultrab|\bbd\b|-bd\b|-bol\b|cmbx|sfbx|\bbx\d"
_BOLD = re.compile(_BOLD_NAMES, re.I)
# Icon fonts draw pictures (phone, envelope, logos) whose character codes map to arbitrary
# letters ("H +1 234", "Í www...") or private-use points: their "text" is never content.
_ICON_NAMES = (
    r"awesome|marvosym|wingding|dingbat|webdings|icomoon|academicons|material.?(icons|symbols)"
    r"|ionicons|glyphicons|octicons|fontello|entypo|typicons|simple.?line.?icons|boxicons"
    r"|remixicon|lineicons|bootstrap.?icons|fontisto"
)
_ICON = re.compile(_ICON_NAMES, re.I)
# Font names are nearly always ASCII. Lowering an ASCII name is exactly what re.I does to it
# against these ASCII patterns, and the case-sensitive search is about five times faster
# (every page asks about each of its fonts). Other names keep Unicode's case-insensitive rules.
_BOLD_LOWER = re.compile(_BOLD_NAMES)
_ICON_LOWER = re.compile(_ICON_NAMES)


def is_bold_name(name: str) -> bool:
    """True when the font name declares a bold (or heavier) weight."""
    if name.isascii():
        return _BOLD_LOWER.search(name.lower()) is not None
    return _BOLD.search(name) is not None


def is_icon_font(name: str) -> bool:
    """True for icon fonts, whose glyphs are pictures rather than text."""
    if name.isascii():
        return _ICON_LOWER.search(name.lower()) is not None
    return _ICON.search(name) is not None
