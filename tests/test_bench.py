"""The benchmark harness cannot rot: its smoke mode runs every case (no timing assertions).

Also: ``--jobs 2`` gives the same findings as one process over a messy generated corpus.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agreement_builder import api
from bench import harness
from bench.inputs import corpus, sample_texts, write_corpus

CASES = (
    "messy texts, one process",
    "messy texts, --jobs 2",
    "DOCX in process (render only)",
    "DOCX in process (load + assemble + render)",
    "`agreement build --format pdf`, one",
    "`agreement build --format pdf --jobs 2`, 2 specs in one call",
    "`agreement validate` a sample",
    "`agreement --help`",
    "lint the ",
    "lint text: time per page",
    "lint PDF: time per page",
    "peak RSS, lint",
    "presign --spec --against, joint_venture sample",
    "-page DOCX returned with untracked edits",
)


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return sample_texts(tmp_path_factory.mktemp("samples"), ["strategic_alliance", "reseller"])


def test_smoke_prints_every_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert harness.main(["--smoke", "--work", str(tmp_path / "work")]) == 0
    out = capsys.readouterr().out
    _check_table(out)
    # the same inputs serve the before/after comparison with an earlier commit
    from bench import compare

    if not (Path(harness.ROOT) / ".git").exists():
        return  # a source tree without git history: nothing to compare with

    assert (
        compare.main(["HEAD", "--rounds", "1", "--docs", "2", "--work", str(tmp_path / "work")])
        == 0
    )
    table = capsys.readouterr().out.splitlines()
    assert table[0].startswith("| measure (best of 1, alternating) | HEAD | working tree |")
    rows = [row.split(" | ")[0] for row in table[2:]]
    assert rows == [f"| {m}" for m in compare.MEASURES] + [f"| {compare.INTERLEAVED} (1 rounds)"]
    assert all(row.endswith("x |") for row in table[2:])


def _check_table(out: str) -> None:
    lines = [line for line in out.splitlines() if line.startswith("| ")]
    assert lines[0].startswith("| case | ours median | min | max | peer median | ratio")
    assert out.count("|---|---|---|---|---|---|---|") == 1
    body = lines[1:]
    for case in CASES:
        assert sum(case in line for line in body) == 1, (case, out)
    assert len(body) == len(CASES)
    assert "Machine:" in out


def test_corpus_is_deterministic_and_messy(texts: list[str]) -> None:
    first = list(corpus(texts, 12))
    assert first == list(corpus(texts, 12))
    joined = "\n".join(text for _, text in first)
    assert any(marker in joined for marker in ("[*]", "[***]", "[REDACTED]", "[* * *]"))
    assert "Page " in joined or " - " in joined
    # sections run together: some lines much longer than any line of the clean texts
    longest = max(len(line) for t in texts for line in t.splitlines())
    assert max(len(line) for line in joined.splitlines()) > longest


def test_jobs_two_equals_one_process(tmp_path: Path, texts: list[str]) -> None:
    folder = write_corpus(texts, 20, tmp_path / "corpus")

    def run(jobs: int) -> list[dict[str, object]]:
        reports = list(api.lint([folder], jobs=jobs))
        lines = api.render_reports(reports, "jsonl", "document").splitlines()
        return [json.loads(line) for line in lines]

    one, two = run(1), run(2)
    assert len(one) == 20
    assert [d["path"] for d in one] == sorted(str(p) for p in folder.glob("*.txt"))
    assert two == one


def test_lint_folder_prints_documents_per_second(tmp_path, capsys):
    from bench.lint_folder import main

    for i in range(3):
        (tmp_path / f"d{i}.txt").write_text(f"{i}. Governing Law. Governed by the laws of Texas.\n")
    assert main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 documents, ") and "documents per second" in out


def test_stages_prints_a_row_per_stage_and_rule(tmp_path, capsys):
    from bench.stages import main

    for i in range(3):
        (tmp_path / f"d{i}.txt").write_text(f"{i}. Governing Law. Governed by the laws of Texas.\n")
    assert main([str(tmp_path), "--docs", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"2 documents from {tmp_path}, ")
    rows = [line.split(" | ")[0] for line in out.splitlines() if line.startswith("| ")][1:]
    assert {"| read and segment", "| detect components", "| rule target"} <= set(rows)
    # the default configuration: preview rules (DRF105 among them) are not timed
    assert "| rule drafting.term-unused" in rows and len(rows) >= 20
    assert "| rule drafting.term-undefined" not in rows


def test_noise_spread_and_verdicts() -> None:
    """bench.noise: the per-document spread and the judged verdicts it counts with."""
    from bench.noise import spread, verdicts

    assert spread([0, 0, 0, 29, 1, 0, 0, 0, 0, 0]) == "0 / 3.00 / 29 / 29"
    assert spread([3, 1, 2]) == "2 / 2.00 / 3 / 3"
    rows = [
        '{"rule": "DRF113", "document": "cuad-more/texts/more_131.txt", "section": "", '
        '"excerpt": "Page 44 May 2004", "verdict": "false", "reason": "a page footer", '
        '"part": "held-out"}',
        "",
    ]
    assert verdicts(rows) == {
        ("DRF113", "cuad-more/texts/more_131.txt", "Page 44 May 2004"): "false"
    }


def test_cuad_accuracy_write_keeps_hand_written_sections() -> None:
    from bench.cuad_accuracy import BEGIN, END, splice

    existing = f"{BEGIN}\n# old table\n| a |\n{END}\n\n## Speed\nhand-written\n\n# Other\nkept\n"
    out = splice(existing, "# new table\n| b |\n")
    assert out == f"{BEGIN}\n# new table\n| b |\n{END}\n\n## Speed\nhand-written\n\n# Other\nkept\n"
    # no markers yet: the section goes first, the rest stays
    assert splice("# Other\nkept\n", "# t\n") == f"{BEGIN}\n# t\n{END}\n\n# Other\nkept\n"
    with pytest.raises(SystemExit):
        splice(f"x\n{BEGIN}\nno end\n", "# t\n")


def test_cuad_accuracy_parts_do_not_overlap() -> None:
    from bench import split

    if not (split.CORPUS / "cuad-more").is_dir():
        pytest.skip("corpora not present")
    development = {p.name for p in split.texts("development")}
    held_out = {p.name for p in split.texts("held-out")}
    assert len(development) == 45 + 130 + 32 and len(held_out) == 129 + 31
    assert not development & held_out
    assert "more_130.txt" in held_out and "nda_dev_031.txt" in development
