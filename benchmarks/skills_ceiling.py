"""How far a supervised tagger trained on SkillSpan train gets on KNOWLEDGE spans.

This is evidence, not product code. Issue #4 asks the offline extractor for strict
KNOWLEDGE F1 >= 0.60 on SkillSpan dev; the taxonomy extractor scores 0.488. To learn
whether any cheap offline method closes the gap, this script trains a BIO tagger for
KNOWLEDGE spans on SkillSpan *train* only and scores it on *dev* with the scoring of
``skills_accuracy.py``.

The model: a first-order averaged structured perceptron with Viterbi decoding (numpy).
Features per token:

- word, shape, capitalisation, prefixes and suffixes, words and shapes at -2..+2;
- the token's position in its line and the line's length;
- a gazetteer of the built-in taxonomy's surface words;
- the taxonomy extractor's own output as features: claimed predictions, every mention
  (with type, assertion and match kind, unclaimed ones included), and every raw matcher
  candidate (with concept types and ambiguity), each as a B/I/L/U position tag, plus the
  neighbouring tokens' hit tags.

Three read-outs from one model: ``free`` (the tagger's spans), ``constrained`` (only spans
overlapping a taxonomy hit) and ``union`` (the tagger's spans plus the extractor's).

Settings (24 epochs, a bias of 4 towards KNOWLEDGE tags) were chosen by 5-fold
cross-validation by posting on train (``--cv``); dev was not used to choose anything.

Usage::

    python benchmarks/skills_ceiling.py [--data DIR] [--epochs 24] [--bias 4] [--cv]

Prints one JSON object. Needs ``../shared/data`` (or ``--data``); training takes about a
minute on one core, ``--cv`` about ten.
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import re
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import skills_accuracy as acc

from talentmatch.extraction import TaxonomyExtractor
from talentmatch.taxonomy import Taxonomy

ROOT = Path(__file__).resolve().parent.parent
Span = tuple[int, int]
NEG = -1e9
O_TAG, B_TAG, I_TAG = 0, 1, 2


# Taxonomy annotations ----------------------------------------------------------------------


class Annotator:
    """Per-token feature tags from the taxonomy extractor's output for one posting."""

    def __init__(self) -> None:
        self.taxonomy = Taxonomy.builtin()
        self.claimed = TaxonomyExtractor(self.taxonomy)
        self.every = TaxonomyExtractor(self.taxonomy, keep_unclaimed=True)
        self.words: dict[str, list[str]] = {}
        grouped: dict[str, set[str]] = {}
        for concept in self.taxonomy.concepts:
            for surface in concept.surfaces():
                parts = surface.lower().split()
                kind = ":U" if len(parts) == 1 else ":M"
                for part in parts:
                    grouped.setdefault(part, set()).add(concept.type.value + kind)
        self.words = {word: sorted(kinds) for word, kinds in grouped.items()}

    def annotate(self, post: acc.Posting) -> tuple[list[list[str]], set[Span], set[Span]]:
        """Tags per token, the extractor's KNOWLEDGE predictions, and every hit's span."""
        starts = [s for _, s, _ in post.tokens]
        ends = [e for _, _, e in post.tokens]
        tags: list[list[str]] = [[] for _ in post.tokens]
        hits: set[Span] = set()

        def tokens_of(start: int, end: int) -> Span:
            return bisect.bisect_right(ends, start), bisect.bisect_left(starts, end) - 1

        def mark(span: Span, name: str) -> None:
            first, last = span
            for i in range(first, last + 1):
                place = "U" if first == last else "B" if i == first else "L" if i == last else "I"
                tags[i].append(name + place)
                tags[i].append(name + "in")

        knowledge, skill = acc.predict(self.claimed, post)
        for span in knowledge:
            mark(span, "P_")
            hits.add(span)
        for span in skill:
            mark(span, "PS_")
            hits.add(span)
        for mention in self.every.extract(post.text):
            for occurrence in mention.occurrences:
                span = tokens_of(occurrence.span.start, occurrence.span.end)
                if span[0] > span[1]:
                    continue
                mark(span, f"M{mention.type.value}_")
                mark(span, f"A{occurrence.assertion.value}_")
                mark(span, f"K{occurrence.match.value}_")
                hits.add(span)
        scan = self.taxonomy.matcher.scan_tokens(post.text)
        concepts = self.taxonomy.concepts
        for candidate in scan.candidates:
            span = tokens_of(scan.tokens.starts[candidate.first], scan.tokens.ends[candidate.last])
            if span[0] > span[1]:
                continue
            for kind in {concepts[e.concept].type.value for e in candidate.entries}:
                mark(span, f"R{kind}_")
            mark(span, f"Ramb{max(int(e.ambiguity) for e in candidate.entries)}_")
            hits.add(span)
        return tags, knowledge, hits


# Features ----------------------------------------------------------------------------------


def shape(word: str) -> str:
    out = re.sub(r"[A-Z]", "X", word)
    out = re.sub(r"[a-z]", "x", out)
    out = re.sub(r"[0-9]", "d", out)
    return re.sub(r"(.)\1+", r"\1\1", out)


def sentence_features(
    words: Sequence[str], tax: Sequence[list[str]], gazetteer: dict[str, list[str]]
) -> list[list[str]]:
    """Feature strings for each token of one sentence."""
    n = len(words)
    low = [w.lower() for w in words]
    shapes = [shape(w) for w in words]

    def at(seq: Sequence[str], i: int, edge: str) -> str:
        return seq[i] if 0 <= i < n else edge

    heading = n <= 6 and "." not in words
    colon_line = n > 0 and words[-1] == ":"
    out = []
    for i, word in enumerate(words):
        lw = low[i]
        cap = "A" if word.isupper() and len(word) > 1 else "T" if word[:1].isupper() else "l"
        f = ["bias", "w=" + lw, "sh=" + shapes[i], "cap=" + cap, f"len={min(len(word), 8)}"]
        if any(ch.isdigit() for ch in word):
            f.append("dig")
        if not any(ch.isalnum() for ch in word):
            f.append("punct=" + word)
        for k in (2, 3, 4):
            if len(lw) > k:
                f += [f"p{k}={lw[:k]}", f"s{k}={lw[-k:]}"]
        for d in (-2, -1, 1, 2):
            f.append(f"w{d}=" + at(low, i + d, "<S>" if d < 0 else "</S>"))
        f += [
            "b-1=" + at(low, i - 1, "<S>") + "|" + lw,
            "b+1=" + lw + "|" + at(low, i + 1, "</S>"),
            "sh-1=" + at(shapes, i - 1, "<S>") + "|" + shapes[i],
            "sh+1=" + shapes[i] + "|" + at(shapes, i + 1, "</S>"),
            "pos=" + (str(i) if i < 3 else "mid" if i < n - 1 else "last"),
            "nlen=" + (str(n) if n < 5 else "s" if n < 10 else "m" if n < 25 else "l"),
        ]
        if heading:
            f.append("heading")
        if colon_line:
            f.append("colonline")
        f += ["gz=" + kind for kind in gazetteer.get(lw, ())]
        f += tax[i]
        f += [
            t + "&cap=" + ("T" if word[:1].isupper() else "l")
            for t in tax[i]
            if t.startswith("P_") and not t.endswith("in")
        ]
        for d in (-1, 1):
            if 0 <= i + d < n:
                f += [f"{d}:{t}" for t in tax[i + d] if t.endswith("in")]
        out.append(f)
    return out


def posting_sentences(
    post: acc.Posting, tax: list[list[str]], gazetteer: dict[str, list[str]]
) -> list[tuple[int, list[list[str]], list[int]]]:
    """(first token, features, gold BIO tags) for each sentence of one posting."""
    gold = [O_TAG] * len(post.tokens)
    for first, last in post.gold_knowledge:
        gold[first] = B_TAG
        for i in range(first + 1, last + 1):
            gold[i] = I_TAG
    words = [post.text[s:e] for _, s, e in post.tokens]
    bounds: list[list[int]] = []
    for i, (sentence, _, _) in enumerate(post.tokens):
        if i and sentence == post.tokens[i - 1][0]:
            bounds[-1][1] = i
        else:
            bounds.append([i, i])
    return [
        (a, sentence_features(words[a : b + 1], tax[a : b + 1], gazetteer), gold[a : b + 1])
        for a, b in bounds
    ]


def tags_to_spans(tags: Iterable[int], offset: int) -> set[Span]:
    spans: set[Span] = set()
    start = None
    for i, tag in enumerate([*tags, O_TAG]):
        if tag in (B_TAG, O_TAG) or (tag == I_TAG and start is None):
            if start is not None:
                spans.add((offset + start, offset + i - 1))
                start = None
            if tag != O_TAG:
                start = i
    return spans


# The tagger --------------------------------------------------------------------------------


def viterbi(emissions: np.ndarray, transitions: np.ndarray, starts: np.ndarray) -> list[int]:
    score = starts + emissions[0]
    back = np.zeros(emissions.shape, dtype=np.int8)
    for i in range(1, len(emissions)):
        options = score[:, None] + transitions
        back[i] = options.argmax(0)
        score = options.max(0) + emissions[i]
    path = [int(score.argmax())]
    for i in range(len(emissions) - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    return path[::-1]


class Perceptron:
    """Averaged structured perceptron over O/B/I with an O->I ban."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.weights = np.zeros((0, 3))
        self.transitions = np.zeros((3, 3))
        self.starts = np.zeros(3)
        self.snapshots: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def encode(self, features: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        flat: list[int] = []
        offsets: list[int] = []
        for token in features:
            offsets.append(len(flat))
            ids = [self.index[f] for f in token if f in self.index]
            flat.extend(ids or [self.index["bias"]])
        return np.asarray(flat, dtype=np.int64), np.asarray(offsets, dtype=np.int64)

    @staticmethod
    def _masked(transitions: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        transitions, starts = transitions.copy(), starts.copy()
        transitions[O_TAG, I_TAG] = NEG
        starts[I_TAG] = NEG
        return transitions, starts

    def fit(
        self, data: list[tuple[list[list[str]], list[int]]], epochs: int, keep: Sequence[int] = ()
    ) -> Perceptron:
        for features, _ in data:
            for token in features:
                for f in token:
                    self.index.setdefault(f, len(self.index))
        size = len(self.index)
        w, wu = np.zeros((size, 3)), np.zeros((size, 3))
        t, tu = np.zeros((3, 3)), np.zeros((3, 3))
        s, su = np.zeros(3), np.zeros(3)
        encoded = [(self.encode(f), np.asarray(g)) for f, g in data]
        order = list(range(len(encoded)))
        rng = random.Random(0)
        c = 1
        for epoch in range(1, epochs + 1):
            rng.shuffle(order)
            for k in order:
                (flat, offsets), gold = encoded[k]
                pred = np.asarray(
                    viterbi(np.add.reduceat(w[flat], offsets, axis=0), *self._masked(t, s))
                )
                if not np.array_equal(pred, gold):
                    ends = np.append(offsets[1:], len(flat))
                    for i in np.nonzero(pred != gold)[0]:
                        ids = flat[offsets[i] : ends[i]]
                        np.add.at(w[:, gold[i]], ids, 1.0)
                        np.add.at(wu[:, gold[i]], ids, c)
                        np.add.at(w[:, pred[i]], ids, -1.0)
                        np.add.at(wu[:, pred[i]], ids, -c)
                    if gold[0] != pred[0]:
                        s[gold[0]] += 1
                        su[gold[0]] += c
                        s[pred[0]] -= 1
                        su[pred[0]] -= c
                    for i in range(1, len(gold)):
                        good, bad = (gold[i - 1], gold[i]), (pred[i - 1], pred[i])
                        if good != bad:
                            t[good] += 1
                            tu[good] += c
                            t[bad] -= 1
                            tu[bad] -= c
                c += 1
            if epoch in keep or epoch == epochs:
                self.snapshots[epoch] = (w - wu / c, t - tu / c, s - su / c)
        self.use(epochs)
        return self

    def use(self, epoch: int) -> None:
        self.weights, self.transitions, self.starts = self.snapshots[epoch]

    def predict(self, features: list[list[str]], bias: float) -> list[int]:
        flat, offsets = self.encode(features)
        emissions = np.add.reduceat(self.weights[flat], offsets, axis=0)
        emissions = emissions + np.array([0.0, bias, bias])
        return viterbi(emissions, *self._masked(self.transitions, self.starts))


# Runs --------------------------------------------------------------------------------------


Prepared = tuple[acc.Posting, list[tuple[int, list[list[str]], list[int]]], set[Span], set[Span]]


def prepare(annotator: Annotator, postings: list[acc.Posting]) -> list[Prepared]:
    out = []
    for post in postings:
        tax, knowledge, hits = annotator.annotate(post)
        out.append((post, posting_sentences(post, tax, annotator.words), knowledge, hits))
    return out


def read_outs(model: Perceptron, item: Prepared, bias: float) -> dict[str, set[Span]]:
    _, sentences, knowledge, hits = item
    free: set[Span] = set()
    for offset, features, _ in sentences:
        free |= tags_to_spans(model.predict(features, bias), offset)
    constrained = {s for s in free if any(s[0] <= h[1] and h[0] <= s[1] for h in hits)}
    return {"free": free, "constrained": constrained, "union": free | knowledge}


def score(items: list[Prepared], predictions: list[set[Span]]) -> dict[str, Any]:
    tallies = {"all": acc.Tally(), "house": acc.Tally(), "tech": acc.Tally()}
    for (post, *_), spans in zip(items, predictions, strict=True):
        for key in ("all", post.source):
            tallies[key].add(post.gold_knowledge, spans, post.gold_skill, spans)
    keys = ("strict_precision", "strict_recall", "strict_f1", "loose_f1")
    return {k: {x: t.report()[x] for x in keys} for k, t in tallies.items()}


def cross_validate(items: list[Prepared], folds: int = 5) -> dict[str, Any]:
    """Strict F1 of the free read-out per (epochs, bias), 5-fold by posting on train."""
    epochs, biases = (8, 16, 24), (-2.0, 0.0, 2.0, 4.0, 8.0)
    order = list(range(len(items)))
    random.Random(13).shuffle(order)
    predictions: dict[tuple[int, float], list[set[Span]]] = {
        (e, b): [set() for _ in items] for e in epochs for b in biases
    }
    for fold in range(folds):
        held = set(order[fold::folds])
        data = [(f, g) for j, item in enumerate(items) if j not in held for _, f, g in item[1]]
        model = Perceptron().fit(data, epochs=max(epochs), keep=epochs)
        for e in epochs:
            model.use(e)
            for b in biases:
                for j in held:
                    predictions[(e, b)][j] = read_outs(model, items[j], b)["free"]
    return {
        f"epochs={e} bias={b}": score(items, spans)["all"]["strict_f1"]
        for (e, b), spans in predictions.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--epochs", type=int, default=24)
    parser.add_argument("--bias", type=float, default=4.0)
    parser.add_argument("--cv", action="store_true", help="also cross-validate on train")
    args = parser.parse_args(argv)
    folder = args.data / "skills" / "skillspan"
    if not (folder / "train.json").exists():
        print(json.dumps({"error": f"SkillSpan not found at {folder}"}))
        return 2
    annotator = Annotator()
    train = prepare(annotator, acc.read_postings(folder / "train.json"))
    result: dict[str, Any] = {}
    if args.cv:
        result["cv_train_strict_f1"] = cross_validate(train)
    started = time.perf_counter()
    model = Perceptron().fit([(f, g) for item in train for _, f, g in item[1]], args.epochs)
    result["train_seconds"] = round(time.perf_counter() - started, 1)
    result["features"] = len(model.index)
    dev = prepare(annotator, acc.read_postings(folder / "dev.json"))
    started = time.perf_counter()
    outs = [read_outs(model, item, args.bias) for item in dev]
    elapsed = time.perf_counter() - started
    characters = sum(len(item[0].text) for item in dev)
    result["tagger_ms_per_1k_chars"] = round(elapsed * 1e6 / characters, 2)
    result["dev"] = {
        "taxonomy_extractor": score(dev, [item[2] for item in dev]),
        **{name: score(dev, [o[name] for o in outs]) for name in outs[0]},
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
