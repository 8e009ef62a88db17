"""Where documents are linted: isolated worker processes (a crash or a memory blow-up costs
one file), and the dask executor (same results as local; skipped without dask)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_builder import api
from agreement_builder.cli import main
from agreement_builder.core.errors import AgreementError
from bench.inputs import sample_texts, write_corpus

HAVE_DASK = importlib.util.find_spec("distributed") is not None
needs_dask = pytest.mark.skipif(not HAVE_DASK, reason="dask.distributed is not installed")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("dask")
    texts = sample_texts(tmp / "docx", ["pilot", "referral"])
    return write_corpus([t[:8000] for t in texts], 8, tmp / "corpus")


@pytest.fixture(scope="module")
def cluster():
    import distributed

    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=50,
    )
    yield cluster
    cluster.close()


def _jsonl(reports: list[api.Report]) -> list[dict[str, object]]:
    text = api.render_reports(reports, "jsonl", "document")
    return [json.loads(line) for line in text.splitlines()]


@needs_dask
def test_dask_results_equal_local(corpus: Path, cluster) -> None:
    local = _jsonl(list(api.lint([corpus])))
    remote = _jsonl(list(api.lint([corpus], executor="dask", scheduler=cluster.scheduler_address)))
    assert [d["path"] for d in remote] == sorted(str(p) for p in corpus.glob("*.txt"))
    assert remote == local


@needs_dask
def test_cli_dask_executor_equals_local(corpus: Path, cluster) -> None:
    runner = CliRunner()
    args = ["lint", str(corpus), "--format", "jsonl"]
    local = runner.invoke(main, args)
    remote = runner.invoke(
        main, [*args, "--executor", "dask", "--scheduler", cluster.scheduler_address]
    )
    assert local.exit_code in (0, 1), local.output
    assert remote.exit_code == local.exit_code, remote.output
    assert remote.output == local.output


def test_dask_missing_is_a_clear_error(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    with pytest.raises(AgreementError, match=r"agreement-builder\[dask\]"):
        list(api.lint([corpus], executor="dask"))
    result = CliRunner().invoke(main, ["lint", str(corpus), "--executor", "dask"])
    assert result.exit_code == 2
    assert "agreement-builder[dask]" in result.output


def test_scheduler_needs_dask_executor(corpus: Path) -> None:
    result = CliRunner().invoke(main, ["lint", str(corpus), "--scheduler", "tcp://x:8786"])
    assert result.exit_code == 2


def test_unknown_executor_is_an_agreement_error(corpus: Path) -> None:
    with pytest.raises(AgreementError, match="unknown executor"):
        list(api.lint([corpus], executor="spark"))


# ---------------------------------------------------------------- isolation

PLACEHOLDER = "# Deal\n\nThe fee is [AMOUNT], payable within thirty (30) days.\n"


def _folder(tmp_path: Path, names: list[str]) -> Path:
    for name in names:
        (tmp_path / name).write_text(PLACEHOLDER, encoding="utf-8")
    return tmp_path


def _misbehave_on(monkeypatch: pytest.MonkeyPatch, name: str, act) -> None:
    """Make linting the file called ``name`` do ``act`` inside the worker (forked, so the
    patched function is what the worker runs)."""
    import agreement_builder.engine.run_document as run_document

    real = run_document.lint_document

    def lint_document(doc, *args, **kwargs):
        if doc.path.endswith(name):
            act()
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(run_document, "lint_document", lint_document)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_reader_that_aborts_costs_its_file_alone(tmp_path, monkeypatch, jobs):
    import os

    folder = _folder(tmp_path, ["a.md", "b_crash.md", "c.md", "d.md"])
    _misbehave_on(monkeypatch, "b_crash.md", os.abort)  # as PDFium does on a hostile page
    reports = list(api.lint([folder], jobs=jobs))
    assert [Path(r.path).name for r in reports] == ["a.md", "b_crash.md", "c.md", "d.md"]
    [crash] = reports[1].findings
    assert crash.code == "DOC003"
    assert crash.message.startswith("could not be read safely: its reader crashed (SIGABRT)")
    for report in (reports[0], *reports[2:]):
        assert "DRF101" in {f.code for f in report.findings}, report.path


def test_a_memory_blow_up_stays_under_the_cap(tmp_path, monkeypatch):
    folder = _folder(tmp_path, ["a_big.md", "b.md"])
    (tmp_path / "agreement.toml").write_text("[limits]\nmax_memory_mb = 800\n")
    monkeypatch.chdir(tmp_path)  # the config of the working directory governs
    _misbehave_on(monkeypatch, "a_big.md", lambda: bytearray(2 * 1024**3))
    reports = list(api.lint([folder]))
    assert reports[0].findings[0].code == "DOC003"
    assert "MemoryError" in reports[0].findings[0].message
    assert "DRF101" in {f.code for f in reports[1].findings}


def test_a_reader_stuck_in_native_code_is_stopped(tmp_path, monkeypatch):
    """The in-process time limit (SIGALRM) cannot interrupt a C call; the parent can."""
    import signal
    import time

    def stuck() -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(60)

    folder = _folder(tmp_path, ["a_stuck.md", "b.md"])
    (tmp_path / "agreement.toml").write_text("[limits]\nmax_seconds = 1\n")
    monkeypatch.chdir(tmp_path)  # the config of the working directory governs
    _misbehave_on(monkeypatch, "a_stuck.md", stuck)
    started = time.monotonic()
    reports = list(api.lint([folder]))
    assert time.monotonic() - started < 30
    assert "did not finish within 12 seconds" in reports[0].findings[0].message
    assert "DRF101" in {f.code for f in reports[1].findings}


def test_the_cli_reports_every_file_and_exits_1_not_3(tmp_path, monkeypatch):
    import os

    folder = _folder(tmp_path, ["a.md", "b_crash.md"])
    _misbehave_on(monkeypatch, "b_crash.md", os.abort)
    result = CliRunner().invoke(main, ["lint", str(folder), "--jobs", "2", "--format", "jsonl"])
    assert result.exit_code == 1, result.output
    assert [json.loads(line)["path"].rsplit("/", 1)[-1] for line in result.output.splitlines()] == [
        "a.md",
        "b_crash.md",
    ]


def test_an_exception_in_the_worker_is_raised_in_the_caller(tmp_path, monkeypatch):
    """A bug outside the reader's guard is not turned into a finding silently."""
    folder = _folder(tmp_path, ["a.md"])

    def boom() -> None:
        raise KeyboardInterrupt

    _misbehave_on(monkeypatch, "a.md", boom)
    with pytest.raises(KeyboardInterrupt):
        list(api.lint([folder]))
