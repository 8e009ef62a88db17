"""Train the component classifier on the development labels and choose how it combines.

    python -m bench.train_components [--write agreement_builder/assets/components_model.json]

Needs the ``train`` extra (``pip install -e .[train]``: scikit-learn); the lint path never
imports it. Only the development part of :mod:`bench.split` is read (CUAD texts with labels:
cuad-dev and cuad-more ``more_000``-``129``); the held-out part is measured afterwards with
``python -m bench.cuad_accuracy --part held-out --method ...``.

1. Every text is cut into units (:func:`agreement_builder.analyze.classifier.units`); a unit is
   a positive of a component when it overlaps a CUAD span of the component's categories by at
   least half of the shorter of the two, a negative otherwise. A few near misses written here
   (royalty-free, non-exclusive, exclusive remedy, "no partnership", "for your records") are
   negatives of the component they look like.
2. One L1-regularised logistic regression per component (liblinear, fixed seed) on binary
   features: words, pairs of adjacent words, caption words. Weights under ``MIN_WEIGHT`` are
   dropped and the rest rounded, so the shipped file is small.
3. Five folds grouped by document (a document's units are never in training and test at once)
   give every development document an out-of-fold score per component, scored with the same
   pure-Python scorer as the lint path. On those scores, per component: the threshold of the
   classifier alone (best F1 against the labels), and the best of patterns alone, patterns OR
   classifier, patterns confirmed by the classifier (only where the CUAD scope is exact) and
   the classifier alone (exact scope only), each at its best threshold; a method other than
   the patterns is chosen only when its F1 is at least ``MIN_GAIN`` better. The classifier's
   best unit goes first among the evidence when that raises the evidence hit rate by
   ``MIN_GAIN`` or more.
4. The final model is trained on every development document and written with those choices.

Prints the cross-validated figures of each method (recall, precision, F1, evidence hit).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from agreement_builder.analyze.classifier import (
    MODEL_FORMAT,
    SCALE,
    Scored,
    combine,
    features,
    model_from_data,
    score_units,
    tokens,
    unit_features,
)
from agreement_builder.analyze.components import MAX_EVIDENCE, detect_components
from agreement_builder.read import read_document
from agreement_builder.read.model import SourceDocument
from bench import split
from bench.cuad_accuracy import _cuad_truth, _overlaps, mapping

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "agreement_builder" / "assets" / "components_model.json"
SEED = 16
C = 0.25  # inverse L1 strength: best summed F1 of the classifier alone on the development folds (0.25, 0.5, 1.0 tried)
MIN_WEIGHT = 0.02
DIGITS = 3  # decimals of the weights: the scorer sums them as integers (classifier.SCALE)
FOLDS = 5
assert 10**DIGITS == SCALE
MIN_GAIN = 0.01
NEAR_MISS_WEIGHT = 3.0
# Components whose presence the classifier may not decide, whatever the folds say, and why.
PATTERNS_DECIDE: Mapping[str, str] = {
    "term": "rare word pairs weigh for it ('data protection'): with the Term article deleted "
    "from our own agreement, a data-protection sentence was taken for the term",
}

Spans = list[tuple[int, int]]

# Near misses, our own words after the shapes issue 16 names: negatives of that component.
NEAR_MISSES: Mapping[str, tuple[str, ...]] = {
    "revenue_sharing": (
        "The licence granted in this Section is royalty-free, fully paid-up and perpetual.",
        "Licensee shall have a non-exclusive, royalty free license to use the Marks.",
        "No royalty, fee or other amount shall be payable for the rights granted herein.",
        "Nothing in this Agreement creates a partnership or joint venture, and neither party "
        "shares in the profits or losses of the other.",
    ),
    "exclusivity": (
        "The license granted hereunder is non-exclusive and non-transferable.",
        "Licensor grants to Licensee a non- exclusive license to use the Software.",
        "This warranty states Customer's sole and exclusive remedy for any defect.",
        "The remedies in this Section are the exclusive remedies of the parties.",
        "Nothing in this Agreement creates an exclusive relationship between the parties.",
        "Supplier shall not be considered the exclusive provider of the Company.",
        "Company has the exclusive right, but not the obligation, to bring any action.",
        "This Agreement is for the sole and exclusive benefit of the parties.",
    ),
    "audit_rights": (
        "Please keep a copy of this Agreement for your records.",
        "Buyer waives any right to inspect the Products before delivery.",
    ),
    "license_grant": (
        "Nothing in this Agreement grants either party any license by implication, estoppel "
        "or otherwise.",
    ),
    "non_solicitation": (
        "Nothing in this Agreement restricts either party from marketing to the public.",
    ),
}


@dataclass(frozen=True)
class Example:
    """A development text: its document, name and per component (present, spans)."""

    name: str
    doc: SourceDocument
    truth: Mapping[str, tuple[bool, Spans]]


def development(components: Sequence[str]) -> list[Example]:
    """Every labelled CUAD text of the development part, read as the linter reads it."""
    root = split.CORPUS
    table = mapping(root / "cuad-dev")
    truth: dict[Path, dict[str, tuple[bool, Spans]]] = {}
    for corpus in ("cuad-dev", "cuad-more"):
        labels = json.loads((root / corpus / "labels.json").read_text(encoding="utf-8"))
        for entry in labels["documents"]:
            path = (root / corpus / entry["file"]).resolve()
            truth[path] = _cuad_truth(entry, table)
    out = []
    for path in split.texts("development", root):
        assert split.part(path) == "development"
        if path.resolve() in truth:
            full = truth[path.resolve()]
            out.append(Example(path.stem, read_document(path), {c: full[c] for c in components}))
    return out


def positive(start: int, end: int, spans: Spans) -> bool:
    """The unit overlaps a span by at least half of the shorter of the two."""
    for a, b in spans:
        overlap = min(end, b) - max(start, a)
        if overlap > 0 and overlap * 2 >= min(end - start, b - a):
            return True
    return False


@dataclass
class Rows:
    feats: list[set[str]]
    group: list[int]  # document index, -1 for a near miss
    label: dict[str, list[int]]  # 1, 0, or -1 (not used for this component)
    weight: list[float]


def rows(examples: Sequence[Example], components: Sequence[str]) -> Rows:
    out = Rows([], [], {c: [] for c in components}, [])
    for g, ex in enumerate(examples):
        for start, end, feats in unit_features(ex.doc):
            out.feats.append(feats)
            out.group.append(g)
            out.weight.append(1.0)
            for c in components:
                out.label[c].append(int(positive(start, end, ex.truth[c][1])))
    for component, texts in NEAR_MISSES.items():
        if component not in components:
            continue
        for text in texts:
            out.feats.append(features(tokens(text)))
            out.group.append(-1)
            out.weight.append(NEAR_MISS_WEIGHT)
            for c in components:
                out.label[c].append(0 if c == component else -1)
    return out


def _identity(x: Any) -> Any:
    return x


def train(
    data: Rows, components: Sequence[str], keep: Sequence[int], c_value: float = C
) -> dict[str, Any]:
    """The model data (no choices yet) trained on the rows ``keep``."""
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = CountVectorizer(analyzer=_identity, binary=True, min_df=2, lowercase=False)
    matrix = vec.fit_transform([sorted(data.feats[i]) for i in keep])
    names = vec.get_feature_names_out()
    weights: dict[str, list[list[float]]] = {}
    bias: list[float] = []
    sample_weight = np.array([data.weight[i] for i in keep])
    for ci, component in enumerate(components):
        labels = np.array([data.label[component][i] for i in keep])
        used = labels >= 0
        if labels[used].sum() == 0:
            bias.append(-10.0)
            continue
        clf = LogisticRegression(
            l1_ratio=1.0,  # L1: most weights are zero, the file stays small
            C=c_value,
            solver="liblinear",
            class_weight="balanced",
            random_state=SEED,
            max_iter=1000,
        )
        clf.fit(matrix[used], labels[used], sample_weight=sample_weight[used])
        bias.append(round(float(clf.intercept_[0]), DIGITS))
        coef = clf.coef_[0]
        for j in np.flatnonzero(np.abs(coef) >= MIN_WEIGHT):
            weights.setdefault(str(names[j]), []).append([ci, round(float(coef[j]), DIGITS)])
    return {
        "format": MODEL_FORMAT,
        "components": list(components),
        "bias": bias,
        "threshold": [0.0] * len(components),
        "weights": dict(sorted(weights.items())),
    }


def out_of_fold(
    examples: Sequence[Example],
    data: Rows,
    components: Sequence[str],
    folds: int = FOLDS,
    c_value: float = C,
) -> list[dict[str, Scored]]:
    """Per development document, its scores from a model that never saw it."""
    scored: list[dict[str, Scored]] = [{} for _ in examples]
    by_doc: dict[int, list[int]] = {}
    for i, g in enumerate(data.group):
        by_doc.setdefault(g, []).append(i)
    for fold in range(folds):
        test = [g for g in range(len(examples)) if g % folds == fold]
        keep = [i for i, g in enumerate(data.group) if g < 0 or g % folds != fold]
        model = model_from_data(train(data, components, keep, c_value))
        for g in test:
            items = unit_features(examples[g].doc)
            scored[g] = score_units(model, items, components)
        print(f"fold {fold + 1}/{folds} done", file=sys.stderr)
    return scored


@dataclass
class Figures:
    recall: float
    precision: float
    evidence: float

    @property
    def f1(self) -> float:
        r, p = self.recall, self.precision
        return 2 * r * p / (r + p) if r + p else 0.0


def figures(
    component: str,
    method: str,
    threshold: float,
    examples: Sequence[Example],
    patterns: Sequence[Mapping[str, Any]],
    scored: Sequence[Mapping[str, Scored]],
    evidence_first: bool = False,
    evidence_threshold: float = 0.0,
) -> Figures:
    labelled = detected = hit = checked = tp = 0
    for ex, pat, sc in zip(examples, patterns, scored, strict=True):
        present, spans = ex.truth[component]
        p = pat[component]
        s = sc[component]
        by_model = s.score > threshold
        found = combine(method, p.present, by_model)
        labelled += present
        detected += found
        if not (present and found):
            continue
        tp += 1
        if not spans:
            continue
        units = [(a, b) for _, a, b in s.best[:1]]
        if method == "classifier" or not p.present:  # the units that made it present
            evidence = [(a, b) for score, a, b in s.best if score > threshold]
        elif evidence_first and s.score > evidence_threshold:
            a, b = units[0]  # first, and the patterns' items on the same words dropped
            rest = [(e.start, e.end) for e in p.evidence if e.end <= a or e.start >= b]
            evidence = units + rest[: MAX_EVIDENCE - 1]
        else:
            evidence = [(e.start, e.end) for e in p.evidence][:MAX_EVIDENCE]
        checked += 1
        hit += any(_overlaps(a, b, spans) for a, b in evidence)
    return Figures(
        tp / labelled if labelled else 1.0,
        tp / detected if detected else 1.0,
        hit / checked if checked else 1.0,
    )


def best_threshold(
    component: str,
    method: str,
    examples: Sequence[Example],
    patterns: Sequence[Mapping[str, Any]],
    scored: Sequence[Mapping[str, Scored]],
) -> tuple[float, Figures]:
    """The threshold (between two document scores) with the best F1; the higher on a tie."""
    values = sorted({round(sc[component].score, DIGITS) for sc in scored})
    candidates = [(a + b) / 2 for a, b in pairwise(values)] or [0.0]
    best: tuple[float, Figures] | None = None
    for t in reversed(candidates):
        f = figures(component, method, t, examples, patterns, scored)
        if best is None or f.f1 > best[1].f1 + 1e-9:
            best = (round(t, DIGITS + 1), f)  # half-way: never equal to a score
    assert best is not None
    return best


def choose(
    components: Sequence[str],
    exact: Mapping[str, bool],
    examples: Sequence[Example],
    patterns: Sequence[Mapping[str, Any]],
    scored: Sequence[Mapping[str, Scored]],
) -> dict[str, Any]:
    """Thresholds and per-component choices from the out-of-fold scores; prints the table."""
    threshold: list[float] = []
    combine_threshold: list[float] = []
    combine: dict[str, str] = {}
    evidence_first: list[str] = []
    print(
        "| component | scope | patterns R/P/F1/ev | classifier R/P/F1/ev | or | confirm "
        "| chosen | evidence first |"
    )
    print("|---|---|---|---|---|---|---|---|")

    def show(f: Figures) -> str:
        return f"{f.recall:.2f} / {f.precision:.2f} / {f.f1:.2f} / {f.evidence:.2f}"

    for component in components:
        base = figures(component, "patterns", 0.0, examples, patterns, scored)
        t_alone, alone = best_threshold(component, "classifier", examples, patterns, scored)
        options = {"patterns": (0.0, base)}
        methods: tuple[str, ...] = ("or", "confirm", "classifier") if exact[component] else ("or",)
        if component in PATTERNS_DECIDE:
            methods = ()
        for method in methods:
            options[method] = best_threshold(component, method, examples, patterns, scored)
        if exact[component] and component not in PATTERNS_DECIDE:
            options["classifier"] = (t_alone, alone)
        pick = max(options, key=lambda m: options[m][1].f1 - (0 if m == "patterns" else MIN_GAIN))
        t_pick, f_pick = options[pick]
        first = figures(component, pick, t_pick, examples, patterns, scored, True, t_alone)
        use_first = first.evidence >= f_pick.evidence + MIN_GAIN
        threshold.append(t_alone)
        combine_threshold.append(t_pick)
        combine[component] = pick
        if use_first:
            evidence_first.append(component)
        cells = {m: show(options[m][1]) if m in options else "-" for m in ("or", "confirm")}
        print(
            f"| `{component}` | {'exact' if exact[component] else 'wider'} | {show(base)} "
            f"| {show(alone)} (t={t_alone}) | {cells['or']} | {cells['confirm']} "
            f"| {pick} (t={t_pick}) | {'yes' if use_first else 'no'} "
            f"({f_pick.evidence:.2f} -> {first.evidence:.2f}) |"
        )
    return {
        "threshold": threshold,
        "combine_threshold": combine_threshold,
        "combine": combine,
        "evidence_first": evidence_first,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="write the model here")
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--c", type=float, default=C, help="inverse L1 strength")
    args = parser.parse_args(argv)
    table = mapping(split.CORPUS / "cuad-dev")
    components = list(table)
    exact = {c: table[c][1] for c in components}
    examples = development(components)
    print(f"{len(examples)} development texts", file=sys.stderr)
    patterns = [detect_components(ex.doc, components, method="patterns") for ex in examples]
    data = rows(examples, components)
    print(f"{len(data.feats)} units", file=sys.stderr)
    scored = out_of_fold(examples, data, components, args.folds, args.c)
    choices = choose(components, exact, examples, patterns, scored)
    model = train(data, components, list(range(len(data.feats))), args.c)
    model.update(choices)
    model["weights"] = model.pop("weights")  # last in the file
    n_weights = sum(len(v) for v in model["weights"].values())
    print(f"\nfinal model: {len(model['weights'])} features, {n_weights} weights")
    if args.write:
        args.write.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {args.write} ({args.write.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
