"""Tokenisation and surface-form keys shared by the alias matcher and the loaders.

Text is cut into tokens that keep the punctuation people put inside technology names
("C++", "C#", ".NET", "Node.js", "O'Reilly") and split on everything else; "/" and "&" are
tokens of their own so "CI/CD" and "R&D" stay matchable, and hyphens count as spaces so
"front-end" and "front end" are the same key. Keys are lower case, NFKC-normalised, with
typographic apostrophes folded. Offsets always refer to the original text.

Example:
    >>> tokenize("Node.js, C# and CI/CD").keys
    ['node.js', ',', 'c#', 'and', 'ci', '/', 'cd']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import accumulate

from talentmatch.taxonomy._accelerator import native

__all__ = [
    "TokenizedText",
    "alias_variants",
    "normalize_key",
    "surface_keys",
    "tokenize",
]

# A word with internal '.' or apostrophes and trailing '+' / '#' (C++, F#), optionally led by a
# '.' glued to it (.NET); otherwise a single punctuation character. A possessive "'s" is left
# out of the word, so "API's" matches "API". Hyphens and dashes are left to the separators,
# which makes "front-end" equal "front end". A '.' not followed by a word character fails
# the word and is taken by the punctuation branch, so "\.?" needs no lookahead (the
# lookahead group made the split about 15% slower).
_TOKEN = r"\.?\w+(?:\.\w+|['’](?![sS]\b)\w+)*[+#]*|[^\w\s\-‐‑‒–—]"
_SPLIT = re.compile(f"({_TOKEN})")
_PLAIN = re.compile(r"[A-Za-z0-9]+(?: [A-Za-z0-9]+)*")


def normalize_key(token: str) -> str:
    """Return the matching key of one token: NFKC, case-folded, straight apostrophes.

    Example:
        >>> normalize_key("ＰｙＴｈｏｎ’s")
        "python's"
    """
    if token.isascii():
        return token.lower()
    return unicodedata.normalize("NFKC", token).casefold().replace("’", "'")


@dataclass(frozen=True, slots=True)
class TokenizedText:
    """Tokens of a text: keys, character offsets and the separators between them.

    ``seps[i]`` is the text between token ``i - 1`` and token ``i`` (whitespace, hyphens);
    ``starts[i]``/``ends[i]`` are offsets of token ``i`` in the original text.
    """

    text: str
    keys: list[str]
    starts: list[int]
    ends: list[int]
    seps: list[str]

    def __len__(self) -> int:
        return len(self.keys)

    def surface(self, first: int, last: int) -> str:
        """Original text from token ``first`` to token ``last`` inclusive."""
        return self.text[self.starts[first] : self.ends[last]]


def tokenize(text: str) -> TokenizedText:
    """Cut ``text`` into matching tokens with their offsets.

    The C accelerator (``_accelerator.native()``) does the same cut when it is built; this
    code is the reference it is tested against.

    Example:
        >>> t = tokenize("Used .NET-based tools")
        >>> t.keys, t.starts
        (['used', '.net', 'based', 'tools'], [0, 5, 10, 16])
    """
    accelerator = native()
    if accelerator is not None:
        keys, starts, ends, seps = accelerator.tokenize(text, normalize_key)
        return TokenizedText(text=text, keys=keys, starts=starts, ends=ends, seps=seps)
    ascii_only = text.isascii()
    pieces = _SPLIT.split(text.lower() if ascii_only else text)
    bounds = list(accumulate(map(len, pieces)))
    keys = pieces[1::2]
    if not ascii_only:
        keys = [normalize_key(key) for key in keys]
    return TokenizedText(
        text=text,
        keys=keys,
        starts=bounds[0::2][: len(keys)],
        ends=bounds[1::2],
        seps=pieces[0::2][: len(keys)],
    )


def surface_keys(surface: str) -> tuple[str, ...]:
    """Return the token keys of a label or alias.

    Example:
        >>> surface_keys("A/B Testing")
        ('a', '/', 'b', 'testing')
    """
    if _PLAIN.fullmatch(surface):
        return tuple(surface.lower().split(" "))
    return tuple(tokenize(surface).keys)


_SPELLING = (
    ("isations", "izations"),
    ("isation", "ization"),
    ("ising", "izing"),
    ("ised", "ized"),
    ("isers", "izers"),
    ("iser", "izer"),
    ("ises", "izes"),
    ("ise", "ize"),
    ("elling", "eling"),
    ("elled", "eled"),
    ("our", "or"),
)
_RESPELLABLE = re.compile(r"(?:i[sz](?:ations?|ing|ed|ers?|es|e)|el(?:l?ing|l?ed)|our)$")
_VOWELS = frozenset("aeiou")


def _respell(token: str) -> str | None:
    """British <-> American spelling of a token's ending, or None."""
    if len(token) < 6 or not _RESPELLABLE.search(token):
        return None
    for british, american in _SPELLING:
        if token.endswith(british):
            return token[: -len(british)] + american
        if british != "our" and token.endswith(american):
            return token[: -len(american)] + british
    return None


def _plural(token: str) -> str | None:
    """Regular plural of an alphabetic final token, or None."""
    if len(token) < 2:
        return None
    if token.endswith("ss"):
        return token + "es"
    if token.endswith("is") and len(token) > 4:
        return token[:-2] + "es"
    if token.endswith("s"):
        return None
    if token.endswith(("x", "z", "ch", "sh")):
        return token + "es"
    if token.endswith("y") and token[-2] not in _VOWELS:
        return token[:-1] + "ies"
    return token + "s"


def _singular(token: str) -> str | None:
    """Singular of a regular plural final token, or None."""
    if len(token) < 5 or not token.endswith("s") or token.endswith(("ss", "us", "is", "ics")):
        return None
    if token.endswith("ies"):
        return token[:-3] + "y"
    if token.endswith(("ches", "shes", "xes")):
        return token[:-2]
    return token[:-1]


def _shapes(surface: str, base: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Punctuation variants: slashes dropped, dotted names joined or split, hyphens joined."""
    shapes = [base]
    if "/" in base and len(base) > 1:
        shapes.append(tuple(k for k in base if k != "/"))
    for i, key in enumerate(base):
        if "." in key[1:] and key[0] != "." and not any(p.isdigit() for p in key.split(".")):
            shapes.append((*base[:i], key.replace(".", ""), *base[i + 1 :]))
            shapes.append((*base[:i], *key.split("."), *base[i + 1 :]))
    if len(base) > 1 and "-" in surface and _HYPHENATED.search(surface):
        shapes.append(surface_keys(hyphens_joined(surface)))
    return shapes


_HYPHENATED = re.compile(r"\w-\w")
_HYPHEN_JOIN = re.compile(r"(?<=\w)-(?=\w)")


def hyphens_joined(surface: str) -> str:
    """The surface with word-internal hyphens removed ("front-end" -> "frontend").

    Example:
        >>> hyphens_joined("e-commerce front-end")
        'ecommerce frontend'
    """
    return _HYPHEN_JOIN.sub("", surface)


def alias_variants(
    surface: str, *, singular_ok: bool, plural_ok: bool = True, keys: tuple[str, ...] | None = None
) -> list[tuple[str, ...]]:
    """Generated key sequences under which a surface form also matches.

    Covers the plural of the last word (when ``plural_ok``), British/American spellings,
    names with internal dots written joined or spaced ("Node.js": "nodejs", "node js"),
    slashes dropped ("CI/CD": "ci cd"), hyphenated words joined ("front-end": "frontend")
    and, when ``singular_ok``, the singular of a plural noun ("microservices"). Possessives
    need no variant: the tokenizer leaves "'s" out of the word.

    Args:
        surface: the label or alias as authored.
        singular_ok: also generate the singular of a plural last word.
        plural_ok: generate the plural of the last word.
        keys: ``surface_keys(surface)`` when the caller already has it.

    Returns:
        Key sequences other than the surface's own, without duplicates.

    Example:
        >>> sorted(" ".join(v) for v in alias_variants("Node.js", singular_ok=False))
        ['node js', 'nodejs']
        >>> alias_variants("API", singular_ok=False)
        [('apis',)]
    """
    base = keys if keys is not None else surface_keys(surface)
    if not base:
        return []
    plain = _PLAIN.fullmatch(surface) is not None
    out: list[tuple[str, ...]] = []
    for shape in [base] if plain else _shapes(surface, base):
        respelled = tuple(_respell(k) or k for k in shape)
        for form in (shape, respelled) if respelled != shape else (shape,):
            out.append(form)
            last = form[-1]
            if not last.isalpha():
                continue
            plural = _plural(last) if plural_ok else None
            if plural is not None:
                out.append((*form[:-1], plural))
            single = _singular(last) if singular_ok else None
            if single is not None:
                out.append((*form[:-1], single))
    return [form for form in dict.fromkeys(out) if form != base]
