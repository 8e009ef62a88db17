"""Where linting a document spends its time: reading, component detection, each rule.

    python -m bench.stages [FOLDER] [--docs 100] [--kind strategic_alliance]

Lints the first ``--docs`` files of FOLDER in process, stage by stage as
``lint.document.lint_document`` runs them, twice (the first pass warms the caches), and prints a
Markdown table of milliseconds per document for each stage of the second pass, largest first.
With no folder, lints the messy corpus the harness generates (``python -m bench`` keeps it in
its work folder; this makes a fresh one).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path


def stage_times(files: Sequence[Path], kind: str) -> dict[str, float]:
    """Seconds per stage over ``files``, in one pass."""
    from agreement_builder.analyze.components import Locator, detect_components
    from agreement_builder.engine import Config, load_registry
    from agreement_builder.engine.run_document import rule_target
    from agreement_builder.engine.types import RULE_TYPES
    from agreement_builder.read import read_document

    registry = load_registry()
    config = Config()
    rules = [
        (rule, RULE_TYPES[rule.type].run_doc)
        for rule in registry
        if rule.applies_to("document", kind) and config.severity(rule) is not None
    ]
    spent: defaultdict[str, float] = defaultdict(float)
    for path in files:
        clock = time.perf_counter()

        def lap(stage: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            spent[stage] += now - clock
            clock = now

        doc = read_document(path)
        lap("read and segment")
        detected = detect_components(doc, list(registry.components), locator=Locator(doc))
        lap("detect components")
        target = rule_target(doc, kind, detected, registry)
        lap("rule target")
        for rule, run in rules:
            if run is not None:
                for _ in run(rule.params, target):
                    pass
                lap(f"rule {rule.name}")
    return spent


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--kind", default="strategic_alliance")
    args = parser.parse_args(argv)
    folder = args.folder
    if folder is None:
        from bench.inputs import fresh_corpus

        folder = fresh_corpus(args.docs, "lint-stages-")
    files = sorted(p for p in folder.iterdir() if p.is_file())[: args.docs]
    if not files:
        sys.stderr.write(f"{folder}: no files to lint\n")
        return 2
    stage_times(files, args.kind)  # warm-up: caches, lazily compiled patterns
    spent = stage_times(files, args.kind)
    total = sum(spent.values())
    lines = [
        f"{len(files)} documents from {folder}, {total / len(files) * 1000:.1f} ms each",
        "",
        "| stage | ms per document | share |",
        "|---|---|---|",
    ]
    for stage, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        lines.append(
            f"| {stage} | {seconds / len(files) * 1000:.2f} | {seconds / total * 100:.0f}% |"
        )
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
