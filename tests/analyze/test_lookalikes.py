"""Look-alikes (issue 18, item 7): hidden characters and look-alike letters are normalised for
matching, so the other checks see what a signer sees, and reported where they could mislead.

Findings stay located in the document's own text: the copy the detectors match is never
what is reported."""

from __future__ import annotations

import random
from pathlib import Path

from agreement_builder import api
from agreement_builder.analyze.drafting import DraftingContext
from agreement_builder.analyze.drafting.base import Defect
from agreement_builder.analyze.drafting.lookalikes import (
    BIDI,
    SOFT_HYPHEN,
    ZERO_WIDTH,
    for_matching,
    to_original,
)
from agreement_builder.core.findings import Finding
from agreement_builder.read.model import SourceDocument, TextBlock

HEAD = (
    "STRATEGIC ALLIANCE AGREEMENT\n\n"
    "This Agreement is made between Northwind Analytics Limited, a company registered in\n"
    'England ("Northwind"), and Crestline Retail LLC, a Texas limited liability company\n'
    '("Crestline").\n'
)


def _lint(tmp_path: Path, body: str) -> list[Finding]:
    (tmp_path / "agreement.toml").write_text("", encoding="utf-8")
    path = tmp_path / "draft.txt"
    path.write_text(HEAD + body, encoding="utf-8")
    (report,) = api.lint([path])
    return list(report.findings)


def _codes(findings: list[Finding], prefix: str = "") -> list[tuple[str, int | None, str]]:
    return [
        (f.code, f.location.line, f.message)
        for f in findings
        if f.code.startswith(prefix) and f.code not in ("DOC001", "DOC002", "DRF118", "RDR104")
    ]


def test_a_zero_width_space_inside_a_placeholder_still_leaves_a_placeholder(
    tmp_path: Path,
) -> None:
    findings = _lint(tmp_path, "1. Fees. Crestline shall pay a fee of [AM\u200bOUNT] by 1 May.\n")
    (placeholder,) = [f for f in findings if f.code == "DRF101"]
    assert placeholder.message == "leftover placeholder '[AMOUNT]'"
    # located where the bracket is in the file: line 6, column 39
    assert (placeholder.location.line, placeholder.location.column) == (6, 39)
    (hidden,) = [f for f in findings if f.code == "LKA102"]
    assert "'[AM<U+200B>OUNT]'" in hidden.message and hidden.location.column == 39


def test_tbd_split_by_a_word_joiner_is_a_placeholder(tmp_path: Path) -> None:
    findings = _lint(tmp_path, "1. Launch. The launch date is T\u2060BD by the parties.\n")
    assert ("DRF101", 6, "leftover placeholder 'TBD'") in _codes(findings)


def test_a_no_break_space_inside_a_defined_term_defines_it(tmp_path: Path) -> None:
    body = (
        '1. "Launch\u00a0Fee" means the fee in Schedule 1.\n'
        "2. Crestline shall pay the Launch Fee. The Launch Fee is due on signing. Each party"
        " shares the Launch Fee.\n"
    )
    assert _codes(_lint(tmp_path, body), "DRF10") == []  # no false "undefined term"


def test_a_soft_hyphen_or_zero_width_space_inside_a_term_in_use_is_a_use(tmp_path: Path) -> None:
    body = (
        '1. "Revenue Share" means the share in Schedule 1.\n'
        '2. "Service Credit" means the credit in Schedule 2.\n'
        "3. Crestline shall pay the Reve\u00adnue Share and may claim a Service Cre\u200bdit.\n"
    )
    codes = _codes(_lint(tmp_path, body))
    assert [c for c in codes if c[0] == "DRF103"] == []  # both terms are used
    assert codes == [
        (
            "LKA102",
            8,
            "invisible U+200B ZERO WIDTH SPACE inside 'Cre<U+200B>dit':"
            " searches and checks for the word shown miss it",
        )
    ]  # the soft hyphen is an ordinary hyphenation point: not reported


def test_a_bidi_override_inside_a_figure_does_not_hide_a_mismatch(tmp_path: Path) -> None:
    # shown as "thirty (30) days"; the file says 03
    body = "1. Payment. Crestline shall pay each invoice within thirty (\u202e03\u202c) days.\n"
    codes = _codes(_lint(tmp_path, body))
    assert ("DRF112", 6, "words say 30 but the figure says 03 in 'thirty (03)'") in codes
    assert (
        "LKA101",
        6,
        "bidi control U+202E RIGHT-TO-LEFT OVERRIDE in '(<U+202E>03<U+202C>)': it can show the"
        " text in another order than the order it is stored and checked in",
    ) in codes


def test_a_cyrillic_letter_in_a_party_name_is_reported_not_a_misspelling(tmp_path: Path) -> None:
    body = (
        "1. Services. N\u043erthwind shall host the joint dashboard.\n"
        "2. Data. Crestline shall send sales data to Northwind each week.\n"
    )
    assert _codes(_lint(tmp_path, body)) == [
        (
            "LKA103",
            6,
            "'N\u043erthwind' mixes Latin and Cyrillic letters (U+043E CYRILLIC SMALL LETTER O):"
            " it looks like 'Northwind' but is another word",
        )
    ]


def test_a_zero_width_space_in_the_preamble_leaves_the_party_name_clean() -> None:
    text = HEAD.replace('("Northwind")', '("North\u200bwind")') + "1. Northwind shall host.\n"
    matching = for_matching(SourceDocument("x.txt", "text", text, ()))
    assert DraftingContext.from_document(matching.doc).party_names == ("Northwind", "Crestline")


def test_russian_greek_arabic_and_persian_text_is_not_reported(tmp_path: Path) -> None:
    body = (
        "1. Offices. Northwind has offices in \u041c\u043e\u0441\u043a\u0432\u0430 and"
        " \u0391\u03b8\u03ae\u03bd\u03b1 and trades as \u2067\u0634\u0631\u0643\u0629\u2069"
        " and \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645; it measures in \u03bcm.\n"
    )
    assert _codes(_lint(tmp_path, body), "LKA") == []


def test_a_normal_document_is_matched_as_it_is() -> None:
    doc = SourceDocument("x.txt", "text", HEAD + "1. Fees. USD 12,000 is due.\n", ())
    matching = for_matching(doc)
    assert matching.doc is doc and matching.origin is None


def test_offsets_map_back_to_the_original_text() -> None:
    text = "ab\u200bc [X\u200bY] d\u00ade"
    matching = for_matching(SourceDocument("x.txt", "text", text, ()))
    assert matching.doc.text == "abc [XY] de"
    found = Defect("t", "m", matching.doc.text.index("["), matching.doc.text.index("]") + 1)
    back = to_original(found, matching.origin)
    assert text[back.start : back.end] == "[X\u200bY]"
    at_end = Defect("t", "m", len(matching.doc.text), len(matching.doc.text))
    assert to_original(at_end, matching.origin).start == len(text)


def test_every_kept_character_and_block_maps_back() -> None:
    """Random texts of letters, blanks, hidden characters and look-alikes: each character of
    the copy comes from the one its offset names, and blocks move to the same characters."""
    rng = random.Random(3)
    alphabet = [*"ab N\n", *BIDI, *ZERO_WIDTH, SOFT_HYPHEN, "\u00a0", "\u043e", "N\u043e"]
    dropped = set(BIDI + ZERO_WIDTH + SOFT_HYPHEN)
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(2, 120)))
        a, b = sorted(rng.sample(range(len(text) + 1), 2))
        matching = for_matching(SourceDocument("x.txt", "text", text, (TextBlock(a, b),)))
        if matching.origin is None:
            continue
        origin, copy = matching.origin, matching.doc.text
        assert len(origin) == len(copy) + 1 and origin[-1] == len(text)
        for i, ch in enumerate(copy):
            source = text[origin[i]]  # a Cyrillic o is made Latin only inside a Latin word
            assert ch == source or (source, ch) in {("\u00a0", " "), ("\u043e", "o")}
        block = matching.doc.blocks[0]
        kept_before = [sum(c not in dropped for c in text[:x]) for x in (a, b)]
        assert [block.start, block.end] == kept_before


def _report(tmp_path: Path, body: str, name: str = "draft.txt") -> api.Report:
    (tmp_path / "agreement.toml").write_text("", encoding="utf-8")
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    (report,) = api.lint([path])
    return report


def test_a_zero_width_space_inside_governing_law_does_not_hide_the_clause(
    tmp_path: Path,
) -> None:
    """Components are detected in the copy for matching; the evidence is located in the
    file and quotes the clause as a signer sees it (issue 18, item 7)."""
    body = (
        "1. Fees. Crestline shall pay the fees.\n"
        "2. Miscellaneous. This Agreement is gov\u200berned by the la\u2060ws of England.\n"
    )
    plain = _report(tmp_path, body.replace("\u200b", "").replace("\u2060", ""), "plain.txt")
    report = _report(tmp_path, body)
    law = report.components["governing_law"]
    assert law.present and plain.components["governing_law"].present
    (evidence,) = law.evidence
    text = (tmp_path / "draft.txt").read_text(encoding="utf-8")
    assert text[evidence.start : evidence.end].startswith("This Agreement is gov\u200berned")
    assert evidence.excerpt == "This Agreement is governed by the laws of England."
    assert (evidence.section, evidence.line) == ("2", 7)
    missing = {f.message for f in report.findings if f.code.startswith("CMP")}
    assert missing == {f.message for f in plain.findings if f.code.startswith("CMP")}


def test_forbidden_wording_matches_through_hidden_characters(tmp_path: Path) -> None:
    """A document rule of ``forbidden_wording`` matches "T<U+200B>BD" and is located at the
    offsets of the file's own text; a spec value's hidden characters do not hide it either."""
    from agreement_builder.engine import load_registry
    from agreement_builder.engine.run_document import rule_target
    from agreement_builder.engine.types import forbidden_wording, forbidden_wording_doc

    text = "1. Fees. The fee is T\u200bBD and [AM\u2060OUNT].\n"
    doc = SourceDocument("x.txt", "text", text, (TextBlock(0, len(text), line=1),))
    target = rule_target(doc, "strategic_alliance", {}, load_registry())
    hits = list(forbidden_wording_doc({"patterns": [r"\bTBD\b", r"\[AMOUNT\]"]}, target))
    assert [(h.values["match"], text[h.start : h.end]) for h in hits] == [
        ("TBD", "T\u200bBD"),
        ("[AMOUNT]", "[AM\u2060OUNT]"),
    ]

    class _Target:
        spec = ("T\u200bBD", "fine")

    spec_hits = list(forbidden_wording({"patterns": [r"\bTBD\b"]}, _Target()))  # type: ignore[arg-type]
    assert [(h.path, h.values["match"]) for h in spec_hits] == [("[0]", "TBD")]


def test_bidi_controls_never_reach_a_report_raw(tmp_path: Path) -> None:
    """A right-to-left override quoted in a message or an excerpt is shown as <U+202E> in
    every format: text, JSON, SARIF and HTML (it would reorder the report itself)."""
    from agreement_builder.engine import load_registry
    from agreement_builder.report.formats import render
    from agreement_builder.report.model import RuleInfo

    body = (
        "1. Fees. Crestline shall pay TBD\u202e within thirty (\u202e03\u202c) days.\n"
        "2. Notices. Either party may terminate this Agreement for convenience on 30 days'"
        " notice.\n3. Term. Either party may terminate this Agreement for convenience on"
        " 60 days' notice \u202eevil\u202c.\n"
    )
    report = _report(tmp_path, body)
    codes = {f.code for f in report.findings}
    assert {"LKA101", "DRF101", "DRF117"} <= codes
    shown_any = False
    for f in report.findings:
        for field in (f.message, f.fix, f.location.excerpt or "", f.location.heading or ""):
            assert not any(ch in field for ch in BIDI), (f.code, field)
            shown_any = shown_any or "<U+202E>" in field
    assert shown_any
    (notice,) = [f for f in report.findings if f.code == "DRF117"]
    assert "<U+202E>evil<U+202C>" in (notice.location.excerpt or "")  # quoted from the file
    assert "evil" not in notice.message  # the message quotes the copy for matching
    rules: list[RuleInfo] = list(load_registry())
    for fmt in ("text", "json", "sarif", "html"):
        out = render([report], fmt, rules, "document")
        assert not any(ch in out for ch in BIDI), fmt
        assert "&lt;U+202E&gt;" in out if fmt == "html" else "<U+202E>" in out, fmt
