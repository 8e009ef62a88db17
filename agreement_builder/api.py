"""The pipeline as plain functions: no click, no printing.

spec -> validate -> check -> assemble -> render; file -> read -> lint -> report.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .build.model import Assembly, Gap
from .core.configfile import limits_near
from .core.errors import AgreementError, LibraryError
from .core.files import prepare_output_dir, safe_stem, write_atomic
from .engine import Config, check_spec, fails, find_config, load_config, load_registry
from .report import FileReport
from .spec.model import AgreementSpec

if TYPE_CHECKING:
    from .build.library import Library
    from .engine.run_document import DocumentReport
    from .spec.schemas import load_spec, parse_spec

__all__ = [
    "FORMATS",
    "BuildResult",
    "assemble_spec",
    "build",
    "check",
    "check_gaps",
    "lint",
    "load_spec",
    "parse_spec",
    "report_fails",
]

FORMATS = ("docx", "pdf", "html")
T = TypeVar("T")
R = TypeVar("R")


@dataclass
class BuildResult:
    """One spec's build: the assembly, the files written (none with --strict and gaps)."""

    spec_path: Path
    assembly: Assembly
    outputs: list[Path] = field(default_factory=list)

    @property
    def gaps(self) -> tuple[Gap, ...]:
        return self.assembly.gaps


LIBRARY_SECONDS = 60  # a user's clause library gets this long to render one agreement


def __getattr__(name: str) -> Any:
    """``load_spec`` and ``parse_spec``, imported on first use: linting documents never reads
    a spec, so it does not pay for marshmallow and the schemas at start-up. Likewise
    ``DocumentReport``: building and checking specs never read a document, so they do not
    pay for the document detectors (their regexes compile at import)."""
    if name in ("load_spec", "parse_spec"):
        from .spec import schemas

        return getattr(schemas, name)
    if name == "DocumentReport":
        from .engine.run_document import DocumentReport

        return DocumentReport
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def assemble_spec(spec: AgreementSpec, library: Library | None = None) -> Assembly:
    """Select, number and render a spec's clauses, with its open items.

    A user's clause library (not the bundled one) renders under a time limit: its templates
    are sandboxed, but a loop inside a loop could otherwise run for hours.
    """
    from .build.assemble import assemble
    from .build.library import load_library

    bundled = load_library()
    if library is None or library is bundled:
        return assemble(spec, bundled, extra=check_gaps(spec))
    from .core.limits import TimeLimitExceeded, time_limit

    try:
        with time_limit(LIBRARY_SECONDS, library.root):
            return assemble(spec, library, extra=check_gaps(spec))
    except TimeLimitExceeded:
        raise LibraryError(
            f"{library.root}: rendering {spec.source} took longer than {LIBRARY_SECONDS} s; "
            "a clause template loops too much"
        ) from None


def check_gaps(spec: AgreementSpec, config: Config | None = None) -> list[Gap]:
    """Unwaived error-level check findings: the document lists them as open items."""
    source = Path(spec.source)
    nearest = _nearest_config(source.parent, None) if source.exists() else Config()
    findings = check_spec(spec, config or nearest)
    return [
        Gap(f.location.path or "", f.message, code=f.code)
        for f in findings
        if f.severity == "error" and not f.waived and f.name != "components.required-missing"
    ]


def load_spec_limited(path: str | Path, limits: Mapping[str, int] | None = None) -> AgreementSpec:
    """Load a spec under the YAML limits of the config nearest it, then ``limits``."""
    from .spec.schemas import load_spec

    return load_spec(path, limits_near(path, limits))


def check(
    spec_paths: Sequence[str | Path],
    config_path: str | Path | None = None,
    preset: str | None = None,
    limits: Mapping[str, int] | None = None,
) -> list[FileReport]:
    """Validate and check each spec; the config is ``config_path`` or the one nearest each spec."""
    registry = load_registry()
    explicit = load_config(config_path, registry, preset) if config_path else None
    reports = []
    for path in spec_paths:
        spec = load_spec_limited(path, limits)
        config = explicit or _nearest_config(Path(path).parent, preset)
        findings = tuple(check_spec(spec, config, registry))
        reports.append(FileReport(str(path), findings, spec.kind, config.fail_on))
    return reports


def report_fails(report: FileReport | DocumentReport, fail_on: str | None = None) -> bool:
    """Does ``report`` fail the gate? ``fail_on`` (the command line's) wins over the
    ``fail_on`` of the config that governed the file (``--config`` or the nearest
    ``agreement.toml``), which wins over the default, ``error``."""
    return fails(report.findings, fail_on or report.fail_on or "error")


def lint(
    paths: Sequence[str | Path],
    kind: str = "strategic_alliance",
    config_path: str | Path | None = None,
    preset: str | None = None,
    jobs: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    limits: Mapping[str, int] | None = None,
) -> Iterator[DocumentReport]:
    """Lint files and every supported file below directories; reports stream in input order.

    A file that cannot be read yields a report with one finding; the rest go on. With
    ``jobs`` > 1 the files are linted by a process pool, still yielded in order. With
    ``executor="dask"`` they are linted on the dask.distributed cluster at ``scheduler``
    (a ``LocalCluster`` of ``jobs`` worker processes when no address is given).
    """
    if executor not in ("local", "dask"):
        raise AgreementError(f"unknown executor {executor!r}; choose local or dask")
    from .engine.run_document import collect_files

    registry = load_registry()
    explicit = load_config(config_path, registry, preset) if config_path else None
    files = collect_files([Path(p) for p in paths])
    overrides = dict(limits or {})

    def config_for_file(folder: Path) -> Config:
        config = explicit or _nearest_config(folder, preset)
        return replace(config, limits={**config.limits, **overrides}) if overrides else config

    tasks = ((str(f), kind, config_for_file(f.parent)) for f in files)
    if executor == "dask":
        yield from _lint_dask(tasks, jobs, scheduler)
        return
    if jobs <= 1:
        for task in tasks:
            yield _lint_one(task)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from ordered_map(pool.submit, _lint_one, tasks, window=jobs * 4)


def _lint_dask(
    tasks: Iterable[tuple[str, str, Config]], jobs: int, scheduler: str | None
) -> Iterator[DocumentReport]:
    """``_lint_one`` over ``tasks`` on a dask.distributed cluster, in order, bounded in flight."""
    import importlib

    try:  # through importlib: distributed is untyped, and optional
        distributed: Any = importlib.import_module("distributed")
    except ImportError as exc:
        raise AgreementError(
            "--executor dask needs dask.distributed, which is not installed\n"
            "  hint: pip install 'agreement-builder[dask]'"
        ) from exc
    import logging

    cluster: Any = None
    try:
        if scheduler:
            client = distributed.Client(scheduler)
        else:
            cluster = distributed.LocalCluster(
                n_workers=max(jobs, 1),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = distributed.Client(cluster)
    except OSError as exc:
        raise AgreementError(f"cannot reach the dask scheduler {scheduler}: {exc}") from exc
    try:
        workers = len(client.scheduler_info().get("workers", {})) or max(jobs, 1)

        def submit(fn: Callable[..., Any], item: Any) -> Any:
            return client.submit(fn, item, pure=False)

        yield from ordered_map(submit, _lint_one, tasks, window=max(workers, jobs) * 4)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def ordered_map(
    submit: Callable[..., Any], fn: Callable[[T], R], items: Iterable[T], window: int
) -> Iterator[R]:
    """``fn`` over ``items`` on an executor, results in input order, at most ``window`` in flight.

    Unlike ``Executor.map`` this never submits the whole input at once, so memory stays flat
    however many files a run covers. ``submit`` is any ``Executor.submit``-like callable whose
    futures have ``.result()`` (concurrent.futures and dask.distributed both fit).
    """
    pending: deque[Any] = deque()
    for item in items:
        pending.append(submit(fn, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _nearest_config(folder: Path, preset: str | None) -> Config:
    found = find_config(folder)
    stamp = found.stat().st_mtime_ns if found else 0
    return _load_config_cached(found, stamp, preset)


@lru_cache(maxsize=64)
def _load_config_cached(path: Path | None, stamp: int, preset: str | None) -> Config:
    """One parse per config file (and version of it) per process, however many files it covers."""
    return load_config(path, load_registry(), preset)


def _lint_one(task: tuple[str, str, Config]) -> DocumentReport:
    from .engine.run_document import lint_path

    path, kind, config = task
    report = lint_path(path, kind, config, load_registry())
    return replace(report, fail_on=config.fail_on) if config.fail_on else report


def build(
    spec_paths: Sequence[str | Path],
    out_dir: str | Path = "out",
    formats: Iterable[str] = ("docx", "pdf"),
    strict: bool = False,
    library: Library | None = None,
    limits: Mapping[str, int] | None = None,
    jobs: int = 1,
) -> list[BuildResult]:
    """Build every spec into ``out_dir``; with ``strict``, write nothing if any spec has gaps.

    All specs are loaded and assembled before anything is written, so a bad spec fails the run
    before any output changes; files are written atomically. With ``jobs`` > 1 and several
    specs, the PDFs (most of the time) are laid out in that many processes.
    """
    wanted = tuple(dict.fromkeys(formats))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise AgreementError(
            f"unknown output format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}"
        )
    from .build.library import load_library

    lib = library or load_library()
    inputs = [Path(p) for p in spec_paths]
    results = [BuildResult(p, assemble_spec(load_spec_limited(p, limits), lib)) for p in inputs]
    if strict and any(r.gaps for r in results):
        return results
    target = prepare_output_dir(Path(out_dir))
    names = _output_stems(inputs)
    htmls: list[str] = []
    if "html" in wanted or "pdf" in wanted:
        from .render.html import render_html

        htmls = [render_html(r.assembly) for r in results]
    pdfs = _pdfs(htmls, jobs) if "pdf" in wanted else []
    for index, (result, stem) in enumerate(zip(results, names, strict=True)):
        for fmt in wanted:
            if fmt == "docx":
                from .render.docx import render_docx

                data: bytes | str = render_docx(result.assembly)
            else:
                data = htmls[index] if fmt == "html" else pdfs[index]
            result.outputs.append(write_atomic(target / f"{stem}.{fmt}", data, inputs))
    return results


def _pdfs(pages: list[str], jobs: int) -> list[bytes]:
    """The PDF of each HTML page: in this process with one engine, or laid out by ``jobs``
    worker processes (each starts WeasyPrint once) when there are several."""
    if jobs <= 1 or len(pages) < 2:
        from .render.pdf import PdfEngine

        engine = PdfEngine()
        return [engine.render(page) for page in pages]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(jobs, len(pages))) as pool:
        return list(pool.map(_render_pdf, pages))


_WORKER_ENGINE: Any = None


def _render_pdf(html: str) -> bytes:
    """In a worker process: one PdfEngine for every PDF this worker lays out."""
    global _WORKER_ENGINE
    if _WORKER_ENGINE is None:
        from .render.pdf import PdfEngine

        _WORKER_ENGINE = PdfEngine()
    data: bytes = _WORKER_ENGINE.render(html)
    return data


def _output_stems(inputs: list[Path]) -> list[str]:
    """File stems from the spec names: safe characters only, unique within the run."""
    stems: list[str] = []
    for path in inputs:
        stem = safe_stem(path.stem)
        candidate, n = stem, 2
        while candidate in stems:
            candidate, n = f"{stem}-{n}", n + 1
        stems.append(candidate)
    return stems
