"""POST /api/v1/validate, /check and /build on the samples: the CLI's answers, over HTTP."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import docx
import jsonschema
import pytest
from flask.testing import FlaskClient

from agreement_builder.service.schemas import CheckReportSchema

from ..conftest import DATA, pdf_text
from .api_support import SAMPLES, as_named, cli, problem_of

REFERRAL = SAMPLES / "referral.yaml"
SPLIT_90 = SAMPLES / "gaps" / "split_totals_90.yaml"


def test_validate_answers_the_spec_summary(client: FlaskClient) -> None:
    response = client.post(
        "/api/v1/validate?name=deal.yaml", data=REFERRAL.read_bytes(), content_type="text/yaml"
    )
    assert response.status_code == 200
    assert response.get_json() == {
        "file": "deal.yaml",
        "valid": True,
        "kind": "referral",
        "title": "Referral Exchange Agreement",
        "parties": ["merlion", "kallang"],
        "message": "deal.yaml: valid referral spec with 2 parties",
    }


def test_validate_says_what_the_cli_says(client: FlaskClient, tmp_path: Path) -> None:
    code, out, _ = cli(tmp_path, "validate", REFERRAL)
    assert code == 0
    response = client.post(
        "/api/v1/validate", data=REFERRAL.read_bytes(), content_type="application/yaml"
    )
    assert response.get_json()["message"] + "\n" == as_named(out, {REFERRAL: "spec.yaml"})


@pytest.mark.parametrize("sample", [REFERRAL, SPLIT_90], ids=lambda p: p.name)
def test_check_json_is_the_clis(client: FlaskClient, tmp_path: Path, sample: Path) -> None:
    _, out, _ = cli(tmp_path, "check", "--format", "json", sample)
    response = client.post(
        f"/api/v1/check?name={sample.name}", data=sample.read_bytes(), content_type="text/yaml"
    )
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_data(as_text=True) == as_named(out, {sample: sample.name})
    # the schema in the OpenAPI document describes it, key for key
    CheckReportSchema().load(response.get_json())


def test_check_finds_the_split_that_does_not_add_up(client: FlaskClient) -> None:
    response = client.post("/api/v1/check", data=SPLIT_90.read_bytes(), content_type="text/yaml")
    [entry] = response.get_json()["files"]
    [finding] = [f for f in entry["findings"] if f["code"] == "ECO101"]
    assert finding["location"]["file"] == "spec.yaml"
    assert finding["location"]["path"] == "economics.splits"
    assert "the splits total 90%" in finding["message"]


def test_check_takes_json_and_a_multipart_upload(client: FlaskClient) -> None:
    import yaml

    spec = yaml.safe_load(SPLIT_90.read_text(encoding="utf-8"))
    body = json.dumps(spec, indent="\t", default=str)  # dates as YYYY-MM-DD; tabs are JSON
    as_json = client.post("/api/v1/check", data=body, content_type="application/json").get_json()
    assert as_json["files"][0]["file"] == "spec.json"
    uploaded = client.post(
        "/api/v1/check",
        data={"spec": (io.BytesIO(SPLIT_90.read_bytes()), "our deal.yaml")},
        content_type="multipart/form-data",
    ).get_json()
    assert uploaded["files"][0]["file"] == "our deal.yaml"
    codes = [f["code"] for f in uploaded["files"][0]["findings"]]
    assert [f["code"] for f in as_json["files"][0]["findings"]] == codes
    assert "ECO101" in codes


def test_check_sarif_on_request(client: FlaskClient, tmp_path: Path) -> None:
    _, out, _ = cli(tmp_path, "check", "--format", "sarif", SPLIT_90)
    by_query = client.post(
        "/api/v1/check?format=sarif&name=split_totals_90.yaml",
        data=SPLIT_90.read_bytes(),
        content_type="text/yaml",
    )
    by_accept = client.post(
        "/api/v1/check?name=split_totals_90.yaml",
        data=SPLIT_90.read_bytes(),
        content_type="text/yaml",
        headers={"Accept": "application/sarif+json"},
    )
    for response in (by_query, by_accept):
        assert response.status_code == 200
        assert response.mimetype == "application/sarif+json"
        assert response.get_data(as_text=True) == as_named(out, {SPLIT_90: "split_totals_90.yaml"})
    sarif = by_query.get_json()
    jsonschema.validate(sarif, json.loads((DATA / "sarif-schema-2.1.0.json").read_text()))
    [run] = sarif["runs"]
    [result] = [r for r in run["results"] if r["ruleId"] == "ECO101"]
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "split_totals_90.yaml"
    assert physical["region"]["startLine"] > 0


def test_build_docx_is_a_download_python_docx_opens(client: FlaskClient) -> None:
    response = client.post(
        "/api/v1/build?format=docx&name=referral.yaml",
        data=REFERRAL.read_bytes(),
        content_type="text/yaml",
    )
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    assert response.headers["Content-Disposition"] == "attachment; filename=referral.docx"
    assert response.headers["X-Agreement-Gaps"] == "0"
    document = docx.Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Referral Exchange Agreement" in text or "REFERRAL EXCHANGE AGREEMENT" in text.upper()


def test_build_pdf_has_the_agreements_text(client: FlaskClient) -> None:
    response = client.post(
        "/api/v1/build?format=pdf", data=REFERRAL.read_bytes(), content_type="text/yaml"
    )
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == "attachment; filename=spec.pdf"
    pages = pdf_text(response.data)
    assert len(pages) > 1
    assert "Referral" in pages[0]


def test_build_counts_the_open_items(client: FlaskClient, tmp_path: Path) -> None:
    sample = SAMPLES / "gaps" / "undecided_economics.yaml"
    code, out, _ = cli(tmp_path, "build", "--format", "html", "-o", tmp_path / "out", sample)
    assert code == 0
    found = re.search(r": (\d+) open items?:", out)
    assert found, out
    expected = int(found[1])
    assert expected >= 1
    response = client.post(
        "/api/v1/build?format=html", data=sample.read_bytes(), content_type="text/yaml"
    )
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.headers["Content-Disposition"] == "attachment; filename=spec.html"
    assert int(response.headers["X-Agreement-Gaps"]) == expected
    assert b"<html" in response.data[:200].lower()


def test_an_invalid_spec_is_422_with_every_problem_as_the_cli_prints_them(
    client: FlaskClient, tmp_path: Path
) -> None:
    bad = tmp_path / "bad deal.yaml"
    text = REFERRAL.read_text(encoding="utf-8").replace("kind: referral", "kind: referal")
    text = text.replace("legal_name:", "legal_nam:", 1)
    bad.write_text(text, encoding="utf-8")
    code, _, err = cli(tmp_path, "validate", bad)
    assert code == 2
    for endpoint in ("validate", "check", "build"):
        response = client.post(
            f"/api/v1/{endpoint}?name=bad deal.yaml", data=text.encode(), content_type="text/yaml"
        )
        body = problem_of(response, 422)
        assert body["detail"] + "\n" == as_named(err, {bad: "bad deal.yaml"})
        lines = err.splitlines()[:-1]  # each located problem; the last line counts them
        assert len(body["problems"]) == len(lines) >= 2
        for problem, line in zip(body["problems"], lines, strict=True):
            where = f"{problem['file']}:{problem['line']}:{problem['column']}: "
            assert as_named(line, {bad: "bad deal.yaml"}) == where + (
                f"{problem['path']}: {problem['message']}"
                if problem["path"]
                else problem["message"]
            )
        paths = {p["path"] for p in body["problems"]}
        assert "agreement.kind" in paths
        assert all(p["file"] == "bad deal.yaml" for p in body["problems"])
