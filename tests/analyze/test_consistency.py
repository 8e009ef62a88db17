"""Consistency a signer needs (issue 14, item 4): shares in tables total 100 (DRF121), notice
periods of one kind agree (DRF117), a term stated twice agrees with itself (DRF122-DRF124).

Detector logic on short texts; Word tables built with python-docx and PDF tables laid out by
WeasyPrint, read back by our readers and linted end to end.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from agreement_builder import api
from agreement_builder.analyze.drafting import DraftingContext
from agreement_builder.analyze.drafting.notices import (
    _INSURANCE,
    _OTHER_OBJECT,
    _TO_RENEW,
    check_notice_periods,
    notice_periods,
)
from agreement_builder.analyze.drafting.periods import (
    Marks,
    Period,
    Sentences,
    Words,
    find_money,
    find_periods,
    money_label,
)
from agreement_builder.analyze.drafting.restated import check_restated_terms, restated_terms
from agreement_builder.analyze.drafting.tables import (
    check_table_splits,
    find_tables,
    line_tables,
    pipe_tables,
)
from agreement_builder.read import read_document
from agreement_builder.read.model import SourceDocument

from ..conftest import ROOT

CODES = ("DRF115", "DRF117", "DRF121", "DRF122", "DRF123", "DRF124")


def _doc(text: str) -> SourceDocument:
    return SourceDocument("mem.txt", "text", text, ())


def _findings(path: Path, kind: str = "strategic_alliance") -> list[tuple[str, str]]:
    (report,) = list(api.lint([path], kind=kind))
    return [(f.code, f.message) for f in report.findings if f.code in CODES]


# ---------------------------------------------------------------------------- periods


def test_periods_in_words_figures_and_units() -> None:
    text = (
        "ninety (90) days' notice; 30 (thirty) days; thirty (30) calendar days; ten (10) "
        "business days; a three-year term; the sixty-day period; twenty-four (24) months; "
        "one hundred eighty (180) days; two weeks; holidays; year-end; a year"
    )
    found = [(p.amount, p.unit, text[p.start : p.end]) for p in find_periods(text)]
    assert found == [
        (90, "day", "ninety (90) days"),
        (30, "day", "30 (thirty) days"),
        (30, "day", "thirty (30) calendar days"),
        (10, "business day", "ten (10) business days"),
        (3, "year", "three-year"),
        (60, "day", "sixty-day"),
        (24, "month", "twenty-four (24) months"),
        (180, "day", "one hundred eighty (180) days"),
        (2, "week", "two weeks"),
    ]


def test_periods_compare_across_units() -> None:
    def p(amount: int, unit: str) -> Period:
        return Period(0, 0, amount, unit)

    assert p(3, "month").comparable(p(90, "day")) is True
    assert p(1, "year").comparable(p(12, "month")) is True
    assert p(2, "year").comparable(p(36, "month")) is False
    assert p(60, "day").comparable(p(3, "month")) is False
    assert p(2, "week").comparable(p(14, "day")) is True
    assert p(10, "business day").comparable(p(14, "day")) is None  # not the same kind of day
    assert p(2, "year").label() == "2 years" and p(1, "day").label() == "1 day"


def test_money_as_written_and_compared() -> None:
    text = "USD 500,000; $1,000,000; US$ 2 million; EUR 250,000.50; GBP 10k; $ dollars"
    money = find_money(text)
    assert [money_label(m) for m in money] == [
        "USD 500,000",
        "$1,000,000",
        "US$2,000,000",
        "EUR 250,000.50",
        "GBP 10,000",
    ]
    assert money[0].currency == money[1].currency == "$"  # compared as one currency
    assert [text[m.start : m.end] for m in money][:2] == ["USD 500,000", "$1,000,000"]


def test_marks_find_where_the_pattern_starts_to_match() -> None:
    """``Marks`` searches ``Words`` on the lower-cased text without IGNORECASE or the leading
    \\b, in windows or in one whole-text scan; either way the starts it gives are every
    position where the pattern itself matches, odd letters and word edges included."""
    pieces = ["Notice", " ", "\n", "x", "_", "non-renewal", "Insurance", "İ", "ı", "NOTICE"]
    pieces += ["of", "ORDER", "reorder", "policy", ",", "cancellation, non-renewal", "-", "1"]
    rng = random.Random(5)
    for words in (_INSURANCE, _OTHER_OBJECT, _TO_RENEW, Words(r"notice\b")):
        for _ in range(300):
            # padded so that a window is small beside the text: asked about in windows
            middle = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
            text = " y" * 400 + middle + " y" * 400
            every = [i for i in range(len(text)) if words.pattern.match(text, i)]
            lo = 800 + rng.randint(0, len(middle))
            hi = rng.randint(lo, 800 + len(middle))
            for folded in (text.lower(), None):  # "İ" lengthens the lower-cased text
                windows = Marks(text, folded)
                whole = Marks(text, folded)
                whole.starts_in(words, 0, 10**9)  # spent its budget: one whole-text scan
                whole.starts_in(words, 0, 10**9)
                expected = [i for i in every if lo <= i < hi]
                assert windows.starts_in(words, lo, hi) == expected, (words.source, text)
                assert whole.starts_in(words, lo, hi) == expected, (words.source, text)
                assert windows.within(words, lo, hi) == bool(expected)
                assert windows._spans == {}  # answered from windows, no whole-text scan


def test_sentences_and_their_windows() -> None:
    text = "First one. Second one; still two. 3. Third.\n\nFourth " + "x" * 3000
    sentences = Sentences(text)
    assert text[slice(*sentences.around(text.index("still")))] == "Second one; still two."
    assert text[slice(*sentences.around(text.index("Third")))] == "Third."
    lo, hi = sentences.around(2000)  # a run-together "sentence": a window about the position
    assert hi - lo == 1200 and lo < 2000 < hi


# ---------------------------------------------------------------------------- notices


def _kinds(text: str) -> list[tuple[str, str | None, str]]:
    return [(n.kind, n.actor, n.period.label()) for n in notice_periods(_doc(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Either party may terminate this Agreement for convenience on ninety (90) days' "
            "written notice.",
            [("convenience", "either party", "90 days")],
        ),
        (
            "This Agreement may be terminated by Harbour without cause upon sixty (60) days' "
            "prior written notice.",
            [("convenience", "harbour", "60 days")],
        ),
        (
            "This Agreement renews automatically unless either party gives the other ninety "
            "(90) days' written notice of its intention not to renew.",
            [("non-renewal", "either party", "90 days")],
        ),
        (
            "Written notice of non-renewal must be received no later than six (6) months prior "
            "to the expiration of the then-current term.",
            [("non-renewal", "either party", "6 months")],
        ),
        (
            "This Agreement renews for successive one-year terms unless either party gives "
            "thirty (30) days' written notice of its intent to terminate this Agreement.",
            [("non-renewal", "either party", "30 days")],
        ),
        (
            "If Crestline materially breaches this Agreement and fails to cure the breach within "
            "sixty (60) days after written notice, Harbour may terminate this Agreement.",
            [("cure", "crestline", "60 days")],
        ),
        (
            "Either party may terminate this Agreement if the other party fails to pay any "
            "amount due and does not cure the failure within ten (10) days after notice.",
            [("cure (payment)", "either party", "10 days")],
        ),
        (
            "Harbour may audit the books and records of Crestline upon ten (10) days' prior "
            "written notice.",
            [("audit", "harbour", "10 days")],
        ),
        (
            "Harbour may change the prices on thirty (30) days' written notice.",
            [("price change", "harbour", "30 days")],
        ),
    ],
)
def test_notice_kinds_and_who_acts(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # exercising an option to renew is not a notice of non-renewal (the review's bug)
        "The Licensee may renew this Agreement by giving thirty (30) days' written notice of "
        "renewal.",
        "The Licensee may extend the Agreement by six (6) months' notice of its intention to "
        "renew.",
        # an insurance policy's notices
        "Each policy shall provide for thirty (30) days' prior written notice of cancellation "
        "or non-renewal.",
        # something other than this Agreement, or a period with its own condition
        "Either party may terminate any Statement of Work for convenience on ten (10) days' "
        "notice.",
        "After the first anniversary, either party may terminate this Agreement for "
        "convenience on thirty (30) days' notice.",
        "Either party may terminate this Agreement for cause on 5 days' notice.",
        # a fixed term ended early is not a renewal refused
        "This Agreement lasts one (1) year, unless earlier terminated upon 30 days' written "
        "notice, and any extension must be in writing.",
    ],
)
def test_notices_that_are_not_compared(text: str) -> None:
    assert _kinds(text) == []


def test_notice_conflict_names_both_phrases_and_the_other_section(tmp_path: Path) -> None:
    path = tmp_path / "case.txt"
    path.write_text(
        "ALLIANCE AGREEMENT\n\n12. Termination.\n12.2 Either party may terminate this "
        "Agreement for convenience on ninety (90) days' written notice.\n18. General.\n18.1 "
        "Either party may terminate this Agreement for convenience on sixty (60) days' "
        "written notice.\n",
        encoding="utf-8",
    )
    doc = read_document(path)
    (defect,) = check_notice_periods(doc)
    assert defect.message == (
        'notice to terminate for convenience given as "sixty (60) days\' written notice" here '
        'and "ninety (90) days\' written notice" in section 12.2'
    )
    assert doc.text[defect.start : defect.end] == "sixty (60) days' written notice"
    assert dict(defect.data) == {"kind": "convenience", "period": "60 days", "other": "90 days"}


def test_many_statements_are_compared_with_a_few_earlier_ones() -> None:
    """A machine-made text stating one act a thousand ways reports each differing statement
    once, against the first one, without comparing every pair."""
    text = " ".join(
        f"Either party may terminate this Agreement for convenience on {n} days' notice."
        for n in range(10, 1010)
    )
    defects = check_notice_periods(_doc(text))
    assert len(defects) == 999
    assert all(d.message.endswith('"10 days\' notice" elsewhere') for d in defects)


# ---------------------------------------------------------------------------- restated


def _statements(text: str) -> list[tuple[str, str | None, str]]:
    return [(s.about, s.party, s.value) for s in restated_terms(_doc(text))]


def test_statements_of_the_term_payment_days_and_cap() -> None:
    text = (
        "1. This Agreement continues for an initial term of two (2) years. "
        "2. Customer shall pay each invoice within thirty (30) days of the date of the invoice. "
        "3. The Licence Fee shall be paid by Harbour within 30 days of receipt of the invoice. "
        "4. Each party's aggregate liability under this Agreement shall not exceed USD 500,000. "
        "5. Northwind's total liability shall be limited to $250,000. "
        "6. At the end of this three-year term the parties will meet."
    )
    assert _statements(text) == [
        ("term", None, "2 years"),
        ("invoices", "customer", "30 days"),
        ("license fee", "harbour", "30 days"),
        ("cap", "either party", "USD 500,000"),
        ("cap", "northwind", "$250,000"),
        ("term", None, "3 years"),
    ]


def test_restated_term_in_months_is_the_same_term() -> None:
    text = (
        "The initial term of this Agreement is twenty-four (24) months. This Agreement shall "
        "continue in full force and effect for a period of two (2) years."
    )
    assert check_restated_terms(_doc(text)) == []
    assert [d.tag for d in check_restated_terms(_doc(text.replace("two (2)", "three (3)")))] == [
        "term_conflict"
    ]


def test_caps_of_different_parties_or_claims_are_not_compared() -> None:
    text = (
        "Northwind's aggregate liability under this Agreement shall not exceed $1,000,000. "
        "BrightPath's aggregate liability under this Agreement shall not exceed $500,000. "
        "Northwind's liability for breach of Section 7 shall not exceed $5,000,000."
    )
    assert [s.party for s in restated_terms(_doc(text))] == ["northwind", "brightpath"]
    assert check_restated_terms(_doc(text)) == []


# ---------------------------------------------------------------------------- tables


def test_line_and_pipe_tables() -> None:
    text = (
        "Party                      Revenue share\n"
        "Northwind Trading Ltd      70%\n"
        "BrightPath Inc.            40%\n\n"
        "| Party | Profit share |\n|---|---|\n| Corrib | 40% |\n| Atlantic | 60% |\n"
    )
    (lines,) = line_tables(text)
    assert [[c.text for c in row] for row in lines.rows] == [
        ["Party", "Revenue share"],
        ["Northwind Trading Ltd", "70%"],
        ["BrightPath Inc.", "40%"],
    ]
    (pipes,) = pipe_tables(text)
    assert [[c.text for c in row] for row in pipes.rows] == [
        ["Party", "Profit share"],
        ["Corrib", "40%"],
        ["Atlantic", "60%"],
    ]
    assert [d.message for d in check_table_splits(_doc(text))] == [
        "the shares in the table ('Revenue share') total 110% "
        "(Northwind Trading Ltd 70% + BrightPath Inc. 40%), not 100%"
    ]


def test_rate_and_tier_tables_are_not_splits() -> None:
    text = (
        "| Net Sales | Royalty |\n|---|---|\n| Up to $1,000,000 | 5% |\n| Over $1,000,000 | 3% |\n\n"
        "| Party | Commission rate |\n|---|---|\n| Northwind | 10% |\n| BrightPath | 15% |\n\n"
        "Revenue share\nYear 1 20%\nYear 2 30%\n"
    )
    doc = _doc(text)
    assert len(find_tables(doc)) == 3
    assert check_table_splits(doc, ("Northwind", "BrightPath")) == []


# ---------------------------------------------------------------------------- DOCX


def _docx(path: Path, rows: list[tuple[str, ...]], lead_in: str, nested: bool = False) -> Path:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("REVENUE SHARE AGREEMENT")
    document.add_paragraph(
        'This Agreement is between Northwind Trading Ltd ("Northwind") and BrightPath Inc. '
        '("BrightPath").'
    )
    document.add_paragraph("4. Economics")
    document.add_paragraph(lead_in)
    if nested:  # a layout table holding the share table in its second cell
        layout = document.add_table(rows=1, cols=2)
        layout.cell(0, 0).text = "Schedule 1"
        host = layout.cell(0, 1)
        table = host.add_table(rows=len(rows), cols=len(rows[0]))
    else:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("5. Payment. Each party is paid quarterly.")
    document.save(str(path))
    return path


def test_docx_share_table_over_one_hundred(tmp_path: Path) -> None:
    path = _docx(
        tmp_path / "shares.docx",
        [("Party", "Revenue share"), ("Northwind", "70%"), ("BrightPath", "40%")],
        "The parties receive the following percentages of Net Revenue:",
    )
    doc = read_document(path)
    (table,) = find_tables(doc)
    assert [[c.text for c in row] for row in table.rows][1] == ["Northwind", "70%"]
    (report,) = list(api.lint([path]))
    found = [f for f in report.findings if f.code in CODES]
    assert [(f.code, f.message) for f in found] == [
        (
            "DRF121",
            "the shares in the table ('Revenue share') total 110% (Northwind 70% + "
            "BrightPath 40%), not 100%",
        )
    ]
    assert found[0].severity == "error" and found[0].location.section == "4"
    assert "Party" in (found[0].location.excerpt or "")


def test_docx_total_row_and_empty_cells(tmp_path: Path) -> None:
    wrong_total = _docx(
        tmp_path / "total.docx",
        [
            ("Party", "Share", "Notes"),
            ("Northwind", "60%", ""),
            ("BrightPath", "30%", "until launch"),
            ("Total", "100%", ""),
        ],
        "Net Revenue goes to the parties as set out below.",
    )
    assert _findings(wrong_total) == [
        (
            "DRF121",
            "the shares in the table ('Share') add up to 90% (Northwind 60% + BrightPath 30%), "
            "but their Total row says 100%",
        )
    ]
    right = _docx(
        tmp_path / "right.docx",
        [("Party", "Share", "Notes"), ("Northwind", "60%", ""), ("BrightPath", "40%", "")],
        "Net Revenue goes to the parties as set out below.",
    )
    assert _findings(right) == []


def test_docx_nested_table_and_rate_table(tmp_path: Path) -> None:
    nested = _docx(
        tmp_path / "nested.docx",
        [("Partner", "Split"), ("Northwind", "55%"), ("BrightPath", "55%")],
        "Schedule 1 sets out the split.",
        nested=True,
    )
    assert [code for code, _ in _findings(nested)] == ["DRF121"]
    rates = _docx(
        tmp_path / "rates.docx",
        [("Party", "Commission rate"), ("Northwind", "10%"), ("BrightPath", "15%")],
        "Each party earns commission on the sales it refers.",
    )
    assert _findings(rates) == []


def test_docx_table_under_a_split_sentence_is_reported_once(tmp_path: Path) -> None:
    """A lead-in that says the revenue is "shared ... and" reads, with the cells below it,
    as one prose split (DRF115): the table rule stays quiet about the same numbers."""
    path = _docx(
        tmp_path / "once.docx",
        [("Party", "Share"), ("Northwind", "70%"), ("BrightPath", "40%")],
        "Net Revenue is shared between Northwind and BrightPath as follows:",
    )
    assert [code for code, _ in _findings(path)] == ["DRF115"]


def test_built_agreement_with_an_edited_share(tmp_path: Path) -> None:
    """The issue's case: our own DOCX, a counterparty changes a share in the economics table
    (40% to 50%, total 110%); the edited file has one error, and the PDF of the same deal
    built with the wrong split has the same one."""
    docx = pytest.importorskip("docx")
    (result,) = api.build([ROOT / "samples" / "strategic_alliance.yaml"], tmp_path, ("docx",))
    assert not result.gaps  # the agreed deal, complete
    built = tmp_path / "strategic_alliance.docx"
    assert _findings(built) == []
    document = docx.Document(str(built))
    cells = [c for t in document.tables for row in t.rows for c in row.cells if c.text == "40%"]
    assert len(cells) == 1
    cells[0].paragraphs[0].runs[0].text = "50%"
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    assert _findings(edited) == [
        (
            "DRF121",
            "the shares in the table ('Share of Shared Revenue') total 110% (Northwind 60% + "
            "BrightPath 50%), not 100%",
        )
    ]
    spec = (ROOT / "samples" / "strategic_alliance.yaml").read_text(encoding="utf-8")
    wrong = spec.replace("{party: brightpath, percent: 40}", "{party: brightpath, percent: 50}")
    assert wrong != spec
    (tmp_path / "wrong.yaml").write_text(wrong, encoding="utf-8")
    api.build([tmp_path / "wrong.yaml"], tmp_path / "pdf", ("pdf",))
    assert _findings(tmp_path / "pdf" / "wrong.pdf") == [
        (
            "DRF121",
            "the shares in the table ('Party Share of Shared Revenue') total 110% (Northwind 60% "
            "+ BrightPath 50%), not 100%",
        )
    ]


def test_pdf_table_laid_out_by_weasyprint(tmp_path: Path) -> None:
    weasyprint = pytest.importorskip("weasyprint")
    html = (
        "<h1>JOINT VENTURE AGREEMENT</h1><p>6. Economics</p>"
        "<p>The Parties will divide the Distributable Profit in these proportions:</p>"
        "<table><tr><th>Party</th><th>Share of Distributable Profit</th></tr>"
        "<tr><td>Corrib Metals Ltd</td><td>40%</td></tr>"
        "<tr><td>Shannon Components Ltd</td><td>45%</td></tr>"
        "<tr><td>Atlantic Transition Ltd</td><td>25%</td></tr></table>"
        "<p>7. Governance. The Steering Committee meets quarterly.</p>"
    )
    path = tmp_path / "jv.pdf"
    path.write_bytes(weasyprint.HTML(string=html).write_pdf())
    (report,) = list(api.lint([path], kind="joint_venture"))
    found = [f for f in report.findings if f.code in CODES]
    assert [(f.code, f.message) for f in found] == [
        (
            "DRF121",
            "the shares in the table ('Party Share of Distributable Profit') total 110% "
            "(Corrib Metals Ltd 40% + Shannon Components Ltd 45% + Atlantic Transition Ltd "
            "25%), not 100%",
        )
    ]
    assert found[0].location.page == 1


def test_party_names_from_the_preamble_make_rows_parties() -> None:
    text = (
        "This Agreement is between Northwind Analytics Limited, a company registered in England "
        '("Northwind"), and Kestrel Inc., a Delaware corporation ("Kestrel").\n\n'
        "Northwind 65%\nKestrel 45%\n"
    )
    doc = _doc(text)
    names = DraftingContext.from_document(doc).party_names
    assert names == ("Northwind", "Kestrel")
    assert check_table_splits(doc) == []  # two bare names and no header: not known as parties
    (defect,) = check_table_splits(doc, names)
    assert (
        defect.message
        == "the shares in the table total 110% (Northwind 65% + Kestrel 45%), not 100%"
    )


def test_golden_shapes_have_no_findings() -> None:
    """Our own sample documents state each term once or consistently."""
    for path in sorted((ROOT / "samples" / "documents").glob("*.txt")):
        doc = read_document(path)
        assert check_notice_periods(doc) == [], path
        assert check_restated_terms(doc) == [], path
        assert check_table_splits(doc) == [], path
