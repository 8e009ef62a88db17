"""Lint an agreement we did not write: read it, find its components, run the document rules."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sized
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Any
from zlib import error as zlib_error

from ..analyze.components import ComponentResult, Locator, detect_components
from ..analyze.drafting import Defect, DraftingContext, Matching, for_matching
from ..analyze.kind import (
    Incorporation,
    KindGuess,
    amends_another,
    find_incorporation,
    is_certain,
    resolve_kind,
)
from ..core.english import a_or_an
from ..core.errors import AgreementError
from ..core.findings import Finding, Location, by_consequence
from ..core.limits import Limits, time_limit
from ..core.taxonomy import KINDS
from ..core.visible import visible
from ..read import read_document
from ..read.model import SourceDocument
from ..report.model import Report
from .config import Config
from .registry import Registry, Rule
from .run_spec import format_message
from .types import RULE_TYPES, Demotion, Detection, DocTarget, Hit, recall_demoted

# findings of one rule in one document: past this many the rest are only counted (a line of
# 250,000 "TBD"s took 24 s and 1.3 GB to report one by one; no reviewer reads the 101st)
MAX_FINDINGS_PER_RULE = 100
_BLANK_RUN = re.compile("[\n \t]*")
_SUPPRESS = re.compile(r"<!--\s*agreement:\s*disable-next-line\s+([A-Z0-9, ]+?)\s*-->")


NO_SUGGESTIONS: Mapping[str, str] = {}


def rule_target(
    doc: SourceDocument,
    kind: str | None,
    detected: dict[str, ComponentResult],
    registry: Registry,
    suggestions: Mapping[str, str] = NO_SUGGESTIONS,
    matching: Matching | None = None,
    amends: str = "",
) -> DocTarget:
    """What the document rules read: the text, its components, the kind's profile, and for
    a missing component the clause of ours to suggest (``suggestions``: component -> text).
    ``matching``: the document's copy for matching (:func:`for_matching`), when made;
    ``amends``: the agreement the document amends or takes its terms from, if any."""
    matching = matching or for_matching(doc)  # party names read as a signer sees them
    return DocTarget(
        doc,
        kind or UNKNOWN_KIND,
        detected,
        registry.components,
        registry.profile(kind or ""),  # an unknown kind: what every agreement needs
        suggestions,
        DraftingContext.from_document(matching.doc, doc),
        matching,
        amends=amends,
        detection=registry.detection,
    )


def lint_document(
    doc: SourceDocument,
    kind: str | None,
    config: Config,
    registry: Registry,
    suggestions: Mapping[str, str] = NO_SUGGESTIONS,
) -> Report:
    """Findings for one document already read; ``kind`` None: told from the document."""
    guess = resolve_kind(doc, kind)
    kind = guess.kind
    if is_blank(doc.text):  # a scan or an empty file: nothing to check but what the reader saw
        notes = [*_reader_notes(doc, registry, config), *_hidden(doc, registry, config)]
        if not any("no text layer" in note for note in doc.notes):  # a scan is DOC004
            empty = engine_finding(
                registry, config, "reading.empty-document", doc.path, {"message": _empty(doc)}
            )
            notes.extend([empty] if empty else [])
        return _report(doc.path, guess, tuple(notes), config, {}, doc.format, doc.pages)
    locator = Locator(doc)
    matching = for_matching(doc)
    detected = components_of(doc, list(registry.components), matching, locator)
    # a document that is no partnership, that takes its terms from elsewhere, or whose kind
    # is a guess: its missing components are said once (RDR105, RDR106, RDR104), not listed
    # as DOC001 findings (issue 16: on guessed kinds they were mostly wrong)
    incorporation = None if guess.outside else find_incorporation(doc)
    amends = amends_another(guess, incorporation)
    target = rule_target(doc, kind, detected, registry, suggestions, matching, amends)
    missing_ids = _missing_required(target)
    missing = [_title(target, c) for c in missing_ids]
    if not missing:
        incorporation = None  # all it needs is here: checked as any other document
    # DOC002 (recommended, a preview rule) still runs on a guessed kind
    uncertain = not guess.outside and incorporation is None and not is_certain(guess)
    not_required = bool(guess.outside) or incorporation is not None
    findings: list[Finding] = []
    for rule in registry:
        if not _applies(rule, kind):
            continue
        if rule.type == "required_component" and (
            not_required
            or (uncertain and rule.params.get("level") == "required")
            or guess.source not in rule.params.get("kinds_from", (guess.source,))
        ):
            continue
        severity = config.severity(rule)
        run = RULE_TYPES[rule.type].run_doc
        if severity is None or run is None:
            continue
        found = run(rule.params, target)
        hits = iter(found)
        for hit in islice(hits, MAX_FINDINGS_PER_RULE):
            findings.append(_finding(rule, severity, hit, doc, locator))
        if isinstance(found, Sized):  # past the cap: counted, not made, located or kept
            more = max(0, len(found) - MAX_FINDINGS_PER_RULE)
        else:
            more = sum(1 for _ in hits)
        # a detector that stopped looking after ENOUGH of them found at least one more
        shown_more = f"over {more:,}" if getattr(found, "at_least", False) else f"{more:,}"
        if more:
            values = {"code": rule.code, "more": shown_more, "shown": MAX_FINDINGS_PER_RULE}
            capped = engine_finding(registry, config, "document.findings-capped", doc.path, values)
            if capped is not None:
                findings.append(capped)
    findings.extend(_reader_notes(doc, registry, config))
    findings.extend(_hidden(doc, registry, config, locator))
    if guess.outside:
        values = {"outside": f"{a_or_an(guess.outside)} {guess.outside}", "title": guess.evidence}
        outside = engine_finding(registry, config, "document.not-a-partnership", doc.path, values)
        findings.extend([outside] if outside else [])
    elif incorporation is not None:
        noted = _incorporated(incorporation, missing, registry, config, doc, locator)
        findings.extend([noted] if noted else [])
    if uncertain and (guess.kind is None or missing):
        said = _uncertain_values(guess, target, missing)
        unknown = engine_finding(registry, config, "document.kind-unknown", doc.path, said)
        findings.extend([unknown] if unknown else [])
    if guess.source == "given" and not not_required:
        findings.extend(_given_kind_note(target, missing_ids, registry, config))
    findings = _suppressed(findings, doc, config, registry, locator)
    findings = by_consequence(findings)
    report = _report(doc.path, guess, tuple(findings), config, detected, doc.format, doc.pages)
    return replace(report, cautions=cautions(detected, registry.detection))


def cautions(
    detected: Mapping[str, ComponentResult], detection: Mapping[str, Detection]
) -> dict[str, str]:
    """What a reader should know beside a component whose detection rules/detection.yaml
    demotes: the held-out figure behind "not recognised", "found" or the clause shown first."""
    out: dict[str, str] = {}
    for component, result in detected.items():
        trust = detection.get(component)
        if trust is None:
            continue
        said = []
        if not result.present and trust.recall:
            said.append(
                "not recognised; the checker recognises this clause in "
                f"{_per_100(trust.recall)} of 100 contracts that have one: read the document for it"
            )
        if result.present and trust.precision:
            said.append(
                f"found, but check the evidence: {_per_100(trust.precision)} of 100 of these "
                "findings were right on contracts the checker was not tuned on"
            )
        if result.present and result.evidence and trust.evidence:
            said.append(
                "the clause shown first is the one that states it in "
                f"{_per_100(trust.evidence)} of 100 contracts: read the others too"
            )
        if said:
            out[component] = "; ".join(said)
    return out


def _per_100(demotion: Demotion) -> int:
    return round(demotion.measured * 100)


def _uncertain_values(guess: KindGuess, target: DocTarget, missing: list[str]) -> dict[str, str]:
    """RDR104's values: how the kind was told (or that it was not), and how many of the
    components its profile requires the checker did not recognise. Not which: judged on the
    development part, a list of them was wrong in 32 of 36 notes (a clause the checker did not
    recognise, most often the parties' duties in a licence), so the components of the report
    show what was and was not found, and --kind has them named (RDR107)."""
    if guess.kind is None:
        how = "could not be told from the document (no title, recitals or recorded kind names one)"
    else:
        source = "its title" if guess.source.startswith("title") else "its recitals"
        evidence = " ".join(guess.evidence.split())[:100]
        how = f'was guessed from {source} ("{evidence}") and is not certain'
    shown = target.kind.replace("_", " ")
    article = a_or_an(shown)
    required = [c for c in target.profile["required"] if c in target.detected]
    found = (
        f"; the checker did not recognise {len(missing)} of the {len(required)} components "
        f"{article} {shown} agreement needs (see the components found)"
        if missing
        else ""
    )
    return {"how": how, "found": found}


def _missing_required(target: DocTarget) -> list[str]:
    """The components the profile requires and the document does not hold."""
    return [
        c
        for c in target.profile["required"]
        if c in target.detected and not target.detected[c].present
    ]


def _title(target: DocTarget, component: str) -> str:
    """What a reader calls ``component`` (rules/components.yaml)."""
    return str(target.components.get(component, {}).get("title", component))


def _given_kind_note(
    target: DocTarget, missing: list[str], registry: Registry, config: Config
) -> list[Finding]:
    """RDR107: the required components of a kind given with --kind that the checker did not
    recognise (``missing``, :func:`_missing_required`), named in one note (DOC010 lists them one
    by one in preview; DOC009 reports those whose detection rules/detection.yaml demotes for
    recall, with the figure)."""
    unrecognised = [c for c in missing if not recall_demoted(target.detection, c)]
    if not unrecognised:
        return []
    titles = [_title(target, c) for c in unrecognised]
    shown = target.kind.replace("_", " ")
    values = {
        "kind": f"{a_or_an(shown)} {shown} agreement",
        "count": len(unrecognised),
        "required": sum(1 for c in target.profile["required"] if c in target.detected),
        "titles": "; ".join(titles),
    }
    name = "document.kind-given-not-recognised"
    note = engine_finding(registry, config, name, target.doc.path, values)
    return [replace(note, components=tuple(unrecognised))] if note else []


def _incorporated(
    incorporation: Incorporation,
    missing: list[str],
    registry: Registry,
    config: Config,
    doc: SourceDocument,
    locator: Locator,
) -> Finding | None:
    """RDR106 at the name of the incorporated terms, with the required components not found
    in the document itself (the ones the terms are left to settle)."""
    terms = incorporation.terms
    values = {
        "terms": terms if terms.lower().startswith("the ") else f"the {terms}",
        "where": f" ({incorporation.where})" if incorporation.where else "",
        "missing": _listed(missing),
    }
    name = "document.incorporates-terms"
    return located_finding(
        registry, config, name, values, doc, locator, incorporation.start, incorporation.end
    )


def _listed(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c" """
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def components_of(
    doc: SourceDocument,
    components: list[str],
    matching: Matching | None = None,
    locator: Locator | None = None,
) -> dict[str, ComponentResult]:
    """The components of ``doc``, found in its copy for matching (``matching``, made when
    None): a zero-width space or a bidi control inside "governing law", or a Cyrillic letter
    in "Confidentiality", does not hide the clause. The evidence is at offsets in the
    document's own text; its excerpts are the copy's, with no bidi control to reorder them."""
    matching = matching or for_matching(doc)
    if matching.doc is doc:
        found = detect_components(doc, components, locator=locator)
    else:
        found = detect_components(matching.doc, components)
    return {c: _evidence_in(r, matching) for c, r in found.items()}


def _evidence_in(result: ComponentResult, matching: Matching) -> ComponentResult:
    if not result.evidence:
        return result
    evidence = []
    for e in result.evidence:
        if matching.origin is not None:
            back = matching.to_original(Defect("evidence", "", e.start, e.end))
            e = replace(e, start=back.start, end=back.end)
        evidence.append(replace(e, excerpt=visible(e.excerpt), caption=_visible(e.caption)))
    return replace(result, evidence=tuple(evidence))


def _visible(text: str | None) -> str | None:
    return None if text is None else visible(text)


UNKNOWN_KIND = "partnership"  # how messages name an agreement whose kind is not known


def _applies(rule: Rule, kind: str | None) -> bool:
    """Does ``rule`` run on a document of ``kind``? Of an unknown kind: only the rules that
    apply to every kind (a kind's own requirements would be guesses reported as errors)."""
    if kind is not None:
        return rule.applies_to("document", kind)
    return "document" in rule.targets and set(KINDS) <= set(rule.kinds)


def _report(
    path: str,
    guess: KindGuess | str | None,
    findings: tuple[Finding, ...],
    config: Config,
    components: Mapping[str, ComponentResult] | None = None,
    fmt: str | None = None,
    pages: int | None = None,
) -> Report:
    if not isinstance(guess, KindGuess):
        guess = KindGuess(guess, "given" if guess else "unknown", confidence=1.0 if guess else 0.0)
    return Report(
        path,
        findings,
        guess.kind,
        "document",
        components or {},
        fmt,
        pages,
        config.fail_on,
        kind_source=guess.source,
        kind_evidence=_visible(guess.evidence or None),
        kind_confidence=guess.confidence,
        document_type=guess.outside or None,
    )


def _finding(rule: Rule, severity: str, hit: Hit, doc: SourceDocument, locator: Locator) -> Finding:
    location = Location(doc.path)
    if hit.start is not None:
        end = hit.end if hit.end is not None else hit.start
        section = locator.section(hit.start)
        page, line, paragraph = locator.place(hit.start)
        column = None
        if line is not None:
            column = locator.column(hit.start)
        location = Location(
            doc.path,
            line,
            column,
            None,
            section.number if section else None,
            page,
            visible(locator.excerpt(hit.start, end)),
            paragraph if line is None and page is None else None,
            heading=_visible(locator.heading(hit.start)),
            start=hit.start,
            end=end,
        )
    return Finding(
        code=rule.code,
        name=rule.name,
        severity=severity,
        message=format_message(rule.message, hit.values),
        location=location,
        why=rule.why,
        fix=format_message(rule.fix, hit.values),
        components=hit.components or rule.components,
    )


def _active_rule(registry: Registry, config: Config, name: str) -> tuple[Rule, str] | None:
    """The rule called ``name`` and its severity under ``config``; None when it is off."""
    rule = registry.find(name)
    severity = config.severity(rule) if rule else None
    return None if rule is None or severity is None else (rule, severity)


def engine_finding(
    registry: Registry, config: Config, name: str, path: str, values: dict[str, Any]
) -> Finding | None:
    """A finding the engine itself reports (unreadable file, reader notes)."""
    active = _active_rule(registry, config, name)
    if active is None:
        return None
    rule, severity = active
    return Finding(
        code=rule.code,
        name=rule.name,
        severity=severity,
        message=format_message(rule.message, values),
        location=Location(path),
        why=rule.why,
        fix=rule.fix,
        components=rule.components,
    )


# characters that show nothing though str.isspace() says they are not space (zero-width
# characters, joiners, the BOM, soft hyphens, Hangul fillers, the blank Braille pattern)
_INVISIBLE = frozenset("\u00ad\u034f\u115f\u1160\u180e\u2800\u3164\uffa0")


def is_blank(text: str) -> bool:
    """True when ``text`` shows nothing: empty, spaces, or only invisible characters."""
    if not text.strip():
        return True
    if len(text) > 100_000:
        return False  # a real document; the check stays linear and cheap
    return all(
        ch.isspace() or ch in _INVISIBLE or unicodedata.category(ch) in ("Cf", "Cc", "Zs")
        for ch in text
    )


def _empty(doc: SourceDocument) -> str:
    what = {"docx": "Word document", "pdf": "PDF", "markdown": "Markdown file"}.get(
        doc.format, "file"
    )
    if doc.hidden:
        return f"all the text of the {what} is hidden from its reader"
    if not doc.text:
        return f"the {what} is empty"
    return f"the {what} has only blank or invisible characters ({len(doc.text):,})"


def _hidden(
    doc: SourceDocument, registry: Registry, config: Config, locator: Locator | None = None
) -> Iterator[Finding]:
    """RDR102 for each passage the reader saw and a reader of the document does not: located
    at its section when the reader knows where it sits, else named by its place."""
    name = "reading.hidden-text"
    for item in doc.hidden:
        values = {"reason": item.reason, "text": item.text, "at": f" at {item.where}"}
        if item.start is not None and locator is not None:
            if locator.section(item.start) or locator.heading(item.start):
                values["at"] = ""  # the finding's location says where, by section
            found = located_finding(registry, config, name, values, doc, locator, item.start)
        else:
            found = engine_finding(registry, config, name, doc.path, values)
        if found is not None:
            yield found


_NOT_READ = "not read: "  # a reader note about content that was left out


def _reader_notes(doc: SourceDocument, registry: Registry, config: Config) -> Iterator[Finding]:
    for note in doc.notes:
        name = "document.no-text-layer" if "no text layer" in note else "document.reader-note"
        if note.startswith(_NOT_READ):
            name, note = "reading.not-read", note.removeprefix(_NOT_READ)
        message = note.replace("no text layer (scanned?)", "").strip(" :;,") or "no text found"
        finding = engine_finding(registry, config, name, doc.path, {"message": message})
        if finding is not None:
            yield finding


def _suppressed(
    findings: list[Finding],
    doc: SourceDocument,
    config: Config,
    registry: Registry,
    locator: Locator,
) -> list[Finding]:
    """Inline ``<!-- agreement: disable-next-line CODE -->`` and config ``ignore_text``.

    The document under review never switches its own review off silently: a comment that
    silences a finding is itself reported (DOC006), and in a DOCX or PDF, or with
    ``inline_suppressions = "off"``, the comment is ignored and reported (DOC007).
    """
    honoured = config.inline_suppressions == "text" and doc.format in ("text", "markdown")
    disabled: dict[int, set[str]] = {}
    comments: dict[int, re.Match[str]] = {}  # target line -> the comment silencing it
    out: list[Finding] = []
    text = doc.text
    counted, newlines = 0, 0  # newlines before ``counted``: comments come in text order
    for match in _SUPPRESS.finditer(text):
        codes = {c.strip() for c in match.group(1).replace(",", " ").split()}
        if not honoured:
            where = "a DOCX or PDF" if doc.format in ("docx", "pdf") else "this run"
            ignored = {"codes": ", ".join(sorted(codes)), "where": where}
            name = "document.suppression-ignored"
            out.extend(_engine_hit(registry, config, name, ignored, match, doc, locator))
            continue
        newlines += text.count("\n", counted, match.start())
        counted = match.start()
        line = newlines + 1
        # the next line that has text (counted from the comment, never from the text's start:
        # a line of a thousand comments was quadratic)
        blank_end = _BLANK_RUN.match(text, match.end()).end()  # type: ignore[union-attr]
        skipped = text.count("\n", match.end(), blank_end)
        target = line + skipped
        if skipped == 0:
            target += 1
        disabled.setdefault(target, set()).update(codes)
        comments[target] = match
    for f in findings:
        if f.location.line is not None and f.code in disabled.get(f.location.line, ()):
            silenced = {"code": f.code, "line": f.location.line, "message": f.message}
            match, name = comments[f.location.line], "document.suppressed-by-comment"
            out.extend(_engine_hit(registry, config, name, silenced, match, doc, locator))
            continue
        if not ignored_by_config(f, config):
            out.append(f)
    return out


def ignored_by_config(finding: Finding, config: Config) -> bool:
    """Does the user's config ``ignore`` this finding (its code, and text in its excerpt or
    message)?"""
    return any(
        code == finding.code
        and (text in (finding.location.excerpt or "") or text in finding.message)
        for code, text in config.ignore_text
    )


def _engine_hit(
    registry: Registry,
    config: Config,
    name: str,
    values: dict[str, Any],
    match: re.Match[str],
    doc: SourceDocument,
    locator: Locator,
) -> list[Finding]:
    """A finding the engine reports about the document itself, located at ``match``."""
    found = located_finding(
        registry, config, name, values, doc, locator, match.start(), match.end()
    )
    return [found] if found else []


def located_finding(
    registry: Registry,
    config: Config,
    name: str,
    values: Mapping[str, Any],
    doc: SourceDocument,
    locator: Locator,
    start: int | None = None,
    end: int | None = None,
) -> Finding | None:
    """The finding of the engine rule ``name`` (None when it is off), located at the offsets
    ``start``..``end`` of ``doc.text`` (section, page or line, quoted excerpt) when given."""
    active = _active_rule(registry, config, name)
    if active is None:
        return None
    return _finding(*active, Hit("", dict(values), start=start, end=end), doc, locator)


def lint_path(
    path: str | Path,
    kind: str | None,
    config: Config,
    registry: Registry,
    suggestions: Mapping[str, str] = NO_SUGGESTIONS,
) -> Report:
    """Read and lint one file; a file that cannot be read becomes a finding, not a crash."""
    limits = Limits.from_mapping(config.limits, f"{config.file or 'config'}: [limits]")
    try:
        with time_limit(limits.max_seconds, str(path)):
            doc = read_document(path, limits=limits)
            return lint_document(doc, kind, config, registry, suggestions)
    except AgreementError as exc:
        message = str(exc).replace(f"{path}: ", "", 1).replace("\n  hint:", ";")
    except (
        MemoryError,
        RecursionError,
        ValueError,
        LookupError,
        ArithmeticError,
        OSError,
        zlib_error,
    ) as exc:
        # a bug or an unforeseen shape in one file must not stop a portfolio run
        message = (
            f"could not be read ({type(exc).__name__}: {exc}); this is a bug in "
            "agreement-builder or an unsupported file shape: please report it"
        )
    return unreadable_report(path, kind, config, registry, message)


def unreadable_report(
    path: str | Path, kind: str | None, config: Config, registry: Registry, message: str
) -> Report:
    """The report of a file that could not be read: one DOC003 finding saying why."""
    finding = engine_finding(
        registry, config, "document.unreadable", str(path), {"message": message}
    )
    return _report(str(path), kind, (finding,) if finding else (), config)
