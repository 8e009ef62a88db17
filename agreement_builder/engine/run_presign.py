"""Is this document ready to sign, and is it still the deal we approved? (``agreement presign``)

Presign is lint plus three questions a signer needs answered, each its own stage:

* hygiene (engine/hygiene.py): what the file still carries that nobody resolved: tracked
  changes, comments, hidden text, stale fields, our own gap markers, metadata;
* conformance (engine/conformance.py, with ``spec``): whether the terms the approved spec
  decided are the terms the document states;
* untracked edits (engine/redline.py, with ``sent``): what changed since the version we
  sent that no tracked change accounts for.

The findings are ordered by consequence (core.findings.by_consequence) and the report says
READY or NOT READY at the top (report/presign.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from ..analyze.components import Locator, caption_components
from ..core.errors import InputError
from ..core.findings import Finding, by_consequence
from ..core.limits import Limits, time_limit
from ..read import read_document
from ..read.model import SourceDocument
from ..report.model import Report
from .config import Config
from .registry import Registry
from .run_document import NO_SUGGESTIONS, ignored_by_config, lint_document

MAX_CHANGES_SHOWN = 200  # redlines kept for the HTML report (the findings count the rest)

if TYPE_CHECKING:
    from ..spec.model import AgreementSpec


@dataclasses.dataclass(frozen=True)
class PresignInputs:
    """The files of one presign run: the document to sign, and what it is checked against."""

    document: str
    spec: str | None = None  # the approved spec (YAML)
    sent: str | None = None  # the version we sent (DOCX, PDF or text)
    kind: str | None = None  # None: told from the document


def presign_path(
    inputs: PresignInputs,
    config: Config,
    registry: Registry,
    suggestions: Mapping[str, str] = NO_SUGGESTIONS,
) -> Report:
    """Read the files of ``inputs`` (under the config's limits and time) and review them.

    A spec or sent file that cannot be used is the user's input error (``InputError`` /
    ``SpecError``: exit 2); so is a document that cannot be read, since nothing can be said
    about whether it is ready.
    """
    limits = Limits.from_mapping(config.limits, f"{config.file or 'config'}: [limits]")
    with time_limit(limits.max_seconds, inputs.document):
        spec = _load_spec(inputs.spec, limits) if inputs.spec else None
        doc = read_document(inputs.document, limits=limits)
        sent = read_document(inputs.sent, limits=limits) if inputs.sent else None
        original = None
        if sent is not None and doc.review.revisions:
            original = read_document(inputs.document, limits=limits, view="original")
        return presign_document(
            doc,
            inputs.kind,
            config,
            registry,
            spec=spec,
            spec_path=inputs.spec,
            sent=sent,
            original=original,
            suggestions=suggestions,
        )


_GENERAL = ("general_provisions",)


def _about(finding: Finding, locator: Locator) -> Finding:
    """A tracked change, comment or untracked edit is about the clause it sits in: in "Cap on
    Liability" it is about money, and the report orders it so (money, dates, parties first)."""
    start = finding.location.start
    if start is None or finding.components not in ((), _GENERAL):
        return finding
    heading = locator.heading(start)
    about = caption_components(heading) if heading else ()
    return dataclasses.replace(finding, components=about) if about else finding


def preload() -> None:
    """Import every stage presign runs, so a worker forked afterwards starts with them (a
    process that presigns many files pays for the imports once)."""
    from ..analyze import conformance, redline  # noqa: F401
    from ..spec import schemas  # noqa: F401
    from . import conformance as _c  # noqa: F401


def _load_spec(path: str, limits: Limits) -> AgreementSpec:
    from ..spec.schemas import load_spec

    if not Path(path).exists():
        raise InputError(path, "no such spec file", "pass the approved spec with --spec")
    return load_spec(path, limits)


def presign_document(
    doc: SourceDocument,
    kind: str | None,
    config: Config,
    registry: Registry,
    *,
    spec: AgreementSpec | None = None,
    spec_path: str | None = None,
    sent: SourceDocument | None = None,
    original: SourceDocument | None = None,
    suggestions: Mapping[str, str] = NO_SUGGESTIONS,
) -> Report:
    """Lint ``doc`` and add the pre-signing checks; findings ordered by consequence."""
    from ..analyze.redline import redline
    from .hygiene import hygiene_findings
    from .redline import SAME_DOCUMENT, redline_findings

    report = lint_document(doc, kind, config, registry, suggestions)
    locator = Locator(doc)
    added: list[Finding] = list(hygiene_findings(doc, registry, config, locator))
    if spec is not None:
        from .conformance import conformance_findings

        where = spec_path or "the spec"
        added.extend(conformance_findings(doc, spec, where, registry, config, locator))
    changes: tuple[object, ...] = ()
    if sent is not None:
        compared = redline(sent, doc, original)
        if compared.shared >= SAME_DOCUMENT:  # else one finding says it is another document
            shown = (d for d in compared.differences if d.changed or d.kind != "moved")
            changes = tuple(islice(shown, MAX_CHANGES_SHOWN))
        added.extend(redline_findings(doc, sent, original, registry, config, locator, compared))
    # the user's own ignores apply to every finding; the document's comments never do
    added = [_about(f, locator) for f in added if not ignored_by_config(f, config)]
    # a stale cross-reference field: the error before signing (PRS112) says what the lint's
    # warning (DRF125) says
    stale = {f.location.start for f in added if f.name == "presign.stale-reference"}
    kept = [
        f
        for f in report.findings
        if not (f.name == "drafting.xref-field-stale" and f.location.start in stale)
    ]
    findings = [*kept, *added]
    return dataclasses.replace(
        report,
        findings=tuple(by_consequence(findings)),
        presign=True,
        spec=spec_path,
        sent=sent.path if sent is not None else None,
        changes=changes,
        review=doc.review,
    )
