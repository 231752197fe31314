"""Redact personal data before any text leaves for a model, and map quotes back.

``redact`` replaces emails, phone numbers, web addresses, street addresses and the
candidate's name with typed placeholders (``[EMAIL_1]``, ``[PHONE_1]``, ``[URL_1]``,
``[ADDRESS_1]``, ``[NAME]``). The same value always gets the same placeholder. The
``Redaction`` keeps the placeholder-to-value mapping apart from the text: it is excluded
from ``repr``, ``model_dump`` and JSON, so logging or serialising a redaction never leaks
it. ``to_original`` maps a span of the redacted text back to the original, which is how a
quote returned by a model is grounded in the document.

Example:
    >>> r = redact("Jane Roe - jane@example.com - +1 415 555 2671", names=["Jane Roe"])
    >>> r.text
    '[NAME] - [EMAIL_1] - [PHONE_1]'
    >>> r.counts["email"], r.restore("[EMAIL_1]")
    (1, 'jane@example.com')
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from talentmatch.errors import InputError
from talentmatch.safety import _pii

__all__ = ["PIIKind", "Redaction", "RedactionConfig", "Replacement", "redact"]


class PIIKind(StrEnum):
    """Kinds of personal data ``redact`` replaces."""

    EMAIL = "email"
    PHONE = "phone"
    URL = "url"
    ADDRESS = "address"
    NAME = "name"


# When two finds overlap, the earlier kind wins: an email holds a name, a URL a name, etc.
_PRIORITY = (PIIKind.EMAIL, PIIKind.URL, PIIKind.PHONE, PIIKind.ADDRESS, PIIKind.NAME)


class RedactionConfig(BaseModel):
    """Which kinds to redact and how.

    Example:
        >>> RedactionConfig(kinds=frozenset({PIIKind.EMAIL})).kinds == {PIIKind.EMAIL}
        True
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kinds: frozenset[PIIKind] = Field(
        default=frozenset(PIIKind), description="Kinds replaced (default: all)."
    )
    phone_regions: tuple[str, ...] = Field(
        default=("US", "GB", "FR", "DE", "ES", "PT", "BR", "IN", "IT", "NL", "CA", "AU"),
        description=(
            "ISO regions whose national phone formats are recognised; numbers written with "
            "+country code are recognised whatever the list."
        ),
    )
    name_parts: bool = Field(
        default=True,
        description=(
            "Also replace each part of the name on its own (in name casing). Safer for "
            "privacy; a surname that is also a skill ('Ruby', 'Swift') is then hidden too."
        ),
    )


class Replacement(BaseModel):
    """One replaced value: where it was, where its placeholder is. Holds no personal data.

    Example:
        >>> redact("mail a@b.co").replacements[0].original_start
        5
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: PIIKind
    placeholder: str = Field(description="The placeholder text, e.g. '[EMAIL_1]'.")
    original_start: int = Field(ge=0, description="Start of the value in the original text.")
    original_end: int = Field(ge=0, description="End of the value in the original text.")
    start: int = Field(ge=0, description="Start of the placeholder in the redacted text.")
    end: int = Field(ge=0, description="End of the placeholder in the redacted text.")


class Redaction(BaseModel):
    """Redacted text, the replacements with their offsets, counts, and the hidden mapping.

    Example:
        >>> r = redact("Call +44 20 7946 0958 today")
        >>> r.text, r.to_original(0, 4), r.to_original(5, 14)
        ('Call [PHONE_1] today', (0, 4), (5, 21))
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str = Field(description="The text with placeholders.")
    replacements: tuple[Replacement, ...] = Field(description="Replacements in text order.")
    counts: dict[str, int] = Field(description="Occurrences replaced per kind.")
    original_length: int = Field(ge=0, description="Length of the original text.")
    mapping: dict[str, str] = Field(
        default_factory=dict,
        repr=False,
        exclude=True,
        description="Placeholder -> original value. Never logged or serialised.",
    )

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the span ``[start, end)`` of the redacted text to the original text.

        A boundary inside a placeholder widens to the whole original value.

        Args:
            start: start offset in ``text``.
            end: end offset in ``text`` (``>= start``).

        Returns:
            ``(start, end)`` in the original text.

        Raises:
            InputError: the span is outside ``text`` or reversed.
        """
        if not 0 <= start <= end <= len(self.text):
            raise InputError(f"Span ({start}, {end}) is not within the redacted text.")
        return self._map(start, at_end=False), self._map(end, at_end=True)

    def _map(self, position: int, *, at_end: bool) -> int:
        starts = [r.start for r in self.replacements]
        index = bisect.bisect_right(starts, position) - 1
        if index < 0:
            return position
        replaced = self.replacements[index]
        if position < replaced.end and (position > replaced.start or at_end):
            return replaced.original_end if at_end else replaced.original_start
        if position == replaced.start:  # the start of a placeholder is the start of the value
            return replaced.original_start
        return replaced.original_end + (position - replaced.end)

    def restore(self, text: str) -> str:
        """Put the original values back in place of the placeholders in ``text``.

        Only for showing results to someone entitled to see the personal data.

        Example:
            >>> redact("x@y.org").restore("wrote to [EMAIL_1]")
            'wrote to x@y.org'
        """
        for placeholder in sorted(self.mapping, key=len, reverse=True):
            text = text.replace(placeholder, self.mapping[placeholder])
        return text


def redact(
    text: str, *, names: Iterable[str] = (), config: RedactionConfig | None = None
) -> Redaction:
    """Replace personal data in ``text`` with typed placeholders.

    Args:
        text: the document text (usually ``Document.text``).
        names: the candidate's name(s), from contact parsing; each is replaced by ``[NAME]``.
        config: kinds and options (default: everything).

    Returns:
        The ``Redaction``.

    Raises:
        InputError: ``text`` is not a string or ``names`` is a bare string.

    Example:
        >>> redact("see github.com/janeroe and www.jane.dev", config=RedactionConfig(
        ...     kinds=frozenset({PIIKind.URL}))).text
        'see [URL_1] and [URL_2]'
    """
    if not isinstance(text, str):
        raise InputError("redact() takes the document text as a str.")
    if isinstance(names, str):
        raise InputError("names must be a list of names, e.g. names=['Jane Roe'].")
    config = config or RedactionConfig()
    names = [n for n in names if isinstance(n, str) and n.strip()]
    found: list[tuple[int, int, int, PIIKind]] = []
    finders = {
        PIIKind.EMAIL: lambda: _pii.find_emails(text),
        PIIKind.URL: lambda: _pii.find_urls(text),
        PIIKind.PHONE: lambda: _pii.find_phones(text, config.phone_regions),
        PIIKind.ADDRESS: lambda: _pii.find_addresses(text),
        PIIKind.NAME: lambda: _pii.find_names(text, names, parts=config.name_parts),
    }
    for priority, kind in enumerate(_PRIORITY):
        if kind in config.kinds:
            found.extend((s, e, priority, kind) for s, e in finders[kind]() if e > s)
    # Longest first at the same start, then by priority; skip anything overlapping a kept find.
    found.sort(key=lambda f: (f[0], -(f[1] - f[0]), f[2]))
    kept: list[tuple[int, int, PIIKind]] = []
    for start, end, _, kind in found:
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, kind))
    return _assemble(text, kept)


def _assemble(text: str, kept: list[tuple[int, int, PIIKind]]) -> Redaction:
    pieces: list[str] = []
    replacements: list[Replacement] = []
    numbers: dict[tuple[PIIKind, str], str] = {}
    per_kind: dict[PIIKind, int] = {}
    mapping: dict[str, str] = {}
    cursor = length = 0
    for start, end, kind in kept:
        value = text[start:end]
        key = (kind, _identity(kind, value))
        if key not in numbers:
            if kind is PIIKind.NAME:
                numbers[key] = "[NAME]"
            else:
                per_kind[kind] = per_kind.get(kind, 0) + 1
                numbers[key] = f"[{kind.value.upper()}_{per_kind[kind]}]"
        placeholder = numbers[key]
        mapping.setdefault(placeholder, value)
        pieces.append(text[cursor:start])
        length += start - cursor
        replacements.append(
            Replacement(
                kind=kind,
                placeholder=placeholder,
                original_start=start,
                original_end=end,
                start=length,
                end=length + len(placeholder),
            )
        )
        pieces.append(placeholder)
        length += len(placeholder)
        cursor = end
    pieces.append(text[cursor:])
    counts = {kind.value: 0 for kind in PIIKind}
    for replaced in replacements:
        counts[replaced.kind.value] += 1
    return Redaction(
        text="".join(pieces),
        replacements=tuple(replacements),
        counts=counts,
        original_length=len(text),
        mapping=mapping,
    )


def _identity(kind: PIIKind, value: str) -> str:
    # The same phone written two ways is one number; the same email in two cases one address.
    if kind is PIIKind.PHONE:
        return "".join(c for c in value if c.isdigit())
    return " ".join(value.casefold().split())
