"""Every rule has runnable failing and passing cases, and each case holds.

Spec rules carry theirs in the rule files (``cases: {pass, fail}``: edits to a sample spec,
run by tests/engine/test_rules.py). Document rules have one fixture each, ``tests/rules/<CODE>.yml``
(like SQLFluff's rule cases): whole documents (``text``, or ``bytes_b64`` for what a YAML
string cannot hold), an optional ``kind``, ``suffix`` and ``config`` (the text of an
agreement.toml), and the findings of that rule
only, in report order, as ``{line, message}``. A failing case lists findings; a passing
case, a near miss a reviewer would accept, lists none.

The presign hygiene rules (rules/document/presign.yaml) are not raised by lint: their cases
run through ``engine.hygiene.hygiene_findings`` on the document read. Those whose signal cannot be
written as a text case (tracked changes, comments, package parts) are tested in
tests/presign/test_hygiene.py instead, which must name them.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from agreement_builder import api
from agreement_builder.analyze.components import Locator
from agreement_builder.engine import load_config, load_registry
from agreement_builder.engine.hygiene import HYGIENE_RULE_NAMES, hygiene_findings
from agreement_builder.read import read_document

from ..conftest import RULE_CASES, TESTS

FIXTURES = RULE_CASES
CASE_KEYS = {"name", "kind", "suffix", "text", "bytes_b64", "config", "findings"}
# presign's comparison with the version sent (rules only ``presign --against`` raises): the
# sent text, and the returned file's text with its tracked changes rejected
PRESIGN_KEYS = {"against", "original"}
RULES = api.rules()
DOCUMENT_RULES = {r.code for r in RULES if "document" in r.targets}
SPEC_RULES = {r.code for r in RULES if "spec" in r.targets}
HYGIENE_RULES = {r.code for r in RULES if r.name in HYGIENE_RULE_NAMES}
HYGIENE_TESTS = TESTS / "presign" / "test_hygiene.py"


def _fixtures() -> dict[str, list[dict[str, Any]]]:
    out = {}
    for path in sorted(FIXTURES.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(data) == {"rule", "cases"} and data["rule"] == path.stem, path.name
        out[path.stem] = data["cases"]
    return out


FIXTURE_CASES = _fixtures()
CASES = [
    pytest.param(code, case, id=f"{code}-{case['name']}")
    for code, cases in FIXTURE_CASES.items()
    for case in cases
]


@pytest.mark.parametrize(("code", "case"), CASES)
def test_document_rule_case(code: str, case: dict[str, Any], tmp_path: Path) -> None:
    assert set(case) <= CASE_KEYS | PRESIGN_KEYS, case["name"]
    assert ("text" in case) != ("bytes_b64" in case), case["name"]
    assert re.fullmatch(r"[a-z0-9]+(?:_[a-z0-9]+)*", case["name"])
    # the case's own config (TOML text; default empty), given explicitly: no other applies
    config = tmp_path / "agreement.toml"
    config.write_text(case.get("config", ""), encoding="utf-8")
    path = tmp_path / f"case{case.get('suffix', '.txt')}"
    if "bytes_b64" in case:
        path.write_bytes(base64.b64decode("".join(str(case["bytes_b64"]).split())))
    else:
        path.write_bytes(str(case["text"]).encode("utf-8"))
    if "against" in case:
        found = _against(code, case, path, config)
    elif code in HYGIENE_RULES:
        registry = load_registry()
        doc = read_document(path)
        findings = hygiene_findings(doc, registry, load_config(config, registry), Locator(doc))
        found = [(f.location.line, f.message) for f in findings if f.code == code]
    else:
        kind = case.get("kind", "strategic_alliance") or None  # kind: null, told from the text
        [report] = api.lint([path], kind=kind, config_path=config)
        found = [(f.location.line, f.message) for f in report.findings if f.code == code]
    # the report orders findings by consequence; a case lists them in any order
    found = sorted(found, key=lambda item: (item[0] or 0, item[1]))
    expected = sorted(
        ((f.get("line"), f["message"]) for f in case["findings"] or ()),
        key=lambda item: (item[0] or 0, item[1]),
    )
    assert found == expected


def _against(
    code: str, case: dict[str, Any], path: Path, config: Path
) -> list[tuple[int | None, str]]:
    """The returned document ``path`` compared with the version sent (``against``), as
    ``presign --against`` does (engine/redline.py; the lead wires it into api.presign)."""
    from agreement_builder.analyze.components import Locator
    from agreement_builder.engine import load_config, load_registry
    from agreement_builder.engine.redline import redline_findings
    from agreement_builder.read import read_document

    sent = path.with_name("sent.txt")
    sent.write_text(case["against"], encoding="utf-8")
    original = None
    if "original" in case:
        rejected = path.with_name("original.txt")
        rejected.write_text(case["original"], encoding="utf-8")
        original = read_document(rejected)
    registry = load_registry()
    returned = read_document(path)
    findings = redline_findings(
        returned,
        read_document(sent),
        original,
        registry,
        load_config(config, registry),
        Locator(returned),
    )
    return [(f.location.line, f.message) for f in findings if f.code == code]


def test_every_rule_has_a_failing_and_a_passing_case() -> None:
    """A rule without both is unfinished (proselint, SQLFluff)."""
    for rule in RULES:
        if rule.code in SPEC_RULES:
            assert rule.cases.get("fail"), f"{rule.code} has no failing case in its rule file"
            assert rule.cases.get("pass"), f"{rule.code} has no passing case in its rule file"
        if rule.code in HYGIENE_RULES and rule.code not in FIXTURE_CASES:
            tested = HYGIENE_TESTS.read_text(encoding="utf-8")
            assert rule.code in tested, (
                f"{rule.code}: no tests/rules case, nor a test in {HYGIENE_TESTS.name}"
            )
            continue
        if rule.code in DOCUMENT_RULES:
            cases = FIXTURE_CASES.get(rule.code)
            assert cases, f"{rule.code} has no fixture tests/rules/{rule.code}.yml"
            assert any(c["findings"] for c in cases), f"{rule.code}: no failing case"
            assert any(not c["findings"] for c in cases), f"{rule.code}: no passing case"
        assert rule.code in SPEC_RULES | DOCUMENT_RULES, f"{rule.code} targets nothing"
    assert set(FIXTURE_CASES) <= DOCUMENT_RULES, "a fixture names no document rule"


def test_document_rules_have_no_prose_cases() -> None:
    for rule in RULES:
        if rule.code in DOCUMENT_RULES and rule.code not in SPEC_RULES:
            assert not rule.cases, f"{rule.code}: its cases belong in tests/rules/{rule.code}.yml"
