"""One report per checked file, whatever was checked: a spec or a document."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from ..core.findings import Finding

if TYPE_CHECKING:
    from ..analyze.components import ComponentResult
    from ..read.model import PackageReview


@dataclass(frozen=True)
class Report:
    """The findings for one checked file; a linted document adds its components.

    ``subject`` says what was checked, and so which JSON shape the report takes (a spec's
    ``files`` entry or a document's ``documents`` entry, docs/report-format.md).
    """

    path: str
    findings: tuple[Finding, ...]
    kind: str | None = None  # agreement kind, when known
    subject: Literal["spec", "document"] = "spec"
    components: Mapping[str, ComponentResult] = field(default_factory=dict)
    format: str | None = None  # a document's format: docx, pdf, text, markdown
    pages: int | None = None
    fail_on: str | None = None  # the governing config's fail_on, when it sets one
    # how a document's kind was decided: given | recorded | title | recitals | unknown
    kind_source: str | None = None
    kind_evidence: str | None = None  # the title line, the recital words, the property
    kind_confidence: float | None = None  # analyze.kind.CONFIDENCE of that evidence
    # the agreement the title names when it is no partnership ("non-disclosure agreement")
    document_type: str | None = None
    # presign: the report answers "ready to sign?"; what the document was checked against
    presign: bool = False
    spec: str | None = None  # the approved spec (--spec)
    sent: str | None = None  # the version that was sent (--against)
    changes: tuple[Any, ...] = ()  # analyze.redline.Difference: the redline of each change
    review: PackageReview | None = None  # what the file carries besides its text (presign)
    # component -> what to know of its detection (engine.run_document.cautions, demoted ones)
    cautions: Mapping[str, str] = field(default_factory=dict)


class RuleInfo(Protocol):
    """What a report needs to know of a rule (SARIF lists every rule's metadata)."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def why(self) -> str: ...
    @property
    def fix(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def components(self) -> tuple[str, ...]: ...
