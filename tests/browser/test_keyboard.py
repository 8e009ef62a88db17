"""Keyboard only: the first Tab reaches the skip link, which moves focus to the content;
Tab then reaches every control in the order it is on the page (no positive tabindex, no
trap, nothing reachable only by mouse); forms submit with Enter."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .documents import defective_docx, upload
from .flows import Recorded, open_recorded

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Every element that takes focus with Tab in document order, as a browser computes it:
# visible, enabled, tabindex not negative; one stop per radio group (its checked button);
# numbered in a data attribute so the focused element can be told apart.
NUMBER_TAB_STOPS = """
() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[tabindex], [contenteditable=""], [contenteditable=true]';
  const seenRadio = new Set();
  const stops = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled || el.tabIndex < 0 || el.closest('[inert]')) continue;
    if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    const closed = el.closest('details:not([open])');
    if (closed && el !== closed.querySelector(':scope > summary')) continue;
    if (el.type === 'radio') {
      const group = el.form ? el.form.elements[el.name] : [el];
      const chosen = Array.from(group).find((r) => r.checked) || group[0];
      if (el !== chosen || seenRadio.has(el.name)) continue;
      seenRadio.add(el.name);
    }
    el.dataset.tabStop = String(stops.length);
    stops.push((el.getAttribute('href') || el.id || el.name || el.tagName) + ' ' +
               (el.innerText || el.value || '').trim().slice(0, 40));
  }
  return stops;
}
"""
MAX_STOPS = 60  # the long catalogues: their first 60 stops (form, first rows) are checked


def focused(page: Page) -> str | None:
    value: str | None = page.evaluate("() => document.activeElement?.dataset?.tabStop ?? null")
    return value


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/review",
        "review result",
        "/draft",
        "/rules",
        "/clauses",
        "/rules/DRF101",
        "/api/v1/docs",
    ],
)
def test_tab_reaches_the_skip_link_first_then_every_control_in_order(
    page: Page, review_result: Recorded, path: str
) -> None:
    if path == "review result":
        open_recorded(page, review_result)
    else:
        page.goto(path)
    stops: list[str] = page.evaluate(NUMBER_TAB_STOPS)
    assert stops[0].startswith("#main Skip to content"), stops[:3]
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Skip to content"
    # the skip link is shown when focused
    box = page.locator("a.skip").bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, box
    reached = ["0"]
    for _ in range(min(len(stops), MAX_STOPS) - 1):
        page.keyboard.press("Tab")
        reached.append(
            focused(page)
            or f"(unnumbered: {page.evaluate('() => document.activeElement.outerHTML.slice(0, 80)')})"
        )
    expected = [str(n) for n in range(len(reached))]
    wrong = [(n, stops[n], got) for n, got in enumerate(reached) if got != str(n)]
    assert reached == expected, f"tab order differs at {wrong[:3]}"


def test_the_skip_link_moves_focus_to_the_content(page: Page) -> None:
    page.goto("/rules")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    inside = page.evaluate("() => document.getElementById('main').contains(document.activeElement)")
    assert inside, "the Tab after the skip link left the main content"


def test_enter_in_the_file_name_field_checks_the_spec(page: Page) -> None:
    page.goto("/draft?kind=referral")
    name = page.get_by_label("File name")
    name.focus()
    name.fill("ref.yaml")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#problems-heading").count() == 1
    assert page.get_by_label("File name").input_value() == "ref.yaml"


def test_the_review_form_is_sent_from_the_keyboard(page: Page) -> None:
    page.goto("/review")
    # choosing a file opens the system dialog; the file is set, everything else is keys
    page.get_by_label("Document to review").set_input_files(
        upload("alliance.docx", defective_docx())  # type: ignore[arg-type]
    )
    page.get_by_label("Document to review").focus()
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.type") == "submit":
            break
    assert page.evaluate("() => document.activeElement.textContent") == "Review the document"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("mark").count() >= 3


def test_a_filter_form_submits_with_enter(page: Page) -> None:
    page.goto("/rules")
    form = page.locator("main form").first
    field = form.locator("select, input:not([type=hidden])").first
    field.focus()
    if field.evaluate("el => el.tagName") == "SELECT":
        page.keyboard.press("ArrowDown")  # the next choice (Chromium changes a closed select)
        chosen = field.input_value()
        # Enter on a select does not submit; Tab on to the form's button and press Enter
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.type") == "submit":
                break
    else:
        page.keyboard.type("placeholder")
        chosen = "placeholder"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert chosen and chosen in page.url
