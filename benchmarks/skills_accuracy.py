"""Skill extraction accuracy on SkillSpan (Zhang et al., NAACL 2022; MIT licence).

Each job posting (consecutive sentences with the same ``idx`` and ``source``) becomes one
document, its sentences joined by newlines and their tokens by spaces, so the extractor sees
a posting as a whole. A predicted occurrence covers every token it overlaps. Occurrences of
knowledge, tool, language and certification concepts are predictions of KNOWLEDGE spans;
hard and soft skills are predictions of SKILL spans (SkillSpan's own definitions: knowledge
is what one knows, such as Python or finance; a skill is an ability to apply it).

Reported per source (house, tech) and overall:

- KNOWLEDGE strict P/R/F1 (exact token span) and loose P/R/F1 (any token overlap);
- SKILL recall, strict and loose, by predictions of any type (a taxonomy extractor is not
  expected to find long SKILL phrases; the figure shows how far it gets).

Configurations: ``builtin`` (the default), ``builtin+esco+onet`` (ESCO 1.2.0 collections and
O*NET Technology Skills merged in) and ``esco+onet`` (the external taxonomies alone).

Usage::

    python benchmarks/skills_accuracy.py [--split dev|train] [--data DIR] [--config NAME ...]

Prints one JSON object. Needs ``../shared/data`` (or ``--data``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from talentmatch.extraction import TaxonomyExtractor
from talentmatch.models.skills import Assertion, ConceptType
from talentmatch.taxonomy import Taxonomy

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_TYPES = frozenset(
    {ConceptType.KNOWLEDGE, ConceptType.TOOL, ConceptType.LANGUAGE, ConceptType.CERTIFICATION}
)


@dataclass
class Posting:
    source: str
    text: str
    # (sentence index, token start offset, token end offset) for each token
    tokens: list[tuple[int, int, int]]
    gold_knowledge: set[tuple[int, int]]  # (first token, last token), document token indices
    gold_skill: set[tuple[int, int]]


def _spans(tags: list[str], offset: int) -> Iterator[tuple[int, int]]:
    start = None
    for i, tag in enumerate([*tags, "O"]):
        if tag.startswith("B") or tag == "O" or (tag.startswith("I") and start is None):
            if start is not None:
                yield offset + start, offset + i - 1
                start = None
            if tag.startswith(("B", "I")):
                start = i
    return


def read_postings(path: Path) -> list[Posting]:
    """Group SkillSpan sentences into postings with document-level token offsets."""
    postings: list[Posting] = []
    key = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if (row["idx"], row["source"]) != key:
            key = (row["idx"], row["source"])
            postings.append(Posting(row["source"], "", [], set(), set()))
        post = postings[-1]
        if post.text:
            post.text += "\n"
        sentence = len({s for s, _, _ in post.tokens}) if post.tokens else 0
        offset = len(post.tokens)
        for i, token in enumerate(row["tokens"]):
            if i:
                post.text += " "
            post.tokens.append((sentence, len(post.text), len(post.text) + len(token)))
            post.text += token
        post.gold_knowledge.update(_spans(row["tags_knowledge"], offset))
        post.gold_skill.update(_spans(row["tags_skill"], offset))
    return postings


def predict(extractor: TaxonomyExtractor, post: Posting) -> tuple[set[tuple[int, int]], set]:
    """Token spans predicted as KNOWLEDGE and as SKILL for one posting."""
    knowledge, skill, _ = predict_with_phrases(extractor, post)
    return knowledge, skill


def predict_with_phrases(
    extractor: TaxonomyExtractor, post: Posting
) -> tuple[set[tuple[int, int]], set[tuple[int, int]], set[tuple[int, int]]]:
    """``predict``, and the token spans of the verb-phrase occurrences among the SKILL ones."""
    starts = [s for _, s, _ in post.tokens]
    ends = [e for _, _, e in post.tokens]
    knowledge: set[tuple[int, int]] = set()
    skill: set[tuple[int, int]] = set()
    phrases: set[tuple[int, int]] = set()
    import bisect

    for mention in extractor.extract(post.text):
        noun = knowledge if mention.type in KNOWLEDGE_TYPES else skill
        for occurrence in mention.occurrences:
            if occurrence.assertion is not Assertion.CLAIMED:
                continue
            # A verb phrase ("administered medications") states an action: SkillSpan's
            # guidelines annotate those as SKILL spans, whatever the concept's type.
            phrase = occurrence.reason == "verb_phrase"
            first = bisect.bisect_right(ends, occurrence.span.start)
            last = bisect.bisect_left(starts, occurrence.span.end) - 1
            if first <= last:
                (skill if phrase else noun).add((first, last))
                if phrase:
                    phrases.add((first, last))
    return knowledge, skill, phrases


@dataclass
class Tally:
    tp_strict: int = 0
    pred: int = 0
    gold: int = 0
    pred_overlapping: int = 0
    gold_overlapped: int = 0
    skill_gold: int = 0
    skill_strict: int = 0
    skill_loose: int = 0
    phrases: int = 0
    phrases_overlapping: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, gold: set, pred: set, skill_gold: set, any_pred: set) -> None:
        self.tp_strict += len(gold & pred)
        self.pred += len(pred)
        self.gold += len(gold)
        self.pred_overlapping += sum(1 for p in pred if any(_overlap(p, g) for g in gold))
        self.gold_overlapped += sum(1 for g in gold if any(_overlap(p, g) for p in pred))
        self.skill_gold += len(skill_gold)
        self.skill_strict += len(skill_gold & any_pred)
        self.skill_loose += sum(1 for g in skill_gold if any(_overlap(p, g) for p in any_pred))

    def add_phrases(self, gold: set, phrases: set) -> None:
        """Verb-phrase spans, and how many overlap any gold span (KNOWLEDGE or SKILL): SKILL
        recall alone would not show verb phrases that name nothing the annotators marked."""
        self.phrases += len(phrases)
        self.phrases_overlapping += sum(1 for p in phrases if any(_overlap(p, g) for g in gold))

    def report(self) -> dict[str, float | int]:
        def f1(p: float, r: float) -> float:
            return 0.0 if p + r == 0 else 2 * p * r / (p + r)

        p = self.tp_strict / self.pred if self.pred else 0.0
        r = self.tp_strict / self.gold if self.gold else 0.0
        lp = self.pred_overlapping / self.pred if self.pred else 0.0
        lr = self.gold_overlapped / self.gold if self.gold else 0.0
        return {
            "knowledge_gold": self.gold,
            "knowledge_predicted": self.pred,
            "strict_precision": round(p, 4),
            "strict_recall": round(r, 4),
            "strict_f1": round(f1(p, r), 4),
            "loose_precision": round(lp, 4),
            "loose_recall": round(lr, 4),
            "loose_f1": round(f1(lp, lr), 4),
            "skill_gold": self.skill_gold,
            "skill_recall_strict": round(self.skill_strict / self.skill_gold, 4)
            if self.skill_gold
            else 0.0,
            "skill_recall_loose": round(self.skill_loose / self.skill_gold, 4)
            if self.skill_gold
            else 0.0,
            "verb_phrases": self.phrases,
            "verb_phrases_overlapping_gold": round(self.phrases_overlapping / self.phrases, 4)
            if self.phrases
            else 0.0,
        }


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def taxonomies(data: Path, names: list[str]) -> dict[str, Taxonomy]:
    out: dict[str, Taxonomy] = {}
    external: Taxonomy | None = None
    if any("esco" in n for n in names):
        esco = Taxonomy.from_esco(data / "taxonomy" / "esco-1.2.0")
        onet = Taxonomy.from_onet(data / "taxonomy" / "onet-29.2" / "technology_skills.txt")
        external = esco.merge(onet)
    for name in names:
        if name == "builtin":
            out[name] = Taxonomy.builtin()
        elif name == "builtin+esco+onet" and external is not None:
            out[name] = Taxonomy.builtin().merge(external)
        elif name == "esco+onet" and external is not None:
            out[name] = external
        else:
            raise SystemExit(f"unknown configuration {name!r}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument(
        "--config",
        nargs="*",
        default=["builtin", "builtin+esco+onet", "esco+onet"],
        help="taxonomy configurations to run",
    )
    args = parser.parse_args(argv)
    path = args.data / "skills" / "skillspan" / f"{args.split}.json"
    if not path.exists():
        print(json.dumps({"error": f"SkillSpan not found at {path}"}))
        return 2
    postings = read_postings(path)
    results: dict[str, object] = {
        "dataset": f"SkillSpan {args.split}",
        "postings": len(postings),
        "sentences": sum(p.text.count("\n") + 1 for p in postings),
    }
    for name, taxonomy in taxonomies(args.data, args.config).items():
        extractor = TaxonomyExtractor(taxonomy)
        tallies = {"all": Tally(), "house": Tally(), "tech": Tally()}
        started = time.perf_counter()
        for post in postings:
            knowledge, skill, phrases = predict_with_phrases(extractor, post)
            for key in ("all", post.source):
                tallies[key].add(post.gold_knowledge, knowledge, post.gold_skill, knowledge | skill)
                tallies[key].add_phrases(post.gold_knowledge | post.gold_skill, phrases)
        results[name] = {
            "taxonomy": taxonomy.ref,
            "surface_forms": taxonomy.matcher.size,
            "seconds": round(time.perf_counter() - started, 2),
            **{source: tally.report() for source, tally in tallies.items()},
        }
    json.dump(results, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
