"""A self-contained HTML report for people: the verdict first, then what blocks signing.

One file, no external assets, no scripts: it opens offline and can be attached to an e-mail
or a ticket. Every value from a document is escaped (Jinja autoescape); nothing in it is
fetched.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from jinja2 import Environment

from .. import __version__
from ..core.findings import Finding, Location, counts
from ..core.visible import visible
from .formats import kind_label, shown
from .model import Report

_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{{ title }}</title>
<style>
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f;
  max-width: 72rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.meta { color: #555; margin: 0 0 1rem; }
.verdict { padding: .8rem 1rem; border-radius: 6px; font-weight: 600; font-size: 1.05rem; }
.ready { background: #e6f4ea; border: 1px solid #34a853; }
.blocked { background: #fce8e6; border: 1px solid #d93025; }
table { border-collapse: collapse; width: 100%; margin-top: .5rem; }
th, td { text-align: left; vertical-align: top; padding: .45rem .6rem; border-bottom: 1px solid #ddd; }
th { background: #f5f5f7; font-weight: 600; }
.sev { font-weight: 600; white-space: nowrap; }
.error { color: #b3261e; } .warning { color: #8a5a00; } .info { color: #3c4043; }
.quote { color: #444; font-style: italic; margin-top: .25rem; }
.code { font-family: ui-monospace, monospace; font-size: .9em; white-space: nowrap; }
ins { background: #d7f5dd; text-decoration: underline; }
del { background: #fbd3d0; text-decoration: line-through; }
.clause { border: 1px solid #ddd; border-radius: 6px; padding: .6rem .9rem; margin: .6rem 0; }
.clause h3 { font-size: 1rem; margin: 0 0 .3rem; }
.tag { font-size: .8rem; padding: .05rem .4rem; border-radius: 4px; background: #eee; }
.tag.untracked { background: #fce8e6; } .tag.tracked { background: #e8f0fe; }
footer { margin-top: 3rem; color: #777; font-size: .85rem; }
td { overflow-wrap: anywhere; }
@page { size: A4 landscape; margin: 12mm; }
@media print { body { max-width: none; margin: 0; } .verdict, tr { break-inside: avoid; } }
</style>
</head>
<body>
<main>
{% for r in reports %}
<section aria-labelledby="doc{{ loop.index }}">
<h1 id="doc{{ loop.index }}">{{ r.heading }}</h1>
<p class="meta">{{ r.meta }}</p>
{% if r.verdict %}<p class="verdict {{ 'ready' if r.ready else 'blocked' }}" role="status">{{ r.verdict }}</p>{% endif %}
<h2>Findings ({{ r.counts }})</h2>
{% if r.findings %}
<table>
<thead><tr><th scope="col">Severity</th><th scope="col">Where</th><th scope="col">Finding</th><th scope="col">Rule</th></tr></thead>
<tbody>
{% for f in r.findings %}
<tr>
<td class="sev {{ f.severity }}">{{ f.severity }}</td>
<td>{{ f.where }}</td>
<td>{{ f.message }}{% if f.quote %}<div class="quote">&ldquo;{{ f.quote }}&rdquo;</div>{% endif %}
{% if f.fix %}<div><small>Fix: {{ f.fix }}</small></div>{% endif %}</td>
<td class="code" title="{{ f.name }}">{{ f.code }}</td>
</tr>
{% endfor %}
</tbody>
</table>
{% else %}<p>No findings.</p>{% endif %}
{% if r.changes %}
<h2>Changes since the version sent ({{ r.changes|length }})</h2>
{% for c in r.changes %}
<div class="clause">
<h3>{{ c.where }} <span class="tag {{ 'tracked' if c.tracked else 'untracked' }}">{{ c.label }}</span></h3>
<p>{% for op, text in c.ops %}{% if op == 'insert' %}<ins>{{ text }}</ins>{% elif op == 'delete' %}<del>{{ text }}</del>{% else %}{{ text }}{% endif %}{% endfor %}</p>
</div>
{% endfor %}
{% endif %}
{% if r.revisions %}
<h2>Tracked changes not yet accepted or rejected ({{ r.revisions|length }})</h2>
<table><thead><tr><th scope="col">Change</th><th scope="col">By</th><th scope="col">Date</th><th scope="col">Text</th></tr></thead><tbody>
{% for v in r.revisions %}<tr><td>{{ v.kind }}</td><td>{{ v.author or '' }}</td><td>{{ v.date or '' }}</td><td>{{ v.text }}</td></tr>{% endfor %}
</tbody></table>
{% endif %}
{% if r.comments %}
<h2>Comments ({{ r.comments|length }})</h2>
<table><thead><tr><th scope="col">State</th><th scope="col">By</th><th scope="col">Comment</th><th scope="col">On the text</th></tr></thead><tbody>
{% for c in r.comments %}<tr><td>{{ 'resolved' if c.resolved else 'open' }}</td><td>{{ c.author or '' }}</td><td>{{ c.text }}</td><td>{{ c.anchor }}</td></tr>{% endfor %}
</tbody></table>
{% endif %}
{% if r.components %}
<h2>Components</h2>
<table><thead><tr><th scope="col">Component</th><th scope="col">Found</th><th scope="col">Where</th></tr></thead><tbody>
{% for name, present, where, caution in r.components %}<tr><td>{{ name }}</td><td>{{ 'yes' if present else 'no' }}{% if caution %} <small>({{ caution }})</small>{% endif %}</td><td>{{ where }}</td></tr>{% endfor %}
</tbody></table>
{% endif %}
</section>
{% endfor %}
</main>
<footer>agreement-builder {{ version }}</footer>
</body>
</html>
"""


@cache
def _template() -> Any:
    # every value shown passes through visible(): a bidi control quoted from a document (in a
    # tracked change, a comment, a redline) is written as <U+202E>, never obeyed by the browser
    return Environment(
        autoescape=True, keep_trailing_newline=True, finalize=_shown_visibly
    ).from_string(_TEMPLATE)


def _shown_visibly(value: Any) -> Any:
    return visible(value) if isinstance(value, str) else value


def render_html(reports: Sequence[Report]) -> str:
    """The reports as one self-contained HTML page (every value escaped)."""
    title = "Pre-signing review" if any(r.presign for r in reports) else "Agreement lint report"
    if len(reports) == 1:
        title += f": {shown(reports[0].path)}"
    return str(
        _template().render(title=title, reports=[_view(r) for r in reports], version=__version__)
    )


def _view(report: Report) -> dict[str, Any]:
    from .presign import ready, verdict

    c = counts(report.findings)
    meta = [kind_label(report) if report.subject == "document" else report.kind or ""]
    if report.spec:
        meta.append(f"checked against the approved spec {shown(report.spec)}")
    if report.sent:
        meta.append(f"compared with the version sent, {shown(report.sent)}")
    review = report.review
    return {
        "heading": shown(report.path),
        "meta": "; ".join(m for m in meta if m),
        "verdict": verdict(report) if report.presign else None,
        "ready": ready(report) if report.presign else None,
        "counts": f"{c['error']} errors, {c['warning']} warnings, {c['info']} info",
        "findings": [_finding(f) for f in report.findings],
        "changes": [change_entry(d) for d in report.changes],
        "revisions": review.revisions if review else (),
        "comments": review.comments if review else (),
        "components": [
            (cid.replace("_", " "), r.present, _evidence(r), report.cautions.get(cid, ""))
            for cid, r in sorted(report.components.items())
        ],
    }


def place_of(loc: Location) -> str:
    """Where a finding is, in words: "page 3 section 4.2 (Term)", "line 12", "whole document"
    (the HTML reports and the service's review page)."""
    where = []
    if loc.page:
        where.append(f"page {loc.page}")
    if loc.section:
        where.append(f"section {loc.section}")
    if loc.heading:
        where.append(f"({loc.heading})" if loc.section else loc.heading)
    if loc.line and not loc.page:
        where.append(f"line {loc.line}")
    return " ".join(where) or "whole document"


def _finding(f: Finding) -> dict[str, Any]:
    loc = f.location
    quote = loc.excerpt if loc.excerpt and loc.excerpt not in f.message else None
    return {
        "severity": "waived" if f.waived else f.severity,
        "where": place_of(loc),
        "message": f.message,
        "quote": quote,
        "fix": f.fix,
        "code": f.code,
        "name": f.name,
    }


def change_entry(change: Any) -> dict[str, Any]:
    """One difference from the version sent as the HTML reports show it (the service's
    review page too): where, tracked or not, a label, and its delete/insert pieces."""
    section = getattr(change, "number", None)
    caption = getattr(change, "caption", None)
    where = " ".join(x for x in (section and f"Section {section}", caption) if x) or "Clause"
    tracked = bool(getattr(change, "tracked", False))
    kind = str(getattr(change, "kind", "changed"))
    ops = getattr(change, "ops", None) or (
        ("delete", getattr(change, "before", "") or ""),
        ("insert", getattr(change, "after", "") or ""),
    )
    return {
        "where": where,
        "tracked": tracked,
        "label": f"{kind}, {'tracked' if tracked else 'without tracking'}",
        "ops": ops,
    }


def _evidence(result: Any) -> str:
    if not result.evidence:
        return ""
    e = result.evidence[0]
    parts = [f"section {e.section}" if e.section else "", e.caption or ""]
    if e.page:
        parts.append(f"page {e.page}")
    return " ".join(p for p in parts if p)
