"""GET /api/v1/rules, /clauses, /starters/<kind> and /kinds: what the CLI lists and shows."""

from __future__ import annotations

from pathlib import Path

import yaml
from flask.testing import FlaskClient

from agreement_builder import api

from .api_support import cli, problem_of


def test_rules_list_every_rule_and_filter_by_kind(client: FlaskClient, tmp_path: Path) -> None:
    every = client.get("/api/v1/rules").get_json()
    _, out, _ = cli(tmp_path, "rules")
    assert [r["code"] for r in every] == [line.split()[0] for line in out.splitlines()[:-1]]
    assert out.splitlines()[-1] == f"{len(every)} rules"
    pilot = client.get("/api/v1/rules?kind=pilot").get_json()
    _, out, _ = cli(tmp_path, "rules", "--kind", "pilot")
    assert [r["code"] for r in pilot] == [line.split()[0] for line in out.splitlines()[:-1]]
    assert all("pilot" in r["kinds"] for r in pilot)
    assert len(pilot) < len(every)


def test_one_rule_with_why_fix_and_source(client: FlaskClient, tmp_path: Path) -> None:
    rule = client.get("/api/v1/rules/ECO101").get_json()
    found = api.find_rule("ECO101")
    assert rule["name"] == "economics.split-total" == found.name
    assert rule["severity"] == "error"
    assert rule["why"] == found.why and rule["fix"] == found.fix and rule["source"] == found.source
    assert rule["components"] == ["revenue_sharing"]
    assert rule["preview"] is False
    _, out, _ = cli(tmp_path, "rules", "ECO101")
    assert rule["explanation"] + "\n" == out
    # by name, and in lower case, as the CLI finds it
    assert client.get("/api/v1/rules/economics.split-total").get_json()["code"] == "ECO101"
    assert client.get("/api/v1/rules/eco101").get_json()["code"] == "ECO101"


def test_an_unknown_rule_is_404_with_the_clis_message(client: FlaskClient, tmp_path: Path) -> None:
    body = problem_of(client.get("/api/v1/rules/XYZ999"), 404)
    code, _, err = cli(tmp_path, "rules", "XYZ999")
    assert code == 2
    assert err == f"error: {body['detail']}\n"
    assert body["detail"] == "XYZ999: no such rule; run `agreement rules` to list them"


def test_clauses_list_and_one_with_its_text(client: FlaskClient, tmp_path: Path) -> None:
    every = client.get("/api/v1/clauses").get_json()
    _, out, _ = cli(tmp_path, "clauses")
    assert [c["id"] for c in every] == [line.split()[0] for line in out.splitlines()[:-1]]
    referral = client.get("/api/v1/clauses?kind=referral").get_json()
    assert referral and all("referral" in c["kinds"] for c in referral)
    _, out, _ = cli(tmp_path, "clauses", "--kind", "referral")
    assert [c["id"] for c in referral] == [line.split()[0] for line in out.splitlines()[:-1]]
    clause = client.get("/api/v1/clauses/termination.for_cause").get_json()
    found = api.find_clause("termination.for_cause")
    assert clause["title"] == found.title and clause["component"] == "termination"
    assert clause["text"] == found.body and clause["text"].strip()
    assert [v["path"] for v in clause["variables"]] == [v.path for v in found.variables]
    _, out, _ = cli(tmp_path, "clauses", "termination.for_cause")
    assert out.startswith(f"{clause['id']}: {clause['title']}\n")


def test_an_unknown_clause_is_404_without_a_server_path(
    client: FlaskClient, tmp_path: Path
) -> None:
    body = problem_of(client.get("/api/v1/clauses/termination.bogus"), 404)
    assert body["detail"] == (
        "no clause 'termination.bogus' in the library; run `agreement clauses` to list them"
    )
    _, _, err = cli(tmp_path, "clauses", "termination.bogus")
    assert "no clause 'termination.bogus' in the library at " in err  # the CLI names its folder


def test_starters_are_the_yaml_init_writes(client: FlaskClient, tmp_path: Path) -> None:
    for kind in api.KINDS:
        response = client.get(f"/api/v1/starters/{kind}")
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/yaml; charset=utf-8"
        target = tmp_path / f"{kind}.yaml"
        assert cli(tmp_path, "init", "--kind", kind, target)[0] == 0
        assert response.get_data(as_text=True) == target.read_text(encoding="utf-8")
        assert yaml.safe_load(response.data)["agreement"]["kind"] == kind
    # and a starter validates as written
    starter = client.get("/api/v1/starters/pilot").data
    checked = client.post("/api/v1/validate", data=starter, content_type="text/yaml")
    assert checked.get_json()["kind"] == "pilot"


def test_an_unknown_kind_is_404(client: FlaskClient) -> None:
    body = problem_of(client.get("/api/v1/starters/franchise"), 404)
    assert body["detail"] == (
        "unknown agreement kind 'franchise'; expected one of: strategic_alliance, "
        "joint_venture, co_marketing, referral, reseller, licensing, pilot"
    )
    body = problem_of(client.get("/api/v1/rules?kind=franchise"), 422)
    assert body["problems"][0]["location"] == "query"
    assert body["problems"][0]["path"] == "kind"


def test_kinds_link_their_starters(client: FlaskClient) -> None:
    kinds = client.get("/api/v1/kinds").get_json()
    assert [k["kind"] for k in kinds] == list(api.KINDS)
    assert kinds[1] == {
        "kind": "joint_venture",
        "title": "Joint venture",
        "starter": "/api/v1/starters/joint_venture",
    }
    for kind in kinds:
        assert client.get(kind["starter"]).status_code == 200
