"""Shared fixtures. As in WeasyPrint's own suite, any logged warning fails the test."""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The suite keeps its compiled-template cache to itself (never the user's ~/.cache); it
# starts empty, so the first test to build compiles and stores, and later ones load.
os.environ["AGREEMENT_CACHE_DIR"] = _CACHE = tempfile.mkdtemp(prefix="agreement-test-cache-")
atexit.register(shutil.rmtree, _CACHE, True)

# Every path the tests share, in one place.
TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DATA = TESTS / "data"  # recorded goldens, schemas
RULE_CASES = TESTS / "rules"  # <CODE>.yml cases of the document rules
LINT_FIXTURES = TESTS / "fixtures" / "lint"
CUAD_DEV = ROOT.parent / "shared" / "corpus" / "cuad-dev"  # beside the checkout, when present
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
GAP_SAMPLES = sorted((ROOT / "samples" / "gaps").glob("*.yaml"))


class _FailOnWarning(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def no_logged_warnings():
    handler = _FailOnWarning()
    root = logging.getLogger()
    root.addHandler(handler)
    yield handler
    root.removeHandler(handler)
    if handler.records:
        messages = "; ".join(f"{r.name}: {r.getMessage()}" for r in handler.records)
        pytest.fail(f"logged warnings: {messages}")


@pytest.fixture(scope="session")
def pdf_engine():
    from agreement_builder.render.pdf import PdfEngine

    return PdfEngine()


def pdf_text(data: bytes) -> list[str]:
    """Text of each page, extracted with pypdfium2."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()
