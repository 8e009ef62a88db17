"""Placeholders and signature blocks as real forms lay them out (issue 16, item 5), on our own
documents in tests/fixtures/forms (see the README there for the public shapes they imitate)."""

from __future__ import annotations

from pathlib import Path

from agreement_builder.analyze.drafting.placeholders import find_placeholders
from agreement_builder.analyze.drafting.signatures import check_signatures, signature_region
from agreement_builder.read.text import read_text

FORMS = Path(__file__).resolve().parents[1] / "fixtures" / "forms"


def _read(name: str):
    return read_text(name, (FORMS / name).read_bytes(), markdown=name.endswith(".md"))


def _tokens(name: str) -> list[str]:
    doc = _read(name)
    return [doc.text[d.start : d.end] for d in find_placeholders(doc)]


def test_template_fields_are_reported_and_the_signature_table_is_not() -> None:
    assert _tokens("order_form_template.md") == [
        "{provider_name}",
        "{{customer_name}}",
        "[Date]",
        "[$____]",
        "{IF annual_prepay}",
        "⎣Discount Percentage⎦",
        "[Drafting note: delete clause 1.3 where the customer pays monthly.]",
        "[Insert amount]",
    ]


def test_the_signature_table_is_a_signature_block() -> None:
    doc = _read("order_form_template.md")
    region = signature_region(doc.text)
    assert region is not None
    assert doc.text[region[0] :].startswith("Signature | Print Name | Title | Date")
    assert check_signatures(doc, 2) == []


def test_inline_html_is_stripped_so_the_clause_is_read() -> None:
    doc = _read("order_form_template.md")
    assert "<span" not in doc.text and "</span>" not in doc.text
    assert "2. Support" in doc.text
    assert "2.1 Provider shall answer support requests within one (1) business day." in doc.text
    # the underscores of a blank survive the Markdown reader (they are not bold markers)
    assert "[$____]" in doc.text
    assert "| ____________ | ____________ |" in doc.text


def test_cover_page_signature_lines_are_for_signing_and_one_field_is_left() -> None:
    assert _tokens("cover_page.txt") == ["[Customer Name]"]
    assert check_signatures(_read("cover_page.txt"), 2) == []


def test_party_columns_with_typed_names_sign() -> None:
    doc = _read("partner_form.txt")
    region = signature_region(doc.text)
    assert region is not None
    assert doc.text[region[0] :].startswith("For Harbour Tools Inc., | For Crestline Retail LLC,")
    assert check_signatures(doc, 2) == []
    assert _tokens("partner_form.txt") == []


def test_click_through_terms_need_no_signature_block() -> None:
    doc = _read("click_through_terms.md")
    assert signature_region(doc.text) is None
    assert check_signatures(doc, 2) == []
    # the same terms without the way they are accepted do need one
    bare = read_text("bare.md", doc.text.replace('By clicking "I agree"\nor', "Or").encode())
    [missing] = check_signatures(bare, 2)
    assert (missing.tag, missing.message) == ("signature_missing", "no signature block found")


def test_definitions_in_table_rows_and_alternative_names() -> None:
    from agreement_builder.analyze.drafting.terms import _definitions

    text = (
        "| Term | Meaning |\n|---|---|\n"
        '| "Launch Credit" | the credit stated in the service level table |\n'
        '| "Launch Plan" | means the ordering document signed by the parties |\n\n'
        '"Customer" or "Partner Entity" means the entity that accepts these terms.\n'
        '"Uptime"\nmeans the share of minutes the platform answers.\n'
        'The report lists "Gold", "Silver" and "Bronze".\n'
    )
    found = {(d.term, d.form) for d in _definitions(text)}
    assert found == {
        ("Launch Credit", "means"),
        ("Launch Plan", "means"),
        ("Customer", "means"),
        ("Partner Entity", "means"),
        ("Uptime", "means"),
    }
