"""The Review page in a browser: upload a DOCX with known defects, see each one marked in the
document's text, open a finding's evidence from the list, follow the components panel to
the passages that show a component, download the JSON report."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from .documents import COMMENT, DEFECTS, MISSING_SECTION, PLACEHOLDER, UNDEFINED_TERM
from .flows import Recorded, open_recorded, review

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

# each defect's finding, by the start of its message
MESSAGES = {
    "DRF101": f"leftover placeholder '{PLACEHOLDER}'",
    "DRF105": f"'{UNDEFINED_TERM}' is used 3 times like a defined term",
    "DRF107": f"{MISSING_SECTION} does not exist in this agreement",
}


def finding_entry(page: Page, text: str) -> Locator:
    """The entry of the findings list whose message holds ``text``."""
    entries = page.locator("[id^=finding-]").filter(has_text=text)
    assert entries.count() == 1, f"{entries.count()} findings list entries mention {text!r}"
    return entries.first


def mark_of(page: Page, entry: Locator) -> Locator:
    """The <mark> the finding list entry links to."""
    link = entry.locator("a[href^='#mark-']").first
    href = link.get_attribute("href")
    assert href, "the finding has no link to its place in the text"
    return page.locator(f"mark{href}")


def test_each_defect_is_marked_around_its_own_text(page: Page) -> None:
    review(page)
    assert page.title().startswith("Review")
    marks = page.locator("mark")
    texts = [marks.nth(i).inner_text() for i in range(marks.count())]
    for code, defect in DEFECTS.items():
        assert defect in texts, f"{code}: no <mark> around {defect!r}; marks: {texts}"
        entry = finding_entry(page, MESSAGES[code])
        assert code in entry.locator(".code").inner_text()
        assert mark_of(page, entry).inner_text() == defect
    # the mark says what is wrong (its title or accessible description)
    placeholder = page.locator("mark", has_text=PLACEHOLDER).first
    assert "leftover placeholder" in (placeholder.get_attribute("title") or "")
    # the verdict and the kind the document was read as are at the top
    assert page.locator("#verdict").inner_text().endswith("NOT READY: 1 open comment")
    assert page.locator("#verdict").get_attribute("class") == "verdict blocked"
    comment = page.locator("#comments li")
    assert "Dana Reviewer" in comment.inner_text() and COMMENT in comment.inner_text()
    kind = page.locator("dt", has_text="Kind").locator("xpath=following-sibling::dd")
    assert kind.inner_text().startswith("strategic alliance (from the title")


@pytest.mark.parametrize("code", ["DRF105", "DRF107"])
def test_clicking_a_finding_brings_its_text_into_view_and_focus(
    page: Page, review_result: Recorded, code: str
) -> None:
    from playwright.sync_api import expect

    open_recorded(page, review_result)
    entry = finding_entry(page, MESSAGES[code])
    mark = mark_of(page, entry)
    page.evaluate("() => window.scrollTo(0, 0)")
    expect(mark).not_to_be_in_viewport()
    entry.locator("a[href^='#mark-']").first.click()
    expect(mark).to_be_in_viewport()
    assert mark.inner_text() == DEFECTS[code]
    mark_id = mark.get_attribute("id")
    assert page.url.endswith(f"#{mark_id}")
    assert page.evaluate("() => document.activeElement.id") == mark_id
    # and back from the text to the list entry
    entry_id = entry.get_attribute("id")
    page.locator(f"a.backref[href='#{entry_id}']").click()
    expect(entry).to_be_in_viewport()


def test_the_components_panel_links_to_their_evidence(page: Page, review_result: Recorded) -> None:
    from playwright.sync_api import expect

    open_recorded(page, review_result)
    link = page.locator("a[href^='#evidence-governing_law-']").first
    expect(link).to_be_visible()
    target_id = (link.get_attribute("href") or "#")[1:]
    target = page.locator(f"[id='{target_id}']")
    assert "governed by the laws of England and Wales" in target.inner_text()
    page.evaluate("() => window.scrollTo(0, 0)")
    link.click()
    expect(target).to_be_in_viewport()
    # a required component this draft lacks is listed as missing
    assert "signatures" in page.get_by_text("signatures").first.inner_text()


def test_the_json_report_downloads_with_the_findings(page: Page, review_result: Recorded) -> None:
    open_recorded(page, review_result)
    link = page.get_by_role("link", name="JSON report")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".json")
    path = download.path()
    report = json.loads(path.read_text(encoding="utf-8"))
    [document] = report["documents"]
    assert document["path"] == "alliance.docx"  # the name as sent, never a path of ours
    assert document["kind"] == "strategic_alliance"
    found = {f["code"]: f for f in document["findings"]}
    assert set(DEFECTS) <= set(found)
    assert found["DRF101"]["message"] == f"leftover placeholder '{PLACEHOLDER}'"


def test_the_presign_example_lists_changes_comments_and_differences_from_the_spec(
    page: Page, presign_result: Recorded
) -> None:
    open_recorded(page, presign_result)
    verdict = page.locator("#verdict").inner_text()
    assert "NOT READY: 9 unresolved changes by Harbourview Legal and Ridgeline Counsel" in verdict
    assert "3 differences from co_marketing.yaml" in verdict
    # 10 revisions: a move is listed as its two ends and counted once in the verdict
    kinds = [k.inner_text() for k in page.locator("#revisions > li > strong").all()]
    assert len(kinds) == 10 and kinds.count("move-to") == kinds.count("move-from") == 1, kinds
    states = [k.inner_text() for k in page.locator("#comments > li > strong").all()]
    # one open thread (a comment and its reply) and a resolved comment
    assert states == ["Open", "Reply to comment 1", "Resolved"], states
    assert "1 open comment" in verdict
    assert "We cannot accept thirty days." in page.locator("#comments").inner_text()
    spec_money = finding_entry(page, "co_marketing.yaml approves 45% for the cost share")
    assert "PRS201" in spec_money.locator(".code").inner_text()
    assert mark_of(page, spec_money).inner_text() == "40%"
