"""HTML -> PDF with WeasyPrint, fetching nothing but the package's own assets.

WeasyPrint is imported here only: it costs most of a second to import, and only PDF builds
need it. One ``PdfEngine`` renders many documents so a batch pays its start-up once.
"""

from __future__ import annotations

import logging
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from ..core.errors import AgreementError
from ..spec.fingerprint import KIND_PROPERTY, SPEC_PROPERTY, VERSION_PROPERTY

# <meta> names the HTML carries that go into the PDF's Info dictionary, under these names
# (WeasyPrint lower-cases <meta> names, and its custom_metadata option keeps them so)
PDF_PROPERTIES = (SPEC_PROPERTY, KIND_PROPERTY, VERSION_PROPERTY)

ASSETS = Path(str(files("agreement_builder").joinpath("assets"))).resolve()


class RefusedFetch(ValueError):
    """A URL outside the package's assets: never fetched."""


def asset_path(url: str) -> Path | None:
    """The file inside the package's assets that ``url`` names, or None for anything else.

    The path is percent-decoded before it is resolved (``%2e%2e`` is ``..``), and URLs with a
    host, a query or a fragment are refused outright.
    """
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    if parts.query or parts.fragment:
        return None
    path = Path(url2pathname(unquote(parts.path))).resolve()
    return path if path.is_relative_to(ASSETS) and path.is_file() else None


def _make_fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    class AssetsOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """Allows ``file://`` URLs inside the package's assets folder; refuses the rest."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = asset_path(url)
            if path is None:
                raise RefusedFetch(
                    f"refused to fetch {url!r}: only the package's own assets are allowed"
                )
            return super().fetch(path.as_uri(), headers)  # the canonical URL, not the given one

    return AssetsOnlyFetcher(allowed_protocols=("file",))


class PdfEngine:
    """Holds WeasyPrint's font configuration across renders."""

    def __init__(self) -> None:
        try:
            import weasyprint
            from weasyprint.text.fonts import FontConfiguration
        except OSError as exc:  # the Pango libraries are missing on this machine
            raise AgreementError(
                f"cannot load WeasyPrint's system libraries ({exc}); install them with `make setup` "
                "(Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
            ) from None
        self._weasyprint = weasyprint
        self._fonts = FontConfiguration()
        self._fetcher = _make_fetcher()
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        logging.getLogger("fontTools").setLevel(logging.ERROR)

    def render(self, html: str) -> bytes:
        document = self._weasyprint.HTML(
            string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=self._fetcher
        )
        result: bytes = document.write_pdf(font_config=self._fonts, finisher=_provenance)
        return result


def _provenance(document: Any, pdf: Any) -> None:
    """Copy our ``<meta>`` entries into the PDF's Info dictionary, named as we name them."""
    import pydyf

    custom = document.metadata.custom  # WeasyPrint's: names lower-cased
    for name in PDF_PROPERTIES:
        content = custom.get(name.lower())
        if content:
            pdf.info[name] = pydyf.String(content)
