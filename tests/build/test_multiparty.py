"""Per-kind checklist on real built DOCX text: the no-partnership statement in every kind, the
profit-share sentence where profits are shared, the buy-out of a defaulting party and an
N-party deadlock rule in deals of three or more parties, a cap with a floor (issue 15 item 6).

Each sample is assembled, rendered to DOCX with our own writer and read back with
python-docx: the assertions are on the text a signer reads."""

from __future__ import annotations

import copy
import io
import re
from typing import Any

import pytest
import yaml
from docx import Document

from agreement_builder.api import assemble_spec, check_gaps
from agreement_builder.render.docx import render_docx
from agreement_builder.spec.schemas import parse_spec

from ..conftest import ROOT, SAMPLES

NO_PARTNERSHIP = re.compile(
    r"(?:Nothing in this Agreement creates a partnership in law"
    r"|it is not a partnership in law, a company or any other legal entity)"
)
# "No Party ... another Party" with three or more parties; "Neither Party ... the other Party"
# in a two-party deal
NO_AUTHORITY = re.compile(
    r"(?:No|Neither) Party has authority to make commitments on behalf of, incur debts in the name of, "
    r"or otherwise bind, (?:another|the other) Party"
)
PROFIT_NOT_PARTNERS = "is a contractual payment only. It does not make the Parties partners"
BUY_OUT = (
    "they may together give written notice to the Defaulting Party that they will buy its interest"
)
BUY_SELL = "buy-sell notice"


def docx_text(data: dict[str, Any], name: str = "case.yaml") -> str:
    """Build ``data`` (a spec as YAML data) to DOCX bytes and read the text back, tables too."""
    spec = parse_spec(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), name)
    document = Document(io.BytesIO(render_docx(assemble_spec(spec))))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def sample(name: str) -> dict[str, Any]:
    return yaml.safe_load((ROOT / "samples" / f"{name}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_every_kind_states_no_partnership_no_agency(path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = docx_text(data, path.name)
    assert NO_PARTNERSHIP.search(text), path.name
    assert NO_AUTHORITY.search(text), path.name
    shares_profit = (data.get("economics") or {}).get("model") == "profit_share"
    assert (PROFIT_NOT_PARTNERS in text) == shares_profit, path.name
    many = len(data["parties"]) >= 3
    # a joint venture, or any deal of three or more: the others get the first offer of an interest
    first_offer = many or data["agreement"]["kind"] == "joint_venture"
    assert (
        "it will first offer the whole of that interest in writing to the other Parties" in text
    ) == first_offer
    assert ("Default by One Party" in text) == many, path.name
    assert (BUY_OUT in text) == many, path.name
    if many:
        # one party's default never lets a single party end the deal for all
        assert "No single Party may terminate this Agreement because of an event" in text
        assert (
            "A Party may terminate this Agreement with immediate effect by written notice if another Party commits a Material Breach"
            not in text
        )
        assert BUY_SELL not in text, path.name


def test_three_party_jv_sample_has_the_multiparty_protections() -> None:
    text = docx_text(sample("three_party_jv"), "three_party_jv.yaml")
    # 40/35/25 in the profit table, and the statement that the share does not make partners
    assert re.search(r"Harbourline \| 40%", text) and re.search(r"Kestrel \| 35%", text)
    assert re.search(r"Meridian \| 25%", text)
    assert "The joint venture is a contractual arrangement: it is not a partnership in law" in text
    assert (
        "The sharing of Distributable Profit under Section 6 (Economics) is a contractual payment only"
        in text
    )
    # the buy-out of a defaulting party, at fair value less 10% for a breach only
    assert "Section 22.5 (Default by One Party)" in text
    assert (
        "less 10% where the event is a breach (no discount applies to an insolvency or a change of control)"
        in text
    )
    assert (
        "appointed on the application of any of them by the President of the Institute of Chartered Accountants in England and Wales"
        in text
    )
    assert (
        "the other Parties may buy out its interest or, if all of them agree, terminate this Agreement, as set out in Section 22.5 (Default by One Party)"
        in text
    )
    # the deadlock ladder: escalation, mediation, then an independent expert
    assert (
        "refer it for resolution under Section 23.1 (Escalation) and then Section 23.2 (Mediation)"
        in text
    )
    assert (
        "appointed on the application of any Party by the President of the Chartered Institute of Logistics and Transport in the UK"
        in text
    )
    # the cap with a floor: never nil in year one
    assert (
        "is limited to the higher of GBP 750,000 and the profit distributed to that Party" in text
    )


def test_three_party_jv_sample_checks_clean_and_has_no_open_items() -> None:
    spec = parse_spec(
        (ROOT / "samples" / "three_party_jv.yaml").read_text(encoding="utf-8"),
        "three_party_jv.yaml",
    )
    assert check_gaps(spec) == []
    assert assemble_spec(spec).gaps == ()


def test_opting_out_of_the_buy_out_restores_termination_by_one_party() -> None:
    data = sample("three_party_jv")
    data["exit"]["defaulting_party"] = "not_applicable"
    text = docx_text(data)
    assert "Default by One Party" not in text and "Defaulting Party" not in text
    assert (
        "A Party may terminate this Agreement with immediate effect by written notice if another Party commits a Material Breach"
        in text
    )
    assert "Each other Party may then terminate this Agreement by written notice" in text


def test_buy_out_defaults_to_fair_value_and_offers_book_value() -> None:
    data = sample("three_party_jv")
    del data["exit"]["defaulting_party"]
    text = docx_text(data)
    assert (
        "The price is the fair value of the Defaulting Party's interest on the date of the event"
        in text
    )
    assert (
        "the president for the time being of the professional body of chartered accountants" in text
    )
    assert "where the event is a breach" not in text  # no discount unless the spec gives one
    data["exit"]["defaulting_party"] = {"valuation": "book_value"}
    text = docx_text(data)
    assert (
        "The price is the book value of the Defaulting Party's interest as shown in the most recent accounts"
        in text
    )


def test_buy_out_works_without_the_termination_clauses_it_refers_to() -> None:
    data = sample("three_party_jv")
    data["exit"]["insolvency"] = False
    data["exit"]["change_of_control"] = False
    text = docx_text(data)
    assert "becomes unable to pay its debts as they fall due" in text
    assert (
        "comes under the control of a person who did not control it on the Effective Date" in text
    )
    assert "suffers an Insolvency Event" not in text


def test_wind_up_deadlock_offers_a_buy_out_then_an_orderly_wind_up() -> None:
    data = sample("three_party_jv")
    committee = data["governance"]["steering_committee"]
    committee["deadlock"] = "wind_up"
    del committee["expert"]
    text = docx_text(data)
    assert "requiring the joint activities under this Agreement to be wound up" in text
    assert (
        "any Party or group of Parties may offer in writing to buy the interests of the others"
        in text
    )
    assert "distributing what remains in the proportions set out in Section 6 (Economics)" in text
    assert "independent expert" not in text


def test_expert_deadlock_without_an_appointer_is_an_open_item() -> None:
    data = sample("three_party_jv")
    del data["governance"]["steering_committee"]["expert"]
    spec = parse_spec(yaml.safe_dump(data, sort_keys=False), "case.yaml")
    gaps = assemble_spec(spec).gaps
    assert [g.path for g in gaps] == ["governance.steering_committee.expert"]


def test_two_party_buy_sell_is_still_available() -> None:
    data = copy.deepcopy(sample("three_party_jv"))
    data["parties"] = data["parties"][:2]
    data["economics"]["splits"] = [
        {"party": "harbourline", "percent": 55},
        {"party": "kestrel", "percent": 45},
    ]
    data["kpis"] = [k for k in data["kpis"] if k["owner"] != "meridian"]
    data["governance"]["steering_committee"]["deadlock"] = "buy_sell"
    data["governance"]["steering_committee"]["chair"] = "kestrel"
    text = docx_text(data)
    assert BUY_SELL in text
    assert "Default by One Party" not in text
    assert NO_PARTNERSHIP.search(text) and PROFIT_NOT_PARTNERS in text


def test_with_three_parties_convenience_is_a_withdrawal_the_others_can_buy_out() -> None:
    text = docx_text(sample("three_party_jv"))
    assert (
        "Any Party may withdraw from this Agreement for convenience by giving the other Parties at least twelve (12) months written notice"
        in text
    )
    assert (
        "buy the withdrawing Party's interest at the price and on the terms set out in Section 22.5 (Default by One Party), but without any discount"
        in text
    )
    assert "Any Party may terminate this Agreement for any reason" not in text
    data = sample("three_party_jv")
    data["exit"]["defaulting_party"] = "not_applicable"
    text = docx_text(data)
    assert (
        "Any Party may terminate this Agreement for any reason by giving the other Parties at least twelve (12) months written notice"
        in text
    )
    assert "withdraw" not in text
