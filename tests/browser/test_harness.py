"""The checks the browser tests rely on can fail: a CSP violation, a console error and an
accessibility violation put into a page on purpose are each reported."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .conftest import PageProblems, axe_violations, describe_violations

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page


def settle(page: Page, done: Callable[[], bool], seconds: float = 5) -> None:
    """Let the browser's reports arrive (they are events, after the call that caused them)."""
    for _ in range(int(seconds * 50)):
        if done():
            return
        page.wait_for_timeout(20)


def test_the_service_sends_its_csp_and_an_inline_script_is_reported(
    page: Page, problems: PageProblems
) -> None:
    response = page.goto("/")
    assert response is not None and response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = 1'; document.body.append(s); }"
    )
    settle(page, lambda: bool(problems.csp and problems.console))
    assert page.evaluate("() => window.injected") is None
    assert [v["directive"] for v in problems.csp] == ["script-src-elem"]
    assert any("Content Security Policy" in c for c in problems.console)
    problems.csp.clear()
    problems.console.clear()


def test_a_console_error_is_reported(page: Page, problems: PageProblems) -> None:
    page.goto("/")
    page.evaluate("() => console.error('deliberate failure')")
    settle(page, lambda: bool(problems.console))
    assert [c.split(" (")[0] for c in problems.console] == ["deliberate failure"]
    problems.console.clear()


def test_axe_reports_an_image_without_text(page: Page) -> None:
    page.goto("/")
    page.evaluate(
        "() => { const i = document.createElement('img'); i.src = 'data:image/gif;base64,"
        "R0lGODlhAQABAAAAACw='; document.querySelector('main').append(i); }"
    )
    violations = axe_violations(page)
    assert [v["id"] for v in violations] == ["image-alt"]
    assert "image-alt (critical)" in describe_violations(violations)
    assert '    img  <img src="data:image/gif' in describe_violations(violations)


def test_a_missing_stylesheet_is_reported_but_an_error_page_status_is_not(
    page: Page, problems: PageProblems
) -> None:
    response = page.goto("/no-such-page")
    assert response is not None and response.status == 404
    page.evaluate(
        "() => new Promise((done) => { const l = document.createElement('link');"
        " l.rel = 'stylesheet'; l.href = '/static/no-such.css'; l.onerror = done;"
        " document.head.append(l); })"
    )
    settle(page, lambda: any("no-such.css" in line for line in problems.console))
    unexpected = problems.unexpected_console()
    assert unexpected and all("no-such.css" in line for line in unexpected), unexpected
    # the page's own 404 is logged too, and allowed
    assert any(line.endswith(f"({page.url})") for line in problems.console)
    problems.console.clear()
