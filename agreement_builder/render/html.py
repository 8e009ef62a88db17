"""Assembly -> HTML: the same numbering, references, tables and gap markers as the DOCX.

Every piece of text is escaped here; nothing from the spec can become markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from html import escape
from importlib.resources import files

from .. import __version__
from ..build.model import Assembly, Block, Gap, Section, Span
from ..spec.fingerprint import KIND_PROPERTY, SPEC_PROPERTY, VERSION_PROPERTY, spec_fingerprint
from ..spec.model import Party

_ALPHA = "abcdefghijklmnopqrstuvwxyz"
_ROMAN = (
    "i",
    "ii",
    "iii",
    "iv",
    "v",
    "vi",
    "vii",
    "viii",
    "ix",
    "x",
    "xi",
    "xii",
    "xiii",
    "xiv",
    "xv",
)


@cache
def stylesheet() -> str:
    return files("agreement_builder").joinpath("assets/agreement.css").read_text(encoding="utf-8")


def render_html(assembly: Assembly) -> str:
    """A complete, self-contained HTML document (inline CSS, no external resources)."""
    parts: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(assembly.spec.agreement.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(assembly.title)}</title>",
        f'<meta name="description" content="{escape(assembly.spec.kind)}">',
        *_provenance(assembly),
        f"<style>{stylesheet()}</style>",
        *(["<style>@page { size: letter; }</style>"] if assembly.letter else []),
        *_draft_style(assembly),
        "</head>",
        "<body>",
    ]
    if assembly.draft:  # on screen; in print the page header says it (_draft_style)
        parts.append(f'<p class="draft">{escape(assembly.draft)}</p>')
    parts += [
        f'<h1 class="title">{escape(assembly.title)}</h1>',
    ]
    if assembly.spec.agreement.reference:
        parts.append(f'<p class="ref">Reference: {escape(assembly.spec.agreement.reference)}</p>')
    parts.append('<section class="cover">')
    parts.extend(_blocks(assembly.cover))
    parts.append("</section>")
    parts.append(_toc(assembly))
    if assembly.recitals:
        parts.append('<section class="recitals"><h2>Background</h2>')
        parts.extend(_recitals(assembly.recitals))
        parts.append("</section>")
    for article in assembly.articles:
        parts.extend(_section(article))
    parts.append(_signatures(assembly.execution, assembly.signatories))
    for schedule in assembly.schedules:
        parts.append(f'<section class="schedule" id="{escape(schedule.anchor)}">')
        parts.append(f"<h2>{escape(schedule.number)}: {escape(schedule.title)}</h2>")
        parts.extend(_blocks(schedule.blocks))
        parts.append("</section>")
    if assembly.gaps:
        parts.append(_open_items(assembly))
    parts.append("</body></html>")
    return "\n".join(parts)


def _draft_style(assembly: Assembly) -> list[str]:
    """While open items remain, every printed page's header says it is a draft (our own
    words and a count: nothing from the spec goes into this CSS)."""
    if not assembly.draft:
        return []
    return [
        f'<style>@page {{ @top-left {{ content: "{assembly.draft}"; font-size: 8.5pt; white-space: nowrap; padding-right: 6mm; '
        "font-weight: bold; color: #b00; } } p.draft { font-weight: bold; color: #b00; "
        "text-align: center; margin: 0 0 4mm 0; } @media print { p.draft { display: none; } }"
        "</style>"
    ]


def _provenance(assembly: Assembly) -> list[str]:
    """``<meta>`` elements naming the spec's fingerprint, the kind and the tool's version:
    the PDF renderer copies them into the PDF's Info dictionary under the same names."""
    spec = assembly.spec
    properties = (
        (SPEC_PROPERTY, spec_fingerprint(spec)),
        (KIND_PROPERTY, spec.kind),
        (VERSION_PROPERTY, __version__),
    )
    return [f'<meta name="{name}" content="{escape(content)}">' for name, content in properties]


def _toc(assembly: Assembly) -> str:
    lines = ['<nav class="toc"><h2>Contents</h2>']
    for section in assembly.articles:
        lines.append(f'<p class="l1">{escape(section.number)}. {escape(section.title)}</p>')
        for child in section.children:
            lines.append(f'<p class="l2">{escape(child.number)} {escape(child.title)}</p>')
    for schedule in assembly.schedules:
        lines.append(f'<p class="l1">{escape(schedule.number)}: {escape(schedule.title)}</p>')
    lines.append("</nav>")
    return "\n".join(lines)


def _section(section: Section) -> list[str]:
    tag = "h2" if section.level == 1 else "h3"
    number = f"{section.number}." if section.level == 1 else section.number
    out = [
        f'<section class="level{section.level}" id="{escape(section.anchor)}">',
        f'<{tag}><span class="num">{escape(number)}</span>{escape(section.title)}</{tag}>',
    ]
    out.extend(_blocks(section.blocks))
    for child in section.children:
        out.extend(_section(child))
    out.append("</section>")
    return out


def _blocks(blocks: Iterable[Block]) -> list[str]:
    out: list[str] = []
    counters = [0, 0]
    open_levels = 0
    for block in blocks:
        if block.kind == "item":
            level = max(1, min(2, block.level))
            while open_levels < level:
                out.append('<ol class="items">')
                open_levels += 1
            while open_levels > level:
                out.append("</ol>")
                open_levels -= 1
                counters[1] = 0
            counters[level - 1] += 1
            mark = (
                _ALPHA[(counters[0] - 1) % 26]
                if level == 1
                else _ROMAN[(counters[1] - 1) % len(_ROMAN)]
            )
            out.append(f'<li><span class="mark">({mark})</span>{_spans(block.spans)}</li>')
            continue
        while open_levels:
            out.append("</ol>")
            open_levels -= 1
        counters = [0, 0]
        if block.kind == "table":
            out.append(_table(block))
        else:
            out.append(f"<p>{_spans(block.spans)}</p>")
    out.extend("</ol>" for _ in range(open_levels))
    return out


def _recitals(blocks: Iterable[Block]) -> list[str]:
    out = ['<ol class="items">']
    for n, block in enumerate(blocks):
        out.append(f'<li><span class="mark">({chr(65 + n % 26)})</span>{_spans(block.spans)}</li>')
    out.append("</ol>")
    return out


def _table(block: Block) -> str:
    if not block.rows:
        return ""
    head, *body = block.rows
    cells = "".join(f"<th>{_spans(c)}</th>" for c in head)
    rows = "".join("<tr>" + "".join(f"<td>{_spans(c)}</td>" for c in row) + "</tr>" for row in body)
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{rows}</tbody></table>"


def _spans(spans: Iterable[Span]) -> str:
    out = []
    for span in spans:
        text = escape(span.text)
        if span.kind == "defterm":
            out.append(f'“<span class="defterm">{text}</span>”')
        elif span.kind == "ref":
            out.append(f'<a class="xref" href="#{escape(span.target or "")}">{text}</a>')
        elif span.kind == "gap":
            out.append(f'<span class="gap">{text}</span>')
        else:
            out.append(text)
    return "".join(out)


def _signatures(execution: Iterable[Block], parties: Iterable[Party]) -> str:
    out = ['<section class="signatures"><h2>Signatures</h2>']
    out.extend(_blocks(execution))
    cells = []
    for party in parties:
        name = (
            escape(party.signatory.name)
            if party.signatory
            else _gap_html(f"signatory of {party.name}")
        )
        title = escape(party.signatory.title or "") if party.signatory else ""
        cells.append(
            f"<td><strong>{escape(party.legal_name)}</strong>"
            '<span class="line">By: ______________________________</span>'
            f'<span class="line">Name: {name}</span>'
            f'<span class="line">Title: {title}</span>'
            '<span class="line">Date: ______________________</span></td>'
        )
    rows = ["<tr>" + "".join(cells[i : i + 2]) + "</tr>" for i in range(0, len(cells), 2)]
    out.append(f'<table class="sign">{"".join(rows)}</table></section>')
    return "\n".join(out)


def _gap_html(message: str) -> str:
    return f'<span class="gap">{escape(Gap("", message).marker)}</span>'


def _open_items(assembly: Assembly) -> str:
    rows = "".join(
        f"<tr><td>{_spans((assembly.section_ref(g.section),))}</td><td>{escape(g.message)}</td>"
        f"<td>{escape(g.path or '-')}</td><td>{escape(g.reported_as or '')}</td></tr>"
        for g in assembly.gaps
    )
    return (
        '<section class="open-items" id="open-items"><h2>Open Items</h2>'
        "<p>The following decisions are missing or inconsistent. Each is marked in the text.</p>"
        "<table><thead><tr><th>Section</th><th>What is missing</th><th>Spec path to fill</th><th>Rule</th>"
        f"</tr></thead><tbody>{rows}</tbody></table></section>"
    )
