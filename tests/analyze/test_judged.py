"""Judged findings stay judged (issue 16, items 1 and 2): every finding read one by one in its
document (tests/data/judged_findings.jsonl: rule, document, section, excerpt, verdict and its
reason, part) is linted again, each judged document once, with every judged rule selected and
preview mode on (preview rules are judged too).

* a finding judged true must still be reported (same rule, document and excerpt; a finding
  without an excerpt, a missing component, is matched by its message);
* a finding judged false must not come back. The judged-false findings still reported are the
  measured remaining errors of each rule (docs/accuracy.md, Per-rule precision): their number
  per rule and part is pinned below and may only go down. A change that makes a rule report
  more of what was judged wrong, or stop reporting what was judged right, fails here; re-judge
  the finding (and update docs/accuracy.md) when the change is meant.

A finding judged true that the tool no longer makes because another rule now says something
truer (a non-partnership title: RDR105; terms incorporated by reference: RDR106) keeps its
verdict and names that rule in ``superseded_by`` with ``superseded_reason``; the superseding
rule must then be reported on that document. A missing component is matched by its message up
to "Our library has", whose clause count changes as the library grows; the kind note (RDR104)
up to "the checker did not recognise", whose count moves as detection improves.

A record with a ``kind`` was judged on a lint given that kind (``agreement lint --kind``): the
required-component rules DOC001 and DOC009 are raised only for a kind given or recorded, so
their judged findings exist only when the document is linted with it. Each judged document is
linted once per kind it was judged with (and once without when a record has none), and a
record is matched only against the lint of its own kind.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from agreement_builder import api
from agreement_builder.core.taxonomy import KINDS

from ..conftest import DATA, ROOT

CORPUS = ROOT.parent / "shared" / "corpus"
JUDGED = DATA / "judged_findings.jsonl"

# judged-false findings still reported, per (rule, part): the remaining measured errors
# (DOC001 and DOC002 on development: 8 and 11 left of the first sample after the kind and
# component work, plus 24 and 29 of the fresh sample of 30 judged after it; 20 and 30 after
# titles behind SEC legends and more non-partnership titles were read, 17 and 30 with
# terminable-on-notice, instalments and "/s/" signatures counted, branch kindfix; DOC001 none
# since it needs a kind given with --kind, branch trust: RDR104 says the kind is a guess;
# DRF113 none since running page footers are not read as body text, branch trust; DOC002 25
# since titles after page markers, contracts and long titles in capitals are read, branch
# kindhead: five development documents now told as no partnership)
STILL_FALSE: dict[tuple[str, str], int] = {
    # DOC001 with a given kind, now DOC010 (--kind licensing: all 78 on the development licences, 69 judged
    # false; --kind reseller on a sales agency and an exclusive distribution: 8 of 10;
    # docs/accuracy.md)
    ("DOC010", "development"): 77,
    ("DOC002", "development"): 25,
    ("DOC002", "held-out"): 1,
    ("DRF101", "development"): 2,
    ("DRF101", "held-out"): 9,
    ("DRF102", "development"): 20,
    ("DRF102", "held-out"): 5,
    ("DRF103", "development"): 8,
    ("DRF103", "held-out"): 3,
    ("DRF104", "development"): 2,
    ("DRF104", "held-out"): 2,
    ("DRF105", "development"): 23,
    ("DRF105", "held-out"): 6,
    ("DRF106", "development"): 2,
    ("DRF107", "held-out"): 19,
    ("DRF109", "development"): 21,
    ("DRF109", "held-out"): 4,
    ("DRF110", "development"): 1,
    ("DRF111", "development"): 8,
    ("DRF111", "held-out"): 2,
    ("DRF114", "development"): 1,
    ("DRF116", "development"): 2,
    ("DRF116", "held-out"): 5,
    ("DRF118", "development"): 1,
    ("DRF118", "held-out"): 3,
    ("DRF119", "development"): 9,
    ("DRF119", "held-out"): 4,
    ("DRF120", "development"): 3,
    ("DRF120", "held-out"): 7,
    ("PTY110", "held-out"): 3,
    ("RDR104", "development"): 1,
    ("RDR104", "held-out"): 1,
    ("RDR105", "development"): 1,
}

Key = tuple[str, str, str, str]


def _judged() -> list[dict[str, str]]:
    lines = JUDGED.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line]


def _excerpt(text: str) -> str:
    # a missing component's message ends with the library's clauses, which grow; the kind
    # note's ends with how many components the detector did not recognise, which moves as
    # detection improves (the verdict is on the note: the kind was not certain)
    text = text.split(". Our library has", 1)[0].split(". If it is missing, our library has", 1)[0]
    return text.split("; the checker did not recognise", 1)[0]


def _key(row: dict[str, str]) -> Key:
    # the kind the document was linted with; "" for a record judged on a lint without --kind
    return (row.get("kind", ""), row["rule"], row["document"], _excerpt(row["excerpt"]))


@cache
def _found(tmp: Path) -> frozenset[Key]:
    """Every finding of the judged rules on every judged document: one lint of each."""
    rows = _judged()
    config = tmp / "agreement.toml"
    codes = sorted({r["rule"] for r in rows})
    config.write_text(f"select = {json.dumps(codes)}\npreview = true\n", encoding="utf-8")
    found: set[Key] = set()
    for kind in sorted({r.get("kind", "") for r in rows}):
        documents = sorted({r["document"] for r in rows if r.get("kind", "") == kind})
        paths = [CORPUS / d for d in documents]
        reports = api.lint(paths, kind=kind or None, config_path=config, jobs=2)
        for document, report in zip(documents, reports, strict=True):
            for f in report.findings:
                found.add((kind, f.code, document, _excerpt(f.location.excerpt or f.message)))
    return frozenset(found)


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> frozenset[Key]:
    return _found(tmp_path_factory.mktemp("judged"))


def test_judged_records_are_complete() -> None:
    rows = _judged()
    per_rule = Counter((r["rule"], r["part"]) for r in rows)
    # every rule lint raised on the development part: at least 30 judged, or all it raised
    for rule, least in {
        "DRF101": 30,
        "DRF103": 30,
        "DRF104": 30,
        "DRF105": 30,
        "DOC001": 30,
        "DOC002": 30,
        "RDR105": 30,
        "RDR106": 3,
    }.items():
        assert per_rule[(rule, "development")] >= least, rule
    for rule in ("DRF102", "DRF109", "DRF111", "DRF119", "RDR104", "DRF107"):
        assert per_rule[(rule, "development")] >= 9, rule
    # the required-component rules with a given kind (they are raised only then)
    per_kind = Counter((r["rule"], r.get("kind", "")) for r in rows if r["part"] == "development")
    # every one raised on the licences: judged as DOC001, said by DOC010 since DOC001 needs a
    # kind our build recorded (the verdict is on the statement, the same words)
    assert per_kind[("DOC010", "licensing")] >= 78
    assert per_kind[("DOC009", "licensing")] >= 3
    fields = {"rule", "document", "section", "excerpt", "verdict", "reason", "part"}
    for r in rows:
        keys = set(r) - {"kind"}
        assert keys in (fields, fields | {"superseded_by", "superseded_reason"}), r
        assert r.get("kind", KINDS[0]) in KINDS, r
        if "superseded_by" in r:
            assert r["verdict"] == "true" and r["superseded_by"] in (
                "RDR104",
                "RDR105",
                "RDR106",
            ), r
            assert len(r["superseded_reason"]) > 20, r
        assert r["verdict"] in ("true", "false"), r
        assert r["part"] in ("development", "held-out"), r
        assert len(r["reason"]) > 20 and r["excerpt"], r
        assert (CORPUS.parent / "corpus" / r["document"]).suffix == ".txt", r


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpora are not beside the checkout")
def test_findings_judged_true_are_still_reported(found: frozenset[Key]) -> None:
    rows = [r for r in _judged() if r["verdict"] == "true"]
    gone = [_key(r) for r in rows if "superseded_by" not in r and _key(r) not in found]
    assert not gone, f"findings judged true no longer reported: {gone}"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpora are not beside the checkout")
def test_superseded_findings_are_said_by_the_rule_that_took_over(found: frozenset[Key]) -> None:
    # a true finding the tool no longer makes because the document is now recognised as no
    # partnership (RDR105) or as incorporating its terms (RDR106): that note must be there
    said = {(kind, rule, document) for kind, rule, document, _ in found}
    superseded = [r for r in _judged() if "superseded_by" in r]
    assert len(superseded) >= 30
    missing = [
        (r["rule"], r["document"], r["superseded_by"])
        for r in superseded
        if (r.get("kind", ""), r["superseded_by"], r["document"]) not in said
    ]
    assert not missing, f"superseded findings whose superseding note is gone: {missing}"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpora are not beside the checkout")
def test_findings_judged_false_do_not_come_back(found: frozenset[Key]) -> None:
    still: Counter[tuple[str, str]] = Counter()
    for r in _judged():
        if r["verdict"] == "false" and _key(r) in found:
            still[(r["rule"], r["part"])] += 1
    grown = {k: (n, STILL_FALSE.get(k, 0)) for k, n in still.items() if n > STILL_FALSE.get(k, 0)}
    assert not grown, f"more findings judged false are reported (now, pinned): {grown}"
