"""One list of open items: ``check`` and ``build`` report the same ones (issue 15 item 2).

``check``'s open items are its unwaived errors; ``build``'s are the items of its gap list,
each under the rule ``check`` reports it with (``Gap.reported_as``). Over every sample, and
over specs made to fail in the ways the issue found, the two lists are equal.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from agreement_builder import api
from agreement_builder.build.gaps import reconcile, section_for
from agreement_builder.build.model import Gap

from ..conftest import GAP_SAMPLES, ROOT, SAMPLES

JOINT_VENTURE = ROOT / "samples" / "joint_venture.yaml"
PILOT = ROOT / "samples" / "pilot.yaml"


def broken_joint_venture(folder: Path) -> Path:
    """The joint venture sample as the issue's lawyer drafted it: no notice e-mails (notices
    go by e-mail), Atlantic's cash contribution missing, the shares adding up to 95%."""
    text = JOINT_VENTURE.read_text(encoding="utf-8")
    edits = {
        "      - {description: Cash capital contribution on the Effective Date, kind: cash, "
        "value: {amount: 2500000, currency: EUR}}\n": "      - {description: Office space, "
        "kind: in_kind}\n",
        "{party: atlantic, percent: 25}": "{party: atlantic, percent: 20}",
        ", email: aoife.brennan@corrib-metals.example}": "}",
        ", email: d.moriarty@shannon-components.example}": "}",
        ", email: rebecca.lyons@atlantic-transition.example}": "}",
    }
    for old, new in edits.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = folder / "jv_broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _check_items(path: Path) -> Counter[tuple[str, str]]:
    [report] = api.check([path])
    return Counter(
        (f.code, f.location.path or "")
        for f in report.findings
        if f.severity == "error" and not f.waived
    )


def _build_items(path: Path, out: Path) -> Counter[tuple[str, str]]:
    [result] = api.build([path], out, formats=("html",))
    assert all(g.reported_as for g in result.gaps), [g for g in result.gaps if not g.reported_as]
    return Counter((g.reported_as or "", g.path) for g in result.gaps)


@pytest.mark.parametrize("spec_path", SAMPLES + GAP_SAMPLES, ids=lambda p: p.stem)
def test_check_and_build_report_the_same_open_items(spec_path: Path, tmp_path: Path) -> None:
    assert _check_items(spec_path) == _build_items(spec_path, tmp_path)


def test_the_gap_samples_have_open_items_and_the_samples_none(tmp_path: Path) -> None:
    """The equality above is not vacuous: the gap samples have items, the samples none."""
    for spec_path in GAP_SAMPLES:
        assert _check_items(spec_path), spec_path.name
    for spec_path in SAMPLES:
        assert not _check_items(spec_path), spec_path.name


def test_notice_emails_build_marks_are_reported_by_check(tmp_path: Path) -> None:
    spec = broken_joint_venture(tmp_path)
    expected = Counter(
        {
            ("GAP101", "parties[id=corrib].signatory.email"): 1,
            ("GAP101", "parties[id=shannon].signatory.email"): 1,
            ("GAP101", "parties[id=atlantic].signatory.email"): 1,
            ("PTY108", "parties[2].contributions"): 1,
            ("ECO101", "economics.splits"): 1,
        }
    )
    assert _check_items(spec) == expected
    assert _build_items(spec, tmp_path / "out") == expected
    [report] = api.check([spec])
    emails = [f for f in report.findings if f.code == "GAP101"]
    assert [f.message for f in emails] == [
        f"missing: the email address for notices to {name} (parties[].signatory.email)"
        for name in ("Corrib", "Shannon Components", "Atlantic")
    ]  # in the order of the spec file
    # located at the party's signatory line, not at the top of the parties list
    lines = spec.read_text(encoding="utf-8").splitlines()
    for finding in emails:
        assert "signatory: {name:" in lines[finding.location.line - 1]


def test_failed_checks_point_at_the_section_they_concern(tmp_path: Path) -> None:
    [result] = api.build([broken_joint_venture(tmp_path)], tmp_path / "out", formats=("html",))
    where = {g.reported_as: g.section for g in result.gaps}
    titles = {s.number: s.title for s in result.assembly.sections()}
    assert where["PTY108"] == "3.2" and titles["3.2"] == "Contributions"  # not 4.1 Managers
    assert where["ECO101"] == "6" and titles["6"] == "Economics"
    assert where["GAP101"] == "26" and titles["26"] == "Notices"


def test_a_kpi_without_target_or_owner_is_two_open_items_in_the_kpi_schedule() -> None:
    spec = ROOT / "samples" / "gaps" / "kpi_not_smart.yaml"
    assembly = api.assemble_spec(api.validate(spec))
    assert [(g.reported_as, g.path, g.section, g.message) for g in assembly.gaps] == [
        ("GAP101", "kpis[1].target", "Schedule 1", 'the target of the KPI "Joint pipeline value" (kpis[].target)'),
        ("GAP101", "kpis[1].owner", "Schedule 1", 'the owner of the KPI "Joint pipeline value" (kpis[].owner)'),
    ]  # fmt: skip
    [schedule] = assembly.schedules
    [table] = [b for b in schedule.blocks if b.kind == "table"]
    [row] = [r for r in table.rows if r[0][0].text == "Joint pipeline value"]
    target, deadline, owner = row[1], row[3], row[4]
    assert [s.kind for s in target] == ["gap"] and target[0].target == "kpis[1].target"
    assert [s.kind for s in owner] == ["gap"] and owner[0].target == "kpis[1].owner"
    assert deadline[0].text == "31 July 2027"  # its deadline is set: no marker


def test_a_kpi_with_a_period_instead_of_a_deadline_is_not_missing_one() -> None:
    assembly = api.assemble_spec(api.validate(ROOT / "samples" / "gaps" / "kpi_not_smart.yaml"))
    # "Customer satisfaction score" has period: quarterly and no deadline
    assert not [g for g in assembly.gaps if "timing" in g.path]


def test_a_report_labels_the_gap_it_reports_and_a_check_is_kept() -> None:
    notice = Gap("term.renewal.notice", "the notice", "term.renewal", origin="value")
    report = Gap("term.renewal.notice", "missing: the notice", code="GAP101", origin="report")
    failed = Gap("economics.splits", "the splits total 90%", code="ECO101", origin="check")
    orphan = Gap("ip.foreground", "missing component", code="CMP001", origin="report")
    labelled, checks = reconcile([notice], [report, failed, orphan])
    assert [(g.path, g.rule, g.code) for g in labelled] == [("term.renewal.notice", "GAP101", None)]
    # a report with no gap of its path is a failed check after all: marked, listed
    assert [(g.code, g.origin) for g in checks] == [("ECO101", "check"), ("CMP001", "check")]
    assert checks[1].marker == "[CHECK CMP001: missing component]"


def test_section_for_prefers_the_components_and_ignores_list_positions() -> None:
    spec = api.validate(JOINT_VENTURE)
    assembly = api.assemble_spec(spec)
    from agreement_builder.build.library import load_library
    from agreement_builder.build.number import number_sections
    from agreement_builder.build.select import missing_components, select_clauses
    from agreement_builder.spec.context import spec_context

    lib = load_library()
    context = spec_context(spec)
    selected = select_clauses(spec, lib, context)
    targets, _ = number_sections(
        spec, lib, selected, missing_components(spec, lib, selected, context)
    )
    titles = {s.number: s.title for s in assembly.sections()}

    def title(path: str, *components: str) -> str:
        return titles[section_for(path, components, selected, targets)]

    assert title("parties[2].contributions", "roles_responsibilities", "cost_sharing") == (
        "Contributions"
    )
    assert title("parties[0].responsibilities", "roles_responsibilities") == (
        "Responsibilities of the Parties"
    )
    # without components the longest shared path wins among all clauses
    assert title("parties[1].contributions") == "Contributions"
    # a KPI item belongs to the KPI schedule, not to the KPI review article
    assert title("kpis[0].deadline", "kpis", "term") == "Key Performance Indicators"


def test_check_and_build_agree_on_every_spec_rules_cases() -> None:
    """Every spec rule's passing and failing cases (edits to the samples: 159 specs broken
    in as many ways) give the same open items to check and build. It found the value two
    clauses print (exclusivity.duration, EXC102's case) listed twice by build."""
    from agreement_builder.build.assemble import assemble
    from agreement_builder.engine import Config, check_spec
    from agreement_builder.engine.open_items import open_item_gaps

    from ..engine.test_rules import SPEC_RULES, case_spec

    differ, compared = [], 0
    for rule in SPEC_RULES:
        base = rule.cases.get("base", "strategic_alliance")
        for outcome in ("pass", "fail"):
            for index, case in enumerate(rule.cases.get(outcome) or ()):
                spec = case_spec(base, case, f"{rule.code}-{outcome}-{index}.yaml")
                findings = check_spec(spec, Config())
                check = Counter(
                    (f.code, f.location.path or "")
                    for f in findings
                    if f.severity == "error" and not f.waived
                )
                # what api.assemble_spec does, with the findings just made (not made twice)
                gaps = assemble(spec, extra=open_item_gaps(findings)).gaps
                build = Counter((g.reported_as, g.path) for g in gaps)
                compared += 1
                if check != build:
                    differ.append((rule.code, outcome, index, check - build, build - check))
    assert compared > 150 and differ == []


@pytest.mark.parametrize("spec_path", GAP_SAMPLES, ids=lambda p: p.stem)
def test_each_open_item_is_marked_in_the_section_it_names(spec_path: Path) -> None:
    """The Open Items page says "Each is marked in the text": every item's marker is in the
    section it lists, clashes between clauses and failed checks included."""
    assembly = api.assemble_spec(api.validate(spec_path))
    marked: set[tuple[str, str]] = set()
    areas = {"cover": assembly.cover, "background": assembly.recitals}
    areas["signatures"] = assembly.execution
    for number, blocks in [*((s.number, s.blocks) for s in assembly.sections()), *areas.items()]:
        for block in blocks:
            for spans in (block.spans, *(cell for row in block.rows for cell in row)):
                marked.update((number, s.text) for s in spans if s.kind == "gap")
    assert assembly.gaps
    for gap in assembly.gaps:
        assert (gap.section, gap.marker) in marked, gap


def test_a_missing_signatory_is_marked_above_the_signature_blocks(tmp_path: Path) -> None:
    text = PILOT.read_text(encoding="utf-8")
    start = text.index("\n    signatory: {")
    spec = tmp_path / "no_signatory.yaml"
    spec.write_text(text[:start] + text[text.index("}", start) + 1 :], encoding="utf-8")
    assembly = api.assemble_spec(api.validate(spec))
    [pty102] = [g for g in assembly.gaps if g.code == "PTY102"]
    assert pty102.section == "signatures"  # not Notices, whose clause names the signatory too
    assert assembly.execution[0].spans[0].text == pty102.marker
    assert pty102.marker == "[CHECK PTY102: party maplefresh has no signatory]"
    assert _check_items(spec) == _build_items(spec, tmp_path / "out")
