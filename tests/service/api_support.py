"""What the API tests share: the CLI's own output for the same file (to compare with), and
a DOCX with a tracked change written with python-docx and lxml."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from lxml import etree
from werkzeug.datastructures import FileStorage

from agreement_builder.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
LINT = ROOT / "tests" / "fixtures" / "lint"
PROBLEM = "application/problem+json"


def cli(tmp_path: Path, *args: str | Path) -> tuple[int, str, str]:
    """Run ``agreement ARGS`` in this process with an empty config of its own (the service
    reviews with its own config, never one found beside a file): exit code, stdout, stderr."""
    config = tmp_path / "empty-config" / "agreement.toml"
    config.parent.mkdir(exist_ok=True)
    config.write_text("", encoding="utf-8")
    words = [str(a) for a in args]
    if words[0] in ("check", "lint", "presign"):
        words[1:1] = ["--config", str(config)]
    result = CliRunner().invoke(main, words, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def as_named(text: str, paths: dict[Path, str]) -> str:
    """The CLI's output with each file's path replaced by the name the client sent."""
    for path, name in paths.items():
        text = text.replace(str(path), name)
    return text


def upload(path: Path, name: str | None = None) -> tuple[io.BytesIO, str]:
    """A file for Flask's test client's multipart ``data``."""
    return io.BytesIO(path.read_bytes()), name or path.name


def file_storage(data: bytes, name: str) -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=name)


def with_tracked_insertion(docx_bytes: bytes, anchor: str, text: str, author: str) -> bytes:
    """``docx_bytes`` with ``text`` inserted, as a tracked change by ``author``, at the end of
    the first paragraph that contains ``anchor`` (python-docx to find it, lxml to write the
    ``w:ins``)."""
    document = Document(io.BytesIO(docx_bytes))
    paragraph = next(p for p in document.paragraphs if anchor in p.text)
    ins = etree.SubElement(paragraph._p, qn("w:ins"))
    ins.set(qn("w:id"), "4242")
    ins.set(qn("w:author"), author)
    ins.set(qn("w:date"), "2026-11-20T10:00:00Z")
    run = etree.SubElement(ins, qn("w:r"))
    node = etree.SubElement(run, qn("w:t"))
    node.text = text
    node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def problem_of(response: Any, status: int) -> dict[str, Any]:
    """The problem-details body of ``response``, checked for its shape and status."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body: dict[str, Any] = response.get_json()
    assert body["status"] == status
    assert body["type"].startswith("https://")
    assert body["title"] and body["detail"]
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and "agreement-upload-" not in text
    return body
