"""agreement lint as a workflow tool: formats, folders, jobs, unreadable files, suppression."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_builder.api import build, lint
from agreement_builder.cli import main

from .conftest import ROOT

ALLIANCE = ROOT / "samples" / "strategic_alliance.yaml"

PLACEHOLDER_TEXT = """RESELLER AGREEMENT

This Reseller Agreement is made between Alpha Tools Inc., a Delaware corporation ("Alpha"),
and Beta Retail LLC, a Texas limited liability company ("Beta").

1. Fees. Beta shall pay Alpha a fee of [AMOUNT] within thirty (30) days of each invoice.

2. Governing Law. This Agreement is governed by the laws of the State of Texas.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built")
    build([ALLIANCE], out, ["docx", "pdf"])
    return out


def test_json_shape_has_documents_with_components_and_findings(built):
    result = CliRunner().invoke(main, ["lint", str(built), "--format", "json"])
    data = json.loads(result.output)
    assert data["schema_version"] == 1
    paths = [d["path"] for d in data["documents"]]
    assert paths == sorted(paths) and len(paths) == 2  # the folder, in a stable order
    for document in data["documents"]:
        assert document["kind"] == "strategic_alliance"
        law = document["components"]["governing_law"]
        assert law["present"] is True and law["evidence"]
        assert {"section", "caption", "excerpt"} <= set(law["evidence"][0])
        assert isinstance(document["findings"], list)
    pdf = next(d for d in data["documents"] if d["path"].endswith(".pdf"))
    assert "page" in pdf["components"]["governing_law"]["evidence"][0]


def test_jsonl_streams_one_document_per_line_and_jobs_keep_the_order(tmp_path, built):
    for i in range(6):
        (tmp_path / f"deal_{i}.txt").write_text(PLACEHOLDER_TEXT)
    (tmp_path / "notes.csv").write_text("not an agreement")  # unsupported: skipped
    runner = CliRunner()
    one = runner.invoke(main, ["lint", str(tmp_path), "--format", "jsonl"])
    two = runner.invoke(main, ["lint", str(tmp_path), "--format", "jsonl", "--jobs", "2"])
    lines = one.output.splitlines()
    assert len(lines) == 6 and one.output == two.output
    assert [json.loads(line)["path"] for line in lines] == [
        str(tmp_path / f"deal_{i}.txt") for i in range(6)
    ]


def test_unreadable_file_is_a_finding_and_the_rest_go_on(tmp_path):
    (tmp_path / "a_broken.docx").write_bytes(b"PK\x03\x04 this is not a zip")
    (tmp_path / "b_deal.txt").write_text(PLACEHOLDER_TEXT)
    result = CliRunner().invoke(main, ["lint", str(tmp_path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "a_broken.docx: error DOC003 [document.unreadable]" in result.output
    assert "b_deal.txt:" in result.output and "DRF101" in result.output


def test_no_text_layer_is_reported(tmp_path, pdf_engine):
    pdf = pdf_engine.render('<div style="width:5cm;height:5cm;background:#333"></div>')
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf)
    [report] = list(lint([path]))
    assert [f.code for f in report.findings] == ["DOC004"]  # not 28 missing components


def test_placeholder_found_with_line_and_column(tmp_path):
    path = tmp_path / "deal.txt"
    path.write_text(PLACEHOLDER_TEXT)
    result = CliRunner().invoke(main, ["lint", str(path)])
    line = next(x for x in result.output.splitlines() if "DRF101" in x)
    assert line.startswith(f"{path}:6:")


def test_inline_suppression_in_markdown(tmp_path):
    text = PLACEHOLDER_TEXT.replace(
        "1. Fees.", "<!-- agreement: disable-next-line DRF101 -->\n1. Fees."
    )
    path = tmp_path / "deal.md"
    path.write_text(text)
    [report] = list(lint([path]))
    assert "DRF101" not in [f.code for f in report.findings]


def test_config_ignore_by_code_and_quoted_text(tmp_path):
    path = tmp_path / "deal.txt"
    path.write_text(PLACEHOLDER_TEXT)
    config = tmp_path / "agreement.toml"
    config.write_text('ignore = [{code = "DRF101", text = "[AMOUNT]"}]\n')
    [report] = list(lint([path], config_path=config))
    assert "DRF101" not in [f.code for f in report.findings]
    config.write_text('ignore = [{code = "DRF101"}]\n')
    result = CliRunner().invoke(main, ["lint", str(path), "--config", str(config)])
    assert result.exit_code == 2 and "needs exactly a rule 'code' and a 'text'" in result.output


def test_kind_decides_required_components(tmp_path):
    path = tmp_path / "deal.txt"
    path.write_text(PLACEHOLDER_TEXT)
    # a kind given with --kind: one note names what the checker did not recognise (RDR107);
    # --preview lists each one with our clause for it (DOC010); DOC001 needs a recorded kind
    [report] = list(lint([path], kind="licensing"))
    [note] = [f for f in report.findings if f.code == "RDR107"]
    assert {"license_grant", "dispute_resolution"} <= set(note.components)
    assert "checked as a licensing agreement, the kind given with --kind" in note.message
    assert not [f for f in report.findings if f.code in ("DOC001", "DOC010")]
    [report] = list(lint([path], kind="licensing", preview=True))
    listed = {f.components[0] for f in report.findings if f.code == "DOC010"}
    assert listed == set(note.components)
    explained = next(f for f in report.findings if f.code == "DOC010")
    assert "If it is missing, our library has" in explained.message


def test_sarif_and_github_formats_work_for_documents(tmp_path):
    path = tmp_path / "deal.txt"
    path.write_text(PLACEHOLDER_TEXT)
    runner = CliRunner()
    sarif = json.loads(runner.invoke(main, ["lint", str(path), "--format", "sarif"]).output)
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
    github = runner.invoke(main, ["lint", str(path), "--format", "github", "--kind", "referral"])
    github = github.output
    # the placeholder is a warning; the components not recognised for the kind given, a notice
    assert github.startswith("::warning file=") and "title=DRF101 drafting.placeholder" in github
    assert (
        "::notice file=" in github and "title=RDR107 document.kind-given-not-recognised" in github
    )


def test_readme_partner_draft_finds_exactly_the_planted_defects():
    """The README's lint example: one of each defect planted in run-together text (the
    missing section, the numbering gap and the signature count are preview rules:
    ``--preview``)."""
    draft = ROOT / "samples" / "documents" / "partner_draft.txt"
    [report] = list(lint([draft], kind="reseller", preview=True))
    drafting = sorted((f.code, f.location.section) for f in report.findings if f.code[:3] == "DRF")
    assert drafting == [
        ("DRF101", "2"),
        ("DRF107", "1.2"),
        ("DRF111", "6"),
        ("DRF112", "2"),
        ("DRF119", "6"),
    ]
    found = {c for c, r in report.components.items() if r.present}
    assert {"parties", "term", "confidentiality", "governing_law", "signatures"} <= found
    assert "dispute_resolution" not in found


def test_limit_flags_override_the_config(tmp_path, pdf_engine):
    pages = "".join(f'<p style="break-after: page">Page text {i}</p>' for i in range(4))
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf_engine.render(pages))
    runner = CliRunner()
    result = runner.invoke(main, ["lint", str(path), "--max-pages", "2", "--format", "json"])
    notes = [f["message"] for f in json.loads(result.output)["documents"][0]["findings"]]
    assert any("2" in n and "pages" in n for n in notes), notes
    bad = runner.invoke(main, ["lint", str(path), "--limit", "max_pagez=3"])
    assert bad.exit_code == 2 and "max_pagez" in bad.output


def test_a_bug_in_one_file_does_not_stop_the_run(tmp_path, monkeypatch):
    import agreement_builder.engine.run_document as document

    good = tmp_path / "b_good.txt"
    good.write_text(PLACEHOLDER_TEXT)
    (tmp_path / "a_bad.txt").write_text(PLACEHOLDER_TEXT)
    real = document.lint_document

    def flaky(doc, *args):
        if doc.path.endswith("a_bad.txt"):
            raise ValueError("unexpected shape")
        return real(doc, *args)

    monkeypatch.setattr(document, "lint_document", flaky)
    reports = list(lint([tmp_path]))
    assert [r.path.rsplit("/", 1)[-1] for r in reports] == ["a_bad.txt", "b_good.txt"]
    assert reports[0].findings[0].code == "DOC003"
    assert "please report it" in reports[0].findings[0].message
    assert "DRF101" in {f.code for f in reports[1].findings}


def test_docx_findings_point_at_their_paragraph(tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph(
        'This Agreement is made between Alpha Tools Inc. ("Alpha") and Beta Retail LLC ("Beta").'
    )
    document.add_heading("1. Fees", level=1)
    document.add_paragraph("Beta shall pay Alpha a fee of [AMOUNT] each month.")
    path = tmp_path / "draft.docx"
    document.save(path)
    result = CliRunner().invoke(main, ["lint", str(path), "--format", "json"])
    [finding] = [
        f for f in json.loads(result.output)["documents"][0]["findings"] if f["code"] == "DRF101"
    ]
    assert finding["location"]["paragraph"] == 3
    text = CliRunner().invoke(main, ["lint", str(path)]).output
    assert f"{path}: section 1 (Fees): warning DRF101" in text  # a place Word shows
    assert 'Beta shall pay Alpha a fee of [AMOUNT] each month."\n' in text


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_goes_to_a_terminal_but_not_over_a_report_on_it(tmp_path):
    """The running count is written when stderr is a terminal, with a rate; not when the
    text report is streamed to the same terminal (the lines would interleave)."""
    import os
    import pty
    import subprocess

    text = (ROOT / "samples" / "documents" / "partner_draft.txt").read_text()
    for i in range(6):
        (tmp_path / f"doc{i}.txt").write_text(text)
    command = [sys.executable, "-m", "agreement_builder", "lint", str(tmp_path)]

    def run(args: list[str], stdout_terminal: bool) -> str:
        """What the terminal shows, read while the command runs (a full pseudo-terminal
        buffer would block it)."""
        import select

        primary, secondary = pty.openpty()
        stdout = secondary if stdout_terminal else subprocess.DEVNULL
        proc = subprocess.Popen([*command, *args], stdout=stdout, stderr=secondary)
        os.close(secondary)
        seen = b""
        try:
            while True:
                ready, _, _ = select.select([primary], [], [], 120)
                if not ready:
                    raise AssertionError("the command wrote nothing for 120 s")
                try:
                    chunk = os.read(primary, 1 << 16)
                except OSError:  # the command ended: the terminal is closed
                    break
                if not chunk:
                    break
                seen += chunk
        finally:
            os.close(primary)
            proc.wait(timeout=120)
        return seen.decode("utf-8", "replace")

    shown = run(["--format", "json"], stdout_terminal=False)
    assert "6 files linted (" in shown and "a second)" in shown, shown
    assert "files linted" not in run([], stdout_terminal=True)  # text report on the terminal


_FAIL_ON_WARNING = ["--fail-on", "warning"]  # the placeholder (DRF101) is a warning


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "sarif", "github"])
def test_file_names_are_escaped_in_every_format(tmp_path, fmt):
    """A name that is not UTF-8 or carries an escape sequence gives valid UTF-8 output, valid
    JSON, percent-encoded SARIF URIs and nothing a terminal would act on (it was exit 3)."""
    import os
    import subprocess

    folder = os.fsencode(tmp_path)
    for raw in (b"caf\xe9.txt", b"\x1b[31mred.txt", b"a b#1.txt"):
        with open(os.path.join(folder, raw), "wb") as handle:
            handle.write(PLACEHOLDER_TEXT.encode())
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "agreement_builder",
            "lint",
            str(tmp_path),
            "--format",
            fmt,
            *_FAIL_ON_WARNING,
        ],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
        timeout=120,
    )
    assert done.returncode == 1, done.stderr.decode(errors="replace")[-800:]
    out = done.stdout.decode("utf-8")  # strict: valid UTF-8 or this raises
    assert "\x1b" not in out and "\\udc" not in out
    assert "\\xe9.txt" in out or "%E9.txt" in out
    if fmt in ("json", "sarif"):
        data = json.loads(out)
        if fmt == "sarif":
            uris = {
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for r in data["runs"][0]["results"]
            }
            assert any(u.endswith("/caf%E9.txt") for u in uris), uris
            assert any(u.endswith("/a%20b%231.txt") for u in uris), uris
    if fmt == "jsonl":
        assert len([json.loads(line) for line in out.splitlines()]) == 3
    if fmt == "text":
        assert "\\x1b[31mred.txt" in out
