"""``/api/v1/validate``, ``/check`` and ``/build``: a spec in, as JSON or YAML text or as the
``spec`` file of a multipart form; out the summary, the CLI's report, or the built file.

A body that cannot be read (not UTF-8, empty, JSON or YAML that does not parse) is 400 with
the place it breaks; a spec that reads but does not fit the format is 422 with every located
problem, as ``agreement validate`` prints them, naming the file as the client named it.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

from flask import Response, current_app, request, send_file

from .. import api
from . import jobs
from .api_v1 import PREFIX, ApiBlueprint, problems, require_token, settings
from .problems import from_error, problem
from .schemas import (
    BuildQuerySchema,
    CheckQuerySchema,
    CheckReportSchema,
    SarifSchema,
    SpecQuerySchema,
    SpecSummarySchema,
)
from .uploads import SPEC_SUFFIXES, UnsupportedUpload, client_name

specs = ApiBlueprint(
    "specs",
    __name__,
    url_prefix=PREFIX,
    description="Specs: validate one, check it against the playbook, build the agreement.",
)
specs.before_request(require_token)

JSON_TYPES = ("application/json",)
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
SARIF = "application/sarif+json"
DOWNLOADS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html",
}
# the request body, documented by hand: flask-smorest documents one parsed body, and a spec
# is read by the spec loader (any of three forms), not by a request schema
SPEC_BODY = {
    "required": True,
    "description": "The spec (docs/spec-format.md) as JSON or YAML text, or as the `spec` "
    "file of a multipart form.",
    "content": {
        "application/json": {
            "schema": {"type": "object", "description": "an agreement spec"},
        },
        **{
            media: {"schema": {"type": "string", "description": "an agreement spec in YAML"}}
            for media in ("application/yaml", "text/yaml")
        },
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["spec"],
                "properties": {
                    "spec": {
                        "type": "string",
                        "format": "binary",
                        "description": "the spec file (.yaml, .yml or .json)",
                    }
                },
            }
        },
    },
}
CHECKED = (
    "The report `agreement check` writes: JSON, or SARIF 2.1.0 with ?format=sarif "
    "(or Accept: application/sarif+json)"
)
BUILT = "The agreement as a download (Content-Disposition: attachment): DOCX, PDF or HTML"
_WHERE = re.compile(r"^(?P<file>.*):(?P<line>\d+):(?P<column>\d+)$")


class Unreadable(Exception):
    """A request body that cannot be read as a spec at all (400)."""

    def __init__(self, detail: str, hint: str, located: list[dict[str, Any]] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.hint = hint
        self.located = located


def _spec_text(query: dict[str, Any]) -> tuple[str, str]:
    """The spec's text and its name for messages, from whichever form the client sent."""
    mimetype = request.mimetype
    named = client_name_of(query.get("name"))
    if mimetype == "multipart/form-data":
        upload = request.files.get("spec")
        if upload is None:
            raise Unreadable(
                "the form has no `spec` file", "send the spec as the form's `spec` file part"
            )
        name = client_name(upload, "spec.yaml")
        if not name.lower().endswith(SPEC_SUFFIXES):
            raise UnsupportedUpload(
                name,
                f"the spec must be one of {', '.join(SPEC_SUFFIXES)}",
                "export it as YAML or JSON and upload it again",
            )
        data = upload.read()
    elif mimetype in JSON_TYPES or mimetype in YAML_TYPES:
        name = named or ("spec.json" if mimetype in JSON_TYPES else "spec.yaml")
        data = request.get_data(cache=False)
    else:
        raise UnsupportedUpload(
            mimetype or "(no Content-Type)",
            "the spec's content type must be application/json, application/yaml or text/yaml, "
            "or multipart/form-data with a `spec` file",
            "set the Content-Type header to the spec's format",
        )
    if not data.strip():
        raise Unreadable(f"{name}: the body is empty", "send the spec as the request's body")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Unreadable(
            f"{name}: not UTF-8 text (byte {error.start})", "send the spec encoded as UTF-8"
        ) from None
    if mimetype in JSON_TYPES:
        try:
            json.loads(text)
        except json.JSONDecodeError as error:
            message = f"malformed JSON: {error.msg}"
            raise Unreadable(
                f"{name}:{error.lineno}:{error.colno}: {message}",
                "fix the syntax at that place",
                [{"file": name, "line": error.lineno, "column": error.colno, "message": message}],
            ) from None
    return text, name


def client_name_of(name: str | None) -> str:
    """A name the client gave in ``?name=``, reduced to its last part."""
    if not name:
        return ""
    return name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def _malformed(error: api.InputError) -> bool:
    """A spec that does not parse (the loader's words), as against one that breaks a limit."""
    return error.message.startswith(("malformed YAML/JSON", "looks like a binary file"))


def _failed(error: Exception) -> Response:
    """A spec that could not be used: 400 when it does not parse, else 422 (problem details)."""
    if isinstance(error, Unreadable):
        return problem(400, error.detail, "malformed-body", problems=error.located, hint=error.hint)
    if isinstance(error, UnsupportedUpload):
        detail = str(error).split("\n  hint: ")[0]
        return problem(415, detail, hint=error.hint or None)
    if isinstance(error, api.InputError) and _malformed(error):
        where = _WHERE.match(error.file)
        located = None
        if where:
            located = [
                {
                    "file": where["file"],
                    "line": int(where["line"]),
                    "column": int(where["column"]),
                    "message": error.message,
                }
            ]
        detail = str(error).split("\n  hint: ")[0]
        return problem(400, detail, "malformed-body", problems=located, hint=error.hint or None)
    if isinstance(error, api.AgreementError):
        return from_error(error)
    raise error


@specs.route("/validate", methods=["POST"])
@specs.arguments(SpecQuerySchema, location="query")
@specs.doc(requestBody=SPEC_BODY)
@specs.response(200, SpecSummarySchema, description="The spec is valid: what it is")
@problems(400, 401, 413, 415, 422)
def validate(query: dict[str, Any]) -> Any:
    """Validate a spec against the spec format, as `agreement validate` does.

    Every problem is answered at once (422), each located by file, line, column and spec path.
    """
    try:
        text, name = _spec_text(query)
        spec = jobs.validate_spec(settings(), text, name)
    except (Unreadable, api.AgreementError) as error:
        return _failed(error)
    return {
        "file": name,
        "valid": True,
        "kind": spec.kind,
        "title": spec.agreement.title,
        "parties": [p.id for p in spec.parties],
        "message": f"{name}: valid {spec.kind} spec with {len(spec.parties)} parties",
    }


def wants_sarif(fmt: str | None) -> bool:
    """SARIF when asked for by ``format`` or, without it, by the Accept header."""
    if fmt:
        return fmt == "sarif"
    best = request.accept_mimetypes.best_match(["application/json", SARIF])
    return best == SARIF


def report_response(text: str, fmt: str, download: str | None = None) -> Response:
    """A report as the CLI writes it; HTML goes as a download (it carries its own styles)."""
    mimetype = {"json": "application/json", "sarif": SARIF, "html": "text/html"}[fmt]
    response: Response = current_app.response_class(text, mimetype=mimetype)
    if download:
        response.headers.set("Content-Disposition", "attachment", filename=download)
    return response


@specs.route("/check", methods=["POST"])
@specs.arguments(CheckQuerySchema, location="query")
@specs.doc(requestBody=SPEC_BODY)
@specs.response(200, CheckReportSchema, description=CHECKED)
@specs.alt_response(200, schema=SarifSchema, content_type=SARIF, success=True, description=CHECKED)
@problems(400, 401, 413, 415, 422)
def check(query: dict[str, Any]) -> Any:
    """Check a spec against the partnership playbook, as `agreement check --format json` does.

    Findings are answered 200 whatever their severity (the gate is the client's: see each
    finding's severity and the summary); a spec that is not valid is 422.
    """
    try:
        text, name = _spec_text(query)
        report = jobs.check_spec(settings(), text, name)
    except (Unreadable, api.AgreementError) as error:
        return _failed(error)
    fmt = "sarif" if wants_sarif(query.get("format")) else "json"
    return report_response(api.render_reports([report], fmt, "spec"), fmt)


@specs.route("/build", methods=["POST"])
@specs.arguments(BuildQuerySchema, location="query")
@specs.doc(requestBody=SPEC_BODY)
@specs.response(
    200,
    {"type": "string", "format": "binary"},
    content_type=DOWNLOADS["docx"],
    description=BUILT,
    headers={
        "X-Agreement-Gaps": {
            "description": "the number of open items (decisions the spec leaves missing)",
            "schema": {"type": "integer"},
        }
    },
)
@specs.alt_response(
    200,
    schema={"type": "string", "format": "binary"},
    content_type=DOWNLOADS["pdf"],
    success=True,
    description=BUILT,
)
@specs.alt_response(
    200,
    schema={"type": "string"},
    content_type=DOWNLOADS["html"],
    success=True,
    description=BUILT,
)
@problems(400, 401, 413, 415, 422)
def build(query: dict[str, Any]) -> Any:
    """Build the agreement a spec describes, as `agreement build --format FORMAT` does.

    Decisions the spec leaves open are marked in the document and counted in
    X-Agreement-Gaps; a spec that is not valid is 422.
    """
    fmt = query["format"]
    try:
        text, name = _spec_text(query)
        built = jobs.build_spec(settings(), text, fmt, name)
    except (Unreadable, api.AgreementError) as error:
        return _failed(error)
    response = send_file(
        io.BytesIO(built.data),
        mimetype=DOWNLOADS[fmt],
        as_attachment=True,
        download_name=built.filename,
    )
    response.headers["X-Agreement-Gaps"] = str(built.gaps)
    response.headers["Cache-Control"] = "no-store"
    return response
