"""The Flask application: settings, security headers, error handling, blueprints."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from ..api import AgreementError
from . import deadline
from .pool import PoolFull
from .problems import from_error, internal_error, problem
from .settings import Settings, load_settings
from .uploads import UnsupportedUpload

# Nothing is loaded from anywhere but this service: no CDN, no inline script, no framing.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


def create_app(settings: Settings | None = None, **overrides: Any) -> Flask:
    """The service's application; ``overrides`` replace single settings (tests, ``serve``)."""
    settings = (settings or load_settings(**overrides)).with_secret()
    app = Flask("agreement_builder.service")
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=settings.max_upload_mb * 1024 * 1024,
        AGREEMENT_SETTINGS=settings,
        JSON_SORT_KEYS=False,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.before_request(lambda: deadline.start(settings.request_seconds))
    app.after_request(_security_headers)

    from .api_v1 import register as register_api
    from .pages import register as register_pages

    register_api(app, settings)
    register_pages(app, settings)
    _register_errors(app)  # after flask-smorest's own, which they replace
    return app


def settings_of(app: Flask) -> Settings:
    settings: Settings = app.config["AGREEMENT_SETTINGS"]
    return settings


def settings_of_current() -> Settings:
    from flask import current_app

    return settings_of(current_app)


def wants_problem() -> bool:
    """Is this request answered in problem details (the API), or with an error page?"""
    return request.path.startswith("/api/")


def _security_headers(response: Response) -> Response:
    """The headers every response carries, error responses included (Flask runs this for
    what the error handlers answer too). HSTS only over HTTPS and when ``hsts_seconds`` is
    set: gunicorn takes HTTPS from ``X-Forwarded-Proto`` of a proxy it trusts
    (``FORWARDED_ALLOW_IPS``, loopback by default; docs/service.md)."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    hsts = settings_of_current().hsts_seconds
    if hsts and request.is_secure:
        response.headers.setdefault(
            "Strict-Transport-Security", f"max-age={hsts}; includeSubDomains"
        )
    if request.path.startswith("/api/") or response.mimetype != "text/html":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _register_errors(app: Flask) -> None:
    from .pages import error_page

    @app.errorhandler(UnsupportedUpload)
    def unsupported(error: UnsupportedUpload) -> Response:
        if wants_problem():
            return problem(415, str(error).split("\n  hint: ")[0], hint=error.hint)
        return error_page(415, str(error))

    @app.errorhandler(PoolFull)
    def pool_full(error: PoolFull) -> Response:
        detail = (
            "the service is building as many PDFs as it can hold; "
            f"try again in {error.retry_after} seconds"
        )
        response = problem(429, detail, "busy") if wants_problem() else error_page(429, detail)
        response.headers["Retry-After"] = str(error.retry_after)
        return response

    @app.errorhandler(deadline.RequestTimeout)
    def timed_out(error: deadline.RequestTimeout) -> Response:
        detail = str(error)
        response = (
            problem(503, detail, "request-timeout") if wants_problem() else error_page(503, detail)
        )
        response.headers["Retry-After"] = "30"
        return response

    @app.errorhandler(AgreementError)
    def agreement_error(error: AgreementError) -> Response:
        if wants_problem():
            return from_error(error)
        return error_page(422, str(error))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        status = error.code or 500
        detail = error.description or ""
        if status == 413:
            limit = settings_of(app).max_upload_mb
            detail = f"the upload is larger than {limit} MB; send a smaller file"
        if wants_problem():
            response = problem(status, detail)
            for name, value in error.get_headers():
                if name.lower() not in ("content-type", "content-length"):
                    response.headers[name] = value
            return response
        return error_page(status, detail)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        response = internal_error(error)
        if wants_problem():
            return response
        return error_page(500, response.get_json()["detail"])
