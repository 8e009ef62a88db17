"""Reports out: text, JSON (and JSON Lines), SARIF 2.1.0 and GitHub annotations.

Every format is deterministic (no timestamps, stable order), so identical input gives
byte-identical reports that can be diffed and cached.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .. import __version__
from ..core.findings import Finding, Location, counts
from ..core.visible import visible
from .model import Report, RuleInfo

if TYPE_CHECKING:
    from ..analyze.components import ComponentResult

FORMATS = ("text", "json", "jsonl", "sarif", "github", "html")
JSON_SCHEMA_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/agreement-builder/agreement-builder/blob/main/docs/rules.md"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def render(
    reports: Sequence[Report], fmt: str, rules: Sequence[RuleInfo], subject: str = "spec"
) -> str:
    """The whole report of a run in ``fmt``; ``rules`` are every rule (SARIF lists them);
    ``subject`` (spec or document) says which JSON shape a run of no reports takes."""
    if fmt == "text":
        return render_text(reports)
    if fmt == "json":
        return render_json(reports, subject)
    if fmt == "jsonl":
        return "".join(render_jsonl(r) for r in reports)
    if fmt == "sarif":
        return render_sarif(reports, rules)
    if fmt == "github":
        return render_github(reports)
    if fmt == "html":
        from .html import render_html

        return render_html(reports)
    raise ValueError(f"unknown report format {fmt!r}")


def streams(fmt: str) -> bool:
    """Can ``fmt`` be written report by report as files are checked (memory stays flat)?"""
    return fmt in ("text", "jsonl")


def render_one(report: Report, fmt: str) -> str:
    """One report's part of a streamed format (text: without the summary line)."""
    return report_text(report) if fmt == "text" else render_jsonl(report)


def _all(reports: Iterable[Report]) -> list[Finding]:
    return [f for r in reports for f in r.findings]


def summary_line(findings: Sequence[Finding], files: int) -> str:
    return format_summary(counts(findings), files)


def format_summary(c: Mapping[str, int], files: int) -> str:
    """``2 errors, 1 warning, 0 info in 3 files`` from counts per severity (and waived)."""
    parts = [f"{c[s]} {s}{'s' if c[s] != 1 and s != 'info' else ''}" for s in ("error", "warning")]
    parts.append(f"{c['info']} info")
    if c.get("waived"):
        parts.append(f"{c['waived']} waived")
    return f"{', '.join(parts)} in {files} file{'s' if files != 1 else ''}"


def render_text(reports: Sequence[Report]) -> str:
    """Each report's lines (:func:`report_text`), then a summary line."""
    body = "".join(report_text(r) for r in reports)
    return body + summary_line(_all(reports), len(reports)) + "\n"


def report_text(report: Report) -> str:
    """``FILE:LINE:COL: SEVERITY CODE [name] message`` per finding; for a document, then a
    line saying how many of its kind's components were found."""
    lines = _finding_lines(report.findings)
    if report.presign:
        from .presign import verdict

        lines.insert(0, f"{shown(report.path)}: {verdict(report)}")
    if report.components:
        present = sorted(c for c, r in report.components.items() if r.present)
        lines.append(
            f"{shown(report.path)}: {kind_label(report)}; "
            f"{len(present)} of {len(report.components)} components found"
        )
    return "\n".join(lines) + "\n" if lines else ""


def kind_label(report: Report) -> str:
    """``co marketing (from the title "Co-Marketing Agreement", confidence 0.9)`` and the like."""
    confidence = f", confidence {report.kind_confidence:g}" if report.kind_confidence else ""
    if report.document_type:
        evidence = f'"{shown(report.kind_evidence or "")}"'
        return f"{report.document_type}, not a partnership (from the title {evidence}{confidence})"
    if report.kind is None:
        return "kind not told by the document (pass --kind)"
    label = report.kind.replace("_", " ")
    if report.kind_source in ("title", "recitals") and report.kind_evidence:
        return (
            f'{label} (from the {report.kind_source}: "{shown(report.kind_evidence)}"{confidence})'
        )
    if report.kind_source == "recorded":
        return f"{label} (recorded by agreement build)"
    return label


def _finding_lines(findings: Iterable[Finding]) -> list[str]:
    """One line per finding: where (line and column for text files and specs; page and
    section with its heading for documents: places a person can find), the finding, and
    for a document the quoted text on the next line."""
    lines = []
    for f in findings:
        loc = f.location
        where = shown(loc.file)
        if loc.line:
            where += f":{loc.line}:{loc.column or 1}"
        elif loc.page:
            where += f": page {loc.page}"
        if loc.section or loc.heading:
            where += f"{',' if loc.page and not loc.line else ':'} {_section_label(loc)}"
        label = f"{f.severity} {f.code} [{f.name}]"
        if f.waived:
            label = f"waived {f.code} [{f.name}]"
        text = f"{where}: {label} {f.message}"
        if f.waived:
            text += f" (waived: {f.waiver_reason})"
        lines.append(text)
        if loc.excerpt and loc.excerpt not in f.message:
            lines.append(f'    "{shown(loc.excerpt)}"')
    return lines


def _section_label(loc: Location) -> str:
    """``section 7.2 (Termination for Convenience)``, ``section 7.2`` or ``"Termination"``."""
    if loc.section and loc.heading:
        return f"section {loc.section} ({shown(loc.heading)})"
    if loc.section:
        return f"section {loc.section}"
    return f'under "{shown(loc.heading or "")}"'


def finding_json(f: Finding) -> dict[str, Any]:
    loc = f.location
    location = {
        k: v
        for k, v in (
            ("file", shown(loc.file)),
            ("line", loc.line),
            ("column", loc.column),
            ("path", loc.path),
            ("section", loc.section),
            ("page", loc.page),
            ("paragraph", None if loc.paragraph is None else loc.paragraph + 1),
            ("heading", loc.heading),
            ("excerpt", loc.excerpt),
        )
        if v is not None
    }
    out: dict[str, Any] = {
        "code": f.code,
        "name": f.name,
        "severity": f.severity,
        "message": f.message,
        "why": f.why,
        "fix": f.fix,
        "components": list(f.components),
        "location": location,
        "waived": f.waived,
    }
    if f.waived:
        out["waiver_reason"] = f.waiver_reason
    return out


def render_json(reports: Sequence[Report], subject: str = "spec") -> str:
    """The documented JSON report (docs/report-format.md), schema version 1: specs are listed
    under ``files``, documents (with their components) under ``documents``."""
    documents = all(r.subject == "document" for r in reports) if reports else subject == "document"
    data = {
        "schema_version": JSON_SCHEMA_VERSION,
        "tool": {"name": "agreement-builder", "version": __version__},
        "documents" if documents else "files": [
            document_json(r) if documents else spec_json(r) for r in reports
        ],
        "summary": counts(_all(reports)),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_jsonl(report: Report) -> str:
    """One line of JSON Lines: the report as its JSON entry."""
    data = document_json(report) if report.subject == "document" else spec_json(report)
    return json.dumps(data, ensure_ascii=False) + "\n"


def spec_json(report: Report) -> dict[str, Any]:
    """One checked spec: ``file``, ``kind``, ``counts`` and ``findings``."""
    return {
        "file": shown(report.path),
        **({"kind": report.kind} if report.kind else {}),
        "counts": counts(report.findings),
        "findings": [finding_json(f) for f in report.findings],
    }


def presign_json(report: Report) -> dict[str, Any]:
    """What a pre-signing run adds: the verdict, what was compared, and the review facts."""
    from .presign import ready, verdict

    review = report.review
    out: dict[str, Any] = {
        "ready": ready(report),
        "verdict": verdict(report),
        "spec": shown(report.spec) if report.spec else None,
        "sent": shown(report.sent) if report.sent else None,
    }
    if review is not None:
        out["tracked_changes"] = [
            {
                "kind": r.kind,
                "author": _visible(r.author),
                "date": r.date,
                "text": visible(r.text),
                "part": r.part,
            }
            for r in review.revisions
        ]
        out["tracking_on"] = review.tracking
        out["comments"] = [
            {
                "author": _visible(c.author),
                "date": c.date,
                "text": visible(c.text),
                "anchor": _visible(c.anchor),
                "resolved": c.resolved,
                **({"page": c.page} if c.page else {}),
            }
            for c in review.comments
        ]
        out["metadata"] = dict(review.metadata)
        out["properties"] = dict(review.properties)
    out["changes"] = [_change_json(d) for d in report.changes]
    return out


def _change_json(change: Any) -> dict[str, Any]:
    """One difference from the sent version (analyze.redline.Difference), as plain data."""
    keys = ("kind", "tracked", "number", "caption", "before", "after", "was", "now")
    return {
        k: visible(v) if isinstance(v, str) else v
        for k in keys
        if (v := getattr(change, k, None)) is not None
    }


def _visible(text: str | None) -> str | None:
    return None if text is None else visible(text)


def sarif_rule(rule: RuleInfo) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.name},
        "fullDescription": {"text": rule.why},
        "help": {"text": f"{rule.why}\nFix: {rule.fix}\nSource: {rule.source}"},
        "helpUri": f"{INFO_URI}#{rule.code.lower()}",
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        "properties": {"components": list(rule.components), "tags": list(rule.components)},
    }


def render_sarif(reports: Sequence[Report], rules: Sequence[RuleInfo]) -> str:
    """SARIF 2.1.0, one run, rule metadata in ``tool.driver.rules``."""
    index = {r.code: i for i, r in enumerate(rules)}
    results = []
    for f in _all(reports):
        loc = f.location
        physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(loc.file)}}
        if loc.line:
            physical["region"] = {"startLine": loc.line, "startColumn": loc.column or 1}
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f"{f.message}. Fix: {f.fix}"},
            "locations": [{"physicalLocation": physical}],
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        if loc.path or loc.section or loc.page:
            logical = loc.path or (f"section {loc.section}" if loc.section else f"page {loc.page}")
            result["locations"][0]["logicalLocations"] = [{"fullyQualifiedName": logical}]
        if f.waived:
            result["suppressions"] = [{"kind": "inSource", "justification": f.waiver_reason or ""}]
        results.append(result)
    data = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "agreement-builder",
                        "version": __version__,
                        "informationUri": INFO_URI,
                        "rules": [sarif_rule(r) for r in rules],
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _uri(path: str) -> str:
    """A relative URI reference for a file name: its bytes percent-encoded (RFC 3986), so
    spaces, '#', '%', control characters and bytes that are not UTF-8 all survive."""
    raw = os.fsencode(path.replace("\\", "/"))
    return quote(raw, safe="/")


def shown(name: str) -> str:
    """A file name as every report writes it: valid UTF-8 with nothing a terminal acts on.

    A name that is not valid UTF-8 reaches Python with surrogate escapes, which would make
    the JSON invalid (or stop the run on a strict UTF-8 stdout): its bytes are shown as
    ``\\xff``; control characters (an escape sequence in a name would drive the terminal)
    as ``\\x1b`` too."""
    text = os.fsencode(name).decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render_github(reports: Sequence[Report]) -> str:
    """GitHub Actions workflow commands: ``::error file=F,line=L,col=C,title=T::message``."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for f in _all(reports):
        if f.waived:
            continue
        loc = f.location
        props = [f"file={_gh_escape(shown(loc.file), True)}"]
        if loc.line:
            props += [f"line={loc.line}", f"col={loc.column or 1}"]
        props.append(f"title={_gh_escape(f'{f.code} {f.name}', True)}")
        lines.append(f"::{level[f.severity]} {','.join(props)}::{_gh_escape(f.message)}")
    return "\n".join(lines) + ("\n" if lines else "")


# ---------------------------------------------------------------- documents (agreement lint)


def document_json(report: Report) -> dict[str, Any]:
    """One linted document: ``path``, ``kind``, ``components`` and ``findings`` (stable shape)."""
    return {
        "path": shown(report.path),
        "kind": report.kind,
        **({"kind_source": report.kind_source} if report.kind_source else {}),
        **({"kind_confidence": report.kind_confidence} if report.kind_source else {}),
        **({"document_type": report.document_type} if report.document_type else {}),
        **({"format": report.format} if report.format else {}),
        **({"pages": report.pages} if report.pages else {}),
        "components": {
            cid: evidence_json(r, report.cautions.get(cid))
            for cid, r in sorted(report.components.items())
        },
        "counts": counts(report.findings),
        "findings": [finding_json(f) for f in report.findings],
        **({"presign": presign_json(report)} if report.presign else {}),
    }


def evidence_json(result: ComponentResult, caution: str | None = None) -> dict[str, Any]:
    """Whether a component is present, and where: section, caption, page or line, excerpt;
    ``caution``: how far that answer can be trusted, for a component rules/detection.yaml
    demotes."""
    items = []
    for e in result.evidence:
        item: dict[str, Any] = {"section": e.section, "caption": e.caption}
        if e.page is not None:
            item["page"] = e.page
        if e.line is not None:
            item["line"] = e.line
        item["excerpt"] = e.excerpt
        items.append(item)
    return {
        "present": result.present,
        "evidence": items,
        **({"caution": caution} if caution else {}),
    }
