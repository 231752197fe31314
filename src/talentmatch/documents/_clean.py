"""Character-level cleaning shared by every reader.

What changes, and why:

* Zero-width characters are removed (they split words and hide nothing a reader sees) and
  counted. Unicode tag characters (U+E0000-U+E007F) are removed and *decoded*: they can
  smuggle an ASCII instruction invisibly, so the decoded payload goes to ``hidden_text``.
* Ligatures (U+FB00-U+FB06) are expanded, soft hyphens dropped, exotic spaces made plain.
* Private-use characters (icon fonts: phone, e-mail, LinkedIn glyphs) are dropped.
* Junk bullet glyphs at the start of a line (``\\x7f``, ``(cid:123)``, icon or geometric
  bullets) become a plain ``"• "`` so list structure survives.
* Control characters other than tab and newline are dropped; text is NFC-normalised.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["CleanLine", "clean_line", "is_bullet_glyph", "join_hyphenated"]

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u180e")
_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
# Spaces a reader sees as a plain space.
_SPACES = frozenset(
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
_CID = re.compile(r"\(cid:\d+\)")
# Glyphs used as bullets that carry no meaning of their own. Plain "-", "*" and "•" are kept
# as written; these are mapped to "•".
_BULLET_GLYPHS = frozenset(
    "\x7f\u25aa\u25ab\u25cf\u25cb\u25a0\u25a1\u25c6\u25c7\u2023\u2043\u27a2\u27a4\u2794\u2713\u2714\u25b8\u25ba\u25b6\u2219\u00b7\u2022\u2027\u2981\u29bf\uf0b7\uf0a7\uf076\uf0d8\uf0fc"
)
_LEADING_BULLET = re.compile(
    r"^[ \t]*(?:\(cid:\d+\)|[" + re.escape("".join(sorted(_BULLET_GLYPHS))) + r"])+[ \t]*"
)


_TAGS = re.compile("[\U000e0000-\U000e007f]")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
_ZERO_WIDTH_RE = re.compile("[" + "".join(sorted(_ZERO_WIDTH)) + "]")
# One translate() pass does every 1:1 or 1:n mapping; regexes handle ranges above the BMP.
_TABLE: dict[int, str | None] = {ord(ch): None for ch in _ZERO_WIDTH}
_TABLE.update({ord(k): v for k, v in _LIGATURES.items()})
_TABLE.update({ord(ch): " " for ch in _SPACES})
_TABLE.update({cp: None for cp in range(0x20) if chr(cp) not in "\t\n"})
_TABLE.update(dict.fromkeys(range(127, 160)))  # DEL and the C1 controls
_TABLE[0xAD] = None  # soft hyphen: an invisible hyphenation hint
_ASCII_TABLE = {k: v for k, v in _TABLE.items() if k < 0x80}


def is_bullet_glyph(text: str) -> bool:
    """True when ``text`` is only bullet glyphs (and spaces), the kind a list starts with.

    Example:
        >>> is_bullet_glyph("\\u25a0"), is_bullet_glyph("\\uf0b7 "), is_bullet_glyph("H")
        (True, True, False)
    """
    glyphs = text.strip()
    return bool(glyphs) and all(ch in _BULLET_GLYPHS or ch == " " for ch in glyphs)


@dataclass(slots=True)
class CleanLine:
    """Result of cleaning one block of text."""

    text: str
    zero_width: int = 0
    tag_payload: str = ""


def clean_line(raw: str) -> CleanLine:
    """Clean one block of text; see the module docstring for what changes.

    Example:
        >>> clean_line("\\x7f of\\ufb01ce\\u200b work").text
        '• office work'
    """
    if _LEADING_BULLET.match(raw):
        raw = _LEADING_BULLET.sub("• ", raw, count=1)
    if "(cid:" in raw:
        raw = _CID.sub("", raw)
    zero_width = 0
    payload = ""
    if raw.isascii():
        text = raw if raw.isprintable() else raw.translate(_ASCII_TABLE)
    else:
        zero_width = len(_ZERO_WIDTH_RE.findall(raw))
        tags = _TAGS.findall(raw)
        if tags:
            # U+E0020-U+E007E mirror printable ASCII; the rest are controls.
            payload = "".join(
                chr(ord(t) - 0xE0000) for t in tags if "\U000e0020" <= t <= "\U000e007e"
            )
            raw = _TAGS.sub("", raw)
        text = _PRIVATE_USE.sub("", raw.translate(_TABLE))
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
    text = "\n".join(part.rstrip() for part in text.split("\n")) if "\n" in text else text.rstrip()
    return CleanLine(text=text, zero_width=zero_width, tag_payload=payload)


# Words that keep their hyphen when a line breaks after them ("self-\nmotivated").
_KEEP_HYPHEN_PREFIXES = frozenset(
    [
        "self",
        "non",
        "co",
        "cross",
        "full",
        "multi",
        "well",
        "high",
        "low",
        "long",
        "short",
        "part",
        "real",
        "end",
        "front",
        "back",
        "cost",
        "data",
        "team",
        "client",
        "user",
        "fast",
        "hands",
        "problem",
        "detail",
        "results",
        "cutting",
        "state",
        "world",
        "award",
        "first",
        "second",
        "third",
        "fourth",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
    ]
)
_HYPHEN_BREAK = re.compile(r"(\w+)-$")


def join_hyphenated(previous: str, following: str) -> str | None:
    """Return the joined line when ``previous`` ends with a word broken by a hyphen.

    Joins only when the fragment before the hyphen is lower-case letters and the next line
    starts with a lower-case letter, and keeps the hyphen after common compound prefixes.
    Returns None when the lines should stay separate.

    Example:
        >>> join_hyphenated("strong experi-", "ence in Python")
        'strong experience in Python'
        >>> join_hyphenated("highly self-", "motivated")
        'highly self-motivated'
        >>> join_hyphenated("Python -", "Django") is None
        True
    """
    if not previous.endswith(("-", "-\n")):  # "$" also matches before a final newline
        return None  # the common case, without a regex scan of the whole line
    match = _HYPHEN_BREAK.search(previous)
    if match is None or not following or not following[0].islower():
        return None
    fragment = match.group(1)
    if not fragment.isalpha() or not fragment[-1].islower():
        return None
    word = fragment.lower()
    if word in _KEEP_HYPHEN_PREFIXES:
        return previous + following
    return previous[:-1] + following
