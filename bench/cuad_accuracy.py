"""Component detection accuracy on the corpora, development and held-out parts reported apart.

Run ``python -m bench.cuad_accuracy [--part development|held-out|both] [--write docs/accuracy.md]``
(the parts are those of :mod:`bench.split`; tune on ``development``, measure ``held-out`` only
at checkpoints), or ``--corpus ../shared/corpus/cuad-dev`` for one labelled corpus alone.
Every text is read with :func:`agreement_builder.read.read_document` and passed
to :func:`agreement_builder.analyze.components.detect_components`; the result is compared with the CUAD
labels through the category -> component table of the corpus README. For each mapped
component the table gives the number of labelled documents, recall, precision (exact only
where the README says the scope is "exact": where our component is wider, a detection without
a CUAD label is not necessarily wrong) and the evidence hit rate: the fraction of labelled
documents where one of the first five evidence items overlaps a labelled span (documents
whose labelled spans could not be located are left out of that rate).

The NDAs of ``nda-dev`` carry no CUAD labels, but every one of them has a confidentiality
obligation: they add the ``confidentiality`` row (recall only; no span, so no evidence rate).

``--method patterns|classifier|combined`` picks how detection uses the component classifier
(:mod:`agreement_builder.analyze.classifier`): not at all, alone, or combined as shipped (the
default).

``--write`` rewrites only the part of the Markdown file between ``BEGIN`` and ``END`` below
(the generated section); everything outside the markers is left as it is.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from agreement_builder.analyze.components import (
    MAX_EVIDENCE,
    METHODS,
    SHIPPED,
    detect_components,
)
from agreement_builder.read import read_document
from bench import split

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "cuad-dev"
BEGIN = "<!-- bench.cuad_accuracy: generated from here -->"
END = "<!-- bench.cuad_accuracy: generated up to here -->"
PARTS = ("development", "held-out")
NDA_CORPUS = "nda-dev"
_ROW = re.compile(r"^\|\s*`(?P<component>[a-z_]+)`\s*\|(?P<cats>[^|]+)\|\s*(?P<scope>[a-z]+)")


@dataclass
class Stats:
    component: str
    categories: tuple[str, ...]
    exact: bool
    labelled: int = 0
    detected: int = 0
    true_positive: int = 0
    evidence_hits: int = 0
    evidence_checked: int = 0  # labelled and detected, with located spans
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    no_evidence_hit: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.true_positive / self.labelled if self.labelled else 1.0

    @property
    def precision(self) -> float:
        return self.true_positive / self.detected if self.detected else 1.0

    @property
    def evidence_rate(self) -> float:
        return self.evidence_hits / self.evidence_checked if self.evidence_checked else 1.0


@dataclass
class Result:
    stats: dict[str, Stats]
    seconds: list[float]  # detection time per document
    documents: int
    mismatched_text: list[str]


def mapping(corpus: Path) -> dict[str, tuple[tuple[str, ...], bool]]:
    """component -> (CUAD categories, exact scope), from the table in the corpus README."""
    out: dict[str, tuple[tuple[str, ...], bool]] = {}
    for line in (corpus / "README.md").read_text(encoding="utf-8").splitlines():
        row = _ROW.match(line)
        if row:
            cats = tuple(c.strip() for c in row["cats"].split(",") if c.strip())
            out[row["component"]] = (cats, row["scope"] == "exact")
    if not out:
        raise SystemExit(f"{corpus / 'README.md'}: no category -> component table found")
    return out


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)


@dataclass(frozen=True)
class _Labelled:
    """One text to measure: its path and, per component, (present, labelled spans)."""

    path: Path
    truth: dict[str, tuple[bool, list[tuple[int, int]]]]


def _cuad_truth(
    entry: dict[str, Any], table: dict[str, tuple[tuple[str, ...], bool]]
) -> dict[str, tuple[bool, list[tuple[int, int]]]]:
    out = {}
    for component, (cats, _) in table.items():
        cat_labels = [entry["labels"].get(c, {}) for c in cats]
        present = any(lab.get("present") for lab in cat_labels)
        spans = [(s["start"], s["end"]) for lab in cat_labels for s in lab.get("spans", [])]
        out[component] = (present, spans)
    return out


def _measure(
    items: Sequence[_Labelled],
    table: dict[str, tuple[tuple[str, ...], bool]],
    method: str = SHIPPED,
) -> Result:
    stats = {c: Stats(c, cats, exact) for c, (cats, exact) in table.items()}
    seconds: list[float] = []
    mismatched: list[str] = []
    components = list(table)
    for item in items:
        path = item.path
        doc = read_document(path)
        if doc.text != path.read_text(encoding="utf-8"):
            mismatched.append(path.name)  # evidence offsets would not be label offsets
        wanted = [c for c in components if c in item.truth]
        began = time.perf_counter()
        found = detect_components(doc, wanted, method=method)
        seconds.append(time.perf_counter() - began)
        name = path.stem
        for component in wanted:
            present, spans = item.truth[component]
            st = stats[component]
            result = found[component]
            st.labelled += present
            st.detected += result.present
            if present and result.present:
                st.true_positive += 1
                if not spans:
                    continue  # the labels could not locate the clause in the text
                st.evidence_checked += 1
                evidence = result.evidence[:MAX_EVIDENCE]
                if any(_overlaps(e.start, e.end, spans) for e in evidence):
                    st.evidence_hits += 1
                else:
                    st.no_evidence_hit.append(name)
            elif present:
                st.missed.append(name)
            elif result.present:
                st.extra.append(name)
    return Result(stats, seconds, len(items), mismatched)


def evaluate(corpus: Path = DEFAULT_CORPUS, method: str = SHIPPED) -> Result:
    """Detect components in every text of one labelled corpus and compare with the labels."""
    table = mapping(corpus)
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    items = [_Labelled(corpus / e["file"], _cuad_truth(e, table)) for e in labels["documents"]]
    return _measure(items, table, method)


def evaluate_part(which: str, root: Path = split.CORPUS, method: str = SHIPPED) -> Result:
    """Detect components in every text of one part of :mod:`bench.split` (``development`` or
    ``held-out``): CUAD texts against their labels, NDAs for confidentiality alone."""
    if which not in PARTS:
        raise ValueError(f"unknown part {which!r}: {PARTS}")
    table = mapping(root / "cuad-dev")
    truth: dict[Path, dict[str, tuple[bool, list[tuple[int, int]]]]] = {}
    for corpus in ("cuad-dev", "cuad-more"):
        labels = json.loads((root / corpus / "labels.json").read_text(encoding="utf-8"))
        for entry in labels["documents"]:
            truth[(root / corpus / entry["file"]).resolve()] = _cuad_truth(entry, table)
    items: list[_Labelled] = []
    for path in split.texts(which, root):
        if path.parent.parent.name == NDA_CORPUS:
            items.append(_Labelled(path, {"confidentiality": (True, [])}))
        elif path.resolve() in truth:
            items.append(_Labelled(path, truth[path.resolve()]))
    table = {**table, "confidentiality": (("every NDA",), False)}
    return _measure(items, table, method)


def markdown_table(result: Result) -> str:
    lines = [
        "| component | scope | labelled | detected | recall | precision | evidence hit |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for st in result.stats.values():
        if not st.labelled and not st.detected:
            continue
        if st.categories == ("every NDA",):
            scope, precision, evidence = "NDAs", "-", "-"
        else:
            scope = "exact" if st.exact else "wider"
            precision = f"{st.precision:.2f}" if st.exact else f"({st.precision:.2f})"
            evidence = f"{st.evidence_rate:.2f}"
        lines.append(
            f"| `{st.component}` | {scope} | {st.labelled} "
            f"| {st.detected} | {st.recall:.2f} | {precision} | {evidence} |"
        )
    lines.append("")
    lines.append(
        f"Evidence on the labelled clause, all labelled components pooled: "
        f"{pooled_evidence_rate(result):.2f} (target >= 0.85)."
    )
    return "\n".join(lines)


def pooled_evidence_rate(result: Result) -> float:
    """Of all labelled and detected components, the share whose evidence hits the label."""
    hits = sum(st.evidence_hits for st in result.stats.values())
    checked = sum(st.evidence_checked for st in result.stats.values())
    return hits / checked if checked else 1.0


def timing(result: Result) -> str:
    ms = [s * 1000 for s in result.seconds]
    return (
        f"detection time per document: mean {statistics.mean(ms):.1f} ms, "
        f"median {statistics.median(ms):.1f} ms, max {max(ms):.1f} ms "
        f"({result.documents} documents)"
    )


def details(result: Result) -> str:
    out = []
    for st in result.stats.values():
        parts = []
        if st.missed:
            parts.append(f"missed {' '.join(st.missed)}")
        if st.extra:
            parts.append(f"unlabelled {' '.join(st.extra)}")
        if st.no_evidence_hit:
            parts.append(f"evidence off the label {' '.join(st.no_evidence_hit)}")
        if parts:
            out.append(f"- `{st.component}`: " + "; ".join(parts))
    return "\n".join(out)


DOC_HEAD = """# Component detection accuracy on real contracts

Measured on the parts of `bench/split.py`: development (cuad-dev, cuad-more `more_000`-`129`,
nda-dev `nda_dev_000`-`031`; signals are tuned on it) and held-out (cuad-more `more_130`-`258`,
nda-dev `nda_dev_032`-`062`; only measured). CUAD v1, The Atticus Project, CC BY 4.0: public
SEC contracts, compared with the CUAD labels through the category -> component table in the
corpus README; ContractNLI NDAs (CC BY 4.0) for confidentiality, which every NDA has.
Recall: labelled documents where the component is detected. Precision: detected documents
that carry the label; it is only a real precision where the scope is "exact" (in parentheses
otherwise: our component is wider than the CUAD category, so a detection without a label is
not necessarily wrong). Evidence hit: labelled and detected documents where one of the first
five evidence items overlaps a labelled span.

Targets (issue 16, on the held-out part): recall >= 0.92 for every mapped component (>= 0.97
for `governing_law` and `confidentiality`), precision >= 0.92 where the scope is exact,
evidence hit >= 0.85.

Detection as shipped: the patterns of `rules/signals.yaml` combined with the component
classifier where the development folds chose it (`--method combined`; see "A component
classifier beside the patterns" below). The classifier was trained on the development part:
its share of the development figures is in-sample; the held-out part is the measure.
"""


def _part_section(title: str, result: Result) -> str:
    return f"## {title}\n\n{markdown_table(result)}\n\n{timing(result)}.\n"


def generated(results: Mapping[str, Result]) -> str:
    """The generated section: the head, one table per part, the development misses."""
    parts = [
        DOC_HEAD,
        "Command: `.venv/bin/python -m bench.cuad_accuracy --part both --write docs/accuracy.md`  ",
        f"Date: {date.today().isoformat()}\n",
    ]
    for which, result in results.items():
        parts.append(_part_section(f"{which.capitalize()} part ({result.documents} texts)", result))
    development = results.get("development")
    if development is not None:
        parts.append("## Development documents behind the misses\n")
        parts.append(f"{details(development) or 'none'}\n")
    return "\n".join(parts)


def splice(existing: str, section: str) -> str:
    """``existing`` with the text between the markers replaced by ``section``; the markers
    and the section go first when the file has no markers yet."""
    block = f"{BEGIN}\n{section.rstrip()}\n{END}"
    head, sep, rest = existing.partition(BEGIN)
    if not sep:
        return f"{block}\n\n{existing}" if existing.strip() else f"{block}\n"
    _, sep2, tail = rest.partition(END)
    if not sep2:
        raise SystemExit(f"{BEGIN!r} without {END!r}: fix the file by hand")
    return f"{head}{block}{tail}"


def write_doc(results: Mapping[str, Result], path: Path) -> None:
    existing = path.read_text(encoding="utf-8") if path.is_file() else ""
    path.write_text(splice(existing, generated(results)), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--part",
        choices=(*PARTS, "both"),
        default="development",
        help="which part of bench/split.py (held-out: measure only, never tune on it)",
    )
    parser.add_argument("--corpus", type=Path, help="one labelled corpus instead of a part")
    parser.add_argument(
        "--method",
        choices=METHODS,
        default=SHIPPED,
        help="patterns alone, the classifier alone, or combined as shipped (the default)",
    )
    parser.add_argument(
        "--write", type=Path, help="rewrite the generated section of this Markdown file"
    )
    parser.add_argument(
        "--details", action="store_true", help="list the development documents behind misses"
    )
    args = parser.parse_args(argv)
    results: dict[str, Result] = {}
    if args.corpus is not None:
        if not (args.corpus / "labels.json").is_file():
            print(f"no labels.json in {args.corpus}", file=sys.stderr)
            return 2
        results[args.corpus.name] = evaluate(args.corpus, args.method)
    else:
        for which in PARTS if args.part == "both" else (args.part,):
            results[which] = evaluate_part(which, method=args.method)
    for which, result in results.items():
        print(f"## {which}\n")
        print(markdown_table(result))
        print()
        print(timing(result))
        print()
        if result.mismatched_text:
            print(f"WARNING: document text differs from file text: {result.mismatched_text}")
        if args.details and which != "held-out":
            print(details(result))
    if args.write:
        if args.corpus is not None or args.part != "both":
            print("--write needs --part both (the section shows both parts)", file=sys.stderr)
            return 2
        write_doc(results, args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
