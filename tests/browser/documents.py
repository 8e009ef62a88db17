"""Documents the browser tests upload, built here with python-docx."""

from __future__ import annotations

import io

import docx

# The defects the review must find and mark, each with the text its <mark> must enclose.
PLACEHOLDER = "[PARTY NAME]"  # DRF101 leftover placeholder
UNDEFINED_TERM = "Joint Roadmap"  # DRF105 used 3 times, never defined
MISSING_SECTION = "Section 14.3"  # DRF107 a reference to a section that does not exist
DEFECTS = {
    "DRF101": PLACEHOLDER,
    "DRF105": UNDEFINED_TERM,
    "DRF107": MISSING_SECTION,
}
PARTY = "Northwind Traders Ltd"
# an open comment: the pre-signing review's verdict is NOT READY while it stands
COMMENT = "Which section do we mean here?"


def defective_docx() -> bytes:
    """A short strategic alliance agreement with the three defects of ``DEFECTS`` and one
    open comment; its parties, term and governing-law clause are the components it has."""
    document = docx.Document()
    document.add_heading("STRATEGIC ALLIANCE AGREEMENT", 0)
    document.add_paragraph(
        'This Strategic Alliance Agreement (the "Agreement") is made on 1 March 2026 between '
        f'{PARTY}, a company registered in England ("Northwind"), and {PLACEHOLDER}, a '
        'company registered in England ("Partner").'
    )
    document.add_heading("1. Definitions", 1)
    document.add_paragraph(
        '1.1 "Confidential Information" means any information disclosed by one party to the other.'
    )
    document.add_heading("2. Cooperation", 1)
    document.add_paragraph(
        f"2.1 Each party shall follow the {UNDEFINED_TERM}. The {UNDEFINED_TERM} is reviewed "
        f"each quarter, and each {UNDEFINED_TERM} update needs the approval of both parties."
    )
    paragraph = document.add_paragraph(
        "2.2 The parties shall share Confidential Information only as permitted under "
        f"{MISSING_SECTION}."
    )
    document.add_comment(paragraph.runs, text=COMMENT, author="Dana Reviewer", initials="DR")
    document.add_heading("3. Term", 1)
    document.add_paragraph(
        "3.1 This Agreement starts on the date above and continues for two years."
    )
    document.add_heading("4. Governing law", 1)
    document.add_paragraph("4.1 This Agreement is governed by the laws of England and Wales.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def upload(name: str, data: bytes, mime: str = DOCX_MIME) -> dict[str, object]:
    """A file for Playwright's ``set_input_files`` (no file on disk)."""
    return {"name": name, "mimeType": mime, "buffer": data}
