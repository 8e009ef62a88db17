"""``/api/v1/lint`` and ``/presign``: a document uploaded as a multipart form (with an
optional approved spec and sent version for presign), answered with the report the CLI
writes: JSON, SARIF or the HTML page.

The presign verdict is in the JSON already (``documents[0].presign.ready`` and
``.verdict``, as ``agreement presign --format json`` writes it); every presign answer also
carries it in two headers, for a workflow that asked for SARIF or HTML or reads no body:
``X-Agreement-Ready: true|false`` and ``X-Agreement-Verdict`` (percent-encoded UTF-8: a
verdict can quote an author's name from the document).
"""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import quote

from flask import Response, request

from .. import api
from . import jobs
from .api_specs import SARIF, report_response, wants_sarif
from .api_v1 import PREFIX, ApiBlueprint, problems, require_token, settings
from .problems import problem
from .schemas import LintFormSchema, LintReportSchema, PresignFormSchema, SarifSchema

documents = ApiBlueprint(
    "documents",
    __name__,
    url_prefix=PREFIX,
    description="Documents: lint an agreement, or review one before signing.",
)
documents.before_request(require_token)

# what a header may carry as it is; anything else (non-ASCII, controls) is percent-encoded
_HEADER_SAFE = " !\"#$&'()*+,-./:;<=>?@[]^_`{|}~"


def _multipart_only() -> Response | None:
    """415 for a request that is not a multipart form (before its fields are parsed)."""
    if request.method == "POST" and request.mimetype != "multipart/form-data":
        return problem(
            415,
            f"the document must be sent as multipart/form-data, not {request.mimetype or 'no Content-Type'}",
            hint="send a form with the file in its `document` part (curl -F document=@FILE)",
        )
    return None


documents.before_request(_multipart_only)


def header_text(text: str) -> str:
    """``text`` fit for a response header: printable ASCII as it is, the rest
    percent-encoded (decode with ``urllib.parse.unquote``)."""
    return quote(text, safe=_HEADER_SAFE)


def _review(form: dict[str, Any], mode: Literal["lint", "presign"]) -> Response:
    fmt = form.get("format") or ("sarif" if wants_sarif(None) else "json")
    reviewed = jobs.review(
        settings(),
        form["document"],
        form.get("spec"),
        form.get("sent"),
        form.get("kind"),
        mode=mode,
        preview=form["preview"],
        with_text=False,
    )
    report = reviewed.report
    text = api.render_reports([report], fmt, "document")
    stem = report.path.rsplit(".", 1)[0] or "document"
    download = f"{stem}.{mode}.html" if fmt == "html" else None
    response = report_response(text, fmt, download)
    if mode == "presign":
        response.headers["X-Agreement-Ready"] = "true" if api.presign_ready(report) else "false"
        response.headers["X-Agreement-Verdict"] = header_text(api.presign_verdict(report))
    return response


_REPORTED = (
    "The report the CLI writes for the document: JSON; SARIF 2.1.0 with format=sarif (or "
    "Accept: application/sarif+json); with format=html a self-contained page, as a download"
)
_SARIF_DOC: dict[str, Any] = {
    "schema": SarifSchema,
    "content_type": SARIF,
    "success": True,
    "description": _REPORTED,
}
_HTML_DOC: dict[str, Any] = {
    "schema": {"type": "string"},
    "content_type": "text/html",
    "success": True,
    "description": _REPORTED,
}


@documents.route("/lint", methods=["POST"])
@documents.arguments(LintFormSchema, location="multipart")
@documents.response(200, LintReportSchema, description=_REPORTED)
@documents.alt_response(200, **_SARIF_DOC)
@documents.alt_response(200, **_HTML_DOC)
@problems(401, 413, 415, 422)
def lint(form: dict[str, Any]) -> Response:
    """Lint an agreement (DOCX, PDF, text or Markdown), as `agreement lint --format json` does.

    The report lists the components the document has and lacks for its kind, with evidence,
    and every drafting defect, located by page, section, paragraph or line.
    """
    return _review(form, "lint")


@documents.route("/presign", methods=["POST"])
@documents.arguments(PresignFormSchema, location="multipart")
@documents.response(
    200,
    LintReportSchema,
    description=_REPORTED,
    headers={
        "X-Agreement-Ready": {
            "description": "true when the document is ready to sign (no unwaived error)",
            "schema": {"type": "string", "enum": ["true", "false"]},
        },
        "X-Agreement-Verdict": {
            "description": "the verdict line (READY ... / NOT READY: ...), percent-encoded UTF-8",
            "schema": {"type": "string"},
        },
    },
)
@documents.alt_response(200, **_SARIF_DOC)
@documents.alt_response(200, **_HTML_DOC)
@problems(401, 413, 415, 422)
def presign(form: dict[str, Any]) -> Response:
    """Is the document ready to sign, and is it still the deal that was approved?

    Everything lint reports, and what a signer must not miss: unresolved tracked changes,
    comments, hidden text, stale fields, open-item markers, leaked metadata; with `spec`,
    every term that differs from the approved spec; with `sent`, every change made since the
    version sent that no tracked change shows. As `agreement presign --format json` does.
    """
    return _review(form, "presign")
