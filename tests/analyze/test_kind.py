"""The kind of agreement is told from the document when --kind is not given (issue 14, item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from agreement_builder import api
from agreement_builder.analyze.kind import detect_kind, resolve_kind
from agreement_builder.read.model import PackageReview, SourceDocument


def _doc(text: str, properties: tuple[tuple[str, str], ...] = ()) -> SourceDocument:
    return SourceDocument("x.txt", "text", text, (), review=PackageReview(properties=properties))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("CO-BRANDING AND MARKETING AGREEMENT\n\nThis Agreement is made ...", "co_marketing"),
        ("Joint Venture Agreement Reference: JV-1 This Agreement is made on ...", "joint_venture"),
        ("EXCLUSIVE DISTRIBUTION AND LICENSE AGREEMENT\nbetween ...", "reseller"),
        ("Technology Licence Agreement\nThis Agreement ...", "licensing"),
        ("REFERRAL PARTNER AGREEMENT\n", "referral"),
        ("Pilot Agreement\n1. Pilot. ...", "pilot"),
        ("STRATEGIC ALLIANCE AGREEMENT\n", "strategic_alliance"),
        (
            "AGREEMENT\n\nRECITALS\n\nWHEREAS the parties wish to form a joint venture to ...",
            "joint_venture",
        ),
    ],
)
def test_the_title_or_the_recitals_tell_the_kind(text: str, kind: str) -> None:
    assert detect_kind(_doc(text)).kind == kind


def test_the_kind_we_recorded_wins_over_the_title() -> None:
    doc = _doc("REFERRAL AGREEMENT\n", (("AgreementBuilderKind", "pilot"),))
    guess = detect_kind(doc)
    assert (guess.kind, guess.source) == ("pilot", "recorded")


@pytest.mark.parametrize(
    "text",
    [
        "SUPPLY AGREEMENT\n\nWHEREAS the Supplier makes widgets and may trial new ones ...",
        "This Agreement is made on 1 March 2027 between A Ltd and B Ltd.\n1. Services ...",
        "CONSULTING AGREEMENT\nThe Consultant shall evaluate the Company's systems.",
    ],
)
def test_a_document_that_names_no_kind_is_unknown(text: str) -> None:
    assert detect_kind(_doc(text)).kind is None


def test_a_given_kind_is_used_as_given() -> None:
    guess = resolve_kind(_doc("REFERRAL AGREEMENT\n"), "reseller")
    assert (guess.kind, guess.source) == ("reseller", "given")


def test_a_folder_of_different_kinds_is_checked_kind_by_kind(tmp_path: Path) -> None:
    """One kind no longer applies silently to a whole folder: each file its own, and a file
    whose kind cannot be told is checked only for what every agreement needs."""
    body = "1. Term. This agreement lasts two years.\n2. Law. English law governs it.\n"
    (tmp_path / "a.txt").write_text("RESELLER AGREEMENT\n\n" + body, encoding="utf-8")
    (tmp_path / "b.txt").write_text("PILOT AGREEMENT\n\n" + body, encoding="utf-8")
    (tmp_path / "c.txt").write_text(body, encoding="utf-8")
    reports = {Path(r.path).name: r for r in api.lint([tmp_path])}
    assert {n: r.kind for n, r in reports.items()} == {
        "a.txt": "reseller",
        "b.txt": "pilot",
        "c.txt": None,
    }

    def missing(name: str) -> set[str]:
        return {c for f in reports[name].findings if f.code == "DOC001" for c in f.components}

    assert "license_grant" in missing("a.txt") and "kpis" not in missing("a.txt")
    assert "kpis" in missing("b.txt") and "license_grant" not in missing("b.txt")
    assert not missing("c.txt") & {"license_grant", "kpis", "governance", "cost_sharing"}
    assert "parties" in missing("c.txt")
    assert [f.code for f in reports["c.txt"].findings].count("RDR104") == 1
    text = api.render_reports([reports["a.txt"]], "text", "document")
    assert 'reseller (from the title: "RESELLER AGREEMENT")' in text
