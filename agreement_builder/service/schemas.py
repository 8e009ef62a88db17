"""Marshmallow schemas of the REST API's requests and responses (``/api/v1``).

flask-smorest validates requests with them and writes them into the OpenAPI document. The
reports of ``check``, ``lint`` and ``presign`` are answered as the CLI writes them
(``api.render_reports``), byte for byte; their schemas here describe that JSON
(docs/report-format.md) for the OpenAPI document, and a test loads real reports with them,
so a key the reports gain and these lack fails it.
"""

from __future__ import annotations

from typing import Any

from flask_smorest.fields import Upload
from marshmallow import RAISE, Schema, ValidationError, fields, validate
from werkzeug.datastructures import FileStorage

from ..api import KINDS

SEVERITIES = ("error", "warning", "info")
REPORT_FORMATS = ("json", "sarif")
REVIEW_FORMATS = ("json", "sarif", "html")
BUILD_FORMATS = ("docx", "pdf", "html")


def _doc(text: str, **extra: object) -> dict[str, object]:
    return {"description": text, **extra}


class _Strict(Schema):
    """Unknown keys are an error (a request's typo, a report key the schema lacks)."""

    class Meta:
        unknown = RAISE


class FileField(Upload):  # type: ignore[misc]
    """An uploaded file (``format: binary``); a form field sent as text instead is refused."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> FileStorage:
        if not isinstance(value, FileStorage):
            raise ValidationError("must be a file (a multipart part with a filename)")
        return value


# ---------------------------------------------------------------- problems (RFC 9457)


class LocatedProblemSchema(_Strict):
    file = fields.String(metadata=_doc("the file as the client named it"))
    line = fields.Integer(metadata=_doc("1-based line"))
    column = fields.Integer(metadata=_doc("1-based column"))
    location = fields.String(
        metadata=_doc("for a request parameter: where it was sent (query, form, files, path)")
    )
    path = fields.String(
        metadata=_doc("the spec path (e.g. economics.splits) or the parameter's name")
    )
    message = fields.String(required=True)


class ProblemSchema(_Strict):
    """An error, as RFC 9457 problem details (``application/problem+json``)."""

    type = fields.String(required=True, metadata=_doc("a URI naming the kind of problem"))
    title = fields.String(required=True, metadata=_doc("the HTTP status phrase"))
    status = fields.Integer(required=True)
    detail = fields.String(required=True, metadata=_doc("what went wrong, as the CLI says it"))
    hint = fields.String(metadata=_doc("what to do about it"))
    problems = fields.List(
        fields.Nested(LocatedProblemSchema),
        metadata=_doc("every located problem of the spec or of the request's parameters"),
    )
    incident = fields.String(metadata=_doc("500 only: the identifier to quote when reporting"))


# ---------------------------------------------------------------- requests


class SpecQuerySchema(_Strict):
    name = fields.String(
        metadata=_doc(
            "the spec's file name, used in messages and for the download "
            "(default: spec.json for a JSON body, spec.yaml otherwise; a multipart upload "
            "is named by its own file name)",
            example="deal.yaml",
        )
    )


class CheckQuerySchema(SpecQuerySchema):
    format = fields.String(
        validate=validate.OneOf(REPORT_FORMATS),
        metadata=_doc(
            "json (default) or sarif; Accept: application/sarif+json also asks for SARIF"
        ),
    )


class BuildQuerySchema(SpecQuerySchema):
    format = fields.String(
        load_default="docx",
        validate=validate.OneOf(BUILD_FORMATS),
        metadata=_doc("the file to build: docx (default), pdf or html"),
    )


class SpecUploadSchema(_Strict):
    spec = FileField(required=True, metadata=_doc("the spec file (.yaml, .yml or .json)"))


class LintFormSchema(_Strict):
    """A document to review, as a multipart form."""

    document = FileField(
        required=True,
        metadata=_doc("the document: .docx, .pdf, .txt, .md, .markdown or .text"),
    )
    kind = fields.String(
        validate=validate.OneOf(KINDS),
        metadata=_doc("the kind of agreement; default: told from the document itself"),
    )
    preview = fields.Boolean(
        load_default=False,
        metadata=_doc("also run the preview rules (below their severity's precision bar)"),
    )
    format = fields.String(
        validate=validate.OneOf(REVIEW_FORMATS),
        metadata=_doc(
            "json (default), sarif or html (a self-contained page, as a download); "
            "Accept: application/sarif+json also asks for SARIF"
        ),
    )


class PresignFormSchema(LintFormSchema):
    spec = FileField(
        metadata=_doc("the approved spec: every term the document states differently is reported")
    )
    sent = FileField(
        metadata=_doc("the version that was sent: every change made without tracking is reported")
    )


class KindQuerySchema(_Strict):
    kind = fields.String(
        validate=validate.OneOf(KINDS), metadata=_doc("only those for this kind of agreement")
    )


# ---------------------------------------------------------------- reports (the CLI's JSON)


class CountsSchema(_Strict):
    error = fields.Integer(required=True)
    warning = fields.Integer(required=True)
    info = fields.Integer(required=True)
    waived = fields.Integer(required=True)


class ToolSchema(_Strict):
    name = fields.String(required=True)
    version = fields.String(required=True)


class LocationSchema(_Strict):
    file = fields.String(required=True)
    line = fields.Integer()
    column = fields.Integer()
    path = fields.String(metadata=_doc("the spec path"))
    section = fields.String()
    page = fields.Integer(metadata=_doc("PDF page"))
    paragraph = fields.Integer(metadata=_doc("DOCX body paragraph, 1-based"))
    heading = fields.String()
    excerpt = fields.String()


class FindingSchema(_Strict):
    code = fields.String(required=True, metadata={"example": "ECO101"})
    name = fields.String(required=True, metadata={"example": "economics.split-total"})
    severity = fields.String(required=True, validate=validate.OneOf(SEVERITIES))
    message = fields.String(required=True)
    why = fields.String(required=True)
    fix = fields.String(required=True)
    components = fields.List(fields.String(), required=True)
    location = fields.Nested(LocationSchema, required=True)
    waived = fields.Boolean(required=True)
    waiver_reason = fields.String(allow_none=True)


class SpecReportSchema(_Strict):
    file = fields.String(required=True)
    kind = fields.String()
    counts = fields.Nested(CountsSchema, required=True)
    findings = fields.List(fields.Nested(FindingSchema), required=True)


class CheckReportSchema(_Strict):
    """``agreement check --format json`` (docs/report-format.md, schema version 1)."""

    schema_version = fields.Integer(required=True, metadata={"example": 1})
    tool = fields.Nested(ToolSchema, required=True)
    files = fields.List(fields.Nested(SpecReportSchema), required=True)
    summary = fields.Nested(CountsSchema, required=True)


class EvidenceSchema(_Strict):
    section = fields.String(allow_none=True)
    caption = fields.String(allow_none=True)
    page = fields.Integer()
    line = fields.Integer()
    excerpt = fields.String(allow_none=True)


class ComponentSchema(_Strict):
    present = fields.Boolean(required=True)
    evidence = fields.List(fields.Nested(EvidenceSchema), required=True)
    caution = fields.String(
        metadata={
            "description": "how far this answer can be trusted, for a component whose detection "
            "missed a target on contracts the checker was not tuned on (rules/detection.yaml)"
        }
    )


class TrackedChangeSchema(_Strict):
    kind = fields.String()
    author = fields.String(allow_none=True)
    date = fields.String(allow_none=True)
    text = fields.String()
    part = fields.String(allow_none=True)


class CommentSchema(_Strict):
    author = fields.String(allow_none=True)
    date = fields.String(allow_none=True)
    text = fields.String()
    anchor = fields.String(allow_none=True)
    resolved = fields.Boolean(allow_none=True)
    page = fields.Integer()


class ChangeSchema(_Strict):
    """One difference from the sent version."""

    kind = fields.String()
    tracked = fields.Boolean()
    number = fields.Raw()
    caption = fields.String()
    before = fields.String()
    after = fields.String()
    was = fields.String()
    now = fields.String()


class PresignSchema(_Strict):
    ready = fields.Boolean(required=True, metadata=_doc("ready to sign (no unwaived error)"))
    verdict = fields.String(
        required=True, metadata={"example": "NOT READY: 2 unresolved changes by Harbourview Legal"}
    )
    spec = fields.String(allow_none=True)
    sent = fields.String(allow_none=True)
    tracked_changes = fields.List(fields.Nested(TrackedChangeSchema))
    tracking_on = fields.Boolean(allow_none=True)
    comments = fields.List(fields.Nested(CommentSchema))
    metadata = fields.Dict(keys=fields.String(), values=fields.Raw())
    properties = fields.Dict(keys=fields.String(), values=fields.Raw())
    changes = fields.List(fields.Nested(ChangeSchema), required=True)


class DocumentReportSchema(_Strict):
    path = fields.String(required=True)
    kind = fields.String(required=True, allow_none=True)
    kind_source = fields.String(
        validate=validate.OneOf(("given", "recorded", "title", "recitals", "unknown"))
    )
    kind_confidence = fields.Float()
    document_type = fields.String()
    format = fields.String()
    pages = fields.Integer()
    components = fields.Dict(
        keys=fields.String(), values=fields.Nested(ComponentSchema), required=True
    )
    counts = fields.Nested(CountsSchema, required=True)
    findings = fields.List(fields.Nested(FindingSchema), required=True)
    presign = fields.Nested(PresignSchema, metadata=_doc("presign only"))


class LintReportSchema(_Strict):
    """``agreement lint --format json`` and ``agreement presign --format json``."""

    schema_version = fields.Integer(required=True, metadata={"example": 1})
    tool = fields.Nested(ToolSchema, required=True)
    documents = fields.List(fields.Nested(DocumentReportSchema), required=True)
    summary = fields.Nested(CountsSchema, required=True)


class SarifSchema(Schema):
    """SARIF 2.1.0 (https://json.schemastore.org/sarif-2.1.0.json): one run whose
    ``tool.driver.rules`` lists every rule."""

    schema = fields.String(data_key="$schema", required=True)
    version = fields.String(required=True, metadata={"example": "2.1.0"})
    runs = fields.List(fields.Dict(), required=True)


# ---------------------------------------------------------------- specs, catalogues


class SpecSummarySchema(_Strict):
    file = fields.String(required=True, metadata={"example": "deal.yaml"})
    valid = fields.Boolean(required=True)
    kind = fields.String(required=True, metadata={"example": "referral"})
    title = fields.String(allow_none=True)
    parties = fields.List(fields.String(), required=True, metadata=_doc("the parties' ids"))
    message = fields.String(
        required=True,
        metadata=_doc(
            "as agreement validate prints it",
            example="deal.yaml: valid referral spec with 2 parties",
        ),
    )


class RuleSchema(_Strict):
    code = fields.String(required=True, metadata={"example": "ECO101"})
    name = fields.String(required=True)
    type = fields.String(required=True, metadata=_doc("the rule type (engine)"))
    severity = fields.String(required=True, validate=validate.OneOf(SEVERITIES))
    components = fields.List(fields.String(), required=True)
    kinds = fields.List(fields.String(), required=True)
    targets = fields.List(fields.String(), required=True, metadata=_doc("spec, document ..."))
    preview = fields.Boolean(required=True)


class RuleDetailSchema(RuleSchema):
    message = fields.String(required=True, metadata=_doc("the message, with {placeholders}"))
    why = fields.String(required=True)
    fix = fields.String(required=True)
    source = fields.String(required=True)
    strict = fields.String(allow_none=True, metadata=_doc("severity under the strict preset"))
    example = fields.String(allow_none=True, metadata=_doc("a failing spec fragment"))
    explanation = fields.String(
        required=True, metadata=_doc("the text agreement rules CODE prints")
    )


class VariableSchema(_Strict):
    name = fields.String(required=True)
    type = fields.String(required=True)
    path = fields.String(required=True)
    help = fields.String(required=True)
    per_party = fields.Boolean(required=True)
    when = fields.String(allow_none=True)


class DefinitionSchema(_Strict):
    term = fields.String(required=True)
    meaning = fields.String(required=True)


class ClauseSchema(_Strict):
    id = fields.String(required=True, metadata={"example": "termination.for_cause"})
    title = fields.String(required=True)
    component = fields.String(required=True)
    kinds = fields.List(fields.String(), required=True)
    placement = fields.String(required=True)
    version = fields.Integer(required=True)
    summary = fields.String(required=True)


class ClauseDetailSchema(ClauseSchema):
    when = fields.String(allow_none=True, metadata=_doc("applies when (null: always)"))
    requires = fields.List(fields.String(), required=True)
    conflicts = fields.List(fields.String(), required=True)
    defines = fields.List(fields.Nested(DefinitionSchema), required=True)
    survives = fields.Boolean(required=True, metadata=_doc("survives termination"))
    source = fields.String(required=True)
    variables = fields.List(fields.Nested(VariableSchema), required=True)
    text = fields.String(required=True, metadata=_doc("the clause's template text (Jinja)"))


class KindSchema(_Strict):
    kind = fields.String(required=True, metadata={"example": "joint_venture"})
    title = fields.String(required=True, metadata={"example": "Joint venture"})
    starter = fields.String(required=True, metadata=_doc("where to GET its starter spec"))
