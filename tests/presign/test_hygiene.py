"""Pre-signing hygiene findings (issue 14, item 1; rules/document/presign.yaml).

Presign raises these rules, lint never does, so most of them have no text case in
tests/rules: PRS101-PRS108, PRS111-PRS115 and PRS120-PRS125 are tested here, each with a
file that fails it (the redlined build, a PDF with notes, one-shape DOCX files) and one
that passes it (the clean build, near misses). The text rules PRS109, PRS110 and
PRS116-PRS119 also have tests/rules cases.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from agreement_builder import api
from agreement_builder.analyze.components import Locator
from agreement_builder.core.findings import Finding
from agreement_builder.engine import Config, load_registry
from agreement_builder.engine.hygiene import HYGIENE_RULE_NAMES, hygiene_findings
from agreement_builder.read import read_document
from agreement_builder.read.model import SourceDocument

from ..conftest import ROOT
from .pdfs import annotated_pdf, highlight
from .redline import (
    INCLUDED,
    TEMPLATE,
    TEMPLATE_LINK,
    Package,
    build_docx,
    redline,
)

REGISTRY = load_registry()


def _findings(doc: SourceDocument, config: Config | None = None) -> list[Finding]:
    return hygiene_findings(doc, REGISTRY, config or Config(), Locator(doc))


def _said(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.code, f.severity, f.message) for f in findings]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("hygiene")
    built = build_docx(folder / "out")
    return built, redline(built, folder / "returned.docx")


@pytest.fixture(scope="module")
def returned(files: tuple[Path, Path]) -> list[Finding]:
    return _findings(read_document(files[1]))


REDLINE_FINDINGS = [
    ("PRS101", "error", 'unresolved tracked change: moved here by Harbourview Legal on 2026-11-05: "each Party bears its own staff and travel costs."'),
    ("PRS101", "error", 'unresolved tracked change: deleted by Harbourview Legal on 2026-11-03: "45%" (in a table)'),
    ("PRS101", "error", 'unresolved tracked change: inserted by Harbourview Legal on 2026-11-03: "40%" (in a table)'),
    ("PRS101", "error", 'unresolved tracked change: inserted by Harbourview Legal on 2026-11-03: "Harbourview Media LLC" (in a table)'),
    ("PRS101", "error", 'unresolved tracked change: inserted by Harbourview Legal on 2026-11-03: "5%" (in a table)'),
    ("PRS101", "error", 'unresolved tracked change: moved away from here by Harbourview Legal on 2026-11-05: "each Party bears its own staff and travel costs."'),
    ("PRS101", "error", 'unresolved tracked change: deleted by Ridgeline Counsel on 2026-11-04: "sixty (60)"'),
    ("PRS101", "error", 'unresolved tracked change: inserted by Ridgeline Counsel on 2026-11-04: "thirty (30)"'),
    ("PRS101", "error", 'unresolved tracked change: inserted by Harbourview Legal on 2026-11-03: "(Harbourview v2)" (in a header)'),
    ("PRS102", "warning", 'unresolved formatting change by Ridgeline Counsel on 2026-11-04: "is limited to USD 250,000"'),
    ("PRS103", "info", "change tracking is still switched on: every further edit will be recorded as a tracked change"),
    ("PRS104", "error", 'open comment by Ridgeline Counsel on 2026-11-04: "[TBD with the other side]" on "thirty (30)"; 1 reply: Harbourview Legal: "We cannot accept thirty days."'),
    ("PRS105", "warning", 'resolved comment still in the file, by Harbourview Legal on 2026-11-03: "Typo fixed." on "Each of them is a"'),
    ("PRS106", "error", 'a content control "PO number" still shows its placeholder: "Click or tap here to enter text."'),
    ("PRS107", "error", 'text coloured like its background (FFFFFF on FFFFFF), invisible to a reader: "Lattice waives all audit rights."'),
    ("PRS108", "warning", 'highlighted text (green): "USD 120,000"'),
    ("PRS109", "error", 'the document is marked as a draft (watermark in a header): "DRAFT"'),
    ("PRS111", "error", 'cross-reference to a bookmark that no longer exists (REF s_term \\r \\h); it shows "20"'),
    ("PRS112", "error", 'cross-reference shows "13" but its target now reads "12" (REF s_data_protection \\r \\h)'),
    ("PRS113", "warning", 'the table of contents has no entries; it shows "Right-click to update the table of contents."'),
    ("PRS114", "info", 'a TOC field is flagged to be updated, so what it shows ("Right-click to update the table of contents.") may change when Word opens or prints the file'),
    ("PRS115", "info", "the file asks Word to update every field when it is opened, so numbers and cross-references may change from what was reviewed"),
    ("PRS120", "info", "the file's properties name the author: \"Jane Roe\""),
    ("PRS120", "info", "the file's properties name the last person who saved it: \"Harbourview Legal\""),
    ("PRS120", "info", "the file's properties name a company: \"Harbourview LLP\""),
    ("PRS120", "info", "the file's properties name a manager: \"M. Chen\""),
    ("PRS120", "info", f"the file's properties name its template: \"{TEMPLATE}\""),
    ("PRS121", "info", 'the file carries a custom property MatterNumber: "HV-2026-0042"'),
    ("PRS122", "warning", "the file carries macros (a VBA project); they were not run or checked"),
    ("PRS123", "error", "part of the document is pulled in from outside the file: INCLUDETEXT field: " + INCLUDED.replace("\\\\", "\\")),
    ("PRS124", "warning", f"the file links to something outside it: attachedTemplate: {TEMPLATE_LINK}"),
    ("PRS125", "warning", "embedded object not read or checked: word/embeddings/oleObject1.bin"),
]  # fmt: skip


def test_a_counterpartys_redline_is_not_ready(returned: list[Finding]) -> None:
    assert sorted(_said(returned)) == sorted(REDLINE_FINDINGS)


def test_findings_are_located_and_quoted(returned: list[Finding]) -> None:
    def at(code: str, words: str) -> Finding:
        [found] = [f for f in returned if f.code == code and words in f.message]
        return found

    notice = at("PRS101", '"thirty (30)"')
    assert notice.location.section == "21.1"
    assert (notice.location.excerpt or "").endswith(
        "by giving the other Party at least thirty (30) days written notice"
    )  # the words before the change and the change itself
    assert notice.location.paragraph is not None and notice.location.line is None
    share = at("PRS101", '"40%"')
    assert share.location.section == "6"
    assert at("PRS104", "TBD").location.section == "21.1"
    assert at("PRS112", '"13"').location.section == "1"
    assert "including those named in Section 13 (Data Protection)" in (
        at("PRS112", '"13"').location.excerpt or ""
    )
    assert at("PRS102", "250,000").location.section == "17.1"
    # a header's text follows the body's: it is named, never given a section of the body
    header = at("PRS101", "(in a header)")
    assert (header.location.section, header.location.excerpt) == (None, None)
    assert at("PRS109", "watermark").location.section is None
    for finding in returned:
        assert finding.why and finding.fix and finding.location.file.endswith("returned.docx")


def test_our_clean_build_is_ready_to_sign(files: tuple[Path, Path]) -> None:
    findings = _findings(read_document(files[0]))
    assert [f for f in findings if f.severity == "error"] == []
    # every field shows its result and nothing asks to update them; the blank signature
    # dates are not noted, since the agreement states its own date
    assert [f.code for f in findings] == []


def test_our_open_items_are_errors_and_not_also_highlights(tmp_path: Path) -> None:
    spec = ROOT / "samples" / "gaps" / "undecided_economics.yaml"
    [result] = api.build([spec], tmp_path, formats=("docx",))
    doc = read_document(next(p for p in result.outputs if p.suffix == ".docx"))
    assert any(m.kind == "highlight" for m in doc.review.marks)  # the marker is highlighted
    said = _said(_findings(doc))
    assert (
        "PRS116",
        "error",
        'open item left in the text: "[MISSING: the economic model (revenue share, fees, '
        'commission or cost share)]"',
    ) in said
    assert (
        "PRS117",
        "error",
        'the "Open Items" list of undecided points is still in the document',
    ) in said
    assert not [s for s in said if s[0] == "PRS108"]


def test_pdf_notes_metadata_and_attachments(tmp_path: Path) -> None:
    plain = annotated_pdf(tmp_path / "plain.pdf")
    marked = highlight(plain, tmp_path / "marked.pdf", "45%", "Harbourview Legal", "Should be 40%")
    findings = _findings(read_document(marked))
    assert sorted(_said(findings)) == [
        ("PRS104", "error", 'open PDF highlight on page 1 by Harbourview Legal on 2026-11-03: "Should be 40%" on "45%"'),
        ("PRS104", "error", 'open PDF note on page 1 by Ridgeline Counsel on 2026-11-04: "[TBD with the other side]"; 1 reply: Harbourview Legal: "We cannot accept 45%."'),
        ("PRS105", "warning", 'resolved PDF note on page 1 still in the file, by Harbourview Legal on 2026-11-03: "Check the share."'),
        ("PRS120", "info", "the file's properties name the author: \"Jane Roe\""),
        ("PRS125", "warning", "embedded object not read or checked: attached file: pricing.csv"),
    ]  # fmt: skip
    comments = [f for f in findings if f.code in ("PRS104", "PRS105")]
    assert [f.location.page for f in comments] == [1, 1, 1]
    [marked] = [f for f in comments if "highlight" in f.message]
    assert marked.location.excerpt == "Ridgeline bears 45% of the Joint Costs."


def _one_shape(tmp_path: Path, body: str, name: str) -> Package:
    """A python-docx file with ``body``, its author and editor ours (so it names nobody)."""
    from ..read.test_review_docx import _docx

    package = Package(_docx(tmp_path, body, name))
    for node in package.xml("docProps/core.xml"):
        if node.tag.endswith(("}creator", "}lastModifiedBy")):
            node.text = "agreement-builder"
        elif node.tag.endswith("}description"):
            node.text = ""
    return package


def _run(text: str, props: str = "") -> str:
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _field(instruction: str, shown: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{_run(shown)}'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def test_near_misses_pass(tmp_path: Path) -> None:
    """What looks like a problem and is not: a hyperlink, a HYPERLINK field, a filled
    content control, white text on a dark cell, a cross-reference that is current, our own
    properties, a standard template."""
    body = (
        '<w:p><w:bookmarkStart w:id="1" w:name="Fees"/>' + _run("Fees") + '<w:bookmarkEnd w:id="1"/></w:p>'
        + "<w:p>" + _run("See ") + _field("REF Fees \\h", "Fees") + _run(" and ")
        + _field('HYPERLINK "https://example.com/terms"', "the terms") + "</w:p>"
        + '<w:p><w:sdt><w:sdtPr><w:tag w:val="fee"/></w:sdtPr><w:sdtContent>'
        + _run("USD 10,000") + "</w:sdtContent></w:sdt></w:p>"
        + '<w:tbl><w:tr><w:tc><w:tcPr><w:shd w:val="clear" w:fill="1F3864"/></w:tcPr><w:p>'
        + _run("Party", '<w:color w:val="FFFFFF"/>') + "</w:p></w:tc></w:tr></w:tbl>"
    )  # fmt: skip
    package = _one_shape(tmp_path, body, "near.docx")
    package.relate("word/_rels/document.xml.rels", "hyperlink", "https://example.com", True)
    package.add(
        "docProps/custom.xml",
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        'name="AgreementBuilderKind"><vt:lpwstr>co_marketing</vt:lpwstr></property></Properties>',
        "application/vnd.openxmlformats-officedocument.custom-properties+xml",
    )
    package.relate("_rels/.rels", "custom-properties", "docProps/custom.xml")
    doc = read_document(package.save(tmp_path / "near.docx"))
    assert doc.review.properties == (("AgreementBuilderKind", "co_marketing"),)
    assert dict(doc.review.metadata)["template"] == "Normal.dotm"
    assert _findings(doc) == []


def test_linked_content_blocks_and_linked_pictures_warn(tmp_path: Path) -> None:
    body = (
        "<w:p>"
        + _field('LINK Excel.Sheet.12 "C:\\\\deals\\\\prices.xlsx" "Sheet1!R1C1"', "40%")
        + "</w:p>"
    )
    package = _one_shape(tmp_path, body, "linked.docx")
    package.relate("word/_rels/document.xml.rels", "image", "file:///C:/logos/hv.png", True)
    package.relate(
        "word/_rels/document.xml.rels", "oleObject", "file:///C:/deals/prices.xlsx", True
    )
    findings = _findings(read_document(package.save(tmp_path / "linked.docx")))
    assert sorted(_said(findings)) == sorted([
        ("PRS124", "warning", "the file links to something outside it: image: file:///C:/logos/hv.png"),
        ("PRS123", "error", "part of the document is pulled in from outside the file: oleObject: file:///C:/deals/prices.xlsx"),
        ("PRS123", "error", "part of the document is pulled in from outside the file: LINK field: Excel.Sheet.12"),
    ])  # fmt: skip


def test_findings_of_one_rule_are_capped(tmp_path: Path) -> None:
    body = "".join(
        f'<w:p>{_run(f"Clause {i}. ")}<w:ins w:id="{i}" w:author="Reviewer {i}" '
        f'w:date="2026-11-03T09:00:00Z">{_run("net 45 days")}</w:ins></w:p>'
        for i in range(150)
    )
    doc = read_document(_one_shape(tmp_path, body, "many.docx").save(tmp_path / "many.docx"))
    findings = _findings(doc)
    assert [f.code for f in findings].count("PRS101") == 100
    [capped] = [f for f in findings if f.code == "DOC008"]
    assert (
        capped.message
        == "PRS101 found 50 more times in this document; only the first 100 are reported"
    )
    assert next(f for f in findings if f.code == "PRS101").message == (
        'unresolved tracked change: inserted by Reviewer 0 on 2026-11-03: "net 45 days"'
    )


def test_a_rule_switched_off_is_not_reported(files: tuple[Path, Path]) -> None:
    doc = read_document(files[1])
    config = Config(ignore=("PRS101", "presign.open-comment"))
    codes = {f.code for f in _findings(doc, config)}
    assert "PRS101" not in codes and "PRS104" not in codes and "PRS102" in codes


def test_text_and_markdown_get_the_text_signals(tmp_path: Path) -> None:
    path = tmp_path / "returned.md"
    path.write_text(
        "# DRAFT FOR DISCUSSION\n\n1. Fees. [MISSING: the fee] within thirty days.\n",
        encoding="utf-8",
    )
    said = _said(_findings(read_document(path)))
    assert said == [
        ("PRS109", "error", 'the document is marked as a draft: "DRAFT FOR DISCUSSION"'),
        ("PRS116", "error", 'open item left in the text: "[MISSING: the fee]"'),
    ]


def test_each_rule_blocks_signing_or_informs_as_decided() -> None:
    """The severity of each rule is a decision, argued in its ``why``; pinned here."""
    decided = {
        "error": {"PRS101", "PRS104", "PRS106", "PRS107", "PRS109", "PRS110", "PRS111",
                  "PRS112", "PRS116", "PRS117", "PRS123"},
        "warning": {"PRS102", "PRS105", "PRS108", "PRS113", "PRS118", "PRS122", "PRS124",
                    "PRS125"},
        "info": {"PRS103", "PRS114", "PRS115", "PRS119", "PRS120", "PRS121"},
    }  # fmt: skip
    rules = [r for r in REGISTRY if r.name in HYGIENE_RULE_NAMES]
    assert len(rules) == len(HYGIENE_RULE_NAMES)  # every name raised is a rule
    assert {r.code for r in rules} == set().union(*decided.values())
    assert {r.code for r in REGISTRY if r.file.endswith("presign.yaml")} == {r.code for r in rules}
    for rule in rules:
        assert rule.code in decided[rule.severity], rule.code
        assert rule.targets == ("document",) and rule.type == "engine"
        blocks = "It blocks signing." in rule.why
        assert blocks == (rule.severity == "error"), rule.code


def test_bidi_controls_quoted_from_a_redline_are_shown_not_obeyed(tmp_path: Path) -> None:
    """A tracked insertion and a comment anchor holding U+202E: no report format carries the
    raw control (it would reorder what the reviewer reads); each shows it as <U+202E>."""
    inserted = _run("USD \u202e0001\u202c per month")
    body = (
        f"<w:p>{_run('1. Fees. The fee is ')}"
        '<w:ins w:id="1" w:author="Counterparty" w:date="2026-11-02T10:00:00Z">'
        f"{inserted}</w:ins></w:p>"
    )
    path = _one_shape(tmp_path, body, "bidi.docx").save(tmp_path / "bidi.docx")
    report = api.presign(path, kind="strategic_alliance")
    assert any(f.code == "PRS101" for f in report.findings)
    for fmt in ("text", "json", "sarif", "html", "github"):
        out = api.render_reports([report], fmt, subject="document")
        assert "\u202e" not in out and "\u202c" not in out, fmt
        if fmt in ("html", "json"):
            assert "<U+202E>" in out.replace("&lt;", "<").replace("&gt;", ">"), fmt
