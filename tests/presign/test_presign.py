"""``agreement presign`` end to end: real builds, a counterparty's redline made with lxml, the
command's verdict, exit codes and every report format (issue 14)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_builder import api
from agreement_builder.cli import main
from agreement_builder.core.findings import consequence

from ..conftest import ROOT, SAMPLES
from .redline import HARBOURVIEW, OPEN_COMMENT, RIDGELINE, SAMPLE, Package, redline, run_with

SAMPLE_DIR = ROOT / "samples"
SAMPLE_NAMES = [p.stem for p in SAMPLES]


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("built")
    specs = [SAMPLE_DIR / f"{name}.yaml" for name in SAMPLE_NAMES]
    results = api.build(specs, out, ["docx"])
    paths = {Path(r.spec_path).stem: r.outputs[0] for r in results}
    [pdf] = api.build([SAMPLE], out / "pdf", ["pdf"])
    paths["co_marketing.pdf"] = pdf.outputs[0]
    return paths


@pytest.fixture(scope="module")
def returned(built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Harbourview's redline (tracked changes by two authors, comments, hidden and white
    text, a placeholder control, stale fields, metadata; two passages and a cross-reference's
    shown number changed without tracking), and one more edit nobody tracked: the liability
    cap raised from USD 250,000 to USD 500,000, in the same clause as an untracked addition."""
    folder = tmp_path_factory.mktemp("returned")
    marked = redline(built["co_marketing"], folder / "marked.docx")
    package = Package(marked)
    run = run_with(package.xml("word/document.xml"), "USD 250,000")
    text = run.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")
    assert text is not None and text.text is not None
    text.text = text.text.replace("USD 250,000", "USD 500,000")
    return package.save(folder / "returned.docx")


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_a_clean_build_is_ready_against_its_own_spec(name: str, built: dict[str, Path]) -> None:
    docx = str(built[name])
    code, out, _ = _run(
        "presign", docx, "--spec", str(SAMPLE_DIR / f"{name}.yaml"), "--against", docx
    )
    assert code == 0, out
    assert out.startswith(f"{docx}: READY to sign")
    assert " error " not in out


def test_the_pdf_of_a_clean_build_is_ready(built: dict[str, Path]) -> None:
    pdf = str(built["co_marketing.pdf"])
    sent = str(built["co_marketing"])
    code, out, _ = _run("presign", pdf, "--spec", str(SAMPLE), "--against", sent)
    assert code == 0, out
    assert out.startswith(f"{pdf}: READY to sign")


def test_a_counterpartys_redline_is_not_ready(returned: Path, built: dict[str, Path]) -> None:
    code, out, _ = _run(
        "presign", str(returned), "--spec", str(SAMPLE), "--against", str(built["co_marketing"])
    )
    assert code == 1
    verdict = out.splitlines()[0]
    assert verdict.startswith(f"{returned}: NOT READY: ")
    for said in (
        "differences from co_marketing.yaml",
        f"unresolved changes by {HARBOURVIEW} and {RIDGELINE}",
        "1 open comment",
        "2 untracked edits",  # the cap clause, and a cross-reference's shown number
        "fields out of date",
    ):
        assert said in verdict, verdict


def test_findings_come_money_first_located_and_quoted(
    returned: Path, built: dict[str, Path]
) -> None:
    report = api.presign(returned, SAMPLE, built["co_marketing"])
    errors = [f for f in report.findings if f.severity == "error"]
    # the report leads with money: the share and the cap, each against the approved spec
    money = [f for f in errors if f.code == "PRS201"]
    last = max(errors.index(f) for f in money)
    assert len(money) >= 2 and all(consequence(f) == 0 for f in errors[: last + 1])
    said = " ".join(f.message for f in money)
    assert "45%" in said and "40%" in said
    assert "USD 250,000" in said and "USD 500,000" in said
    [cap] = [f for f in errors if f.code == "PRS301" and "500,000" in f.message]
    assert 'sent "250,000.", now "500,000.' in cap.message
    assert (cap.location.section, cap.location.heading) == ("17.1", "Cap on Liability")
    assert "is limited to USD 500,000" in (cap.location.excerpt or "")
    comment = next(f for f in errors if f.code == "PRS104")
    assert OPEN_COMMENT in comment.message
    tracked = [f for f in errors if f.code == "PRS101"]
    assert any(HARBOURVIEW in f.message and '"40%"' in f.message for f in tracked)
    # places a person can find: section and heading, never a count of paragraphs
    text = api.render_reports([report], "text", "document")
    assert "paragraph " not in text
    assert "section 17.1 (Cap on Liability): error PRS201" in text


def test_report_formats(returned: Path, built: dict[str, Path], tmp_path: Path) -> None:
    sent = str(built["co_marketing"])
    code, out, _ = _run("presign", str(returned), "--against", sent, "--format", "json")
    assert code == 1
    [document] = json.loads(out)["documents"]
    presign = document["presign"]
    assert presign["ready"] is False and presign["verdict"].startswith("NOT READY")
    assert presign["sent"] == sent
    authors = {c["author"] for c in presign["tracked_changes"]}
    assert {HARBOURVIEW, RIDGELINE} <= authors
    assert any(c["text"] == OPEN_COMMENT and not c["resolved"] for c in presign["comments"])
    assert any(c["now"].startswith("500,000.") and not c["tracked"] for c in presign["changes"])

    page = tmp_path / "review.html"
    code, out, err = _run(
        "presign", str(returned), "--against", sent, "--format", "html", "-o", str(page)
    )
    assert code == 1 and f"wrote {page}" in err
    assert out.startswith(f"{returned}: NOT READY")  # the verdict still reaches the terminal
    html = page.read_text(encoding="utf-8")
    assert 'class="verdict blocked"' in html and "NOT READY" in html
    assert "<del>250,000</del>" in html.replace("USD ", "") or "<del>" in html
    assert "<ins>" in html
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org", "")
    assert "&#34;[TBD with the other side]&#34;" in html or "[TBD with the other side]" in html

    code, out, _ = _run("presign", str(returned), "--format", "sarif")
    assert code == 1
    codes = {r["ruleId"] for r in json.loads(out)["runs"][0]["results"]}
    assert {"PRS101", "PRS104"} <= codes


def test_the_html_report_escapes_what_the_document_says(tmp_path: Path) -> None:
    doc = tmp_path / "x.md"
    doc.write_text(
        "PILOT AGREEMENT\n\n1. Fees. <script>alert(1)</script> [MISSING: fee]\n", encoding="utf-8"
    )
    code, out, _ = _run("presign", str(doc), "--format", "html")
    assert code == 1
    assert "<script>alert" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_bad_input_is_exit_2_naming_the_file(tmp_path: Path, built: dict[str, Path]) -> None:
    docx = str(built["co_marketing"])
    code, _, err = _run("presign", str(tmp_path / "nope.docx"))
    assert code == 2 and "nope.docx: no such document file" in err
    bad_spec = tmp_path / "deal.yaml"
    bad_spec.write_text("agreement: {kind: pilot\n", encoding="utf-8")
    code, _, err = _run("presign", docx, "--spec", str(bad_spec))
    assert code == 2 and str(bad_spec) in err and "Traceback" not in err
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("word/document.xml", "<w:document")
    code, _, err = _run("presign", str(broken))
    assert code == 2 and str(broken) in err and "Traceback" not in err
    code, _, err = _run("presign", docx, docx, "--against", docx)
    assert code == 2 and "--against compares one document" in err


def test_a_report_never_overwrites_an_input(built: dict[str, Path]) -> None:
    docx = built["co_marketing"]
    before = docx.read_bytes()
    code, _, err = _run("presign", str(docx), "--format", "html", "-o", str(docx))
    assert code == 2 and docx.read_bytes() == before
    assert str(docx) in err and "Traceback" not in err


def test_the_kind_we_recorded_is_read_back(built: dict[str, Path]) -> None:
    report = api.presign(built["referral"])
    assert (report.kind, report.kind_source) == ("referral", "recorded")


def test_tracked_changes_in_a_header_are_reported_without_a_section(returned: Path) -> None:
    report = api.presign(returned)
    header = [f for f in report.findings if f.code == "PRS101" and "(Harbourview v2)" in f.message]
    assert header and header[0].location.section is None


def test_the_document_cannot_switch_its_review_off(returned: Path, tmp_path: Path) -> None:
    """An agreement.toml beside the returned file is not obeyed (docs/security.md)."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    copy = folder / "returned.docx"
    copy.write_bytes(returned.read_bytes())
    (folder / "agreement.toml").write_text('select = ["DRF112"]\nfail_on = "none"\n')
    code, out, _ = _run("presign", str(copy))
    assert code == 1 and "NOT READY" in out


def test_marks_of_negotiation_are_ordered_by_the_clause_they_sit_in(
    returned: Path, built: dict[str, Path]
) -> None:
    """A tracked change in "Costs" or an untracked edit in "Cap on Liability" is about money:
    it comes before one in "Termination for Convenience", which comes before one in a header."""
    report = api.presign(returned, against=built["co_marketing"])
    errors = [f for f in report.findings if f.severity == "error"]
    order = [f.location.heading for f in errors if f.code in ("PRS101", "PRS104", "PRS301")]
    first_termination = order.index("Termination for Convenience")
    assert set(order[:first_termination]) == {"Costs", "Cap on Liability"}
    assert order.index(None) > first_termination  # the header's change: about no clause
