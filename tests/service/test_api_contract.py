"""The API's contract: the bearer token, errors in one shape (RFC 9457), the OpenAPI document
and the page that shows it."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from agreement_builder.service import create_app
from agreement_builder.service.settings import Settings

from .api_support import SAMPLES, problem_of

TOKEN = "s3cret-token-for-tests"
METHODS = {"get", "post", "put", "patch", "delete"}
REFERRAL = SAMPLES / "referral.yaml"


@pytest.fixture
def guarded(settings: Settings) -> FlaskClient:
    app = create_app(replace(settings, api_token=TOKEN))
    app.config["TESTING"] = True
    return app.test_client()


# ---------------------------------------------------------------- bearer token


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/rules"),
        ("get", "/api/v1/kinds"),
        ("post", "/api/v1/check"),
        ("post", "/api/v1/lint"),
    ],
)
def test_a_token_is_needed_when_one_is_set(guarded: FlaskClient, method: str, path: str) -> None:
    missing = getattr(guarded, method)(path)
    body = problem_of(missing, 401)
    assert body["detail"] == "this API needs a bearer token"
    assert missing.headers["WWW-Authenticate"] == 'Bearer realm="agreement-builder"'
    wrong = getattr(guarded, method)(path, headers={"Authorization": "Bearer nope"})
    problem_of(wrong, 401)
    assert wrong.headers["WWW-Authenticate"].endswith('error="invalid_token"')
    other_scheme = getattr(guarded, method)(path, headers={"Authorization": f"Basic {TOKEN}"})
    problem_of(other_scheme, 401)


def test_the_right_token_opens_the_api(guarded: FlaskClient) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    assert guarded.get("/api/v1/kinds", headers=headers).status_code == 200
    checked = guarded.post(
        "/api/v1/check", data=REFERRAL.read_bytes(), content_type="text/yaml", headers=headers
    )
    assert checked.status_code == 200
    assert checked.get_json()["files"][0]["kind"] == "referral"
    # the scheme's name is case-insensitive (RFC 7235)
    assert (
        guarded.get("/api/v1/kinds", headers={"Authorization": f"bearer {TOKEN}"}).status_code
        == 200
    )


def test_health_openapi_and_docs_stay_open(guarded: FlaskClient) -> None:
    for path in ("/api/v1/health", "/api/v1/openapi.json", "/api/v1/docs"):
        assert guarded.get(path).status_code == 200, path


def test_without_a_token_set_the_api_is_open(client: FlaskClient) -> None:
    assert client.get("/api/v1/kinds").status_code == 200


# ---------------------------------------------------------------- errors


def test_malformed_bodies_are_400_located(client: FlaskClient) -> None:
    body = problem_of(
        client.post(
            "/api/v1/check?name=deal.yaml",
            data=b"agreement: [\n  kind: x\n",
            content_type="text/yaml",
        ),
        400,
    )
    [located] = body["problems"]
    assert located["file"] == "deal.yaml" and located["line"] == 3
    assert located["message"].startswith("malformed YAML/JSON")
    assert body["detail"].startswith("deal.yaml:3:")
    assert body["hint"] == "fix the syntax at that place"
    body = problem_of(
        client.post(
            "/api/v1/validate", data=b'{\n  "agreement": {,\n}', content_type="application/json"
        ),
        400,
    )
    assert body["problems"] == [
        {
            "file": "spec.json",
            "line": 2,
            "column": 17,
            "message": "malformed JSON: Expecting property name enclosed in double quotes",
        }
    ]
    body = problem_of(
        client.post("/api/v1/build", data=b"\xff\xfe\x00k", content_type="text/yaml"), 400
    )
    assert body["detail"] == "spec.yaml: not UTF-8 text (byte 0)"
    body = problem_of(client.post("/api/v1/check", data=b"  \n", content_type="text/yaml"), 400)
    assert body["detail"] == "spec.yaml: the body is empty"
    body = problem_of(
        client.post("/api/v1/check", data={"other": "x"}, content_type="multipart/form-data"), 400
    )
    assert body["detail"] == "the form has no `spec` file"


def test_wrong_content_types_are_415(client: FlaskClient) -> None:
    body = problem_of(client.post("/api/v1/check", data=b"x", content_type="text/plain"), 415)
    assert body["detail"].startswith("text/plain: the spec's content type must be")
    body = problem_of(
        client.post(
            "/api/v1/validate",
            data={"spec": (io.BytesIO(b"agreement: {}"), "deal.txt")},
            content_type="multipart/form-data",
        ),
        415,
    )
    assert body["detail"] == "deal.txt: the spec must be one of .yaml, .yml, .json"


def test_uploads_over_the_limit_are_413(settings: Settings) -> None:
    client = create_app(replace(settings, max_upload_mb=1)).test_client()
    big = b"x" * (1024 * 1024 + 1)
    body = problem_of(client.post("/api/v1/check", data=big, content_type="text/yaml"), 413)
    assert body["detail"] == "the upload is larger than 1 MB; send a smaller file"
    # the form by hand: the test client would spool a big file part to a temporary file
    # that the refused request never reads (and so never closes)
    form = (
        b'--cut\r\nContent-Disposition: form-data; name="document"; filename="big.txt"\r\n\r\n'
        + big
        + b"\r\n--cut--\r\n"
    )
    body = problem_of(
        client.post("/api/v1/lint", data=form, content_type="multipart/form-data; boundary=cut"),
        413,
    )
    assert "larger than 1 MB" in body["detail"]


def test_unknown_paths_and_methods(client: FlaskClient) -> None:
    problem_of(client.get("/api/v1/nothing-here"), 404)
    response = client.get("/api/v1/check")
    problem_of(response, 405)
    assert "POST" in response.headers["Allow"]


def test_an_internal_error_is_500_with_an_incident(
    app: Flask, monkeypatch: pytest.MonkeyPatch, no_logged_warnings: Any
) -> None:
    from agreement_builder import api

    def broken(kind: str | None = None) -> list[Any]:
        raise RuntimeError("registry at /srv/secret/rules is broken")

    monkeypatch.setattr(api, "rules", broken)
    response = app.test_client().get("/api/v1/rules")
    body = problem_of(response, 500)
    assert "secret" not in response.get_data(as_text=True)
    assert re.fullmatch(r"[0-9a-f]{12}", body["incident"])
    assert body["incident"] in body["detail"]
    [record] = no_logged_warnings.records
    assert record.getMessage() == f"internal error {body['incident']}"
    no_logged_warnings.records.clear()


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.one_of(
        st.binary(max_size=200),
        st.text(max_size=200).map(lambda t: t.encode("utf-8")),
        st.sampled_from(
            [b"agreement:\n  kind: pilot\n", b"[]", b"{}", b"null", b"- a\n- b\n", b"&a [*a]"]
        ),
    ),
    content_type=st.sampled_from(
        [
            "application/json",
            "text/yaml",
            "application/yaml",
            "text/plain",
            "application/octet-stream",
            "",
        ]
    ),
    endpoint=st.sampled_from(["validate", "check"]),
)
def test_any_body_gets_an_answer_in_one_shape(
    client: FlaskClient, body: bytes, content_type: str, endpoint: str
) -> None:
    response = client.post(f"/api/v1/{endpoint}", data=body, content_type=content_type)
    assert response.status_code in (200, 400, 415, 422), response.get_data(as_text=True)
    if response.status_code != 200:
        problem_of(response, response.status_code)


# ---------------------------------------------------------------- the OpenAPI document


def _routes(app: Flask) -> set[tuple[str, str]]:
    """(OpenAPI path, method) of every API route the application serves."""
    out = set()
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        if not path.startswith("/api/v1/") or path in ("/api/v1/openapi.json", "/api/v1/docs"):
            continue
        out |= {(path, m.lower()) for m in rule.methods or () if m not in ("HEAD", "OPTIONS")}
    return out


def test_the_openapi_document_is_valid_and_lists_every_route(
    app: Flask, client: FlaskClient
) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    try:
        from openapi_spec_validator import validate
    except ImportError:  # not in every environment: the structure, then
        assert spec["openapi"].startswith("3.0")
        assert {"title", "version"} <= set(spec["info"])
        for item in spec["paths"].values():
            for method in METHODS & set(item):
                assert item[method]["responses"]
    else:
        validate(spec)
    listed = {(p, m) for p, item in spec["paths"].items() for m in METHODS & set(item)}
    assert listed == _routes(app)
    assert len(listed) == 12
    # every operation documents its answers; every error is a problem document
    for path, item in spec["paths"].items():
        for method in METHODS & set(item):
            op = item[method]
            assert "200" in op["responses"], (path, method)
            assert op["summary"], (path, method)
            for status, reply in op["responses"].items():
                if status.startswith(("4", "5")):
                    assert list(reply["content"]) == ["application/problem+json"]
                    assert reply["content"]["application/problem+json"]["schema"] == {
                        "$ref": "#/components/schemas/Problem"
                    }


def test_the_openapi_document_describes_requests_responses_and_security(
    client: FlaskClient,
) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    paths = spec["paths"]
    schemas = spec["components"]["schemas"]
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "Only when the operator sets AGREEMENT_API_TOKEN; /health, "
        "/openapi.json and /docs stay open.",
    }
    assert spec["security"] == [{"bearerAuth": []}]
    assert paths["/api/v1/health"]["get"]["security"] == []
    check = paths["/api/v1/check"]["post"]
    assert set(check["requestBody"]["content"]) == {
        "application/json",
        "application/yaml",
        "text/yaml",
        "multipart/form-data",
    }
    assert set(check["responses"]["200"]["content"]) == {
        "application/json",
        "application/sarif+json",
    }
    assert set(check["responses"]) >= {"200", "400", "401", "413", "415", "422"}
    lint = paths["/api/v1/lint"]["post"]
    form = lint["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form == {"$ref": "#/components/schemas/LintForm"}
    assert schemas["LintForm"]["properties"]["document"] == {
        "type": "string",
        "format": "binary",
        "description": "the document: .docx, .pdf, .txt, .md, .markdown or .text",
    }
    assert schemas["LintForm"]["required"] == ["document"]
    assert set(schemas["PresignForm"]["properties"]) == {
        "document",
        "kind",
        "preview",
        "format",
        "spec",
        "sent",
    }
    presign = paths["/api/v1/presign"]["post"]["responses"]["200"]
    assert set(presign["headers"]) == {"X-Agreement-Ready", "X-Agreement-Verdict"}
    assert set(presign["content"]) == {"application/json", "application/sarif+json", "text/html"}
    build = paths["/api/v1/build"]["post"]["responses"]["200"]
    assert set(build["content"]) == {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/pdf",
        "text/html",
    }
    assert "X-Agreement-Gaps" in build["headers"]
    assert set(schemas["Problem"]["properties"]) == {
        "type",
        "title",
        "status",
        "detail",
        "hint",
        "problems",
        "incident",
    }
    assert paths["/api/v1/starters/{kind}"]["get"]["responses"]["200"]["content"] == {
        "text/yaml": {"schema": {"type": "string"}}
    }


def test_the_docs_page_shows_every_operation_and_schema(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    response = client.get("/api/v1/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    for path, item in spec["paths"].items():
        for method in METHODS & set(item):
            anchor = f"{method}-" + path.strip("/").replace("/", "-").replace("{", "").replace(
                "}", ""
            )
            assert f'id="{anchor}"' in page, anchor
            assert f'href="#{anchor}"' in page
    for name in spec["components"]["schemas"]:
        assert f'id="schema-{name}"' in page
    # the multipart form's fields and a response header are spelled out
    assert "<code>document</code>" in page and "X-Agreement-Verdict" in page
    assert "kind (query)" in page
    # nothing inline, nothing from elsewhere: the CSP holds without exceptions
    assert "<script" not in page and "<style" not in page and " style=" not in page
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert "/static/api-docs.css" in stylesheets
    for href in stylesheets:
        assert href.startswith("/")
        with client.get(href) as stylesheet:  # a static file: closed when done
            assert stylesheet.status_code == 200 and stylesheet.mimetype == "text/css"


def test_every_path_answers_as_documented(client: FlaskClient) -> None:
    """A GET of each documented path (examples filled in) answers 200 with the media type
    its document names."""
    spec = client.get("/api/v1/openapi.json").get_json()
    examples = {"{code}": "ECO101", "{clause_id}": "termination.for_cause", "{kind}": "pilot"}
    for path, item in spec["paths"].items():
        if "get" not in item:
            continue
        url = path
        for key, value in examples.items():
            url = url.replace(key, value)
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype in item["get"]["responses"]["200"]["content"], url


@hypothesis_settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=400),
    name=st.sampled_from(["a.docx", "a.pdf", "a.txt", "a.md", "a.exe", "", "ä b.DOCX"]),
    endpoint=st.sampled_from(["lint", "presign"]),
)
def test_any_upload_gets_a_report_or_a_problem(
    client: FlaskClient, data: bytes, name: str, endpoint: str
) -> None:
    response = client.post(
        f"/api/v1/{endpoint}",
        data={"document": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code in (200, 415, 422), response.get_data(as_text=True)
    if response.status_code == 200:
        [document] = response.get_json()["documents"]
        assert document["path"] == name  # as sent, never a path of ours
    else:
        problem_of(response, response.status_code)
