"""Real documents for the pre-signing tests: agreements built from the samples, edited the
way a counterparty edits a Word file (lxml on ``word/document.xml``), and retyped as plain
text with their own numbering and wording, the way a counterparty's lawyer redrafts.

``retype`` rewrites an assembled agreement into a counterparty's style: another title and
preamble, articles numbered one higher (an interpretation article comes first), captions in
capitals, "clause 22.2" for "Section 21.2 (Termination for Cause)", (i), (ii) for (a), (b),
tables as "Party – 60 per cent" lines or pipe rows, periods as "60 days" or "sixty days", and
the clauses that state decided terms reworded ("Either party may terminate this Agreement for
convenience on not less than ... prior written notice").
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from lxml import etree

from agreement_builder import api
from agreement_builder.build.model import Assembly, Block, Section, Span
from agreement_builder.core.english import number_words
from agreement_builder.render.docx import render_docx
from agreement_builder.render.html import render_html
from agreement_builder.spec.model import AgreementSpec

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


# ---------------------------------------------------------------- specs and builds


def mutate(obj: Any, path: str, value: Any) -> Any:
    """A copy of ``obj`` (a spec value) with the value at ``path`` ("exit.convenience.notice",
    "economics.splits[1].percent") replaced."""
    match = re.match(r"([A-Za-z_]\w*)(?:\[(\d+)\])?(?:\.(.*))?$", path)
    assert match, path
    name, index, rest = match.groups()
    current = getattr(obj, name)
    if index is not None:
        items = list(current)
        i = int(index)
        items[i] = mutate(items[i], rest, value) if rest else value
        new: Any = tuple(items)
    else:
        new = mutate(current, rest, value) if rest else value
    assert is_dataclass(obj)
    assert name in {f.name for f in fields(obj)}
    return replace(obj, **{name: new})


def assemble(spec: AgreementSpec) -> Assembly:
    return api.assemble_spec(spec)


def docx_bytes(spec: AgreementSpec) -> bytes:
    return render_docx(assemble(spec))


def html_text(spec: AgreementSpec) -> str:
    return render_html(assemble(spec))


# ---------------------------------------------------------------- editing a DOCX with lxml


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _pack(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in parts.items():
            archive.writestr(name, blob)
    return out.getvalue()


def edit_body(data: bytes, change: Callable[[Any], None]) -> bytes:
    """``data`` (a DOCX) with ``change`` applied to the root of ``word/document.xml``."""
    parts = _parts(data)
    root = etree.fromstring(parts["word/document.xml"])
    change(root)
    parts["word/document.xml"] = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    return _pack(parts)


def paragraph_text(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))


def replace_text(data: bytes, old: str, new: str, count: int = 1) -> bytes:
    """Replace ``old`` (inside one paragraph, possibly across runs) with ``new``, in the
    first ``count`` paragraphs that hold it; fails when fewer hold it."""

    def change(root: Any) -> None:
        done = 0
        for p in root.iter(f"{{{W}}}p"):
            if done == count:
                break
            texts = list(p.iter(f"{{{W}}}t"))
            joined = "".join(t.text or "" for t in texts)
            at = joined.find(old)
            if at < 0:
                continue
            # put the whole new paragraph text in the run where the change starts, empty the
            # others that the changed text touched
            pos = 0
            first = None
            for t in texts:
                text = t.text or ""
                lo, hi = pos, pos + len(text)
                pos = hi
                if hi <= at or lo >= at + len(old):
                    continue
                if first is None:
                    first = t
                    t.text = (
                        text[: at - lo]
                        + new
                        + (text[at + len(old) - lo :] if hi >= at + len(old) else "")
                    )
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                else:
                    t.text = text[at + len(old) - lo :] if hi > at + len(old) else ""
            done += 1
        assert done == count, f"{old!r} found in {done} paragraphs, expected {count}"

    return edit_body(data, change)


def set_cell(data: bytes, row_label: str, old: str, new: str) -> bytes:
    """Change the cell reading ``old`` to ``new`` in the first table row whose first cell reads
    ``row_label`` and that has such a cell."""

    def change(root: Any) -> None:
        for tr in root.iter(f"{{{W}}}tr"):
            cells = tr.findall(f"{{{W}}}tc")
            if not cells or paragraph_text(cells[0]).strip() != row_label:
                continue
            for cell in cells[1:]:
                if paragraph_text(cell).strip() == old:
                    texts = list(cell.iter(f"{{{W}}}t"))
                    texts[0].text = new
                    for t in texts[1:]:
                        t.text = ""
                    return
        raise AssertionError(f"no table row {row_label!r} has a cell {old!r}")

    return edit_body(data, change)


def delete_paragraphs(data: bytes, containing: str) -> bytes:
    """Remove every body paragraph whose text contains ``containing`` (at least one)."""

    def change(root: Any) -> None:
        gone = [p for p in root.iter(f"{{{W}}}p") if containing in paragraph_text(p)]
        assert gone, f"no paragraph holds {containing!r}"
        for p in gone:
            p.getparent().remove(p)

    return edit_body(data, change)


def add_paragraph_after(data: bytes, anchor: str, text: str) -> bytes:
    """Insert a plain paragraph ``text`` after the first paragraph containing ``anchor``."""

    def change(root: Any) -> None:
        for p in root.iter(f"{{{W}}}p"):
            if anchor in paragraph_text(p):
                new = etree.SubElement(p.getparent(), f"{{{W}}}p")
                p.addnext(new)
                run = etree.SubElement(new, f"{{{W}}}r")
                etree.SubElement(run, f"{{{W}}}t").text = text
                return
        raise AssertionError(f"no paragraph holds {anchor!r}")

    return edit_body(data, change)


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# ---------------------------------------------------------------- a counterparty's retyped text

_PERIOD = re.compile(
    r"\b([a-z]+(?:-[a-z]+)*(?: hundred(?: and [a-z]+(?:-[a-z]+)?)?)?) \((\d+)\) (day|week|month|year)(s?)\b"
)
_REF = re.compile(r"(Section|Article) (\d+)(?:\.(\d+))? \(([^()]*)\)")
_SCHEDULE_REF = re.compile(r"Schedule (\d+) \(([^()]*)\)")

# (pattern, replacement): how the counterparty's lawyer words the terms the spec decided
_REWORDING: list[tuple[str, str]] = [
    (
        r"(?:Any|Either) Party may terminate this Agreement for any reason by giving the other (?:Parties|Party) at least (.+?) written notice\.",
        r"Either party may terminate this Agreement for convenience on not less than \1' prior written notice to the other party.",
    ),
    (
        r"(\w[\w ]*?) may terminate this Agreement for any reason by giving the other (?:Parties|Party) at least (.+?) written notice\.",
        r"\1 may terminate this Agreement at any time without cause by giving the other party \2' written notice.",
    ),
    (
        r"fails to remedy it within (.+?) after receiving notice describing it\.",
        r"fails to cure that breach within \1 of receiving written notice requiring it to do so.",
    ),
    (
        r"This Agreement starts on the Effective Date and continues for (.+?) \(the \"Initial Term\"\)\.",
        r"This Agreement shall commence on the Effective Date and shall remain in force for an initial term of \1 (the \"Initial Term\").",
    ),
    (
        r"This Agreement starts on the Effective Date and, unless terminated earlier under (.+?), continues for (.+?) \(the \"Term\"\)\.",
        r"Unless terminated earlier under \1, this Agreement shall commence on the Effective Date and continue for \2 (the \"Term\").",
    ),
    (
        r"renews automatically for a further (.+?), unless a Party notifies the other (?:Parties|Party) in writing at least (.+?) before the end of the then current period that it does not wish to renew\.",
        r"shall automatically renew for successive periods of \1 unless either party gives the other written notice of non-renewal not less than \2 prior to the expiry of the then-current term.",
    ),
    (
        r"The Parties may renew this Agreement for a further (.+?) by an amendment",
        r"The parties may agree in writing to renew this Agreement for additional periods of \1 by an amendment",
    ),
    (
        r"Each invoice is payable within (.+?) of receipt\.",
        r"Invoices shall be paid within \1 of the date of receipt.",
    ),
    (
        r"Amounts due under this Agreement are calculated and paid (\w[\w ]*?) in ([A-Z]{3})\.",
        r"All sums due under this Agreement shall be paid \1 in \2.",
    ),
    (
        r"is governed by and will be interpreted in accordance with the laws? of (.+?)(, without regard to its conflict-of-laws rules)?\.",
        r"shall be governed by and construed in accordance with the laws of \1.",
    ),
    (
        r"will be finally resolved by arbitration under the (.+?), which are incorporated into this Section by reference\.",
        r"shall be referred to and finally resolved by arbitration in accordance with the \1, which rules are deemed to be incorporated by reference into this clause.",
    ),
    (
        r"The seat of the arbitration is (.+?) and the language of the arbitration is (\w+)\.",
        r"The seat (or legal place) of arbitration shall be \1. The language to be used in the arbitral proceedings shall be \2.",
    ),
    (r"is limited to ([A-Z]{3} [\d,]+)\.", r"shall not exceed \1 in the aggregate."),
    (
        r"(\w[\w ]*?) will pay (\w[\w ]*?) a commission of ([\d.]+%) of the following amount",
        r"In consideration of each introduction, \1 shall pay to \2 a commission equal to \3 of the following amount",
    ),
]


def _words(n: int, unit: str, plural: str, style: int) -> str:
    if style % 2:
        return f"{n} {unit}{plural}"
    return f"{number_words(n)} {unit}{plural}"


_REWORDS = [
    (re.compile(pattern), replacement, re.search(r"[a-z]{5,}(?: [a-z]{2,})+", pattern).group())
    for pattern, replacement in _REWORDING
]


def _reword(text: str, counter: list[int]) -> str:
    for pattern, replacement, trigger in _REWORDS:
        if trigger in text:  # a literal piece of the pattern: most paragraphs have none
            text = pattern.sub(replacement, text)

    def period(match: re.Match[str]) -> str:
        counter[0] += 1
        return _words(int(match.group(2)), match.group(3), match.group(4), counter[0])

    text = _PERIOD.sub(period, text)
    text = text.replace("Parties", "parties").replace("Any Party", "Either party")
    text = text.replace("Either Party", "Either party")
    return text


class _Numbers:
    """Article and section numbers of the retyped version (one higher: a new article 1)."""

    def __init__(self, assembly: Assembly) -> None:
        self.map: dict[str, str] = {}
        for article in assembly.articles:
            self.map[article.number] = str(int(article.number) + 1)
            for child in article.children:
                head, _, tail = child.number.partition(".")
                self.map[child.number] = f"{int(head) + 1}.{tail}"

    def ref(self, match: re.Match[str]) -> str:
        number = match.group(2) + (f".{match.group(3)}" if match.group(3) else "")
        return f"clause {self.map.get(number, number)}"


def _spans(spans: tuple[Span, ...], numbers: _Numbers) -> str:
    out = []
    for span in spans:
        if span.kind == "ref":
            text = _REF.sub(numbers.ref, span.text)
            text = _SCHEDULE_REF.sub(lambda m: f"Annex {m.group(1)}", text)
            out.append(text)
        elif span.kind == "defterm":
            out.append(f'"{span.text}"')
        else:
            out.append(span.text)
    return "".join(out)


_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]


def _blocks(blocks: tuple[Block, ...], numbers: _Numbers, counter: list[int]) -> list[str]:
    out: list[str] = []
    item = 0
    for block in blocks:
        if block.kind == "table":
            out.append(_table(block, numbers))
            item = 0
            continue
        text = _reword(_spans(block.spans, numbers), counter)
        if block.kind == "item":
            out.append(f"({_ROMAN[item % len(_ROMAN)]}) {text}")
            item += 1
        else:
            item = 0
            out.append(text)
    return out


def _table(block: Block, numbers: _Numbers) -> str:
    rows = [[_spans(cell, numbers) for cell in row] for row in block.rows]
    head, *body = rows
    if len(head) == 2 and "Share" in head[1]:  # a split: one line per party
        return "\n".join(f"{name} – {share.replace('%', ' per cent')}" for name, share in body)
    lines = ["| " + " | ".join(head) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return "\n".join(lines)


def _section(section: Section, numbers: _Numbers, counter: list[int]) -> list[str]:
    number = numbers.map.get(section.number, section.number)
    if section.level == 1:
        out = [f"{number}. {section.title.upper()}"]
    else:
        out = [f"{number} {section.title}"]
    out += _blocks(section.blocks, numbers, counter)
    for child in section.children:
        out += _section(child, numbers, counter)
    return out


def retype(assembly: Assembly) -> str:
    """The agreement as a counterparty retypes it (see the module's docstring)."""
    spec = assembly.spec
    numbers = _Numbers(assembly)
    counter = [0]
    when = spec.agreement.effective_date
    dated = f"{when:%B} {when.day}, {when.year}" if when else "____________"
    out = [
        assembly.title.upper(),
        f'THIS AGREEMENT is dated {dated} (the "Effective Date") and is made BETWEEN:',
    ]
    for n, party in enumerate(spec.parties, start=1):
        last = n == len(spec.parties)
        out.append(
            f"({n}) {party.legal_name.upper()}, a company incorporated in {party.jurisdiction}, whose "
            f'registered office is at {party.address} (hereinafter "{party.name}"){"." if last else "; and"}'
        )
    out.append("RECITALS")
    for n, block in enumerate(assembly.recitals):
        out.append(f"({chr(65 + n)}) {_reword(_spans(block.spans, numbers), counter)}")
    out.append("IT IS AGREED as follows:")
    out.append("1. INTERPRETATION")
    out.append("1.1 Definitions")
    for term, spans in assembly.definitions:
        out.append(
            f'"{term}" means {_reword(_spans(spans, numbers), counter).removeprefix("means ")}'
        )
    for article in assembly.articles:
        out += _section(article, numbers, counter)
    out.append(
        "IN WITNESS WHEREOF the parties have executed this Agreement on the date first written above."
    )
    for party in assembly.signatories:
        out.append(f"SIGNED for and on behalf of {party.legal_name.upper()}")
        out.append("Signature: ______________________")
        out.append(f"Name: {party.signatory.name if party.signatory else ''}")
        out.append(f"Position: {party.signatory.title or '' if party.signatory else ''}")
        out.append("Date: ______________________")
    for schedule in assembly.schedules:
        out.append(f"ANNEX {schedule.number.split()[-1]} – {schedule.title.upper()}")
        out += _blocks(schedule.blocks, numbers, counter)
    return "\n\n".join(out) + "\n"
