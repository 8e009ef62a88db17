"""The web pages: server-rendered Jinja (templates/), no external assets (static/).

- ``/review``: upload a document (and optionally the approved spec and the version sent);
  the result shows the verdict, the findings marked in the document's text, the components
  with links to their evidence, tracked changes and comments, and the reports to download
  (embedded in the page as ``data:`` links: nothing of the upload is kept, see
  :mod:`.views`).
- ``/draft``: a kind's starter in an editor; Check lists every problem beside its line,
  Build downloads DOCX or PDF, Preview shows the agreement in the page.
- ``/rules``, ``/rules/<code>``, ``/clauses``, ``/clauses/<id>``: the catalogues.

Every POST carries the session's CSRF token (:mod:`.csrf`). A user's own mistake (a wrong
file type, an unreadable document, an invalid spec) is shown on the same page with the
form kept (413, 415 or 422), never on a separate error page. The pages call ``api`` and
:mod:`.jobs` only.

Element ids that tests (tests/service/test_pages*.py, tests/browser) rely on; keep them:

- review form: ``#review-form``, ``#document``, ``#spec``, ``#sent``, ``#kind``,
  ``#mode-presign``, ``#mode-lint``, ``#preview``, ``#review-submit``; errors ``#form-errors``
- review result: ``#verdict``; ``#download-json``, ``#download-sarif``, ``#download-html``;
  ``#findings`` (``li#finding-N``, its ``a.to-text`` to ``#mark-N``); ``#document-text``
  (``mark#mark-N``, every piece ``[data-span=mark-N]``, ``a.backref`` to ``#finding-N``);
  ``#components-present`` (``li#component-ID``, links to ``#evidence-ID-K``),
  ``#components-missing``, ``#components-absent``; ``#revisions`` (``#change-K``),
  ``#comments`` (``#comment-K``), ``#changes`` (``#difference-K``)
- draft: ``#starter-form``, ``#starter-kind``, ``#starter-load``; ``#draft-form``,
  ``#spec-name``, ``#spec-text``, ``#check-button``, ``#preview-button``, ``#build-docx``,
  ``#build-pdf``; ``#draft-result``, ``#check-result``, ``#problems`` (``li#problem-N``,
  ``a.to-line`` to ``#line-L``), ``#spec-lines`` (``li#line-L``, its ``ul.line-problems``);
  ``#preview`` (the agreement, ids prefixed ``preview-``)
- catalogues: ``#rules-filter`` (``#filter-kind``, ``#filter-severity``, ``#filter-target``),
  ``#rules-table``, ``#rule-why``, ``#rule-fix``, ``#rule-example``, ``#rule-cases``,
  ``#rule-source``; ``#clauses-filter`` (``#filter-kind``, ``#filter-component``),
  ``#clauses-table``, ``#clause-text``
"""

from __future__ import annotations

import re
from http import HTTPStatus
from pathlib import PurePath
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    make_response,
    render_template,
    request,
)

from .. import __version__, api
from . import jobs
from .csrf import CsrfError, check_csrf, csrf_token, install
from .settings import Settings
from .uploads import DOCUMENT_SUFFIXES, SPEC_SUFFIXES, UnsupportedUpload, client_name

pages = Blueprint("pages", __name__, template_folder="templates", static_folder="static")

NAV = (
    ("/review", "pages.review", "Review"),
    ("/draft", "pages.draft", "Draft"),
    ("/rules", "pages.rules", "Rules"),
    ("/clauses", "pages.clauses", "Clauses"),
    ("/api/v1/docs", "", "API docs"),
)
SEVERITIES = ("error", "warning", "info")
BUILD_FORMATS = {"docx": "DOCX", "pdf": "PDF"}


def _settings() -> Settings:
    from flask import current_app

    settings: Settings = current_app.config["AGREEMENT_SETTINGS"]
    return settings


@pages.app_context_processor
def _globals() -> dict[str, Any]:
    return {
        "csrf_token": csrf_token,
        "nav": NAV,
        "version": __version__,
        "kinds": api.KINDS,
        "kind_label": lambda k: k.replace("_", " "),
    }


@pages.before_request
def _csrf() -> Response | None:
    if request.method == "POST":
        try:
            check_csrf()
        except CsrfError:
            return error_page(
                400,
                "This form has expired or did not come from this site. "
                "Reload the page and send the form again.",
            )
    return None


def _private(response: Response) -> Response:
    """A page that shows a user's document or spec: never stored by a cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------- home


@pages.route("/")
def home() -> str:
    return render_template("home.html")


# ---------------------------------------------------------------- review


def _review_form() -> dict[str, Any]:
    kind = request.form.get("kind", "") if request.method == "POST" else ""
    mode = request.form.get("mode", "presign") if request.method == "POST" else "presign"
    preview = request.method == "POST" and request.form.get("preview") == "on"
    return {
        "preview": preview,
        "kind": kind if kind in api.KINDS else "",
        "mode": mode if mode in ("lint", "presign") else "presign",
        "document_types": ", ".join(DOCUMENT_SUFFIXES),
        "spec_types": ", ".join(SPEC_SUFFIXES),
    }


@pages.route("/review", methods=["GET", "POST"])
def review() -> Response:
    form = _review_form()
    if request.method == "GET":
        return _private(make_response(render_template("review.html", form=form)))
    document = request.files.get("document")
    if document is None or not document.filename:
        return _review_error(form, 422, ["Choose a document to review."], "document")
    try:
        result = jobs.review(
            _settings(),
            document,
            request.files.get("spec"),
            request.files.get("sent"),
            form["kind"] or None,
            form["mode"],
            preview=form["preview"],
        )
    except UnsupportedUpload as error:
        return _review_error(form, 415, [_message(error)], _field_of(error))
    except api.SpecError as error:
        problems = [_client_paths(str(p)) for p in error.problems]
        return _review_error(form, 422, problems, "spec")
    except api.AgreementError as error:
        return _review_error(form, 422, [_client_paths(_message(error))], "document")
    from .views import downloads, review_view

    report = result.report
    view = review_view(report, result.text)
    stem = PurePath(report.path).stem or "document"
    html = render_template(
        "review_result.html",
        report=report,
        view=view,
        downloads=downloads(report, f"{stem}-{form['mode']}"),
        kind_text=_kind_text(report),
        form=form,
    )
    return _private(make_response(html))


def _message(error: Exception) -> str:
    text = str(error)
    return text.replace("\n  hint: ", " \u2014 ")


# the request's upload folder; a file in it is ``<role><suffix>`` or ``<role>/<name>``
_FOLDER = r"(?:[A-Za-z]:)?[^\s'\"]*agreement-upload-[^/\\\s]+[/\\]"
_ROLES = (("document", "document"), ("spec", "spec"), ("sent", "sent-version"), ("sent", "sent"))


def _client_paths(message: str) -> str:
    """``message`` with each path of the request's upload folder replaced by the name the
    client gave that file (``jobs`` names them already; this is the safety net for an
    error that still carries a path of ours)."""
    for field, role in _ROLES:
        upload = request.files.get(field)
        if upload is None or not upload.filename:
            continue
        name = client_name(upload, field)
        stored = _FOLDER + re.escape(role) + r"(?:[/\\]" + re.escape(name) + r"|\.\w+)?"
        message = re.sub(stored, name.replace("\\", "\\\\"), message)
    return re.sub(_FOLDER + r"(?:[\w-]+[/\\])?", "", message)


def _field_of(error: UnsupportedUpload) -> str:
    message = str(error)
    if "the spec " in message:
        return "spec"
    if "the sent version" in message:
        return "sent"
    return "document"


def _review_error(form: dict[str, Any], status: int, errors: list[str], field: str) -> Response:
    html = render_template("review.html", form=form, errors=errors, error_field=field)
    return _private(make_response(html, status))


def _kind_text(report: Any) -> str:
    if report.document_type:
        return f"{report.document_type}, not a partnership agreement"
    if report.kind is None:
        return "not told by the document (choose a kind and review again)"
    label = str(report.kind).replace("_", " ")
    if report.kind_source in ("title", "recitals") and report.kind_evidence:
        return f'{label} (from the {report.kind_source}: "{report.kind_evidence}")'
    if report.kind_source == "given":
        return f"{label} (as you chose)"
    return label


# ---------------------------------------------------------------- draft


@pages.route("/draft", methods=["GET", "POST"])
def draft() -> Response:
    if request.method == "GET":
        kind = request.args.get("kind", api.KINDS[0])
        if kind not in api.KINDS:
            kind = api.KINDS[0]
        text = api.starter(kind)
        return _private(make_response(_draft_page(kind, text, f"{kind}.yaml")))
    kind = request.form.get("kind", "")
    kind = kind if kind in api.KINDS else api.KINDS[0]
    text = request.form.get("spec", "").replace("\r\n", "\n")
    name = _spec_name(request.form.get("name", ""), kind)
    action = request.form.get("action", "check")
    settings = _settings()
    if action in BUILD_FORMATS:
        try:
            built = jobs.build_spec(settings, text, action, name)
        except api.SpecError as error:
            return _draft_failed(kind, text, name, error, action)
        except api.AgreementError as error:
            return _draft_failed(kind, text, name, error, action)
        response = Response(built.data, mimetype=built.mimetype)
        response.headers["Content-Disposition"] = f'attachment; filename="{built.filename}"'
        response.headers["X-Agreement-Gaps"] = str(built.gaps)
        return _private(response)
    if action == "preview":
        from .views import preview_html

        try:
            built = jobs.build_spec(settings, text, "html", name)
        except api.AgreementError as error:
            return _draft_failed(kind, text, name, error, action)
        html = _draft_page(
            kind, text, name, preview=preview_html(built.data), gaps=built.gaps, action=action
        )
        return _private(make_response(html))
    try:
        report = jobs.check_spec(settings, text, name)
    except api.AgreementError as error:
        return _draft_failed(kind, text, name, error, "check")
    problems = [
        {
            "line": f.location.line,
            "column": f.location.column,
            "path": f.location.path or "",
            "message": f.message,
            "severity": "waived" if f.waived else f.severity,
            "code": f.code,
        }
        for f in report.findings
    ]
    return _private(make_response(_draft_page(kind, text, name, problems=problems, action="check")))


def _spec_name(name: str, kind: str) -> str:
    name = PurePath(name.replace("\\", "/")).name.strip()
    if not name or PurePath(name).suffix.lower() not in SPEC_SUFFIXES:
        name = (PurePath(name).stem or kind) + ".yaml"
    return name


def _draft_failed(
    kind: str, text: str, name: str, error: api.AgreementError, action: str
) -> Response:
    if isinstance(error, api.SpecError):
        problems = [
            {
                "line": p.line,
                "column": p.column,
                "path": p.path,
                "message": p.message,
                "severity": "error",
                "code": "",
            }
            for p in error.problems
        ]
        html = _draft_page(kind, text, name, problems=problems, action=action, invalid=True)
    else:
        html = _draft_page(kind, text, name, errors=[_message(error)], action=action)
    return _private(make_response(html, 422))


def _draft_page(kind: str, text: str, name: str, **extra: Any) -> str:
    problems = extra.get("problems") or []
    by_line: dict[int, list[dict[str, Any]]] = {}
    for n, p in enumerate(problems, 1):
        p["n"] = n
        p["id"] = f"problem-{n}"
        if p.get("line"):
            by_line.setdefault(int(p["line"]), []).append(p)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    # a problem placed after the last line (a missing key at the end) still gets its row
    lines.extend([""] * (max(by_line, default=0) - len(lines)))
    return render_template(
        "draft.html",
        kind=kind,
        text=text,
        name=name,
        lines=lines,
        by_line=by_line,
        problems=problems,
        formats=BUILD_FORMATS,
        **{k: v for k, v in extra.items() if k != "problems"},
    )


# ---------------------------------------------------------------- rules and clauses


@pages.route("/rules")
def rules() -> str:
    kind = request.args.get("kind", "")
    severity = request.args.get("severity", "")
    target = request.args.get("target", "")
    kind = kind if kind in api.KINDS else ""
    severity = severity if severity in SEVERITIES else ""
    target = target if target in ("spec", "document") else ""
    shown = [
        r
        for r in api.rules(kind or None)
        if (not severity or r.severity == severity)
        and (not target or any(t.startswith(target) for t in _targets(r)))
    ]
    shown.sort(key=lambda r: r.code)
    return render_template(
        "rules.html",
        rules=shown,
        kind=kind,
        severity=severity,
        target=target,
        severities=SEVERITIES,
        targets=_targets,
        says=rule_says,
    )


def rule_says(rule: Any) -> str:
    """What the rule finds, in words: its message with "…" for what each finding fills in,
    or, when the check fills in the whole message ("{message}"), the first sentence of why
    it matters."""
    import re

    if re.sub(r"\{[^{}]*\}", "", rule.message).strip(" .:;,"):
        return re.sub(r"\{[^{}]*\}", "\u2026", rule.message)
    why = " ".join((rule.why or "").split())
    first = re.match(r".+?[.!?](?=\s|$)", why)
    return first.group(0) if first else why


def _targets(rule: Any) -> tuple[str, ...]:
    return tuple("document" if t == "document" else "spec" for t in rule.targets)


@pages.route("/rules/<code>")
def rule(code: str) -> str:
    try:
        found = api.find_rule(code)
    except api.AgreementError:
        abort(404, f"there is no rule {code!r}; the rules page lists them all")
    return render_template(
        "rule.html", rule=found, targets=_targets(found), cases=_case_edits(found)
    )


def _case_edits(rule: Any) -> list[list[str]]:
    """The rule's failing cases (edits to a sample spec) in words: each a list of changes."""
    import json

    out = []
    for case in (getattr(rule, "cases", None) or {}).get("fail", ())[:6]:
        if not isinstance(case, dict):
            continue
        edits = [f"leave out {path}" for path in case.get("delete", ())]
        for path, value in (case.get("set") or {}).items():
            shown = json.dumps(value, ensure_ascii=False, default=str)
            edits.append(f"set {path} to {shown}")
        if edits:
            out.append(edits)
    return out


@pages.route("/clauses")
def clauses() -> str:
    kind = request.args.get("kind", "")
    component = request.args.get("component", "")
    kind = kind if kind in api.KINDS else ""
    every = api.clauses()
    components = sorted({c.component for c in every})
    component = component if component in components else ""
    shown = [
        c
        for c in every
        if (not kind or kind in c.kinds) and (not component or c.component == component)
    ]
    shown.sort(key=lambda c: (c.component, c.id))
    return render_template(
        "clauses.html", clauses=shown, kind=kind, component=component, components=components
    )


@pages.route("/clauses/<clause_id>")
def clause(clause_id: str) -> str:
    try:
        found = api.find_clause(clause_id)
    except api.AgreementError:
        abort(404, f"there is no clause {clause_id!r}; the clauses page lists them all")
    return render_template("clause.html", clause=found)


# ---------------------------------------------------------------- errors


def error_page(status: int, detail: str) -> Response:
    """An error page that says what went wrong and what to do, never a traceback. An upload
    refused before the review saw it (too large: 413) is shown on the review form instead."""
    if status in (413, 415) and request.method == "POST" and request.endpoint == "pages.review":
        form = {"preview": False, "kind": "", "mode": "presign"}
        form.update(
            document_types=", ".join(DOCUMENT_SUFFIXES), spec_types=", ".join(SPEC_SUFFIXES)
        )
        return _review_error(form, status, [detail], "document")
    html = render_template(
        "error.html", status=status, title=HTTPStatus(status).phrase, detail=detail
    )
    return make_response(html, status)


def _shown(value: Any) -> Any:
    """Every value a template prints shows a bidi control as ``<U+202E>`` (a hostile
    document's right-to-left override must not reorder the page); markup we built (the
    marked text, the preview) has been through the same when it was built."""
    from markupsafe import Markup

    from .views import visible

    if isinstance(value, str) and not isinstance(value, Markup):
        return visible(value)
    return value


def register(app: Flask, settings: Settings) -> None:
    install(app)
    app.jinja_env.finalize = _shown  # before any template is compiled
    app.jinja_env.globals["csrf_token"] = csrf_token  # macros imported without context
    app.register_blueprint(pages)
