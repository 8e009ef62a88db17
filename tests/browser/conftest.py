"""Browser tests (issue 17 item 5): the service's pages in a real Chromium, driven by
Playwright for Python.

Playwright's own browser download is not reachable here, so the tests drive Debian's
``chromium`` package (``make test`` installs it with apt and sets
``AGREEMENT_REQUIRE_BROWSER=1``, so a missing browser fails there instead of skipping;
elsewhere the tests skip and say why).

The service runs in this process: ``create_app(Settings(...))`` served by Werkzeug's
``make_server`` in a thread on a free loopback port. Not ``agreement serve`` as a
subprocess: a thread starts in milliseconds instead of the second gunicorn and a fresh
interpreter take, an error inside a request is logged into this process (the suite's
``no_logged_warnings`` fixture fails the test that caused it), and the settings are the
test's own instead of whatever agreement.toml or environment a subprocess would find.

One browser per session (launching Chromium is the slow part); a fresh context per test,
with downloads accepted. Every page a test opens is watched: a console error, an uncaught
script error or a Content-Security-Policy violation (reported by a
``securitypolicyviolation`` listener injected before any page script runs) fails the test.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from agreement_builder.service import create_app
from agreement_builder.service.settings import Settings

# Chromium's flags, shared with the screenshots script: without the background-networking
# ones Chromium keeps trying to reach Google's services, which floods a closed network
from bench.service_screenshots import LAUNCH_ARGS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Response

    from .flows import Recorded

REQUIRE = os.environ.get("AGREEMENT_REQUIRE_BROWSER") == "1"
CHROMIUM = os.environ.get("AGREEMENT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# A laptop screen (issue 17 item 3: "readable on a laptop screen")
VIEWPORT = {"width": 1280, "height": 800}


def _missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    if not Path(CHROMIUM).is_file():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return None


MISSING = _missing()
if MISSING and REQUIRE:
    raise RuntimeError(f"AGREEMENT_REQUIRE_BROWSER=1 but {MISSING}")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if MISSING:
        here = Path(__file__).parent
        skip = pytest.mark.skip(reason=MISSING)
        for item in items:
            if here in item.path.parents:
                item.add_marker(skip)


# Injected into every document before its own scripts (Playwright's init scripts are
# not subject to the page's CSP); reports each violation to the test through a binding.
CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (e) => {
  window.__agreementCspViolation({directive: e.violatedDirective, blocked: e.blockedURI,
                                  source: e.sourceFile, line: e.lineNumber, sample: e.sample});
});
"""


@dataclass
class PageProblems:
    """What went wrong in the pages of one test: console errors, uncaught script errors,
    CSP violations.

    Chromium logs "Failed to load resource: ... status of 4xx" for every answer that is not
    a success, the page itself included. A page answered 404 or 422 on purpose (an error
    page, a form sent back with its errors) is not a problem (the tests assert those
    statuses); a stylesheet, script or icon that fails to load is. ``expected`` holds any
    other console text a test causes on purpose."""

    console: list[str] = field(default_factory=list)
    script_errors: list[str] = field(default_factory=list)
    csp: list[dict[str, Any]] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)
    documents: set[str] = field(default_factory=set)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "assert"):
            where = message.location.get("url", "")
            self.console.append(f"{message.text} ({where})")

    def on_response(self, response: Response) -> None:
        if response.request.resource_type == "document":
            self.documents.add(response.url)

    def _expected(self, line: str) -> bool:
        if any(e in line for e in self.expected):
            return True
        if line.startswith("Failed to load resource: the server responded with a status of"):
            url = line.rsplit(" (", 1)[-1].rstrip(")").split("#")[0]
            return url in self.documents
        return False

    def unexpected_console(self) -> list[str]:
        return [c for c in self.console if not self._expected(c)]

    def summary(self) -> str:
        lines = [f"console error: {c}" for c in self.unexpected_console()]
        lines += [f"script error: {e}" for e in self.script_errors]
        lines += [
            f"CSP violation: {v['directive']} blocked {v['blocked'] or '(inline)'} "
            f"in {v['source']}:{v['line']} {v['sample']!r}"
            for v in self.csp
        ]
        return "\n".join(lines)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service on a free loopback port; yields its base URL. Its operator's config
    turns the preview rules on (``preview = true``), as a team that wants every drafting
    check would: the undefined-term and cross-reference rules the review test looks for
    are preview rules."""
    from werkzeug.serving import make_server

    config = tmp_path_factory.mktemp("service") / "agreement.toml"
    config.write_text("preview = true\n", encoding="utf-8")
    settings = Settings(secret_key="browser-tests", pdf_workers=1, config=str(config))
    app = create_app(settings)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def page(browser: Browser, live_server: str, problems: PageProblems) -> Iterator[Page]:
    """A fresh context (cookies, storage) and page for each test, watched for console
    errors, script errors and CSP violations (any of them fails the test)."""
    context = browser.new_context(base_url=live_server, accept_downloads=True, viewport=VIEWPORT)
    context.set_default_timeout(10_000)
    context.expose_binding(
        "__agreementCspViolation", lambda _source, detail: problems.csp.append(detail)
    )
    context.add_init_script(CSP_LISTENER)
    tab = context.new_page()
    tab.on("console", problems.on_console)
    tab.on("response", problems.on_response)
    tab.on("pageerror", lambda error: problems.script_errors.append(str(error)))
    try:
        yield tab
        # let late console and violation reports arrive before judging
        tab.wait_for_timeout(50)
    finally:
        context.close()
    report = problems.summary()
    if report:
        pytest.fail(f"problems in the pages this test opened:\n{report}", pytrace=False)


# --- accessibility ---------------------------------------------------------------------

SERIOUS = ("serious", "critical")


def axe_violations(page: Page, impacts: tuple[str, ...] = SERIOUS) -> list[dict[str, Any]]:
    """axe-core's violations of ``impacts`` on the page as it is now. The axe-core script
    comes from the axe-playwright-python package (nothing fetched from a CDN) and is
    evaluated through the DevTools protocol, which the page's CSP does not govern."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in impacts]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:10]:
            target = " ".join(str(t) for t in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}  {node.get('html', '')[:120]}  {summary}")
    return "\n".join(lines)


def assert_accessible(page: Page, name: str) -> None:
    """No serious or critical axe-core violation on ``page``; the failure lists each
    violation's rule id and the elements (CSS targets) it found."""
    violations = axe_violations(page)
    assert not violations, f"{name} ({page.url}):\n{describe_violations(violations)}"


@pytest.fixture(scope="session")
def review_result(browser: Browser, live_server: str) -> Recorded:
    """The Review page's answer to the defective DOCX, reviewed once per session (see
    :func:`.flows.open_recorded`); ``test_review`` uploads it for real as well."""
    from .flows import Recorded, review

    context = browser.new_context(base_url=live_server, viewport=VIEWPORT)
    try:
        return Recorded.of(review(context.new_page()))
    finally:
        context.close()


@pytest.fixture(scope="session")
def presign_result(browser: Browser, live_server: str) -> Recorded:
    """The README's presign example (the returned co-marketing DOCX, the approved spec and
    the version sent) reviewed once per session: tracked changes, comments and changes
    since the version sent on one page."""
    from .flows import Recorded, review

    context = browser.new_context(base_url=live_server, viewport=VIEWPORT)
    try:
        return Recorded.of(review(context.new_page(), with_sample=True))
    finally:
        context.close()
