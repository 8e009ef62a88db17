"""With JavaScript switched off (issue 17 item 3: usable without JavaScript where possible):
a finding's link still leads to its mark, and Check on the Draft page still lists each
problem with a link to its line in the numbered copy of the spec."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from .conftest import VIEWPORT
from .flows import Recorded, check, load_starter, open_recorded, uncomment_split

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


@pytest.fixture
def page_without_script(browser: Browser, live_server: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server, java_script_enabled=False, viewport=VIEWPORT
    )
    try:
        yield context.new_page()
    finally:
        context.close()


def test_a_finding_leads_to_its_mark(page_without_script: Page, review_result: Recorded) -> None:
    from playwright.sync_api import expect

    page = page_without_script
    open_recorded(page, review_result)
    entry = page.locator("[id^=finding-]").filter(has_text="Section 14.3 does not exist")
    link = entry.locator("a[href^='#mark-']")
    mark = page.locator(f"mark{link.get_attribute('href')}")
    expect(mark).not_to_be_in_viewport()
    link.click()
    expect(mark).to_be_in_viewport()
    assert mark.inner_text() == "Section 14.3"


def test_check_lists_the_problem_and_links_to_its_line(page_without_script: Page) -> None:
    from playwright.sync_api import expect

    page = page_without_script
    text = uncomment_split(load_starter(page, "co_marketing"), 70, 20)
    check(page, text)
    problem = page.locator("#problems li").filter(has_text="the splits total 90%")
    link = problem.locator("a.to-line")
    number = int(link.get_attribute("data-line") or 0)
    link.click()
    line = page.locator(f"#line-{number}")
    expect(line).to_be_in_viewport()
    assert "percent: 70" in line.locator("code").inner_text()
    assert "the splits total 90%" in line.inner_text()
