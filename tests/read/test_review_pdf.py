"""The PDF review a pre-signing check needs (issue 14, item 1): annotations as comments with
author, date, anchor text and page, replies and review states; the Info metadata, our own
AgreementBuilder* keys, and attached files."""

from __future__ import annotations

from pathlib import Path

import pytest

from agreement_builder.read import read_document
from agreement_builder.read.model import SourceDocument

from ..presign.pdfs import SPEC_HASH, annotated_pdf, highlight


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> SourceDocument:
    folder = tmp_path_factory.mktemp("pdf")
    plain = annotated_pdf(folder / "plain.pdf")
    marked = highlight(
        plain, folder / "marked.pdf", "Ridgeline bears 45%", "Harbourview Legal", "Should be 40%"
    )
    return read_document(marked)


def test_notes_replies_and_review_states(doc: SourceDocument) -> None:
    comments = doc.review.comments
    assert [(c.kind, c.author, c.date, c.text, c.resolved, c.page) for c in comments] == [
        ("note", "Ridgeline Counsel", "2026-11-04T16:30:00Z", "[TBD with the other side]", False, 1),
        ("note", "Harbourview Legal", "2026-11-05T08:00:00+01:00", "We cannot accept 45%.", False, 1),
        ("note", "Harbourview Legal", "2026-11-03T09:12:00Z", "Check the share.", True, 1),
        ("highlight", "Harbourview Legal", "2026-11-03T09:12:00Z", "Should be 40%", False, 1),
    ]  # fmt: skip
    first, reply, settled, marked = comments
    assert reply.reply_to == first.id and first.reply_to is None
    assert settled.resolved  # a "Completed" review state answers it; the state is not listed
    assert not any("Completed set by" in c.text for c in comments)
    # the pop-up only shows the first note's text and the link is not a comment
    assert len(comments) == 4
    assert marked.anchor == "Ridgeline bears 45%"
    assert doc.text[marked.start : marked.end] == "Ridgeline bears 45%"
    assert first.start == first.end == 0  # a sticky note: the top of its page


def test_metadata_our_keys_and_attachments(doc: SourceDocument) -> None:
    review = doc.review
    assert dict(review.metadata) == {
        "author": "Jane Roe",
        "title": "Co-Marketing Agreement",
        "creator": "Microsoft Word",
        "producer": "Harbourview PDF Maker",
    }
    # our three keys, read by name; other custom Info keys are not
    assert review.properties == (
        ("AgreementBuilderSpec", SPEC_HASH),
        ("AgreementBuilderKind", "co_marketing"),
        ("AgreementBuilderVersion", "0.9.0"),
    )
    assert review.property("AgreementBuilderKind") == "co_marketing"
    assert review.embedded == ("attached file: pricing.csv",)
    assert review.revisions == review.marks == review.fields == ()


def test_a_pdf_reads_the_same_in_both_views(tmp_path: Path) -> None:
    path = annotated_pdf(tmp_path / "plain.pdf")
    accepted, original = read_document(path), read_document(path, view="original")
    assert accepted.text == original.text
    assert "Ridgeline bears 45% of the Joint Costs." in accepted.text
    assert accepted.review == original.review
