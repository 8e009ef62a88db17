"""The spec schemas: every sample loads, and every kind of bad input gets its exact location."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from agreement_builder.core.errors import InputError, SpecError
from agreement_builder.core.taxonomy import KINDS
from agreement_builder.core.values import NA, Duration, Money, decided
from agreement_builder.spec.model import SPEC_SECTIONS, AgreementSpec
from agreement_builder.spec.schemas import load_spec, parse_spec

from ..conftest import ROOT

SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
GAPS = sorted((ROOT / "samples" / "gaps").glob("*.yaml"))
ALL_SPECS = SAMPLES + GAPS

# the sections a complete sample decides (a value or not_applicable, never left out)
SECTIONS = SPEC_SECTIONS

PARTIES = """\
parties:
  - id: acme
    legal_name: Acme Ltd
  - id: globex
    legal_name: Globex Ltd
"""
HEAD = "agreement:\n  kind: referral\n"


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT / "samples"))


def write(tmp_path: Path, text: str | bytes, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def loc(text: str, needle: str, nth: int = 1) -> str:
    """``LINE:COL`` (1-based) of the nth occurrence of ``needle`` in ``text``."""
    index = -1
    for _ in range(nth):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"{line}:{column}"


def spec_error(path: Path) -> SpecError:
    with pytest.raises(SpecError) as info:
        load_spec(path)
    assert info.value.file == str(path)
    return info.value


def problems_of(path: Path) -> list[str]:
    return [str(p) for p in spec_error(path).problems]


def input_error(path: Path) -> str:
    with pytest.raises(InputError) as info:
        load_spec(path)
    return str(info.value)


# ---------------------------------------------------------------- (a) the samples


def test_the_samples_are_there() -> None:
    kinds = {yaml.safe_load(p.read_text(encoding="utf-8"))["agreement"]["kind"] for p in SAMPLES}
    assert kinds == set(KINDS)  # one sample per kind
    assert len(GAPS) >= 6


@pytest.mark.parametrize("path", ALL_SPECS, ids=_id)
def test_sample_loads_and_round_trips(path: Path) -> None:
    first = load_spec(path)
    second = load_spec(path)
    assert isinstance(first, AgreementSpec)
    assert first == second
    assert first.source == str(path)

    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert first.kind == raw["agreement"]["kind"]
    assert [p.id for p in first.parties] == [p["id"] for p in raw["parties"]]
    assert [p.legal_name for p in first.parties] == [p["legal_name"] for p in raw["parties"]]
    if raw["agreement"].get("effective_date") is not None:
        assert first.agreement.effective_date == raw["agreement"]["effective_date"]
    raw_economics = raw.get("economics")
    if isinstance(raw_economics, dict):
        assert decided(first.economics)
        assert [(s.party, s.percent) for s in first.economics.splits] == [
            (s["party"], float(s["percent"])) for s in raw_economics.get("splits", [])
        ]
    for name in SECTIONS:
        value = getattr(first, name)
        if name not in raw or raw[name] is None:
            assert value is None, f"{name}: left out, so not decided"
        elif raw[name] == "not_applicable":
            assert value is NA, f"{name}: not_applicable"
        else:
            assert decided(value), f"{name}: decided"


@pytest.mark.parametrize("path", SAMPLES, ids=_id)
def test_complete_samples_decide_every_section(path: Path) -> None:
    spec = load_spec(path)
    undecided = [name for name in SECTIONS if getattr(spec, name) is None]
    assert undecided == []
    assert spec.agreement.effective_date and spec.agreement.governing_law
    for party in spec.parties:
        assert party.responsibilities and party.signatory and party.manager, party.id


@pytest.mark.parametrize("path", SAMPLES, ids=_id)
def test_complete_samples_have_consistent_money(path: Path) -> None:
    spec = load_spec(path)
    ids = {p.id for p in spec.parties}
    economics = spec.economics
    assert decided(economics)
    if economics.splits:
        assert sum(s.percent for s in economics.splits) == 100
        assert {s.party for s in economics.splits} <= ids
    for fee in economics.fees:
        assert {fee.payer, fee.payee} <= ids
    assert economics.payment_schedule and economics.currency and economics.due_days


@pytest.mark.parametrize("path", GAPS, ids=_id)
def test_gap_samples_say_what_to_expect(path: Path) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# expect: ")
    assert len(first_line) > len("# expect: ") + 5


def test_samples_cover_the_kind_specific_parts() -> None:
    specs: dict[str, AgreementSpec] = {}
    for p in SAMPLES:  # the first sample of each kind (later ones show other features)
        specs.setdefault(load_spec(p).kind, load_spec(p))
    jv = specs["joint_venture"]
    assert len(jv.parties) == 3
    assert [s.percent for s in jv.economics.splits] == [40, 35, 25]
    assert all(c.value for p in jv.parties for c in p.contributions if c.kind == "cash")
    assert jv.governance.steering_committee.deadlock
    assert jv.disputes.arbitration is NA and jv.disputes.courts.exclusive is True
    assert specs["referral"].economics.commission.tail == Duration(12, "month")
    assert specs["licensing"].economics.model == "licence_fee"
    assert specs["licensing"].economics.audit.notice is not None
    assert specs["co_marketing"].economics.cost_allocation
    reseller = specs["reseller"].exclusivity
    assert reseller.territory and reseller.duration
    pilot = specs["pilot"]
    assert pilot.pilot.decision_date > pilot.agreement.effective_date
    assert pilot.term.renewal.type == "none"
    laws = {s.agreement.governing_law for s in specs.values()}
    assert len(laws) == len(specs)


@settings(max_examples=60, deadline=None)
@given(
    amount=st.integers(min_value=1, max_value=99999),
    unit=st.sampled_from(["day", "week", "month", "year"]),
    plural=st.booleans(),
    money=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
    percent=st.floats(min_value=0, max_value=100, allow_nan=False),
)
def test_values_round_trip(
    amount: int, unit: str, plural: bool, money: Decimal, percent: float
) -> None:
    text = f"{amount} {unit}{'s' if plural else ''}"
    spec = parse_spec(
        HEAD
        + PARTIES
        + f"term: {{duration: {text}}}\n"
        + f"liability: {{cap: {{amount: '{money}', currency: EUR}}}}\n"
        + f"economics: {{model: revenue_share, splits: [{{party: acme, percent: {percent!r}}}]}}\n"
    )
    assert spec.term.duration == Duration(amount, unit)
    assert Duration.parse(str(spec.term.duration)) == spec.term.duration
    assert spec.liability.cap == Money(money, "EUR")
    assert spec.economics.splits[0].percent == percent


# ---------------------------------------------------------------- (b) located errors


def test_unknown_key_suggests_the_close_one(tmp_path: Path) -> None:
    text = "agreement:\n  kind: referral\n  titel: Referral Agreement\n" + PARTIES
    path = write(tmp_path, text)
    assert problems_of(path) == [
        f"{path}:{loc(text, 'titel')}: agreement.titel: unknown key; did you mean 'title'?"
    ]


def test_unknown_key_in_a_list_item_and_without_a_close_match(tmp_path: Path) -> None:
    text = HEAD + PARTIES.replace(
        "legal_name: Globex Ltd", "legal_name: Globex Ltd\n    adress: Leeds"
    )
    text += "zzz: 1\n"
    path = write(tmp_path, text)
    found = problems_of(path)
    assert (
        found[0]
        == f"{path}:{loc(text, 'adress')}: parties[1].adress: unknown key; did you mean 'address'?"
    )
    assert found[1].startswith(
        f"{path}:{loc(text, 'zzz')}: zzz: unknown key; expected one of: agreement, "
    )
    assert len(found) == 2


def test_missing_required_key_points_at_the_parent_mapping(tmp_path: Path) -> None:
    text = "agreement:\n  title: Referral Agreement\n" + PARTIES.replace(
        "legal_name: Globex Ltd", "short_name: Globex"
    )
    path = write(tmp_path, text)
    assert problems_of(path) == [
        f"{path}:{loc(text, 'title')}: agreement.kind: missing; this key is required",
        f"{path}:{loc(text, 'id: globex')}: parties[1].legal_name: missing; this key is required",
    ]


def test_missing_top_level_key_points_at_the_document(tmp_path: Path) -> None:
    path = write(tmp_path, PARTIES)
    assert problems_of(path) == [f"{path}:1:1: agreement: missing; this key is required"]


def test_bad_duration(tmp_path: Path) -> None:
    text = HEAD + PARTIES + "term:\n  duration: ninety days\n"
    path = write(tmp_path, text)
    assert problems_of(path) == [
        f"{path}:{loc(text, 'ninety')}: term.duration: 'ninety days' is not a duration; "
        "write a number and a unit, e.g. '90 days', '6 months', '3 years'"
    ]


@pytest.mark.parametrize(
    ("address", "ok"),
    [
        ("ana.silva@acme.example", True),
        ("user+tag@mail.co.uk", True),
        ("jean@société.fr", True),
        ("ana.silva@acme", False),
        ("ana silva@acme.example", False),
        ("ana@@acme.example", False),
        ("ana@acme.example.", False),
    ],
)
def test_contact_email(tmp_path: Path, address: str, ok: bool) -> None:
    text = HEAD + PARTIES.replace(
        "legal_name: Acme Ltd",
        f"legal_name: Acme Ltd\n    signatory: {{name: Ana, email: '{address}'}}",
    )
    path = write(tmp_path, text)
    if ok:
        assert load_spec(path).parties[0].signatory.email == address  # type: ignore[union-attr]
    else:
        assert problems_of(path) == [
            f"{path}:{loc(text, repr(address))}: parties[0].signatory.email: "
            f"{address!r} is not an e-mail address (name@example.com)"
        ]


def test_bad_percent(tmp_path: Path) -> None:
    text = (
        HEAD
        + PARTIES
        + (
            "economics:\n"
            "  model: revenue_share\n"
            "  splits:\n"
            "    - {party: acme, percent: 120}\n"
            "    - {party: globex, percent: lots}\n"
        )
    )
    path = write(tmp_path, text)
    assert problems_of(path) == [
        f"{path}:{loc(text, '120')}: economics.splits[0].percent: "
        "120 is not a percentage from 0 to 100",
        f"{path}:{loc(text, 'lots')}: economics.splits[1].percent: expected a number",
    ]


def test_bad_date(tmp_path: Path) -> None:
    text = "agreement:\n  kind: referral\n  effective_date: 2027-02-30\n" + PARTIES
    path = write(tmp_path, text)
    assert problems_of(path) == [
        f"{path}:{loc(text, '2027')}: agreement.effective_date: not a date; write it as YYYY-MM-DD"
    ]


def test_bad_money(tmp_path: Path) -> None:
    text = (
        HEAD
        + PARTIES
        + ("liability:\n  cap: 50000 euros\ninsurance:\n  minimum: {amount: -5, currency: eur}\n")
    )
    path = write(tmp_path, text)
    assert problems_of(path) == [
        f"{path}:{loc(text, '50000 euros')}: liability.cap: '50000 euros' is not an amount; "
        "write e.g. 'EUR 50000' or {amount: 50000, currency: EUR}",
        f"{path}:{loc(text, '-5')}: insurance.minimum.amount: must be a positive number",
        f"{path}:{loc(text, 'eur}')}: insurance.minimum.currency: "
        "'eur' is not an ISO 4217 code; did you mean 'EUR'?",
    ]


def test_absurd_numbers_are_located_errors(tmp_path: Path) -> None:
    """Finite and sane, before anything is built: 1e999999999 is a finite Decimal whose
    digits took 2.7 GB to write out."""
    text = (
        HEAD
        + PARTIES
        + (
            "liability:\n  cap: EUR 9999999999999999999\n"
            "insurance:\n  minimum: {amount: 1e999999999, currency: EUR}\n"
            "kpis:\n"
            "  - {metric: Leads, target: 1.0e+400, baseline: -1.0e+300}\n"
            "  - {metric: Sales, target: .nan}\n"
            "  - {metric: Tiny, target: 12.5, baseline: 0}\n"
        )
    )
    path = write(tmp_path, text)
    too_large = "is too large: an amount can be at most 1,000,000,000,000,000"
    assert problems_of(path) == [
        f"{path}:{loc(text, 'EUR 9')}: liability.cap: the amount {too_large}",
        f"{path}:{loc(text, '1e999')}: insurance.minimum.amount: {too_large}",
        f"{path}:{loc(text, '1.0e+400')}: kpis[0].target: "
        "Special numeric values (nan or infinity) are not permitted.",
        f"{path}:{loc(text, '-1.0e+300')}: kpis[0].baseline: "
        "is too large: a figure can be at most 1,000,000,000,000,000",
        f"{path}:{loc(text, '.nan')}: kpis[1].target: "
        "Special numeric values (nan or infinity) are not permitted.",
    ]
    for amount, problem in (
        ("1e-999999999", "has too many decimal places: at most 6"),
        ("-Infinity", "must be a finite number"),
        ("1000000000000000", None),
        ("0.000001", None),
    ):
        text = HEAD + PARTIES + f"insurance:\n  minimum: {{amount: '{amount}', currency: EUR}}\n"
        path = write(tmp_path, text)
        if problem is None:
            load_spec(path)
        else:
            where = loc(text, f"'{amount}")
            assert problems_of(path) == [f"{path}:{where}: insurance.minimum.amount: {problem}"]


def test_currency_codes_are_checked_against_iso_4217(tmp_path: Path) -> None:
    """Three capital letters are not enough: 'UDS' was accepted (issue 18)."""
    text = (
        HEAD
        + PARTIES
        + (
            "economics: {model: commission, currency: UDS}\n"
            "liability:\n  cap: GPB 50,000\n"
            "insurance:\n  minimum: {amount: 5000, currency: QQQ}\n"
        )
    )
    path = write(tmp_path, text)
    assert problems_of(path) == [
        f"{path}:{loc(text, 'UDS')}: economics.currency: 'UDS' is not an ISO 4217 code;"
        " did you mean 'USD'?",
        f"{path}:{loc(text, 'GPB')}: liability.cap: 'GPB' is not an ISO 4217 code;"
        " did you mean 'GBP'?",
        f"{path}:{loc(text, 'QQQ')}: insurance.minimum.currency: 'QQQ' is not an ISO 4217 code"
        " such as EUR, USD, GBP",
    ]


def test_real_currency_codes_pass(tmp_path: Path) -> None:
    text = HEAD + PARTIES + "economics: {model: commission, currency: CHF}\n"
    text += "liability:\n  cap: SGD 50,000\ninsurance:\n  minimum: {amount: 5, currency: XOF}\n"
    spec = load_spec(write(tmp_path, text))
    assert spec.liability is not None and spec.liability.cap == Money(Decimal(50000), "SGD")


def test_bad_choice(tmp_path: Path) -> None:
    text = "agreement:\n  kind: referal\n" + PARTIES
    path = write(tmp_path, text)
    assert problems_of(path) == [
        f"{path}:{loc(text, 'referal')}: agreement.kind: 'referal' is not one of: "
        "strategic_alliance, joint_venture, co_marketing, referral, reseller, licensing, pilot; did you mean 'referral'?"
    ]


def test_duplicate_key(tmp_path: Path) -> None:
    text = "agreement:\n  kind: referral\n  title: A\n  kind: pilot\n" + PARTIES
    path = write(tmp_path, text)
    assert input_error(path) == (
        f"{path}:{loc(text, 'kind', 2)}: duplicate key 'kind' (first on line 2)\n"
        "  hint: keep one of them: YAML would silently drop the first"
    )


def test_two_parties_with_the_same_id(tmp_path: Path) -> None:
    text = HEAD + PARTIES.replace("id: globex", "id: acme")
    path = write(tmp_path, text)
    assert problems_of(path) == [
        f"{path}:{loc(text, 'acme', 2)}: parties[1].id: party id 'acme' is used twice; "
        "each party needs its own id"
    ]


@pytest.mark.parametrize(
    "parties",
    ["parties:\n  - id: acme\n    legal_name: Acme Ltd\n", "parties: []\n"],
    ids=["one", "none"],
)
def test_fewer_than_two_parties(tmp_path: Path, parties: str) -> None:
    text = HEAD + parties
    path = write(tmp_path, text)
    where = loc(text, "- id") if "- id" in parties else loc(text, "[]")
    assert problems_of(path) == [
        f"{path}:{where}: parties: a partnership needs at least two parties"
    ]


def test_malformed_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, "agreement:\n  kind: referral\n parties: [\n")
    message = input_error(path)
    assert message.startswith(f"{path}:3:2: malformed YAML/JSON: ")
    assert message.endswith("\n  hint: fix the syntax at that place")


@pytest.mark.parametrize("text", ["", "   \n\n", "\t\n"], ids=["empty", "blank-lines", "tab"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    assert input_error(path) == f"{path}: is empty; expected a spec (YAML or JSON)"


def test_file_with_only_comments(tmp_path: Path) -> None:
    path = write(tmp_path, "# nothing decided yet\n")
    assert input_error(path) == f"{path}: holds no document; expected a spec (YAML or JSON)"


def test_not_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "- acme\n- globex\n")
    assert problems_of(path) == [
        f"{path}:1:1: a spec is a mapping with 'agreement:' and 'parties:' at the top"
    ]


def test_directory(tmp_path: Path) -> None:
    assert input_error(tmp_path) == (
        f"{tmp_path}: is a directory, not a spec (YAML or JSON)\n  hint: pass the file inside it"
    )


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert (
        input_error(path)
        == f"{path}: no such spec (YAML or JSON)\n  hint: check the path and try again"
    )


def test_binary_file(tmp_path: Path) -> None:
    path = write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "spec.png")
    assert input_error(path) == (
        f"{path}: looks like a binary file, not a spec (YAML or JSON)\n"
        "  hint: pass a YAML or JSON text file"
    )


def test_non_utf8_file(tmp_path: Path) -> None:
    path = write(tmp_path, (HEAD + "  title: Caf\u00e9\n").encode("latin-1"))
    assert (
        input_error(path)
        == f"{path}: not valid UTF-8 (byte 0xe9 on line 3)\n  hint: save the file as UTF-8"
    )


def test_utf8_with_bom_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + (HEAD + PARTIES).encode("utf-8"))
    assert load_spec(path).kind == "referral"


def test_json_spec_is_accepted(tmp_path: Path) -> None:
    text = (
        '{\n  "agreement": {"kind": "pilot", "effective_date": "2027-04-05"},\n'
        '  "parties": [\n    {"id": "a", "legal_name": "A Inc."},\n'
        '    {"id": "b", "legal_name": "B Inc."}\n'
        '  ],\n  "pilot": {"duration": "90 days"},\n  "exclusivity": "not_applicable"\n}\n'
    )
    spec = load_spec(write(tmp_path, text, "spec.json"))
    assert spec.agreement.effective_date == date(2027, 4, 5)
    assert spec.pilot.duration == Duration(90, "day")
    assert spec.exclusivity is NA


def test_json_spec_with_errors_is_located(tmp_path: Path) -> None:
    text = (
        '{\n  "agreement": {"kind": "referal"},\n'
        '  "parties": [\n    {"id": "a", "legal_name": "A"},\n'
        '    {"id": "b", "legal_nam": "B"}\n  ]\n}\n'
    )
    path = write(tmp_path, text, "spec.json")
    kind_at = loc(text, '"referal"')  # a JSON string node starts at its opening quote
    key_at = loc(text, '"legal_nam"')
    assert problems_of(path) == [
        f"{path}:{kind_at}: agreement.kind: 'referal' is not one of: "
        "strategic_alliance, joint_venture, co_marketing, referral, reseller, licensing, pilot; did you mean 'referral'?",
        f"{path}:{loc(text, '{', 4)}: parties[1].legal_name: missing; this key is required",
        f"{path}:{key_at}: parties[1].legal_nam: unknown key; did you mean 'legal_name'?",
    ]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = (
        "agreement:\n  kind: referral\n  effective_date: 2027-13-01\n"
        + PARTIES
        + "term: {duration: forever}\n"
        + "exit: {cause: {cure_period: 30 days}, survival: [confidentiality, secrecy]}\n"
        + "economics: {model: commission, payment_schedule: weekly}\n"
        + "governance: {meetings: [{type: strategy, cadence: sometimes}]}\n"
    )
    path = write(tmp_path, text)
    error = spec_error(path)
    assert [p.path for p in error.problems] == [
        "agreement.effective_date",
        "term.duration",
        "exit.survival[1]",
        "economics.payment_schedule",
        "governance.meetings[0].cadence",
    ]
    assert str(error).splitlines()[-1] == f"{path}: 5 problems found; fix them and run again"


def test_party_problems_are_reported_with_other_problems(tmp_path: Path) -> None:
    text = HEAD + PARTIES.replace("id: globex", "id: acme") + "term: {duration: forever}\n"
    path = write(tmp_path, text)
    assert [p.path for p in spec_error(path).problems] == ["parties[1].id", "term.duration"]


def test_range_checks_on_numbers_and_currency(tmp_path: Path) -> None:
    text = (
        HEAD
        + PARTIES
        + (
            "economics: {model: commission, due_days: 0, currency: euro}\n"
            "disputes: {escalation: [{level: Managers, days: 400}],"
            " arbitration: {arbitrators: 2}}\n"
            "governance: {steering_committee: {members_per_party: 50}}\n"
        )
    )
    path = write(tmp_path, text)
    assert [p.path for p in spec_error(path).problems] == [
        "economics.due_days",
        "economics.currency",
        "disputes.escalation[0].days",
        "disputes.arbitration.arbitrators",
        "governance.steering_committee.members_per_party",
    ]


def test_yaml_11_booleans_stay_text_in_text_keys(tmp_path: Path) -> None:
    spec = parse_spec(HEAD + PARTIES.replace("legal_name: Globex Ltd", "legal_name: NO"))
    assert spec.parties[1].legal_name == "NO"


def test_not_applicable_and_undecided_are_different(tmp_path: Path) -> None:
    spec = parse_spec(HEAD + PARTIES + "pilot: not_applicable\nterm:\nkpis: not_applicable\n")
    assert spec.pilot is NA
    assert spec.term is None
    assert spec.kpis is NA
    assert spec.ip is None


def test_parse_spec_names_the_source() -> None:
    with pytest.raises(SpecError) as info:
        parse_spec(HEAD + "parties: []\n", "inline.yaml")
    assert str(info.value.problems[0]).startswith("inline.yaml:3:10: parties: ")


def test_one_party_is_reported_next_to_the_party_errors(tmp_path):
    path = tmp_path / "one.yaml"
    path.write_text(
        "agreement: {kind: referral}\n"
        "parties:\n"
        "  - {id: acme, legal_name: Acme Ltd, signatory: {name: Ann, titel: CEO}}\n"
    )
    problems = problems_of(path)
    assert any("a partnership needs at least two parties" in p for p in problems)
    assert any("titel: unknown key" in p for p in problems)


def test_own_definitions_load_and_bad_terms_are_located(tmp_path):
    good = (ROOT / "samples" / "licensing.yaml").read_text()
    spec = parse_spec(good, "licensing.yaml")
    assert dict(spec.definitions)["Licensed Products"].startswith("the hearing aids")
    path = tmp_path / "bad.yaml"
    path.write_text(good + "\n  lower case term: x\n")
    problems = problems_of(path)
    assert any("definitions" in p and "starts with a capital letter" in p for p in problems)


def test_marshmallow_imported_lazily_still_validates_email() -> None:
    """core/startup.py (import_marshmallow) defers marshmallow's e-mail regexes; they still work, and
    re.compile is the standard one again afterwards (checked in a fresh interpreter)."""
    import subprocess
    import sys

    code = (
        "import re, agreement_builder.spec.schemas\n"
        "from marshmallow import validate, ValidationError\n"
        "assert re.compile.__module__ == 're' and re.compile.__name__ == 'compile'\n"
        "assert validate.Email()('someone@example.com') == 'someone@example.com'\n"
        "try:\n    validate.Email()('bad@@example')\nexcept ValidationError:\n    print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_model_values_behave_as_frozen_dataclasses() -> None:
    """model.value generates one __init__ per class; the rest must act as dataclass(frozen)."""
    import dataclasses
    import pickle

    from agreement_builder.core.findings import Location
    from agreement_builder.read.model import TextBlock
    from agreement_builder.spec.model import AgreementSpec

    block = TextBlock(3, 9, page=2)
    assert (block.start, block.end, block.page, block.heading, block.part) == (3, 9, 2, 0, "body")
    assert block == TextBlock(3, 9, 2) and hash(block) == hash(TextBlock(3, 9, 2))
    assert block != TextBlock(3, 9, 3) and block != (3, 9, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        block.start = 4  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del block.page  # type: ignore[misc]
    assert dataclasses.replace(block, page=5).page == 5
    assert pickle.loads(pickle.dumps(block)) == block
    assert repr(Location("a.yaml", 3)).startswith("Location(file='a.yaml', line=3, column=None")
    with pytest.raises(TypeError):
        TextBlock(1)  # type: ignore[call-arg]
    # default_factory fields keep their factory (AgreementSpec.locations)
    fields = {f.name: f for f in dataclasses.fields(AgreementSpec)}
    assert fields["locations"].default_factory is dict
    assert TextBlock.__init__.__qualname__ == "TextBlock.__init__"
    # what the generated __init__ does not do is refused when the class is made
    from agreement_builder.core.startup import _Value, value

    with pytest.raises(TypeError, match="every field"):

        @value
        class Checked(_Value):
            amount: int

            def __post_init__(self) -> None:
                pass
