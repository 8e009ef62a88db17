"""The operations the API and pages share, on real files: names as the client sent them,
nothing left behind, the service's config only."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage

from agreement_builder import api
from agreement_builder.service import jobs
from agreement_builder.service.settings import Settings
from agreement_builder.service.uploads import UnsupportedUpload

ROOT = Path(__file__).resolve().parents[2]
DEFECTS = ROOT / "tests" / "fixtures" / "lint" / "defects.txt"
SAMPLE = ROOT / "samples" / "referral.yaml"


def upload(path: Path, name: str | None = None) -> FileStorage:
    return FileStorage(io.BytesIO(path.read_bytes()), filename=name or path.name)


@pytest.fixture(autouse=True)
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Uploads go to a temp folder of this test's own: other processes' folders in /tmp
    must not count as ours left behind."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))


def leftovers() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("agreement-upload-*")}


def test_review_names_the_upload_and_returns_its_text() -> None:
    before = leftovers()
    result = jobs.review(Settings(), upload(DEFECTS, "Counterparty draft.txt"), mode="lint")
    assert result.report.path == "Counterparty draft.txt"
    located = [f for f in result.report.findings if f.location.start is not None]
    assert located, "defects.txt has located findings"
    for finding in result.report.findings:
        assert finding.location.file == "Counterparty draft.txt"
    first = located[0].location
    assert result.text[first.start : first.end].strip()
    assert leftovers() == before  # the upload folder is gone


def test_review_refuses_an_unknown_type() -> None:
    before = leftovers()
    with pytest.raises(UnsupportedUpload, match=r"must be one of \.docx"):
        jobs.review(Settings(), upload(SAMPLE, "deal.exe"))
    assert leftovers() == before


def test_check_spec_reports_located_problems_under_the_clients_name() -> None:
    with pytest.raises(api.SpecError) as raised:
        jobs.check_spec(Settings(), "agreement:\n  kind: referal\n", "my-deal.yaml")
    assert raised.value.file == "my-deal.yaml"
    assert all(p.file == "my-deal.yaml" for p in raised.value.problems)
    assert any(p.path == "agreement.kind" and p.line == 2 for p in raised.value.problems)
    report = jobs.check_spec(Settings(), SAMPLE.read_text(), "referral.yaml")
    assert report.path == "referral.yaml"


def test_build_spec_returns_a_docx_python_docx_opens() -> None:
    import docx

    built = jobs.build_spec(Settings(), SAMPLE.read_text(), "docx", "referral.yaml")
    assert built.filename == "referral.docx"
    document = docx.Document(io.BytesIO(built.data))
    assert any("Referral" in p.text for p in document.paragraphs[:40])
