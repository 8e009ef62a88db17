"""Assembly invariants over random specs: numbering, references, no leaks."""

from __future__ import annotations

import copy
import json

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreement_builder.api import assemble_spec
from agreement_builder.build.model import Assembly, Span
from agreement_builder.core.taxonomy import KINDS
from agreement_builder.core.values import NA
from agreement_builder.spec.model import SPEC_SECTIONS, resolve_path
from agreement_builder.spec.schemas import parse_spec
from agreement_builder.spec.schemas.spec import ECONOMIC_MODELS

from ..conftest import ROOT

BASE = yaml.safe_load((ROOT / "samples" / "strategic_alliance.yaml").read_text())
OPTIONAL = SPEC_SECTIONS
NESTED = [
    ("exit", "convenience"),
    ("exit", "cause"),
    ("disputes", "mediation"),
    ("disputes", "arbitration"),
    ("term", "renewal"),
    ("governance", "steering_committee"),
    ("economics", "audit"),
]
FULL_PILOT = {
    "duration": "3 months",
    "investment": {"amount": 20000, "currency": "GBP"},
    "success_criteria": ["Two stores live"],
    "decision_date": "2027-04-15",
    "decision_maker": "Steering group",
}
FULL_EXCLUSIVITY = {
    "exclusive": True,
    "non_compete": True,
    "scope": "demand forecasting",
    "territory": "UK",
    "duration": "2 years",
}
MODELS = ECONOMIC_MODELS


@st.composite
def specs(draw):
    data = copy.deepcopy(BASE)
    data["pilot"] = FULL_PILOT
    data["exclusivity"] = FULL_EXCLUSIVITY
    data["disputes"]["courts"] = {"venue": "the courts of England", "exclusive": False}
    data["agreement"]["kind"] = draw(st.sampled_from(KINDS))
    data["economics"]["model"] = draw(st.sampled_from(MODELS))
    data["economics"]["commission"] = {
        "payer": "northwind",
        "payee": "brightpath",
        "rate_percent": 10,
        "tail": "6 months",
    }
    data["economics"]["fees"] = [
        {
            "payer": "brightpath",
            "payee": "northwind",
            "amount": "GBP 5000",
            "description": "Onboarding fee",
        }
    ]
    data["ip"]["foreground"] = draw(
        st.sampled_from(["joint", "contributing_party", "assigned", None])
    )
    data["ip"]["assigned_to"] = "northwind"
    if data["ip"]["foreground"] is None:
        del data["ip"]["foreground"]
    for parent, child in NESTED:
        choice = draw(st.sampled_from(["keep", "drop", "na"]))
        if choice == "drop":
            data[parent].pop(child, None)
        elif choice == "na" and child in data[parent]:
            data[parent][child] = "not_applicable"
    for key in OPTIONAL:
        choice = draw(st.sampled_from(["keep", "keep", "drop", "na"]))
        if choice == "drop":
            data.pop(key, None)
        elif choice == "na":
            data[key] = "not_applicable"
    return data


def _all_spans(assembly: Assembly) -> list[Span]:
    spans: list[Span] = []
    blocks = [*assembly.cover, *assembly.recitals, *assembly.execution]
    for section in assembly.sections():
        blocks.extend(section.blocks)
    for block in blocks:
        spans.extend(block.spans)
        for row in block.rows:
            for cell in row:
                spans.extend(cell)
    for _, definition in assembly.definitions:
        spans.extend(definition)
    return spans


def check_invariants(assembly: Assembly) -> None:
    # articles are numbered 1..N without gaps, clauses N.1..N.k
    for n, article in enumerate(assembly.articles, start=1):
        assert article.number == str(n)
        for m, child in enumerate(article.children, start=1):
            assert child.number == f"{n}.{m}"
    for n, schedule in enumerate(assembly.schedules, start=1):
        assert schedule.number == f"Schedule {n}"
    by_anchor = {s.anchor: s for s in assembly.sections()}
    assert len(by_anchor) == len(assembly.sections()), "anchors must be unique"
    for span in _all_spans(assembly):
        assert "None" not in span.text and "{{" not in span.text and "Undefined" not in span.text, (
            span
        )
        assert "\ue000" not in span.text
        if span.kind == "ref":
            target = by_anchor[span.target]
            assert span.number == target.number
            if span.text.startswith("Section"):
                assert span.text == f"Section {target.number} ({target.title})"
    # each gap is listed with the section it appears in, and that section exists
    numbers = {s.number for s in assembly.sections()} | {"cover", "background", "signatures"}
    for gap in assembly.gaps:
        if gap.section and gap.code is None:
            assert gap.section in numbers, gap


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs())
def test_random_specs_assemble_with_consistent_numbering_and_references(data):
    spec = parse_spec(json.dumps(data, default=str), "random.json")
    check_invariants(assemble_spec(spec))


def test_every_sample_satisfies_the_invariants():
    from agreement_builder.spec.schemas import load_spec

    from ..conftest import GAP_SAMPLES, SAMPLES

    for path in [*SAMPLES, *GAP_SAMPLES]:
        check_invariants(assemble_spec(load_spec(path)))


def test_resolve_path_distinguishes_undecided_from_not_applicable():
    spec = parse_spec(
        yaml.safe_dump({**BASE, "exclusivity": "not_applicable", "pilot": None}), "x.yaml"
    )
    assert resolve_path(spec, "exclusivity.territory") == (None, True)
    assert resolve_path(spec, "pilot.duration") == (None, False)
    assert resolve_path(spec, "economics.splits[party=brightpath].percent") == (40.0, False)
    assert resolve_path(spec, "parties[1].short_name") == ("BrightPath", False)
    assert NA is not None


def test_spec_values_that_look_like_templates_are_data():
    data = copy.deepcopy(BASE)
    data["purpose"]["statement"] = (
        "{{ ''.__class__.__mro__ }} {% for x in range(9) %}x{% endfor %} \ue000R\ue001x\ue002"
    )
    spec = parse_spec(json.dumps(data, default=str), "t.json")
    assembly = assemble_spec(spec)
    text = " ".join(s.text for s in _all_spans(assembly))
    assert "{{ ''.__class__.__mro__ }} {% for x in range(9) %}x{% endfor %}" in text
    assert "xxxxxxxxx" not in text
    assert all(
        s.kind != "ref" or s.target in {x.anchor for x in assembly.sections()}
        for s in _all_spans(assembly)
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The joint pipeline", "the joint pipeline"),
        ("Corrib's platform", "Corrib's platform"),
        ("BrightPath Consulting", "BrightPath Consulting"),
        ("NORTHWIND data", "NORTHWIND data"),
        ("Marketing the Joint Offering", "marketing the Joint Offering"),
    ],
)
def test_lower_first_leaves_names_alone(text, expected):
    from agreement_builder.build.templating import ENV

    assert ENV.from_string("{{ v | lower_first }}").render(v=text) == expected
