"""Drafting-defect detectors on fixtures we wrote in the messy shapes real agreements come in."""

from __future__ import annotations

from pathlib import Path

import pytest

from agreement_builder import api
from agreement_builder.analyze.drafting import (
    DraftingContext,
    base,
    dates,
    notices,
    numbers,
    references,
)
from agreement_builder.analyze.drafting import terms as term_rules
from agreement_builder.analyze.drafting.numbers import amount_in_words, check_words_numerals
from agreement_builder.analyze.drafting.placeholders import find_placeholders
from agreement_builder.read.model import SourceDocument

from ..conftest import LINT_FIXTURES, ROOT

FIXTURES = LINT_FIXTURES
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))

# Defects our own samples really have (see the report to the lead); remove when fixed.
KNOWN_SAMPLE_DEFECTS: set[tuple[str, str, str]] = set()  # none left: keep it that way


def _codes(path: Path) -> set[str]:
    # the detectors, preview rules included (off by default: docs/accuracy.md)
    (report,) = list(api.lint([path], preview=True))
    return {f.code for f in report.findings if f.code.startswith("DRF")}


def _doc(text: str) -> SourceDocument:
    return SourceDocument("mem.txt", "text", text, ())


def test_planted_defects_are_found() -> None:
    expected = {f"DRF1{n:02d}" for n in range(1, 20)} - {"DRF109", "DRF110", "DRF118"}
    assert _codes(FIXTURES / "defects.txt") == expected


def test_missing_signature_block_and_template_markup() -> None:
    assert _codes(FIXTURES / "no_signature.md") == {"DRF101", "DRF118"}


def test_clean_fixture_has_no_drafting_findings() -> None:
    assert _codes(FIXTURES / "clean.md") == set()


def test_clean_docx_with_definitions_list(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in (FIXTURES / "clean.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            document.add_heading(line.lstrip("# "), level=1 if line.startswith("# ") else 2)
        elif line.startswith("- **"):
            term, _, rest = line[4:].partition("**")
            paragraph = document.add_paragraph()
            paragraph.add_run(term).bold = True
            paragraph.add_run(rest)
        elif line.strip():
            document.add_paragraph(line)
    path = tmp_path / "clean.docx"
    document.save(str(path))
    assert _codes(path) == set()


@pytest.mark.parametrize(
    "text",
    [
        "The price is [***] per unit and the discount is [*].",
        "Fees: [Redacted]. [Confidential Treatment Requested] 4. [Reserved] 5. [Intentionally Omitted]",
        "[Signature Page Follows]",
        "IN WITNESS WHEREOF the parties sign.\nBy: ____________________\nName: ______________\nDate: ________",
        "Check one: [ ] yes [x] no. See Section 3.6 [Method of Payment] and [Owners and Employees].",
    ],
)
def test_redactions_and_signature_lines_are_not_placeholders(text: str) -> None:
    assert find_placeholders(_doc(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "The Supplier will (1) deliver, (2) install and (3) maintain the system.",
        "from 2027 to 2029 and in the year two thousand and twenty-seven (2027)",
        "as set out in Section 4 (2) and in paragraph two (2) of Schedule 1",
        "within thirty (30) days, or one-half of one percent (0.5%) per month",
        "the sum of Ten Thousand Dollars ($10,000) and nineteen ninety-nine (1999)",
        # issue 16, item 6: long amounts, scales around the figure, lists of number words
        "FOURTEEN MILLION, EIGHT HUNDRED SIXTY TWO THOUSAND DOLLARS ($14,862,000)",
        "three (3) million dollars ($3,000,000) and Six (6,000,000) Million",
        "twenty-five percent (25%) and Two Hundred Fifty Thousand Euros (EUR 250,000)",
        "credits of (1) zero and (2) one; items one, two and three (3)",
        "SEVEN HUNDRED FIFTY THOUSAND AND NO/100 DOLLARS ($750,000.00)",
        "a fee of four\u00admillion U.S. Dollars (USD $4,000,000.00)",
    ],
)
def test_enumerations_and_years_are_not_words_vs_numerals(text: str) -> None:
    assert check_words_numerals(_doc(text)) == []


def test_words_vs_numerals_mismatch() -> None:
    defects = check_words_numerals(
        _doc("pay Ten Thousand Dollars ($1,000) within thirty (45) days")
    )
    assert len(defects) == 2


@pytest.mark.parametrize(
    ("words", "number"),
    [
        ("fourteen million, eight hundred sixty two thousand", 14_862_000),
        ("one hundred and twenty", 120),
        ("Nine Hundred Ninety-Nine Billion, Nine Hundred Thousand and Five", 999_000_900_005),
        ("a", None),
        ("two three", None),
        ("twenty and five", None),
        ("thousand million", None),
        ("zero and one", None),
        ("one, two", None),
    ],
)
def test_amounts_in_words_are_read_as_english_writes_numbers(
    words: str, number: int | None
) -> None:
    assert amount_in_words(words) == number


def test_long_amounts_that_disagree_are_reported_with_their_values() -> None:
    text = "a fee of Two Million, Five Hundred Thousand Dollars ($2,050,000) and Six (7) Million"
    found = [(d.message, text[d.start : d.end]) for d in check_words_numerals(_doc(text))]
    assert found == [
        (
            "words say 2,500,000 but the figure says $2,050,000 in "
            "'Two Million, Five Hundred Thousand Dollars ($2,050,000)'",
            "Two Million, Five Hundred Thousand Dollars ($2,050,000)",
        ),
        ("words say 6 but the figure says 7 in 'Six (7)'", "Six (7)"),
    ]


def test_parties_are_the_names_after_legal_names() -> None:
    doc = _doc(
        'This Agreement (the "Agreement") is dated 1 May 2027 (the "Effective Date") between '
        'Northwind Analytics Limited, a company registered in England ("Northwind"), and '
        'Kestrel Inc., a Delaware corporation ("Kestrel"). Each is a "Party".\n1. Scope.'
    )
    assert DraftingContext.from_document(doc).party_names == ("Northwind", "Kestrel")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("roundtrip")
    api.build(SAMPLES, out, ("docx", "pdf"))
    return sorted(out.glob("*.docx")) + sorted(out.glob("*.pdf"))


def test_round_trip_has_no_drafting_findings(built: list[Path]) -> None:
    assert built
    unexpected = []
    for report in api.lint(built):
        stem = Path(report.path).stem
        for finding in report.findings:
            if not finding.code.startswith("DRF"):
                continue
            known = any(
                stem == s and finding.code == c and finding.message.startswith(m)
                for s, c, m in KNOWN_SAMPLE_DEFECTS
            )
            if not known:
                unexpected.append(f"{report.path}: {finding.code} {finding.message}")
    assert unexpected == []


def test_numbering_duplicate_order_and_gap() -> None:
    from agreement_builder.analyze.drafting.numbering import check_numbering
    from agreement_builder.read.model import DocSection

    numbers = ["1", "2", "3", "3", "5", "4", "7"]
    text = " ".join(f"{n}. Heading {i}." for i, n in enumerate(numbers))
    sections, pos = [], 0
    for i, n in enumerate(numbers):
        start = text.index(f"{n}. Heading {i}.", pos)
        sections.append(DocSection(n, f"Heading {i}", 1, start, start + len(n) + 2, start + 12))
        pos = start + 1
    doc = SourceDocument("mem.txt", "text", text, (), tuple(sections))
    checks = [d.tag for d in check_numbering(doc)]
    assert checks == ["numbering_duplicate", "numbering_order", "numbering_gap"]


def test_company_acting_as_a_party_but_missing_from_the_preamble(tmp_path: Path) -> None:
    text = (
        'This Agreement is made between Alpha Tools Inc., a Delaware corporation ("Alpha"), '
        'and Beta Retail LLC, a Texas limited liability company ("Beta").\n\n'
        "1. Supply. Gamma Components Corp. shall deliver the Products to Beta. "
        "Alpha Tools Inc. shall invoice Beta monthly. Notices go to Kirkland & Ellis LLP.\n"
    )
    path = tmp_path / "copied.txt"
    path.write_text(text)
    (report,) = list(api.lint([path], preview=True))  # DRF120 is a preview rule
    found = [f.message for f in report.findings if f.code == "DRF120"]
    assert len(found) == 1 and "Gamma Components Corp." in found[0]


def test_look_back_searches_from_the_last_tokens_find_what_a_full_search_finds() -> None:
    """_search_end starts a ``...$`` search at the last few tokens: same match, for windows cut
    from real agreements and for random runs of the pieces these patterns care about."""
    import random

    cases = [
        (numbers._WORDS_BEFORE, numbers._WORDS_BEFORE_TOKENS),
        (numbers._FRACTION_BEFORE, 2),
        (references._LABEL_BEFORE, 1),
        (references._REF_BEFORE, 1),
    ]
    pieces = [
        *("Section", "ARTICLE", "see", "Sub", "and", "v", "5v", "_", "No.", "thru", "é"),
        *(" ", "  ", "\t", "\n", "\n\n", "\u00a0", "$", "(", ",", "–", "-", ".", "(12)"),
        *("thirty", "Thirty-", "five", "U.S.", "dollars", "per cent", "calendar", " days"),
        *("half", "behalf", "of", "point", "hundred", "twenty-", "seven", "ſ", "K"),
    ]
    rng = random.Random(7)
    windows = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 16))) for _ in range(4000)]
    text = "\n".join(p.read_text() for p in sorted((ROOT / "samples" / "documents").glob("*.txt")))
    windows += [text[max(0, i - 120) : i] for i in range(0, len(text), 13)]
    windows += [  # as many tokens as a match can have
        "a fee of one hundred and twenty five thousand three hundred and forty U.S. dollars ",
        "pay Twenty-Five Thousand Nine Hundred and Ninety-Nine ",
        "no later than thirty calendar days ",
        "one-half of one ",
        "as set out in Sub ARTICLE \n",
    ]
    for window in windows:
        for pattern, tokens in cases:
            full = pattern.search(window)
            fast = base._search_end(pattern, window, tokens)
            assert (full and (full.span(), full.groups())) == (
                fast and (fast.span(), fast.groups())
            ), (pattern.pattern[:30], window)


def test_notice_words_and_number_tokens_found_as_their_full_scans_find_them() -> None:
    """The fast scans (lower-cased literal for "notice"; white space first for heading numbers)
    give the same spans as the plain patterns they replace, odd letters and starts included."""
    import random
    import re

    token = re.compile(references._NUMBER_TOKEN_BODY)
    pieces = [
        *("Notice", "NOTICE", "notıce", "nOtIcE", "Notices", "xnotice", "_notice", "notice_"),
        *(" ", "\n", "\t", "\u00a0", "\u2003", "1.2", "IV", "Article", "12.", "XL", " A", "("),
        *('"', "5", "L.", "İ", "."),
    ]
    rng = random.Random(3)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 20))) for _ in range(3000)]
    texts += [p.read_text() for p in sorted((ROOT / "samples" / "documents").glob("*.txt"))]
    for text in texts:
        doc = SourceDocument("t.txt", "text", text, ())
        assert list(notices._notice_words(doc)) == [
            m.span() for m in notices._NOTICE_WORD.finditer(text)
        ]
        expected = [
            (m.start(), m.group(1))
            for m in token.finditer(text)
            if not m.start() or text[m.start() - 1].isspace()
        ]
        found = [
            (m.start(1), m.group(1))
            for m in base._after_separator(
                references._NUMBER_TOKEN, references._SPACED_NUMBER_TOKEN, text
            )
        ]
        assert found == expected, text[:80]


def test_inline_definitions_merge_as_one_alternation_would() -> None:
    """_leftmost_matches over the split inline-definition patterns gives the matches (spans and
    terms) of their single alternation, for the samples and for random runs of the pieces."""
    import random
    import re

    alternation = re.compile("|".join(p.pattern for p in term_rules._PAREN_DEFS))
    pieces = [
        *('("Term")', '(the "A B")', 'hereinafter "X Y"', 'the term "Foo"', 'The term "Bar"'),
        *('a phrase "Baz"', 'A word "Q"', 'referred to as "R"', "(", ")", '"', " ", "the", "a"),
        *('xthe term "N"', '(each a "Party" and together the "Parties")', "\n", "“Z”"),
        "(“Y” or “W”)",
    ]
    rng = random.Random(5)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    texts += [p.read_text() for p in sorted((ROOT / "samples" / "documents").glob("*.txt"))]

    def shown(matches):
        return [(m.span(), [g for g in m.groups() if g is not None]) for m in matches]

    for text in texts:
        expected = shown(alternation.finditer(text))
        assert shown(term_rules._leftmost_matches(term_rules._PAREN_DEFS, text)) == expected, text[
            :80
        ]


def test_term_groups_sharing_one_scan_get_what_their_own_scans_get() -> None:
    """_finditer_folded scans once for several groups of terms; each group's spans must be
    those of a scan for that group alone (the defined-terms check runs two groups)."""

    for path in sorted((ROOT / "samples" / "documents").glob("*.txt")):
        text = path.read_text()
        terms = {definition.term for definition in term_rules._definitions(text)}
        forms = {form for term in terms for form in term_rules._forms(term)} | {
            "Agreement",
            "Party A",
        }
        groups = [(terms, True), (forms, False), ({"Confidential Information"}, False)]
        together = term_rules._finditer_folded(groups, text)
        alone = [term_rules._finditer_folded([group], text)[0] for group in groups]
        assert together == alone, path.name
        assert together[0] and together[1], path.name  # the check can fail


def test_definition_lists_found_as_the_line_start_pattern_finds_them() -> None:
    """_after_separator with the newline-led copy gives _MEANS_LIST.finditer's matches, also
    when one definition's match ends with the line break before the next."""
    import random

    pieces = ['"Term": ', '"Term":\n', "“Foo Bar” - ", "1. ", "(a) ", "\n", "\n\n", " ", "\t"]
    pieces += ['"X":\t', "12.3 ", '"Y" — ', "text ", '"Z":', "(iv)", ' "A": ']
    rng = random.Random(13)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(3000)]
    texts += [p.read_text() for p in sorted((ROOT / "samples" / "documents").glob("*.txt"))]
    texts.append('"Alpha":\n"Beta": means b.\n')  # the second starts where the first ends

    def shown(matches):
        return [
            (m.groups(), [m.span(g) for g in range(1, (m.lastindex or 0) + 1)]) for m in matches
        ]

    def lists(text):
        return base._after_separator(
            term_rules._MEANS_LIST, term_rules._MEANS_LIST_AFTER_NEWLINE, text
        )

    for text in texts:
        assert shown(lists(text)) == shown(term_rules._MEANS_LIST.finditer(text)), text
    assert len(shown(lists(texts[-1]))) == 2


def test_dates_from_one_month_scan_are_the_two_patterns_matches() -> None:
    """_date_matches finds day-first dates from the month names back; it must give exactly the
    matches of the two date patterns' own scans (pattern, span, groups), in text order."""
    import random

    pieces = ["1", "12", "123", "st", "nd", "th", " ", "  ", "\n", "day", "of", "January"]
    pieces += ["March", "May", "Mayday", ",", "2020", "20201", "x", "the", "and", "A", "١٢"]
    pieces += ["\u00a0", "15th day of ", "June 5, 2021", "3 July 2019"]
    rng = random.Random(17)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 16))) for _ in range(5000)]
    texts += [p.read_text() for p in sorted((ROOT / "samples" / "documents").glob("*.txt"))]

    def shown(matches):
        return [(m.re is dates._DATE_MDY, m.span(), m.groups()) for m in matches]

    total = 0
    for text in texts:
        both = [*dates._DATE_MDY.finditer(text), *dates._DATE_DMY.finditer(text)]
        expected = shown(sorted(both, key=lambda m: m.start()))
        assert shown(dates._date_matches(text)) == expected, text
        total += len(expected)
    assert total > 500  # the pieces make dates of both kinds


def test_percent_starts_are_where_the_percent_pattern_matches() -> None:
    """_percent_starts works back from "%" and "percent"; it must give the starts of
    _PERCENT.finditer, in order, for the samples and random runs of numbers and markers."""
    import random

    pieces = ["1", "12", "1234", "5.5", ".", "..", "%", " %", "percent", "per cent", "x"]
    pieces += ["percentage", "per  cent", " ", "  ", "\n", "١٢", "\u00a0", "50%", "0.25 %"]
    rng = random.Random(19)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(5000)]
    texts += [p.read_text() for p in sorted((ROOT / "samples" / "documents").glob("*.txt"))]
    total = 0
    for text in texts:
        expected = [m.start() for m in numbers._PERCENT.finditer(text)]
        assert list(numbers._percent_starts(text)) == expected, text
        total += len(expected)
    assert total > 1000
