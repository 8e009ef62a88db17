"""The Rules and Clauses pages in a browser: browse, filter with the form, open one entry
and read its why, fix and text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agreement_builder import api

if TYPE_CHECKING:
    from playwright.sync_api import Page


def _filter(page: Page, form: str, **choices: str) -> None:
    for label, value in choices.items():
        page.locator(form).get_by_label(label, exact=True).select_option(value)
    with page.expect_navigation():
        page.locator(form).get_by_role("button", name="Filter").click()


def test_rules_filter_by_severity_and_target(page: Page) -> None:
    page.goto("/rules")
    every = api.rules()
    assert page.locator("#rules-count").inner_text() == f"{len(every)} rules"
    _filter(page, "#rules-filter", Severity="error", Checks="document")
    expected = sorted(r.code for r in every if r.severity == "error" and "document" in r.targets)
    rows = page.locator("#rules-table tbody tr")
    codes = [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())]
    assert codes == expected
    assert "PRS101" in codes and "DRF101" not in codes  # DRF101 is a warning
    assert page.locator("#rules-count").inner_text() == f"{len(expected)} rules"
    assert "severity=error" in page.url and "target=document" in page.url
    # the form shows the filter it applied
    assert page.get_by_label("Severity", exact=True).input_value() == "error"


def test_every_rule_in_the_list_says_in_words_what_it_finds(page: Page) -> None:
    page.goto("/rules")
    rows = page.locator("#rules-table tbody tr")
    bare = [
        rows.nth(i).locator("td").first.inner_text()
        for i in range(rows.count())
        if rows.nth(i).locator("td").last.inner_text().strip().endswith("{message}")
    ]
    assert not bare, f"{len(bare)} rules show only '{{message}}': {bare[:5]}"


def test_one_rule_says_why_and_how_to_fix(page: Page) -> None:
    page.goto("/rules?target=document")
    with page.expect_navigation():
        page.get_by_role("link", name="DRF107", exact=True).click()
    rule = api.find_rule("DRF107")
    assert page.url.endswith("/rules/DRF107")
    assert page.locator("h1").inner_text() == f"DRF107 {rule.name}"
    assert page.locator("#rule-why").inner_text() == " ".join(rule.why.split())
    assert page.locator("#rule-fix").inner_text() == " ".join(rule.fix.split())
    assert "runs only in preview mode" in page.locator("#rule-meta").inner_text()
    assert "Section 14.2" in page.locator("#rule-example").inner_text()


def test_clauses_filter_by_component_and_open_one(page: Page) -> None:
    page.goto("/clauses")
    _filter(page, "#clauses-filter", Component="confidentiality")
    expected = sorted(c.id for c in api.clauses() if c.component == "confidentiality")
    rows = page.locator("#clauses-table tbody tr")
    ids = sorted(rows.nth(i).locator(".code").inner_text() for i in range(rows.count()))
    assert ids == expected
    assert "confidentiality.mutual" in ids
    with page.expect_navigation():
        page.get_by_role("link", name="Mutual Confidentiality", exact=True).click()
    clause = api.find_clause("confidentiality.mutual")
    assert page.url.endswith("/clauses/confidentiality.mutual")
    text = page.locator("#clause-text").inner_text()
    first_line = next(line for line in clause.body.splitlines() if line.strip())
    assert first_line.strip() in text
    assert "confidentiality" in page.locator("#clause-meta").inner_text()
