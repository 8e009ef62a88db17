"""A counterparty's redline of an agreement we built: our own DOCX of
samples/co_marketing.yaml, edited with lxml the way Word writes what a reviewer does.

``redline(src, dst)`` makes every edit below; the tests read the result back and check each
one. The texts, authors and dates are constants here so the tests can name them.
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

from lxml import etree

from agreement_builder import api

from ..conftest import ROOT

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
VML_NS = "urn:schemas-microsoft-com:vml"
SAMPLE = ROOT / "samples" / "co_marketing.yaml"

HARBOURVIEW = "Harbourview Legal"
RIDGELINE = "Ridgeline Counsel"
NOV3 = "2026-11-03T09:12:00Z"
NOV4 = "2026-11-04T16:30:00Z"
NOV5 = "2026-11-05T08:00:00Z"

OPEN_COMMENT = "[TBD with the other side]"
REPLY = "We cannot accept thirty days."
RESOLVED_COMMENT = "Typo fixed."
HIDDEN_CLAUSE = "Ridgeline may assign this Agreement without consent."
WHITE_CLAUSE = "Lattice waives all audit rights."
PLACEHOLDER = "Click or tap here to enter text."
MOVED = "each Party bears its own staff and travel costs."
TEMPLATE = r"C:\Users\jroe\AppData\Roaming\Microsoft\Templates\Harbourview Contract.dotm"
TEMPLATE_LINK = "file:///C:/Users/jroe/AppData/Roaming/Microsoft/Templates/Harbourview.dotm"
INCLUDED = r"\\\\hv-fs01\\deals\\ridgeline\\pricing.docx"


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def build_docx(folder: Path) -> Path:
    """Our own DOCX of the co-marketing sample."""
    [result] = api.build([SAMPLE], folder, formats=("docx",))
    return next(p for p in result.outputs if p.suffix == ".docx")


class Package:
    """A DOCX's members, its XML parts parsed on demand, written back as a new ZIP."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as archive:
            self.members = {name: archive.read(name) for name in archive.namelist()}
        self.roots: dict[str, etree._Element] = {}

    def xml(self, name: str) -> etree._Element:
        if name not in self.roots:
            self.roots[name] = etree.fromstring(self.members[name])
        return self.roots[name]

    def add(self, name: str, data: bytes | str, content_type: str | None = None) -> None:
        self.members[name] = data.encode("utf-8") if isinstance(data, str) else data
        if content_type:
            types = self.xml("[Content_Types].xml")
            node = etree.SubElement(types, f"{{{CT_NS}}}Override")
            node.set("PartName", f"/{name}")
            node.set("ContentType", content_type)

    def relate(self, rels: str, kind: str, target: str, external: bool = False) -> str:
        if rels not in self.members:
            self.members[rels] = f'<Relationships xmlns="{REL_NS}"/>'.encode()
        root = self.xml(rels)
        ident = f"rIdHV{len(root) + 1}"
        node = etree.SubElement(root, f"{{{REL_NS}}}Relationship")
        node.set("Id", ident)
        node.set("Type", kind if kind.startswith("http") else f"{R_NS}/{kind}")
        node.set("Target", target)
        if external:
            node.set("TargetMode", "External")
        return ident

    def save(self, path: Path) -> Path:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in self.members.items():
                if name in self.roots:
                    data = etree.tostring(self.roots[name], xml_declaration=True,
                                          encoding="UTF-8", standalone=True)  # fmt: skip
                archive.writestr(name, data)
        path.write_bytes(out.getvalue())
        return path


# ---------------------------------------------------------------- run surgery


def run_with(root: etree._Element, text: str) -> etree._Element:
    """The first ``w:r`` whose ``w:t`` holds ``text``."""
    for t in root.iter(w("t")):
        if text in (t.text or ""):
            return t.getparent()
    raise AssertionError(f"no run holds {text!r}")


def _run(template: etree._Element, text: str, tag: str = "t") -> etree._Element:
    run = copy.deepcopy(template)
    for child in list(run):
        if child.tag != w("rPr"):
            run.remove(child)
    t = etree.SubElement(run, w(tag))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def isolate(root: etree._Element, text: str) -> etree._Element:
    """Split the run holding ``text`` so that ``text`` is a run of its own; return it."""
    run = run_with(root, text)
    whole = "".join(t.text or "" for t in run.iter(w("t")))
    before, after = whole.split(text, 1)
    middle = _run(run, text)
    parent, index = run.getparent(), run.getparent().index(run)
    parent.remove(run)
    pieces = [p for p in (_run(run, before) if before else None, middle,
                          _run(run, after) if after else None) if p is not None]  # fmt: skip
    for offset, piece in enumerate(pieces):
        parent.insert(index + offset, piece)
    return middle


_IDS = iter(range(900, 10_000))


def change(tag: str, author: str, date: str, *children: etree._Element) -> etree._Element:
    node = etree.Element(w(tag))
    node.set(w("id"), str(next(_IDS)))
    node.set(w("author"), author)
    node.set(w("date"), date)
    node.extend(children)
    return node


def tracked_replace(root: etree._Element, old: str, new: str, author: str, date: str) -> None:
    """``old`` deleted and ``new`` inserted in its place, both tracked."""
    run = isolate(root, old)
    parent, index = run.getparent(), run.getparent().index(run)
    parent.remove(run)
    deleted = _run(run, old, "delText")
    parent.insert(index, change("del", author, date, deleted))
    parent.insert(index + 1, change("ins", author, date, _run(run, new)))


def tracked_insert_after(
    root: etree._Element, anchor: str, new: str, author: str, date: str
) -> None:
    run = isolate(root, anchor)
    parent = run.getparent()
    parent.insert(parent.index(run) + 1, change("ins", author, date, _run(run, new)))


def new_paragraph_after(root: etree._Element, anchor: str) -> etree._Element:
    para = run_with(root, anchor)
    while para.tag != w("p"):
        para = para.getparent()
    fresh = etree.Element(w("p"))
    para.addnext(fresh)
    return fresh


def plain_run(text: str, *props: etree._Element) -> etree._Element:
    run = etree.Element(w("r"))
    if props:
        rpr = etree.SubElement(run, w("rPr"))
        rpr.extend(props)
    t = etree.SubElement(run, w("t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def prop(tag: str, **attrs: str) -> etree._Element:
    node = etree.Element(w(tag))
    for key, value in attrs.items():
        node.set(w(key), value)
    return node


TOC_PLACEHOLDER = "Right-click to update the table of contents."


def _empty_toc(body: etree._Element) -> None:
    """The contents as a template leaves them before anyone updates the field: the TOC
    field flagged dirty, showing a placeholder instead of its entries (our own build writes
    the entries out and flags nothing)."""
    instr = next(i for i in body.iter(w("instrText")) if (i.text or "").strip().startswith("TOC"))
    first = instr.getparent().getparent()
    instr.getparent().getprevious().find(w("fldChar")).set(w("dirty"), "true")
    for link in first.findall(w("hyperlink")):
        first.remove(link)
    while True:  # the other entries, up to the paragraph that ends the field
        entry = first.getnext()
        style = entry.find(f"{w('pPr')}/{w('pStyle')}")
        if style is None or not style.get(w("val")).startswith("TOC"):
            break
        entry.getparent().remove(entry)
    first.append(plain_run(TOC_PLACEHOLDER))
    end = etree.SubElement(etree.SubElement(first, w("r")), w("fldChar"))
    end.set(w("fldCharType"), "end")


# ---------------------------------------------------------------- the redline


def redline(src: Path, dst: Path) -> Path:
    """Every edit a counterparty makes, in one file."""
    package = Package(src)
    body = package.xml("word/document.xml")

    # tracked changes: a table cell, the body, the header; a move; a formatting change
    tracked_replace(body, "45%", "40%", HARBOURVIEW, NOV3)
    tracked_replace(body, "sixty (60)", "thirty (30)", RIDGELINE, NOV4)
    header = package.xml("word/header1.xml")
    tracked_insert_after(header, "Co-Marketing Agreement", " (Harbourview v2)", HARBOURVIEW, NOV3)
    source = isolate(body, MOVED)
    parent = source.getparent()
    parent.replace(source, change("moveFrom", HARBOURVIEW, NOV5, copy.deepcopy(source)))
    target = new_paragraph_after(body, "The Parties will bear the Joint Costs")
    target.append(change("moveTo", HARBOURVIEW, NOV5, plain_run(MOVED)))
    bold = isolate(body, "is limited to USD 250,000")
    rpr = bold.find(w("rPr"))
    if rpr is None:
        rpr = etree.Element(w("rPr"))
        bold.insert(0, rpr)
    rpr.append(prop("b"))
    rpr.append(change("rPrChange", RIDGELINE, NOV4, etree.Element(w("rPr"))))

    # a tracked row inserted into the cost table, its cells' text tracked too
    row = run_with(body, "40%").getparent()
    while row.tag != w("tr"):
        row = row.getparent()
    added = copy.deepcopy(row)
    for node in list(added.iter(w("ins"), w("del"))):
        node.getparent().remove(node)
    trpr = added.find(w("trPr"))
    trpr.append(change("ins", HARBOURVIEW, NOV3))
    cells = added.findall(w("tc"))
    for cell, text in zip(cells, ("Harbourview Media LLC", "5%"), strict=True):
        para = cell.find(w("p"))
        for run in para.findall(w("r")):
            para.remove(run)
        para.append(change("ins", HARBOURVIEW, NOV3, plain_run(text)))
    row.addnext(added)

    # comments: one open with a reply, one resolved
    _comments(package, body)

    # hidden text through a character style, white text, a placeholder control, a highlight
    styles = package.xml("word/styles.xml")
    style = etree.SubElement(styles, w("style"))
    style.set(w("type"), "character")
    style.set(w("styleId"), "HVNote")
    etree.SubElement(style, w("name")).set(w("val"), "HV Note")
    etree.SubElement(style, w("rPr")).append(prop("vanish"))
    para = new_paragraph_after(body, "is limited to USD 250,000")
    para.append(plain_run(HIDDEN_CLAUSE, prop("rStyle", val="HVNote")))
    para.append(plain_run("Each Party keeps its own records. "))
    para.append(plain_run(WHITE_CLAUSE, prop("color", val="FFFFFF")))
    para = new_paragraph_after(body, "Each Party keeps its own records.")
    para.append(plain_run("Purchase order number: "))
    sdt = etree.SubElement(para, w("sdt"))
    sdt_pr = etree.SubElement(sdt, w("sdtPr"))
    sdt_pr.append(prop("alias", val="PO number"))
    sdt_pr.append(prop("showingPlcHdr"))
    content = etree.SubElement(sdt, w("sdtContent"))
    content.append(plain_run(PLACEHOLDER, prop("rStyle", val="PlaceholderText")))
    highlighted = isolate(body, "USD 120,000")
    rpr = highlighted.find(w("rPr"))
    if rpr is None:
        rpr = etree.Element(w("rPr"))
        highlighted.insert(0, rpr)
    rpr.append(prop("highlight", val="green"))

    # fields: a REF to a deleted bookmark, a stale REF result, an INCLUDETEXT
    for node in list(body.iter(w("bookmarkStart"))):
        if node.get(w("name")) == "s_term":
            ident = node.get(w("id"))
            node.getparent().remove(node)
            for end in list(body.iter(w("bookmarkEnd"))):
                if end.get(w("id")) == ident:
                    end.getparent().remove(end)
    for instr in body.iter(w("instrText")):
        if "REF s_data_protection " in (instr.text or ""):
            run = instr.getparent()
            result = run.getnext().getnext()  # separate, then the cached result
            result.find(w("t")).text = "13"
            break
    _empty_toc(body)
    para = new_paragraph_after(body, "Purchase order number")
    simple = etree.SubElement(para, w("fldSimple"))
    simple.set(w("instr"), f' INCLUDETEXT "{INCLUDED}" ')
    simple.append(plain_run("Pricing as attached."))

    # a DRAFT watermark in the header
    header_para = header.find(w("p"))
    pict_run = etree.SubElement(header_para, w("r"))
    pict = etree.SubElement(pict_run, w("pict"))
    shape = etree.SubElement(pict, f"{{{VML_NS}}}shape")
    shape.set("id", "PowerPlusWaterMarkObject1")
    etree.SubElement(shape, f"{{{VML_NS}}}textpath").set("string", "DRAFT")

    # package: settings, properties, template, embedded object, macros
    settings = package.xml("word/settings.xml")
    settings.insert(0, prop("trackRevisions"))
    settings.insert(0, prop("updateFields", val="true"))  # as the reviewer's template asks
    ident = package.relate("word/_rels/settings.xml.rels", "attachedTemplate", TEMPLATE_LINK, True)
    template = etree.Element(w("attachedTemplate"))
    template.set(f"{{{R_NS}}}id", ident)
    settings.insert(0, template)
    core = package.xml("docProps/core.xml")
    dc, cp = (
        "{http://purl.org/dc/elements/1.1/}",
        ("{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"),
    )
    core.find(f"{dc}creator").text = "Jane Roe"
    core.find(f"{cp}lastModifiedBy").text = HARBOURVIEW
    app = package.xml("docProps/app.xml")
    ext = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    app.find(f"{ext}Company").text = "Harbourview LLP"
    app.find(f"{ext}Manager").text = "M. Chen"
    app.find(f"{ext}Template").text = TEMPLATE
    package.add(
        "docProps/custom.xml",
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        'name="MatterNumber"><vt:lpwstr>HV-2026-0042</vt:lpwstr></property></Properties>',
        "application/vnd.openxmlformats-officedocument.custom-properties+xml",
    )
    package.relate(
        "_rels/.rels",
        "custom-properties",
        "docProps/custom.xml",
    )
    package.add("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0 embedded workbook")
    package.relate("word/_rels/document.xml.rels", "oleObject", "embeddings/oleObject1.bin")
    package.add("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macros")
    package.relate(
        "word/_rels/document.xml.rels",
        "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
        "vbaProject.bin",
    )
    return package.save(dst)


def _comments(package: Package, body: etree._Element) -> None:
    """An open comment on the new notice period with a reply, and a resolved comment."""
    anchor = next(n for n in body.iter(w("ins")) if n.get(w("author")) == RIDGELINE)
    open_range = [etree.Element(w("commentRangeStart")), etree.Element(w("commentRangeEnd"))]
    for node in open_range:
        node.set(w("id"), "0")
    anchor.addprevious(open_range[0])
    anchor.addnext(open_range[1])
    reference = etree.Element(w("r"))
    etree.SubElement(reference, w("commentReference")).set(w("id"), "0")
    open_range[1].addnext(reference)
    done = isolate(body, "Each of them is a")
    start, end = etree.Element(w("commentRangeStart")), etree.Element(w("commentRangeEnd"))
    start.set(w("id"), "2")
    end.set(w("id"), "2")
    done.addprevious(start)
    done.addnext(end)

    def comment(ident: str, author: str, date: str, text: str, para_id: str) -> str:
        return (
            f'<w:comment w:id="{ident}" w:author="{author}" w:date="{date}" w:initials="X">'
            f'<w:p w14:paraId="{para_id}"><w:r><w:annotationRef/></w:r>'
            f"<w:r><w:t>{text}</w:t></w:r></w:p></w:comment>"
        )

    package.add(
        "word/comments.xml",
        f'<w:comments xmlns:w="{W_NS}" xmlns:w14="{W14_NS}">'
        + comment("0", RIDGELINE, NOV4, OPEN_COMMENT, "1A2B3C01")
        + comment("1", HARBOURVIEW, NOV5, REPLY, "1A2B3C02")
        + comment("2", HARBOURVIEW, NOV3, RESOLVED_COMMENT, "1A2B3C03")
        + "</w:comments>",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
    )
    package.add(
        "word/commentsExtended.xml",
        f'<w15:commentsEx xmlns:w15="{W15_NS}">'
        '<w15:commentEx w15:paraId="1A2B3C01" w15:done="0"/>'
        '<w15:commentEx w15:paraId="1A2B3C02" w15:paraIdParent="1A2B3C01" w15:done="0"/>'
        '<w15:commentEx w15:paraId="1A2B3C03" w15:done="1"/>'
        "</w15:commentsEx>",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
    )
    package.relate("word/_rels/document.xml.rels", "comments", "comments.xml")
    package.relate(
        "word/_rels/document.xml.rels",
        "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
        "commentsExtended.xml",
    )
