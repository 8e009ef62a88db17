"""Hostile documents, most of them one line: how long a whole lint of 1 MB and 2 MB takes.

    python -m bench.linear [--only WORD] [--sizes 1000000,2000000] [--repeat N]
    python -m bench.linear --against DIR    # DIR: another checkout, e.g. git worktree add

Every detector is written to run in time linear in its input (issue 18, item 5;
docs/security.md "Patterns in linear time"). Each family below is a pattern that once was,
or could be, worse than linear: a line of it is written to a file and linted in process
(read, segment, detect components, every document rule), after a warm-up on a small one.
The table gives the wall and CPU seconds for each size and the ratio of the CPU seconds of
the last size to the first (about 2 for linear work, from 1 MB to 2 MB).
The doubling tests of ``tests/analyze/test_linear_time.py`` build the same families and
assert that doubling one at most roughly doubles the time of the stage that was quadratic;
absolute times vary with the machine, so they are printed here, not asserted anywhere.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from itertools import count
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def repeat(unit: str, prefix: str = "", suffix: str = "") -> Callable[[int], str]:
    """A line of about ``n`` characters: ``unit`` repeated between a prefix and a suffix."""
    return lambda n: prefix + unit * max(1, (n - len(prefix) - len(suffix)) // len(unit)) + suffix


def letters(i: int) -> str:
    """``i`` written in lower-case letters, at least three ("baa", "bab", ...): a word."""
    out = ""
    i += 26 * 26
    while i:
        out = "abcdefghijklmnopqrstuvwxyz"[i % 26] + out
        i //= 26
    return out


def numbered(template: str, prefix: str = "", suffix: str = "") -> Callable[[int], str]:
    """A line of about ``n`` characters: ``template`` with ``{i}`` counting up from 1 (and
    ``{w}`` the same count in letters)."""

    def make(n: int) -> str:
        pieces = [prefix]
        size = len(prefix) + len(suffix)
        for i in count(1):
            piece = template.format(i=i, w=letters(i))
            if size + len(piece) > n and i > 1:
                break
            pieces.append(piece)
            size += len(piece)
        pieces.append(suffix)
        return "".join(pieces)

    return make


_HEADINGS = "".join(f"\n{i}. Heading {i}. Text.\n" for i in range(1, 8))

# family -> how to build a line of about n characters of it
FAMILIES: dict[str, Callable[[int], str]] = {
    # signature lines and blanks
    "dashes": repeat("-", "x "),
    "underscores": repeat("_", "x "),
    "dashes_and_underscores": repeat("-_", "x ", " x"),
    # capitalised phrases
    "capital_run": repeat("By"),
    "hyphenated_capitals": repeat("Alpha-"),
    "capitalised_words": repeat("Alpha Beta ", "The "),
    # blanks before a definitions list
    "tabs": repeat("\t", "", "x"),
    "blanks": repeat(" \t", "", "x"),
    # percentages and splits
    "percents": repeat("1% "),
    "percents_in_a_split": repeat("1% split revenue "),
    # look-alikes
    "zero_width_run": repeat("\u200b", "a", "b"),
    "bidi_run": repeat("\u202e", "(", "30)"),
    "no_break_spaces": repeat("Launch\u00a0Fee "),
    "zero_width_in_words": repeat("TB\u200bD "),
    "cyrillic_in_words": repeat("N\u043erthwind "),
    "mixed_letters_run": repeat("N\u043e"),
    # dates
    "dates": repeat("January 1, 2020 "),
    "impossible_dates": repeat("April 31, 2020 "),
    "day_first_dates": repeat("1st day of March, 2020 "),
    "effective_and_expiry": repeat("effective as of May 2, 2020 and expires on May 1, 2020. "),
    # defined terms
    "means": repeat('"Launch Fee" means the fee. '),
    "distinct_means": numbered('"Launch Fee {i}" means the fee. '),
    "inline_definitions": repeat('the fee (the "Launch Fee") '),
    "quotes": repeat('"A '),
    "singular": repeat("singular "),
    # words and figures
    "words_and_figures": repeat("thirty (30) days "),
    "words_against_figures": repeat("thirty (45) days "),
    "figures": repeat("(30) "),
    # placeholders
    "tbd": repeat("TBD "),
    "brackets": repeat("[AMOUNT] "),
    "blank_fields": repeat("fee of ____ "),
    # sections and references
    "sections": numbered("{i}. Term. The term runs. "),
    "keyword_sections": numbered("Section {i}. Term. The term runs. "),
    "paren_lists": repeat("(a) the fee; and "),
    "references": repeat("see Section 99 and "),
    "captioned_references": repeat("see Section 1 (Fees) and "),
    "digits": repeat("1 "),
    "dotted_numbers": repeat("1.1 "),
    # parties and signatures
    "companies": repeat("Gamma Corp. shall pay. "),
    "suffixes": repeat("Inc. "),
    "by_lines": repeat("By: ____ "),
    "witness": repeat("IN WITNESS WHEREOF "),
    # notices
    "notices": repeat("ninety (90) days prior written notice of non-renewal "),
    "notice_words": repeat("notice "),
    # capitalised phrases used like terms, each different, next to as many defined terms
    "distinct_phrases": numbered(
        '"Fee {w}" means x. the Alpha Q{w} and the Alpha Q{w} and the Alpha Q{w}. '
    ),
    # sections with a different caption each
    "distinct_captions": numbered("{i}. Term Q{w}. The term runs. "),
    "missing_references": repeat(
        "see Section 9 and ", "1. Fees. 2. Term. 3. Law. 4. Notices. 5. Audit. 6. Costs. "
    ),
    "long_word": repeat("a", "The ", " Q."),
    "substance": repeat("This Agreement is governed by the laws of England. "),
    "capitalised_companies": repeat("Alpha Beta Gamma Delta Epsilon Ltd "),
    "foreign_companies": numbered(
        "Gamma{w} Corp. shall pay. ",
        'Alpha Inc. ("Alpha") and Beta Ltd ("Beta") agree as follows. ',
    ),
    "party_variants": repeat(
        "NorthWind and North Wind pay. ",
        'Northwind Analytics Limited, a company ("Northwind") and Crestline Inc., a'
        ' corporation ("Crestline"). WHEREAS ',
    ),
    "form_exhibits": repeat("EXHIBIT A Form of Notice\nTBD\n"),
    # comments that silence the next line: each one's line was counted from the text's start
    "suppressions": repeat("<!-- agreement: disable-next-line DRF101 --> TBD "),
    "numbered_lines": numbered("{i}. Term {w}\n"),
    # consistency (issue 14, item 4): every figure's sentence looked up, every statement
    # compared with a capped set of earlier ones; tables read row by row
    "notice_periods": repeat("1 day notice "),
    "convenience_notices": repeat(
        "Either party may terminate this Agreement for convenience on 30 days notice "
    ),
    "cure_periods": repeat(
        "fails to cure a breach within 30 days after notice and may terminate this Agreement "
    ),
    "renewal_notices": repeat("notice at least 30 days prior to the expiration renew unless "),
    "notice_values": lambda n: " ".join(
        f"{i % 997} days' notice of non-renewal." for i in range(n // 32)
    ),
    "invoice_days": repeat("shall pay within 30 days of invoice "),
    "term_statements": repeat("initial term of 2 years "),
    "caps": repeat("liability shall not exceed $1 "),
    "liability_words": repeat("liability "),
    "percent_lines": repeat("Alpha Ltd 10%\n"),
    "pipe_rows": repeat("| Alpha | 10% |\n"),
    "bars": repeat("|"),
    "share_tables": repeat("Party Share\nAlpha Ltd 60%\nBeta Ltd 50%\n"),
    # cross-references (issue 16, item 2): lists read at most 24 pieces ahead for "of the X
    # Agreement"; heading numbers scanned once per text, not per reference
    "reference_lists": repeat("Sections 1.1, 2.2(a)(i) and 3.3 [Fees] ", _HEADINGS),
    "references_to_missing": repeat("under Section 9.9 (Alpha Beta) ", _HEADINGS),
    "open_captions": repeat("Section 2 (Alpha ", _HEADINGS),
    "heading_numbers": repeat("  1.1 Alpha 2.3(a) Beta IV. Gamma ", _HEADINGS + "See Section 9.\n"),
    # forms (issue 16, item 5): template fields, table cells, typed names, blanks
    "braces": repeat("{Alpha "),
    "pipes_and_spaces": repeat("| ", '"Alpha"'),
    "quoted_alternatives": repeat('"Alpha" or '),
    "party_columns": repeat("For Alpha Beta "),
    "blank_runs": repeat("x ____ "),
    "blank_pairs": repeat("_________ "),
}


def lint_seconds(path: Path) -> tuple[float, float]:
    """Wall and CPU seconds to lint ``path`` in process, as one worker of ``agreement lint``
    does (infinite when the lint was stopped by the time limit)."""
    from agreement_builder.api import _SUGGESTIONS
    from agreement_builder.engine import Config, load_registry
    from agreement_builder.engine.run_document import lint_path

    registry = load_registry()
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    report = lint_path(path, "strategic_alliance", Config(), registry, _SUGGESTIONS)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if any(f.code == "DOC003" for f in report.findings):  # stopped, not linted
        return float("inf"), float("inf")
    return wall, cpu


def _cell(wall: float, cpu: float) -> str:
    return "stopped" if wall == float("inf") else f"{wall:.2f} s ({cpu:.2f} s)"


_WORKER = """
import gc, json, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from agreement_builder.api import _SUGGESTIONS
from agreement_builder.engine import Config, load_registry
from agreement_builder.engine.run_document import lint_path
registry = load_registry()
for line in sys.stdin:
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    report = lint_path(Path(line.strip()), "strategic_alliance", Config(), registry, _SUGGESTIONS)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    stopped = any(f.code == "DOC003" for f in report.findings)
    print(json.dumps([wall, cpu, stopped]), flush=True)
"""


class _Worker:
    """A Python process linting with the package of one tree, file by file on request."""

    def __init__(self, root: Path, folder: str) -> None:
        code = _WORKER.format(root=str(root))
        self.process = subprocess.Popen(
            [sys.executable, "-c", code],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=folder,  # not a folder holding either package
        )

    def seconds(self, path: Path) -> tuple[float, float]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"{path}\n")
        self.process.stdin.flush()
        wall, cpu, stopped = json.loads(self.process.stdout.readline())
        return (float("inf"), float("inf")) if stopped else (wall, cpu)

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait()


def compare(against: Path, names: Sequence[str], sizes: Sequence[int]) -> None:
    """Each family linted by the package in ``against`` (before) and by this tree's (after),
    in turn, each in its own long-lived process: the table of both."""
    cells = " | ".join(f"{size / 1e6:g} MB before | {size / 1e6:g} MB after" for size in sizes)
    lines = [
        f"CPU seconds (wall seconds) for a whole lint, in process: before = {against}, after ="
        f" {ROOT}, run in turn",
        "",
        f"| family | {cells} |",
        "|---|" + "---|---|" * len(sizes),
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    with tempfile.TemporaryDirectory(prefix="bench-linear-") as folder:
        workers = [_Worker(against, folder), _Worker(ROOT, folder)]
        warm = Path(folder) / "warm.txt"
        warm.write_text(FAMILIES["dates"](10_000) + "\n", encoding="utf-8")
        for worker in workers:
            worker.seconds(warm)
        for number, name in enumerate(names):
            row = []
            for size in sizes:
                path = Path(folder) / f"{name}-{size}.txt"
                path.write_text(FAMILIES[name](size) + "\n", encoding="utf-8")
                order = workers if number % 2 == 0 else workers[::-1]  # who goes first alternates
                measured = {id(worker): worker.seconds(path) for worker in order}
                row += [measured[id(worker)] for worker in workers]
                path.unlink()
            shown = " | ".join(
                "stopped" if wall == float("inf") else f"{cpu:.2f} s ({wall:.2f} s)"
                for wall, cpu in row
            )
            sys.stdout.write(f"| {name} | {shown} |\n")
            sys.stdout.flush()
        for worker in workers:
            worker.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="families whose name contains this")
    parser.add_argument("--sizes", default="1000000,2000000", help="characters, comma-separated")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (the best is shown)")
    parser.add_argument(
        "--against",
        type=Path,
        help="a checkout of another version (git worktree add DIR REV): before and after",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    names = [name for name in FAMILIES if args.only in name]
    if args.against is not None:
        compare(args.against.resolve(), names, sizes)
        return 0
    header = " | ".join(f"{size / 1e6:g} MB" for size in sizes)
    lines = [
        "wall seconds (CPU seconds of this process) for a whole lint, in process",
        "",
        f"| family | {header} | ratio |",
        "|---|" + "---|" * len(sizes) + "---|",
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    with tempfile.TemporaryDirectory(prefix="bench-linear-") as folder:
        warm = Path(folder) / "warm.txt"
        warm.write_text(FAMILIES["dates"](10_000) + "\n", encoding="utf-8")
        lint_seconds(warm)  # rules, signals, clause library, compiled patterns
        for name in names:
            times = []
            for size in sizes:
                path = Path(folder) / f"{name}-{size}.txt"
                path.write_text(FAMILIES[name](size) + "\n", encoding="utf-8")
                times.append(min(lint_seconds(path) for _ in range(max(1, args.repeat))))
                path.unlink()
            first, last = times[0][1], times[-1][1]
            ratio = f"{last / first:.2f}" if len(times) > 1 and first > 0 and last < 1e9 else ""
            cells = " | ".join(_cell(*t) for t in times)
            sys.stdout.write(f"| {name} | {cells} | {ratio} |\n")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
