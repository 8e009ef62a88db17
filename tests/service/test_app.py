"""The application shell: settings, security headers, errors in one shape, no internals."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from agreement_builder.service import create_app
from agreement_builder.service.settings import Settings, SettingsError, load_settings


def test_health_and_openapi(client: FlaskClient) -> None:
    health = client.get("/api/v1/health")
    assert health.status_code == 200
    assert health.get_json()["status"] == "ok"
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/health" in spec["paths"]


def test_security_headers_on_pages_and_api(client: FlaskClient) -> None:
    for path in ("/", "/api/v1/health"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
    assert client.get("/api/v1/health").headers["Cache-Control"] == "no-store"


def test_unknown_api_path_is_a_problem_document(client: FlaskClient) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 404 and body["title"] == "Not Found"
    assert body["type"].endswith("/not-found")


def test_unknown_page_is_an_error_page(client: FlaskClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert b"404 Not Found" in response.data
    assert b"Back to the start page" in response.data


def test_an_internal_error_shows_no_internals(app: Flask, no_logged_warnings) -> None:  # type: ignore[no-untyped-def]
    @app.get("/api/v1/boom")
    def boom() -> str:
        raise RuntimeError("secret path /srv/data/deal.yaml")

    @app.get("/boom")
    def boom_page() -> str:
        raise RuntimeError("secret path /srv/data/deal.yaml")

    client = app.test_client()
    api = client.get("/api/v1/boom")
    assert api.status_code == 500
    body = api.get_json()
    assert "secret" not in api.get_data(as_text=True)
    assert "Traceback" not in api.get_data(as_text=True)
    assert body["incident"] in body["detail"]
    page = client.get("/boom")
    assert page.status_code == 500
    assert b"secret" not in page.data and b"Traceback" not in page.data
    # the traceback is in the log, under the incident the client was given
    logged = no_logged_warnings.records
    assert [r.getMessage() for r in logged] == [
        f"internal error {body['incident']}",
        logged[1].getMessage(),
    ]
    assert "secret path" in str(logged[0].exc_info[1])
    logged.clear()


def test_settings_from_toml_env_and_overrides(tmp_path) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "agreement.toml"
    config.write_text("[service]\nport = 9000\nworkers = 3\nmax_upload_mb = 5\n")
    settings = load_settings(config, {"AGREEMENT_WORKERS": "4"}, port=None, host="0.0.0.0")
    assert (settings.port, settings.workers, settings.max_upload_mb) == (9000, 4, 5)
    assert settings.host == "0.0.0.0"
    assert settings.config == str(config)


@pytest.mark.parametrize(
    ("text", "environ", "message"),
    [
        ("[service]\nportt = 1\n", {}, "[service] portt: unknown setting"),
        ("[service]\nworkers = 'many'\n", {}, "[service] workers: 'many' is not a whole number"),
        ("", {"AGREEMENT_MAX_UPLOAD_MB": "0"}, "environment variable AGREEMENT_MAX_UPLOAD_MB: 0"),
    ],
)
def test_bad_settings_say_where(tmp_path, text: str, environ: dict[str, str], message: str) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "agreement.toml"
    config.write_text(text)
    with pytest.raises(SettingsError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_settings(config, environ)


def test_upload_limit_answers_413(settings: Settings) -> None:
    from dataclasses import replace

    app = create_app(replace(settings, max_upload_mb=1))

    @app.post("/api/v1/echo")
    def echo() -> str:
        from flask import request

        return str(len(request.get_data()))

    response = app.test_client().post("/api/v1/echo", data=b"x" * (1024 * 1024 + 10))
    assert response.status_code == 413
    assert "larger than 1 MB" in response.get_json()["detail"]


def test_the_default_pdf_queue_can_refuse() -> None:
    """A worker takes ``threads`` requests at once: a PDF pool that holds that many never
    answers 429, and a burst of builds would each wait out its time limit instead."""
    defaults = Settings()
    assert defaults.pdf_workers + defaults.pdf_queue < defaults.threads
