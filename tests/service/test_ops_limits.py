"""Safe under load and bad input: upload size (413) and type (415, by suffix and by content),
the service config's [limits] per request, the per-request time limit (503), the PDF queue
(429), security headers on every response, and no uploaded file left behind."""

from __future__ import annotations

import io
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask, jsonify, request
from flask.testing import FlaskClient

from agreement_builder.service import create_app, jobs
from agreement_builder.service.pool import get_pool, shutdown_pool
from agreement_builder.service.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DEFECTS = ROOT / "tests" / "fixtures" / "lint" / "defects.txt"
SAMPLE = ROOT / "samples" / "referral.yaml"


def with_routes(app: Flask) -> Flask:
    """A route over the shared review job as the pages call it (with the document's text)."""
    settings = app.config["AGREEMENT_SETTINGS"]

    @app.post("/api/v1/test-lint")
    def lint_route():  # type: ignore[no-untyped-def]
        review = jobs.review(settings, request.files["document"], mode="lint")
        findings = review.report.findings
        return jsonify(
            path=review.report.path,
            codes=[f.code for f in findings],
            messages=[f.message for f in findings],
        )

    return app


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A temporary folder of this test's own for everything the service writes (upload
    folders, Werkzeug's spooled uploads), so a listing of it is not disturbed by others."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def make_client(settings: Settings, **changes: object) -> FlaskClient:
    app = with_routes(create_app(replace(settings, **changes)))  # type: ignore[arg-type]
    app.config["TESTING"] = True
    return app.test_client()


def upload(data: bytes, name: str) -> dict[str, object]:
    return {"document": (io.BytesIO(data), name)}


def encoded(data: bytes, name: str) -> dict[str, object]:
    """A multipart body encoded here, in memory: the test client spools a large one into a
    temporary file it never closes."""
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    boundary, body = encode_multipart({"document": FileStorage(io.BytesIO(data), name)})
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- type (415) and size (413)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "contract.docx",
            b"This is plain text saved with a .docx name.\n",
            "the document is named .docx but its content is plain text, not a Word document",
        ),
        (
            "contract.pdf",
            b"PK\x03\x04" + b"\x00" * 64,
            "the document is named .pdf but its content is a ZIP archive",
        ),
        (
            "contract.docx",
            bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 600,
            "its content is an old binary Office file (.doc, .xls), not a Word document",
        ),
        (
            "contract.txt",
            b"\x00\x00\x01\x02" * 400,
            "the document is named .txt but its content is binary data, not text",
        ),
        ("contract.exe", b"MZ\x90\x00", "the document must be one of .docx, .pdf"),
    ],
)
def test_wrong_type_is_415_by_suffix_and_by_content(
    settings: Settings, private_tmp: Path, name: str, data: bytes, message: str
) -> None:
    client = make_client(settings)
    response = client.post("/api/v1/test-lint", data=upload(data, name))
    assert response.status_code == 415
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert message in body["detail"]
    assert body["detail"].startswith(f"{name}: ")  # the client's name, never a path of ours
    assert str(private_tmp) not in response.get_data(as_text=True)
    assert body["hint"]
    assert listing(private_tmp) == []


def test_an_old_word_file_is_told_to_save_as_docx(settings: Settings, private_tmp: Path) -> None:
    client = make_client(settings)
    ole = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 600
    body = client.post("/api/v1/test-lint", data=upload(ole, "old.docx")).get_json()
    assert "save it as .docx" in body["hint"]


def test_a_real_docx_and_text_pass_the_type_check(settings: Settings, private_tmp: Path) -> None:
    client = make_client(settings)
    text = DEFECTS.read_text(encoding="utf-8")
    for data, name in ((docx_bytes(text), "deal.docx"), (text.encode(), "deal.txt")):
        response = client.post("/api/v1/test-lint", data=upload(data, name))
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.get_json()["path"] == name
        assert "TRM101" in response.get_json()["codes"] or response.get_json()["codes"]
    assert listing(private_tmp) == []


def test_a_zip_that_is_not_word_is_422_with_a_clear_message(
    settings: Settings, private_tmp: Path
) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    client = make_client(settings)
    response = client.post("/api/v1/test-lint", data=upload(out.getvalue(), "deal.docx"))
    # it is a ZIP, so the type check lets it through; the DOCX reader says what it is not
    assert response.status_code == 200
    assert response.get_json()["codes"] == ["DOC003"]
    [message] = response.get_json()["messages"]
    assert "not a Word document" in message or "word/document.xml" in message, message
    assert listing(private_tmp) == []


def test_multipart_over_the_size_limit_is_413_and_leaves_nothing(
    settings: Settings, private_tmp: Path
) -> None:
    client = make_client(settings, max_upload_mb=1)
    big = b"The Parties agree.\n" * 60_000  # 1.1 MB
    response = client.post("/api/v1/test-lint", **encoded(big, "big.txt"))
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["detail"] == "the upload is larger than 1 MB; send a smaller file"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert listing(private_tmp) == []
    page = client.post("/test-lint-page-does-not-matter", **encoded(big, "big.txt"))
    assert page.status_code in (404, 413)  # a page path answers an error page either way
    assert page.mimetype == "text/html"


def test_the_api_endpoints_apply_the_same_checks(settings: Settings, private_tmp: Path) -> None:
    client = make_client(settings, max_upload_mb=1)
    wrong = client.post("/api/v1/lint", data=upload(b"%PDF-1.7\n", "deal.docx"))
    assert wrong.status_code == 415
    assert "named .docx but its content is a PDF" in wrong.get_json()["detail"]
    big = client.post("/api/v1/presign", **encoded(b"The Parties agree.\n" * 60_000, "a.txt"))
    assert big.status_code == 413 and big.mimetype == "application/problem+json"
    assert listing(private_tmp) == []


# ---------------------------------------------------------------- the service config's limits


def test_the_service_configs_limits_apply_to_each_request(
    settings: Settings, private_tmp: Path, tmp_path: Path
) -> None:
    config = tmp_path / "service.toml"
    config.write_text("[limits]\nmax_text_chars = 500\n", encoding="utf-8")
    client = make_client(settings, config=str(config))
    response = client.post("/api/v1/test-lint", data=upload(DEFECTS.read_bytes(), "draft.txt"))
    assert response.status_code == 200
    assert response.get_json()["codes"] == ["DOC003"]  # over the service's 500 characters
    assert "500" in response.get_json()["messages"][0]
    # the same document under the defaults is read and linted
    plain = make_client(settings).post(
        "/api/v1/test-lint", data=upload(DEFECTS.read_bytes(), "draft.txt")
    )
    assert "DOC003" not in plain.get_json()["codes"] and plain.get_json()["codes"]
    assert listing(private_tmp) == []


# ---------------------------------------------------------------- time (503) and queue (429)


def test_a_request_past_its_time_is_503_with_retry_after(
    settings: Settings, private_tmp: Path
) -> None:
    client = make_client(settings, request_seconds=1)
    big = DEFECTS.read_bytes() * 400  # about 13 s of linting without the limit
    began = time.monotonic()
    response = client.post("/api/v1/test-lint", **encoded(big, "long.txt"))
    assert time.monotonic() - began < 10  # stopped in its worker process, not waited out
    assert response.status_code == 503
    body = response.get_json()
    assert body["detail"].startswith("the request took longer than its limit of 1 seconds")
    assert response.headers["Retry-After"] == "30"
    assert response.headers["Content-Security-Policy"]
    assert listing(private_tmp) == []


def test_pdf_builds_past_the_queue_are_429(settings: Settings, private_tmp: Path) -> None:
    client = make_client(settings, pdf_workers=1, pdf_queue=0)
    pool = get_pool(client.application.config["AGREEMENT_SETTINGS"])
    spec = SAMPLE.read_text(encoding="utf-8")
    first: list[object] = []
    try:
        worker = threading.Thread(
            target=lambda: first.append(
                client.post("/api/v1/build?format=pdf", data=spec, content_type="application/yaml")
            )
        )
        worker.start()
        deadline = time.monotonic() + 60
        while pool.in_flight == 0:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        refused = make_client(settings, pdf_workers=1, pdf_queue=0).post(
            "/api/v1/build?format=pdf", data=spec, content_type="application/yaml"
        )
        worker.join(120)
    finally:
        shutdown_pool()
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.get_json()["type"].endswith("/busy")
    assert "try again in" in refused.get_json()["detail"]
    assert refused.headers["X-Frame-Options"] == "DENY"
    [built] = first
    assert built.status_code == 200 and built.data.startswith(b"%PDF-")  # type: ignore[attr-defined]
    assert listing(private_tmp) == []


# ---------------------------------------------------------------- headers on every response


def read(response):  # type: ignore[no-untyped-def]
    """``response`` read and closed (a static file is streamed from an open file)."""
    response.get_data()
    response.close()
    return response


def test_every_response_carries_the_security_headers(settings: Settings) -> None:
    client = make_client(settings, max_upload_mb=1)
    responses = {
        "api 404": client.get("/api/v1/nothing-here"),
        "page 404": client.get("/nothing-here"),
        "api 405": client.get("/api/v1/test-lint"),
        "413": client.post("/api/v1/test-lint", **encoded(b"x" * (1 << 21), "a.txt")),
        "415": client.post("/api/v1/test-lint", data=upload(b"x", "a.exe")),
        "400": client.post("/api/v1/test-lint", data={}),
        "openapi": client.get("/api/v1/openapi.json"),
        "health": client.get("/api/v1/health"),
        "home": client.get("/"),
        "static": read(client.get("/static/site.css")),
        "api docs": client.get("/api/v1/docs"),
    }
    assert responses["api 405"].status_code == 405
    assert responses["400"].status_code == 400
    for name, response in responses.items():
        headers = response.headers
        assert "frame-ancestors 'none'" in headers.get("Content-Security-Policy", ""), name
        assert headers.get("X-Content-Type-Options") == "nosniff", name
        assert headers.get("X-Frame-Options") == "DENY", name
        assert headers.get("Referrer-Policy") == "no-referrer", name
        assert "Strict-Transport-Security" not in headers, name  # not over plain HTTP
        if response.status_code >= 400:
            text = response.get_data(as_text=True)
            assert "Traceback" not in text and "werkzeug" not in text.lower(), name


def test_hsts_only_over_https_and_when_set(settings: Settings) -> None:
    secure = make_client(settings, hsts_seconds=31536000)
    over_https = secure.get("/api/v1/health", base_url="https://localhost")
    assert over_https.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )
    assert "Strict-Transport-Security" not in secure.get("/api/v1/health").headers
    unset = make_client(settings).get("/api/v1/health", base_url="https://localhost")
    assert "Strict-Transport-Security" not in unset.headers
    # behind a proxy, gunicorn turns X-Forwarded-Proto from a trusted address into https:
    # the application sees wsgi.url_scheme, as the test client's https base gives it
    error = secure.get("/nothing-here", base_url="https://localhost")
    assert error.status_code == 404 and "Strict-Transport-Security" in error.headers
