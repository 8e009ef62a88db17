"""The front door: every command of the CLI as a plain function (no click, no printing).

A spec goes load -> check -> assemble -> render; a document goes read -> analyze -> engine;
both end as :class:`~agreement_builder.report.Report` objects that ``render_reports`` writes
in any format. This module decides the failure policy (``report_fails``) and where work runs
(``parallel``).

Start-up is part of the product (``agreement --help`` and ``validate`` are interactive), so
this is the one place that imports the stages lazily: each function imports what it uses.
Linting documents never pays for marshmallow and the clause library; building and checking
specs never pay for the document detectors (their regexes compile at import).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .core.configfile import limits_near
from .core.errors import (
    AgreementError,
    ConfigError,
    InputError,
    LibraryError,
    OutputError,
    SpecError,
)
from .core.taxonomy import KINDS

if TYPE_CHECKING:
    from .build.library import Clause, Library
    from .build.model import Assembly, Gap
    from .engine import Config, Rule
    from .report import Report
    from .spec.model import AgreementSpec

__all__ = [
    "FORMATS",
    "KINDS",
    "AgreementError",
    "BuildResult",
    "InputError",
    "LintRun",
    "SpecError",
    "assemble_file",
    "assemble_spec",
    "build",
    "check",
    "check_gaps",
    "clauses",
    "config_limits",
    "document_text",
    "explain_rule",
    "find_clause",
    "find_rule",
    "init",
    "lint",
    "load_library",
    "load_spec",
    "parse_limits",
    "parse_spec",
    "pdf_renderer",
    "render_html",
    "render_reports",
    "report_fails",
    "rules",
    "sniff",
    "starter",
    "validate",
]

FORMATS = ("docx", "pdf", "html")
# one document to lint: its path, the kind, the config that governs it, and why it is not
# read at all (a folder that cannot be listed, a link out of the folder), or None
LintTask = tuple[str, "str | None", "Config", "str | None"]  # path, kind, config, skipped
LIBRARY_SECONDS = 60  # a user's clause library gets this long to render one agreement


@dataclass
class BuildResult:
    """One spec's build: the assembly, the files written (none with --strict and gaps)."""

    spec_path: Path
    assembly: Assembly
    outputs: list[Path] = field(default_factory=list)

    @property
    def gaps(self) -> tuple[Gap, ...]:
        return self.assembly.gaps


# ---------------------------------------------------------------- specs


def load_spec(path: str | Path, limits: Mapping[str, int] | None = None) -> AgreementSpec:
    """Load and validate one spec file; raises ``SpecError`` listing every located problem."""
    from .spec.schemas import load_spec as load

    return load(path, limits)


def parse_spec(text: str, file: str = "<string>") -> AgreementSpec:
    """Validate a spec given as YAML or JSON text (``file`` names it in messages)."""
    from .spec.schemas import parse_spec as parse

    return parse(text, file)


def validate(path: str | Path, limits: Mapping[str, int] | None = None) -> AgreementSpec:
    """Load a spec under the limits of the config nearest it, then ``limits``; within
    ``max_seconds`` like a document (a spec is as untrusted as one)."""
    from .core.limits import time_limit

    bounds = limits_near(path, limits)
    with time_limit(bounds.max_seconds, str(path)):
        return load_spec(path, bounds)


def starter(kind: str) -> str:
    """The commented starter spec for ``kind`` (it validates as written)."""
    from .spec.starters import render_starter

    return render_starter(kind)


def init(kind: str, path: str | Path, force: bool = False) -> Path:
    """Write the starter spec for ``kind`` to ``path``; an existing file only with ``force``."""
    from .core.files import write_atomic

    target = Path(path)
    if target.exists() and not force:
        raise OutputError(f"{target}: already exists; pass --force to replace it")
    return write_atomic(target, starter(kind))


def check(
    spec_paths: Sequence[str | Path],
    config_path: str | Path | None = None,
    preset: str | None = None,
    limits: Mapping[str, int] | None = None,
) -> list[Report]:
    """Validate and check each spec; the config is ``config_path`` or the one nearest each spec."""
    from .engine import check_spec, load_config, load_registry
    from .report import Report

    registry = load_registry()
    explicit = load_config(config_path, registry, preset) if config_path else None
    reports = []
    for path in spec_paths:
        spec = validate(path, limits)
        config = explicit or _nearest_config(Path(path).parent, preset)
        findings = tuple(check_spec(spec, config, registry))
        reports.append(Report(str(path), findings, spec.kind, fail_on=config.fail_on))
    return reports


def check_gaps(spec: AgreementSpec, config: Config | None = None) -> list[Gap]:
    """The open items ``check`` reports (its unwaived errors), as the build takes them: failed
    checks to mark in place, and the findings that report a gap the build marks itself
    (engine/open_items.py)."""
    from .engine import Config, check_spec
    from .engine.open_items import open_item_gaps

    source = Path(spec.source)
    nearest = _nearest_config(source.parent, None) if source.exists() else Config()
    return open_item_gaps(check_spec(spec, config or nearest))


# ---------------------------------------------------------------- building agreements


def load_library(root: str | Path | None = None) -> Library:
    """A clause library folder (``None``: the bundled one), every clause checked."""
    from .build.library import load_library as load

    return load(root)


def assemble_spec(
    spec: AgreementSpec, library: Library | None = None, seconds: float | None = None
) -> Assembly:
    """Select, number and render a spec's clauses, with its open items.

    With the bundled library, within ``seconds`` when given. A user's clause library renders
    under its own time limit: its templates are sandboxed, but a loop inside a loop could
    otherwise run for hours.
    """
    from .build.assemble import assemble
    from .core.limits import TimeLimitExceeded, time_limit

    bundled = load_library()
    if library is None or library is bundled:
        with time_limit(seconds, spec.source):
            return assemble(spec, bundled, extra=check_gaps(spec))

    try:
        with time_limit(LIBRARY_SECONDS, library.root):
            return assemble(spec, library, extra=check_gaps(spec))
    except TimeLimitExceeded:
        raise LibraryError(
            f"{library.root}: rendering {spec.source} took longer than {LIBRARY_SECONDS} s; "
            "a clause template loops too much"
        ) from None


def build(
    spec_paths: Sequence[str | Path],
    out_dir: str | Path = "out",
    formats: Iterable[str] = ("docx", "pdf"),
    strict: bool = False,
    library: Library | None = None,
    limits: Mapping[str, int] | None = None,
    jobs: int = 1,
    update_fields: bool = False,
) -> list[BuildResult]:
    """Build every spec into ``out_dir``; with ``strict``, write nothing if any spec has gaps.
    ``update_fields`` makes the DOCX ask Word to update its fields on opening (contents with
    page numbers); off by default, since every field already shows what it computes.

    All specs are loaded and assembled before anything is written, so a bad spec fails the run
    before any output changes; files are written atomically. With ``jobs`` > 1 and several
    specs, the PDFs (most of the time) are laid out in that many processes.
    """
    from .core.files import prepare_output_dir, reserved_name, safe_stem, write_atomic

    wanted = tuple(dict.fromkeys(formats))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise AgreementError(
            f"unknown output format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}"
        )
    lib = library or load_library()
    inputs = [Path(p) for p in spec_paths]
    results = [BuildResult(path, assemble_file(path, limits, lib)) for path in inputs]
    if strict and any(r.gaps for r in results):
        return results
    target = prepare_output_dir(Path(out_dir))
    names = _unique([safe_stem(p.stem) for p in inputs])
    for stem, spec_path in zip(names, inputs, strict=True):
        if reserved_name(stem):
            raise OutputError(
                f"{spec_path}: its output would be named {stem}.*, a name Windows reserves "
                "for a device; rename the spec file"
            )
    htmls: list[str] = []
    if "html" in wanted or "pdf" in wanted:
        from .render.html import render_html

        htmls = [render_html(r.assembly) for r in results]
    if "pdf" in wanted:
        from .parallel import render_pdfs

        pdfs = render_pdfs(htmls, jobs)
    for index, (result, stem) in enumerate(zip(results, names, strict=True)):
        for fmt in wanted:
            if fmt == "docx":
                from .render.docx import render_docx

                data: bytes | str = render_docx(result.assembly, update_fields)
            else:
                data = htmls[index] if fmt == "html" else pdfs[index]
            result.outputs.append(write_atomic(target / f"{stem}.{fmt}", data, inputs))
    return results


def assemble_file(
    path: str | Path, limits: Mapping[str, int] | None = None, library: Library | None = None
) -> Assembly:
    """Load, validate and assemble one spec file as ``build`` does: under the limits of the
    config nearest it, then ``limits``, its assembly within their ``max_seconds``."""
    seconds = limits_near(path, limits).max_seconds  # as for a document: specs are input
    return assemble_spec(validate(path, limits), library or load_library(), seconds)


def render_html(assembly: Assembly) -> str:
    """The HTML of an assembled agreement: what ``build`` writes as ``.html`` and lays out
    as the PDF."""
    from .render.html import render_html as render

    return render(assembly)


def pdf_renderer() -> Callable[[str], bytes]:
    """A warm HTML -> PDF function (``render_html``'s output in, PDF bytes out): WeasyPrint
    and its fonts are loaded once here, then reused by every call. A long-lived process (a
    service's PDF worker) keeps one; ``build`` makes its own."""
    from .render.pdf import PdfEngine

    return PdfEngine().render


def sniff(data: bytes, suffix: str = "") -> str:
    """What a file is from its first bytes, as the readers decide it: ``docx`` (any ZIP),
    ``pdf``, ``ole`` (an old binary Office file), ``binary``, ``markdown`` or ``text``."""
    from .read import sniff as sniff_bytes

    return sniff_bytes(data[:8192], suffix.lower())


def config_limits(config_path: str | Path) -> dict[str, int]:
    """The ``[limits]`` table of one config file (``agreement.toml``, or ``pyproject.toml``
    with ``[tool.agreement]``), checked; empty when it has none."""
    from .core.configfile import read_toml
    from .core.limits import Limits

    path = Path(config_path)
    data = read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("agreement", {})
    table = data.get("limits") or {}
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [limits] must be a table of positive whole numbers")
    Limits.from_mapping(table, f"{path}: [limits]")
    return dict(table)


def _unique(stems: list[str]) -> list[str]:
    """Output file stems unique within the run: a repeated one gets -2, -3 ..."""
    out: list[str] = []
    for stem in stems:
        candidate, n = stem, 2
        while candidate in out:
            candidate, n = f"{stem}-{n}", n + 1
        out.append(candidate)
    return out


def clauses(kind: str | None = None, library: str | Path | None = None) -> list[Clause]:
    """The clauses of a library (default: the bundled one), or those that suit ``kind``."""
    return [c for c in load_library(library).clauses if not kind or kind in c.kinds]


def find_clause(clause_id: str, library: str | Path | None = None) -> Clause:
    """One clause by id; an unknown id is a ``LibraryError`` naming the near misses."""
    return load_library(library).get(clause_id)


# ---------------------------------------------------------------- linting documents


def lint(
    paths: Sequence[str | Path],
    kind: str | None = None,
    config_path: str | Path | None = None,
    preset: str | None = None,
    jobs: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    limits: Mapping[str, int] | None = None,
    trust_document_config: bool = False,
    preview: bool = False,
) -> Iterator[Report]:
    """Lint files and every supported file below directories; reports stream in input order.

    ``kind`` applies to every file; ``None`` (the default) tells each document's kind from
    the document itself (recorded kind, title, recitals), and a document whose kind cannot
    be told is checked for what every partnership agreement needs.

    A file that cannot be read yields a report with one finding; the rest go on. Each file
    is read in a worker process (``jobs`` of them, at least one), still yielded in order.
    With ``executor="dask"`` they are linted on the dask.distributed cluster at
    ``scheduler`` (a ``LocalCluster`` of ``jobs`` worker processes when no address is given).
    ``preview`` also runs the preview rules (rules below their severity's precision bar,
    off by default; docs/accuracy.md), as ``preview = true`` in the config does.

    The documents under review never configure their own review: the config is
    ``config_path``, else the nearest one above the working directory, never one found
    beside the documents, unless ``trust_document_config`` (docs/security.md).
    """
    from .core.limits import Limits
    from .engine import load_config, load_registry
    from .parallel import run_isolated, run_ordered
    from .read import Skipped, collect_files

    registry = load_registry()
    if config_path:
        user = load_config(config_path, registry, preset)
    else:
        user = _nearest_config(Path.cwd(), preset)
    files = collect_files([Path(p) for p in paths])
    overrides = dict(limits or {})

    def config_for_file(folder: Path) -> Config:
        near = trust_document_config and not config_path  # --config always wins
        config = _nearest_config(folder, preset) if near else user
        if preview:  # --preview: the preview rules too, whatever the config says
            config = replace(config, preview=True)
        return replace(config, limits={**config.limits, **overrides}) if overrides else config

    def task(item: Path | Skipped) -> LintTask:
        if isinstance(item, Skipped):  # reported in its place, never read
            return str(item.path), kind, config_for_file(item.path.parent), item.reason
        return str(item), kind, config_for_file(item.parent), None

    tasks = map(task, files)
    if executor != "local":
        yield from run_ordered(_lint_one, tasks, jobs, executor, scheduler)
        return
    # every document is read in a worker process under a memory cap: a native library that
    # aborts or blows up on one file costs that file alone (docs/security.md)
    cap = Limits.from_mapping({**user.limits, **overrides})
    yield from run_isolated(_lint_one, tasks, _unsafe_file, jobs, cap.max_memory_mb, _seconds_of)


def _seconds_of(task: LintTask) -> float:
    from .core.limits import Limits

    return Limits.from_mapping(task[2].limits).max_seconds


def _unsafe_file(task: LintTask, reason: str) -> Report:
    """The report of a file whose worker died or overran: DOC003, and the run goes on."""
    from .engine import load_registry
    from .engine.run_document import unreadable_report

    path, kind, config, _ = task
    return unreadable_report(
        path, kind, config, load_registry(), f"could not be read safely: {reason}"
    )


def _lint_one(task: LintTask) -> Report:
    """One file, in whichever process or cluster worker runs it."""
    from .engine import load_registry
    from .engine.run_document import lint_path, unreadable_report

    path, kind, config, skipped = task
    if skipped:
        return unreadable_report(path, kind, config, load_registry(), skipped)
    return lint_path(path, kind, config, load_registry(), _SUGGESTIONS)


@cache
def _clause_suggestions() -> dict[str, str]:
    from .build.library import clause_suggestions

    return clause_suggestions(load_library())


class _Suggestions(Mapping[str, str]):
    """For each component, the bundled clause to suggest when a document lacks it; read on
    first use: only a document that misses a component needs it, and reading the clause
    library is most of a one-file lint's set-up."""

    def __getitem__(self, component: str) -> str:
        return _clause_suggestions()[component]

    def __iter__(self) -> Iterator[str]:
        return iter(_clause_suggestions())

    def __len__(self) -> int:
        return len(_clause_suggestions())


_SUGGESTIONS = _Suggestions()


# ---------------------------------------------------------------- pre-signing review


def presign(
    document: str | Path,
    spec: str | Path | None = None,
    against: str | Path | None = None,
    kind: str | None = None,
    config_path: str | Path | None = None,
    preset: str | None = None,
    limits: Mapping[str, int] | None = None,
    preview: bool = False,
) -> Report:
    """Is ``document`` ready to sign? Lint plus the pre-signing checks (docs/presign.md):
    what it still carries (tracked changes, comments, hidden text, stale fields, our gap
    markers, metadata), whether it states what the approved ``spec`` decided, and what
    changed since the version ``against`` (the one sent) without tracking.

    :func:`presign_ready` (or ``report_fails``) says whether it passes the gate. A document,
    spec or sent file that cannot be used raises an ``AgreementError`` (exit 2 in the CLI).
    The files are read in a worker process under the memory cap, as ``lint`` reads them.
    """
    from .core.limits import Limits
    from .engine import load_config, load_registry
    from .engine.run_presign import PresignInputs, preload
    from .parallel import run_isolated

    preload()  # imported here once, not again in every forked worker

    registry = load_registry()
    config = load_config(config_path, registry, preset) if config_path else None
    config = config or _nearest_config(Path.cwd(), preset)
    if limits:
        config = replace(config, limits={**config.limits, **limits})
    if preview:  # the preview rules too (``lint`` has the same switch)
        config = replace(config, preview=True)
    for name, path in (("document", document), ("spec", spec), ("sent version", against)):
        if path is not None and not Path(path).is_file():
            raise InputError(str(path), f"no such {name} file", "check the path and try again")
    inputs = PresignInputs(
        str(document), str(spec) if spec else None, str(against) if against else None, kind
    )
    cap = Limits.from_mapping(config.limits)
    [report] = run_isolated(
        _presign_one,
        [(inputs, config)],
        _unsafe_presign,
        1,
        cap.max_memory_mb,
        lambda task: cap.max_seconds,
    )
    return report


def document_text(path: str | Path, limits: Mapping[str, int] | None = None) -> str:
    """The text of a document as the linter reads it (the offsets ``start``/``end`` of a
    finding's location point into it). Read in a worker process under the memory cap, as
    ``lint`` reads; a file that cannot be read raises ``InputError``."""
    from .core.limits import Limits
    from .parallel import run_isolated

    cap = Limits.from_mapping(dict(limits or {}))
    [text] = run_isolated(
        _document_text,
        [(str(path), cap)],
        _unreadable_text,
        1,
        cap.max_memory_mb,
        lambda task: cap.max_seconds,
    )
    return text


def _document_text(task: tuple[str, Any]) -> str:
    from .read import read_document

    path, cap = task
    return read_document(path, limits=cap).text


def _unreadable_text(task: tuple[str, Any], reason: str) -> str:
    raise InputError(
        task[0],
        f"could not be read safely: {reason}",
        "re-export the document (or print it to PDF) and try again",
    )


def presign_ready(report: Report, fail_on: str | None = None) -> bool:
    """Ready to sign: no unwaived finding at or above ``fail_on`` (default: error)."""
    return not report_fails(report, fail_on)


def presign_verdict(report: Report, fail_on: str | None = None) -> str:
    """``READY to sign: ...`` or ``NOT READY: 2 unresolved changes by ..., 1 open comment``."""
    from .report.presign import verdict

    return verdict(report, fail_on)


def write_report(path: str | Path, text: str, inputs: Iterable[str | Path] = ()) -> Path:
    """Write a report file atomically; never over one of ``inputs`` (``OutputError``)."""
    from .core.files import write_atomic

    return write_atomic(Path(path), text, [Path(p) for p in inputs])


def _presign_one(task: tuple[Any, Config]) -> Report:
    from .engine import load_registry
    from .engine.run_presign import presign_path

    inputs, config = task
    return presign_path(inputs, config, load_registry(), _SUGGESTIONS)


def _unsafe_presign(task: tuple[Any, Config], reason: str) -> Report:
    raise InputError(
        task[0].document,
        f"could not be read safely: {reason}",
        "re-export the document (or print it to PDF) and try again",
    )


# ---------------------------------------------------------------- rules, reports, gates


def rules(kind: str | None = None) -> list[Rule]:
    """Every rule of the bundled registry, or those that apply to agreements of ``kind``."""
    from .engine import load_registry

    return [r for r in load_registry() if not kind or kind in r.kinds]


def find_rule(code: str) -> Rule:
    """A rule by code or name; an unknown one is a ``ConfigError``."""
    from .engine import load_registry

    rule = load_registry().find(code)
    if rule is None:
        raise ConfigError(f"{code}: no such rule; run `agreement rules` to list them")
    return rule


def explain_rule(rule: Rule) -> str:
    """The rule's documentation as ``agreement rules CODE`` prints it."""
    from .engine.docs import explain_rule as explain

    return explain(rule)


def render_reports(reports: Sequence[Report], fmt: str, subject: str = "spec") -> str:
    """Reports in ``fmt`` (text, json, jsonl, sarif, github); ``subject``: spec or document."""
    from .engine import load_registry
    from .report import render

    return render(reports, fmt, load_registry().rules, subject)


@dataclass
class LintRun:
    """The report of a lint run as it is written: document by document for the formats that
    stream (text, jsonl; memory stays flat), whole at the end for the others; and whether
    the run fails the gate (:func:`report_fails` for every document)."""

    fmt: str
    fail_on: str | None = None
    failed: bool = False
    count: int = 0

    @property
    def streams(self) -> bool:
        from .report import streams

        return streams(self.fmt)

    def write(self, reports: Iterable[Report]) -> Iterator[str]:
        """The pieces of the report, each as soon as it is known."""
        from collections import Counter

        from .core.findings import counts
        from .report import format_summary, render_one

        totals: Counter[str] = Counter()
        kept: list[Report] = []
        for report in reports:
            self.count += 1
            self.failed = report_fails(report, self.fail_on) or self.failed
            totals.update(counts(report.findings))
            if self.streams:
                yield render_one(report, self.fmt)
            else:
                kept.append(report)
        if self.fmt == "text":
            yield format_summary(totals, self.count) + "\n"
        elif not self.streams:
            yield render_reports(kept, self.fmt, "document")


def report_fails(report: Report, fail_on: str | None = None) -> bool:
    """Does ``report`` fail the gate? ``fail_on`` (the command line's) wins over the
    ``fail_on`` of the config that governed the file (``--config`` or the nearest
    ``agreement.toml``), which wins over the default, ``error``."""
    from .core.findings import fails

    return fails(report.findings, fail_on or report.fail_on or "error")


def parse_limits(options: Iterable[str], flag: str = "--limit") -> dict[str, int]:
    """``KEY=N`` overrides of the input limits (docs/limits.md), checked."""
    from .core.limits import parse_limit_options

    return parse_limit_options(list(options), flag)


def _nearest_config(folder: Path, preset: str | None) -> Config:
    from .core.configfile import find_config

    found = find_config(folder)
    stamp = found.stat().st_mtime_ns if found else 0
    return _load_config_cached(found, stamp, preset)


@lru_cache(maxsize=64)
def _load_config_cached(path: Path | None, stamp: int, preset: str | None) -> Config:
    """One parse per config file (and version of it) per process, however many files it covers."""
    from .engine import load_config, load_registry

    return load_config(path, load_registry(), preset)


def __getattr__(name: str) -> Any:
    if name == "Report":  # for annotations in callers: the type every command returns
        from .report import Report

        return Report
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
