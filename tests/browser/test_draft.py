"""The Draft page in a browser: load a kind's starter, break it, press Check and see the
located error next to its line; build a DOCX and open the download with python-docx."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import docx

from .flows import check, load_starter, uncomment_split

if TYPE_CHECKING:
    from playwright.sync_api import Page

FIRST, SECOND = "Harbour Lights Ltd", "Crestline Media GmbH"
# where line ``n`` of a textarea is drawn, in the window's coordinates (lines do not wrap:
# the editor has wrap="off")
LINE_TOP = """(el, n) => {
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return box.top + parseFloat(style.borderTopWidth) + parseFloat(style.paddingTop)
    + (n - 1) * parseFloat(style.lineHeight) - el.scrollTop;
}"""


def test_a_split_totalling_90_is_shown_beside_its_line(page: Page) -> None:
    text = uncomment_split(load_starter(page, "co_marketing"), 70, 20)
    check(page, text)
    expected = "the splits total 90%, not 100% (first 70 + second 20)"
    problem = page.locator("#problems li").filter(has_text=expected)
    assert problem.count() == 1, page.locator("#problems").inner_text()[:2000]
    line_link = problem.locator("a.to-line")
    number = int(line_link.get_attribute("data-line") or 0)
    assert text.split("\n")[number - 1].strip() == "- {party: first, percent: 70}"
    # beside its line: the line-by-line listing carries the message under that line
    line = page.locator(f"#line-{number}")
    assert "percent: 70" in line.locator("code").inner_text()
    assert expected in line.locator(".line-problems").inner_text()
    # the editor keeps the user's text
    assert page.get_by_label("Spec (YAML)").input_value() == text


def test_an_invalid_kind_is_located_with_a_suggestion(page: Page) -> None:
    text = load_starter(page, "co_marketing").replace("kind: co_marketing", "kind: co_markting", 1)
    check(page, text)
    heading = page.locator("#problems-heading").inner_text()
    assert heading.endswith("The spec is not valid: 1 problem")
    [item] = page.locator("#problems li").all()
    message = item.inner_text()
    assert "Line 17, column 9" in message
    assert "'co_markting' is not one of" in message
    assert "did you mean 'co_marketing'?" in message
    assert "kind: co_markting" in page.locator("#line-17 code").inner_text()


def test_build_docx_downloads_an_agreement_python_docx_opens(page: Page) -> None:
    text = load_starter(page, "co_marketing")
    text = text.replace("First Party Ltd", FIRST).replace("Second Party Ltd", SECOND)
    page.get_by_label("Spec (YAML)").fill(text)
    page.get_by_label("File name").fill("harbour-crestline.yaml")
    with page.expect_download() as info:
        page.get_by_role("button", name="Build DOCX").click()
    download = info.value
    assert download.suggested_filename == "harbour-crestline.docx"
    document = docx.Document(io.BytesIO(download.path().read_bytes()))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "CO-MARKETING AGREEMENT" in body.upper()
    assert FIRST in body and SECOND in body


def test_a_problem_link_puts_the_caret_on_its_line_in_the_editor(page: Page) -> None:
    text = uncomment_split(load_starter(page, "co_marketing"), 70, 20)
    check(page, text)
    link = page.locator("#problems li").filter(has_text="the splits total 90%").locator("a.to-line")
    number = int(link.get_attribute("data-line") or 0)
    link.click()
    editor = page.get_by_label("Spec (YAML)")
    assert page.evaluate("() => document.activeElement.id") == "spec-text"
    selected = editor.evaluate("el => el.value.slice(el.selectionStart, el.selectionEnd)")
    assert selected == text.split("\n")[number - 1]
    # and the line is on the screen: where it is drawn in the editor, within the window
    top = editor.evaluate(LINE_TOP, number)
    height = page.evaluate("() => window.innerHeight")
    assert 0 <= top <= height - 20, f"line {number} is drawn at y={top:.0f}, outside 0..{height}"
    # the line-number gutter marks the lines with problems, this one among them
    marked = page.locator(".gutter .bad").all_inner_texts()
    assert f"{number}\n" in marked and "17\n" in marked and "1\n" not in marked
