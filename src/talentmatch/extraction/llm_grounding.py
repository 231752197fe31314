"""Grounding: turn a model's reported skills into mentions a person can check, or drop them.

For each ``{name, quote}`` the model reported: the quote must occur in the visible text the
model saw (``QuoteIndex``) and map back to ``Document.text`` through the redaction; it
must not lie in a passage flagged as injection, nor carry redacted personal data; the name
must resolve to a taxonomy concept (else the skill is kept apart, unmapped); and the quote
must write the concept's name, unless the concept is a hard or soft skill inferable from a
phrase of three words or more. Every drop is counted by reason (``DroppedCounts``).

Example:
    >>> from talentmatch.extraction.llm_prompts import ExtractedSkill
    >>> from talentmatch.safety import screen
    >>> from talentmatch.taxonomy import Taxonomy
    >>> view = SourceView.of("Strong SQL. No experience with Rust.")
    >>> grounding = Grounding(ConceptResolver(Taxonomy.builtin()), True, view, None,
    ...                       screen(view.text), None)
    >>> mentions, _, dropped = grounding.run([ExtractedSkill(name="SQL", quote="Strong SQL"),
    ...     ExtractedSkill(name="Rust", quote="with Rust"),
    ...     ExtractedSkill(name="Go", quote="ten years of Go")], invalid=0)
    >>> [m.label for m in mentions], dropped.unclaimed, dropped.ungrounded
    (['SQL'], 1, 1)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from talentmatch.extraction.assertions import assertion_scopes
from talentmatch.extraction.llm_evidence import (
    NAMED_TYPES,
    ConceptResolver,
    QuoteIndex,
    Resolution,
    injection_regions,
    normalise_quote,
    overlaps,
)
from talentmatch.extraction.llm_mentions import SourceView, mention_from
from talentmatch.extraction.llm_prompts import ExtractedSkill
from talentmatch.extraction.llm_result import DroppedCounts, UnmappedSkill
from talentmatch.models.document import Span
from talentmatch.models.skills import Assertion, MatchKind, Occurrence, SkillMention
from talentmatch.safety.injection import InjectionReport
from talentmatch.safety.redaction import Redaction
from talentmatch.taxonomy.concept import Concept

__all__ = ["Grounding"]

_MIN_INFERRED_WORDS = 3
_WORD = re.compile(r"\w+")
# Fixed priors, not calibrated probabilities: a name written in its quote is strong
# evidence; a skill inferred from a phrase ("led a team of 12") is weaker.
_LITERAL_CONFIDENCE = {"exact": 0.9}
_LITERAL_OTHER = 0.85
_INFERRED_CONFIDENCE = {"exact": 0.6}
_INFERRED_OTHER = 0.55
_NAME_KIND = {"exact": MatchKind.ALIAS, "partial": MatchKind.VARIANT}


class Grounding:
    """Turn validated answer items into grounded mentions for one source.

    Args:
        resolver: maps names to concepts of the taxonomy.
        allow_inferred: accept hard and soft skills shown but not named in their quote.
        view: the source.
        redaction: the redaction the model saw, or None when the text went as is.
        injection: the screening report of the source.
        as_of: the date ongoing positions run to (default today).

    Example:
        >>> from talentmatch.extraction.llm_prompts import ExtractedSkill
        >>> from talentmatch.safety import screen
        >>> from talentmatch.taxonomy import Taxonomy
        >>> view = SourceView.of("Ran k8s clusters")
        >>> grounding = Grounding(ConceptResolver(Taxonomy.builtin()), True, view, None,
        ...                       screen(view.text), None)
        >>> mentions, unmapped, dropped = grounding.run(
        ...     [ExtractedSkill(name="Kubernetes", quote="ran K8S clusters")], invalid=0)
        >>> [(m.label, m.surface) for m in mentions], dropped.total
        ([('Kubernetes', 'k8s')], 0)
    """

    def __init__(
        self,
        resolver: ConceptResolver,
        allow_inferred: bool,
        view: SourceView,
        redaction: Redaction | None,
        injection: InjectionReport,
        as_of: date | None,
    ) -> None:
        self.resolver = resolver
        self.allow_inferred = allow_inferred
        self.view = view
        self.redaction = redaction
        self.as_of = as_of
        self.visible = QuoteIndex(redaction.text if redaction is not None else view.text)
        hidden = view.document.hidden_text if view.document is not None else ""
        self.hidden = QuoteIndex(hidden) if hidden else None
        self.blocked = injection_regions(view.text, injection)
        self.personal = (
            [(r.original_start, r.original_end) for r in redaction.replacements]
            if redaction is not None
            else []
        )
        self.scopes = assertion_scopes(view.text)

    def run(
        self, items: list[ExtractedSkill], invalid: int
    ) -> tuple[tuple[SkillMention, ...], tuple[UnmappedSkill, ...], DroppedCounts]:
        """Ground ``items``: mentions, unmapped skills and drop counts.

        Args:
            items: the validated skills of the answer.
            invalid: items that failed validation (counted, already dropped).

        Returns:
            Mentions in text order, unmapped skills, and the drop counts.
        """
        counts = {"invalid": invalid}
        by_concept: dict[str, tuple[Concept, list[Occurrence]]] = {}
        unmapped: dict[str, tuple[str, list[tuple[int, int]]]] = {}
        seen: set[tuple[str, str]] = set()
        for item in items:
            key = (" ".join(item.name.casefold().split()), normalise_quote(item.quote))
            if key in seen:
                continue
            seen.add(key)
            outcome = self._ground(item)
            if isinstance(outcome, str):
                counts[outcome] = counts.get(outcome, 0) + 1
            elif isinstance(outcome, list):
                name = " ".join(item.name.split())
                unmapped.setdefault(name.casefold(), (name, []))[1].extend(outcome)
                counts["unmapped"] = counts.get("unmapped", 0) + 1
            else:
                concept, occurrences = outcome
                by_concept.setdefault(concept.id, (concept, []))[1].extend(occurrences)
        mentions = []
        for concept, occurrences in by_concept.values():
            mention = mention_from(
                concept,
                occurrences,
                view=self.view,
                source="llm",
                taxonomy_ref=self.resolver.taxonomy.ref,
                as_of=self.as_of,
            )
            if mention is None:
                counts["unclaimed"] = counts.get("unclaimed", 0) + 1
            else:
                mentions.append(mention)
        mentions.sort(key=lambda m: (m.occurrences[0].span.start, m.concept_id))
        kept_unmapped = sorted(
            (
                UnmappedSkill(name=name, evidence=tuple(Span(start=s, end=e) for s, e in spans))
                for name, spans in ((name, sorted(set(found))) for name, found in unmapped.values())
            ),
            key=lambda u: (u.evidence[0].start, u.name),
        )
        return tuple(mentions), tuple(kept_unmapped), DroppedCounts(**counts)

    def _ground(
        self, item: ExtractedSkill
    ) -> str | list[tuple[int, int]] | tuple[Concept, list[Occurrence]]:
        """A drop reason, the spans of an unmapped skill, or the concept and occurrences."""
        found = self.visible.find(item.quote)
        if not found:
            hidden = self.hidden is not None and bool(self.hidden.find(item.quote))
            return "hidden_only" if hidden else "ungrounded"
        spans = [self.redaction.to_original(*s) if self.redaction else s for s in found]
        spans = [s for s in spans if not overlaps(s, self.blocked)]
        if not spans:
            return "injected"
        spans = [t for t in (_trim(s, self.personal, self.view.text) for s in spans) if t]
        if not spans:
            return "unsupported"
        resolution = self.resolver.resolve(item.name)
        if resolution is None:
            return spans
        chosen = self._occurrences(resolution, spans, item.quote)
        return "unsupported" if chosen is None else chosen

    def _occurrences(
        self, resolution: Resolution, spans: list[tuple[int, int]], quote: str
    ) -> tuple[Concept, list[Occurrence]] | None:
        how = resolution.how
        for concept in resolution.concepts:
            written = [
                hit
                for span in spans
                for hit in self.resolver.written_in(concept, self.view.text, span)
                if not overlaps(hit[0], self.personal)
            ]
            if written:
                confidence = _LITERAL_CONFIDENCE.get(how, _LITERAL_OTHER)
                return concept, [
                    self._occurrence(where, kind, confidence, f"llm:{how}")
                    for where, kind in written
                ]
        concept = resolution.concepts[0]
        inferable = concept.type not in NAMED_TYPES and self.allow_inferred
        if not inferable or len(_WORD.findall(quote)) < _MIN_INFERRED_WORDS:
            return None
        kind = MatchKind.FUZZY if how.startswith("fuzzy") else _NAME_KIND.get(how, MatchKind.ALIAS)
        confidence = _INFERRED_CONFIDENCE.get(how, _INFERRED_OTHER)
        return concept, [
            self._occurrence(span, kind, confidence, f"llm_inferred:{how}") for span in spans
        ]

    def _occurrence(
        self, where: tuple[int, int], kind: MatchKind, confidence: float, reason: str
    ) -> Occurrence:
        start, end = where
        assertion = Assertion.CLAIMED
        for begin, stop, scoped in self.scopes:
            if begin <= start < stop:
                assertion = scoped
                break
        return Occurrence(
            span=Span(start=start, end=end, page=self.view.page_at(start)),
            surface=self.view.text[start:end],
            section_kind=self.view.section_at(start),
            position_index=self.view.position_at(start),
            match=kind,
            assertion=assertion,
            confidence=confidence,
            reason=reason,
        )


def _trim(
    span: tuple[int, int], personal: Iterable[tuple[int, int]], text: str
) -> tuple[int, int] | None:
    """``span`` without personal data at its edges; None when personal data stays inside.

    A quote such as "[NAME] led a team of five" is evidence of leadership, but the
    occurrence must not carry the name.
    """
    start, end = span
    for begin, stop in sorted(personal):
        if begin <= start < stop:
            start = stop
        if begin < end <= stop:
            end = begin
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in "+#":
        end -= 1
    if start >= end or overlaps((start, end), personal):
        return None
    return start, end
