"""What the pages compute: marks in a document's text (overlapping, zero-width, out of range,
escaped) and an agreement's HTML made fit to sit inside a page."""

from __future__ import annotations

import io

from flask import Flask
from lxml import html as lxml_html

from agreement_builder.service.views import Span, highlight, preview_html


def parse(markup: str) -> object:
    return lxml_html.fragment_fromstring(markup, create_parent="div")


def test_overlapping_spans_nest_and_keep_the_text() -> None:
    text = "The Launch Fee is <due> & payable."
    a = Span(4, 14, "mark", "mark-1", "finding sev-error", "Error: x", "finding-1", "Finding 1")
    b = Span(11, 17, "mark", "mark-2", "finding sev-info", "Info: y", "finding-2", "Finding 2")
    out = str(highlight(text, [a, b]))
    root = parse(out)
    # the text is all there, escaped, plus the two back links' numbers
    assert "&lt;due&gt; &amp;" in out and "<due>" not in out
    assert root.text_content() == "The Launch Fee1 is2 <due> & payable."
    first = root.get_element_by_id("mark-1")
    second = root.get_element_by_id("mark-2")
    assert first.text_content() == "Launch "  # the first piece of its span carries the id
    assert second.text_content() == "Fee"
    marked = [m.text_content() for m in root.iter("mark")]
    assert "".join(marked[:3]) == "Launch FeeFee"  # "Fee" is inside both spans
    assert [a.get("href") for a in root.iter("a")] == ["#finding-1", "#finding-2"]


def test_zero_width_and_out_of_range_spans() -> None:
    text = "Term. Two years."
    spans = [
        Span(6, 6, "span", "change-1", "revision"),  # a deletion: where its text stood
        Span(10, 999, "span", "evidence-term-1", "evidence"),
        Span(-5, 4, "mark", "mark-1", "finding sev-warning"),
    ]
    root = parse(str(highlight(text, spans)))
    assert root.text_content() == text
    assert root.get_element_by_id("change-1").text_content() == ""
    assert root.get_element_by_id("evidence-term-1").text_content() == "years."
    assert root.get_element_by_id("mark-1").text_content() == "Term"


def test_preview_drops_styles_scripts_and_handlers_and_prefixes_ids() -> None:
    hostile = b"""<!DOCTYPE html><html><head><style>body{}</style><script>alert(1)</script>
    </head><body><h1 class="title" style="color:red">Deal</h1>
    <nav class="toc"><p><a href="#s_term">Term</a></p></nav>
    <h2 id="s_term" onclick="alert(2)">1. Term</h2><p>Two years <a href="javascript:alert(3)">x</a>
    <img src="https://example.com/t.png" alt=""></p><script>alert(4)</script></body></html>"""
    out = str(preview_html(hostile))
    assert "alert" not in out and "style" not in out and "onclick" not in out
    assert "example.com" not in out and "javascript:" not in out
    root = parse(out)
    assert [h.tag for h in root.iter("h3", "h4")] == ["h3", "h4"]  # under the page's h1, h2
    assert root.get_element_by_id("preview-s_term").text_content() == "1. Term"
    assert root.xpath("//a[@href='#preview-s_term']")
    assert not root.xpath("//nav")


def test_paths_of_the_upload_folder_become_the_clients_names(app: Flask) -> None:
    from agreement_builder.service.pages import _client_paths

    files = {
        "document": (io.BytesIO(b"x"), "Deal v2.docx"),
        "spec": (io.BytesIO(b"x"), "deal.yaml"),
    }
    with app.test_request_context(
        "/review", method="POST", data=files, content_type="multipart/form-data"
    ):
        folder = "/tmp/agreement-upload-ab12_x/"
        message = (
            f"{folder}document.docx: not a readable DOCX; {folder}spec/deal.yaml:2:9: bad; "
            f"'{folder}document/Deal v2.docx' and {folder}agreement.toml"
        )
        assert _client_paths(message) == (
            "Deal v2.docx: not a readable DOCX; deal.yaml:2:9: bad; "
            "'Deal v2.docx' and agreement.toml"
        )
