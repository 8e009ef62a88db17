"""Findings per document and the noise budget (issue 16 item 7): ``python -m bench.noise``.

Lints every text of the development and held-out parts (bench/split.py) with the default
configuration (preview rules off) and prints, per part, the distribution of findings per
document by severity, and on the signed contracts (a conformed "/s/" signature) the number
of error-level findings per document that tests/data/judged_findings.jsonl judges false. An
error-level finding on a signed contract that nobody judged is listed: judge it before
quoting the budget (docs/accuracy.md, Per-rule precision).
"""

from __future__ import annotations

import json
import re
import statistics
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from bench.split import CORPUS, texts

JUDGED = Path(__file__).resolve().parents[1] / "tests" / "data" / "judged_findings.jsonl"
SEVERITIES = ("error", "warning", "info")
_SIGNED = re.compile(r"/s/", re.IGNORECASE)


def spread(counts: Sequence[int]) -> str:
    """``median / mean / p90 / max`` of per-document counts."""
    ordered = sorted(counts)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return (
        f"{statistics.median(ordered):g} / {statistics.mean(ordered):.2f} / {p90} / {ordered[-1]}"
    )


def verdicts(lines: Iterable[str]) -> dict[tuple[str, str, str], str]:
    """(rule, document, excerpt or message) -> "true" | "false", from the judged file."""
    out: dict[tuple[str, str, str], str] = {}
    for line in lines:
        if line.strip():
            row = json.loads(line)
            out[(row["rule"], row["document"], row["excerpt"])] = row["verdict"]
    return out


def main(argv: Sequence[str] = ()) -> int:
    from agreement_builder import api

    judged = verdicts(JUDGED.read_text(encoding="utf-8").splitlines())
    for part in ("development", "held-out"):
        paths = texts(part)
        names = [str(p.relative_to(CORPUS)) for p in paths]
        per = {sev: dict.fromkeys(names, 0) for sev in SEVERITIES}
        false_errors: dict[str, int] = {}
        unjudged: list[tuple[str, str, str]] = []
        for name, path, report in zip(names, paths, api.lint(paths, jobs=2), strict=True):
            signed = bool(_SIGNED.search(path.read_text(encoding="utf-8", errors="replace")))
            if signed:
                false_errors[name] = 0
            for f in report.findings:
                per[f.severity][name] += 1
                if f.severity == "error" and signed:
                    key = (f.code, name, f.location.excerpt or f.message)
                    if key not in judged:
                        unjudged.append(key)
                    elif judged[key] == "false":
                        false_errors[name] += 1
        print(f"{part}: {len(names)} documents (median / mean / p90 / max per document)")
        for sev in SEVERITIES:
            print(f"  {sev}: {spread(list(per[sev].values()))}")
        total = [sum(per[sev][n] for sev in SEVERITIES) for n in names]
        print(f"  all: {spread(total)}")
        counts = list(false_errors.values()) or [0]
        print(
            f"  signed: {len(false_errors)}; false error-level findings per signed document: "
            f"{spread(counts)}; documents with any: {sum(c > 0 for c in counts)}"
        )
        for key in unjudged:
            print(f"  not judged: {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
