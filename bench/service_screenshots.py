"""Screenshots of the service's pages for docs/screenshots.md (``make screenshots``).

The service runs in this process on a free loopback port (``create_app`` served by
Werkzeug in a thread, as the browser tests do) and Debian's ``chromium``, driven by
Playwright for Python, opens:

- ``review-result.png``: the README's pre-signing example reviewed on the Review page
  (samples/documents/co_marketing_returned.docx with the approved spec and the version
  that was sent): the verdict, the downloads and the first findings;
- ``review-text.png``: the same result after following a finding to its place in the
  document's text (the marks, and the components panel beside them);
- ``draft-error.png``: samples/gaps/split_totals_90.yaml (the alliance sample with a
  revenue split totalling 90%) checked on the Draft page, its one problem followed to its
  line in the editor;
- ``rules.png``: the Rules catalogue filtered to the errors found in documents.

Usage: ``python -m bench.service_screenshots [--out DIR] [--chromium PATH]``.
"""

from __future__ import annotations

import argparse
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page, ViewportSize

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SAMPLES = ROOT / "samples"
# the flags the browser tests use (tests/browser/conftest.py): without the
# background-networking ones Chromium keeps trying to reach Google's services
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 860}
# the strategic alliance sample with its revenue split changed to total 90%
GAP_SAMPLE = SAMPLES / "gaps" / "split_totals_90.yaml"


@contextmanager
def serving() -> Iterator[str]:
    """The service on a free loopback port; yields its base URL."""
    from werkzeug.serving import make_server

    from agreement_builder.service import create_app
    from agreement_builder.service.settings import Settings

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = create_app(Settings(pdf_workers=1))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="screenshots", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def review_result(page: Page, out: Path) -> list[Path]:
    documents = SAMPLES / "documents"
    page.goto("/review")
    page.get_by_label("Document to review").set_input_files(
        documents / "co_marketing_returned.docx"
    )
    page.get_by_label("Approved spec (optional)").set_input_files(SAMPLES / "co_marketing.yaml")
    page.get_by_label("Version that was sent (optional)").set_input_files(
        documents / "co_marketing_sent.docx"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Review the document").click()
    first = out / "review-result.png"
    page.screenshot(path=first)
    link = page.locator("#findings a[href^='#mark-']").first
    link.click()
    # the followed mark in the middle of the window, with the text around it
    page.locator(f"[id='{(link.get_attribute('href') or '#')[1:]}']").evaluate(
        "el => el.scrollIntoView({block: 'center'})"
    )
    second = out / "review-text.png"
    page.screenshot(path=second)
    return [first, second]


def draft_error(page: Page, out: Path) -> list[Path]:
    page.goto("/draft?kind=strategic_alliance")
    page.get_by_label("File name").fill(GAP_SAMPLE.name)
    page.get_by_label("Spec (YAML)").fill(GAP_SAMPLE.read_text(encoding="utf-8"))
    with page.expect_navigation():
        page.get_by_role("button", name="Check", exact=True).click()
    # the problem's link puts the caret on its line in the editor
    page.locator("#problems a.to-line").first.click()
    path = out / "draft-error.png"
    page.screenshot(path=path)
    return [path]


def rules(page: Page, out: Path) -> list[Path]:
    page.goto("/rules?severity=error&target=document")
    path = out / "rules.png"
    page.screenshot(path=path)
    return [path]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder (default {OUT})")
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="Chromium to drive")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with serving() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=LAUNCH_ARGS)
        try:
            for shoot in (review_result, draft_error, rules):
                context = browser.new_context(
                    base_url=base, viewport=VIEWPORT, device_scale_factor=1
                )
                try:
                    written += shoot(context.new_page(), out)
                finally:
                    context.close()
        finally:
            browser.close()
    for path in written:
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
