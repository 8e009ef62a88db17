"""DOCX output: real files read back with python-docx, zipfile and lxml (no mocks)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace

import pytest
from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from lxml import etree

from agreement_builder.api import assemble_spec
from agreement_builder.build.model import Assembly, Block, Gap, Section, Span
from agreement_builder.engine import check_spec
from agreement_builder.render.docx import clean, render_docx
from agreement_builder.spec.schemas import load_spec, parse_spec

from ..conftest import GAP_SAMPLES, ROOT, SAMPLES

ALLIANCE = ROOT / "samples" / "strategic_alliance.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADING_STYLES = ("Heading 1", "Heading 2")
EXTRA_HEADINGS = ("Signatures", "Open Items")  # unnumbered headings that are not sections


def _part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def _part_names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.namelist()


def _instructions(root: etree._Element) -> list[str]:
    return [(e.text or "").strip() for e in root.iter(f"{W}instrText")]


def _refs(assembly: Assembly) -> list[Span]:
    return [
        span
        for section in assembly.sections()
        for block in section.blocks
        for spans in (block.spans, *(cell for row in block.rows for cell in row))
        for span in spans
        if span.kind == "ref"
    ]


def _gap_spans(assembly: Assembly) -> list[Span]:
    blocks = [*assembly.cover, *assembly.recitals, *assembly.execution]
    blocks += [b for s in assembly.sections() for b in s.blocks]
    return [
        span
        for block in blocks
        for spans in (block.spans, *(cell for row in block.rows for cell in row))
        for span in spans
        if span.kind == "gap"
    ]


@pytest.fixture(scope="module")
def alliance() -> tuple[Assembly, bytes]:
    assembly = assemble_spec(load_spec(ALLIANCE))
    return assembly, render_docx(assembly)


@pytest.mark.parametrize("spec_path", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_renders_a_structured_word_document(spec_path):
    assembly = assemble_spec(load_spec(spec_path))
    data = render_docx(assembly)
    document = Document(io.BytesIO(data))

    # headings: same order as the assembly's sections, real numbering, no typed numbers
    headings = [
        p
        for p in document.paragraphs
        if p.style is not None and p.style.name in HEADING_STYLES and p.text not in EXTRA_HEADINGS
    ]
    expected = [s.title for s in assembly.sections()]
    assert len(headings) == len(expected)
    for paragraph, section in zip(headings, assembly.sections(), strict=True):
        assert paragraph.text.endswith(section.title), (paragraph.text, section.title)
        if section in assembly.schedules:
            assert paragraph.style is not None and paragraph.style.name == "Heading 1"
            assert paragraph.text.startswith(section.number)
            continue
        wanted = "Heading 1" if section.level == 1 else "Heading 2"
        assert paragraph.style is not None and paragraph.style.name == wanted
        num_pr = paragraph._p.pPr.numPr
        assert num_pr is not None and num_pr.numId is not None
        assert num_pr.ilvl.val == (0 if section.level == 1 else 1)
        assert not paragraph.text[:1].isdigit(), paragraph.text

    # numbering.xml: the 4-level outline the headings point at
    numbering = _part(data, "word/numbering.xml")
    heading_num = headings[0]._p.pPr.numPr.numId.val
    num = numbering.find(f"{W}num[@{W}numId='{heading_num}']")
    abstract_id = num.find(f"{W}abstractNumId").get(f"{W}val")
    abstract = numbering.find(f"{W}abstractNum[@{W}abstractNumId='{abstract_id}']")
    levels = [
        (lvl.find(f"{W}numFmt").get(f"{W}val"), lvl.find(f"{W}lvlText").get(f"{W}val"))
        for lvl in abstract.findall(f"{W}lvl")
    ]
    assert levels == [
        ("decimal", "%1."),
        ("decimal", "%1.%2"),
        ("lowerLetter", "(%3)"),
        ("lowerRoman", "(%4)"),
    ]

    # cross-references are REF fields to bookmarks that exist
    body = _part(data, "word/document.xml")
    bookmarks = {e.get(f"{W}name") for e in body.iter(f"{W}bookmarkStart")}
    ref_targets = [i.split()[1] for i in _instructions(body) if i.startswith("REF ")]
    assert len(ref_targets) == len(_refs(assembly))
    assert set(ref_targets) <= bookmarks
    for name in bookmarks:
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", name), name
    assert any(i.startswith("TOC ") and '\\o "1-2"' in i for i in _instructions(body))

    # header, footer with page fields; nothing asks to update fields on open
    assert document.sections[0].header.paragraphs[0].text == assembly.title
    footer = document.sections[0].footer._element
    footer_fields = {i.split()[0] for i in _instructions(footer)}
    assert {"PAGE", "NUMPAGES"} <= footer_fields
    settings = _part(data, "word/settings.xml")
    assert settings.find(f"{W}updateFields") is None

    # signature table holds every party
    last_table_text = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    for party in assembly.signatories:
        assert party.legal_name in last_table_text
        assert "By: " in last_table_text

    props = document.core_properties
    assert props.title == assembly.title
    assert props.author == "agreement-builder"
    assert all(p.legal_name in props.keywords for p in assembly.spec.parties)


def test_cross_reference_shows_number_as_field_and_caption_as_text(alliance):
    assembly, data = alliance
    refs = _refs(assembly)
    assert refs, "the alliance sample has a cross-reference"
    body = _part(data, "word/document.xml")
    text = "".join(t.text or "" for t in body.iter(f"{W}t"))
    for span in refs:
        assert span.text in text  # the cached field result reads as the assembled reference
    instructions = [i for i in _instructions(body) if i.startswith("REF ")]
    assert all("\\h" in i for i in instructions)


def test_bookmark_names_follow_words_rules():
    from agreement_builder.render.docx import _bookmark_names

    assembly = assemble_spec(load_spec(ALLIANCE))
    odd = [
        Section("1", "A", 1, "9-starts with digit"),
        Section("2", "B", 1, "x" * 60),
        Section("3", "C", 1, "x" * 60 + "y"),
        Section("4", "D", 1, "S_DEFINITIONS"),
        Section("5", "E", 1, "é-accent"),
    ]
    names = _bookmark_names(replace(assembly, articles=(*assembly.articles, *odd), schedules=()))
    values = list(names.values())
    assert len({v.lower() for v in values}) == len(values)
    for value in values:
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", value), value


@pytest.mark.parametrize("spec_path", GAP_SAMPLES, ids=lambda p: p.stem)
def test_gaps_are_highlighted_and_listed(spec_path):
    assembly = assemble_spec(load_spec(spec_path))
    if not assembly.gaps:  # only warnings (kpi_not_smart): nothing is missing or wrong enough
        assert not [f for f in check_spec(assembly.spec) if f.severity == "error"]
        pytest.skip("this gaps sample has warnings only, so no open items")
    document = Document(io.BytesIO(render_docx(assembly)))
    runs = [run for p in document.paragraphs for run in p.runs]
    runs += [
        run
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for p in cell.paragraphs
        for run in p.runs
    ]
    highlighted = {r.text for r in runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW}
    for span in _gap_spans(assembly):
        assert span.text in highlighted
        assert any(r.text == span.text and r.bold for r in runs)
    texts = [p.text for p in document.paragraphs]
    assert "Open Items" in texts
    entry, heading = [p for p in document.paragraphs if p.text == "Open Items"]
    assert entry.style is not None and entry.style.name == "toc 1"  # listed in the contents
    assert heading.style is not None and heading.style.name == "Heading 1"
    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells][:3] == [
        "Section",
        "What is missing",
        "Spec path to fill",
    ]
    listed = [tuple(c.text for c in row.cells) for row in table.rows[1:]]
    assert len(listed) == len(assembly.gaps)
    for gap, row in zip(assembly.gaps, listed, strict=True):
        assert row[1] == gap.message and row[2] == (gap.path or "-")
    header_row = table.rows[0]._tr
    assert header_row.trPr.find(qn("w:tblHeader")) is not None


def test_no_open_items_without_gaps(alliance):
    assembly, data = alliance
    assert not assembly.gaps
    document = Document(io.BytesIO(data))
    assert "Open Items" not in [p.text for p in document.paragraphs]


HOSTILE = '{{ 7*7 }} <img src="file:///etc/passwd"> \x07'


def test_hostile_party_name_is_literal_text():
    yaml_value = HOSTILE.replace('"', '\\"').replace("\x07", "\\x07")
    text = ALLIANCE.read_text().replace(
        "legal_name: BrightPath Consulting LLP", f'legal_name: "{yaml_value}"'
    )
    spec = parse_spec(text, "hostile.yaml")
    assert spec.parties[1].legal_name == HOSTILE
    assembly = assemble_spec(spec)
    data = render_docx(assembly)
    body = _part(data, "word/document.xml")
    text_nodes = "".join(t.text or "" for t in body.iter(f"{W}t"))
    literal = '{{ 7*7 }} <img src="file:///etc/passwd"> '
    assert literal in text_nodes
    assert "\x07" not in text_nodes
    assert body.find(f".//{W}drawing") is None and body.find(".//img") is None
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        raw = package.read("word/document.xml").decode()
    assert "&lt;img src=" in raw and "<img" not in raw
    assert Document(io.BytesIO(data)).core_properties.title == assembly.title


def test_control_characters_anywhere_are_dropped_not_fatal(alliance):
    assembly, _ = alliance
    bell = Span("text", "before\x00\x07\x1b\ufffeafter\ttab")
    block = Block("para", (bell, Span("gap", "[MISSING: x\x0b]"), Span("defterm", "T\x01")))
    table = Block("table", rows=(((Span("text", "h\x02"),),), ((Span("text", "c\x03"),),)))
    article = replace(assembly.articles[0], title="Title\x08", blocks=(block, table))
    odd = replace(
        assembly,
        title="Odd\x0c title",
        articles=(article, *assembly.articles[1:]),
        gaps=(Gap("a.b\x05", "missing\x06"),),
    )
    document = Document(io.BytesIO(render_docx(odd)))
    texts = [p.text for p in document.paragraphs]
    assert "beforeafter\ttab[MISSING: x]“T”" in texts
    assert "Title" in texts
    assert document.core_properties.title == "Odd title"
    assert clean("a\x00b\ud800c\U0001f600") == "abc\U0001f600"


def test_items_are_numbered_list_paragraphs_restarting_per_list(alliance):
    assembly, _ = alliance
    items = (
        Block("item", (Span("text", "first"),), level=1),
        Block("item", (Span("text", "sub"),), level=2),
        Block("item", (Span("text", "second"),), level=1),
        Block("para", (Span("text", "between"),)),
        Block("item", (Span("text", "again"),), level=1),
    )
    article = replace(assembly.articles[0], blocks=items)
    data = render_docx(replace(assembly, articles=(article, *assembly.articles[1:])))
    document = Document(io.BytesIO(data))
    by_text = {p.text: p for p in document.paragraphs}
    levels = {
        text: (by_text[text]._p.pPr.numPr.ilvl.val, by_text[text]._p.pPr.numPr.numId.val)
        for text in ("first", "sub", "second", "again")
    }
    assert levels["first"][0] == 2 and levels["sub"][0] == 3 and levels["second"][0] == 2
    assert levels["first"][1] == levels["sub"][1] == levels["second"][1]
    assert levels["again"][1] != levels["first"][1]  # a new list starts again at (a)
    numbering = _part(data, "word/numbering.xml")
    restart = numbering.find(f"{W}num[@{W}numId='{levels['again'][1]}']/{W}lvlOverride")
    assert restart is not None and restart.get(f"{W}ilvl") == "2"
    assert by_text["between"].paragraph_format.left_indent is not None


def test_tables_are_word_tables_with_bold_repeating_header(alliance):
    assembly, data = alliance
    document = Document(io.BytesIO(data))
    grids = [t for t in document.tables if t.style is not None and t.style.name == "Table Grid"]
    table_blocks = [
        b for s in assembly.sections() for b in s.blocks if b.kind == "table" and b.rows
    ]
    assert len(grids) == len(table_blocks)
    for table, block in zip(grids, table_blocks, strict=True):
        header = table.rows[0]
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(run.bold for cell in header.cells for p in cell.paragraphs for run in p.runs)
        assert [c.text for c in header.cells] == ["".join(s.text for s in c) for c in block.rows[0]]
        assert len(table.rows) == len(block.rows)


def test_signature_blocks_two_per_row_for_three_parties(alliance):
    assembly, _ = alliance
    third = replace(
        assembly.signatories[0], id="third", legal_name="Third Party GmbH", signatory=None
    )
    data = render_docx(replace(assembly, signatories=(*assembly.signatories, third)))
    document = Document(io.BytesIO(data))
    table = next(t for t in document.tables if "Third Party GmbH" in t._tbl.xml)
    assert len(table.columns) == 2 and len(table.rows) == 2
    cell = table.rows[1].cells[0]
    lines = [p.text for p in cell.paragraphs]
    assert lines[0] == "Third Party GmbH"
    assert any(line.startswith("Name: ___") for line in lines)
    assert any(line.startswith("Date: ___") for line in lines)


def test_output_is_deterministic(alliance):
    assembly, data = alliance
    again = render_docx(assembly)
    with zipfile.ZipFile(io.BytesIO(data)) as a, zipfile.ZipFile(io.BytesIO(again)) as b:
        assert a.read("word/document.xml") == b.read("word/document.xml")
    assert data == again
    assert _part_names(data)[0] == "[Content_Types].xml"


def test_large_agreement_renders_every_heading(alliance):
    assembly, _ = alliance
    paragraph = Block("para", (Span("text", "The Parties shall cooperate in good faith. " * 8),))
    items = tuple(Block("item", (Span("text", f"item {n}"),), level=1 + n % 2) for n in range(6))
    articles = []
    for a in range(1, 31):
        children = tuple(
            Section(f"{a}.{c}", f"Clause {a}.{c}", 2, f"s_{a}_{c}", blocks=(paragraph, *items))
            for c in range(1, 6)
        )
        articles.append(Section(str(a), f"Article {a}", 1, f"s_{a}", children=children))
    big = replace(assembly, articles=tuple(articles))
    document = Document(io.BytesIO(render_docx(big)))  # its speed is a benchmark row (bench/)
    assert sum(1 for p in document.paragraphs if p.style.name == "Heading 2") == 150


def test_build_writes_a_docx_that_opens(tmp_path):
    from agreement_builder.api import build

    results = build([ALLIANCE], tmp_path, ["docx"])
    path = tmp_path / "strategic_alliance.docx"
    assert results[0].outputs == [path]
    document = Document(str(path))
    assert document.core_properties.title == results[0].assembly.title
    assert not list(tmp_path.glob(".*.part"))
