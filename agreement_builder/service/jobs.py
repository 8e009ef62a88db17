"""What the API and the pages both do with a request's files: review a document (lint or
presign), check a spec, build an agreement. Each runs in a private upload folder removed
afterwards, and reports name the files as the client sent them, never a path of ours.

The documents under review never configure their own review: the config is the service's
own (``Settings.config``); without one, an empty config is placed in the upload folder so
that nothing above it (``/tmp``) is found instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from werkzeug.datastructures import FileStorage

from .. import api
from .settings import Settings
from .uploads import DOCUMENT_SUFFIXES, SPEC_SUFFIXES, save_upload, stored_name, upload_folder

if TYPE_CHECKING:
    from ..report import Report
    from ..spec.model import AgreementSpec

MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


def _config(settings: Settings, folder: Path) -> str:
    """The service's config file, or an empty one in ``folder`` (see the module's doc)."""
    if settings.config:
        return settings.config
    own = folder / "agreement.toml"
    own.write_text("", encoding="utf-8")
    return str(own)


def _renamed(report: Report, names: Mapping[str, str]) -> Report:
    """``report`` with the upload folder's paths replaced by the client's file names."""

    def name(path: str | None) -> str | None:
        return names.get(path, path) if path else path

    findings = tuple(
        replace(f, location=replace(f.location, file=name(f.location.file) or ""))
        for f in report.findings
    )
    return replace(
        report,
        path=name(report.path) or report.path,
        findings=findings,
        spec=name(report.spec),
        sent=name(report.sent),
    )


@contextmanager
def _client_names(names: Mapping[str, str]) -> Iterator[None]:
    """Errors raised inside name the files as the client sent them, never a path of ours."""

    def clean(text: str) -> str:
        for path, name in names.items():
            text = text.replace(path, name)
        return text

    try:
        yield
    except api.SpecError as error:
        problems = [replace(p, file=clean(p.file)) for p in error.problems]
        raise api.SpecError(clean(error.file), problems) from None
    except api.InputError as error:
        if any(path in error.file or path in error.message for path in names):
            raise type(error)(clean(error.file), clean(error.message), error.hint) from None
        raise


@dataclass(frozen=True)
class Review:
    """A reviewed upload: the report (paths as the client named them) and the document's
    text as the reader saw it (the offsets of findings point into it)."""

    report: Report
    text: str


def review(
    settings: Settings,
    document: FileStorage,
    spec: FileStorage | None = None,
    sent: FileStorage | None = None,
    kind: str | None = None,
    mode: Literal["lint", "presign"] = "presign",
    preview: bool = False,
    with_text: bool = True,
) -> Review:
    """Lint or presign one uploaded document, with the optional approved spec and sent
    version (presign only). Unusable input raises ``AgreementError`` (422 / error page).
    ``with_text=False`` skips reading the document's text (the API does not show it):
    ``Review.text`` is then empty."""
    with upload_folder() as folder:
        doc_path, doc_name = save_upload(document, folder, "document", DOCUMENT_SUFFIXES)
        names = {str(doc_path): doc_name}
        spec_path = sent_path = None
        if spec is not None and spec.filename:
            spec_path, names[str(folder / "spec")] = save_upload(
                spec, folder, "spec", SPEC_SUFFIXES
            )
            names[str(spec_path)] = names.pop(str(folder / "spec"))
        if sent is not None and sent.filename:
            sent_path, sent_name = save_upload(sent, folder, "sent version", DOCUMENT_SUFFIXES)
            names[str(sent_path)] = sent_name
        config = _config(settings, folder)
        with _client_names(names):
            if mode == "presign":
                report = api.presign(
                    doc_path, spec_path, sent_path, kind, config_path=config, preview=preview
                )
            else:
                [report] = list(api.lint([doc_path], kind, config_path=config, preview=preview))
            text = api.document_text(doc_path) if with_text else ""
        return Review(_renamed(report, names), text)


def _spec_file(folder: Path, text: str, name: str) -> Path:
    """The spec's text in ``folder``, under the client's name where it can be (messages and
    the built files' names come from it)."""
    suffix = Path(name).suffix.lower()
    suffix = suffix if suffix in SPEC_SUFFIXES else ".yaml"
    path = folder / "spec" / stored_name(name, suffix, "spec")
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


def check_spec(settings: Settings, text: str, name: str = "spec.yaml") -> Report:
    """Validate and check a spec given as YAML or JSON text (``name`` names it in messages);
    an invalid spec raises ``SpecError`` with every located problem."""
    with upload_folder() as folder:
        path = _spec_file(folder, text, name)
        config = _config(settings, folder)
        with _client_names({str(path): name}):
            [report] = api.check([path], config_path=config)
        return _renamed(report, {str(path): name})


def validate_spec(settings: Settings, text: str, name: str = "spec.yaml") -> AgreementSpec:
    """Validate a spec given as YAML or JSON text, as ``agreement validate`` does (under the
    input limits); an invalid spec raises ``SpecError`` with every located problem, a
    malformed one ``InputError``, both naming the file ``name``."""
    with upload_folder() as folder:
        path = _spec_file(folder, text, name)
        _config(settings, folder)
        with _client_names({str(path): name}):
            return api.validate(path)


@dataclass(frozen=True)
class Built:
    """A built agreement: its bytes, a file name for the download, its media type and
    the open items (gaps) it carries."""

    data: bytes
    filename: str
    mimetype: str
    gaps: int


def build_spec(settings: Settings, text: str, fmt: str, name: str = "spec.yaml") -> Built:
    """Build a spec given as text into ``fmt`` (docx, pdf, html)."""
    if fmt not in MIMETYPES:
        raise api.InputError(name, f"unknown format {fmt!r}", "choose docx, pdf or html")
    with upload_folder() as folder:
        path = _spec_file(folder, text, name)
        _config(settings, folder)
        with _client_names({str(path): name}):
            [result] = api.build([path], folder / "out", [fmt])
        data = result.outputs[0].read_bytes()
        stem = Path(name).stem or "agreement"
        return Built(data, f"{stem}.{fmt}", MIMETYPES[fmt], len(result.gaps))
