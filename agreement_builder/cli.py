"""The ``agreement`` command: thin click wrappers over :mod:`api`, the only module that prints.

It imports nothing of the package but ``api``: an import-linter contract in pyproject.toml
checks it.

Exit codes: 0 success; 1 findings at or above ``--fail-on`` (or gaps with ``--strict``);
2 unusable input or configuration; 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__, api
from .api import KINDS, AgreementError

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def _terminal(stream: Any) -> bool:
    """Is ``stream`` an interactive terminal (a progress line belongs there)?"""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _limit_option(example: str = "yaml_max_kb=500") -> Callable[[F], F]:
    return click.option(
        "--limit",
        "limit_options",
        multiple=True,
        metavar="KEY=N",
        help=f"Override an input limit for this run (docs/limits.md), e.g. --limit {example}.",
    )


def _limits(options: tuple[str, ...]) -> dict[str, int]:
    return api.parse_limits(options)


class _Group(click.Group):
    """Turns the project's errors into a message and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AgreementError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BrokenPipeError:  # `agreement rules | head`: the reader left; not an error
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
            sys.exit(0)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except Exception as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "  this is a bug in agreement-builder; rerun with --debug and report the traceback",
                err=True,
            )
            sys.exit(3)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="agreement")
@click.option("--debug", is_flag=True, hidden=True, help="Show Python tracebacks.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Draft, check and lint business partnership agreements.

    \b
    Example:
      agreement init --kind referral deal.yaml
      agreement validate deal.yaml
    """
    ctx.obj = {"debug": debug}


@main.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=Path))
@_limit_option()
def validate(specs: tuple[Path, ...], limit_options: tuple[str, ...]) -> None:
    """Check spec files against the spec format; list every problem, located.

    \b
    Example:
      agreement validate samples/referral.yaml samples/pilot.yaml
    """
    overrides = _limits(limit_options)
    failed = 0
    for spec_path in specs:
        try:
            spec = api.validate(spec_path, overrides)
        except AgreementError as exc:
            failed += 1
            click.echo(str(exc), err=True)
            continue
        click.echo(f"{spec_path}: valid {spec.kind} spec with {len(spec.parties)} parties")
    if failed:
        sys.exit(2)


@main.command()
@click.option("--kind", type=click.Choice(KINDS), required=True, help="The kind of agreement.")
@click.option("--force", is_flag=True, help="Replace an existing file.")
@click.argument("path", type=click.Path(path_type=Path))
def init(kind: str, force: bool, path: Path) -> None:
    """Write a commented starter spec for KIND to PATH.

    \b
    Example:
      agreement init --kind joint_venture jv.yaml
    """
    api.init(kind, path, force)
    click.echo(f"{path}: wrote a starter {kind} spec; fill it in, then run: agreement check {path}")


@main.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    default="out",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Folder for the outputs (created if missing).",
)
@click.option(
    "--format",
    "formats",
    default="docx,pdf",
    show_default=True,
    help="Comma-separated: docx, pdf, html.",
)
@click.option("--strict", is_flag=True, help="Write nothing and exit 1 if any decision is missing.")
@click.option(
    "--jobs", "-j", default=1, show_default=True, help="Lay out PDFs in this many processes."
)
@_limit_option()
@click.option(
    "--library",
    type=click.Path(path_type=Path),
    help="Use this clause library folder instead of the bundled one.",
)
@click.option(
    "--update-fields-on-open",
    "update_fields",
    is_flag=True,
    help="Make Word update the DOCX's fields on opening, for page numbers in the contents "
    "(it then asks each time; without this the DOCX is complete as written).",
)
def build(
    specs: tuple[Path, ...],
    out_dir: Path,
    formats: str,
    strict: bool,
    jobs: int,
    limit_options: tuple[str, ...],
    library: Path | None,
    update_fields: bool,
) -> None:
    """Assemble agreements from specs into DOCX, PDF and/or HTML.

    Missing decisions are flagged in the document and listed as open items.

    \b
    Example:
      agreement build samples/joint_venture.yaml -o out --format docx,pdf
    """
    lib = api.load_library(library) if library else None
    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    results = api.build(
        specs, out_dir, wanted, strict, lib, _limits(limit_options), jobs, update_fields
    )
    for result in results:
        for path in result.outputs:
            click.echo(f"wrote {path}")
        gaps = result.gaps
        if gaps:
            click.echo(f"{result.spec_path}: {len(gaps)} open item{'s' if len(gaps) != 1 else ''}:")
            for gap in gaps:
                where = (
                    f"Section {gap.section}"
                    if gap.section and gap.section[0].isdigit()
                    else (gap.section or "-")
                )
                click.echo(f"  {where}: {gap.marker} -> fill {gap.path or '-'}")
        else:
            click.echo(f"{result.spec_path}: no open items")
    if strict and any(r.gaps for r in results):
        click.echo("--strict: open items remain, nothing was written", err=True)
        sys.exit(1)


@main.command()
@click.argument("clause_id", required=False)
@click.option("--kind", type=click.Choice(KINDS), help="Only clauses that suit this kind.")
@click.option(
    "--library",
    type=click.Path(path_type=Path),
    help="A clause library folder instead of the bundled one.",
)
def clauses(clause_id: str | None, kind: str | None, library: Path | None) -> None:
    """List the clause library, or show one clause with its variables.

    \b
    Example:
      agreement clauses --kind referral
      agreement clauses termination.for_cause
    """
    if clause_id:
        clause = api.find_clause(clause_id, library)
        click.echo(f"{clause.id}: {clause.title}")
        click.echo(
            f"  component: {clause.component}   placement: {clause.placement}   version: {clause.version}"
        )
        click.echo(f"  kinds: {', '.join(clause.kinds)}")
        click.echo(f"  applies when: {clause.when or 'always (for these kinds)'}")
        if clause.summary:
            click.echo(f"  summary: {clause.summary}")
        for label, values in (("requires", clause.requires), ("conflicts with", clause.conflicts)):
            if values:
                click.echo(f"  {label}: {', '.join(values)}")
        if clause.defines:
            click.echo(f"  defines: {', '.join(t for t, _ in clause.defines)}")
        click.echo(f"  survives termination: {'yes' if clause.survives else 'no'}")
        click.echo(f"  source: {clause.source}")
        click.echo("  variables:" if clause.variables else "  variables: none")
        for var in clause.variables:
            extra = " (per party)" if var.per_party else ""
            extra += f" (when {var.when})" if var.when else ""
            click.echo(f"    {var.name:<16} {var.type:<9} {var.path}{extra}")
            click.echo(f"    {'':<16} {'':<9} {var.help}")
        return
    rows = api.clauses(kind, library)
    width = max(len(c.id) for c in rows) if rows else 10
    for clause in rows:
        kinds = "all kinds" if len(clause.kinds) == 7 else ", ".join(clause.kinds)
        click.echo(f"{clause.id:<{width}}  {clause.title}  [{clause.component}; {kinds}]")
    click.echo(f"{len(rows)} clauses")


FAIL_ON_CHOICES = ("error", "warning", "info", "none")


def _gate_options(config_help: str, fail_help: str) -> Callable[[F], F]:
    """``--fail-on``, ``--config`` and ``--preset``: what decides the exit status."""

    def wrap(fn: F) -> F:
        fn = click.option(
            "--preset",
            type=click.Choice(("default", "strict")),
            help="Override the config's preset.",
        )(fn)
        fn = click.option(
            "--config", "config_path", type=click.Path(path_type=Path), help=config_help
        )(fn)
        return click.option(
            "--fail-on", type=click.Choice(FAIL_ON_CHOICES), default=None, help=fail_help
        )(fn)

    return wrap


_NEAREST = "A config file; default: the nearest agreement.toml above the working directory."


@main.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json", "sarif", "github")),
    default="text",
    show_default=True,
    help="Report format.",
)
@_gate_options(
    "A config file (agreement.toml or pyproject.toml); default: the nearest one found.",
    "Exit 1 when a finding at or above this severity remains (default: error, or fail_on in the config).",
)
@_limit_option()
def check(
    specs: tuple[Path, ...],
    fmt: str,
    fail_on: str | None,
    config_path: Path | None,
    preset: str | None,
    limit_options: tuple[str, ...],
) -> None:
    """Check specs against the partnership playbook: missing parts and contradictions.

    Exit 0 when nothing is at or above --fail-on, 1 when something is, 2 for unusable input.

    \b
    Example:
      agreement check samples/gaps/split_totals_90.yaml
      agreement check deal.yaml --format sarif > deal.sarif
    """
    reports = api.check(specs, config_path, preset, _limits(limit_options))
    click.echo(api.render_reports(reports, fmt), nl=False)
    if any(api.report_fails(r, fail_on) for r in reports):
        sys.exit(1)


@main.command()
@click.argument("code", required=False)
@click.option("--kind", type=click.Choice(KINDS), help="Only rules for this kind.")
def rules(code: str | None, kind: str | None) -> None:
    """List every rule, or explain one (why, fix, source, a failing example).

    \b
    Example:
      agreement rules
      agreement rules ECO101
    """
    if code:
        click.echo(api.explain_rule(api.find_rule(code)))
        return
    rows = api.rules(kind)
    for rule in rows:
        kinds = "all kinds" if len(rule.kinds) == len(KINDS) else ", ".join(rule.kinds)
        click.echo(
            f"{rule.code}  {rule.severity:<7}  {rule.name:<48} "
            f"[{', '.join(rule.components)}; {kinds}]" + ("  preview" if rule.preview else "")
        )
    click.echo(f"{len(rows)} rules")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default=None,
    help="The kind of agreement (decides which components are required); default: told "
    "from each document's title or recitals.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json", "jsonl", "sarif", "github")),
    default="text",
    show_default=True,
    help="Report format; jsonl streams one document per line.",
)
@_gate_options(
    _NEAREST,
    "Exit 1 when a finding at or above this severity remains (default: error, or fail_on in the config).",
)
@click.option(
    "--trust-document-config",
    is_flag=True,
    help="Also obey an agreement.toml found beside the documents (only for documents you trust).",
)
@click.option(
    "--preview",
    is_flag=True,
    help="Also run the preview rules (below their severity's measured precision; off by default).",
)
@click.option("--jobs", "-j", default=1, show_default=True, help="Lint in this many processes.")
@_limit_option("max_seconds=30")
@click.option("--max-pages", type=int, help="Read at most this many PDF pages (default 1000).")
@click.option(
    "--executor",
    type=click.Choice(("local", "dask")),
    default="local",
    show_default=True,
    help="Where files are linted: here, or on a dask.distributed cluster (the [dask] extra).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="With --executor dask: the scheduler, e.g. tcp://10.0.0.5:8786 (default: a local cluster of --jobs workers).",
)
def lint(
    paths: tuple[Path, ...],
    kind: str | None,
    fmt: str,
    fail_on: str | None,
    config_path: Path | None,
    preset: str | None,
    jobs: int,
    limit_options: tuple[str, ...],
    max_pages: int | None,
    executor: str,
    scheduler: str | None,
    trust_document_config: bool,
    preview: bool,
) -> None:
    """Lint existing agreements (DOCX, PDF, text, Markdown) or folders of them.

    Reports which components each agreement has, which are missing for its kind, and
    drafting defects. A file that cannot be read is reported and the others go on.

    \b
    Example:
      agreement lint partner_draft.docx --kind reseller
      agreement lint contracts/ --jobs 2 --format jsonl > findings.jsonl
      agreement lint contracts/ --executor dask --scheduler tcp://10.0.0.5:8786 --format jsonl
    """
    if scheduler and executor != "dask":
        raise click.UsageError("--scheduler needs --executor dask")
    limits = _limits(limit_options)
    if max_pages is not None:
        limits.update(api.parse_limits([f"max_pages={max_pages}"], "--max-pages"))
    run = api.LintRun(fmt, fail_on)
    reports = api.lint(
        paths,
        kind,
        config_path,
        preset,
        jobs,
        executor,
        scheduler,
        limits,
        trust_document_config,
        preview,
    )
    # a running count on the terminal, unless the report itself goes there (the two would
    # interleave line by line)
    if _terminal(sys.stderr) and not (run.streams and _terminal(sys.stdout)):
        reports = _with_progress(reports)
    for piece in run.write(reports):
        click.echo(piece, nl=False)
    if run.failed:
        sys.exit(1)


@main.command()
@click.argument("documents", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--spec",
    "spec_path",
    type=click.Path(path_type=Path),
    help="The approved spec: report every term the document states differently or leaves out.",
)
@click.option(
    "--against",
    "sent_path",
    type=click.Path(path_type=Path),
    help="The version you sent (DOCX, PDF or text): report every change made without tracking.",
)
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default=None,
    help="The kind of agreement; default: what the document records or its title says.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json", "sarif", "github", "html")),
    default="text",
    show_default=True,
    help="Report format; html is a self-contained page for people (use with --output).",
)
@click.option(
    "--output",
    "-o",
    "output",
    type=click.Path(path_type=Path),
    help="Write the report to this file instead of standard output.",
)
@_gate_options(
    _NEAREST, "Not ready when a finding at or above this severity remains (default: error)."
)
@click.option(
    "--preview",
    is_flag=True,
    help="Also run the preview rules (below their severity's measured precision; off by default).",
)
@_limit_option("max_seconds=30")
def presign(
    documents: tuple[Path, ...],
    spec_path: Path | None,
    sent_path: Path | None,
    kind: str | None,
    fmt: str,
    output: Path | None,
    fail_on: str | None,
    config_path: Path | None,
    preset: str | None,
    preview: bool,
    limit_options: tuple[str, ...],
) -> None:
    """Are DOCUMENTS ready to sign, and are they still the deal that was approved?

    Everything lint reports, and what a signer must not miss: unresolved tracked changes,
    comments, hidden text, stale fields, our own [MISSING] markers, leaked metadata; with
    --spec, every term that differs from the approved spec; with --against, every change
    made since the version you sent that no tracked change shows.

    Exit status: 0 every document ready to sign, 1 one or more not ready, 2 unusable input.

    \b
    Example:
      agreement presign returned.docx --spec deal.yaml --against sent.docx
      agreement presign returned.docx --spec deal.yaml --format html -o review.html
    """
    if sent_path is not None and len(documents) > 1:
        raise click.UsageError("--against compares one document with the version sent")
    limits = _limits(limit_options)
    reports = [
        api.presign(doc, spec_path, sent_path, kind, config_path, preset, limits, preview)
        for doc in documents
    ]
    text = api.render_reports(reports, fmt, "document")
    if output is not None:
        inputs = [*documents, *(p for p in (spec_path, sent_path) if p)]
        api.write_report(output, text, inputs)
        click.echo(f"wrote {output}", err=True)
        for report in reports:
            click.echo(f"{report.path}: {api.presign_verdict(report, fail_on)}")
    else:
        click.echo(text, nl=False)
    if not all(api.presign_ready(r, fail_on) for r in reports):
        sys.exit(1)


@main.command()
@click.option(
    "--host", help="Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)."
)
@click.option("--port", type=int, help="Port to listen on (default 8000).")
@click.option("--workers", type=int, help="gunicorn worker processes (default 2).")
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    help="agreement.toml with a [service] table and the rules, presets and limits to apply.",
)
@click.option(
    "--dev", is_flag=True, help="Werkzeug's development server (one process), not gunicorn."
)
def serve(
    host: str | None, port: int | None, workers: int | None, config_path: Path | None, dev: bool
) -> None:
    """Serve the REST API (/api/v1) and the web pages (review, draft, rules, clauses).

    Settings come from [service] in agreement.toml, then AGREEMENT_* environment variables,
    then these options (docs/service.md).

    \b
    Example:
      agreement serve --port 8000 --workers 2
      AGREEMENT_API_TOKEN=secret agreement serve --host 0.0.0.0
    """
    from .service.server import serve as run
    from .service.settings import load_settings

    settings = load_settings(config_path, host=host, port=port, workers=workers)
    click.echo(f"serving on http://{settings.host}:{settings.port}/ (Ctrl+C to stop)", err=True)
    run(settings, dev)


def _with_progress(items: Iterator[T]) -> Iterator[T]:
    """``items`` as they come, with ``N files linted (R a second)`` kept up to date on stderr."""
    started = time.monotonic()
    count = 0
    for count, item in enumerate(items, 1):
        yield item
        if count >= 5:
            rate = count / max(time.monotonic() - started, 1e-6)
            click.echo(f"\r{count:,} files linted ({rate:,.1f} a second)", err=True, nl=False)
    if count >= 5:
        click.echo("", err=True)
