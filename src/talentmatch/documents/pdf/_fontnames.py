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

_BOLD = re.compile(
    r"bold|black|heavy|demi|semib|extrab|ultrab|\bbd\b|-bd\b|-bol\b|cmbx|sfbx|\bbx\d", re.I
)
# Icon fonts draw pictures (phone, envelope, logos) whose character codes map to arbitrary
# letters ("H +1 234", "Í www...") or private-use points: their "text" is never content.
_ICON = re.compile(
    r"awesome|marvosym|wingding|dingbat|webdings|icomoon|academicons|material.?(icons|symbols)"
    r"|ionicons|glyphicons|octicons|fontello|entypo|typicons|simple.?line.?icons|boxicons"
    r"|remixicon|lineicons|bootstrap.?icons|fontisto",
    re.I,
)


def is_bold_name(name: str) -> bool:
    """True when the font name declares a bold (or heavier) weight."""
    return bool(_BOLD.search(name))


def is_icon_font(name: str) -> bool:
    """True for icon fonts, whose glyphs are pictures rather than text."""
    return bool(_ICON.search(name))
