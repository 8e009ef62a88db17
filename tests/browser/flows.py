"""The steps several browser tests (and their accessibility checks) take: review the
defective DOCX, load a starter, edit and check a spec."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..conftest import ROOT
from .documents import defective_docx, upload

SAMPLES = ROOT / "samples"

if TYPE_CHECKING:
    from playwright.sync_api import Page, Response


def review(page: Page, mode: str = "presign", with_sample: bool = False) -> Response:
    """Upload the defective DOCX on the Review page (or, ``with_sample``, the README's
    presign example with its approved spec and the version sent); the result's response."""
    page.goto("/review")
    if with_sample:
        documents = SAMPLES / "documents"
        page.get_by_label("Document to review").set_input_files(
            documents / "co_marketing_returned.docx"
        )
        page.get_by_label("Approved spec (optional)").set_input_files(SAMPLES / "co_marketing.yaml")
        page.get_by_label("Version that was sent (optional)").set_input_files(
            documents / "co_marketing_sent.docx"
        )
    else:
        page.get_by_label("Document to review").set_input_files(
            upload("alliance.docx", defective_docx())  # type: ignore[arg-type]
        )
    page.locator(f"input[name=mode][value={mode}]").check()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Review the document").click()
    response = navigation.value
    assert response is not None and response.status == 200, response
    return response


@dataclass(frozen=True)
class Recorded:
    """A page as the service answered it: status, headers (its CSP among them), body."""

    status: int
    headers: dict[str, str]
    body: bytes

    @classmethod
    def of(cls, response: Response) -> Recorded:
        dropped = {"set-cookie", "content-length", "content-encoding", "transfer-encoding"}
        headers = {k: v for k, v in response.all_headers().items() if k not in dropped}
        return cls(response.status, headers, response.body())


REPLAY = "/review?replayed-result"


def open_recorded(page: Page, recorded: Recorded) -> None:
    """Show ``recorded`` in ``page`` at an address of the live service (same origin, so
    its stylesheet, scripts and CSP behave as they did): the review result is computed
    once per session and each test that only reads or clicks through it opens this copy
    in its own fresh context, instead of reviewing the document again (3 s each)."""
    page.route(
        f"**{REPLAY}",
        lambda route: route.fulfill(
            status=recorded.status, headers=recorded.headers, body=recorded.body
        ),
    )
    response = page.goto(REPLAY)
    assert response is not None and response.status == recorded.status


def load_starter(page: Page, kind: str) -> str:
    """Load ``kind``'s starter into the editor; returns the editor's text."""
    page.goto("/draft")
    page.get_by_label("Start from the starter for").select_option(kind)
    with page.expect_navigation():
        page.get_by_role("button", name="Load the starter").click()
    text = page.get_by_label("Spec (YAML)").input_value()
    assert f"kind: {kind}\n" in text, text[:400]
    return text


def uncomment_split(text: str, first: int, second: int) -> str:
    """The starter's revenue-share example made a decision, with these percentages."""
    edits = {
        "  # model: revenue_share": "  model: revenue_share",
        "  # splits:": "  splits:",
        "  #   - {party: first, percent: 70}": f"    - {{party: first, percent: {first}}}",
        "  #   - {party: second, percent: 30}": f"    - {{party: second, percent: {second}}}",
    }
    for old, new in edits.items():
        assert old in text, f"the starter no longer has {old!r}"
        text = text.replace(old, new, 1)
    return text


def check(page: Page, text: str) -> None:
    page.get_by_label("Spec (YAML)").fill(text)
    with page.expect_navigation():
        page.get_by_role("button", name="Check", exact=True).click()
