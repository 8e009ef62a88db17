"""The DOCX review a pre-signing check needs (issue 14, item 1): tracked changes of every
kind in both views, comments with their anchors and threads, fields whose shown text cannot
be trusted, highlights and hidden marks, and what the package carries besides the text.

The main file is our own build of samples/co_marketing.yaml, redlined with lxml the way a
counterparty's Word writes it (tests/presign/redline.py); smaller files test one shape each.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from agreement_builder.read import read_document
from agreement_builder.read.model import REVIEW_MAX, HiddenText, Mark, Revision, SourceDocument

from ..presign.redline import (
    HARBOURVIEW,
    HIDDEN_CLAUSE,
    MOVED,
    NOV3,
    NOV4,
    NOV5,
    OPEN_COMMENT,
    PLACEHOLDER,
    REPLY,
    RESOLVED_COMMENT,
    RIDGELINE,
    TEMPLATE,
    TEMPLATE_LINK,
    WHITE_CLAUSE,
    Package,
    build_docx,
    redline,
)

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("redline")
    built = build_docx(folder / "out")
    return built, redline(built, folder / "returned.docx")


@pytest.fixture(scope="module")
def accepted(files: tuple[Path, Path]) -> SourceDocument:
    return read_document(files[1])


@pytest.fixture(scope="module")
def original(files: tuple[Path, Path]) -> SourceDocument:
    return read_document(files[1], view="original")


def _shown(doc: SourceDocument, item: Revision | Mark) -> str:
    assert item.start is not None and item.end is not None
    return doc.text[item.start : item.end]


def _revision(doc: SourceDocument, kind: str, text: str) -> Revision:
    [found] = [r for r in doc.review.revisions if r.kind == kind and r.text == text]
    return found


# ---------------------------------------------------------------- the redlined build


def test_tracked_changes_in_body_table_and_header(accepted: SourceDocument) -> None:
    doc = accepted
    deleted = _revision(doc, "deletion", "sixty (60)")
    inserted = _revision(doc, "insertion", "thirty (30)")
    assert (deleted.author, deleted.date, deleted.part) == (RIDGELINE, NOV4, "body")
    assert (inserted.author, inserted.date, inserted.part) == (RIDGELINE, NOV4, "body")
    assert deleted.start == deleted.end == inserted.start  # where the deleted words stood
    assert _shown(doc, inserted) == "thirty (30)"
    assert doc.text[inserted.start - 30 : inserted.end + 5].endswith("at least thirty (30) days")

    cell_out = _revision(doc, "deletion", "45%")
    cell_in = _revision(doc, "insertion", "40%")
    assert (cell_in.author, cell_in.date, cell_in.part) == (HARBOURVIEW, NOV3, "table")
    assert cell_out.part == "table" and cell_out.start == cell_in.start
    assert _shown(doc, cell_in) == "40%"
    [block] = [b for b in doc.blocks if b.start == cell_in.start]
    assert block.cell is not None and block.cell[1:] == (2, 1)  # Ridgeline's row, share column

    header = _revision(doc, "insertion", "(Harbourview v2)")
    assert (header.author, header.part) == (HARBOURVIEW, "header")
    assert _shown(doc, header) == " (Harbourview v2)"
    assert [b.part for b in doc.blocks if b.start <= header.start < b.end + 1] == ["header"]

    # the tracked row: each inserted cell once, never the row again on top
    assert _shown(doc, _revision(doc, "insertion", "Harbourview Media LLC")) == (
        "Harbourview Media LLC"
    )
    assert _shown(doc, _revision(doc, "insertion", "5%")) == "5%"
    assert not [r for r in doc.review.revisions if r.kind == "table"]


def test_move_and_formatting_change(accepted: SourceDocument) -> None:
    doc = accepted
    moved_from = _revision(doc, "move-from", MOVED)
    moved_to = _revision(doc, "move-to", MOVED)
    assert (moved_from.author, moved_from.date) == (HARBOURVIEW, NOV5)
    assert moved_from.start == moved_from.end  # the words left this place
    assert _shown(doc, moved_to) == MOVED
    assert doc.text.count(MOVED) == 1 and moved_to.start is not None
    assert moved_from.start > moved_to.start  # moved up, into the new paragraph
    assert doc.text[moved_from.start - 40 : moved_from.start].endswith("at the end of each month;")
    formatting = _revision(doc, "formatting", "is limited to USD 250,000")
    assert (formatting.author, formatting.date) == (RIDGELINE, NOV4)
    assert _shown(doc, formatting) == "is limited to USD 250,000"


def test_original_view_rejects_every_change(
    accepted: SourceDocument, original: SourceDocument
) -> None:
    for text in ("at least thirty (30)", "40%", "Harbourview Media LLC", "Harbourview v2"):
        assert text in accepted.text and text not in original.text
    for text in ("at least sixty (60)", "45%"):
        assert text in original.text and text not in accepted.text
    assert original.text.count(MOVED) == accepted.text.count(MOVED) == 1
    assert original.text.index(MOVED) > original.text.index("USD 120,000")  # where it was
    assert accepted.text.index(MOVED) < accepted.text.index("USD 120,000")  # where it went
    # offsets are into the view's own text: a deletion spans its words, an insertion none
    deleted = _revision(original, "deletion", "sixty (60)")
    inserted = _revision(original, "insertion", "thirty (30)")
    assert _shown(original, deleted) == "sixty (60)"
    assert inserted.start == inserted.end == deleted.end
    assert _shown(original, _revision(original, "move-from", MOVED)) == MOVED
    moved_to = _revision(original, "move-to", MOVED)
    assert moved_to.start == moved_to.end
    # the open comment was on the inserted words, which the original does not have
    anchors = {c.text: c.anchor for c in original.review.comments}
    assert anchors == {OPEN_COMMENT: "", REPLY: "", RESOLVED_COMMENT: "Each of them is a"}


def test_tracking_switched_on(accepted: SourceDocument, files: tuple[Path, Path]) -> None:
    assert accepted.review.tracking is True
    assert read_document(files[0]).review.tracking is False


def test_comments_open_resolved_and_a_reply(accepted: SourceDocument) -> None:
    doc = accepted
    by_text = {c.text: c for c in doc.review.comments}
    assert set(by_text) == {OPEN_COMMENT, REPLY, RESOLVED_COMMENT}
    opened = by_text[OPEN_COMMENT]
    assert (opened.author, opened.date, opened.resolved, opened.reply_to) == (
        RIDGELINE,
        NOV4,
        False,
        None,
    )
    assert opened.anchor == "thirty (30)" and opened.start is not None
    assert doc.text[opened.start : opened.end] == "thirty (30)"
    reply = by_text[REPLY]
    assert (reply.author, reply.reply_to, reply.resolved) == (HARBOURVIEW, opened.id, False)
    done = by_text[RESOLVED_COMMENT]
    assert done.resolved is True and done.anchor == "Each of them is a"
    assert doc.text[done.start : done.end] == "Each of them is a"


def test_fields_that_cannot_be_trusted(accepted: SourceDocument) -> None:
    doc = accepted
    problems = {(f.kind, f.instruction): f for f in doc.review.fields}
    missing = problems[("missing-bookmark", "REF s_term \\r \\h")]
    assert missing.shown == "20" and doc.text[missing.start : missing.end] == "20"
    assert doc.text[missing.start - 8 : missing.end + 7] == "Section 20 (Term)"
    stale = problems[("stale-result", "REF s_data_protection \\r \\h")]
    assert (stale.shown, stale.expected) == ("13", "12")
    assert doc.text[stale.start - 8 : stale.end] == "Section 13"
    toc = problems[("empty-toc", 'TOC \\o "1-2" \\h \\n \\u')]
    assert toc.shown == "Right-click to update the table of contents."
    assert doc.text[toc.start : toc.end] == toc.shown
    assert ("dirty", 'TOC \\o "1-2" \\h \\n \\u') in problems
    assert problems[("update-on-open", "w:updateFields")].part == "settings"
    # every other cross-reference of the build shows what its heading's number is
    assert {f.kind for f in doc.review.fields if f.instruction.startswith("REF")} == {
        "missing-bookmark",
        "stale-result",
    }


def test_marks_hidden_and_coloured_text(accepted: SourceDocument) -> None:
    doc = accepted
    marks = {m.kind: m for m in doc.review.marks}
    assert set(marks) == {"highlight", "same-colour", "placeholder-control", "draft-mark"}
    assert marks["highlight"].detail == "green" and _shown(doc, marks["highlight"]) == (
        "USD 120,000"
    )
    white = marks["same-colour"]
    assert (white.text, white.detail) == (WHITE_CLAUSE, "FFFFFF on FFFFFF")
    assert white.start == white.end and WHITE_CLAUSE not in doc.text
    assert doc.text[: white.start].endswith("Each Party keeps its own records.")
    control = marks["placeholder-control"]
    assert (control.text, control.detail) == (PLACEHOLDER, "PO number")
    assert _shown(doc, control) == PLACEHOLDER
    assert doc.text[control.start - 23 : control.start] == "Purchase order number: "
    watermark = marks["draft-mark"]
    assert (watermark.text, watermark.detail, watermark.part) == ("DRAFT", "watermark", "header")
    assert HIDDEN_CLAUSE not in doc.text
    where = {h.text: h for h in doc.hidden}
    assert where[HIDDEN_CLAUSE].reason == "hidden text"
    assert where[WHITE_CLAUSE] == HiddenText(
        where[HIDDEN_CLAUSE].where,
        "text coloured like its background",
        WHITE_CLAUSE,
        where[HIDDEN_CLAUSE].start,
    )
    assert "is limited to USD 250,000" in doc.text[: where[WHITE_CLAUSE].start or 0][-200:]


def test_package_facts(accepted: SourceDocument) -> None:
    review = accepted.review
    assert dict(review.metadata) == {
        "author": "Jane Roe",
        "last_modified_by": HARBOURVIEW,
        "title": "Co-Marketing Agreement",
        "subject": "Lattice Workspace, Inc.; Ridgeline Seating Co.",
        "keywords": "Lattice Workspace, Inc.; Ridgeline Seating Co.",
        "company": "Harbourview LLP",
        "manager": "M. Chen",
        "template": TEMPLATE,
    }
    assert review.properties == (("MatterNumber", "HV-2026-0042"),)
    assert review.property("MatterNumber") == "HV-2026-0042"
    assert review.macros is True
    assert review.external == (
        f"attachedTemplate: {TEMPLATE_LINK}",
        r"INCLUDETEXT field: \\hv-fs01\deals\ridgeline\pricing.docx",
    )
    assert review.embedded == ("word/embeddings/oleObject1.bin",)


def test_a_clean_build_has_no_field_to_report(files: tuple[Path, Path]) -> None:
    doc = read_document(files[0])
    review = doc.review
    assert review.revisions == review.comments == review.marks == ()
    assert review.fields == ()  # the contents written out, no dirty flag, no update on open
    assert dict(review.metadata)["author"] == "agreement-builder"
    assert (review.macros, review.external, review.embedded, review.tracking) == (
        False,
        (),
        (),
        False,
    )


def test_view_must_be_known(files: tuple[Path, Path]) -> None:
    with pytest.raises(ValueError, match="view must be"):
        read_document(files[0], view="final")


# ---------------------------------------------------------------- one shape at a time


def _docx(
    tmp_path: Path,
    body: str,
    name: str = "case.docx",
    styles: str = "",
    numbering: str = "",
    background: str = "",
) -> Path:
    """A python-docx document whose body is ``body`` (WordprocessingML, ``w:`` prefix),
    with extra ``styles``, its numbering part replaced by ``numbering``, and a page
    ``background`` colour."""
    document = docx.Document()
    document.add_paragraph("placeholder")
    out = io.BytesIO()
    document.save(out)
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    package = Package(path)
    root = package.xml("word/document.xml")
    root.replace(root.find(_w("body")), etree.fromstring(f"<w:body {W}>{body}</w:body>"))
    if background:
        root.insert(0, etree.fromstring(f'<w:background {W} w:color="{background}"/>'))
    if styles:
        styles_root = package.xml("word/styles.xml")
        styles_root.extend(etree.fromstring(f"<w:styles {W}>{styles}</w:styles>"))
    if numbering:
        package.roots["word/numbering.xml"] = etree.fromstring(
            f"<w:numbering {W}>{numbering}</w:numbering>"
        )
    return package.save(path)


def _w(tag: str) -> str:
    return f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{tag}"


def _p(inner: str) -> str:
    return f"<w:p>{inner}</w:p>"


def _r(text: str, props: str = "") -> str:
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


BY = 'w:id="{}" w:author="Ridgeline Counsel" w:date="2026-11-04T16:30:00Z"'


def _row(cells: tuple[str, ...], change: str = "") -> str:
    props = f"<w:trPr>{change}</w:trPr>" if change else ""
    return f"<w:tr>{props}" + "".join(f"<w:tc>{_p(_r(c))}</w:tc>" for c in cells) + "</w:tr>"


def test_rows_inserted_or_deleted_as_a_whole(tmp_path: Path) -> None:
    """Row-level tracking with no marks on the cells' text: the row is the change."""
    table = (
        "<w:tbl>"
        + _row(("Party", "Share"))
        + _row(("Lattice", "55%"), f"<w:del {BY.format(1)}/>")
        + _row(("Harbourview", "10%"), f"<w:ins {BY.format(2)}/>")
        + _row(("Ridgeline", "45%"))
        + "</w:tbl>"
    )
    path = _docx(tmp_path, table)
    accepted = read_document(path)
    assert "Lattice" not in accepted.text and "Harbourview" in accepted.text
    rows = {accepted.text[b.start : b.end]: b.cell for b in accepted.blocks}
    assert rows["Harbourview"] == (0, 1, 0) and rows["Ridgeline"] == (0, 2, 0)
    [gone, added] = accepted.review.revisions
    assert (gone.kind, gone.text, gone.part, gone.start == gone.end) == (
        "deletion",
        "Lattice 55%",
        "table",
        True,
    )
    assert (added.kind, added.text, added.author) == ("insertion", "Harbourview 10%", RIDGELINE)
    assert accepted.text[added.start : added.end] == "Harbourview\n10%"
    original = read_document(path, view="original")
    assert "Lattice" in original.text and "Harbourview" not in original.text
    assert {r.kind for r in original.review.revisions} == {"deletion", "insertion"}


def test_property_changes_of_paragraph_section_and_table(tmp_path: Path) -> None:
    body = (
        '<w:p><w:pPr><w:jc w:val="center"/>'
        f'<w:pPrChange {BY.format(1)}><w:pPr><w:jc w:val="left"/></w:pPr></w:pPrChange>'
        "</w:pPr>" + _r("1. Term. Two years.") + "</w:p>"
        + '<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/>'
        f'<w:tblPrChange {BY.format(2)}><w:tblPr/></w:tblPrChange></w:tblPr>'
        + _row(("Fee", "USD 10,000"))
        + "</w:tbl>"
        + _p(_r("2. Notices. In writing."))
        + f'<w:sectPr><w:pgSz w:w="12240" w:h="15840"/><w:sectPrChange {BY.format(3)}>'
        '<w:sectPr/></w:sectPrChange></w:sectPr>'
    )  # fmt: skip
    doc = read_document(_docx(tmp_path, body))
    kinds = {r.kind: r for r in doc.review.revisions}
    assert set(kinds) == {"paragraph", "table", "section"}
    assert doc.text[kinds["paragraph"].start : kinds["paragraph"].end] == "1. Term. Two years."
    assert kinds["paragraph"].text == "1. Term. Two years."
    assert doc.text[kinds["table"].start :].startswith("Fee")
    assert (kinds["section"].author, kinds["section"].start) == (RIDGELINE, len(doc.text))


def test_a_paragraph_break_inserted_on_its_own(tmp_path: Path) -> None:
    body = (
        f'<w:p><w:pPr><w:rPr><w:ins {BY.format(1)}/></w:rPr></w:pPr>'
        + _r("1. Fees. Thirty days.") + "</w:p>" + _p(_r("Interest accrues at 2%."))
    )  # fmt: skip
    doc = read_document(_docx(tmp_path, body))
    [revision] = doc.review.revisions
    assert (revision.kind, revision.text) == ("insertion", "")
    assert revision.start == revision.end == len("1. Fees. Thirty days.")


def test_references_by_text_number_and_full_number(tmp_path: Path) -> None:
    numbering = (
        '<w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="7"><w:abstractNumId w:val="7"/></w:num>'
    )

    def numbered(level: int, text: str, bookmark: str = "") -> str:
        mark = f'<w:bookmarkStart w:id="{bookmark}" w:name="{bookmark}"/>' if bookmark else ""
        end = f'<w:bookmarkEnd w:id="{bookmark}"/>' if bookmark else ""
        return (
            f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="7"/></w:numPr>'
            f"</w:pPr>{mark}{_r(text)}{end}</w:p>"
        )

    def ref(instruction: str, shown: str, dirty: str = "") -> str:
        return (
            f'<w:r><w:fldChar w:fldCharType="begin"{dirty}/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'{_r(shown)}<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        )

    body = (
        numbered(0, "Term", "Term")
        + numbered(1, "Renewal", "Renewal")
        + numbered(0, "Fees", "Fees")
        + _p(_r("See ") + ref("REF Renewal \\w \\h", "1(a)") + _r(" and ")
             + ref("REF Renewal \\w \\h", "2(a)") + _r(" and ") + ref("REF Renewal \\n", "(a)"))
        + _p(_r("Captions: ") + ref("REF Fees \\h", "Fees") + _r(", ")
             + ref("REF Term \\h", "Duration") + _r(", ") + ref("PAGEREF Gone \\h", "3")
             + _r(", ") + ref("NOTEREF Fees \\h", "1", ' w:dirty="true"'))
        + _p('<w:fldSimple w:instr=" REF Gone " w:dirty="1">' + _r("Section 9") + "</w:fldSimple>")
    )  # fmt: skip
    doc = read_document(_docx(tmp_path, body, numbering=numbering))
    assert doc.text.startswith("1.\tTerm\n(a)\tRenewal\n2.\tFees")
    found = [(f.kind, f.instruction, f.shown, f.expected) for f in doc.review.fields]
    assert found == [
        ("stale-result", "REF Renewal \\w \\h", "2(a)", "1.(a)"),
        ("stale-result", "REF Term \\h", "Duration", "Term"),
        ("missing-bookmark", "PAGEREF Gone \\h", "3", None),
        ("dirty", "NOTEREF Fees \\h", "1", None),
        ("missing-bookmark", "REF Gone", "Section 9", None),
        ("dirty", "REF Gone", "Section 9", None),
    ]
    stale = doc.review.fields[1]
    assert doc.text[stale.start : stale.end] == "Duration"


def test_notes_are_read_with_their_changes(tmp_path: Path) -> None:
    path = _docx(tmp_path, _p(_r("1. Fees. As in the note.")))
    package = Package(path)
    for kind, tag in (("footnotes", "footnote"), ("endnotes", "endnote")):
        package.add(
            f"word/{kind}.xml",
            f"<w:{kind} {W}>"
            f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
            f'<w:{tag} w:id="1"><w:p>{_r(f"The {tag} says ")}'
            f"<w:ins {BY.format(7)}>{_r('net 45 days')}</w:ins></w:p></w:{tag}></w:{kind}>",
            f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml",
        )
        package.relate("word/_rels/document.xml.rels", kind, f"{kind}.xml")
    doc = read_document(package.save(path))
    assert "The footnote says net 45 days" in doc.text
    assert "The endnote says net 45 days" in doc.text
    assert [(r.part, r.text) for r in doc.review.revisions] == [
        ("footnote", "net 45 days"),
        ("endnote", "net 45 days"),
    ]
    for revision in doc.review.revisions:
        assert doc.text[revision.start : revision.end] == "net 45 days"


def test_colour_against_its_real_background(tmp_path: Path) -> None:
    """White on a dark cell is seen; on a table style that may shade it, not judged; black
    on a black page background, like a run in a character style coloured white, is not
    seen."""
    white = '<w:color w:val="FFFFFF"/>'
    styles = (
        '<w:style w:type="table" w:styleId="DarkHeader"><w:name w:val="Dark Header"/>'
        '<w:tblStylePr w:type="firstRow"><w:tcPr><w:shd w:val="clear" w:fill="1F3864"/>'
        "</w:tcPr></w:tblStylePr></w:style>"
        '<w:style w:type="character" w:styleId="Ghost"><w:name w:val="Ghost"/>'
        '<w:rPr><w:color w:val="FEFEFE"/></w:rPr></w:style>'
    )
    body = (
        '<w:tbl><w:tr><w:tc><w:tcPr><w:shd w:val="clear" w:fill="000000"/></w:tcPr>'
        + _p(_r("Dark cell text", white)) + "</w:tc></w:tr></w:tbl>"
        + '<w:tbl><w:tblPr><w:tblStyle w:val="DarkHeader"/></w:tblPr><w:tr><w:tc>'
        + _p(_r("Styled header text", white)) + "</w:tc></w:tr></w:tbl>"
        + _p(_r("1. Fees. Visible. ") + _r("Ghost words.", '<w:rStyle w:val="Ghost"/>'))
        + _p(_r("2. Yellow on yellow.", '<w:color w:val="FFFF00"/><w:highlight w:val="yellow"/>'))
    )  # fmt: skip
    doc = read_document(_docx(tmp_path, body, styles=styles))
    assert "Dark cell text" in doc.text and "Styled header text" in doc.text
    assert [(m.kind, m.text, m.detail) for m in doc.review.marks] == [
        ("same-colour", "Ghost words.", "FEFEFE on FFFFFF"),
        ("same-colour", "2. Yellow on yellow.", "FFFF00 on FFFF00"),
    ]
    assert "Ghost" not in doc.text and "Yellow" not in doc.text
    on_black = _p(_r("Black on black.", '<w:color w:val="000000"/>')) + _p(_r("Auto text."))
    doc = read_document(_docx(tmp_path, on_black, "dark.docx", background="000000"))
    assert doc.text == "Auto text."
    assert [m.text for m in doc.review.marks] == ["Black on black."]


def test_content_controls_filled_or_not(tmp_path: Path) -> None:
    def control(text: str, showing: bool) -> str:
        flag = "<w:showingPlcHdr/>" if showing else ""
        return (
            f'<w:sdt><w:sdtPr><w:tag w:val="fee"/>{flag}</w:sdtPr>'
            f"<w:sdtContent>{_r(text)}</w:sdtContent></w:sdt>"
        )

    body = (
        _p(_r("Fee: ") + control("USD 10,000", False))
        + _p(_r("Date: ") + control("Click or tap to enter a date.", True))
        + '<w:sdt><w:sdtPr><w:alias w:val="Clause"/><w:showingPlcHdr/></w:sdtPr><w:sdtContent>'
        + _p(_r("Choose a clause.")) + "</w:sdtContent></w:sdt>"
    )  # fmt: skip
    doc = read_document(_docx(tmp_path, body))
    assert [(m.kind, m.text, m.detail) for m in doc.review.marks] == [
        ("placeholder-control", "Click or tap to enter a date.", "fee"),
        ("placeholder-control", "Choose a clause.", "Clause"),
    ]
    for mark in doc.review.marks:
        assert doc.text[mark.start : mark.end] == mark.text


def test_reading_stays_bounded(tmp_path: Path) -> None:
    """50,000 tracked changes and 25,000 highlights: the lists stop at REVIEW_MAX with a
    note each, in about the time the text alone takes."""
    paras = "".join(
        _p(
            _r(f"Clause {i} keeps ")
            + f'<w:ins w:id="{i}" w:author="Author {i % 7}" w:date="2026-11-03T09:00:00Z">'
            + _r(f"{i}%")
            + "</w:ins>"
            + _r(" and drops ", '<w:highlight w:val="yellow"/>')
            + f'<w:del w:id="{i + 10**6}" w:author="Author {i % 5}" w:date="2026-11-04">'
            + f"<w:r><w:delText>old {i}</w:delText></w:r></w:del>"
        )
        for i in range(25_000)
    )
    base = _docx(tmp_path, _p(_r("placeholder")), "base.docx")
    path = tmp_path / "bounded.docx"
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = f"<w:document {W}><w:body>{paras}</w:body></w:document>".encode()
            dst.writestr(info.filename, data)
    started = time.perf_counter()
    doc = read_document(path)
    elapsed = time.perf_counter() - started
    assert len(doc.review.revisions) == len(doc.review.marks) == REVIEW_MAX
    assert "49,500 more tracked changes were not listed (the first 500 are)" in doc.notes
    assert "24,500 more highlights and marks were not listed (the first 500 are)" in doc.notes
    first = doc.review.revisions[0]
    assert (first.kind, first.text, doc.text[first.start : first.end]) == ("insertion", "0%", "0%")
    assert elapsed < 60, elapsed  # about 4 s here; linear in the number of runs
    with zipfile.ZipFile(path) as archive:
        assert len(archive.read("word/document.xml")) > 5_000_000
