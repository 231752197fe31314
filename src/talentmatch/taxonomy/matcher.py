"""The compiled alias matcher: a token trie over every surface form of a taxonomy.

Compiling turns each label and alias (and their generated variants: plurals, spellings,
punctuation forms) into token-key sequences stored in a trie of dicts. Scanning tokenises the
text once and walks the trie from every token that starts some surface, collecting every
terminal on the way, so a caller can prefer the longest match and fall back to a shorter one
when context rejects it. Work per text is linear in its tokens; the alias count only costs
memory.

Each terminal carries ``AliasEntry`` objects: which concept, the surface as authored, how it
matched (label, alias, generated variant) and how ambiguous it is:

- ``Ambiguity.NONE``: matched anywhere.
- ``Ambiguity.CASE``: a common English word ("Excel", "Swift") or a two-letter acronym ("AI"):
  accepted when written with the authored capitalisation away from the start of a sentence,
  otherwise only with context.
- ``Ambiguity.CONTEXT``: marked "~" in the taxonomy, or a single letter ("R", "C"): accepted
  only with context (a skills section or list, or neighbouring skills of the same field).

Example:
    >>> from talentmatch.taxonomy import Taxonomy
    >>> matcher = Taxonomy.builtin().matcher
    >>> [(c.first, c.last) for c in matcher.scan_tokens("Senior Node.js developer").candidates]
    [(1, 1)]
"""

from __future__ import annotations

import functools
import marshal
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from importlib import resources
from typing import TYPE_CHECKING, NamedTuple

from talentmatch.models.skills import MatchKind
from talentmatch.taxonomy._accelerator import native
from talentmatch.taxonomy.tokens import (
    _PLAIN,
    _RESPELLABLE,
    TokenizedText,
    _plural,
    _respell,
    _singular,
    alias_variants,
    hyphens_joined,
    surface_keys,
    tokenize,
)

if TYPE_CHECKING:
    from talentmatch.taxonomy.concept import Concept

__all__ = [
    "AliasEntry",
    "AliasMatcher",
    "Ambiguity",
    "Candidate",
    "MatcherSnapshot",
    "Scan",
    "common_words",
]
_SEP = "\x1f"
"""Joins the token keys of a multi-word surface into one phrase key (never inside a token)."""
_NOUN_TYPES = frozenset({"knowledge", "hard_skill", "soft_skill"})


class Ambiguity(IntEnum):
    """How much context a surface form needs before it counts as a skill."""

    NONE = 0
    CASE = 1
    CONTEXT = 2


class AliasEntry(NamedTuple):
    """One concept a surface form stands for."""

    concept: int
    """Index of the concept in ``Taxonomy.concepts``."""
    surface: str
    """The label or alias as authored (its capitalisation is what CASE checks compare)."""
    kind: MatchKind
    ambiguity: Ambiguity


class Candidate(NamedTuple):
    """Surface forms found from token ``first`` to token ``last`` (inclusive)."""

    first: int
    last: int
    entries: tuple[AliasEntry, ...]


@dataclass(frozen=True, slots=True)
class Scan:
    """The tokens of a text and every candidate match, ordered by (first, last)."""

    tokens: TokenizedText
    candidates: list[Candidate]


@functools.cache
def common_words() -> frozenset[str]:
    """English words that are also product or skill names ("excel", "swift", "spring").

    Loaded once from package data. Single-word surfaces in this list need their authored
    capitalisation or context.

    Example:
        >>> "excel" in common_words() and "kubernetes" not in common_words()
        True
    """
    text = resources.files("talentmatch.taxonomy").joinpath("data/common_words.txt")
    lines = text.read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if not line.startswith("#") for w in line.split())


def _ambiguity(surface: str, keys: tuple[str, ...], marked: bool) -> Ambiguity:
    if marked:
        return Ambiguity.CONTEXT
    if len(keys) != 1:
        return Ambiguity.NONE
    key = keys[0]
    if len(key) == 1:
        return Ambiguity.CONTEXT
    if len(key) == 2:
        return Ambiguity.CASE if surface.isupper() else Ambiguity.CONTEXT
    if key in common_words():
        return Ambiguity.CASE
    return Ambiguity.NONE


_new_entry = tuple.__new__
"""Builds an ``AliasEntry`` from a tuple without the NamedTuple constructor's overhead."""


_KINDS = (MatchKind.LABEL, MatchKind.ALIAS, MatchKind.VARIANT)
"""Entry kinds a matcher stores, in the order their codes in a snapshot refer to."""
_AMBIGUITIES = tuple(Ambiguity)
_Table = dict[str, tuple[tuple[AliasEntry, ...], bool]]


class MatcherSnapshot(NamedTuple):
    """A compiled matcher as plain data (str, int, bytes, tuples) that ``marshal`` can store.

    ``phrases`` maps each first token key to the marshalled phrases that start with it, so
    restoring costs one dict and a token's phrases are decoded the first time a text holds it.
    """

    size: int
    phrases: dict[str, bytes]
    single: tuple[tuple[str, int, tuple[str, ...]], ...]


class _Surface(NamedTuple):
    """One written surface of a concept, indexed by the first tokens it can start with."""

    concept: int
    surface: str
    keys: tuple[str, ...]
    is_label: bool
    marked: bool
    common_noun: bool
    plain: bool


class AliasMatcher:
    """A phrase table over a sequence of concepts, compiled on demand; build it with ``compile``.

    Phrases are the token keys of each surface (and of its generated variants) joined by an
    unprintable separator; the table maps every phrase and every proper prefix of a phrase to
    ``(entries, extends)``, so a scan needs one dict lookup per token. ``compile`` only
    indexes surfaces by the first tokens they can start with; the phrases of a first token
    are built the first time a text contains it, so loading stays cheap however large the
    taxonomy and repeated use pays nothing. Earlier concepts win when two claim the same
    surface with the same ambiguity; generated variants never displace a written surface.
    A matcher is safe to share between threads: concurrent first uses build the same phrases.
    """

    __slots__ = (
        "_by_first",
        "_choices",
        "_concepts",
        "_firsts",
        "_packed",
        "_single",
        "_skip_flag",
        "_table",
        "size",
    )

    def __init__(
        self,
        concepts: Sequence[Concept],
        by_first: dict[str, list[_Surface]],
        size: int,
        *,
        skip_flag: str = "skill_group",
        packed: dict[str, bytes] | None = None,
    ) -> None:
        self._concepts = concepts
        self._by_first = by_first
        self._packed = packed or {}
        # Membership test of the scan loop: every first token key, whichever form holds it.
        self._firsts: Mapping[str, object] = self._packed if packed else by_first
        self._skip_flag = skip_flag
        self._table: _Table = {}
        self._single: dict[tuple[str, int], list[str]] | None = None
        self._choices: dict[tuple[str, int], tuple[str, ...]] = {}
        self.size = size
        """Number of written surface forms (labels and aliases) indexed."""

    @classmethod
    def compile(
        cls, concepts: Sequence[Concept], *, skip_flag: str = "skill_group"
    ) -> AliasMatcher:
        """Index the surfaces of ``concepts`` (skipping those flagged ``skip_flag``).

        Example:
            >>> from talentmatch.taxonomy.concept import Concept
            >>> m = AliasMatcher.compile([Concept(id="x:k8s", label="Kubernetes",
            ...                                   type="tool", category="c", aliases=("k8s",))])
            >>> [c.entries[0].surface for c in m.scan_tokens("k8s and kubernetes").candidates]
            ['k8s', 'Kubernetes']
        """
        by_first: dict[str, list[_Surface]] = {}
        size = 0
        for index, concept in enumerate(concepts):
            if skip_flag in concept.flags:
                continue
            marked = {a.casefold() for a in concept.ambiguous} if concept.ambiguous else ()
            common_noun = concept.type.value in _NOUN_TYPES
            seen: set[str] = set()
            for surface in (concept.label, *concept.aliases, *concept.ambiguous):
                folded = surface.casefold()
                if folded in seen:
                    continue
                seen.add(folded)
                plain = _PLAIN.fullmatch(surface) is not None
                keys = tuple(surface.lower().split(" ")) if plain else surface_keys(surface)
                if not keys:
                    continue
                record = _Surface(
                    index, surface, keys, surface == concept.label, folded in marked,
                    common_noun, plain,
                )  # fmt: skip
                size += 1
                for first in _first_keys(record):
                    by_first.setdefault(first, []).append(record)
        return cls(concepts, by_first, size, skip_flag=skip_flag)

    def snapshot(self) -> MatcherSnapshot:
        """Build every phrase and return the matcher as plain data for a cache.

        Costs a full build (every first token), so it is taken only to write a cache.

        Example:
            >>> from talentmatch.taxonomy.concept import Concept
            >>> m = AliasMatcher.compile([Concept(id="x:k8s", label="Kubernetes",
            ...                                   type="tool", category="c", aliases=("k8s",))])
            >>> back = AliasMatcher.restore(m.concepts, m.snapshot())
            >>> back.lookup(["k8s"]) == m.lookup(["k8s"]), back.size
            (True, 2)
        """
        single = tuple(
            (letter, length, tuple(keys))
            for (letter, length), keys in sorted(self.single_token_keys().items())
        )
        if self._packed:
            return MatcherSnapshot(self.size, dict(self._packed), single)
        kinds = {kind: code for code, kind in enumerate(_KINDS)}
        levels = {level: int(level) for level in Ambiguity}
        packed = {}
        for first in sorted(self._by_first):
            group = tuple(
                (phrase, tuple((e[0], e[1], kinds[e[2]], levels[e[3]]) for e in entries), extends)
                for phrase, (entries, extends) in self._compile_first(first).items()
            )
            packed[first] = marshal.dumps(group)
        return MatcherSnapshot(self.size, packed, single)

    @classmethod
    def restore(cls, concepts: Sequence[Concept], snapshot: MatcherSnapshot) -> AliasMatcher:
        """Rebuild a matcher from ``snapshot()`` of a matcher over the same ``concepts``.

        Phrases are decoded lazily; a phrase group that fails to decode makes the matcher
        recompile from ``concepts`` instead, so a damaged snapshot never breaks a scan.

        Raises:
            TypeError: the snapshot does not have the shape ``snapshot()`` gives.
        """
        size, packed, single = snapshot
        if type(size) is not int or type(packed) is not dict:
            raise TypeError("not a matcher snapshot")
        buckets: dict[tuple[str, int], list[str]] = {}
        for letter, length, keys in single:
            if type(letter) is not str or type(length) is not int or type(keys) is not tuple:
                raise TypeError("not a matcher snapshot")
            buckets[(letter, length)] = list(keys)
        matcher = cls(concepts, {}, size, packed=packed)
        matcher._single = buckets
        return matcher

    @property
    def concepts(self) -> Sequence[Concept]:
        """The concepts this matcher indexes (entry ``concept`` fields are positions here)."""
        return self._concepts

    def _unpack(self, blob: bytes) -> _Table:
        """Decode one first token's phrases from a snapshot, checking every field's type."""
        count = len(self._concepts)
        new = _new_entry
        table: _Table = {}
        for phrase, coded, extends in marshal.loads(blob):
            entries = []
            for concept, surface, kind, ambiguity in coded:
                if type(concept) is not int or not 0 <= concept < count or type(surface) is not str:
                    raise TypeError("malformed matcher snapshot")
                entry = (concept, surface, _KINDS[kind], _AMBIGUITIES[ambiguity])
                entries.append(new(AliasEntry, entry))
            if type(phrase) is not str or type(extends) is not bool:
                raise TypeError("malformed matcher snapshot")
            table[phrase] = (tuple(entries), extends)
        return table

    def _build(self, first: str) -> None:
        """Build every phrase (and prefix) that starts with the token key ``first``."""
        blob = self._packed.get(first)
        if blob is not None:
            try:
                self._table.update(self._unpack(blob))
                return
            except Exception:  # any damage means: recompile, never fail a scan
                compiled = AliasMatcher.compile(self._concepts, skip_flag=self._skip_flag)
                self._by_first = compiled._by_first
                self._firsts = compiled._by_first
                self._packed = {}
        self._table.update(self._compile_first(first))

    def _compile_first(self, first: str) -> _Table:
        """Every phrase (and prefix) that starts with ``first``, from the surface records."""
        commons = common_words()
        explicit: dict[str, list[AliasEntry]] = {}
        variants: dict[str, list[AliasEntry]] = {}
        for record in self._by_first.get(first, ()):
            keys, surface = record.keys, record.surface
            ambiguity = _surface_ambiguity(record, commons)
            kind = MatchKind.LABEL if record.is_label else MatchKind.ALIAS
            if keys[0] == first:
                explicit.setdefault(_SEP.join(keys), []).append(
                    _new_entry(AliasEntry, (record.concept, surface, kind, ambiguity))
                )
            variant = _new_entry(
                AliasEntry, (record.concept, surface, MatchKind.VARIANT, ambiguity)
            )
            for form in _variant_forms(record):
                # A generated form that is an everyday word ("Wills" -> "will") would match
                # ordinary English; only written surfaces may do that.
                if form[0] != first or (len(form) == 1 and form[0] in commons):
                    continue
                variants.setdefault(_SEP.join(form), []).append(variant)
        table: dict[str, tuple[tuple[AliasEntry, ...], bool]] = {}
        for phrase, entries in explicit.items():
            table[phrase] = ((entries[0],) if len(entries) == 1 else _rank(entries), False)
        for phrase, entries in variants.items():
            if phrase not in table:
                table[phrase] = ((entries[0],) if len(entries) == 1 else _rank(entries), False)
        for phrase in [p for p in table if _SEP in p]:
            parts = phrase.split(_SEP)
            prefix = parts[0]
            for part in parts[1:]:
                found = table.get(prefix)
                table[prefix] = ((), True) if found is None else (found[0], True)
                prefix = prefix + _SEP + part
        table.setdefault(first, ((), False))
        return table

    def _get(self, key: str) -> tuple[tuple[AliasEntry, ...], bool] | None:
        """Table entry of a phrase or prefix, building its first token's phrases if needed."""
        hit = self._table.get(key)
        if hit is None:
            first = key.split(_SEP, 1)[0]
            if first in self._firsts and first not in self._table:
                self._build(first)
                hit = self._table.get(key)
        return hit

    def scan_tokens(self, text: str | TokenizedText) -> Scan:
        """Tokenise ``text`` (unless already tokenised) and find every candidate match.

        Candidates may overlap; for each start token every length that ends on a phrase is
        reported, shortest first. A match never crosses a blank line.

        Example:
            >>> from talentmatch.taxonomy import Taxonomy
            >>> scan = Taxonomy.builtin().matcher.scan_tokens("Spring Boot")
            >>> [(c.first, c.last) for c in scan.candidates]
            [(0, 0), (0, 1)]
        """
        tokens = tokenize(text) if isinstance(text, str) else text
        keys = tokens.keys
        seps = tokens.seps
        table = self._table
        accelerator = native()
        if accelerator is not None:
            # The same loop in C (_native.c); the phrase table and its building stay here.
            scanned = accelerator.scan(
                keys, seps, table, self._firsts, self._build, Candidate, _SEP
            )
            return Scan(tokens, scanned)
        get = table.get
        indexed = self._firsts
        count = len(keys)
        found: list[Candidate] = []
        append = found.append
        new = tuple.__new__
        for first, key in enumerate(keys):
            hit = get(key)
            if hit is None:
                if key not in indexed or key in table:
                    continue
                self._build(key)
                hit = get(key)
                if hit is None:
                    continue
            last = first
            while True:
                if hit[0]:
                    append(new(Candidate, (first, last, hit[0])))
                last += 1
                if not hit[1] or last >= count or seps[last].count("\n") > 1:
                    break
                key = key + _SEP + keys[last]
                hit = get(key)
                if hit is None:
                    break
        return Scan(tokens, found)

    def knows(self, key: str) -> bool:
        """True when some surface form (ambiguous ones too) can start with this token key.

        Example:
            >>> from talentmatch.taxonomy import Taxonomy
            >>> Taxonomy.builtin().matcher.knows("testing"), Taxonomy.builtin().matcher.knows("zzz")
            (True, False)
        """
        return key in self._firsts

    def continues(self, keys: Sequence[str]) -> bool:
        """True when some longer surface form (or generated variant) starts with ``keys``.

        Example:
            >>> from talentmatch.taxonomy import Taxonomy
            >>> m = Taxonomy.builtin().matcher
            >>> m.continues(["contract"]), m.continues(["contract", "negotiation"])
            (True, False)
        """
        if not keys or keys[0] not in self._firsts:
            return False
        hit = self._get(_SEP.join(keys))
        return hit is not None and hit[1]

    def lookup(self, keys: Sequence[str]) -> tuple[AliasEntry, ...]:
        """Entries stored for an exact key sequence, or ``()``.

        Example:
            >>> from talentmatch.taxonomy import Taxonomy
            >>> Taxonomy.builtin().matcher.lookup(["k8s"])[0].surface
            'K8s'
        """
        if not keys:
            return ()
        hit = self._get(_SEP.join(keys))
        return () if hit is None else hit[0]

    def single_token_keys(self) -> dict[tuple[str, int], list[str]]:
        """Unambiguous one-token written surface keys of 5+ characters by (first letter, length).

        Used for fuzzy near-miss matching; computed on first use.
        """
        if self._single is None:
            commons = common_words()
            buckets: dict[tuple[str, int], list[str]] = {}
            for key, records in self._by_first.items():
                if len(key) < 5:
                    continue
                if any(
                    len(r.keys) == 1
                    and r.keys[0] == key
                    and _surface_ambiguity(r, commons) is Ambiguity.NONE
                    for r in records
                ):
                    buckets.setdefault((key[0], len(key)), []).append(key)
            for bucket in buckets.values():
                bucket.sort()
            self._single = buckets
        return self._single

    def fuzzy_choices(self, letter: str, length: int) -> tuple[str, ...]:
        """``single_token_keys`` of first letter ``letter`` and a length within one of
        ``length`` (shorter first), the keys a near miss of that shape is compared with.

        Remembered per (letter, length) when there are any, so a text pays only for the
        comparisons.

        Example:
            >>> from talentmatch.taxonomy import Taxonomy
            >>> "kubernetes" in Taxonomy.builtin().matcher.fuzzy_choices("k", 10)
            True
        """
        choices = self._choices.get((letter, length))
        if choices is None:
            buckets = self.single_token_keys()
            choices = tuple(
                key
                for size in range(length - 1, length + 2)
                for key in buckets.get((letter, size), ())
            )
            if choices:  # only shapes the taxonomy has: the memo stays as small as it is
                self._choices[(letter, length)] = choices
        return choices


def _surface_ambiguity(record: _Surface, commons: frozenset[str]) -> Ambiguity:
    keys = record.keys
    if record.marked:
        return Ambiguity.CONTEXT
    if len(keys) > 1 or (len(keys[0]) > 2 and keys[0] not in commons):
        return Ambiguity.NONE
    if record.common_noun and keys[0] in commons:
        # A field named by an everyday word ("Finance", "Design") is also a department, a
        # verb or an adjective: it needs a list or neighbours.
        return Ambiguity.CONTEXT
    return _ambiguity(record.surface, keys, False)


def _variant_forms(record: _Surface) -> list[tuple[str, ...]]:
    """Generated key sequences of a surface (see ``tokens.alias_variants``)."""
    keys = record.keys
    last_word = keys[-1]
    plural_ok = record.common_noun or record.surface.endswith(last_word)
    if record.plain and (not plural_ok or not last_word.isalpha()):
        return []
    if record.plain and not any(_RESPELLABLE.search(k) for k in keys):
        # The common case, plain words: plural (and singular) of the last word, computed
        # inline; the general variant builder costs more than the rest.
        single = _singular(last_word) if record.common_noun else None
        return [(*keys[:-1], end) for end in (_plural(last_word), single) if end is not None]
    return alias_variants(
        record.surface, keys=keys, singular_ok=record.common_noun, plural_ok=plural_ok
    )


def _first_keys(record: _Surface) -> set[str]:
    """Every token key a surface or one of its variants can start with.

    Only a one-word surface's variants, a respelled or dotted first word, or a first word
    joined to the next by a hyphen can start elsewhere; the other variants change the end.
    """
    keys = record.keys
    first = keys[0]
    if len(keys) == 1:
        return {first, *(form[0] for form in _variant_forms(record))}
    firsts = {first}
    respelled = _respell(first)
    if respelled is not None:
        firsts.add(respelled)
    if not record.plain:
        if "." in first[1:] and first[0] != ".":
            firsts.update((first.replace(".", ""), first.split(".")[0]))
        if "-" in record.surface:
            firsts.add(surface_keys(hyphens_joined(record.surface))[0])
    return firsts


def _rank(entries: list[AliasEntry]) -> tuple[AliasEntry, ...]:
    """Order entries: least ambiguous first, then concept order; one entry per concept."""
    if len(entries) == 1:
        return (entries[0],)
    seen: set[int] = set()
    ranked = []
    for entry in sorted(entries, key=lambda e: (e.ambiguity, e.concept)):
        if entry.concept not in seen:
            seen.add(entry.concept)
            ranked.append(entry)
    return tuple(ranked)
