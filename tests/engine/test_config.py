"""Configs are data, possibly from outside: whatever is wrong with one is exit 2 naming the
file, and no config can lift a safety limit above its ceiling."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_builder.cli import main
from agreement_builder.core.errors import ConfigError
from agreement_builder.core.limits import CEILINGS, LIMIT_KEYS, Limits

from ..conftest import ROOT

DOCUMENT = "# Draft\n\nThe fee is payable within thirty (30) days.\n"


def _chain(folder: Path, depth: int) -> Path:
    for n in range(depth):
        (folder / f"c{n}.toml").write_text(f'extends = "c{n + 1}.toml"\n')
    (folder / f"c{depth}.toml").write_text('fail_on = "error"\n')
    return folder / "c0.toml"


MALFORMED = {
    "not_utf8": lambda folder: _write(folder, b'fail_on = "\xff\xfe"\n'),
    "deeply_nested": lambda folder: _write(folder, b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n"),
    "sparse_gigabytes": lambda folder: _sparse(folder),
    "limit_of_ten_to_the_23": lambda folder: _write(
        folder, b"[limits]\nmax_pages = 10" + b"0" * 22 + b"\n"
    ),
    "limit_over_its_ceiling": lambda folder: _write(folder, b"[limits]\nzip_max_ratio = 10001\n"),
    "extends_chain_1200_deep": lambda folder: _chain(folder, 1200),
    "rules_not_a_table": lambda folder: _write(folder, b"rules = 5\n"),
    "select_not_strings": lambda folder: _write(folder, b"select = [1, 2]\n"),
    "limits_not_a_table": lambda folder: _write(folder, b"limits = [1]\n"),
    "tool_agreement_not_a_table": lambda folder: _write(folder, b"tool = 5\n", "pyproject.toml"),
    "inline_suppressions_unknown": lambda folder: _write(folder, b'inline_suppressions = "all"\n'),
    "a_folder": lambda folder: _folder(folder),
}


def _write(folder: Path, data: bytes, name: str = "agreement.toml") -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _sparse(folder: Path) -> Path:
    path = folder / "agreement.toml"
    with path.open("wb") as handle:
        handle.truncate(4 * 1024**3)  # 4 GB of nothing, on disk only as metadata
    return path


def _folder(folder: Path) -> Path:
    path = folder / "agreement.toml"
    path.mkdir()
    return path


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_config_is_exit_2_naming_it(case: str, tmp_path: Path) -> None:
    config = MALFORMED[case](tmp_path)
    document = tmp_path / "draft.md"
    document.write_text(DOCUMENT)
    result = CliRunner().invoke(main, ["lint", str(document), "--config", str(config)])
    assert result.exit_code == 2, (case, result.exit_code, result.output[-500:])
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert str(config.parent) in result.output or config.name in result.output, result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_config_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "agreement.toml"
    os.mkfifo(fifo)
    spec = tmp_path / "deal.yaml"
    spec.write_bytes((ROOT / "samples" / "pilot.yaml").read_bytes())
    result = CliRunner().invoke(main, ["check", str(spec), "--config", str(fifo)])
    assert result.exit_code == 2 and "not a regular file" in result.output


def test_dev_null_is_an_empty_config(tmp_path: Path) -> None:
    document = tmp_path / "draft.md"
    document.write_text(DOCUMENT)
    assert CliRunner().invoke(main, ["lint", str(document), "--config", os.devnull]).exit_code in (
        0,
        1,
    )


def test_every_limit_has_a_ceiling_above_its_default() -> None:
    assert set(CEILINGS) == set(LIMIT_KEYS)
    for key in LIMIT_KEYS:
        assert CEILINGS[key] >= getattr(Limits(), key), key
        Limits.from_mapping({key: CEILINGS[key]})  # the ceiling itself is allowed
        with pytest.raises(ConfigError, match="hard ceiling"):
            Limits.from_mapping({key: CEILINGS[key] + 1})


def test_a_limit_flag_over_the_ceiling_is_refused_too(tmp_path: Path) -> None:
    document = tmp_path / "draft.md"
    document.write_text(DOCUMENT)
    result = CliRunner().invoke(main, ["lint", str(document), "--limit", "max_seconds=999999"])
    assert result.exit_code == 2 and "hard ceiling of 3,600" in result.output


def test_a_config_beside_the_documents_cannot_narrow_the_review(tmp_path, monkeypatch) -> None:
    """An agreement.toml planted in the folder under review selects one harmless rule: it is
    not obeyed (the placeholder is still an error) unless the user trusts it."""
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "agreement.toml").write_text('select = ["DRF103"]\n[limits]\nzip_max_ratio = 5000\n')
    # the words and the figure disagree (an error) and a placeholder (a warning)
    (folder / "draft.md").write_text("# Draft\n\nThe fee of [AMOUNT] is due in thirty (20) days.\n")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    plain = runner.invoke(main, ["lint", str(folder)])
    assert plain.exit_code == 1 and "DRF101" in plain.output
    trusted = runner.invoke(main, ["lint", str(folder), "--trust-document-config"])
    assert trusted.exit_code == 0 and "DRF101" not in trusted.output
    own = tmp_path / "own.toml"
    own.write_text("")
    explicit = runner.invoke(
        main, ["lint", str(folder), "--trust-document-config", "--config", str(own)]
    )
    assert explicit.exit_code == 1 and "DRF101" in explicit.output  # --config always wins
