"""The richer spec of issue 15 item 3: the new keys load into the model, bad values are
reported at their file, line, column and dotted path, and the built agreement (DOCX and PDF,
read back) prints the clauses they drive."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document

from agreement_builder.api import assemble_spec
from agreement_builder.core.errors import SpecError
from agreement_builder.core.taxonomy import KINDS
from agreement_builder.core.values import NA, Duration, Money
from agreement_builder.engine import check_spec
from agreement_builder.render.docx import render_docx
from agreement_builder.render.html import render_html
from agreement_builder.spec.model import ForegroundSubject
from agreement_builder.spec.schemas import load_spec, parse_spec
from agreement_builder.spec.starters import render_starter

from ..conftest import ROOT, pdf_text

SAMPLE = ROOT / "samples" / "co_marketing_70_30.yaml"
EMPTY, BLANK = "''", "' '"
HEAD = "agreement:\n  kind: co_marketing\n"
PARTIES = """\
parties:
  - id: acme
    legal_name: Acme Ltd
  - id: globex
    legal_name: Globex Ltd
"""


def loc(text: str, needle: str, nth: int = 1) -> str:
    """``LINE:COL`` (1-based) of the nth occurrence of ``needle`` in ``text``."""
    index = -1
    for _ in range(nth):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"{line}:{column}"


def problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "deal.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_spec(path)
    return [str(p).replace(f"{path}:", "", 1) for p in info.value.problems]


# ---------------------------------------------------------------- good input


def test_the_new_sample_loads_every_new_key() -> None:
    spec = load_spec(SAMPLE)
    payloft, keystone = spec.parties
    assert (payloft.registration_number, keystone.registration_number) == ("09876543", "OC412345")
    assert spec.ip.foreground[0] == ForegroundSubject("Joint Marketing Materials", "joint")
    owners = [s.owner for s in spec.ip.foreground]
    assert owners == ["joint", "contributing_party", "contributing_party"]
    economics = spec.economics
    assert [(s.party, s.percent) for s in economics.splits] == [("payloft", 70), ("keystone", 30)]
    assert (economics.collected_by, economics.statement_days) == ("payloft", 20)
    assert economics.attribution.registration is True
    assert economics.attribution.valid_for == Duration(6, "month")
    assert economics.tail == Duration(12, "month")
    assert (
        spec.kpis[0].baseline == 0
        and spec.kpis[1].baseline == "about 15 a month before the campaign"
    )
    assert spec.kpis[0].data_source == "Payloft's billing system, exported monthly"
    assert spec.exit.kpi_failure.missed_periods == 2 and spec.exit.kpi_failure.priority == "high"
    authority = spec.governance.manager_authority
    assert len(authority.may_agree) == 3 and len(authority.may_not_agree) == 2
    assert authority.spending_limit == Money(5000, "GBP")
    assert spec.confidentiality.publicity.announcements == "prior_approval"
    assert spec.data_protection.marketing.opt_out_days == 2
    assert spec.exclusivity.exclusive is False
    assert [term for term, _ in spec.definitions] == [
        "Onboarding Bundle",
        "Joint Marketing Materials",
    ]


def test_the_old_single_foreground_value_keeps_working() -> None:
    spec = parse_spec(HEAD + PARTIES + "ip: {foreground: assigned, assigned_to: acme}\n")
    assert spec.ip.foreground == "assigned" and spec.ip.assigned_to == "acme"


@pytest.mark.parametrize(
    ("written", "loaded"),
    [("12", 12.0), ("-3.5", -3.5), (7, 7.0), ("'n/a: a new channel'", "n/a: a new channel")],
)
def test_a_kpi_baseline_is_a_number_or_text(written: object, loaded: object) -> None:
    spec = parse_spec(HEAD + PARTIES + f"kpis:\n  - {{metric: Leads, baseline: {written}}}\n")
    assert spec.kpis[0].baseline == loaded


def test_not_applicable_works_for_the_new_blocks() -> None:
    text = (
        HEAD
        + PARTIES
        + "confidentiality: {publicity: not_applicable}\n"
        + "data_protection: {marketing: not_applicable}\n"
        + "governance: {manager_authority: not_applicable}\n"
        + "exit: {kpi_failure: not_applicable}\n"
        + "economics: {model: revenue_share, attribution: not_applicable}\n"
    )
    spec = parse_spec(text)
    assert spec.confidentiality.publicity is NA and spec.data_protection.marketing is NA
    assert spec.governance.manager_authority is NA and spec.exit.kpi_failure is NA
    assert spec.economics.attribution is NA


# ---------------------------------------------------------------- bad input, located


def test_foreground_subject_errors_are_located(tmp_path: Path) -> None:
    text = (
        HEAD
        + PARTIES
        + "ip:\n  foreground:\n"
        + "    - {subject: Joint Marketing Materials, owner: jointly}\n"
        + "    - {subject: The connector, owner: assigned}\n"
        + "    - {subject: Templates, owner: joint, assigned_to: acme}\n"
        + "    - {subjct: Reports, owner: joint}\n"
    )
    assert problems(tmp_path, text) == [
        f"{loc(text, 'jointly')}: ip.foreground[0].owner: 'jointly' is not one of: joint, "
        "contributing_party, assigned; did you mean 'joint'?",
        f"{loc(text, '{subject: The')}: ip.foreground[1].assigned_to: required when owner is "
        "'assigned': the party that receives it",
        f"{loc(text, 'acme}')}: ip.foreground[2].assigned_to: only with owner: assigned; leave it "
        "out or set owner: assigned",
        f"{loc(text, '{subjct')}: ip.foreground[3].subject: missing; this key is required",
        f"{loc(text, 'subjct')}: ip.foreground[3].subjct: unknown key; did you mean 'subject'?",
    ]


def test_foreground_subject_listed_twice_and_bad_shapes(tmp_path: Path) -> None:
    twice = (
        HEAD
        + PARTIES
        + "ip:\n  foreground:\n    - {subject: Videos, owner: joint}\n"
        + "    - {subject: videos, owner: contributing_party}\n"
    )
    assert problems(tmp_path, twice) == [
        f"{loc(twice, 'videos')}: ip.foreground[1].subject: 'videos' is listed twice"
    ]
    empty = HEAD + PARTIES + "ip:\n  foreground: []\n"
    assert problems(tmp_path, empty) == [
        f"{loc(empty, '[]')}: ip.foreground: an empty list decides nothing: give one "
        "{subject, owner} per subject"
    ]
    mapping = HEAD + PARTIES + "ip:\n  foreground: {subject: Videos, owner: joint}\n"
    assert problems(tmp_path, mapping)[0].startswith(
        f"{loc(mapping, '{subject')}: ip.foreground: expected joint, contributing_party or assigned"
    )


def test_revenue_share_keys_are_checked_and_located(tmp_path: Path) -> None:
    text = (
        HEAD
        + PARTIES
        + "economics:\n  model: revenue_share\n  statement_days: 400\n"
        + "  attribution: {registration: yes, valid_for: half a year, rul: first}\n"
        + "  tail: forever\n"
    )
    assert problems(tmp_path, text) == [
        f"{loc(text, '400')}: economics.statement_days: 400 is not a number of days from 1 to 365",
        f"{loc(text, 'yes')}: economics.attribution.registration: expected true or false",
        f"{loc(text, 'half a year')}: economics.attribution.valid_for: 'half a year' is not a "
        "duration; write a number and a unit, e.g. '90 days', '6 months', '3 years'",
        f"{loc(text, 'rul:')}: economics.attribution.rul: unknown key; did you mean 'rule'?",
        f"{loc(text, 'forever')}: economics.tail: 'forever' is not a duration; write a number "
        "and a unit, e.g. '90 days', '6 months', '3 years'",
    ]


def test_kpi_exit_authority_publicity_and_marketing_errors(tmp_path: Path) -> None:
    text = (
        HEAD
        + PARTIES
        + "kpis:\n  - {metric: Leads, baseline: '', measurement: ''}\n"
        + "exit:\n  kpi_failure: {missed_periods: 13, notice: soon, priority: urgent}\n"
        + "governance:\n  manager_authority: {spending_limit: lots}\n"
        + "confidentiality:\n  publicity: {announcements: press, approval_days: 0, partner_listing: 1}\n"
        + "data_protection:\n  marketing: {consents: yes, laws: [], opt_out: 3}\n"
    )
    found = problems(tmp_path, text)
    assert found == [
        f"{loc(text, EMPTY)}: kpis[0].baseline: must not be empty; leave the key out if there is none",
        f"{loc(text, EMPTY, 2)}: kpis[0].measurement: must not be empty; leave the key out if it "
        "is not decided yet",
        f"{loc(text, '13')}: exit.kpi_failure.missed_periods: 13 is not a number from 1 to 12",
        f"{loc(text, 'soon')}: exit.kpi_failure.notice: 'soon' is not a duration; write a number "
        "and a unit, e.g. '90 days', '6 months', '3 years'",
        f"{loc(text, 'urgent')}: exit.kpi_failure.priority: 'urgent' is not one of: high, "
        "medium, low",
        f"{loc(text, '{spending')}: governance.manager_authority.may_agree: say what the managers "
        "may agree (may_agree), what they may not (may_not_agree), or both",
        f"{loc(text, 'lots')}: governance.manager_authority.spending_limit: 'lots' is not an "
        "amount; write e.g. 'EUR 50000' or {amount: 50000, currency: EUR}",
        f"{loc(text, 'press')}: confidentiality.publicity.announcements: 'press' is not one of: "
        "prior_approval, joint_only, factual",
        f"{loc(text, '0,')}: confidentiality.publicity.approval_days: 0 is not a number of days "
        "from 1 to 365",
        f"{loc(text, '1}')}: confidentiality.publicity.partner_listing: expected true or false",
        f"{loc(text, 'yes')}: data_protection.marketing.consents: expected true or false",
        f"{loc(text, 'opt_out:')}: data_protection.marketing.opt_out: unknown key; did you mean "
        "'opt_out_days'?",
    ]


def test_registration_number_is_text_and_not_empty(tmp_path: Path) -> None:
    spec = parse_spec(
        HEAD + PARTIES.replace("Acme Ltd", "Acme Ltd\n    registration_number: 1234567")
    )
    assert spec.parties[0].registration_number == "1234567"
    text = HEAD + PARTIES.replace("Acme Ltd", "Acme Ltd\n    registration_number: ' '")
    assert problems(tmp_path, text) == [
        f"{loc(text, BLANK)}: parties[0].registration_number: must not be empty; leave the key "
        "out if it is not decided yet"
    ]


# ---------------------------------------------------------------- the built agreement


@pytest.fixture(scope="module")
def assembly():
    return assemble_spec(load_spec(SAMPLE))


@pytest.fixture(scope="module")
def docx_text(assembly) -> str:
    document = Document(io.BytesIO(render_docx(assembly)))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return re.sub(r"\s+", " ", " ".join(parts))


@pytest.fixture(scope="module")
def pdf_flat(assembly, pdf_engine) -> str:
    return re.sub(r"\s+", " ", " ".join(pdf_text(pdf_engine.render(render_html(assembly)))))


EXPECTED = (
    # registration numbers in the parties clause
    "incorporated in England and Wales (registered number 09876543) whose registered office",
    "incorporated in England and Wales (registered number OC412345) whose registered office",
    # foreground IP per subject
    "Joint Marketing Materials: owned by the Parties jointly, in equal undivided shares",
    "other developments Payloft makes on its own side: owned by the Party whose employees or "
    "contractors create it",
    # revenue share: collector, statements, attribution, tail, survival
    "Payloft invoices and collects all Shared Revenue and pays the other Party its share of it.",
    "Within twenty (20) days after the end of each month",
    "A sale counts towards Shared Revenue only if it results from a Registered Deal.",
    "A registration is valid for six (6) months",
    "For twelve (12) months after this Agreement expires or is terminated",
    "survive its expiry or termination",
    # KPI measurement, text baseline, exit right
    "about 15 a month before the campaign",
    "Onboarding Bundles sold: new paid subscriptions of the Onboarding Bundle",
    "data source: Payloft's billing system, exported monthly",
    "Termination for Persistent KPI Failure",
    "is missed in two (2) consecutive measurement periods",
    # partnership managers' authority
    "Authority of the Partnership Managers",
    "No Partnership Manager may commit its Party to spend more than GBP 5,000",
    "(a) any change to the revenue shares, prices or payment terms;",
    # publicity and marketing law
    "Publicity and Announcements",
    "will answer within five (5) business days",
    "Leads and Marketing Communications",
    "the Privacy and Electronic Communications (EC Directive) Regulations 2003",
    "will pass it on within two (2) days to the other Party, where that Party holds",
    # explicit non-exclusivity
    "This Agreement is non-exclusive.",
)


@pytest.mark.parametrize("expected", EXPECTED)
def test_the_built_docx_prints_the_new_clauses(docx_text: str, expected: str) -> None:
    assert expected.replace("(a) ", "") in docx_text  # Word numbers list items itself


@pytest.mark.parametrize("expected", EXPECTED)
def test_the_built_pdf_prints_the_new_clauses(pdf_flat: str, expected: str) -> None:
    assert expected.replace("(a) ", "") in pdf_flat


def test_the_survival_clause_lists_the_economics(assembly) -> None:
    termination = next(a for a in assembly.articles if a.title == "Termination")
    survival = next(s for s in termination.children if s.title == "Survival")
    text = " ".join(span.text for block in survival.blocks for span in block.spans)
    assert "(Economics)" in text and "(Payment Terms)" in text


def test_an_article_of_one_exclusivity_clause_is_headed_by_it(assembly) -> None:
    """co_marketing_70_30 is non-exclusive with no non-compete: its article must not promise
    a non-compete in its heading ("Exclusivity. This Agreement is non-exclusive.")."""
    [article] = [a for a in assembly.articles if a.component == "exclusivity"]
    assert article.title == "Exclusivity"
    assert not article.children


def test_a_non_compete_keeps_the_non_exclusivity_statement() -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "  non_compete: false\n",
        "  non_compete: true\n  scope: Bundles with another payroll vendor\n"
        "  territory: United Kingdom\n  duration: 12 months\n",
    )
    assembly = assemble_spec(parse_spec(text))
    exclusivity = next(a for a in assembly.articles if a.component == "exclusivity")
    titles = [s.title for s in exclusivity.children]
    assert titles == ["Exclusivity", "Non-Competition"]
    assert exclusivity.title == "Exclusivity and Non-Competition"  # both: the component's title
    first = " ".join(
        " ".join(
            span.text for block in exclusivity.children[0].blocks for span in block.spans
        ).split()
    )
    assert first.startswith("This Agreement is non-exclusive. Subject only to Section ")
    assert "(Non-Competition) , each Party remains free" in first


def test_each_party_collects_and_three_parties_read_right() -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("collected_by: payloft", "collected_by: each")
    assembly = assemble_spec(parse_spec(text))
    economics = next(a for a in assembly.articles if a.component == "revenue_sharing")
    share = " ".join(span.text for block in economics.children[0].blocks for span in block.spans)
    assert "Each Party invoices and collects the Shared Revenue from its own sales" in share


# ---------------------------------------------------------------- the starters


def _uncommented(kind: str) -> str:
    return re.sub(r"(?m)^( +)# ", r"\1", render_starter(kind))


@pytest.mark.parametrize("kind", KINDS)
def test_every_starter_shows_the_new_keys(kind: str) -> None:
    text = render_starter(kind)
    assert re.search(r"(?m)^definitions:$", text)  # a live key, its example commented
    assert parse_spec(text).definitions == ()
    spec = parse_spec(_uncommented(kind), f"{kind}.yaml")
    term, meaning = spec.definitions[0]
    assert term[0].isupper() and meaning
    assert all(p.registration_number == "01234567" for p in spec.parties)
    assert spec.kpis[0].measurement and spec.kpis[0].data_source
    assert isinstance(spec.kpis[0].baseline, str)
    assert spec.exit.kpi_failure.missed_periods == 2
    assert spec.governance.manager_authority.may_not_agree
    assert spec.confidentiality.publicity.announcements == "prior_approval"
    assert "states that it is non-exclusive" in text
    if spec.economics.model == "revenue_share":
        assert spec.economics.collected_by in {p.id for p in spec.parties}


def test_the_co_marketing_starter_is_a_revenue_share_with_joint_materials() -> None:
    # the one key the starter leaves to decide with no example: warranties (an open item)
    text = _uncommented("co_marketing")
    assert [f.code for f in check_spec(parse_spec(text))] == ["GAP103"]
    spec = parse_spec(text.replace("\nwarranties:\n", "\nwarranties: true\n"))
    economics = spec.economics
    assert [s.percent for s in economics.splits] == [70, 30]
    assert economics.attribution.registration and economics.tail == Duration(12, "month")
    assert [s.owner for s in spec.ip.foreground] == ["joint", "contributing_party"]
    assert spec.data_protection.marketing.consents is True
    assert [f.code for f in check_spec(spec)] == []
