"""Every rule has runnable failing and passing cases, and each case holds.

Spec rules carry theirs in the rule files (``cases: {pass, fail}``: edits to a sample spec,
run by tests/engine/test_rules.py). Document rules have one fixture each, ``tests/rules/<CODE>.yml``
(like SQLFluff's rule cases): whole documents (``text``, or ``bytes_b64`` for what a YAML
string cannot hold), an optional ``kind``, ``suffix`` and ``config`` (the text of an
agreement.toml), ``recorded: true`` (the text becomes a DOCX, a paragraph per line, carrying
the kind as our build records it, so the kind is "recorded", not given), and the findings of
that rule only, in any order, as ``{line, message}``.
A failing case lists findings; a passing case, a near miss a reviewer would accept, lists
none.

Presign rules (``PRS``) are not raised by lint: their cases run through the pre-signing
review itself (engine/run_presign.presign_document), with an optional ``spec`` (a spec file,
relative to the repository: the document is checked against it as ``presign --spec`` does),
``against`` (the text of the version sent, as ``presign --against``) and ``original`` (the
returned file's text with its tracked changes rejected). Rules whose signal cannot be written
as a text case (tracked changes, comments, package parts) are tested in tests/presign/
instead: TESTED_ELSEWHERE and tests/presign/test_hygiene.py name them.
"""

from __future__ import annotations

import base64
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml

from agreement_builder import api
from agreement_builder.core.findings import Finding
from agreement_builder.engine import load_config, load_registry
from agreement_builder.engine.hygiene import HYGIENE_RULE_NAMES
from agreement_builder.engine.run_presign import presign_document
from agreement_builder.read import read_document
from agreement_builder.spec.fingerprint import KIND_PROPERTY

from ..conftest import ROOT, RULE_CASES, TESTS

FIXTURES = RULE_CASES
CASE_KEYS = {"name", "kind", "suffix", "text", "bytes_b64", "config", "recorded", "findings"}
# what a presign case is checked against: the approved spec, the text of the version sent,
# and the returned file's text with its tracked changes rejected
PRESIGN_KEYS = {"spec", "against", "original"}
# rules whose cases cannot be a text file: where they are tested instead
TESTED_ELSEWHERE = {
    # the fingerprint a built DOCX or PDF records, read from its custom properties
    "PRS207": "tests/presign/test_conformance.py::test_a_document_built_from_another_version_of_the_spec_is_flagged",
}
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
    # preview rules (off by default, docs/rules.md) run in preview mode: every rule's cases run
    config = tmp_path / "agreement.toml"
    config.write_text("preview = true\n" + case.get("config", ""), encoding="utf-8")
    path = tmp_path / f"case{case.get('suffix', '.txt')}"
    kind = case.get("kind", "strategic_alliance") or None  # kind: null, told from the text
    if "bytes_b64" in case:
        path.write_bytes(base64.b64decode("".join(str(case["bytes_b64"]).split())))
    elif case.get("recorded"):
        path = recorded_docx(str(case["text"]), str(kind), tmp_path / "case.docx")
        kind = None  # read from the document, as our build recorded it
    else:
        path.write_bytes(str(case["text"]).encode("utf-8"))
    if code.startswith("PRS") or set(case) & PRESIGN_KEYS:
        findings = _presign(case, path, kind, config)
    else:
        [report] = api.lint([path], kind=kind, config_path=config)
        findings = list(report.findings)
    # the report orders findings by consequence; a case lists them in any order
    found = sorted(
        ((f.location.line, f.message) for f in findings if f.code == code),
        key=lambda item: (item[0] or 0, item[1]),
    )
    expected = sorted(
        ((f.get("line"), f["message"]) for f in case["findings"] or ()),
        key=lambda item: (item[0] or 0, item[1]),
    )
    assert found == expected


def recorded_docx(text: str, kind: str, path: Path) -> Path:
    """A DOCX of ``text`` (a paragraph per line) with the custom property our build writes for
    the kind (spec/fingerprint.KIND_PROPERTY), so the linter reads the kind as recorded."""
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.save(path)
    custom = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        f'name="{KIND_PROPERTY}"><vt:lpwstr>{kind}</vt:lpwstr></property></Properties>'
    )
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["docProps/custom.xml"] = custom.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/docProps/custom.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
    )
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>',
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return path


def _presign(case: dict[str, Any], path: Path, kind: str | None, config: Path) -> list[Finding]:
    """The pre-signing review of the document at ``path``, against what the case names."""
    registry = load_registry()

    def read(key: str) -> Any:
        if key not in case:
            return None
        other = path.with_name(f"{key}.txt")
        other.write_text(case[key], encoding="utf-8")
        return read_document(other)

    spec = api.load_spec(ROOT / case["spec"]) if "spec" in case else None
    report = presign_document(
        read_document(path),
        kind,
        load_config(config, registry),
        registry,
        spec=spec,
        spec_path=case.get("spec"),
        sent=read("against"),
        original=read("original"),
    )
    return list(report.findings)


def test_every_rule_has_a_failing_and_a_passing_case() -> None:
    """A rule without both is unfinished (proselint, SQLFluff)."""
    for rule in RULES:
        if rule.code in SPEC_RULES:
            assert rule.cases.get("fail"), f"{rule.code} has no failing case in its rule file"
            assert rule.cases.get("pass"), f"{rule.code} has no passing case in its rule file"
        if rule.code in TESTED_ELSEWHERE:
            where = TESTED_ELSEWHERE[rule.code]
            assert (ROOT / where.split("::")[0]).is_file(), where
            assert rule.code not in FIXTURE_CASES, f"{rule.code}: drop it from TESTED_ELSEWHERE"
            continue
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
