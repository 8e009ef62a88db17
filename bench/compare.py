"""Our code at an earlier commit against the working tree, run alternately in one script.

    python -m bench.compare REV [--rounds 3] [--docs 100] [--work DIR]

Absolute times on a shared machine drift from minute to minute, so a before/after figure
taken in two runs is noise. This checks out REV into a temporary git worktree and times, for
each version in turn (best of ``--rounds``): linting ``--docs`` texts of the generated messy
corpus in process, and rendering the 39-page agreement to DOCX (render only, and load +
assemble + render). Each measurement runs in a fresh interpreter with only that version on
its path. A last row lints the same texts with both versions in one interpreter, each text
by both in turn (REV's package imported under another name): the steadiest figure for a
change of a few percent. Prints a Markdown table. Needs the bench inputs (``python -m bench --work DIR`` makes
them; the default DIR is the one ``python -m bench`` uses).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_LINT = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from agreement_builder import api
files = sorted(Path({corpus!r}).glob("*.txt"))[:{docs}]
list(api.lint(files[:3]))
start = time.perf_counter()
for _ in api.lint(files):
    pass
print((time.perf_counter() - start) / len(files) * 1000)
"""

_DOCX = """
import gc, sys, time
sys.path.insert(0, {root!r})
from agreement_builder import api
from agreement_builder.render.docx import render_docx
load_spec = api.load_spec
spec = {spec!r}
assembly = api.assemble_spec(load_spec(spec))
render_docx(assembly)
def best(fn):
    times = []
    for _ in range(5):
        gc.collect(); gc.disable()
        start = time.perf_counter(); fn(); times.append(time.perf_counter() - start)
        gc.enable()
    return min(times) * 1000
print(best(lambda: render_docx(assembly)))
print(best(lambda: render_docx(api.assemble_spec(load_spec(spec)))))
"""

# Both versions in one interpreter, document by document, in alternating order: drift that
# spans seconds then hits both alike. REV's package is imported as agreement_builder_base.
_INTERLEAVED = """
import gc, importlib, sys, time
sys.path.insert(0, {base!r})
sys.path.insert(0, {root!r})
from pathlib import Path

def linter(package):
    read = importlib.import_module(package + ".read")
    try:  # the layout since issue 13
        document = importlib.import_module(package + ".engine.run_document")
        engine = importlib.import_module(package + ".engine")
    except ModuleNotFoundError:  # earlier commits
        document = importlib.import_module(package + ".lint.document")
        engine = importlib.import_module(package + ".lint")
    registry, config = engine.load_registry(), engine.Config()
    return lambda path: document.lint_document(
        read.read_document(path), "strategic_alliance", config, registry
    )

before, after = linter("agreement_builder_base"), linter("agreement_builder")
files = sorted(Path({corpus!r}).glob("*.txt"))[:{docs}]
for path in files[:3]:
    before(path), after(path)
spent = {{before: 0.0, after: 0.0}}
gc.collect(); gc.disable()
for index, path in enumerate(files * {rounds}):
    for fn in (before, after) if index % 2 == 0 else (after, before):
        start = time.perf_counter(); fn(path); spent[fn] += time.perf_counter() - start
    if index % 50 == 49:
        gc.collect()
count = len(files) * {rounds}
print(spent[before] / count * 1000)
print(spent[after] / count * 1000)
"""

MEASURES = ("lint, ms per document", "DOCX render, ms", "DOCX load + assemble + render, ms")
INTERLEAVED = "lint in one interpreter, both versions per document, ms per document"


def _run(code: str, work: Path, what: str) -> list[float]:
    """Run ``code`` in a fresh interpreter (bytecode cached, as users run it); its numbers."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=work, env=env
    )
    if done.returncode != 0:
        raise SystemExit(f"{what}: measurement failed:\n{done.stderr[-2000:]}")
    return [float(line) for line in done.stdout.split()]


def measure(root: Path, work: Path, docs: int) -> list[float]:
    """One round of every measure for the code under ``root``, each in a fresh interpreter."""
    corpus = str(work / "corpus")
    spec = str(work / "specs" / "agreement-40p.yaml")
    return _run(_LINT.format(root=str(root), corpus=corpus, docs=docs), work, str(root)) + _run(
        _DOCX.format(root=str(root), spec=spec), work, str(root)
    )


def interleaved(old: Path, work: Path, docs: int, rounds: int) -> list[float]:
    """(before, after) lint ms per document, both versions linting each text in turn; the
    checkout ``old`` is imported as agreement_builder_base through links (its data files are
    found next to the package's resolved path)."""
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "agreement_builder_base").symlink_to(old / "agreement_builder")
        code = _INTERLEAVED.format(
            base=tmp, root=str(ROOT), corpus=str(work / "corpus"), docs=docs, rounds=rounds
        )
        return _run(code, work, "interleaved")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.compare", description=__doc__)
    parser.add_argument("rev", help="the earlier commit (anything git rev-parse accepts)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "benchwork")
    args = parser.parse_args(argv)
    if not (args.work / "corpus").is_dir() or not (args.work / "specs").is_dir():
        print(f"{args.work}: no bench inputs; run `python -m bench --work {args.work}` first")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        added = subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old), args.rev],
            capture_output=True,
            text=True,
        )
        if added.returncode != 0:
            print(f"cannot check out {args.rev!r} of {ROOT}: {added.stderr.strip()}")
            return 2
        try:
            best: dict[str, list[float]] = {}
            for _ in range(args.rounds):
                for name, root in (("before", old), ("after", ROOT)):
                    values = measure(root, args.work, args.docs)
                    previous = best.get(name, values)
                    best[name] = [min(a, b) for a, b in zip(previous, values, strict=True)]
            before, after = interleaved(old, args.work, args.docs, args.rounds)
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)],
                capture_output=True,
            )
    print(f"| measure (best of {args.rounds}, alternating) | {args.rev} | working tree | ratio |")
    print("|---|---|---|---|")
    rows = [*zip(MEASURES, best["before"], best["after"], strict=True)]
    rows.append((f"{INTERLEAVED} ({args.rounds} rounds)", before, after))
    for label, old_ms, new_ms in rows:
        print(f"| {label} | {old_ms:.1f} | {new_ms:.1f} | {new_ms / old_ms:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
