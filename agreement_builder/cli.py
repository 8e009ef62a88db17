"""The ``agreement`` command: thin click wrappers over ``api``; the only module that prints.

Exit codes: 0 success; 1 findings at or above ``--fail-on`` (or gaps with ``--strict``);
2 unusable input or configuration; 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import AgreementError

KIND_CHOICES = (
    "strategic_alliance",
    "joint_venture",
    "co_marketing",
    "referral",
    "reseller",
    "licensing",
    "pilot",
)


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
def validate(specs: tuple[Path, ...]) -> None:
    """Check spec files against the spec format; list every problem, located.

    \b
    Example:
      agreement validate samples/referral.yaml samples/pilot.yaml
    """
    from .api import load_spec

    failed = 0
    for spec_path in specs:
        try:
            spec = load_spec(spec_path)
        except AgreementError as exc:
            failed += 1
            click.echo(str(exc), err=True)
            continue
        click.echo(f"{spec_path}: valid {spec.kind} spec with {len(spec.parties)} parties")
    if failed:
        sys.exit(2)


@main.command()
@click.option("--kind", type=click.Choice(KIND_CHOICES), required=True, help="The kind of agreement.")
@click.option("--force", is_flag=True, help="Replace an existing file.")
@click.argument("path", type=click.Path(path_type=Path))
def init(kind: str, force: bool, path: Path) -> None:
    """Write a commented starter spec for KIND to PATH.

    \b
    Example:
      agreement init --kind joint_venture jv.yaml
    """
    from .errors import OutputError
    from .files import write_atomic
    from .starter import render_starter

    if path.exists() and not force:
        raise OutputError(f"{path}: already exists; pass --force to replace it")
    write_atomic(path, render_starter(kind))
    click.echo(f"{path}: wrote a starter {kind} spec; fill it in, then run: agreement check {path}")
