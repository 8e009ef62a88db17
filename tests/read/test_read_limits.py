"""Limits checked before work (issue 18, item 2): a small file cannot make a reader build
gigabytes. Every file is built here; each limit is checked through the reader, the lint
command (finding, message, exit code) and, where it can be set, the config ceiling."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_builder.cli import main
from agreement_builder.core.errors import ConfigError, InputError
from agreement_builder.core.limits import CEILINGS, Limits
from agreement_builder.read import read_document
from tests.hostile.make_hostile import _numbered_docx


def _lint_json(path: Path, *extra: str) -> tuple[int, list[dict[str, object]]]:
    (path.parent / "agreement.toml").write_text("", encoding="utf-8")  # no config from above
    result = CliRunner().invoke(main, ["lint", "--format", "json", *extra, str(path)])
    assert "Traceback" not in result.output
    data = json.loads(result.output)
    return result.exit_code, [f for d in data["documents"] for f in d["findings"]]


# ---------------------------------------------------------------- DOCX list numbering


def _letters_from(tmp_path: Path, start: str, text: str = "(%1)") -> Path:
    path = tmp_path / "numbered.docx"
    level = f'<w:start w:val="{start}"/><w:numFmt w:val="lowerLetter"/>'
    _numbered_docx(path, level + f'<w:lvlText w:val="{text}"/>', paragraphs=3)
    return path


def test_huge_start_with_letters_is_refused_not_an_overflow(tmp_path: Path) -> None:
    path = _letters_from(tmp_path, "1" + "0" * 23)
    with pytest.raises(InputError, match=r"makes a label of more than 200 characters"):
        read_document(path)
    code, findings = _lint_json(path)
    assert code == 1
    [finding] = findings
    assert finding["code"] == "DOC003"
    assert "list numbering (numId 1, level 0)" in str(finding["message"])
    assert "docx_max_label_chars" in str(finding["message"])


def test_long_level_text_is_refused_before_it_is_repeated(tmp_path: Path) -> None:
    path = _letters_from(tmp_path, "1", text="%1." * 500)
    with pytest.raises(InputError, match="label of more than 200 characters"):
        read_document(path)


def test_ordinary_letter_numbering_still_reads(tmp_path: Path) -> None:
    doc = read_document(_letters_from(tmp_path, "27"))
    assert [b.number for b in doc.blocks] == ["(aa)", "(bb)", "(cc)"]
    # a raised limit lets a longer label through, up to the hard ceiling
    path = _letters_from(tmp_path, str(26 * 300))
    with pytest.raises(InputError):
        read_document(path)
    doc = read_document(path, limits={"docx_max_label_chars": 400})
    assert doc.blocks[0].number == "(" + "z" * 300 + ")"


def test_limit_ceilings_cannot_be_raised_by_config() -> None:
    for key, ceiling in CEILINGS.items():
        assert getattr(Limits(), key) <= ceiling
        Limits.from_mapping({key: ceiling})
        with pytest.raises(ConfigError, match=f"{key} = {ceiling + 1} is over its hard ceiling"):
            Limits.from_mapping({key: ceiling + 1})
