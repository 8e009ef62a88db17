"""The bundled clause library: coverage of every component, metadata, references, alternatives."""

from __future__ import annotations

import copy
import json
import re

import pytest
import yaml
from click.testing import CliRunner

from agreement_builder.api import assemble_spec
from agreement_builder.build.library import load_library
from agreement_builder.cli import main
from agreement_builder.core.taxonomy import COMPONENTS
from agreement_builder.spec.schemas import parse_spec

from ..conftest import ROOT

LIB = load_library()


def test_bundled_templates_parse() -> None:
    """The bundled library loads without parsing its templates; through its path it parses."""
    from agreement_builder.build.library import default_library_dir

    assert [c.id for c in load_library(default_library_dir()).clauses] == [
        c.id for c in LIB.clauses
    ]


BASE = yaml.safe_load((ROOT / "samples" / "strategic_alliance.yaml").read_text())
_REF = re.compile(r"""ref\(\s*['"]([a-z0-9_.]+)['"]""")


def _component_ids() -> list[str]:
    """Component ids from the taxonomy table in DOMAIN.md, else from _components.yaml."""
    domain = ROOT.parent / "shared" / "DOMAIN.md"
    if domain.is_file():
        ids = re.findall(r"^\| `([a-z_]+)` \|", domain.read_text(), flags=re.MULTILINE)
        if ids:
            return ids
    return list(yaml.safe_load((ROOT / "clauses" / "_components.yaml").read_text()))


def _assemble(**changes):
    """The alliance sample with top-level sections replaced (dotted keys go one level down)."""
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        parts = key.split("__")
        target = data
        for part in parts[:-1]:
            target = target[part]
        if value is _DROP:
            target.pop(parts[-1], None)
        else:
            target[parts[-1]] = value
    spec = parse_spec(json.dumps(data, default=str), "library-test.json")
    return assemble_spec(spec)


_DROP = object()


def test_library_has_at_least_forty_clauses():
    assert len(LIB.clauses) >= 40


def test_every_component_has_a_clause():
    ids = _component_ids()
    assert set(ids) == set(COMPONENTS)
    covered = {c.component for c in LIB.clauses}
    assert not set(ids) - covered, sorted(set(ids) - covered)


@pytest.mark.parametrize("clause", LIB.clauses, ids=lambda c: c.id)
def test_clause_metadata(clause):
    component, variant = clause.id.split(".", 1)
    assert component == clause.component
    path = clause.file.replace("\\", "/")
    assert path.endswith(f"/{component}/{variant}.clause"), path
    assert clause.title.strip()
    assert clause.source.strip()
    assert clause.summary.strip()
    assert clause.kinds


def test_references_requires_and_conflicts_exist():
    known = LIB.ids() | set(COMPONENTS)
    for clause in LIB.clauses:
        texts = [clause.body, *(d for _, d in clause.defines)]
        refs = {r for t in texts for r in _REF.findall(t)}
        for target in (*refs, *clause.requires, *clause.conflicts):
            assert target in known, f"{clause.id} refers to {target}"
        for other in clause.conflicts:
            assert clause.id in LIB.get(other).conflicts, f"{clause.id} / {other}: one-sided"


def test_arbitration_and_exclusive_courts_conflict():
    assert (
        "dispute_resolution.exclusive_courts" in LIB.get("dispute_resolution.arbitration").conflicts
    )


@pytest.mark.parametrize(
    "clause_id",
    [
        "confidentiality.mutual",
        "confidentiality.one_way",
        "ip_ownership.background",
        "ip_ownership.joint_foreground",
        "liability.cap",
        "dispute_resolution.arbitration",
        "governing_law.chosen_law",
    ],
)
def test_key_clauses_survive_termination(clause_id):
    assert LIB.get(clause_id).survives


# ---------------------------------------------------------------- alternatives follow the spec


def test_disputes_arbitration_selects_arbitration_not_courts():
    ids = _assemble().clause_ids
    assert "dispute_resolution.arbitration" in ids
    assert "dispute_resolution.mediation" in ids
    assert "dispute_resolution.escalation" in ids
    assert not {"dispute_resolution.courts", "dispute_resolution.exclusive_courts"} & set(ids)


def test_disputes_exclusive_courts_selects_courts_not_arbitration():
    ids = _assemble(
        disputes__arbitration="not_applicable",
        disputes__courts={"venue": "The courts of England", "exclusive": True},
    ).clause_ids
    assert "dispute_resolution.exclusive_courts" in ids
    assert "dispute_resolution.arbitration" not in ids
    assert "dispute_resolution.courts" not in ids


def test_disputes_non_exclusive_courts():
    ids = _assemble(
        disputes__arbitration="not_applicable",
        disputes__courts={"venue": "The courts of England", "exclusive": False},
    ).clause_ids
    assert "dispute_resolution.courts" in ids
    assert "dispute_resolution.exclusive_courts" not in ids


def test_arbitration_with_exclusive_courts_is_an_open_item():
    assembly = _assemble(disputes__courts={"venue": "The courts of England", "exclusive": True})
    assert "decide between" in " ".join(g.message for g in assembly.gaps)


def test_undecided_forum_is_a_gap():
    assembly = _assemble(disputes__arbitration=_DROP, disputes__courts=_DROP)
    assert "dispute_resolution.final_forum" in assembly.clause_ids
    assert any(g.path == "disputes.arbitration" for g in assembly.gaps)


@pytest.mark.parametrize(
    ("foreground", "clause_id"),
    [
        ("joint", "ip_ownership.joint_foreground"),
        ("contributing_party", "ip_ownership.contributing_party"),
        ("assigned", "ip_ownership.assigned"),
        (_DROP, "ip_ownership.foreground_undecided"),
    ],
)
def test_ip_foreground_choice_selects_its_clause(foreground, clause_id):
    assembly = _assemble(ip__foreground=foreground, ip__assigned_to="northwind")
    foreground_ids = {
        c
        for c in assembly.clause_ids
        if c.startswith("ip_ownership.") and c != "ip_ownership.background"
    } - {"ip_ownership.feedback"}
    assert foreground_ids == {clause_id}
    assert "ip_ownership.background" in assembly.clause_ids
    if foreground is _DROP:
        assert any(g.path == "ip.foreground" for g in assembly.gaps)


def test_trademark_licences_select_the_brand_clause():
    ids = _assemble().clause_ids
    assert "license_grant.trademarks" in ids
    assert "license_grant.licences" not in ids  # the alliance has trademark licences only


def _economics(model: str) -> dict:
    economics = copy.deepcopy(BASE["economics"])
    economics["model"] = model
    economics["commission"] = {
        "payer": "northwind",
        "payee": "brightpath",
        "rate_percent": 8,
        "basis": "Contract value",
        "tail": "6 months",
    }
    if model in ("fixed_fees", "licence_fee"):
        economics["fees"] = [
            {
                "payer": "brightpath",
                "payee": "northwind",
                "amount": "GBP 5000",
                "description": "Onboarding fee",
            }
        ]
    return economics


@pytest.mark.parametrize(
    ("model", "clause_id"),
    [
        ("revenue_share", "revenue_sharing.revenue_share"),
        ("profit_share", "revenue_sharing.profit_share"),
        ("commission", "revenue_sharing.commission"),
        ("fixed_fees", "revenue_sharing.fixed_fees"),
        ("licence_fee", "revenue_sharing.licence_fee"),
        ("cost_share", "cost_sharing.cost_share"),
        ("none", "cost_sharing.own_costs"),
    ],
)
def test_economic_model_selects_its_clause(model, clause_id):
    assembly = _assemble(economics=_economics(model))
    assert clause_id in assembly.clause_ids
    models = {
        "revenue_sharing.revenue_share",
        "revenue_sharing.profit_share",
        "revenue_sharing.commission",
        "revenue_sharing.licence_fee",
        "cost_sharing.cost_share",
    }
    assert models & set(assembly.clause_ids) <= {clause_id}
    if model == "none":
        assert "payment_terms.schedule" not in assembly.clause_ids
        assert "audit_rights.records_audit" not in assembly.clause_ids
    else:
        assert "payment_terms.schedule" in assembly.clause_ids


@pytest.mark.parametrize(
    ("renewal", "clause_id"),
    [
        ({"type": "none"}, "term.fixed_term"),
        (
            {"type": "automatic", "period": "1 year", "non_renewal_notice": "90 days"},
            "term.automatic_renewal",
        ),
        ({"type": "mutual", "period": "1 year"}, "term.mutual_renewal"),
        ("not_applicable", "term.fixed_term"),
    ],
)
def test_renewal_choice_selects_its_term_clause(renewal, clause_id):
    ids = _assemble(term__renewal=renewal).clause_ids
    term_ids = {c for c in ids if c.startswith("term.")}
    assert term_ids == {clause_id}


def test_undecided_renewal_is_a_gap():
    assembly = _assemble(term__renewal=_DROP)
    assert "term.fixed_term" in assembly.clause_ids
    assert any(g.path == "term.renewal.type" for g in assembly.gaps)


def test_automatic_renewal_without_notice_is_a_gap():
    assembly = _assemble(term__renewal={"type": "automatic", "period": "1 year"})
    assert any(g.path == "term.renewal.non_renewal_notice" for g in assembly.gaps)


@pytest.mark.parametrize(
    ("confidentiality", "clause_id"),
    [
        ({"type": "mutual", "duration": "3 years"}, "confidentiality.mutual"),
        (
            {"type": "one_way", "discloser": "northwind", "duration": "3 years"},
            "confidentiality.one_way",
        ),
    ],
)
def test_confidentiality_type_selects_its_clause(confidentiality, clause_id):
    ids = {
        c
        for c in _assemble(confidentiality=confidentiality).clause_ids
        if c.startswith("confidentiality.")
    }
    assert ids == {clause_id}


def test_data_protection_alternatives():
    assert "data_protection.personal_data" in _assemble().clause_ids
    ids = _assemble(data_protection={"personal_data": False}).clause_ids
    assert "data_protection.no_personal_data" in ids
    assert "data_protection.personal_data" not in ids


def test_exclusivity_alternatives():
    full = {
        "exclusive": True,
        "non_compete": True,
        "scope": "Forecasting",
        "territory": "UK",
        "duration": "2 years",
    }
    ids = set(_assemble(exclusivity=full).clause_ids)
    assert {"exclusivity.exclusive", "exclusivity.non_compete"} <= ids
    ids = set(_assemble(exclusivity={"exclusive": False, "non_compete": False}).clause_ids)
    assert "exclusivity.none" in ids
    assembly = _assemble(exclusivity={"exclusive": True, "scope": "Forecasting"})
    assert {g.path for g in assembly.gaps} >= {"exclusivity.territory", "exclusivity.duration"}


def test_indemnity_and_warranty_alternatives():
    assert "indemnification.mutual" in _assemble().clause_ids
    assert (
        "indemnification.allocated"
        in _assemble(indemnities={"mutual": False, "scope": ["x (given by Northwind)"]}).clause_ids
    )
    assert "warranties.standard" in _assemble().clause_ids
    assert "warranties.none" in _assemble(warranties=False).clause_ids


def test_steering_committee_and_pilot():
    assert "governance.steering_committee" in _assemble().clause_ids
    assert (
        "governance.steering_committee"
        not in _assemble(governance__steering_committee="not_applicable").clause_ids
    )
    pilot = {
        "duration": "3 months",
        "investment": "GBP 20000",
        "success_criteria": ["Two stores live"],
        "decision_date": "2027-04-15",
        "decision_maker": "northwind",
    }
    assert "term.pilot_phase" in _assemble(pilot=pilot).clause_ids
    assert "term.pilot_phase" not in _assemble().clause_ids


def test_survival_lists_confidentiality_and_ip():
    assembly = _assemble()
    section = next(s for s in assembly.sections() if s.clause_id == "termination.survival")
    targets = {span.text for b in section.blocks for span in b.spans if span.kind == "ref"}
    assert any("(Confidentiality)" in t for t in targets)
    assert any("(Intellectual Property)" in t for t in targets)


# ---------------------------------------------------------------- the CLI shows the library


def test_clauses_command_lists_every_clause():
    result = CliRunner().invoke(main, ["clauses"])
    assert result.exit_code == 0, result.output
    for clause in LIB.clauses:
        assert clause.id in result.output
    assert f"{len(LIB.clauses)} clauses" in result.output


@pytest.mark.parametrize("clause_id", [c.id for c in LIB.clauses if c.variables], ids=lambda i: i)
def test_clauses_command_shows_variables(clause_id):
    result = CliRunner().invoke(main, ["clauses", clause_id])
    assert result.exit_code == 0, result.output
    assert "variables:" in result.output
    for var in LIB.get(clause_id).variables:
        assert var.path in result.output
