"""Document hygiene before signing (issue 14, item 1): what a file carries besides its terms.

From the reader's :class:`~agreement_builder.read.model.PackageReview` (DOCX package parts,
PDF annotations and metadata) and from the text of any format, one located finding per
unresolved tracked change, comment, hidden or highlighted passage, stale field, open item
of ours, draft mark, blank signature detail and leaking package fact. The rules are
``rules/document/presign.yaml`` (PRS101 onward, ``type: engine``); only presign raises them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from typing import Any

from ..analyze.components import Locator
from ..analyze.drafting.signatures import signature_region
from ..core.findings import Finding, sort_findings
from ..read.model import Comment, Revision, SourceDocument
from .config import Config
from .registry import Registry
from .run_document import MAX_FINDINGS_PER_RULE, engine_finding, located_finding

QUOTE_MAX = 200  # characters of quoted text in a message

# the rules this module raises (rules/document/presign.yaml), by name
HYGIENE_RULE_NAMES = frozenset(
    {
        "presign.tracked-change",
        "presign.tracked-property-change",
        "presign.tracking-on",
        "presign.open-comment",
        "presign.resolved-comment",
        "presign.placeholder-control",
        "presign.same-colour-text",
        "presign.highlight",
        "presign.draft-mark",
        "presign.subject-to-contract",
        "presign.missing-bookmark",
        "presign.stale-reference",
        "presign.empty-toc",
        "presign.dirty-field",
        "presign.update-fields-on-open",
        "presign.open-item-marker",
        "presign.open-items-section",
        "presign.blank-signatory-name",
        "presign.blank-signature-date",
        "presign.metadata",
        "presign.custom-property",
        "presign.macros",
        "presign.external-content",
        "presign.external-link",
        "presign.embedded-object",
    }
)

# (rule name, values, start, end) before it becomes a finding
_Hit = tuple[str, dict[str, Any], int | None, int | None]

_TEXT_CHANGES = {
    "insertion": "inserted",
    "deletion": "deleted",
    "move-from": "moved away from here",
    "move-to": "moved here",
}
_PROPERTY_CHANGES = {
    "formatting": "formatting",
    "paragraph": "paragraph formatting",
    "table": "table",
    "section": "page layout (section)",
}
_PARTS = {
    "table": " (in a table)",
    "header": " (in a header)",
    "footer": " (in a footer)",
    "footnote": " (in a footnote)",
    "endnote": " (in an endnote)",
    "comments": " (in a comment)",
}

# our own markers (build/model.py Gap.marker) and the Open Items list (render/docx.py, html.py)
_MARKER = re.compile(r"\[MISSING: [^\n]{0,300}?\]|\[CHECK [A-Z]{3}\d{3}: [^\n]{0,300}?\]")
_OPEN_ITEMS_INTRO = "The following decisions are missing or inconsistent."

# draft labels: the word DRAFT in capitals, "Draft" opening a short label, or a phrase
_DRAFT = re.compile(
    r"\bDRAFT\b"
    r"|^Draft(?=\s*(?:$|[-–—:(\[\d]|v\d|no\.|version\b|dated?\b|of\s+\d|for\b))"
    r"|(?i:\bdraft\s+(?:for|subject\s+to)\s+(?:discussion|comment|review|approval|negotiation"
    r"|contract)\b"
    r"|\b(?:discussion|working|negotiation|internal|revised|final|first|second|third)\s+draft\b)",
    re.MULTILINE,
)
_SUBJECT_TO_CONTRACT = re.compile(r"(?i)\bsubject\s+to\s+contract\b")
_BRACKETED_STC = re.compile(r"(?i)[\[(]\s*subject\s+to\s+contract\s*[\])]")
_LABEL_WORDS = 12  # a block this short is a label, not a sentence of the agreement
_EDGE_PARTS = ("header", "footer")

_BLANK = r"[ \t]*(?:_{2,}|\.{3,}|…+|-{3,}|\[[ _.]*\])?[ \t]*$"
_BLANK_NAME = re.compile(rf"(?im)^[ \t]*(?:print(?:ed)?[ \t]+)?name[ \t]*:{_BLANK}")
_BLANK_DATE = re.compile(rf"(?im)^[ \t]*dated?[ \t]*:{_BLANK}")
# an agreement that states the date it is made or takes effect ("made with effect from 1 March
# 2027", "entered into as of March 1, 2027", "Effective Date: 2027-03-01") near its start; one
# that starts on the last signature ("the date on which the last Party signs") does not count
_DATE = r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+,?\s+\d{4}|[A-Z][a-z]+\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{4}-\d{2}-\d{2})"
_STATED_DATE = re.compile(
    rf"\b(?:made|entered\s+into|dated|effective|commence[sd]?|Effective\s+Date)\b[^.\n]{{0,40}}?"
    rf"\b(?:on|as\s+of|from|with\s+effect\s+from|is|:)\s+(?:the\s+)?{_DATE}"
)
_ON_SIGNATURE = re.compile(
    r"(?i)\b(?:last|final|later)\s+(?:of\s+the\s+)?(?:signature|part(?:y|ies)\s+to\s+sign|to\s+sign|signs)\b"
)
_DATED_SPAN = 4000  # the preamble and definitions: where the date an agreement starts is said


def _dated(text: str) -> bool:
    """Whether the agreement says on which date it is made or takes effect, and not that it
    starts when the last party signs."""
    head = text[:_DATED_SPAN]
    return bool(_STATED_DATE.search(head)) and not _ON_SIGNATURE.search(head)


# package facts worth a look, by the reader's names; title, subject and keywords are what
# the document says about itself, and ours (agreement-builder) leak nothing
_METADATA = {
    "author": "the author",
    "last_modified_by": "the last person who saved it",
    "company": "a company",
    "manager": "a manager",
    "template": "its template",
    "description": "a description",
}
_OUR_VALUES = {"agreement-builder"}
_PLAIN_TEMPLATE = re.compile(r"(?i)normal(?:\.dot[mx]?)?")
_OUR_PROPERTIES = ("AgreementBuilder",)
# external targets whose content the document shows (a field or a linked object)
_FETCHES = re.compile(
    r"^(?:INCLUDETEXT|INCLUDEPICTURE|LINK|DDE|DDEAUTO|IMPORT) field:"
    r"|^(?:oleObject|subDocument|frame|package|aFChunk):",
)


def hygiene_findings(
    doc: SourceDocument, registry: Registry, config: Config, locator: Locator
) -> list[Finding]:
    """Located findings of the presign hygiene rules for one document already read.

    Items in a Word header, footer or note are not located by offset: their text follows the
    body's in ``doc.text``, where a section number or excerpt would point at the wrong
    place; their message names the part instead."""
    findings: list[Finding] = []
    counts: dict[str, int] = {}
    for name, values, start, end in _hits(doc):
        counts[name] = counts.get(name, 0) + 1
        if counts[name] > MAX_FINDINGS_PER_RULE:
            continue
        finding = located_finding(registry, config, name, values, doc, locator, start, end)
        if finding is not None:
            findings.append(finding)
    for name, count in counts.items():
        more = count - MAX_FINDINGS_PER_RULE
        rule = registry.find(name)
        if more > 0 and rule is not None and config.severity(rule) is not None:
            values = {"code": rule.code, "more": f"{more:,}", "shown": MAX_FINDINGS_PER_RULE}
            capped = engine_finding(registry, config, "document.findings-capped", doc.path, values)
            if capped is not None:
                findings.append(capped)
    return sort_findings(findings)


def _hits(doc: SourceDocument) -> Iterator[_Hit]:
    yield from _revisions(doc)
    yield from _comments(doc)
    yield from _marks(doc)
    yield from _fields(doc)
    yield from _markers(doc)
    yield from _labels(doc)
    yield from _signature_blanks(doc)
    yield from _package(doc)


_UNPLACED = frozenset({"header", "footer", "footnote", "endnote", "comments"})


def _placed(
    doc: SourceDocument, part: str, start: int | None, end: int | None
) -> tuple[int | None, int | None]:
    """Offsets to locate a finding by, or none for a DOCX part outside the body."""
    if doc.format == "docx" and part in _UNPLACED:
        return None, None
    return start, end


# ---------------------------------------------------------------- what the reader recorded


def _quote(text: str, limit: int = QUOTE_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _by(author: str | None, date: str | None) -> dict[str, str]:
    return {
        "author": author or "an unknown author",
        "date": (date or "")[:10] or "an unknown date",
    }


def _revisions(doc: SourceDocument) -> Iterator[_Hit]:
    review = doc.review
    for revision in review.revisions:
        values = {**_by(revision.author, revision.date), "where": _PARTS.get(revision.part, "")}
        if revision.kind in _TEXT_CHANGES:
            values["what"] = _TEXT_CHANGES[revision.kind]
            values["quoted"] = _quoted_change(revision)
            yield (
                "presign.tracked-change",
                values,
                *_placed(doc, revision.part, revision.start, revision.end),
            )
        else:
            values["what"] = _PROPERTY_CHANGES.get(revision.kind, revision.kind)
            values["quoted"] = f': "{_quote(revision.text)}"' if revision.text.strip() else ""
            yield (
                "presign.tracked-property-change",
                values,
                *_placed(doc, revision.part, revision.start, revision.end),
            )
    if review.tracking:
        yield "presign.tracking-on", {}, None, None


def _quoted_change(revision: Revision) -> str:
    if revision.text.strip():
        return f': "{_quote(revision.text)}"'
    return ": a paragraph break" if revision.kind in ("insertion", "deletion") else ""


def _comments(doc: SourceDocument) -> Iterator[_Hit]:
    comments = doc.review.comments
    listed = {c.id for c in comments if c.reply_to is None}
    replies: dict[str, list[Comment]] = {}
    for comment in comments:
        if comment.reply_to in listed:
            replies.setdefault(str(comment.reply_to), []).append(comment)
    for comment in comments:
        if comment.reply_to in listed:
            continue  # shown with the comment it answers
        thread = replies.get(comment.id, [])
        values = {
            **_by(comment.author, comment.date),
            "what": _what(comment, doc.format),
            "text": _quote(comment.text) or "(no text)",
            "anchor": f' on "{_quote(comment.anchor, 120)}"' if comment.anchor else "",
            "replies": _replies(thread),
        }
        resolved = comment.resolved or any(r.resolved for r in thread)
        name = "presign.resolved-comment" if resolved else "presign.open-comment"
        yield name, values, *_placed(doc, comment.part, comment.start, comment.end)


def _what(comment: Comment, fmt: str) -> str:
    if fmt == "pdf" or comment.page is not None:
        return f"PDF {comment.kind}" + (f" on page {comment.page}" if comment.page else "")
    return "comment"


def _replies(thread: list[Comment]) -> str:
    if not thread:
        return ""
    shown = "; ".join(
        f'{r.author or "an unknown author"}: "{_quote(r.text, 120)}"' for r in thread[:3]
    )
    more = f" and {len(thread) - 3} more" if len(thread) > 3 else ""
    return f"; {len(thread)} repl{'y' if len(thread) == 1 else 'ies'}: {shown}{more}"


def _marks(doc: SourceDocument) -> Iterator[_Hit]:
    for mark in doc.review.marks:
        text = _quote(mark.text)
        start, end = _placed(doc, mark.part, mark.start, mark.end)
        where = _PARTS.get(mark.part, "")
        if mark.kind == "placeholder-control":
            name = f' "{mark.detail}"' if mark.detail else ""
            values = {"name": name, "text": text or "(empty)", "where": where}
            yield "presign.placeholder-control", values, start, end
        elif mark.kind == "same-colour":
            values = {"detail": mark.detail, "text": text, "where": where}
            yield "presign.same-colour-text", values, start, end
        elif mark.kind == "highlight":
            if _MARKER.search(mark.text):
                continue  # our own open item, reported as such
            values = {"detail": mark.detail, "text": text, "where": where}
            yield "presign.highlight", values, start, end
        elif mark.kind == "draft-mark":
            place = {"header": " in a header", "footer": " in a footer"}.get(mark.part, "")
            how = f" ({mark.detail}{place})" if mark.detail else where
            values = {"how": how, "text": text}
            yield "presign.draft-mark", values, start, end


def _fields(doc: SourceDocument) -> Iterator[_Hit]:
    for problem in doc.review.fields:
        values = {
            "instruction": problem.instruction,
            "shown": _quote(problem.shown, 120),
            "expected": _quote(problem.expected or "", 120),
            "field": (problem.instruction.split() or ["a"])[0].upper(),
            "where": _PARTS.get(problem.part, ""),
        }
        name = {
            "missing-bookmark": "presign.missing-bookmark",
            "stale-result": "presign.stale-reference",
            "empty-toc": "presign.empty-toc",
            "dirty": "presign.dirty-field",
            "update-on-open": "presign.update-fields-on-open",
        }.get(problem.kind)
        if name is not None:
            yield name, values, *_placed(doc, problem.part, problem.start, problem.end)


def _package(doc: SourceDocument) -> Iterator[_Hit]:
    review = doc.review
    for name, value in review.metadata:
        label = _METADATA.get(name)
        if label is None or not value.strip() or value in _OUR_VALUES:
            continue
        if name == "template" and _PLAIN_TEMPLATE.fullmatch(value.strip()):
            continue
        values = {"label": label, "name": name, "value": _quote(value)}
        yield "presign.metadata", values, None, None
    for name, value in review.properties:
        if name.startswith(_OUR_PROPERTIES):
            continue
        yield "presign.custom-property", {"name": name, "value": _quote(value)}, None, None
    if review.macros:
        yield "presign.macros", {}, None, None
    for target in review.external:
        rule = "presign.external-content" if _FETCHES.search(target) else "presign.external-link"
        yield rule, {"target": _quote(target)}, None, None
    for name in review.embedded:
        yield "presign.embedded-object", {"name": _quote(name)}, None, None


# ---------------------------------------------------------------- signals in the text


def _markers(doc: SourceDocument) -> Iterator[_Hit]:
    text = doc.text
    for match in _MARKER.finditer(text):
        yield "presign.open-item-marker", {"marker": match.group()}, match.start(), match.end()
    at = text.find(_OPEN_ITEMS_INTRO)
    if at >= 0:
        heading = text.rfind("Open Items", max(0, at - 40), at)
        start = heading if heading >= 0 else at
        yield "presign.open-items-section", {}, start, at + len(_OPEN_ITEMS_INTRO)


def _labels(doc: SourceDocument) -> Iterator[_Hit]:
    """DRAFT and "subject to contract" labels: on a short line (a title, a header line, a
    stamp) or anywhere in a header or footer; the same words inside a clause are not labels
    (a bracketed "[Subject to Contract]" is one wherever it stands)."""
    text = doc.text
    seen: set[tuple[str, str]] = set()  # a running header is reported once
    for block in doc.blocks:
        edge = block.part in _EDGE_PARTS
        start = block.start
        for line in text[block.start : block.end].split("\n"):
            label = edge or len(line.split()) <= _LABEL_WORDS
            for name, pattern in (
                ("presign.draft-mark", _DRAFT if label else None),
                ("presign.subject-to-contract", _SUBJECT_TO_CONTRACT if label else _BRACKETED_STC),
            ):
                match = pattern.search(line) if pattern is not None else None
                if match is None or (name, line.strip()) in seen:
                    continue
                seen.add((name, line.strip()))
                shown = line if label else match.group()  # a label line, or the bracket
                values = {"how": _PARTS.get(block.part, ""), "text": _quote(shown)}
                at = start + match.start(), start + match.end()
                yield name, values, *_placed(doc, block.part, *at)
            start += len(line) + 1


def _signature_blanks(doc: SourceDocument) -> Iterator[_Hit]:
    region = signature_region(doc.text)
    if region is None:
        return
    start, end = region
    checks = [("presign.blank-signatory-name", _BLANK_NAME)]
    if not _dated(doc.text):  # else the signers' dates decide nothing: no note for each
        checks.append(("presign.blank-signature-date", _BLANK_DATE))
    for name, pattern in checks:
        for match in islice(pattern.finditer(doc.text, start, end), 4 * MAX_FINDINGS_PER_RULE):
            line = match.group().strip()
            yield name, {"line": line}, match.start() + _indent(match.group()), match.end()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())
