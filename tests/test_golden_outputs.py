"""What users see stays what it was: starters, built HTML and DOCX text, check and lint reports.

``tests/data/golden/`` was recorded at commit 6c3eb4a, before the package was reorganised
into stages (issue 13); a refactoring must reproduce it byte for byte. A change in behaviour
that is meant changes it on purpose: regenerate with
``AGREEMENT_UPDATE_GOLDEN=1 pytest tests/test_golden_outputs.py`` and read the diff.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_builder.cli import main
from agreement_builder.core.taxonomy import KINDS

from .conftest import DATA, GAP_SAMPLES, ROOT, SAMPLES

GOLDEN = DATA / "golden"


def _agree(golden: Path, got: str) -> None:
    if os.environ.get("AGREEMENT_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert golden.is_file(), f"{golden} missing: record it with AGREEMENT_UPDATE_GOLDEN=1"
    assert got == golden.read_text(encoding="utf-8"), f"{golden.name} changed"


def _run(args: list[str], code: int = 0) -> str:
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.stdout


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # reports name files as given: relative to the repository


@pytest.mark.parametrize("kind", KINDS)
def test_starter_is_unchanged(kind: str, tmp_path: Path) -> None:
    target = tmp_path / "starter.yaml"
    _run(["init", "--kind", kind, str(target)])
    _agree(GOLDEN / "init" / f"{kind}.yaml", target.read_text(encoding="utf-8"))


@pytest.mark.parametrize("sample", SAMPLES + GAP_SAMPLES, ids=lambda p: p.stem)
def test_built_html_and_docx_text_are_unchanged(sample: Path, tmp_path: Path) -> None:
    rel = sample.relative_to(ROOT)
    _run(["build", str(rel), "-o", str(tmp_path), "--format", "html,docx"])
    name = f"{rel.parent.name}-{sample.stem}" if rel.parent.name == "gaps" else sample.stem
    html = (tmp_path / f"{sample.stem}.html").read_text(encoding="utf-8")
    _agree(GOLDEN / "html" / f"{name}.html", html)
    with zipfile.ZipFile(io.BytesIO((tmp_path / f"{sample.stem}.docx").read_bytes())) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    _agree(GOLDEN / "docx" / f"{name}.xml", body.replace("><", ">\n<"))


def test_check_report_of_the_gap_samples_is_unchanged() -> None:
    args = ["check", *(str(p.relative_to(ROOT)) for p in GAP_SAMPLES), "--format", "json"]
    _agree(GOLDEN / "check-gaps.json", _run(args, code=1))


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_lint_report_of_the_bundled_document_is_unchanged(fmt: str) -> None:
    args = ["lint", "samples/documents/partner_draft.txt", "--kind", "reseller", "--format", fmt]
    _agree(GOLDEN / f"lint-partner-draft.{fmt}", _run(args, code=1))


def test_rule_and_clause_listings_are_unchanged() -> None:
    _agree(GOLDEN / "rules.txt", _run(["rules"]))
    _agree(GOLDEN / "clauses.txt", _run(["clauses"]))
