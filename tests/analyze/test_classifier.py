"""The component classifier: the shipped weights, pure-Python scoring, reproducible training."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agreement_builder.analyze.classifier import (
    load_model,
    model_from_data,
    model_path,
    score_text,
    units,
)
from agreement_builder.analyze.components import detect_components
from agreement_builder.core.errors import ConfigError
from agreement_builder.read import read_document

from ..conftest import ROOT

CLAUSES = {
    "revenue_sharing": (
        "Licensee shall pay to Licensor a royalty equal to five percent (5%) of Net Sales of "
        "all Licensed Products sold during each calendar quarter.",
        "The license granted in this Section is royalty-free, fully paid-up and perpetual.",
    ),
    "exclusivity": (
        "During the Term, Company appoints Distributor as its exclusive distributor of the "
        "Products in the Territory, and Company shall not appoint any other distributor.",
        "The remedies in this Section are Customer's sole and exclusive remedy for any breach.",
    ),
    "governing_law": (
        "This Agreement shall be governed by and construed in accordance with the laws of "
        "the State of New York, without regard to its conflict of laws principles.",
        "Each party shall comply with all applicable laws in performing this Agreement.",
    ),
}


def test_shipped_model_loads_and_is_small() -> None:
    model = load_model()
    assert model_path().stat().st_size < 400_000
    assert "governing_law" in model.components
    assert len(model.bias) == len(model.threshold) == len(model.components)
    assert all(how in {"patterns", "or", "confirm", "classifier"} for how in model.combine.values())


@pytest.mark.parametrize("component", sorted(CLAUSES))
def test_a_clause_scores_above_the_threshold_and_its_near_miss_below(component: str) -> None:
    model = load_model()
    clause, near_miss = CLAUSES[component]
    threshold = model.threshold[model.index(component)]
    assert score_text(clause, component) > threshold
    assert score_text(near_miss, component) < threshold


def test_a_bad_model_file_is_a_config_error(tmp_path: Path) -> None:
    data = json.loads(model_path().read_text(encoding="utf-8"))
    data["combine"] = {"governing_law": "vote"}
    with pytest.raises(ConfigError, match="vote"):
        model_from_data(data)
    data = {"format": 99}
    with pytest.raises(ConfigError, match="format 99"):
        model_from_data(data)


def test_units_are_sentences_and_long_ones_are_cut() -> None:
    text = "First sentence here. Second one; third part.\n\nNew paragraph " + "word " * 300
    pieces = [text[a:b] for a, b in units(text)]
    assert pieces[:3] == ["First sentence here.", "Second one;", "third part."]
    assert all(len(p) <= 600 for p in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "").replace("\n", "")


def test_the_classifier_alone_finds_governing_law_with_its_clause_as_evidence(
    tmp_path: Path,
) -> None:
    path = tmp_path / "deal.txt"
    path.write_text(
        "SUPPLY AGREEMENT\n\n1. Supply. Supplier shall supply the Products to Buyer.\n\n"
        "2. Miscellaneous. Notices shall be in writing. " + CLAUSES["governing_law"][0] + "\n",
        encoding="utf-8",
    )
    doc = read_document(path)
    found = detect_components(doc, ["governing_law", "exclusivity"], method="classifier")
    law = found["governing_law"]
    assert law.present
    assert law.evidence[0].via == "classifier"
    assert "governed by and construed" in doc.text[law.evidence[0].start : law.evidence[0].end]
    assert not found["exclusivity"].present
    patterns = detect_components(doc, ["governing_law"], method="patterns")["governing_law"]
    assert patterns.present and all(e.via != "classifier" for e in patterns.evidence)


def test_linting_imports_neither_scikit_learn_nor_numpy(tmp_path: Path) -> None:
    path = tmp_path / "deal.txt"
    path.write_text(
        "PARTNERSHIP AGREEMENT\n\nThis Agreement is between Acme Inc. and Beta LLC.\n\n"
        "1. Revenue. "
        + CLAUSES["revenue_sharing"][0]
        + "\n\n2. Law. "
        + CLAUSES["governing_law"][0]
        + "\n",
        encoding="utf-8",
    )
    script = (
        "import sys\n"
        "from agreement_builder import api\n"
        f"reports = list(api.lint([{str(path)!r}]))\n"
        "assert reports and reports[0].findings is not None\n"
        "print(sorted(m for m in ('numpy', 'sklearn', 'scipy') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_training_on_a_tiny_fixture_is_reproducible(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from bench.train_components import Example, rows, train

    clause = CLAUSES["governing_law"][0]
    filler = (
        "Supplier shall deliver the Products to the Buyer at the agreed place. "
        "Buyer shall inspect the Products on delivery. "
    )
    examples = []
    for i in range(6):
        text = f"AGREEMENT {i}\n\n1. Delivery. {filler * (i + 1)}\n\n2. Law. {clause}\n"
        path = tmp_path / f"t{i}.txt"
        path.write_text(text, encoding="utf-8")
        start = text.index(clause)
        spans = [(start, start + len(clause))] if i % 3 else []
        present = bool(spans)
        examples.append(
            Example(path.stem, read_document(path), {"governing_law": (present, spans)})
        )
    data = rows(examples, ["governing_law"])
    assert sum(data.label["governing_law"]) == 4
    keep = list(range(len(data.feats)))
    first = train(data, ["governing_law"], keep)
    second = train(data, ["governing_law"], keep)
    assert first == second
    assert first["weights"]  # it learned something
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


def test_a_word_pair_of_one_companys_contracts_is_not_a_feature(tmp_path: Path) -> None:
    from bench.train_components import MIN_SOURCES, Example, rows, vocabulary

    clause = CLAUSES["governing_law"][0]
    examples = []
    for i in range(MIN_SOURCES + 2):
        # the first three contracts are one company's: its name is in each of them
        company = "WESTERNCOPPERCORP" if i < 3 else f"OTHER{i}"
        name = "Western Copper shall deliver the ore. " if i < 3 else ""
        text = f"AGREEMENT {i}\n\n1. Delivery. {name}The Buyer shall pay.\n\n2. Law. {clause}\n"
        path = tmp_path / f"w{i}.txt"
        path.write_text(text, encoding="utf-8")
        truth = {"revenue_sharing": (False, [])}
        examples.append(Example(path.stem, read_document(path), truth, company))
    data = rows(examples, ["revenue_sharing"])
    vocab = vocabulary(data, range(len(data.feats)))
    assert "governed by" in vocab  # in every company's contracts
    assert "western copper" not in vocab and "western" not in vocab  # one company's only
    assert "buyer shall" in vocab
    # the near misses written for training are one source together: alone, not features
    assert any("royalty free" in f for f in data.feats)
    assert "royalty free" not in vocab


def test_the_model_file_is_the_training_scripts_format() -> None:
    data = json.loads(model_path().read_text(encoding="utf-8"))
    assert data["format"] == 1
    assert set(data) >= {"components", "bias", "threshold", "combine_threshold", "weights"}
    assert (ROOT / "bench" / "train_components.py").is_file()


def test_combined_evidence_puts_the_best_clause_first_once(tmp_path: Path) -> None:
    model = load_model()
    assert "term" in model.evidence_first
    path = tmp_path / "deal.txt"
    path.write_text(
        "RESELLER AGREEMENT\n\nThis Agreement is made between Alpha Inc. and Beta LLC.\n\n"
        "1. Appointment. Alpha appoints Beta as a reseller of the Products.\n\n"
        "2. Term. This Agreement shall commence on the Effective Date and continue for two (2) "
        "years, and shall renew for successive one-year terms unless either party gives notice "
        "of non-renewal.\n\n3. Law. " + CLAUSES["governing_law"][0] + "\n",
        encoding="utf-8",
    )
    doc = read_document(path)
    term = detect_components(doc, ["term"])["term"]
    assert term.present
    first = term.evidence[0]
    assert first.via == "classifier"
    assert doc.text[first.start : first.end].startswith("This Agreement shall commence")
    for other in term.evidence[1:]:  # no second item on the same words
        assert other.end <= first.start or other.start >= first.end, other
    patterns = detect_components(doc, ["term"], method="patterns")["term"]
    assert patterns.present and patterns.evidence[0].via != "classifier"


def test_the_one_pass_scorer_equals_the_sum_over_the_training_features(tmp_path: Path) -> None:
    from agreement_builder.analyze.classifier import score_document, score_units, unit_features

    path = tmp_path / "deal.txt"
    body = " ".join(text for pair in CLAUSES.values() for text in pair)
    path.write_text(
        "CONTENTS\n\n1. Royalties 2. Exclusivity\n\n1. Royalties and Exclusivity of Exclusivity\n\n"
        + body
        + "\n\n2. Term of the Agreement\n\nThis Agreement continues for three (3) years.\n",
        encoding="utf-8",
    )
    doc = read_document(path)
    model = load_model()
    fast = score_document(doc, list(model.components), model)
    slow = score_units(model, unit_features(doc), list(model.components))
    assert fast == slow
    assert fast["governing_law"].score > model.threshold[model.index("governing_law")]
