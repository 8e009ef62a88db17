"""docs/samples/*.png: pages of the new samples, our PDF beside the DOCX as LibreOffice prints
it without updating a field (docs/samples.md). Needs ``soffice`` and ``pdftoppm``.

    python -m bench.sample_pages
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "samples"
# sample -> text of the body page to show (the first page after the contents holding it);
# the cover is shown too
PAGES = {
    "co_marketing_70_30": "Shared Revenue",
    "three_party_jv": "buy its interest",
    "us_pilot_ny": "JURY",
}


def _page_with(pdf: Path, text: str) -> int:
    """The first page after the contents (page 3 on) holding ``text``; the cover if none."""
    pages = _pages(pdf)  # read once
    for number, page in enumerate(pages[2:], start=3):
        if text in " ".join(page.split()):
            return number
    return 1


def _pages(pdf: Path) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def _side_by_side(left: Path, right: Path, text: str | None, target: Path) -> None:
    """The cover (``text`` None) or the first page after the contents holding ``text``, of
    each file (their page breaks differ)."""
    from PIL import Image, ImageDraw

    images = []
    for label, pdf in (("PDF (WeasyPrint)", left), ("DOCX in LibreOffice", right)):
        number = 1 if text is None else _page_with(pdf, text)
        stem = pdf.with_suffix(f".p{number}")
        page_range = ["-f", str(number), "-l", str(number)]
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", *page_range, "-singlefile", str(pdf), str(stem)],
            check=True,
        )
        page = Image.open(f"{stem}.png").convert("RGB")
        canvas = Image.new("RGB", (page.width, page.height + 24), "white")
        canvas.paste(page, (0, 24))
        ImageDraw.Draw(canvas).text((8, 6), label, fill="black")
        images.append(canvas)
    both = Image.new(
        "RGB", (sum(i.width for i in images) + 12, max(i.height for i in images)), (200,) * 3
    )
    x = 0
    for image in images:
        both.paste(image, (x, 0))
        x += image.width + 12
    both.save(target, optimize=True)


def main() -> int:
    from agreement_builder import api

    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            print(f"{tool} is not installed", file=sys.stderr)
            return 2
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for stem, text in PAGES.items():
            api.build([ROOT / "samples" / f"{stem}.yaml"], work, ["docx", "pdf"])
            profile = f"-env:UserInstallation={(work / 'profile').as_uri()}"
            convert = ["--headless", "--convert-to", "pdf", "--outdir", str(work / "lo")]
            subprocess.run(
                ["soffice", profile, *convert, str(work / f"{stem}.docx")],
                check=True,
                capture_output=True,
            )
            ours, office = work / f"{stem}.pdf", work / "lo" / f"{stem}.pdf"
            for name, shown in (("cover", None), ("body", text)):
                target = OUT / f"{stem}-{name}.png"
                _side_by_side(ours, office, shown, target)
                print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
