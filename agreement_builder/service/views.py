"""What the pages show, computed from the pipeline's results: a reviewed document's text with
its findings, evidence, changes and comments marked where they apply; the report downloads;
an agreement's HTML made safe to show inside a page.

**Downloads.** The JSON, SARIF and HTML reports of a review are rendered with the result
page and embedded in it as ``data:`` links with a ``download`` attribute. The upload is
never kept, and neither is anything derived from it: there is no server-side cache to
expire, to share between gunicorn workers (a cache in one worker's memory misses when the
download lands on another) or to leak. A link is a navigation, not a fetch, so the
Content-Security-Policy (``img-src data:`` only) does not apply to it, and browsers
(Chromium included) download a ``data:`` link that carries ``download``. The cost is the
page's size: the three reports are base64 in it (bounded by the document's own limits).

**Preview.** The agreement's HTML is shown inside the draft page, not in an ``<iframe
srcdoc>``: a srcdoc frame inherits the page's policy (``style-src 'self'``), so its own
inline stylesheet would be blocked anyway, and a frame is one more scrolling region to reach
by keyboard. The render is our own (every value escaped by the build's Jinja); it is still
parsed and stripped of styles, scripts, event handlers and outside links before it is shown
(:func:`preview_html`), and the page's site.css styles it.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from .. import api
from ..core.visible import visible
from ..report.html import change_entry, place_of

__all__ = ["Span", "data_url", "downloads", "highlight", "preview_html", "review_view", "visible"]

if TYPE_CHECKING:
    from ..core.findings import Finding
    from ..report import Report

SEVERITY_ICON = {"error": "\u2716", "warning": "\u25b2", "info": "\u25cf", "waived": "\u25cb"}
SEVERITY_WORD = {"error": "Error", "warning": "Warning", "info": "Info", "waived": "Waived"}
# spans marked in one text (findings first, then evidence, changes, comments); an item past
# the cap is listed without a link into the text
MAX_MARKS = 2000
EVIDENCE_SHOWN = 3  # evidence passages linked per component


@dataclass(frozen=True)
class Span:
    """A stretch of the document's text to mark: ``[start, end)``, the element and its id."""

    start: int
    end: int
    tag: str  # mark (findings) | span (evidence, changes, comments)
    id: str
    cls: str
    label: str = ""  # title / accessible description
    back: str = ""  # after the span: a link back to this id (the list entry)
    back_text: str = ""


def highlight(text: str, spans: Sequence[Span]) -> Markup:
    """``text`` escaped, with every span wrapped in its element (overlaps split into nested
    elements; the element that opens a span carries its id, every piece of it carries
    ``data-span`` with that id). Linear in text plus spans."""
    size = len(text)
    kept = []
    for s in spans:
        start = max(0, min(s.start, size))
        end = max(start, min(s.end, size))
        kept.append((start, end, s))
    cuts = sorted({0, size, *(a for a, _, _ in kept), *(b for _, b, _ in kept)})
    starting: dict[int, list[tuple[int, int, Span]]] = {}
    ending: dict[int, list[Span]] = {}
    for item in kept:
        starting.setdefault(item[0], []).append(item)
        if item[2].back:
            ending.setdefault(item[1], []).append(item[2])
    open_spans: list[tuple[int, int, Span]] = []
    out: list[str] = []
    for i, at in enumerate(cuts):
        open_spans = [o for o in open_spans if o[1] > at]
        for back in ending.get(at, ()):
            out.append(
                f'<a class="backref" href="#{back.back}" aria-label="{escape(visible(back.back_text))}">'
                f"{escape(back.back.rsplit('-', 1)[-1])}</a>"
            )
        fresh = starting.get(at, [])
        for _start, end, span in fresh:
            if end == at:  # a zero-width place (a deletion): an empty anchor
                out.append(
                    f'<{span.tag} id="{span.id}" class="{span.cls}" tabindex="-1"></{span.tag}>'
                )
        open_spans.extend(o for o in fresh if o[1] > at)
        if i + 1 >= len(cuts):
            break
        piece = escape(visible(text[at : cuts[i + 1]]))
        opened = []
        for start, _end, span in open_spans:
            attrs = f'class="{span.cls}" data-span="{span.id}"'
            if start == at:
                attrs = f'id="{span.id}" tabindex="-1" ' + attrs
                if span.label:
                    attrs += f' title="{escape(visible(span.label))}"'
            opened.append(f"<{span.tag} {attrs}>")
        out.append(
            "".join(opened) + str(piece) + "".join(f"</{o[2].tag}>" for o in reversed(open_spans))
        )
    return Markup("".join(out))


def severity_of(finding: Finding) -> str:
    return "waived" if finding.waived else finding.severity


def where(finding: Finding) -> str:
    return place_of(finding.location)


def data_url(text: str, mimetype: str) -> str:
    encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"data:{mimetype};charset=utf-8;base64,{encoded}"


def downloads(report: Report, stem: str) -> list[dict[str, str]]:
    """The JSON, SARIF and HTML reports as ``data:`` links (see the module's doc)."""
    out = []
    for fmt, suffix, mimetype, label in (
        ("json", "json", "application/json", "JSON report"),
        ("sarif", "sarif", "application/sarif+json", "SARIF report"),
        ("html", "html", "text/html", "HTML report"),
    ):
        text = api.render_reports([report], fmt, "document")
        out.append(
            {
                "id": f"download-{fmt}",
                "href": data_url(text, mimetype),
                "filename": f"{stem}.{suffix}",
                "label": label,
                "size": f"{max(1, len(text) // 1024)} KB",
            }
        )
    return out


def review_view(report: Report, text: str) -> dict[str, Any]:
    """Everything the result page shows, each item with the id it has in the text."""
    from ..core.findings import by_consequence

    spans: list[Span] = []
    findings = []
    for n, f in enumerate(by_consequence(report.findings), 1):
        sev = severity_of(f)
        loc = f.location
        located = (
            loc.start is not None
            and loc.end is not None
            and loc.end >= loc.start
            and len(spans) < MAX_MARKS
        )
        if located:
            spans.append(
                Span(
                    loc.start or 0,
                    loc.end or 0,
                    "mark",
                    f"mark-{n}",
                    f"finding sev-{sev}",
                    f"{SEVERITY_WORD[sev]}: {f.message}",
                    back=f"finding-{n}",
                    back_text=f"Finding {n} ({SEVERITY_WORD[sev].lower()}): back to the list",
                )
            )
        findings.append(
            {
                "n": n,
                "id": f"finding-{n}",
                "mark": f"mark-{n}" if located else None,
                "severity": sev,
                "word": SEVERITY_WORD[sev],
                "icon": SEVERITY_ICON[sev],
                "code": f.code,
                "name": f.name,
                "message": f.message,
                "where": where(f),
                "excerpt": loc.excerpt if loc.excerpt and loc.excerpt not in f.message else "",
                "fix": f.fix,
                "why": f.why,
                "waiver": f.waiver_reason or "",
            }
        )
    # DOC001 on a kind our build recorded; DOC009, DOC010 and the RDR107 note name the required
    # components the checker did not recognise (a demoted detection, a kind given by the user)
    required: set[str] = set()
    for code in ("DOC001", "DOC009", "DOC010", "RDR107"):
        required |= _components_of(report.findings, code)
    recommended = _components_of(report.findings, "DOC002")
    present, missing, absent = [], [], []
    caution_of = report.cautions.get
    for cid, result in report.components.items():
        label = cid.replace("_", " ")
        if result.present:
            links = []
            for k, e in enumerate(result.evidence[:EVIDENCE_SHOWN], 1):
                if len(spans) >= MAX_MARKS:
                    break
                span_id = f"evidence-{cid}-{k}"
                spans.append(Span(e.start, e.end, "span", span_id, "evidence"))
                where_bits = [f"section {e.section}" if e.section else "", e.caption or ""]
                if e.page:
                    where_bits.append(f"page {e.page}")
                shown_where = " ".join(b for b in where_bits if b) or f"passage {k}"
                links.append({"id": span_id, "label": shown_where, "via": e.via})
            caution = report.cautions.get(cid, "")
            present.append({"id": cid, "label": label, "evidence": links, "caution": caution})
        elif cid in required:
            missing.append(
                {"id": cid, "label": label, "need": "required", "caution": caution_of(cid)}
            )
        elif cid in recommended:
            missing.append(
                {"id": cid, "label": label, "need": "recommended", "caution": caution_of(cid)}
            )
        else:
            absent.append({"id": cid, "label": label, "caution": caution_of(cid)})
    review = report.review
    revisions: list[dict[str, Any]] = []
    comments: list[dict[str, Any]] = []
    if review is not None:
        for k, r in enumerate(review.revisions, 1):
            anchor = f"change-{k}" if r.start is not None and len(spans) < MAX_MARKS else None
            if anchor:
                spans.append(Span(r.start or 0, r.end or r.start or 0, "span", anchor, "revision"))
            revisions.append({"n": k, "anchor": anchor, "item": r})
        numbers = {c.id: k for k, c in enumerate(review.comments, 1) if c.id}
        for k, c in enumerate(review.comments, 1):
            anchor = f"comment-{k}" if c.start is not None and len(spans) < MAX_MARKS else None
            if anchor:
                spans.append(Span(c.start or 0, c.end or c.start or 0, "span", anchor, "commented"))
            # a reply is part of its comment's thread, not another open comment
            answers = numbers.get(c.reply_to) if c.reply_to else None
            comments.append({"n": k, "anchor": anchor, "item": c, "reply_to": answers})
    changes = []
    for k, difference in enumerate(report.changes, 1):
        change = {**change_entry(difference), "anchor": None}
        start, end = getattr(difference, "start", None), getattr(difference, "end", None)
        if isinstance(start, int) and len(spans) < MAX_MARKS:
            change["anchor"] = f"difference-{k}"
            stop = end if isinstance(end, int) else start
            spans.append(Span(start, stop, "span", change["anchor"], "difference"))
        change["n"] = k
        changes.append(change)
    from ..core.findings import counts

    tally = counts(report.findings)
    return {
        "verdict": api.presign_verdict(report),
        "ready": api.presign_ready(report),
        "findings": findings,
        "counts": tally,
        "present": present,
        "missing": missing,
        "absent": absent,
        "revisions": revisions,
        "comments": comments,
        "changes": changes,
        "text": highlight(text, spans),
        "tracking": bool(review and review.tracking),
    }


def _components_of(findings: Iterable[Finding], code: str) -> set[str]:
    return {c for f in findings if f.code == code and not f.waived for c in f.components}


# ---------------------------------------------------------------- the agreement preview

_DROP = ("style", "script", "link", "meta", "title", "iframe", "object", "embed", "base", "form")


def preview_html(html: bytes) -> Markup:
    """The body of an agreement rendered by ``build`` (our own render, values escaped), made
    fit to sit inside a page: no styles, scripts or event handlers; ids and in-page links
    prefixed ``preview-``; headings moved down two levels under the page's own h1 and h2."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    body = root.find("body")
    if body is None:
        return Markup("")
    for bad in list(body.iter(*_DROP)):
        bad.drop_tree()
    renames = {f"h{n}": f"h{min(n + 2, 6)}" for n in range(6, 0, -1)}
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        if element.text:
            element.text = visible(element.text)
        if element.tail:
            element.tail = visible(element.tail)
        if element.tag in renames:
            element.tag = renames[element.tag]
        elif element.tag == "nav":  # the page has its own navigation landmarks
            element.tag = "div"
        for name in list(element.attrib):
            value = element.attrib[name]
            if name.startswith("on") or name == "style":
                del element.attrib[name]
            elif name == "id":
                element.attrib[name] = "preview-" + value
            elif name == "href":
                if value.startswith("#"):
                    element.attrib[name] = "#preview-" + value[1:]
                else:
                    del element.attrib[name]
            elif name == "src":
                del element.attrib[name]
    parts = [lxml.html.tostring(child, encoding="unicode") for child in body]
    lead = str(escape(body.text)) if body.text else ""
    return Markup(lead + "".join(parts))
