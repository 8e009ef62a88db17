"""The DOCX reads complete in any word processor without updating fields (issue 15).

Real files built from the samples and read back with python-docx, zipfile and lxml; the
round trip of every sample through LibreOffice is in test_libreoffice.py.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from fontTools.ttLib import TTFont
from lxml import etree

from agreement_builder.api import assemble_spec
from agreement_builder.build.model import Assembly
from agreement_builder.read.docx import read_docx
from agreement_builder.render.docx import column_widths, render_docx, table_points
from agreement_builder.spec.schemas import load_spec

from ..conftest import ROOT

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CO_MARKETING = ROOT / "samples" / "co_marketing.yaml"
JOINT_VENTURE = ROOT / "samples" / "joint_venture.yaml"


def _part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def _text(nodes: list[etree._Element]) -> str:
    return "".join(t.text or "" for node in nodes for t in node.iter(f"{W}t"))


def _fields(body: etree._Element) -> list[tuple[str, str, list[etree._Element]]]:
    """Every complex field in document order: (instruction, shown text, paragraphs of the
    result), following fldChar begin / separate / end across runs and paragraphs."""
    out: list[tuple[str, str, list[etree._Element]]] = []
    stack: list[dict] = []
    for node in body.iter(f"{W}fldChar", f"{W}instrText", f"{W}t", f"{W}tab", f"{W}p"):
        if node.tag == f"{W}fldChar":
            kind = node.get(f"{W}fldCharType")
            if kind == "begin":
                stack.append({"instr": "", "shown": "", "result": False, "paras": []})
            elif kind == "separate" and stack:
                stack[-1]["result"] = True
                stack[-1]["paras"].extend(node.iterancestors(f"{W}p"))
            elif kind == "end" and stack:
                field = stack.pop()
                out.append((field["instr"].strip(), field["shown"], field["paras"]))
        elif node.tag == f"{W}instrText" and stack:
            stack[-1]["instr"] += node.text or ""
        elif node.tag == f"{W}p":
            for field in stack:
                if field["result"]:
                    field["paras"].append(node)
        elif stack and stack[-1]["result"]:
            stack[-1]["shown"] += "\t" if node.tag == f"{W}tab" else node.text or ""
    return out


def _headings(assembly: Assembly) -> list[str]:
    """What Word's TOC \\o "1-2" lists: every Heading 1 / 2 line, numbers as shown."""
    lines = []
    for article in assembly.articles:
        lines.append(f"{article.number}.\t{article.title}")
        lines.extend(f"{child.number}\t{child.title}" for child in article.children)
    lines.append("Signatures")
    lines.extend(f"{s.number}: {s.title}" for s in assembly.schedules)
    if assembly.gaps:
        lines.append("Open Items")
    return lines


@pytest.fixture(scope="module")
def co_marketing() -> tuple[Assembly, bytes]:
    assembly = assemble_spec(load_spec(CO_MARKETING))
    return assembly, render_docx(assembly)


def test_contents_lists_every_heading_as_a_hyperlink(co_marketing):
    assembly, data = co_marketing
    body = _part(data, "word/document.xml")
    (toc,) = [f for f in _fields(body) if f[0].startswith("TOC ")]
    instruction, _, paragraphs = toc
    assert '\\o "1-2"' in instruction and "\\h" in instruction
    assert "\\n" in instruction  # no page numbers, and Word updating it keeps it so
    shown = []
    for paragraph in paragraphs:
        link = paragraph.find(f"{W}hyperlink")
        assert link is not None, etree.tostring(paragraph)
        parts = [
            "\t" if node.tag == f"{W}tab" else node.text or ""
            for node in link.iter(f"{W}t", f"{W}tab")
        ]
        shown.append("".join(parts))
    assert shown == _headings(assembly)
    assert shown[0] == "1.\tDefinitions and Interpretation"
    assert "21.2\tTermination for Cause" in shown
    assert "Schedule 1: Key Performance Indicators" in shown
    # each entry links to the bookmark of its heading
    bookmarks = {b.get(f"{W}name"): b for b in body.iter(f"{W}bookmarkStart")}
    anchors = [p.find(f"{W}hyperlink").get(f"{W}anchor") for p in paragraphs]
    assert set(anchors) <= set(bookmarks)
    heading_text = _text([bookmarks[anchors[1]].getparent()])
    assert heading_text == assembly.articles[1].title
    styles = {p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in paragraphs}
    assert styles == {"TOC1", "TOC2"}


def test_no_field_is_dirty_and_nothing_updates_on_open(co_marketing):
    _, data = co_marketing
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        footers = [n for n in package.namelist() if n.startswith("word/footer")]
    assert footers
    for name in ("word/document.xml", *footers):
        chars = list(_part(data, name).iter(f"{W}fldChar"))
        assert chars
        assert all(c.get(f"{W}dirty") is None for c in chars)
    settings = _part(data, "word/settings.xml")
    assert settings.find(f"{W}updateFields") is None


@pytest.mark.parametrize("spec_path", [CO_MARKETING, JOINT_VENTURE], ids=lambda p: p.stem)
def test_every_reference_shows_what_its_target_holds(spec_path):
    assembly = assemble_spec(load_spec(spec_path))
    data = render_docx(assembly)
    body = _part(data, "word/document.xml")
    bookmarks = {}
    for start in body.iter(f"{W}bookmarkStart"):
        # the text between a bookmark's start and end (all in one paragraph here)
        texts, inside = [], False
        for node in start.getparent().iter(f"{W}bookmarkStart", f"{W}bookmarkEnd", f"{W}t"):
            if node is start:
                inside = True
            elif node.tag == f"{W}bookmarkEnd" and node.get(f"{W}id") == start.get(f"{W}id"):
                break
            elif inside and node.tag == f"{W}t":
                texts.append(node.text or "")
        bookmarks[start.get(f"{W}name")] = "".join(texts)
    by_anchor = {s.anchor: s for s in assembly.sections()}
    schedules = {s.anchor for s in assembly.schedules}
    refs = [f for f in _fields(body) if f[0].startswith("REF ")]
    assert refs
    seen_schedule = False
    for instruction, shown, _ in refs:
        words = instruction.split()
        name = words[1]
        assert shown.strip(), instruction
        anchor = next(a for a, s in by_anchor.items() if name == _bookmark_of(body, a, s))
        section = by_anchor[anchor]
        assert shown == section.number
        if anchor in schedules:
            seen_schedule = True
            assert "\\r" not in words  # REF to the bookmarked text, not a paragraph number
            assert bookmarks[name] == shown == "Schedule 1"
        else:
            assert "\\r" in words
    assert seen_schedule == bool(assembly.schedules)


def _bookmark_of(body: etree._Element, anchor: str, section) -> str | None:
    """The bookmark name on the heading of ``section`` (its text starts with the title or
    the schedule number)."""
    for start in body.iter(f"{W}bookmarkStart"):
        paragraph = start.getparent()
        text = _text([paragraph])
        if text == section.title or text == f"{section.number}: {section.title}":
            return start.get(f"{W}name")
    return None


def test_table_columns_follow_their_content(co_marketing):
    _, data = co_marketing
    document = Document(io.BytesIO(data))
    (kpis,) = [t for t in document.tables if t.rows[0].cells[0].text == "Metric"]
    grid = [int(col.get(f"{W}w")) for col in kpis._tbl.tblGrid.iter(f"{W}gridCol")]
    assert len(set(grid)) > 1  # not all equal
    header = [c.text for c in kpis.rows[0].cells]
    assert grid[header.index("Metric")] > grid[header.index("Priority")]
    section = document.sections[0]
    text_width = section.page_width.twips - section.left_margin.twips - section.right_margin.twips
    indent = kpis._tbl.tblPr.find(f"{W}tblInd")
    assert sum(grid) == text_width - (int(indent.get(f"{W}w")) if indent is not None else 0)


def _width(word: str, points: float = 9.5, bold: bool = False) -> float:
    """``word``'s printed width in twips, measured from the font file itself (fontTools,
    which WeasyPrint installs), not from the renderer's own table."""
    name = "DejaVuSerif-Bold.ttf" if bold else "DejaVuSerif.ttf"
    path = Path("/usr/share/fonts/truetype/dejavu") / name
    if not path.is_file():
        pytest.skip(f"{path} is not installed")
    font = TTFont(path)
    cmap, metrics = font.getBestCmap(), font["hmtx"]
    units = sum(metrics[cmap[ord(c)]][0] for c in word)
    return units / font["head"].unitsPerEm * points * 20


def test_column_widths_keep_the_longest_word_whole():
    rows = [
        ("Party", "Contribution", "Value"),
        ("Ledgerline Holdings", "Cash contribution paid on the Effective Date " * 3, "EUR 1"),
        ("Acme", "agreement", "-"),
    ]
    widths = column_widths(rows, 9000)
    assert sum(widths) == 9000
    # "Contribution" and "Ledgerline" each fit on one line of their column
    assert widths[0] >= _width("Ledgerline") + 216
    assert widths[1] > widths[0] > widths[2] - 1
    # everything fits on one line: shares follow the longest cell
    short = column_widths([("A", "Bbbbbbbbbb"), ("x", "y")], 6000)
    assert short[1] > short[0] and sum(short) == 6000
    # words longer than the page can hold: the short ones stay whole, the long ones share
    # the rest, so only an address that could never fit breaks
    notices = [
        ("Party", "Address", "Attention", "Email"),
        ("Lattice", "88 Greenwich Street", "Marcus Delgado", "m" * 80 + "@example.com"),
    ]
    got = column_widths(notices, 9000)
    assert sum(got) == 9000
    assert got[1] >= _width("Greenwich") + 216 and got[2] >= _width("Attention", bold=True) + 216
    assert got[3] == max(got)
    long = column_widths([("a", "b"), ("x" * 200, "y" * 100)], 3000)
    assert sum(long) == 3000 and long[0] == long[1]
    # capitals are wider than their length says
    caps = column_widths([("A", "B"), ("RIDGELINE", "ridgeline")], 9000)
    assert caps[0] > caps[1]


def test_wide_tables_get_smaller_text_before_words_break(tmp_path):
    header = ("Licensor", "Licensee", "Marks", "Permitted use", "Territory", "Usage limits")
    row = ("BrightPath", "Northwind", "BRIGHTPATHWAYS®", "Interoperability", "Kingdom", "x")
    assert table_points([header], 9000) == 9.5
    small = table_points([header, row], 9000)
    assert 8 <= small < 9.5
    widths = column_widths([header, row], 9000, small)
    assert widths[2] >= _width("BRIGHTPATHWAYS", points=small) + 216
    # the size reaches the runs of that table, and of no other
    text = (ROOT / "samples" / "strategic_alliance.yaml").read_text(encoding="utf-8")
    text = text.replace("The BRIGHTPATH name and logo", "The BRIGHTPATHWAYS-INTERNATIONAL® logo")
    spec = tmp_path / "wide.yaml"
    spec.write_text(text.replace("The NORTHWIND name", "The NORTHWINDANALYTICS name"), "utf-8")
    document = Document(io.BytesIO(render_docx(assemble_spec(load_spec(spec)))))
    (licences,) = [t for t in document.tables if t.rows[0].cells[0].text == "Licensor"]
    sizes = {run.font.size.pt for p in licences.rows[1].cells[2].paragraphs for run in p.runs}
    assert sizes and max(sizes) < 9.5
    others = [t for t in document.tables if t.rows[0].cells[0].text in ("Metric", "Party")]
    assert len(others) >= 2
    assert all(
        r.font.size is None for t in others for p in t.rows[1].cells[0].paragraphs for r in p.runs
    )


def test_presign_of_our_own_build_reports_no_field_hygiene(co_marketing):
    _, data = co_marketing
    review = read_docx("co_marketing.docx", data).review
    kinds = {problem.kind for problem in review.fields}
    assert not kinds & {"empty-toc", "dirty", "update-on-open", "stale-result"}, review.fields


def test_update_on_open_is_an_option(tmp_path):
    from click.testing import CliRunner

    from agreement_builder.cli import main

    args = ["build", str(CO_MARKETING), "-o", str(tmp_path), "--format", "docx"]
    result = CliRunner().invoke(main, [*args, "--update-fields-on-open"])
    assert result.exit_code == 0, result.output
    data = (tmp_path / "co_marketing.docx").read_bytes()
    settings = _part(data, "word/settings.xml")
    (update,) = settings.findall(f"{W}updateFields")
    assert update.get(f"{W}val") == "true"
    # in the schema's order: before compat and the rest, or Word refuses the file
    names = [etree.QName(child).localname for child in settings]
    assert names.index("updateFields") < names.index("compat")
    (toc,) = [f for f in _fields(_part(data, "word/document.xml")) if f[0].startswith("TOC ")]
    assert "\\n" not in toc[0].split() and "\\h" in toc[0]  # Word adds the page numbers
    assert toc[1].startswith("1.\tDefinitions and Interpretation")  # and it reads complete
    # our own presign reports the prompt, as it would on anyone's file
    review = read_docx("co_marketing.docx", data).review
    assert "update-on-open" in {problem.kind for problem in review.fields}
