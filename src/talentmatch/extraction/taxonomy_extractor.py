"""``TaxonomyExtractor``: the offline skill extractor over a compiled alias matcher.

One scan of the taxonomy's matcher finds every candidate surface. Resolution then runs in
two passes over the candidates, leftmost-longest:

1. Unambiguous surfaces are accepted, and so are common-word surfaces ("Excel", "Swift")
   written with their authored capitalisation away from a sentence start.
2. The rest need context: a skills zone, a list line or a dense line of skills, or accepted
   skills of the same field (or linked by the taxonomy) within 10 tokens on the same line;
   two capitalised ambiguous names of the same field support each other ("Rust and Go").
   One-letter names ("R", "C") need another skill on their own line. A surface glued to a
   hyphen or ampersand ("Go-to-market", "C-level", "R&D") is never accepted on context.

Then near-misses are tried where skills are listed (see ``fuzzy``), tool names are widened to
a version ("Java 8", "PHP 7.4") or a vendor ("Microsoft SQL Server"), assertion cues mark
negated and aspirational occurrences, and occurrences are grouped into ``SkillMention``s with
their section, position and, for a resume, months used and last used.

Example:
    >>> extractor = TaxonomyExtractor()
    >>> text = "Skills: Go, R, k8s. Built React apps; no experience with Rust."
    >>> [(m.label, m.surface) for m in extractor.extract(text)]
    [('Go', 'Go'), ('R', 'R'), ('Kubernetes', 'k8s'), ('React', 'React')]
"""

from __future__ import annotations

import functools
import heapq
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol, TypeVar

from talentmatch.config import Limits
from talentmatch.errors import DocumentTooLargeError, InputError
from talentmatch.extraction._accelerator import native
from talentmatch.extraction._rules_accelerator import native as rules_native
from talentmatch.extraction.assertions import (
    ORG_NOUNS,
    ROLE_NOUNS,
    TITLE_HEADS,
    application_language,
    assertion_scopes,
    benefit_spans,
    boilerplate_spans,
    ends_in_role,
    honorific_name_spans,
    link_spans,
    name_line_span,
    starts_after_role,
    title_line_end,
)
from talentmatch.extraction.context import _SENTENCE_BREAK, TextLayout
from talentmatch.extraction.fuzzy import best_fuzzy
from talentmatch.extraction.protocols import PositionLike, ResumeLike, section_kind
from talentmatch.extraction.usage import months_and_last
from talentmatch.extraction.verb_phrases import verb_phrases
from talentmatch.models._trusted import model_builder
from talentmatch.models.document import SCHEMA_VERSION, Document, Span
from talentmatch.models.skills import (
    Assertion,
    ConceptType,
    MatchKind,
    Occurrence,
    SkillMention,
)
from talentmatch.taxonomy.concept import Concept
from talentmatch.taxonomy.matcher import AliasEntry, Ambiguity, Candidate, common_words
from talentmatch.taxonomy.model import Taxonomy
from talentmatch.taxonomy.onet import VENDORS

__all__ = ["SkillExtractor", "SkillSource", "TaxonomyExtractor"]

SkillSource = str | Document | ResumeLike
"""What an extractor accepts: text, a loaded ``Document`` or a parsed resume."""

_TECH = frozenset({"software", "data", "cloud_devops", "design"})
_WINDOW = 10
_NEAR_MISS_WORDS = 20_000
"""Most words whose near-miss answer an extractor remembers (``_Facts.near_miss``)."""
_NEAR_MISS_LONGEST = 40
"""Longest word remembered: longer tokens are rare and may be hostile."""
_VERSION = re.compile(r"^v?\d{1,4}(?:\.\d{1,4})*(?:\.x)?\+?$")
_NOT_VERSION_AFTER = frozenset({"years", "year", "yrs", "yr", "months", "month", "+", "%", "x"})
_GENERIC_TAILS = frozenset(
    {
        "technologies", "framework", "methodology", "methodologies", "tools", "systems",
        "ecosystem", "environments", "architecture", "development", "services", "platforms",
    }
)  # fmt: skip
_GLUE = re.compile(r"[-‐‑&][A-Za-z]")

# Enum members read through their class cost a metaclass lookup, about ten times a global
# read on Python 3.11; the per-token and per-hit tests compare against these.
_NONE, _CASE, _CONTEXT = Ambiguity.NONE, Ambiguity.CASE, Ambiguity.CONTEXT
_TOOL, _LANGUAGE = ConceptType.TOOL, ConceptType.LANGUAGE
_Links = tuple[str, str, tuple[str, ...], tuple[str, ...], frozenset[str]]
"""``_Facts.links``: id, category, related ids, broader ids, broader ids as a set."""
_CLAIMED, _ROLE = Assertion.CLAIMED, Assertion.ROLE
_NEGATED, _ASPIRATIONAL = Assertion.NEGATED, Assertion.ASPIRATIONAL
_FUZZY, _VARIANT = MatchKind.FUZZY, MatchKind.VARIANT

_CONFIDENCE = {
    MatchKind.LABEL: 0.95,
    MatchKind.ALIAS: 0.9,
    MatchKind.VARIANT: 0.85,
}
_REASON_CONFIDENCE = {
    "capitalisation": 0.85,
    "skills_section": 0.8,
    "skills_list": 0.8,
    "dense_line": 0.75,
    "neighbours": 0.75,
    "mutual": 0.6,
}


class SkillExtractor(Protocol):
    """Anything that turns a text, document or resume into skill mentions."""

    def extract(self, source: SkillSource, *, as_of: date | None = None) -> list[SkillMention]:
        """Return the skills claimed in ``source``, in order of first occurrence."""
        ...


@dataclass(slots=True)
class _Hit:
    first: int
    last: int
    entry: AliasEntry
    kind: MatchKind
    confidence: float
    reason: str
    start: int = 0
    end: int = 0


class _Facts:
    """What the rules read of a taxonomy's concepts, kept per extractor and taxonomy.

    Concept types are listed once; a concept's field ("tech", a category) and its broader
    ids as a set are worked out the first time a text names it. All of it only depends on
    the immutable taxonomy, so concurrent extractions may share and fill it.
    """

    __slots__ = (
        "_broader", "_families", "_links", "_near", "_rules", "concepts", "taxonomy", "types",
    )  # fmt: skip

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.concepts = taxonomy.concepts
        self.types = [concept.type for concept in self.concepts]
        self._families: dict[int, str] = {}
        self._broader: dict[int, frozenset[str]] = {}
        self._links: dict[int, _Links] = {}
        self._rules: tuple[object, ...] | None = None
        self._near: dict[str, tuple[str, float] | None] = {}

    def near_miss(self, key: str) -> tuple[str, float] | None:
        """``best_fuzzy(key)`` against the taxonomy's matcher, remembered across texts.

        The answer rests only on the word and the immutable matcher, and the words tried
        recur from one resume to the next ("projects", "languages"). Words longer than
        ``_NEAR_MISS_LONGEST`` are not kept, and the memo starts over once it holds
        ``_NEAR_MISS_WORDS`` words, so hostile text cannot grow it without bound.
        """
        try:
            return self._near[key]
        except KeyError:  # first met (or the memo started over since)
            pass
        found = best_fuzzy(key, self.taxonomy.matcher)
        if len(key) <= _NEAR_MISS_LONGEST:
            if len(self._near) >= _NEAR_MISS_WORDS:
                self._near.clear()
            self._near[key] = found
        return found

    def family(self, index: int) -> str:
        """The field of concept ``index`` (see ``_family``)."""
        family = self._families.get(index)
        if family is None:
            family = self._families[index] = _family(self.concepts[index])
        return family

    def broader(self, index: int) -> frozenset[str]:
        """The ids of concept ``index``'s broader concepts, as a set."""
        broader = self._broader.get(index)
        if broader is None:
            broader = self._broader[index] = frozenset(self.concepts[index].broader)
        return broader

    def links(self, index: int) -> _Links:
        """What ``_linked`` and ``_supports`` read of concept ``index``: its id, category,
        related and broader ids, and the broader ids as a set (for the C accelerator, which
        reads them from ``_links`` once this has filled it)."""
        links = self._links.get(index)
        if links is None:
            concept = self.concepts[index]
            # setdefault: an entry, once stored, is never replaced by another thread's.
            links = self._links.setdefault(
                index,
                (concept.id, concept.category, concept.related, concept.broader,
                 self.broader(index)),
            )  # fmt: skip
        return links

    def rules(self) -> tuple[object, ...]:
        """What the C accelerator's ``resolve`` compares with and calls back, in its order
        (the enum at the top of ``_rules.c``): the rules' own constants, never copies."""
        if self._rules is None:
            self._rules = (
                _Hit, _NONE, _CASE, _CONTEXT, _VARIANT, _TOOL, _LANGUAGE, _CONFIDENCE,
                _REASON_CONFIDENCE, _US_STATES, common_words(), _GENERIC_TAILS, ROLE_NOUNS,
                _NAME_TAILS, _SENTENCE_BREAK, _LANGUAGE_CUES, _ITEM_BREAKS, _PERSON_ENDINGS,
                _WINDOW, self.types, self.concepts, self.family, self._families, self._links,
                self.links,
            )  # fmt: skip
        return self._rules


@dataclass(slots=True)
class _Segment:
    """A segment holding pending candidates: its hits and their fields, in text order."""

    segment: tuple[int, int]
    hits: list[_Hit]
    families: list[str]
    firsts: list[int]
    """Each hit's first token (the hits are in token order)."""
    list_like: bool | None = None
    """Worked out on first need (``TaxonomyExtractor._list_like``)."""
    any_same: dict[int, bool] = field(default_factory=dict)
    """Whether a hit is of a concept's field or linked to it, by concept (``_same``)."""


@dataclass(frozen=True, slots=True)
class _Region:
    start: int
    end: int
    label: str | int


class TaxonomyExtractor:
    """Offline extractor: alias matching with context rules over a ``Taxonomy``.

    Args:
        taxonomy: the taxonomy to match (default: ``Taxonomy.builtin()``).
        fuzzy: try near-miss spellings where skills are listed (default True).
        keep_unclaimed: also return skills that are only negated or aspirational, flagged
            (default False: they are dropped, so "no experience with X" never counts as X).
        limits: ``max_chars`` bounds the text read (default ``Limits()``).

    Raises:
        InputError: ``taxonomy`` is not a ``Taxonomy``.

    Example:
        >>> [m.label for m in TaxonomyExtractor().extract("Postgres and Node.js on GCP")]
        ['PostgreSQL', 'Node.js', 'Google Cloud Platform']
    """

    def __init__(
        self,
        taxonomy: Taxonomy | None = None,
        *,
        fuzzy: bool = True,
        keep_unclaimed: bool = False,
        limits: Limits | None = None,
    ) -> None:
        if taxonomy is not None and not isinstance(taxonomy, Taxonomy):
            raise InputError(
                f"taxonomy must be a talentmatch Taxonomy or None, not {type(taxonomy).__name__}."
            )
        self.taxonomy = taxonomy if taxonomy is not None else Taxonomy.builtin()
        self._facts = _Facts(self.taxonomy)
        self.fuzzy = fuzzy
        self.keep_unclaimed = keep_unclaimed
        self.limits = Limits.coerce(limits)

    def extract(self, source: SkillSource, *, as_of: date | None = None) -> list[SkillMention]:
        """Skills found in ``source``, in order of first occurrence.

        Args:
            source: a str of text, a ``Document``, or a parsed resume (anything with
                ``document``, ``sections`` and ``positions``; see ``extraction.protocols``).
            as_of: the date ongoing positions run to, for months used (default: today).
                Pass it for reproducible output.

        Returns:
            One ``SkillMention`` per concept.

        Raises:
            InputError: ``source`` is of another type, or ``as_of`` is not a date.
            DocumentTooLargeError: the text is longer than ``limits.max_chars``.

        Example:
            >>> [m.concept_id for m in TaxonomyExtractor().extract("Kubernetes, Terraform")]
            ['tm:kubernetes', 'tm:terraform']
        """
        if as_of is not None and not isinstance(as_of, date):
            raise InputError("as_of must be a datetime.date or None.")
        document: Document | None = None
        sections: list[_Region] | None = None
        positions: list[tuple[_Region, PositionLike]] = []
        owner: tuple[int, int] | None = None
        if isinstance(source, str):
            text = source
        elif isinstance(source, Document):
            document, text = source, source.text
        elif isinstance(source, ResumeLike) and isinstance(source.document, Document):
            document, text = source.document, source.document.text
            sections = [_Region(s.span.start, s.span.end, section_kind(s)) for s in source.sections]
            positions = [
                (_Region(p.span.start, p.span.end, index), p)
                for index, p in enumerate(source.positions)
            ]
            owner = _owner_name(source)
        else:
            raise InputError(
                f"Cannot extract skills from {type(source).__name__}: pass text (str), a "
                "Document, or a parsed Resume."
            )
        if len(text) > self.limits.max_chars:
            raise DocumentTooLargeError(
                f"The text has {len(text):,} characters, more than Limits.max_chars "
                f"({self.limits.max_chars:,}); raise the limit or pass a shorter text."
            )
        if self._facts.taxonomy is not self.taxonomy:
            self._facts = _Facts(self.taxonomy)  # the attribute was reassigned
        hits, layout, taken = self._resolve(text, sections)
        occurrences = self._occurrences(hits, layout, taken, document, sections, positions, owner)
        return self._mentions(occurrences, positions, sections is not None, as_of)

    # -- resolution ---------------------------------------------------------------------------

    def _resolve(
        self, text: str, sections: list[_Region] | None
    ) -> tuple[list[_Hit], TextLayout, set[int]]:
        """Accepted hits in token order, the text's layout and the tokens the hits cover."""
        matcher = self.taxonomy.matcher
        scan = matcher.scan_tokens(text)
        tokens = scan.tokens
        zones = None
        if sections is not None:
            zones = [(s.start, s.end) for s in sections if "skill" in str(s.label)]
        layout = TextLayout(tokens, zones)
        accelerator = rules_native()
        if accelerator is not None:
            # The C runs the rules below (_plain, _contextual) on the same objects, or hands
            # an odd input back (None) to this code.
            done = accelerator.resolve(
                text, tokens.keys, tokens.starts, tokens.ends, tokens.seps, scan.candidates,
                layout, self._facts.rules(),
            )  # fmt: skip
            if done is not None:
                resolved, covered_by = done
                resolved = self._verb_phrases(resolved, layout, covered_by)
                if self.fuzzy:
                    resolved = self._near_misses(resolved, layout, covered_by)
                return resolved, layout, self._widen(resolved, layout)
        # The scan reports candidates by first token: each token's candidates are a range of
        # positions in that list (a range is no object the garbage collector has to track,
        # unlike a list per token).
        candidates = scan.candidates
        by_first: dict[int, range] = {}
        previous, group_start = -1, 0
        for index, candidate in enumerate(candidates):
            if candidate.first != previous:
                if previous >= 0:
                    by_first[previous] = range(group_start, index)
                previous, group_start = candidate.first, index
        if previous >= 0:
            by_first[previous] = range(group_start, len(candidates))
        layout.skill_starts = by_first.keys()
        starts, ends = tokens.starts, tokens.ends
        covered_to = -1
        hits: list[_Hit] = []
        pending: list[int] = []
        plain = self._plain
        for first, group in by_first.items():  # in token order, like the candidates
            if first <= covered_to:
                continue
            # What _plain decides first, inline: the longest candidate's first entry needs
            # no context, and no _fits test or one it passes at a glance: an acronym written
            # as authored that is no state code (most hits of a resume).
            longest = candidates[group[-1]]
            entry = longest[2][0]
            authored = entry[1]
            if (
                entry[3] is _NONE
                and entry[2] is not _VARIANT
                and (
                    longest[1] != first
                    or len(authored) < 2
                    or not authored.isupper()
                    or (
                        authored not in _US_STATES and text[starts[first] : ends[first]] == authored
                    )
                )
            ):
                kind = entry[2]
                hits.append(_Hit(first, longest[1], entry, kind, _CONFIDENCE[kind], ""))
                covered_to = longest[1]
                continue
            hit = plain(candidates, group, layout)
            if hit is None:
                pending.append(first)
                continue
            hits.append(hit)
            covered_to = hit.last
        covered = None
        if pending:
            hits, covered = self._contextual(pending, candidates, by_first, hits, layout)
        if covered is None:
            covered = bytearray(len(tokens.keys))
            for hit in hits:
                covered[hit.first : hit.last + 1] = b"\x01" * (hit.last - hit.first + 1)
        hits = self._verb_phrases(hits, layout, covered)
        if self.fuzzy:
            hits = self._near_misses(hits, layout, covered)
        return hits, layout, self._widen(hits, layout)

    def _verb_phrases(self, hits: list[_Hit], layout: TextLayout, covered: bytearray) -> list[_Hit]:
        """``hits`` with the verb phrases that state a skill over open tokens added
        ("administered medications": see ``verb_phrases``); marks their tokens covered."""
        tokens = layout.tokens
        found = verb_phrases(tokens, covered, self.taxonomy.matcher)
        if not found:
            return hits
        confidence = _CONFIDENCE[_VARIANT]
        added = [
            _Hit(first, last, entry, _VARIANT, confidence, "verb_phrase")
            for first, last, entry in found
        ]
        return sorted([*hits, *added], key=lambda h: h.first)

    def _plain(self, candidates: list[Candidate], group: range, layout: TextLayout) -> _Hit | None:
        """Longest candidate of ``group`` (positions in ``candidates``) with an entry that
        needs no context."""
        tokens = layout.tokens
        for index in reversed(group):
            candidate = candidates[index]
            one_token = candidate.first == candidate.last
            for entry in candidate.entries:
                _, authored, kind, ambiguity = entry
                # _fits can only reject an entry in these cases (see there).
                if (
                    (one_token and len(authored) > 1 and authored.isupper())
                    or ambiguity is _CONTEXT
                    or kind is _VARIANT
                ) and not self._fits(entry, candidate, layout):
                    continue
                if ambiguity is _NONE:
                    return _Hit(candidate.first, candidate.last, entry, kind,
                                _CONFIDENCE[kind], "")  # fmt: skip
                if (
                    ambiguity is _CASE
                    and _case_ok(tokens.surface(candidate.first, candidate.last), entry.surface)
                    and (
                        not layout.sentence_initial(candidate.first)
                        or _whole_item(layout, candidate, opening=False)
                    )
                    and not _glued(layout, candidate)
                ):
                    return _Hit(candidate.first, candidate.last, entry, entry.kind,
                                _REASON_CONFIDENCE["capitalisation"], "capitalisation")  # fmt: skip
        return None

    def _fits(self, entry: AliasEntry, candidate: Candidate, layout: TextLayout) -> bool:
        """The written form can stand for this entry at all, whatever the context.

        - An acronym authored in capitals ("SAN", "ADLS", "RAPIDS", "SOLID") is not the same
          word written otherwise: "San Diego", "ADLs" (a plural of ADL), "Cedar Rapids",
          "Solid understanding". Lower case (tag style, "sql") and Title case of a longer
          acronym that is no English word and not inside a proper name ("Json") still count.
        - A two-letter state code after a place ("Portland, OR") is an address.
        - A name marked "~" followed by a capitalised word that is no skill ("Parcel
          Platform") is part of a proper name.
        - A hyphenated code joined into a number with a unit letter ("8-K" as "8K") is a
          quantity.
        - The plural of a person noun ("pharmacists", "respiratory therapists") names other
          people to work with, not the candidate's own field.
        """
        authored = entry.surface
        tokens = layout.tokens
        first = candidate.first
        if first == candidate.last and authored.isupper() and len(authored) > 1:
            written = tokens.text[tokens.starts[first] : tokens.ends[first]]
            # Written as authored (the usual case) is always fine: skip the call.
            if written != authored and not _acronym_ok(layout, first, written, authored):
                return False
            if written in _US_STATES and _after_place(layout, first):
                return False
        after = candidate.last + 1
        if (
            entry.ambiguity is _CONTEXT
            and after < len(tokens.seps)
            and tokens.seps[after] == " "  # _in_proper_name needs a word right after
            and _in_proper_name(layout, candidate)
        ):
            return False
        if entry.kind is _VARIANT:
            last_word = authored.rsplit(" ", 1)[-1].lower()
            written_last = tokens.keys[candidate.last]
            if _QUANTITY.fullmatch(written_last):
                return False  # "8-K" joined reads as a quantity: "from 8K to 31K followers"
            if (
                written_last != last_word
                and written_last.endswith("s")
                and last_word.endswith(_PERSON_ENDINGS)
                and self._facts.types[entry.concept] is not _TOOL
            ):
                return False
        return True

    def _contextual(
        self,
        pending: list[int],
        candidates: list[Candidate],
        by_first: dict[int, range],
        hits: list[_Hit],
        layout: TextLayout,
    ) -> tuple[list[_Hit], bytearray]:
        """Hits with the context-dependent ones added, and the tokens all of them cover."""
        covered = bytearray(len(layout.tokens))
        starts = layout.tokens.starts
        hit_starts = []
        for hit in hits:
            first, last = hit.first, hit.last
            if first == last:  # most hits are one token: skip the slice and bytes object
                covered[first] = 1
            else:
                covered[first : last + 1] = b"\x01" * (last - first + 1)
            hit_starts.append(starts[first])
        facts = self._facts
        by_segment: dict[tuple[int, int], _Segment] = {}
        accepted: list[_Hit] = []
        hopeful: list[tuple[tuple[int, int], _Hit]] = []
        for first in pending:
            segment = layout.segment_of(starts[first])
            known = by_segment.get(segment)
            if known is None:
                begin, end = layout.segment_bounds(segment)
                # Hits are in text order, so the segment's hits are a slice.
                segment_hits = hits[bisect_left(hit_starts, begin) : bisect_left(hit_starts, end)]
                families = [facts.family(hit.entry.concept) for hit in segment_hits]
                known = by_segment[segment] = _Segment(
                    segment, segment_hits, families, [h.first for h in segment_hits]
                )
            for index in reversed(by_first[first]):
                candidate = candidates[index]
                if any(covered[candidate.first : candidate.last + 1]) or _glued(layout, candidate):
                    continue
                decided = self._decide(candidate, layout, known)
                if decided is None:
                    continue
                if decided.reason == "":
                    hopeful.append((segment, decided))
                    continue
                accepted.append(decided)
                covered[candidate.first : candidate.last + 1] = b"\x01" * (
                    candidate.last - candidate.first + 1
                )
                break
        if hopeful:
            accepted.extend(self._mutual(hopeful, covered))
        if not accepted:
            return hits, covered
        return sorted([*hits, *accepted], key=lambda h: h.first), covered

    def _decide(
        self,
        candidate: Candidate,
        layout: TextLayout,
        known: _Segment,
    ) -> _Hit | None:
        """A hit with its reason, a hit with reason "" (case fits, no support yet), or None.

        Entries are tried in rank order; an accepted one with a skill of its category (or
        linked to it) in the segment wins at once, so a form shared by several concepts
        reads as the one its list is about ("HR policy, ER, onboarding": Employee
        Relations, not the emergency room)."""
        segment = known.segment
        tokens = layout.tokens
        first, last, entries = candidate
        offset = tokens.starts[first]
        surface = tokens.text[offset : tokens.ends[last]]
        key = tokens.keys[first]
        one_token = first == last
        single_letter = one_token and len(key) == 1
        initial = layout.sentence_initial(first)
        facts = self._facts
        commons = common_words()
        # A form several concepts mark "~" ("ER", "CSM", "MDM") is the first accepted
        # concept with a skill of its category, or linked to it, in the segment; failing
        # that, the first accepted, then the first hopeful.
        fallback: _Hit | None = None
        for entry in entries:
            concept_index, authored, kind, ambiguity = entry
            strict = ambiguity is _CONTEXT
            # _fits can only reject an entry in these cases (see there).
            if (
                (one_token and len(authored) > 1 and authored.isupper())
                or strict
                or kind is _VARIANT
            ) and not self._fits(entry, candidate, layout):
                continue
            case_ok = _case_ok(surface, authored)
            if not case_ok and one_token and authored.isupper() and key in commons:
                continue  # an acronym that spells a word ("CAN", "SOC") only counts in capitals
            concept = facts.concepts[concept_index]
            family = facts.family(concept_index)
            # Lists and zones need a skill of the same field in the sentence; prose needs a
            # closer bond for surfaces marked "~": the same category or a taxonomy link.
            same, has_same = self._same(known, first, concept_index, concept, family)
            listed = has_same and self._list_like(layout, known)
            # An everyday word in lower case ("teams", "excel") is only a skill in a list.
            everyday = not case_ok and one_token and key in commons
            concept_type = facts.types[concept_index]
            named_thing = strict and concept_type is _TOOL
            reason = ""
            if concept_type is _LANGUAGE and _language_cue_near(tokens.keys, candidate):
                reason = "neighbours"  # "fluency in english", "written and spoken english"
            elif single_letter:
                if listed or (has_same and layout.in_skill_zone(offset, segment)):
                    reason = "skills_list"
                elif (
                    surface == authored
                    and not initial
                    and self._near(same, first, concept, family, strict)
                ):
                    reason = "neighbours"
            elif (
                layout.in_skill_zone(offset, segment)
                and (not everyday or _own_item(layout, candidate, segment))
                and (
                    (self._list_like(layout, known) and (has_same or not named_thing))
                    or (has_same and not everyday)
                    or (not named_thing and layout.segment_words(segment) <= 3)
                )
            ):
                # A name marked "~" ("Chef", "Resolve", "Access") is an everyday word or
                # another trade's term even in a skills list: it needs a skill of its field
                # there. An everyday word in lower case must be the whole item ("IV access"
                # is not Access).
                reason = "skills_section"
            elif listed and (not everyday or _whole_item(layout, candidate)):
                reason = "skills_list"
            elif has_same and (case_ok or not everyday):
                near = self._near(same, first, concept, family, strict)
                if near and (
                    case_ok
                    or any(abs(h.first - first) <= 3 and self._tag_style(layout, h) for h in near)
                ):
                    reason = "neighbours"
            if reason:
                hit = _Hit(first, last, entry, kind, _REASON_CONFIDENCE[reason], reason)
                if len(entries) == 1 or any(
                    self._supports(h, concept, family, True) for h in known.hits
                ):
                    return hit
                if fallback is None or fallback.reason == "":
                    fallback = hit
            elif fallback is None and not single_letter and not initial and case_ok:
                fallback = _Hit(first, last, entry, kind, 0.0, "")
        return fallback

    def _same(
        self, known: _Segment, first: int, index: int, concept: Concept, family: str
    ) -> tuple[list[_Hit], bool]:
        """The segment's hits of the field of concept ``index`` or linked to it that lie
        within the window of token ``first``, and whether the segment has any such hit.

        The rules read only those two answers: listing every such hit of the segment for
        every candidate made one long sentence quadratic (a 200,000-character line took half
        a minute). Whether there is any is remembered per segment and concept.
        """
        hits, families = known.hits, known.families
        low = bisect_left(known.firsts, first - _WINDOW)
        high = bisect_right(known.firsts, first + _WINDOW)
        near = [
            hits[i]
            for i in range(low, high)
            if families[i] == family or self._linked(hits[i], concept)
        ]
        if near:
            return near, True
        found = known.any_same.get(index)
        if found is None:
            found = known.any_same[index] = any(
                field == family or self._linked(hit, concept)
                for hit, field in zip(hits, families, strict=True)
            )
        return near, found

    def _near(
        self, same: list[_Hit], first: int, concept: Concept, family: str, strict: bool
    ) -> list[_Hit]:
        """The hits of ``same`` within the window of token ``first`` that support ``concept``
        closely enough: any of its field, or for a surface marked "~" (``strict``) one of its
        category or linked to it."""
        return [
            h
            for h in same
            if abs(h.first - first) <= _WINDOW
            and (not strict or self._supports(h, concept, family, True))
        ]

    def _supports(self, hit: _Hit, concept: Concept, family: str, strict: bool) -> bool:
        """``hit`` is of the concept's field (its category when ``strict``) or linked to it."""
        facts = self._facts
        index = hit.entry.concept
        if strict:
            if facts.concepts[index].category == concept.category:
                return True
        elif facts.family(index) == family:
            return True
        return self._linked(hit, concept)

    def _linked(self, hit: _Hit, concept: Concept) -> bool:
        """The taxonomy links ``hit``'s concept and ``concept`` (related, broader, siblings)."""
        facts = self._facts
        index = hit.entry.concept
        other = facts.concepts[index]
        return (
            other.id in concept.related
            or other.id in concept.broader
            or concept.id in other.broader
            or not facts.broader(index).isdisjoint(concept.broader)
        )

    def _tag_style(self, layout: TextLayout, hit: _Hit) -> bool:
        """A tool written in lower case though its name has capitals ("java", "aws")."""
        written = layout.tokens.surface(hit.first, hit.last)
        return (
            written.islower()
            and not hit.entry.surface.islower()
            and self._facts.types[hit.entry.concept] is _TOOL
            and layout.tokens.keys[hit.first] not in common_words()
        )

    def _list_like(self, layout: TextLayout, known: _Segment) -> bool:
        """The segment reads as a list: separated short items, a skills label, or dense
        with skills (worked out on first need: most prose candidates never ask)."""
        if known.list_like is None:
            known.list_like = layout.is_list_segment(known.segment) or self._dense(
                layout, known.segment, known.hits
            )
        return known.list_like

    def _dense(
        self, layout: TextLayout, segment: tuple[int, int], segment_hits: list[_Hit]
    ) -> bool:
        """Two or more skills covering at least 40% of the segment's word tokens."""
        if len(segment_hits) < 2:
            return False
        start, end = layout.segment_bounds(segment)
        starts = layout.tokens.starts
        first, last = bisect_right(starts, start - 1), bisect_right(starts, end - 1)
        words = layout.word_tokens(first, last)
        covered = sum(h.last - h.first + 1 for h in segment_hits)
        return words > 0 and covered * 5 >= words * 2

    def _mutual(
        self, hopeful: list[tuple[tuple[int, int], _Hit]], covered: bytearray
    ) -> list[_Hit]:
        """Capitalised ambiguous tool names in one sentence support each other ("Rust and Go")."""
        accepted = []
        facts = self._facts
        # A peer is another hopeful hit of the field in the sentence within the window: the
        # first tokens of each sentence's hopeful tech hits, sorted, answer that with two
        # bisections (a scan of every hopeful hit per hit made one long sentence quadratic).
        tech_firsts: dict[tuple[int, int], list[int]] = {}
        for segment, hit in hopeful:
            if facts.family(hit.entry.concept) == "tech":
                tech_firsts.setdefault(segment, []).append(hit.first)
        for firsts in tech_firsts.values():
            firsts.sort()
        for segment, hit in hopeful:
            if any(covered[hit.first : hit.last + 1]):
                continue
            family = facts.family(hit.entry.concept)
            if family != "tech" or facts.types[hit.entry.concept] is not _TOOL:
                continue
            firsts = tech_firsts[segment]  # holds this hit's own first token too
            window = bisect_right(firsts, hit.first + _WINDOW)
            if window - bisect_left(firsts, hit.first - _WINDOW) > 1:
                hit.reason = "mutual"
                hit.confidence = _REASON_CONFIDENCE["mutual"]
                accepted.append(hit)
        for hit in accepted:
            covered[hit.first : hit.last + 1] = b"\x01" * (hit.last - hit.first + 1)
        return accepted

    def _near_misses(self, hits: list[_Hit], layout: TextLayout, covered: bytearray) -> list[_Hit]:
        """Fuzzy and joined-word matches in skills zones, list sentences and skill lists.

        ``covered`` marks the tokens of ``hits``; the near misses found are marked too.
        """
        tokens = layout.tokens
        keys = tokens.keys
        matcher = self.taxonomy.matcher
        commons = common_words()

        knows = matcher.knows

        def worth_trying(index: int) -> bool:
            # Whether a token can be a near miss never changes once it is covered or not
            # a plausible word, so such tokens never enter the queue.
            key = keys[index]
            return not (
                covered[index] or len(key) < 4 or not key.isalpha() or key in commons or knows(key)
            )

        # Only tokens beside a skill across list joiners are tried; a near miss found joins
        # the list, so its own neighbours are tried next ("Python, Javscript, Kubernates").
        queue = sorted(
            i
            for i in _first_neighbours(hits, keys, covered)
            # worth_trying, inline: this tests every open token beside every hit.
            if len(key := keys[i]) >= 4 and key.isalpha() and key not in commons and not knows(key)
        )
        if not queue:
            return hits
        seen: set[int] = set()
        near_miss = self._facts.near_miss
        found: list[_Hit] = []
        while queue:
            index = heapq.heappop(queue)
            if index in seen:
                continue
            seen.add(index)
            key = keys[index]
            if covered[index]:
                continue
            joined = None
            if index + 1 < len(keys) and not covered[index + 1] and keys[index + 1].isalpha():
                joined = matcher.lookup([key + keys[index + 1]])
            if joined and joined[0].ambiguity is _NONE:
                hit = _Hit(index, index + 1, joined[0], _FUZZY, 0.7, "joined")
                found.append(hit)
                covered[index : index + 2] = b"\x01\x01"
                for neighbour in _list_neighbours([hit], keys, covered):
                    if worth_trying(neighbour):
                        heapq.heappush(queue, neighbour)
                continue
            # A word met again gets the same answer: the matcher does not change.
            best = near_miss(key)
            if best is None:
                continue
            entries = matcher.lookup([best[0]])
            entry = next((e for e in entries if e.ambiguity is _NONE), None)
            if entry is not None:
                confidence = round(0.5 + (best[1] - 80.0) / 100.0, 3)
                hit = _Hit(index, index, entry, _FUZZY, confidence, f"fuzzy:{best[1]:.0f}")
                found.append(hit)
                covered[index] = 1
                for neighbour in _list_neighbours([hit], keys, covered):
                    if worth_trying(neighbour):
                        heapq.heappush(queue, neighbour)
        return sorted([*hits, *found], key=lambda h: h.first) if found else hits

    def _widen(self, hits: list[_Hit], layout: TextLayout) -> set[int]:
        """Set character bounds, widened over a version number or a vendor name for tools.

        Returns the tokens the hits cover before widening.
        """
        tokens = layout.tokens
        keys, seps, starts, ends = tokens.keys, tokens.seps, tokens.starts, tokens.ends
        types = self._facts.types
        accelerator = rules_native()
        if accelerator is not None:
            widened = accelerator.widen(
                hits, keys, seps, starts, ends, types, _TOOL, _FUZZY, _GENERIC_TAILS,
                _NOT_VERSION_AFTER, VENDORS,
            )  # fmt: skip
            if widened is not None:
                return widened
        count = len(keys)
        taken: set[int] = set()
        for hit in hits:  # most hits are one token: no range to build
            if hit.first == hit.last:
                taken.add(hit.first)
            else:
                taken.update(range(hit.first, hit.last + 1))
        for hit in hits:
            first, last = hit.first, hit.last
            # A generic head noun right after a skill belongs to its name as people read it
            # ("cloud technologies", "Spring framework", "Agile methodologies"): evidence
            # quotes the whole phrase. Measured on SkillSpan train, annotators include these
            # nouns more often than not; "environment", "design" and "practices" are even.
            after = last + 1
            if (
                after < count
                and seps[after] == " "
                and keys[after] in _GENERIC_TAILS
                and after not in taken
                and hit.kind is not _FUZZY
            ):
                last = after
            if types[hit.entry.concept] is _TOOL:
                after = last + 1
                if (
                    after < count
                    and (seps[after] == " " or seps[after] == "")
                    and after not in taken
                    and _VERSION.match(keys[after])
                    and (after + 1 >= count or keys[after + 1] not in _NOT_VERSION_AFTER)
                ):
                    last = after
                before = first - 1
                if (
                    before >= 0
                    and seps[first] == " "
                    and keys[before] in VENDORS
                    and before not in taken
                ):
                    first = before
            hit.start, hit.end = starts[first], ends[last]
        return taken

    # -- assembly ------------------------------------------------------------------------------

    def _occurrences(
        self,
        hits: list[_Hit],
        layout: TextLayout,
        skill_tokens: set[int],
        document: Document | None,
        sections: list[_Region] | None,
        positions: list[tuple[_Region, PositionLike]],
        owner: tuple[int, int] | None = None,
    ) -> dict[int, list[Occurrence]]:
        """One ``Occurrence`` per hit, with its assertion, section and position, grouped by
        concept (in order of first occurrence).

        ``skill_tokens`` are the tokens the hits cover; ``owner`` is where a parsed resume
        found its owner's name, which names no skill.
        """
        if not hits:
            return {}
        text = layout.text
        keys, seps = layout.tokens.keys, layout.tokens.seps
        scopes = assertion_scopes(text, keys, layout.tokens.starts)
        # Legal and benefits blocks, e-mail addresses and links, and people's names: what
        # they hold is no claim of a skill.
        dropped = (
            boilerplate_spans(text)
            + benefit_spans(text)
            + link_spans(text)
            + honorific_name_spans(text, keys)
        )
        # A person's name on the first line ("Emma Jenkins") holds no skill claim.
        name = name_line_span(text, layout.tokens.starts, keys, skill_tokens)
        if name is not None:
            dropped.append(name)
        if owner is not None:
            dropped.append(owner)
        found = hits  # the language rules read every hit, dropped or not
        if len(dropped) > _FEW_RANGES:
            # Many ranges (a contact list, hostile text): drop their hits here once, by
            # bisection, rather than test every hit against every range on either path.
            hits = _outside(hits, dropped)
            dropped = []
        title_end = title_line_end(text)
        page_starts = [p.start for p in document.pages] if document is not None else []
        page_numbers = [p.number for p in document.pages] if document is not None else []
        position_regions = [region for region, _ in positions]
        types = self._facts.types
        language_rejected = _language_test(self, found, layout, sections)
        accelerator = native()
        if accelerator is not None:
            grouped = accelerator.occurrences(
                hits, text, keys, seps, skill_tokens, types, scopes, dropped, title_end,
                page_starts, page_numbers, _bounds(sections or [], str),
                _bounds(position_regions, int), language_rejected, _native_context(),
            )  # fmt: skip
            if grouped is not None:
                return grouped
        # Most hits lie outside every scope: test the range they span before the list.
        scopes_from = scopes[0][0] if scopes else 0
        scopes_to = max(end for _, end, _ in scopes) if scopes else 0
        new_model = model_builder()
        out: dict[int, list[Occurrence]] = {}
        count = len(keys)
        for hit in hits:
            start_at = hit.start
            if dropped and any(start <= start_at < end for start, end in dropped):
                continue
            concept = hit.entry.concept
            if types[concept] is _LANGUAGE and language_rejected(hit):
                continue
            assertion = _CLAIMED
            if scopes_from <= start_at < scopes_to:
                for start, end, kind in scopes:
                    if start <= start_at < end:
                        assertion = kind
                        break
            if assertion is _CLAIMED:
                # The role tests can only succeed with a role noun in the next five tokens
                # (an organisation noun right after), or a title head (or "of") before;
                # most hits fail both at a glance.
                after, before = hit.last + 1, hit.first - 1
                if (
                    start_at < title_end
                    or (
                        after < count
                        and (
                            keys[after] in ORG_NOUNS
                            or not ROLE_NOUNS.isdisjoint(keys[after : after + 5])
                        )
                        and ends_in_role(keys, seps, after, skill_tokens)
                    )
                    or (
                        before >= 0
                        and (keys[before] == "of" or keys[before] in TITLE_HEADS)
                        and starts_after_role(keys, seps, hit.first)
                    )
                ):
                    assertion = _ROLE
            page = None
            if page_starts:
                slot = bisect_right(page_starts, start_at) - 1
                page = page_numbers[slot] if slot >= 0 else None
            section = _region_at(sections, start_at) if sections else None
            position = _region_at(position_regions, start_at) if positions else None
            occurrence = new_model(
                Occurrence,
                {
                    "span": new_model(Span, {"start": start_at, "end": hit.end, "page": page}),
                    "surface": text[start_at : hit.end],
                    "section_kind": None if section is None else str(section),
                    "position_index": None if position is None else int(position),
                    "match": hit.kind,
                    "assertion": assertion,
                    "confidence": hit.confidence,
                    "reason": hit.reason,
                },
            )
            group = out.get(concept)
            if group is None:
                out[concept] = [occurrence]
            else:
                group.append(occurrence)
        return out

    def _language_claim(
        self,
        hit: _Hit,
        hits: list[_Hit],
        layout: TextLayout,
        sections: list[_Region] | None,
    ) -> bool:
        """A language name asks for or claims the language, not a nationality or a name.

        "Danish company", "a Spanish restaurant" or a surname ("Castellano") name no
        language skill. A language counts in a skills or languages section, a list, as a
        whole line or item, beside another language ("English and Spanish"), followed by a
        level in brackets, or with a cue in its sentence ("fluent", "speak", "native",
        "written", "B2", "proficiency", "required").
        """
        if sections is not None:
            kind = _region_at(sections, hit.start)
            if kind is not None and ("language" in str(kind) or "skill" in str(kind)):
                return True
        tokens = layout.tokens
        keys = tokens.keys
        after = hit.last + 1
        if (
            after + 1 < len(keys)
            and keys[after] == "("
            and "\n" not in tokens.seps[after]
            and keys[after + 1] in _LANGUAGE_CUES
        ):
            return True  # a level in brackets: "Danish (B2)", "English (native)"
        if layout.in_skill_zone(hit.start):
            return True
        segment = layout.segment_of(hit.start)
        if layout.is_list_segment(segment):
            return True
        candidate = Candidate(hit.first, hit.last, (hit.entry,))
        if _whole_item(layout, candidate):
            return True
        start, end = layout.segment_bounds(segment)
        starts = tokens.starts
        first, last = bisect_right(starts, start - 1), bisect_right(starts, end - 1)
        if any(keys[i] in _LANGUAGE_CUES for i in range(first, last)):
            return True
        concepts = self._facts.concepts
        return any(
            other.entry.concept != hit.entry.concept
            and start <= other.start < end
            and concepts[other.entry.concept].type is _LANGUAGE
            for other in hits
        )

    def _mentions(
        self,
        grouped: dict[int, list[Occurrence]],
        positions: list[tuple[_Region, PositionLike]],
        is_resume: bool,
        as_of: date | None,
    ) -> list[SkillMention]:
        ref = self.taxonomy.ref
        concepts = self._facts.concepts
        keep_unclaimed = self.keep_unclaimed
        months_of = _months_of(positions, as_of)
        accelerator = native()
        if accelerator is not None:
            built = accelerator.mentions(
                grouped, concepts, keep_unclaimed, is_resume, ref, months_of,
                _native_context(),
            )  # fmt: skip
            if built is not None:
                return built
        new_model = model_builder()
        mentions = []
        for concept_index, found in grouped.items():
            if len(found) == 1:  # the usual case: skip the list and generator machinery
                claimed = found if found[0].assertion is _CLAIMED else []
            else:
                claimed = [o for o in found if o.assertion is _CLAIMED]
            if not claimed and not keep_unclaimed:
                continue
            concept = concepts[concept_index]
            if not claimed:
                confidence = 0.0
            elif len(claimed) == 1:
                confidence = min(0.99, claimed[0].confidence)
            else:
                best = max(o.confidence for o in claimed)
                confidence = min(0.99, best + 0.02 * (len(claimed) - 1))
            months = last = None
            section_only = False
            if is_resume and claimed:
                used = {
                    o.position_index
                    for o in found
                    if o.position_index is not None and o.assertion in (_CLAIMED, _ROLE)
                }
                if used:
                    months, last = months_of(used)
                claimed_sections = [o.section_kind for o in claimed]
                section_only = not used and all(
                    kind is not None and "skill" in kind for kind in claimed_sections
                )
            mentions.append(
                new_model(
                    SkillMention,
                    {
                        "schema_version": SCHEMA_VERSION,
                        "concept_id": concept.id,
                        "label": concept.label,
                        "type": concept.type,
                        "category": concept.category,
                        "surface": (claimed or found)[0].surface,
                        "occurrences": tuple(found),
                        "confidence": round(confidence, 3),
                        "source": "taxonomy",
                        "taxonomy": ref,
                        "negated": not claimed and any(o.assertion is _NEGATED for o in found),
                        "aspirational": not claimed
                        and all(o.assertion is _ASPIRATIONAL for o in found),
                        "role_only": not claimed and all(o.assertion is _ROLE for o in found),
                        "skills_section_only": section_only,
                        "months_used": months,
                        "last_used": last,
                    },
                )
            )
        return mentions


# What the accelerator of _occurrences and _mentions (``_native.c``) is handed besides the
# per-text inputs; each function below is called back from C as from the Python loops.


def _language_test(
    extractor: TaxonomyExtractor,
    hits: list[_Hit],
    layout: TextLayout,
    sections: list[_Region] | None,
) -> Callable[[_Hit], bool]:
    """The test a hit of a language concept fails to be kept: the language is asked of an
    applicant ("applications in English"), or the name claims no language (``_language_claim``)."""
    text = layout.text

    def rejected(hit: _Hit) -> bool:
        return application_language(text, hit.start, hit.end) or not extractor._language_claim(
            hit, hits, layout, sections
        )

    return rejected


def _months_of(
    positions: list[tuple[_Region, PositionLike]], as_of: date | None
) -> Callable[[set[int]], tuple[int | None, str | None]]:
    """Months used and last used of a skill over the positions of ``used`` indices."""

    def months(used: set[int]) -> tuple[int | None, str | None]:
        when = as_of or date.today()
        return months_and_last([p for region, p in positions if region.label in used], as_of=when)

    return months


_Label = TypeVar("_Label", str, int)


def _bounds(
    regions: Sequence[_Region], label: Callable[[str | int], _Label]
) -> list[tuple[int, int, _Label | None]]:
    """Regions as (start, end, label as ``_occurrences`` writes it), for the accelerator."""
    return [(r.start, r.end, None if r.label is None else label(r.label)) for r in regions]


@functools.cache
def _native_context() -> tuple[object, ...]:
    """The classes, constants and rules the accelerator uses, in its order (``_native.c``).

    Asked for only on the accelerated path, where ``model_builder()`` is always the same.
    """
    return (
        _Hit, model_builder(), Occurrence, Span, SkillMention, _LANGUAGE,
        _CLAIMED, _ROLE, _NEGATED, _ASPIRATIONAL, ORG_NOUNS, ROLE_NOUNS, TITLE_HEADS,
        ends_in_role, starts_after_role, "of", SCHEMA_VERSION, "taxonomy", round, Concept,
        AliasEntry,
    )  # fmt: skip


_LIST_JOINERS = frozenset({",", "/", "|", ";", "&", "and", "or", "•", "·"})


def _first_neighbours(hits: list[_Hit], keys: list[str], covered: bytearray) -> set[int]:
    """``_list_neighbours`` of all of a text's hits, in C when the accelerator is built."""
    accelerator = rules_native()
    if accelerator is not None:
        found = accelerator.list_neighbours(hits, keys, covered, _LIST_JOINERS)
        if found is not None:
            return found
    return _list_neighbours(hits, keys, covered)


def _list_neighbours(hits: list[_Hit], keys: list[str], covered: bytearray) -> set[int]:
    """Tokens next to a hit, across at most two list joiners ("Python, Javscript"), that
    no hit covers (``covered`` marks those that one does).

    In a list most neighbours are the next skill: leaving them out here spares the set
    and the caller's tests for them.
    """
    near: set[int] = set()
    count = len(keys)
    joiners = _LIST_JOINERS
    # Both sides written out: this runs for every hit of every text, and a loop over the
    # two directions took two and a half times as long.
    for hit in hits:
        index = hit.last + 1
        if index < count and keys[index] in joiners:
            index += 1
            if index < count and keys[index] in joiners:
                index += 1
        if index < count and not covered[index]:
            near.add(index)
        index = hit.first - 1
        if index >= 0 and keys[index] in joiners:
            index -= 1
            if index >= 0 and keys[index] in joiners:
                index -= 1
        if index >= 0 and not covered[index]:
            near.add(index)
    return near


def _region_at(regions: Sequence[_Region], offset: int) -> str | int | None:
    for region in regions:
        if region.start <= offset < region.end:
            return region.label
    return None


_SURE_NAME = 0.8
"""The contact parser's name confidence from which extraction drops skills in the name."""


def _owner_name(resume: object) -> tuple[int, int] | None:
    """Where a parsed resume's contact block found its owner's name ("Name: Emma Jenkins"),
    if it is sure of it: ``resume.contact.name.span`` with ``name_confidence`` of at least
    ``_SURE_NAME`` (a weaker guess can be a title: "HR Generalist"). Read with
    ``getattr``: a ``ResumeLike`` need not carry contact details."""
    contact = getattr(resume, "contact", None)
    confidence = getattr(contact, "name_confidence", None)
    if not isinstance(confidence, float) or confidence < _SURE_NAME:
        return None
    span = getattr(getattr(contact, "name", None), "span", None)
    start, end = getattr(span, "start", None), getattr(span, "end", None)
    if type(start) is int and type(end) is int and 0 <= start < end:
        return start, end
    return None


_FEW_RANGES = 8
"""Up to this many dropped ranges, each hit is tested against each (the usual case)."""


def _outside(hits: list[_Hit], ranges: list[tuple[int, int]]) -> list[_Hit]:
    """The hits that start in none of ``ranges``, found by bisection over the merged ranges
    (what ``any(start <= hit.start < end for start, end in ranges)`` keeps out)."""
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(ranges):
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    kept = []
    for hit in hits:
        slot = bisect_right(starts, hit.start) - 1
        if slot < 0 or hit.start >= ends[slot]:
            kept.append(hit)
    return kept


def _family(concept: Concept) -> str:
    if concept.category in _TECH or concept.source == "onet":
        return "tech"
    return concept.category or concept.source


def _case_ok(surface: str, authored: str) -> bool:
    """The text keeps the authored capitalisation ("Excel" for "Excel", "AI" for "AI")."""
    if surface.startswith(authored):
        return True
    return (
        authored.isupper()
        and surface.isupper()
        and surface.casefold().startswith(authored.casefold())
    )


def _glued(layout: TextLayout, candidate: Candidate) -> bool:
    """A surface fused to a hyphen or ampersand compound ("Go-to-market", "C-level", "R&D")."""
    tokens = layout.tokens
    end = tokens.ends[candidate.last]
    start = tokens.starts[candidate.first]
    text = tokens.text
    return bool(_GLUE.match(text, end)) or (
        start >= 2 and text[start - 1] in "-&" and text[start - 2].isalpha()
    )


_LANGUAGE_CUES = frozenset(
    "fluent fluency fluently speak speaks speaking spoken speaker speakers native mother tongue "
    "bilingual multilingual trilingual language languages proficient proficiency level levels "
    "written verbal oral conversational command read write reading writing communicate "
    "communication translate translation translator interpreter interpreting a1 a2 b1 b2 c1 "
    "c2 cefr mandatory required must plus preferred basic intermediate advanced excellent "
    "knowledge skills professional working limited elementary beginner full".split()
)
_QUANTITY = re.compile(r"\d+[kmb]")


def _language_cue_near(keys: list[str], candidate: Candidate) -> bool:
    """A language cue word within three tokens of a language name ("fluent in english")."""
    before = keys[max(0, candidate.first - 3) : candidate.first]
    after = keys[candidate.last + 1 : candidate.last + 4]
    return any(key in _LANGUAGE_CUES for key in (*before, *after))


_PERSON_ENDINGS = ("ist", "ian", "ee", "tant", "dant", "cant", "pant", "dent", "gent")
_ITEM_BREAKS = frozenset({",", ";", "|", "/", "•", "·", ":", "(", ")", ".", "and", "or", "&"})


def _whole_item(layout: TextLayout, candidate: Candidate, *, opening: bool = True) -> bool:
    """The candidate is a whole list item or line ("- Tableau", "Nice to have: Tableau").

    With ``opening`` False an opening bracket does not start an item: "Developer (React)"
    names a role's stack rather than listing a skill.
    """
    tokens = layout.tokens
    keys, seps = tokens.keys, tokens.seps
    first, after = candidate.first, candidate.last + 1
    before_ok = (
        first == 0
        or "\n" in seps[first]
        or (keys[first - 1] in _ITEM_BREAKS and (opening or keys[first - 1] != "("))
    )
    after_ok = (
        after >= len(keys)
        or "\n" in seps[after]
        or (keys[after] in _ITEM_BREAKS and (opening or keys[after] != "("))
    )
    return before_ok and after_ok


def _own_item(layout: TextLayout, candidate: Candidate, segment: tuple[int, int]) -> bool:
    """An everyday word in a skills zone stands as its own item: a whole item of a
    separated list, or any word of a tag line without separators ("Technologies: cloud
    java spring")."""
    if _whole_item(layout, candidate):
        return True
    start, end = layout.segment_bounds(segment)
    return _ITEM_SEPARATORS.search(layout.text, start, end) is None


_ITEM_SEPARATORS = re.compile(r"[,;|•·▪●◦\t]")


_US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
    "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC".split()
)
_NAME_TAILS = frozenset(
    {"skills", "experience", "knowledge", "certification", "certified", "expert", "basics"}
)


def _after_place(layout: TextLayout, index: int) -> bool:
    """Token ``index`` follows a capitalised place name, with or without a comma."""
    before = index - 1
    if before >= 0 and layout.tokens.keys[before] == ",":
        before -= 1
    return (
        "\n" not in layout.tokens.seps[before + 1]
        and _capitalised_word(layout, before)
        and not _capitalised_word(layout, index + 1)
    )


def _in_proper_name(layout: TextLayout, candidate: Candidate) -> bool:
    """The next word is capitalised and no part of a skill name ("Parcel Platform")."""
    after = candidate.last + 1
    keys = layout.tokens.keys
    return (
        after < len(keys)
        and layout.tokens.seps[after] == " "
        and _capitalised_word(layout, after)
        and after not in layout.skill_starts
        and keys[after] not in _GENERIC_TAILS
        and keys[after] not in ROLE_NOUNS
        and keys[after] not in _NAME_TAILS
    )


def _capitalised_word(layout: TextLayout, index: int) -> bool:
    if index < 0 or index >= len(layout.tokens.keys):
        return False
    word = layout.tokens.surface(index, index)
    return word[:1].isupper() and word[1:].islower() and word.isalpha()


def _acronym_ok(layout: TextLayout, first: int, written: str, authored: str) -> bool:
    """An acronym authored in capitals may be written as ``written`` here (see ``_fits``)."""
    if written == authored or written.isupper() or written.islower():
        return True
    if written.endswith("s") and written[:-1] == authored:
        return True  # the plural of an acronym: "APIs"
    if not (written[:1].isupper() and written[1:].islower()) or len(authored) <= 3:
        return False  # mixed case ("ADLs" is not ADLS) or a short word ("San")
    seps = layout.tokens.seps
    if written.lower() in common_words():
        return False
    # Inside a run of capitalised words it is part of a proper name ("Cedar Rapids").
    before = first - 1
    return not (
        "\n" not in seps[first]
        and _capitalised_word(layout, before)
        and not layout.sentence_initial(first)
    )
