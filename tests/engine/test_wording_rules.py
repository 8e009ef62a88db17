"""`check` on the spec's own sentences and the law it names (TXT101, TXT102, LOC101-LOC103):
each finding located at the line and column of the spec text that causes it."""

from __future__ import annotations

from pathlib import Path

from agreement_builder import api

from ..conftest import ROOT


def _findings(tmp_path: Path, replace: dict[str, str], sample: str = "us_pilot_ny") -> list:
    text = (ROOT / "samples" / f"{sample}.yaml").read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    spec = tmp_path / "deal.yaml"
    spec.write_text(text, encoding="utf-8")
    (report,) = api.check([spec])
    return [f for f in report.findings if f.code.startswith(("TXT", "LOC"))]


def _line_of(tmp_path: Path, needle: str) -> tuple[int, int]:
    for number, line in enumerate((tmp_path / "deal.yaml").read_text().splitlines(), 1):
        if needle in line:
            return number, line.index(needle)
    raise AssertionError(needle)


def test_the_us_pilot_is_clean() -> None:
    (report,) = api.check([ROOT / "samples" / "us_pilot_ny.yaml"])
    assert [f.code for f in report.findings] == []


def test_undefined_capitalised_terms_and_lower_case_defined_terms(tmp_path: Path) -> None:
    found = _findings(
        tmp_path,
        {
            "      - Train the charge nurses and schedulers of the pilot units": (
                "      - Train the charge nurses and schedulers of the Joint Customers"
            ),
            "cost_allocation: Each Party bears its own staff costs;": (
                "cost_allocation: each party bears its own costs of performing this agreement;"
            ),
        },
    )
    by_code = {}
    for f in found:
        by_code.setdefault(f.code, []).append(f)
    assert [f.message for f in by_code["TXT101"]] == [
        '"Joint Customers" is capitalised like a defined term, but the agreement does not define it'
    ]
    assert by_code["TXT101"][0].location.path == "parties[1].responsibilities[1]"
    line, _ = _line_of(tmp_path, "Joint Customers")
    assert by_code["TXT101"][0].location.line == line
    assert [f.message for f in by_code["TXT102"]] == [
        '"each party" writes the defined term Party in lower case',
        '"this agreement" writes the defined term Agreement in lower case',
    ]
    line, _ = _line_of(tmp_path, "each party bears")
    assert {f.location.line for f in by_code["TXT102"]} == {line}
    assert {f.location.path for f in by_code["TXT102"]} == {"economics.cost_allocation"}


def test_names_places_and_defined_terms_are_not_flagged(tmp_path: Path) -> None:
    found = _findings(
        tmp_path,
        {
            "  scope: Nurse schedules": "  scope: Success Criteria, Partnership Managers, "
            "third party vendors, the Hudson Vale campus in Dutchess County and nurse schedules",
        },
    )
    assert found == []


def test_a_country_with_several_laws_is_not_a_governing_law(tmp_path: Path) -> None:
    found = _findings(tmp_path, {"governing_law: New York": "governing_law: United States"})
    assert [(f.code, f.severity) for f in found] == [("LOC101", "error")]
    assert found[0].location.path == "agreement.governing_law"
    assert found[0].location.line == _line_of(tmp_path, "governing_law: United States")[0]


def test_late_interest_needs_a_rate_where_no_statute_gives_one(tmp_path: Path) -> None:
    found = _findings(tmp_path, {"  late_interest_percent: 2\n": ""})
    assert [f.code for f in found] == ["LOC102"]
    assert "the governing law (New York) gives none by statute" in found[0].message
    assert (
        _findings(
            tmp_path,
            {
                "  late_interest_percent: 2\n": "",
                "governing_law: New York": "governing_law: English law",
            },
        )
        == []
    )


def test_spelling_of_the_other_locale_is_pointed_out(tmp_path: Path) -> None:
    found = _findings(
        tmp_path, {"  scope: Nurse schedules": "  scope: Nurse schedules of every organisation"}
    )
    assert [(f.code, f.severity) for f in found] == [("LOC103", "info")]
    assert '"organisation" is spelled "organization" in en-US' in found[0].message
