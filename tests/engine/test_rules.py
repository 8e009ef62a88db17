"""The rule engine: every rule's pass/fail cases, the registry's hygiene, configs, waivers, reports."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from agreement_builder.api import check, check_gaps
from agreement_builder.cli import main
from agreement_builder.core.errors import ConfigError
from agreement_builder.engine import Config, check_spec, load_config, load_registry
from agreement_builder.engine.registry import load_registry as _load_uncached
from agreement_builder.report import Report, render
from agreement_builder.spec.schemas import load_spec, parse_spec

from ..conftest import DATA, GAP_SAMPLES, ROOT, SAMPLES

REGISTRY = load_registry()
RULES = list(REGISTRY)
_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


# ---------------------------------------------------------------- applying a case to a sample


def _steps(path: str) -> list[str | int]:
    return [name if name else int(i) for name, i in _PART.findall(path)]


def _set(data: Any, path: str, value: Any) -> None:
    steps = _steps(path)
    for step in steps[:-1]:
        data = data[step]
    data[steps[-1]] = value


def _delete(data: Any, path: str) -> None:
    steps = _steps(path)
    for step in steps[:-1]:
        data = data[step]
    del data[steps[-1]]


def case_spec(base: str, case: dict[str, Any], name: str) -> Any:
    data = yaml.safe_load((ROOT / "samples" / f"{base}.yaml").read_text(encoding="utf-8"))
    for path, value in (case.get("set") or {}).items():
        _set(data, path, value)
    for path in case.get("delete") or ():
        _delete(data, path)
    return parse_spec(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), name)


def _codes(spec: Any, code: str) -> list[str]:
    return [f.code for f in check_spec(spec, Config(select=(code,)), REGISTRY)]


SPEC_RULES = [r for r in RULES if "spec" in r.targets]
CASES = [
    pytest.param(rule, outcome, index, case, id=f"{rule.code}-{outcome}-{index}")
    for rule in SPEC_RULES
    for outcome in ("pass", "fail")
    for index, case in enumerate(rule.cases.get(outcome) or ())
]


@pytest.mark.parametrize(("rule", "outcome", "index", "case"), CASES)
def test_rule_case(rule, outcome, index, case):
    base = rule.cases.get("base", "strategic_alliance")
    spec = case_spec(base, case, f"{rule.code}-{outcome}-{index}.yaml")
    found = _codes(spec, rule.code)
    if outcome == "pass":
        assert found == [], f"{rule.code} fired on a passing case {case}"
    else:
        assert rule.code in found, f"{rule.code} did not fire on {case}"


# ---------------------------------------------------------------- registry hygiene


def test_enough_rules_each_complete_and_unique():
    assert len(RULES) >= 35
    codes = [r.code for r in RULES]
    names = [r.name for r in RULES]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    assert len(SPEC_RULES) >= 35
    for rule in RULES:
        assert rule.why and rule.fix and rule.source, rule.code


def test_every_profile_component_is_known():
    for kind in ("strategic_alliance", "joint_venture", "pilot", "licensing", "referral"):
        profile = REGISTRY.profile(kind)
        assert set(profile["required"]) <= set(REGISTRY.components)
        assert {"roles_responsibilities", "ip_ownership", "term", "termination"} <= set(
            profile["required"]
        )
    assert "governance" in REGISTRY.profile("joint_venture")["required"]
    assert "license_grant" in REGISTRY.profile("licensing")["required"]


def _rule_dir(tmp_path: Path, rule_text: str) -> str:
    root = tmp_path / "rules"
    (root / "spec").mkdir(parents=True)
    for name in ("components.yaml", "profiles.yaml"):
        (root / name).write_text((ROOT / "rules" / name).read_text())
    (root / "spec" / "x.yaml").write_text(rule_text)
    return str(root)


RULE = """- code: TST101
  name: test.rule
  type: {rule_type}
  params: {params}
  severity: error
  message: m
  why: w
  fix: f
  source: s
  components: [term]
  targets: [spec]
"""


@pytest.mark.parametrize(
    ("rule_type", "params", "expected"),
    [
        ("nonsense", "{}", "unknown rule type 'nonsense'"),
        ("condition", "{then: 'true', colour: red}", "has no parameter colour"),
        ("condition", "{if: 'true'}", "needs then"),
        ("condition", "{then: 'a ==== b'}", "bad expression"),
        ("condition", "{then: 'a b'}", "chunk after expression"),  # parsed, not yet compiled
        ("condition", "{then: '@'}", "bad expression '@'"),  # a lexing error on the first token
        ("condition", "{then: 'true', show: {x: 'a +'}}", "bad expression 'a +'"),
        ("forbidden_wording", "{patterns: ['(']}", "TST101"),
    ],
)
def test_bad_rule_files_fail_at_load_time(tmp_path, rule_type, params, expected):
    root = _rule_dir(tmp_path, RULE.format(rule_type=rule_type, params=params))
    with pytest.raises(ConfigError, match=re.escape(expected)):
        _load_uncached(root)


def test_duplicate_codes_are_refused(tmp_path):
    one = RULE.format(rule_type="condition", params="{then: 'true'}")
    root = _rule_dir(tmp_path, one + one.replace("test.rule", "test.other"))
    with pytest.raises(ConfigError, match="TST101 is already used"):
        _load_uncached(root)


# ---------------------------------------------------------------- samples


@pytest.mark.parametrize("spec_path", SAMPLES, ids=lambda p: p.stem)
def test_samples_have_no_error_findings(spec_path):
    findings = check_spec(load_spec(spec_path))
    assert [f.code for f in findings if f.severity == "error"] == []


@pytest.mark.parametrize("spec_path", GAP_SAMPLES, ids=lambda p: p.stem)
def test_gap_samples_yield_exactly_their_expected_codes_and_lines(spec_path):
    header = re.search(r"^# expect-codes: (.*)$", spec_path.read_text(), re.M)
    assert header, f"{spec_path.name} lacks an '# expect-codes:' line"
    expected = sorted(header.group(1).split())
    findings = check_spec(load_spec(spec_path))
    assert sorted(f"{f.code}@{f.location.line}" for f in findings) == expected


def test_build_lists_error_findings_as_open_items():
    spec = load_spec(ROOT / "samples" / "gaps" / "split_totals_90.yaml")
    gaps = check_gaps(spec)
    assert [(g.code, g.path) for g in gaps] == [("ECO101", "economics.splits")]
    assert "90%" in gaps[0].message


# ---------------------------------------------------------------- config and waivers

SPLIT_90 = ROOT / "samples" / "gaps" / "split_totals_90.yaml"


def _copy(tmp_path: Path, source: Path = SPLIT_90) -> Path:
    target = tmp_path / "deal" / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source.read_text())
    return target


def test_config_found_by_walking_up_turns_a_rule_off(tmp_path):
    spec = _copy(tmp_path)
    (tmp_path / "agreement.toml").write_text('[rules]\n"economics.split-total" = "off"\n')
    assert [f.code for r in check([spec]) for f in r.findings] == []


def test_pyproject_tool_section_and_severity_override(tmp_path):
    spec = _copy(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.agreement]\nrules = { ECO101 = "info" }\n')
    [report] = check([spec])
    assert [(f.code, f.severity) for f in report.findings] == [("ECO101", "info")]


def test_strict_preset_raises_warnings_and_select_ignore(tmp_path):
    spec = _copy(tmp_path, ROOT / "samples" / "gaps" / "kpi_not_smart.yaml")
    # the KPI's missing target and owner are open items too (GAP101), ignored like any rule
    (tmp_path / "agreement.toml").write_text('extends = "strict"\nignore = ["KPI103", "GAP101"]\n')
    [report] = check([spec])
    assert [(f.code, f.severity) for f in report.findings] == [("KPI101", "error")]
    (tmp_path / "agreement.toml").write_text('select = ["kpis"]\n')
    # selecting a component selects the open-item rule that names it (GAP101: kpis) too
    assert {f.code for f in check([spec])[0].findings} == {"KPI101", "KPI103", "GAP101"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[rules]\n"no.such-rule" = "off"\n', "no such rule"),
        ('[rules]\nECO101 = "loud"\n', "use one of"),
        ('colour = "red"\n', "unknown key colour"),
        ('extends = "lenient"\n', "neither a preset"),
        ('select = ["XYZ"]\n', "not a rule code"),
        ("[rules\n", "malformed TOML"),
    ],
)
def test_bad_config_is_an_error_with_exit_2(tmp_path, text, message):
    spec = _copy(tmp_path)
    (tmp_path / "agreement.toml").write_text(text)
    result = CliRunner().invoke(main, ["check", str(spec)])
    assert result.exit_code == 2, result.output
    assert message in result.output and "agreement.toml" in result.output
    with pytest.raises(ConfigError):
        load_config(tmp_path / "agreement.toml", REGISTRY)


def _with_waivers(waivers: str) -> Any:
    text = SPLIT_90.read_text() + f"\nwaivers:\n{waivers}"
    return parse_spec(text, "waived.yaml")


def test_waiver_marks_finding_waived_and_run_passes(tmp_path):
    spec = _with_waivers("  - {rule: economics.split-total, reason: the rest goes to a charity}\n")
    [finding] = check_spec(spec)
    assert finding.waived and finding.waiver_reason == "the rest goes to a charity"
    path = tmp_path / "waived.yaml"
    path.write_text(SPLIT_90.read_text() + "\nwaivers:\n  - {rule: ECO101, reason: charity}\n")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert "waived ECO101" in result.output and "(waived: charity)" in result.output


def test_waiver_for_unknown_rule_is_an_error_finding():
    spec = _with_waivers("  - {rule: ECO999, reason: typo}\n")
    codes = [(f.code, f.severity, f.waived) for f in check_spec(spec)]
    assert ("WAV001", "error", False) in codes and ("ECO101", "error", False) in codes


def test_waiver_without_reason_is_refused(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(SPLIT_90.read_text() + "\nwaivers:\n  - {rule: ECO101}\n")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2 and "waivers[0].reason" in result.output
    assert "a waiver needs a reason" in result.output


# ---------------------------------------------------------------- reports and exit codes


def test_text_report_lines_and_summary():
    result = CliRunner().invoke(main, ["check", str(SPLIT_90)])
    assert result.exit_code == 1
    first, summary = result.output.splitlines()
    assert re.match(
        rf"^{re.escape(str(SPLIT_90))}:\d+:\d+: error ECO101 \[economics.split-total\] "
        r"the splits total 90%, not 100% \(northwind 50 \+ brightpath 40\)$",
        first,
    )
    assert summary == "1 error, 0 warnings, 0 info in 1 file"


def _warnings_only(folder: Path) -> Path:
    """kpi_not_smart with the KPI's target and owner filled in, the owner no party: KPI103, a
    warning, and nothing missing (a missing target or owner is an open item, GAP101)."""
    text = (ROOT / "samples" / "gaps" / "kpi_not_smart.yaml").read_text(encoding="utf-8")
    old = "{metric: Joint pipeline value, unit: GBP,"
    assert old in text
    spec = folder / "deal.yaml"
    spec.write_text(text.replace(old, old + " target: 2000000, owner: sales_team,"))
    return spec


def test_the_warnings_only_spec_has_warnings_only(tmp_path):
    [report] = check([_warnings_only(tmp_path)])
    assert [(f.code, f.severity) for f in report.findings] == [("KPI103", "warning")]


@pytest.mark.parametrize(
    ("fail_on", "code"), [("error", 0), ("warning", 1), ("info", 1), ("none", 0)]
)
def test_fail_on_sets_exit_code(fail_on, code, tmp_path):
    spec = _warnings_only(tmp_path)
    result = CliRunner().invoke(main, ["check", str(spec), "--fail-on", fail_on])
    assert result.exit_code == code, result.output


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_fail_on_of_the_governing_config_sets_the_exit_code(tmp_path, monkeypatch, jobs):
    """README: a spec's nearest agreement.toml, and for documents the one above the working
    directory, is read; its fail_on is part of it (it was ignored unless given with
    --config, so a gate silently passed)."""
    deal = tmp_path / "deals"
    deal.mkdir()
    (deal / "agreement.toml").write_text('fail_on = "warning"\n')
    spec = _warnings_only(deal)
    document = deal / "draft.md"
    # an error (words and figures disagree) and a warning (the placeholder)
    document.write_text("# Draft\n\nThe fee of [AMOUNT] is payable within thirty (20) days.\n")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["check", str(spec)]).exit_code == 1
    assert runner.invoke(main, ["check", str(spec), "--fail-on", "error"]).exit_code == 0
    (deal / "agreement.toml").write_text('fail_on = "none"\n')
    assert runner.invoke(main, ["check", str(spec)]).exit_code == 0
    lint = ["lint", str(document), "--jobs", jobs]
    assert runner.invoke(main, lint).exit_code == 1  # the config beside it is not obeyed ...
    assert runner.invoke(main, [*lint, "--trust-document-config"]).exit_code == 0  # ... unless
    (tmp_path / "agreement.toml").write_text('fail_on = "none"\n')  # the working directory's
    assert runner.invoke(main, lint).exit_code == 0
    (tmp_path / "agreement.toml").write_text('fail_on = "error"\n')
    (tmp_path / "lenient.toml").write_text('fail_on = "none"\n')
    assert runner.invoke(main, lint).exit_code == 1
    assert runner.invoke(main, [*lint, "--config", str(tmp_path / "lenient.toml")]).exit_code == 0


def test_json_report_is_documented_shape_and_byte_identical():
    runner = CliRunner()
    args = ["check", str(SPLIT_90), str(ROOT / "samples" / "pilot.yaml"), "--format", "json"]
    first, second = runner.invoke(main, args), runner.invoke(main, args)
    assert first.output == second.output
    data = json.loads(first.output)
    assert data["schema_version"] == 1
    [finding] = data["files"][0]["findings"]
    assert finding["code"] == "ECO101" and finding["location"]["path"] == "economics.splits"
    assert set(finding) >= {"code", "name", "severity", "message", "why", "fix", "components"}
    assert finding["location"]["line"] > 0 and finding["waived"] is False
    assert data["summary"]["error"] == 1


def test_sarif_validates_against_the_official_schema():
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text())
    reports = check([SPLIT_90, *GAP_SAMPLES])
    sarif = json.loads(render(reports, "sarif", REGISTRY.rules))
    jsonschema.validate(sarif, schema)
    run = sarif["runs"][0]
    assert len(run["tool"]["driver"]["rules"]) == len(RULES)
    assert any(r["ruleId"] == "ECO101" for r in run["results"])


def test_github_annotations():
    result = CliRunner().invoke(main, ["check", str(SPLIT_90), "--format", "github"])
    assert result.output.startswith(f"::error file={SPLIT_90},line=")
    assert "title=ECO101 economics.split-total::" in result.output


def test_rules_command_lists_and_explains():
    runner = CliRunner()
    listing = runner.invoke(main, ["rules"])
    assert listing.exit_code == 0 and f"{len(RULES)} rules" in listing.output
    explained = runner.invoke(main, ["rules", "economics.split-total"])
    assert "why:" in explained.output and "fails on:" in explained.output
    assert runner.invoke(main, ["rules", "XYZ999"]).exit_code == 2


def test_rules_docs_page_is_current():
    from agreement_builder.engine.docs import rules_markdown

    page = ROOT / "docs" / "rules.md"
    assert page.read_text(encoding="utf-8") == rules_markdown(REGISTRY), (
        "docs/rules.md is stale; regenerate it: python -m agreement_builder.engine.docs"
    )


def test_file_report_without_findings_is_clean():
    text = render([Report("x.yaml", ())], "text", REGISTRY.rules)
    assert text == "0 errors, 0 warnings, 0 info in 1 file\n"


def test_the_detector_names_rules_may_use_are_the_detectors():
    from agreement_builder.analyze.drafting import DETECTORS
    from agreement_builder.engine.types import DETECTOR_NAMES

    assert list(DETECTOR_NAMES) == list(DETECTORS)
