"""The REST API, ``/api/v1``: flask-smorest blueprints over :mod:`agreement_builder.api`.

flask-smorest validates requests and responses with marshmallow schemas (:mod:`.schemas`)
and writes the OpenAPI 3 document served at ``/api/v1/openapi.json``; ``/api/v1/docs`` shows
it as a page (:mod:`.api_docs`). The endpoints live in :mod:`.api_specs` (validate, check,
build), :mod:`.api_documents` (lint, presign) and :mod:`.api_catalogue` (rules, clauses,
starters, kinds); this module holds what they share: the blueprint class, the bearer-token
check, request arguments' errors as problem details, and the error responses' documentation.
"""

from __future__ import annotations

import hmac
import http
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar

from flask import Flask, Response, current_app, request
from flask.views import MethodView
from flask_smorest import Api, Blueprint
from flask_smorest.utils import prepare_response
from marshmallow import Schema, ValidationError, fields
from webargs.flaskparser import FlaskParser
from webargs.multidictproxy import MultiDictProxy
from werkzeug.datastructures import CombinedMultiDict

from .. import __version__
from .problems import problem
from .schemas import ProblemSchema
from .settings import Settings

PREFIX = "/api/v1"
PROBLEM_JSON = "application/problem+json"
SECURITY_SCHEME = "bearerAuth"
F = TypeVar("F", bound=Callable[..., Any])


# ---------------------------------------------------------------- request arguments


class InvalidArguments(Exception):
    """A request whose parameters do not fit their schema (answered 422 with each one)."""

    def __init__(self, messages: Mapping[str, Any]) -> None:
        super().__init__("invalid arguments")
        self.messages = messages


class _Parser(FlaskParser):
    """webargs' parser for Flask, whose errors become our problem details (not flask-smorest's
    own error body), with a ``multipart`` location: a form's fields and files together."""

    def handle_error(  # type: ignore[override]
        self,
        error: ValidationError,
        req: Any,
        schema: Schema,
        *,
        error_status_code: int | None,
        error_headers: Mapping[str, str] | None,
    ) -> None:
        messages = error.messages if isinstance(error.messages, dict) else {"": error.messages}
        raise InvalidArguments(messages)


_PARSER = _Parser()


@_PARSER.location_loader("multipart")
def _load_multipart(req: Any, schema: Schema) -> MultiDictProxy:
    return MultiDictProxy(CombinedMultiDict([req.files, req.form]), schema)


class ApiBlueprint(Blueprint):  # type: ignore[misc]
    """A blueprint of the API: our argument parser; ``multipart`` is a request body."""

    ARGUMENTS_PARSER = _PARSER
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING: ClassVar[dict[str, str]] = {
        **Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "multipart": "multipart/form-data",
    }


def _flatten(messages: Any, prefix: str = "") -> list[tuple[str, str]]:
    """webargs' nested messages as (dotted path, message) pairs, in order."""
    if isinstance(messages, Mapping):
        out: list[tuple[str, str]] = []
        for key, value in messages.items():
            path = f"{prefix}.{key}" if prefix and key != "" else (str(key) or prefix)
            out.extend(_flatten(value, path))
        return out
    if isinstance(messages, list | tuple):
        if all(isinstance(m, str) for m in messages):
            return [(prefix, m) for m in messages]
        return [pair for m in messages for pair in _flatten(m, prefix)]
    return [(prefix, str(messages))]


def arguments_problem(error: InvalidArguments) -> Response:
    """422 with one located problem per invalid parameter (location, name, message)."""
    located = []
    for location, fields_ in error.messages.items():
        for path, message in _flatten(fields_):
            item = {"location": location, "path": path, "message": message}
            located.append({k: v for k, v in item.items() if v})
    detail = "; ".join(f"{p.get('path') or p.get('location')}: {p['message']}" for p in located)
    return problem(
        422,
        f"the request's parameters are not valid: {detail}",
        "invalid-arguments",
        problems=located,
        hint="see /api/v1/docs for each endpoint's parameters",
    )


# ---------------------------------------------------------------- errors in the OpenAPI document


_DOCUMENTING = ApiBlueprint("documenting", __name__)


def problems(*statuses: int) -> Callable[[F], F]:
    """Document each of ``statuses`` as a problem-details response of the endpoint."""

    def wrap(fn: F) -> F:
        for status in statuses:
            fn = _DOCUMENTING.alt_response(
                status,
                schema=ProblemSchema,
                content_type=PROBLEM_JSON,
                description=_ERROR_TEXT.get(status, http.HTTPStatus(status).phrase),
            )(fn)
        return fn

    return wrap


_ERROR_TEXT = {
    400: "The body cannot be read: not UTF-8, empty, or not JSON/YAML (located when it can be)",
    401: "The API needs a bearer token (Authorization: Bearer ...) and none or a wrong one came",
    404: "No such rule, clause or kind (the message is the CLI's)",
    413: "The upload is larger than the service accepts",
    415: "The body's content type, or an uploaded file's type, is not one the service reads",
    422: "Invalid input (a spec that does not fit the format, or a request parameter): every located problem, as the CLI prints them",
    500: "The service failed; the body carries an incident id to quote",
}


class _Api(Api):  # type: ignore[misc]
    """flask-smorest's Api with our error shape documented (problem details), not its own."""

    ERROR_SCHEMA = ProblemSchema
    DEFAULT_ERROR_RESPONSE_NAME = None

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 400:
                response["schema"] = ProblemSchema
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)


# ---------------------------------------------------------------- bearer token


def settings() -> Settings:
    """The settings of the application serving this request."""
    found: Settings = current_app.config["AGREEMENT_SETTINGS"]
    return found


def require_token() -> Response | None:
    """A ``before_request`` check of ``Authorization: Bearer TOKEN`` when the operator set a
    token, compared in constant time; 401 with ``WWW-Authenticate: Bearer`` otherwise."""
    expected = settings().api_token.encode("utf-8")
    if not expected:
        return None
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode("utf-8"), expected):
        return None
    sent = bool(given.strip())
    response = problem(
        401,
        "the bearer token is not the service's" if sent else "this API needs a bearer token",
        "unauthorized",
        hint="send the header Authorization: Bearer <token> with the token the operator set "
        "(AGREEMENT_API_TOKEN)",
    )
    challenge = 'Bearer realm="agreement-builder"'
    if sent:
        challenge += ', error="invalid_token"'
    response.headers["WWW-Authenticate"] = challenge
    return response


# ---------------------------------------------------------------- health


class HealthSchema(Schema):
    status = fields.String(required=True, metadata={"example": "ok"})
    version = fields.String(required=True, metadata={"example": __version__})


health = ApiBlueprint("health", __name__, url_prefix=PREFIX, description="Is the service up?")


@health.route("/health")
class Health(MethodView):
    @health.response(200, HealthSchema)
    @health.doc(security=[])
    def get(self) -> dict[str, Any]:
        """The service is up and answers requests (no token needed)."""
        return {"status": "ok", "version": __version__}


# ---------------------------------------------------------------- registration


def register(app: Flask, settings: Settings) -> Api:
    from .api_catalogue import catalogue
    from .api_docs import docs
    from .api_documents import documents
    from .api_specs import specs

    app.config.update(
        API_TITLE="agreement-builder",
        API_VERSION=__version__,
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "info": {
                "description": (
                    "Validate, check and build agreement specs; lint and presign documents; "
                    "the rules, clauses and starters. Answers are the JSON, SARIF and HTML the "
                    "CLI writes; errors are RFC 9457 problem details. When the operator sets "
                    "a token (AGREEMENT_API_TOKEN), every endpoint but /health, /openapi.json "
                    "and /docs needs Authorization: Bearer <token>."
                ),
            },
            "security": [{SECURITY_SCHEME: []}],
        },
    )
    api = _Api(app)
    api.spec.components.security_scheme(
        SECURITY_SCHEME,
        {
            "type": "http",
            "scheme": "bearer",
            "description": "Only when the operator sets AGREEMENT_API_TOKEN; /health, "
            "/openapi.json and /docs stay open.",
        },
    )
    for blueprint in (specs, documents, catalogue):  # each checks the token (require_token)
        api.register_blueprint(blueprint)
    api.register_blueprint(health)
    app.register_blueprint(docs)

    @app.errorhandler(InvalidArguments)
    def invalid_arguments(error: InvalidArguments) -> Response:
        return arguments_problem(error)

    return api
