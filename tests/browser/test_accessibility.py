"""axe-core on every page of the service, in each state a user sees it: no serious or
critical violation (issue 17, "Done when"). A failure lists each violation's rule id and
the elements it found, e.g. ``color-contrast (serious): ... .muted <span ...>``.

axe-core 4.x with its default rules (WCAG 2.0/2.1/2.2 A and AA and best practices);
moderate and minor findings are not gated here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from .conftest import assert_accessible
from .documents import upload
from .flows import Recorded, check, load_starter, open_recorded, uncomment_split

if TYPE_CHECKING:
    from playwright.sync_api import Page


def _goto(path: str) -> Callable[[Page], None]:
    def reach(page: Page) -> None:
        response = page.goto(path)
        assert response is not None and response.status == 200, (path, response)

    return reach


def _review_result(page: Page) -> None:
    assert page.locator("mark").count() >= 3


def _review_form_with_an_error(page: Page) -> None:
    page.goto("/review")
    page.get_by_label("Document to review").set_input_files(
        upload("notes.exe", b"MZ\x90\x00", "application/octet-stream")  # type: ignore[arg-type]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Review the document").click()
    assert page.get_by_role("alert").count() == 1


def _draft_with_errors(page: Page) -> None:
    check(page, uncomment_split(load_starter(page, "co_marketing"), 70, 20))
    assert "the splits total 90%" in page.locator("#problems").inner_text()


def _draft_preview(page: Page) -> None:
    load_starter(page, "referral")
    with page.expect_navigation():
        page.get_by_role("button", name="Preview").click()
    assert "REFERRAL" in page.locator("#preview").inner_text().upper()


def _error_page(page: Page) -> None:
    response = page.goto("/no-such-page")
    assert response is not None and response.status == 404
    assert "404" in page.locator("h1").inner_text()


PAGES: dict[str, Callable[[Page], None]] = {
    "home": _goto("/"),
    "review form": _goto("/review"),
    "review form with an error": _review_form_with_an_error,
    "review result": _review_result,
    "review result with changes": _review_result,
    "draft": _goto("/draft"),
    "draft with errors": _draft_with_errors,
    "draft preview": _draft_preview,
    "rules list": _goto("/rules"),
    "one rule": _goto("/rules/DRF101"),
    "clauses list": _goto("/clauses"),
    "one clause": _goto("/clauses/confidentiality.mutual"),
    "API docs": _goto("/api/v1/docs"),
    "error page": _error_page,
}


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_axe_violation(
    page: Page, review_result: Recorded, presign_result: Recorded, name: str
) -> None:
    if name == "review result":
        open_recorded(page, review_result)
    elif name == "review result with changes":
        open_recorded(page, presign_result)
    PAGES[name](page)
    assert_accessible(page, name)
