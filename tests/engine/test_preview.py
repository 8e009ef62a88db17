"""Preview rules (issue 16): a rule whose judged precision is below the bar of its severity is
marked ``preview: true`` in its YAML and runs only in preview mode (``--preview`` on ``lint``
and ``presign``, or ``preview = true`` in the config), like ruff's preview rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_builder import api
from agreement_builder.cli import main
from agreement_builder.core.errors import ConfigError
from agreement_builder.engine import load_config, load_registry
from agreement_builder.engine.docs import explain_rule, rules_markdown

# two parties and one signature line (DRF119, a preview rule) and a gap in the numbering
# (DRF111, a preview rule); the placeholder (DRF101) is an ordinary warning
DRAFT = """RESELLER AGREEMENT

This Reseller Agreement is made between Alpha Tools Inc. ("Alpha") and Beta Retail LLC ("Beta").

1. Appointment. Alpha appoints Beta as a non-exclusive reseller of the Products.

2. Fees. Beta shall pay Alpha a fee of [AMOUNT] for each Product sold.

4. Governing Law. This Agreement is governed by the laws of the State of Texas.

IN WITNESS WHEREOF the parties have signed this Agreement.

Alpha Tools Inc. By: ____________ Name: Title:
"""
PREVIEW = {"DRF111", "DRF119"}


def _codes(report: api.Report) -> set[str]:
    return {f.code for f in report.findings}


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    return path


def test_the_judged_noisy_rules_are_preview_rules() -> None:
    registry = load_registry()
    preview = {r.code for r in registry if r.preview}
    assert {"DOC002", "DRF102", "DRF105", "DRF107", "DRF109", "DRF111", "DRF119"} <= preview
    assert not {"DOC001", "DRF101", "DRF103", "DRF104", "DRF112", "RDR104"} & preview


def test_preview_rules_run_only_in_preview_mode(draft: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    [plain] = api.lint([draft], kind="reseller", config_path=empty)
    assert "DRF101" in _codes(plain) and not PREVIEW & _codes(plain)
    [flagged] = api.lint([draft], kind="reseller", config_path=empty, preview=True)
    assert _codes(flagged) >= PREVIEW and "DRF101" in _codes(flagged)
    on = tmp_path / "preview.toml"
    on.write_text("preview = true\n", encoding="utf-8")
    [configured] = api.lint([draft], kind="reseller", config_path=on)
    assert _codes(configured) >= PREVIEW
    count = next(f for f in configured.findings if f.code == "DRF119")
    assert count.message == "1 signature line(s) for 2 parties" and count.severity == "warning"


def test_selecting_a_preview_rule_by_code_is_not_enough(draft: Path, tmp_path: Path) -> None:
    config = tmp_path / "select.toml"
    config.write_text('select = ["DRF119", "DRF101"]\n', encoding="utf-8")
    [report] = api.lint([draft], kind="reseller", config_path=config)
    assert _codes(report) == {"DRF101"}
    config.write_text('select = ["DRF119", "DRF101"]\npreview = true\n', encoding="utf-8")
    [report] = api.lint([draft], kind="reseller", config_path=config)
    assert _codes(report) == {"DRF101", "DRF119"}


def test_preview_is_inherited_through_extends_and_must_be_a_boolean(tmp_path: Path) -> None:
    registry = load_registry()
    base = tmp_path / "base.toml"
    base.write_text("preview = true\n", encoding="utf-8")
    child = tmp_path / "child.toml"
    child.write_text('extends = "base.toml"\n', encoding="utf-8")
    config = load_config(child, registry)
    assert config.preview is True
    assert config.severity(registry.find("DRF119")) == "warning"  # type: ignore[arg-type]
    bad = tmp_path / "bad.toml"
    bad.write_text('preview = "yes"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="preview must be true or false"):
        load_config(bad, registry)


def test_cli_preview_flag_on_lint_and_presign(draft: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    plain = runner.invoke(main, ["lint", str(draft), "--kind", "reseller"])
    assert "DRF119" not in plain.output and "DRF101" in plain.output
    flagged = runner.invoke(main, ["lint", str(draft), "--kind", "reseller", "--preview"])
    assert "1 signature line(s) for 2 parties" in flagged.output
    signed = runner.invoke(main, ["presign", str(draft), "--kind", "reseller", "--preview"])
    assert "DRF119" in signed.output
    unsigned = runner.invoke(main, ["presign", str(draft), "--kind", "reseller"])
    assert "DRF119" not in unsigned.output and "DRF101" in unsigned.output


def test_rules_page_and_listing_name_the_preview_rules() -> None:
    registry = load_registry()
    page = rules_markdown(registry)
    assert "**Preview rules**" in page
    assert "| [DRF119](#drf119) | drafting.signature-count | warning (*preview*) |" in page
    assert "| [DRF101](#drf101) | drafting.placeholder | warning |" in page
    rule = registry.find("DRF105")
    assert rule is not None
    assert "preview: off unless --preview" in explain_rule(rule)
    listing = CliRunner().invoke(main, ["rules"]).output.splitlines()
    assert any(line.startswith("DRF119") and line.endswith("  preview") for line in listing)
    assert not any(line.startswith("DRF101") and line.endswith("preview") for line in listing)
