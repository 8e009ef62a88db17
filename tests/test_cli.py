"""The foundation commands through click: validate, init, --version, --help, and hostile files."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from agreement_builder import __version__
from agreement_builder.cli import main
from agreement_builder.core.taxonomy import KINDS
from agreement_builder.core.values import NA, decided
from agreement_builder.spec.schemas import load_spec, parse_spec
from agreement_builder.spec.starters import render_starter

from .conftest import ROOT

SAMPLES = sorted((ROOT / "samples").glob("*.yaml")) + sorted(
    (ROOT / "samples" / "gaps").glob("*.yaml")
)
GOOD = ROOT / "samples" / "strategic_alliance.yaml"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_clean_failure(result: Result, *expected: str) -> None:
    """Exit code 2, a message, and no traceback or internal error."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    for text in expected:
        assert text in result.output


# ---------------------------------------------------------------- validate


def test_validate_a_good_spec() -> None:
    result = run("validate", GOOD)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{GOOD}: valid strategic_alliance spec with 2 parties\n"
    assert result.stderr == ""


def test_validate_every_sample_at_once() -> None:
    result = run("validate", *SAMPLES)
    assert result.exit_code == 0, result.output
    assert result.stdout.count(": valid ") == len(SAMPLES)


def test_validate_a_bad_spec_lists_its_problems_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "agreement:\n  kind: referal\n"
        "parties:\n  - {id: a, legal_name: A}\n  - {id: b, legal_name: B}\n"
        "term: {duraton: 2 years}\n",
        encoding="utf-8",
    )
    result = run("validate", path)
    assert_clean_failure(result)
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}:2:9: agreement.kind: 'referal' is not one of: strategic_alliance, joint_venture, "
        "co_marketing, referral, reseller, licensing, pilot; did you mean 'referral'?",
        f"{path}:6:8: term.duraton: unknown key; did you mean 'duration'?",
        f"{path}: 2 problems found; fix them and run again",
    ]


def test_validate_reports_good_and_bad_files_and_fails(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    result = run("validate", GOOD, missing)
    assert_clean_failure(result, f"{missing}: no such spec")
    assert f"{GOOD}: valid" in result.stdout


def test_validate_needs_a_file() -> None:
    result = run("validate")
    assert result.exit_code == 2
    assert "Missing argument" in result.output


# ---------------------------------------------------------------- init


@pytest.mark.parametrize("kind", KINDS)
def test_init_writes_a_starter_that_validates(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.yaml"
    result = run("init", "--kind", kind, path)
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == render_starter(kind)
    assert run("validate", path).exit_code == 0
    spec = load_spec(path)
    assert spec.kind == kind
    assert spec.term is None and spec.economics is None  # undecided until filled in
    assert (spec.pilot is NA) == (kind != "pilot")


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "deal.yaml"
    path.write_text("my own work\n", encoding="utf-8")
    result = run("init", "--kind", "pilot", path)
    assert_clean_failure(result, "already exists", "--force")
    assert path.read_text(encoding="utf-8") == "my own work\n"

    forced = run("init", "--kind", "pilot", "--force", path)
    assert forced.exit_code == 0, forced.output
    assert load_spec(path).kind == "pilot"


def test_init_rejects_an_unknown_kind(tmp_path: Path) -> None:
    result = run("init", "--kind", "merger", tmp_path / "x.yaml")
    assert result.exit_code == 2
    assert "Invalid value for '--kind'" in result.output
    assert not (tmp_path / "x.yaml").exists()


def _uncomment_examples(text: str) -> str:
    """Turn every indented example comment into a live line, as a user would."""
    return re.sub(r"(?m)^( +)# ", r"\1", text)


@pytest.mark.parametrize("kind", KINDS)
def test_starter_examples_are_valid_when_uncommented(kind: str) -> None:
    spec = parse_spec(_uncomment_examples(render_starter(kind)), f"{kind}.yaml")
    for name in ("purpose", "kpis", "ip", "economics", "term", "exit", "disputes", "governance"):
        assert decided(getattr(spec, name)), name
    ids = {p.id for p in spec.parties}
    if spec.economics.splits:
        assert sum(s.percent for s in spec.economics.splits) == 100
        assert {s.party for s in spec.economics.splits} <= ids
    assert {"confidentiality", "ip_ownership"} <= set(spec.exit.survival)
    assert spec.disputes.escalation and decided(spec.disputes.mediation)
    assert all(k.owner in ids and k.target is not None for k in spec.kpis)
    for licence in spec.ip.licences:
        assert licence.type != "trademark" or licence.usage_limits


def test_starters_have_their_kind_specific_parts() -> None:
    def examples(kind: str) -> str:
        return _uncomment_examples(render_starter(kind))

    pilot = parse_spec(examples("pilot")).pilot
    assert decided(pilot) and pilot.success_criteria and pilot.decision_maker
    assert parse_spec(examples("referral")).economics.commission is not None
    jv = parse_spec(examples("joint_venture"))
    assert len(jv.parties) == 3 and jv.governance.steering_committee.deadlock
    licence = parse_spec(examples("licensing")).ip.licences[0]
    assert licence.type == "software" and licence.royalty_percent is not None
    reseller = parse_spec(examples("reseller")).exclusivity
    assert reseller.exclusive and reseller.territory and reseller.duration
    assert "not_applicable" in render_starter("co_marketing")


def test_render_starter_rejects_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown agreement kind 'merger'"):
        render_starter("merger")


# ---------------------------------------------------------------- version and help


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.output == f"agreement, version {__version__}\n"


def _commands() -> list[tuple[str, ...]]:
    return [(), *((name,) for name in sorted(main.commands))]


@pytest.mark.parametrize("command", _commands(), ids=lambda c: " ".join(c) or "agreement")
def test_help_has_an_example(command: tuple[str, ...]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0, result.output
    assert "Example" in result.output


def test_every_command_is_a_click_command() -> None:
    assert {"validate", "init"} <= set(main.commands)
    assert all(isinstance(c, click.Command) for c in main.commands.values())


# ---------------------------------------------------------------- hostile files


def _alias_bomb() -> str:
    lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


BAD_FILES: dict[str, tuple[Callable[[Path], Path], str]] = {}


def bad_file(name: str, message: str) -> Callable[[Callable[[Path], Path]], Callable[[Path], Path]]:
    def register(make: Callable[[Path], Path]) -> Callable[[Path], Path]:
        BAD_FILES[name] = (make, message)
        return make

    return register


@bad_file("empty", "is empty")
def _empty(tmp: Path) -> Path:
    (tmp / "empty.yaml").write_bytes(b"")
    return tmp / "empty.yaml"


@bad_file("binary", "looks like a binary file")
def _binary(tmp: Path) -> Path:
    (tmp / "logo.yaml").write_bytes(bytes(range(256)) * 4)
    return tmp / "logo.yaml"


@bad_file("directory", "is a directory")
def _directory(tmp: Path) -> Path:
    (tmp / "specs").mkdir()
    return tmp / "specs"


@bad_file("missing", "no such spec")
def _missing(tmp: Path) -> Path:
    return tmp / "nope.yaml"


@bad_file("non-utf8", "not valid UTF-8")
def _latin1(tmp: Path) -> Path:
    (tmp / "latin.yaml").write_bytes("agreement:\n  title: Société Générale\n".encode("latin-1"))
    return tmp / "latin.yaml"


@bad_file("alias-bomb", "alias bomb")
def _bomb(tmp: Path) -> Path:
    (tmp / "bomb.yaml").write_text(_alias_bomb(), encoding="utf-8")
    return tmp / "bomb.yaml"


@bad_file("deep-lists", "nested more than 64 levels deep")
def _deep(tmp: Path) -> Path:
    (tmp / "deep.yaml").write_text("a: " + "[" * 2000 + "]" * 2000 + "\n", encoding="utf-8")
    return tmp / "deep.yaml"


@bad_file("python-tag", "is not allowed")
def _python_tag(tmp: Path) -> Path:
    (tmp / "evil.yaml").write_text(
        'agreement: !!python/object/apply:os.system ["echo pwned"]\n', encoding="utf-8"
    )
    return tmp / "evil.yaml"


@bad_file("merge-key", "merge keys")
def _merge(tmp: Path) -> Path:
    (tmp / "merge.yaml").write_text(
        "base: &b {kind: pilot}\nagreement:\n  <<: *b\n", encoding="utf-8"
    )
    return tmp / "merge.yaml"


@bad_file("malformed", "malformed YAML/JSON")
def _malformed(tmp: Path) -> Path:
    (tmp / "broken.yaml").write_text("agreement: {kind: pilot\nparties: [\n", encoding="utf-8")
    return tmp / "broken.yaml"


@bad_file("oversize", "over the 2,000,000-byte limit")
def _oversize(tmp: Path) -> Path:
    (tmp / "big.yaml").write_text("# padding\n" * 250_000, encoding="utf-8")
    return tmp / "big.yaml"


@bad_file("scalar", "a spec is a mapping")
def _scalar(tmp: Path) -> Path:
    (tmp / "scalar.yaml").write_text("just some text\n", encoding="utf-8")
    return tmp / "scalar.yaml"


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_fails_cleanly(tmp_path: Path, name: str) -> None:
    make, message = BAD_FILES[name]
    path = make(tmp_path)
    result = run("validate", path)
    assert_clean_failure(result, str(path), message)
    assert result.stdout == ""


@pytest.mark.parametrize("depth", [20_000, 100_000])
def test_very_deep_nesting_fails_cleanly(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deeper.yaml"
    path.write_text("a: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    done = subprocess.run(  # a crash must not take the test run down with it
        [sys.executable, "-m", "agreement_builder", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, (done.returncode, done.stderr[-500:])
    assert "nested more than 64 levels deep" in done.stderr


@pytest.mark.parametrize(
    "args",
    [["--help"], ["validate", "samples/pilot.yaml"], ["check", "samples/pilot.yaml"]],
)
def test_light_commands_do_not_import_the_renderers(args):
    """Start-up stays light: WeasyPrint, python-docx and the PDF reader load only when used."""
    assert _imported(args, ("weasyprint", "docx", "pypdfium2", "lxml")) == []


@pytest.mark.parametrize("command", ["check", "build"])
def test_spec_commands_do_not_import_the_document_detectors(command, tmp_path):
    """check and build never read a document: the detectors (whose regexes compile at
    import) and the component signals stay unloaded."""
    args = [command, "samples/pilot.yaml"]
    if command == "build":
        args += ["--format", "docx", "-o", str(tmp_path)]
    modules = ("agreement_builder.analyze.drafting", "agreement_builder.analyze.components")
    assert _imported(args, (*modules, "agreement_builder.engine.run_document")) == []
    # the control: lint does need them (in its worker processes; the parent process only
    # unpickles the component results it gets back)
    assert _imported(["lint", "samples/pilot.yaml"], modules) == [modules[1]]


def test_linting_a_complete_agreement_does_not_read_the_clause_library(tmp_path):
    """The library only names a clause for a missing component: a complete agreement (our
    own build) is linted without reading it; a text that lacks components still gets one."""
    from agreement_builder.api import build

    built = build([ROOT / "samples" / "strategic_alliance.yaml"], tmp_path, ["docx"])
    complete = str(built[0].outputs[0])
    library = ("agreement_builder.build.library",)
    # the worker's work, in a fresh interpreter: what linting one file imports
    lint_one = "from agreement_builder import api\napi._lint_one(({path!r}, 'strategic_alliance', api._nearest_config(api.Path('.'), None), None))\n"
    assert _imported_by(lint_one.format(path=complete), library) == []
    partial = tmp_path / "partial.txt"
    partial.write_text("This Agreement is governed by the laws of England.\n", encoding="utf-8")
    # a kind given with --kind: the note names what was not recognised, without our clauses;
    # --preview lists each one with our clause for it (DOC010), and only then is it read
    assert _imported_by(lint_one.format(path=str(partial)), library) == []
    done = CliRunner().invoke(main, ["lint", str(partial), "--kind", "strategic_alliance"])
    assert "RDR107" in done.output and "our library has" not in done.output
    args = ["lint", str(partial), "--kind", "strategic_alliance", "--preview"]
    done = CliRunner().invoke(main, args)
    assert "our library has termination." in done.output


def _imported(args: list[str], watched: tuple[str, ...]) -> list[str]:
    """Which of ``watched`` a CLI run imports (in a fresh interpreter)."""
    run = (
        "from agreement_builder.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
    )
    return _imported_by(run, watched)


def _imported_by(run: str, watched: tuple[str, ...]) -> list[str]:
    """Which of ``watched`` the Python code ``run`` imports (in a fresh interpreter)."""
    code = f"import sys\n{run}print('LOADED', [m for m in {watched!r} if m in sys.modules])\n"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("LOADED ")), None)
    assert line is not None, done.stdout + done.stderr
    return list(ast.literal_eval(line.removeprefix("LOADED ")))


def test_spec_limits_from_config_and_flags(tmp_path):
    folder = tmp_path / "deals"
    folder.mkdir()
    spec = folder / "pilot.yaml"
    spec.write_text((ROOT / "samples" / "pilot.yaml").read_text())
    runner = CliRunner()
    assert runner.invoke(main, ["validate", str(spec)]).exit_code == 0
    (tmp_path / "agreement.toml").write_text("[limits]\nyaml_max_kb = 2\n")
    for command in (["validate"], ["check"], ["build", "-o", str(tmp_path / "o")]):
        result = runner.invoke(main, [*command, str(spec)])
        assert result.exit_code == 2 and "over the 2,000-byte limit" in result.output, command
    result = runner.invoke(main, ["validate", str(spec), "--limit", "yaml_max_kb=50"])
    assert result.exit_code == 0, result.output
    deep = ["--limit", "yaml_max_kb=50", "--limit", "yaml_max_depth=2"]
    result = runner.invoke(main, ["validate", str(spec), *deep])
    assert result.exit_code == 2 and "nested more than 2 levels deep" in result.output


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_special_files_are_refused_without_reading_them(tmp_path):
    """A device or FIFO is never opened (a FIFO blocks until written to, /dev/zero never
    ends): validate is exit 2, lint gives the file DOC003 and goes on."""
    import os

    result = CliRunner().invoke(main, ["validate", "/dev/zero"])
    assert result.exit_code == 2 and "is a character device, not a spec" in result.output
    fifo = tmp_path / "incoming.txt"
    os.mkfifo(fifo)
    (tmp_path / "z_good.txt").write_text("1. Term. Two years.\n")
    for args in (
        ["validate", str(fifo)],
        ["check", str(fifo)],
        ["build", str(fifo), "-o", str(tmp_path / "o")],
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2 and "is a FIFO (named pipe)" in result.output, args
    lint = CliRunner().invoke(main, ["lint", "/dev/zero", str(tmp_path), "--format", "json"])
    assert lint.exit_code == 1, lint.output
    documents = json.loads(lint.output)["documents"]
    assert [d["path"].rsplit("/", 1)[-1] for d in documents] == [
        "zero",
        "incoming.txt",
        "z_good.txt",
    ]
    assert "is a character device, not a document" in documents[0]["findings"][0]["message"]
    assert "is a FIFO (named pipe), not a document" in documents[1]["findings"][0]["message"]
