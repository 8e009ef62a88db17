"""``agreement serve`` for real: gunicorn in a subprocess on a free port, a lint and a PDF
build over HTTP, then SIGTERM: exit 0, no process left behind, an access log."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import psutil
import pytest

from agreement_builder.service.server import gunicorn_options
from agreement_builder.service.settings import Settings, SettingsError, load_settings
from bench.service_load import request

ROOT = Path(__file__).resolve().parents[2]
DEFECTS = ROOT / "tests" / "fixtures" / "lint" / "defects.txt"
SAMPLE = ROOT / "samples" / "referral.yaml"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def call(
    port: int, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, bytes, dict[str, str]]:
    return request(port, method, path, body, headers, timeout=120)


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="document"; filename="{name}"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()
    return (
        head + data + f"\r\n--{boundary}--\r\n".encode(),
        f"multipart/form-data; boundary={boundary}",
    )


def docs_python_client() -> dict[str, Any]:
    """The functions of the first Python block after the ``python-client`` marker of
    docs/service.md."""
    text = (ROOT / "docs" / "service.md").read_text(encoding="utf-8")
    after = text[text.index("<!-- python-client") :]
    code = after.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, Any] = {}
    exec(compile(code, "docs/service.md", "exec"), namespace)
    return namespace


def test_gunicorn_options_follow_the_settings() -> None:
    options = gunicorn_options(Settings(host="0.0.0.0", port=9001, workers=3, request_seconds=60))
    assert options["bind"] == "0.0.0.0:9001"
    assert (options["workers"], options["worker_class"], options["threads"]) == (3, "gthread", 4)
    assert (
        options["timeout"] > 60
    )  # the service stops a request first; gunicorn only a stuck worker
    assert options["accesslog"] == "-" and "%(M)s" in options["access_log_format"]
    assert callable(options["worker_exit"])  # stops the worker's PDF processes
    sync = gunicorn_options(Settings(worker_class="sync", threads=8))
    assert (sync["worker_class"], sync["threads"]) == ("sync", 1)


def test_an_unknown_worker_class_is_refused_with_where_it_came_from() -> None:
    with pytest.raises(SettingsError, match="AGREEMENT_WORKER_CLASS: 'eventlet' is not a worker"):
        load_settings(None, {"AGREEMENT_WORKER_CLASS": "eventlet"})


def test_serve_answers_over_http_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH")))),
        "AGREEMENT_PDF_WORKERS": "1",
    }
    log = tmp_path / "server.log"
    (tmp_path / "deal.docx").write_bytes(b"plain text under a Word name\n")
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "agreement_builder", "serve", "--port", str(port), "--workers", "1"],
            cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while True:
                assert server.poll() is None, log.read_text()
                try:
                    if call(port, "GET", "/api/v1/health")[0] == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, "no answer from /api/v1/health in 60 s"
                time.sleep(0.2)

            body, content_type = multipart("Counterparty draft.txt", DEFECTS.read_bytes())
            status, data, headers = call(
                port, "POST", "/api/v1/lint", body, {"Content-Type": content_type}
            )
            assert status == 200, data[:500]
            import json

            report = json.loads(data)
            text = json.dumps(report)
            assert "Counterparty draft.txt" in text and str(tmp_path) not in text
            assert headers["X-Content-Type-Options"] == "nosniff"

            # the Python client of docs/service.md, as written there
            client = docs_python_client()
            base = f"http://127.0.0.1:{port}"
            ok, verdict, presigned = client["ready_to_sign"](
                base,
                ROOT / "samples" / "documents" / "co_marketing_returned.docx",
                spec=ROOT / "samples" / "co_marketing.yaml",
                sent=ROOT / "samples" / "documents" / "co_marketing_sent.docx",
            )
            assert ok is False and verdict.startswith("NOT READY: ")
            assert "co_marketing.yaml" in verdict  # differences from the approved spec
            assert presigned["documents"][0]["path"] == "co_marketing_returned.docx"
            with pytest.raises(RuntimeError, match=r"^415 Unsupported Media Type: deal\.docx: "):
                client["review"](base, "lint", document=tmp_path / "deal.docx")

            status, pdf, headers = call(
                port,
                "POST",
                "/api/v1/build?format=pdf",
                SAMPLE.read_bytes(),
                {"Content-Type": "application/yaml"},
            )
            assert status == 200 and pdf.startswith(b"%PDF-"), pdf[:300]
            processes = psutil.Process(server.pid).children(recursive=True)
            # a gunicorn worker and its PDF process at least
            assert len(processes) >= 2
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                code = server.wait(60)
            except subprocess.TimeoutExpired:
                server.kill()
                raise
    assert code == 0, log.read_text()
    time.sleep(0.5)
    left = [p.pid for p in processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert left == [], f"processes left after SIGTERM: {left}"
    output = log.read_text()
    assert '"POST /api/v1/lint HTTP/1.1" 200' in output
    assert '"POST /api/v1/build?format=pdf HTTP/1.1" 200' in output
    assert "Traceback" not in output
