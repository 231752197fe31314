"""Verb phrases that name a skill: "administered medications" is Medication Administration.

Taxonomies name skills as noun phrases ending in a nominalisation ("Medication
Administration", "Contract Negotiation", "Blueprint Reading"); resumes state them as verb
phrases ("administered medications", "negotiated contracts", "read blueprints"). This module
maps the past, present and gerund forms of the verbs behind common nominalisations back to
them, and ``verb_phrases`` finds, among tokens no other hit covers, a verb form followed by
an optional article and a one- or two-word object whose noun phrase "<object> <nominal>" is
an unambiguous surface of the taxonomy. An object followed by "of" is a container ("managed a
portfolio of key accounts" is no Portfolio Management), and one ending in an adjective before
another word modifies that word ("designed mechanical components"): neither counts.

It is a lookup per verb form in the text, never a scan of n-grams, and it only reads tokens
that the alias scan left open, so it never takes a word from a written skill ("managed
accounts payable" stays Accounts Payable).

Example:
    >>> from talentmatch.extraction import extract_skills
    >>> [(m.label, m.surface) for m in extract_skills("Administered medications on a ward.")]
    [('Medication Administration', 'Administered medications')]
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress

from talentmatch.extraction._rules_accelerator import native as rules_native
from talentmatch.extraction.assertions import ROLE_NOUNS
from talentmatch.taxonomy.matcher import AliasEntry, AliasMatcher, Ambiguity
from talentmatch.taxonomy.tokens import TokenizedText, _singular

__all__ = ["VERB_FORMS", "members", "verb_phrases"]


def _forms(base: str, third: str, past: str, gerund: str, *more: str) -> tuple[str, ...]:
    return (base, third, past, gerund, *more)


def _regular(base: str, past: str | None = None, gerund: str | None = None) -> tuple[str, ...]:
    """The four forms of a regular verb ("manage" -> manages, managed, managing)."""
    stem = base[:-1] if base.endswith("e") and not base.endswith("ee") else base
    third = base + "es" if base.endswith(("s", "sh", "ch", "x")) else base + "s"
    return _forms(base, third, past or stem + "ed", gerund or stem + "ing")


_NOMINALS: dict[str, tuple[str, ...]] = {
    "acquisition": _regular("acquire"),
    "administration": _regular("administer"),
    "allocation": _regular("allocate"),
    "analysis": (*_regular("analyse"), *_regular("analyze")),
    "assessment": _regular("assess"),
    "automation": _regular("automate"),
    "billing": _regular("bill"),
    "building": _forms("build", "builds", "built", "building"),
    "coordination": _regular("coordinate"),
    "collection": _regular("collect"),
    "configuration": _regular("configure"),
    "counseling": (*_regular("counsel"), "counselled", "counselling"),
    "counselling": (*_regular("counsel"), "counselled", "counselling"),
    "creation": _regular("create"),
    "deployment": _regular("deploy"),
    "design": _regular("design"),
    "development": _regular("develop"),
    "editing": _regular("edit"),
    "education": _regular("educate"),
    "entry": _regular("enter"),
    "estimation": _regular("estimate"),
    "evaluation": _regular("evaluate"),
    "filing": _regular("file"),
    "forecasting": _forms("forecast", "forecasts", "forecast", "forecasting"),
    "fulfillment": (*_regular("fulfill"), "fulfil", "fulfils"),
    "fulfilment": (*_regular("fulfill"), "fulfil", "fulfils"),
    "gathering": _regular("gather"),
    "generation": _regular("generate"),
    "handling": _regular("handle"),
    "implementation": _regular("implement"),
    "inspection": _regular("inspect"),
    "installation": _regular("install"),
    "integration": _regular("integrate"),
    "interpretation": _regular("interpret"),
    "leadership": _forms("lead", "leads", "led", "leading"),
    "maintenance": _regular("maintain"),
    "management": _regular("manage"),
    "mapping": _regular("map", "mapped", "mapping"),
    "migration": _regular("migrate"),
    "monitoring": _regular("monitor"),
    "negotiation": _regular("negotiate"),
    "onboarding": _regular("onboard"),
    "operation": _regular("operate"),
    "optimisation": (*_regular("optimise"), *_regular("optimize")),
    "optimization": (*_regular("optimize"), *_regular("optimise")),
    "packing": _regular("pack"),
    "picking": _regular("pick"),
    "planning": _regular("plan", "planned", "planning"),
    "preparation": _regular("prepare"),
    "prevention": _regular("prevent"),
    "processing": _regular("process"),
    "reading": _forms("read", "reads", "read", "reading"),
    "reconciliation": _regular("reconcile"),
    "recruitment": _regular("recruit"),
    "repair": _regular("repair"),
    "retention": _regular("retain"),
    "review": _regular("review"),
    "scheduling": _regular("schedule"),
    "service": _regular("serve"),
    "supervision": _regular("supervise"),
    "testing": _regular("test"),
    "tracking": _regular("track"),
    "training": _regular("train"),
    "translation": _regular("translate"),
    "writing": _forms("write", "writes", "wrote", "writing"),
}
"""Nominalisation -> the verb forms that state it (base, third person, past, gerund).

Participles that mostly work as adjectives ("written policies", "forecasted sales") are left
out."""

VERB_FORMS: dict[str, tuple[str, ...]] = {}
"""Verb form (a token key) -> the nominalisations it may stand for."""
for _nominal, _verb_forms in _NOMINALS.items():
    for _form in dict.fromkeys(_verb_forms):
        VERB_FORMS[_form] = (*VERB_FORMS.get(_form, ()), _nominal)

_ARTICLES = frozenset({"a", "an", "the"})
_DETERMINERS = _ARTICLES | {"our", "their", "its", "his", "her", "my", "your"}
"""Before a verb form, these make it an adjective: "a leading retail chain". ("that" is left
out: "a team that managed inventory" is a statement.)"""
_NOT_OBJECTS = _DETERMINERS | {
    "and", "or", "of", "for", "to", "in", "on", "at", "by", "with", "from", "as", "into",
    "this", "that", "these", "those", "all", "new", "key", "multiple", "various", "several",
    "daily", "weekly", "monthly",
}  # fmt: skip
"""Words that are no object of the verb: function words, determiners and bare quantifiers."""


_VERBS = frozenset(VERB_FORMS)
_ADJECTIVE_ENDINGS = ("al", "ive", "ous", "ful", "ible", "able", "ific")
_JOINERS = frozenset({"-", "'", "’", "‐", "–"})


def _spaced(sep: str) -> bool:
    """Tokens separated by spaces or tabs only (no comma, hyphen or line break of any kind)."""
    return bool(sep) and not sep.strip(" \t\xa0")


def members(keys: list[str], wanted: frozenset[str]) -> list[int]:
    """Positions of the keys that are in ``wanted``, in C when the accelerator is built.

    Example:
        >>> members(["led", "a", "team", "and", "led"], frozenset({"led"}))
        [0, 4]
    """
    accelerator = rules_native()
    if accelerator is not None:
        found = accelerator.members(keys, wanted)
        if found is not None:
            return found
    return list(compress(range(len(keys)), map(wanted.__contains__, keys)))


def verb_phrases(
    tokens: TokenizedText, covered: bytearray, matcher: AliasMatcher
) -> list[tuple[int, int, AliasEntry]]:
    """Verb phrases over open tokens that state a skill, as (first token, last token, entry).

    ``covered`` marks tokens other hits hold; the tokens of each phrase found are marked in
    it too. ``matcher`` is the taxonomy's alias matcher. Only entries that need no context
    count, and the longer object is tried first ("managed social media" before "managed
    social").

    Example:
        >>> from talentmatch.taxonomy import Taxonomy
        >>> from talentmatch.taxonomy.tokens import tokenize
        >>> t, taxonomy = tokenize("Negotiated the contracts"), Taxonomy.builtin()
        >>> found = verb_phrases(t, bytearray(3), taxonomy.matcher)
        >>> [(first, last, taxonomy.concepts[e.concept].label) for first, last, e in found]
        [(0, 2, 'Contract Negotiation')]
    """
    keys, seps = tokens.keys, tokens.seps
    count = len(keys)
    found: list[tuple[int, int, AliasEntry]] = []
    continues = matcher.continues
    for verb in members(keys, _VERBS):
        start = verb + 1
        if start >= count or covered[verb] or not _spaced(seps[start]):
            continue
        if verb > 0 and keys[verb - 1] in _DETERMINERS and _spaced(seps[verb]):
            continue  # "a leading retail chain", "the managing partner": an adjective
        if keys[start] in _ARTICLES:
            start += 1
            if start >= count or covered[start - 1] or not _spaced(seps[start]):
                continue
        head = keys[start]
        if covered[start] or not head.isalpha() or head in _NOT_OBJECTS:
            continue
        # The common case ends here: the next word starts no taxonomy phrase ("tests passed").
        single = _singular(head)
        if not continues((head,)) and (single is None or not continues((single,))):
            continue
        for last in (start + 1, start):
            if last >= count or (last > start and not _object_word(keys, seps, covered, last)):
                continue
            if (last + 1 < count and _modifies(keys, seps, last)) or _title(
                tokens, verb, start, last
            ):
                continue
            entry = _entry(keys[start : last + 1], VERB_FORMS[keys[verb]], matcher)
            if entry is not None:
                found.append((verb, last, entry))
                covered[verb : last + 1] = b"\x01" * (last + 1 - verb)
                break
    return found


def _modifies(keys: list[str], seps: list[str], last: int) -> bool:
    """The object ends at token ``last`` but the phrase goes on: a word joined to it
    ("time-sensitive", "client's"), a container followed by "of" ("a portfolio of key
    accounts"), an adjective before its noun ("designed mechanical components"), or a role
    noun that makes it a job title ("lead product designer")."""
    after, sep = keys[last + 1], seps[last + 1]
    if sep in _JOINERS or (not sep and (after in _JOINERS or after[:1].isalnum())):
        return True
    if after == "of" or after in ROLE_NOUNS:
        return True
    return keys[last].endswith(_ADJECTIVE_ENDINGS) and after.isalpha() and _spaced(sep)


def _title(tokens: TokenizedText, verb: int, start: int, last: int) -> bool:
    """The verb and its object are all capitalised words: a job title or a name ("Managing
    Partner", "Lead Retail Associate"), not a statement."""
    text, starts = tokens.text, tokens.starts
    return all(text[starts[i]].isupper() for i in (verb, *range(start, last + 1)))


def _object_word(keys: list[str], seps: list[str], covered: bytearray, index: int) -> bool:
    """Token ``index`` can be the second word of an object: open, spaced, a word."""
    key = keys[index]
    return not covered[index] and _spaced(seps[index]) and key.isalpha() and key not in _NOT_OBJECTS


def _entry(
    words: Sequence[str], nominals: tuple[str, ...], matcher: AliasMatcher
) -> AliasEntry | None:
    """The unambiguous entry of "<words> <nominal>", the last word as written or singular.

    Most candidate objects start no taxonomy phrase: one probe of the phrase table
    (``continues``) rules each out before any lookup."""
    tails = [words[-1]]
    single = _singular(words[-1])
    if single is not None:
        tails.append(single)
    for tail in tails:
        head = (*words[:-1], tail)
        if not matcher.continues(head):
            continue
        for nominal in nominals:
            for entry in matcher.lookup((*head, nominal)):
                if entry.ambiguity is Ambiguity.NONE:
                    return entry
    return None
