"""POST /api/v1/lint and /presign: uploads answered with the CLI's own reports."""

from __future__ import annotations

import io
import json
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest
from flask.testing import FlaskClient

from agreement_builder.service import jobs
from agreement_builder.service.schemas import LintReportSchema
from agreement_builder.service.settings import Settings

from ..conftest import DATA
from .api_support import LINT, SAMPLES, as_named, cli, problem_of, upload, with_tracked_insertion

RETURNED = SAMPLES / "documents" / "co_marketing_returned.docx"
SENT = SAMPLES / "documents" / "co_marketing_sent.docx"
CO_MARKETING = SAMPLES / "co_marketing.yaml"
DEFECTS = LINT / "defects.txt"


def _post(client: FlaskClient, endpoint: str, **fields: object) -> object:
    return client.post(f"/api/v1/{endpoint}", data=fields, content_type="multipart/form-data")


@pytest.mark.parametrize(
    ("path", "kind", "preview"),
    [
        (DEFECTS, None, False),
        (DEFECTS, "reseller", False),
        (DEFECTS, None, True),
        (LINT / "clean.md", None, False),
        (RETURNED, None, False),
    ],
    ids=["defects", "defects-as-reseller", "defects-preview", "clean.md", "returned.docx"],
)
def test_lint_json_is_the_clis(
    client: FlaskClient, tmp_path: Path, path: Path, kind: str | None, preview: bool
) -> None:
    options = [*(["--kind", kind] if kind else []), *(["--preview"] if preview else [])]
    _, out, _ = cli(tmp_path, "lint", "--format", "json", *options, path)
    fields: dict[str, object] = {"document": upload(path)}
    if kind:
        fields["kind"] = kind
    if preview:
        fields["preview"] = "true"
    response = _post(client, "lint", **fields)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_data(as_text=True) == as_named(out, {path: path.name})
    LintReportSchema().load(response.get_json())


def test_preview_runs_more_rules(client: FlaskClient) -> None:
    plain = _post(client, "lint", document=upload(DEFECTS)).get_json()
    more = _post(client, "lint", document=upload(DEFECTS), preview="true").get_json()
    codes = {f["code"] for f in plain["documents"][0]["findings"]}
    preview_codes = {f["code"] for f in more["documents"][0]["findings"]}
    assert codes < preview_codes


def test_lint_names_the_file_as_the_client_did(client: FlaskClient) -> None:
    body = _post(client, "lint", document=upload(DEFECTS, "Counterparty draft v3.txt")).get_json()
    [document] = body["documents"]
    assert document["path"] == "Counterparty draft v3.txt"
    assert document["findings"], "defects.txt has findings"
    assert {f["location"]["file"] for f in document["findings"]} == {"Counterparty draft v3.txt"}


def test_lint_sarif_and_html_on_request(client: FlaskClient, tmp_path: Path) -> None:
    _, out, _ = cli(tmp_path, "lint", "--format", "sarif", DEFECTS)
    sarif = _post(client, "lint", document=upload(DEFECTS), format="sarif")
    by_accept = client.post(
        "/api/v1/lint",
        data={"document": upload(DEFECTS)},
        content_type="multipart/form-data",
        headers={"Accept": "application/sarif+json"},
    )
    for response in (sarif, by_accept):
        assert response.mimetype == "application/sarif+json"
        assert response.get_data(as_text=True) == as_named(out, {DEFECTS: "defects.txt"})
    data = sarif.get_json()
    jsonschema.validate(data, json.loads((DATA / "sarif-schema-2.1.0.json").read_text()))
    findings = _post(client, "lint", document=upload(DEFECTS)).get_json()["documents"][0][
        "findings"
    ]
    assert [r["ruleId"] for r in data["runs"][0]["results"]] == [f["code"] for f in findings]
    html = _post(client, "lint", document=upload(DEFECTS, "draft.txt"), format="html")
    assert html.status_code == 200 and html.mimetype == "text/html"
    assert html.headers["Content-Disposition"] == "attachment; filename=draft.lint.html"
    page = html.get_data(as_text=True)
    assert page.lstrip().lower().startswith("<!doctype html")
    assert findings[0]["code"] in page


def test_presign_json_is_the_clis_with_spec_and_sent(client: FlaskClient, tmp_path: Path) -> None:
    code, out, _ = cli(
        tmp_path, "presign", "--format", "json", RETURNED, "--spec", CO_MARKETING, "--against", SENT
    )
    assert code == 1  # not ready
    response = _post(
        client, "presign", document=upload(RETURNED), spec=upload(CO_MARKETING), sent=upload(SENT)
    )
    assert response.status_code == 200
    names = {RETURNED: RETURNED.name, CO_MARKETING: CO_MARKETING.name, SENT: SENT.name}
    assert response.get_data(as_text=True) == as_named(out, names)
    body = response.get_json()
    LintReportSchema().load(body)
    presign = body["documents"][0]["presign"]
    assert presign["ready"] is False
    assert presign["spec"] == "co_marketing.yaml" and presign["sent"] == "co_marketing_sent.docx"
    # the verdict is in the JSON (as the CLI writes it) and in the headers
    assert response.headers["X-Agreement-Ready"] == "false"
    assert unquote(response.headers["X-Agreement-Verdict"]) == presign["verdict"]
    assert presign["verdict"].startswith("NOT READY: 9 unresolved changes by Harbourview Legal")
    spec_findings = [f for f in body["documents"][0]["findings"] if f["code"] == "PRS201"]
    assert spec_findings and all(
        "co_marketing.yaml approves" in f["message"] for f in spec_findings
    )


@pytest.fixture(scope="module")
def built_docx() -> bytes:
    """The referral sample built by the service itself: presign finds it ready."""
    return jobs.build_spec(Settings(), (SAMPLES / "referral.yaml").read_text(), "docx").data


def test_presign_of_a_clean_build_is_ready(client: FlaskClient, built_docx: bytes) -> None:
    response = _post(client, "presign", document=(io.BytesIO(built_docx), "referral.docx"))
    assert response.status_code == 200
    assert response.headers["X-Agreement-Ready"] == "true"
    verdict = unquote(response.headers["X-Agreement-Verdict"])
    assert verdict.startswith("READY")
    assert response.get_json()["documents"][0]["presign"]["verdict"] == verdict


def test_presign_reports_a_tracked_change_in_the_headers_too(
    client: FlaskClient, built_docx: bytes
) -> None:
    author = "Zoë Ångström\r\nX-Injected: 1"  # non-ASCII and a line break: never a raw header
    marked = with_tracked_insertion(built_docx, "Referral", " (subject to board approval)", author)
    for fmt in ("json", "sarif", "html"):
        response = _post(
            client, "presign", document=(io.BytesIO(marked), "returned.docx"), format=fmt
        )
        assert response.status_code == 200
        assert response.headers["X-Agreement-Ready"] == "false"
        header = response.headers["X-Agreement-Verdict"]
        assert header.isascii() and "\n" not in header and "X-Injected" not in response.headers
        verdict = unquote(header)
        assert verdict.startswith("NOT READY: 1 unresolved change by Zoë Ångström")
    body = _post(client, "presign", document=(io.BytesIO(marked), "returned.docx")).get_json()
    [change] = body["documents"][0]["presign"]["tracked_changes"]
    assert change["kind"] == "insertion" and change["text"] == "(subject to board approval)"
    assert body["documents"][0]["presign"]["verdict"] == verdict
    [finding] = [f for f in body["documents"][0]["findings"] if f["code"] == "PRS101"]
    assert "subject to board approval" in finding["message"]


def test_lint_does_not_carry_a_verdict(client: FlaskClient) -> None:
    response = _post(client, "lint", document=upload(DEFECTS))
    assert "X-Agreement-Ready" not in response.headers
    assert "presign" not in response.get_json()["documents"][0]


@pytest.mark.parametrize("endpoint", ["lint", "presign"])
def test_review_errors(client: FlaskClient, endpoint: str) -> None:
    # not a form
    body = problem_of(client.post(f"/api/v1/{endpoint}", json={"document": "x"}), 415)
    assert "multipart/form-data" in body["detail"]
    # a file type the service does not read
    body = problem_of(_post(client, endpoint, document=(io.BytesIO(b"MZ"), "tool.exe")), 415)
    assert (
        body["detail"]
        == "tool.exe: the document must be one of .docx, .pdf, .txt, .md, .markdown, .text"
    )
    # no document, a text field for a file, an unknown kind, an unknown field
    body = problem_of(_post(client, endpoint, kind="franchise", colour="red"), 422)
    located = {(p["location"], p["path"]): p["message"] for p in body["problems"]}
    assert located[("multipart", "document")] == "Missing data for required field."
    assert located[("multipart", "kind")].startswith("Must be one of: strategic_alliance")
    assert located[("multipart", "colour")] == "Unknown field."
    body = problem_of(_post(client, endpoint, document="just text"), 422)
    assert body["problems"] == [
        {
            "location": "multipart",
            "path": "document",
            "message": "must be a file (a multipart part with a filename)",
        }
    ]
    body = problem_of(_post(client, endpoint, document=upload(DEFECTS), format="pdf"), 422)
    assert body["problems"][0]["path"] == "format"


def test_presign_refuses_a_spec_of_another_type(client: FlaskClient) -> None:
    body = problem_of(
        _post(client, "presign", document=upload(DEFECTS), spec=(io.BytesIO(b"x"), "deal.txt")),
        415,
    )
    assert body["detail"] == "deal.txt: the spec must be one of .yaml, .yml, .json"


def test_presign_with_an_invalid_spec_is_422_naming_it(client: FlaskClient) -> None:
    broken = (io.BytesIO(b"agreement:\n  kind: referal\n"), "deal.yaml")
    response = _post(client, "presign", document=upload(DEFECTS), spec=broken)
    body = problem_of(response, 422)
    assert body["detail"].startswith("deal.yaml")
    assert any(p["path"] == "agreement.kind" and p["line"] == 2 for p in body["problems"])
