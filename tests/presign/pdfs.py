"""A PDF written by hand (objects, cross-reference table, trailer), so a test controls every
annotation and Info key; and a highlight added to it with pypdfium2, as a viewer adds one."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

LINES = (
    "CO-MARKETING AGREEMENT",
    "1. Purpose. Lattice and Ridgeline run a joint marketing programme.",
    "2. Costs. Ridgeline bears 45% of the Joint Costs.",
)
SPEC_HASH = "sha256:5d41402abc4b2a76b9719d911017c592"


def _literal(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def annotated_pdf(path: Path) -> Path:
    """One page of text; Info with an author and our three AgreementBuilder keys (and one
    other custom key); a sticky note with a reply, a second note settled by a review
    state, a pop-up that only shows the first note, a link, and an attached file."""
    stream = "BT /F1 12 Tf 72 720 Td 16 TL " + " ".join(f"{_literal(line)} Tj T*" for line in LINES)
    stream += " ET"
    objects = {
        1: "<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 14 0 R >> >>",
        2: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: (
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            "/Resources << /Font << /F1 5 0 R >> >> /Annots [6 0 R 7 0 R 8 0 R 9 0 R 10 0 R 11 0 R] >>"
        ),
        4: f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        5: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        6: (
            "<< /Type /Annot /Subtype /Text /Rect [40 700 60 720] /T (Ridgeline Counsel) "
            "/Contents ([TBD with the other side]) /M (D:20261104163000Z) /Popup 8 0 R >>"
        ),
        7: (
            "<< /Type /Annot /Subtype /Text /Rect [40 680 60 700] /T (Harbourview Legal) "
            "/Contents (We cannot accept 45%.) /M (D:20261105080000+01'00') /IRT 6 0 R >>"
        ),
        8: "<< /Type /Annot /Subtype /Popup /Rect [300 600 500 700] /Parent 6 0 R >>",
        9: (
            "<< /Type /Annot /Subtype /Link /Rect [72 700 200 712] "
            "/A << /S /URI /URI (https://example.com) >> >>"
        ),
        10: (
            "<< /Type /Annot /Subtype /Text /Rect [40 660 60 680] /T (Harbourview Legal) "
            "/Contents (Check the share.) /M (D:20261103091200Z) >>"
        ),
        11: (
            "<< /Type /Annot /Subtype /Text /Rect [40 660 60 680] /T (Ridgeline Counsel) "
            "/Contents (Completed set by Ridgeline Counsel) /IRT 10 0 R "
            "/State (Completed) /StateModel (Review) >>"
        ),
        12: (
            "<< /Title (Co-Marketing Agreement) /Author (Jane Roe) /Creator (Microsoft Word) "
            "/Producer (Harbourview PDF Maker) /AgreementBuilderSpec "
            f"({SPEC_HASH}) /AgreementBuilderKind (co_marketing) "
            "/AgreementBuilderVersion (0.9.0) /MatterNumber (HV-2026-0042) >>"
        ),
        13: "<< /Type /EmbeddedFile /Length 14 >>\nstream\nprice,share\n45\nendstream",
        14: "<< /Names [(pricing.csv) 15 0 R] >>",
        15: "<< /Type /Filespec /F (pricing.csv) /UF (pricing.csv) /EF << /F 13 0 R >> >>",
    }
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    size = max(objects) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for number in range(1, size):
        out += f"{offsets[number]:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {size} /Root 1 0 R /Info 12 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    path.write_bytes(bytes(out))
    return path


def highlight(src: Path, dst: Path, word: str, author: str, note: str) -> Path:
    """``src`` with ``word`` (on page 1) highlighted by ``author`` with ``note``, as a PDF
    viewer writes it (rectangle and quad points over the word), saved to ``dst``."""
    pdf = pdfium.PdfDocument(str(src))
    try:
        page = pdf[0]
        textpage = page.get_textpage()
        found = textpage.search(word, match_case=True).get_next()
        assert found, word
        boxes = [textpage.get_charbox(i) for i in range(found[0], found[0] + found[1])]
        left, bottom = min(b[0] for b in boxes), min(b[1] for b in boxes)
        right, top = max(b[2] for b in boxes), max(b[3] for b in boxes)
        annot = pdfium_c.FPDFPage_CreateAnnot(page.raw, pdfium_c.FPDF_ANNOT_HIGHLIGHT)
        pdfium_c.FPDFAnnot_SetRect(annot, pdfium_c.FS_RECTF(left, top, right, bottom))
        quad = pdfium_c.FS_QUADPOINTSF(left, top, right, top, left, bottom, right, bottom)
        pdfium_c.FPDFAnnot_AppendAttachmentPoints(annot, quad)
        for key, value in ((b"T", author), (b"Contents", note), (b"M", "D:20261103091200Z")):
            buffer = ctypes.create_string_buffer((value + "\x00").encode("utf-16-le"))
            pdfium_c.FPDFAnnot_SetStringValue(
                annot, key, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR))
            )
        pdfium_c.FPDFPage_CloseAnnot(annot)
        textpage.close()
        page.close()
        pdf.save(str(dst))
    finally:
        pdf.close()
    return dst
