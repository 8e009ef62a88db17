"""The dask executor gives the same results as one local process (skipped without dask)."""

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
