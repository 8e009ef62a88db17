"""Cross-references written as Word REF fields (issue 16, item 2): a field whose shown result
is out of date is reported as such (DRF125), not as a reference to a section that does not
exist (DRF107). Real DOCX files built with python-docx and lxml, read back."""

from __future__ import annotations

from pathlib import Path

from agreement_builder import api

from ..presign.test_hygiene import _field, _one_shape, _run


def _body(shown: str) -> str:
    clauses = ["Scope", "Term", "Fees", "Payment", "Audit", "Termination", "Notices"]
    paras = []
    for number, caption in enumerate(clauses, start=1):
        label = _run(f"{number}")
        if caption == "Termination":  # the bookmark a cross-reference points at
            label = f'<w:bookmarkStart w:id="7" w:name="_Ref7"/>{label}<w:bookmarkEnd w:id="7"/>'
        paras.append(
            f"<w:p>{label}{_run(f'. {caption}. The parties agree on {caption.lower()}.')}</w:p>"
        )
    paras.append(
        "<w:p>"
        + _run("8. Survival. Section ")
        + _field("REF _Ref7 \\h", shown)
        + _run(" survives the end of this Agreement. Section 12 does too.")
        + "</w:p>"
    )
    return "".join(paras)


def _lint(tmp_path: Path, shown: str) -> list[tuple[str, str]]:
    path = _one_shape(tmp_path, _body(shown), f"ref_{shown}.docx").save(tmp_path / f"r{shown}.docx")
    [report] = api.lint([path], kind="strategic_alliance", preview=True)  # DRF107 is preview
    return sorted((f.code, f.message) for f in report.findings if f.code in ("DRF107", "DRF125"))


def test_a_stale_reference_field_is_out_of_date_not_missing(tmp_path: Path) -> None:
    assert _lint(tmp_path, "9") == [
        ("DRF107", "Section 12 does not exist in this agreement"),
        (
            "DRF125",
            "the cross-reference shows '9' but its target now reads '6': the document's "
            "fields are out of date",
        ),
    ]


def test_a_current_reference_field_is_not_reported(tmp_path: Path) -> None:
    assert _lint(tmp_path, "6") == [("DRF107", "Section 12 does not exist in this agreement")]


def test_before_signing_the_stale_field_is_said_once(tmp_path: Path) -> None:
    """presign reports the stale field as its error (PRS112), without the lint's warning."""
    path = _one_shape(tmp_path, _body("9"), "p.docx").save(tmp_path / "p.docx")
    report = api.presign(path, kind="strategic_alliance")
    said = [(f.code, f.location.start) for f in report.findings if f.code in ("PRS112", "DRF125")]
    assert [code for code, _ in said] == ["PRS112"]
    [stale] = [f for f in report.findings if f.code == "PRS112"]
    assert stale.message.startswith('cross-reference shows "9" but its target now reads "6"')
