"""The benchmark harness: our tool side by side with what a user would otherwise use.

``python -m bench`` (or ``make bench``) builds its inputs deterministically into a work folder,
runs every case several times after a warm-up and prints a Markdown table: case, ours (median,
min, max), peer (median), ratio ours/peer and the target. Where ours and the peer can take
turns (every row with a peer but the start-up rows), they run in alternating
rounds and the ratio, marked "paired", is the median of the rounds' ratios: the machine's
speed drifts by up to a third within minutes, which a ratio of two separate medians absorbs. It installs nothing: the peers come
from ``pip install -e .[bench]`` (contract-lint, docxtpl) and Debian's
``libreoffice-writer-nogui`` (soffice); a peer that is missing makes its row say
"peer unavailable" and the run goes on.

``--smoke`` runs tiny inputs once, with no thresholds and only the cheap peers, so CI can run
it in seconds; ``--only WORD`` keeps the cases whose name contains WORD.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bench import inputs as gen

ROOT = gen.ROOT
PAGES = (10, 40, 160)
PDF_SPECS = 10
SAMPLE_SPECS = sorted((ROOT / "samples").glob("*.yaml"))


@dataclass
class Inputs:
    work: Path
    smoke: bool
    specs: dict[int, Path] = field(default_factory=dict)  # by nominal size
    docx: dict[int, Path] = field(default_factory=dict)
    pdf: dict[int, Path] = field(default_factory=dict)
    text: dict[int, Path] = field(default_factory=dict)
    pages: dict[int, int] = field(default_factory=dict)  # real PDF page counts
    multi_specs: list[Path] = field(default_factory=list)  # for the 10-spec PDF build
    multi_docx: list[Path] = field(default_factory=list)
    corpus: Path = Path()
    mem_files: list[Path] = field(default_factory=list)
    corpus_size: int = 0
    mem_counts: tuple[int, ...] = ()


@dataclass
class Row:
    case: str
    target: str
    ours: list[float] = field(default_factory=list)
    peer: list[float] = field(default_factory=list)
    note: str = ""  # replaces the peer column when there is no peer number
    unit: str = "s"  # "s" or "MB"
    ratio: float | None = None


# ------------------------------------------------------------------ running things


def ours_cmd() -> list[str]:
    script = Path(sys.executable).with_name("agreement")
    return [str(script)] if script.exists() else [sys.executable, "-m", "agreement_builder"]


def contract_lint_cmd() -> list[str] | None:
    script = Path(sys.executable).with_name("contract-lint")
    if script.exists():
        return [str(script)]
    if importlib.util.find_spec("contract_lint_cli") is None:
        return None
    return [
        sys.executable,
        "-c",
        "import sys, contract_lint_cli; sys.exit(contract_lint_cli.main())",
    ]


def soffice_cmd(work: Path) -> list[str] | None:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        return None
    profile = (work / "lo-profile").resolve().as_uri()
    return [exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]


def run(argv: Sequence[str], ok: Sequence[int] = (0, 1)) -> tuple[float, float]:
    """Run a whole process to the end: (seconds, peak RSS in MB of it and its children)."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(argv), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    assert proc.stderr is not None
    with proc.stderr:
        err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok:
        raise RuntimeError(f"{' '.join(argv[:4])} ... exited {proc.returncode}: {err[-2000:]!r}")
    return seconds, usage.ru_maxrss / 1024


def _once(fn: Callable[[], Any]) -> float:
    """Seconds for one run. As ``timeit`` does, the run starts after a full collection with
    the garbage collector paused, so no side pays for collecting the harness's own objects
    (the inputs it holds) at a random moment."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start
    finally:
        gc.enable()


def timed(fn: Callable[[], Any], reps: int, warmup: int = 1) -> list[float]:
    """Seconds per run after ``warmup`` runs."""
    for _ in range(warmup):
        fn()
    return [_once(fn) for _ in range(reps)]


def paired(sides: Sequence[Callable[[], Any]], reps: int, warmup: int = 1) -> list[list[float]]:
    """Seconds per run for each side, the sides taking turns within each round (who goes
    first rotates), so the machine's drift over minutes hits every side alike; see
    :func:`paired_ratio`."""
    for fn in sides:
        for _ in range(warmup):
            fn()
    out: list[list[float]] = [[] for _ in sides]
    for round_ in range(reps):
        for turn in range(len(sides)):
            side = (turn + round_) % len(sides)
            out[side].append(_once(sides[side]))
    return out


def paired_ratio(ours: Sequence[float], peer: Sequence[float]) -> float | None:
    """The median of ours/peer over rounds run in turn: the steady figure on a machine whose
    speed moves by a third from minute to minute (a ratio of medians mixes minutes)."""
    ratios = [o / p for o, p in zip(ours, peer, strict=True) if p > 0]
    return statistics.median(ratios) if ratios else None


def timed_cmd(argv: Sequence[str], reps: int, warmup: int = 1) -> list[float]:
    return timed(lambda: run(argv), reps, warmup)


# ------------------------------------------------------------------ inputs


def _stamp(smoke: bool) -> str:
    digest = hashlib.sha256(Path(gen.__file__).read_bytes())
    digest.update(b"smoke" if smoke else b"full")
    for sample in sorted(gen.SAMPLES.glob("*.yaml")):
        digest.update(sample.read_bytes())
    return digest.hexdigest()[:16]


def prepare(work: Path, smoke: bool, log: Callable[[str], None]) -> Inputs:
    """Build every input into ``work`` (kept if ``work/.stamp`` says they are current)."""
    from agreement_builder.api import build
    from agreement_builder.read import read_document

    work.mkdir(parents=True, exist_ok=True)
    inp = Inputs(work, smoke)
    inp.corpus_size = 6 if smoke else 500
    inp.mem_counts = (5, 10, 20) if smoke else (500, 1000, 2000)
    specs_dir, out = work / "specs", work / "out"
    specs_dir.mkdir(exist_ok=True)
    stamp = work / ".stamp"
    fresh = stamp.exists() and stamp.read_text() == _stamp(smoke)
    for size in PAGES:
        inp.specs[size] = specs_dir / f"agreement-{size}p.yaml"
        for fmt, table in (("docx", inp.docx), ("pdf", inp.pdf), ("txt", inp.text)):
            table[size] = out / f"agreement-{size}p.{fmt}"
    names = sorted(p.stem for p in gen.SAMPLES.glob("*.yaml"))
    count = 2 if smoke else PDF_SPECS
    for n in range(count):
        inp.multi_specs.append(specs_dir / f"multi-{n:02d}.yaml")
        inp.multi_docx.append(out / "multi" / f"multi-{n:02d}.docx")
    inp.corpus = work / "corpus"
    mem = work / "memory"
    inp.mem_files = [mem / f"doc{n:05d}.txt" for n in range(max(inp.mem_counts))]
    if not fresh:
        log(f"building inputs in {work} ...")
        for path in (out, inp.corpus, mem):
            shutil.rmtree(path, ignore_errors=True)
        for size in PAGES:
            gen.write_spec(gen.spec_for(size, smoke), inp.specs[size])
        for n, path in enumerate(inp.multi_specs):
            spec = gen.small_spec() if smoke else gen._load(names[n % len(names)])
            spec["agreement"]["reference"] = f"{spec['agreement'].get('reference', 'REF')}-{n}"
            gen.write_spec(spec, path)
        unique: dict[str, int] = {}  # identical specs (smoke) are built once and copied
        for size in PAGES:
            unique.setdefault(inp.specs[size].read_text(encoding="utf-8"), size)
        build([inp.specs[s] for s in unique.values()], out, ("docx", "pdf"))
        for size in PAGES:
            first = unique[inp.specs[size].read_text(encoding="utf-8")]
            for table in (inp.docx, inp.pdf):
                if first != size:
                    shutil.copyfile(table[first], table[size])
        build(inp.multi_specs, out / "multi", ("docx",))
        for size in PAGES:
            text = read_document(inp.docx[size]).text
            inp.text[size].write_text(text, encoding="utf-8")
        if smoke:
            base = [t[:6000] for t in gen.sample_texts(work / "samples", names[:2])]
        else:
            base = [read_document(p).text for p in inp.multi_docx[: len(names)]]
        gen.write_corpus(base, inp.corpus_size, inp.corpus)
        # The memory corpus: many shorter texts (a quarter of an agreement each), so that
        # 2,000 of them lint in minutes; what matters is that memory does not grow with count.
        short = [t[: len(t) // 4] for t in base]
        gen.write_corpus(short, len(inp.mem_files), mem, seed=11)
        stamp.write_text(_stamp(smoke))
    import pypdfium2 as pdfium

    for size in PAGES:
        doc = pdfium.PdfDocument(str(inp.pdf[size]))
        inp.pages[size] = len(doc)
        doc.close()
    return inp


# ------------------------------------------------------------------ the cases


def docxtpl_peer(docx_path: Path, work: Path) -> Callable[[], bytes] | None:
    """docxtpl rendering the text of ``docx_path`` from a DOCX template, in process."""
    if importlib.util.find_spec("docxtpl") is None:
        return None
    import io

    import docx
    from docxtpl import DocxTemplate

    source = docx.Document(str(docx_path))
    paras = [
        {"text": p.text, "heading": p.style is not None and p.style.name.startswith("Heading")}
        for p in source.paragraphs
    ]
    template = work / "docxtpl-template.docx"
    doc = docx.Document()
    doc.add_paragraph("{{ title }}", style="Title")
    doc.add_paragraph("{%p for p in paras %}")
    doc.add_paragraph("{%p if p.heading %}")
    doc.add_paragraph("{{ p.text }}", style="Heading 1")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("{{ p.text }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")
    doc.save(str(template))
    context = {"title": paras[0]["text"] if paras else "", "paras": paras}

    def render() -> bytes:
        tpl = DocxTemplate(str(template))
        tpl.render(context)
        buffer = io.BytesIO()
        tpl.save(buffer)
        return buffer.getvalue()

    return render


def cases(inp: Inputs, reps: int, log: Callable[[str], None], only: str = "") -> list[Row]:
    from agreement_builder import api
    from agreement_builder.render.docx import render_docx
    from agreement_builder.spec.schemas import load_spec

    ag = ours_cmd()
    smoke = inp.smoke
    warm = 0 if smoke else 1
    heavy = 1 if smoke else max(1, min(reps, 3))
    rows: list[Row] = []
    tmp = inp.work / "tmp"
    tmp.mkdir(exist_ok=True)
    n = inp.corpus_size
    files = sorted(inp.corpus.glob("*.txt"))
    warm_files = [str(f) for f in files[:20]]
    peer_lint = contract_lint_cmd()
    soffice = None if smoke else soffice_cmd(inp.work)

    def want(name: str) -> bool:
        return only.lower() in name.lower()

    # 1-2: the corpus, one process and --jobs 2, against contract-lint in one process
    name1, name2 = f"lint {n} messy texts, one process", f"lint {n} messy texts, --jobs 2"
    if want(name1) or want(name2):
        lint_argv = [*ag, "lint", str(inp.corpus), "--format", "jsonl"]
        sides = {name1: lint_argv, name2: [*lint_argv, "--jobs", "2"]}
        sides = {name: argv for name, argv in sides.items() if want(name)}
        targets = {name1: "<= 0.5x", name2: "<= 0.3x"}
        note = "peer unavailable"
        if peer_lint is not None:
            sides["peer"] = [*peer_lint, "lint", "--json", *map(str, files)]
            note = ""
        log(f"{' and '.join(n for n in sides if n != 'peer')}, in turn with the peer ...")
        if warm:
            run([*ag, "lint", *warm_files, "--format", "jsonl"])
            if peer_lint is not None:
                run([*peer_lint, "lint", "--json", *warm_files])
        times = dict(zip(sides, paired([_cmd(a) for a in sides.values()], heavy, 0), strict=True))
        for name in (name1, name2):
            if name in times:
                rows.append(_row(name, targets[name], times[name], times.get("peer", []), note))

    # 3-4: the 40-page DOCX in process, against docxtpl
    name3 = f"build {inp.pages[40]}-page DOCX in process (render only)"
    name4 = f"build {inp.pages[40]}-page DOCX in process (load + assemble + render)"
    if want(name3) or want(name4):
        log("DOCX in process ...")
        spec = load_spec(inp.specs[40])
        assembly = api.assemble_spec(spec)
        peer_fn = docxtpl_peer(inp.docx[40], tmp)
        note = "" if peer_fn else "peer unavailable"
        docx_sides: dict[str, Callable[[], Any]] = {
            name3: lambda: render_docx(assembly),
            name4: lambda: render_docx(api.assemble_spec(load_spec(inp.specs[40]))),
        }
        docx_sides = {name: fn for name, fn in docx_sides.items() if want(name)}
        if peer_fn:
            docx_sides["peer"] = peer_fn
        times = dict(zip(docx_sides, paired(list(docx_sides.values()), reps, 1), strict=True))
        for name in (name3, name4):
            if name in times:
                rows.append(_row(name, "<= 1.0x", times[name], times.get("peer", []), note))

    # 5-6: PDF, whole process, against LibreOffice
    name5 = f"`agreement build --format pdf`, one {inp.pages[40]}-page spec, whole process"
    if want(name5):
        log(name5 + " ...")
        ours_argv = [*ag, "build", str(inp.specs[40]), "--format", "pdf", "-o", str(tmp / "pdf1")]
        peer_argv = [*soffice, "--outdir", str(tmp / "lo1"), str(inp.docx[40])] if soffice else []
        rows.append(_whole_process_row(name5, "<= 1.3x", ours_argv, peer_argv, heavy, warm, smoke))
    name6 = f"`agreement build --format pdf --jobs 2`, {len(inp.multi_specs)} specs in one call"
    if want(name6):
        log(name6 + " ...")
        specs = [str(p) for p in inp.multi_specs]
        ours_argv = [
            *ag,
            "build",
            *specs,
            "--format",
            "pdf",
            "--jobs",
            "2",
            "-o",
            str(tmp / "pdfn"),
        ]
        docs = [str(p) for p in inp.multi_docx]
        peer_argv = [*soffice, "--outdir", str(tmp / "lon"), *docs] if soffice else []
        rows.append(_whole_process_row(name6, "<= 1.0x", ours_argv, peer_argv, heavy, warm, smoke))

    # 7-8: start-up, whole process, against `python -c pass`
    name7, name8 = (
        "`agreement validate` a sample, whole process",
        "`agreement --help`, whole process",
    )
    if want(name7) or want(name8):
        log("start-up ...")
        light = 1 if smoke else max(5 * reps, 15)  # cheap runs: enough for a steady median
        base = timed_cmd([sys.executable, "-c", "pass"], light, warm)
        sample = str(gen.SAMPLES / "strategic_alliance.yaml")
        if want(name7):
            ours = timed_cmd([*ag, "validate", sample], light, warm)
            rows.append(Row(name7, "<= 250 ms median", ours, base, "", "s", None))
        if want(name8):
            ours = timed_cmd([*ag, "--help"], light, warm)
            rows.append(Row(name8, "<= 150 ms median", ours, base))

    # 9: PDF against DOCX reading + linting, in process
    name9 = f"lint the {inp.pages[160]}-page PDF (peer: the same as DOCX)"
    if want(name9):
        log(name9 + " ...")

        def lint_one(path: Path) -> Callable[[], Any]:
            return lambda: list(api.lint([path]))

        ours, peer = paired([lint_one(inp.pdf[160]), lint_one(inp.docx[160])], heavy, 1)
        rows.append(_row(name9, "<= 2.0x", ours, peer))

    # 10: cost growth per page, text and PDF
    for fmt, table in (("text", inp.text), ("PDF", inp.pdf)):
        name = f"lint {fmt}: time per page at {inp.pages[160]} p (peer: at {inp.pages[10]} p)"
        if not want(name):
            continue
        log(name + " ...")

        def lint_file(path: Path) -> Callable[[], Any]:
            return lambda: list(api.lint([path]))

        sizes = paired([lint_file(table[size]) for size in PAGES], heavy, 1)
        per = {
            size: [t / inp.pages[size] for t in runs]
            for size, runs in zip(PAGES, sizes, strict=True)
        }
        mid = statistics.median(per[40])
        note = f"{inp.pages[40]} p: {mid * 1000:.1f} ms/page"
        rows.append(_row(name, "<= 1.5x", per[160], per[10], note))

    # 11: peak RSS of one process as the file count grows
    name11 = (
        f"peak RSS, lint {inp.mem_counts[-1]} files, one process (peer: {inp.mem_counts[0]} files)"
    )
    if want(name11):
        rss: dict[int, float] = {}
        for count in inp.mem_counts:
            log(f"memory: {count} files ...")
            paths = [str(p) for p in inp.mem_files[:count]]
            _, rss[count] = run([*ag, "lint", *paths, "--format", "jsonl"])
        mids = ", ".join(f"{c}: {rss[c]:.0f} MB" for c in inp.mem_counts)
        rows.append(
            Row(
                name11,
                "<= 300 MB, flat",
                [rss[inp.mem_counts[-1]]],
                [rss[inp.mem_counts[0]]],
                mids,
                "MB",
            )
        )
    # 12-13: presign with --spec and --against, against lint of the same file (issue 14):
    # the joint-venture sample (the largest of the first seven; named, so a new sample does
    # not change what the row measures), then the 159-page agreement
    from agreement_builder.analyze.redline import compare
    from agreement_builder.read import read_document

    largest = next(p for p in SAMPLE_SPECS if p.stem == "joint_venture")
    cases: list[tuple[str, Path, Path | None]] = [
        (f"{largest.stem} sample", largest, None),
        (f"{inp.pages[160]}-page", inp.specs[160], inp.docx[160]),
    ]
    for label, deal, sent in cases:
        name = (
            f"presign --spec --against, {label} DOCX returned with untracked edits "
            "(peer: lint of the returned file)"
        )
        if not want(name):
            continue
        log(name + " ...")
        if sent is None:
            [result] = api.build([deal], tmp / "presign", ["docx"])
            sent = result.outputs[0]
        returned = returned_copy(sent, tmp / f"returned-{deal.stem}.docx")

        def presign(returned: Path = returned, deal: Path = deal, sent: Path = sent) -> Any:
            return api.presign(returned, spec=deal, against=sent)

        def lint(returned: Path = returned) -> Any:
            return list(api.lint([returned]))

        ours, peer = paired([presign, lint], heavy, 1)
        sent_doc, returned_doc = read_document(sent), read_document(returned)

        def compared(a: Any = sent_doc, b: Any = returned_doc) -> Any:
            return compare(a, b)

        alone = timed(compared, heavy, 1)
        note = f"compare() alone: {_fmt(statistics.median(alone), 's')}"
        rows.append(_row(name, "<= 1.5x", ours, peer, note))
    return rows


def returned_copy(sent: Path, target: Path) -> Path:
    """``sent`` as a counterparty returns it: one paragraph reworded, one deleted and one
    moved, none of it tracked (lxml on word/document.xml)."""
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(sent) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    body = root.find(f"{w}body")
    paragraphs = [p for p in body.iter(f"{w}p") if p.find(f".//{w}t") is not None]
    count = len(paragraphs)
    text = paragraphs[count // 3].find(f".//{w}t")
    text.text = (text.text or "") + " (as amended)"
    gone = paragraphs[count // 2]
    gone.getparent().remove(gone)
    moving = paragraphs[2 * count // 3]
    moving.getparent().remove(moving)
    paragraphs[count // 4].addprevious(moving)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def _cmd(argv: Sequence[str]) -> Callable[[], Any]:
    return lambda: run(argv)


def _row(case: str, target: str, ours: list[float], peer: list[float], note: str = "") -> Row:
    """A row whose sides ran in turn: its ratio is the median of the rounds' ratios."""
    ratio = paired_ratio(ours, peer) if ours and len(ours) == len(peer) else None
    return Row(case, target, ours, peer, note, ratio=ratio)


def _whole_process_row(
    case: str,
    target: str,
    ours_argv: list[str],
    peer_argv: list[str],
    reps: int,
    warmup: int,
    smoke: bool,
) -> Row:
    """Our command and the peer's (when there is one) run in turn, ``reps`` rounds."""
    if not peer_argv:
        note = "skipped (smoke)" if smoke else "peer unavailable"
        return Row(case, target, timed_cmd(ours_argv, reps, warmup), [], note)
    ours, peer = paired([_cmd(ours_argv), _cmd(peer_argv)], reps, warmup)
    return _row(case, target, ours, peer)


# ------------------------------------------------------------------ the table


def _fmt(value: float, unit: str) -> str:
    if unit == "MB":
        return f"{value:.0f} MB"
    if value < 1:
        return f"{value * 1000:.1f} ms" if value < 0.1 else f"{value * 1000:.0f} ms"
    return f"{value:.2f} s"


def table(rows: list[Row]) -> str:
    lines = [
        "| case | ours median | min | max | peer median | ratio ours/peer | target |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        if row.ours:
            med = statistics.median(row.ours)
            ours = [
                _fmt(med, row.unit),
                _fmt(min(row.ours), row.unit),
                _fmt(max(row.ours), row.unit),
            ]
        else:
            med, ours = 0.0, ["-", "-", "-"]
        if row.peer:
            peer_med = statistics.median(row.peer)
            peer = _fmt(peer_med, row.unit) + (f" ({row.note})" if row.note else "")
            ratio = f"{med / peer_med:.2f}x" if peer_med and row.ours else "-"
            if row.ratio is not None:
                ratio = f"{row.ratio:.2f}x paired"
        else:
            peer, ratio = row.note or "peer unavailable", "-"
        lines.append(f"| {row.case} | {' | '.join(ours)} | {peer} | {ratio} | {row.target} |")
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}, {date.today().isoformat()}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--smoke", action="store_true", help="tiny inputs, one repetition, no thresholds"
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="repetitions per case (heavy cases: at most 3)"
    )
    parser.add_argument("--work", type=Path, help="keep the inputs in this folder and reuse them")
    parser.add_argument("--only", default="", help="run only the cases whose name contains this")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="agreement-bench-") as temp:
        work = args.work or Path(temp)
        inp = prepare(work, args.smoke, log)
        reps = 1 if args.smoke else args.repeat
        rows = cases(inp, reps, log, args.only)
    sizes = ", ".join(f"{s}: {inp.pages[s]} p" for s in PAGES)
    print(f"Machine: {machine()}")
    print(f"Agreements (nominal: real PDF pages): {sizes}\n")
    print(table(rows))
    return 0
