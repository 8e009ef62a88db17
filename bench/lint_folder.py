"""Lint a folder of agreements and print documents per second.

    python -m bench.lint_folder ../shared/corpus/cuad-dev/texts [--jobs 2] [--kind reseller]

With no folder, lints the 500-text messy corpus the harness generates (bench/inputs.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--kind", default="strategic_alliance")
    args = parser.parse_args(argv)
    from agreement_builder.api import lint

    folder = args.folder
    if folder is None:
        from bench.inputs import fresh_corpus

        folder = fresh_corpus(500, "lint-corpus-")
    started = time.perf_counter()
    documents = findings = 0
    for report in lint([folder], kind=args.kind, jobs=args.jobs):
        documents += 1
        findings += len(report.findings)
    seconds = time.perf_counter() - started
    rate = documents / seconds if seconds else 0.0
    sys.stdout.write(
        f"{documents} documents, {findings} findings in {seconds:.2f} s: "
        f"{rate:.1f} documents per second (--jobs {args.jobs})\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
