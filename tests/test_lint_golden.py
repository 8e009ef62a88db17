"""Optimisations change no result: a messy corpus lints to the recorded findings and evidence.

The corpus is generated deterministically from the seven samples (bench/inputs.py): sections
run together, page numbers glued in, redaction markers. ``tests/data/lint_golden.jsonl.gz`` is
its JSON Lines report, recorded before the speed work of issue 6. A change to the rules, the
signals or the clause wording changes it on purpose: regenerate with
``AGREEMENT_UPDATE_GOLDEN=1 pytest tests/test_lint_golden.py`` and review the diff of
``zcat`` before and after.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

from agreement_builder import api
from bench.inputs import sample_texts, write_corpus

from .conftest import DATA

GOLDEN = DATA / "lint_golden.jsonl.gz"
COUNT = 40
# the seven samples the corpus is made from, named: a sample added later (a second one of a
# kind) would otherwise reshuffle every generated document
SEVEN = [
    "co_marketing",
    "joint_venture",
    "licensing",
    "pilot",
    "referral",
    "reseller",
    "strategic_alliance",
]


def _report(tmp_path: Path) -> list[str]:
    folder = write_corpus(sample_texts(tmp_path / "samples", SEVEN), COUNT, tmp_path / "corpus")
    out = api.render_reports(list(api.lint([folder])), "jsonl", "document")
    return out.replace(str(folder) + os.sep, "").splitlines()


def test_corpus_findings_equal_the_recorded_ones(tmp_path: Path) -> None:
    lines = _report(tmp_path)
    assert len(lines) == COUNT
    if os.environ.get("AGREEMENT_UPDATE_GOLDEN"):
        GOLDEN.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode(), mtime=0))
    recorded = gzip.decompress(GOLDEN.read_bytes()).decode().splitlines()
    assert len(recorded) == COUNT
    for got, want in zip(lines, recorded, strict=True):
        got_doc, want_doc = json.loads(got), json.loads(want)
        path = want_doc["path"]
        assert got_doc["path"] == path
        for component, result in want_doc["components"].items():
            assert got_doc["components"].get(component) == result, (path, component)
        assert got_doc["components"].keys() == want_doc["components"].keys(), path
        got_findings, want_findings = got_doc["findings"], want_doc["findings"]
        assert got_findings == want_findings, (path, _first_difference(got_findings, want_findings))
        assert got_doc == want_doc, path


def _first_difference(got: list[object], want: list[object]) -> object:
    for a, b in zip(got, want, strict=False):
        if a != b:
            return {"got": a, "want": b}
    return {"got extra": got[len(want) :], "want extra": want[len(got) :]}
