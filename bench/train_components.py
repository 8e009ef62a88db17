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
   features: words, pairs of adjacent words, caption words, each kept only when units of at
   least ``MIN_SOURCES`` different companies have it (``vocabulary``: a word pair of one
   company's contracts, "western copper", is not learned). Weights under ``MIN_WEIGHT`` are
   dropped and the rest rounded, so the shipped file is small.
3. Five folds grouped by document (a document's units are never in training and test at once)
   give every development document an out-of-fold score per component, scored with the same
   pure-Python scorer as the lint path. On those scores, per component: the threshold of the
   classifier alone (best F1 against the labels), and the best of patterns alone, patterns OR
   classifier, patterns confirmed by the classifier (only where the CUAD scope is exact) and
   the classifier alone (exact scope only), each at its best threshold; a method other than
   the patterns is chosen only when its F1 is at least ``MIN_GAIN`` better. A second rule
   (``recall_rule``: patterns OR classifier when the out-of-fold classifier, at
   ``OR_PRECISION`` precision, finds at least the share of labelled documents that the
   patterns find in sample) is printed beside the table but does not choose (``--recall-rule``
   turns it on): it was written after the first model's held-out table had been read, and of
   the three components that table favoured it picks one (governing law), which development
   alone does not support (OR adds no labelled document there and two false ones), so
   shipping it would be choosing on the held-out part. The classifier's best
   unit goes first among the evidence when that raises the evidence hit rate by ``MIN_GAIN``
   or more.
4. The final model is trained on every development document and written with those choices.

Prints the cross-validated figures of each method (recall, precision, F1, evidence hit).
"""

from __future__ import annotations

import argparse
import json
import re
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
# The settings with the best summed F1 of the classifier alone on the development folds:
# C (inverse L1 strength) of 0.25, 0.5 and 1.0 without a floor, of 0.25 and 0.5 with it; the
# floor of 3, 5 and 8 companies (3) or documents; pairs with a number dropped or kept.
C = 0.25
MIN_SOURCES = 3  # a feature is kept only when units of this many development sources have it
BY_COMPANY = True  # sources are companies (the CUAD file name's first word), not documents
DIGIT_PAIRS = True  # pairs of words with a number ("# %") are features
MIN_WEIGHT = 0.02
DIGITS = 3  # decimals of the weights: the scorer sums them as integers (classifier.SCALE)
FOLDS = 5
assert 10**DIGITS == SCALE
MIN_GAIN = 0.01
# The second rule (patterns OR classifier where the out-of-fold classifier is as good): see
# ``recall_rule``. 0.95 is an error's bar (right 19 times in 20).
OR_PRECISION = 0.95
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
    company: str = ""  # who filed it (the CUAD file name's first word); "" -> its own name


def development(components: Sequence[str]) -> list[Example]:
    """Every labelled CUAD text of the development part, read as the linter reads it."""
    root = split.CORPUS
    table = mapping(root / "cuad-dev")
    truth: dict[Path, dict[str, tuple[bool, Spans]]] = {}
    company: dict[Path, str] = {}
    for corpus in ("cuad-dev", "cuad-more"):
        labels = json.loads((root / corpus / "labels.json").read_text(encoding="utf-8"))
        for entry in labels["documents"]:
            path = (root / corpus / entry["file"]).resolve()
            truth[path] = _cuad_truth(entry, table)
            company[path] = _COMPANY.split(entry.get("cuad_filename", ""))[0].upper()
    out = []
    for path in split.texts("development", root):
        assert split.part(path) == "development"
        if path.resolve() in truth:
            full = truth[path.resolve()]
            doc = read_document(path)
            truth_c = {c: full[c] for c in components}
            out.append(Example(path.stem, doc, truth_c, company[path.resolve()]))
    return out


_COMPANY = re.compile(r"[_\-\s]")


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
    source: list[str]  # its document's name or company, "near miss" for a near miss
    label: dict[str, list[int]]  # 1, 0, or -1 (not used for this component)
    weight: list[float]


def rows(
    examples: Sequence[Example], components: Sequence[str], by_company: bool = BY_COMPANY
) -> Rows:
    out = Rows([], [], [], {c: [] for c in components}, [])
    for g, ex in enumerate(examples):
        source = (ex.company or ex.name) if by_company else ex.name
        for start, end, feats in unit_features(ex.doc):
            out.feats.append(feats)
            out.group.append(g)
            out.source.append(source)
            out.weight.append(1.0)
            for c in components:
                out.label[c].append(int(positive(start, end, ex.truth[c][1])))
    for component, texts in NEAR_MISSES.items():
        if component not in components:
            continue
        for text in texts:
            out.feats.append(features(tokens(text)))
            out.group.append(-1)
            out.source.append("near miss")  # all of them one source: not a feature alone
            out.weight.append(NEAR_MISS_WEIGHT)
            for c in components:
                out.label[c].append(0 if c == component else -1)
    return out


def _identity(x: Any) -> Any:
    return x


def vocabulary(
    data: Rows,
    keep: Sequence[int],
    min_sources: int = MIN_SOURCES,
    digit_pairs: bool = DIGIT_PAIRS,
) -> list[str]:
    """The features of the rows ``keep`` that units of at least ``min_sources`` different
    sources have (a word pair of one company's contracts, "western copper", is not learned),
    without pairs that hold a number unless ``digit_pairs``; sorted."""
    seen: dict[str, set[str]] = {}
    for i in keep:
        source = data.source[i]
        for f in data.feats[i]:
            seen.setdefault(f, set()).add(source)
    return sorted(
        f
        for f, sources in seen.items()
        if len(sources) >= min_sources and (digit_pairs or " " not in f or "#" not in f)
    )


def train(
    data: Rows,
    components: Sequence[str],
    keep: Sequence[int],
    c_value: float = C,
    min_sources: int = MIN_SOURCES,
    digit_pairs: bool = DIGIT_PAIRS,
) -> dict[str, Any]:
    """The model data (no choices yet) trained on the rows ``keep``."""
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    vocab = vocabulary(data, keep, min_sources, digit_pairs)
    vec = CountVectorizer(analyzer=_identity, binary=True, vocabulary=vocab, lowercase=False)
    matrix = vec.transform([sorted(data.feats[i]) for i in keep])
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
    min_sources: int = MIN_SOURCES,
    digit_pairs: bool = DIGIT_PAIRS,
) -> list[dict[str, Scored]]:
    """Per development document, its scores from a model that never saw it."""
    scored: list[dict[str, Scored]] = [{} for _ in examples]
    by_doc: dict[int, list[int]] = {}
    for i, g in enumerate(data.group):
        by_doc.setdefault(g, []).append(i)
    for fold in range(folds):
        test = [g for g in range(len(examples)) if g % folds == fold]
        keep = [i for i, g in enumerate(data.group) if g < 0 or g % folds != fold]
        model = model_from_data(train(data, components, keep, c_value, min_sources, digit_pairs))
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


def precise_threshold(
    component: str,
    examples: Sequence[Example],
    patterns: Sequence[Mapping[str, Any]],
    scored: Sequence[Mapping[str, Scored]],
    lowest: float,
) -> tuple[float, Figures] | None:
    """The lowest threshold from ``lowest`` up (the highest recall) at which the classifier
    alone is right at least ``OR_PRECISION`` of the time out of fold, with its figures; None
    if there is none. ``lowest`` is the classifier's own best-F1 threshold: below it, where
    nearly every contract has the component, "present everywhere" would pass."""
    values = sorted({round(sc[component].score, DIGITS) for sc in scored})
    for a, b in pairwise(values):
        t = round((a + b) / 2, DIGITS + 1)
        if t < lowest:
            continue
        alone = figures(component, "classifier", t, examples, patterns, scored)
        if alone.precision >= OR_PRECISION:
            return t, alone
    return None


def recall_rule(base: Figures, precise: tuple[float, Figures] | None) -> bool:
    """The second rule: "patterns OR classifier" at the threshold of
    :func:`precise_threshold` where the classifier's recall there is at least the patterns'.

    The patterns' development figures are in-sample (they were written by reading those
    documents), the classifier's are out-of-fold, so comparing F1 leans towards the patterns.
    This rule does not trust the patterns' figures beyond what they are, an upper bound: OR
    is chosen when, at the lowest threshold where the classifier alone is right at least
    ``OR_PRECISION`` of the time out of fold, its out-of-fold recall is at least the patterns'
    in-sample recall. The classifier then finds, on documents it never saw, as many labelled
    documents as the patterns found on the documents they were written from, and OR adds at
    most the classifier's false detections, right 19 times in 20. Precision is measured against
    the CUAD labels: where our component is wider than the CUAD category that is a lower bound
    of the real precision, so the rule is only stricter there."""
    return precise is not None and precise[1].recall >= base.recall


def choose(
    components: Sequence[str],
    exact: Mapping[str, bool],
    examples: Sequence[Example],
    patterns: Sequence[Mapping[str, Any]],
    scored: Sequence[Mapping[str, Scored]],
    use_recall_rule: bool = False,
) -> dict[str, Any]:
    """Thresholds and per-component choices from the out-of-fold scores; prints the table."""
    threshold: list[float] = []
    combine_threshold: list[float] = []
    combine: dict[str, str] = {}
    evidence_first: list[str] = []
    print(
        "| component | scope | patterns R/P/F1/ev | classifier R/P/F1/ev | or | confirm "
        "| classifier at precision >= 0.95 | chosen | evidence first |"
    )
    print("|---|---|---|---|---|---|---|---|---|")

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
        precise = precise_threshold(component, examples, patterns, scored, t_alone)
        fair = bool(methods) and recall_rule(base, precise)
        if pick == "patterns" and fair and use_recall_rule and precise is not None:
            pick, t_pick = "or", precise[0]
            f_pick = figures(component, "or", t_pick, examples, patterns, scored)
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
            f"| {'-' if precise is None else f'{show(precise[1])} (t={precise[0]})'}"
            f"{' rule 2' if fair else ''} "
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
    parser.add_argument(
        "--recall-rule",
        action="store_true",
        help="let recall_rule choose patterns OR classifier (off: it was written after a "
        "held-out table had been read)",
    )
    parser.add_argument(
        "--min-sources", type=int, default=MIN_SOURCES, help="the document-frequency floor"
    )
    parser.add_argument(
        "--sources",
        choices=("documents", "companies"),
        default="companies" if BY_COMPANY else "documents",
        help="what the floor counts",
    )
    parser.add_argument(
        "--digit-pairs",
        action=argparse.BooleanOptionalAction,
        default=DIGIT_PAIRS,
        help="pairs of words with a number are features",
    )
    args = parser.parse_args(argv)
    table = mapping(split.CORPUS / "cuad-dev")
    components = list(table)
    exact = {c: table[c][1] for c in components}
    examples = development(components)
    print(f"{len(examples)} development texts", file=sys.stderr)
    patterns = [detect_components(ex.doc, components, method="patterns") for ex in examples]
    data = rows(examples, components, args.sources == "companies")
    print(f"{len(data.feats)} units", file=sys.stderr)
    floor = (args.min_sources, args.digit_pairs)
    scored = out_of_fold(examples, data, components, args.folds, args.c, *floor)
    choices = choose(components, exact, examples, patterns, scored, args.recall_rule)
    model = train(data, components, list(range(len(data.feats))), args.c, *floor)
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
