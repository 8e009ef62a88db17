"""Limits checked before work (issue 18, item 2): a small file cannot make a reader build
gigabytes. Every file is built here; each limit is checked through the reader, the lint
command (finding, message, exit code) and, where it can be set, the config ceiling."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_builder.cli import main
from agreement_builder.core.errors import InputError
from agreement_builder.read import read_document
from tests.hostile.make_hostile import _numbered_docx


def _lint_json(path: Path, *extra: str) -> tuple[int, list[dict[str, object]]]:
    (path.parent / "agreement.toml").write_text("", encoding="utf-8")  # no config from above
    result = CliRunner().invoke(main, ["lint", "--format", "json", *extra, str(path)])
    assert "Traceback" not in result.output
    data = json.loads(result.output)
    return result.exit_code, [f for d in data["documents"] for f in d["findings"]]


# ---------------------------------------------------------------- DOCX list numbering


def _letters_from(tmp_path: Path, start: str, text: str = "(%1)") -> Path:
    path = tmp_path / "numbered.docx"
    level = f'<w:start w:val="{start}"/><w:numFmt w:val="lowerLetter"/>'
    _numbered_docx(path, level + f'<w:lvlText w:val="{text}"/>', paragraphs=3)
    return path


def test_huge_start_with_letters_is_refused_not_an_overflow(tmp_path: Path) -> None:
    path = _letters_from(tmp_path, "1" + "0" * 23)
    with pytest.raises(InputError, match=r"makes a label of more than 200 characters"):
        read_document(path)
    code, findings = _lint_json(path)
    assert code == 1
    [finding] = findings
    assert finding["code"] == "DOC003"
    assert "list numbering (numId 1, level 0)" in str(finding["message"])
    assert "docx_max_label_chars" in str(finding["message"])


def test_long_level_text_is_refused_before_it_is_repeated(tmp_path: Path) -> None:
    path = _letters_from(tmp_path, "1", text="%1." * 500)
    with pytest.raises(InputError, match="label of more than 200 characters"):
        read_document(path)


def test_ordinary_letter_numbering_still_reads(tmp_path: Path) -> None:
    doc = read_document(_letters_from(tmp_path, "27"))
    assert [b.number for b in doc.blocks] == ["(aa)", "(bb)", "(cc)"]
    # a raised limit lets a longer label through, up to the hard ceiling
    path = _letters_from(tmp_path, str(26 * 300))
    with pytest.raises(InputError):
        read_document(path)
    doc = read_document(path, limits={"docx_max_label_chars": 400})
    assert doc.blocks[0].number == "(" + "z" * 300 + ")"


# ---------------------------------------------------------------- PDF pages


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF from its objects (1: catalog, 2: pages), with a correct cross-reference table."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def _one_page(content: bytes, extra: bytes = b"", form: bytes | None = None) -> bytes:
    xobjects = b" /XObject << /Fm0 6 0 R >>" if form is not None else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
        b"/Resources << /Font << /F1 4 0 R >>" + xobjects + b" >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(content, extra),
    ]
    if form is not None:
        objects.append(
            _stream(
                form,
                b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                b"/Resources << /Font << /F1 4 0 R >> >> ",
            )
        )
    return _pdf(objects)


def _lines(count: int, text: bytes = b"The Parties shall cooperate in good faith.") -> bytes:
    return b"BT /F1 11 Tf 14 TL 72 760 Td\n" + (b"(" + text + b") Tj T*\n") * count + b"ET"


def test_pdf_content_bomb_is_refused_before_pdfium_inflates_it(tmp_path: Path) -> None:
    from tests.hostile.make_hostile import _bomb_chunks

    chunks, _ = _bomb_chunks(80)  # 80 MiB of NULs (PDF whitespace) in 80 KB
    stream = b"\x78\xda" + b"".join(chunks) + bytes(4)
    path = tmp_path / "bomb.pdf"
    path.write_bytes(_one_page(stream, b"/Filter /FlateDecode "))
    code, findings = _lint_json(path)
    assert code == 1
    [finding] = findings
    assert finding["code"] == "DOC003"
    assert "inflates to more than 64 MB (a compression bomb?)" in str(finding["message"])
    assert "pdf_max_stream_mb" in str(finding["message"])
    # a trusted file: the limit can be raised (up to its ceiling), and it reads
    doc = read_document(path, limits={"pdf_max_stream_mb": 100})
    assert "no text layer" in " ".join(doc.notes)


def test_pdf_page_with_millions_of_glyphs_is_refused_before_pdfium(tmp_path: Path) -> None:
    import zlib

    path = tmp_path / "glyphs.pdf"
    path.write_bytes(_one_page(zlib.compress(_lines(60_000)), b"/Filter /FlateDecode "))
    with pytest.raises(InputError, match=r"shows about 2,\d{3},\d{3} characters, over the limit"):
        read_document(path)


def test_pdf_page_glyphs_counted_after_load_before_extraction(tmp_path: Path) -> None:
    """A form drawn many times: each stream is small, the page is not."""
    path = tmp_path / "form.pdf"
    path.write_bytes(_one_page(b"q /Fm0 Do Q\n" * 40, form=_lines(5)))
    doc = read_document(path)
    assert doc.text.count("The Parties shall cooperate") == 200
    with pytest.raises(
        InputError, match=r"page 1 has \d,\d{3} characters, over the limit of 1,000"
    ):
        read_document(path, limits={"pdf_max_page_chars": 1000})


def test_pdf_page_objects_counted_before_the_text_is_loaded(tmp_path: Path) -> None:
    path = tmp_path / "objects.pdf"
    path.write_bytes(_one_page(_lines(30)))
    assert read_document(path).text.count("good faith") == 30
    with pytest.raises(InputError, match=r"page 1 has 30 objects, over the limit of 20"):
        read_document(path, limits={"pdf_max_page_objects": 20})
