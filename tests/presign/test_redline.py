"""Untracked edits (issue 14, item 3): an agreement we built, sent as DOCX, comes back edited
the way a counterparty edits (lxml on the Word XML: a table share, a notice period, a clause
inserted, deleted or moved, tracked changes beside untracked ones, only spacing and quotes,
retyped as text, printed to PDF); each difference is found with its section, its sent and
returned words and its kind, and nothing is reported where a reader would see no change."""

from __future__ import annotations

import copy
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from agreement_builder import api
from agreement_builder.analyze.components import Locator
from agreement_builder.analyze.redline import Difference, compare, redline
from agreement_builder.engine import load_config, load_registry
from agreement_builder.engine.redline import redline_findings
from agreement_builder.read import read_document
from agreement_builder.read.model import SourceDocument

from ..conftest import ROOT

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
Edit = Callable[[etree._Element], None]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """co_marketing and joint_venture built by our own build, as DOCX and PDF."""
    out = tmp_path_factory.mktemp("built")
    samples = [ROOT / "samples" / "co_marketing.yaml", ROOT / "samples" / "joint_venture.yaml"]
    results = api.build(samples, out, formats=("docx", "pdf"))
    return {p.name: p for r in results for p in r.outputs}


@pytest.fixture(scope="module")
def sent(built: dict[str, Path]) -> SourceDocument:
    return read_document(built["co_marketing.docx"])


# ---------------------------------------------------------------- editing Word XML


def _edited(source: Path, target: Path, *edits: Edit, fields: bool = True) -> Path:
    """``source`` with ``edits`` applied to word/document.xml; with ``fields``, every REF
    field's shown number is brought up to date afterwards (as Word does on F9 or printing)."""
    with zipfile.ZipFile(source) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    for edit in edits:
        edit(root)
    if fields:
        _update_fields(root)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def _body(root: etree._Element) -> etree._Element:
    return root.find(f"{W}body")


def _paragraph(root: etree._Element, starts: str) -> etree._Element:
    found = [p for p in _body(root) if p.tag == f"{W}p" and _text(p).startswith(starts)]
    assert len(found) == 1, (starts, len(found))
    return found[0]


def _heading(p: etree._Element) -> int:
    style = p.find(f"{W}pPr/{W}pStyle")
    value = style.get(f"{W}val") if style is not None else ""
    return int(value[-1]) if value.startswith("Heading") else 0


def _clause(root: etree._Element, caption: str) -> list[etree._Element]:
    """A numbered clause's heading paragraph and its body, up to the next heading."""
    heads = [p for p in _body(root) if p.tag == f"{W}p" and _heading(p) and _text(p) == caption]
    assert len(heads) == 1, caption
    head = heads[0]
    level = _heading(head)
    out = [head]
    node = head.getnext()
    while node is not None and not (node.tag == f"{W}p" and 0 < _heading(node) <= level):
        out.append(node)
        node = node.getnext()
    return out


def _replace(starts: str, old: str, new: str) -> Edit:
    """Change ``old`` to ``new`` in the paragraph (or table cell) that starts with ``starts``."""

    def edit(root: etree._Element) -> None:
        candidates = [p for p in root.iter(f"{W}p") if _text(p).startswith(starts)]
        assert len(candidates) == 1, (starts, len(candidates))
        for t in candidates[0].iter(f"{W}t"):
            if t.text and old in t.text:
                t.text = t.text.replace(old, new)
                return
        raise AssertionError(f"{old!r} not in one run of {starts!r}")

    return edit


def _insert_clause(after: str, caption: str, body: str) -> Edit:
    """A new sub-clause (Word's automatic numbering) after the clause headed ``after``."""

    def edit(root: etree._Element) -> None:
        clause = _clause(root, after)
        head, text = copy.deepcopy(clause[0]), copy.deepcopy(clause[1])
        for node in (head, text):
            for mark in [*node.iter(f"{W}bookmarkStart"), *node.iter(f"{W}bookmarkEnd")]:
                mark.getparent().remove(mark)
        _set_text(head, caption)
        _set_text(text, body)
        clause[-1].addnext(text)
        clause[-1].addnext(head)

    return edit


def _set_text(p: etree._Element, text: str) -> None:
    for run in p.findall(f"{W}r"):
        p.remove(run)
    run = etree.SubElement(p, f"{W}r")
    etree.SubElement(run, f"{W}t").text = text


def _delete_clause(caption: str) -> Edit:
    def edit(root: etree._Element) -> None:
        for node in _clause(root, caption):
            node.getparent().remove(node)

    return edit


def _move_clause(caption: str, after: str) -> Edit:
    """Cut the clause headed ``caption`` and paste it after the clause headed ``after``."""

    def edit(root: etree._Element) -> None:
        moving = _clause(root, caption)
        for node in moving:
            node.getparent().remove(node)
        anchor = _clause(root, after)[-1]
        for node in reversed(moving):
            anchor.addnext(node)

    return edit


def _track(starts: str, old: str, new: str, author: str, accepted: bool = True) -> Edit:
    """``old`` in that paragraph deleted and ``new`` inserted as tracked changes by ``author``;
    with ``accepted`` False, the paragraph is left as it was (the change rejected)."""

    def edit(root: etree._Element) -> None:
        if not accepted:
            return
        paragraph = _paragraph(root, starts)
        for run in paragraph.findall(f"{W}r"):
            t = run.find(f"{W}t")
            if t is None or not t.text or old not in t.text:
                continue
            head, tail = t.text.split(old, 1)
            stamp = {f"{W}author": author, f"{W}date": "2027-01-10T09:00:00Z"}
            deleted = etree.Element(f"{W}del", {f"{W}id": "901", **stamp})
            etree.SubElement(etree.SubElement(deleted, f"{W}r"), f"{W}delText").text = old
            inserted = etree.Element(f"{W}ins", {f"{W}id": "902", **stamp})
            etree.SubElement(etree.SubElement(inserted, f"{W}r"), f"{W}t").text = new
            after = copy.deepcopy(run)
            t.text = head
            t.set(XML_SPACE, "preserve")
            after.find(f"{W}t").text = tail
            after.find(f"{W}t").set(XML_SPACE, "preserve")
            run.addnext(after)
            run.addnext(inserted)
            run.addnext(deleted)
            return
        raise AssertionError(f"{old!r} not in one run of {starts!r}")

    return edit


def _update_fields(root: etree._Element) -> None:
    """Every REF field's shown number set to its bookmark's number now: articles and
    clauses are Word's automatic numbering (Heading 1 and Heading 2 of one list)."""
    numbers: dict[str, str] = {}
    article = clause = 0
    for p in _body(root).iter(f"{W}p"):
        level = _heading(p) if p.find(f"{W}pPr/{W}numPr") is not None else 0
        if level == 1:
            article, clause = article + 1, 0
            number = str(article)
        elif level == 2:
            clause += 1
            number = f"{article}.{clause}"
        else:
            continue
        for mark in p.iter(f"{W}bookmarkStart"):
            numbers[mark.get(f"{W}name")] = number
    for instr in list(root.iter(f"{W}instrText")):
        target = re.match(r"\s*REF\s+(\S+)", instr.text or "")
        if not target or target.group(1) not in numbers:
            continue  # not a numbered clause (Schedule 1 is named, not numbered)
        run = instr.getparent().getnext()  # the "separate" field character
        shown = run.getnext()
        assert shown.find(f"{W}t") is not None
        shown.find(f"{W}t").text = numbers[target.group(1)]


def _set_ref(bookmark: str, shown: str) -> Edit:
    """A REF field to ``bookmark`` showing ``shown`` (a cross-reference retyped by hand)."""

    def edit(root: etree._Element) -> None:
        for instr in root.iter(f"{W}instrText"):
            if re.match(rf"\s*REF\s+{re.escape(bookmark)}\s", instr.text or ""):
                instr.getparent().getnext().getnext().find(f"{W}t").text = shown
                instr.text = " REF _Ref_gone \\r \\h "  # no longer updated from the bookmark
                return
        raise AssertionError(bookmark)

    return edit


def _one(found: list[Difference]) -> Difference:
    assert len(found) == 1, [(d.kind, d.number, d.was, d.now) for d in found]
    return found[0]


# ---------------------------------------------------------------- untracked edits


def test_notice_period_changed_in_prose(
    built: dict[str, Path], sent: SourceDocument, tmp_path: Path
) -> None:
    path = _edited(
        built["co_marketing.docx"],
        tmp_path / "returned.docx",
        _replace(
            "Either Party may terminate this Agreement for any reason", "sixty (60)", "thirty (30)"
        ),
    )
    returned = read_document(path)
    d = _one(compare(sent, returned))
    assert (d.kind, d.tracked) == ("changed", False)
    assert (d.number, d.caption) == ("21.1", "Termination for Convenience")
    assert (d.sent_number, d.sent_caption) == ("21.1", "Termination for Convenience")
    assert (d.was, d.now) == ("sixty (60) days", "thirty (30) days")
    assert d.before.startswith("Either Party may terminate this Agreement for any reason")
    assert "at least sixty (60) days written notice" in d.before
    assert "at least thirty (30) days written notice" in d.after
    assert returned.text[d.start : d.end] == d.after
    assert " ".join(sent.text[d.sent_start : d.sent_end].split()) == d.before
    assert ("delete", " sixty") in d.ops and ("insert", " thirty") in d.ops
    assert "".join(text for tag, text in d.ops if tag != "delete") == d.after


def test_table_share_changed(built: dict[str, Path], tmp_path: Path) -> None:
    sent_jv = read_document(built["joint_venture.docx"])
    path = _edited(built["joint_venture.docx"], tmp_path / "jv.docx", _replace("40%", "40%", "50%"))
    returned = read_document(path)
    d = _one(compare(sent_jv, returned))
    assert (d.kind, d.number, d.caption) == ("changed", "6", "Economics")
    assert (d.was, d.now) == ("40%", "50%")
    assert " ".join(returned.text[d.start : d.end].split()) == d.after
    assert "Corrib 50%" in d.after and "Corrib 40%" in d.before


def test_inserted_clause_renumbers_and_references_follow(
    built: dict[str, Path], sent: SourceDocument, tmp_path: Path
) -> None:
    """21.2 to 21.6 become 21.3 to 21.7 and the cross-references to them are updated: only
    the new clause is a difference."""
    path = _edited(
        built["co_marketing.docx"],
        tmp_path / "inserted.docx",
        _insert_clause(
            "Termination for Convenience",
            "Termination for Breach of Exclusivity",
            "Ridgeline may terminate this Agreement on ten (10) days written notice if Lattice "
            "breaches Section 13 (Exclusivity and Non-Competition).",
        ),
    )
    returned = read_document(path)
    assert "Section 21.3 (Termination for Cause)" in returned.text  # the field was updated
    assert "Section 21.2 (Termination for Cause)" in sent.text
    d = _one(compare(sent, returned))
    assert (d.kind, d.tracked) == ("inserted", False)
    assert (d.number, d.caption) == ("21.2", "Termination for Breach of Exclusivity")
    assert d.now.startswith("21.2 Termination for Breach of Exclusivity Ridgeline may terminate")
    assert d.before == "" and d.was == ""
    assert returned.text[d.start : d.end].startswith("Termination for Breach of Exclusivity\n")
    assert d.ops == (("insert", d.after),)
    # in the sent text it would stand where 21.2 (Termination for Cause) starts
    assert sent.text[d.sent_start :].startswith("Termination for Cause\nA Party may terminate")


def test_reference_that_now_points_elsewhere_is_a_change(
    built: dict[str, Path], sent: SourceDocument, tmp_path: Path
) -> None:
    """After the insertion, Termination for Cause is 21.3; a reference shown as 21.4 no longer
    follows the renumbering, it points at another clause."""
    path = _edited(
        built["co_marketing.docx"],
        tmp_path / "elsewhere.docx",
        _insert_clause(
            "Termination for Convenience", "Termination for Breach", "Ridgeline may terminate."
        ),
        _set_ref("s_termination_for_cause", "21.4"),
    )
    found = compare(sent, read_document(path))
    assert [d.kind for d in found] == ["changed", "inserted"]
    d = found[0]
    assert (d.number, d.caption) == ("21.1", "Termination for Convenience")
    assert (d.was, d.now) == (
        "Section 21.2 (Termination for Cause)",
        "Section 21.4 (Termination for Cause)",
    )


def test_change_beside_a_renumbered_reference(
    built: dict[str, Path], sent: SourceDocument, tmp_path: Path
) -> None:
    """The change is reported with its sentence as each side has it; the reference that only
    followed the renumbering shows as unchanged in the redline."""
    path = _edited(
        built["co_marketing.docx"],
        tmp_path / "beside.docx",
        _insert_clause("Termination for Convenience", "Extra", "Ridgeline may terminate."),
        _replace(
            "Either Party may terminate this Agreement for any reason",
            "without prejudice",
            "subject",
        ),
    )
    changed, inserted = compare(sent, read_document(path))
    assert (changed.kind, changed.number, inserted.kind) == ("changed", "21.1", "inserted")
    assert (changed.was, changed.now) == ("without prejudice to", "subject to")
    assert changed.before.endswith("is without prejudice to Section 21.2 (Termination for Cause).")
    assert changed.after.endswith("is subject to Section 21.3 (Termination for Cause).")
    assert changed.ops[-1] == ("equal", " to Section 21.3 (Termination for Cause).")


def test_deleted_clause(built: dict[str, Path], sent: SourceDocument, tmp_path: Path) -> None:
    path = _edited(
        built["co_marketing.docx"],
        tmp_path / "deleted.docx",
        _delete_clause("Termination on Insolvency"),
    )
    returned = read_document(path)
    assert "Section 21.3 (Termination on Change of Control)" in returned.text  # renumbered
    d = _one(compare(sent, returned))
    assert (d.kind, d.tracked) == ("deleted", False)
    assert (d.sent_number, d.sent_caption) == ("21.3", "Termination on Insolvency")
    assert d.was.startswith("21.3 Termination on Insolvency A Party may terminate")
    assert d.after == "" and d.now == "" and d.start == d.end
    # the place it stood: where the next clause (now 21.3) starts
    assert returned.text[d.start :].startswith("Termination on Change of Control\nA Party")
    assert sent.text[d.sent_start : d.sent_end].startswith("Termination on Insolvency")


def test_clause_moved_to_another_article(
    built: dict[str, Path], sent: SourceDocument, tmp_path: Path
) -> None:
    """4.2 moves to the end of Article 22 (22.4); Section 20 cites it, and its updated
    reference ("Section 22.4") is not a change."""
    path = _edited(
        built["co_marketing.docx"],
        tmp_path / "moved.docx",
        _move_clause("Meetings and Reporting", "Arbitration"),
    )
    returned = read_document(path)
    assert "under Section 22.4 (Meetings and Reporting)" in returned.text
    d = _one(compare(sent, returned))
    assert (d.kind, d.tracked, d.changed) == ("moved", False, False)
    assert (d.sent_number, d.number, d.caption) == ("4.2", "22.4", "Meetings and Reporting")
    assert returned.text[d.start : d.end].startswith("Meetings and Reporting\nThe Parties will")
    assert all(tag == "equal" for tag, _ in d.ops)


def test_moved_and_changed_clause(
    built: dict[str, Path], sent: SourceDocument, tmp_path: Path
) -> None:
    path = _edited(
        built["co_marketing.docx"],
        tmp_path / "moved-changed.docx",
        _move_clause("Meetings and Reporting", "Arbitration"),
        _replace("The Parties will hold the following", "The Parties", "Both Parties"),
    )
    d = _one(compare(sent, read_document(path)))
    assert (d.kind, d.changed, d.sent_number, d.number) == ("moved", True, "4.2", "22.4")
    assert (d.was, d.now) == ("The Parties", "Both Parties")
    assert ("delete", " The") in d.ops and ("insert", " Both") in d.ops


def test_spacing_and_quotes_only_are_no_difference(
    built: dict[str, Path], sent: SourceDocument, tmp_path: Path
) -> None:
    def retouch(root: etree._Element) -> None:
        for t in root.iter(f"{W}t"):
            if t.text:
                text = t.text.replace('"', "“", 1).replace('"', "”", 1).replace("'", "’")
                t.text = text.replace(" the ", "  the ").replace(", ", ",\u00a0")
                t.set(XML_SPACE, "preserve")
        body = _body(root)
        body.insert(5, etree.Element(f"{W}p"))  # an empty paragraph

    path = _edited(built["co_marketing.docx"], tmp_path / "spaces.docx", retouch)
    returned = read_document(path)
    assert "“" in returned.text and "  the " in returned.text
    assert compare(sent, returned) == []


def test_retyped_as_plain_text_is_no_difference(sent: SourceDocument, tmp_path: Path) -> None:
    """The same words retyped: straight quotes, lines wrapped at 72 columns, table rows on
    one line between bars, headers and footers gone."""
    lines: list[str] = []
    row: list[str] = []
    last_row: tuple[int, int] | None = None
    for block in sent.blocks:
        if block.part in ("header", "footer"):
            continue
        text = (
            sent.text[block.start : block.end].replace("“", '"').replace("”", '"').replace("’", "'")
        )
        if block.cell is not None:
            if last_row is not None and block.cell[:2] != last_row:
                lines.append("| " + " | ".join(row) + " |")
                row = []
            row.append(text)
            last_row = block.cell[:2]
            continue
        if row:
            lines.append("| " + " | ".join(row) + " |")
            row, last_row = [], None
        if block.number or block.heading:
            lines.extend(["", text.replace("\t", " "), ""])
            continue
        words, line = text.split(), ""
        for word in words:
            if line and len(line) + len(word) > 72:
                lines.append(line)
                line = ""
            line = f"{line} {word}" if line else word
        lines.extend([line, ""])
    if row:
        lines.append("| " + " | ".join(row) + " |")
    path = tmp_path / "retyped.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    returned = read_document(path)
    assert returned.format == "text" and "| Lattice | 55% |" in returned.text
    assert compare(sent, returned) == []


def test_pdf_of_the_same_build(built: dict[str, Path], sent: SourceDocument) -> None:
    """The PDF of the same build is the same agreement: page headers and footers, line
    wrapping, the filled-in table of contents and shorter signature lines are tolerated (the
    DOCX cover once repeated the effective date, which the PDF did not print: now neither
    does), in both directions."""
    pdf = read_document(built["co_marketing.pdf"])
    assert compare(sent, pdf) == []
    assert compare(pdf, sent) == []


def test_pdf_of_a_changed_deal(
    built: dict[str, Path], sent: SourceDocument, tmp_path: Path
) -> None:
    """Sent as DOCX, returned as the PDF of a build whose spec changed two terms: the two
    changes are found across formats, and nothing else."""
    spec = (ROOT / "samples" / "co_marketing.yaml").read_text(encoding="utf-8")
    assert "convenience: {notice: 60 days}" in spec and "  due_days: 30\n" in spec
    spec = spec.replace("convenience: {notice: 60 days}", "convenience: {notice: 30 days}")
    changed = tmp_path / "co_marketing.yaml"
    changed.write_text(spec.replace("  due_days: 30\n", "  due_days: 45\n"), encoding="utf-8")
    [result] = api.build([changed], tmp_path / "out", formats=("pdf",))
    pdf = read_document(result.outputs[0])
    found = [(d.kind, d.number, d.caption, d.was, d.now) for d in compare(sent, pdf)]
    assert found == [
        ("changed", "7", "Payment Terms", "thirty (30) days", "forty-five (45) days"),
        ("changed", "21.1", "Termination for Convenience", "sixty (60) days", "thirty (30) days"),
    ]
    for d in compare(sent, pdf):
        assert d.now in " ".join(pdf.text[d.start : d.end].split())
        assert d.was in " ".join(sent.text[d.sent_start : d.sent_end].split())


# ---------------------------------------------------------------- tracked against untracked


def test_tracked_and_untracked_changes_are_told_apart(
    built: dict[str, Path], sent: SourceDocument, tmp_path: Path
) -> None:
    """A tracked change by Harbourview Legal in 21.1 and, untracked, the cost share in the
    table of 6: the returned file read with its changes accepted and (until the reader has a
    rejected view) a copy with the tracked change rejected."""
    source = built["co_marketing.docx"]
    untracked = _replace("55%", "55%", "60%")
    convenience = "Either Party may terminate this Agreement for any reason"
    returned = read_document(
        _edited(
            source,
            tmp_path / "returned.docx",
            untracked,
            _track(convenience, "sixty (60)", "ninety (90)", "Harbourview Legal"),
        )
    )
    original = read_document(_edited(source, tmp_path / "original.docx", untracked))
    assert "ninety (90) days written notice" in returned.text  # read as accepted
    found = compare(sent, returned, original)
    assert [(d.kind, d.tracked, d.number) for d in found] == [
        ("changed", False, "6"),
        ("changed", True, "21.1"),
    ]
    share, notice = found
    assert (share.was, share.now, share.caption) == ("55%", "60%", "Costs")
    assert " ".join(returned.text[share.start : share.end].split()) == share.after
    assert (notice.was, notice.now) == ("sixty (60) days", "ninety (90) days")
    assert returned.text[notice.start : notice.end] == notice.after
    assert "sixty (60) days" in sent.text[notice.sent_start : notice.sent_end]
    # without the rejected view, both are untracked
    assert [d.tracked for d in compare(sent, returned)] == [False, False]


# ---------------------------------------------------------------- findings


def test_findings_name_the_section_and_the_words(
    built: dict[str, Path], sent: SourceDocument, tmp_path: Path
) -> None:
    source = built["co_marketing.docx"]
    convenience = "Either Party may terminate this Agreement for any reason"
    untracked = [
        _replace("55%", "55%", "60%"),
        _delete_clause("Termination on Insolvency"),
        _insert_clause(
            "Arbitration", "Expert Determination", "Disputes about figures go to an expert."
        ),
        _move_clause("Feedback", "Excluded Losses"),
    ]
    returned = read_document(
        _edited(
            source,
            tmp_path / "returned.docx",
            *untracked,
            _track(convenience, "sixty (60)", "ninety (90)", "Harbourview Legal"),
        )
    )
    original = read_document(_edited(source, tmp_path / "original.docx", *untracked))
    registry = load_registry()
    config_file = tmp_path / "agreement.toml"
    config_file.write_text("", encoding="utf-8")
    config = load_config(config_file, registry)
    findings = redline_findings(returned, sent, original, registry, config, Locator(returned))
    got = [(f.code, f.severity, f.location.section, f.message) for f in findings]
    assert got == [
        (
            "PRS301", "error", "6",
            'changed without tracking in 6 (Costs): sent "55%", now "60%"',
        ),
        (
            "PRS304", "warning", "17.3",
            "clause moved without tracking: 9.3 (Feedback) of the version sent is now 17.3 (Feedback)",
        ),
        (
            "PRS305", "info", "21.1",
            'tracked change in 21.1 (Termination for Convenience): was "sixty (60) days", '
            'now "ninety (90) days"',
        ),
        (
            "PRS303", "error", "21.3",
            "clause deleted without tracking: 21.3 (Termination on Insolvency) of the version "
            'sent ("21.3 Termination on Insolvency A Party may terminate this Agreement with '
            "immediate effect by written notice if the other Party suffers an Insolvency Event, "
            'to…")',
        ),
        (
            "PRS302", "error", "22.4",
            'clause inserted without tracking at 22.4 (Expert Determination): "22.4 Expert '
            'Determination Disputes about figures go to an expert."',
        ),
    ]  # fmt: skip
    assert all(f.why and f.fix and f.location.excerpt for f in findings)


def test_another_document_is_one_finding(
    built: dict[str, Path], sent: SourceDocument, tmp_path: Path
) -> None:
    other = read_document(built["joint_venture.docx"])
    result = redline(sent, other)
    assert result.shared < 0.9
    registry = load_registry()
    config_file = tmp_path / "agreement.toml"
    config_file.write_text("", encoding="utf-8")
    config = load_config(config_file, registry)
    letter = tmp_path / "letter.txt"
    letter.write_text(
        "Dear Hannah,\n\nPlease find the signed purchase order attached.\n", encoding="utf-8"
    )
    returned = read_document(letter)
    findings = redline_findings(returned, sent, None, registry, config, Locator(returned))
    assert [(f.code, f.severity) for f in findings] == [("PRS306", "error")]
    assert findings[0].message.startswith("the returned file shares only 0% of its words")


# ---------------------------------------------------------------- what is and is not a change

SHORT = """ALLIANCE AGREEMENT

This Agreement is made on 1 May 2027 between Harbour Analytics Ltd ("Harbour") and Crestline \
Retail Inc. ("Crestline").

1. Purpose. Harbour and Crestline form a non-exclusive alliance to sell the Orbit engine to \
retailers.

2. Term. This Agreement starts on 1 May 2027 and continues for two (2) years.

3. Termination. Either Party may terminate this Agreement on ninety (90) days' written notice. \
Section 2 (Term) continues to apply until the notice ends.

4. Revenue Share. Harbour receives 60% and Crestline receives 40% of net revenue from joint sales.

5. Governing Law. This Agreement is governed by the laws of England and Wales.
"""


def _text_doc(tmp_path: Path, name: str, text: str) -> SourceDocument:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_document(path)


@pytest.mark.parametrize(
    ("returned", "why"),
    [
        (" ".join(SHORT.split()), "run together on one line, as some PDFs extract"),
        (
            SHORT.replace(
                "non-exclusive alliance to sell the Orbit",
                "non-exclu-\nsive alliance to sell the Or-\nbit",
            ),
            "hyphenated at line ends",
        ),
        (
            SHORT.replace("the laws of", "the\u00a0laws  of").replace("England", "Eng\u00adland"),
            "no-break space, soft hyphen",
        ),
        (
            SHORT.replace("2. Term.", "2. TERM.").replace("5. Governing Law.", "5. GOVERNING LAW."),
            "headings in capitals",
        ),
        (
            SHORT.replace("days' written", "days’ written").replace('("Harbour")', "(“Harbour”)"),
            "curly quotes",
        ),
        (SHORT.replace("1. Purpose.", "1.\tPurpose."), "a tab after the number"),
    ],
)
def test_what_a_reader_cannot_see_is_no_difference(tmp_path: Path, returned: str, why: str) -> None:
    sent_doc = _text_doc(tmp_path, "sent.txt", SHORT)
    assert compare(sent_doc, _text_doc(tmp_path, "returned.txt", returned)) == [], why


@pytest.mark.parametrize(
    ("old", "new", "section", "was", "now"),
    [
        ("Either Party may", "Either party may", "3", "Party may", "party may"),
        ("60% and Crestline", "60%, and Crestline", "4", "60% and", "60%, and"),
        ("Section 2 (Term)", "Section 4 (Term)", "3", "Section 2 (Term)", "Section 4 (Term)"),
        ("two (2) years", "two (2) years, renewable", "2", "years.", "years, renewable."),
    ],
)
def test_what_a_reader_sees_is_a_difference(
    tmp_path: Path, old: str, new: str, section: str, was: str, now: str
) -> None:
    """A defined term in lower case, a comma, a reference to another clause, words added."""
    sent_doc = _text_doc(tmp_path, "sent.txt", SHORT)
    returned = _text_doc(tmp_path, "returned.txt", SHORT.replace(old, new))
    d = _one(compare(sent_doc, returned))
    assert (d.kind, d.number, d.was, d.now) == ("changed", section, was, now)


def test_clause_rewritten_in_place_is_changed_not_moved(tmp_path: Path) -> None:
    """The same words in another order, most of them out of sequence: one changed clause."""
    rewritten = SHORT.replace(
        "Harbour receives 60% and Crestline receives 40% of net revenue from joint sales.",
        "Of net revenue from joint sales 40% goes to Crestline and 60% goes to Harbour.",
    )
    sent_doc = _text_doc(tmp_path, "sent.txt", SHORT)
    d = _one(compare(sent_doc, _text_doc(tmp_path, "returned.txt", rewritten)))
    assert (d.kind, d.number, d.sent_number, d.caption) == ("changed", "4", "4", "Revenue Share")
    assert "Harbour receives 60%" in d.before and "60% goes to Harbour" in d.after
