"""Uploaded files for one request: saved under a private temporary folder that is removed
when the request ends, whatever happens (no uploaded file outlives its response)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath

from werkzeug.datastructures import FileStorage

from ..api import InputError

DOCUMENT_SUFFIXES = (".docx", ".pdf", ".txt", ".md", ".markdown", ".text")
SPEC_SUFFIXES = (".yaml", ".yml", ".json")


class UnsupportedUpload(InputError):
    """An upload whose type the service does not read (answered 415)."""


@contextmanager
def upload_folder() -> Iterator[Path]:
    """A private folder (mode 0700) for one request's files, removed on the way out."""
    folder = Path(tempfile.mkdtemp(prefix="agreement-upload-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def client_name(upload: FileStorage, default: str) -> str:
    """The file name the client sent, reduced to its last part (never a path of ours)."""
    name = PurePath((upload.filename or "").replace("\\", "/")).name
    return name or default


def save_upload(
    upload: FileStorage, folder: Path, role: str, suffixes: tuple[str, ...]
) -> tuple[Path, str]:
    """Save ``upload`` into ``folder`` under a name of ours that keeps its suffix; returns the
    path and the client's name for messages. A suffix not in ``suffixes`` is refused."""
    name = client_name(upload, role)
    suffix = PurePath(name).suffix.lower()
    if suffix not in suffixes:
        raise UnsupportedUpload(
            name,
            f"the {role} must be one of {', '.join(suffixes)}",
            "export it in one of those formats and upload it again",
        )
    # under the client's own name where it can be (a spec's findings quote its file name:
    # "deal.yaml approves 45% ..."), in a folder of the role's own
    stem = role.replace(" ", "-")
    target = folder / stem / stored_name(name, suffix, stem)
    target.parent.mkdir()
    upload.save(target)
    return target, name


def stored_name(name: str, suffix: str, default: str) -> str:
    """The client's file name with ``suffix`` (lower case) where it can be a file name here
    as it is, else ``default`` with ``suffix``."""
    stem = PurePath(name).stem
    storable = (
        stem not in ("", ".", "..")
        and name.isprintable()
        and not any(c in name for c in '/\\:*?"<>|')
        and len(name.encode("utf-8")) <= 200
    )
    return f"{stem if storable else default}{suffix}"
