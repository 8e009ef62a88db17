"""``/api/v1/rules``, ``/clauses``, ``/starters/<kind>`` and ``/kinds``: what the tool knows,
as ``agreement rules``, ``agreement clauses`` and ``agreement init`` show it. An unknown
rule, clause or kind is 404 with the CLI's message."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Response, current_app, url_for

from .. import api
from .api_v1 import PREFIX, ApiBlueprint, problems, require_token
from .problems import problem
from .schemas import (
    ClauseDetailSchema,
    ClauseSchema,
    KindQuerySchema,
    KindSchema,
    RuleDetailSchema,
    RuleSchema,
)

if TYPE_CHECKING:
    from ..build.library import Clause
    from ..engine import Rule

catalogue = ApiBlueprint(
    "catalogue",
    __name__,
    url_prefix=PREFIX,
    description="What the tool knows: rules, clauses, agreement kinds and their starter specs.",
)
catalogue.before_request(require_token)


def rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "type": rule.type,
        "severity": rule.severity,
        "components": list(rule.components),
        "kinds": list(rule.kinds),
        "targets": list(rule.targets),
        "preview": rule.preview,
    }


@catalogue.route("/rules", methods=["GET"])
@catalogue.arguments(KindQuerySchema, location="query")
@catalogue.response(200, RuleSchema(many=True), description="Every rule, or a kind's")
@problems(401, 422)
def rules(query: dict[str, Any]) -> list[dict[str, Any]]:
    """Every rule, or those for one kind of agreement, as `agreement rules` lists them."""
    return [rule_json(r) for r in api.rules(query.get("kind"))]


@catalogue.route("/rules/<code>", methods=["GET"])
@catalogue.response(200, RuleDetailSchema, description="The rule, with why, fix and source")
@problems(401, 404)
def rule(code: str) -> Any:
    """One rule by code (ECO101) or name (economics.split-total), as `agreement rules CODE`
    explains it: why it matters, how to fix it, its source, severity and components."""
    try:
        found = api.find_rule(code)
    except api.AgreementError as error:
        return problem(404, str(error), "not-found")
    return {
        **rule_json(found),
        "message": found.message,
        "why": found.why,
        "fix": found.fix,
        "source": found.source,
        "strict": found.strict,
        "example": found.example,
        "explanation": api.explain_rule(found),
    }


def clause_json(clause: Clause) -> dict[str, Any]:
    return {
        "id": clause.id,
        "title": clause.title,
        "component": clause.component,
        "kinds": list(clause.kinds),
        "placement": clause.placement,
        "version": clause.version,
        "summary": clause.summary,
    }


@catalogue.route("/clauses", methods=["GET"])
@catalogue.arguments(KindQuerySchema, location="query")
@catalogue.response(200, ClauseSchema(many=True), description="The bundled clause library")
@problems(401, 422)
def clauses(query: dict[str, Any]) -> list[dict[str, Any]]:
    """The bundled clause library, or the clauses that suit one kind (`agreement clauses`)."""
    return [clause_json(c) for c in api.clauses(query.get("kind"))]


@catalogue.route("/clauses/<clause_id>", methods=["GET"])
@catalogue.response(200, ClauseDetailSchema, description="The clause, with its text")
@problems(401, 404)
def clause(clause_id: str) -> Any:
    """One clause with its variables and text, as `agreement clauses ID` shows it."""
    try:
        found = api.find_clause(clause_id)
    except api.AgreementError as error:
        # the message names the library's folder: a path of ours, not the client's business
        root = api.load_library().root
        return problem(404, str(error).replace(f" at {root}", ""), "not-found")
    return {
        **clause_json(found),
        "when": found.when,
        "requires": list(found.requires),
        "conflicts": list(found.conflicts),
        "defines": [{"term": term, "meaning": meaning} for term, meaning in found.defines],
        "survives": found.survives,
        "source": found.source,
        "variables": [
            {
                "name": v.name,
                "type": v.type,
                "path": v.path,
                "help": v.help,
                "per_party": v.per_party,
                "when": v.when,
            }
            for v in found.variables
        ],
        "text": found.body,
    }


def _unknown_kind(kind: str) -> Response:
    return problem(
        404,
        f"unknown agreement kind {kind!r}; expected one of: {', '.join(api.KINDS)}",
        "not-found",
        hint="GET /api/v1/kinds lists them",
    )


@catalogue.route("/starters/<kind>", methods=["GET"])
@catalogue.response(
    200,
    {"type": "string"},
    content_type="text/yaml",
    description="The commented starter spec (it validates as written)",
)
@problems(401, 404)
def starter(kind: str) -> Response:
    """The starter spec for a kind of agreement, as `agreement init --kind KIND` writes it."""
    if kind not in api.KINDS:
        return _unknown_kind(kind)
    response: Response = current_app.response_class(
        api.starter(kind), content_type="text/yaml; charset=utf-8"
    )
    response.headers.set("Content-Disposition", "inline", filename=f"{kind}.yaml")
    return response


@catalogue.route("/kinds", methods=["GET"])
@catalogue.response(200, KindSchema(many=True), description="Every kind of agreement")
@problems(401)
def kinds() -> list[dict[str, str]]:
    """The kinds of agreement the tool drafts and reviews."""
    return [
        {
            "kind": kind,
            "title": kind.replace("_", " ").capitalize(),
            "starter": url_for("catalogue.starter", kind=kind),
        }
        for kind in api.KINDS
    ]
