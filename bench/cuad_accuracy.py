"""Component detection accuracy on the CUAD development set.

Run ``python -m bench.cuad_accuracy [--corpus ../shared/corpus/cuad-dev] [--write docs/accuracy.md]``.
Every text of the corpus is read with :func:`agreement_builder.read.read_document` and passed
to :func:`agreement_builder.analyze.components.detect_components`; the result is compared with the CUAD
labels through the category -> component table of the corpus README. For each mapped
component the table gives the number of labelled documents, recall, precision (exact only
where the README says the scope is "exact": where our component is wider, a detection without
a CUAD label is not necessarily wrong) and the evidence hit rate: the fraction of labelled
documents where one of the first five evidence items overlaps a labelled span (documents
whose labelled spans could not be located are left out of that rate).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from agreement_builder.analyze.components import MAX_EVIDENCE, detect_components
from agreement_builder.read import read_document

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "cuad-dev"
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


def evaluate(corpus: Path = DEFAULT_CORPUS) -> Result:
    """Detect components in every corpus text and compare with the labels."""
    table = mapping(corpus)
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    stats = {c: Stats(c, cats, exact) for c, (cats, exact) in table.items()}
    seconds: list[float] = []
    mismatched: list[str] = []
    components = list(table)
    for entry in labels["documents"]:
        path = corpus / entry["file"]
        doc = read_document(path)
        if doc.text != path.read_text(encoding="utf-8"):
            mismatched.append(entry["file"])  # evidence offsets would not be label offsets
        began = time.perf_counter()
        found = detect_components(doc, components)
        seconds.append(time.perf_counter() - began)
        name = Path(entry["file"]).stem
        for component, (cats, _) in table.items():
            st = stats[component]
            cat_labels = [entry["labels"].get(c, {}) for c in cats]
            present = any(lab.get("present") for lab in cat_labels)
            spans = [(s["start"], s["end"]) for lab in cat_labels for s in lab.get("spans", [])]
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
    return Result(stats, seconds, len(labels["documents"]), mismatched)


def markdown_table(result: Result) -> str:
    lines = [
        "| component | scope | labelled | detected | recall | precision | evidence hit |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for st in result.stats.values():
        precision = f"{st.precision:.2f}" if st.exact else f"({st.precision:.2f})"
        lines.append(
            f"| `{st.component}` | {'exact' if st.exact else 'wider'} | {st.labelled} "
            f"| {st.detected} | {st.recall:.2f} | {precision} | {st.evidence_rate:.2f} |"
        )
    lines.append("")
    lines.append(
        f"Evidence on the labelled clause, all labelled components pooled: "
        f"{pooled_evidence_rate(result):.2f} (target >= 0.80)."
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

Measured on `../shared/corpus/cuad-dev` (45 public SEC contracts from CUAD v1, The Atticus
Project, CC BY 4.0) against the CUAD labels, through the category -> component table in the
corpus README. Recall: labelled documents where the component is detected. Precision:
detected documents that carry the label; it is only a real precision where the scope is
"exact" (in parentheses otherwise: our component is wider than the CUAD category, so a
detection without a label is not necessarily wrong). Evidence hit: labelled and detected
documents where one of the first five evidence items overlaps a labelled span.

Targets (issue 5): recall >= 0.90 for every component (>= 0.97 for `governing_law`),
precision >= 0.90 where the scope is exact, evidence hit >= 0.80.
"""


def write_doc(result: Result, path: Path) -> None:
    text = (
        f"{DOC_HEAD}\n"
        f"Command: `.venv/bin/python -m bench.cuad_accuracy --write docs/accuracy.md`\n"
        f"Date: {date.today().isoformat()}\n\n"
        f"{markdown_table(result)}\n\n"
        f"{timing(result)}.\n\n"
        "## Documents behind the misses\n\n"
        f"{details(result) or 'none'}\n"
    )
    path.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--write", type=Path, help="also write the table to this Markdown file")
    parser.add_argument("--details", action="store_true", help="list the documents behind misses")
    args = parser.parse_args(argv)
    if not (args.corpus / "labels.json").is_file():
        print(f"no labels.json in {args.corpus}", file=sys.stderr)
        return 2
    result = evaluate(args.corpus)
    print(markdown_table(result))
    print()
    print(timing(result))
    if result.mismatched_text:
        print(f"WARNING: document text differs from file text: {result.mismatched_text}")
    if args.details:
        print(details(result))
    if args.write:
        write_doc(result, args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
